//! The general group-formation problem (the *maximally diverse grouping problem*, MDGP)
//! and its solver: iterated maxima search over moves and swaps.
//!
//! # The problem
//!
//! Split `n` participants into groups, each group `g` of a size within its bounds
//! `[min_g, max_g]`, maximising `Σ over groups Σ over member pairs w(a, b)`. [`Shape`] says
//! how many groups there are: a fixed list of per-group bounds (the MDGPLIB "ds" case; all
//! equal for "ss"), or a range of group counts with one size range. Weights are `i64`
//! ([`Weights::dense`] for complete data, [`Weights::sparse`] for a compatibility graph,
//! where a pair that is not an edge contributes 0, optionally with a penalty per pair of
//! members from the same school).
//!
//! # The method (iterated maxima search, after Lai & Hao 2016)
//!
//! 1. **Start**: the warm start, or a seeded random assignment that fills every group to
//!    its minimum and distributes the rest where there is room.
//! 2. **Local search**: passes over the participants in a seeded random order, each
//!    applying the best improving *move* (sizes permitting) or *swap*, until a pass
//!    changes nothing. The dense engine keeps the participant × group gain table
//!    (`conn[v][g] = Σ w(v, u)` over members `u` of `g`), so each candidate costs O(1) and
//!    an applied step O(n). The sparse engine draws candidate groups from the
//!    participant's neighbours plus two random groups, and evaluates each candidate from
//!    adjacency lists (memory linear in the graph). The dense engine also keeps, per pair
//!    of groups `(a, b)`, the best gain of a member of `b` moving to `a`; with the
//!    smallest weight in a participant's row it bounds every swap between `a` and `b`, so
//!    most groups are skipped without looking at their members (about 5× fewer CPU
//!    seconds per round at n = 480).
//! 3. **Weak perturbation**: `strength` steps (default `max(2, n / (2m))`, tied to the mean
//!    group size), each the best of a few sampled random swaps or moves, improving or
//!    not; the local search then runs again and its result is **always accepted** as the
//!    new current solution. The best solution seen is kept. After `2 · m` rounds without
//!    a new best, the search restarts from the best solution.
//! 4. **Budget**: [`SearchOptions::time_limit`] (wall clock) and/or
//!    [`SearchOptions::max_rounds`] (perturbation rounds; with a round budget and no time
//!    limit the result depends only on the input and the seed). With no budget at all,
//!    [`DEFAULT_ROUNDS`] rounds, stopping early after [`DEFAULT_STALE_ROUNDS`] rounds
//!    without a new best or once the dense local search has evaluated
//!    [`DEFAULT_WORK_PER_N`]` · n` swap candidates (a counted, hence deterministic, cap:
//!    on Euclidean weights the swap bound prunes little and a round costs 5–9× more).
//!    A progress hook
//!    ([`search_with_progress`]) sees every new best and can stop the run.
//! 5. **Population** (dense weights, on by default when a time budget is given, see
//!    [`SearchOptions::population`]): a pool of [`DEFAULT_POPULATION`] solutions, each
//!    the result of steps 1–3 for `max(n, 50)` rounds, recombined by a group-based crossover
//!    (groups copied alternately from two parents, the best remaining group first; the
//!    rest placed greedily within the bounds); each child is improved by steps 2–3 and
//!    replaces the worst member when better. Children inherit their parents' group sizes,
//!    which is what single moves cannot change on "ds" instances (different size bounds
//!    per group).
//!
//! # Complexity
//!
//! Dense: memory `8n² + 8nm` bytes, one pass O(n²). Sparse: memory O(n + edges), one pass
//! O(Σ_v (deg v + c · s · s · log deg)) with `s` the group size and `c = 3` candidate
//! groups for swaps.
//!
//! Reference: X. Lai and J.-K. Hao, "Iterated maxima search for the maximally diverse
//! grouping problem", European Journal of Operational Research 254(3), 2016.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{construct, cpu_clock, gain, memetic, sparse};

