//! # peermatch
//!
//! Proposes peer-mentoring partners and groups for school teachers: a cohort of teachers
//! becomes a weighted compatibility graph, and exact matching algorithms propose pairs with
//! explanations, optimality certificates and a fairness audit.
//!
//! Data flows one way, each stage a module with one job:
//!
//! ```text
//! cohort (JSON / CSV) -> compat (scores under a Policy) -> graph -> matching -> plan -> report
//! ```
//!
//! # Which entry point for which job
//!
//! | you want to … | call | you get |
//! |---|---|---|
//! | read a cohort file | [`cohort::Cohort::from_path`] (JSON or CSV) | [`cohort::Cohort`] |
//! | build a cohort in code | [`cohort::Teacher::new`] + `with_*` builders, [`cohort::Cohort::new`] | [`cohort::Cohort`] |
//! | check a cohort | [`cohort::Cohort::validate`] | notices, or every problem at once |
//! | propose pairs | [`plan::Planner::plan`] | [`plan::Proposal`] (pairs, reasons, audit, check) |
//! | re-match after changes | [`plan::Planner::rematch`] | a [`plan::Proposal`] with [`plan::Changes`] |
//! | score or explain one pair | [`graph::CompatibilityGraph::build`], then `explain` | [`compat::Explanation`] |
//! | form peer groups | [`groups::form_groups`] | [`groups::GroupPlan`] |
//! | write reports | [`report`] (JSON, CSV, Markdown, SVG) | strings |
//! | max-weight matching on your own graph | [`matching::max_weight_matching`] (or [`matching::max_weight_matching_graph`] for petgraph) | [`matching::Matching`] |
//! | … with a proof of optimality | [`matching::max_weight_matching_with_certificate`] + [`matching::verify`] | [`matching::Certificate`] |
//! | capacities (several partners each) | [`matching::reductions::bmatching::max_weight_b_matching`] | [`matching::reductions::BMatching`] |
//! | fairest weakest pair | [`matching::bottleneck_matching`], [`matching::reductions::bottleneck_b_matching`], [`matching::leximin_matching`] | a matching and its bottleneck |
//! | stable pairs from rankings | [`matching::stable_roommates`] on [`matching::Preferences`] | a stable matching or the reason none exists |
//! | mentor–mentee with capacities | [`matching::stable_assignment`], [`matching::max_weight_assignment`] | an assignment |
//! | audit any matching | [`fairness::audit`] | [`fairness::Audit`] |
//!
//! The [`matching`] module is domain-free (plain integer graphs and rank lists in, plain
//! results out) and usable on its own. [`prelude`] imports the common names, and
//! [`Error`] composes every module's error so `?` works across stages.
//!
//! # Units
//!
//! A [`compat::Policy`] weighs criteria in whole **points**. Every score, graph weight and
//! matching weight is an integer in fixed-point **units**: one point is
//! [`compat::SCALE`] = 1000 units (see [`units`]). Convert with [`units::points_to_units`]
//! and [`units::units_to_points`]. Integer weights keep optimality exact and let the
//! certificates be checked exactly; floats are converted once, at the graph boundary.
//!
//! # A worked example (no file needed)
//!
//! ```
//! use peermatch::prelude::*;
//!
//! let mon = |start, end| FreePeriod::new(Day::Mon, start, end);
//! let schools = vec![School::new("S1", "Hillside"), School::new("S2", "Riverside")];
//! let teachers = vec![
//!     Teacher::new("ana", "S1").with_subjects(["maths"]).with_year_levels([9, 10])
//!         .with_free_periods([mon(600, 660)]).with_focus([Focus::Delivery]),
//!     Teacher::new("ben", "S1").with_subjects(["history"]).with_year_levels([7])
//!         .with_free_periods([mon(780, 840)]),
//!     Teacher::new("cai", "S2").with_subjects(["maths"]).with_year_levels([10])
//!         .with_free_periods([mon(600, 660)]).with_focus([Focus::Delivery]),
//!     Teacher::new("dee", "S2").with_subjects(["history"]).with_year_levels([7, 8])
//!         .with_free_periods([mon(780, 840)]),
//! ];
//! let cohort = Cohort::new(schools, teachers)
//!     .with_travel_times([TravelTime { from: "S1".into(), to: "S2".into(), minutes: 10 }]);
//!
//! let proposal = Planner::new(cohort, Policy::default()).plan()?;
//! for p in &proposal.pairs {
//!     println!("{} + {}: {:.1} points", p.a, p.b, units_to_points(p.score.total));
//! }
//! assert!(proposal.check.passed()); // the LP certificate verified
//! assert_eq!(proposal.pair_ids(), [("ana".into(), "cai".into()), ("ben".into(), "dee".into())]);
//! # Ok::<(), peermatch::Error>(())
//! ```
//!
//! # Algorithms and references
//!
//! * maximum-weight matching: Edmonds' blossom algorithm (J. Edmonds, "Maximum matching
//!   and a polyhedron with 0,1-vertices", J. Res. NBS 69B (1965) 125–130) with the data
//!   structures surveyed by Z. Galil, "Efficient algorithms for finding maximum matching
//!   in graphs", ACM Computing Surveys 18 (1986) 23–38; see [`matching::weighted`];
//! * b-matching: Tutte's reduction (W. T. Tutte, "A short proof of the factor theorem for
//!   finite graphs", Canad. J. Math. 6 (1954) 347–352);
//! * stable roommates: R. W. Irving, "An efficient algorithm for the stable roommates
//!   problem", J. Algorithms 6 (1985) 577–595;
//! * deferred acceptance: D. Gale and L. S. Shapley, "College admissions and the stability
//!   of marriage", Amer. Math. Monthly 69 (1962) 9–15.
//!
//! # Lints
//!
//! `missing_docs` is denied; clippy's `missing_errors_doc` and `missing_panics_doc` are
//! warnings (CI runs clippy with `-D warnings`). Modules not yet brought up to the
//! `# Errors` / `# Panics` template carry an `#[allow]` at their declaration below.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::missing_errors_doc, clippy::missing_panics_doc)]

#[allow(clippy::missing_errors_doc, clippy::missing_panics_doc)]
// not yet on the template (owned by other rooms)
pub mod cohort;
#[allow(clippy::missing_errors_doc, clippy::missing_panics_doc)]
// not yet on the template (owned by other rooms)
pub mod compat;
pub mod error;
pub mod fairness;
pub mod graph;
pub mod groups;
pub mod matching;
pub mod plan;
pub mod prelude;
pub mod report;
pub mod resources;
pub mod units;
mod with_message;

pub use error::{Error, Result};
