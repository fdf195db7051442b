//! Optional group constraints (issue #13 item 5): a travel cap to the venue, pairs kept
//! together or apart, a minimum number of schools. Checked by an independent checker
//! (travel recomputed here by haversine, every constraint re-evaluated on the returned
//! groups): every violation is reported and every report is a violation; and on small
//! cohorts, brute force over every partition shows that when some plan meets all the
//! constraints, the returned plan does too.

use std::collections::BTreeSet;

use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::cohort::Cohort;
use peermatch::compat::{CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;
use peermatch::groups::{
    check_constraints, form_groups, form_groups_constrained, ConstraintError, GroupConstraints,
    GroupNotice, GroupOptions, GroupPlan, PairsMode,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "support/travel.rs"]
mod travel;
use travel::minutes;

/// The violations of a plan, as the test sees them.
#[derive(Debug, Default, PartialEq, Eq)]
struct Violations {
    /// Groups (plan indices) with no member school within the cap of every member.
    travel: BTreeSet<usize>,
    /// Groups with fewer distinct schools than asked.
    schools: BTreeSet<usize>,
    /// Pairs (ids, in the constraint's order) violated.
    pairs: BTreeSet<(String, String)>,
}

impl Violations {
    fn is_empty(&self) -> bool {
        self.travel.is_empty() && self.schools.is_empty() && self.pairs.is_empty()
    }
}

/// Re-evaluates every constraint on groups of teacher indices.
fn independent(
    c: &Cohort,
    p: &Policy,
    groups: &[Vec<usize>],
    cons: &GroupConstraints,
) -> Violations {
    let school = |t: usize| c.teachers[t].school.as_str();
    let mut v = Violations::default();
    for (gi, g) in groups.iter().enumerate() {
        if let Some(cap) = cons.max_travel_minutes {
            let ok = g.iter().any(|&venue| {
                g.iter()
                    .all(|&m| minutes(c, p, school(m), school(venue)) <= u64::from(cap))
            });
            if !ok {
                v.travel.insert(gi);
            }
        }
        if let Some(k) = cons.min_schools {
            let distinct: BTreeSet<&str> = g.iter().map(|&m| school(m)).collect();
            if distinct.len() < k {
                v.schools.insert(gi);
            }
        }
    }
    let group_of = |id: &str| {
        let t = c.teachers.iter().position(|t| t.id == id).unwrap();
        groups.iter().position(|g| g.contains(&t)).unwrap()
    };
    for (a, b) in &cons.pairs {
        let same = group_of(a) == group_of(b);
        if same == (cons.pairs_mode == PairsMode::Apart) {
            v.pairs.insert((a.clone(), b.clone()));
        }
    }
    v
}

/// The violations the plan reports, with each notice's details checked against the
/// cohort.
fn reported(c: &Cohort, p: &Policy, plan: &GroupPlan, cons: &GroupConstraints) -> Violations {
    let mut v = Violations::default();
    for n in &plan.notices {
        match n {
            GroupNotice::TravelCapExceeded {
                group,
                first,
                cap_minutes,
                venue,
                over,
            } => {
                let g = &plan.groups[*group];
                assert_eq!(first.index, g.members[0]);
                assert_eq!(Some(*cap_minutes), cons.max_travel_minutes);
                if let Some(venue) = venue {
                    // Exactly the members over the cap at that venue are listed, with
                    // their minutes.
                    let mut expect = Vec::new();
                    for &m in &g.members {
                        let t = minutes(c, p, &c.teachers[m].school, venue);
                        if t > u64::from(*cap_minutes) {
                            expect.push((m, t));
                        }
                    }
                    let got: Vec<(usize, u64)> = over
                        .iter()
                        .map(|o| (o.member.index, u64::from(o.minutes.unwrap())))
                        .collect();
                    assert_eq!(got, expect, "{n}");
                    assert!(g.members.iter().any(|&m| &c.teachers[m].school == venue));
                }
                for o in over {
                    assert_eq!(
                        o.member.id.as_deref(),
                        Some(c.teachers[o.member.index].id.as_str())
                    );
                    assert!(n.to_string().contains(&c.teachers[o.member.index].id));
                }
                assert!(v.travel.insert(*group), "one notice per group");
            }
            GroupNotice::TooFewSchools {
                group,
                schools,
                min_schools,
                ..
            } => {
                assert_eq!(*schools, plan.groups[*group].schools.len());
                assert_eq!(Some(*min_schools), cons.min_schools);
                assert!(v.schools.insert(*group));
            }
            GroupNotice::PairSplit { a, b, .. } | GroupNotice::PairTogether { a, b, .. } => {
                let (a, b) = (a.id.clone().unwrap(), b.id.clone().unwrap());
                let key = if cons.pairs.contains(&(a.clone(), b.clone())) {
                    (a, b)
                } else {
                    (b, a)
                };
                assert!(cons.pairs.contains(&key), "{n}");
                assert!(v.pairs.insert(key));
            }
            _ => {}
        }
    }
    v
}

/// Every teacher once, sizes within bounds, the objective the sum of the groups'.
fn check_partition(n: usize, plan: &GroupPlan, opts: &GroupOptions) {
    let mut seen = vec![0; n];
    for g in &plan.groups {
        assert!((opts.min_size..=opts.max_size).contains(&g.members.len()));
        for &m in &g.members {
            seen[m] += 1;
        }
    }
    assert!(seen.iter().all(|&s| s == 1));
    assert_eq!(
        plan.objective,
        plan.groups.iter().map(|g| g.objective).sum::<i64>()
    );
}

fn cohort(n: usize, per_school: usize, cities: usize, seed: u64) -> Cohort {
    generate(&GeneratorConfig {
        teachers_per_school: per_school,
        cities,
        city_spread_km: 8.0,
        ..GeneratorConfig::city(n, seed)
    })
}

/// `k` random disjoint pairs of teacher ids.
fn random_pairs(c: &Cohort, k: usize, rng: &mut ChaCha8Rng) -> Vec<(String, String)> {
    let mut ids: Vec<String> = c.teachers.iter().map(|t| t.id.clone()).collect();
    for i in (1..ids.len()).rev() {
        ids.swap(i, rng.random_range(0..=i));
    }
    ids.chunks(2)
        .take(k)
        .filter(|ch| ch.len() == 2)
        .map(|ch| (ch[0].clone(), ch[1].clone()))
        .collect()
}

fn random_constraints(c: &Cohort, rng: &mut ChaCha8Rng, pairs: usize) -> GroupConstraints {
    GroupConstraints {
        max_travel_minutes: rng.random_bool(0.7).then(|| rng.random_range(12..45)),
        pairs: if rng.random_bool(0.7) {
            random_pairs(c, pairs, rng)
        } else {
            Vec::new()
        },
        pairs_mode: if rng.random_bool(0.5) {
            PairsMode::Together
        } else {
            PairsMode::Apart
        },
        min_schools: rng.random_bool(0.6).then(|| rng.random_range(2..5)),
    }
}

#[test]
fn violations_are_reported_iff_they_exist_on_generated_cohorts() {
    let p = Policy::default();
    let (mut with, mut without) = (0, 0);
    for seed in 0..12u64 {
        let c = cohort(40, 3, 1 + (seed % 2) as usize, seed);
        let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let cons = random_constraints(&c, &mut rng, 8);
        let opts = GroupOptions {
            seed,
            kicks: 2,
            ..GroupOptions::default()
        };
        let all: Vec<usize> = (0..c.teachers.len()).collect();
        let plan = form_groups_constrained(&g, &all, &opts, &cons).unwrap();
        check_partition(c.teachers.len(), &plan, &opts);
        let groups: Vec<Vec<usize>> = plan.groups.iter().map(|g| g.members.clone()).collect();
        let truth = independent(&c, &p, &groups, &cons);
        assert_eq!(
            reported(&c, &p, &plan, &cons),
            truth,
            "seed {seed}: {cons:?}"
        );
        // The library's own checker agrees on the same plan.
        let again = check_constraints(&g, &plan, &cons).unwrap();
        let kinds = |n: &GroupNotice| {
            matches!(
                n,
                GroupNotice::TravelCapExceeded { .. }
                    | GroupNotice::TooFewSchools { .. }
                    | GroupNotice::PairSplit { .. }
                    | GroupNotice::PairTogether { .. }
            )
        };
        let in_plan: Vec<&GroupNotice> = plan.notices.iter().filter(|n| kinds(n)).collect();
        assert_eq!(in_plan, again.iter().collect::<Vec<_>>());
        if truth.is_empty() {
            without += 1;
        } else {
            with += 1;
        }
    }
    assert!(
        with > 0 && without > 0,
        "both cases occur: {with} / {without}"
    );
}

/// Every partition of `0..n` into blocks of `lo..=hi` members, in canonical order.
fn partitions(n: usize, lo: usize, hi: usize) -> Vec<Vec<Vec<usize>>> {
    fn rec(
        i: usize,
        n: usize,
        hi: usize,
        cur: &mut Vec<Vec<usize>>,
        out: &mut Vec<Vec<Vec<usize>>>,
        lo: usize,
    ) {
        if i == n {
            if cur.iter().all(|b| b.len() >= lo) {
                out.push(cur.clone());
            }
            return;
        }
        for b in 0..cur.len() {
            if cur[b].len() < hi {
                cur[b].push(i);
                rec(i + 1, n, hi, cur, out, lo);
                cur[b].pop();
            }
        }
        cur.push(vec![i]);
        rec(i + 1, n, hi, cur, out, lo);
        cur.pop();
    }
    let mut out = Vec::new();
    rec(0, n, hi, &mut Vec::new(), &mut out, lo);
    out
}

#[test]
fn the_repair_finds_a_feasible_plan_whenever_brute_force_does() {
    let p = Policy::default();
    let (n, lo, hi) = (9, 2, 4);
    let all_parts = partitions(n, lo, hi);
    assert!(all_parts.len() > 1000);
    let (mut binding, mut infeasible) = (0, 0);
    for seed in 0..150u64 {
        let c = cohort(n, 2, 1 + (seed % 3 == 0) as usize, 100 + seed);
        let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let cons = random_constraints(&c, &mut rng, 3);
        let opts = GroupOptions {
            min_size: lo,
            max_size: hi,
            seed,
            kicks: 2,
            ..GroupOptions::default()
        };
        let feasible = all_parts
            .iter()
            .filter(|parts| independent(&c, &p, parts, &cons).is_empty())
            .count();
        let all: Vec<usize> = (0..n).collect();
        let plan = form_groups_constrained(&g, &all, &opts, &cons).unwrap();
        check_partition(n, &plan, &opts);
        let groups: Vec<Vec<usize>> = plan.groups.iter().map(|g| g.members.clone()).collect();
        let got = independent(&c, &p, &groups, &cons);
        assert_eq!(reported(&c, &p, &plan, &cons), got);
        if feasible > 0 {
            assert!(
                got.is_empty(),
                "seed {seed}: {feasible} feasible partitions, but {got:?} for {cons:?}"
            );
            binding += usize::from(feasible < all_parts.len());
        } else {
            infeasible += 1;
            assert!(!got.is_empty());
        }
    }
    assert!(binding >= 10, "constraints bind in {binding} cases");
    assert!(infeasible > 0, "some cases are infeasible");
}

#[test]
fn constraints_that_bind_nothing_change_nothing() {
    let p = Policy::default();
    let c = cohort(30, 3, 1, 5);
    let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
    let opts = GroupOptions::default();
    let plain = form_groups(&g, &opts).unwrap();
    let cons = GroupConstraints {
        max_travel_minutes: Some(100_000),
        min_schools: Some(1),
        ..GroupConstraints::default()
    };
    let all: Vec<usize> = (0..c.teachers.len()).collect();
    let plan = form_groups_constrained(&g, &all, &opts, &cons).unwrap();
    assert_eq!(plan.groups, plain.groups);
    assert_eq!(plan.objective, plain.objective);
    assert!(!plan
        .notices
        .iter()
        .any(|n| matches!(n, GroupNotice::ConstraintRepair { .. })));
}

#[test]
fn bad_pairs_are_errors_naming_the_id() {
    let p = Policy::default();
    let c = cohort(12, 3, 1, 1);
    let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
    let all: Vec<usize> = (0..12).collect();
    let id0 = c.teachers[0].id.clone();
    let cons = GroupConstraints {
        pairs: vec![(id0.clone(), "NOPE".into())],
        ..GroupConstraints::default()
    };
    let e = form_groups_constrained(&g, &all, &GroupOptions::default(), &cons).unwrap_err();
    assert!(matches!(&e, ConstraintError::UnknownTeacher { id, .. } if id == "NOPE"));
    assert!(e.to_string().contains("NOPE"));
    let cons = GroupConstraints {
        pairs: vec![(id0.clone(), id0.clone())],
        ..GroupConstraints::default()
    };
    let e = form_groups_constrained(&g, &all, &GroupOptions::default(), &cons).unwrap_err();
    assert!(matches!(e, ConstraintError::SelfPair { .. }));
    let cons = GroupConstraints {
        pairs: vec![(id0.clone(), c.teachers[11].id.clone())],
        ..GroupConstraints::default()
    };
    let e = form_groups_constrained(&g, &all[..8], &GroupOptions::default(), &cons).unwrap_err();
    assert!(matches!(e, ConstraintError::NotParticipating { .. }), "{e}");
}
