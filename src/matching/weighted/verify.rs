//! Independent checker of matching certificates.
//!
//! [`verify`] decides whether a [`Certificate`] proves a [`Matching`] optimal for a
//! [`WeightedGraph`]. It shares no code with the solver: it only reads the graph's edge list,
//! the matching's public accessors and the certificate's public fields, so a bug in the
//! solver cannot hide itself by reappearing in the check.
//!
//! # Complexity
//! Tree-form certificates (what the solver writes): O((n + m)·α) time and O(n + m) extra
//! space, whatever the nesting depth. Member-list certificates: O(n + s + b·log b) more to
//! rebuild the tree, where `b` is the number of blossoms and `s` the sum of their sizes.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{Certificate, Matching, Mode, WeightedGraph};

const NONE: u32 = u32::MAX;

/// Why a certificate does not prove a matching optimal (or why the matching itself is not a
/// matching of the graph). Returned by [`verify`]; each variant names the vertex, edge or
/// blossom at fault. Blossoms are named by their index in [`Certificate::blossoms`]; slacks
/// and duals are in the certificate's scaled units.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum CertificateError {
    /// A list has the wrong length.
    #[error("{what} is {got}, but the graph has {expected} vertices")]
    LengthMismatch {
        /// Which list: `"the matching's vertex count"` or `"the number of vertex duals"`.
        what: Cow<'static, str>,
        /// The graph's vertex count.
        expected: usize,
        /// The length found.
        got: usize,
    },
    /// `mate(vertex)` is out of range, is `vertex` itself, or does not point back.
    #[error("the matching is not symmetric: vertex {vertex} is matched to {mate}, but {mate} is matched to {back:?}")]
    MateNotSymmetric {
        /// The vertex.
        vertex: usize,
        /// Its claimed partner.
        mate: usize,
        /// The partner's partner (`None` if unmatched or out of range).
        back: Option<usize>,
    },
    /// A matched pair is not an edge of the graph.
    #[error("matched pair ({u}, {v}) is not an edge of the graph")]
    MatchingNotInGraph {
        /// Smaller vertex.
        u: usize,
        /// Larger vertex.
        v: usize,
    },
    /// [`Matching::len`] disagrees with the number of pairs.
    #[error("the matching claims {claimed} pairs but has {actual}")]
    CardinalityMismatch {
        /// [`Matching::len`].
        claimed: usize,
        /// Pairs counted from `mate`.
        actual: usize,
    },
    /// [`Matching::weight`] disagrees with the sum of the matched edges' weights.
    #[error("the matching claims weight {claimed} but its edges sum to {actual}")]
    WeightMismatch {
        /// [`Matching::weight`].
        claimed: i64,
        /// Sum of the graph weights of the matched edges.
        actual: i128,
    },
    /// `scale < 1`.
    #[error("the certificate's scale is {scale}; it must be at least 1")]
    BadScale {
        /// The scale.
        scale: i64,
    },
    /// A maximum-weight certificate with a nonzero shift.
    #[error("a maximum-weight certificate must have shift 0, not {shift}")]
    ShiftNotZero {
        /// The shift.
        shift: i64,
    },
    /// A maximum-cardinality certificate whose shift does not make larger matchings heavier.
    #[error("the maximum-cardinality shift is {got}, but this graph needs at least {needed}")]
    ShiftTooSmall {
        /// `(K - 1) * (max_w - min_w) - min_w + 1`, or 0 without edges.
        needed: i128,
        /// The certificate's shift.
        got: i64,
    },
    /// `y_v < 0`.
    #[error("vertex {vertex} has negative dual {dual}")]
    NegativeVertexDual {
        /// The vertex.
        vertex: usize,
        /// Its dual.
        dual: i64,
    },
    /// `z_B < 0`.
    #[error("blossom {blossom} has negative dual {dual}")]
    NegativeBlossomDual {
        /// Index of the blossom.
        blossom: usize,
        /// Its dual.
        dual: i64,
    },
    /// A blossom with an even number of vertices, or fewer than 3.
    #[error("blossom {blossom} has {size} vertices; a blossom needs an odd number, at least 3")]
    BlossomBadSize {
        /// Index of the blossom.
        blossom: usize,
        /// Its size.
        size: usize,
    },
    /// A blossom names a vertex `>= n`.
    #[error("blossom {blossom} names vertex {vertex}, but the graph has only {n} vertices")]
    BlossomVertexOutOfRange {
        /// Index of the blossom.
        blossom: usize,
        /// The vertex.
        vertex: u32,
        /// The vertex count.
        n: usize,
    },
    /// A blossom names a vertex twice.
    #[error("blossom {blossom} names vertex {vertex} twice")]
    BlossomDuplicateVertex {
        /// Index of the blossom.
        blossom: usize,
        /// The vertex.
        vertex: u32,
    },
    /// Two blossoms with positive duals overlap without one containing the other.
    #[error(
        "blossoms {blossom} and {other} cross (neither contains the other) at vertex {vertex}"
    )]
    NotLaminar {
        /// Index of one blossom.
        blossom: usize,
        /// Index of a blossom that crosses it.
        other: usize,
        /// A vertex in both.
        vertex: usize,
    },
    /// Tree form: a vertex is listed by two blossoms (each vertex must be listed once, by
    /// its innermost blossom).
    #[error("vertex {vertex} is listed by blossoms {other} and {blossom}; in tree form a vertex is listed only by its innermost blossom")]
    VertexListedTwice {
        /// Index of the later blossom.
        blossom: usize,
        /// Index of the earlier blossom.
        other: usize,
        /// The vertex.
        vertex: u32,
    },
    /// Tree form: a blossom's `parent` is not an earlier blossom.
    #[error("blossom {blossom} names parent {parent}; a parent must come earlier in the list")]
    BadParent {
        /// Index of the blossom.
        blossom: usize,
        /// The parent it names.
        parent: u32,
    },
    /// Dual feasibility fails on an edge: `y_u + y_v + sum z < c(e)`.
    #[error(
        "edge ({u}, {v}) of weight {weight} is violated: y_u + y_v + z-sum - c(e) = {slack} < 0"
    )]
    EdgeViolated {
        /// Smaller endpoint.
        u: usize,
        /// Larger endpoint.
        v: usize,
        /// The edge's (unscaled) weight.
        weight: i64,
        /// `y_u + y_v + sum z - c(e)`, negative.
        slack: i128,
    },
    /// A matched edge is not tight: `y_u + y_v + sum z > c(e)`.
    #[error("matched edge ({u}, {v}) of weight {weight} is not tight: slack {slack}")]
    MatchedEdgeNotTight {
        /// Smaller endpoint.
        u: usize,
        /// Larger endpoint.
        v: usize,
        /// The edge's (unscaled) weight.
        weight: i64,
        /// `y_u + y_v + sum z - c(e)`, positive.
        slack: i128,
    },
    /// An unmatched vertex has `y_v > 0`.
    #[error("vertex {vertex} is unmatched but has positive dual {dual}")]
    UnmatchedVertexPositiveDual {
        /// The vertex.
        vertex: usize,
        /// Its dual.
        dual: i64,
    },
    /// A blossom with `z_B > 0` does not contain `(|B| - 1) / 2` matched edges.
    #[error("blossom {blossom} ({size} vertices, dual {dual}) contains {matched_inside} matched edges; it must contain {needed}")]
    BlossomNotFull {
        /// Index of the blossom.
        blossom: usize,
        /// `|B|`.
        size: usize,
        /// `z_B`.
        dual: i64,
        /// Matched edges with both ends in the blossom.
        matched_inside: usize,
        /// `(|B| - 1) / 2`.
        needed: usize,
    },
    /// The dual objective differs from the certified weight of the matching.
    #[error(
        "the dual objective {dual} differs from the certified weight {primal} of the matching"
    )]
    DualObjectiveMismatch {
        /// `sum over matched edges of c(e)`.
        primal: i128,
        /// `sum(y) + sum(z_B * (|B| - 1) / 2)`.
        dual: i128,
    },
    /// A certified quantity does not fit in `i128` (absurd scale or shift).
    #[error("arithmetic overflow while computing {what}")]
    Overflow {
        /// What was being computed.
        what: Cow<'static, str>,
    },
}

