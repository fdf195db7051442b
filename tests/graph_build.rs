//! The compatibility graph on the pilot cohort and generated cohorts.

use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::cohort::{Cohort, School, Teacher};
use peermatch::compat::{CandidateMode, Policy, Violation};
use peermatch::graph::CompatibilityGraph;

fn pilot(ext: &str) -> Cohort {
    Cohort::from_path(format!(
        "{}/examples/data/pilot_cohort.{ext}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn policy() -> Policy {
    Policy::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/policy.toml"
    ))
    .unwrap()
}

fn edge_list(g: &CompatibilityGraph) -> Vec<(String, String, i64)> {
    g.edges()
        .map(|(a, b, s)| {
            (
                g.teacher_id(a).to_string(),
                g.teacher_id(b).to_string(),
                s.total,
            )
        })
        .collect()
}

#[test]
fn policy_file_is_the_default() {
    assert_eq!(policy(), Policy::default());
}

#[test]
fn json_and_csv_build_the_same_graph() {
    let p = policy();
    let a = CompatibilityGraph::build(&pilot("json"), &p, CandidateMode::Exact).unwrap();
    let b = CompatibilityGraph::build(&pilot("csv"), &p, CandidateMode::Exact).unwrap();
    assert_eq!(edge_list(&a), edge_list(&b));
    assert!(a.edge_count() > 5);
    let g = generate(&GeneratorConfig::region(400, 5));
    let from_csv = Cohort::from_csv_str(&g.to_csv_string()).unwrap();
    let x = CompatibilityGraph::build(&g, &p, CandidateMode::TopK { k: 5 }).unwrap();
    let y = CompatibilityGraph::build(&from_csv, &p, CandidateMode::TopK { k: 5 }).unwrap();
    assert_eq!(edge_list(&x), edge_list(&y));
}

#[test]
fn pilot_has_one_teacher_who_can_meet_nobody() {
    let g = CompatibilityGraph::build(&pilot("json"), &policy(), CandidateMode::Exact).unwrap();
    let isolated: Vec<&str> = (0..g.node_count())
        .filter(|&a| g.neighbours(a).next().is_none())
        .map(|a| g.teacher_id(a))
        .collect();
    assert_eq!(isolated, ["T12"]);
    // Every pair with T12 is explained by at least one hard rule; travel is one of them.
    for other in (0..g.node_count()).map(|i| g.teacher_id(i).to_string()) {
        if other == "T12" {
            continue;
        }
        let e = g.explain("T12", &other).unwrap();
        assert!(e.score.is_none());
        assert!(!e.violations.is_empty());
        assert!(e
            .violations
            .iter()
            .any(|v| matches!(v, Violation::TravelTooLong { .. })));
    }
    // One-sided preference: T03 ranks T01 first, T01 does not rank T03.
    let e = g.explain("T03", "T01").unwrap();
    assert_eq!(e.preference_ranks, (Some(0), None));
    // Mutual first choice earns full preference marks.
    let e = g.explain("T01", "T02").unwrap();
    assert_eq!(e.preference_ranks, (Some(0), Some(0)));
    assert_eq!(e.score.unwrap().breakdown.preference, 10_000);
    assert!(e.common_time.traveller.is_none());
    assert!(g.explain("T01", "nobody").is_err());
}

#[test]
fn weighted_graph_maps_nodes_to_teachers() {
    let g = CompatibilityGraph::build(&pilot("json"), &policy(), CandidateMode::Exact).unwrap();
    let wg = g.to_weighted_graph().unwrap();
    assert_eq!(wg.vertex_count(), 12);
    assert_eq!(wg.edge_count(), g.edge_count());
    for (a, b, s) in g.edges() {
        assert_eq!(wg.weight(a, b), Some(s.total));
        assert!(s.total > 0 && s.total < 1 << 40);
    }
    assert_eq!(g.index_of("T05"), Some(4));
    assert_eq!(g.teacher_id(4), "T05");
    let json = serde_json::to_value(&g).unwrap();
    assert_eq!(json["edges"].as_array().unwrap().len(), g.edge_count());
    assert_eq!(json["teachers"][0], "T01");
}

#[test]
fn must_pairs_are_pinned_even_against_rules() {
    let c = Cohort::new(
        vec![School::new("S", "")],
        vec![
            Teacher::new("A", "S").with_subjects(["physics"]),
            Teacher::new("B", "S").with_subjects(["history"]),
        ],
    );
    let g = CompatibilityGraph::build(&c, &Policy::default(), CandidateMode::Exact).unwrap();
    assert_eq!(g.edge_count(), 0);
    let mut c = c;
    c.teachers[0].must_pair = vec!["B".into()];
    let g =
        CompatibilityGraph::build(&c, &Policy::default(), CandidateMode::TopK { k: 1 }).unwrap();
    assert_eq!(g.edge_count(), 1);
    assert!(g.score(0, 1).unwrap().pinned);
    let e = g.explain("A", "B").unwrap();
    assert!(e.violations.is_empty());
    assert!(e.overridden.contains(&Violation::NoSharedSubject));
}

