//! Compatibility: turning a pair of teachers into one integer score with an honest
//! account of where it came from, or into the hard rule that forbids the pair.
//!
//! # Pipeline
//!
//! 1. A [`Policy`] (TOML or JSON, defaults built in) sets a weight in whole points for each
//!    criterion, the hard rules, and the travel model.
//! 2. A [`Scorer`] validates the cohort and flattens it into integer per-teacher arrays:
//!    interned subjects and tags, bit masks for year levels and focus areas, sorted merged
//!    week-minute ranges for free periods, sorted index lists for preferences, avoid and
//!    must lists.
//! 3. [`Scorer::score`] scores one pair: [`PairScore`] with a [`Breakdown`] in fixed-point
//!    units ([`SCALE`] units per point), or the first [`Violation`]. [`Scorer::explain`]
//!    lists *every* violated rule, the shared goals and the common meeting windows.
//! 4. [`candidate_pairs`] decides which pairs are scored and kept ([`CandidateMode`]).
//!
//! # Numbers
//!
//! Scores are integers: each criterion contributes `weight * SCALE * num / den`, rounded
//! down once, with `num <= den`. With weights capped at [`MAX_POINTS`] a pair scores below
//! 2^30 units, far below the matching core's 2^58 limit and the 2^40 budget of this crate.
//! The only floating-point step is the travel time from a great-circle distance, converted
//! once per school pair to whole minutes (rounded up); NaN or infinite inputs are rejected
//! by validation before it runs.
//!
//! # Common time
//!
//! Within a school, the common time is the overlap of the two teachers' free periods.
//! Across schools one teacher travels; a window counts only if the traveller is free for
//! the trip there, the meeting and the trip back. The direction with more common time is
//! used. In both cases a window must be at least [`HardRules::min_meeting_minutes`] long.
//!
//! # Determinism
//!
//! No hash map is iterated anywhere on this path: interning uses sorted maps, pairs are
//! produced in school-then-teacher order and sorted, and every tie is broken by the
//! teacher's position in the cohort.
//!
//! ```
//! use peermatch::cohort::{Cohort, Day, Focus, FreePeriod, School, Teacher};
//! use peermatch::compat::{Policy, Scorer, Violation, SCALE};
//! let mk = |id: &str, subject: &str| Teacher::new(id, "S1")
//!     .with_subjects([subject])
//!     .with_year_levels([12])
//!     .with_focus([Focus::Resources])
//!     .with_free_periods([FreePeriod::new(Day::Tue, 600, 660)]);
//! let cohort = Cohort::new(vec![School::new("S1", "Hillside")],
//!     vec![mk("A", "calculus"), mk("B", "calculus"), mk("C", "physics")]);
//! let scorer = Scorer::new(&cohort, &Policy::default()).unwrap();
//! let ab = scorer.score(0, 1).unwrap();
//! assert_eq!(ab.breakdown.subject, 40 * SCALE);   // all subjects shared
//! assert_eq!(ab.common_minutes, 60);
//! assert_eq!(scorer.score(0, 2), Err(Violation::NoSharedSubject));
//! println!("{}", scorer.explain(0, 2));
//! ```

mod bound;
pub mod candidates;
mod explain;
pub mod meeting;
mod plan_windows;
mod policy;
mod score;
mod scorer;
mod travel;
mod windows;

pub use crate::cohort::MeetingMode;
pub use candidates::{
    candidate_pairs, check_pair_budget, CandidateMode, CandidateStats, PairBudgetExceeded,
    ScoredPair,
};
pub use explain::{CommonTime, Explanation, MeetingWindow, Shared};
pub use meeting::{Ids, MeetingPlan, MeetingSummary, Named, Names};
pub use policy::{
    AfterSchool, ExperienceMode, GroupMeetings, HardRules, MeetingModes, ModeRule, Policy,
    PolicyError, ReportPolicy, Weights, DEFAULT_MAX_EXACT_PAIRS, MAX_POINTS, SCALE,
};
pub use score::{criterion_words, Breakdown, PairScore, Violation};
pub use scorer::{BuildError, Scorer};
pub use travel::{haversine_km, EARTH_RADIUS_KM};
