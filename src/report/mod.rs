//! Reports for people and tools: JSON (serde of [`Proposal`]), CSV of the pairs, a
//! Markdown summary for coordinators, and SVG pictures ([`svg`]: hand-written, a map of the
//! proposed pairs and a histogram of pair scores).
//!
//! For pseudonymous reports, call [`Proposal::pseudonymised`] first: ids become `T001`,
//! `T002`, … in cohort order.

mod bundle;
pub mod csv;
pub mod markdown;
pub mod svg;

pub use bundle::{write_bundle, BUNDLE_FILES};

use crate::plan::Proposal;

/// The proposal as pretty-printed JSON.
///
/// # Errors
/// Only if serde fails (it does not for a [`Proposal`]).
pub fn to_json(proposal: &Proposal) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(proposal)
}

/// Reads a proposal back from JSON (e.g. the previous round for a re-match).
///
/// # Errors
/// The JSON error, with line and column.
pub fn from_json(text: &str) -> Result<Proposal, serde_json::Error> {
    serde_json::from_str(text)
}

/// Points of a score in scale units, formatted with one decimal.
pub(crate) fn pts(units: i64) -> String {
    format!("{:.1}", units as f64 / crate::compat::SCALE as f64)
}
