//! The public API as an embedding program sees it: validated deserialisation, the crate
//! error, the petgraph front door, the shared bottleneck search with capacities, the
//! builders and the `Display` impls.

use peermatch::matching::reductions::bmatching::max_weight_b_matching;
use peermatch::matching::{
    bottleneck_b_matching, bottleneck_matching, max_weight_matching, max_weight_matching_graph,
    stable_roommates, verify, Matching, MatchingError, Mode, Preferences, WeightedGraph,
    MAX_WEIGHT,
};
use petgraph::stable_graph::StableUnGraph;
use proptest::prelude::*;
use serde_json::json;

fn from_json(v: serde_json::Value) -> Result<WeightedGraph, serde_json::Error> {
    serde_json::from_value(v)
}

// ---------------------------------------------------------------------------------------
// Deserialised graphs are validated exactly like constructed ones (issue 8 defect).

#[test]
fn deserialised_out_of_range_vertex_is_an_error_not_a_panic() {
    let err = from_json(json!({"n": 2, "edges": [{"u": 0, "v": 1, "weight": 1},
                                                  {"u": 1, "v": 7, "weight": 3}]}))
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("edge 1") && msg.contains("vertex 7"), "{msg}");
}

#[test]
fn deserialised_reversed_edge_is_an_error() {
    // Before: accepted, and `verify` itself panicked on it.
    let err = from_json(json!({"n": 3, "edges": [{"u": 2, "v": 0, "weight": 5}],
                              "max_abs_weight": 5}))
    .unwrap_err();
    assert!(err.to_string().contains("u < v"), "{err}");
}

#[test]
fn deserialised_huge_weight_is_an_error() {
    // Before: 2^62 was accepted and gave a wrong "optimum" in release builds.
    for w in [1i64 << 62, MAX_WEIGHT + 1, -(MAX_WEIGHT + 1), i64::MIN] {
        let err = from_json(json!({"n": 2, "edges": [{"u": 0, "v": 1, "weight": w}]})).unwrap_err();
        assert!(
            err.to_string().contains("outside the accepted range"),
            "{w}: {err}"
        );
    }
    // The total-overflow bound holds too.
    let n = 1usize << 10;
    let err =
        from_json(json!({"n": n, "edges": [{"u": 0, "v": 1, "weight": MAX_WEIGHT}]})).unwrap_err();
    assert!(err.to_string().contains("overflow"), "{err}");
}

#[test]
fn deserialised_self_loop_and_stale_max_are_errors() {
    assert!(from_json(json!({"n": 2, "edges": [{"u": 1, "v": 1, "weight": 1}]})).is_err());
    // A stored max_abs_weight that disagrees with the edges would feed the solver's
    // range checks a wrong bound.
    let err = from_json(json!({"n": 2, "edges": [{"u": 0, "v": 1, "weight": 9}],
                              "max_abs_weight": 1}))
    .unwrap_err();
    assert!(err.to_string().contains("max_abs_weight"), "{err}");
    // Unknown fields are rejected rather than ignored.
    assert!(from_json(json!({"n": 2, "edges": [], "extra": 1})).is_err());
}

#[test]
fn deserialised_parallel_edges_merge_like_new() {
    let g = from_json(json!({"n": 3, "edges": [{"u": 0, "v": 1, "weight": 2},
                                                {"u": 1, "v": 2, "weight": 4},
                                                {"u": 0, "v": 1, "weight": 7}]}))
    .unwrap();
    let h = WeightedGraph::new(3, [(0, 1, 2), (1, 2, 4), (0, 1, 7)]).unwrap();
    assert_eq!(g, h);
    assert_eq!(g.weight(0, 1), Some(7));
}

#[test]
fn deserialised_matching_is_checked() {
    let ok: Matching =
        serde_json::from_value(json!({"mate": [1, 0, 4294967295u32], "len": 1, "weight": 3}))
            .unwrap();
    assert_eq!((ok.mate(0), ok.mate(2), ok.len()), (Some(1), None, 1));
    // Not symmetric.
    let bad = serde_json::from_value::<Matching>(
        json!({"mate": [1, 2, 4294967295u32], "len": 1, "weight": 3}),
    );
    assert!(bad.unwrap_err().to_string().contains("vertex 0"));
    // Out of range and self-mate.
    assert!(
        serde_json::from_value::<Matching>(json!({"mate": [5], "len": 0, "weight": 0})).is_err()
    );
    assert!(
        serde_json::from_value::<Matching>(json!({"mate": [0], "len": 0, "weight": 0})).is_err()
    );
    // Wrong stored length.
    let bad = serde_json::from_value::<Matching>(json!({"mate": [1, 0], "len": 2, "weight": 3}));
    assert!(bad.unwrap_err().to_string().contains("len 2"));
}

