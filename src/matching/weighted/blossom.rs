//! Exact maximum-weight matching on general graphs: a primal-dual Edmonds blossom
//! algorithm with a persistent alternating forest.
//!
//! # Design
//!
//! The solver keeps the classical LP dual (vertex duals `y`, blossom duals `z`) of Edmonds'
//! matching polytope, in integer units: every weight is multiplied by 4, which keeps all
//! duals integral (see *Parity* below). The primal side is a matching whose edges are tight.
//!
//! * **Persistent forest.** Every exposed vertex with a positive dual is the root of an
//!   alternating tree. All trees grow at once under one uniform dual change `δ` (S vertices
//!   lose `δ`, T vertices gain `δ`, S blossoms gain `2δ`, T blossoms lose `2δ`). When an
//!   augmenting path is found only the two trees on it are dissolved; every other tree keeps
//!   its labels. This is the structure of LEMON's `MaxWeightedMatching`, and it is why the
//!   work per augmentation is proportional to the size of two trees, not of the graph.
//! * **Lazy duals.** The total dual change so far is a clock `d`. Each vertex stores its dual
//!   as a line in `d` (its value extrapolated to `d = 0` and its rate: -1 S, +1 T, 0
//!   otherwise; 16 bytes), so a dual is read in O(1) and a uniform step costs nothing.
//!   Every relabelling re-signs all vertices of the blossom, so the rate also *is* the label
//!   of the vertex's outermost blossom: the neighbour scans read one cache line per
//!   neighbour and walk the union-find only for S–S pairs (same-blossom check).
//! * **One event queue.** The four kinds of dual-change events (an S vertex's dual reaches 0;
//!   an S–free edge becomes tight; an S–S edge between different blossoms becomes tight; a
//!   T blossom's dual reaches 0) are kept in one radix heap (a monotone priority queue;
//!   event times never precede the clock) keyed by the clock value at
//!   which they happen. Events of equal time pop first in, first out, so on ties all
//!   trees grow breadth-first. Entries are never updated in place: an entry is pushed whenever the
//!   state that determines its time is created, and checked against the current duals when
//!   popped (a stale entry no longer predicts its own time and is dropped). Popping the
//!   minimum valid entry gives `δ`. Vertex-zero entries are pushed once per tree, for its
//!   earliest S vertex only (an S vertex's zero time is fixed while its tree lives), and the
//!   search stops as soon as no tree is left.
//! * **CSR adjacency**, one flat array of `(neighbour, edge)` pairs, built once; all buffers
//!   are allocated once per solve.
//! * **Warm start.** Each vertex starts with half its heaviest incident edge as its dual,
//!   tight edges are matched greedily, and every still-exposed vertex then lowers its dual
//!   as far as feasibility allows (to 0, or until an edge becomes tight, matching it if the
//!   other end is exposed). With unshifted weights, augmenting paths of length 3 on tight
//!   edges (exposed, matched, matched, exposed) are then taken greedily. Only the vertices
//!   left exposed with a positive dual become roots.
//! * **Pricing** for dense graphs: solve on the heaviest edges of every vertex, check every
//!   other edge against the duals, add the violated ones and resume from the (flattened)
//!   duals. When no edge is violated, the dual certificate is valid for the whole graph.
//!
//! # Parity
//!
//! With weights multiplied by 4 and all initial duals even, every root's dual stays of the
//! same parity as every other root's (they all change together), every vertex in a tree
//! has its root's parity (tree and blossom edges are tight, blossom duals stay even), so
//! the slack of an S–S edge is even and `δ = slack / 2` is an integer.
//!
//! # Maximum-cardinality mode
//!
//! Handled by a weight shift (see [`super::Certificate`]), so there is one algorithm and
//! one certificate format.
//!
//! # Complexity
//!
//! Each event costs O(log m) heap work plus the work of relabelling the vertices it touches;
//! there are O(n) augmentations and O(n) events between them, each touching O(m) edges in
//! the worst case, so O(n·m·log n) time; O(n + m) memory (the heap is compacted when stale
//! entries pile up).

// The solver walks several parallel arrays by index; iterator chains would obscure that.
#![allow(clippy::needless_range_loop)]

use std::cell::Cell;
use std::cmp::Reverse;

use super::radix_heap::RadixHeap;
use crate::matching::csr::Csr;

use super::{
    BlossomDual, Certificate, Matching, MatchingError, Mode, WeightedGraph, MAX_WEIGHT, NONE,
};

const FREE: u8 = 0;
const LABEL_S: u8 = 1;
const LABEL_T: u8 = 2;

const EV_VERTEX_ZERO: u64 = 1;
const EV_EDGE_SF: u64 = 2;
const EV_EDGE_SS: u64 = 3;
const EV_BLOSSOM_ZERO: u64 = 4;

/// Scale of the internal weights.
const SCALE: i64 = 4;

/// Pricing is used when the average degree exceeds this.
const PRICING_MIN_DEGREE: usize = 48;
/// Edges kept per vertex in the first pricing round.
const PRICING_TOP_K: usize = 12;

/// The plain edge list the solver runs on (scaled weights, positive).
struct Problem {
    n: usize,
    eu: Vec<u32>,
    ev: Vec<u32>,
    /// Scaled weight `SCALE * (w + shift)`.
    ew: Vec<i64>,
    /// Whether the warm start also takes augmenting paths of length 3 on tight edges
    /// ([`Solver::short_augmentations`]): on for unshifted weights, off in
    /// maximum-cardinality mode, where it was measured to help little or hurt.
    short_paths: bool,
}

pub(crate) fn solve(
    graph: &WeightedGraph,
    mode: Mode,
) -> Result<(Matching, Certificate), MatchingError> {
    let (m, cert) = solve_with(graph, mode, true)?;
    Ok((m, cert.expect("asked for the certificate")))
}

/// [`solve`] without the certificate: the solver's state is dropped without reading out
/// the duals or walking the blossom forest (4-5% of a max-weight solve on a 90,000-vertex
/// grid, for callers such as [`crate::matching::max_weight_matching`] that only want the
/// matching).
pub(crate) fn solve_matching(graph: &WeightedGraph, mode: Mode) -> Result<Matching, MatchingError> {
    Ok(solve_with(graph, mode, false)?.0)
}

fn solve_with(
    graph: &WeightedGraph,
    mode: Mode,
    certificate: bool,
) -> Result<(Matching, Option<Certificate>), MatchingError> {
    let n = graph.vertex_count();
    let shift = match mode {
        Mode::MaxWeight => 0,
        Mode::MaxCardinality => cardinality_shift(graph)?,
    };
    // Only edges with a positive shifted weight can be in an optimum (in maximum-cardinality
    // mode every edge qualifies).
    let m = graph.edges().len();
    let mut prob = Problem {
        n,
        eu: Vec::with_capacity(m),
        ev: Vec::with_capacity(m),
        ew: Vec::with_capacity(m),
        short_paths: shift == 0,
    };
    for e in graph.edges() {
        let w = e.weight + shift;
        if w > 0 {
            prob.eu.push(e.u);
            prob.ev.push(e.v);
            prob.ew.push(SCALE * w);
        }
    }
    let (mate, y, blossoms) = if prob.eu.len() > PRICING_MIN_DEGREE * n / 2 {
        solve_with_pricing(&prob)
    } else {
        let y = initial_duals(&prob);
        let mut s = Solver::new(prob, y, vec![NONE; n]);
        s.run();
        if certificate {
            s.extract()
        } else {
            (std::mem::take(&mut s.mate), Vec::new(), Vec::new())
        }
    };
    // Total weight in original units, from the graph's own edges.
    let mut weight = 0i64;
    let mut wanted = vec![NONE; n];
    for (v, &m) in mate.iter().enumerate() {
        if m != NONE && (v as u32) < m {
            wanted[v] = m;
        }
    }
    for e in graph.edges() {
        if wanted[e.u as usize] == e.v {
            weight += e.weight;
        }
    }
    let cert = certificate.then_some(Certificate {
        mode,
        scale: SCALE,
        shift,
        vertex_duals: y,
        blossoms,
    });
    Ok((Matching::from_mate_unchecked(mate, weight), cert))
}

