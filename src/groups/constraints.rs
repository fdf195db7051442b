//! Optional constraints on groups: a cap on each member's travel to the venue, mentoring
//! pairs kept together or apart, and a minimum number of schools per group.
//!
//! [`form_groups_constrained`] works in three steps, with whichever search engine
//! [`super::form_groups_among`] would use:
//!
//! 1. **Score adjustments** (dense path, up to [`super::SPARSE_FROM`] participants): the
//!    search sees pair scores with a bonus of [`CONSTRAINT_WEIGHT`] for each pair to keep
//!    together, and a penalty of the same size for each pair to keep apart and each pair
//!    whose schools are more than twice the travel cap apart (or have no known travel
//!    time), since no member school can then be within the cap of both. The sparse path
//!    searches on the plain scores.
//! 2. **Repair**: while some group violates a constraint, the best move (one member to
//!    or from a violating group, sizes permitting) or swap (two members of different
//!    groups, one in a violating group) is applied: the one that lowers the violation
//!    measure most, then loses the least objective. The measure of a group is the sum of:
//!    the least total of minutes over the cap at any member school (an unknown time counts
//!    600), and 60 per member whose pair partner is elsewhere (together), per pair inside
//!    (apart) and per school missing to the minimum. When no step lowers it, up to
//!    [`REPAIR_KICKS`] seeded perturbations (random swaps or moves out of / into a
//!    violating group, then the descent again) are tried, keeping a result only when it is
//!    better. The repair stops after [`REPAIR_EVALUATIONS`] evaluated candidates (the
//!    notice says so). On the dense path, a travel-cap violation left after the repair
//!    triggers a second, strict search that penalises every school pair more than the cap
//!    apart; the better plan (fewer violations, then higher objective) is kept.
//! 3. **Verification**: [`check_constraints`] checks the returned plan; every constraint
//!    still violated becomes a typed [`GroupNotice`] naming the teachers and the group
//!    (for example "group 3 (the group with T07) cannot meet within 30 minutes' travel:
//!    … at the venue S02: T09 41 min"). A repair that changed the plan is reported as a
//!    [`GroupNotice::ConstraintRepair`] with the objective it cost.
//!
//! Group scores and the objective of the returned plan are the plain ones (no
//! adjustments).
//!
//! ```
//! use peermatch::cohort::Cohort;
//! use peermatch::compat::{CandidateMode, Policy};
//! use peermatch::graph::CompatibilityGraph;
//! use peermatch::groups::{form_groups_constrained, GroupConstraints, GroupOptions, PairsMode};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
//! let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact)?;
//! let all: Vec<usize> = (0..g.node_count()).collect();
//! let cons = GroupConstraints {
//!     pairs: vec![("T01".into(), "T02".into())],
//!     pairs_mode: PairsMode::Apart,
//!     min_schools: Some(2),
//!     ..GroupConstraints::default()
//! };
//! let plan = form_groups_constrained(&g, &all, &GroupOptions::default(), &cons)?;
//! let apart = plan.groups.iter().all(|gr| !(gr.ids.contains(&"T01".to_string())
//!     && gr.ids.contains(&"T02".to_string())));
//! assert!(apart);
//! # Ok(())
//! # }
//! ```

use serde::{Deserialize, Serialize};

use super::large::score_group;
use super::meet::best_venue;
use super::notice::{MemberTravel, Participant};
use super::{
    check, check_participants, dense, form_groups_among, pair_matrix, to_nodes, GroupError,
    GroupNotice, GroupOptions, GroupPlan, SPARSE_FROM,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::compat::SCALE;
use crate::graph::CompatibilityGraph;

/// The score bonus (together) or penalty (apart, schools too far apart) per pair that
/// step 1 adds: 10,000 points, far above any pair score, so the search treats the
/// constraints as nearly hard while sums stay far from overflow.
pub const CONSTRAINT_WEIGHT: i64 = 10_000 * SCALE;

/// Candidate moves and swaps the repair may evaluate before it stops.
pub const REPAIR_EVALUATIONS: usize = 3_000_000;

/// Perturbations (random swaps out of a violating group, then descent again) the repair
/// tries after its descent stops with constraints still violated.
pub const REPAIR_KICKS: usize = 40;

/// The repair's measure of a member's travel whose time to a venue is unknown (minutes
/// over the cap).
const UNKNOWN_EXCESS: usize = 600;

/// The repair's measure of one violated pair or one missing school (as minutes over the
/// travel cap).
const COUNT_WEIGHT: usize = 60;

/// Keep each pair of [`GroupConstraints::pairs`] in one group or in different groups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairsMode {
    /// Both teachers of each pair in the same group.
    #[default]
    Together,
    /// The two teachers of each pair in different groups.
    Apart,
}

