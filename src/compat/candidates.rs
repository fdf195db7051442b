//! Candidate generation: which pairs get scored, and which scored pairs are kept.
//!
//! # Two modes
//!
//! * [`CandidateMode::Exact`] keeps **every** feasible pair. Fine up to a few thousand
//!   teachers (1,000 teachers: about half a million pairs, a few milliseconds); the graph
//!   itself can become dense, which is what the exact matching wants.
//! * [`CandidateMode::TopK`] keeps, for every teacher, its `k` best feasible partners
//!   (ties broken by teacher order), and the graph is the union of these lists: at most
//!   `n * k` edges, memory linear in the output. Use it from about 5,000 teachers, or
//!   whenever a dense graph is more than the matcher needs. A teacher's best partner is
//!   always kept, so top-k never isolates a teacher who had any feasible partner.
//!
//! # Blocking that loses nothing
//!
//! Both modes enumerate the same candidate pairs, and the pruning is *lossless* with
//! respect to the hard rules, so "exact" really is exact:
//!
//! 1. **Spatial blocking.** With a travel limit, only schools whose distance-based trip
//!    fits the limit can host cross-school pairs. Schools are put in a 3-D grid with cells
//!    as wide as the farthest reachable distance (see [`crate::compat::haversine_km`]'s
//!    module), and only the 27 surrounding cells are searched; travel-time matrix entries
//!    are added explicitly. Without a travel limit every school pair is a candidate.
//! 2. **Subject and year-level blocking.** Within a school pair, a teacher pair is scored
//!    only if its subject bit masks intersect (when a shared subject is required) and its
//!    year-level masks intersect (when a shared year level is required). The masks are one
//!    word each, so this filter costs about a nanosecond per pair.
//! 3. Teachers with capacity 0 (groups only) are skipped.
//!
//! The cost is therefore O(n + Σ over nearby school pairs of |s|·|t|) mask tests plus one
//! full score per pair that passes them. It is sub-quadratic when schools are spread out
//! and a travel limit is set; with no travel limit (or one longer than the region) it is
//! quadratic in the number of teachers, with a very small constant — block the cohort by
//! region first in that case (as national programmes do anyway).
//!
//! Must-pairs are always kept, in both modes, even when a hard rule would forbid them.

use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use super::meeting::MeetingSummary;
use super::score::PairScore;
use super::scorer::Scorer;
use super::travel::{near_pairs, reach_km};

/// Which pairs end up in the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum CandidateMode {
    /// Every feasible pair.
    #[default]
    Exact,
    /// The union of every teacher's `k` best feasible partners.
    TopK {
        /// Partners kept per teacher (at least 1).
        k: usize,
    },
}

/// Counts from one candidate-generation run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateStats {
    /// School pairs (including each school with itself) within reach.
    pub school_pairs: u64,
    /// Teacher pairs that passed the subject / year-level masks and were fully scored.
    pub pairs_scored: u64,
    /// Scored pairs that satisfied every hard rule (or were pinned).
    pub pairs_feasible: u64,
    /// Top-k mode: pairs skipped unscored because an upper bound on their score (every
    /// criterion exactly but the two time criteria, which are bounded from the teachers'
    /// longest and total free and after-school time without planning meetings) was below
    /// the weakest kept partner of both teachers, whose lists were full: they could never
    /// be kept. 0 in exact mode.
    #[serde(default)]
    pub pairs_pruned: u64,
    /// Edges kept.
    pub edges: u64,
}

/// A kept pair: `(a, b, score)` with `a < b`.
pub type ScoredPair = (u32, u32, PairScore);

