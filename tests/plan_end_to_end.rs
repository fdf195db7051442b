//! The planner end to end on the bundled sample and on small hand-made cohorts.

use std::collections::BTreeMap;

use peermatch::cohort::{Cohort, Day, FreePeriod, School, Teacher};
use peermatch::compat::{Policy, Scorer};
use peermatch::plan::{
    BreakReason, CertifiedGraph, Check, Notice, Objective, OddPolicy, PastPair, PlanStage, Planner,
    PlannerOptions, Proposal, Reason,
};
use peermatch::report;

fn sample() -> Cohort {
    Cohort::from_path("examples/data/pilot_cohort.json").unwrap()
}

fn policy() -> Policy {
    Policy::from_path("examples/data/policy.toml").unwrap()
}

fn plan(cohort: Cohort, options: PlannerOptions) -> Proposal {
    Planner::new(cohort, policy())
        .with_options(options)
        .plan()
        .unwrap()
}

fn with(objective: Objective) -> PlannerOptions {
    PlannerOptions {
        objective,
        ..Default::default()
    }
}

/// Partner count per teacher id.
fn loads(p: &Proposal) -> BTreeMap<String, u32> {
    let mut m = BTreeMap::new();
    for pair in &p.pairs {
        *m.entry(pair.a.clone()).or_insert(0) += 1;
        *m.entry(pair.b.clone()).or_insert(0) += 1;
    }
    m
}

#[test]
fn sample_max_weight_is_certified_feasible_and_deterministic() {
    let c = sample();
    let p = plan(c.clone(), with(Objective::MaxWeight));
    assert!(
        matches!(p.check, Check::Certificate { verified: true, .. }),
        "{:?}",
        p.check
    );
    assert!(!p.pairs.is_empty());
    // Scores are the scorer's own, capacities hold, avoid lists are respected.
    let scorer = Scorer::new(&c, &policy()).unwrap();
    for pair in &p.pairs {
        let (a, b) = (
            c.teacher_index(&pair.a).unwrap(),
            c.teacher_index(&pair.b).unwrap(),
        );
        assert_eq!(scorer.score(a, b).unwrap().total, pair.score.total);
        assert!(!c.teachers[a].avoid.contains(&pair.b));
        assert!(!c.teachers[b].avoid.contains(&pair.a));
    }
    for (id, load) in loads(&p) {
        let t = &c.teachers[c.teacher_index(&id).unwrap()];
        assert!(
            load <= t.capacity,
            "{id} has {load} partners, capacity {}",
            t.capacity
        );
    }
    assert_eq!(
        p.total_score,
        p.pairs.iter().map(|x| x.score.total).sum::<i64>()
    );
    // Every teacher is either paired or listed as unmatched, once.
    let l = loads(&p);
    for t in &c.teachers {
        let unmatched = p.unmatched.iter().filter(|u| u.id == t.id).count();
        assert_eq!(l.contains_key(&t.id) as usize + unmatched, 1, "{}", t.id);
    }
    assert_eq!(p, plan(c, with(Objective::MaxWeight)));
}

#[test]
fn every_objective_runs_on_the_sample_and_checks() {
    for o in [
        Objective::MaxWeight,
        Objective::MaxCardinalityThenWeight,
        Objective::Stable,
        Objective::MinRegret,
    ] {
        let p = plan(sample(), with(o));
        assert!(p.check.passed(), "{o:?}: {:?}", p.check);
        assert_eq!(p.objective, o);
    }
    let mw = plan(sample(), with(Objective::MaxWeight));
    let mc = plan(sample(), with(Objective::MaxCardinalityThenWeight));
    assert!(mc.pairs.len() >= mw.pairs.len());
    assert!(mw.total_score >= mc.total_score);
    let st = plan(sample(), with(Objective::Stable));
    assert_eq!(st.check, Check::Stability { blocking_pairs: 0 });
    // The sample has no must-pair, so the whole plan is stable under the rankings used:
    // the teachers' stated rankings (scores only break ties and extend lists), so no
    // pair blocks under the stated ranks; score-blocking pairs may remain when the
    // stated ranks disagree with the scores (issue 10: stated choices first).
    match &st.audit.blocking_pairs_stated {
        Some(v) => assert!(v.is_empty(), "{v:?}"),
        None => assert!(st.audit.blocking_pairs_scores.is_empty()),
    }
}