/// Checks that `cert` proves `matching` optimal for `graph`.
///
/// In [`Mode::MaxWeight`] a valid certificate proves that no matching has a larger total
/// weight; in [`Mode::MaxCardinality`] it proves that no matching has more pairs, nor as many
/// pairs and a larger weight. The mode proved is `cert.mode`: callers that asked for a
/// particular mode should also compare it.
///
/// # What is checked
///
/// In this order (the first failure is reported, naming the vertex, edge or blossom at fault
/// and the numbers involved):
///
/// 1. **The matching** is a matching of `graph`: same vertex count, symmetric `mate`, no
///    vertex matched to itself, every pair an edge of the graph, and the matching's stored
///    [`len`](Matching::len) and [`weight`](Matching::weight) equal to the count and the sum of
///    the weights of its pairs.
/// 2. **The certificate's shape**: one vertex dual per vertex, `scale >= 1`; in
///    [`Mode::MaxWeight`] `shift == 0`; in [`Mode::MaxCardinality`] `shift` at least the bound
///    `(K - 1) * (max_w - min_w) - min_w + 1` (`K = floor(n / 2)`; 0 without edges) recomputed
///    here from the graph.
/// 3. **Signs and blossoms**: every `y_v >= 0`, every `z_B >= 0`, every blossom an odd set of at
///    least 3 distinct in-range vertices, and the blossoms with `z_B > 0` a laminar family.
///    (Blossoms with `z_B = 0` add nothing to any sum, so they only have to be well formed.)
/// 4. **Dual feasibility** of every edge: `y_u + y_v + sum(z_B : u, v in B) >= c(e)` with
///    `c(e) = scale * (w + shift)`.
/// 5. **Complementary slackness**: matched edges tight, unmatched vertices `y_v = 0`, blossoms
///    with `z_B > 0` full (exactly `(|B| - 1) / 2` matched edges inside).
/// 6. **Consistency**: the dual objective `sum(y) + sum(z_B * (|B| - 1) / 2)` equals the
///    certified weight of the matching. (This follows from 4 and 5, so it fails only if the
///    checker itself is wrong; it is cheap, so it is checked anyway.)
///
/// All sums are computed in `i128` with overflow checks, so no certificate can pass by
/// wrapping around.
///
/// ## How
///
/// In tree form (see [`Certificate`], *Blossom forms*) the blossom forest is read off the
/// `parent` links (each must point to an earlier blossom, each vertex is listed once, and
/// sizes are summed up the tree). In member-list form the blossoms with a positive dual are
/// sorted by decreasing size; walking them in that order while keeping, for every vertex, the
/// innermost blossom seen so far both checks laminarity (all vertices of a blossom must share
/// the same current innermost blossom, which becomes its parent) and builds the forest.
/// Prefix sums of `z` from the roots down give, for any blossom `B`, the total dual of `B`
/// and its ancestors; the blossoms containing both ends of an edge are exactly the ancestors
/// of the lowest common ancestor of the ends' innermost blossoms, found for all edges at once
/// by Tarjan's offline algorithm. Matched edges are counted at that ancestor and the counts
/// summed up the tree to check fullness.
///
/// # Errors
/// The first violated condition, as a [`CertificateError`] naming the vertex, edge or blossom
/// at fault.
///
/// # Complexity
/// Tree form: O((n + m)·α) time (α from the path-halving union-find; near-linear), O(n + m)
/// extra space. Member-list form: O(n + m·α + s + b·log b), `b` the number of blossoms and
/// `s` the sum of their sizes.
///
/// # Example
/// A triangle of weight-2 edges: one edge can be matched, and only a blossom dual (no vertex
/// dual, since one vertex stays unmatched) can cover all three edges.
/// ```
/// use peermatch::matching::{
///     verify, BlossomDual, Certificate, CertificateError, Matching, Mode, WeightedGraph,
/// };
/// let g = WeightedGraph::new(3, [(0, 1, 2), (1, 2, 2), (0, 2, 2)]).unwrap();
/// let m = Matching::from_pairs(&g, [(0, 1)]).unwrap();
/// let cert = Certificate {
///     mode: Mode::MaxWeight,
///     scale: 4,
///     shift: 0,
///     vertex_duals: vec![0, 0, 0],
///     blossoms: vec![BlossomDual { vertices: vec![0, 1, 2], dual: 8, parent: None }],
/// };
/// assert_eq!(verify(&g, &m, &cert), Ok(()));
///
/// // Vertex duals alone do not work: vertex 2 is unmatched, so y_2 must be 0.
/// let bad = Certificate { vertex_duals: vec![4, 4, 4], blossoms: vec![], ..cert };
/// assert_eq!(
///     verify(&g, &m, &bad),
///     Err(CertificateError::UnmatchedVertexPositiveDual { vertex: 2, dual: 4 })
/// );
/// ```
pub fn verify(
    graph: &WeightedGraph,
    matching: &Matching,
    cert: &Certificate,
) -> Result<(), CertificateError> {
    let n = graph.vertex_count();
    let mate = check_matching(graph, matching)?;
    check_parameters(graph, cert)?;
    let forest = BlossomForest::build(n, cert)?;
    let lcas = forest.edge_lcas(graph);
    check_edges(graph, &mate, cert, &forest, &lcas)?;
    check_unmatched(&mate, cert)?;
    check_full(graph, &mate, cert, &forest, &lcas)?;
    Ok(())
}

