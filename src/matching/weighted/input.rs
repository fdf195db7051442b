//! The compact input type of the matching core: a vertex count and an edge list.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Largest absolute edge weight accepted by [`WeightedGraph`]: 2^58.
///
/// The solver works internally with weights scaled by 4 and with dual values of up to
/// twice the largest scaled weight, so every intermediate value stays below 2^62.
/// In addition, `floor(n / 2) * max|w|` (the largest possible total weight) must fit in
/// an `i64`; see [`WeightedGraph::new`].
pub const MAX_WEIGHT: i64 = 1 << 58;

/// Largest vertex count accepted by [`WeightedGraph`] (vertices are stored as `u32`).
pub const MAX_VERTICES: usize = (u32::MAX - 1) as usize;

/// One undirected edge of a [`WeightedGraph`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edge {
    /// The smaller endpoint.
    pub u: u32,
    /// The larger endpoint.
    pub v: u32,
    /// The weight (any sign; `|weight| <= MAX_WEIGHT`).
    pub weight: i64,
}

/// Why a graph, a matching or a certificate could not be built or checked.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MatchingError {
    /// Edge `edge` (0-based position in the caller's list) joins a vertex to itself.
    #[error("edge {edge} is a self-loop on vertex {vertex}")]
    SelfLoop {
        /// Position of the edge in the input list.
        edge: usize,
        /// The vertex.
        vertex: usize,
    },
    /// Edge `edge` names a vertex `>= n`.
    #[error("edge {edge} names vertex {vertex}, but the graph has only {n} vertices (0..{n})")]
    VertexOutOfRange {
        /// Position of the edge in the input list.
        edge: usize,
        /// The offending vertex.
        vertex: usize,
        /// The vertex count.
        n: usize,
    },
    /// Edge `edge` has a weight with `|w| > MAX_WEIGHT`.
    #[error("edge {edge} has weight {weight}, outside the accepted range -{max}..={max}")]
    WeightOutOfRange {
        /// Position of the edge in the input list.
        edge: usize,
        /// The weight.
        weight: i64,
        /// [`MAX_WEIGHT`].
        max: i64,
    },
    /// The total weight of a matching could overflow `i64`.
    #[error("weights up to {max_abs_weight} on {n} vertices could overflow i64 totals: floor(n/2) * max|w| must be <= i64::MAX")]
    TotalOverflow {
        /// The vertex count.
        n: usize,
        /// The largest absolute weight.
        max_abs_weight: i64,
    },
    /// Maximum-cardinality mode needs a weight shift that would overflow.
    #[error("maximum-cardinality mode needs weights shifted by {needed}, which takes the largest shifted weight past MAX_WEIGHT (2^58); scale the weights down")]
    CardinalityShiftOverflow {
        /// The shift that would have been needed.
        needed: i128,
    },
    /// More vertices than [`MAX_VERTICES`].
    #[error("{n} vertices is more than the supported {max}")]
    TooManyVertices {
        /// The requested count.
        n: usize,
        /// [`MAX_VERTICES`].
        max: usize,
    },
    /// A pair given to [`crate::matching::Matching::from_pairs`] is not an edge of the graph.
    #[error("pair {index} ({u}, {v}) is not an edge of the graph")]
    NotAnEdge {
        /// Position of the pair.
        index: usize,
        /// First vertex.
        u: usize,
        /// Second vertex.
        v: usize,
    },
    /// A deserialised edge has `u > v` (serialised graphs store every edge with `u < v`).
    #[error("edge {edge} is stored as ({u}, {v}), but serialised edges must have u < v")]
    EdgeNotOrdered {
        /// Position of the edge in the serialised list.
        edge: usize,
        /// The stored first endpoint.
        u: usize,
        /// The stored second endpoint.
        v: usize,
    },
    /// A deserialised graph's `max_abs_weight` disagrees with its edges.
    #[error("max_abs_weight is {claimed}, but the largest absolute edge weight is {actual}")]
    MaxAbsWeightMismatch {
        /// The stored value.
        claimed: i64,
        /// The value recomputed from the edges.
        actual: i64,
    },
    /// A deserialised matching's `mate` array is not an involution: `mate[vertex]` is out
    /// of range, is `vertex` itself, or does not point back.
    #[error("serialised matching: vertex {vertex} has mate {mate}, which is out of range, itself, or does not name {vertex} back")]
    MateInconsistent {
        /// The first vertex where the inconsistency shows.
        vertex: usize,
        /// Its stored mate.
        mate: usize,
    },
    /// A deserialised matching's stored `len` differs from the pairs in its `mate` array.
    #[error("serialised matching says len {stored}, but its mate array has {actual} pairs")]
    MatchingLenMismatch {
        /// The stored length.
        stored: usize,
        /// The number of pairs in `mate`.
        actual: usize,
    },
    /// A capacity list does not have one entry per vertex.
    #[error("capacities has {got} entries, but the graph has {expected} vertices")]
    CapacitiesLength {
        /// The vertex count.
        expected: usize,
        /// The length of the capacity list.
        got: usize,
    },
    /// A vertex appears in two pairs given to [`crate::matching::Matching::from_pairs`].
    #[error("vertex {vertex} is matched twice (pair {index})")]
    VertexReused {
        /// Position of the second pair naming the vertex.
        index: usize,
        /// The vertex.
        vertex: usize,
    },
}

