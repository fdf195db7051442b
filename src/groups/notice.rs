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

use super::meet::GroupMeeting;
use super::{Group, GroupPlan, SearchError};
use crate::compat::CandidateMode;

/// One-way minutes to a group's venue above which [`long_travel_notices`] flags a
/// member's trip ([`TravelAdvice::default`]).
///
/// 45 minutes is one and a half times the built-in policy's cap on a mentoring pair's
/// one-way travel (30 minutes, [`crate::compat::HardRules::max_travel_minutes`]): group
/// meetings are rarer than a pair's weekly meeting, so a longer trip is acceptable, but a
/// member who spends more than an hour and a half on the road for a 30 to 60 minute
/// meeting is worth a look (another venue, online attendance, another group). It is only
/// advice: the groups and the venue are not changed by it.
pub const DEFAULT_LONG_TRAVEL_MINUTES: u32 = 45;

/// When a member's trip to the group venue is long enough to mention
/// ([`long_travel_notices`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravelAdvice {
    /// One-way minutes above which a member's travel to the venue gets a
    /// [`GroupNotice::LongTravel`] (default [`DEFAULT_LONG_TRAVEL_MINUTES`]).
    pub long_travel_minutes: u32,
}

impl Default for TravelAdvice {
    fn default() -> Self {
        TravelAdvice {
            long_travel_minutes: DEFAULT_LONG_TRAVEL_MINUTES,
        }
    }
}

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
    /// Advice, not a constraint: a member travels more than
    /// [`TravelAdvice::long_travel_minutes`] one way to the group's venue (from
    /// [`long_travel_notices`]; members already named by a
    /// [`GroupNotice::TravelCapExceeded`] of their group are not repeated).
    LongTravel {
        /// Index of the group in [`super::GroupPlan::groups`] (shown 1-based).
        group: usize,
        /// The member.
        member: Participant,
        /// Their one-way travel to the venue, minutes.
        minutes: u32,
        /// The venue (school id).
        venue: String,
        /// The threshold in force, minutes one way.
        threshold_minutes: u32,
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

/// "Name 52 min" (or "Name unknown") for each member over a travel cap, in order.
fn travel_list(over: &[MemberTravel], name: &dyn Fn(&Participant) -> String) -> Vec<String> {
    over.iter()
        .map(|t| match t.minutes {
            Some(m) => format!("{} {m} min", name(&t.member)),
            None => format!("{} unknown", name(&t.member)),
        })
        .collect()
}

/// `Group 3 (NAME, …)`: a group by its 1-based number (as the reports number the groups)
/// and its first member.
fn group_label(group: usize, first: &Participant, name: &dyn Fn(&Participant) -> String) -> String {
    format!("Group {} ({}, …)", group + 1, name(first))
}

/// A candidate mode in words: `"top-30"` (each teacher's 30 best partners) or `"exact"`.
fn mode_words(mode: &CandidateMode) -> String {
    match mode {
        CandidateMode::Exact => "exact (every feasible pair)".to_string(),
        CandidateMode::TopK { k } => format!("top-{k} (each teacher's {k} best partners)"),
    }
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
                "{} has no feasible partner in their group ({}, …)",
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
                "the graph was built in {} mode: feasible pairs it did not keep count 0 here",
                mode_words(mode)
            ),
            GroupNotice::TravelCapExceeded {
                group,
                first,
                cap_minutes,
                venue,
                over,
            } => {
                let g = group_label(*group, first, name);
                let list = travel_list(over, name);
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
                "the mentoring pair {} and {} could not be kept in one group: {} is in Group {}, {} in Group {}",
                name(a),
                name(b),
                name(a),
                group_a + 1,
                name(b),
                group_b + 1
            ),
            GroupNotice::PairTogether { a, b, group } => write!(
                f,
                "the mentoring pair {} and {} could not be kept apart: both are in Group {}",
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
            GroupNotice::LongTravel {
                group,
                member,
                minutes,
                venue,
                threshold_minutes,
            } => write!(
                f,
                "{} travels {minutes} minutes one way to the venue of Group {} ({venue}), more than {threshold_minutes} minutes",
                name(member),
                group + 1
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
            GroupNotice::LongTravel { member, .. } => vec![member],
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
            GroupNotice::LongTravel { member, .. } => vec![member],
            _ => Vec::new(),
        };
        for p in ps {
            if let Some(id) = &mut p.id {
                *id = m(id);
            }
        }
    }
}