pub use super::memetic::DEFAULT_POPULATION;

/// Perturbation rounds run when neither a time limit nor a round budget is given (the
/// search also stops then after [`DEFAULT_STALE_ROUNDS`] rounds without a new best).
pub const DEFAULT_ROUNDS: u64 = 600;

/// Under the default budget, rounds without a new best solution after which the search
/// stops (with an explicit budget it runs until the budget is spent).
pub const DEFAULT_STALE_ROUNDS: u64 = 150;

/// Under the default budget, the search also stops once the local search has evaluated
/// this many swap candidates per participant (a deterministic work cap; see
/// [`DEFAULT_ROUNDS`]).
pub const DEFAULT_WORK_PER_N: u64 = 250_000;

/// Pair weights of a [`Problem`].
#[derive(Clone, Debug)]
pub enum Weights {
    /// A full symmetric `n × n` matrix (row-major; the diagonal is ignored).
    Dense {
        /// Participants.
        n: usize,
        /// `w[a * n + b]`.
        w: Vec<i64>,
    },
    /// A sparse symmetric graph in CSR form (neighbours ascending); absent pairs weigh 0,
    /// except that pairs from the same school (when `schools` is set) pay the penalty.
    Sparse {
        /// Participants.
        n: usize,
        /// `offsets[v]..offsets[v + 1]` indexes `v`'s neighbours.
        offsets: Vec<usize>,
        /// Neighbours, ascending per participant.
        nbrs: Vec<usize>,
        /// Edge weights in the order of `nbrs`.
        ws: Vec<i64>,
        /// School index per participant and the penalty per same-school pair.
        schools: Option<(Vec<usize>, i64)>,
    },
}

/// Largest absolute pair weight accepted (2^40): sums over all pairs of a group stay far
/// inside `i64`.
pub const MAX_ABS_WEIGHT: i64 = 1 << 40;

impl Weights {
    /// A dense matrix; checked for length, symmetry and range.
    ///
    /// # Errors
    /// [`SearchError::DenseLength`], [`SearchError::Asymmetric`], [`SearchError::WeightRange`].
    pub fn dense(n: usize, w: Vec<i64>) -> Result<Weights, SearchError> {
        if w.len() != n * n {
            return Err(SearchError::DenseLength { n, len: w.len() });
        }
        for a in 0..n {
            for b in a + 1..n {
                let x = w[a * n + b];
                if x != w[b * n + a] {
                    return Err(SearchError::Asymmetric { a, b });
                }
                if x.unsigned_abs() > MAX_ABS_WEIGHT as u64 {
                    return Err(SearchError::WeightRange { a, b, weight: x });
                }
            }
        }
        Ok(Weights::Dense { n, w })
    }

    /// A sparse graph from an edge list `(a, b, w)` (any order, each pair once).
    ///
    /// # Errors
    /// [`SearchError::EdgeEndpoint`], [`SearchError::DuplicateEdge`],
    /// [`SearchError::WeightRange`]. Memory O(n + edges).
    pub fn sparse(n: usize, edges: &[(usize, usize, i64)]) -> Result<Weights, SearchError> {
        let mut deg = vec![0usize; n + 1];
        for (i, &(a, b, w)) in edges.iter().enumerate() {
            if a >= n || b >= n || a == b {
                return Err(SearchError::EdgeEndpoint { index: i, a, b, n });
            }
            if w.unsigned_abs() > MAX_ABS_WEIGHT as u64 {
                return Err(SearchError::WeightRange { a, b, weight: w });
            }
            deg[a] += 1;
            deg[b] += 1;
        }
        let mut offsets = vec![0usize; n + 1];
        for v in 0..n {
            offsets[v + 1] = offsets[v] + deg[v];
        }
        let mut fill = offsets.clone();
        let mut pairs = vec![(0usize, 0i64); offsets[n]];
        for &(a, b, w) in edges {
            pairs[fill[a]] = (b, w);
            fill[a] += 1;
            pairs[fill[b]] = (a, w);
            fill[b] += 1;
        }
        for v in 0..n {
            let row = &mut pairs[offsets[v]..offsets[v + 1]];
            row.sort_unstable();
            if let Some(x) = row.windows(2).find(|x| x[0].0 == x[1].0) {
                return Err(SearchError::DuplicateEdge { a: v, b: x[0].0 });
            }
        }
        Ok(Weights::Sparse {
            n,
            offsets,
            nbrs: pairs.iter().map(|p| p.0).collect(),
            ws: pairs.iter().map(|p| p.1).collect(),
            schools: None,
        })
    }