/// Optional constraints on groups (all off by default).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupConstraints {
    /// Each member's one-way travel minutes to the venue (a member school) at most this.
    pub max_travel_minutes: Option<u32>,
    /// Pairs of teacher ids (for example a proposal's mentoring pairs).
    pub pairs: Vec<(String, String)>,
    /// Whether [`GroupConstraints::pairs`] stay together or apart.
    pub pairs_mode: PairsMode,
    /// At least this many distinct schools in each group.
    pub min_schools: Option<usize>,
}

impl GroupConstraints {
    /// No constraint set (an empty `pairs` list and no cap or minimum).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.max_travel_minutes.is_none() && self.pairs.is_empty() && self.min_schools.is_none()
    }
}

/// Why constrained groups could not be formed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConstraintError {
    /// The group search refused the problem.
    #[error(transparent)]
    Groups(#[from] GroupError),
    /// A pair names a teacher id that is not in the graph.
    #[error("pair ({a}, {b}): teacher {id} is not in the cohort")]
    UnknownTeacher {
        /// The unknown id.
        id: String,
        /// The pair's first id.
        a: String,
        /// The pair's second id.
        b: String,
    },
    /// A pair names a teacher who is not among the participants.
    #[error("pair ({a}, {b}): teacher {id} is not taking part in groups")]
    NotParticipating {
        /// The id.
        id: String,
        /// The pair's first id.
        a: String,
        /// The pair's second id.
        b: String,
    },
    /// A pair of a teacher with themself.
    #[error("pair ({id}, {id}) names one teacher twice")]
    SelfPair {
        /// The id.
        id: String,
    },
}

/// The constraints with pairs as node indices.
struct Resolved {
    cap: Option<u32>,
    /// Per node: the nodes it is paired with (both directions).
    links: Vec<Vec<usize>>,
    /// The pairs `(a, b)`, `a < b`, deduplicated.
    pairs: Vec<(usize, usize)>,
    apart: bool,
    min_schools: usize,
}