#[test]
fn reports_round_trip_and_describe_the_pairs() {
    let p = plan(sample(), PlannerOptions::default());
    let json = report::to_json(&p).unwrap();
    // Floats of the audit may differ in the last digit after a JSON round trip.
    let back = report::from_json(&json).unwrap();
    assert_eq!(back.pairs, p.pairs);
    assert_eq!(back.unmatched, p.unmatched);
    assert_eq!(back.check, p.check);
    assert_eq!(back.policy, p.policy);
    let csv = report::csv::pairs_csv(&p).unwrap();
    assert_eq!(csv.lines().count(), p.pairs.len() + 1);
    assert!(csv.starts_with("a,b,third,score"));
    let md = report::markdown::summary(&p);
    for pair in &p.pairs {
        assert!(md.contains(&format!("**{} + {}", pair.a, pair.b)));
    }
    for u in &p.unmatched {
        assert!(md.contains(&format!("**{}**: {}", u.id, u.message)));
    }
    // Pseudonyms follow cohort order and leave no real id behind.
    let q = p.pseudonymised();
    assert_eq!(q.teachers[0], "T001");
    assert_eq!(q.teachers[11], "T012");
    let first = &p.pairs[0];
    let ia = p.teachers.iter().position(|t| *t == first.a).unwrap();
    assert_eq!(q.pairs[0].a, format!("T{:03}", ia + 1));
    let qmd = report::markdown::summary(&q);
    assert!(!qmd.contains("T01 "), "{qmd}");
}

/// Teachers of one school sharing a subject and a free period: every pair is feasible.
fn clique(n: usize) -> Cohort {
    let school = School::new("S1", "One");
    let teachers = (0..n)
        .map(|i| {
            Teacher::new(format!("X{i}"), "S1")
                .with_subjects(["maths"])
                .with_year_levels([9 + (i % 3) as u8])
                .with_free_periods([FreePeriod::new(Day::Mon, 600, 700)])
        })
        .collect();
    Cohort::new(vec![school], teachers)
}

#[test]
fn odd_cohort_leave_out_reports_one_teacher() {
    let p = plan(clique(5), PlannerOptions::default());
    assert_eq!(p.pairs.len(), 2);
    assert_eq!(p.unmatched.len(), 1);
    assert!(
        p.notices
            .iter()
            .any(|n| matches!(n, Notice::OddLeftOut { .. }) && n.to_string().contains("odd cohort")),
        "{:?}",
        p.notices
    );
    // Least loss: nobody else could be left out for a higher total (brute force).
    let c = clique(5);
    let s = Scorer::new(&c, &policy()).unwrap();
    let w = |a: usize, b: usize| s.score(a, b).unwrap().total;
    let mut best = i64::MIN;
    for out in 0..5 {
        let rest: Vec<usize> = (0..5).filter(|&x| x != out).collect();
        let (a, b, c2, d) = (rest[0], rest[1], rest[2], rest[3]);
        best = best.max(
            (w(a, b) + w(c2, d))
                .max(w(a, c2) + w(b, d))
                .max(w(a, d) + w(b, c2)),
        );
    }
    assert_eq!(p.total_score, best);
}

#[test]
fn odd_cohort_trio_places_everyone() {
    let opts = PlannerOptions {
        odd: OddPolicy::Trio,
        ..Default::default()
    };
    let p = plan(clique(5), opts);
    assert!(p.unmatched.is_empty(), "{:?}", p.unmatched);
    let trios: Vec<_> = p
        .pairs
        .iter()
        .filter_map(|x| x.third.as_ref().map(|t| (x, t)))
        .collect();
    assert_eq!(trios.len(), 1);
    let (pair, third) = trios[0];
    // The third joined the pair with the largest summed score (oracle: the scorer).
    let c = clique(5);
    let s = Scorer::new(&c, &policy()).unwrap();
    let ix = |id: &str| c.teacher_index(id).unwrap();
    let u = ix(&third.id);
    let sum =
        |a: &str, b: &str| s.score(u, ix(a)).unwrap().total + s.score(u, ix(b)).unwrap().total;
    let best = p.pairs.iter().map(|x| sum(&x.a, &x.b)).max().unwrap();
    assert_eq!(sum(&pair.a, &pair.b), best);
    assert_eq!(third.score_with_a + third.score_with_b, best);
}