/// Step 1: the matching is a matching of the graph. Returns `mate` as a flat vector.
fn check_matching(
    graph: &WeightedGraph,
    matching: &Matching,
) -> Result<Vec<u32>, CertificateError> {
    let n = graph.vertex_count();
    if matching.vertex_count() != n {
        return Err(CertificateError::LengthMismatch {
            what: Cow::Borrowed("the matching's vertex count"),
            expected: n,
            got: matching.vertex_count(),
        });
    }
    let mut mate = vec![NONE; n];
    let mut pairs = 0usize;
    for (v, slot) in mate.iter_mut().enumerate() {
        if let Some(u) = matching.mate(v) {
            let back = if u < n { matching.mate(u) } else { None };
            if u == v || back != Some(v) {
                return Err(CertificateError::MateNotSymmetric {
                    vertex: v,
                    mate: u,
                    back,
                });
            }
            *slot = u as u32;
            if v < u {
                pairs += 1;
            }
        }
    }
    // Every pair must be an edge; the graph holds each pair at most once.
    let mut found = vec![false; n];
    let mut found_count = 0usize;
    let mut weight: i128 = 0;
    for e in graph.edges() {
        let (u, v) = (e.u as usize, e.v as usize);
        if mate[u] == e.v && !found[u] {
            found[u] = true;
            found_count += 1;
            weight += e.weight as i128;
        }
        debug_assert!(u < v);
    }
    if found_count != pairs {
        let u = (0..n)
            .find(|&u| mate[u] != NONE && (u as u32) < mate[u] && !found[u])
            .expect("a pair without an edge exists");
        return Err(CertificateError::MatchingNotInGraph {
            u,
            v: mate[u] as usize,
        });
    }
    if matching.len() != pairs {
        return Err(CertificateError::CardinalityMismatch {
            claimed: matching.len(),
            actual: pairs,
        });
    }
    if matching.weight() as i128 != weight {
        return Err(CertificateError::WeightMismatch {
            claimed: matching.weight(),
            actual: weight,
        });
    }
    Ok(mate)
}

