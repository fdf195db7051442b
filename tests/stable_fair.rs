//! Fair objectives, capacitated assignment and the no-stable-matching fallbacks, checked
//! against brute force on small instances. Tests using the general solver need the real
//! solver in `matching::blossom`.
#![allow(clippy::needless_range_loop, clippy::too_many_arguments)]

use peermatch::matching::{
    almost_stable, bottleneck_matching, leximin_matching, max_cardinality_fallback,
    max_weight_assignment, roommates_blocking_pairs, stable_roommates, AssignmentError,
    AssignmentMethod, LeximinError, Mode, Preferences, WeightedGraph,
};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn random_edges(
    n: usize,
    density: f64,
    wlo: i64,
    whi: i64,
    rng: &mut ChaCha8Rng,
) -> Vec<(usize, usize, i64)> {
    let mut e = Vec::new();
    for u in 0..n {
        for v in u + 1..n {
            if rng.random_bool(density) {
                e.push((u, v, rng.random_range(wlo..=whi)));
            }
        }
    }
    e
}

/// Every matching of the edge list, as lists of edge indices.
fn all_matchings(n: usize, edges: &[(usize, usize, i64)]) -> Vec<Vec<usize>> {
    fn rec(
        k: usize,
        edges: &[(usize, usize, i64)],
        used: &mut Vec<bool>,
        cur: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if k == edges.len() {
            out.push(cur.clone());
            return;
        }
        rec(k + 1, edges, used, cur, out);
        let (u, v, _) = edges[k];
        if !used[u] && !used[v] {
            used[u] = true;
            used[v] = true;
            cur.push(k);
            rec(k + 1, edges, used, cur, out);
            cur.pop();
            used[u] = false;
            used[v] = false;
        }
    }
    let mut out = Vec::new();
    rec(0, edges, &mut vec![false; n], &mut Vec::new(), &mut out);
    out
}

fn assert_edges_of_graph(g: &WeightedGraph, pairs: &[(usize, usize)]) {
    for &(u, v) in pairs {
        assert!(
            g.weight(u, v).is_some(),
            "hard constraint violated: ({u}, {v}) is not an edge"
        );
    }
}

#[test]
fn bottleneck_prefers_two_fair_pairs() {
    let g = WeightedGraph::new(4, [(0, 1, 10), (2, 3, 1), (0, 2, 5), (1, 3, 5)]).unwrap();
    let b = bottleneck_matching(&g).unwrap();
    assert_eq!(b.bottleneck, Some(5));
    assert_eq!(b.matching.pairs().collect::<Vec<_>>(), vec![(0, 2), (1, 3)]);
    let empty = WeightedGraph::new(3, []).unwrap();
    assert_eq!(bottleneck_matching(&empty).unwrap().bottleneck, None);
}