    /// Adds a penalty of `weight` per pair of group members from the same school (sparse
    /// weights only; for dense weights fold it into the matrix).
    ///
    /// # Errors
    /// [`SearchError::SchoolsLength`], [`SearchError::WeightRange`] (penalty out of range),
    /// [`SearchError::SchoolsOnDense`].
    pub fn with_school_penalty(
        self,
        schools: Vec<usize>,
        weight: i64,
    ) -> Result<Weights, SearchError> {
        if weight.unsigned_abs() > MAX_ABS_WEIGHT as u64 {
            return Err(SearchError::WeightRange { a: 0, b: 0, weight });
        }
        match self {
            Weights::Dense { .. } => Err(SearchError::SchoolsOnDense),
            Weights::Sparse {
                n,
                offsets,
                nbrs,
                ws,
                ..
            } => {
                if schools.len() != n {
                    return Err(SearchError::SchoolsLength {
                        n,
                        got: schools.len(),
                    });
                }
                Ok(Weights::Sparse {
                    n,
                    offsets,
                    nbrs,
                    ws,
                    schools: Some((schools, weight)),
                })
            }
        }
    }

    /// Participants.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            Weights::Dense { n, .. } | Weights::Sparse { n, .. } => *n,
        }
    }

    /// `true` when there are no participants.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The weight of the pair `{a, b}` (`a ≠ b`), school penalty included.
    #[must_use]
    pub fn weight(&self, a: usize, b: usize) -> i64 {
        match self {
            Weights::Dense { n, w } => w[a * n + b],
            Weights::Sparse {
                offsets,
                nbrs,
                ws,
                schools,
                ..
            } => {
                let row = &nbrs[offsets[a]..offsets[a + 1]];
                let e = row.binary_search(&b).map_or(0, |i| ws[offsets[a] + i]);
                match schools {
                    Some((s, p)) if s[a] == s[b] => e - p,
                    _ => e,
                }
            }
        }
    }

    /// The stored weight of the pair without the school penalty: `Some` for a dense
    /// matrix entry or a sparse edge, `None` for a pair that is not an edge.
    #[must_use]
    pub fn edge(&self, a: usize, b: usize) -> Option<i64> {
        match self {
            Weights::Dense { n, w } => Some(w[a * n + b]),
            Weights::Sparse {
                offsets, nbrs, ws, ..
            } => nbrs[offsets[a]..offsets[a + 1]]
                .binary_search(&b)
                .ok()
                .map(|i| ws[offsets[a] + i]),
        }
    }

    /// The objective of a partition given as member lists (O(Σ size²) weight look-ups).
    #[must_use]
    pub fn objective_of(&self, groups: &[Vec<usize>]) -> i64 {
        groups
            .iter()
            .map(|g| {
                let mut s = 0;
                for (i, &a) in g.iter().enumerate() {
                    for &b in &g[i + 1..] {
                        s += self.weight(a, b);
                    }
                }
                s
            })
            .sum()
    }
}

/// How many groups, of which sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Exactly one group per entry, group `g` with size in `bounds[g].0..=bounds[g].1`.
    Fixed(Vec<(usize, usize)>),
    /// Any group count in `min_groups..=max_groups` (each feasible one is tried, the
    /// budget split evenly), every group of size `min_size..=max_size`.
    Uniform {
        /// Fewest groups.
        min_groups: usize,
        /// Most groups.
        max_groups: usize,
        /// Smallest group (at least 1).
        min_size: usize,
        /// Largest group.
        max_size: usize,
    },
}

