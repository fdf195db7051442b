//! Helpers shared by the integration tests: brute-force matching and b-matching oracles, seeded random
//! graphs, adapters for the peer crates used as oracles, and a solve-and-verify wrapper.
#![allow(dead_code)]

use peermatch::matching::{
    max_weight_matching_with_certificate, verify, Certificate, Matching, MatchingError, Mode,
    WeightedGraph,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Raw edge list as given to [`WeightedGraph::new`] (may contain parallel edges).
pub type Edges = Vec<(usize, usize, i64)>;

/// The optimum found by exhaustive search.
#[derive(Clone, Debug)]
pub struct Optimum {
    /// Number of pairs of the optimal matchings (in max-weight mode: of the first one found).
    pub cardinality: usize,
    /// Optimal total weight (in max-cardinality mode: among maximum-cardinality matchings).
    pub weight: i128,
    /// Every optimal matching (sorted pairs `u < v`), up to the cap given.
    pub matchings: Vec<Vec<(usize, usize)>>,
    /// How many optimal matchings exist (even beyond the cap).
    pub count: usize,
}

/// Exhaustive search over all matchings of a small graph (n <= ~12).
///
/// Parallel edges are resolved here independently of the crate (heaviest wins). In
/// [`Mode::MaxWeight`] matchings are ranked by weight only, so matchings that differ by
/// zero-weight edges tie; in [`Mode::MaxCardinality`] by (pairs, weight).
pub fn brute_force(n: usize, edges: &[(usize, usize, i64)], mode: Mode, cap: usize) -> Optimum {
    let mut w: Vec<Vec<Option<i64>>> = vec![vec![None; n]; n];
    for &(a, b, x) in edges {
        assert!(
            a != b && a < n && b < n,
            "brute_force wants a valid edge list"
        );
        let slot = &mut w[a.min(b)][a.max(b)];
        *slot = Some(slot.map_or(x, |y: i64| y.max(x)));
    }
    struct Search<'a> {
        n: usize,
        w: &'a [Vec<Option<i64>>],
        mode: Mode,
        cap: usize,
        used: Vec<bool>,
        cur: Vec<(usize, usize)>,
        best: Option<(usize, i128)>,
        all: Vec<Vec<(usize, usize)>>,
        count: usize,
    }
    impl Search<'_> {
        fn key(&self, card: usize, weight: i128) -> (i128, i128) {
            match self.mode {
                Mode::MaxWeight => (weight, 0),
                Mode::MaxCardinality => (card as i128, weight),
            }
        }
        fn rec(&mut self, from: usize, weight: i128) {
            let mut v = from;
            while v < self.n && self.used[v] {
                v += 1;
            }
            if v >= self.n {
                let card = self.cur.len();
                let better = match self.best {
                    None => std::cmp::Ordering::Greater,
                    Some((c, x)) => self.key(card, weight).cmp(&self.key(c, x)),
                };
                match better {
                    std::cmp::Ordering::Greater => {
                        self.best = Some((card, weight));
                        self.all.clear();
                        self.all.push(self.cur.clone());
                        self.count = 1;
                    }
                    std::cmp::Ordering::Equal => {
                        self.count += 1;
                        if self.all.len() < self.cap {
                            self.all.push(self.cur.clone());
                        }
                    }
                    std::cmp::Ordering::Less => {}
                }
                return;
            }
            // v unmatched
            self.used[v] = true;
            self.rec(v + 1, weight);
            // v matched to a later free neighbour
            for u in v + 1..self.n {
                if let (false, Some(x)) = (self.used[u], self.w[v][u]) {
                    self.used[u] = true;
                    self.cur.push((v, u));
                    self.rec(v + 1, weight + x as i128);
                    self.cur.pop();
                    self.used[u] = false;
                }
            }
            self.used[v] = false;
        }
    }
    let mut s = Search {
        n,
        w: &w,
        mode,
        cap,
        used: vec![false; n],
        cur: Vec::new(),
        best: None,
        all: Vec::new(),
        count: 0,
    };
    s.rec(0, 0);
    let (cardinality, weight) = s.best.expect("the empty matching always exists");
    Optimum {
        cardinality,
        weight,
        matchings: s.all,
        count: s.count,
    }
}

