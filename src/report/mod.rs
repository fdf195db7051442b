//! Reports for people and tools. [`svg`]: hand-written SVG pictures (a map of the
//! proposed pairs and a histogram of pair scores).

pub mod svg;