#[test]
fn capacity_two_and_zero() {
    let mut c = clique(5);
    c.teachers[0].capacity = 3;
    c.teachers[4].capacity = 0;
    let p = plan(c, PlannerOptions::default());
    assert!(
        matches!(&p.check, Check::Certificate { verified: true, graph, .. } if *graph == CertifiedGraph::BMatchingGadget)
    );
    let l = loads(&p);
    assert_eq!(l.get("X0"), Some(&3));
    assert!(!l.contains_key("X4"));
    let u = p.unmatched.iter().find(|u| u.id == "X4").unwrap();
    assert_eq!(u.reason, Reason::ZeroCapacity);
}

#[test]
fn must_pairs_are_kept_and_avoids_respected() {
    let mut c = clique(4);
    // Force a pair that the optimum would not choose on its own, and forbid another.
    c.teachers[0].must_pair = vec!["X3".into()];
    c.teachers[1].avoid = vec!["X2".into()];
    let p = plan(c, PlannerOptions::default());
    let ids = p.pair_ids();
    assert!(ids.contains(&("X0".into(), "X3".into())));
    assert!(p.pairs.iter().any(|x| x.pinned && x.a == "X0"));
    assert!(!ids.contains(&("X1".into(), "X2".into())));
}

#[test]
fn history_cooldown_forbids_and_penalty_reduces() {
    let base = plan(clique(4), PlannerOptions::default());
    let history: Vec<PastPair> = base
        .pairs
        .iter()
        .map(|p| PastPair {
            a: p.a.clone(),
            b: p.b.clone(),
            round: 1,
        })
        .collect();
    let cool = plan(
        clique(4),
        PlannerOptions {
            history: history.clone(),
            round: 2,
            cooldown_rounds: 1,
            ..Default::default()
        },
    );
    for pair in &cool.pairs {
        assert!(!base.pair_ids().contains(&(pair.a.clone(), pair.b.clone())));
    }
    assert_eq!(cool.pairs.len(), 2);
    let pen = plan(
        clique(4),
        PlannerOptions {
            history,
            round: 5,
            cooldown_rounds: 1,
            history_penalty_points: 1000,
            ..Default::default()
        },
    );
    // A huge penalty pushes the plan away from the old pairs, as a cooldown would.
    assert_eq!(pen.pair_ids(), cool.pair_ids());
}

#[test]
fn rematch_without_change_changes_nothing() {
    let planner = Planner::new(sample(), policy());
    let p = planner.plan().unwrap();
    let r = planner.rematch(&p, None).unwrap();
    assert_eq!(r.pair_ids(), p.pair_ids());
    let ch = r.changes.as_ref().unwrap();
    assert!(
        ch.broken.is_empty()
            && ch.new_pairs.is_empty()
            && ch.joined.is_empty()
            && ch.left.is_empty()
    );
    assert_eq!(ch.kept.len(), p.pairs.len());
}

#[test]
fn rematch_after_a_dropout_keeps_untouched_pairs() {
    let planner = Planner::new(sample(), policy());
    let p = planner.plan().unwrap();
    let gone = p.pairs[0].a.clone();
    let mut c = sample();
    c.teachers.retain(|t| t.id != gone);
    for t in &mut c.teachers {
        t.preferences.retain(|x| *x != gone);
        t.avoid.retain(|x| *x != gone);
        t.must_pair.retain(|x| *x != gone);
    }
    let r = Planner::new(c, policy()).rematch(&p, None).unwrap();
    let ch = r.changes.as_ref().unwrap();
    assert_eq!(ch.left, vec![gone.clone()]);
    let new_ids = r.pair_ids();
    for pair in &p.pairs {
        let touched = pair.a == gone || pair.b == gone;
        let present = new_ids.contains(&(pair.a.clone(), pair.b.clone()));
        assert_eq!(present, !touched, "{} + {}", pair.a, pair.b);
        if touched {
            assert!(ch.broken.iter().any(|b| b.a == pair.a
                && b.b == pair.b
                && matches!(b.reason, BreakReason::Left { .. })
                && b.message.contains("left")));
        }
    }
    for pair in &r.pairs {
        if !p.pair_ids().contains(&(pair.a.clone(), pair.b.clone())) {
            assert!(ch.new_pairs.contains(&(pair.a.clone(), pair.b.clone())));
        } else {
            assert!(pair.kept);
        }
    }
}