/// The optimum of a b-matching by enumerating every subset of `edges` (at most ~20
/// edges): the best `(pairs, weight)` among subsets in which no vertex `v` has more than
/// `caps[v]` edges. [`Mode::MaxWeight`] ranks by weight only (the empty set, weight 0,
/// always counts); [`Mode::MaxCardinality`] by `(pairs, weight)`. With capacities 1 this
/// is a plain matching. Edges are taken as given (parallel edges are separate choices,
/// self-loops are not expected). Independent of the crate: plain enumeration.
///
/// The one copy shared by every integration test (tests/matching_ties.rs,
/// tests/resources.rs, tests/plan_bmatching.rs). fuzz/src/checks.rs keeps its own copy:
/// it is compiled both by the fuzz crate and, through `#[path]`, by
/// tests/fuzz_regressions.rs, and neither can reach this module without a second
/// `#[path]` hop.
pub fn brute_b_matching(
    n: usize,
    edges: &[(usize, usize, i64)],
    caps: &[u32],
    mode: Mode,
) -> (usize, i64) {
    assert!(
        edges.len() < 32,
        "brute_b_matching enumerates 2^edges subsets"
    );
    let mut best = (0usize, 0i64);
    for mask in 0u32..(1u32 << edges.len()) {
        let mut load = vec![0u64; n];
        let (mut k, mut w, mut ok) = (0usize, 0i64, true);
        for (i, &(u, v, x)) in edges.iter().enumerate() {
            if mask >> i & 1 == 1 {
                load[u] += 1;
                load[v] += 1;
                ok &= load[u] <= u64::from(caps[u]) && load[v] <= u64::from(caps[v]);
                k += 1;
                w += x;
            }
        }
        let better = match mode {
            Mode::MaxWeight => w > best.1,
            Mode::MaxCardinality => (k, w) > best,
        };
        if ok && better {
            best = (k, w);
        }
    }
    best
}

/// Whether the solver must refuse `graph` in max-cardinality mode (documented bound of
/// [`max_weight_matching`](peermatch::matching::max_weight_matching)):
/// `8 * (floor(n/2) * (max_w - min_w) + max|w| + 1) > i64::MAX`.
pub fn maxcard_overflows(graph: &WeightedGraph) -> bool {
    let ws = graph.edges().iter().map(|e| e.weight as i128);
    let (lo, hi) = ws.fold((i128::MAX, i128::MIN), |(l, h), w| (l.min(w), h.max(w)));
    if lo > hi {
        return false;
    }
    // Documented rule: the shifted weights max_w + shift, with
    // shift = (K - 1) * (max_w - min_w) - min_w + 1, must stay within MAX_WEIGHT.
    let k = (graph.vertex_count() / 2) as i128;
    let shift = (k - 1).max(0) * (hi - lo) - lo + 1;
    hi + shift > peermatch::matching::MAX_WEIGHT as i128
}

/// Solves with a certificate and checks everything that holds for every input:
/// the certificate verifies, is for the requested mode, and the matching is on all vertices;
/// in max-weight mode no edge of weight <= 0 is used; `max_weight_matching` (no
/// certificate) returns the same matching.
pub fn solve_checked(
    graph: &WeightedGraph,
    mode: Mode,
) -> Result<(Matching, Certificate), MatchingError> {
    let (m, cert) = max_weight_matching_with_certificate(graph, mode)?;
    assert_eq!(
        m.vertex_count(),
        graph.vertex_count(),
        "matching vertex count"
    );
    assert_eq!(cert.mode, mode, "certificate mode");
    if let Err(e) = verify(graph, &m, &cert) {
        panic!(
            "certificate rejected ({mode:?}): {e}\n  graph: n={} edges={:?}\n  pairs={:?}",
            graph.vertex_count(),
            graph
                .edges()
                .iter()
                .map(|e| (e.u, e.v, e.weight))
                .collect::<Vec<_>>(),
            m.pairs().collect::<Vec<_>>()
        );
    }
    if mode == Mode::MaxWeight {
        for (u, v) in m.pairs() {
            let w = graph.weight(u, v).expect("matched pair is an edge");
            assert!(w > 0, "max-weight mode matched ({u}, {v}) of weight {w}");
        }
    }
    // The certificate-free entry point skips reading out the duals: same matching.
    assert_eq!(
        peermatch::matching::max_weight_matching(graph, mode)?,
        m,
        "max_weight_matching differs from max_weight_matching_with_certificate ({mode:?})"
    );
    Ok((m, cert))
}

/// Both modes, for loops.
pub const MODES: [Mode; 2] = [Mode::MaxWeight, Mode::MaxCardinality];

