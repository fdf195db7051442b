//! Peer groups: size bounds, coverage, errors, local optimality (property tests) and the
//! graph entry points on real cohorts.

use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::cohort::Cohort;
use peermatch::compat::{CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;
use peermatch::groups::{
    form_groups, form_groups_among, form_groups_scores, GroupError, GroupNotice, GroupOptions,
    GroupPlan,
};
use proptest::prelude::*;

fn opts(lo: usize, hi: usize) -> GroupOptions {
    GroupOptions {
        min_size: lo,
        max_size: hi,
        ..GroupOptions::default()
    }
}

fn zero(_: usize, _: usize) -> Option<i64> {
    Some(0)
}

#[test]
fn impossible_sizes_are_errors_naming_the_numbers() {
    let e = form_groups_scores(7, zero, &[0; 7], &opts(4, 6)).unwrap_err();
    assert!(matches!(
        e,
        GroupError::NoValidSplit {
            n: 7,
            min_size: 4,
            max_size: 6,
            ..
        }
    ));
    let msg = e.to_string();
    assert!(
        msg.contains("7 participants") && msg.contains("4 to 6"),
        "{msg}"
    );
    let e = form_groups_scores(3, zero, &[0; 3], &opts(4, 6)).unwrap_err();
    assert_eq!(e, GroupError::TooFew { n: 3, min_size: 4 });
    assert!(form_groups_scores(0, zero, &[], &opts(4, 6)).is_err());
    assert!(matches!(
        form_groups_scores(8, zero, &[0; 8], &opts(1, 6)),
        Err(GroupError::InvalidSizes {
            min_size: 1,
            max_size: 6
        })
    ));
    assert!(matches!(
        form_groups_scores(8, zero, &[0; 8], &opts(5, 4)),
        Err(GroupError::InvalidSizes { .. })
    ));
    assert_eq!(
        form_groups_scores(8, zero, &[0; 7], &opts(4, 6)).unwrap_err(),
        GroupError::SchoolsLength { n: 8, got: 7 }
    );
    let e = form_groups_scores(8, |_, _| Some(1 << 40), &[0; 8], &opts(4, 6)).unwrap_err();
    assert!(matches!(e, GroupError::ScoreOutOfRange { a: 0, b: 1, .. }));
    let mut o = opts(4, 6);
    o.max_iterations = 0;
    assert_eq!(
        form_groups_scores(8, zero, &[0; 8], &o).unwrap_err(),
        GroupError::NoIterations
    );
    o = opts(4, 6);
    o.school_mix_weight = i64::MIN;
    assert!(matches!(
        form_groups_scores(8, zero, &[0; 8], &o),
        Err(GroupError::MixWeightOutOfRange(_))
    ));
    // 8 and 9 are fine with 4..=6.
    assert_eq!(
        form_groups_scores(9, zero, &[0; 9], &opts(4, 6))
            .unwrap()
            .groups
            .len(),
        2
    );
}

/// Recomputes every group field and the objective; checks sizes and coverage.
fn check_plan(plan: &GroupPlan, n: usize, w: &[Option<i64>], schools: &[usize], o: &GroupOptions) {
    let mut seen = vec![0u32; n];
    let mut total = 0;
    for g in &plan.groups {
        assert!((o.min_size..=o.max_size).contains(&g.members.len()));
        assert!(
            g.members.windows(2).all(|p| p[0] < p[1]),
            "members ascending"
        );
        let (mut score, mut same, mut inf) = (0, 0, 0);
        for (x, &a) in g.members.iter().enumerate() {
            seen[a] += 1;
            for &b in &g.members[x + 1..] {
                score += w[a * n + b].unwrap_or(0);
                same += usize::from(schools[a] == schools[b]);
                inf += usize::from(w[a * n + b].is_none());
            }
        }
        let mut sch: Vec<usize> = g.members.iter().map(|&m| schools[m]).collect();
        sch.sort_unstable();
        sch.dedup();
        assert_eq!(
            (g.score, g.same_school_pairs, g.infeasible_pairs),
            (score, same, inf)
        );
        assert_eq!(g.schools, sch);
        assert_eq!(g.objective, score - o.school_mix_weight * same as i64);
        total += g.objective;
    }
    assert!(
        seen.iter().all(|&c| c == 1),
        "every participant exactly once"
    );
    assert_eq!(plan.objective, total);
}

/// No single move or swap improves a plan that claims to be a local optimum.
fn check_local_optimum(
    plan: &GroupPlan,
    n: usize,
    w: &[Option<i64>],
    schools: &[usize],
    o: &GroupOptions,
) {
    let pw = |a: usize, b: usize| {
        w[a * n + b].unwrap_or(0)
            - if schools[a] == schools[b] {
                o.school_mix_weight
            } else {
                0
            }
    };
    let groups: Vec<&Vec<usize>> = plan.groups.iter().map(|g| &g.members).collect();
    let sum_to = |v: usize, g: &Vec<usize>| {
        g.iter()
            .filter(|&&m| m != v)
            .map(|&m| pw(v, m))
            .sum::<i64>()
    };
    for (ga, a) in groups.iter().enumerate() {
        for (gb, b) in groups.iter().enumerate() {
            if ga == gb {
                continue;
            }
            for &u in a.iter() {
                if a.len() > o.min_size && b.len() < o.max_size {
                    assert!(sum_to(u, b) <= sum_to(u, a), "moving {u} improves");
                }
                for &v in b.iter() {
                    let d = sum_to(u, b) - pw(u, v) - sum_to(u, a) + sum_to(v, a)
                        - pw(u, v)
                        - sum_to(v, b);
                    assert!(d <= 0, "swapping {u} and {v} improves by {d}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn plans_are_valid_partitions_and_local_optima(
        n in 0usize..40,
        lo in 2usize..6,
        extra in 0usize..4,
        mix in -50i64..200,
        seed in 0u64..1000,
        kicks in 0usize..3,
        raw in proptest::collection::vec(proptest::option::weighted(0.8, -50i64..200), 40 * 40),
        school_seed in proptest::collection::vec(0usize..5, 40),
    ) {
        let hi = lo + extra;
        let mut w = vec![None; n * n];
        for a in 0..n {
            for b in a + 1..n {
                w[a * n + b] = raw[a * 40 + b];
                w[b * n + a] = raw[a * 40 + b];
            }
        }
        let schools = &school_seed[..n];
        let o = GroupOptions { min_size: lo, max_size: hi, school_mix_weight: mix, seed, max_iterations: 10_000, kicks };
        let feasible = n >= lo && (1..=n).any(|k| k * lo <= n && n <= k * hi);
        match form_groups_scores(n, |a, b| w[a * n + b], schools, &o) {
            Ok(plan) => {
                prop_assert!(feasible);
                check_plan(&plan, n, &w, schools, &o);
                prop_assert!(plan.local_optimum);
                check_local_optimum(&plan, n, &w, schools, &o);
            }
            Err(e) => prop_assert!(!feasible, "feasible n={} {}..={} but {}", n, lo, hi, e),
        }
    }
}

fn pilot() -> (Cohort, Policy) {
    let dir = env!("CARGO_MANIFEST_DIR");
    (
        Cohort::from_path(format!("{dir}/examples/data/pilot_cohort.json")).unwrap(),
        Policy::from_path(format!("{dir}/examples/data/policy.toml")).unwrap(),
    )
}

#[test]
fn pilot_cohort_groups_cover_everyone() {
    let (cohort, policy) = pilot();
    let g = CompatibilityGraph::build(&cohort, &policy, CandidateMode::Exact).unwrap();
    let plan = form_groups(&g, &GroupOptions::default()).unwrap();
    let mut ids: Vec<&str> = plan
        .groups
        .iter()
        .flat_map(|gr| gr.ids.iter().map(String::as_str))
        .collect();
    ids.sort_unstable();
    let mut want: Vec<&str> = cohort.teachers.iter().map(|t| t.id.as_str()).collect();
    want.sort_unstable();
    assert_eq!(ids, want);
    for gr in &plan.groups {
        assert!((4..=6).contains(&gr.members.len()));
        for (m, id) in gr.members.iter().zip(&gr.ids) {
            assert_eq!(g.teacher_id(*m), id);
        }
        // Score = sum of the graph's edge totals inside the group (no capacity-0 here).
        let mut s = 0;
        for (x, &a) in gr.members.iter().enumerate() {
            for &b in &gr.members[x + 1..] {
                s += g.score(a, b).map_or(0, |p| p.total);
            }
        }
        assert_eq!(gr.score, s);
    }
    assert_eq!(plan, form_groups(&g, &GroupOptions::default()).unwrap());
}

#[test]
fn capacity_zero_teachers_join_groups_with_real_scores() {
    let cohort = generate(&GeneratorConfig::city(150, 3));
    let zero: Vec<usize> = (0..cohort.teachers.len())
        .filter(|&i| cohort.teachers[i].capacity == 0)
        .collect();
    assert!(
        !zero.is_empty(),
        "the generator makes a few capacity-0 teachers"
    );
    let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact).unwrap();
    let plan = form_groups(&g, &GroupOptions::default()).unwrap();
    let covered: usize = plan.groups.iter().map(|gr| gr.members.len()).sum();
    assert_eq!(covered, 150);
    // Pairs with a capacity-0 teacher are never edges, but they are scored for groups
    // (only the groups-only rule is lifted): the group scores exceed their edge sums.
    let mut extra = 0;
    for gr in &plan.groups {
        let mut edges = 0;
        for (x, &a) in gr.members.iter().enumerate() {
            for &b in &gr.members[x + 1..] {
                if zero.contains(&a) || zero.contains(&b) {
                    assert!(g.score(a, b).is_none(), "capacity 0 has no edges");
                }
                edges += g.score(a, b).map_or(0, |p| p.total);
            }
        }
        assert!(gr.score >= edges);
        extra += gr.score - edges;
    }
    assert!(extra > 0, "capacity-0 teachers earn their groups nothing");
}

#[test]
fn opt_in_subset_and_its_errors() {
    let cohort = generate(&GeneratorConfig::city(40, 8));
    let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact).unwrap();
    let who: Vec<usize> = (0..40).filter(|i| i % 3 != 0).collect();
    let plan = form_groups_among(&g, &who, &GroupOptions::default()).unwrap();
    let mut got: Vec<usize> = plan
        .groups
        .iter()
        .flat_map(|gr| gr.members.clone())
        .collect();
    got.sort_unstable();
    assert_eq!(got, who);
    assert_eq!(
        form_groups_among(&g, &[0, 1, 2, 40], &GroupOptions::default()).unwrap_err(),
        GroupError::UnknownParticipant { index: 40, n: 40 }
    );
    assert_eq!(
        form_groups_among(&g, &[0, 1, 2, 1], &GroupOptions::default()).unwrap_err(),
        GroupError::DuplicateParticipant(1)
    );
}

#[test]
fn iteration_cap_is_reported() {
    let n = 200;
    let w = |a: usize, b: usize| Some(((a * 7919 + b * 104_729) % 97) as i64);
    let schools: Vec<usize> = (0..n).map(|i| i % 7).collect();
    let o = GroupOptions {
        max_iterations: 1,
        ..GroupOptions::default()
    };
    let plan = form_groups_scores(n, w, &schools, &o).unwrap();
    assert!(!plan.local_optimum);
    assert_eq!(plan.passes, 1);
    assert!(plan
        .notices
        .contains(&GroupNotice::IterationCap { max_iterations: 1 }));
    assert!(plan.notices[0].to_string().contains("max_iterations = 1"));
    let full = form_groups_scores(n, w, &schools, &GroupOptions::default()).unwrap();
    assert!(full.local_optimum && full.objective >= plan.objective);
    assert!(full.passes <= GroupOptions::default().max_iterations);
}

#[test]
fn top_k_graph_gets_a_notice() {
    let cohort = generate(&GeneratorConfig::city(30, 2));
    let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::TopK { k: 3 })
        .unwrap();
    let plan = form_groups(&g, &GroupOptions::default()).unwrap();
    assert!(
        plan.notices.contains(&GroupNotice::InexactGraph {
            mode: CandidateMode::TopK { k: 3 }
        }),
        "{:?}",
        plan.notices
    );
    let exact =
        CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact).unwrap();
    let plan = form_groups(&exact, &GroupOptions::default()).unwrap();
    assert!(!plan
        .notices
        .iter()
        .any(|n| matches!(n, GroupNotice::InexactGraph { .. })));
}
