//! Peer groups: partition the teachers who opted in into groups of 4–6 (configurable)
//! with high compatibility inside each group and a mix of schools.
//!
//! # The objective
//!
//! For a partition of the participants into groups, the objective is
//!
//! ```text
//! Σ over groups  Σ over pairs {a, b} in the group  ( score(a, b) − school_mix_weight · [school(a) = school(b)] )
//! ```
//!
//! * `score(a, b)` is the pair score in fixed-point units ([`crate::compat::SCALE`] per
//!   point). An **infeasible** pair (a hard rule forbids it as a mentoring pair) counts
//!   **0**: a group can still work for such a pair, it just earns nothing.
//! * The school mix is a **penalty per same-school pair** (not a bonus per distinct
//!   school): it keeps the objective a plain sum over pairs, so every move and swap is
//!   evaluated in O(1). A group of 5 from 5 schools pays nothing; 3 from one school and
//!   2 from another pay for 3 + 1 = 4 pairs. A negative weight favours same-school groups.
//!
//! Maximising a sum of within-group pair weights under size bounds is NP-hard (it
//! contains the clique-partitioning / graph-partitioning problems), so the module uses
//! a heuristic with a stated quality check (see the tests: exact brute force on every
//! instance up to 9 people).
//!
//! # The method
//!
//! 1. **Group count.** `k` groups are possible when `k·min ≤ n ≤ k·max`. The smallest
//!    such `k` (largest groups) and up to two more values are tried; the best plan wins
//!    (ties: fewer groups).
//! 2. **Construction.** Participants are shuffled by a `ChaCha8Rng` seeded from
//!    [`GroupOptions::seed`] (this order breaks every tie). Each participant's best
//!    partner gives `n` candidate pairs; the strongest disjoint ones seed the `k` groups
//!    (singletons if there are not enough). Groups then fill round-robin, each taking the
//!    unassigned participant with the largest total weight to its current members, up to
//!    target sizes that differ by at most one.
//! 3. **Local search.** A pass visits the participants in a seeded random order; for
//!    each it applies the best improving *move* (to another group, sizes permitting) or
//!    *swap* (with a member of another group). Passes repeat until one makes no change
//!    (a local optimum for both neighbourhoods) or [`GroupOptions::max_iterations`]
//!    passes have run (a notice says so).
//! 4. **Kicks.** From the local optimum, a few random swaps perturb the best plan and the
//!    local search runs again (iterated local search); the best plan is kept.
//!    [`GroupOptions::kicks`] rounds (default [`DEFAULT_KICKS`]) per group count; the
//!    perturbations come from the seeded stream, so the result depends only on the
//!    inputs and the seed.
//!
//! # Complexity
//!
//! With `n` participants and `k ≈ n / 5` groups: memory `8n² + 8nk` bytes (a dense
//! weight matrix and the participant-to-group weight table; about 250 MB for 5,000
//! people; used up to [`MAX_PARTICIPANTS`], see [`SPARSE_FROM`] for the sparse path).
//! Construction O(n² + nk); one local-search
//! pass O(n² + moves · n) (each move or swap is evaluated in O(1) from the table and
//! applied in O(n)). A local search from a construction or a kick takes 5–10 passes in
//! practice; with the defaults (up to 3 group counts × 13 searches) that is a few hundred
//! passes, capped by [`GroupOptions::max_iterations`]. Measured (release, one core): 500
//! generated teachers 0.12 s, 2,000 teachers about 5 s; on a 2,000-teacher city cohort
//! the kicks raise the objective by about 4% over the first local optimum. Set
//! `kicks: 0` for speed.
//!
//! ```
//! use peermatch::cohort::generate::{generate, GeneratorConfig};
//! use peermatch::compat::{CandidateMode, Policy};
//! use peermatch::graph::CompatibilityGraph;
//! use peermatch::groups::{form_groups, GroupOptions};
//!
//! let cohort = generate(&GeneratorConfig::city(40, 7));
//! let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact).unwrap();
//! let plan = form_groups(&g, &GroupOptions::default()).unwrap();
//! let covered: usize = plan.groups.iter().map(|gr| gr.members.len()).sum();
//! assert_eq!(covered, 40);
//! assert!(plan.groups.iter().all(|gr| (4..=6).contains(&gr.members.len())));
//! ```

use serde::{Deserialize, Serialize};

use crate::compat::{Violation, SCALE};
use crate::graph::CompatibilityGraph;

pub mod constraints;
mod construct;
mod cpu_clock;
mod dense;
mod gain;
pub mod instance;
mod large;
pub mod meet;
mod memetic;
pub mod notice;
pub mod search;
mod sparse;

