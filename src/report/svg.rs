//! SVG pictures (placeholder: the real module is written on the `groups` branch and
//! replaces this file when it is merged).