/// A problem: weights and a shape.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The pair weights.
    pub weights: Weights,
    /// The group count and sizes.
    pub shape: Shape,
}

/// How the search runs.
#[derive(Clone, Debug, Default)]
pub struct SearchOptions {
    /// Seed of every random choice.
    pub seed: u64,
    /// Wall-clock budget.
    pub time_limit: Option<Duration>,
    /// Budget in CPU time of the calling thread (Linux procfs; where that cannot be read,
    /// wall time): unlike [`SearchOptions::time_limit`], other processes on a loaded
    /// machine do not shrink it. Checked every 5 ms of wall time.
    pub cpu_time_limit: Option<Duration>,
    /// Budget in perturbation rounds (over all group counts tried). With neither budget,
    /// [`DEFAULT_ROUNDS`].
    pub max_rounds: Option<u64>,
    /// An existing partition to improve: the group of each participant (group indices as
    /// in [`Shape::Fixed`]; for [`Shape::Uniform`] the count is `max + 1`).
    pub warm_start: Option<Vec<usize>>,
    /// Perturbation steps per round (default `max(2, n / (2m))`).
    pub strength: Option<usize>,
    /// Pool size of the population search (dense weights only; see the module docs):
    /// `Some(0)` or `Some(1)` runs plain iterated maxima search. Default: a pool of
    /// [`DEFAULT_POPULATION`] when a time or CPU-time budget is given, else plain iterated
    /// maxima search.
    pub population: Option<usize>,
}

/// Why the search stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The round budget was used.
    Rounds,
    /// The time limit was reached.
    Time,
    /// The progress hook asked to stop.
    Hook,
}

/// What the progress hook sees (on every new best solution and every 256 rounds).
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// Rounds run so far.
    pub round: u64,
    /// Groups in the count currently searched.
    pub groups: usize,
    /// Best objective so far (this group count).
    pub best: i64,
    /// Objective of the current solution.
    pub current: i64,
    /// Time since the search began.
    pub elapsed: Duration,
}

/// The result of [`search`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solution {
    /// Members of each group, ascending; group `g` has the bounds of `Shape::Fixed[g]`.
    pub groups: Vec<Vec<usize>>,
    /// The group of each participant.
    pub group_of: Vec<usize>,
    /// The objective, recomputed from `groups`.
    pub objective: i64,
    /// Perturbation rounds run.
    pub rounds: u64,
    /// Local-search passes run.
    pub passes: u64,
    /// Why the search stopped.
    pub stopped: StopReason,
}

