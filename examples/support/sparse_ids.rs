//! Renumbering of a sparsely numbered edge list, so that `solve_edges` costs memory in
//! proportion to its input, never to the vertex count a header declares.
//!
//! The library's [`Matching`](peermatch::matching::Matching) and
//! [`Certificate`](peermatch::matching::Certificate) name every declared vertex (a dense
//! `mate` array, 4 bytes per vertex, and 8 bytes of dual per vertex): that is their
//! public, serialised form. So a header `4294967294 1` with one edge would ask for
//! 34 GB of output. `solve_edges` therefore solves the graph on the vertices that have an
//! edge, renumbered densely in increasing order ([`compact`]), and maps the pairs back
//! with [`Compacted::ids`]. A vertex without any edge is unmatched in every matching, so
//! the answer (pairs, weight, cardinality) is the same, and the certificate of the
//! renumbered graph proves it optimal (the isolated vertices would carry dual 0).
//!
//! Shared by `examples/solve_edges.rs` and `tests/resources.rs` through `#[path]`.
#![allow(dead_code)]

use peermatch::matching::{MatchingError, WeightedGraph};

/// Renumbering pays off when at least 1/`MIN_ISOLATED_SHARE` of the declared vertices
/// have no edge (the library's own compaction uses the same rule); below it, the declared
/// count is at most 4/3 of the vertices with an edge, so memory already follows the input.
pub const MIN_ISOLATED_SHARE: usize = 4;

/// A graph on the vertices with an edge, and the declared id of each.
#[derive(Clone, Debug)]
pub struct Compacted {
    /// The renumbered graph: vertex `i` is declared vertex `ids[i]`.
    pub graph: WeightedGraph,
    /// Declared ids in increasing order (so the order of pairs is kept).
    pub ids: Vec<u32>,
}

impl Compacted {
    /// The declared pair of the renumbered pair `(u, v)`.
    pub fn declared(&self, u: usize, v: usize) -> (usize, usize) {
        (self.ids[u] as usize, self.ids[v] as usize)
    }
}

/// The renumbered graph, or `None` when fewer than 1/[`MIN_ISOLATED_SHARE`] of the
/// declared vertices are without an edge (then the graph is solved as it is).
///
/// Costs O(m log m) time and O(m) memory; nothing is sized by the declared count.
///
/// # Errors
/// None in practice: the renumbered graph has the same edges and weights over fewer
/// vertices, so every bound [`WeightedGraph::new`] checks still holds; its error is
/// passed on rather than unwrapped.
pub fn compact(graph: &WeightedGraph) -> Result<Option<Compacted>, MatchingError> {
    let n = graph.vertex_count();
    let mut ids: Vec<u32> = graph.edges().iter().flat_map(|e| [e.u, e.v]).collect();
    ids.sort_unstable();
    ids.dedup();
    let isolated = n - ids.len();
    if isolated == 0 || isolated * MIN_ISOLATED_SHARE < n {
        return Ok(None);
    }
    let dense = |v: u32| ids.binary_search(&v).expect("every endpoint is listed");
    let edges: Vec<(usize, usize, i64)> = graph
        .edges()
        .iter()
        .map(|e| (dense(e.u), dense(e.v), e.weight))
        .collect();
    let graph = WeightedGraph::new(ids.len(), edges)?;
    Ok(Some(Compacted { graph, ids }))
}
