//! Tie-heavy weights (values 0..3, all equal, unit) in both modes and for b-matching, the
//! tree-form certificate (size O(n), old member-list form still accepted), and regression
//! cases for the slow paths fixed in issue 9 (deep blossom nesting), checked by result:
//! against exhaustive search on small graphs and against the `mwmatching` crate on larger
//! ones, with every certificate verified.

mod common;

use common::*;
use peermatch::matching::{verify, Certificate, Mode, WeightedGraph};
use peermatch::plan::bmatching::max_weight_b_matching;
use proptest::prelude::*;

const MODES: [Mode; 2] = [Mode::MaxWeight, Mode::MaxCardinality];

/// Weights of one tie regime: 0..=3, all equal to one value, or all 1.
fn tie_weights(regime: u8, raw: i64, equal: i64) -> i64 {
    match regime {
        0 => raw.rem_euclid(4),
        1 => equal,
        _ => 1,
    }
}

/// A small graph (n <= 10) with tie-heavy weights.
fn small_tie_graph() -> impl Strategy<Value = (usize, Edges)> {
    (0usize..=10, 0u8..3, -1i64..=4).prop_flat_map(|(n, regime, equal)| {
        let max_edges = if n < 2 { 0 } else { n * (n - 1) / 2 };
        let pair = (0..n.max(1), 0..n.max(1), 0i64..4);
        prop::collection::vec(pair, 0..=max_edges).prop_map(move |raw| {
            let edges = raw
                .into_iter()
                .filter(|&(a, b, _)| a != b)
                .map(|(a, b, w)| (a, b, tie_weights(regime, w, equal)))
                .collect();
            (n, edges)
        })
    })
}

/// The certificate in the old member-list form must verify too, with the same objective.
fn check_old_form(g: &WeightedGraph, m: &peermatch::matching::Matching, cert: &Certificate) {
    let old = cert.to_member_lists();
    assert!(old.blossoms.iter().all(|b| b.parent.is_none()));
    assert_eq!(verify(g, m, &old), Ok(()), "member-list form rejected");
    assert_eq!(old.dual_objective(), cert.dual_objective());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn ties_against_brute_force((n, edges) in small_tie_graph()) {
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        for mode in MODES {
            let opt = brute_force(n, &edges, mode, 1);
            let (m, cert) = solve_checked(&g, mode).unwrap();
            prop_assert_eq!(m.weight() as i128, opt.weight, "{:?} weight", mode);
            if mode == Mode::MaxCardinality {
                prop_assert_eq!(m.len(), opt.cardinality, "pairs");
            }
            check_old_form(&g, &m, &cert);
        }
    }

    #[test]
    fn ties_b_matching_against_brute_force(
        (n, edges, caps) in (2usize..=6, 0u8..3, -1i64..=4).prop_flat_map(|(n, regime, equal)| {
            let pairs: Vec<(usize, usize)> =
                (0..n).flat_map(|u| (u + 1..n).map(move |v| (u, v))).collect();
            (
                proptest::sample::subsequence(pairs.clone(), 0..=pairs.len().min(11)),
                proptest::collection::vec(0i64..4, 11),
                proptest::collection::vec(0u32..=3, n),
            )
                .prop_map(move |(sub, ws, caps)| {
                    let edges: Edges = sub
                        .into_iter()
                        .zip(ws)
                        .map(|((u, v), w)| (u, v, tie_weights(regime, w, equal)))
                        .collect();
                    (n, edges, caps)
                })
        })
    ) {
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        for mode in MODES {
            let b = max_weight_b_matching(&g, &caps, mode).unwrap();
            prop_assert!(b.certificate.is_ok(), "{:?}", b.certificate);
            let (k, w) = brute_b(n, &edges, &caps, mode);
            prop_assert_eq!(b.weight, w, "{:?} weight", mode);
            if mode == Mode::MaxCardinality {
                prop_assert_eq!(b.pairs.len(), k);
            }
        }
    }
}

use common::brute_b_matching as brute_b;

/// Solves in both modes, checks against `mwmatching`, the old certificate form, and that the
/// tree-form certificate lists every vertex at most once (O(n) size). Returns whether any
/// blossom was nested in another (in either mode).
fn check_against_mwmatching(name: &str, n: usize, edges: &Edges) -> bool {
    let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
    let mut nested = false;
    for mode in MODES {
        let (m, cert) = solve_checked(&g, mode).unwrap();
        let peer = mwmatching_mate(n, edges, mode == Mode::MaxCardinality);
        let (pw, pc) = score_mate(n, edges, &peer);
        assert_eq!(
            m.weight() as i128,
            pw,
            "{name} {mode:?}: weight vs mwmatching"
        );
        if mode == Mode::MaxCardinality {
            assert_eq!(m.len(), pc, "{name}: pairs vs mwmatching");
        }
        let listed: usize = cert.blossoms.iter().map(|b| b.vertices.len()).sum();
        assert!(
            listed <= n,
            "{name} {mode:?}: {listed} listed vertices > n = {n}"
        );
        nested |= cert.blossoms.iter().any(|b| b.parent.is_some());
        check_old_form(&g, &m, &cert);
    }
    nested
}

