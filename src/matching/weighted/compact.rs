//! Isolated-vertex compaction: a declared vertex without a usable edge costs the solver
//! nothing.
//!
//! A [`WeightedGraph`] may declare many more vertices than its edges touch (a text edge
//! list that says `20000000 1`, a cohort where most teachers have no feasible partner).
//! Such a vertex is unmatched in every optimum and has dual `y_v = 0` in the certificate,
//! so the solver runs on the *active* vertices only (those with an edge the solver can use),
//! renumbered densely in increasing order, and the result is mapped back.
//!
//! What a declared vertex still costs: 4 bytes in the [`Matching`]'s mate array and 8 bytes
//! in the [`Certificate`]'s `vertex_duals` (both are part of the output, which names every
//! declared vertex), and O(1) time to fill them. The solver's own working memory
//! (≈100–200 bytes per vertex) is spent on active vertices only. The renumbering uses a
//! sorted list of the active vertices (binary search), not a vector over all `n`; finding
//! them takes one bit per declared vertex.
//!
//! In maximum-cardinality mode the weight shift is computed from the *declared* graph (as
//! [`Certificate`] documents and [`super::verify`] checks), then the compacted graph is
//! solved in maximum-weight mode on the shifted weights: the certified weights
//! `scale * (w + shift)` are exactly those the uncompacted solver would use, so the
//! certificate is the same kind of object and verifies against the full graph.

use super::{blossom, BlossomDual, Certificate, Matching, MatchingError, Mode, WeightedGraph};
use super::{MAX_WEIGHT, NONE};

/// Compaction pays off when at least this share (1/`MIN_ISOLATED_SHARE`) of the declared
/// vertices is isolated; below it the solver runs on the graph as given.
const MIN_ISOLATED_SHARE: usize = 4;

/// Solves `graph` on its active vertices, or returns `Ok(None)` when compaction does not
/// apply (few isolated vertices, or shifted totals that a compacted graph could not hold);
/// the caller then solves the graph as given.
///
/// # Errors
/// [`MatchingError::CardinalityShiftOverflow`] exactly when the uncompacted solver would
/// report it.
pub(super) fn solve_compacted(
    graph: &WeightedGraph,
    mode: Mode,
) -> Result<Option<(Matching, Certificate)>, MatchingError> {
    let n = graph.vertex_count();
    let shift = match mode {
        Mode::MaxWeight => 0,
        Mode::MaxCardinality => cardinality_shift(graph)?,
    };
    // Edges the solver can use: positive shifted weight (every edge in maximum-cardinality
    // mode, since the shift makes every weight positive).
    let usable = |w: i64| w + shift > 0;
    // One bit per declared vertex (n / 8 bytes, less than the output's 12 bytes per vertex):
    // deciding that compaction does not apply is a pass over the edges, no sort (sorting
    // the 2m endpoints was a fifth of the whole solve on a 10,000-vertex grid).
    let mut seen = vec![0u64; n.div_ceil(64)];
    for e in graph.edges().iter().filter(|e| usable(e.weight)) {
        for x in [e.u as usize, e.v as usize] {
            seen[x / 64] |= 1 << (x % 64);
        }
    }
    let active_count: usize = seen.iter().map(|w| w.count_ones() as usize).sum();
    let isolated = n - active_count;
    if isolated == 0 || isolated * MIN_ISOLATED_SHARE < n {
        return Ok(None);
    }
    // The active vertices in increasing order.
    let mut active: Vec<u32> = Vec::with_capacity(active_count);
    for (i, &word) in seen.iter().enumerate() {
        let mut w = word;
        while w != 0 {
            active.push((64 * i) as u32 + w.trailing_zeros());
            w &= w - 1;
        }
    }
    // Freed before the output is allocated: the output's 12 bytes per declared vertex are
    // the whole per-vertex budget (`tests/resources.rs`).
    drop(seen);
    let dense = |v: u32| -> usize {
        active
            .binary_search(&v)
            .expect("every endpoint of a usable edge is active")
    };
    let edges: Vec<(usize, usize, i64)> = graph
        .edges()
        .iter()
        .filter(|e| usable(e.weight))
        .map(|e| (dense(e.u), dense(e.v), e.weight + shift))
        .collect();
    let max_shifted = edges.iter().map(|e| e.2).max().unwrap_or(0);
    if (active.len() as i128 / 2) * max_shifted as i128 > i64::MAX as i128 {
        return Ok(None);
    }
    let small = WeightedGraph::new(active.len(), edges)?;
    let (m, cert) = blossom::solve(&small, Mode::MaxWeight)?;

    let mut mate = vec![NONE; n];
    let mut vertex_duals = vec![0i64; n];
    for (i, &v) in active.iter().enumerate() {
        if let Some(u) = m.mate(i) {
            mate[v as usize] = active[u];
        }
        vertex_duals[v as usize] = cert.vertex_duals[i];
    }
    // Total weight in original units, from the declared graph's own edges.
    let weight = graph
        .edges()
        .iter()
        .filter(|e| mate[e.u as usize] == e.v)
        .map(|e| e.weight)
        .sum();
    let blossoms = cert
        .blossoms
        .into_iter()
        .map(|b| BlossomDual {
            // `active` is increasing, so the mapped vertices stay in increasing order.
            vertices: b.vertices.iter().map(|&i| active[i as usize]).collect(),
            dual: b.dual,
            // Blossoms keep their positions, so parent links stay valid.
            parent: b.parent,
        })
        .collect();
    let cert = Certificate {
        mode,
        scale: cert.scale,
        shift,
        vertex_duals,
        blossoms,
    };
    Ok(Some((Matching::from_mate_unchecked(mate, weight), cert)))
}