/// The smallest maximum-cardinality shift for `graph`:
/// `(K - 1) * (max_w - min_w) - min_w + 1` with `K = floor(n / 2)`, or 0 without edges.
fn needed_shift(graph: &WeightedGraph) -> i128 {
    let mut edges = graph.edges().iter().map(|e| e.weight as i128);
    let Some(first) = edges.next() else {
        return 0;
    };
    let (lo, hi) = edges.fold((first, first), |(lo, hi), w| (lo.min(w), hi.max(w)));
    let k = (graph.vertex_count() / 2) as i128;
    (k - 1) * (hi - lo) - lo + 1
}

/// Step 2: lengths, scale and shift.
fn check_parameters(graph: &WeightedGraph, cert: &Certificate) -> Result<(), CertificateError> {
    let n = graph.vertex_count();
    if cert.vertex_duals.len() != n {
        return Err(CertificateError::LengthMismatch {
            what: Cow::Borrowed("the number of vertex duals"),
            expected: n,
            got: cert.vertex_duals.len(),
        });
    }
    if cert.scale < 1 {
        return Err(CertificateError::BadScale { scale: cert.scale });
    }
    match cert.mode {
        Mode::MaxWeight => {
            if cert.shift != 0 {
                return Err(CertificateError::ShiftNotZero { shift: cert.shift });
            }
        }
        Mode::MaxCardinality => {
            let needed = needed_shift(graph);
            if (cert.shift as i128) < needed {
                return Err(CertificateError::ShiftTooSmall {
                    needed,
                    got: cert.shift,
                });
            }
        }
    }
    if let Some((vertex, &dual)) = cert.vertex_duals.iter().enumerate().find(|(_, &y)| y < 0) {
        return Err(CertificateError::NegativeVertexDual { vertex, dual });
    }
    Ok(())
}

