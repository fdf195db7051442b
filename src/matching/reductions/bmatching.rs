//! Exact maximum-weight **b-matching** (every vertex `v` may take up to `b_v` partners,
//! every pair at most once) on a general graph, by a reduction to the matching core.
//!
//! # The reduction
//! For a graph `G = (V, E)` with capacities `b`, build the gadget graph `H`:
//!
//! * vertex `v` becomes `b_v` copies `v_1 .. v_{b_v}` (capacity 0 = no copy);
//! * edge `e = {u, v}` of weight `w` with `b_u >= 2` and `b_v >= 2` becomes two new
//!   vertices `a_e`, `b_e` and the edges `{u_i, a_e}` (every copy of `u`), `{a_e, b_e}`
//!   and `{b_e, v_j}` (every copy of `v`), all of weight `w` (Tutte's gadget);
//! * edge `e = {u, v}` with `b_u = 1` (or `b_v = 1`) becomes the *direct* edges
//!   `{u_1, v_j}` for every copy of `v` (or the other way round), of weight `w`. The
//!   single copy of `u` takes at most one of them, so the pair is still used at most once.
//!
//! In a maximum-weight matching of `H` every Tutte gadget contributes `w` when `e` is not
//! used (the middle edge, or one outer edge) and `2w` when `e` is used (both outer edges,
//! so one copy of `u` and one of `v` are taken); a direct edge contributes `w` when used
//! and nothing otherwise. Hence
//! `max weight(H) = sum_{e in E₂} w_e + max weight b-matching(G)`, `E₂` the edges with a
//! Tutte gadget; the b-matching is read back as "both outer edges of the gadget are
//! matched" or "a direct edge is matched", and capacities hold because copies are
//! distinct vertices. The same accounting in maximum-cardinality mode gives
//! `|M_H| = |E₂| + |B|` for a matching of `H` that uses every gadget at least once
//! (a maximum one does: otherwise its middle edge could be added), so maximum cardinality
//! in `H` is maximum cardinality of the b-matching, then maximum weight.
//!
//! The LP certificate of `H` is checked with [`crate::matching::verify`]; by the identity
//! above it proves the b-matching optimal.
//!
//! # Complexity
//! A capacity counts as `b_v = min(capacity, deg v)` (a vertex cannot take more partners
//! than it has edges, so the result is the same), hence `sum_v b_v <= 2|E|` however large
//! the capacities given. `H` has `sum_v b_v + 2|E₂| <= 4|E|` vertices and at most
//! `|E₂| + sum_{uv in E} (b_u + b_v)` edges (at most `|E| + 2 sum_v deg(v)^2`);
//! [`b_matching_gadget_size`] reports both, and the vertices clamped. A cohort where most
//! teachers take one partner therefore solves a graph barely larger than `G` (before the
//! direct edges, every edge had a gadget: at 20,000 teachers `H` was about 15 times
//! larger). The solver is O(n·m·log n) on `H`. With all capacities 1 the gadget is not
//! needed: callers use the graph directly (the planner does).
//!
//! # Reference
//! A. Schrijver, *Combinatorial Optimization* (2003), §32.2 (reduction of b-matching to
//! matching); the "two new vertices per edge" gadget is due to Tutte (1954).

use serde::{Deserialize, Serialize};

use crate::matching::{
    max_weight_matching_with_certificate, verify, CertificateError, MatchingError, Mode,
    WeightedGraph,
};

/// A b-matching: the chosen edges `(u, v)` with `u < v`, sorted, and their total weight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BMatching {
    /// Chosen pairs `(u, v)`, `u < v`, in increasing order.
    pub pairs: Vec<(usize, usize)>,
    /// Total weight of the chosen pairs.
    pub weight: i64,
    /// `Ok(())` when the LP certificate of the gadget graph verified, otherwise the
    /// checker's typed reason ([`CertificateError`], which names the vertex, edge or
    /// blossom at fault).
    pub certificate: Result<(), CertificateError>,
}