/// The shift that makes maximum certified weight imply maximum cardinality:
/// `(K - 1) * (max - min) - min + 1`, `K = floor(n / 2)`.
fn cardinality_shift(graph: &WeightedGraph) -> Result<i64, MatchingError> {
    let edges = graph.edges();
    if edges.is_empty() {
        return Ok(0);
    }
    let maxw = edges.iter().map(|e| e.weight).max().unwrap_or(0) as i128;
    let minw = edges.iter().map(|e| e.weight).min().unwrap_or(0) as i128;
    let k = (graph.vertex_count() / 2) as i128;
    let shift = (k - 1).max(0) * (maxw - minw) - minw + 1;
    // The shifted weights must stay within the range every internal bound is computed for.
    if maxw + shift > MAX_WEIGHT as i128 {
        return Err(MatchingError::CardinalityShiftOverflow { needed: shift });
    }
    Ok(shift as i64)
}

/// Half of the heaviest incident scaled weight (even, since weights are multiples of 4).
fn initial_duals(p: &Problem) -> Vec<i64> {
    let mut y = vec![0i64; p.n];
    for i in 0..p.eu.len() {
        let h = p.ew[i] / 2;
        let (u, v) = (p.eu[i] as usize, p.ev[i] as usize);
        if h > y[u] {
            y[u] = h;
        }
        if h > y[v] {
            y[v] = h;
        }
    }
    y
}

type Extracted = (Vec<u32>, Vec<i64>, Vec<BlossomDual>);

/// The vertices in increasing order of degree, ties in increasing order of index (a
/// counting sort over the CSR row starts: O(n + max degree); a comparison sort here was a
/// tenth of a whole solve on a 10,000-vertex grid).
fn by_degree(start: &[usize]) -> Vec<u32> {
    let n = start.len() - 1;
    let deg = |v: usize| start[v + 1] - start[v];
    let max_deg = (0..n).map(deg).max().unwrap_or(0);
    let mut first = vec![0usize; max_deg + 2];
    for v in 0..n {
        first[deg(v) + 1] += 1;
    }
    for d in 0..=max_deg {
        first[d + 1] += first[d];
    }
    let mut order = vec![0u32; n];
    for v in 0..n {
        let slot = &mut first[deg(v)];
        order[*slot] = v as u32;
        *slot += 1;
    }
    order
}

/// CSR adjacency (the shared [`Csr`] helper): `adj[start[v]..start[v + 1]]` lists
/// `(neighbour, edge)` for vertex `v`, in edge order.
fn adjacency(p: &Problem) -> (Vec<usize>, Vec<(u32, u32)>) {
    let edges =
        p.eu.iter()
            .zip(&p.ev)
            .map(|(&u, &v)| (u as usize, v as usize));
    let csr = Csr::undirected(p.n, edges);
    (csr.start, csr.to)
}

/// Pricing: solve on a sparse candidate subgraph, then add the edges whose reduced cost is
/// negative under the duals, until there are none.
fn solve_with_pricing(p: &Problem) -> Extracted {
    let n = p.n;
    let m = p.eu.len();
    // Candidate set: the PRICING_TOP_K heaviest edges of every vertex.
    let (start, mut inc) = adjacency(p);
    let mut keep = vec![false; m];
    for v in 0..n {
        let list = &mut inc[start[v]..start[v + 1]];
        let k = PRICING_TOP_K.min(list.len());
        if k == 0 {
            continue;
        }
        if list.len() > k {
            // Heaviest first; ties by edge index, so the choice is deterministic.
            list.select_nth_unstable_by_key(k - 1, |&(_, e)| (Reverse(p.ew[e as usize]), e));
        }
        for &(_, e) in &list[..k] {
            keep[e as usize] = true;
        }
    }
    let mut y = initial_duals(p); // feasible for the whole graph
    let mut mate = vec![NONE; n];
    loop {
        let mut sub = Problem {
            n,
            eu: Vec::new(),
            ev: Vec::new(),
            ew: Vec::new(),
            short_paths: p.short_paths,
        };
        for i in 0..m {
            if keep[i] {
                sub.eu.push(p.eu[i]);
                sub.ev.push(p.ev[i]);
                sub.ew.push(p.ew[i]);
            }
        }
        let mut s = Solver::new(sub, y, mate);
        s.run();
        let (m2, y2, blossoms) = s.extract();
        // Price every edge not in the candidate set. An edge with y_u + y_v >= w is feasible
        // whatever the blossom duals; only the others need the blossom sums.
        let mut violated = Vec::new();
        let mut inner: Option<BlossomSums> = None;
        for i in 0..m {
            if keep[i] {
                continue;
            }
            let (u, v) = (p.eu[i] as usize, p.ev[i] as usize);
            let lhs = y2[u] + y2[v];
            if lhs >= p.ew[i] {
                continue;
            }
            let sums = inner.get_or_insert_with(|| BlossomSums::new(n, &blossoms));
            if lhs + sums.common(u, v) < p.ew[i] {
                violated.push(i);
            }
        }
        if violated.is_empty() {
            return (m2, y2, blossoms);
        }
        for &i in &violated {
            keep[i] = true;
        }
        // Resume: fold each blossom's dual into its vertices (z/2 each), which keeps every
        // edge of the old candidate set feasible; raise the endpoints of violated edges;
        // keep the matched edges that are still tight; round exposed duals to even.
        let mut yf = y2;
        if let Some(sums) = inner.as_ref() {
            sums.fold_into(&mut yf);
        } else {
            BlossomSums::new(n, &blossoms).fold_into(&mut yf);
        }
        for &i in &violated {
            let (u, v) = (p.eu[i] as usize, p.ev[i] as usize);
            let deficit = p.ew[i] - yf[u] - yf[v];
            if deficit > 0 {
                yf[u] += deficit;
            }
        }
        let mut mate3 = m2;
        for v in 0..n {
            let u = mate3[v];
            if u != NONE && (v as u32) < u {
                let w = edge_weight_between(p, &start, &inc, &keep, v, u);
                if yf[v] + yf[u as usize] != w {
                    mate3[v] = NONE;
                    mate3[u as usize] = NONE;
                }
            }
        }
        // All duals even (an odd tight matched pair is raised by 1 each and unmatched):
        // the warm start lowers exposed duals against their neighbours' values, so an odd
        // matched neighbour would otherwise make an odd root.
        for v in 0..n {
            if yf[v] % 2 != 0 {
                mate3[v] = NONE;
                yf[v] += 1;
            }
        }
        y = yf;
        mate = mate3;
    }
}