/// School pairs `(s, t, travel)` with `s <= t` that may host a feasible pair.
fn school_pairs(sc: &Scorer) -> Vec<(u32, u32, u32)> {
    let ns = sc.school_count();
    let mut out: Vec<(u32, u32, u32)> = (0..ns as u32).map(|s| (s, s, 0)).collect();
    let p = &sc.policy;
    let max = p.hard.max_travel_minutes;
    let keep = |t: Option<u32>| t.filter(|&t| max.is_none_or(|m| t <= m));
    match max {
        Some(mt) => {
            if let Some(d) = reach_km(mt, p.travel_speed_kmh, p.travel_overhead_minutes) {
                let pts: Vec<_> = sc
                    .school_loc
                    .iter()
                    .enumerate()
                    .filter_map(|(i, l)| l.map(|l| (i as u32, l)))
                    .collect();
                let mut near = Vec::new();
                near_pairs(&pts, d, &mut near);
                for (s, t) in near {
                    if sc.matrix.contains_key(&(s, t)) {
                        continue;
                    }
                    if let Some(tr) = keep(sc.travel_minutes(s as usize, t as usize)) {
                        out.push((s, t, tr));
                    }
                }
            }
            for (&(s, t), &m) in &sc.matrix {
                if m <= mt {
                    out.push((s, t, m));
                }
            }
        }
        None => {
            for s in 0..ns {
                for t in s + 1..ns {
                    if let Some(tr) = sc.travel_minutes(s, t) {
                        out.push((s as u32, t as u32, tr));
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|e| (e.0, e.1));
    out
}

/// Calls `f(a, b, travel)` for every candidate pair (both teachers of capacity above 0,
/// the subject and year-level masks intersect when required, the schools within reach),
/// until `f` returns `false`; `travel` is the one-way minutes between their schools.
/// Returns the number of school pairs searched.
fn for_each_candidate(sc: &Scorer, mut f: impl FnMut(usize, usize, u32) -> bool) -> u64 {
    let ns = sc.school_count();
    let h = &sc.policy.hard;
    // The masks a pair must share (all ones when the rule is off, so any two pass).
    let smask = |i: usize| {
        if h.require_shared_subject {
            sc.subject_mask[i]
        } else {
            u64::MAX
        }
    };
    let ymask = |i: usize| {
        if h.require_shared_year_level {
            sc.year_mask[i]
        } else {
            u32::MAX
        }
    };
    // Teachers of capacity above 0 by school, in teacher order, with their masks next to
    // them: the filter below reads one small record per teacher, in order.
    let mut off = vec![0u32; ns + 1];
    for (i, &s) in sc.school_of.iter().enumerate() {
        if sc.capacity[i] != 0 {
            off[s as usize + 1] += 1;
        }
    }
    for s in 0..ns {
        off[s + 1] += off[s];
    }
    let mut fill = off.clone();
    let mut by_school = vec![(0u32, 0u32, 0u64); off[ns] as usize];
    for (i, &s) in sc.school_of.iter().enumerate() {
        if sc.capacity[i] != 0 {
            by_school[fill[s as usize] as usize] = (i as u32, ymask(i), smask(i));
            fill[s as usize] += 1;
        }
    }
    let members = |s: u32| &by_school[off[s as usize] as usize..off[s as usize + 1] as usize];
    let pairs = school_pairs(sc);
    let biggest = (0..ns).map(|s| off[s + 1] - off[s]).max().unwrap_or(0);
    let mut hits = vec![0u32; biggest as usize];
    for &(s, t, travel) in &pairs {
        let (ms, mt) = (members(s), members(t));
        for (x, &(a, ya, sa)) in ms.iter().enumerate() {
            let others = if s == t { &ms[x + 1..] } else { mt };
            // Branch-free filter: most pairs fail the masks, unpredictably.
            // (`n` never passes the index of the record being read, so `hits[n]` fits.)
            let mut n = 0;
            for &(b, yb, sb) in others {
                hits[n] = b;
                n += usize::from((sa & sb != 0) & (ya & yb != 0));
            }
            for &b in &hits[..n] {
                if !f(a as usize, b as usize, travel) {
                    return pairs.len() as u64;
                }
            }
        }
    }
    pairs.len() as u64
}

/// Calls `f(a, b, score)` (any order of `a`, `b`) for every feasible candidate pair, until
/// `f` returns `false`.
fn for_each_feasible(
    sc: &Scorer,
    stats: &mut CandidateStats,
    mut f: impl FnMut(u32, u32, &PairScore) -> bool,
) {
    let (mut scored, mut feasible) = (0u64, 0u64);
    stats.school_pairs = for_each_candidate(sc, |a, b, travel| {
        scored += 1;
        match sc.fast_score(a, b, travel) {
            Some(score) => {
                feasible += 1;
                f(a as u32, b as u32, &score)
            }
            None => true,
        }
    });
    stats.pairs_scored += scored;
    stats.pairs_feasible += feasible;
}

/// A partner in a teacher's top-k list: the pair's score and what is needed to rebuild
/// its [`PairScore`] without planning its meetings again.
#[derive(Clone, Copy, Debug)]
struct Kept {
    score: i64,
    other: u32,
    travel: u32,
    meeting: Option<MeetingSummary>,
}

/// Worse partners are *greater* (lower score, then larger index), so a max-heap of
/// [`Kept`] has the weakest kept partner on top.
impl Ord for Kept {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        o.score.cmp(&self.score).then(self.other.cmp(&o.other))
    }
}

impl PartialOrd for Kept {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl PartialEq for Kept {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o).is_eq()
    }
}

impl Eq for Kept {}

/// A candidate pair waiting to be scored, with the sum of its [`Scorer::timeless`]
/// criteria.
#[derive(Clone, Copy, Debug)]
struct Pending {
    timeless: i64,
    a: u32,
    b: u32,
    travel: u32,
    /// [`Scorer::time_bound`] (at most twice `MAX_POINTS` points, so it fits).
    time_bound: u32,
}

impl Pending {
    /// An upper bound on the pair's score.
    fn bound(&self) -> i64 {
        self.timeless + i64::from(self.time_bound)
    }
}

/// How finely [`Lists::offer`] orders the candidates by bound: a stable counting sort
/// into this many equal slices of the bounds' range, best slice first, candidate order
/// kept within a slice. Finer slices skip a few more pairs (20,000 teachers, k = 30:
/// 628k pairs scored with 8, 610k with 32, 604k with a full sort, 1.11M in candidate
/// order) but visit the teachers in a more scattered order, which measured slower.
const BOUND_BUCKETS: u64 = 8;

/// The top-k lists being filled.
struct Lists<'s> {
    sc: &'s Scorer,
    k: usize,
    heaps: Vec<BinaryHeap<Kept>>,
    /// The weakest score of each full list (`i64::MIN` while it is not full): the heaps'
    /// tops, in one small array so the pruning test does not visit the heaps.
    floors: Vec<i64>,
    scored: u64,
    feasible: u64,
    pruned: u64,
}

impl Lists<'_> {
    /// Scores the pending pairs into the lists, best bounds first; empties `buf`.
    fn offer(&mut self, buf: &mut Vec<Pending>) {
        let buckets = BOUND_BUCKETS;
        let Some(hi) = buf.iter().map(|p| p.bound()).max() else {
            return;
        };
        let lo = buf.iter().map(|p| p.bound()).min().unwrap_or(hi);
        let span = hi.abs_diff(lo).max(1);
        let bucket = |p: &Pending| (hi.abs_diff(p.bound()) * (buckets - 1) / span) as usize;
        let mut start = vec![0u32; buckets as usize + 1];
        for p in buf.iter() {
            start[bucket(p) + 1] += 1;
        }
        for i in 0..buckets as usize {
            start[i + 1] += start[i];
        }
        let mut order = vec![0u32; buf.len()];
        for (i, p) in buf.iter().enumerate() {
            let b = bucket(p);
            order[start[b] as usize] = i as u32;
            start[b] += 1;
        }
        for &i in &order {
            self.consider(buf[i as usize]);
        }
        buf.clear();
    }

    /// Scores one pair into both lists, unless its bound shows it cannot enter either.
    #[inline]
    fn consider(&mut self, p: Pending) {
        let (a, b) = (p.a as usize, p.b as usize);
        if p.bound() < self.floors[a].min(self.floors[b]) {
            self.pruned += 1;
            return;
        }
        self.scored += 1;
        let Some(meeting) = self.sc.fast_meeting(a, b, p.travel) else {
            return;
        };
        self.feasible += 1;
        let score = self.sc.total_with(p.timeless, meeting);
        for (x, y) in [(a, b), (b, a)] {
            let item = Kept {
                score,
                other: y as u32,
                travel: p.travel,
                meeting,
            };
            let heap = &mut self.heaps[x];
            if heap.len() < self.k {
                heap.push(item);
            } else if let Some(mut worst) = heap.peek_mut() {
                if item < *worst {
                    *worst = item;
                }
            }
            if heap.len() >= self.k {
                self.floors[x] = heap.peek().map_or(i64::MIN, |w| w.score);
            }
        }
    }
}