/// Why a problem cannot be searched.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum SearchError {
    /// The dense matrix does not have `n²` entries.
    #[error("dense weights: {len} entries for {n} participants (need n*n)")]
    DenseLength {
        /// Participants.
        n: usize,
        /// Entries given.
        len: usize,
    },
    /// `w[a][b] ≠ w[b][a]`.
    #[error("dense weights are not symmetric at ({a}, {b})")]
    Asymmetric {
        /// Row.
        a: usize,
        /// Column.
        b: usize,
    },
    /// A weight beyond [`MAX_ABS_WEIGHT`].
    #[error("weight {weight} of pair ({a}, {b}) is out of range (at most 2^40 in absolute value)")]
    WeightRange {
        /// First participant.
        a: usize,
        /// Second participant.
        b: usize,
        /// The weight.
        weight: i64,
    },
    /// An edge with an endpoint out of range or a loop.
    #[error("edge {index} ({a}, {b}) is not a pair of distinct participants below {n}")]
    EdgeEndpoint {
        /// Position in the edge list.
        index: usize,
        /// First endpoint.
        a: usize,
        /// Second endpoint.
        b: usize,
        /// Participants.
        n: usize,
    },
    /// The same pair twice.
    #[error("pair ({a}, {b}) is listed twice")]
    DuplicateEdge {
        /// First participant.
        a: usize,
        /// Second participant.
        b: usize,
    },
    /// A school list of the wrong length.
    #[error("{got} school entries for {n} participants")]
    SchoolsLength {
        /// Participants.
        n: usize,
        /// Entries given.
        got: usize,
    },
    /// School penalties are only supported on sparse weights.
    #[error("a school penalty needs sparse weights (fold it into a dense matrix instead)")]
    SchoolsOnDense,
    /// A group with `min > max` (or a uniform shape with `min_size` 0).
    #[error("group {group} has bounds {min}..={max}")]
    InvalidBounds {
        /// Group index (0 for a uniform shape).
        group: usize,
        /// Its minimum.
        min: usize,
        /// Its maximum.
        max: usize,
    },
    /// No group count of the shape fits `n`.
    #[error(
        "{n} participants do not fit the shape (sizes sum to {min_total}..={max_total} at best)"
    )]
    Infeasible {
        /// Participants.
        n: usize,
        /// Smallest total size of the closest group count.
        min_total: usize,
        /// Largest total size of the closest group count.
        max_total: usize,
    },
    /// A warm start of the wrong length.
    #[error("warm start has {got} entries for {n} participants")]
    WarmStartLength {
        /// Participants.
        n: usize,
        /// Entries given.
        got: usize,
    },
    /// A warm start whose group count or sizes do not fit the shape.
    #[error("warm start: group {group} has {size} members, outside {min}..={max} (or the group count does not fit the shape)")]
    WarmStartShape {
        /// Group.
        group: usize,
        /// Its size in the warm start.
        size: usize,
        /// Its minimum.
        min: usize,
        /// Its maximum.
        max: usize,
    },
}

/// One neighbourhood engine (dense gain table or sparse candidates).
pub(super) trait Engine {
    /// Local search to a local optimum (or `cap` passes); returns the passes run.
    fn local_search(&mut self, rng: &mut ChaCha8Rng, cap: usize) -> usize;
    /// `steps` weak perturbation steps.
    fn perturb(&mut self, steps: usize, rng: &mut ChaCha8Rng);
    /// The current objective (kept incrementally).
    fn objective(&self) -> i64;
    /// The current assignment.
    fn group_of(&self) -> &[usize];
    /// Moves to the given assignment (same group sizes guaranteed feasible).
    fn reset(&mut self, group_of: &[usize]);
    /// Starts logging steps for [`Engine::undo`]; `false` when the engine cannot undo
    /// (then the driver accepts every perturbed local optimum).
    fn mark(&mut self) -> bool {
        false
    }
    /// Rolls back every step since [`Engine::mark`].
    fn undo(&mut self) {}
    /// Swap candidates the local search has evaluated so far: a deterministic measure
    /// of the work done, for [`DEFAULT_WORK_PER_N`] (0 where not counted).
    fn work(&self) -> u64 {
        0
    }
}

/// The candidate group-bound lists of a shape, nearest-to-`n` first.
fn bound_lists(n: usize, shape: &Shape) -> Result<Vec<Vec<(usize, usize)>>, SearchError> {
    match shape {
        Shape::Fixed(b) => {
            for (g, &(lo, hi)) in b.iter().enumerate() {
                if lo > hi || hi == 0 {
                    return Err(SearchError::InvalidBounds {
                        group: g,
                        min: lo,
                        max: hi,
                    });
                }
            }
            let lo: usize = b.iter().map(|x| x.0).sum();
            let hi: usize = b.iter().map(|x| x.1).sum();
            if b.is_empty() || n < lo || n > hi {
                return Err(SearchError::Infeasible {
                    n,
                    min_total: lo,
                    max_total: hi,
                });
            }
            Ok(vec![b.clone()])
        }
        &Shape::Uniform {
            min_groups,
            max_groups,
            min_size,
            max_size,
        } => {
            if min_size == 0 || min_size > max_size {
                return Err(SearchError::InvalidBounds {
                    group: 0,
                    min: min_size,
                    max: max_size,
                });
            }
            let k_lo = min_groups.max(n.div_ceil(max_size)).max(1);
            let k_hi = max_groups.min(n / min_size);
            if k_lo > k_hi {
                let k = min_groups.max(1);
                return Err(SearchError::Infeasible {
                    n,
                    min_total: k * min_size,
                    max_total: k * max_size,
                });
            }
            Ok((k_lo..=k_hi)
                .map(|k| vec![(min_size, max_size); k])
                .collect())
        }
    }
}

