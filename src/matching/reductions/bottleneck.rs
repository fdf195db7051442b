//! Fair objectives in one pool: bottleneck (minimum regret) and leximin matchings.
//!
//! Both are **exact** and reduce to the general maximum-weight matching solver:
//!
//! * [`bottleneck_matching`]: among the maximum-cardinality matchings, maximise the
//!   weakest pair's score; among those, maximise the total score.
//! * [`leximin_matching`]: among the maximum-cardinality matchings, lexicographically
//!   maximise the sorted vector of pair scores (fewest pairs at the lowest score level,
//!   then fewest at the next level, …). Exact, but only for graphs with few distinct
//!   score levels (the level weights grow exponentially); bucket the scores first, e.g.
//!   into 0–10 bands, or use [`bottleneck_matching`].

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::matching::weighted::{
    max_weight_matching, Matching, MatchingError, Mode, WarmCardinality, WeightedGraph, MAX_WEIGHT,
};

/// The result of [`bottleneck_matching`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BottleneckMatching {
    /// The matching: maximum cardinality, then largest weakest pair, then largest total.
    pub matching: Matching,
    /// The weakest pair's score (`None` when the matching is empty).
    pub bottleneck: Option<i64>,
}

fn subgraph(graph: &WeightedGraph, t: i64) -> Result<WeightedGraph, MatchingError> {
    WeightedGraph::new(
        graph.vertex_count(),
        graph
            .edges()
            .iter()
            .filter(|e| e.weight >= t)
            .map(|e| (e.u as usize, e.v as usize, e.weight)),
    )
}