fn resolve(
    graph: &CompatibilityGraph,
    participants: Option<&[usize]>,
    cons: &GroupConstraints,
) -> Result<Resolved, ConstraintError> {
    let total = graph.node_count();
    let mut taking_part = vec![participants.is_none(); total];
    for &p in participants.unwrap_or(&[]) {
        if p < total {
            taking_part[p] = true;
        }
    }
    let mut pairs = Vec::new();
    for (a, b) in &cons.pairs {
        let mut ends = [0; 2];
        for (k, id) in [a, b].into_iter().enumerate() {
            let err = |id: &String| (id.clone(), a.clone(), b.clone());
            let Some(i) = graph.index_of(id) else {
                let (id, a, b) = err(id);
                return Err(ConstraintError::UnknownTeacher { id, a, b });
            };
            if !taking_part[i] {
                let (id, a, b) = err(id);
                return Err(ConstraintError::NotParticipating { id, a, b });
            }
            ends[k] = i;
        }
        if ends[0] == ends[1] {
            return Err(ConstraintError::SelfPair { id: a.clone() });
        }
        pairs.push((ends[0].min(ends[1]), ends[0].max(ends[1])));
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut links = vec![Vec::new(); total];
    for &(a, b) in &pairs {
        links[a].push(b);
        links[b].push(a);
    }
    Ok(Resolved {
        cap: cons.max_travel_minutes,
        links,
        pairs,
        apart: cons.pairs_mode == PairsMode::Apart,
        min_schools: cons.min_schools.unwrap_or(0),
    })
}

/// Forms groups of `participants` (node indices) as [`super::form_groups_among`] does,
/// subject to `cons` (see the [module docs](self)); constraints that could not be met are
/// reported as notices in the plan.
///
/// # Errors
/// [`ConstraintError::UnknownTeacher`] / [`ConstraintError::NotParticipating`] /
/// [`ConstraintError::SelfPair`] for a bad pair (naming the id), and
/// [`ConstraintError::Groups`] for what [`super::form_groups_among`] refuses.
///
/// # Complexity
/// The search as [`super::form_groups_among`], plus per repair step O(v · s · n · s²)
/// travel look-ups for `v` violating groups of size `s`, capped by
/// [`REPAIR_EVALUATIONS`] candidates.
pub fn form_groups_constrained(
    graph: &CompatibilityGraph,
    participants: &[usize],
    opts: &GroupOptions,
    cons: &GroupConstraints,
) -> Result<GroupPlan, ConstraintError> {
    check_participants(graph.node_count(), participants)?;
    let res = resolve(graph, Some(participants), cons)?;
    let n = participants.len();
    let ks = check(n, n, opts)?;
    if cons.is_empty() {
        return Ok(form_groups_among(graph, participants, opts)?);
    }
    let sc = graph.scorer();
    let schools: Vec<usize> = (0..graph.node_count()).map(|t| sc.school_of(t)).collect();
    let mut local = vec![usize::MAX; graph.node_count()];
    for (i, &p) in participants.iter().enumerate() {
        local[p] = i;
    }
    let dense_matrix = (n <= SPARSE_FROM).then(|| pair_matrix(graph, participants));
    let pair = |a: usize, b: usize| match &dense_matrix {
        Some((raw, infeasible)) => {
            let k = local[a] * n + local[b];
            (!infeasible[k]).then(|| raw[k])
        }
        None => graph.score(a, b).map(|s| s.total),
    };
    // The search: the dense path on adjusted scores (`strict`: see `adjust`).
    let run = |strict: bool| -> Result<GroupPlan, GroupError> {
        let Some((raw, infeasible)) = &dense_matrix else {
            return form_groups_among(graph, participants, opts);
        };
        let mut adjusted = raw.clone();
        adjust(graph, participants, &res, strict, &mut adjusted);
        let local_schools: Vec<usize> = participants.iter().map(|&p| schools[p]).collect();
        let mut plan = dense::solve(n, &adjusted, infeasible, &local_schools, opts, &ks);
        to_nodes(graph, participants, &mut plan);
        if graph.mode() != crate::compat::CandidateMode::Exact {
            plan.notices
                .push(GroupNotice::InexactGraph { mode: graph.mode() });
        }
        Ok(plan)
    };
    let mix = opts.school_mix_weight;
    let rescore = |members: Vec<usize>| {
        let mut g = score_group(members, &schools, mix, &pair);
        g.ids = g
            .members
            .iter()
            .map(|&t| graph.teacher_id(t).to_string())
            .collect();
        g
    };
    let weight =
        |a: usize, b: usize| pair(a, b).unwrap_or(0) - mix * i64::from(schools[a] == schools[b]);
    let ctx = Ctx {
        graph,
        travel: TravelCache::new(graph, participants, res.cap.is_some()),
        res: &res,
        weight: &weight,
        min_size: opts.min_size,
        max_size: opts.max_size,
    };
    let attempt = |strict: bool| -> Result<Attempt, GroupError> {
        let mut plan = run(strict)?;
        let before = violations(graph, &plan, &res).len();
        let mut groups: Vec<Vec<usize>> = plan.groups.iter().map(|g| g.members.clone()).collect();
        // Plain scores of the search's groups (the dense path saw adjusted ones).
        let searched: i64 = groups.iter().map(|m| rescore(m.clone()).objective).sum();
        let sorted = |gs: &mut Vec<Vec<usize>>| {
            for g in gs.iter_mut() {
                g.sort_unstable();
            }
            gs.sort();
        };
        sorted(&mut groups);
        let search_groups = groups.clone();
        let stats = ctx.repair(&mut groups, opts.seed);
        sorted(&mut groups);
        let changed = groups != search_groups;
        plan.groups = groups.into_iter().map(&rescore).collect();
        plan.objective = plan.groups.iter().map(|g| g.objective).sum();
        let left = violations(graph, &plan, &res);
        Ok(Attempt {
            repair: changed.then_some(GroupNotice::ConstraintRepair {
                swaps: stats.swaps,
                moves: stats.moves,
                kicks: stats.kicks,
                budget_hit: stats.budget_hit,
                objective_change: plan.objective - searched,
                violations_before: before,
                violations_after: left.len(),
            }),
            plan,
            left,
        })
    };
    let mut best = attempt(false)?;
    // A second, strict attempt when a travel-cap violation is left on the dense path.
    let travel_left = |a: &Attempt| {
        a.left
            .iter()
            .any(|n| matches!(n, GroupNotice::TravelCapExceeded { .. }))
    };
    if travel_left(&best) && dense_matrix.is_some() {
        let second = attempt(true)?;
        if (second.left.len(), -second.plan.objective) < (best.left.len(), -best.plan.objective) {
            best = second;
        }
    }
    let mut plan = best.plan;
    plan.notices
        .retain(|n| !matches!(n, GroupNotice::NoFeasiblePartner { .. }));
    plan.notices
        .extend(no_feasible_partner(graph, &plan, &pair));
    plan.notices.extend(best.repair);
    plan.notices.extend(best.left);
    Ok(plan)
}

/// One search-and-repair run of [`form_groups_constrained`].
struct Attempt {
    plan: GroupPlan,
    /// The repair notice, when the repair changed the plan.
    repair: Option<GroupNotice>,
    /// The violations left.
    left: Vec<GroupNotice>,
}

/// Step 1: the bonus and penalties of the module docs on the local score matrix.
/// With `strict`, every pair of schools more than the cap apart is penalised (then any
/// member school of a group without such pairs is a venue within the cap).
fn adjust(
    graph: &CompatibilityGraph,
    participants: &[usize],
    res: &Resolved,
    strict: bool,
    w: &mut [i64],
) {
    let n = participants.len();
    let mut local = vec![usize::MAX; graph.node_count()];
    for (i, &p) in participants.iter().enumerate() {
        local[p] = i;
    }
    let sign = if res.apart { -1 } else { 1 };
    for &(a, b) in &res.pairs {
        let (la, lb) = (local[a], local[b]);
        w[la * n + lb] += sign * CONSTRAINT_WEIGHT;
        w[lb * n + la] += sign * CONSTRAINT_WEIGHT;
    }
    if let Some(cap) = res.cap {
        let sc = graph.scorer();
        let limit = if strict { 1 } else { 2 } * u64::from(cap);
        for la in 0..n {
            for lb in la + 1..n {
                let (sa, sb) = (
                    sc.school_of(participants[la]),
                    sc.school_of(participants[lb]),
                );
                if sc
                    .travel_minutes(sa, sb)
                    .is_none_or(|t| u64::from(t) > limit)
                {
                    w[la * n + lb] -= CONSTRAINT_WEIGHT;
                    w[lb * n + la] -= CONSTRAINT_WEIGHT;
                }
            }
        }
    }
}

/// Members of each group whose every pair inside it is infeasible.
fn no_feasible_partner(
    graph: &CompatibilityGraph,
    plan: &GroupPlan,
    pair: &dyn Fn(usize, usize) -> Option<i64>,
) -> Vec<GroupNotice> {
    let who = |t: usize| Participant {
        index: t,
        id: Some(graph.teacher_id(t).to_string()),
    };
    let mut out = Vec::new();
    for g in &plan.groups {
        for &a in &g.members {
            if g.members.iter().all(|&b| b == a || pair(a, b).is_none()) {
                out.push(GroupNotice::NoFeasiblePartner {
                    member: who(a),
                    group: who(g.members[0]),
                });
            }
        }
    }
    out
}

/// What the repair did.
#[derive(Clone, Copy, Debug, Default)]
struct RepairStats {
    swaps: usize,
    moves: usize,
    kicks: usize,
    budget_hit: bool,
}

/// Travel minutes between the participants' schools, precomputed when there are at most
/// [`TravelCache::MAX_SCHOOLS`] of them (else looked up each time).
struct TravelCache {
    /// School index → compact index (`usize::MAX`: not a participant's school).
    compact: Vec<usize>,
    /// Row-major minutes, `u32::MAX` = unknown; empty when not precomputed.
    minutes: Vec<u32>,
    k: usize,
}

impl TravelCache {
    const MAX_SCHOOLS: usize = 2048;

    fn new(graph: &CompatibilityGraph, participants: &[usize], wanted: bool) -> Self {
        let sc = graph.scorer();
        let mut schools: Vec<usize> = participants.iter().map(|&p| sc.school_of(p)).collect();
        schools.sort_unstable();
        schools.dedup();
        let k = schools.len();
        if !wanted || k > Self::MAX_SCHOOLS {
            return TravelCache {
                compact: Vec::new(),
                minutes: Vec::new(),
                k: 0,
            };
        }
        let mut compact = vec![usize::MAX; sc.school_count()];
        for (i, &s) in schools.iter().enumerate() {
            compact[s] = i;
        }
        let mut minutes = vec![u32::MAX; k * k];
        for (i, &a) in schools.iter().enumerate() {
            for (j, &b) in schools.iter().enumerate() {
                minutes[i * k + j] = sc.travel_minutes(a, b).unwrap_or(u32::MAX);
            }
        }
        TravelCache {
            compact,
            minutes,
            k,
        }
    }

    fn minutes(&self, sc: &crate::compat::Scorer, a: usize, b: usize) -> Option<u32> {
        if self.minutes.is_empty() || self.compact[a] == usize::MAX || self.compact[b] == usize::MAX
        {
            return sc.travel_minutes(a, b);
        }
        let m = self.minutes[self.compact[a] * self.k + self.compact[b]];
        (m != u32::MAX).then_some(m)
    }
}

/// The repair's view of the problem (node indices).
struct Ctx<'a> {
    graph: &'a CompatibilityGraph,
    res: &'a Resolved,
    travel: TravelCache,
    weight: &'a dyn Fn(usize, usize) -> i64,
    min_size: usize,
    max_size: usize,
}