/// The top-k lists: every teacher's `k` best feasible partners (score, then smaller index),
/// as `(a, b, score)` with `a < b`, sorted, without repeats.
///
/// Scoring plans the pair's meetings, the expensive part; the pair's timeless criteria
/// plus [`Scorer::time_bound`] bound the score without it. Once both teachers' lists are
/// full, a pair whose bound is below the weakest score of both lists is skipped unscored
/// (counted in
/// [`CandidateStats::pairs_pruned`]): lists only improve, so it could never be kept. The
/// result is the same as scoring every candidate, in any order: a list is the `k` best of
/// its teacher's feasible partners under a strict order (score, then index), and a
/// skipped pair is worse than a full list's weakest.
///
/// The order decides how much is skipped, so the candidates are buffered and offered best
/// bound first: the lists fill with strong partners early, and most weaker pairs are then
/// skipped. The buffer holds at most `4·n·k` candidates (at least 2^16, at most 2^22; the
/// candidates are offered in chunks of that size when there are more), so memory stays
/// O(n·k). The lists keep each pair's meeting summary, so a kept pair is planned once.
fn top_k_lists(sc: &Scorer, k: usize, stats: &mut CandidateStats) -> Vec<ScoredPair> {
    let n = sc.len();
    // Sized up front (a list rarely stays short): no regrowth while scoring.
    let mut lists = Lists {
        sc,
        k,
        heaps: (0..n)
            .map(|_| BinaryHeap::with_capacity(k.min(64)))
            .collect(),
        floors: vec![i64::MIN; n],
        scored: 0,
        feasible: 0,
        pruned: 0,
    };
    let chunk = n
        .saturating_mul(k)
        .saturating_mul(4)
        .clamp(1 << 16, 1 << 22);
    let mut buf: Vec<Pending> = Vec::new();
    stats.school_pairs = for_each_candidate(sc, |a, b, travel| {
        let timeless = sc.timeless(a, b).total();
        buf.push(Pending {
            timeless,
            time_bound: sc.time_bound(a, b, travel) as u32,
            a: a as u32,
            b: b as u32,
            travel,
        });
        if buf.len() >= chunk {
            lists.offer(&mut buf);
        }
        true
    });
    lists.offer(&mut buf);
    drop(buf);
    stats.pairs_scored += lists.scored;
    stats.pairs_feasible += lists.feasible;
    stats.pairs_pruned += lists.pruned;
    // The union of the lists as `(a, b)`, `a < b`, sorted, without repeats: bucketed by
    // `a` (a counting sort), then each short bucket sorted by `b`.
    let heaps = lists.heaps;
    let mut start = vec![0usize; n + 1];
    for (a, heap) in heaps.iter().enumerate() {
        for e in heap.iter() {
            start[a.min(e.other as usize) + 1] += 1;
        }
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let blank = Kept {
        score: 0,
        other: 0,
        travel: 0,
        meeting: None,
    };
    let mut slots = vec![(0u32, blank); start[n]];
    let mut fill = start.clone();
    for (a, heap) in heaps.into_iter().enumerate() {
        for e in heap {
            let lo = a.min(e.other as usize);
            slots[fill[lo]] = (a.max(e.other as usize) as u32, e);
            fill[lo] += 1;
        }
    }
    let mut out = Vec::with_capacity(slots.len());
    for a in 0..n {
        let bucket = &mut slots[start[a]..start[a + 1]];
        bucket.sort_unstable_by_key(|e| e.0);
        let mut last = None;
        for &(b, e) in bucket.iter() {
            // A pair in both lists appears twice, with the same travel and meeting.
            if last != Some(b) {
                last = Some(b);
                out.push((a as u32, b, sc.rescore(a, b as usize, e.travel, e.meeting)));
            }
        }
    }
    out
}

/// Generates the kept pairs of `scorer` under `mode`, sorted by `(a, b)` with `a < b`.
///
/// # Example
/// ```
/// use peermatch::cohort::generate::{generate, GeneratorConfig};
/// use peermatch::compat::{candidate_pairs, CandidateMode, Policy, Scorer};
/// let cohort = generate(&GeneratorConfig::city(200, 3));
/// let scorer = Scorer::new(&cohort, &Policy::default()).unwrap();
/// let (all, _) = candidate_pairs(&scorer, CandidateMode::Exact);
/// let (top, stats) = candidate_pairs(&scorer, CandidateMode::TopK { k: 5 });
/// assert!(top.len() <= all.len() && top.len() <= 200 * 5);
/// assert_eq!(stats.edges as usize, top.len());
/// ```
///
/// # Complexity
/// See the [module docs](self). Top-k adds O(log k) per feasible pair and O(n·k) memory.
#[must_use]
pub fn candidate_pairs(scorer: &Scorer, mode: CandidateMode) -> (Vec<ScoredPair>, CandidateStats) {
    let mut stats = CandidateStats::default();
    // Must-pairs are kept whatever the rules and the pruning say: `(a, b)`, `a < b`, sorted
    // (the partner lists are sorted).
    let must: Vec<(u32, u32)> = (0..scorer.len())
        .flat_map(|a| {
            let a = a as u32;
            scorer
                .must_partners(a as usize)
                .iter()
                .filter(move |&&b| b > a)
                .map(move |&b| (a, b))
        })
        .collect();
    let pinned = |(a, b): (u32, u32)| scorer.score(a as usize, b as usize).ok().map(|s| (a, b, s));
    let edges = match mode {
        CandidateMode::Exact => {
            let mut edges: Vec<ScoredPair> = Vec::new();
            for_each_feasible(scorer, &mut stats, |a, b, s| {
                edges.push((a.min(b), a.max(b), *s));
                true
            });
            edges.sort_unstable_by_key(|e| (e.0, e.1));
            // A feasible must-pair is already there (scored as pinned).
            let missing: Vec<ScoredPair> = must
                .iter()
                .filter(|&&(a, b)| edges.binary_search_by_key(&(a, b), |e| (e.0, e.1)).is_err())
                .filter_map(|&p| pinned(p))
                .collect();
            if !missing.is_empty() {
                edges.extend(missing);
                edges.sort_unstable_by_key(|e| (e.0, e.1));
            }
            edges
        }
        CandidateMode::TopK { k } => {
            let kept = top_k_lists(scorer, k.max(1), &mut stats);
            // Merge the must-pairs in, in `(a, b)` order.
            let mut edges = Vec::with_capacity(kept.len() + must.len());
            let mut m = must.iter().copied().peekable();
            for e in kept {
                while let Some(p) = m.next_if(|&p| p < (e.0, e.1)) {
                    edges.extend(pinned(p));
                }
                m.next_if_eq(&(e.0, e.1));
                edges.push(e);
            }
            edges.extend(m.filter_map(pinned));
            edges
        }
    };
    stats.edges = edges.len() as u64;
    (edges, stats)
}

/// An exact graph would hold more feasible pairs than [`crate::compat::Policy::max_exact_pairs`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "an exact compatibility graph of these {teachers} teachers would hold more than \
     {budget} feasible pairs (the policy's max_exact_pairs; about {bytes_per_pair} bytes \
     each): use top-k candidates (--top-k 30, or CandidateMode::TopK {{ k: 30 }}), split \
     the cohort by region, or raise max_exact_pairs"
)]
pub struct PairBudgetExceeded {
    /// Teachers in the cohort.
    pub teachers: usize,
    /// The budget ([`crate::compat::Policy::max_exact_pairs`]); the count stopped at
    /// `budget + 1`.
    pub budget: u32,
    /// Approximate bytes an exact graph spends per pair (edge list + graph edge).
    pub bytes_per_pair: usize,
}