/// What the coordinator's wording of a notice needs besides the notice itself (see
/// [`GroupNotice::for_coordinator`]).
pub struct Wording<'a> {
    /// A teacher as people know them, for example `"Aroha Ngata (T01)"`.
    pub teacher: &'a dyn Fn(&Participant) -> String,
    /// A school by its id, for example `"Harbour City College"`.
    pub school: &'a dyn Fn(&str) -> String,
    /// The plan's groups, numbered from 1 in this order (as the reports print them).
    pub groups: &'a [Group],
}

impl Wording<'_> {
    /// `Group N`: the group holding `p` (by index), as the reports number them;
    /// `their group (NAME, …)` when no group holds it.
    fn group_of(&self, p: &Participant) -> String {
        match self
            .groups
            .iter()
            .position(|g| g.members.contains(&p.index))
        {
            Some(i) => format!("Group {}", i + 1),
            None => format!("their group ({}, …)", (self.teacher)(p)),
        }
    }
}

/// A [`GroupNotice`] in the coordinator's words (see [`GroupNotice::for_coordinator`]).
pub struct ForCoordinator<'a> {
    notice: &'a GroupNotice,
    words: &'a Wording<'a>,
}

impl fmt::Display for ForCoordinator<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.words;
        let name = w.teacher;
        match self.notice {
            GroupNotice::IterationCap { max_iterations } => write!(
                f,
                "the search for better groups stopped early, after {max_iterations} rounds of improvements: another arrangement may score higher"
            ),
            GroupNotice::NoFeasiblePartner { member, group } => write!(
                f,
                "{} has no feasible partner in {}: under the policy's rules (travel time, common free time, shared subject, avoid lists) they could not be a mentoring pair with any other member; they can still meet with the group",
                name(member),
                w.group_of(group)
            ),
            GroupNotice::TravelCapExceeded {
                group,
                cap_minutes,
                venue,
                over,
                ..
            } => {
                let list = travel_list(over, name);
                match venue {
                    Some(v) => write!(
                        f,
                        "Group {} cannot meet within {cap_minutes} minutes' travel: the members are spread too far for any member school to be within the cap for all; at the venue, {}: {}",
                        group + 1,
                        (w.school)(v),
                        list.join(", ")
                    ),
                    None => write!(
                        f,
                        "Group {} cannot meet within {cap_minutes} minutes' travel: no member school has a known travel time from every member ({})",
                        group + 1,
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
                "the mentoring pair {} and {} could not be kept in one group: {} is in Group {}, {} in Group {}",
                name(a),
                name(b),
                name(a),
                group_a + 1,
                name(b),
                group_b + 1
            ),
            GroupNotice::PairTogether { a, b, group } => write!(
                f,
                "the mentoring pair {} and {} could not be kept apart: both are in Group {}",
                name(a),
                name(b),
                group + 1
            ),
            GroupNotice::TooFewSchools {
                group,
                schools,
                min_schools,
                ..
            } => write!(
                f,
                "Group {} has members from {schools} school(s), fewer than the {min_schools} asked for",
                group + 1
            ),
            GroupNotice::ConstraintRepair {
                swaps,
                moves,
                budget_hit,
                objective_change,
                violations_before,
                violations_after,
                ..
            } => write!(
                f,
                "to meet the constraints, {swaps} swap(s) and {moves} move(s) of members between groups were made{}; constraints not met: {violations_before} before, {violations_after} after; the groups' total score changed by {:+.1} points",
                if *budget_hit {
                    " (the search for changes stopped at its limit)"
                } else {
                    ""
                },
                *objective_change as f64 / crate::compat::SCALE as f64
            ),
            GroupNotice::LongTravel {
                group,
                member,
                minutes,
                venue,
                threshold_minutes,
            } => write!(
                f,
                "long trip: {} travels {minutes} minutes one way to Group {}'s venue, {} (more than {threshold_minutes} minutes); consider another venue, joining online or another group",
                name(member),
                group + 1,
                (w.school)(venue)
            ),
            other => other.write(f, name),
        }
    }
}