/// Scaled weight of the candidate edge between `v` and `u`, found in `v`'s adjacency list
/// (O(deg v); `i64::MAX` if there is none, which makes the pair count as not tight).
fn edge_weight_between(
    p: &Problem,
    start: &[usize],
    adj: &[(u32, u32)],
    keep: &[bool],
    v: usize,
    u: u32,
) -> i64 {
    adj[start[v]..start[v + 1]]
        .iter()
        .find(|&&(x, e)| x == u && keep[e as usize])
        .map_or(i64::MAX, |&(_, e)| p.ew[e as usize])
}

/// For a laminar family of blossoms: the sum of the duals of the blossoms containing both
/// of two vertices, by walking up the blossom tree.
struct BlossomSums {
    /// Innermost blossom of each vertex (index into `blossoms`), or NONE.
    inner: Vec<u32>,
    parent: Vec<u32>,
    depth: Vec<u32>,
    /// Sum of duals from the outermost blossom down to this one.
    prefix: Vec<i64>,
    dual: Vec<i64>,
}

impl BlossomSums {
    /// `blossoms` in tree form as [`Solver::extract`] writes them (parents first).
    fn new(n: usize, blossoms: &[BlossomDual]) -> Self {
        let k = blossoms.len();
        let mut inner = vec![NONE; n];
        let mut parent = vec![NONE; k];
        let mut depth = vec![0u32; k];
        let mut prefix = vec![0i64; k];
        for (b, bd) in blossoms.iter().enumerate() {
            match bd.parent {
                Some(p) => {
                    debug_assert!((p as usize) < b);
                    parent[b] = p;
                    depth[b] = depth[p as usize] + 1;
                    prefix[b] = prefix[p as usize] + bd.dual;
                }
                None => prefix[b] = bd.dual,
            }
            for &v in &bd.vertices {
                inner[v as usize] = b as u32;
            }
        }
        BlossomSums {
            inner,
            parent,
            depth,
            prefix,
            dual: blossoms.iter().map(|b| b.dual).collect(),
        }
    }

    fn common(&self, u: usize, v: usize) -> i64 {
        let (mut a, mut b) = (self.inner[u], self.inner[v]);
        if a == NONE || b == NONE {
            return 0;
        }
        while a != b {
            if a == NONE || b == NONE {
                return 0;
            }
            if self.depth[a as usize] >= self.depth[b as usize] {
                a = self.parent[a as usize];
            } else {
                b = self.parent[b as usize];
            }
        }
        if a == NONE {
            0
        } else {
            self.prefix[a as usize]
        }
    }

    fn fold_into(&self, y: &mut [i64]) {
        let _ = &self.dual;
        for (v, yv) in y.iter_mut().enumerate() {
            let b = self.inner[v];
            if b != NONE {
                *yv += self.prefix[b as usize] / 2;
            }
        }
    }
}

/// Dual values that change linearly with the dual clock: each entry stores its value
/// extrapolated back to clock 0 and its rate, so reading is O(1) (`base + rate * d`) and a
/// uniform dual step is free. 16 bytes per entry, four to a cache line (a third layout,
/// value / stamp / rate in 24 bytes, read more lines in the neighbour scans). No overflow:
/// values and clock times stay below 2^61 (scaled weights are below 2^60), so
/// `value - rate * d` stays below 2^63 for rates up to 2.
struct LazyDuals {
    /// `(value at clock 0 on the current line, rate)`.
    cells: Vec<(i64, i64)>,
}

impl LazyDuals {
    fn new(values: Vec<i64>) -> Self {
        LazyDuals {
            cells: values.into_iter().map(|v| (v, 0)).collect(),
        }
    }

    /// The value of an entry whose rate is 0 (the warm start, before any label).
    #[inline]
    fn base(&self, i: usize) -> i64 {
        debug_assert_eq!(self.cells[i].1, 0);
        self.cells[i].0
    }

    #[inline]
    fn set_base(&mut self, i: usize, value: i64) {
        debug_assert_eq!(self.cells[i].1, 0);
        self.cells[i].0 = value;
    }

    #[inline]
    fn rate(&self, i: u32) -> i64 {
        self.cells[i as usize].1
    }

    #[inline]
    fn value(&self, i: u32, d: i64) -> i64 {
        let (base, rate) = self.cells[i as usize];
        base + rate * d
    }

    #[inline]
    fn set_rate(&mut self, i: u32, d: i64, rate: i8) {
        let v = self.value(i, d);
        self.reset(i, d, v, rate);
    }

    #[inline]
    fn reset(&mut self, i: u32, d: i64, value: i64, rate: i8) {
        self.cells[i as usize] = (value - rate as i64 * d, rate as i64);
    }
}

/// The solver state. Blossom ids: `0..n` are the vertices (trivial blossoms),
/// `n..2n` the non-trivial blossoms.
struct Solver {
    n: usize,
    // Graph, CSR.
    eu: Vec<u32>,
    ev: Vec<u32>,
    ew: Vec<i64>,
    short_paths: bool,
    adj_start: Vec<usize>,
    adj: Vec<(u32, u32)>,
    // Vertices.
    mate: Vec<u32>,
    /// Union-find links towards the outermost blossom, over all ids (`0..2n`): a top-level
    /// blossom (or vertex) links to itself, anything else to some blossom containing it.
    /// Path compression goes through `Cell`s so that lookups work behind `&self`.
    /// Contracting a blossom links its children to it (O(children)); expanding one restores
    /// the real parent links inside each child ([`Solver::restore_up`]).
    up: Vec<Cell<u32>>,
    ydual: LazyDuals,
    // Blossoms (indexed 0..2n; entries < n are trivial).
    parent: Vec<u32>,
    /// Children of non-trivial blossom `b` in cycle order, base child first, at `b - n`
    /// (trivial blossoms have none, so only ids `n..2n` get a list).
    childs: Vec<Vec<u32>>,
    /// `cedges[b - n][i]`: the cycle edge between children `i` and `i + 1` (mod k).
    cedges: Vec<Vec<(u32, u32)>>,
    base: Vec<u32>,
    label: Vec<u8>,
    /// For S: (vertex in the parent T blossom, base of this blossom).
    /// For T: (vertex in the parent S blossom, vertex of this blossom).
    ledge: Vec<(u32, u32)>,
    tree: Vec<u32>,
    /// Blossom duals (entries below `n` stay 0: a vertex's dual is in `ydual`).
    zdual: LazyDuals,
    free_ids: Vec<u32>,
    /// Top-level blossoms labelled into the tree of each root (may hold stale ids).
    members: Vec<Vec<u32>>,
    /// Emptied `members` lists kept for reuse by the next tree (a fresh list per tree
    /// regrew its allocation from zero each time).
    spare_members: Vec<Vec<u32>>,
    heap: RadixHeap,
    /// For a free vertex: the time of its earliest pushed S–free edge event (i64::MAX if
    /// none). S vertices only push an S–free event when it beats this, so the queue holds
    /// about one such entry per free vertex instead of one per edge.
    best_sf: Vec<i64>,
    /// For each root: the earliest vertex-zero time pushed for an S vertex of its tree
    /// (i64::MAX if none). An S vertex's zero time stays fixed while its tree lives (S stays
    /// S until the tree dissolves), so only the tree's minimum needs a heap entry: vertex-zero
    /// entries were 20-36% of all pushes in maximum-cardinality mode, nearly all stale.
    tree_vz: Vec<i64>,
    /// Trees alive; when it drops to 0 no event can be valid and the search is over.
    live_trees: usize,
    d: i64,
    mark: Vec<u32>,
    mark_stamp: u32,
    // Scratch buffers.
    buf_leaves: Vec<u32>,
    buf_stack: Vec<u32>,
    buf_work: Vec<(u32, u32)>,
    buf_path: Vec<u32>,
    buf_freed: Vec<u32>,
}