/// An undirected graph with `i64` edge weights, ready for [`crate::matching::max_weight_matching`].
///
/// Built once from a vertex count and an edge list; the constructor validates everything
/// (self-loops, out-of-range vertices, weight bounds) and keeps, for parallel edges, the
/// one with the largest weight (the first such in input order on ties). Edges are stored
/// with `u < v`, in input order of their first occurrence.
///
/// # Example
/// ```
/// use peermatch::matching::WeightedGraph;
/// let g = WeightedGraph::new(3, [(0, 1, 5), (1, 2, 7), (1, 0, 9)])?;
/// assert_eq!(g.vertex_count(), 3);
/// assert_eq!(g.edge_count(), 2); // (0,1) kept once, with weight 9
/// assert_eq!(g.weight(1, 0), Some(9));
/// # Ok::<(), peermatch::matching::MatchingError>(())
/// ```
///
/// # Deserialising
/// A deserialised graph goes through [`WeightedGraph::new`] (`#[serde(try_from)]`), so a
/// JSON edge list with an out-of-range vertex, `u > v`, a self-loop or a weight beyond
/// [`MAX_WEIGHT`] is rejected with the same [`MatchingError`] (as a serde error), never
/// accepted silently. The stored `max_abs_weight` is recomputed, not trusted; when it is
/// present and disagrees, deserialisation fails too.
///
/// ```
/// use peermatch::matching::WeightedGraph;
/// let ok: WeightedGraph = serde_json::from_str(
///     r#"{"n": 3, "edges": [{"u": 0, "v": 1, "weight": 4}]}"#,
/// )?;
/// assert_eq!(ok.weight(0, 1), Some(4));
/// let bad = serde_json::from_str::<WeightedGraph>(
///     r#"{"n": 2, "edges": [{"u": 0, "v": 5, "weight": 4}]}"#,
/// );
/// assert!(bad.is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawWeightedGraph")]
pub struct WeightedGraph {
    n: usize,
    edges: Vec<Edge>,
    max_abs_weight: i64,
}

/// The serialised shape of a [`WeightedGraph`], before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeightedGraph {
    n: usize,
    edges: Vec<Edge>,
    #[serde(default)]
    max_abs_weight: Option<i64>,
}

impl TryFrom<RawWeightedGraph> for WeightedGraph {
    type Error = MatchingError;

    fn try_from(raw: RawWeightedGraph) -> Result<Self, MatchingError> {
        for (i, e) in raw.edges.iter().enumerate() {
            if e.u > e.v {
                return Err(MatchingError::EdgeNotOrdered {
                    edge: i,
                    u: e.u as usize,
                    v: e.v as usize,
                });
            }
        }
        let g = WeightedGraph::new(
            raw.n,
            raw.edges
                .iter()
                .map(|e| (e.u as usize, e.v as usize, e.weight)),
        )?;
        if let Some(claimed) = raw.max_abs_weight {
            if claimed != g.max_abs_weight {
                return Err(MatchingError::MaxAbsWeightMismatch {
                    claimed,
                    actual: g.max_abs_weight,
                });
            }
        }
        Ok(g)
    }
}