/// Group sizes within the bounds summing to `n` (`Σ min ≤ n ≤ Σ max`): every group at
/// its minimum, the surplus distributed one by one over groups with room in a seeded
/// random order.
pub(super) fn target_sizes(
    n: usize,
    bounds: &[(usize, usize)],
    rng: &mut ChaCha8Rng,
) -> Vec<usize> {
    let mut size: Vec<usize> = bounds.iter().map(|b| b.0).collect();
    let mut extra = n - size.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..bounds.len()).collect();
    while extra > 0 {
        order.shuffle(rng);
        for &g in &order {
            if extra > 0 && size[g] < bounds[g].1 {
                size[g] += 1;
                extra -= 1;
            }
        }
    }
    size
}

/// A seeded random assignment within the bounds (`Σ min ≤ n ≤ Σ max`).
pub(crate) fn random_start(
    n: usize,
    bounds: &[(usize, usize)],
    rng: &mut ChaCha8Rng,
) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..n).collect();
    perm.shuffle(rng);
    let mut group_of = vec![0; n];
    let size = target_sizes(n, bounds, rng);
    let mut it = perm.into_iter();
    for (g, &s) in size.iter().enumerate() {
        for v in it.by_ref().take(s) {
            group_of[v] = g;
        }
    }
    group_of
}

/// Solves the problem (see the [module docs](self)).
///
/// # Errors
/// [`SearchError`] for an infeasible shape or a warm start that does not fit it.
pub fn search(problem: &Problem, opts: &SearchOptions) -> Result<Solution, SearchError> {
    search_with_progress(problem, opts, &mut |_| ControlFlow::Continue(()))
}