#[test]
fn medium_tie_graphs_against_mwmatching() {
    for seed in 0..24u64 {
        let n = 40 + (seed as usize % 6) * 30;
        let base = random_sparse(n, 3 + (seed as usize % 4), 0, 3, 9000 + seed);
        for regime in 0..3u8 {
            let edges: Edges = base
                .iter()
                .filter(|e| e.0 != e.1)
                .map(|&(a, b, w)| (a, b, tie_weights(regime, w, 2)))
                .collect();
            check_against_mwmatching(&format!("seed {seed} regime {regime}"), n, &edges);
        }
    }
}

/// A chain of triangles joined by single edges, the shape of `adv_trichain`: every
/// triangle is an odd cycle, and with equal weights the forest is one long path.
fn triangle_chain(k: usize, w_tri: i64, w_link: i64) -> (usize, Edges) {
    let mut edges = Vec::new();
    for t in 0..k {
        let a = 3 * t;
        edges.push((a, a + 1, w_tri));
        edges.push((a + 1, a + 2, w_tri));
        edges.push((a, a + 2, w_tri));
        if t + 1 < k {
            edges.push((a + 2, a + 3, w_link));
        }
    }
    (3 * k, edges)
}

#[test]
fn regression_triangle_chains() {
    for k in [5usize, 40, 201] {
        for (wt, wl) in [(1, 1), (2, 1), (1, 2), (3, 3)] {
            let (n, edges) = triangle_chain(k, wt, wl);
            check_against_mwmatching(&format!("trichain {k} ({wt},{wl})"), n, &edges);
        }
    }
}

/// Odd cycles nested in odd cycles: a triangle, then repeatedly two new vertices forming a
/// triangle with the previous structure's last vertex, with slightly lighter weights at every
/// level, so that each new blossom contains the previous one. With the old member-list
/// certificate the listed vertices summed to order n² here.
fn nested_onion(levels: usize) -> (usize, Edges) {
    let mut edges = vec![(0, 1, 1000), (1, 2, 1000), (0, 2, 1000)];
    let mut last = 2;
    let mut n = 3;
    for l in 0..levels {
        let w = 999 - l as i64;
        let (a, b) = (n, n + 1);
        edges.push((last, a, w));
        edges.push((a, b, w));
        edges.push((b, 0, w));
        last = b;
        n += 2;
    }
    (n, edges)
}

#[test]
fn regression_deep_nesting_has_linear_certificate() {
    let mut any_nested = false;
    for levels in [3usize, 30, 200] {
        let (n, edges) = nested_onion(levels);
        any_nested |= check_against_mwmatching(&format!("onion {levels}"), n, &edges);
    }
    assert!(
        any_nested,
        "the onion graphs should produce nested blossoms"
    );
}

#[test]
fn regression_planner_like_max_cardinality_on_gadget() {
    // A b-matching with capacities 1..3 on a tie-heavy random graph: the gadget graph in
    // maximum-cardinality mode is where blossoms nested deeply (planner max-cardinality).
    for seed in 0..6u64 {
        let n = 30 + 10 * seed as usize;
        let edges: Edges = random_sparse(n, 4, 0, 3, 777 + seed)
            .into_iter()
            .filter(|e| e.0 != e.1)
            .collect();
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        let caps: Vec<u32> = (0..n)
            .map(|v| 1 + (v as u32 * 7 + seed as u32) % 3)
            .collect();
        for mode in MODES {
            let b = max_weight_b_matching(&g, &caps, mode).unwrap();
            assert!(
                b.certificate.is_ok(),
                "seed {seed} {mode:?}: {:?}",
                b.certificate
            );
            let mut load = vec![0u32; n];
            for &(u, v) in &b.pairs {
                load[u] += 1;
                load[v] += 1;
            }
            assert!((0..n).all(|v| load[v] <= caps[v]), "capacity exceeded");
        }
    }
}

