//! The names most programs need, in one `use`:
//!
//! ```
//! use peermatch::prelude::*;
//! let g = WeightedGraph::new(2, [(0, 1, 7)])?;
//! assert_eq!(max_weight_matching(&g, Mode::MaxWeight)?.weight(), 7);
//! # Ok::<(), peermatch::Error>(())
//! ```
//!
//! It holds the cohort builders, the policy, the graph, the planner and its result, the
//! matching entry points with their result types, and the crate-level [`Error`].

pub use crate::cohort::{Cohort, Day, Focus, FreePeriod, Location, School, Teacher, TravelTime};
pub use crate::compat::{CandidateMode, Policy};
pub use crate::error::{Error, Result};
pub use crate::graph::CompatibilityGraph;
pub use crate::matching::{
    bottleneck_matching, max_weight_matching, max_weight_matching_with_certificate,
    stable_assignment, stable_roommates, verify, Matching, MentoringPrefs, Mode, Optimal,
    Preferences, RoommatesOutcome, WeightedGraph,
};
pub use crate::plan::{Objective, OddPolicy, Planner, PlannerOptions, Proposal};
pub use crate::units::{points_to_units, units_to_points, SCALE};
