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

use super::bmatching::{max_weight_b_matching, BMatching, CardinalityGadget};
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
/// let g = WeightedGraph::new(4, [(0, 1, 10), (2, 3, 1), (0, 2, 5), (1, 3, 5)])?;
/// let b = bottleneck_matching(&g)?;
/// assert_eq!(b.bottleneck, Some(5));
/// assert_eq!(b.matching.pairs().collect::<Vec<_>>(), vec![(0, 2), (1, 3)]);
/// # Ok::<(), peermatch::Error>(())
/// ```
///
/// # References
/// H. N. Gabow and R. E. Tarjan, "Algorithms for two bottleneck optimization problems",
/// J. Algorithms 9 (1988) 411–417 (threshold search); the final step is Edmonds' weighted
/// matching on the threshold subgraph.
pub fn bottleneck_matching(graph: &WeightedGraph) -> Result<BottleneckMatching, MatchingError> {
    // Feasibility of a threshold only needs the maximum matching size of the subgraph, so
    // the search solves unit-weight problems, each warm-started from the previous one's
    // duals and matching (see `WarmCardinality`); only the final solve uses the weights.
    let mut oracle = WarmCardinality::new(graph.vertex_count());
    let cardinality = |t: i64| {
        let edges = graph.edges().iter().filter(|e| e.weight >= t);
        Ok(oracle.solve(edges.map(|e| (e.u, e.v))))
    };
    let Some(t) = bottleneck_threshold(graph, cardinality)? else {
        return Ok(BottleneckMatching {
            matching: Matching::from_pairs(graph, [])?,
            bottleneck: None,
        });
    };
    let matching = max_weight_matching(&subgraph(graph, t)?, Mode::MaxCardinality)?;
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

/// The one bottleneck threshold search, generic over what "a matching" is (plain
/// matchings, b-matchings with capacities): `cardinality(t)` is the maximum number of
/// pairs in the subgraph of edges with weight `>= t` (`t = i64::MIN`: the whole graph).
/// Returns the largest distinct weight `t` such that the subgraph of edges
/// with weight `>= t` still has the full graph's maximum cardinality `k`, or `None` when
/// `k = 0`.
///
/// Cardinality is non-increasing in `t`, so a binary search over the `d` distinct
/// weights needs `1 + ceil(log2 d)` calls of `cardinality`.
fn bottleneck_threshold<F>(
    graph: &WeightedGraph,
    mut cardinality: F,
) -> Result<Option<i64>, MatchingError>
where
    F: FnMut(i64) -> Result<usize, MatchingError>,
{
    let k = cardinality(i64::MIN)?;
    if k == 0 {
        return Ok(None);
    }
    let mut w: Vec<i64> = graph.edges().iter().map(|e| e.weight).collect();
    w.sort_unstable();
    w.dedup();
    // Invariant: threshold w[lo] keeps cardinality k; w[hi + 1..] do not.
    let (mut lo, mut hi) = (0usize, w.len() - 1);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if cardinality(w[mid])? == k {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(Some(w[lo]))
}

/// The result of [`bottleneck_b_matching`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BottleneckBMatching {
    /// The b-matching: maximum cardinality, then largest weakest pair, then largest total.
    pub b_matching: BMatching,
    /// The weakest pair's score (`None` when no pair is chosen).
    pub bottleneck: Option<i64>,
}

/// Bottleneck (minimum-regret) **b-matching**: [`bottleneck_matching`] with capacities,
/// vertex `v` taking up to `caps[v]` partners. Among all maximum-cardinality b-matchings,
/// one whose weakest pair is as strong as possible and, among those, of maximum total
/// weight.
///
/// This is the same threshold search as [`bottleneck_matching`] (one private helper
/// serves both). Its oracle is a warm-started maximum-cardinality solve on Tutte's gadget
/// graph (the one [`max_weight_b_matching`] builds), built once for the whole graph; the
/// final b-matching is [`max_weight_b_matching`] on the threshold subgraph. The planner's
/// `Objective::MinRegret` with capacities above 1 calls this function.
///
/// # Arguments
/// * `graph`: feasible pairs and scores (any sign).
/// * `caps`: one capacity per vertex (0 = never matched).
///
/// # Returns
/// The b-matching (its `pairs` sorted, `u < v`) and its bottleneck value. Exact.
///
/// # Errors
/// [`MatchingError::CapacitiesLength`] when `caps.len()` differs from the vertex count;
/// otherwise those of [`max_weight_b_matching`] in [`Mode::MaxCardinality`].
///
/// # Complexity
/// `1 + ceil(log2 d)` unit-weight cardinality solves (d distinct weights) on one gadget
/// graph of `Σb + 2m` vertices (capacities clamped to degrees), each resumed from the
/// previous one's matching, then one weighted b-matching solve on the threshold
/// subgraph; O(m log m) extra time to read the weakest pair; O(Σb + m + Σ_e (b_u + b_v))
/// memory for the gadget.
///
/// # Example
/// ```
/// use peermatch::matching::reductions::bottleneck_b_matching;
/// use peermatch::matching::WeightedGraph;
/// // Vertex 0 may take two partners. Two pairs is the most possible; the weakest of
/// // (0, 1) + (0, 2) is 6, better than (0, 1) + (2, 3) (5) or anything using the 1.
/// let g = WeightedGraph::new(4, [(0, 1, 9), (0, 2, 6), (0, 3, 1), (2, 3, 5)])?;
/// let b = bottleneck_b_matching(&g, &[2, 1, 1, 1])?;
/// assert_eq!(b.bottleneck, Some(6));
/// assert_eq!(b.b_matching.pairs, vec![(0, 1), (0, 2)]);
/// // With capacity 1 everywhere it is the plain bottleneck matching.
/// let one = bottleneck_b_matching(&g, &[1, 1, 1, 1])?;
/// assert_eq!(one.bottleneck, Some(5));
/// # Ok::<(), peermatch::matching::MatchingError>(())
/// ```
///
/// # References
/// Gabow and Tarjan (1988), as for [`bottleneck_matching`]; the b-matching oracle is
/// Tutte's gadget reduction (see [`crate::matching::reductions::bmatching`]).
pub fn bottleneck_b_matching(
    graph: &WeightedGraph,
    caps: &[u32],
) -> Result<BottleneckBMatching, MatchingError> {
    let n = graph.vertex_count();
    if caps.len() != n {
        return Err(MatchingError::CapacitiesLength {
            expected: n,
            got: caps.len(),
        });
    }
    // The threshold checks solve unit-weight matchings on one gadget graph built for the
    // whole graph, each warm-started from the previous check (see `CardinalityGadget`);
    // only the final solve uses the weights.
    let gadget = CardinalityGadget::new(graph, caps)?;
    let mut oracle = WarmCardinality::new(gadget.vertices);
    let cardinality = |t: i64| Ok(gadget.pairs(oracle.solve(gadget.edges_at(t))));
    let Some(t) = bottleneck_threshold(graph, cardinality)? else {
        let b_matching =
            max_weight_b_matching(&subgraph(graph, i64::MAX)?, caps, Mode::MaxCardinality)?;
        return Ok(BottleneckBMatching {
            b_matching,
            bottleneck: None,
        });
    };
    let b_matching = max_weight_b_matching(&subgraph(graph, t)?, caps, Mode::MaxCardinality)?;
    let mut sorted: Vec<(usize, usize, i64)> = graph
        .edges()
        .iter()
        .map(|e| (e.u as usize, e.v as usize, e.weight))
        .collect();
    sorted.sort_unstable();
    let bottleneck = b_matching
        .pairs
        .iter()
        .filter_map(|&(u, v)| {
            // Parallel edges were merged by WeightedGraph::new, so (u, v) is unique.
            let i = sorted.partition_point(|&(a, b, _)| (a, b) < (u, v));
            sorted.get(i).filter(|x| (x.0, x.1) == (u, v)).map(|x| x.2)
        })
        .min();
    Ok(BottleneckBMatching {
        b_matching,
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
/// # Panics
/// Never; every edge weight is one of the levels looked up.
///
/// # Complexity
/// One solver call on the re-weighted graph plus one for the cardinality.
///
/// # Example
/// ```
/// use peermatch::matching::{leximin_matching, WeightedGraph};
/// let g = WeightedGraph::new(4, [(0, 1, 3), (2, 3, 1), (0, 2, 2), (1, 3, 2)])?;
/// let m = leximin_matching(&g)?;
/// assert_eq!(m.pairs().collect::<Vec<_>>(), vec![(0, 2), (1, 3)]);
/// # Ok::<(), peermatch::Error>(())
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