pub use constraints::{
    check_constraints, form_groups_constrained, ConstraintError, GroupConstraints, PairsMode,
};
pub use instance::{parse_mdgplib, InstanceError, InstanceErrorKind, MdgpInstance};
pub use large::TOP_PAIRS;
pub use meet::{
    plan_meetings, plan_meetings_with, GroupMeeting, MeetingOptions, NoMeetingReason, Slot, Venue,
};
pub use notice::{GroupNotice, MemberTravel, Participant};
pub use search::{
    search, search_with_progress, Problem, Progress, SearchError, SearchOptions, Shape, Solution,
    StopReason, Weights, DEFAULT_ROUNDS, DEFAULT_STALE_ROUNDS, DEFAULT_WORK_PER_N,
};

/// Largest number of participants for which [`form_groups_scores`] builds a dense weight
/// matrix (`9n²` bytes: 576 MiB here). Above it there is no cap: it keeps each
/// participant's [`TOP_PAIRS`] best pairs and runs the sparse search (memory O(n), time
/// O(n²) closure calls). [`form_groups`] / [`form_groups_among`] work on the sparse graph
/// above [`SPARSE_FROM`] participants.
pub const MAX_PARTICIPANTS: usize = 8192;

/// Above this many participants, [`form_groups`] / [`form_groups_among`] use the sparse
/// iterated maxima search of [`search()`] on the graph's edges (memory linear in the graph)
/// instead of the dense former.
pub const SPARSE_FROM: usize = 1000;

/// Perturbation rounds per kick ([`GroupOptions::kicks`]) per 1,000 participants on the
/// sparse path (at least one round per kick).
pub const SPARSE_ROUNDS_PER_KICK_PER_1000: u64 = 80;

/// Largest absolute pair score accepted (2^32; compatibility scores stay below 2^30).
pub const MAX_ABS_SCORE: i64 = 1 << 32;

/// Largest absolute [`GroupOptions::school_mix_weight`] (2^31).
pub const MAX_ABS_MIX_WEIGHT: i64 = 1 << 31;

/// Default number of perturb-and-repair rounds after the first local optimum (see the
/// module docs and [`GroupOptions::kicks`]).
pub const DEFAULT_KICKS: usize = 12;

/// How groups are formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupOptions {
    /// Smallest group (at least 2).
    pub min_size: usize,
    /// Largest group (at least `min_size`).
    pub max_size: usize,
    /// Penalty in score units for every pair of teachers from the same school in a group
    /// (default 10 points = `10 * SCALE`); negative favours same-school groups.
    pub school_mix_weight: i64,
    /// Seed of the tie-breaking and perturbation stream.
    pub seed: u64,
    /// Cap on local-search passes over all kicks and group counts (at least 1); when it
    /// stops the search, [`GroupPlan::local_optimum`] is `false`.
    pub max_iterations: usize,
    /// Perturb-and-repair rounds after the first local optimum, per group count tried
    /// (default [`DEFAULT_KICKS`]; 0 = plain local search). Each costs a few passes.
    pub kicks: usize,
}

impl Default for GroupOptions {
    fn default() -> Self {
        GroupOptions {
            min_size: 4,
            max_size: 6,
            school_mix_weight: 10 * SCALE,
            seed: 0,
            max_iterations: 10_000,
            kicks: DEFAULT_KICKS,
        }
    }
}

/// Why no groups could be formed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    /// `min_size` below 2 or above `max_size`.
    #[error("invalid group sizes {min_size}..={max_size}: need 2 <= min_size <= max_size")]
    InvalidSizes {
        /// The requested minimum.
        min_size: usize,
        /// The requested maximum.
        max_size: usize,
    },
    /// `school_mix_weight` out of range.
    #[error(
        "school_mix_weight {0} is out of range (at most {MAX_ABS_MIX_WEIGHT} in absolute value)"
    )]
    MixWeightOutOfRange(i64),
    /// `max_iterations` is 0.
    #[error("max_iterations must be at least 1")]
    NoIterations,
    /// Fewer participants than the smallest group.
    #[error("{n} participant(s) cannot form a group of at least {min_size}")]
    TooFew {
        /// Participants.
        n: usize,
        /// The requested minimum.
        min_size: usize,
    },
    /// No number of groups splits `n` into sizes within the range.
    #[error("{n} participants cannot be split into groups of {min_size} to {max_size} (with {k_low} groups at most {max_cover} are covered, with {k_high} at least {min_cover} are needed)")]
    NoValidSplit {
        /// Participants.
        n: usize,
        /// The requested minimum.
        min_size: usize,
        /// The requested maximum.
        max_size: usize,
        /// `floor(n / min_size)`: the most groups possible.
        k_low: usize,
        /// `k_low * max_size`.
        max_cover: usize,
        /// `ceil(n / max_size)`: the fewest groups possible.
        k_high: usize,
        /// `k_high * min_size`.
        min_cover: usize,
    },
    /// `schools` does not have one entry per participant.
    #[error("{got} school entries for {n} participants")]
    SchoolsLength {
        /// Participants.
        n: usize,
        /// Entries given.
        got: usize,
    },
    /// A pair score out of range.
    #[error("score {score} of pair ({a}, {b}) is out of range (at most {MAX_ABS_SCORE} in absolute value)")]
    ScoreOutOfRange {
        /// First participant.
        a: usize,
        /// Second participant.
        b: usize,
        /// The score.
        score: i64,
    },
    /// A participant index that is not a teacher of the graph.
    #[error("participant {index} is not a teacher of the graph ({n} teachers)")]
    UnknownParticipant {
        /// The index.
        index: usize,
        /// Teachers in the graph.
        n: usize,
    },
    /// A participant listed twice.
    #[error("participant {0} is listed twice")]
    DuplicateParticipant(usize),
}

