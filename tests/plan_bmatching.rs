//! The b-matching reduction against brute-force enumeration of every edge subset.

use peermatch::matching::{Mode, WeightedGraph};
use peermatch::plan::bmatching::max_weight_b_matching;
use proptest::prelude::*;

mod common;
use common::brute_b_matching as brute;

fn instance() -> impl Strategy<Value = (usize, Vec<(usize, usize, i64)>, Vec<u32>)> {
    (2usize..=7).prop_flat_map(|n| {
        let pairs: Vec<(usize, usize)> = (0..n)
            .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
            .collect();
        (
            Just(n),
            proptest::sample::subsequence(pairs.clone(), 0..=pairs.len().min(12)),
            proptest::collection::vec(-5i64..40, 12),
            proptest::collection::vec(0u32..=3, n),
        )
            .prop_map(|(n, sub, ws, caps)| {
                let edges = sub
                    .into_iter()
                    .zip(ws)
                    .map(|((u, v), w)| (u, v, w))
                    .collect();
                (n, edges, caps)
            })
    })
}

fn check(n: usize, edges: &[(usize, usize, i64)], caps: &[u32], mode: Mode) {
    let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
    let b = max_weight_b_matching(&g, caps, mode).unwrap();
    assert!(b.certificate.is_ok(), "{:?}", b.certificate);
    // Feasible: pairs are distinct edges, loads within capacity, weight adds up.
    let mut load = vec![0u32; n];
    let mut w = 0;
    for (i, &(u, v)) in b.pairs.iter().enumerate() {
        assert!(!b.pairs[..i].contains(&(u, v)));
        let e = edges
            .iter()
            .find(|e| (e.0, e.1) == (u, v))
            .expect("an edge");
        w += e.2;
        load[u] += 1;
        load[v] += 1;
    }
    for v in 0..n {
        assert!(load[v] <= caps[v], "vertex {v} over capacity");
    }
    assert_eq!(w, b.weight);
    let (bk, bw) = brute(n, edges, caps, mode);
    match mode {
        Mode::MaxWeight => assert_eq!(b.weight, bw),
        Mode::MaxCardinality => assert_eq!((b.pairs.len(), b.weight), (bk, bw)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn b_matching_equals_brute_force_max_weight((n, edges, caps) in instance()) {
        check(n, &edges, &caps, Mode::MaxWeight);
    }

    #[test]
    fn b_matching_equals_brute_force_max_cardinality((n, edges, caps) in instance()) {
        check(n, &edges, &caps, Mode::MaxCardinality);
    }
}

#[test]
fn triangle_with_capacity_two_uses_all_edges() {
    // Every vertex may take two partners: the whole triangle is a 2-matching.
    let edges = [(0, 1, 3), (1, 2, 4), (0, 2, 5)];
    check(3, &edges, &[2, 2, 2], Mode::MaxWeight);
    let g = WeightedGraph::new(3, edges).unwrap();
    let b = max_weight_b_matching(&g, &[2, 2, 2], Mode::MaxWeight).unwrap();
    assert_eq!(b.weight, 12);
}

#[test]
fn wrong_capacity_length_is_an_error() {
    let g = WeightedGraph::new(3, [(0, 1, 3)]).unwrap();
    assert!(max_weight_b_matching(&g, &[1, 1], Mode::MaxWeight).is_err());
}
