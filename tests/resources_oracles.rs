//! The resource contract's uncapped checks (the capped measurements are in
//! `tests/resources.rs`, which holds a single test so that nothing allocates beside them):
//! the exact-graph pair budget is exact at its boundary, `solve_edges`'s renumbering of
//! sparse vertex ids keeps the optimum, and b-matching capacities clamped to the degree
//! keep it too (brute force is the oracle).

#[path = "../examples/support/sparse_ids.rs"]
mod sparse_ids;

use peermatch::compat::{candidate_pairs, BuildError, CandidateMode, Policy, Scorer};
use peermatch::graph::CompatibilityGraph;
use peermatch::matching::reductions::bmatching::{b_matching_gadget_size, max_weight_b_matching};
use peermatch::matching::{max_weight_matching_with_certificate, verify, Mode, WeightedGraph};
use proptest::prelude::*;

mod common;

/// Without many isolated vertices nothing is renumbered (the graph is solved as given).
#[test]
fn dense_numbering_is_solved_as_given() {
    let g = WeightedGraph::new(5, [(0, 1, 5), (2, 3, 1), (3, 4, 2)]).unwrap();
    assert!(sparse_ids::compact(&g).unwrap().is_none());
}

/// The budget counts feasible pairs exactly: a cohort with exactly `budget` feasible pairs
/// builds (the same graph as without a budget), one more fails. The oracle is the
/// candidate generator's own count, run without a budget.
#[test]
fn pair_budget_is_exact_at_the_boundary() {
    use peermatch::cohort::generate::{generate, GeneratorConfig};
    for seed in 0..3 {
        let cohort = generate(&GeneratorConfig::city(120, seed));
        let scorer = Scorer::new(&cohort, &Policy::default()).unwrap();
        let (_, stats) = candidate_pairs(&scorer, CandidateMode::Exact);
        let feasible = u32::try_from(stats.pairs_feasible).unwrap();
        assert!(
            u64::from(feasible) < 120 * 119 / 2,
            "not every pair is feasible"
        );
        let at = Policy {
            max_exact_pairs: feasible,
            ..Policy::default()
        };
        let g = CompatibilityGraph::build(&cohort, &at, CandidateMode::Exact).unwrap();
        assert_eq!(g.stats().candidates, stats);
        let below = Policy {
            max_exact_pairs: feasible - 1,
            ..Policy::default()
        };
        let err = CompatibilityGraph::build(&cohort, &below, CandidateMode::Exact).unwrap_err();
        assert!(
            matches!(err, BuildError::PairBudget(ref e) if e.budget == feasible - 1),
            "{err}"
        );
    }
}

/// A star whose centre has capacity u32::MAX and three leaves: the centre counts as 3.
#[test]
fn star_centre_clamped_to_its_degree() {
    let g = WeightedGraph::new(5, [(0, 1, 5), (0, 2, 4), (0, 3, 3), (2, 4, 9)]).unwrap();
    let caps = [u32::MAX, 1, 1, 7, 0];
    let size = b_matching_gadget_size(&g, &caps, Mode::MaxWeight).unwrap();
    // Vertex 4 has capacity 0, so edge (2,4) is dropped; degrees: 0→3, 1→1, 2→1, 3→1.
    // Every edge has an end with one copy: direct edges from each leaf to the 3 copies of 0.
    assert_eq!(size.vertices, 3 + 1 + 1 + 1);
    assert_eq!(size.edges, 3 * 3);
    assert_eq!(size.clamped, vec![(0, u32::MAX, 3), (3, 7, 1)]);
    let b = max_weight_b_matching(&g, &caps, Mode::MaxWeight).unwrap();
    assert_eq!(b.pairs, vec![(0, 1), (0, 2), (0, 3)]);
    assert_eq!(b.weight, 12);
}

use common::brute_b_matching as brute;

/// The simple graph on `n` vertices in `raw`: out-of-range ends and loops dropped, each
/// edge as (min, max), sorted, the first of parallel edges kept.
fn simple_edges(n: usize, raw: Vec<(usize, usize, i64)>) -> Vec<(usize, usize, i64)> {
    let mut edges: Vec<(usize, usize, i64)> = raw
        .into_iter()
        .filter(|&(u, v, _)| u < n && v < n && u != v)
        .map(|(u, v, w)| (u.min(v), u.max(v), w))
        .collect();
    edges.sort_by_key(|&(u, v, _)| (u, v));
    edges.dedup_by_key(|e| (e.0, e.1));
    edges
}

proptest! {
    /// `solve_edges`'s renumbering keeps the answer: on sparse numberings (up to 40
    /// declared vertices, at most 9 edges), the pairs mapped back are a matching of the
    /// declared graph with the brute-force optimum, in both modes.
    #[test]
    fn renumbered_solve_is_optimal_on_the_declared_graph(
        n in 2usize..=40,
        raw in proptest::collection::vec((0usize..40, 0usize..40, -3i64..20), 0..=9),
    ) {
        let edges = simple_edges(n, raw);
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        let Some(c) = sparse_ids::compact(&g).unwrap() else {
            return Ok(());
        };
        prop_assert!(c.ids.windows(2).all(|w| w[0] < w[1]));
        for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
            let (m, cert) = max_weight_matching_with_certificate(&c.graph, mode).unwrap();
            verify(&c.graph, &m, &cert).unwrap();
            let mut used = vec![false; n];
            let mut weight = 0;
            for (u, v) in m.pairs() {
                let (a, b) = c.declared(u, v);
                prop_assert!(!used[a] && !used[b]);
                used[a] = true;
                used[b] = true;
                let e = edges.iter().find(|e| (e.0, e.1) == (a.min(b), a.max(b)));
                weight += e.expect("a declared edge").2;
            }
            prop_assert_eq!(weight, m.weight());
            let want = brute(n, &edges, &vec![1; n], mode);
            match mode {
                Mode::MaxWeight => prop_assert_eq!(weight, want.1),
                Mode::MaxCardinality => prop_assert_eq!((m.len(), weight), want),
            }
        }
    }

    /// With capacities drawn from {0, 1, 2, 1e5, 1e6, u32::MAX}, the clamped gadget gives
    /// the brute-force optimum, and is never larger than 4|E| vertices.
    #[test]
    fn clamped_b_matching_is_optimal(
        n in 2usize..=6,
        raw in proptest::collection::vec((0usize..6, 0usize..6, -3i64..20), 0..=9),
        cap_pick in proptest::collection::vec(0usize..6, 6),
    ) {
        let choices = [0u32, 1, 2, 100_000, 1_000_000, u32::MAX];
        let caps: Vec<u32> = cap_pick[..n].iter().map(|&i| choices[i]).collect();
        let edges = simple_edges(n, raw);
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
            let size = b_matching_gadget_size(&g, &caps, mode).unwrap();
            prop_assert!(size.vertices <= 4 * edges.len());
            let b = max_weight_b_matching(&g, &caps, mode).unwrap();
            prop_assert!(b.certificate.is_ok());
            let want = brute(n, &edges, &caps, mode);
            match mode {
                Mode::MaxWeight => prop_assert_eq!(b.weight, want.1),
                Mode::MaxCardinality => prop_assert_eq!((b.pairs.len(), b.weight), want),
            }
        }
    }
}