impl Ctx<'_> {
    /// The violation measure of one group (see the module docs).
    fn measure(&self, members: &[usize]) -> usize {
        let sc = self.graph.scorer();
        let mut v = 0;
        if let Some(cap) = self.res.cap {
            let mut best = usize::MAX;
            for &venue in members {
                let sv = sc.school_of(venue);
                let excess: usize = members
                    .iter()
                    .map(|&m| match self.travel.minutes(sc, sc.school_of(m), sv) {
                        Some(t) => t.saturating_sub(cap) as usize,
                        None => UNKNOWN_EXCESS,
                    })
                    .sum();
                best = best.min(excess);
                if best == 0 {
                    break;
                }
            }
            v += best.min(usize::MAX / 4);
        }
        for &m in members {
            for &p in &self.res.links[m] {
                let inside = members.contains(&p);
                if self.res.apart {
                    v += COUNT_WEIGHT * usize::from(inside && m < p);
                } else {
                    v += COUNT_WEIGHT * usize::from(!inside);
                }
            }
        }
        if self.res.min_schools > 0 {
            let mut s: Vec<usize> = members.iter().map(|&m| sc.school_of(m)).collect();
            s.sort_unstable();
            s.dedup();
            v += COUNT_WEIGHT * self.res.min_schools.saturating_sub(s.len());
        }
        v
    }

    /// Sum of pair weights between `a` and the members of `g` other than `skip`.
    fn affinity(&self, a: usize, g: &[usize], skip: usize) -> i64 {
        g.iter()
            .filter(|&&b| b != a && b != skip)
            .map(|&b| (self.weight)(a, b))
            .sum()
    }

    /// Step 2 of the module docs: descent, then up to [`REPAIR_KICKS`] perturbations
    /// (each followed by descent; the result is kept when its measure is lower, or equal
    /// with a higher objective). Deterministic under `seed`.
    fn repair(&self, groups: &mut Vec<Vec<usize>>, seed: u64) -> RepairStats {
        let mut stats = RepairStats::default();
        let mut evaluations = 0usize;
        self.descend(groups, &mut stats, &mut evaluations);
        let total = |gs: &[Vec<usize>]| -> (usize, i64) {
            let m = gs.iter().map(|g| self.measure(g)).sum();
            let w: i64 = gs
                .iter()
                .map(|g| {
                    let mut s = 0;
                    for (x, &a) in g.iter().enumerate() {
                        for &b in &g[x + 1..] {
                            s += (self.weight)(a, b);
                        }
                    }
                    s
                })
                .sum();
            (m, -w)
        };
        let mut best = (total(groups), groups.clone(), stats);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for _ in 0..REPAIR_KICKS {
            if best.0 .0 == 0 || groups.len() < 2 || evaluations >= REPAIR_EVALUATIONS {
                break;
            }
            let bad: Vec<usize> = (0..groups.len())
                .filter(|&g| self.measure(&groups[g]) > 0)
                .collect();
            for _ in 0..2 {
                let g = bad[rng.random_range(0..bad.len())];
                let mut h = rng.random_range(0..groups.len() - 1);
                if h >= g {
                    h += 1;
                }
                let (i, j) = (
                    rng.random_range(0..groups[g].len()),
                    rng.random_range(0..groups[h].len()),
                );
                let (a, b) = (groups[g][i], groups[h][j]);
                if rng.random_bool(0.5)
                    && groups[h].len() > self.min_size
                    && groups[g].len() < self.max_size
                {
                    // A move into the violating group.
                    groups[h].swap_remove(j);
                    groups[g].push(b);
                } else {
                    groups[g][i] = b;
                    groups[h][j] = a;
                }
            }
            let mut st = best.2;
            st.kicks += 1;
            self.descend(groups, &mut st, &mut evaluations);
            let t = total(groups);
            if t < best.0 {
                best = (t, groups.clone(), st);
            } else {
                best.2.kicks += 1;
                groups.clone_from(&best.1);
            }
        }
        *groups = best.1;
        best.2.budget_hit = evaluations >= REPAIR_EVALUATIONS;
        best.2
    }

    /// Applies the best improving move or swap per violating group until none improves.
    fn descend(&self, groups: &mut [Vec<usize>], stats: &mut RepairStats, evaluations: &mut usize) {
        let mut meas: Vec<usize> = groups.iter().map(|g| self.measure(g)).collect();
        'outer: loop {
            let mut improved = false;
            for g in 0..groups.len() {
                if meas[g] == 0 {
                    continue;
                }
                let mut best: Option<Candidate> = None;
                for ai in 0..groups[g].len() {
                    let a = groups[g][ai];
                    let a_in_g = self.affinity(a, &groups[g], usize::MAX);
                    for h in 0..groups.len() {
                        if h == g {
                            continue;
                        }
                        if *evaluations >= REPAIR_EVALUATIONS {
                            break 'outer;
                        }
                        let base = (meas[g] + meas[h]) as i64;
                        let mut g2: Vec<usize> = groups[g].clone();
                        g2.swap_remove(ai);
                        if groups[g].len() > self.min_size && groups[h].len() < self.max_size {
                            *evaluations += 1;
                            let mut h2 = groups[h].clone();
                            h2.push(a);
                            let dm = (self.measure(&g2) + self.measure(&h2)) as i64 - base;
                            let ds = self.affinity(a, &groups[h], usize::MAX) - a_in_g;
                            consider(&mut best, (dm, -ds, g, h, a, None));
                        }
                        // Or a member of `h` moves into `g` (a group too small to meet
                        // the minimum of schools needs one).
                        if ai == 0
                            && groups[h].len() > self.min_size
                            && groups[g].len() < self.max_size
                        {
                            for bi in 0..groups[h].len() {
                                *evaluations += 1;
                                let b = groups[h][bi];
                                let mut g4 = groups[g].clone();
                                g4.push(b);
                                let mut h4 = groups[h].clone();
                                h4.swap_remove(bi);
                                let dm = (self.measure(&g4) + self.measure(&h4)) as i64 - base;
                                let ds = self.affinity(b, &groups[g], usize::MAX)
                                    - self.affinity(b, &groups[h], usize::MAX);
                                consider(&mut best, (dm, -ds, h, g, b, None));
                            }
                        }
                        for bi in 0..groups[h].len() {
                            *evaluations += 1;
                            let b = groups[h][bi];
                            let mut g3 = g2.clone();
                            g3.push(b);
                            let mut h3 = groups[h].clone();
                            h3[bi] = a;
                            let dm = (self.measure(&g3) + self.measure(&h3)) as i64 - base;
                            if dm >= 0 {
                                continue;
                            }
                            let ds = self.affinity(a, &groups[h], b) - a_in_g
                                + self.affinity(b, &groups[g], a)
                                - self.affinity(b, &groups[h], usize::MAX);
                            consider(&mut best, (dm, -ds, g, h, a, Some(b)));
                        }
                    }
                }
                let Some((_, _, from, to, a, b)) = best else {
                    continue;
                };
                groups[from].retain(|&x| x != a);
                match b {
                    Some(b) => {
                        groups[to].retain(|&x| x != b);
                        groups[from].push(b);
                        stats.swaps += 1;
                    }
                    None => stats.moves += 1,
                }
                groups[to].push(a);
                meas[from] = self.measure(&groups[from]);
                meas[to] = self.measure(&groups[to]);
                improved = true;
            }
            if !improved {
                break;
            }
        }
    }
}