#[test]
fn old_form_with_hand_made_nesting_still_verifies() {
    // Triangle {0,1,2} (weight 10) inside {0..4} closed by weight-6 edges: written in the
    // original member-list form, and in tree form, both verify; a tree-form certificate
    // that lists a vertex twice is rejected.
    use peermatch::matching::{BlossomDual, CertificateError, Matching};
    let g = WeightedGraph::new(
        5,
        [
            (0, 1, 10),
            (1, 2, 10),
            (0, 2, 10),
            (2, 3, 6),
            (3, 4, 6),
            (0, 4, 6),
        ],
    )
    .unwrap();
    let m = Matching::from_pairs(&g, [(0, 1), (2, 3)]).unwrap();
    let blossom = |vertices: Vec<u32>, dual, parent| BlossomDual {
        vertices,
        dual,
        parent,
    };
    let old = Certificate {
        mode: Mode::MaxWeight,
        scale: 4,
        shift: 0,
        vertex_duals: vec![0; 5],
        blossoms: vec![
            blossom(vec![0, 1, 2, 3, 4], 24, None),
            blossom(vec![0, 1, 2], 16, None),
        ],
    };
    assert_eq!(verify(&g, &m, &old), Ok(()));
    let tree = Certificate {
        blossoms: vec![
            blossom(vec![3, 4], 24, None),
            blossom(vec![0, 1, 2], 16, Some(0)),
        ],
        ..old.clone()
    };
    assert_eq!(verify(&g, &m, &tree), Ok(()));
    assert_eq!(tree.to_member_lists(), old);
    assert_eq!(tree.dual_objective(), old.dual_objective());
    assert_eq!(tree.blossom_vertices(0), vec![0, 1, 2, 3, 4]);
    let twice = Certificate {
        blossoms: vec![
            blossom(vec![0, 1, 2, 3, 4], 24, None),
            blossom(vec![0, 1, 2], 16, Some(0)),
        ],
        ..old.clone()
    };
    assert_eq!(
        verify(&g, &m, &twice),
        Err(CertificateError::VertexListedTwice {
            blossom: 1,
            other: 0,
            vertex: 0
        })
    );
    let forward = Certificate {
        blossoms: vec![
            blossom(vec![0, 1, 2], 16, Some(1)),
            blossom(vec![3, 4], 24, None),
        ],
        ..old
    };
    assert_eq!(
        verify(&g, &m, &forward),
        Err(CertificateError::BadParent {
            blossom: 0,
            parent: 1
        })
    );
}

/// Best (pairs, weakest pair, total) over all matchings, by exhaustive recursion.
fn brute_bottleneck(n: usize, edges: &[(usize, usize, i64)]) -> (usize, Option<i64>, i64) {
    let mut w = vec![vec![None; n]; n];
    for &(a, b, x) in edges {
        let slot: &mut Option<i64> = &mut w[a.min(b)][a.max(b)];
        *slot = Some(slot.map_or(x, |y: i64| y.max(x)));
    }
    fn rec(
        v: usize,
        used: &mut Vec<bool>,
        w: &[Vec<Option<i64>>],
        cur: (usize, Option<i64>, i64),
        best: &mut (usize, Option<i64>, i64),
    ) {
        let n = used.len();
        if v == n {
            let key = |c: &(usize, Option<i64>, i64)| (c.0, c.1.unwrap_or(i64::MAX), c.2);
            if key(&cur) > key(best) {
                *best = cur;
            }
            return;
        }
        if used[v] {
            return rec(v + 1, used, w, cur, best);
        }
        rec(v + 1, used, w, cur, best);
        used[v] = true;
        for u in v + 1..n {
            if let (false, Some(x)) = (used[u], w[v][u]) {
                used[u] = true;
                let weakest = Some(cur.1.map_or(x, |y| y.min(x)));
                rec(v + 1, used, w, (cur.0 + 1, weakest, cur.2 + x), best);
                used[u] = false;
            }
        }
        used[v] = false;
    }
    let mut best = (0, None, 0);
    rec(0, &mut vec![false; n], &w, (0, None, 0), &mut best);
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The threshold search (warm-started unit-weight solves) against exhaustive search.
    #[test]
    fn bottleneck_on_ties_against_brute_force((n, edges) in small_tie_graph().prop_filter("n <= 8", |(n, _)| *n <= 8)) {
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        let b = peermatch::matching::bottleneck_matching(&g).unwrap();
        let (k, weakest, total) = brute_bottleneck(n, &edges);
        prop_assert_eq!(b.matching.len(), k);
        prop_assert_eq!(b.bottleneck, weakest);
        prop_assert_eq!(b.matching.weight(), total);
    }
}