/// [`search`] with a progress hook, called on every new best solution and every 256
/// rounds; returning `ControlFlow::Break(())` stops the run (the best solution so far is
/// returned).
///
/// # Errors
/// As [`search`].
pub fn search_with_progress(
    problem: &Problem,
    opts: &SearchOptions,
    hook: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Solution, SearchError> {
    let start = Instant::now();
    let n = problem.weights.len();
    let mut lists = bound_lists(n, &problem.shape)?;
    if let Some(ws) = &opts.warm_start {
        if ws.len() != n {
            return Err(SearchError::WarmStartLength { n, got: ws.len() });
        }
        let k = ws.iter().max().map_or(0, |m| m + 1);
        lists.retain(|b| b.len() == k);
        let Some(bounds) = lists.first() else {
            return Err(SearchError::WarmStartShape {
                group: k,
                size: 0,
                min: 0,
                max: 0,
            });
        };
        let mut size = vec![0usize; k];
        for &g in ws {
            size[g] += 1;
        }
        for (g, (&s, &(lo, hi))) in size.iter().zip(bounds).enumerate() {
            if s < lo || s > hi {
                return Err(SearchError::WarmStartShape {
                    group: g,
                    size: s,
                    min: lo,
                    max: hi,
                });
            }
        }
    }
    let rounds_total = match (opts.time_limit, opts.cpu_time_limit, opts.max_rounds) {
        (None, None, None) => Some(DEFAULT_ROUNDS),
        (_, _, r) => r,
    };
    let stale = (opts.time_limit, opts.cpu_time_limit, opts.max_rounds) == (None, None, None);
    let work_total = stale.then(|| DEFAULT_WORK_PER_N.saturating_mul(n as u64));
    let stale = stale.then_some(DEFAULT_STALE_ROUNDS);
    let clock = Clock::start(opts.cpu_time_limit);
    let parts = lists.len() as u32;
    let mut best: Option<(i64, Vec<usize>, usize)> = None;
    let (mut rounds, mut passes) = (0u64, 0u64);
    let mut stopped = StopReason::Rounds;
    for (i, bounds) in lists.iter().enumerate() {
        let share_rounds = rounds_total
            .map(|r| r / u64::from(parts) + u64::from((i as u64) < r % u64::from(parts)));
        let work = work_total.map(|w| w / u64::from(parts));
        let deadline = opts.time_limit.map(|t| start + t * (i as u32 + 1) / parts);
        let cpu_deadline = opts.cpu_time_limit.map(|t| t * (i as u32 + 1) / parts);
        let mut rng = ChaCha8Rng::seed_from_u64(
            opts.seed ^ (bounds.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let init = match &opts.warm_start {
            Some(ws) => ws.clone(),
            None if matches!(problem.weights, Weights::Sparse { .. }) => {
                construct::greedy_start(&problem.weights, bounds, &mut rng)
            }
            None => random_start(n, bounds, &mut rng),
        };
        let budget = Budget {
            deadline,
            cpu: cpu_deadline.map(|d| (&clock, d)),
            stale,
            work,
        };
        let (mut e, pop): (Box<dyn Engine + '_>, usize) = match &problem.weights {
            Weights::Dense { n, w } => (
                Box::new(gain::DenseEngine::new(*n, w, bounds, &init)),
                opts.population.unwrap_or(
                    if opts.time_limit.is_some() || opts.cpu_time_limit.is_some() {
                        DEFAULT_POPULATION
                    } else {
                        0
                    },
                ),
            ),
            w @ Weights::Sparse { .. } => {
                (Box::new(sparse::SparseEngine::new(w, bounds, &init)), 0)
            }
        };
        let out = match &problem.weights {
            Weights::Dense { w, .. } if pop >= 2 => memetic::memetic(
                e.as_mut(),
                w,
                bounds,
                pop,
                opts,
                share_rounds,
                budget,
                start,
                &mut rng,
                hook,
            ),
            _ => ims(
                e.as_mut(),
                n / bounds.len(),
                bounds.len(),
                opts,
                share_rounds,
                budget,
                start,
                &mut rng,
                hook,
            ),
        };
        rounds += out.rounds;
        passes += out.passes;
        stopped = out.stopped;
        if best.as_ref().is_none_or(|b| out.best > b.0) {
            best = Some((out.best, out.group_of, bounds.len()));
        }
        if stopped == StopReason::Hook {
            break;
        }
    }
    let (_, group_of, k) = best.unwrap_or_default();
    let mut groups = vec![Vec::new(); k];
    for (v, &g) in group_of.iter().enumerate() {
        groups[g].push(v);
    }
    let objective = problem.weights.objective_of(&groups);
    Ok(Solution {
        groups,
        group_of,
        objective,
        rounds,
        passes,
        stopped,
    })
}

/// The time budgets of one group count: a wall-clock deadline and/or CPU time since
/// the search began.
#[derive(Clone, Copy)]
pub(super) struct Budget<'a> {
    pub(super) deadline: Option<Instant>,
    pub(super) cpu: Option<(&'a Clock, Duration)>,
    /// Stop after this many rounds without a new best (the default budget only).
    pub(super) stale: Option<u64>,
    /// Stop once the engine's [`Engine::work`] reaches this (the default budget only).
    pub(super) work: Option<u64>,
}

/// CPU time since the search began (wall time where it cannot be read), read at most
/// every [`CPU_CHECK`] of wall time.
pub(super) struct Clock {
    cpu0: Option<Duration>,
    wall0: Instant,
    last: std::cell::Cell<(Instant, Duration)>,
}

/// Wall time between two reads of the CPU clock (a read costs a few microseconds).
const CPU_CHECK: Duration = Duration::from_millis(5);

impl Clock {
    fn start(limit: Option<Duration>) -> Clock {
        let now = Instant::now();
        Clock {
            cpu0: limit.and_then(|_| cpu_clock::thread_cpu_time()),
            wall0: now,
            last: std::cell::Cell::new((now, Duration::ZERO)),
        }
    }

    /// CPU (or wall) time since [`Clock::start`], refreshed every [`CPU_CHECK`].
    fn used_at_least(&self, limit: Duration) -> bool {
        let now = Instant::now();
        let (at, used) = self.last.get();
        if now.duration_since(at) < CPU_CHECK && used < limit {
            return false;
        }
        let used = match (self.cpu0, cpu_clock::thread_cpu_time()) {
            (Some(c0), Some(c)) => c.saturating_sub(c0),
            _ => now.duration_since(self.wall0),
        };
        self.last.set((now, used));
        used >= limit
    }
}

pub(super) struct ImsOut {
    pub(super) best: i64,
    pub(super) group_of: Vec<usize>,
    pub(super) rounds: u64,
    pub(super) passes: u64,
    pub(super) stopped: StopReason,
}

/// Local-search pass cap per descent (a safety net; descents converge in a few passes).
const PASS_CAP: usize = 1000;

/// The iterated maxima search driver.
#[allow(clippy::too_many_arguments)]
pub(super) fn ims(
    e: &mut dyn Engine,
    mean_size: usize,
    m: usize,
    opts: &SearchOptions,
    max_rounds: Option<u64>,
    budget: Budget<'_>,
    start: Instant,
    rng: &mut ChaCha8Rng,
    hook: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> ImsOut {
    let strength = opts.strength.unwrap_or((mean_size / 2).max(2));
    let mut passes = e.local_search(rng, PASS_CAP) as u64;
    let mut best = e.objective();
    let mut best_g = e.group_of().to_vec();
    let mut rounds = 0u64;
    let mut stale = 0u64;
    let restart_after = 2 * m as u64;
    let mut current_is_best = false;
    let mut since_best = 0u64;
    let stopped = loop {
        if max_rounds.is_some_and(|r| rounds >= r)
            || budget.stale.is_some_and(|s| since_best >= s)
            || budget.work.is_some_and(|w| e.work() >= w)
        {
            break StopReason::Rounds;
        }
        if budget.deadline.is_some_and(|d| Instant::now() >= d) {
            break StopReason::Time;
        }
        if let Some((clock, limit)) = budget.cpu {
            if clock.used_at_least(limit) {
                break StopReason::Time;
            }
        }
        rounds += 1;
        let before = e.objective();
        let undoable = e.mark();
        e.perturb(strength, rng);
        passes += e.local_search(rng, PASS_CAP) as u64;
        if undoable && e.objective() < before {
            e.undo();
        }
        let obj = e.objective();
        let improved = obj > best;
        since_best = if improved { 0 } else { since_best + 1 };
        if improved && undoable {
            // The current solution never falls below the best: copy it once at the end.
            best = obj;
            current_is_best = true;
        } else if improved {
            best = obj;
            best_g.clear();
            best_g.extend_from_slice(e.group_of());
            stale = 0;
        } else if !undoable {
            stale += 1;
            if stale >= restart_after {
                e.reset(&best_g);
                stale = 0;
            }
        }
        if improved || rounds.is_multiple_of(256) {
            let p = Progress {
                round: rounds,
                groups: m,
                best,
                current: obj,
                elapsed: start.elapsed(),
            };
            if hook(&p).is_break() {
                break StopReason::Hook;
            }
        }
    };
    if current_is_best {
        best_g.clear();
        best_g.extend_from_slice(e.group_of());
    }
    ImsOut {
        best,
        group_of: best_g,
        rounds,
        passes,
        stopped,
    }
}
