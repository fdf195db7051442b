//! [`CompatibilityGraph`]: teachers at the nodes, feasible pairs as weighted edges.
//!
//! The graph is a petgraph [`UnGraph`] whose node `i` is `cohort.teachers[i]` (node
//! weight: the teacher id) and whose edges carry the [`PairScore`] of the pair. Edges are
//! inserted in `(a, b)` order with `a < b`, so the graph is the same on every run and
//! platform. The graph keeps the [`Scorer`] it was built with, so [`CompatibilityGraph::explain`]
//! can account for *any* pair, including pairs that are not edges.
//!
//! [`CompatibilityGraph::to_weighted_graph`] hands the graph to the domain-free matching
//! core: vertex `i` is node `i`, the weight is [`PairScore::total`] (fixed-point units,
//! [`crate::compat::SCALE`] per point, always below 2^30).
//!
//! ```
//! use peermatch::cohort::generate::{generate, GeneratorConfig};
//! use peermatch::compat::{CandidateMode, Policy};
//! use peermatch::graph::CompatibilityGraph;
//! use peermatch::matching::{max_weight_matching, Mode};
//!
//! let cohort = generate(&GeneratorConfig::city(60, 42));
//! let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact)?;
//! let wg = g.to_weighted_graph()?;
//! let m = max_weight_matching(&wg, Mode::MaxWeight)?;
//! for (a, b) in m.pairs() {
//!     // Every matched pair is explained from the same data that scored it.
//!     let e = g.explain_index(a, b)?;
//!     assert_eq!(e.score.map(|s| s.total), wg.weight(a, b));
//! }
//! # Ok::<(), peermatch::Error>(())
//! ```

use std::collections::BTreeMap;

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize};

use crate::cohort::Cohort;
use crate::compat::{
    candidate_pairs, BuildError, CandidateMode, CandidateStats, CommonTime, Explanation, PairScore,
    Policy, Scorer, Shared,
};
use crate::matching::{MatchingError, WeightedGraph};

/// A teacher id that is not in the graph.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no teacher with id {0:?} in the graph")]
pub struct UnknownTeacherId(pub String);

/// Why [`CompatibilityGraph::explain`] or [`CompatibilityGraph::explain_index`] could not
/// account for a pair.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExplainError {
    /// An id is not in the cohort.
    #[error(transparent)]
    UnknownTeacher(#[from] UnknownTeacherId),
    /// Both sides of the pair are the same teacher.
    #[error("teacher {id:?} cannot be paired with themself")]
    SameTeacher {
        /// The teacher's id.
        id: String,
    },
    /// A node index is not below the number of teachers.
    #[error("node index {index} is out of range: the graph has {nodes} teachers")]
    IndexOutOfRange {
        /// The index given.
        index: usize,
        /// Number of teachers (nodes).
        nodes: usize,
    },
}

/// Summary numbers of a graph, for reports and the example program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphStats {
    /// Teachers (nodes).
    pub teachers: usize,
    /// Feasible pairs kept (edges).
    pub edges: usize,
    /// Teachers without any edge.
    pub isolated: usize,
    /// Connected components (isolated teachers count as components).
    pub components: usize,
    /// Smallest, mean and largest degree.
    pub degree_min: usize,
    /// Mean degree.
    pub degree_mean: f64,
    /// Largest degree.
    pub degree_max: usize,
    /// Mean edge weight in points (0 without edges).
    pub mean_score_points: f64,
    /// Candidate-generation counts.
    pub candidates: CandidateStats,
}

/// The compatibility graph of a cohort under a policy. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct CompatibilityGraph {
    graph: UnGraph<String, PairScore, u32>,
    scorer: Scorer,
    index: BTreeMap<String, u32>,
    mode: CandidateMode,
    stats: CandidateStats,
}