impl BMatching {
    /// The partners of `v`, increasing. O(p) for p chosen pairs.
    ///
    /// ```
    /// use peermatch::matching::{Mode, WeightedGraph};
    /// use peermatch::plan::bmatching::max_weight_b_matching;
    /// let g = WeightedGraph::new(4, [(0, 1, 5), (0, 2, 4), (0, 3, 3)])?;
    /// let b = max_weight_b_matching(&g, &[2, 1, 1, 1], Mode::MaxWeight)?;
    /// assert_eq!(b.partners(0), vec![1, 2]);
    /// assert_eq!(b.partners(3), Vec::<usize>::new());
    /// # Ok::<(), peermatch::Error>(())
    /// ```
    #[must_use]
    pub fn partners(&self, v: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .pairs
            .iter()
            .filter_map(|&(a, b)| match (a == v, b == v) {
                (true, _) => Some(b),
                (_, true) => Some(a),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// Number of chosen pairs.
    #[must_use]
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// True when no pair is chosen.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// `min(caps[v], degree(v))` for every vertex, the degree counted over the merged edge list.
fn clamp_to_degree(n: usize, caps: &[u32], edges: &[(usize, usize, i64)]) -> Vec<u32> {
    let mut degree = vec![0u32; n];
    for &(u, v, _) in edges {
        degree[u] += 1;
        degree[v] += 1;
    }
    caps.iter().zip(&degree).map(|(&c, &d)| c.min(d)).collect()
}

/// The edges the gadget is built on: parallel edges merged (heaviest kept), edges touching
/// a zero-capacity vertex dropped and, in max-weight mode, edges of weight `<= 0` dropped.
fn gadget_edges(graph: &WeightedGraph, caps: &[u32], mode: Mode) -> Vec<(usize, usize, i64)> {
    let mut edges: Vec<(usize, usize, i64)> = graph
        .edges()
        .iter()
        .map(|e| {
            let (u, v) = (e.u as usize, e.v as usize);
            (u.min(v), u.max(v), e.weight)
        })
        .filter(|&(u, v, w)| {
            u != v && caps[u] > 0 && caps[v] > 0 && (mode == Mode::MaxCardinality || w > 0)
        })
        .collect();
    edges.sort_by(|a, b| {
        (a.0, a.1, std::cmp::Reverse(a.2)).cmp(&(b.0, b.1, std::cmp::Reverse(b.2)))
    });
    edges.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    edges
}

/// The size of the gadget graph [`max_weight_b_matching`] would solve: a count of its work,
/// for callers that budget it and for tests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BGadgetSize {
    /// Vertices of the gadget: `sum_v min(b_v, deg v) + 2|E₂|` (`E₂`: the edges whose two
    /// ends both count two or more copies; module docs).
    pub vertices: usize,
    /// Edges of the gadget: `1 + b_u + b_v` for an edge with Tutte's gadget, `b_u · b_v`
    /// (one of them is 1) for a direct edge, `b` the capacities clamped to the degrees.
    pub edges: usize,
    /// The vertices whose capacity exceeded their degree and counted as their degree
    /// instead, with the capacity given and the one used: `(v, given, used)`. The result
    /// is the same as with the given capacity (a vertex cannot take more partners than it
    /// has edges); this records that the gadget was built smaller.
    pub clamped: Vec<(usize, u32, u32)>,
}

/// The gadget size of `max_weight_b_matching(graph, caps, mode)`, without solving.
///
/// # Errors
/// [`MatchingError::CapacitiesLength`] when `caps.len()` differs from the vertex count.
///
/// # Complexity
/// O(n + m log m).
///
/// # Example
/// ```
/// use peermatch::matching::{Mode, WeightedGraph};
/// use peermatch::matching::reductions::bmatching::b_matching_gadget_size;
/// // Two vertices, one edge, capacities far above the degree: one copy each, joined by
/// // a direct edge.
/// let g = WeightedGraph::new(2, [(0, 1, 5)]).unwrap();
/// let size = b_matching_gadget_size(&g, &[u32::MAX, 100_000], Mode::MaxWeight).unwrap();
/// assert_eq!((size.vertices, size.edges), (2, 1));
/// assert_eq!(size.clamped, vec![(0, u32::MAX, 1), (1, 100_000, 1)]);
/// // Two vertices of capacity 2 with two common neighbours get Tutte's gadget on each edge.
/// let g = WeightedGraph::new(4, [(0, 2, 1), (0, 3, 1), (1, 2, 1), (1, 3, 1)]).unwrap();
/// let size = b_matching_gadget_size(&g, &[2, 2, 2, 2], Mode::MaxWeight).unwrap();
/// assert_eq!((size.vertices, size.edges), (8 + 2 * 4, 4 * 5));
/// assert!(size.clamped.is_empty());
/// ```
pub fn b_matching_gadget_size(
    graph: &WeightedGraph,
    caps: &[u32],
    mode: Mode,
) -> Result<BGadgetSize, MatchingError> {
    let n = graph.vertex_count();
    check_caps(n, caps)?;
    let gadget = Gadget::new(graph, caps, mode);
    let clamped = (0..n)
        .filter(|&v| gadget.copies_of(v).len() < caps[v] as usize)
        .map(|v| (v, caps[v], gadget.copies_of(v).len() as u32))
        .collect();
    Ok(BGadgetSize {
        vertices: gadget.vertices,
        edges: gadget.h_edge_count(),
        clamped,
    })
}

fn check_caps(n: usize, caps: &[u32]) -> Result<(), MatchingError> {
    if caps.len() != n {
        return Err(MatchingError::CapacitiesLength {
            expected: n,
            got: caps.len(),
        });
    }
    Ok(())
}

/// Exact maximum-weight b-matching of `graph` with capacities `caps` (see the module docs).
///
/// In [`Mode::MaxWeight`] edges of weight `<= 0` are never used; in
/// [`Mode::MaxCardinality`] the number of pairs is maximised first, then the weight.
/// Parallel edges of `graph` are merged first (heaviest kept), so a pair is used at most
/// once.
///
/// # Arguments
/// * `graph`: feasible pairs and weights.
/// * `caps`: one capacity per vertex (`caps[v]` partners at most; 0 = never matched).
/// * `mode`: [`Mode::MaxWeight`] or [`Mode::MaxCardinality`].
///
/// # Returns
/// A [`BMatching`]: the chosen pairs (`u < v`, sorted), their weight, and whether the
/// gadget graph's LP certificate verified.
///
/// # Errors
/// [`MatchingError::CapacitiesLength`] when `caps.len()` differs from the vertex count;
/// other [`MatchingError`]s when the gadget graph is out of the solver's range.
///
/// # Complexity
/// The solver's on the gadget graph (module docs): `Σb + 2·m₂` vertices and
/// `m₂ + Σ_e (b_u + b_v)` edges at most, `m₂` the edges whose two ends both take two or
/// more partners; with mostly capacity-1 vertices it is barely larger than `graph`.
///
/// # References
/// Tutte's reduction (W. T. Tutte, "A short proof of the factor theorem for finite
/// graphs", Canad. J. Math. 6 (1954) 347–352); Schrijver (2003), §32.2.
///
/// # Example
/// ```
/// use peermatch::matching::{Mode, WeightedGraph};
/// use peermatch::plan::bmatching::max_weight_b_matching;
/// // A star: the centre may take two partners.
/// let g = WeightedGraph::new(4, [(0, 1, 5), (0, 2, 4), (0, 3, 3)])?;
/// let b = max_weight_b_matching(&g, &[2, 1, 1, 1], Mode::MaxWeight)?;
/// assert_eq!(b.pairs, vec![(0, 1), (0, 2)]);
/// assert_eq!(b.weight, 9);
/// assert!(b.certificate.is_ok());
/// # Ok::<(), peermatch::Error>(())
/// ```
pub fn max_weight_b_matching(
    graph: &WeightedGraph,
    caps: &[u32],
    mode: Mode,
) -> Result<BMatching, MatchingError> {
    check_caps(graph.vertex_count(), caps)?;
    let gadget = Gadget::new(graph, caps, mode);
    let h = WeightedGraph::new(gadget.vertices, gadget.h_edges())?;
    let (m, cert) = max_weight_matching_with_certificate(&h, mode)?;
    let certificate = verify(&h, &m, &cert);
    let mut pairs = Vec::new();
    let mut weight = 0i64;
    for (k, &(u, v, w)) in gadget.edges.iter().enumerate() {
        if gadget.used(k, |x| m.mate(x)) {
            pairs.push((u, v));
            weight += w;
        }
    }
    Ok(BMatching {
        pairs,
        weight,
        certificate,
    })
}

/// How one edge `e = {u, v}` of `G` appears in the gadget graph `H`.
#[derive(Clone, Copy, Debug)]
enum Part {
    /// One end has a single copy: the edges `{u_1, v_j}` (or `{u_i, v_1}`) directly.
    Direct,
    /// Both ends have two or more copies: Tutte's `a_e = tutte`, `b_e = tutte + 1`.
    Tutte(usize),
}

/// The gadget graph `H` of a b-matching problem (module docs): the merged edges of `G`,
/// the copies of each vertex, and how each edge is represented.
struct Gadget {
    /// The merged edges of `G` (`u < v`, sorted, heaviest of parallel edges).
    edges: Vec<(usize, usize, i64)>,
    /// Copies of vertex `v`: `first[v]..first[v + 1]` (capacities clamped to degrees).
    first: Vec<usize>,
    /// The representation of `edges[k]`.
    parts: Vec<Part>,
    /// Vertex count of `H`.
    vertices: usize,
}

impl Gadget {
    fn new(graph: &WeightedGraph, caps: &[u32], mode: Mode) -> Gadget {
        let n = graph.vertex_count();
        let edges = gadget_edges(graph, caps, mode);
        let clamped = clamp_to_degree(n, caps, &edges);
        let mut first = vec![0usize; n + 1];
        for v in 0..n {
            first[v + 1] = first[v] + clamped[v] as usize;
        }
        let mut top = first[n];
        let parts = edges
            .iter()
            .map(|&(u, v, _)| {
                if clamped[u] == 1 || clamped[v] == 1 {
                    Part::Direct
                } else {
                    top += 2;
                    Part::Tutte(top - 2)
                }
            })
            .collect();
        Gadget {
            edges,
            first,
            parts,
            vertices: top,
        }
    }

    /// Number of copy vertices (they come first in `H`).
    fn copies(&self) -> usize {
        self.first[self.first.len() - 1]
    }

    fn copies_of(&self, v: usize) -> std::ops::Range<usize> {
        self.first[v]..self.first[v + 1]
    }

    /// Edges of `H` for `edges[k]`: `(x, y, w)`, `middle` true for Tutte's `{a_e, b_e}`.
    fn for_each_h_edge(&self, k: usize, mut f: impl FnMut(usize, usize, i64, bool)) {
        let (u, v, w) = self.edges[k];
        match self.parts[k] {
            Part::Direct => {
                for x in self.copies_of(u) {
                    for y in self.copies_of(v) {
                        f(x, y, w, false);
                    }
                }
            }
            Part::Tutte(a) => {
                for x in self.copies_of(u) {
                    f(x, a, w, false);
                }
                f(a, a + 1, w, true);
                for y in self.copies_of(v) {
                    f(a + 1, y, w, false);
                }
            }
        }
    }

    /// Every edge of `H`.
    fn h_edges(&self) -> Vec<(usize, usize, i64)> {
        let mut out = Vec::with_capacity(self.h_edge_count());
        for k in 0..self.edges.len() {
            self.for_each_h_edge(k, |x, y, w, _| out.push((x, y, w)));
        }
        out
    }

    /// `|E(H)|` without building it.
    fn h_edge_count(&self) -> usize {
        let b = |v: usize| self.first[v + 1] - self.first[v];
        self.edges
            .iter()
            .zip(&self.parts)
            .map(|(&(u, v, _), part)| match part {
                Part::Direct => b(u) * b(v),
                Part::Tutte(_) => 1 + b(u) + b(v),
            })
            .sum()
    }

    /// Whether `edges[k]` is used by the matching of `H` whose mates `mate` gives.
    fn used(&self, k: usize, mate: impl Fn(usize) -> Option<usize>) -> bool {
        let (u, v, _) = self.edges[k];
        let copies = self.copies();
        match self.parts[k] {
            Part::Direct => {
                // One end has a single copy; it is matched to a copy of the other end.
                let (single, other) = if self.first[u + 1] - self.first[u] == 1 {
                    (u, v)
                } else {
                    (v, u)
                };
                matches!(mate(self.first[single]), Some(y) if self.copies_of(other).contains(&y))
            }
            Part::Tutte(a) => {
                matches!(mate(a), Some(x) if x < copies)
                    && matches!(mate(a + 1), Some(x) if x < copies)
            }
        }
    }
}

/// The gadget graph `H` of [`max_weight_b_matching`] in maximum-cardinality mode, built
/// once on the whole graph for a bottleneck threshold search: the threshold subgraph
/// "edges of weight `>= t`" is `H` without the outer edges of the lighter gadgets (their
/// middle edges stay). Every vertex keeps its number across thresholds, so a
/// warm-started cardinality oracle ([`crate::matching::weighted::WarmCardinality`]) can
/// resume from one threshold's solve at the next.
///
/// A maximum matching of the threshold gadget has `|E₂| + |B_t|` edges (`E₂` the edges
/// with a Tutte gadget), `B_t` a maximum b-matching of the threshold subgraph: a removed
/// edge's gadget contributes its middle edge, a kept one its middle edge or both outer
/// edges, a kept direct edge one edge when used (module docs). Direct edges count as
/// outer edges here (dropped below the threshold). Capacities are clamped to the whole
/// graph's degrees, which never changes a b-matching's size.
pub(crate) struct CardinalityGadget {
    /// Vertex count of `H`.
    pub(crate) vertices: usize,
    /// Outer and direct edges `(x, y, w)`, `x < y`, `w` = the weight of the original edge.
    outer: Vec<(u32, u32, i64)>,
    /// Middle edges `(a_e, b_e)`, present at every threshold.
    middle: Vec<(u32, u32)>,
}

impl CardinalityGadget {
    /// The gadget of `graph` with capacities `caps` (the caller checked `caps.len()`).
    ///
    /// # Errors
    /// [`MatchingError::TooManyVertices`] when `H` has more than
    /// [`crate::matching::MAX_VERTICES`] vertices.
    pub(crate) fn new(graph: &WeightedGraph, caps: &[u32]) -> Result<Self, MatchingError> {
        let gadget = Gadget::new(graph, caps, Mode::MaxCardinality);
        let vertices = gadget.vertices;
        if vertices > crate::matching::MAX_VERTICES {
            return Err(MatchingError::TooManyVertices {
                n: vertices,
                max: crate::matching::MAX_VERTICES,
            });
        }
        let mut outer = Vec::with_capacity(gadget.h_edge_count());
        let mut middle = Vec::new();
        for k in 0..gadget.edges.len() {
            gadget.for_each_h_edge(k, |x, y, w, is_middle| {
                let (x, y) = (x.min(y) as u32, x.max(y) as u32);
                if is_middle {
                    middle.push((x, y));
                } else {
                    outer.push((x, y, w));
                }
            });
        }
        Ok(CardinalityGadget {
            vertices,
            outer,
            middle,
        })
    }

    /// The edges of the gadget of the threshold subgraph (weights `>= t`).
    pub(crate) fn edges_at(&self, t: i64) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.middle.iter().copied().chain(
            self.outer
                .iter()
                .filter(move |e| e.2 >= t)
                .map(|&(x, y, _)| (x, y)),
        )
    }

    /// The b-matching size read from a maximum gadget matching of `size` edges.
    pub(crate) fn pairs(&self, size: usize) -> usize {
        size - self.middle.len()
    }
}

/// Prints the pairs and the weight, e.g. `2 pairs, weight 9: (0, 1) (0, 2)`.
impl std::fmt::Display for BMatching {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.pairs.len() == 1 { "" } else { "s" };
        write!(f, "{} pair{s}, weight {}", self.pairs.len(), self.weight)?;
        let mut sep = ":";
        for (u, v) in &self.pairs {
            write!(f, "{sep} ({u}, {v})")?;
            sep = "";
        }
        Ok(())
    }
}
