//! One crate-level [`Error`] that composes the error of every module, so an embedding
//! program can use `?` across stages (load a cohort, plan it, check a matching) and
//! still match on the typed cause.
//!
//! Every module keeps its own error type (they name the teacher, field, line, edge or
//! agent at fault); `Error` only wraps them, with a `From` impl for each, so nothing is
//! lost: `Display` is the module error's message and [`std::error::Error::source`] is the
//! module error itself.
//!
//! ```
//! use peermatch::matching::{max_weight_matching, Mode, WeightedGraph};
//!
//! fn best(n: usize, edges: &[(usize, usize, i64)]) -> Result<i64, peermatch::Error> {
//!     let g = WeightedGraph::new(n, edges.iter().copied())?;
//!     Ok(max_weight_matching(&g, Mode::MaxWeight)?.weight())
//! }
//! assert_eq!(best(3, &[(0, 1, 2), (1, 2, 3)])?, 3);
//! assert!(matches!(best(2, &[(0, 5, 1)]), Err(peermatch::Error::Matching(_))));
//! # Ok::<(), peermatch::Error>(())
//! ```

use crate::cohort::{LoadError, TimeParseError, ValidationError};
use crate::compat::{BuildError, PolicyError};
use crate::fairness::AuditError;
use crate::graph::{ExplainError, UnknownTeacherId};
use crate::groups::GroupError;
use crate::matching::{
    AssignmentError, CertificateError, LeximinError, MatchingError, NoStableMatching, PrefsError,
};
use crate::plan::PlanError;

/// Any error of this crate: one variant per module error, each converted by `From`
/// (so `?` works across modules).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A cohort file could not be read or parsed ([`crate::cohort`]).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A cohort failed validation; every problem is listed ([`crate::cohort`]).
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// A time or period string could not be parsed ([`crate::cohort`]).
    #[error(transparent)]
    Time(#[from] TimeParseError),
    /// A policy was rejected ([`crate::compat`]).
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A compatibility graph or scorer could not be built ([`crate::compat`]).
    #[error(transparent)]
    Build(#[from] BuildError),
    /// A graph, matching or solver range problem ([`crate::matching`]).
    #[error(transparent)]
    Matching(#[from] MatchingError),
    /// A certificate did not verify ([`crate::matching::verify`]).
    #[error(transparent)]
    Certificate(#[from] CertificateError),
    /// Preference lists were rejected ([`crate::matching::Preferences`]).
    #[error(transparent)]
    Prefs(#[from] PrefsError),
    /// No stable matching exists, with the rotation that proves it
    /// ([`crate::matching::stable_roommates`]).
    #[error(transparent)]
    NoStableMatching(#[from] NoStableMatching),
    /// A capacitated assignment was rejected ([`crate::matching::max_weight_assignment`]).
    #[error(transparent)]
    Assignment(#[from] AssignmentError),
    /// A leximin matching could not be computed ([`crate::matching::leximin_matching`]).
    #[error(transparent)]
    Leximin(#[from] LeximinError),
    /// The fairness audit rejected its input ([`crate::fairness`]).
    #[error(transparent)]
    Audit(#[from] AuditError),
    /// A teacher id is not in the graph ([`crate::graph::CompatibilityGraph::explain`]).
    #[error(transparent)]
    UnknownTeacher(#[from] UnknownTeacherId),
    /// A pair could not be explained: unknown id, or the same teacher twice
    /// ([`crate::graph::CompatibilityGraph::explain`]).
    #[error(transparent)]
    Explain(#[from] ExplainError),
    /// Groups could not be formed ([`crate::groups`]).
    #[error(transparent)]
    Groups(#[from] GroupError),
    /// Planning failed ([`crate::plan`]).
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// CSV could not be written ([`crate::report::csv`]).
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// JSON could not be read or written.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// `Result` with the crate-level [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