impl GroupNotice {
    /// Displays the notice for the coordinator: teachers and schools by name, groups by
    /// the number the reports print (`Group 2`), plain words. [`Display`](fmt::Display)
    /// (ids, and the JSON `message`) and [`GroupNotice::named`] are unchanged.
    ///
    /// ```
    /// use peermatch::groups::notice::Wording;
    /// use peermatch::groups::{Group, GroupNotice, Participant};
    /// let p = |index: usize, id: &str| Participant { index, id: Some(id.to_string()) };
    /// let group = |members: Vec<usize>| Group {
    ///     members,
    ///     ids: vec![],
    ///     score: 0,
    ///     objective: 0,
    ///     schools: vec![],
    ///     same_school_pairs: 0,
    ///     infeasible_pairs: 0,
    /// };
    /// let groups = [group(vec![0, 2, 4]), group(vec![1, 3, 5])];
    /// let n = GroupNotice::NoFeasiblePartner { member: p(5, "T06"), group: p(1, "T02") };
    /// let words = Wording {
    ///     teacher: &|p: &Participant| format!("Teacher {}", p.index + 1),
    ///     school: &|id: &str| id.to_string(),
    ///     groups: &groups,
    /// };
    /// let text = n.for_coordinator(&words).to_string();
    /// assert!(text.starts_with("Teacher 6 has no feasible partner in Group 2:"), "{text}");
    /// assert_eq!(n.to_string(), "T06 has no feasible partner in their group (T02, …)");
    /// ```
    #[must_use]
    pub fn for_coordinator<'a>(&'a self, words: &'a Wording<'a>) -> ForCoordinator<'a> {
        ForCoordinator {
            notice: self,
            words,
        }
    }
}

/// One [`GroupNotice::LongTravel`] per member whose one-way travel to their group's venue
/// (from `meetings`, see [`super::plan_meetings`]) is more than
/// [`TravelAdvice::long_travel_minutes`], in group order then member order. Members already
/// named by a [`GroupNotice::TravelCapExceeded`] of their group in `plan.notices` are left
/// out (that notice says it). Only reads the plan: the groups and venues stay as they are.
///
/// ```
/// use peermatch::cohort::Cohort;
/// use peermatch::compat::{CandidateMode, Policy};
/// use peermatch::graph::CompatibilityGraph;
/// use peermatch::groups::notice::{long_travel_notices, TravelAdvice};
/// use peermatch::groups::{form_groups, plan_meetings, GroupNotice, GroupOptions};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
/// let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact)?;
/// let plan = form_groups(&g, &GroupOptions::default())?;
/// let meetings = plan_meetings(&g, &plan);
/// let advice = long_travel_notices(&plan, &meetings, &TravelAdvice::default());
/// // The pilot's Coastline College teacher is far from everyone else.
/// assert!(advice.iter().any(|n| matches!(n,
///     GroupNotice::LongTravel { member, .. } if member.id.as_deref() == Some("T12"))));
/// # Ok(())
/// # }
/// ```
#[must_use]
pub fn long_travel_notices(
    plan: &GroupPlan,
    meetings: &[GroupMeeting],
    advice: &TravelAdvice,
) -> Vec<GroupNotice> {
    // Members already named by a travel-cap notice, and each group's venue: both looked up
    // once (a scan per member and per group was quadratic at national scale).
    let capped: std::collections::BTreeSet<(usize, usize)> = plan
        .notices
        .iter()
        .flat_map(|n| match n {
            GroupNotice::TravelCapExceeded { group, over, .. } => {
                over.iter().map(|t| (*group, t.member.index)).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let mut first: Vec<Option<&GroupMeeting>> = vec![None; plan.groups.len()];
    for m in meetings {
        if let Some(slot) = first.get_mut(m.group) {
            slot.get_or_insert(m);
        }
    }
    let mut out = Vec::new();
    for (gi, g) in plan.groups.iter().enumerate() {
        let Some(venue) = first[gi].and_then(|m| m.venue.as_ref()) else {
            continue;
        };
        for (k, (&index, &minutes)) in g.members.iter().zip(&venue.travel_minutes).enumerate() {
            let member = Participant {
                index,
                id: g.ids.get(k).cloned(),
            };
            if minutes > advice.long_travel_minutes && !capped.contains(&(gi, index)) {
                out.push(GroupNotice::LongTravel {
                    group: gi,
                    member,
                    minutes,
                    venue: venue.school_id.clone(),
                    threshold_minutes: advice.long_travel_minutes,
                });
            }
        }
    }
    out
}