fn edge_list() -> impl Strategy<Value = (usize, Vec<(u32, u32, i64)>)> {
    (0usize..7).prop_flat_map(|n| {
        let w = prop_oneof![
            -20i64..20,
            Just(MAX_WEIGHT),
            Just(MAX_WEIGHT + 1),
            Just(-(MAX_WEIGHT + 1)),
            Just(1i64 << 62)
        ];
        (Just(n), prop::collection::vec((0u32..8, 0u32..8, w), 0..10))
    })
}

proptest! {
    /// Oracle: `WeightedGraph::new` on the same triples (plus the stored-order rule).
    /// Deserialisation succeeds exactly when construction does, and gives the same graph;
    /// a valid graph survives a JSON round trip unchanged.
    #[test]
    fn deserialise_agrees_with_new((n, edges) in edge_list()) {
        let v = json!({
            "n": n,
            "edges": edges.iter().map(|&(u, v, w)| json!({"u": u, "v": v, "weight": w})).collect::<Vec<_>>(),
        });
        let got = from_json(v);
        let ordered = edges.iter().all(|&(u, v, _)| u <= v);
        let want = WeightedGraph::new(n, edges.iter().map(|&(u, v, w)| (u as usize, v as usize, w)));
        match (&got, &want) {
            (Ok(g), Ok(h)) => {
                prop_assert!(ordered);
                prop_assert_eq!(g, h);
                let back: WeightedGraph = serde_json::from_str(&serde_json::to_string(g).unwrap()).unwrap();
                prop_assert_eq!(&back, g);
            }
            (Err(_), Ok(_)) => prop_assert!(!ordered, "rejected a valid ordered graph"),
            (Ok(_), Err(e)) => prop_assert!(false, "accepted what new rejects: {e}"),
            (Err(_), Err(_)) => {}
        }
    }
}

// ---------------------------------------------------------------------------------------
// One bottleneck search, with and without capacities.

/// Best (cardinality, bottleneck, weight) over all edge subsets respecting `caps`,
/// compared lexicographically with bottleneck maximised: plain enumeration.
fn brute_bottleneck(
    n: usize,
    edges: &[(usize, usize, i64)],
    caps: &[u32],
) -> (usize, Option<i64>, i64) {
    let mut best: Option<(usize, Option<i64>, i64)> = None;
    for mask in 0u32..(1 << edges.len()) {
        let mut load = vec![0u32; n];
        let (mut k, mut w, mut low) = (0usize, 0i64, None::<i64>);
        let mut ok = true;
        for (i, &(u, v, x)) in edges.iter().enumerate() {
            if mask >> i & 1 == 1 {
                load[u] += 1;
                load[v] += 1;
                if load[u] > caps[u] || load[v] > caps[v] {
                    ok = false;
                    break;
                }
                k += 1;
                w += x;
                low = Some(low.map_or(x, |l: i64| l.min(x)));
            }
        }
        if !ok {
            continue;
        }
        let cand = (k, low, w);
        let better = match best {
            None => true,
            Some(b) => {
                (cand.0, cand.1.unwrap_or(i64::MAX), cand.2) > (b.0, b.1.unwrap_or(i64::MAX), b.2)
            }
        };
        if better {
            best = Some(cand);
        }
    }
    best.unwrap()
}