#[test]
fn leximin_rejects_too_many_levels() {
    let n = 400;
    let edges: Vec<(usize, usize, i64)> = (0..n - 1).map(|i| (i, i + 1, i as i64)).collect();
    let g = WeightedGraph::new(n, edges).unwrap();
    assert!(matches!(
        leximin_matching(&g),
        Err(LeximinError::TooManyLevels { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Bottleneck and leximin optimality against brute force over all matchings.
    #[test]
    fn fair_objectives_match_brute_force(n in 0usize..=8, density in 0.2f64..1.0, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let edges = random_edges(n, density, -3, 6, &mut rng);
        let g = WeightedGraph::new(n, edges.clone()).unwrap();
        let all = all_matchings(n, &edges);
        let k = all.iter().map(Vec::len).max().unwrap_or(0);
        let maxcard: Vec<&Vec<usize>> = all.iter().filter(|m| m.len() == k).collect();
        let minw = |m: &Vec<usize>| m.iter().map(|&e| edges[e].2).min();
        let total = |m: &Vec<usize>| m.iter().map(|&e| edges[e].2).sum::<i64>();
        let best_min = maxcard.iter().map(|m| minw(m)).max().unwrap();
        let best_total = maxcard.iter().filter(|m| minw(m) == best_min).map(|m| total(m)).max().unwrap();

        let b = bottleneck_matching(&g).unwrap();
        let pairs: Vec<(usize, usize)> = b.matching.pairs().collect();
        assert_edges_of_graph(&g, &pairs);
        prop_assert_eq!(pairs.len(), k);
        prop_assert_eq!(b.bottleneck, best_min);
        prop_assert_eq!(b.matching.weight(), best_total);

        let sorted = |ws: Vec<i64>| { let mut w = ws; w.sort_unstable(); w };
        let best_lex = maxcard.iter().map(|m| sorted(m.iter().map(|&e| edges[e].2).collect())).max().unwrap();
        let lx = leximin_matching(&g).unwrap();
        let got: Vec<i64> = sorted(lx.pairs().map(|(u, v)| g.weight(u, v).unwrap()).collect());
        prop_assert_eq!(got, best_lex);
    }

    /// Capacitated assignment: both methods agree with brute force, in both modes, and never
    /// assign an infeasible pair or exceed a capacity.
    #[test]
    fn assignment_matches_brute_force(n in 0usize..=6, m in 1usize..=3, density in 0.3f64..1.0, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let caps: Vec<u32> = (0..m).map(|_| rng.random_range(0..=3)).collect();
        let mut edges = Vec::new();
        for r in 0..n {
            for h in 0..m {
                if rng.random_bool(density) {
                    edges.push((r, h, rng.random_range(-4..=9i64)));
                }
            }
        }
        // Brute force: each mentee picks nothing or one of its edges.
        let mut best_w = 0i64;
        let mut best_cw = (0usize, i64::MIN);
        let mut choice = vec![None; n];
        fn rec(r: usize, n: usize, edges: &[(usize, usize, i64)], caps: &[u32], load: &mut Vec<u32>, choice: &mut Vec<Option<usize>>, bw: &mut i64, bcw: &mut (usize, i64)) {
            if r == n {
                let w: i64 = choice.iter().flatten().map(|&e| edges[e].2).sum();
                let c = choice.iter().flatten().count();
                *bw = (*bw).max(w);
                if (c, w) > *bcw { *bcw = (c, w); }
                return;
            }
            rec(r + 1, n, edges, caps, load, choice, bw, bcw);
            for (e, &(rr, h, _)) in edges.iter().enumerate() {
                if rr == r && load[h] < caps[h] {
                    load[h] += 1;
                    choice[r] = Some(e);
                    rec(r + 1, n, edges, caps, load, choice, bw, bcw);
                    choice[r] = None;
                    load[h] -= 1;
                }
            }
        }
        rec(0, n, &edges, &caps, &mut vec![0; m], &mut choice, &mut best_w, &mut best_cw);
        for method in [AssignmentMethod::KuhnMunkres, AssignmentMethod::GeneralSolver] {
            for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
                let a = max_weight_assignment(n, &caps, &edges, mode, method).unwrap();
                let mut load = vec![0u32; m];
                for r in 0..n {
                    if let Some(h) = a.mentor_of(r) {
                        load[h] += 1;
                        prop_assert!(edges.iter().any(|&(rr, hh, _)| rr == r && hh == h), "infeasible pair");
                    }
                }
                prop_assert!((0..m).all(|h| load[h] <= caps[h]));
                match mode {
                    Mode::MaxWeight => prop_assert_eq!(a.weight(), best_w, "{:?}", method),
                    Mode::MaxCardinality => prop_assert_eq!((a.len(), a.weight()), best_cw, "{:?}", method),
                }
            }
        }
    }

    /// Fallbacks on instances without a stable matching: the maximum-cardinality fallback
    /// has the maximum number of pairs, both report exactly their blocking pairs, and the
    /// heuristic is deterministic for a seed.
    #[test]
    fn fallbacks_report_blocking_pairs(n in 3usize..=8, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut lists: Vec<Vec<usize>> = (0..n).map(|i| (0..n).filter(|&j| j != i).collect()).collect();
        lists.iter_mut().for_each(|l| l.shuffle(&mut rng));
        let p = Preferences::new(&lists).unwrap();
        if stable_roommates(&p).is_stable() {
            return Ok(());
        }
        let f = max_cardinality_fallback(&p).unwrap();
        prop_assert_eq!(f.partner.iter().filter(|x| x.is_some()).count(), 2 * (n / 2));
        prop_assert!(!f.blocking_pairs.is_empty());
        prop_assert_eq!(&f.blocking_pairs, &roommates_blocking_pairs(&p, &f.partner).unwrap());
        let h = almost_stable(&p, Some(&f.partner), seed, 100);
        prop_assert!(h.blocking_pairs.len() <= f.blocking_pairs.len());
        prop_assert!(!h.blocking_pairs.is_empty());
        prop_assert_eq!(&h, &almost_stable(&p, Some(&f.partner), seed, 100));
    }
}

#[test]
fn almost_stable_reaches_stability_when_possible_and_is_seeded() {
    let lists = vec![vec![1, 2], vec![0, 2], vec![0, 1]];
    let p = Preferences::new(&lists).unwrap();
    let h = almost_stable(&p, None, 1, 100);
    assert!(h.blocking_pairs.is_empty());
    let unsolvable =
        Preferences::new(&[vec![1, 2, 3], vec![2, 0, 3], vec![0, 1, 3], vec![0, 1, 2]]).unwrap();
    for seed in 0..10 {
        let h = almost_stable(&unsolvable, None, seed, 200);
        assert_eq!(
            h.blocking_pairs.len(),
            1,
            "one blocking pair is optimal here"
        );
        assert_eq!(h, almost_stable(&unsolvable, None, seed, 200));
    }
}

#[test]
fn assignment_errors() {
    let e = max_weight_assignment(
        1,
        &[1],
        &[(1, 0, 1)],
        Mode::MaxWeight,
        AssignmentMethod::Auto,
    )
    .unwrap_err();
    assert_eq!(
        e,
        AssignmentError::MenteeOutOfRange {
            edge: 0,
            mentee: 1,
            n: 1
        }
    );
    let e = max_weight_assignment(
        1,
        &[1],
        &[(0, 0, 1), (0, 2, 1)],
        Mode::MaxWeight,
        AssignmentMethod::Auto,
    )
    .unwrap_err();
    assert_eq!(
        e,
        AssignmentError::MentorOutOfRange {
            edge: 1,
            mentor: 2,
            m: 1
        }
    );
    let e = max_weight_assignment(
        1,
        &[1],
        &[(0, 0, i64::MAX)],
        Mode::MaxWeight,
        AssignmentMethod::Auto,
    )
    .unwrap_err();
    assert!(matches!(
        e,
        AssignmentError::WeightOutOfRange { edge: 0, .. }
    ));
}
