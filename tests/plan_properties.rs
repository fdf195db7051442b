//! Properties of the planner on small generated cohorts, against independent oracles:
//! the cohort's own lists (pins, avoids, capacities), the scorer (feasibility) and a
//! re-plan (re-match without change).

use std::collections::BTreeMap;

use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::compat::{Policy, Scorer};
use peermatch::plan::{Notice, Objective, OddPolicy, Planner, PlannerOptions};
use proptest::prelude::*;

fn objective(k: u8) -> Objective {
    match k % 4 {
        0 => Objective::MaxWeight,
        1 => Objective::MaxCardinalityThenWeight,
        2 => Objective::Stable,
        _ => Objective::MinRegret,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn pins_avoids_capacities_and_idle_rematch(
        n in 4usize..26,
        seed in 0u64..10_000,
        caps in proptest::collection::vec(0u32..=3, 26),
        obj in 0u8..4,
        trio in any::<bool>(),
    ) {
        let mut cfg = GeneratorConfig::city(n, seed);
        cfg.avoid_rate = 0.2;
        cfg.must_rate = 0.1;
        let mut cohort = generate(&cfg);
        // Random capacities, but never below the number of must-partners (that would make
        // the cohort invalid rather than test the planner).
        let mut must: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
        for t in &cohort.teachers {
            for m in &t.must_pair {
                must.entry(t.id.clone()).or_default().insert(m.clone());
                must.entry(m.clone()).or_default().insert(t.id.clone());
            }
        }
        for (t, &c) in cohort.teachers.iter_mut().zip(&caps) {
            t.capacity = c.max(must.get(&t.id).map_or(0, |s| s.len() as u32));
        }
        prop_assert!(cohort.validate().is_ok());
        // A looser policy than the default gives denser graphs (more choices to get wrong).
        let mut policy = Policy::default();
        policy.hard.require_shared_subject = false;
        let options = PlannerOptions {
            objective: objective(obj),
            odd: if trio { OddPolicy::Trio } else { OddPolicy::LeaveOut },
            ..Default::default()
        };
        let planner = Planner::new(cohort.clone(), policy.clone()).with_options(options);
        let p = planner.plan().unwrap();
        // Under Stable with capacities above 1 a stable b-matching need not exist (stable
        // fixtures); then the planner says so with a typed notice and its check counts the
        // fallback's blocking pairs. Every other check must pass.
        let no_stable = p
            .notices
            .iter()
            .any(|n| matches!(n, Notice::NoStableMatching { .. }));
        prop_assert!(
            p.check.passed() || (obj % 4 == 2 && no_stable),
            "{:?}",
            p.check
        );

        let ix = |id: &str| cohort.teacher_index(id).unwrap();
        let scorer = Scorer::new(&cohort, &policy).unwrap();
        let mut load: BTreeMap<usize, u32> = BTreeMap::new();
        for pair in &p.pairs {
            let (a, b) = (ix(&pair.a), ix(&pair.b));
            *load.entry(a).or_default() += 1;
            *load.entry(b).or_default() += 1;
            let (ta, tb) = (&cohort.teachers[a], &cohort.teachers[b]);
            // Avoid lists are respected in both directions.
            prop_assert!(!ta.avoid.contains(&tb.id) && !tb.avoid.contains(&ta.id));
            // Every pair is feasible, or a must-pair.
            let must = ta.must_pair.contains(&tb.id) || tb.must_pair.contains(&ta.id);
            prop_assert!(scorer.score(a, b).is_ok() || must);
            prop_assert_eq!(pair.pinned, must);
        }
        // At most one trio, its third is not also in a pair, and it fits both members.
        let trios: Vec<_> = p.pairs.iter().filter_map(|x| x.third.as_ref().map(|t| (x, t))).collect();
        prop_assert!(trios.len() <= 1, "{} trios", trios.len());
        for (pair, third) in &trios {
            prop_assert!(!load.contains_key(&ix(&third.id)));
            let u = ix(&third.id);
            prop_assert!(scorer.score(u, ix(&pair.a)).is_ok() && scorer.score(u, ix(&pair.b)).is_ok());
        }
        // Capacities are never exceeded; capacity 0 never pairs.
        for (&v, &l) in &load {
            prop_assert!(l <= cohort.teachers[v].capacity, "{} over capacity", cohort.teachers[v].id);
        }
        // Every must-pair is in the plan.
        let ids = p.pair_ids();
        for t in &cohort.teachers {
            for m in &t.must_pair {
                let key = if ix(&t.id) < ix(m) { (t.id.clone(), m.clone()) } else { (m.clone(), t.id.clone()) };
                prop_assert!(ids.contains(&key), "must-pair {:?} missing", key);
            }
        }
        // Re-match with no change changes nothing.
        let r = planner.rematch(&p, None).unwrap();
        prop_assert_eq!(r.pair_ids(), ids);
        let ch = r.changes.unwrap();
        prop_assert!(ch.broken.is_empty() && ch.new_pairs.is_empty());
    }
}