/// The laminar forest of the certificate's blossoms: in tree form every listed blossom, in
/// member-list form those with a positive dual. Nodes are numbered so that a parent comes
/// before its children.
struct BlossomForest {
    /// Innermost forest blossom containing each vertex (a node index), or `NONE`.
    inner: Vec<u32>,
    /// Per node: parent node or `NONE`.
    parent: Vec<u32>,
    /// Per node: `z` of the node plus all its ancestors.
    zsum: Vec<i128>,
    /// Per node: number of vertices.
    size: Vec<usize>,
    /// Per node: index in `cert.blossoms`.
    index: Vec<usize>,
}

impl BlossomForest {
    /// Step 3: checks the blossoms and builds their forest.
    fn build(n: usize, cert: &Certificate) -> Result<Self, CertificateError> {
        let linked = cert.blossoms.iter().any(|b| b.parent.is_some());
        // Shape of every blossom, distinctness via a stamp per vertex, and the first blossom
        // listing each vertex (to tell the two forms apart).
        let mut stamp = vec![NONE; n];
        let mut listed = vec![NONE; n];
        let mut overlap: Option<(usize, usize, u32)> = None;
        for (i, b) in cert.blossoms.iter().enumerate() {
            if b.dual < 0 {
                return Err(CertificateError::NegativeBlossomDual {
                    blossom: i,
                    dual: b.dual,
                });
            }
            let size = b.vertices.len();
            // Without parent links the list is the whole blossom in either form.
            if !linked && (size < 3 || size % 2 == 0) {
                return Err(CertificateError::BlossomBadSize { blossom: i, size });
            }
            for &x in &b.vertices {
                if x as usize >= n {
                    return Err(CertificateError::BlossomVertexOutOfRange {
                        blossom: i,
                        vertex: x,
                        n,
                    });
                }
                // `i` fits in u32 whenever the blossom list is sensible; a stamp collision
                // for absurdly long lists would only re-check, never skip, a vertex.
                let tag = i as u32;
                if stamp[x as usize] == tag {
                    return Err(CertificateError::BlossomDuplicateVertex {
                        blossom: i,
                        vertex: x,
                    });
                }
                stamp[x as usize] = tag;
                let first = listed[x as usize];
                if first == NONE {
                    listed[x as usize] = i as u32;
                } else if overlap.is_none() {
                    overlap = Some((first as usize, i, x));
                }
            }
        }
        match overlap {
            None => Self::from_tree(cert, listed),
            Some((other, blossom, vertex)) if linked => Err(CertificateError::VertexListedTwice {
                blossom,
                other,
                vertex,
            }),
            Some(_) => Self::from_member_lists(n, cert),
        }
    }

