//! Typed group notices: what [`super::form_groups`] and friends want the coordinator to
//! know.
//!
//! Every notice is a [`GroupNotice`] value with typed fields (participant indices, teacher
//! ids, counts); the words are made by [`Display`](std::fmt::Display) at the edge. In
//! JSON each notice is an object with a `kind` tag, the typed fields, and a human
//! `message` beside them (ignored when reading back), as [`crate::plan::Notice`] does:
//!
//! ```json
//! {"kind": "IterationCap", "max_iterations": 1,
//!  "message": "local search stopped after max_iterations = 1 passes; the plan may not be a local optimum"}
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use super::SearchError;
use crate::compat::CandidateMode;

/// A participant named in a notice: its index (participant index for
/// [`super::form_groups_scores`], teacher / node index for [`super::form_groups`]) and,
/// when the groups come from a graph, its teacher id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// The index.
    pub index: usize,
    /// The teacher id (`None` for [`super::form_groups_scores`]).
    pub id: Option<String>,
}

impl fmt::Display for Participant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => f.write_str(id),
            None => write!(f, "participant {}", self.index),
        }
    }
}

/// One thing worth telling the coordinator about a [`super::GroupPlan`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum GroupNotice {
    /// The local search stopped at [`super::GroupOptions::max_iterations`] passes.
    IterationCap {
        /// The cap.
        max_iterations: usize,
    },
    /// A member whose every pair inside its group is infeasible (counted 0).
    NoFeasiblePartner {
        /// The member.
        member: Participant,
        /// The group's smallest member (names the group).
        group: Participant,
    },
    /// [`super::form_groups_scores`] above [`super::MAX_PARTICIPANTS`]: sparse search on
    /// each participant's best pairs.
    ScoresSparse {
        /// Participants.
        participants: usize,
        /// The dense cap ([`super::MAX_PARTICIPANTS`]).
        cap: usize,
        /// Pairs kept per participant ([`super::TOP_PAIRS`]).
        top_pairs: usize,
        /// Distinct pairs kept.
        pairs: usize,
    },
    /// [`super::form_groups_among`] above [`super::SPARSE_FROM`]: sparse search on the
    /// graph's edges.
    GraphSparse {
        /// Participants.
        participants: usize,
        /// Graph edges among them.
        edges: usize,
    },
    /// Groups-only (capacity 0) teachers on the sparse path: their pairs count 0.
    GroupsOnlySparse,
    /// The sparse search refused its problem (not reachable with checked options).
    SearchFailed {
        /// The search's error.
        error: SearchError,
    },
    /// The graph was not built in [`CandidateMode::Exact`]: feasible pairs it did not
    /// keep count 0.
    InexactGraph {
        /// The graph's mode.
        mode: CandidateMode,
    },
}

impl fmt::Display for GroupNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupNotice::IterationCap { max_iterations } => write!(
                f,
                "local search stopped after max_iterations = {max_iterations} passes; the plan may not be a local optimum"
            ),
            GroupNotice::NoFeasiblePartner { member, group } => write!(
                f,
                "{member} has no feasible partner in their group (the group with {group})"
            ),
            GroupNotice::ScoresSparse {
                participants,
                cap,
                top_pairs,
                pairs,
            } => write!(
                f,
                "{participants} participants (more than {cap}): sparse search on each participant's {top_pairs} best pairs ({pairs} pairs); other pairs count 0 during the search, group scores are exact"
            ),
            GroupNotice::GraphSparse {
                participants,
                edges,
            } => write!(
                f,
                "{participants} participants: sparse search on the graph's {edges} edges among them (candidates from neighbours and random groups; not checked for every move and swap)"
            ),
            GroupNotice::GroupsOnlySparse => f.write_str(
                "groups-only (capacity 0) teachers: their pairs are not graph edges and count 0 on the sparse path",
            ),
            GroupNotice::SearchFailed { error } => write!(f, "sparse search failed: {error}"),
            GroupNotice::InexactGraph { mode } => write!(
                f,
                "the graph was built in {mode:?} mode: feasible pairs it did not keep count 0 here"
            ),
        }
    }
}

impl GroupNotice {
    /// Renames every teacher id held in a typed field (for pseudonymisation).
    pub fn rename(&mut self, m: &dyn Fn(&String) -> String) {
        if let GroupNotice::NoFeasiblePartner { member, group } = self {
            for p in [member, group] {
                if let Some(id) = &mut p.id {
                    *id = m(id);
                }
            }
        }
    }
}