/// One group of a [`GroupPlan`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Member indices, ascending (participant indices for [`form_groups_scores`], teacher
    /// / node indices for [`form_groups`]).
    pub members: Vec<usize>,
    /// Teacher ids in the order of `members` (empty for [`form_groups_scores`]).
    pub ids: Vec<String>,
    /// Sum of the pair scores inside the group (infeasible pairs count 0), without the
    /// school-mix penalty.
    pub score: i64,
    /// This group's part of the objective: `score − school_mix_weight · same_school_pairs`.
    pub objective: i64,
    /// Distinct school indices of the members, ascending.
    pub schools: Vec<usize>,
    /// Pairs of members from the same school.
    pub same_school_pairs: usize,
    /// Pairs of members that are infeasible as mentoring pairs (counted 0).
    pub infeasible_pairs: usize,
}

/// The result of [`form_groups`] / [`form_groups_scores`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPlan {
    /// The groups, ordered by their smallest member.
    pub groups: Vec<Group>,
    /// The objective of the module docs: the sum of the groups' `objective`.
    pub objective: i64,
    /// Local-search passes run.
    pub passes: usize,
    /// `true` when the plan is a local optimum for moves and swaps (`false` only when
    /// `max_iterations` stopped the search).
    pub local_optimum: bool,
    /// Things worth telling the coordinator (iteration cap hit, members without any
    /// feasible partner in their group, pairs missing from a sparse graph), typed; JSON
    /// writes a `message` beside each notice's fields.
    #[serde(with = "crate::with_message")]
    pub notices: Vec<GroupNotice>,
}

/// Forms groups from plain data: `n` participants, `score(a, b)` for `a < b` (`None` =
/// infeasible, counted 0; called once per pair, and above [`MAX_PARTICIPANTS`] once more
/// for the pairs inside the final groups), and a school index per participant.
///
/// # Errors
/// [`GroupError`] for invalid options, impossible sizes (`n < min_size`, or no group
/// count fits `n`), a wrong `schools` length or a score beyond [`MAX_ABS_SCORE`].
///
/// # Complexity
/// Up to [`MAX_PARTICIPANTS`]: see the [module docs](self), O(n²) memory, O(n²) per pass.
/// Above: O(n · [`TOP_PAIRS`]) memory, O(n²) closure calls, then the sparse search (a
/// notice says so).
pub fn form_groups_scores(
    n: usize,
    score: impl Fn(usize, usize) -> Option<i64>,
    schools: &[usize],
    opts: &GroupOptions,
) -> Result<GroupPlan, GroupError> {
    let ks = check(n, schools.len(), opts)?;
    if n > MAX_PARTICIPANTS {
        let edges = large::top_pairs(n, &score)?;
        let out = large::sparse_groups(n, &edges, schools, opts, ks[0], &score);
        let mut notices = vec![GroupNotice::ScoresSparse {
            participants: n,
            cap: MAX_PARTICIPANTS,
            top_pairs: TOP_PAIRS,
            pairs: edges.len(),
        }];
        notices.extend(out.failure.map(|error| GroupNotice::SearchFailed { error }));
        return Ok(GroupPlan {
            objective: out.groups.iter().map(|g| g.objective).sum(),
            groups: out.groups,
            passes: out.passes,
            local_optimum: false,
            notices,
        });
    }
    let mut raw = vec![0i64; n * n];
    let mut infeasible = vec![false; n * n];
    for a in 0..n {
        for b in a + 1..n {
            match score(a, b) {
                Some(s) if s.unsigned_abs() > MAX_ABS_SCORE as u64 => {
                    return Err(GroupError::ScoreOutOfRange { a, b, score: s })
                }
                Some(s) => {
                    raw[a * n + b] = s;
                    raw[b * n + a] = s;
                }
                None => {
                    infeasible[a * n + b] = true;
                    infeasible[b * n + a] = true;
                }
            }
        }
    }
    Ok(dense::solve(n, &raw, &infeasible, schools, opts, &ks))
}