/// Bottleneck (minimum-regret) matching: among all maximum-cardinality matchings, one
/// whose weakest pair is as strong as possible and, among those, of maximum total weight.
///
/// # Arguments
/// * `graph`: the feasible pairs and their scores (any sign).
///
/// # Returns
/// The matching and its bottleneck value. Exact.
///
/// # Errors
/// Those of [`max_weight_matching`] in [`Mode::MaxCardinality`] (weight-shift overflow).
///
/// # Complexity
/// A binary search over the `d` distinct weights: O(log d) solver calls on threshold
/// subgraphs (edges with weight `>= t`), plus one for the cardinality and one for the
/// final total: O((log d + 2) · T) where T is the solver's time, O(n + m) extra memory.
///
/// # Example
/// ```
/// use peermatch::matching::{bottleneck_matching, WeightedGraph};
/// // Maximum weight takes 0-1 (10) and 2-3 (1); the bottleneck matching prefers 5 + 5.
/// let g = WeightedGraph::new(4, [(0, 1, 10), (2, 3, 1), (0, 2, 5), (1, 3, 5)]).unwrap();
/// let b = bottleneck_matching(&g).unwrap();
/// assert_eq!(b.bottleneck, Some(5));
/// assert_eq!(b.matching.pairs().collect::<Vec<_>>(), vec![(0, 2), (1, 3)]);
/// ```
///
/// # References
/// H. N. Gabow and R. E. Tarjan, "Algorithms for two bottleneck optimization problems",
/// J. Algorithms 9 (1988) 411–417 (threshold search); the final step is Edmonds' weighted
/// matching on the threshold subgraph.
pub fn bottleneck_matching(graph: &WeightedGraph) -> Result<BottleneckMatching, MatchingError> {
    // Feasibility of a threshold only needs the maximum matching size of the subgraph, so
    // the search solves unit-weight problems, each warm-started from the previous solve
    // (see `WarmCardinality`); only the final solve uses the weights.
    let mut oracle = WarmCardinality::new(graph.vertex_count());
    let mut size_at = |t: i64| -> usize {
        oracle.solve(
            graph
                .edges()
                .iter()
                .filter(move |e| e.weight >= t)
                .map(|e| (e.u, e.v)),
        )
    };
    let k = size_at(i64::MIN);
    if k == 0 {
        return Ok(BottleneckMatching {
            matching: Matching::from_pairs(graph, [])?,
            bottleneck: None,
        });
    }
    let mut w: Vec<i64> = graph.edges().iter().map(|e| e.weight).collect();
    w.sort_unstable();
    w.dedup();
    // Invariant: threshold w[lo] keeps cardinality k; w[hi + 1..] do not.
    let (mut lo, mut hi) = (0usize, w.len() - 1);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if size_at(w[mid]) == k {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let matching = max_weight_matching(&subgraph(graph, w[lo])?, Mode::MaxCardinality)?;
    let bottleneck = graph
        .edges()
        .iter()
        .filter(|e| matching.mate(e.u as usize) == Some(e.v as usize))
        .map(|e| e.weight)
        .min();
    Ok(BottleneckMatching {
        matching,
        bottleneck,
    })
}

/// Why [`leximin_matching`] could not run.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LeximinError {
    /// The exponential level weights do not fit the solver's integer range.
    #[error("{levels} distinct score levels with up to {pairs} pairs need level weights of about {pairs}^{levels}, beyond the solver's range; bucket the scores into fewer levels or use bottleneck_matching")]
    TooManyLevels {
        /// Number of distinct scores.
        levels: usize,
        /// Largest possible number of pairs.
        pairs: usize,
    },
    /// The underlying solver failed.
    #[error(transparent)]
    Matching(#[from] MatchingError),
}

/// Leximin matching: among all maximum-cardinality matchings, one whose sorted vector of
/// pair scores is lexicographically largest (the weakest pair as strong as possible, then
/// the fewest pairs at that level, then the next-weakest level, …).
///
/// # Arguments
/// * `graph`: feasible pairs and scores; only the *order* of the distinct scores matters.
///
/// # Returns
/// An exact leximin matching (ties between matchings with the same score multiset are
/// broken by the solver).
///
/// # Errors
/// [`LeximinError::TooManyLevels`] when `(k + 1)^(levels - 1)` (k the maximum
/// cardinality) times `k` does not fit below the solver's weight bound: in practice up
/// to about 5 levels for a thousand teachers, more for smaller pools.
///
/// # Complexity
/// One solver call on the re-weighted graph plus one for the cardinality.
///
/// # Example
/// ```
/// use peermatch::matching::{leximin_matching, WeightedGraph};
/// let g = WeightedGraph::new(4, [(0, 1, 3), (2, 3, 1), (0, 2, 2), (1, 3, 2)]).unwrap();
/// let m = leximin_matching(&g).unwrap();
/// assert_eq!(m.pairs().collect::<Vec<_>>(), vec![(0, 2), (1, 3)]);
/// ```
///
/// # References
/// The lexicographic weight transformation is the one used for rank-maximal matchings:
/// R. W. Irving, T. Kavitha, K. Mehlhorn, D. Michail and K. Paluch, "Rank-maximal
/// matchings", ACM Trans. Algorithms 2 (2006) 602–610.
pub fn leximin_matching(graph: &WeightedGraph) -> Result<Matching, LeximinError> {
    let k = max_weight_matching(graph, Mode::MaxCardinality)?.len();
    let mut w: Vec<i64> = graph.edges().iter().map(|e| e.weight).collect();
    w.sort_unstable();
    w.dedup();
    let levels = w.len();
    if levels <= 1 {
        return Ok(max_weight_matching(graph, Mode::MaxCardinality)?);
    }
    let base = k as i128 + 1;
    let mut top: i128 = 1;
    // Keep the cost, its total over k pairs and the solver's cardinality shift in range.
    let limit = (MAX_WEIGHT as i128) / (8 * (k as i128 + 1));
    for _ in 1..levels {
        top = top.saturating_mul(base);
        if top > limit {
            return Err(LeximinError::TooManyLevels { levels, pairs: k });
        }
    }
    let cost = |x: i64| -> i64 {
        let level = w.binary_search(&x).expect("weight is a level");
        (base.pow((levels - 1 - level) as u32)) as i64
    };
    let re = WeightedGraph::new(
        graph.vertex_count(),
        graph
            .edges()
            .iter()
            .map(|e| (e.u as usize, e.v as usize, -cost(e.weight))),
    )?;
    let m = max_weight_matching(&re, Mode::MaxCardinality)?;
    Ok(Matching::from_pairs(graph, m.pairs())?)
}
