//! The petgraph front door: maximum-weight matching on any petgraph graph, answered in the
//! graph's own node ids (the way petgraph's own `Matching<G>` answers).

use ::petgraph::visit::{GraphBase, IntoEdgeReferences, IntoNodeIdentifiers, NodeIndexable};

use super::WeightedGraph;
use super::{max_weight_matching_with_certificate, Certificate, Matching, MatchingError, Mode};

/// A matching of a petgraph graph `G`, in `G`'s node ids.
///
/// Returned by [`max_weight_matching_graph`]. The vertex-number [`Matching`] and the LP
/// [`Certificate`] are kept too ([`GraphMatching::matching`], [`GraphMatching::certificate`]),
/// numbered by `NodeIndexable::to_index`.
#[derive(Clone, Debug)]
pub struct GraphMatching<G: GraphBase> {
    graph: G,
    matching: Matching,
    certificate: Certificate,
    weighted: WeightedGraph,
}

impl<G> GraphMatching<G>
where
    G: GraphBase + NodeIndexable,
{
    /// The partner of `node`, if it is matched.
    #[must_use]
    pub fn mate(&self, node: G::NodeId) -> Option<G::NodeId> {
        self.matching
            .mate(self.graph.to_index(node))
            .map(|i| self.graph.from_index(i))
    }

    /// The matched pairs in node ids, in increasing order of the first node's index
    /// (each pair once, the smaller index first).
    pub fn edges(&self) -> impl Iterator<Item = (G::NodeId, G::NodeId)> + '_ {
        self.matching
            .pairs()
            .map(|(u, v)| (self.graph.from_index(u), self.graph.from_index(v)))
    }

    /// The matched pairs as vertex numbers (`to_index`), ready for the audit and the
    /// checkers of [`crate::matching`].
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.matching.pairs()
    }

    /// True when `node` is matched.
    #[must_use]
    pub fn contains_node(&self, node: G::NodeId) -> bool {
        self.mate(node).is_some()
    }

    /// True when `a` and `b` are matched to each other.
    #[must_use]
    pub fn contains_edge(&self, a: G::NodeId, b: G::NodeId) -> bool {
        self.matching.mate(self.graph.to_index(a)) == Some(self.graph.to_index(b))
    }

    /// Number of matched pairs.
    #[must_use]
    pub fn len(&self) -> usize {
        self.matching.len()
    }

    /// True when nothing is matched.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.matching.is_empty()
    }

    /// Total weight (as returned by the weight closure) of the matched edges.
    #[must_use]
    pub fn weight(&self) -> i64 {
        self.matching.weight()
    }

    /// The matching in vertex numbers (`to_index`).
    #[must_use]
    pub fn matching(&self) -> &Matching {
        &self.matching
    }

    /// The LP dual certificate proving the matching optimal.
    #[must_use]
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The validated integer graph the solver ran on; with [`GraphMatching::matching`] and
    /// [`GraphMatching::certificate`] it is what [`super::verify`] takes.
    #[must_use]
    pub fn weighted_graph(&self) -> &WeightedGraph {
        &self.weighted
    }
}

impl<G> GraphMatching<G>
where
    G: GraphBase + NodeIndexable + IntoNodeIdentifiers,
{
    /// The unmatched nodes, in `node_identifiers()` order.
    pub fn unmatched(&self) -> impl Iterator<Item = G::NodeId> + '_ {
        self.graph
            .node_identifiers()
            .filter(move |&n| !self.contains_node(n))
    }
}

/// Exact maximum-weight matching of a petgraph graph, answered in the graph's node ids.
///
/// The petgraph counterpart of [`super::max_weight_matching`] in [`Mode::MaxWeight`]:
/// `weight(e)` gives each edge an integer weight (convert float scores once, here; edges
/// of weight `<= 0` are never used). Directed graphs are read as undirected; parallel edges
/// keep the heaviest.
///
/// # Arguments
/// * `graph`: any `G: IntoEdgeReferences + NodeIndexable` (e.g. `&UnGraph<N, E>`,
///   `&StableGraph`, `&GraphMap`).
/// * `weight`: the weight of an edge, in `-MAX_WEIGHT..=MAX_WEIGHT`.
///
/// # Returns
/// A [`GraphMatching`] whose `mate(node)` and `edges()` use `G::NodeId`, with the LP
/// certificate.
///
/// # Errors
/// Those of [`WeightedGraph::from_petgraph`]: [`MatchingError::WeightOutOfRange`] naming
/// the edge's position in `edge_references()` order, [`MatchingError::TotalOverflow`],
/// [`MatchingError::SelfLoop`] for a self-loop, [`MatchingError::TooManyVertices`].
///
/// # Complexity
/// O(n + m) to read the graph, then the solver's O(n·m·log n) time, O(n + m) memory
/// (`n = node_bound()`).
///
/// # Example
/// ```
/// use petgraph::graph::UnGraph;
/// use peermatch::matching::max_weight_matching_graph;
/// let mut g = UnGraph::<&str, f64>::new_undirected();
/// let (a, b, c, d) = (g.add_node("a"), g.add_node("b"), g.add_node("c"), g.add_node("d"));
/// g.extend_with_edges([(a, b, 2.5), (b, c, 4.0), (c, d, 2.5)]);
/// let m = max_weight_matching_graph(&g, |e| (*e.weight() * 10.0).round() as i64)?;
/// assert_eq!(m.weight(), 50);
/// assert_eq!(m.mate(a), Some(b));
/// assert_eq!(m.edges().collect::<Vec<_>>(), vec![(a, b), (c, d)]);
/// # Ok::<(), peermatch::matching::MatchingError>(())
/// ```
///
/// # References
/// J. Edmonds, "Paths, trees, and flowers", Canad. J. Math. 17 (1965) 449–467, and
/// "Maximum matching and a polyhedron with 0,1-vertices", J. Res. NBS 69B (1965) 125–130.
pub fn max_weight_matching_graph<G, F>(
    graph: G,
    weight: F,
) -> Result<GraphMatching<G>, MatchingError>
where
    G: IntoEdgeReferences + NodeIndexable,
    F: FnMut(G::EdgeRef) -> i64,
{
    let weighted = WeightedGraph::from_petgraph(graph, weight)?;
    let (matching, certificate) = max_weight_matching_with_certificate(&weighted, Mode::MaxWeight)?;
    Ok(GraphMatching {
        graph,
        matching,
        certificate,
        weighted,
    })
}
