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
    /// A group with no member school within [`super::constraints::GroupConstraints::max_travel_minutes`]
    /// of every member (checked on the returned plan).
    TravelCapExceeded {
        /// Index of the group in [`super::GroupPlan::groups`] (shown 1-based).
        group: usize,
        /// The group's first member (names the group).
        first: Participant,
        /// The cap in minutes, one way.
        cap_minutes: u32,
        /// The venue used (school id): the member school with the fewest members over the
        /// cap, then the least total travel; `None` when no member school has a known
        /// travel time from every member.
        venue: Option<String>,
        /// The members over the cap at that venue (or with an unknown time).
        over: Vec<MemberTravel>,
    },
    /// A pair to keep together ([`super::constraints::PairsMode::Together`]) ended in two
    /// groups.
    PairSplit {
        /// One teacher of the pair.
        a: Participant,
        /// The other.
        b: Participant,
        /// `a`'s group index.
        group_a: usize,
        /// `b`'s group index.
        group_b: usize,
    },
    /// A pair to keep apart ([`super::constraints::PairsMode::Apart`]) ended in one group.
    PairTogether {
        /// One teacher of the pair.
        a: Participant,
        /// The other.
        b: Participant,
        /// Their group index.
        group: usize,
    },
    /// A group with members from fewer schools than
    /// [`super::constraints::GroupConstraints::min_schools`].
    TooFewSchools {
        /// Index of the group.
        group: usize,
        /// The group's first member (names the group).
        first: Participant,
        /// Distinct schools in the group.
        schools: usize,
        /// The minimum asked for.
        min_schools: usize,
    },
    /// The constraint repair changed the search's plan (see [`super::constraints`]).
    ConstraintRepair {
        /// Swaps of two members between groups.
        swaps: usize,
        /// Moves of one member to another group.
        moves: usize,
        /// Random perturbations tried when the descent stopped with violations left.
        kicks: usize,
        /// The repair stopped at [`super::constraints::REPAIR_EVALUATIONS`] candidates.
        #[serde(default)]
        budget_hit: bool,
        /// New objective minus the search's objective, score units.
        objective_change: i64,
        /// Constraints violated by the search's plan (as counted by the notices of
        /// [`super::check_constraints`]).
        violations_before: usize,
        /// And by the returned plan.
        violations_after: usize,
    },
}

/// A member's one-way travel to a venue, in a notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberTravel {
    /// The member.
    pub member: Participant,
    /// Minutes, one way (`None`: unknown).
    pub minutes: Option<u32>,
}

impl fmt::Display for GroupNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, &|p| p.to_string())
    }
}

/// A [`GroupNotice`] shown with teachers' names (see [`GroupNotice::named`]).
pub struct Named<'a> {
    notice: &'a GroupNotice,
    name: &'a dyn Fn(&Participant) -> String,
}

impl fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.notice.write(f, self.name)
    }
}

/// `group 3 (the group with NAME)`: a group by its 1-based number and its first member.
fn group_label(group: usize, first: &Participant, name: &dyn Fn(&Participant) -> String) -> String {
    format!("group {} (the group with {})", group + 1, name(first))
}

impl GroupNotice {
    /// Displays the notice with each teacher shown by `name` (for example
    /// `"Aroha Ngata (T01)"`); plain [`Display`](fmt::Display) shows ids.
    pub fn named<'a>(&'a self, name: &'a dyn Fn(&Participant) -> String) -> Named<'a> {
        Named { notice: self, name }
    }