/// Erdős–Rényi-like graph: each pair present with probability `p`, weights uniform in
/// `lo..=hi`.
pub fn random_graph(n: usize, p: f64, lo: i64, hi: i64, seed: u64) -> Edges {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut edges = Vec::new();
    for u in 0..n {
        for v in u + 1..n {
            if rng.random_bool(p) {
                edges.push((u, v, rng.random_range(lo..=hi)));
            }
        }
    }
    edges
}

/// Sparse random graph with about `n * deg / 2` distinct edges (no parallel edges).
pub fn random_sparse(n: usize, deg: usize, lo: i64, hi: i64, seed: u64) -> Edges {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let target = n * deg / 2;
    let mut seen = std::collections::HashSet::new();
    let mut edges = Vec::new();
    let mut tries = 0;
    while edges.len() < target && tries < 20 * target + 100 {
        tries += 1;
        let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        edges.push((a.min(b), a.max(b), rng.random_range(lo..=hi)));
    }
    edges
}

/// Applies a vertex permutation.
pub fn permute(edges: &[(usize, usize, i64)], perm: &[usize]) -> Edges {
    edges
        .iter()
        .map(|&(a, b, w)| (perm[a], perm[b], w))
        .collect()
}

/// A seeded random permutation of `0..n`.
pub fn random_permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        p.swap(i, rng.random_range(0..=i));
    }
    p
}

/// Total weight and cardinality of a `mate` vector, checked against the edge list
/// (symmetry, edges exist). Used for the peer crates' outputs.
pub fn score_mate(
    n: usize,
    edges: &[(usize, usize, i64)],
    mate: &[Option<usize>],
) -> (i128, usize) {
    let mut w = std::collections::HashMap::new();
    for &(a, b, x) in edges {
        let e = w.entry((a.min(b), a.max(b))).or_insert(x);
        *e = (*e).max(x);
    }
    let (mut total, mut card) = (0i128, 0usize);
    for v in 0..n {
        if let Some(u) = mate.get(v).copied().flatten() {
            assert_eq!(mate[u], Some(v), "peer returned an asymmetric mate");
            if v < u {
                total += *w.get(&(v, u)).expect("peer matched a non-edge") as i128;
                card += 1;
            }
        }
    }
    (total, card)
}

/// The `mwmatching` crate (van Rantwijk's algorithm ported to Rust) on an edge list without
/// parallel edges; weights must fit `i32` with room for doubling.
///
/// mwmatching 0.1.1 starts its vertex duals at the largest weight without clamping it at 0
/// (the Python original does clamp), so on graphs whose weights are all negative it matches
/// negative edges in max-weight mode (e.g. the single edge `(1, 2, -23)`). Work around it:
/// in max-weight mode drop edges of weight <= 0 (no optimum needs them); in
/// max-cardinality mode add a constant making every weight >= 1, which changes every
/// maximum-cardinality matching's weight by the same amount. Callers score the returned
/// `mate` on the original weights.
pub fn mwmatching_mate(
    n: usize,
    edges: &[(usize, usize, i64)],
    maxcard: bool,
) -> Vec<Option<usize>> {
    let lift = if maxcard {
        edges
            .iter()
            .map(|e| e.2)
            .min()
            .map_or(0, |lo| (1 - lo).max(0))
    } else {
        0
    };
    let input: Vec<(usize, usize, i32)> = edges
        .iter()
        .filter(|e| maxcard || e.2 > 0)
        .map(|&(a, b, w)| (a, b, i32::try_from(w + lift).expect("weight fits i32")))
        .collect();
    let mut solver = mwmatching::Matching::new(input);
    if maxcard {
        solver.max_cardinality();
    }
    let raw = solver.solve();
    let mut mate = vec![None; n];
    for (v, &u) in raw.iter().enumerate() {
        if u != mwmatching::SENTINEL {
            mate[v] = Some(u);
        }
    }
    mate
}

/// The `integer-blossom` crate (max-weight mode only; non-positive entries mean no edge).
pub fn integer_blossom_mate(n: usize, edges: &[(usize, usize, i64)]) -> Vec<Option<usize>> {
    let mut dense = vec![0i64; n * n];
    for &(a, b, w) in edges {
        let slot = &mut dense[a.min(b) * n + a.max(b)];
        *slot = (*slot).max(w);
    }
    integer_blossom::max_weight_matching(&dense, n)
}