impl Solver {
    /// `y` must be feasible for every edge, even at every exposed vertex with `y > 0`, and
    /// `mate` must use tight edges only.
    fn new(p: Problem, y: Vec<i64>, mate: Vec<u32>) -> Self {
        let n = p.n;
        let (adj_start, adj) = adjacency(&p);
        let nb = 2 * n.max(1);
        let mut s = Solver {
            n,
            eu: p.eu,
            ev: p.ev,
            ew: p.ew,
            short_paths: p.short_paths,
            adj_start,
            adj,
            mate,
            up: (0..nb as u32).map(Cell::new).collect(),
            ydual: LazyDuals::new(y),
            parent: vec![NONE; nb],
            childs: vec![Vec::new(); nb - n],
            cedges: vec![Vec::new(); nb - n],
            base: (0..nb as u32).collect(),
            label: vec![FREE; nb],
            ledge: vec![(NONE, NONE); nb],
            tree: vec![NONE; nb],
            zdual: LazyDuals::new(vec![0; nb]),
            free_ids: (n as u32..nb as u32).rev().collect(),
            members: vec![Vec::new(); n],
            spare_members: Vec::new(),
            heap: RadixHeap::new(),
            best_sf: vec![i64::MAX; n],
            tree_vz: vec![i64::MAX; n],
            live_trees: 0,
            d: 0,
            mark: vec![0; nb],
            mark_stamp: 0,
            buf_leaves: Vec::new(),
            buf_stack: Vec::new(),
            buf_work: Vec::new(),
            buf_path: Vec::new(),
            buf_freed: Vec::new(),
        };
        s.warm_start();
        s
    }

    // ----------------------------------------------------------------- duals --

    #[inline]
    fn y(&self, v: u32) -> i64 {
        self.ydual.value(v, self.d)
    }

    /// Changes the sign of vertex `v`'s dual (+1 S: falls with the clock, -1 T: rises, 0).
    #[inline]
    fn set_ysign(&mut self, v: u32, sign: i8) {
        self.ydual.set_rate(v, self.d, -sign);
    }

    /// The label of the top-level blossom containing vertex `v`, read from the sign of its
    /// dual (S duals fall, T duals rise, free ones stay): every relabelling re-signs all
    /// the vertices of the blossom, so this equals `label[top(v)]` without the union-find
    /// walk (one cache line instead of two or more in the scans that dominate the search).
    #[inline]
    fn vlabel(&self, v: u32) -> u8 {
        let rate = self.ydual.rate(v);
        let l = match rate {
            -1 => LABEL_S,
            1 => LABEL_T,
            _ => FREE,
        };
        debug_assert_eq!(l, self.label[self.top(v) as usize], "vertex {v}");
        l
    }

    #[inline]
    fn z(&self, b: u32) -> i64 {
        self.zdual.value(b, self.d)
    }

    /// Changes the sign of blossom `b`'s dual (+1 S: rises by 2 per clock unit, -1 T: falls).
    #[inline]
    fn set_zsign(&mut self, b: u32, sign: i8) {
        self.zdual.set_rate(b, self.d, 2 * sign);
    }

    #[inline]
    fn slack(&self, e: u32) -> i64 {
        let e = e as usize;
        self.y(self.eu[e]) + self.y(self.ev[e]) - self.ew[e]
    }

    #[inline]
    fn push(&mut self, time: i64, kind: u64, id: u32) {
        self.heap.push(time as u64, (kind << 32) | id as u64);
    }

    // ------------------------------------------------------------ warm start --

    fn warm_start(&mut self) {
        let n = self.n;
        // Greedy on tight edges, low degree first (a static Karp–Sipser order): a vertex
        // with few neighbours is matched before its neighbours are taken, and takes the
        // neighbour with the fewest neighbours. On graphs with many ties most edges are
        // tight, and this leaves far fewer exposed vertices (roots) than index order.
        let deg = |v: usize| self.adj_start[v + 1] - self.adj_start[v];
        let order = by_degree(&self.adj_start);
        for &v in &order {
            let v = v as usize;
            if self.mate[v] != NONE {
                continue;
            }
            let (a, b) = (self.adj_start[v], self.adj_start[v + 1]);
            let mut best = (usize::MAX, NONE);
            for k in a..b {
                let (u, e) = self.adj[k];
                if self.mate[u as usize] == NONE && self.slack(e) == 0 {
                    let du = deg(u as usize);
                    if du < best.0 {
                        best = (du, u);
                    }
                }
            }
            if best.1 != NONE {
                let u = best.1;
                self.mate[v] = u;
                self.mate[u as usize] = v as u32;
            }
        }
        // Lower the duals of exposed vertices as far as feasibility allows.
        for v in 0..n {
            if self.mate[v] != NONE || self.ydual.base(v) == 0 {
                continue;
            }
            let (a, b) = (self.adj_start[v], self.adj_start[v + 1]);
            let mut low = 0i64;
            for k in a..b {
                let (u, e) = self.adj[k];
                low = low.max(self.ew[e as usize] - self.ydual.base(u as usize));
            }
            self.ydual.set_base(v, low);
            if low == 0 {
                continue;
            }
            for k in a..b {
                let (u, e) = self.adj[k];
                if self.mate[u as usize] == NONE && self.slack(e) == 0 {
                    self.mate[v] = u;
                    self.mate[u as usize] = v as u32;
                    break;
                }
            }
        }
        if self.short_paths {
            self.short_augmentations();
        }
        // Roots.
        for v in 0..n as u32 {
            if self.mate[v as usize] == NONE && self.ydual.base(v as usize) > 0 {
                self.live_trees += 1;
                self.label_s(v, v, (NONE, NONE));
            }
        }
    }

