//! Exact maximum-weight **b-matching** (every vertex `v` may take up to `b_v` partners,
//! every pair at most once) on a general graph, by a reduction to the matching core.
//!
//! # The reduction
//! For a graph `G = (V, E)` with capacities `b`, build the gadget graph `H`:
//!
//! * vertex `v` becomes `b_v` copies `v_1 .. v_{b_v}` (capacity 0 = no copy);
//! * edge `e = {u, v}` of weight `w` becomes two new vertices `a_e`, `b_e` and the edges
//!   `{u_i, a_e}` (every copy of `u`), `{a_e, b_e}` and `{b_e, v_j}` (every copy of `v`),
//!   all of weight `w`.
//!
//! In a maximum-weight matching of `H` every gadget contributes `w` when `e` is not used
//! (the middle edge, or one outer edge) and `2w` when `e` is used (both outer edges, so
//! one copy of `u` and one of `v` are taken). Hence
//! `max weight(H) = sum_e w_e + max weight b-matching(G)`, the b-matching is read back as
//! "both outer edges of the gadget are matched", and capacities hold because copies are
//! distinct vertices. The same accounting in maximum-cardinality mode gives
//! `|M_H| = |E| + |B|` for a maximal gadget matching, so maximum cardinality in `H` is
//! maximum cardinality of the b-matching, then maximum weight.
//!
//! The LP certificate of `H` is checked with [`crate::matching::verify`]; by the identity
//! above it proves the b-matching optimal.
//!
//! # Complexity
//! A capacity counts as `b_v = min(capacity, deg v)` (a vertex cannot take more partners
//! than it has edges, so the result is the same), hence `sum_v b_v <= 2|E|` however large
//! the capacities given. `H` has `sum_v b_v + 2|E| <= 4|E|` vertices and
//! `|E| + sum_{uv in E} (b_u + b_v)` edges (at most `|E| + 2 sum_v deg(v)^2`);
//! [`b_matching_gadget_size`] reports both, and the vertices clamped. The solver is
//! O(n·m·log n) on `H`. With all capacities 1 the gadget is not needed: callers
//! use the graph directly (the planner does).
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
    /// Vertices of the gadget: `sum_v min(b_v, deg v) + 2|E|`.
    pub vertices: usize,
    /// Edges of the gadget: `|E| + sum_{uv in E} (min(b_u, deg u) + min(b_v, deg v))`.
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
/// // Two vertices, one edge, capacities far above the degree: one copy each.
/// let g = WeightedGraph::new(2, [(0, 1, 5)]).unwrap();
/// let size = b_matching_gadget_size(&g, &[u32::MAX, 100_000], Mode::MaxWeight).unwrap();
/// assert_eq!(size.vertices, 4);
/// assert_eq!(size.clamped, vec![(0, u32::MAX, 1), (1, 100_000, 1)]);
/// ```
pub fn b_matching_gadget_size(
    graph: &WeightedGraph,
    caps: &[u32],
    mode: Mode,
) -> Result<BGadgetSize, MatchingError> {
    let n = graph.vertex_count();
    check_caps(n, caps)?;
    let edges = gadget_edges(graph, caps, mode);
    let clamped_caps = clamp_to_degree(n, caps, &edges);
    let copies: usize = clamped_caps.iter().map(|&c| c as usize).sum();
    let outer: usize = edges
        .iter()
        .map(|&(u, v, _)| clamped_caps[u] as usize + clamped_caps[v] as usize)
        .sum();
    let clamped = (0..n)
        .filter(|&v| clamped_caps[v] < caps[v])
        .map(|v| (v, caps[v], clamped_caps[v]))
        .collect();
    Ok(BGadgetSize {
        vertices: copies + 2 * edges.len(),
        edges: edges.len() + outer,
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
/// The solver's on the gadget graph: `Σb + 2m` vertices, `m + Σ_e (b_u + b_v)` edges
/// (module docs).
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
    let n = graph.vertex_count();
    check_caps(n, caps)?;
    let edges = gadget_edges(graph, caps, mode);

    // Copies of each vertex: a capacity counts as min(capacity, degree), since a vertex can
    // never take more partners than it has edges (the result is the same; the gadget is not
    // larger than 2|E| copies).
    let clamped = clamp_to_degree(n, caps, &edges);
    let mut first = vec![0usize; n + 1];
    for v in 0..n {
        first[v + 1] = first[v] + clamped[v] as usize;
    }
    let copies = first[n];
    let h_n = copies + 2 * edges.len();
    let mut h_edges: Vec<(usize, usize, i64)> = Vec::new();
    for (k, &(u, v, w)) in edges.iter().enumerate() {
        let a = copies + 2 * k;
        let b = a + 1;
        for cu in first[u]..first[u + 1] {
            h_edges.push((cu, a, w));
        }
        h_edges.push((a, b, w));
        for cv in first[v]..first[v + 1] {
            h_edges.push((b, cv, w));
        }
    }
    let h = WeightedGraph::new(h_n, h_edges)?;
    let (m, cert) = max_weight_matching_with_certificate(&h, mode)?;
    let certificate = verify(&h, &m, &cert);
    let mut pairs = Vec::new();
    let mut weight = 0i64;
    for (k, &(u, v, w)) in edges.iter().enumerate() {
        let a = copies + 2 * k;
        let b = a + 1;
        let used = matches!(m.mate(a), Some(x) if x < copies)
            && matches!(m.mate(b), Some(x) if x < copies);
        if used {
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

/// The gadget graph `H` of [`max_weight_b_matching`] in maximum-cardinality mode, built
/// once on the whole graph for a bottleneck threshold search: the threshold subgraph
/// "edges of weight `>= t`" is `H` without the outer edges of the lighter gadgets (their
/// middle edges stay). Every vertex keeps its number across thresholds, so a
/// warm-started cardinality oracle ([`crate::matching::weighted::WarmCardinality`]) can
/// resume from one threshold's solve at the next.
///
/// A maximum matching of the threshold gadget has `|E| + |B_t|` edges, `B_t` a maximum
/// b-matching of the threshold subgraph: a removed edge's gadget contributes its middle
/// edge, a kept one its middle edge or both outer edges (module docs). Capacities are
/// clamped to the whole graph's degrees, which never changes a b-matching's size.
pub(crate) struct CardinalityGadget {
    /// Vertex count of `H`.
    pub(crate) vertices: usize,
    /// Outer edges `(x, y, w)`, `x < y`, `w` = the weight of the original edge.
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
        let n = graph.vertex_count();
        let edges = gadget_edges(graph, caps, Mode::MaxCardinality);
        let clamped = clamp_to_degree(n, caps, &edges);
        let mut first = vec![0usize; n + 1];
        for v in 0..n {
            first[v + 1] = first[v] + clamped[v] as usize;
        }
        let copies = first[n];
        let vertices = copies + 2 * edges.len();
        if vertices > crate::matching::MAX_VERTICES {
            return Err(MatchingError::TooManyVertices {
                n: vertices,
                max: crate::matching::MAX_VERTICES,
            });
        }
        let mut outer = Vec::new();
        let mut middle = Vec::with_capacity(edges.len());
        for (k, &(u, v, w)) in edges.iter().enumerate() {
            let a = (copies + 2 * k) as u32;
            let b = a + 1;
            for cu in first[u]..first[u + 1] {
                outer.push((cu as u32, a, w));
            }
            middle.push((a, b));
            for cv in first[v]..first[v + 1] {
                outer.push((cv as u32, b, w));
            }
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