/// The maximum-cardinality shift of the declared graph, as [`Certificate`] defines it:
/// `(K - 1) * (max_w - min_w) - min_w + 1` with `K = floor(n / 2)`, 0 without edges.
fn cardinality_shift(graph: &WeightedGraph) -> Result<i64, MatchingError> {
    let mut weights = graph.edges().iter().map(|e| e.weight as i128);
    let Some(first) = weights.next() else {
        return Ok(0);
    };
    let (lo, hi) = weights.fold((first, first), |(lo, hi), w| (lo.min(w), hi.max(w)));
    let k = (graph.vertex_count() / 2) as i128;
    let shift = (k - 1).max(0) * (hi - lo) - lo + 1;
    if hi + shift > MAX_WEIGHT as i128 {
        return Err(MatchingError::CardinalityShiftOverflow { needed: shift });
    }
    Ok(shift as i64)
}

#[cfg(test)]
mod tests {
    use super::super::{max_weight_matching_with_certificate, verify};
    use super::*;

    /// A declared vertex count and its edge list.
    type Case = (usize, Vec<(usize, usize, i64)>);

    /// Compacted and uncompacted solves agree on weight and cardinality, and both verify.
    #[test]
    fn compacted_matches_direct_solve() {
        let cases: Vec<Case> = vec![
            (10, vec![(0, 9, 5), (9, 4, 7), (4, 0, 6), (4, 5, 1)]),
            (12, vec![(1, 3, -2), (3, 7, 4), (7, 11, -1), (1, 11, 3)]),
            (7, vec![(0, 1, -5), (2, 3, -5)]),
            (9, vec![]),
        ];
        for (n, edges) in cases {
            let g = WeightedGraph::new(n, edges).unwrap();
            for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
                let direct = blossom::solve(&g, mode).unwrap();
                let compact = solve_compacted(&g, mode)
                    .unwrap()
                    .expect("compaction applies");
                let (m, cert) = max_weight_matching_with_certificate(&g, mode).unwrap();
                assert_eq!(m, compact.0);
                assert_eq!(cert.shift, direct.1.shift);
                assert_eq!(compact.0.weight(), direct.0.weight(), "{g:?} {mode:?}");
                assert_eq!(compact.0.len(), direct.0.len(), "{g:?} {mode:?}");
                verify(&g, &compact.0, &compact.1).unwrap();
                verify(&g, &direct.0, &direct.1).unwrap();
            }
        }
    }

    /// Active vertices on both sides of 64-bit word boundaries (the bitmap that finds them)
    /// are renumbered in increasing order and mapped back.
    #[test]
    fn word_boundaries() {
        let g = WeightedGraph::new(
            300,
            [
                (0, 63, 5),
                (63, 64, 7),
                (64, 127, 6),
                (128, 299, 4),
                (191, 192, 3),
            ],
        )
        .unwrap();
        for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
            let (m, cert) = solve_compacted(&g, mode)
                .unwrap()
                .expect("compaction applies");
            let direct = blossom::solve(&g, mode).unwrap();
            assert_eq!(m.weight(), direct.0.weight(), "{mode:?}");
            assert_eq!(m.len(), direct.0.len(), "{mode:?}");
            verify(&g, &m, &cert).unwrap();
        }
        let (m, _) = solve_compacted(&g, Mode::MaxWeight).unwrap().unwrap();
        // The path 0-63-64-127 takes its two end edges (5 + 6 > 7).
        assert_eq!(m.weight(), 5 + 6 + 4 + 3);
        assert_eq!(m.mate(299), Some(128));
    }

    /// A graph without isolated vertices is left to the solver as given.
    #[test]
    fn no_isolated_vertices_no_compaction() {
        let g = WeightedGraph::new(4, [(0, 1, 3), (2, 3, 4)]).unwrap();
        assert!(solve_compacted(&g, Mode::MaxWeight).unwrap().is_none());
    }
}