    /// Augmenting paths of length 3 on tight edges: exposed `v` (positive dual), tight to
    /// matched `u`, whose mate `w` is tight to another exposed `x` with a positive dual.
    /// Rematching `v-u`, `w-x` keeps every matched edge tight and leaves two fewer roots.
    /// Looks at most two tight matched neighbours of each exposed vertex.
    fn short_augmentations(&mut self) {
        for v in 0..self.n {
            if self.mate[v] != NONE || self.ydual.base(v) == 0 {
                continue;
            }
            let mut tries = 0;
            'search: for k in self.adj_start[v]..self.adj_start[v + 1] {
                let (u, e) = self.adj[k];
                let w = self.mate[u as usize];
                if w == NONE || self.slack(e) != 0 {
                    continue;
                }
                for k2 in self.adj_start[w as usize]..self.adj_start[w as usize + 1] {
                    let (x, e2) = self.adj[k2];
                    if x as usize != v
                        && self.mate[x as usize] == NONE
                        && self.ydual.base(x as usize) > 0
                        && self.slack(e2) == 0
                    {
                        self.mate[v] = u;
                        self.mate[u as usize] = v as u32;
                        self.mate[w as usize] = x;
                        self.mate[x as usize] = w;
                        break 'search;
                    }
                }
                tries += 1;
                if tries == 2 {
                    break;
                }
            }
        }
    }

    // ---------------------------------------------------------- structure --

    /// The outermost blossom containing `v` (a vertex or blossom id).
    #[inline]
    fn top(&self, v: u32) -> u32 {
        let u = self.up[v as usize].get();
        if u == v {
            return v;
        }
        let mut root = u;
        loop {
            let next = self.up[root as usize].get();
            if next == root {
                break;
            }
            root = next;
        }
        // Path compression: everything on the way links to the root.
        let mut x = v;
        while x != root {
            let next = self.up[x as usize].get();
            self.up[x as usize].set(root);
            x = next;
        }
        root
    }

    /// `c` just became top-level: it links to itself and every id strictly inside it links
    /// to its real parent again (undoing any path compression through the old root).
    fn restore_up(&mut self, c: u32) {
        self.up[c as usize].set(c);
        if (c as usize) < self.n {
            return;
        }
        self.buf_stack.clear();
        self.buf_stack.push(c);
        while let Some(x) = self.buf_stack.pop() {
            let xi = x as usize - self.n;
            for k in 0..self.childs[xi].len() {
                let ch = self.childs[xi][k];
                self.up[ch as usize].set(x);
                if (ch as usize) >= self.n {
                    self.buf_stack.push(ch);
                }
            }
        }
    }

    /// Collects the vertices of blossom `b` into `buf_leaves`.
    fn collect_leaves(&mut self, b: u32) {
        self.buf_leaves.clear();
        if (b as usize) < self.n {
            self.buf_leaves.push(b);
            return;
        }
        // Only blossoms go on the stack; vertices go straight to the output.
        let n = self.n;
        self.buf_stack.clear();
        self.buf_stack.push(b);
        while let Some(x) = self.buf_stack.pop() {
            for &c in &self.childs[x as usize - n] {
                if (c as usize) < n {
                    self.buf_leaves.push(c);
                } else {
                    self.buf_stack.push(c);
                }
            }
        }
    }

    /// Gives every vertex of blossom `b` the dual sign `sign` and appends the vertices to `out`.
    fn resign_leaves(&mut self, b: u32, sign: i8, out: &mut Vec<u32>) {
        self.collect_leaves(b);
        let leaves = std::mem::take(&mut self.buf_leaves);
        for &v in &leaves {
            self.set_ysign(v, sign);
        }
        out.extend_from_slice(&leaves);
        self.buf_leaves = leaves;
    }

    /// Records top-level blossom `b` as labelled into the tree of `root`.
    #[inline]
    fn add_member(&mut self, root: u32, b: u32) {
        let list = &mut self.members[root as usize];
        if list.capacity() == 0 {
            *list = self
                .spare_members
                .pop()
                .unwrap_or_else(|| Vec::with_capacity(16));
        }
        list.push(b);
    }

    fn label_s(&mut self, b: u32, root: u32, ledge: (u32, u32)) {
        let bi = b as usize;
        self.label[bi] = LABEL_S;
        self.ledge[bi] = ledge;
        self.tree[bi] = root;
        if bi >= self.n {
            self.set_zsign(b, 1);
        }
        self.add_member(root, b);
        self.collect_leaves(b);
        let leaves = std::mem::take(&mut self.buf_leaves);
        for &v in &leaves {
            self.set_ysign(v, 1);
            self.best_sf[v as usize] = i64::MAX;
        }
        for &v in &leaves {
            self.scan_new_s(v);
        }
        self.buf_leaves = leaves;
    }

    fn label_t(&mut self, b: u32, root: u32, ledge: (u32, u32)) {
        let bi = b as usize;
        self.label[bi] = LABEL_T;
        self.ledge[bi] = ledge;
        self.tree[bi] = root;
        self.add_member(root, b);
        if bi >= self.n {
            self.set_zsign(b, -1);
            let t = self.d + self.z(b) / 2;
            self.push(t, EV_BLOSSOM_ZERO, b);
        }
        self.collect_leaves(b);
        let leaves = std::mem::take(&mut self.buf_leaves);
        for &v in &leaves {
            self.set_ysign(v, -1);
            self.best_sf[v as usize] = i64::MAX;
        }
        self.buf_leaves = leaves;
    }

    /// Pushes the events of a vertex that just became S.
    fn scan_new_s(&mut self, v: u32) {
        let yv = self.y(v);
        let bv = self.top(v);
        let root = self.tree[bv as usize] as usize;
        if self.d + yv < self.tree_vz[root] {
            self.tree_vz[root] = self.d + yv;
            self.push(self.d + yv, EV_VERTEX_ZERO, v);
        }
        let (a, b) = (self.adj_start[v as usize], self.adj_start[v as usize + 1]);
        for k in a..b {
            let (x, e) = self.adj[k];
            match self.vlabel(x) {
                LABEL_S => {
                    if self.top(x) == bv {
                        continue;
                    }
                    let s = yv + self.y(x) - self.ew[e as usize];
                    debug_assert!(s >= 0 && s % 2 == 0, "S-S slack {s}");
                    self.push(self.d + s / 2, EV_EDGE_SS, e);
                }
                FREE => {
                    let s = yv + self.y(x) - self.ew[e as usize];
                    debug_assert!(s >= 0);
                    let t = self.d + s;
                    if t < self.best_sf[x as usize] {
                        self.best_sf[x as usize] = t;
                        self.push(t, EV_EDGE_SF, e);
                    }
                }
                _ => {}
            }
        }
    }

    /// Pushes the events of a vertex that just became free (unlabelled).
    fn scan_new_free(&mut self, v: u32) {
        let (a, b) = (self.adj_start[v as usize], self.adj_start[v as usize + 1]);
        let mut best = (i64::MAX, NONE);
        let yv = self.y(v);
        for k in a..b {
            let (x, e) = self.adj[k];
            if self.vlabel(x) == LABEL_S {
                let s = yv + self.y(x) - self.ew[e as usize];
                debug_assert!(s >= 0);
                if self.d + s < best.0 {
                    best = (self.d + s, e);
                }
            }
        }
        self.best_sf[v as usize] = best.0;
        if best.1 != NONE {
            self.push(best.0, EV_EDGE_SF, best.1);
        }
    }

    // ------------------------------------------------------------- main loop --

    fn run(&mut self) {
        let floor = 4 * (self.eu.len() + self.n) + 4096;
        let mut compact_at = floor;
        while let Some((time, payload)) = self.heap.pop() {
            let time = time as i64;
            if time < self.d || !self.still_valid(time, payload) {
                if payload >> 32 == EV_EDGE_SF {
                    self.refresh_free_end(time, payload as u32);
                }
                if self.heap.len() > compact_at {
                    self.compact_heap();
                    // Duplicates of a still-valid event survive compaction; if many do, the
                    // next compaction waits until the heap has doubled, so compaction stays
                    // amortised O(1) per push (a fixed threshold re-compacted on every
                    // stale pop: 76% of the time on adv_trichain_2000).
                    compact_at = floor.max(2 * self.heap.len());
                }
                continue;
            }
            self.d = time;
            let id = payload as u32;
            match payload >> 32 {
                EV_VERTEX_ZERO => {
                    let root = self.tree[self.top(id) as usize];
                    self.augment_from(id, NONE);
                    self.dissolve(root, NONE);
                }
                EV_EDGE_SF => {
                    let (u, v) = (self.eu[id as usize], self.ev[id as usize]);
                    let (s, f) = if self.vlabel(u) == LABEL_S {
                        (u, v)
                    } else {
                        (v, u)
                    };
                    self.grow_or_augment(s, f);
                }
                EV_EDGE_SS => {
                    let (u, v) = (self.eu[id as usize], self.ev[id as usize]);
                    let ru = self.tree[self.top(u) as usize];
                    let rv = self.tree[self.top(v) as usize];
                    if ru != rv {
                        self.augment_from(u, v);
                        self.augment_from(v, u);
                        self.dissolve(ru, rv);
                    } else {
                        self.add_blossom(u, v);
                    }
                }
                _ => self.expand_t(id),
            }
            #[cfg(test)]
            self.check_bookkeeping();
            if self.live_trees == 0 {
                // Every remaining entry needs an S end or a T blossom: all are stale.
                break;
            }
        }
    }

    /// Whether a popped heap entry still describes the current state.
    fn still_valid(&self, time: i64, payload: u64) -> bool {
        let id = payload as u32;
        match payload >> 32 {
            EV_VERTEX_ZERO => self.vlabel(id) == LABEL_S && self.d + self.y(id) == time,
            EV_EDGE_SF => {
                let (u, v) = (self.eu[id as usize], self.ev[id as usize]);
                let (lu, lv) = (self.vlabel(u), self.vlabel(v));
                ((lu == LABEL_S && lv == FREE) || (lu == FREE && lv == LABEL_S))
                    && self.d + self.slack(id) == time
            }
            EV_EDGE_SS => {
                let (u, v) = (self.eu[id as usize], self.ev[id as usize]);
                let (bu, bv) = (self.top(u), self.top(v));
                bu != bv
                    && self.label[bu as usize] == LABEL_S
                    && self.label[bv as usize] == LABEL_S
                    && self.d + self.slack(id) / 2 == time
            }
            _ => {
                (id as usize) >= self.n
                    && self.parent[id as usize] == NONE
                    && self.label[id as usize] == LABEL_T
                    && self.d + self.z(id) / 2 == time
            }
        }
    }

    /// A stale S–free entry may have been the recorded best of its free end; if so the
    /// other candidates were never pushed, so look them up again.
    fn refresh_free_end(&mut self, time: i64, e: u32) {
        for f in [self.eu[e as usize], self.ev[e as usize]] {
            if self.vlabel(f) == FREE && self.best_sf[f as usize] == time {
                self.scan_new_free(f);
            }
        }
    }

    fn compact_heap(&mut self) {
        let mut heap = std::mem::replace(&mut self.heap, RadixHeap::new());
        let mut dropped_sf = Vec::new();
        heap.retain(|t, p| {
            let keep = t as i64 >= self.d && self.still_valid(t as i64, p);
            if !keep && p >> 32 == EV_EDGE_SF {
                dropped_sf.push((t as i64, p as u32));
            }
            keep
        });
        self.heap = heap;
        for (t, e) in dropped_sf {
            self.refresh_free_end(t, e);
        }
    }

    /// S vertex `s` reached the free vertex `f` along a tight edge.
    fn grow_or_augment(&mut self, s: u32, f: u32) {
        let bf = self.top(f);
        let b = self.base[bf as usize];
        let root = self.tree[self.top(s) as usize];
        let m = self.mate[b as usize];
        if m == NONE {
            // An exposed vertex (dual 0): augment.
            if (bf as usize) >= self.n {
                self.augment_blossom(bf, f);
            }
            self.mate[f as usize] = s;
            self.augment_from(s, f);
            self.dissolve(root, NONE);
            if self.live_trees == 0 {
                return;
            }
            // The blossom of `f` stays free, but the event recorded as its vertices' best
            // has now happened: look their S neighbours up afresh.
            self.collect_leaves(bf);
            let leaves = std::mem::take(&mut self.buf_leaves);
            for &w in &leaves {
                self.scan_new_free(w);
            }
            self.buf_leaves = leaves;
        } else {
            let bm = self.top(m);
            self.label_t(bf, root, (s, f));
            self.label_s(bm, root, (b, m));
        }
    }

    /// Flips the alternating path from S vertex `s` up to its tree's root, then matches
    /// `s` to `partner` (or leaves it exposed when `partner == NONE`).
    fn augment_from(&mut self, s: u32, partner: u32) {
        let (mut s, mut p) = (s, partner);
        loop {
            let bs = self.top(s);
            if (bs as usize) >= self.n {
                self.augment_blossom(bs, s);
            }
            self.mate[s as usize] = p;
            let t = self.ledge[bs as usize].0;
            if t == NONE {
                break;
            }
            let bt = self.top(t);
            let (s2, j) = self.ledge[bt as usize];
            if (bt as usize) >= self.n {
                self.augment_blossom(bt, j);
            }
            self.mate[j as usize] = s2;
            s = s2;
            p = j;
        }
    }

    /// Rotates blossom `b` (and its sub-blossoms) so that vertex `v` becomes its base,
    /// re-matching the cycle edges. Does not touch the mate of `v`.
    fn augment_blossom(&mut self, b: u32, v: u32) {
        let mut work = std::mem::take(&mut self.buf_work);
        let mut path = std::mem::take(&mut self.buf_path);
        work.clear();
        work.push((b, v));
        while let Some((b, v)) = work.pop() {
            if (b as usize) < self.n {
                continue;
            }
            // The chain of blossoms from `v` up to the child of `b`, walked once: each level
            // of it is rotated below (a walk per level would cost depth² on deep nestings).
            path.clear();
            let mut c = v;
            while self.parent[c as usize] != b {
                path.push(c);
                c = self.parent[c as usize];
            }
            path.push(c);
            let mut bb = b;
            for idx in (0..path.len()).rev() {
                let c = path[idx];
                self.rotate_blossom(bb, c, v, &mut work);
                bb = c;
            }
        }
        self.buf_work = work;
        self.buf_path = path;
    }

    /// One level of [`Solver::augment_blossom`]: makes child `c` (holding vertex `v`) the
    /// base child of blossom `b`, re-matches the cycle edges and queues the other children
    /// whose bases change.
    fn rotate_blossom(&mut self, b: u32, c: u32, v: u32, work: &mut Vec<(u32, u32)>) {
        let bi = b as usize;
        let ci = bi - self.n;
        let k = self.childs[ci].len();
        let i = self.childs[ci].iter().position(|&x| x == c).unwrap_or(0);
        if i != 0 {
            let (lo, hi) = if i % 2 == 0 { (0, i) } else { (i + 1, k) };
            for j in (lo..hi).step_by(2) {
                let (x, y) = self.cedges[ci][j];
                self.mate[x as usize] = y;
                self.mate[y as usize] = x;
                work.push((self.childs[ci][j], x));
                work.push((self.childs[ci][(j + 1) % k], y));
            }
            self.childs[ci].rotate_left(i);
            self.cedges[ci].rotate_left(i);
        }
        self.base[bi] = v;
    }

    /// Removes the labels of every blossom in the trees of `r1` and `r2` (`NONE` for one tree).
    fn dissolve(&mut self, r1: u32, r2: u32) {
        let mut freed = std::mem::take(&mut self.buf_freed);
        freed.clear();
        for r in [r1, r2] {
            if r == NONE {
                continue;
            }
            self.live_trees -= 1;
            self.tree_vz[r as usize] = i64::MAX;
            let mut list = std::mem::take(&mut self.members[r as usize]);
            for &b in &list {
                let bi = b as usize;
                if self.parent[bi] == NONE && self.label[bi] != FREE && self.tree[bi] == r {
                    self.label[bi] = FREE;
                    self.ledge[bi] = (NONE, NONE);
                    self.tree[bi] = NONE;
                    if bi >= self.n {
                        self.set_zsign(b, 0);
                    }
                    self.resign_leaves(b, 0, &mut freed);
                }
            }
            list.clear();
            self.spare_members.push(list);
        }
        // With no tree left nothing can reach the freed vertices (and `run` stops).
        if self.live_trees > 0 {
            for &v in &freed {
                self.scan_new_free(v);
            }
        }
        self.buf_freed = freed;
    }

    fn next_s_up(&self, bs: u32) -> u32 {
        let t = self.ledge[bs as usize].0;
        if t == NONE {
            return NONE;
        }
        let bt = self.top(t);
        self.top(self.ledge[bt as usize].0)
    }

    /// S–S edge `(u, v)` inside one tree: contract the odd cycle into a new S blossom.
    fn add_blossom(&mut self, u: u32, v: u32) {
        let (bu, bv) = (self.top(u), self.top(v));
        self.mark_stamp = self.mark_stamp.wrapping_add(1);
        if self.mark_stamp == 0 {
            self.mark.iter_mut().for_each(|m| *m = 0);
            self.mark_stamp = 1;
        }
        let st = self.mark_stamp;
        let (mut a, mut b) = (bu, bv);
        let lca = loop {
            if a != NONE {
                if self.mark[a as usize] == st {
                    break a;
                }
                self.mark[a as usize] = st;
                a = self.next_s_up(a);
            }
            if b != NONE {
                if self.mark[b as usize] == st {
                    break b;
                }
                self.mark[b as usize] = st;
                b = self.next_s_up(b);
            }
        };
        let mut path_u = Vec::new();
        let mut x = bu;
        while x != lca {
            path_u.push(x);
            x = self.top(self.ledge[x as usize].0);
        }
        let mut path_v = Vec::new();
        let mut x = bv;
        while x != lca {
            path_v.push(x);
            x = self.top(self.ledge[x as usize].0);
        }
        let nb = self
            .free_ids
            .pop()
            .expect("at most n/2 blossoms exist at once");
        let nbi = nb as usize;
        let mut childs = std::mem::take(&mut self.childs[nbi - self.n]);
        let mut cedges = std::mem::take(&mut self.cedges[nbi - self.n]);
        childs.clear();
        cedges.clear();
        childs.push(lca);
        for &c in path_u.iter().rev() {
            cedges.push(self.ledge[c as usize]);
            childs.push(c);
        }
        cedges.push((u, v));
        for &c in &path_v {
            childs.push(c);
            let (p, q) = self.ledge[c as usize];
            cedges.push((q, p));
        }
        let root = self.tree[lca as usize];
        let mut was_t = Vec::new();
        for &c in &childs {
            self.parent[c as usize] = nb;
            if (c as usize) >= self.n {
                self.set_zsign(c, 0);
            }
            if self.label[c as usize] == LABEL_T {
                was_t.push(c);
            }
        }
        self.base[nbi] = self.base[lca as usize];
        self.ledge[nbi] = self.ledge[lca as usize];
        self.childs[nbi - self.n] = childs;
        self.cedges[nbi - self.n] = cedges;
        self.zdual.reset(nb, self.d, 0, 2);
        self.label[nbi] = LABEL_S;
        self.tree[nbi] = root;
        self.add_member(root, nb);
        // The children's sets join the new blossom's: O(children), not O(vertices).
        for &c in &self.childs[nbi - self.n] {
            self.up[c as usize].set(nb);
        }
        self.up[nbi].set(nb);
        let mut new_s = Vec::new();
        for c in was_t {
            self.resign_leaves(c, 1, &mut new_s);
        }
        for w in new_s {
            self.scan_new_s(w);
        }
    }

    /// Expands a top-level T blossom whose dual reached 0.
    fn expand_t(&mut self, b: u32) {
        let bi = b as usize;
        let (x, j) = self.ledge[bi];
        let root = self.tree[bi];
        let childs = std::mem::take(&mut self.childs[bi - self.n]);
        let cedges = std::mem::take(&mut self.cedges[bi - self.n]);
        let k = childs.len();
        let mut entry = j;
        while self.parent[entry as usize] != b {
            entry = self.parent[entry as usize];
        }
        let i = childs.iter().position(|&c| c == entry).unwrap_or(0);
        for &c in &childs {
            let ci = c as usize;
            self.parent[ci] = NONE;
            self.label[ci] = FREE;
            self.ledge[ci] = (NONE, NONE);
            self.tree[ci] = NONE;
            if ci >= self.n {
                self.zdual.set_rate(c, self.d, 0);
            }
            self.restore_up(c);
        }
        // Label the even-length path from the entry child to the base child.
        let mut on_path = vec![false; k];
        self.label_t(childs[i], root, (x, j));
        on_path[i] = true;
        let mut s_children = Vec::new();
        if i % 2 == 0 {
            let mut pos = i;
            while pos > 0 {
                let (a, bb) = cedges[pos - 1];
                // childs[pos-1] is S, entered through the matched edge from childs[pos].
                // Its vertices are still T-signed: label it T until `label_s` below re-signs it
                // (the label must agree with the dual sign, see `vlabel`).
                self.label[childs[pos - 1] as usize] = LABEL_T;
                s_children.push((childs[pos - 1], (bb, a)));
                on_path[pos - 1] = true;
                let (a2, b2) = cedges[pos - 2];
                self.label_t(childs[pos - 2], root, (b2, a2));
                on_path[pos - 2] = true;
                pos -= 2;
            }
        } else {
            let mut pos = i;
            while pos < k {
                let (a, bb) = cedges[pos];
                self.label[childs[pos + 1] as usize] = LABEL_T; // as above
                s_children.push((childs[pos + 1], (a, bb)));
                on_path[pos + 1] = true;
                let (a2, b2) = cedges[pos + 1];
                let next = (pos + 2) % k;
                self.label_t(childs[next], root, (a2, b2));
                on_path[next] = true;
                pos += 2;
            }
        }
        // Children off the path become free; their vertices lose the T sign.
        let mut freed = Vec::new();
        for (idx, &c) in childs.iter().enumerate() {
            if !on_path[idx] {
                self.resign_leaves(c, 0, &mut freed);
            }
        }
        for (c, le) in s_children {
            self.label_s(c, root, le);
        }
        for w in freed {
            self.scan_new_free(w);
        }
        // Release the blossom id.
        self.label[bi] = FREE;
        self.ledge[bi] = (NONE, NONE);
        self.tree[bi] = NONE;
        self.zdual.reset(b, self.d, 0, 0);
        let mut childs = childs;
        let mut cedges = cedges;
        childs.clear();
        cedges.clear();
        self.childs[bi - self.n] = childs;
        self.cedges[bi - self.n] = cedges;
        self.free_ids.push(b);
    }

    /// Test-only check of the bookkeeping the scans rely on, after every event: each
    /// vertex's dual sign is its outermost blossom's label; `live_trees` counts the roots
    /// that still have a tree; and each tree's recorded vertex-zero time is at most the zero
    /// time of every S vertex in it (so the entry that fires first is in the heap).
    #[cfg(test)]
    fn check_bookkeeping(&self) {
        let mut roots = std::collections::BTreeSet::new();
        for v in 0..self.n as u32 {
            let b = self.top(v);
            let want = self.label[b as usize];
            let rate = self.ydual.rate(v);
            let got = match rate {
                -1 => LABEL_S,
                1 => LABEL_T,
                _ => FREE,
            };
            assert_eq!(got, want, "vertex {v}: dual rate {rate}, label {want}");
            if want != FREE {
                let r = self.tree[b as usize];
                roots.insert(r);
                if want == LABEL_S {
                    assert!(
                        self.tree_vz[r as usize] <= self.d + self.y(v),
                        "tree {r} records zero time {} but S vertex {v} reaches 0 at {}",
                        self.tree_vz[r as usize],
                        self.d + self.y(v)
                    );
                }
            }
        }
        assert_eq!(roots.len(), self.live_trees, "live trees");
    }

    // ---------------------------------------------------------------- output --

    /// Duals and matching; the positive blossoms in tree form (see [`Certificate`]): a
    /// depth-first walk of the blossom forest, parents before children, each vertex listed by
    /// its innermost positive blossom, zero-dual blossoms skipped (their children and
    /// vertices go to the nearest positive ancestor). O(n).
    fn extract(mut self) -> Extracted {
        let n = self.n;
        let y: Vec<i64> = (0..n as u32).map(|v| self.y(v)).collect();
        let mut blossoms: Vec<BlossomDual> = Vec::new();
        let mut stack: Vec<(u32, u32)> = Vec::new();
        for (i, childs) in self.childs.iter().enumerate() {
            let b = n + i;
            if childs.is_empty() || self.parent[b] != NONE {
                continue;
            }
            stack.push((b as u32, NONE));
            while let Some((x, above)) = stack.pop() {
                let z = self.z(x);
                let here = if z > 0 {
                    blossoms.push(BlossomDual {
                        vertices: Vec::new(),
                        dual: z,
                        parent: (above != NONE).then_some(above),
                    });
                    (blossoms.len() - 1) as u32
                } else {
                    above
                };
                // Children in reverse, so they are visited in cycle order.
                for &c in self.childs[x as usize - n].iter().rev() {
                    if (c as usize) >= n {
                        stack.push((c, here));
                    } else if here != NONE {
                        blossoms[here as usize].vertices.push(c);
                    }
                }
            }
        }
        for b in &mut blossoms {
            b.vertices.sort_unstable();
        }
        (std::mem::take(&mut self.mate), y, blossoms)
    }
}