impl WeightedGraph {
    /// Builds a graph on vertices `0..n` from `(u, v, weight)` triples.
    ///
    /// # Errors
    /// [`MatchingError::SelfLoop`] and [`MatchingError::VertexOutOfRange`] name the edge's
    /// position in `edges`; [`MatchingError::WeightOutOfRange`] when `|w| > MAX_WEIGHT`;
    /// [`MatchingError::TotalOverflow`] when `floor(n/2) * max|w|` exceeds `i64::MAX`;
    /// [`MatchingError::TooManyVertices`] when `n > MAX_VERTICES`.
    ///
    /// # Complexity
    /// O(n + m) time when the edge list is already sorted and free of parallel edges,
    /// O(n + m log m) otherwise (parallel edges are found by sorting); O(n + m) space.
    pub fn new<I>(n: usize, edges: I) -> Result<Self, MatchingError>
    where
        I: IntoIterator<Item = (usize, usize, i64)>,
    {
        if n > MAX_VERTICES {
            return Err(MatchingError::TooManyVertices {
                n,
                max: MAX_VERTICES,
            });
        }
        let iter = edges.into_iter();
        let mut out: Vec<Edge> = Vec::with_capacity(iter.size_hint().0);
        let mut max_abs = 0i64;
        for (i, (a, b, w)) in iter.enumerate() {
            for x in [a, b] {
                if x >= n {
                    return Err(MatchingError::VertexOutOfRange {
                        edge: i,
                        vertex: x,
                        n,
                    });
                }
            }
            if a == b {
                return Err(MatchingError::SelfLoop { edge: i, vertex: a });
            }
            if w.unsigned_abs() > MAX_WEIGHT as u64 {
                return Err(MatchingError::WeightOutOfRange {
                    edge: i,
                    weight: w,
                    max: MAX_WEIGHT,
                });
            }
            max_abs = max_abs.max(w.abs());
            let (u, v) = if a < b { (a, b) } else { (b, a) };
            out.push(Edge {
                u: u as u32,
                v: v as u32,
                weight: w,
            });
        }
        if (n as i128 / 2) * (max_abs as i128) > i64::MAX as i128 {
            return Err(MatchingError::TotalOverflow {
                n,
                max_abs_weight: max_abs,
            });
        }
        let edges = dedup_keep_best(out);
        Ok(WeightedGraph {
            n,
            edges,
            max_abs_weight: max_abs,
        })
    }

    /// Builds a graph from any petgraph graph, reading each edge's weight with `weight`.
    ///
    /// Vertex `i` of the result is the node with `graph.to_index(node) == i`. Directed
    /// graphs are read as undirected. To get the answer back in node ids, use
    /// [`crate::matching::max_weight_matching_graph`].
    ///
    /// # Errors
    /// Those of [`WeightedGraph::new`], with edge positions counted in
    /// `edge_references()` order.
    ///
    /// # Example
    /// ```
    /// use petgraph::graph::UnGraph;
    /// use peermatch::matching::{max_weight_matching, Mode, WeightedGraph};
    /// let g = UnGraph::<&str, f64>::from_edges([(0, 1, 2.5), (1, 2, 4.0), (2, 3, 2.5)]);
    /// // Scale float scores to integers once, at the boundary.
    /// let wg = WeightedGraph::from_petgraph(&g, |e| (*e.weight() * 10.0).round() as i64)?;
    /// let m = max_weight_matching(&wg, Mode::MaxWeight)?;
    /// assert_eq!(m.weight(), 50);
    /// # Ok::<(), peermatch::matching::MatchingError>(())
    /// ```
    pub fn from_petgraph<G, F>(graph: G, mut weight: F) -> Result<Self, MatchingError>
    where
        G: petgraph::visit::IntoEdgeReferences + petgraph::visit::NodeIndexable,
        F: FnMut(G::EdgeRef) -> i64,
    {
        use petgraph::visit::EdgeRef;
        let n = graph.node_bound();
        let edges: Vec<(usize, usize, i64)> = graph
            .edge_references()
            .map(|e| {
                (
                    graph.to_index(e.source()),
                    graph.to_index(e.target()),
                    weight(e),
                )
            })
            .collect();
        WeightedGraph::new(n, edges)
    }