#[test]
fn top_k_never_isolates_and_is_deterministic() {
    let c = generate(&GeneratorConfig::region(1500, 11));
    let p = Policy::default();
    let exact = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
    let top = CompatibilityGraph::build(&c, &p, CandidateMode::TopK { k: 1 }).unwrap();
    for a in 0..c.teachers.len() {
        let had = exact.neighbours(a).next().is_some();
        let has = top.neighbours(a).next().is_some();
        assert_eq!(had, has, "teacher {a}");
    }
    assert!(top.edge_count() <= c.teachers.len());
    let again = CompatibilityGraph::build(&c, &p, CandidateMode::TopK { k: 1 }).unwrap();
    assert_eq!(edge_list(&top), edge_list(&again));
    let s = exact.stats();
    assert_eq!(s.edges, exact.edge_count());
    assert!(s.candidates.pairs_scored >= s.candidates.pairs_feasible);
}

#[test]
fn invalid_cohort_and_policy_are_errors() {
    let c = Cohort::new(vec![], vec![Teacher::new("A", "nowhere")]);
    assert!(CompatibilityGraph::build(&c, &Policy::default(), CandidateMode::Exact).is_err());
    let p = Policy {
        travel_speed_kmh: f64::NAN,
        ..Policy::default()
    };
    let c = pilot("json");
    assert!(CompatibilityGraph::build(&c, &p, CandidateMode::Exact).is_err());
}

#[test]
fn unknown_travel_forbids_cross_school_pairs_unless_a_matrix_entry_exists() {
    use peermatch::cohort::{Day, FreePeriod, TravelTime};
    let t = |id: &str, s: &str| {
        Teacher::new(id, s)
            .with_subjects(["statistics"])
            .with_free_periods([FreePeriod::new(Day::Wed, 540, 660)])
    };
    let mut c = Cohort::new(
        vec![School::new("S1", ""), School::new("S2", "")],
        vec![t("A", "S1"), t("B", "S1"), t("C", "S2")],
    );
    let p = Policy::default();
    let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
    assert_eq!(g.edge_count(), 1); // A-B only
    assert_eq!(
        g.explain("A", "C").unwrap().violations,
        vec![Violation::TravelUnknown]
    );
    c.travel_times.push(TravelTime {
        from: "S2".into(),
        to: "S1".into(),
        minutes: 20,
    });
    let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
    assert_eq!(g.edge_count(), 3);
    // 120 free minutes, 20 each way: an 80-minute window, C or A travelling.
    let ct = g.common_windows(0, 2);
    assert_eq!((ct.minutes, ct.travel_minutes), (80, Some(20)));
    assert_eq!(ct.windows[0].to_string(), "Wed 09:20-10:40");
    assert_eq!(g.score(0, 2).unwrap().common_minutes, 80);
    // A longer trip than the policy allows is forbidden with the reason.
    c.travel_times[0].minutes = 45;
    let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
    assert_eq!(g.edge_count(), 1);
    assert!(g
        .explain("C", "B")
        .unwrap()
        .violations
        .contains(&Violation::TravelTooLong {
            minutes: 45,
            max: 30
        }));
}

/// Top-k on a generated regional cohort: the union of every teacher's k best partners of
/// the exact graph (score desc, then index; must-pairs always), with the exact graph's
/// scores, although the bound skips many pairs unscored (counted in `pairs_pruned`).
#[test]
fn top_k_matches_the_exact_graph_with_pairs_pruned() {
    let c = generate(&GeneratorConfig::region(1200, 5));
    let p = Policy::default();
    let exact = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
    let k = 10;
    let top = CompatibilityGraph::build(&c, &p, CandidateMode::TopK { k }).unwrap();
    let n = c.teachers.len();
    let mut want = std::collections::BTreeMap::new();
    for a in 0..n {
        let mut list: Vec<(i64, usize)> = exact.neighbours(a).map(|(b, s)| (s.total, b)).collect();
        list.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(_, b) in list.iter().take(k) {
            want.insert((a.min(b), a.max(b)), *exact.score(a, b).unwrap());
        }
        for (b, s) in exact.neighbours(a) {
            if s.pinned {
                want.insert((a.min(b), a.max(b)), *s);
            }
        }
    }
    let got: std::collections::BTreeMap<_, _> = top.edges().map(|(a, b, s)| ((a, b), *s)).collect();
    assert_eq!(got, want);
    let (st, se) = (top.stats().candidates, exact.stats().candidates);
    assert!(st.pairs_pruned > 0, "{st:?}");
    assert_eq!(st.pairs_scored + st.pairs_pruned, se.pairs_scored);
    assert_eq!(se.pairs_pruned, 0);
}