#[test]
fn invalid_cohort_is_a_typed_error() {
    let mut c = clique(3);
    c.teachers[1].id = "X0".into();
    let e = Planner::new(c, policy()).plan().unwrap_err();
    assert!(e.to_string().contains("X0"), "{e}");
}

#[test]
fn rematch_reports_a_pair_made_infeasible_and_honours_the_budget() {
    let c = clique(6);
    let planner = Planner::new(c.clone(), policy());
    let p = planner.plan().unwrap();
    assert_eq!(p.pairs.len(), 3);
    // One pair now avoids each other: it must end, with the reason.
    let (a, b) = (p.pairs[0].a.clone(), p.pairs[0].b.clone());
    let mut changed = c.clone();
    let ia = changed.teacher_index(&a).unwrap();
    changed.teachers[ia].avoid = vec![b.clone()];
    let r = Planner::new(changed, policy()).rematch(&p, None).unwrap();
    let ch = r.changes.as_ref().unwrap();
    assert_eq!(ch.kept.len(), 2);
    assert_eq!(ch.broken.len(), 1);
    assert!(
        ch.broken[0].reason == BreakReason::NotFeasible
            && ch.broken[0].message.contains("no longer a feasible pair"),
        "{:?}",
        ch.broken
    );
    assert!(!r.pair_ids().contains(&(a.clone(), b.clone())));
    // The other four stay pinned, so the two who fell out have nobody left.
    assert_eq!(r.pairs.len(), 2);
    let out: Vec<&str> = r.unmatched.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(out.len(), 2);
    assert!(out.contains(&a.as_str()) && out.contains(&b.as_str()));

    // Budget: a newcomer who is everyone's best partner. Keeping every pair leaves the
    // newcomer out; the unconstrained optimum changes at most a few pairs.
    let mut joined = c.clone();
    let mut star = joined.teachers[0].clone();
    star.id = "NEW".into();
    star.experience_years = joined.teachers[0].experience_years;
    star.preferences = vec![];
    joined.teachers.push(star);
    let joined_planner = Planner::new(joined, policy());
    let keep_all = joined_planner.rematch(&p, Some(0)).unwrap();
    assert_eq!(keep_all.changes.as_ref().unwrap().kept.len(), 3);
    assert_eq!(
        keep_all.changes.as_ref().unwrap().joined,
        vec!["NEW".to_string()]
    );
    let free = joined_planner.plan().unwrap();
    let big = joined_planner.rematch(&p, Some(3)).unwrap();
    // With a budget covering every pair the result is the unconstrained optimum whenever
    // that scores higher, and never scores less than keeping everything.
    assert!(big.total_score >= keep_all.total_score);
    if free.total_score > keep_all.total_score {
        assert_eq!(big.pair_ids(), free.pair_ids());
    }
}

#[test]
fn progress_hook_reports_each_stage_once_in_order_and_changes_nothing() {
    // The pilot leaves one eligible teacher out, so the "what would help" re-plans run
    // too; a clique of four pairs everyone, so they do not.
    for (cohort, sensitivity) in [(sample(), true), (clique(4), false)] {
        let planner = Planner::new(cohort, policy());
        let mut seen = Vec::new();
        let p = planner
            .plan_with_progress(&PlannerOptions::default(), &mut |s| seen.push(s))
            .unwrap();
        let mut want = vec![PlanStage::Graph, PlanStage::Solve, PlanStage::Audit];
        if sensitivity {
            want.push(PlanStage::Sensitivity);
        }
        assert_eq!(seen, want);
        assert_eq!(p.sensitivity.is_some(), sensitivity);
        assert_eq!(p, planner.plan().unwrap());
    }
}