/// Maximum-cardinality matching sizes of a sequence of edge sets on the same vertices, each
/// solve warm-started from the previous one's matching. Every edge has unit weight, so the
/// fresh duals (half the unit weight on every vertex with an edge) make every edge tight:
/// the previous matching's pairs that are still edges are a valid start, the greedy warm
/// start extends them, and the solver only has the remaining augmentations to find. Each
/// solve is an exact maximum-cardinality matching whatever the start; the warm start saves
/// work when consecutive edge sets are close (a threshold search that lowers the threshold
/// keeps the whole previous matching).
///
/// Measured on the planner's min-regret search (1,000 generated teachers, b-matching
/// gadget): resuming from the previous duals as well (blossom duals folded in, violated
/// edges raised, odd pairs unmatched) took about twice the user time of cold solves, since
/// the uneven duals leave few tight edges for the greedy start; the matching-only resume is
/// the faster of the three.
pub(crate) struct WarmCardinality {
    n: usize,
    mate: Vec<u32>,
}

impl WarmCardinality {
    /// A fresh sequence on `n` vertices.
    pub(crate) fn new(n: usize) -> Self {
        WarmCardinality {
            n,
            mate: vec![NONE; n],
        }
    }

    /// The number of pairs of a maximum matching of the simple graph with these edges
    /// (`u < v < n`, no parallel edges).
    pub(crate) fn solve(&mut self, edges: impl Iterator<Item = (u32, u32)>) -> usize {
        let n = self.n;
        let mut p = Problem {
            n,
            eu: Vec::new(),
            ev: Vec::new(),
            ew: Vec::new(),
            short_paths: true,
        };
        for (u, v) in edges {
            p.eu.push(u);
            p.ev.push(v);
            p.ew.push(SCALE);
        }
        // Keep the previous pairs that are still edges (all edges are tight under the
        // initial duals).
        let old = std::mem::take(&mut self.mate);
        let mut mate = vec![NONE; n];
        for i in 0..p.eu.len() {
            let (u, v) = (p.eu[i], p.ev[i]);
            if old[u as usize] == v {
                mate[u as usize] = v;
                mate[v as usize] = u;
            }
        }
        let y = initial_duals(&p);
        let mut s = Solver::new(p, y, mate);
        s.run();
        let (mate, _, _) = s.extract();
        let pairs = mate
            .iter()
            .enumerate()
            .filter(|&(v, &m)| m != NONE && (v as u32) < m)
            .count();
        self.mate = mate;
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::by_degree;
    use crate::matching::csr::Csr;
    use crate::matching::weighted::{max_weight_matching_with_certificate, verify, Mode};
    use crate::matching::WeightedGraph;

    /// Every event of every solve below runs `Solver::check_bookkeeping` (labels read from
    /// dual signs, one vertex-zero entry per tree, the live-tree count); the results are
    /// checked by the independent certificate verifier. Tie-heavy weights (0..3, all equal,
    /// negative) in both modes, so trees, blossoms, expansions, vertex-zero events and the
    /// early stop all occur.
    #[test]
    fn bookkeeping_holds_after_every_event() {
        let mut x: u64 = 7;
        let mut next = |k: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % k
        };
        for case in 0..300 {
            let n = 2 + next(28) as u32;
            let m = next(4 * n as u64 + 1) as usize;
            let style = case % 3;
            let mut edges = Vec::new();
            for _ in 0..m {
                let (u, v) = (next(n as u64) as u32, next(n as u64) as u32);
                if u == v {
                    continue;
                }
                let w = match style {
                    0 => next(4) as i64,
                    1 => 5,
                    _ => next(7) as i64 - 3,
                };
                edges.push((u as usize, v as usize, w));
            }
            let g = WeightedGraph::new(n as usize, edges).expect("valid graph");
            for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
                let (m, cert) = max_weight_matching_with_certificate(&g, mode).expect("solves");
                verify(&g, &m, &cert).expect("certificate verifies");
            }
        }
    }

    /// The counting sort gives exactly the order of a stable sort by (degree, index), which
    /// the warm start used before (so the solver's choices, and results, are unchanged).
    #[test]
    fn by_degree_is_the_sorted_order() {
        let mut x: u64 = 99;
        for n in [0usize, 1, 2, 7, 64, 300] {
            let mut edges = Vec::new();
            for _ in 0..(3 * n) {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let (u, v) = ((x >> 33) as usize % n.max(1), (x >> 13) as usize % n.max(1));
                if u != v {
                    edges.push((u.min(v), u.max(v)));
                }
            }
            let csr = Csr::undirected(n, edges.iter().copied());
            let deg = |v: usize| csr.start[v + 1] - csr.start[v];
            let mut want: Vec<u32> = (0..n as u32).collect();
            want.sort_by_key(|&v| (deg(v as usize), v));
            assert_eq!(by_degree(&csr.start), want, "n = {n}");
        }
    }
}