fn simple_graph() -> impl Strategy<Value = (usize, Vec<(usize, usize, i64)>, Vec<u32>)> {
    (2usize..6).prop_flat_map(|n| {
        let pairs: Vec<(usize, usize)> = (0..n)
            .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
            .collect();
        let m = pairs.len();
        (
            Just(n),
            prop::collection::vec(prop::option::of(-5i64..12), m).prop_map(move |ws| {
                pairs
                    .iter()
                    .zip(ws)
                    .filter_map(|(&(u, v), w)| w.map(|w| (u, v, w)))
                    .take(10)
                    .collect::<Vec<_>>()
            }),
            prop::collection::vec(0u32..3, n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn bottleneck_b_matching_matches_brute_force((n, edges, caps) in simple_graph()) {
        let g = WeightedGraph::new(n, edges.iter().copied()).unwrap();
        let got = bottleneck_b_matching(&g, &caps).unwrap();
        let (k, low, w) = brute_bottleneck(n, &edges, &caps);
        prop_assert_eq!(got.b_matching.pairs.len(), k);
        prop_assert_eq!(got.bottleneck, low);
        prop_assert_eq!(got.b_matching.weight, w);
        prop_assert!(got.b_matching.certificate.is_ok());
        // With unit capacities it agrees with the plain bottleneck matching.
        let ones = vec![1u32; n];
        let b = bottleneck_b_matching(&g, &ones).unwrap();
        let plain = bottleneck_matching(&g).unwrap();
        prop_assert_eq!(b.bottleneck, plain.bottleneck);
        prop_assert_eq!(b.b_matching.pairs.len(), plain.matching.len());
        prop_assert_eq!(b.b_matching.weight, plain.matching.weight());
        prop_assert_eq!((plain.matching.len(), plain.bottleneck, plain.matching.weight()),
                        brute_bottleneck(n, &edges, &ones));
    }
}

#[test]
fn wrong_capacity_length_is_named() {
    let g = WeightedGraph::new(3, [(0, 1, 1)]).unwrap();
    let want = MatchingError::CapacitiesLength {
        expected: 3,
        got: 2,
    };
    assert_eq!(
        max_weight_b_matching(&g, &[1, 1], Mode::MaxWeight),
        Err(want.clone())
    );
    assert_eq!(bottleneck_b_matching(&g, &[1, 1]), Err(want));
}

// ---------------------------------------------------------------------------------------
// The petgraph front door answers in node ids.

#[test]
fn petgraph_front_door_uses_node_ids() {
    // A StableGraph with a removed node: node indices are not 0..n contiguous.
    let mut g = StableUnGraph::<&str, i64>::default();
    let a = g.add_node("a");
    let gone = g.add_node("gone");
    let b = g.add_node("b");
    let c = g.add_node("c");
    let d = g.add_node("d");
    g.add_edge(a, b, 3);
    g.add_edge(b, c, 5);
    g.add_edge(c, d, 3);
    g.add_edge(a, gone, 100);
    g.remove_node(gone);
    let m = max_weight_matching_graph(&g, |e| *e.weight()).unwrap();
    assert_eq!(m.weight(), 6);
    assert_eq!(m.mate(a), Some(b));
    assert_eq!(m.mate(d), Some(c));
    assert!(m.contains_edge(c, d) && m.contains_edge(d, c) && !m.contains_edge(b, c));
    assert_eq!(m.edges().collect::<Vec<_>>(), vec![(a, b), (c, d)]);
    assert_eq!(m.unmatched().count(), 0);
    // Same optimum as the index path, and the certificate verifies.
    let wg = WeightedGraph::from_petgraph(&g, |e| *e.weight()).unwrap();
    assert_eq!(
        max_weight_matching(&wg, Mode::MaxWeight).unwrap().weight(),
        m.weight()
    );
    verify(m.weighted_graph(), m.matching(), m.certificate()).unwrap();
}

#[test]
fn petgraph_front_door_reports_bad_weights() {
    let mut g = petgraph::graph::UnGraph::<(), i64>::new_undirected();
    let (x, y) = (g.add_node(()), g.add_node(()));
    g.add_edge(x, y, i64::MAX);
    assert!(matches!(
        max_weight_matching_graph(&g, |e| *e.weight()),
        Err(MatchingError::WeightOutOfRange { edge: 0, .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Errors compose, `?` works, Display prints.

fn roommates_partner(
    lists: &[Vec<usize>],
    agent: usize,
) -> Result<Option<usize>, peermatch::Error> {
    let p = Preferences::new(lists)?;
    Ok(stable_roommates(&p).into_result()?.partner(agent))
}

#[test]
fn crate_error_composes_module_errors() {
    assert_eq!(roommates_partner(&[vec![1], vec![0]], 0).unwrap(), Some(1));
    // No stable matching: a typed error through `?`, with the rotation as its source.
    let e = roommates_partner(
        &[vec![1, 2, 3], vec![2, 0, 3], vec![0, 1, 3], vec![0, 1, 2]],
        0,
    )
    .unwrap_err();
    assert!(matches!(e, peermatch::Error::NoStableMatching(_)), "{e:?}");
    assert!(e.to_string().contains("no stable matching exists"));
    // Bad lists: the preferences error.
    let e = roommates_partner(&[vec![5]], 0).unwrap_err();
    assert!(matches!(e, peermatch::Error::Prefs(_)), "{e:?}");
    let dyn_err: &dyn std::error::Error = &e;
    assert!(dyn_err.to_string().contains("lists 5"));
}

#[test]
fn preferences_accept_any_list_shape() {
    let owned = vec![vec![1, 2], vec![0], vec![0]];
    let a = Preferences::new(&owned).unwrap();
    let b = Preferences::new(owned.iter().map(Vec::as_slice)).unwrap();
    let c = Preferences::new([&[1usize, 2][..], &[0], &[0]]).unwrap();
    let d = Preferences::new(owned.clone()).unwrap();
    assert_eq!(a.lists(), owned.as_slice());
    for p in [&b, &c, &d] {
        assert_eq!(p.lists(), a.lists());
    }
}

#[test]
fn matching_and_mode_display() {
    let g = WeightedGraph::new(5, [(0, 1, 3), (1, 2, 5), (2, 3, 3), (3, 4, -1)]).unwrap();
    let m = max_weight_matching(&g, Mode::MaxWeight).unwrap();
    assert_eq!(m.to_string(), "2 pairs, weight 6: (0, 1) (2, 3)");
    let one = Matching::from_pairs(&g, [(1, 2)]).unwrap();
    assert_eq!(one.to_string(), "1 pair, weight 5: (1, 2)");
    let none = Matching::from_pairs(&g, []).unwrap();
    assert_eq!(none.to_string(), "0 pairs, weight 0");
    assert_eq!(Mode::MaxWeight.to_string(), "max-weight");
    assert_eq!(Mode::MaxCardinality.to_string(), "max-cardinality");
}

#[test]
fn builders_set_fields_the_planner_reads() {
    use peermatch::prelude::*;
    let mon = |s, e| FreePeriod::new(Day::Mon, s, e);
    let t = |id: &str, school: &str| {
        Teacher::new(id, school)
            .with_subjects(["maths"])
            .with_year_levels([9])
            .with_free_periods([mon(600, 660)])
    };
    // Builders must change what the planner does, so each check is against the plan
    // without them: pin a partner `a` did not get, avoid the one it did.
    let schools = vec![School::new("S1", "Hill"), School::new("S2", "Vale")];
    let base = vec![t("a", "S1"), t("b", "S1"), t("c", "S2"), t("d", "S2")];
    let plain = Planner::new(
        Cohort::new(schools.clone(), base.clone()),
        Policy::default(),
    )
    .plan()
    .unwrap();
    let mate_of_a = |p: &Proposal| {
        p.pair_ids()
            .into_iter()
            .find(|(x, y)| x == "a" || y == "a")
            .map(|(x, y)| if x == "a" { y } else { x })
    };
    let was = mate_of_a(&plain).expect("a is paired in the plain plan");
    let other = ["b", "c", "d"].into_iter().find(|&x| x != was).unwrap();
    let idx = |id: &str| ["a", "b", "c", "d"].iter().position(|&x| x == id).unwrap();

    let mut pinned = base.clone();
    pinned[0] = pinned[0].clone().with_must_pair([other]).with_name("Ana");
    let p = Planner::new(Cohort::new(schools.clone(), pinned), Policy::default())
        .plan()
        .unwrap();
    assert_eq!(mate_of_a(&p).as_deref(), Some(other));
    assert!(p.pairs.iter().any(|q| q.pinned));

    let mut avoid = base.clone();
    avoid[0] = avoid[0].clone().with_avoid([was.clone()]);
    let p = Planner::new(Cohort::new(schools.clone(), avoid), Policy::default())
        .plan()
        .unwrap();
    assert_ne!(mate_of_a(&p), Some(was.clone()));

    // Capacity 0: groups only, never paired (a's plain partner drops out).
    let mut zero = base;
    zero[idx(&was)] = zero[idx(&was)]
        .clone()
        .with_capacity(0)
        .with_tags(["x"])
        .with_experience(4);
    let p = Planner::new(Cohort::new(schools.clone(), zero), Policy::default())
        .plan()
        .unwrap();
    assert!(p.pair_ids().iter().all(|(x, y)| x != &was && y != &was));
}