    /// Tree form: every vertex listed at most once (`listed` = its blossom), parents first.
    fn from_tree(cert: &Certificate, listed: Vec<u32>) -> Result<Self, CertificateError> {
        let k = cert.blossoms.len();
        let mut parent = vec![NONE; k];
        let mut zsum = vec![0i128; k];
        for (i, b) in cert.blossoms.iter().enumerate() {
            let above = match b.parent {
                None => 0,
                Some(p) if (p as usize) < i => {
                    parent[i] = p;
                    zsum[p as usize]
                }
                Some(p) => {
                    return Err(CertificateError::BadParent {
                        blossom: i,
                        parent: p,
                    })
                }
            };
            zsum[i] = above + b.dual as i128;
        }
        let mut size: Vec<usize> = cert.blossoms.iter().map(|b| b.vertices.len()).collect();
        for i in (0..k).rev() {
            if parent[i] != NONE {
                size[parent[i] as usize] += size[i];
            }
        }
        if let Some(i) = (0..k).find(|&i| size[i] < 3 || size[i].is_multiple_of(2)) {
            return Err(CertificateError::BlossomBadSize {
                blossom: i,
                size: size[i],
            });
        }
        Ok(BlossomForest {
            inner: listed,
            parent,
            zsum,
            size,
            index: (0..k).collect(),
        })
    }

    /// Member-list form: rebuilds the laminar forest of the positive blossoms. Walking them
    /// by decreasing size while keeping, for every vertex, the innermost blossom seen so far
    /// both checks laminarity (all vertices of a blossom must share the same current
    /// innermost blossom, which becomes its parent) and builds the forest.
    fn from_member_lists(n: usize, cert: &Certificate) -> Result<Self, CertificateError> {
        // Positive blossoms, outermost first (ties by index, so duplicates nest).
        let mut order: Vec<usize> = (0..cert.blossoms.len())
            .filter(|&i| cert.blossoms[i].dual > 0)
            .collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(cert.blossoms[i].vertices.len()), i));
        let k = order.len();
        let mut forest = BlossomForest {
            inner: vec![NONE; n],
            parent: vec![NONE; k],
            zsum: vec![0; k],
            size: order
                .iter()
                .map(|&i| cert.blossoms[i].vertices.len())
                .collect(),
            index: order,
        };
        for node in 0..k {
            let i = forest.index[node];
            let verts = &cert.blossoms[i].vertices;
            let first = verts[0] as usize;
            let p = forest.inner[first];
            for &x in &verts[1..] {
                let q = forest.inner[x as usize];
                if q != p {
                    return Err(forest.crossing(i, first, x as usize, p, q));
                }
            }
            forest.parent[node] = p;
            let above = if p == NONE {
                0
            } else {
                forest.zsum[p as usize]
            };
            forest.zsum[node] = above + cert.blossoms[i].dual as i128;
            for &x in verts {
                forest.inner[x as usize] = node as u32;
            }
        }
        Ok(forest)
    }

    /// Blossom `i` contains `a` and `b`, whose innermost larger blossoms so far are `p != q`.
    /// Finds a larger blossom crossing `i`.
    fn crossing(&self, i: usize, a: usize, b: usize, p: u32, q: u32) -> CertificateError {
        // If `p` is an ancestor of `q` (or absent), `q` holds `b` but not `a`; otherwise `p`
        // holds `a` but not `b`.
        let mut x = q;
        let q_below_p = p == NONE || {
            while x != NONE && x != p {
                x = self.parent[x as usize];
            }
            x == p
        };
        let (other, vertex) = if q_below_p { (q, b) } else { (p, a) };
        CertificateError::NotLaminar {
            blossom: i,
            other: self.index[other as usize],
            vertex,
        }
    }

    /// For every edge of `graph`, the innermost forest blossom containing both ends (a
    /// node), or `NONE`: Tarjan's offline lowest-common-ancestor algorithm with a
    /// path-halving union-find, O((n + m)·α) instead of a parent walk per edge.
    fn edge_lcas(&self, graph: &WeightedGraph) -> Vec<u32> {
        let k = self.parent.len();
        let edges = graph.edges();
        let mut ans = vec![NONE; edges.len()];
        // Queries between different nodes, in CSR form per node.
        let mut qstart = vec![0u32; k + 1];
        for e in edges {
            let (a, b) = (self.inner[e.u as usize], self.inner[e.v as usize]);
            if a != NONE && b != NONE && a != b {
                qstart[a as usize + 1] += 1;
                qstart[b as usize + 1] += 1;
            }
        }
        for x in 0..k {
            qstart[x + 1] += qstart[x];
        }
        let mut fill = qstart[..k].to_vec();
        let mut queries = vec![(0u32, 0u32); qstart[k] as usize];
        for (idx, e) in edges.iter().enumerate() {
            let (a, b) = (self.inner[e.u as usize], self.inner[e.v as usize]);
            if a == NONE || b == NONE {
                continue;
            }
            if a == b {
                ans[idx] = a;
                continue;
            }
            queries[fill[a as usize] as usize] = (b, idx as u32);
            fill[a as usize] += 1;
            queries[fill[b as usize] as usize] = (a, idx as u32);
            fill[b as usize] += 1;
        }
        // Children in CSR form, and the root of every node (parents come first).
        let mut cstart = vec![0u32; k + 1];
        let mut root = vec![0u32; k];
        for x in 0..k {
            let p = self.parent[x];
            if p == NONE {
                root[x] = x as u32;
            } else {
                cstart[p as usize + 1] += 1;
                root[x] = root[p as usize];
            }
        }
        for x in 0..k {
            cstart[x + 1] += cstart[x];
        }
        let mut cfill = cstart[..k].to_vec();
        let mut children = vec![0u32; cstart[k] as usize];
        for x in 0..k {
            let p = self.parent[x];
            if p != NONE {
                children[cfill[p as usize] as usize] = x as u32;
                cfill[p as usize] += 1;
            }
        }
        // Depth-first, post-order: a finished node is merged into its parent's set, whose
        // representative stays the parent until the parent finishes.
        let mut uf: Vec<u32> = (0..k as u32).collect();
        let mut done = vec![false; k];
        let mut stack: Vec<(u32, u32)> = Vec::new();
        for r in 0..k {
            if self.parent[r] != NONE {
                continue;
            }
            stack.push((r as u32, cstart[r]));
            while let Some(&mut (x, ref mut next)) = stack.last_mut() {
                if *next < cstart[x as usize + 1] {
                    let c = children[*next as usize];
                    *next += 1;
                    stack.push((c, cstart[c as usize]));
                    continue;
                }
                stack.pop();
                done[x as usize] = true;
                let (qa, qb) = (qstart[x as usize] as usize, qstart[x as usize + 1] as usize);
                for &(y, idx) in &queries[qa..qb] {
                    if done[y as usize] && root[y as usize] == root[x as usize] {
                        ans[idx as usize] = find(&mut uf, y);
                    }
                }
                if let Some(&(p, _)) = stack.last() {
                    uf[x as usize] = p;
                }
            }
        }
        ans
    }
}