/// A repair step: `(Δ measure, −Δ objective, from, to, member, swap partner)`: `member`
/// goes from group `from` to group `to`, and the partner (of `to`) the other way.
type Candidate = (i64, i64, usize, usize, usize, Option<usize>);

/// Keeps the lexicographically smallest candidate with a negative Δ measure.
fn consider(best: &mut Option<Candidate>, c: Candidate) {
    if c.0 < 0 && best.is_none_or(|b| (c.0, c.1) < (b.0, b.1)) {
        *best = Some(c);
    }
}

/// Checks `plan` (members are node indices of `graph`) against `cons` and returns one
/// notice per constraint violated: [`GroupNotice::TravelCapExceeded`] per group,
/// [`GroupNotice::PairSplit`] / [`GroupNotice::PairTogether`] per pair,
/// [`GroupNotice::TooFewSchools`] per group.
///
/// # Errors
/// As [`form_groups_constrained`] for pairs naming unknown ids.
pub fn check_constraints(
    graph: &CompatibilityGraph,
    plan: &GroupPlan,
    cons: &GroupConstraints,
) -> Result<Vec<GroupNotice>, ConstraintError> {
    let res = resolve(graph, None, cons)?;
    Ok(violations(graph, plan, &res))
}

fn violations(graph: &CompatibilityGraph, plan: &GroupPlan, res: &Resolved) -> Vec<GroupNotice> {
    let sc = graph.scorer();
    let who = |t: usize| Participant {
        index: t,
        id: Some(graph.teacher_id(t).to_string()),
    };
    let mut group_of = vec![usize::MAX; graph.node_count()];
    for (gi, g) in plan.groups.iter().enumerate() {
        for &m in &g.members {
            group_of[m] = gi;
        }
    }
    let mut out = Vec::new();
    for (gi, g) in plan.groups.iter().enumerate() {
        let Some(&first) = g.members.first() else {
            continue;
        };
        if let Some(cap) = res.cap {
            let schools: Vec<usize> = g.members.iter().map(|&m| sc.school_of(m)).collect();
            let venue = best_venue(graph, &schools, Some(cap));
            let over: Vec<MemberTravel> = match &venue {
                Some(v) => g
                    .members
                    .iter()
                    .zip(&v.travel_minutes)
                    .filter(|&(_, &t)| t > cap)
                    .map(|(&m, &t)| MemberTravel {
                        member: who(m),
                        minutes: Some(t),
                    })
                    .collect(),
                None => g
                    .members
                    .iter()
                    .map(|&m| MemberTravel {
                        member: who(m),
                        minutes: None,
                    })
                    .collect(),
            };
            if !over.is_empty() {
                out.push(GroupNotice::TravelCapExceeded {
                    group: gi,
                    first: who(first),
                    cap_minutes: cap,
                    venue: venue.map(|v| v.school_id),
                    over,
                });
            }
        }
        if res.min_schools > g.schools.len() {
            out.push(GroupNotice::TooFewSchools {
                group: gi,
                first: who(first),
                schools: g.schools.len(),
                min_schools: res.min_schools,
            });
        }
    }
    for &(a, b) in &res.pairs {
        let (ga, gb) = (group_of[a], group_of[b]);
        if ga == usize::MAX || gb == usize::MAX {
            continue;
        }
        if res.apart && ga == gb {
            out.push(GroupNotice::PairTogether {
                a: who(a),
                b: who(b),
                group: ga,
            });
        } else if !res.apart && ga != gb {
            out.push(GroupNotice::PairSplit {
                a: who(a),
                b: who(b),
                group_a: ga,
                group_b: gb,
            });
        }
    }
    out
}
