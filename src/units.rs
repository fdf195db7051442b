//! Score units: *points* (what people write in a policy and read in a report) and the
//! fixed-point integer *units* every score, graph weight and certificate uses.
//!
//! One point is [`SCALE`] (= 1000) units. A [`crate::compat::Policy`] gives its weights in
//! whole points; [`crate::compat::PairScore::total`], [`crate::matching::WeightedGraph`]
//! weights, [`crate::plan::Proposal::total_score`] and the matching weights are in units,
//! so optimality is exact in integers. Convert once, at the edge, with these functions.
//!
//! ```
//! use peermatch::units::{points_to_units, units_to_points, SCALE};
//! assert_eq!(points_to_units(40), Some(40 * SCALE));
//! assert_eq!(units_to_points(12_500), 12.5);
//! assert_eq!(points_to_units(i64::MAX), None); // overflow is reported, never wrapped
//! ```

pub use crate::compat::SCALE;

/// Whole points to fixed-point units (`points * SCALE`), or `None` on `i64` overflow.
#[must_use]
pub const fn points_to_units(points: i64) -> Option<i64> {
    points.checked_mul(SCALE)
}

/// Fixed-point units to points, as a float for display (`units / SCALE`).
///
/// Exact for every `|units| <= 2^53`; larger values round to the nearest `f64`.
#[must_use]
pub fn units_to_points(units: i64) -> f64 {
    units as f64 / SCALE as f64
}