impl CompatibilityGraph {
    /// Validates `cohort` and `policy`, scores the candidate pairs of `mode` and builds the
    /// graph.
    ///
    /// # Arguments
    /// * `cohort`: the teachers, schools and travel times (validated here).
    /// * `policy`: hard rules and weights.
    /// * `mode`: which pairs are scored: [`CandidateMode::Exact`] (every pair) or the
    ///   top `k` per teacher.
    ///
    /// # Returns
    /// The graph: node `i` is `cohort.teachers[i]`, one edge per feasible candidate pair.
    /// A cohort where no pair is feasible gets a notice (see [`Self::from_scorer`]).
    ///
    /// # Errors
    /// [`BuildError::Invalid`] listing every cohort problem, [`BuildError::Policy`],
    /// [`BuildError::PairBudget`] when an exact graph would hold more than
    /// [`Policy::max_exact_pairs`] pairs (checked before building).
    ///
    /// # Panics
    /// Never: bad input is a [`BuildError`].
    ///
    /// # Complexity
    /// See [`crate::compat::candidate_pairs`] (O(n²) pair scorings in exact mode, about
    /// O(n·k·log n) with top-k); memory O(n + edges).
    ///
    /// # Example
    /// ```
    /// use peermatch::cohort::Cohort;
    /// use peermatch::compat::{CandidateMode, Policy};
    /// use peermatch::graph::CompatibilityGraph;
    /// let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
    /// let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact)?;
    /// assert_eq!(g.node_count(), cohort.teachers.len());
    /// for (a, b, score) in g.edges() {
    ///     assert!(a < b);
    ///     assert_eq!(g.score(b, a), Some(score));
    /// }
    /// # Ok::<(), peermatch::Error>(())
    /// ```
    pub fn build(
        cohort: &Cohort,
        policy: &Policy,
        mode: CandidateMode,
    ) -> Result<Self, BuildError> {
        let scorer = Scorer::new(cohort, policy)?;
        crate::compat::check_pair_budget(&scorer, mode)?; // exact graphs: issue 11 D3
        Ok(Self::from_scorer(scorer, mode))
    }

