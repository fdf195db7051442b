//! Stated choices, participation and typed notices, against independent oracles
//! (brute force over every edge subset / every matching of small cohorts).

use std::collections::BTreeMap;

use peermatch::cohort::{Cohort, Day, FreePeriod, School, Teacher};
use peermatch::compat::{CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;
use peermatch::plan::{
    BreakReason, MutualDropReason, Notice, Objective, PastPair, Planner, PlannerOptions, Proposal,
};
use proptest::prelude::*;

const DAYS: [Day; 3] = [Day::Mon, Day::Tue, Day::Wed];

/// One school; teacher `i` is free on the days of bit mask `days[i]` (from 10:00, 40–100
/// minutes depending on `i` and the day; year levels vary with `i`, so scores differ), and
/// teaches subject `subj[i]`: a pair is feasible iff they share a day and a subject.
fn cohort(days: &[u8], subj: &[u8], caps: &[u32], prefs: &[Vec<usize>]) -> Cohort {
    let teachers = (0..days.len())
        .map(|i| {
            let periods: Vec<FreePeriod> = (0..3)
                .filter(|d| days[i] >> d & 1 == 1)
                .map(|d| FreePeriod::new(DAYS[d], 600, 640 + 20 * ((i as u16 * 7 + d as u16) % 4)))
                .collect();
            let mut t = Teacher::new(format!("X{i}"), "S1")
                .with_subjects([["maths", "art"][subj[i] as usize % 2]])
                .with_year_levels([7 + (i * 5 % 6) as u8, 8 + (i % 2) as u8])
                .with_free_periods(periods);
            t.capacity = caps[i];
            t.preferences = prefs
                .get(i)
                .map(|v| v.iter().map(|&j| format!("X{j}")).collect())
                .unwrap_or_default();
            t
        })
        .collect();
    Cohort::new(vec![School::new("S1", "One")], teachers)
}

fn plan(c: &Cohort, options: &PlannerOptions) -> Proposal {
    Planner::new(c.clone(), Policy::default())
        .plan_with(options)
        .unwrap()
}

/// The graph's edges `(a, b, score)` (the oracle's input; no matching code involved).
fn edges(c: &Cohort) -> Vec<(usize, usize, i64)> {
    let g = CompatibilityGraph::build(c, &Policy::default(), CandidateMode::Exact).unwrap();
    g.edges().map(|(a, b, s)| (a, b, s.total)).collect()
}

fn index(p: &Proposal, id: &str) -> usize {
    p.teachers.iter().position(|t| t == id).unwrap()
}

fn loads(p: &Proposal) -> Vec<u32> {
    let mut l = vec![0; p.teachers.len()];
    for x in &p.pairs {
        l[index(p, &x.a)] += 1;
        l[index(p, &x.b)] += 1;
    }
    l
}

/// Brute force: the lexicographic optimum (teachers with a partner, total score) over
/// every edge subset within the capacities.
fn brute_participation(n: usize, e: &[(usize, usize, i64)], caps: &[u32]) -> (usize, i64) {
    let mut best = (0usize, 0i64);
    for mask in 0u32..(1 << e.len()) {
        let mut deg = vec![0u32; n];
        let mut w = 0;
        let mut ok = true;
        for (k, &(a, b, s)) in e.iter().enumerate() {
            if mask >> k & 1 == 1 {
                deg[a] += 1;
                deg[b] += 1;
                w += s;
                ok &= deg[a] <= caps[a] && deg[b] <= caps[b];
            }
        }
        if ok {
            best = best.max((deg.iter().filter(|&&d| d > 0).count(), w));
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Participation is the exact lexicographic optimum, and no unmatched teacher who
    /// could pair coexists with a teacher with two partners when an exchange would fix it.
    #[test]
    fn participation_matches_brute_force(
        n in 2usize..7,
        days in proptest::collection::vec(1u8..8, 7),
        subj in proptest::collection::vec(0u8..2, 7),
        caps in proptest::collection::vec(0u32..=3, 7),
    ) {
        let c = cohort(&days[..n], &subj[..n], &caps[..n], &[]);
        let e = edges(&c);
        prop_assume!(e.len() <= 15);
        let p = plan(&c, &PlannerOptions::default());
        prop_assert_eq!(p.objective, Objective::Participation);
        prop_assert!(p.check.passed(), "{:?}", p.check);
        let l = loads(&p);
        let got = (l.iter().filter(|&&d| d > 0).count(), p.total_score);
        prop_assert_eq!(got, brute_participation(n, &e, &caps[..n]));
        // The exchange property, directly.
        let partners = |v: usize| -> Vec<usize> {
            p.pairs.iter().filter_map(|x| {
                let (a, b) = (index(&p, &x.a), index(&p, &x.b));
                if a == v { Some(b) } else if b == v { Some(a) } else { None }
            }).collect()
        };
        for u in 0..n {
            if l[u] > 0 || caps[u] == 0 { continue; }
            for &(a, b, _) in &e {
                let v = if a == u { b } else if b == u { a } else { continue };
                prop_assert!(l[v] >= caps[v], "X{u} unmatched next to X{v} with room");
                for w in partners(v) {
                    prop_assert!(l[w] < 2, "X{u} unmatched; X{v}'s partner X{w} has two partners");
                }
            }
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Mutual first choices are kept whenever they are feasible (capacity 1, no pins).
    #[test]
    fn mutual_first_choices_are_kept_when_feasible(
        n in 2usize..9,
        days in proptest::collection::vec(1u8..8, 9),
        subj in proptest::collection::vec(0u8..2, 9),
        firsts in proptest::collection::vec(0usize..9, 9),
        obj in 0u8..4,
    ) {
        let prefs: Vec<Vec<usize>> = (0..n)
            .map(|i| { let j = firsts[i] % n; if j == i { vec![] } else { vec![j] } })
            .collect();
        let c = cohort(&days[..n], &subj[..n], &[1; 9][..n], &prefs);
        let e = edges(&c);
        let objective = [Objective::Participation, Objective::MaxWeight,
            Objective::MaxCardinalityThenWeight, Objective::MinRegret][obj as usize];
        let p = plan(&c, &PlannerOptions { objective, ..Default::default() });
        let ids = p.pair_ids();
        for a in 0..n {
            let b = firsts[a] % n;
            if a < b && firsts[b] % n == a {
                let (x, y) = (format!("X{a}"), format!("X{b}"));
                if e.iter().any(|&(u, v, _)| (u, v) == (a, b)) {
                    prop_assert!(ids.contains(&(x.clone(), y.clone())), "{x} + {y} split under {objective:?}");
                    prop_assert!(p.pairs.iter().any(|q| q.a == x && q.mutual_choice));
                } else {
                    let dropped = p.notices.iter().any(|m| matches!(m,
                        Notice::MutualChoiceDropped { a: ma, b: mb, why: MutualDropReason::NotFeasible }
                            if *ma == x && *mb == y));
                    prop_assert!(dropped, "{:?}", p.notices);
                }
            }
        }
    }

    /// Stable under stated rankings (stated first, then score): no blocking pair in the
    /// plan (oracle written here), and whenever brute force finds a stable matching the
    /// planner's plan is stable.
    #[test]
    fn stable_uses_stated_rankings(
        n in 2usize..8,
        days in proptest::collection::vec(1u8..8, 8),
        subj in proptest::collection::vec(0u8..2, 8),
        lists in proptest::collection::vec(proptest::collection::vec(0usize..8, 0..4), 8),
    ) {
        let prefs: Vec<Vec<usize>> = (0..n).map(|i| {
            let mut v: Vec<usize> = Vec::new();
            for &j in &lists[i] { let j = j % n; if j != i && !v.contains(&j) { v.push(j); } }
            v
        }).collect();
        let c = cohort(&days[..n], &subj[..n], &[1; 8][..n], &prefs);
        let e = edges(&c);
        let w: BTreeMap<(usize, usize), i64> = e.iter().map(|&(a, b, s)| ((a, b), s)).collect();
        let score = |a: usize, b: usize| w.get(&(a.min(b), a.max(b))).copied();
        // rank key: (stated position or MAX, -score, index); smaller is better.
        let rank = |i: usize, j: usize| (
            prefs[i].iter().position(|&x| x == j).unwrap_or(usize::MAX),
            -score(i, j).unwrap(),
            j,
        );
        let blocking = |mate: &[Option<usize>]| -> usize {
            e.iter().filter(|&&(a, b, _)| {
                mate[a] != Some(b)
                    && mate[a].is_none_or(|m| rank(a, b) < rank(a, m))
                    && mate[b].is_none_or(|m| rank(b, a) < rank(b, m))
            }).count()
        };
        let p = plan(&c, &PlannerOptions { objective: Objective::Stable, ..Default::default() });
        let mut mate = vec![None; n];
        for x in &p.pairs {
            let (a, b) = (index(&p, &x.a), index(&p, &x.b));
            mate[a] = Some(b);
            mate[b] = Some(a);
        }
        // Brute force: does any matching of the graph have no blocking pair?
        let mut exists = false;
        for mask in 0u32..(1 << e.len().min(20)) {
            let mut m = vec![None; n];
            let mut ok = true;
            for (k, &(a, b, _)) in e.iter().enumerate() {
                if mask >> k & 1 == 1 {
                    ok &= m[a].is_none() && m[b].is_none();
                    m[a] = Some(b);
                    m[b] = Some(a);
                }
            }
            if ok && blocking(&m) == 0 { exists = true; break; }
        }
        let found = blocking(&mate);
        if exists {
            prop_assert_eq!(found, 0, "plan {:?}", p.pair_ids());
            prop_assert!(p.check.passed());
        }
        // The audit reports stated ranks whenever someone stated a ranking.
        if prefs.iter().any(|l| !l.is_empty()) {
            prop_assert!(p.audit.blocking_pairs_stated.is_some());
            for ag in &p.audit.per_agent {
                for pa in &ag.partners {
                    prop_assert_eq!(pa.stated_rank, prefs[ag.agent].iter().position(|&x| x == pa.partner));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Stable with capacities above 1 (Irving–Scott stable fixtures), against brute force
    /// over every b-matching: when a stable b-matching exists the plan has no blocking
    /// pair under (stated rank, then score) and the check passes; when none exists the
    /// plan says so with a typed notice and the check counts the fallback's blocking
    /// pairs exactly.
    #[test]
    fn stable_with_capacities_matches_brute_force(
        n in 2usize..7,
        days in proptest::collection::vec(1u8..8, 7),
        subj in proptest::collection::vec(0u8..2, 7),
        caps in proptest::collection::vec(1u32..4, 7),
        lists in proptest::collection::vec(proptest::collection::vec(0usize..7, 0..4), 7),
    ) {
        prop_assume!(caps[..n].iter().any(|&c| c > 1));
        let prefs: Vec<Vec<usize>> = (0..n).map(|i| {
            let mut v: Vec<usize> = Vec::new();
            for &j in &lists[i] { let j = j % n; if j != i && !v.contains(&j) { v.push(j); } }
            v
        }).collect();
        let c = cohort(&days[..n], &subj[..n], &caps[..n], &prefs);
        let e = edges(&c);
        let w: BTreeMap<(usize, usize), i64> = e.iter().map(|&(a, b, s)| ((a, b), s)).collect();
        let score = |a: usize, b: usize| w.get(&(a.min(b), a.max(b))).copied();
        let rank = |i: usize, j: usize| (
            prefs[i].iter().position(|&x| x == j).unwrap_or(usize::MAX),
            -score(i, j).unwrap(),
            j,
        );
        // Many-to-many blocking: not together, and each has a free slot or ranks the
        // other above its worst partner.
        let blocking = |m: &[(usize, usize)]| -> usize {
            let mut part = vec![Vec::new(); n];
            for &(a, b) in m { part[a].push(b); part[b].push(a); }
            let wants = |x: usize, y: usize| (part[x].len() as u32) < caps[x]
                || part[x].iter().any(|&z| rank(x, y) < rank(x, z));
            e.iter().filter(|&&(a, b, _)| !part[a].contains(&b) && wants(a, b) && wants(b, a)).count()
        };
        let mut exists = false;
        for mask in 0u32..(1 << e.len()) {
            let mut deg = vec![0u32; n];
            let m: Vec<(usize, usize)> = e.iter().enumerate()
                .filter(|(k, _)| mask >> k & 1 == 1).map(|(_, &(a, b, _))| (a, b)).collect();
            for &(a, b) in &m { deg[a] += 1; deg[b] += 1; }
            if (0..n).all(|i| deg[i] <= caps[i]) && blocking(&m) == 0 { exists = true; break; }
        }
        let p = plan(&c, &PlannerOptions { objective: Objective::Stable, ..Default::default() });
        let got: Vec<(usize, usize)> = p.pairs.iter().map(|x| (index(&p, &x.a), index(&p, &x.b))).collect();
        let l = loads(&p);
        for i in 0..n { prop_assert!(l[i] <= caps[i]); }
        let said_none = p.notices.iter().any(|x| matches!(x, Notice::NoStableMatching { .. }));
        prop_assert_eq!(said_none, !exists, "notices {:?}", p.notices);
        if exists {
            prop_assert_eq!(blocking(&got), 0, "plan {:?}", p.pair_ids());
            prop_assert!(p.check.passed());
        } else {
            prop_assert_eq!(&p.check, &peermatch::plan::Check::Stability { blocking_pairs: blocking(&got) });
        }
    }
}

fn edges_under(c: &Cohort, policy: &Policy) -> Vec<(usize, usize, i64)> {
    let g = CompatibilityGraph::build(c, policy, CandidateMode::Exact).unwrap();
    g.edges().map(|(a, b, s)| (a, b, s.total)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// The feasibility report against oracles. (a) An unmatched teacher with feasible
    /// partners lists exactly its graph neighbours, each with its partners in the plan and
    /// whether it is full with partners it scores at least as high. (b) Each sensitivity
    /// row equals brute force: the most teachers with a partner under the relaxed policy
    /// (Participation is that optimum) against the same under the policy.
    #[test]
    fn feasibility_report_matches_oracles(
        n in 3usize..7,
        days in proptest::collection::vec(1u8..8, 7),
        subj in proptest::collection::vec(0u8..2, 7),
        caps in proptest::collection::vec(0u32..=2, 7),
    ) {
        let c = cohort(&days[..n], &subj[..n], &caps[..n], &[]);
        let e = edges(&c);
        let p = plan(&c, &PlannerOptions::default());
        let l = loads(&p);
        let partners = |v: usize| -> Vec<String> {
            p.pairs.iter().filter_map(|x| {
                let (a, b) = (index(&p, &x.a), index(&p, &x.b));
                if a == v { Some(x.b.clone()) } else if b == v { Some(x.a.clone()) } else { None }
            }).collect()
        };
        let score = |a: usize, b: usize| e.iter().find(|x| (x.0, x.1) == (a.min(b), a.max(b))).map(|x| x.2);
        for u in &p.unmatched {
            let ui = index(&p, &u.id);
            let nb: Vec<usize> = (0..n).filter(|&v| v != ui && score(ui, v).is_some()).collect();
            match &u.contested {
                None => prop_assert!(nb.is_empty() || caps[ui] == 0, "{:?}", u),
                Some(ct) => {
                    let ids: Vec<usize> = ct.partners.iter().map(|t| index(&p, &t.id)).collect();
                    prop_assert_eq!(&ids, &nb);
                    for t in &ct.partners {
                        let v = index(&p, &t.id);
                        prop_assert_eq!(&t.paired_with, &partners(v));
                        let held = l[v] >= caps[v] && partners(v).iter()
                            .all(|w| score(v, index(&p, w)) >= score(v, ui));
                        prop_assert_eq!(t.prefers_current, held);
                    }
                    prop_assert_eq!(&u.message, &ct.to_string());
                }
            }
        }
        let eligible_unmatched = (0..n).any(|i| caps[i] > 0 && l[i] == 0);
        prop_assert_eq!(p.sensitivity.is_some(), eligible_unmatched);
        if let Some(t) = &p.sensitivity {
            prop_assume!(e.len() <= 15);
            let base = brute_participation(n, &e, &caps[..n]).0;
            prop_assert_eq!(t.matched, base);
            for row in &t.rows {
                let relaxed = row.relaxation.apply(&Policy::default());
                let er = edges_under(&c, &relaxed);
                let got = brute_participation(n, &er, &caps[..n]).0;
                prop_assert_eq!(row.matched, Some(got), "{}", row.relaxation);
                prop_assert_eq!(row.more, got.saturating_sub(base));
            }
        }
    }
}

/// The binding reason names the feasible partners by name: X2 can only pair with X0
/// and X1, who are each other's better partner.
#[test]
fn contested_reason_names_the_partners() {
    // All free on Monday only with one subject; capacities 1: three teachers, one pair.
    let mut c = cohort(&[1, 1, 1], &[0, 0, 0], &[1, 1, 1], &[]);
    c.teachers[0].name = Some("Ana Lee".into());
    c.teachers[1].name = Some("Bo Chen".into());
    let p = plan(&c, &PlannerOptions::default());
    assert_eq!(p.unmatched.len(), 1, "{:?}", p.pair_ids());
    let u = &p.unmatched[0];
    let ct = u.contested.as_ref().expect("feasible partners");
    let names: Vec<&str> = ct
        .partners
        .iter()
        .filter_map(|t| t.name.as_deref())
        .collect();
    let expected: Vec<&str> = ["Ana Lee", "Bo Chen"]
        .into_iter()
        .zip(["X0", "X1"])
        .filter(|(_, id)| *id != u.id)
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, expected);
    assert!(u.message.contains(&expected.join(", ")), "{}", u.message);
    // Pseudonymised: no names left, ids renamed.
    let q = p.pseudonymised();
    assert!(
        !q.unmatched[0].message.contains("Ana Lee") && !q.unmatched[0].message.contains("Bo Chen")
    );
}

/// Regression (issue 8): ids that are prefixes of each other (T2, T3, T20, T30). The
/// pair T2 + T3, dropped for lack of capacity, used to be reported as "no longer a
/// feasible pair" because the reason was found by searching notice text.
#[test]
fn rematch_reason_with_prefix_ids() {
    let t = |id: &str, subj: &str| {
        Teacher::new(id, "S1")
            .with_subjects([subj])
            .with_year_levels([9])
            .with_free_periods([FreePeriod::new(Day::Mon, 600, 700)])
    };
    let first = Cohort::new(
        vec![School::new("S1", "One")],
        vec![
            t("T2", "maths"),
            t("T3", "maths"),
            t("T20", "art"),
            t("T30", "art"),
        ],
    );
    let planner = Planner::new(first, Policy::default());
    let prev = planner.plan().unwrap();
    assert_eq!(
        prev.pair_ids(),
        vec![("T2".into(), "T3".into()), ("T20".into(), "T30".into())]
    );
    // Now T2 must pair with a newcomer T4 (no capacity left for T3), and T20 avoids T30.
    let mut t2 = t("T2", "maths");
    t2.must_pair = vec!["T4".into()];
    let mut t20 = t("T20", "art");
    t20.avoid = vec!["T30".into()];
    let next = Cohort::new(
        vec![School::new("S1", "One")],
        vec![t2, t("T3", "maths"), t20, t("T30", "art"), t("T4", "maths")],
    );
    let p = Planner::new(next, Policy::default())
        .rematch(&prev, None)
        .unwrap();
    let ch = p.changes.unwrap();
    let reason = |a: &str, b: &str| {
        ch.broken
            .iter()
            .find(|x| x.a == a && x.b == b)
            .map(|x| x.reason.clone())
    };
    assert_eq!(reason("T2", "T3"), Some(BreakReason::NoCapacity));
    assert_eq!(reason("T20", "T30"), Some(BreakReason::NotFeasible));
}

/// Regression (issue 8): with numeric ids, pseudonymising used to rewrite numbers inside
/// notice text ("1 earlier pair(s) penalised by 2 points" became "T001 earlier pair(s)
/// penalised by T002 points"). Now only typed id fields are renamed.
#[test]
fn pseudonymised_notices_with_numeric_ids() {
    let teachers = ["1", "2", "3", "4"]
        .iter()
        .map(|id| {
            Teacher::new(*id, "S1")
                .with_subjects(["maths"])
                .with_year_levels([9])
                .with_free_periods([FreePeriod::new(Day::Mon, 600, 700)])
        })
        .collect();
    let c = Cohort::new(vec![School::new("S1", "One")], teachers);
    let options = PlannerOptions {
        history: vec![PastPair {
            a: "1".into(),
            b: "2".into(),
            round: 0,
        }],
        round: 1,
        history_penalty_points: 2,
        ..Default::default()
    };
    let p = plan(&c, &options).pseudonymised();
    let n = p
        .notices
        .iter()
        .find(|n| matches!(n, Notice::HistoryPenalised { .. }))
        .unwrap();
    assert_eq!(
        n,
        &Notice::HistoryPenalised {
            pairs: 1,
            points: 2
        }
    );
    assert_eq!(n.to_string(), "1 earlier pair(s) penalised by 2 points");
    assert!(p.teachers.iter().all(|t| t.starts_with('T')));
    // JSON: typed fields and a human message side by side, and it reads back.
    let json = serde_json::to_value(&p).unwrap();
    let first = json["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["kind"] == "HistoryPenalised")
        .unwrap();
    assert_eq!(first["points"], 2);
    assert_eq!(first["message"], "1 earlier pair(s) penalised by 2 points");
    let back: Proposal = serde_json::from_value(json).unwrap();
    assert_eq!(back.notices, p.notices);
}

/// A mutual first choice forbidden by the cooldown is dropped with a typed notice.
#[test]
fn mutual_choice_dropped_by_cooldown_says_why() {
    let c = cohort(&[1, 1, 1, 1], &[0; 4], &[1; 4], &[vec![1], vec![0]]);
    let options = PlannerOptions {
        history: vec![PastPair {
            a: "X0".into(),
            b: "X1".into(),
            round: 1,
        }],
        round: 2,
        cooldown_rounds: 1,
        ..Default::default()
    };
    let p = plan(&c, &options);
    assert!(p.notices.iter().any(|n| matches!(n,
        Notice::MutualChoiceDropped { a, b, why: MutualDropReason::Cooldown } if a == "X0" && b == "X1")));
    assert!(!p.pair_ids().contains(&("X0".into(), "X1".into())));
}

/// A teacher whose free periods overlap nobody's gets the specific reason with numbers,
/// and every count is at most the number of other teachers.
#[test]
fn unmatched_reason_names_the_binding_rule_with_numbers() {
    // X0..X3 free on Monday; X4 only on Wednesday afternoons, when nobody else is free.
    let mut c = cohort(&[1, 1, 1, 1, 1], &[0; 5], &[1; 5], &[]);
    c.teachers[4].free_periods = vec![FreePeriod::new(Day::Wed, 900, 960)];
    // Only free-period meetings (no online, after-school or group-meeting time).
    let mut policy = Policy::default();
    policy.meetings.online.enabled = false;
    policy.meetings.after_school.enabled = false;
    policy.meetings.group_meetings.enabled = false;
    let p = Planner::new(c, policy).plan().unwrap();
    let u = p.unmatched.iter().find(|u| u.id == "X4").unwrap();
    let b = u.blockers.as_ref().unwrap();
    assert_eq!(b.others, 4);
    assert!(b.rules.iter().all(|&(_, k)| k <= 4), "{b:?}");
    assert_eq!(
        b.rules,
        vec![(peermatch::plan::Rule::NotEnoughCommonTime, 4)]
    );
    assert_eq!(b.best_time.as_ref().map(|x| x.1), Some(0));
    assert!(
        u.message.starts_with("none of X4's free periods"),
        "{}",
        u.message
    );
    // Pseudonymised: the best colleague is renamed in the typed field and the message.
    let q = p.pseudonymised();
    let u = q.unmatched.iter().find(|u| u.id == "T005").unwrap();
    assert!(u.message.starts_with("none of T005's"), "{}", u.message);
    assert!(u
        .blockers
        .as_ref()
        .unwrap()
        .best_time
        .as_ref()
        .unwrap()
        .0
        .starts_with('T'));
}