/// Checks the exact-graph pair budget before anything is stored (issue 11, D3): in
/// [`CandidateMode::Exact`], when the cohort could have more than
/// [`crate::compat::Policy::max_exact_pairs`] pairs (`n(n-1)/2` above it), the feasible
/// pairs are counted — nothing kept, the count stops at `budget + 1` — and an excess is an
/// error. Top-k mode holds at most `n·k` pairs and always passes.
///
/// Costs O(1) for cohorts whose every pair fits the budget; otherwise one scoring pass
/// over at most `budget + 1` feasible pairs (plus the pairs the masks reject), with
/// memory O(n + school pairs within reach).
///
/// ```
/// use peermatch::cohort::generate::{generate, GeneratorConfig};
/// use peermatch::compat::{check_pair_budget, CandidateMode, Policy, Scorer};
/// let cohort = generate(&GeneratorConfig::city(200, 3));
/// let tight = Policy { max_exact_pairs: 10, ..Policy::default() };
/// let scorer = Scorer::new(&cohort, &tight)?;
/// let err = check_pair_budget(&scorer, CandidateMode::Exact).unwrap_err();
/// assert_eq!((err.teachers, err.budget), (200, 10));
/// assert!(err.to_string().contains("--top-k 30"));
/// assert!(check_pair_budget(&scorer, CandidateMode::TopK { k: 30 }).is_ok());
/// # Ok::<(), peermatch::compat::BuildError>(())
/// ```
///
/// # Errors
/// [`PairBudgetExceeded`] naming the cohort size, the budget and the way out.
pub fn check_pair_budget(scorer: &Scorer, mode: CandidateMode) -> Result<(), PairBudgetExceeded> {
    let budget = scorer.policy.max_exact_pairs;
    let n = scorer.len() as u64;
    if mode != CandidateMode::Exact || n * n.saturating_sub(1) / 2 <= u64::from(budget) {
        return Ok(());
    }
    let mut count = 0u64;
    for_each_feasible(scorer, &mut CandidateStats::default(), |_, _, _| {
        count += 1;
        count <= u64::from(budget)
    });
    if count <= u64::from(budget) {
        return Ok(());
    }
    Err(PairBudgetExceeded {
        teachers: scorer.len(),
        budget,
        // The edge list, and the graph's edge (the score plus two node and two link ids).
        bytes_per_pair: 2 * std::mem::size_of::<ScoredPair>() + 16,
    })
}