    /// Builds the graph from an existing [`Scorer`].
    ///
    /// A cohort of two or more teachers where no pair is feasible gets a loud
    /// [`crate::cohort::NoticeKind::NoFeasiblePairs`] notice in [`Scorer::notices`].
    #[must_use]
    pub fn from_scorer(mut scorer: Scorer, mode: CandidateMode) -> Self {
        let (edges, stats) = candidate_pairs(&scorer, mode);
        let n = scorer.len();
        if n >= 2 && edges.is_empty() {
            scorer.push_notice(crate::cohort::Notice::new(
                None,
                "(cohort)",
                None,
                crate::cohort::NoticeKind::NoFeasiblePairs { teachers: n },
            ));
        }
        let mut graph = UnGraph::with_capacity(n, edges.len());
        for id in scorer.teacher_ids() {
            graph.add_node(id.clone());
        }
        for (a, b, s) in edges {
            graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), s);
        }
        let index = scorer
            .teacher_ids()
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i as u32))
            .collect();
        CompatibilityGraph {
            graph,
            scorer,
            index,
            mode,
            stats,
        }
    }

    /// The petgraph graph: node weight = teacher id, edge weight = [`PairScore`].
    #[must_use]
    pub fn graph(&self) -> &UnGraph<String, PairScore, u32> {
        &self.graph
    }

    /// The scorer (policy, prepared cohort) behind the graph.
    #[must_use]
    pub fn scorer(&self) -> &Scorer {
        &self.scorer
    }

    /// The candidate mode used.
    #[must_use]
    pub fn mode(&self) -> CandidateMode {
        self.mode
    }

    /// Number of teachers.
    #[must_use]
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    #[must_use]
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Id of teacher (node) `i`.
    ///
    /// # Panics
    /// If `i >= self.node_count()`.
    #[must_use]
    pub fn teacher_id(&self, i: usize) -> &str {
        &self.graph[NodeIndex::new(i)]
    }

    /// Node index of the teacher with id `id`.
    #[must_use]
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|&i| i as usize)
    }

    /// The edges `(a, b, score)` with `a < b`, in increasing `(a, b)` order.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, &PairScore)> + '_ {
        self.graph
            .edge_references()
            .map(|e| (e.source().index(), e.target().index(), e.weight()))
    }

    /// The score of edge `{a, b}`, if it is an edge.
    #[must_use]
    pub fn score(&self, a: usize, b: usize) -> Option<&PairScore> {
        self.graph
            .find_edge(NodeIndex::new(a), NodeIndex::new(b))
            .map(|e| &self.graph[e])
    }

    /// Neighbours of `a` with their scores (none for an out-of-range `a`).
    pub fn neighbours(&self, a: usize) -> impl Iterator<Item = (usize, &PairScore)> + '_ {
        self.graph.edges(NodeIndex::new(a)).map(move |e| {
            let o = if e.source().index() == a {
                e.target()
            } else {
                e.source()
            };
            (o.index(), e.weight())
        })
    }

    /// The input of the matching core: vertex `i` = teacher `i`, weight = score total.
    ///
    /// # Errors
    /// Never in practice (scores are below 2^30); the matching core's own checks are kept.
    pub fn to_weighted_graph(&self) -> Result<WeightedGraph, MatchingError> {
        WeightedGraph::new(
            self.node_count(),
            self.edges().map(|(a, b, s)| (a, b, s.total)),
        )
    }

    /// The full account of the pair with ids `a` and `b`, whether or not it is an edge:
    /// score and breakdown, every violated hard rule, preference ranks, what they share
    /// and when they can meet.
    ///
    /// # Errors
    /// [`ExplainError::UnknownTeacher`] when an id is not in the cohort;
    /// [`ExplainError::SameTeacher`] when `a == b`.
    ///
    /// # Example
    /// ```
    /// use peermatch::cohort::Cohort;
    /// use peermatch::compat::{CandidateMode, Policy};
    /// use peermatch::graph::{CompatibilityGraph, ExplainError};
    /// let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
    /// let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact)?;
    /// let (a, b) = (g.teacher_id(0), g.teacher_id(1));
    /// println!("{}", g.explain(a, b)?);
    /// assert_eq!(g.explain(a, a), Err(ExplainError::SameTeacher { id: a.to_string() }));
    /// assert!(matches!(g.explain(a, "nobody"), Err(ExplainError::UnknownTeacher(_))));
    /// # Ok::<(), peermatch::Error>(())
    /// ```
    ///
    /// # Complexity
    /// O(length of the two teachers' lists) (free periods, subjects, preferences).
    pub fn explain(&self, a: &str, b: &str) -> Result<Explanation, ExplainError> {
        let i = self
            .index_of(a)
            .ok_or_else(|| UnknownTeacherId(a.to_string()))?;
        let j = self
            .index_of(b)
            .ok_or_else(|| UnknownTeacherId(b.to_string()))?;
        self.explain_index(i, j)
    }

    /// [`CompatibilityGraph::explain`] by node index.
    ///
    /// # Errors
    /// [`ExplainError::IndexOutOfRange`] when an index is not below
    /// [`node_count`](Self::node_count); [`ExplainError::SameTeacher`] when `a == b`.
    pub fn explain_index(&self, a: usize, b: usize) -> Result<Explanation, ExplainError> {
        let nodes = self.node_count();
        if let Some(&index) = [a, b].iter().find(|&&i| i >= nodes) {
            return Err(ExplainError::IndexOutOfRange { index, nodes });
        }
        if a == b {
            return Err(ExplainError::SameTeacher {
                id: self.teacher_id(a).to_string(),
            });
        }
        Ok(self.scorer.explain(a, b))
    }

    /// Common meeting windows of nodes `a` and `b` (see [`Scorer::common_windows`]).
    ///
    /// # Panics
    /// If an index is out of range.
    #[must_use]
    pub fn common_windows(&self, a: usize, b: usize) -> CommonTime {
        self.scorer.common_windows(a, b)
    }

    /// Shared subjects, year levels and goals of nodes `a` and `b`.
    #[must_use]
    pub fn shared(&self, a: usize, b: usize) -> Shared {
        self.scorer.shared(a, b)
    }

    /// Summary numbers.
    #[must_use]
    pub fn stats(&self) -> GraphStats {
        let n = self.node_count();
        let deg: Vec<usize> = (0..n)
            .map(|i| self.graph.edges(NodeIndex::new(i)).count())
            .collect();
        let m = self.edge_count();
        let total: i64 = self.edges().map(|(_, _, s)| s.total).sum();
        GraphStats {
            teachers: n,
            edges: m,
            isolated: deg.iter().filter(|&&d| d == 0).count(),
            components: petgraph::algo::connected_components(&self.graph),
            degree_min: deg.iter().copied().min().unwrap_or(0),
            degree_mean: if n == 0 {
                0.0
            } else {
                2.0 * m as f64 / n as f64
            },
            degree_max: deg.iter().copied().max().unwrap_or(0),
            mean_score_points: if m == 0 {
                0.0
            } else {
                total as f64 / m as f64 / crate::compat::SCALE as f64
            },
            candidates: self.stats,
        }
    }
}

#[derive(Serialize)]
struct EdgeView<'a> {
    a: &'a str,
    b: &'a str,
    #[serde(flatten)]
    score: &'a PairScore,
}

impl Serialize for CompatibilityGraph {
    /// `{ "mode", "policy", "teachers": [ids], "edges": [{a, b, total, breakdown, ...}] }`.
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let ids = self.scorer.teacher_ids();
        let edges: Vec<EdgeView<'_>> = self
            .edges()
            .map(|(a, b, score)| EdgeView {
                a: &ids[a],
                b: &ids[b],
                score,
            })
            .collect();
        let mut st = ser.serialize_struct("CompatibilityGraph", 4)?;
        st.serialize_field("mode", &self.mode)?;
        st.serialize_field("policy", self.scorer.policy())?;
        st.serialize_field("teachers", ids)?;
        st.serialize_field("edges", &edges)?;
        st.end()
    }
}