/// Forms groups of all teachers of the graph (capacity-0 teachers included). See
/// [`form_groups_among`].
///
/// # Errors
/// As [`form_groups_among`].
pub fn form_groups(
    graph: &CompatibilityGraph,
    opts: &GroupOptions,
) -> Result<GroupPlan, GroupError> {
    let all: Vec<usize> = (0..graph.node_count()).collect();
    form_groups_among(graph, &all, opts)
}

/// Forms groups of the teachers (node indices) who opted in.
///
/// Pair scores are the graph's edge totals. Pairs with a capacity-0 teacher ("groups
/// only") are never edges; they are scored here by the graph's [`crate::compat::Scorer`]
/// with every other hard rule still in force. Any other non-edge counts as infeasible
/// (0) — with a top-k graph that includes feasible pairs that were not kept, so build the
/// graph in [`crate::compat::CandidateMode::Exact`] for groups (a notice says so).
///
/// # Errors
/// [`GroupError::UnknownParticipant`], [`GroupError::DuplicateParticipant`], and those of
/// [`form_groups_scores`].
pub fn form_groups_among(
    graph: &CompatibilityGraph,
    participants: &[usize],
    opts: &GroupOptions,
) -> Result<GroupPlan, GroupError> {
    check_participants(graph.node_count(), participants)?;
    let n = participants.len();
    let ks = check(n, n, opts)?;
    if n > SPARSE_FROM {
        return Ok(sparse_plan(graph, participants, opts, ks[0]));
    }
    let (raw, infeasible) = pair_matrix(graph, participants);
    let sc = graph.scorer();
    let schools: Vec<usize> = participants.iter().map(|&p| sc.school_of(p)).collect();
    let mut plan = dense::solve(n, &raw, &infeasible, &schools, opts, &ks);
    to_nodes(graph, participants, &mut plan);
    if graph.mode() != crate::compat::CandidateMode::Exact {
        plan.notices
            .push(GroupNotice::InexactGraph { mode: graph.mode() });
    }
    Ok(plan)
}

/// The dense pair-score matrix of the participants (local indices, `n × n`) and which
/// pairs are infeasible (see [`form_groups_among`] for how groups-only pairs are scored).
fn pair_matrix(graph: &CompatibilityGraph, participants: &[usize]) -> (Vec<i64>, Vec<bool>) {
    let total = graph.node_count();
    let n = participants.len();
    let sc = graph.scorer();
    let mut local = vec![usize::MAX; total];
    for (i, &p) in participants.iter().enumerate() {
        local[p] = i;
    }
    let mut raw = vec![0i64; n * n];
    let mut infeasible = vec![true; n * n];
    for (a, b, s) in graph.edges() {
        let (la, lb) = (local[a], local[b]);
        if la != usize::MAX && lb != usize::MAX {
            raw[la * n + lb] = s.total;
            raw[lb * n + la] = s.total;
            infeasible[la * n + lb] = false;
            infeasible[lb * n + la] = false;
        }
    }
    for la in 0..n {
        for lb in la + 1..n {
            let (a, b) = (participants[la], participants[lb]);
            if !infeasible[la * n + lb] || (sc.capacity(a) != 0 && sc.capacity(b) != 0) {
                continue;
            }
            let travel = sc.travel_minutes(sc.school_of(a), sc.school_of(b));
            let mut other_rule = false;
            sc.violations(a, b, travel, false, &mut |v| {
                if !matches!(v, Violation::GroupsOnly { .. }) {
                    other_rule = true;
                }
            });
            if !other_rule || sc.is_must_pair(a, b) {
                let s = sc.score_unchecked(a, b, travel, false).total;
                raw[la * n + lb] = s;
                raw[lb * n + la] = s;
                infeasible[la * n + lb] = false;
                infeasible[lb * n + la] = false;
            }
        }
    }
    (raw, infeasible)
}

