//! Domain-free matching algorithms on plain integer graphs.
//!
//! Nothing here knows about teachers: the algorithms take vertex counts and edge lists
//! (or rank lists) and return plain results, so they can be reused, benchmarked and
//! checked against oracles on their own.
//!
//! * [`max_weight_matching`] / [`max_weight_matching_with_certificate`]: exact maximum-weight
//!   (or maximum-cardinality, then maximum-weight) matching on general graphs, with an LP
//!   dual certificate that [`verify`] checks independently.
//! * [`stable_roommates`]: Irving's stable roommates algorithm with incomplete lists
//!   (preferences in [`Preferences`], stated or derived from scores), with
//!   [`roommates_blocking_pairs`] and, when no stable matching exists, the fallbacks
//!   [`max_cardinality_fallback`] and [`almost_stable`].
//! * [`stable_fixtures`]: Irving and Scott's stable b-matching on one pool with
//!   capacities, with [`fixtures_blocking_pairs`].
//! * [`stable_assignment`]: mentor–mentee deferred acceptance with capacities, mentee- or
//!   mentor-optimal ([`MentoringPrefs`]), with [`assignment_blocking_pairs`];
//!   [`max_weight_assignment`] for the maximum-weight capacitated assignment.
//! * [`bottleneck_matching`] and [`leximin_matching`]: fair objectives ("maximise the
//!   weakest pair, then the total"; lexicographically fairest score vector).
//!
//! The algorithms live in three rooms:
//!
//! * [`weighted`]: the input type, the blossom solver, its certificate and the checker;
//! * [`reductions`]: problems solved by reduction to weighted matching (b-matching,
//!   bottleneck / leximin, capacitated assignment);
//! * [`stable`]: ordinal problems on preference lists (stable roommates, hospitals /
//!   residents, fallbacks when no stable matching exists).
//!
//! Everything is also re-exported here, so `peermatch::matching::max_weight_matching` and
//! `peermatch::matching::weighted::max_weight_matching` are the same function.

pub(crate) mod csr;
pub mod reductions;
pub mod stable;
pub mod weighted;

pub use reductions::{
    bottleneck_b_matching, bottleneck_matching, leximin_matching, max_weight_assignment,
    AssignmentError, AssignmentMethod, BottleneckBMatching, BottleneckMatching,
    CapacitatedAssignment, LeximinError,
};
pub use stable::{
    almost_stable, assignment_blocking_pairs, fixtures_blocking_pairs, max_cardinality_fallback,
    roommates_blocking_pairs, stable_assignment, stable_roommates, Acceptability, DroppedEntry,
    FallbackMatching, FallbackMethod, MentoringPrefs, NoStableMatching, Optimal, Party,
    Preferences, PrefsError, RoommatesOutcome, StableAssignment, StableRoommates,
};
pub use stable::{stable_fixtures, FixturesOutcome, NoStableFixtures, StableFixtures};
pub use weighted::{
    max_weight_matching, max_weight_matching_graph, max_weight_matching_with_certificate, verify,
    BlossomDual, Certificate, CertificateError, Edge, GraphMatching, Matching, MatchingError, Mode,
    WeightedGraph, MAX_VERTICES, MAX_WEIGHT,
};