    /// Number of vertices.
    #[must_use]
    pub fn vertex_count(&self) -> usize {
        self.n
    }

    /// Number of distinct edges (after parallel edges were merged).
    #[must_use]
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// The edges, each with `u < v`.
    #[must_use]
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Largest absolute edge weight (0 for a graph without edges).
    #[must_use]
    pub fn max_abs_weight(&self) -> i64 {
        self.max_abs_weight
    }

    /// Weight of edge `{a, b}`, if present. O(m): meant for tests and small tools.
    #[must_use]
    pub fn weight(&self, a: usize, b: usize) -> Option<i64> {
        let (u, v) = if a < b { (a, b) } else { (b, a) };
        self.edges
            .iter()
            .find(|e| e.u as usize == u && e.v as usize == v)
            .map(|e| e.weight)
    }
}

/// Keeps, for each unordered pair, the heaviest edge (earliest on ties), in order of first
/// occurrence. Returns the list untouched when it is already simple and sorted; otherwise
/// finds parallel edges by sorting `(pair, position)` keys, which is deterministic and,
/// unlike hashing every edge, allocates only O(m) (never per declared vertex).
fn dedup_keep_best(mut edges: Vec<Edge>) -> Vec<Edge> {
    let sorted = edges
        .windows(2)
        .all(|p| (p[0].u, p[0].v) < (p[1].u, p[1].v));
    if sorted {
        return edges;
    }
    let mut keys: Vec<(u64, usize)> = edges
        .iter()
        .enumerate()
        .map(|(i, e)| ((u64::from(e.u) << 32) | u64::from(e.v), i))
        .collect();
    keys.sort_unstable();
    let mut dropped = vec![false; edges.len()];
    let mut any_dropped = false;
    for run in keys.chunk_by(|a, b| a.0 == b.0) {
        // `run[0]` is the pair's first occurrence: positions break ties in the sort.
        let first = run[0].1;
        for &(_, i) in &run[1..] {
            if edges[i].weight > edges[first].weight {
                edges[first].weight = edges[i].weight;
            }
            dropped[i] = true;
            any_dropped = true;
        }
    }
    if any_dropped {
        let mut i = 0;
        edges.retain(|_| {
            let keep = !dropped[i];
            i += 1;
            keep
        });
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Independent oracle: a linear scan over the pairs seen so far, in order of first
    /// occurrence, keeping the heaviest weight.
    fn oracle(edges: &[(usize, usize, i64)]) -> Vec<(u32, u32, i64)> {
        let mut out: Vec<(u32, u32, i64)> = Vec::new();
        for &(a, b, w) in edges {
            let (u, v) = (a.min(b) as u32, a.max(b) as u32);
            match out.iter_mut().find(|e| e.0 == u && e.1 == v) {
                Some(e) => e.2 = e.2.max(w),
                None => out.push((u, v, w)),
            }
        }
        out
    }

    proptest! {
        /// Parallel edges (in either orientation, any order) merge to the heaviest weight,
        /// and the distinct pairs keep their order of first occurrence.
        #[test]
        fn parallel_edges_merge_like_the_oracle(
            raw in proptest::collection::vec((0usize..6, 0usize..6, -3i64..4), 0..40)
        ) {
            let edges: Vec<_> = raw.into_iter().filter(|&(a, b, _)| a != b).collect();
            let g = WeightedGraph::new(6, edges.iter().copied()).unwrap();
            let got: Vec<_> = g.edges().iter().map(|e| (e.u, e.v, e.weight)).collect();
            prop_assert_eq!(got, oracle(&edges));
        }
    }
}
