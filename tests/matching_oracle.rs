//! The maximum-weight matching solver against oracles, and the certificate checker against
//! corrupted certificates.
//!
//! * exhaustive search on every small graph proptest generates (n <= 10);
//! * the classic blossom cases of the literature, solved by exhaustive search here;
//! * random graphs up to n = 300 against the `mwmatching` and `integer-blossom` crates;
//! * input edge cases and errors;
//! * `verify` rejecting perturbed certificates and non-optimal matchings.
//!
//! Every solution is also checked with `verify`.

mod common;

use common::*;
use peermatch::matching::{
    max_weight_matching, max_weight_matching_with_certificate, verify, BlossomDual, Certificate,
    CertificateError, Matching, MatchingError, Mode, WeightedGraph, MAX_WEIGHT,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// (a) Small random graphs against exhaustive search.
// ---------------------------------------------------------------------------------------------

/// A small graph: n <= 10, a random multiset of pairs (so parallel edges occur), weights from
/// one of several regimes (small with ties and negatives, wide, huge, all equal).
fn small_graph() -> impl Strategy<Value = (usize, Edges)> {
    (0usize..=10)
        .prop_flat_map(|n| {
            let max_edges = if n < 2 { 0 } else { n * (n - 1) / 2 + 4 };
            let weight = prop_oneof![
                4 => -3i64..=6,
                3 => -1000i64..=1000,
                1 => prop_oneof![Just(MAX_WEIGHT), Just(-MAX_WEIGHT), Just(MAX_WEIGHT - 1), Just(1 << 40)],
            ];
            let pair = (0..n.max(1), 0..n.max(1), weight);
            (
                Just(n),
                prop::collection::vec(pair, 0..=max_edges),
                prop::option::weighted(0.15, -2i64..=7),
            )
        })
        .prop_map(|(n, raw, all_equal)| {
            let edges = raw
                .into_iter()
                .filter(|&(a, b, _)| a != b)
                .map(|(a, b, w)| (a, b, all_equal.unwrap_or(w)))
                .collect();
            (n, edges)
        })
}

fn check_against_brute_force(n: usize, edges: &Edges) {
    let g = WeightedGraph::new(n, edges.iter().copied()).expect("valid small graph");
    for mode in MODES {
        let opt = brute_force(n, edges, mode, 1);
        match solve_checked(&g, mode) {
            Ok((m, _)) => {
                assert_eq!(
                    m.weight() as i128,
                    opt.weight,
                    "{mode:?} weight, n={n} edges={edges:?}"
                );
                if mode == Mode::MaxCardinality {
                    assert_eq!(
                        m.len(),
                        opt.cardinality,
                        "cardinality, n={n} edges={edges:?}"
                    );
                }
            }
            Err(MatchingError::CardinalityShiftOverflow { .. }) => {
                assert!(
                    mode == Mode::MaxCardinality && maxcard_overflows(&g),
                    "unexpected shift overflow, n={n} edges={edges:?}"
                );
            }
            Err(e) => panic!("{mode:?} failed: {e}, n={n} edges={edges:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn small_graphs_match_brute_force((n, edges) in small_graph()) {
        check_against_brute_force(n, &edges);
    }
}

/// Dense small graphs with tiny weight ranges: the most ties and the most blossoms.
#[test]
fn small_dense_graphs_with_ties() {
    for seed in 0..150u64 {
        let n = 5 + (seed % 6) as usize; // 5..=10
        let edges = random_graph(n, 0.7, -1, 3, seed);
        check_against_brute_force(n, &edges);
    }
}

// ---------------------------------------------------------------------------------------------
// (b) Named cases from the literature, with the answer found by exhaustive search.
// ---------------------------------------------------------------------------------------------

/// Solves a named case in both modes, under the identity and several vertex relabellings
/// (blossom code paths depend on vertex order), and checks the solver's matching is one of
/// the optimal matchings found by exhaustive search. Returns the unique max-weight optimum
/// when there is one, so the case can also state it.
fn check_named(name: &str, n: usize, edges: &[(usize, usize, i64)]) -> Option<Vec<(usize, usize)>> {
    let mut unique = None;
    for relabel in 0..6u64 {
        let perm = if relabel == 0 {
            (0..n).collect()
        } else {
            random_permutation(n, relabel)
        };
        let mut es = permute(edges, &perm);
        if relabel % 2 == 1 {
            es.reverse();
        }
        let g = WeightedGraph::new(n, es.iter().copied()).unwrap();
        for mode in MODES {
            let opt = brute_force(n, &es, mode, 10_000);
            let (m, _) = solve_checked(&g, mode).unwrap();
            let got: Vec<(usize, usize)> = m.pairs().collect();
            // In max-weight mode the solver never uses weight <= 0 edges; drop them from the
            // exhaustive optima so that optima differing only by such edges compare equal.
            let candidates: Vec<Vec<(usize, usize)>> = match mode {
                Mode::MaxWeight => opt
                    .matchings
                    .iter()
                    .map(|p| {
                        p.iter()
                            .copied()
                            .filter(|&(a, b)| g.weight(a, b).unwrap() > 0)
                            .collect()
                    })
                    .collect(),
                Mode::MaxCardinality => opt.matchings.clone(),
            };
            assert!(
                candidates.contains(&got),
                "{name} ({mode:?}, relabelling {relabel}): solver gave {got:?} (weight {}), \
                 optimum weight {} e.g. {:?}",
                m.weight(),
                opt.weight,
                candidates.first()
            );
            if relabel == 0 && mode == Mode::MaxWeight {
                let mut distinct = candidates.clone();
                distinct.sort();
                distinct.dedup();
                if distinct.len() == 1 {
                    unique = Some(got);
                }
            }
        }
    }
    unique
}

#[test]
fn trivial_graphs() {
    assert_eq!(check_named("empty", 0, &[]), Some(vec![]));
    assert_eq!(check_named("one vertex", 1, &[]), Some(vec![]));
    assert_eq!(check_named("isolated vertices", 4, &[]), Some(vec![]));
    assert_eq!(
        check_named("single edge", 2, &[(0, 1, 1)]),
        Some(vec![(0, 1)])
    );
    assert_eq!(check_named("zero edge", 2, &[(0, 1, 0)]), Some(vec![]));
    assert_eq!(check_named("negative edge", 3, &[(0, 2, -4)]), Some(vec![]));
}

/// Paths: the heavy middle edge wins, then two outer edges beat it (van Rantwijk's
/// tests 12–14 use the same idea).
#[test]
fn paths() {
    assert_eq!(
        check_named("heavy second edge", 3, &[(0, 1, 9), (1, 2, 12)]),
        Some(vec![(1, 2)])
    );
    assert_eq!(
        check_named(
            "outer pair beats middle",
            4,
            &[(0, 1, 6), (1, 2, 11), (2, 3, 6)]
        ),
        Some(vec![(0, 1), (2, 3)])
    );
    assert_eq!(
        check_named(
            "middle beats outer pair",
            4,
            &[(0, 1, 5), (1, 2, 11), (2, 3, 5)]
        ),
        Some(vec![(1, 2)])
    );
}

/// Negative weights: never used in max-weight mode, used for cardinality in the other mode
/// (van Rantwijk's test 16 idea).
#[test]
fn negative_weights() {
    let edges = [(0, 1, 3), (0, 2, -3), (1, 2, 2), (1, 3, -1), (2, 3, -8)];
    assert_eq!(check_named("negative", 4, &edges), Some(vec![(0, 1)]));
    let g = WeightedGraph::new(4, edges).unwrap();
    let opt = brute_force(4, &edges, Mode::MaxCardinality, 10);
    assert_eq!((opt.cardinality, opt.count), (2, 1));
    let m = max_weight_matching(&g, Mode::MaxCardinality).unwrap();
    assert_eq!(m.pairs().collect::<Vec<_>>(), opt.matchings[0]);
    assert_eq!(m.weight(), -4);
}

/// An S-blossom is formed (triangle 0-1-2), then an augmenting path runs through it.
/// (Idea: van Rantwijk's test20 "create S-blossom and use it for augmentation".)
#[test]
fn s_blossom() {
    let tri = [(0, 1, 6), (0, 2, 7), (1, 2, 9), (2, 3, 5)];
    assert_eq!(
        check_named("s-blossom", 4, &tri),
        Some(vec![(0, 1), (2, 3)])
    );
    let mut more = tri.to_vec();
    more.extend([(0, 5, 4), (3, 4, 5)]);
    assert_eq!(
        check_named("s-blossom augment", 6, &more),
        Some(vec![(0, 5), (1, 2), (3, 4)])
    );
}

/// A blossom becomes a T-blossom and is relabelled / expanded. (Idea: van Rantwijk's test21
/// "create S-blossom, relabel as T-blossom, use for augmentation", three variants.)
#[test]
fn t_blossom() {
    let base = [(0, 1, 8), (0, 2, 7), (1, 2, 10), (0, 3, 5), (3, 4, 4)];
    for (k, extra) in [
        [(3, 4, 4), (0, 5, 3)],
        [(3, 4, 3), (0, 5, 4)],
        [(3, 4, 3), (2, 5, 4)],
    ]
    .iter()
    .enumerate()
    {
        let mut edges: Vec<_> = base[..4].to_vec();
        edges.extend(extra.iter().copied());
        check_named(&format!("t-blossom variant {k}"), 6, &edges);
    }
}

/// Nested S-blossoms: a triangle inside a 5-cycle, used for augmentation. (Idea: test22.)
#[test]
fn nested_s_blossom() {
    let edges = [
        (0, 1, 8),
        (0, 2, 8),
        (1, 2, 9),
        (1, 3, 7),
        (2, 4, 7),
        (3, 4, 9),
        (4, 5, 5),
    ];
    check_named("nested s-blossom", 6, &edges);
}

/// Nested S-blossom, then relabelled as T. (Idea: test23.)
#[test]
fn nested_s_blossom_relabel() {
    let edges = [
        (0, 1, 9),
        (0, 6, 9),
        (1, 2, 11),
        (2, 3, 18),
        (2, 4, 18),
        (3, 4, 23),
        (4, 5, 9),
        (5, 6, 9),
        (6, 7, 7),
    ];
    check_named("nested s-blossom relabel", 8, &edges);
}

/// Nested S-blossom, then expanded. (Idea: test24.)
#[test]
fn nested_s_blossom_expand() {
    let edges = [
        (0, 1, 7),
        (0, 2, 7),
        (1, 2, 9),
        (1, 3, 11),
        (2, 4, 11),
        (3, 4, 13),
        (3, 5, 11),
        (4, 6, 11),
        (5, 6, 13),
        (6, 7, 11),
    ];
    check_named("nested s-blossom expand", 8, &edges);
}

/// S-blossom, relabel as T, expand (its dual reaches zero). (Idea: test25.)
#[test]
fn s_blossom_relabel_expand() {
    let edges = [
        (0, 1, 21),
        (0, 4, 20),
        (0, 5, 14),
        (1, 2, 23),
        (2, 3, 20),
        (3, 4, 23),
        (3, 7, 13),
        (4, 6, 12),
    ];
    check_named("s-blossom relabel expand", 8, &edges);
}

/// Nested S-blossom, relabel as T, expand. (Idea: test26.)
#[test]
fn nested_s_blossom_relabel_expand() {
    let edges = [
        (0, 1, 17),
        (0, 2, 18),
        (0, 7, 7),
        (1, 2, 23),
        (1, 3, 16),
        (2, 4, 16),
        (3, 4, 12),
        (3, 6, 6),
        (4, 5, 6),
    ];
    check_named("nested s-blossom relabel expand", 8, &edges);
}

/// The "nasty" T-blossom expansions: a 5-cycle blossom becomes T, and after expansion the
/// remaining sub-blossoms must be relabelled correctly, including least-slack edge
/// bookkeeping. (Ideas: tests 30, 31, 32.)
#[test]
fn nasty_t_blossom_expand() {
    let ring = [
        (0, 1, 40),
        (0, 4, 40),
        (1, 2, 46),
        (2, 3, 40),
        (3, 4, 46),
        (0, 5, 27),
        (8, 9, 4),
    ];
    for (k, tail) in [
        [(2, 8, 31), (3, 7, 31), (4, 6, 23)],
        [(2, 8, 31), (3, 7, 31), (4, 6, 24)],
        [(2, 8, 31), (3, 7, 26), (4, 6, 28)],
    ]
    .iter()
    .enumerate()
    {
        let mut edges = ring.to_vec();
        edges.extend(tail.iter().copied());
        check_named(&format!("nasty t-expand {k}"), 10, &edges);
    }
}

/// Nested blossom inside a T-blossom that is expanded. (Idea: test33.)
#[test]
fn nested_nasty_t_blossom_expand() {
    let edges = [
        (0, 1, 40),
        (0, 6, 40),
        (1, 2, 46),
        (2, 3, 40),
        (3, 4, 86),
        (3, 5, 85),
        (4, 5, 85),
        (5, 6, 46),
        (0, 7, 27),
        (2, 10, 31),
        (4, 8, 33),
        (6, 9, 23),
        (10, 11, 4),
    ];
    check_named("nested nasty t-expand", 12, &edges);
}

/// Nested blossoms relabelled and expanded. (Idea: test34.)
#[test]
fn nested_relabel_expand() {
    let edges = [
        (0, 1, 36),
        (0, 2, 36),
        (1, 2, 55),
        (1, 3, 50),
        (2, 4, 50),
        (3, 4, 45),
        (0, 7, 13),
        (4, 6, 27),
        (6, 5, 9),
        (7, 9, 9),
        (3, 8, 27),
    ];
    check_named("nested relabel expand", 10, &edges);
}

/// Odd cycles, two triangles joined by an edge, the Petersen graph, K_n with equal weights,
/// and a disconnected union: the shapes of the textbook blossom examples.
#[test]
fn textbook_shapes() {
    for len in [3usize, 5, 7, 9, 11] {
        let cycle: Edges = (0..len)
            .map(|i| (i, (i + 1) % len, 1 + (i % 2) as i64))
            .collect();
        check_named(&format!("C{len}"), len, &cycle);
    }
    let bowtie = [
        (0, 1, 5),
        (1, 2, 5),
        (0, 2, 5),
        (2, 3, 1),
        (3, 4, 5),
        (4, 5, 5),
        (3, 5, 5),
    ];
    assert_eq!(
        check_named("two triangles", 6, &bowtie),
        Some(vec![(0, 1), (2, 3), (4, 5)])
    );
    let mut petersen: Edges = Vec::new();
    for i in 0..5 {
        petersen.push((i, (i + 1) % 5, 3));
        petersen.push((i, i + 5, 3));
        petersen.push((5 + i, 5 + (i + 2) % 5, 3));
    }
    check_named("Petersen", 10, &petersen);
    for n in [5usize, 6, 7] {
        let k: Edges = (0..n)
            .flat_map(|u| (u + 1..n).map(move |v| (u, v, 4)))
            .collect();
        check_named(&format!("K{n} equal"), n, &k);
    }
    // Disconnected: a triangle, an isolated vertex, a 5-cycle with a chord.
    let parts = [
        (0, 1, 4),
        (1, 2, 4),
        (0, 2, 5),
        (4, 5, 3),
        (5, 6, 3),
        (6, 7, 3),
        (7, 8, 3),
        (4, 8, 3),
        (4, 6, 2),
    ];
    check_named("disconnected", 9, &parts);
}

// ---------------------------------------------------------------------------------------------
// (c) Larger random graphs against the peer crates.
// ---------------------------------------------------------------------------------------------

/// In a debug build the peers and the solver are ~20x slower: test smaller graphs.
fn size(n: usize) -> usize {
    if cfg!(debug_assertions) {
        (n / 4).max(10)
    } else {
        n
    }
}

#[test]
fn random_graphs_against_mwmatching() {
    let mut cases: Vec<(String, usize, Edges)> = Vec::new();
    for seed in 0..4u64 {
        let n = size([60, 150, 300, 301][seed as usize]);
        cases.push((
            format!("sparse n={n} seed={seed}"),
            n,
            random_sparse(n, 6, 1, 1000, seed),
        ));
        cases.push((
            format!("sparse negative n={n} seed={seed}"),
            n,
            random_sparse(n, 4, -50, 50, 100 + seed),
        ));
        cases.push((
            format!("ties n={n} seed={seed}"),
            n,
            random_sparse(n, 8, 1, 3, 200 + seed),
        ));
    }
    for (seed, n) in [(300u64, 40usize), (301, 120), (302, 200)] {
        let n = size(n);
        cases.push((
            format!("dense n={n} seed={seed}"),
            n,
            random_graph(n, 0.8, 1, 1000, seed),
        ));
    }
    for (name, n, edges) in cases {
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        for mode in MODES {
            let (m, _) = solve_checked(&g, mode).unwrap();
            let peer = mwmatching_mate(n, &edges, mode == Mode::MaxCardinality);
            let (pw, pc) = score_mate(n, &edges, &peer);
            assert_eq!(
                m.weight() as i128,
                pw,
                "{name} {mode:?}: weight vs mwmatching"
            );
            if mode == Mode::MaxCardinality {
                assert_eq!(m.len(), pc, "{name}: cardinality vs mwmatching");
            }
        }
    }
}

#[test]
fn random_graphs_against_integer_blossom() {
    for seed in 0..6u64 {
        let n = size([50, 101, 200, 300, 300, 257][seed as usize]);
        let edges = if seed % 2 == 0 {
            random_graph(n, 1.0, 1, 1000, 400 + seed)
        } else {
            random_graph(n, 0.3, -200, 1000, 400 + seed)
        };
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        let (m, _) = solve_checked(&g, Mode::MaxWeight).unwrap();
        let (pw, _) = score_mate(n, &edges, &integer_blossom_mate(n, &edges));
        assert_eq!(
            m.weight() as i128,
            pw,
            "n={n} seed={seed}: weight vs integer-blossom"
        );
    }
}

/// The bundled sample graph of the quick start.
#[test]
fn sample_graph_against_peers() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/sample_graph.txt"
    ))
    .unwrap();
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let head: Vec<usize> = lines
        .next()
        .unwrap()
        .split_whitespace()
        .map(|t| t.parse().unwrap())
        .collect();
    let edges: Edges = lines
        .map(|l| {
            let t: Vec<i64> = l.split_whitespace().map(|t| t.parse().unwrap()).collect();
            (t[0] as usize, t[1] as usize, t[2])
        })
        .collect();
    assert_eq!(edges.len(), head[1]);
    let n = head[0];
    let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
    for mode in MODES {
        let (m, cert) = solve_checked(&g, mode).unwrap();
        let (pw, pc) = score_mate(
            n,
            &edges,
            &mwmatching_mate(n, &edges, mode == Mode::MaxCardinality),
        );
        assert_eq!(m.weight() as i128, pw, "{mode:?}");
        if mode == Mode::MaxCardinality {
            assert_eq!(m.len(), pc);
        }
        if mode == Mode::MaxWeight {
            // The sample is meant to exercise blossoms: its certificate needs some.
            assert!(
                cert.blossoms.iter().any(|b| b.dual > 0),
                "no blossom in the sample's certificate"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Input handling and errors.
// ---------------------------------------------------------------------------------------------

#[test]
fn parallel_edges_keep_the_heaviest() {
    let g = WeightedGraph::new(3, [(0, 1, 2), (1, 0, 9), (0, 1, 4), (1, 2, 8)]).unwrap();
    assert_eq!(g.edge_count(), 2);
    let (m, _) = solve_checked(&g, Mode::MaxWeight).unwrap();
    assert_eq!((m.weight(), m.mate(0)), (9, Some(1)));
}

#[test]
fn invalid_edges_name_the_edge() {
    assert_eq!(
        WeightedGraph::new(3, [(0, 1, 1), (2, 2, 1)]),
        Err(MatchingError::SelfLoop { edge: 1, vertex: 2 })
    );
    assert_eq!(
        WeightedGraph::new(3, [(0, 1, 1), (1, 2, 1), (3, 0, 1)]),
        Err(MatchingError::VertexOutOfRange {
            edge: 2,
            vertex: 3,
            n: 3
        })
    );
    assert_eq!(
        WeightedGraph::new(3, [(0, 1, MAX_WEIGHT + 1)]),
        Err(MatchingError::WeightOutOfRange {
            edge: 0,
            weight: MAX_WEIGHT + 1,
            max: MAX_WEIGHT
        })
    );
    assert!(WeightedGraph::new(3, [(0, 1, -MAX_WEIGHT), (1, 2, MAX_WEIGHT)]).is_ok());
    assert!(matches!(
        WeightedGraph::new(64, [(0, 1, MAX_WEIGHT)]),
        Err(MatchingError::TotalOverflow { n: 64, .. })
    ));
}

/// Extreme weights: max-weight mode always works; max-cardinality mode refuses exactly when
/// the documented shift bound overflows.
#[test]
fn extreme_weights() {
    let edges = [
        (0, 1, MAX_WEIGHT),
        (1, 2, -MAX_WEIGHT),
        (2, 3, MAX_WEIGHT),
        (3, 0, MAX_WEIGHT - 1),
    ];
    let g = WeightedGraph::new(4, edges).unwrap();
    let (m, _) = solve_checked(&g, Mode::MaxWeight).unwrap();
    assert_eq!(m.weight(), 2 * MAX_WEIGHT);
    assert!(maxcard_overflows(&g));
    assert!(matches!(
        max_weight_matching(&g, Mode::MaxCardinality),
        Err(MatchingError::CardinalityShiftOverflow { .. })
    ));
    // Large but safe for the shift.
    let big = 1i64 << 50;
    let edges = [(0, 1, big), (1, 2, -big), (2, 3, big - 3), (0, 2, 7)];
    let g = WeightedGraph::new(4, edges).unwrap();
    assert!(!maxcard_overflows(&g));
    let (m, _) = solve_checked(&g, Mode::MaxCardinality).unwrap();
    assert_eq!(
        m.weight() as i128,
        brute_force(4, &edges, Mode::MaxCardinality, 1).weight
    );
}

#[test]
fn from_petgraph_matches_edge_list() {
    let pg = petgraph::graph::UnGraph::<(), i64>::from_edges([
        (0, 1, 3),
        (1, 2, 5),
        (2, 0, 4),
        (2, 3, 2),
    ]);
    let g = WeightedGraph::from_petgraph(&pg, |e| *e.weight()).unwrap();
    let (m, _) = solve_checked(&g, Mode::MaxWeight).unwrap();
    assert_eq!(
        m.weight() as i128,
        brute_force(
            4,
            &[(0, 1, 3), (1, 2, 5), (2, 0, 4), (2, 3, 2)],
            Mode::MaxWeight,
            1
        )
        .weight
    );
}

// ---------------------------------------------------------------------------------------------
// verify rejects what it must.
// ---------------------------------------------------------------------------------------------

/// Triangle {0,1,2} (weight 10) nested in the odd set {0..4} closed by 2-3, 3-4, 4-0 (6):
/// a hand-made optimal certificate with two nested blossoms and zero vertex duals.
fn nested_case() -> (WeightedGraph, Matching, Certificate) {
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
    let cert = Certificate {
        mode: Mode::MaxWeight,
        scale: 4,
        shift: 0,
        vertex_duals: vec![0; 5],
        blossoms: vec![
            BlossomDual {
                vertices: vec![0, 1, 2, 3, 4],
                dual: 24,
                parent: None,
            },
            BlossomDual {
                vertices: vec![0, 1, 2],
                dual: 16,
                parent: None,
            },
        ],
    };
    (g, m, cert)
}

#[test]
fn hand_made_certificates() {
    let (g, m, cert) = nested_case();
    assert_eq!(verify(&g, &m, &cert), Ok(()));
    assert_eq!(
        m.weight() as i128,
        brute_force(
            5,
            &[
                (0, 1, 10),
                (1, 2, 10),
                (0, 2, 10),
                (2, 3, 6),
                (3, 4, 6),
                (0, 4, 6)
            ],
            Mode::MaxWeight,
            1
        )
        .weight
    );
    // The same optimum in max-cardinality mode (K = 2, shift >= (2-1)*(10-6) - 6 + 1 = -1).
    let mc = Certificate {
        mode: Mode::MaxCardinality,
        shift: -1,
        scale: 1,
        vertex_duals: vec![0; 5],
        blossoms: vec![
            BlossomDual {
                vertices: vec![0, 1, 2, 3, 4],
                dual: 5,
                parent: None,
            },
            BlossomDual {
                vertices: vec![0, 1, 2],
                dual: 4,
                parent: None,
            },
        ],
    };
    assert_eq!(verify(&g, &m, &mc), Ok(()));
    assert_eq!(
        verify(
            &g,
            &m,
            &Certificate {
                shift: -2,
                ..mc.clone()
            }
        ),
        Err(CertificateError::ShiftTooSmall {
            needed: -1,
            got: -2
        })
    );
    // Without edges the shift must be at least 0.
    let empty = WeightedGraph::new(3, []).unwrap();
    let none = Matching::from_pairs(&empty, []).unwrap();
    let c0 = Certificate {
        mode: Mode::MaxCardinality,
        scale: 1,
        shift: 0,
        vertex_duals: vec![0; 3],
        blossoms: vec![],
    };
    assert_eq!(verify(&empty, &none, &c0), Ok(()));
    assert!(matches!(
        verify(&empty, &none, &Certificate { shift: -1, ..c0 }),
        Err(CertificateError::ShiftTooSmall { .. })
    ));
}

#[test]
fn verify_rejects_corrupted_hand_made_certificates() {
    use CertificateError as E;
    let (g, m, cert) = nested_case();
    let with = |f: &dyn Fn(&mut Certificate)| {
        let mut c = cert.clone();
        f(&mut c);
        verify(&g, &m, &c)
    };
    assert_eq!(
        with(&|c| c.blossoms[1].dual = 15),
        Err(E::EdgeViolated {
            u: 0,
            v: 1,
            weight: 10,
            slack: -1
        })
    );
    assert_eq!(
        with(&|c| c.blossoms[1].dual = 17),
        Err(E::MatchedEdgeNotTight {
            u: 0,
            v: 1,
            weight: 10,
            slack: 1
        })
    );
    assert_eq!(
        with(&|c| {
            c.blossoms.remove(1);
        }),
        Err(E::EdgeViolated {
            u: 0,
            v: 1,
            weight: 10,
            slack: -16
        })
    );
    assert_eq!(
        with(&|c| c.vertex_duals[4] = 1),
        Err(E::UnmatchedVertexPositiveDual { vertex: 4, dual: 1 })
    );
    assert_eq!(
        with(&|c| c.vertex_duals[3] = -1),
        Err(E::NegativeVertexDual {
            vertex: 3,
            dual: -1
        })
    );
    assert_eq!(
        with(&|c| c.blossoms[0].dual = -1),
        Err(E::NegativeBlossomDual {
            blossom: 0,
            dual: -1
        })
    );
    assert_eq!(
        with(&|c| {
            c.vertex_duals.pop();
        }),
        Err(E::LengthMismatch {
            what: "the number of vertex duals".into(),
            expected: 5,
            got: 4
        })
    );
    assert_eq!(with(&|c| c.scale = 0), Err(E::BadScale { scale: 0 }));
    assert_eq!(with(&|c| c.shift = 1), Err(E::ShiftNotZero { shift: 1 }));
    assert_eq!(
        with(&|c| c.blossoms[1].vertices = vec![0, 1]),
        Err(E::BlossomBadSize {
            blossom: 1,
            size: 2
        })
    );
    assert_eq!(
        with(&|c| c.blossoms[1].vertices = vec![0, 1, 1]),
        Err(E::BlossomDuplicateVertex {
            blossom: 1,
            vertex: 1
        })
    );
    assert_eq!(
        with(&|c| c.blossoms[1].vertices = vec![0, 1, 5]),
        Err(E::BlossomVertexOutOfRange {
            blossom: 1,
            vertex: 5,
            n: 5
        })
    );
    // {2,3,4} (index 0) and {0,1,2} (index 1) cross at vertex 2.
    assert_eq!(
        with(&|c| c.blossoms[0].vertices = vec![2, 3, 4]),
        Err(E::NotLaminar {
            blossom: 1,
            other: 0,
            vertex: 2
        })
    );
    // A zero-dual blossom may cross others: it adds nothing.
    assert_eq!(
        with(&|c| c.blossoms.push(BlossomDual {
            vertices: vec![2, 3, 4],
            dual: 0,
            parent: None,
        })),
        Ok(())
    );
    // Absurd scale: overflow is an error, not a wrap-around.
    assert!(matches!(
        with(&|c| {
            c.scale = i64::MAX;
            c.blossoms[0].dual = i64::MAX;
        }),
        Err(E::EdgeViolated { .. } | E::MatchedEdgeNotTight { .. } | E::Overflow { .. })
    ));
}

#[test]
fn verify_rejects_bad_matchings() {
    use CertificateError as E;
    let (g, _, cert) = nested_case();
    // Optimal certificate with a worse matching: the triangle has no matched edge inside.
    let worse = Matching::from_pairs(&g, [(2, 3), (0, 4)]).unwrap();
    assert_eq!(
        verify(&g, &worse, &cert),
        Err(E::BlossomNotFull {
            blossom: 1,
            size: 3,
            dual: 16,
            matched_inside: 0,
            needed: 1
        })
    );
    let smaller = Matching::from_pairs(&g, [(0, 1)]).unwrap();
    assert_eq!(
        verify(&g, &smaller, &cert),
        Err(E::BlossomNotFull {
            blossom: 0,
            size: 5,
            dual: 24,
            matched_inside: 1,
            needed: 2
        })
    );
    // A matching of another graph.
    let other = WeightedGraph::new(5, [(0, 1, 10), (1, 3, 6)]).unwrap();
    let foreign = Matching::from_pairs(&other, [(3, 1)]).unwrap();
    assert_eq!(
        verify(&g, &foreign, &cert),
        Err(E::MatchingNotInGraph { u: 1, v: 3 })
    );
    let six = WeightedGraph::new(6, [(0, 1, 10)]).unwrap();
    let m6 = Matching::from_pairs(&six, [(0, 1)]).unwrap();
    assert!(matches!(
        verify(&g, &m6, &cert),
        Err(E::LengthMismatch {
            expected: 5,
            got: 6,
            ..
        })
    ));
    // Malformed matchings: deserialisation validates them (`#[serde(try_from)]`), so an
    // asymmetric, self-matched or miscounted `mate` never reaches `verify`.
    let parse = |json: &str| serde_json::from_str::<Matching>(json);
    let max = u32::MAX;
    for bad in [
        format!(r#"{{"mate":[1,2,1,{max},{max}],"len":1,"weight":10}}"#),
        format!(r#"{{"mate":[0,{max},{max},{max},{max}],"len":0,"weight":0}}"#),
        format!(r#"{{"mate":[1,0,3,2,{max}],"len":1,"weight":16}}"#),
    ] {
        assert!(parse(&bad).is_err(), "accepted {bad}");
    }
    // A weight claim needs the graph: `verify` catches it.
    let wrong_w = parse(&format!(
        r#"{{"mate":[1,0,3,2,{max}],"len":2,"weight":17}}"#
    ))
    .expect("a symmetric mate with the right count deserialises");
    assert_eq!(
        verify(&g, &wrong_w, &cert),
        Err(E::WeightMismatch {
            claimed: 17,
            actual: 16
        })
    );
}

/// Perturbs real certificates of random graphs in every way that must be caught.
#[test]
fn verify_rejects_corrupted_solver_certificates() {
    let mut checked = 0;
    for seed in 0..40u64 {
        let n = 6 + (seed % 20) as usize;
        let edges = random_graph(n, 0.5, -5, 20, 500 + seed);
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        for mode in MODES {
            let (m, cert) = solve_checked(&g, mode).unwrap();
            let bad = |c: &Certificate| verify(&g, &m, c).is_err();
            for v in 0..n {
                let mut c = cert.clone();
                c.vertex_duals[v] += 1;
                assert!(bad(&c), "y_{v} + 1 accepted (seed {seed}, {mode:?})");
                if cert.vertex_duals[v] > 0 {
                    c.vertex_duals[v] -= 2;
                    assert!(bad(&c), "y_{v} - 1 accepted (seed {seed}, {mode:?})");
                }
            }
            for (i, b) in cert.blossoms.iter().enumerate() {
                if b.dual == 0 {
                    continue;
                }
                checked += 1;
                let mut c = cert.clone();
                c.blossoms[i].dual += 1;
                assert!(bad(&c), "z_{i} + 1 accepted (seed {seed}, {mode:?})");
                c.blossoms[i].dual -= 2;
                assert!(bad(&c), "z_{i} - 1 accepted (seed {seed}, {mode:?})");
                let mut c = cert.clone();
                c.blossoms.remove(i);
                assert!(
                    bad(&c),
                    "dropping blossom {i} accepted (seed {seed}, {mode:?})"
                );
                // Make the blossom non-full: unmatch one matched edge inside it.
                let members = cert.blossom_vertices(i);
                let inside: Vec<(usize, usize)> = m
                    .pairs()
                    .filter(|&(a, x)| {
                        members.contains(&(a as u32)) && members.contains(&(x as u32))
                    })
                    .collect();
                let drop = inside[0];
                let fewer = Matching::from_pairs(&g, m.pairs().filter(|&p| p != drop)).unwrap();
                assert!(
                    verify(&g, &fewer, &cert).is_err(),
                    "non-full blossom {i} accepted (seed {seed})"
                );
            }
            // Any matching with one pair fewer, paired with the optimal certificate.
            for drop in m.pairs() {
                let fewer = Matching::from_pairs(&g, m.pairs().filter(|&p| p != drop)).unwrap();
                assert!(
                    verify(&g, &fewer, &cert).is_err(),
                    "smaller matching accepted (seed {seed}, {mode:?})"
                );
            }
            if mode == Mode::MaxCardinality && g.edge_count() > 0 {
                let ws: Vec<i128> = g.edges().iter().map(|e| e.weight as i128).collect();
                let (lo, hi) = (*ws.iter().min().unwrap(), *ws.iter().max().unwrap());
                let needed = ((n / 2) as i128 - 1) * (hi - lo) - lo + 1;
                let c = Certificate {
                    shift: (needed - 1) as i64,
                    ..cert.clone()
                };
                assert_eq!(
                    verify(&g, &m, &c),
                    Err(CertificateError::ShiftTooSmall {
                        needed,
                        got: (needed - 1) as i64
                    })
                );
            }
        }
    }
    assert!(
        checked > 10,
        "too few blossoms in the certificates to test: {checked}"
    );
}

/// The certificate and the plain solve agree.
#[test]
fn with_and_without_certificate_agree() {
    for seed in 0..10u64 {
        let edges = random_graph(30, 0.3, -10, 100, 700 + seed);
        let g = WeightedGraph::new(30, edges).unwrap();
        for mode in MODES {
            let a = max_weight_matching(&g, mode).unwrap();
            let (b, _) = max_weight_matching_with_certificate(&g, mode).unwrap();
            assert_eq!((a.weight(), a.len()), (b.weight(), b.len()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The oracles themselves.
// ---------------------------------------------------------------------------------------------

/// The exhaustive search, `mwmatching` and `integer-blossom` agree with each other, so a
/// disagreement with the solver points at the solver, not at the harness.
#[test]
fn oracles_agree() {
    for seed in 0..200u64 {
        let n = 2 + (seed % 9) as usize;
        let (lo, hi) = [(-3, 5), (1, 1), (-100, 100), (1, 1000)][(seed % 4) as usize];
        let edges = random_graph(n, 0.6, lo, hi, 900 + seed);
        if edges.is_empty() {
            continue;
        }
        for mode in MODES {
            let maxcard = mode == Mode::MaxCardinality;
            let opt = brute_force(n, &edges, mode, 1);
            let (w, c) = score_mate(n, &edges, &mwmatching_mate(n, &edges, maxcard));
            assert_eq!(
                w, opt.weight,
                "mwmatching vs brute force, {mode:?}, {edges:?}"
            );
            if maxcard {
                assert_eq!(c, opt.cardinality, "mwmatching cardinality, {edges:?}");
            } else {
                let (w, _) = score_mate(n, &edges, &integer_blossom_mate(n, &edges));
                assert_eq!(w, opt.weight, "integer-blossom vs brute force, {edges:?}");
            }
        }
    }
    let n = size(300);
    let edges = random_graph(n, 0.5, 1, 1000, 999);
    let a = score_mate(n, &edges, &mwmatching_mate(n, &edges, false)).0;
    let b = score_mate(n, &edges, &integer_blossom_mate(n, &edges)).0;
    assert_eq!(a, b, "mwmatching vs integer-blossom at n={n}");
}

/// Dense graphs whose heaviest edges all point into a small "popular" set, so the solver's
/// first pricing round (the few heaviest edges of every vertex) misses the edges the optimum
/// needs among the others: the violated edges must be priced in and the solve resumed.
/// Checked against both peer implementations, in both modes, with random tie-free noise.
#[test]
fn pricing_resume_on_misleading_dense_graphs() {
    for (seed, (n, popular)) in [(60usize, 13usize), (90, 20), (121, 30)]
        .into_iter()
        .enumerate()
    {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ seed as u64;
        let mut noise = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 50) as i64
        };
        let mut edges: Edges = Vec::new();
        for u in 0..n {
            for v in u + 1..n {
                let w = match (u < popular, v < popular) {
                    (true, true) => 1,                     // popular-popular: nearly worthless
                    (true, false) | (false, true) => 1000, // into the popular set: heaviest
                    (false, false) => 600,                 // the others among themselves
                };
                edges.push((u, v, w + noise()));
            }
        }
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        for mode in MODES {
            let (m, _) = solve_checked(&g, mode).unwrap();
            let (pw, pc) = score_mate(
                n,
                &edges,
                &mwmatching_mate(n, &edges, mode == Mode::MaxCardinality),
            );
            assert_eq!(
                m.weight() as i128,
                pw,
                "n={n} {mode:?}: weight vs mwmatching"
            );
            if mode == Mode::MaxCardinality {
                assert_eq!(m.len(), pc, "n={n}: cardinality vs mwmatching");
            } else {
                let (iw, _) = score_mate(n, &edges, &integer_blossom_mate(n, &edges));
                assert_eq!(m.weight() as i128, iw, "n={n}: weight vs integer-blossom");
            }
        }
    }
}