/// Union-find representative with path halving.
fn find(uf: &mut [u32], mut x: u32) -> u32 {
    while uf[x as usize] != x {
        let g = uf[uf[x as usize] as usize];
        uf[x as usize] = g;
        x = g;
    }
    x
}

/// `scale * (w + shift)`, checked.
fn certified(cert: &Certificate, w: i64) -> Result<i128, CertificateError> {
    (w as i128 + cert.shift as i128)
        .checked_mul(cert.scale as i128)
        .ok_or(CertificateError::Overflow {
            what: Cow::Borrowed("a certified edge weight"),
        })
}

/// Steps 4 and the tightness half of 5: every edge feasible, matched edges tight.
fn check_edges(
    graph: &WeightedGraph,
    mate: &[u32],
    cert: &Certificate,
    forest: &BlossomForest,
    lcas: &[u32],
) -> Result<(), CertificateError> {
    let y = &cert.vertex_duals;
    for (e, &node) in graph.edges().iter().zip(lcas) {
        let (u, v) = (e.u as usize, e.v as usize);
        let c = certified(cert, e.weight)?;
        let shared = if node == NONE {
            0
        } else {
            forest.zsum[node as usize]
        };
        let cover = y[u] as i128 + y[v] as i128 + shared;
        let slack = cover - c;
        if slack < 0 {
            return Err(CertificateError::EdgeViolated {
                u,
                v,
                weight: e.weight,
                slack,
            });
        }
        if slack > 0 && mate[u] == e.v {
            return Err(CertificateError::MatchedEdgeNotTight {
                u,
                v,
                weight: e.weight,
                slack,
            });
        }
    }
    Ok(())
}