/// Maps a plan over local participant indices to node indices: members, ids, group order
/// and the participants named in notices.
fn to_nodes(graph: &CompatibilityGraph, participants: &[usize], plan: &mut GroupPlan) {
    for g in &mut plan.groups {
        for m in &mut g.members {
            *m = participants[*m];
        }
        let mut order: Vec<usize> = (0..g.members.len()).collect();
        order.sort_by_key(|&i| g.members[i]);
        g.members = order.iter().map(|&i| g.members[i]).collect();
        g.ids = g
            .members
            .iter()
            .map(|&m| graph.teacher_id(m).to_string())
            .collect();
    }
    plan.groups.sort_by_key(|g| g.members.first().copied());
    for note in &mut plan.notices {
        if let GroupNotice::NoFeasiblePartner { member, group } = note {
            for p in [member, group] {
                p.index = participants[p.index];
                p.id = Some(graph.teacher_id(p.index).to_string());
            }
        }
    }
}

/// Every participant a node of the graph, none twice.
fn check_participants(total: usize, participants: &[usize]) -> Result<(), GroupError> {
    let mut seen = vec![false; total];
    for &p in participants {
        if p >= total {
            return Err(GroupError::UnknownParticipant { index: p, n: total });
        }
        if seen[p] {
            return Err(GroupError::DuplicateParticipant(p));
        }
        seen[p] = true;
    }
    Ok(())
}

/// Validates the options and returns the group counts to try.
fn check(n: usize, schools: usize, opts: &GroupOptions) -> Result<Vec<usize>, GroupError> {
    let (lo, hi) = (opts.min_size, opts.max_size);
    if lo < 2 || lo > hi {
        return Err(GroupError::InvalidSizes {
            min_size: lo,
            max_size: hi,
        });
    }
    if opts.school_mix_weight.unsigned_abs() > MAX_ABS_MIX_WEIGHT as u64 {
        return Err(GroupError::MixWeightOutOfRange(opts.school_mix_weight));
    }
    if opts.max_iterations == 0 {
        return Err(GroupError::NoIterations);
    }
    if schools != n {
        return Err(GroupError::SchoolsLength { n, got: schools });
    }
    if n < lo {
        return Err(GroupError::TooFew { n, min_size: lo });
    }
    let k_low = n / lo;
    let k_high = n.div_ceil(hi);
    if k_high > k_low {
        return Err(GroupError::NoValidSplit {
            n,
            min_size: lo,
            max_size: hi,
            k_low,
            max_cover: k_low * hi,
            k_high,
            min_cover: k_high * lo,
        });
    }
    Ok((k_high..=k_low.min(k_high + 2)).collect())
}

/// The sparse path of [`form_groups_among`]: edges among the participants plus the
/// school penalty, `k` groups of `min_size..=max_size` (see [`large`]).
fn sparse_plan(
    graph: &CompatibilityGraph,
    participants: &[usize],
    opts: &GroupOptions,
    k: usize,
) -> GroupPlan {
    let total = graph.node_count();
    let n = participants.len();
    let sc = graph.scorer();
    let mut local = vec![usize::MAX; total];
    for (i, &p) in participants.iter().enumerate() {
        local[p] = i;
    }
    let mut edges = Vec::new();
    for (a, b, s) in graph.edges() {
        let (la, lb) = (local[a], local[b]);
        if la != usize::MAX && lb != usize::MAX {
            edges.push((la.min(lb), la.max(lb), s.total));
        }
    }
    edges.sort_unstable();
    let schools: Vec<usize> = participants.iter().map(|&p| sc.school_of(p)).collect();
    let mut notices = vec![GroupNotice::GraphSparse {
        participants: n,
        edges: edges.len(),
    }];
    if participants.iter().any(|&p| sc.capacity(p) == 0) {
        notices.push(GroupNotice::GroupsOnlySparse);
    }
    let pair = |a: usize, b: usize| {
        let key = (a.min(b), a.max(b));
        edges
            .binary_search_by(|e| (e.0, e.1).cmp(&key))
            .ok()
            .map(|i| edges[i].2)
    };
    let out = large::sparse_groups(n, &edges, &schools, opts, k, &pair);
    if let Some(error) = out.failure {
        // Not reachable with checked options; report instead of panicking.
        notices.push(GroupNotice::SearchFailed { error });
    }
    let mut groups = out.groups;
    for g in &mut groups {
        for m in &mut g.members {
            *m = participants[*m];
        }
        g.members.sort_unstable();
        g.ids = g
            .members
            .iter()
            .map(|&t| graph.teacher_id(t).to_string())
            .collect();
    }
    groups.sort_by_key(|g| g.members.first().copied());
    GroupPlan {
        objective: groups.iter().map(|g| g.objective).sum(),
        groups,
        passes: out.passes,
        local_optimum: false,
        notices,
    }
}