    /// The words of the notice, each participant shown by `name`.
    fn write(
        &self,
        f: &mut fmt::Formatter<'_>,
        name: &dyn Fn(&Participant) -> String,
    ) -> fmt::Result {
        match self {
            GroupNotice::IterationCap { max_iterations } => write!(
                f,
                "local search stopped after max_iterations = {max_iterations} passes; the plan may not be a local optimum"
            ),
            GroupNotice::NoFeasiblePartner { member, group } => write!(
                f,
                "{} has no feasible partner in their group (the group with {})",
                name(member),
                name(group)
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
            GroupNotice::TravelCapExceeded {
                group,
                first,
                cap_minutes,
                venue,
                over,
            } => {
                let g = group_label(*group, first, name);
                let list: Vec<String> = over
                    .iter()
                    .map(|t| match t.minutes {
                        Some(m) => format!("{} {m} min", name(&t.member)),
                        None => format!("{} unknown", name(&t.member)),
                    })
                    .collect();
                match venue {
                    Some(v) => write!(
                        f,
                        "{g} cannot meet within {cap_minutes} minutes' travel: the members are spread too far for any member school to be within the cap for all; at the venue {v}: {}",
                        list.join(", ")
                    ),
                    None => write!(
                        f,
                        "{g} cannot meet within {cap_minutes} minutes' travel: no member school has a known travel time from every member ({})",
                        list.join(", ")
                    ),
                }
            }
            GroupNotice::PairSplit {
                a,
                b,
                group_a,
                group_b,
            } => write!(
                f,
                "the mentoring pair {} and {} could not be kept in one group: {} is in group {}, {} in group {}",
                name(a),
                name(b),
                name(a),
                group_a + 1,
                name(b),
                group_b + 1
            ),
            GroupNotice::PairTogether { a, b, group } => write!(
                f,
                "the mentoring pair {} and {} could not be kept apart: both are in group {}",
                name(a),
                name(b),
                group + 1
            ),
            GroupNotice::TooFewSchools {
                group,
                first,
                schools,
                min_schools,
            } => write!(
                f,
                "{} has members from {schools} school(s), fewer than the {min_schools} asked for",
                group_label(*group, first, name)
            ),
            GroupNotice::ConstraintRepair {
                swaps,
                moves,
                kicks,
                budget_hit,
                objective_change,
                violations_before,
                violations_after,
            } => write!(
                f,
                "constraint repair: {swaps} swap(s) and {moves} move(s) between groups ({kicks} random perturbation(s) tried{}) took the violated constraints from {violations_before} to {violations_after}, changing the objective by {:+.1} points",
                if *budget_hit {
                    "; stopped at its budget of candidates"
                } else {
                    ""
                },
                *objective_change as f64 / crate::compat::SCALE as f64
            ),
        }
    }

    /// Every participant named in the notice.
    #[must_use]
    pub fn participants(&self) -> Vec<&Participant> {
        match self {
            GroupNotice::NoFeasiblePartner { member, group } => vec![member, group],
            GroupNotice::TravelCapExceeded { first, over, .. } => {
                let mut v = vec![first];
                v.extend(over.iter().map(|t| &t.member));
                v
            }
            GroupNotice::PairSplit { a, b, .. } | GroupNotice::PairTogether { a, b, .. } => {
                vec![a, b]
            }
            GroupNotice::TooFewSchools { first, .. } => vec![first],
            _ => Vec::new(),
        }
    }

    /// Renames every teacher id held in a typed field (for pseudonymisation).
    pub fn rename(&mut self, m: &dyn Fn(&String) -> String) {
        let ps: Vec<&mut Participant> = match self {
            GroupNotice::NoFeasiblePartner { member, group } => vec![member, group],
            GroupNotice::TravelCapExceeded { first, over, .. } => {
                let mut v = vec![first];
                v.extend(over.iter_mut().map(|t| &mut t.member));
                v
            }
            GroupNotice::PairSplit { a, b, .. } | GroupNotice::PairTogether { a, b, .. } => {
                vec![a, b]
            }
            GroupNotice::TooFewSchools { first, .. } => vec![first],
            _ => Vec::new(),
        };
        for p in ps {
            if let Some(id) = &mut p.id {
                *id = m(id);
            }
        }
    }
}