/// Unmatched vertices have `y = 0`.
fn check_unmatched(mate: &[u32], cert: &Certificate) -> Result<(), CertificateError> {
    for (vertex, (&m, &dual)) in mate.iter().zip(&cert.vertex_duals).enumerate() {
        if m == NONE && dual != 0 {
            return Err(CertificateError::UnmatchedVertexPositiveDual { vertex, dual });
        }
    }
    Ok(())
}

/// Positive blossoms are full; then the dual objective equals the certified weight.
fn check_full(
    graph: &WeightedGraph,
    mate: &[u32],
    cert: &Certificate,
    forest: &BlossomForest,
    lcas: &[u32],
) -> Result<(), CertificateError> {
    let k = forest.index.len();
    let mut inside = vec![0usize; k];
    let mut primal: i128 = 0;
    for (e, &node) in graph.edges().iter().zip(lcas) {
        if mate[e.u as usize] != e.v {
            continue;
        }
        primal =
            primal
                .checked_add(certified(cert, e.weight)?)
                .ok_or(CertificateError::Overflow {
                    what: Cow::Borrowed("the certified weight of the matching"),
                })?;
        if node != NONE {
            inside[node as usize] += 1;
        }
    }
    // Children come after their parents in node order: accumulate bottom-up.
    for node in (0..k).rev() {
        let p = forest.parent[node];
        if p != NONE {
            inside[p as usize] += inside[node];
        }
    }
    let mut dual: i128 = cert.vertex_duals.iter().map(|&y| y as i128).sum();
    for ((&i, &matched_inside), &size) in forest.index.iter().zip(&inside).zip(&forest.size) {
        let b = &cert.blossoms[i];
        let needed = (size - 1) / 2;
        if b.dual > 0 && matched_inside != needed {
            return Err(CertificateError::BlossomNotFull {
                blossom: i,
                size,
                dual: b.dual,
                matched_inside,
                needed,
            });
        }
        dual += b.dual as i128 * needed as i128;
    }
    if dual != primal {
        return Err(CertificateError::DualObjectiveMismatch { primal, dual });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::BlossomDual;

    /// A 5-cycle-like graph: triangle {0,1,2} (weight 10) nested in the odd set
    /// {0,1,2,3,4} closed by 2-3, 3-4, 4-0 (weight 6).
    fn nested() -> (WeightedGraph, Certificate) {
        let g = WeightedGraph::new(
            5,
            [
                (0, 1, 10),
                (1, 2, 10),
                (0, 2, 10),
                (2, 3, 6),
                (3, 4, 6),
                (0, 4, 6),
            ],
        )
        .unwrap();
        let cert = Certificate {
            mode: Mode::MaxWeight,
            scale: 4,
            shift: 0,
            vertex_duals: vec![0; 5],
            blossoms: vec![
                BlossomDual {
                    vertices: vec![0, 1, 2, 3, 4],
                    dual: 24,
                    parent: None,
                },
                BlossomDual {
                    vertices: vec![0, 1, 2],
                    dual: 16,
                    parent: None,
                },
            ],
        };
        (g, cert)
    }

    #[test]
    fn nested_ok_and_order_independent() {
        let (g, mut cert) = nested();
        let m = Matching::from_pairs(&g, [(0, 1), (2, 3)]).unwrap();
        assert_eq!(verify(&g, &m, &cert), Ok(()));
        cert.blossoms.reverse();
        cert.blossoms[0].vertices.reverse();
        assert_eq!(verify(&g, &m, &cert), Ok(()));
    }

    #[test]
    fn crossing_blossoms_named() {
        let g = WeightedGraph::new(5, [(0, 1, 1)]).unwrap();
        let m = Matching::from_pairs(&g, []).unwrap();
        let cert = Certificate {
            mode: Mode::MaxWeight,
            scale: 4,
            shift: 0,
            vertex_duals: vec![0; 5],
            blossoms: vec![
                BlossomDual {
                    vertices: vec![0, 1, 2],
                    dual: 1,
                    parent: None,
                },
                BlossomDual {
                    vertices: vec![2, 3, 4],
                    dual: 1,
                    parent: None,
                },
            ],
        };
        assert_eq!(
            verify(&g, &m, &cert),
            Err(CertificateError::NotLaminar {
                blossom: 1,
                other: 0,
                vertex: 2
            })
        );
    }
}
