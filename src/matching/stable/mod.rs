//! Ordinal matching on preference lists: stable roommates (Irving) with incomplete lists,
//! stable fixtures (stable b-matching with capacities, Irving–Scott), mentor–mentee stable
//! assignment with capacities (deferred acceptance), blocking-pair
//! checks, and fallbacks for when no stable matching exists.

pub mod blocking;
mod fallback;
mod fixtures;
mod hospitals;
mod prefs;
mod roommates;

pub use blocking::{
    assignment_blocking_pairs, blocks, roommates_blocking_pairs, roommates_blocking_pairs_of,
    Standing,
};
pub use fallback::{almost_stable, max_cardinality_fallback, FallbackMatching, FallbackMethod};
pub use fixtures::{
    fixtures_blocking_pairs, stable_fixtures, FixturesOutcome, NoStableFixtures, StableFixtures,
};
pub use hospitals::{stable_assignment, Optimal, StableAssignment};
pub use prefs::{Acceptability, DroppedEntry, MentoringPrefs, Party, Preferences, PrefsError};
pub use roommates::{stable_roommates, NoStableMatching, RoommatesOutcome, StableRoommates};