#[test]
fn bottleneck_medium_wide_weights_against_brute_force_cardinality() {
    // Many distinct thresholds, so the warm start is exercised across many solves: the
    // cardinality must equal the plain maximum-cardinality solve, and no feasible
    // threshold above the reported bottleneck may keep all pairs.
    for seed in 0..8u64 {
        let n = 60 + 20 * seed as usize;
        let edges = random_sparse(n, 4, -50, 200, 4242 + seed);
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        let b = peermatch::matching::bottleneck_matching(&g).unwrap();
        let (full, _) = solve_checked(&g, Mode::MaxCardinality).unwrap();
        assert_eq!(b.matching.len(), full.len(), "seed {seed}");
        let t = b.bottleneck.unwrap();
        let above = WeightedGraph::new(n, edges.iter().copied().filter(|e| e.2 > t)).unwrap();
        let (m_above, _) = solve_checked(&above, Mode::MaxCardinality).unwrap();
        assert!(
            m_above.len() < full.len(),
            "seed {seed}: threshold above {t} keeps all pairs"
        );
    }
}

/// Best (pairs, weakest pair, total) over all b-matchings within `caps`, by exhaustive
/// search over edge subsets (the lexicographic order of `bottleneck_b_matching`).
fn brute_bottleneck_b(
    n: usize,
    edges: &[(usize, usize, i64)],
    caps: &[u32],
) -> (usize, Option<i64>, i64) {
    let key = |c: &(usize, Option<i64>, i64)| (c.0, c.1.unwrap_or(i64::MAX), c.2);
    let mut best = (0usize, None, 0i64);
    for mask in 0u32..(1 << edges.len()) {
        let mut load = vec![0u32; n];
        let mut cur = (0usize, None::<i64>, 0i64);
        let mut ok = true;
        for (i, &(u, v, x)) in edges.iter().enumerate() {
            if mask >> i & 1 == 1 {
                load[u] += 1;
                load[v] += 1;
                ok &= load[u] <= caps[u] && load[v] <= caps[v];
                cur = (cur.0 + 1, Some(cur.1.map_or(x, |y| y.min(x))), cur.2 + x);
            }
        }
        if ok && key(&cur) > key(&best) {
            best = cur;
        }
    }
    best
}

/// A small simple graph (n <= 6, at most 10 edges) with tie-heavy weights and capacities
/// 0..=3.
fn small_tie_b_graph() -> impl Strategy<Value = (usize, Edges, Vec<u32>)> {
    (2usize..=6, 0u8..3, -1i64..=4).prop_flat_map(|(n, regime, equal)| {
        let pair = (0..n, 0..n, 0i64..4);
        (
            prop::collection::vec(pair, 0..=10),
            prop::collection::vec(0u32..=3, n),
        )
            .prop_map(move |(raw, caps)| {
                let mut seen = std::collections::BTreeSet::new();
                let edges = raw
                    .into_iter()
                    .filter(|&(a, b, _)| a != b && seen.insert((a.min(b), a.max(b))))
                    .map(|(a, b, w)| (a, b, tie_weights(regime, w, equal)))
                    .collect();
                (n, edges, caps)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The b-matching threshold search (unit-weight solves on one gadget graph, each
    /// resumed from the previous matching) against exhaustive search on tie-heavy weights.
    #[test]
    fn bottleneck_b_on_ties_against_brute_force((n, edges, caps) in small_tie_b_graph()) {
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        let b = peermatch::matching::bottleneck_b_matching(&g, &caps).unwrap();
        let (k, weakest, total) = brute_bottleneck_b(n, &edges, &caps);
        prop_assert_eq!(b.b_matching.len(), k);
        prop_assert_eq!(b.bottleneck, weakest);
        prop_assert_eq!(b.b_matching.weight, total);
        prop_assert!(b.b_matching.certificate.is_ok());
    }
}

#[test]
fn bottleneck_b_medium_wide_weights_against_cold_solves() {
    // Many distinct thresholds and capacities 1..=3, so the warm-started gadget oracle runs
    // through many resumes: the cardinality must equal a cold maximum-cardinality
    // b-matching, and the threshold just above the bottleneck must lose a pair (checked
    // with a cold solve).
    for seed in 0..6u64 {
        let n = 40 + 10 * seed as usize;
        let edges = random_sparse(n, 3, -20, 60, 777 + seed);
        let caps: Vec<u32> = (0..n)
            .map(|v| 1 + (v as u32 * 7 + seed as u32) % 3)
            .collect();
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        let b = peermatch::matching::bottleneck_b_matching(&g, &caps).unwrap();
        let full = max_weight_b_matching(&g, &caps, Mode::MaxCardinality).unwrap();
        assert_eq!(b.b_matching.len(), full.len(), "seed {seed}");
        assert!(b.b_matching.certificate.is_ok(), "seed {seed}");
        let t = b.bottleneck.unwrap();
        let above = WeightedGraph::new(n, edges.iter().copied().filter(|e| e.2 > t)).unwrap();
        let cold = max_weight_b_matching(&above, &caps, Mode::MaxCardinality).unwrap();
        assert!(
            cold.len() < full.len(),
            "seed {seed}: above {t} keeps all pairs"
        );
    }
}
