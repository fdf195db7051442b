//! The general group search (`peermatch::groups::search`) and the MDGPLIB parser:
//! exact brute force over all labelled assignments for small n with per-group bounds and
//! fixed or ranged group counts (dense and sparse weights, school penalties), an
//! independent checker for every returned partition, determinism under a seed and a
//! round budget, warm starts, the progress hook, and parser errors with line numbers.

use std::ops::ControlFlow;

use peermatch::groups::{
    parse_mdgplib, search, search_with_progress, InstanceErrorKind, Problem, SearchError,
    SearchOptions, Shape, StopReason, Weights,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Independent pair weight: edge list lookup plus school penalty (shares no code with
/// the library's `Weights`).
struct Oracle {
    n: usize,
    w: Vec<i64>,
    schools: Option<(Vec<usize>, i64)>,
}

impl Oracle {
    fn pair(&self, a: usize, b: usize) -> i64 {
        let e = self.w[a * self.n + b];
        match &self.schools {
            Some((s, p)) if s[a] == s[b] => e - p,
            _ => e,
        }
    }
}

/// The independent checker: every participant exactly once, the group count and every
/// group's bounds, `group_of` consistent, and the objective recomputed.
fn check(o: &Oracle, bounds: &[(usize, usize)], sol: &peermatch::groups::Solution) {
    assert_eq!(sol.groups.len(), bounds.len(), "group count");
    let mut seen = vec![false; o.n];
    for (g, m) in sol.groups.iter().enumerate() {
        assert!(
            (bounds[g].0..=bounds[g].1).contains(&m.len()),
            "group {g} size {} outside {:?}",
            m.len(),
            bounds[g]
        );
        assert!(m.windows(2).all(|x| x[0] < x[1]), "members ascending");
        for &v in m {
            assert!(!seen[v], "participant {v} twice");
            seen[v] = true;
            assert_eq!(sol.group_of[v], g);
        }
    }
    assert!(seen.iter().all(|&s| s), "everyone placed");
    let mut obj = 0;
    for m in &sol.groups {
        for (i, &a) in m.iter().enumerate() {
            for &b in &m[i + 1..] {
                obj += o.pair(a, b);
            }
        }
    }
    assert_eq!(sol.objective, obj, "objective recomputed");
}

/// Optimum over all assignments of n participants to the labelled groups.
fn brute(o: &Oracle, bounds: &[(usize, usize)]) -> Option<i64> {
    let k = bounds.len();
    let mut assign = vec![0usize; o.n];
    let mut best = None;
    loop {
        let mut size = vec![0usize; k];
        for &g in &assign {
            size[g] += 1;
        }
        if size
            .iter()
            .zip(bounds)
            .all(|(&s, &(lo, hi))| (lo..=hi).contains(&s))
        {
            let mut obj = 0;
            for a in 0..o.n {
                for b in a + 1..o.n {
                    if assign[a] == assign[b] {
                        obj += o.pair(a, b);
                    }
                }
            }
            best = Some(best.map_or(obj, |x: i64| x.max(obj)));
        }
        // Next assignment in base k.
        let mut i = 0;
        loop {
            if i == o.n {
                return best;
            }
            assign[i] += 1;
            if assign[i] < k {
                break;
            }
            assign[i] = 0;
            i += 1;
        }
    }
}

fn random_case(rng: &mut ChaCha8Rng, sparse: bool) -> (Oracle, Weights) {
    let n = rng.random_range(3..=8);
    let mut w = vec![0i64; n * n];
    let mut edges = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            if sparse && rng.random_bool(0.4) {
                continue;
            }
            let x = rng.random_range(-20..=100);
            w[a * n + b] = x;
            w[b * n + a] = x;
            edges.push((b, a, x));
        }
    }
    if sparse {
        let schools: Vec<usize> = (0..n).map(|_| rng.random_range(0..3)).collect();
        let pen = rng.random_range(0..40);
        let weights = Weights::sparse(n, &edges)
            .unwrap()
            .with_school_penalty(schools.clone(), pen)
            .unwrap();
        (
            Oracle {
                n,
                w,
                schools: Some((schools, pen)),
            },
            weights,
        )
    } else {
        let weights = Weights::dense(n, w.clone()).unwrap();
        (
            Oracle {
                n,
                w,
                schools: None,
            },
            weights,
        )
    }
}

fn random_bounds(rng: &mut ChaCha8Rng, n: usize) -> Vec<(usize, usize)> {
    loop {
        let k = rng.random_range(1..=3.min(n));
        let b: Vec<(usize, usize)> = (0..k)
            .map(|_| {
                let lo = rng.random_range(1..=3);
                (lo, lo + rng.random_range(0..=3))
            })
            .collect();
        let lo: usize = b.iter().map(|x| x.0).sum();
        let hi: usize = b.iter().map(|x| x.1).sum();
        if lo <= n && n <= hi {
            return b;
        }
    }
}

#[test]
fn per_group_bounds_match_brute_force() {
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    let (mut cases, mut exact) = (0, 0);
    for round in 0..160 {
        let (o, weights) = random_case(&mut rng, round % 2 == 1);
        let bounds = random_bounds(&mut rng, o.n);
        let opt = brute(&o, &bounds).expect("feasible by construction");
        let p = Problem {
            weights,
            shape: Shape::Fixed(bounds.clone()),
        };
        let opts = SearchOptions {
            seed: round,
            max_rounds: Some(60),
            ..SearchOptions::default()
        };
        let sol = search(&p, &opts).unwrap();
        check(&o, &bounds, &sol);
        assert!(sol.objective <= opt, "never above the optimum");
        cases += 1;
        exact += usize::from(sol.objective == opt);
    }
    println!("search vs brute force: {exact} of {cases} optimal");
    assert!(exact * 100 >= cases * 97, "{exact} of {cases} optimal");
}

#[test]
fn group_count_range_matches_brute_force_over_counts() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for round in 0..40 {
        let (o, weights) = random_case(&mut rng, round % 2 == 0);
        let (lo, hi) = (2, 3);
        let shape = Shape::Uniform {
            min_groups: 1,
            max_groups: 3,
            min_size: lo,
            max_size: hi,
        };
        let mut opt: Option<(i64, usize)> = None;
        for k in 1..=3 {
            if let Some(v) = brute(&o, &vec![(lo, hi); k]) {
                if opt.is_none_or(|x| v > x.0) {
                    opt = Some((v, k));
                }
            }
        }
        let p = Problem { weights, shape };
        let res = search(
            &p,
            &SearchOptions {
                seed: 3,
                max_rounds: Some(90),
                ..SearchOptions::default()
            },
        );
        match opt {
            None => assert!(matches!(res, Err(SearchError::Infeasible { .. }))),
            Some((v, _)) => {
                let sol = res.unwrap();
                check(&o, &vec![(lo, hi); sol.groups.len()], &sol);
                assert_eq!(sol.objective, v, "round {round}");
            }
        }
    }
}

fn mid_instance(seed: u64) -> (Oracle, Problem, Vec<(usize, usize)>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = 60;
    let mut w = vec![0i64; n * n];
    for a in 0..n {
        for b in a + 1..n {
            let x = rng.random_range(0..1000);
            w[a * n + b] = x;
            w[b * n + a] = x;
        }
    }
    let bounds = vec![(8, 12), (10, 14), (9, 11), (12, 16), (10, 10)];
    let p = Problem {
        weights: Weights::dense(n, w.clone()).unwrap(),
        shape: Shape::Fixed(bounds.clone()),
    };
    (
        Oracle {
            n,
            w,
            schools: None,
        },
        p,
        bounds,
    )
}

#[test]
fn deterministic_under_seed_and_round_budget() {
    let (o, p, bounds) = mid_instance(1);
    let opts = SearchOptions {
        seed: 42,
        max_rounds: Some(300),
        ..SearchOptions::default()
    };
    let a = search(&p, &opts).unwrap();
    let b = search(&p, &opts).unwrap();
    check(&o, &bounds, &a);
    assert_eq!(a, b);
    assert_eq!(a.rounds, 300);
    assert_eq!(a.stopped, StopReason::Rounds);
}

/// The default effort (no budget: round, stale-round and counted-work caps) must not
/// depend on the clock: two runs under one seed agree, stay within the round cap and
/// end at a local optimum.
#[test]
fn default_budget_is_deterministic() {
    for seed in 1..4 {
        let (o, p, bounds) = mid_instance(seed);
        let opts = SearchOptions {
            seed,
            ..SearchOptions::default()
        };
        let a = search(&p, &opts).unwrap();
        let b = search(&p, &opts).unwrap();
        check(&o, &bounds, &a);
        assert_eq!(a, b);
        assert!(a.rounds <= peermatch::groups::DEFAULT_ROUNDS);
        assert_eq!(a.stopped, StopReason::Rounds);
        assert!(is_local_optimum(&o, &bounds, &a.groups));
    }
}

#[test]
fn population_search_matches_brute_force_on_small_cases() {
    let mut rng = ChaCha8Rng::seed_from_u64(31);
    let (mut cases, mut exact) = (0, 0);
    for round in 0..80 {
        let (o, weights) = random_case(&mut rng, false);
        let bounds = random_bounds(&mut rng, o.n);
        let opt = brute(&o, &bounds).expect("feasible by construction");
        let p = Problem {
            weights,
            shape: Shape::Fixed(bounds.clone()),
        };
        let opts = SearchOptions {
            seed: round,
            max_rounds: Some(400),
            population: Some(4),
            ..SearchOptions::default()
        };
        let sol = search(&p, &opts).unwrap();
        check(&o, &bounds, &sol);
        assert!(sol.objective <= opt, "never above the optimum");
        assert_eq!(sol.rounds, 400, "the round budget is spent exactly");
        cases += 1;
        exact += usize::from(sol.objective == opt);
    }
    println!("population search vs brute force: {exact} of {cases} optimal");
    assert!(exact * 100 >= cases * 97, "{exact} of {cases} optimal");
}

#[test]
fn population_search_is_deterministic_and_no_worse_than_its_pool_start() {
    let (o, p, bounds) = mid_instance(3);
    let opts = SearchOptions {
        seed: 7,
        max_rounds: Some(2000),
        population: Some(5),
        ..SearchOptions::default()
    };
    let a = search(&p, &opts).unwrap();
    let b = search(&p, &opts).unwrap();
    check(&o, &bounds, &a);
    assert_eq!(a, b);
    assert_eq!(a.rounds, 2000);
    // The first pool member gets the first rounds of the budget: the whole run can only
    // be better or equal.
    let first = search(
        &p,
        &SearchOptions {
            seed: 7,
            max_rounds: Some(120),
            population: Some(5),
            ..SearchOptions::default()
        },
    )
    .unwrap();
    check(&o, &bounds, &first);
    assert!(a.objective >= first.objective);
}

/// `true` when no single move (sizes permitting) or swap improves the partition,
/// checked by enumerating them all from scratch.
fn is_local_optimum(o: &Oracle, bounds: &[(usize, usize)], groups: &[Vec<usize>]) -> bool {
    let value = |gs: &[Vec<usize>]| -> i64 {
        gs.iter()
            .map(|m| {
                let mut s = 0;
                for (i, &a) in m.iter().enumerate() {
                    for &b in &m[i + 1..] {
                        s += o.pair(a, b);
                    }
                }
                s
            })
            .sum()
    };
    let base = value(groups);
    let k = groups.len();
    for g in 0..k {
        for x in 0..groups[g].len() {
            for h in 0..k {
                if h == g {
                    continue;
                }
                if groups[g].len() > bounds[g].0 && groups[h].len() < bounds[h].1 {
                    let mut t = groups.to_vec();
                    let v = t[g].remove(x);
                    t[h].push(v);
                    if value(&t) > base {
                        return false;
                    }
                }
                for y in 0..groups[h].len() {
                    let mut t = groups.to_vec();
                    t[g][x] = groups[h][y];
                    t[h][y] = groups[g][x];
                    if value(&t) > base {
                        return false;
                    }
                }
            }
        }
    }
    true
}

#[test]
fn results_are_local_optima_for_moves_and_swaps() {
    for seed in 0..4 {
        let (o, p, bounds) = mid_instance(10 + seed);
        for population in [Some(0), Some(3)] {
            let sol = search(
                &p,
                &SearchOptions {
                    seed,
                    max_rounds: Some(200),
                    population,
                    ..SearchOptions::default()
                },
            )
            .unwrap();
            check(&o, &bounds, &sol);
            assert!(
                is_local_optimum(&o, &bounds, &sol.groups),
                "seed {seed}, population {population:?}: an improving move or swap is left"
            );
        }
    }
}

#[test]
fn warm_start_is_improved_and_checked() {
    let (o, p, bounds) = mid_instance(2);
    // Warm start: participants in index order, groups of 12, 14, 11, 13 and 10.
    let mut ws = Vec::new();
    for (g, s) in [12, 14, 11, 13, 10].into_iter().enumerate() {
        ws.extend(std::iter::repeat_n(g, s));
    }
    assert_eq!(ws.len(), 60);
    let mut groups = vec![Vec::new(); bounds.len()];
    for (v, &g) in ws.iter().enumerate() {
        groups[g].push(v);
    }
    let start_obj = p.weights.objective_of(&groups);
    let sol = search(
        &p,
        &SearchOptions {
            max_rounds: Some(0),
            warm_start: Some(ws.clone()),
            ..SearchOptions::default()
        },
    )
    .unwrap();
    check(&o, &bounds, &sol);
    assert!(sol.objective > start_obj);
    // Wrong length, wrong group count, a group out of bounds.
    let bad = |ws: Vec<usize>| {
        search(
            &p,
            &SearchOptions {
                warm_start: Some(ws),
                ..SearchOptions::default()
            },
        )
    };
    assert!(matches!(
        bad(vec![0; 59]),
        Err(SearchError::WarmStartLength { n: 60, got: 59 })
    ));
    assert!(matches!(
        bad(vec![0; 60]),
        Err(SearchError::WarmStartShape { .. })
    ));
    let mut over = ws.clone();
    over[0] = 4; // group 0 drops to 11 (fine), group 4 gets more than its 10
    assert!(matches!(
        bad(over),
        Err(SearchError::WarmStartShape { group: 4, .. })
    ));
}

#[test]
fn progress_hook_sees_improvements_and_can_stop() {
    let (o, p, bounds) = mid_instance(3);
    let mut calls = Vec::new();
    let sol = search_with_progress(
        &p,
        &SearchOptions {
            max_rounds: Some(100_000),
            ..SearchOptions::default()
        },
        &mut |pr| {
            calls.push(pr.best);
            if calls.len() == 3 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    )
    .unwrap();
    assert_eq!(sol.stopped, StopReason::Hook);
    assert_eq!(calls.len(), 3);
    assert!(calls.windows(2).all(|x| x[0] <= x[1]));
    assert!(sol.rounds < 100_000);
    check(&o, &bounds, &sol);
}

#[test]
fn invalid_problems_are_typed_errors() {
    assert!(matches!(
        Weights::dense(3, vec![0; 8]),
        Err(SearchError::DenseLength { n: 3, len: 8 })
    ));
    let mut w = vec![0; 9];
    w[1] = 5;
    assert!(matches!(
        Weights::dense(3, w),
        Err(SearchError::Asymmetric { a: 0, b: 1 })
    ));
    assert!(matches!(
        Weights::sparse(3, &[(0, 1, 1), (1, 0, 2)]),
        Err(SearchError::DuplicateEdge { a: 0, b: 1 })
    ));
    assert!(matches!(
        Weights::sparse(3, &[(0, 3, 1)]),
        Err(SearchError::EdgeEndpoint { index: 0, .. })
    ));
    let p = Problem {
        weights: Weights::dense(5, vec![0; 25]).unwrap(),
        shape: Shape::Fixed(vec![(1, 2), (1, 2)]),
    };
    assert!(matches!(
        search(&p, &SearchOptions::default()),
        Err(SearchError::Infeasible {
            n: 5,
            min_total: 2,
            max_total: 4
        })
    ));
}

#[test]
fn mdgplib_parser_scales_exactly_and_names_lines() {
    let text = "4 2 ds 1 3 2 2\n0 1 1.5\n0 2 2\n0 3 0.25\n1 2 7.\n1 3 -1\n2 3 3.125\n";
    let inst = parse_mdgplib(text).unwrap();
    assert_eq!(inst.decimals, 3);
    assert_eq!(inst.bounds, vec![(1, 3), (2, 2)]);
    assert!(!inst.same_size);
    assert_eq!(inst.weights[1], 1500);
    assert_eq!(inst.weights[3 * 4], 250);
    assert_eq!(inst.weights[4 + 3], -1000);
    assert_eq!(inst.weights[2 * 4 + 3], 3125);
    assert_eq!(inst.format_value(47_363_207), "47363.207");
    assert_eq!(inst.format_value(-5), "-0.005");
    // Brute force: group 1 has exactly 2 members.
    let p = inst.problem().unwrap();
    let sol = search(
        &p,
        &SearchOptions {
            max_rounds: Some(20),
            ..SearchOptions::default()
        },
    )
    .unwrap();
    let o = Oracle {
        n: 4,
        w: inst.weights.clone(),
        schools: None,
    };
    check(&o, &inst.bounds, &sol);
    assert_eq!(Some(sol.objective), brute(&o, &inst.bounds));

    let err = |t: &str| parse_mdgplib(t).unwrap_err();
    assert_eq!(err("").line, 1);
    assert!(matches!(err("").kind, InstanceErrorKind::Empty));
    let e = err("4 2 xs 1 3 2 2\n");
    assert_eq!(e.line, 1);
    assert!(matches!(e.kind, InstanceErrorKind::Header(_)));
    assert!(matches!(
        err("4 2 ss 2 2\n").kind,
        InstanceErrorKind::Header(_)
    ));
    let e = err("4 2 ss 2 2 2 2\n0 1 1\n0 4 2\n");
    assert_eq!(e.line, 3);
    assert!(matches!(
        e.kind,
        InstanceErrorKind::Index { i: 0, j: 4, n: 4 }
    ));
    let e = err("4 2 ss 2 2 2 2\n0 1 1\n\n1 0 2\n");
    assert_eq!(e.line, 4);
    assert!(matches!(
        e.kind,
        InstanceErrorKind::Duplicate { first_line: 2, .. }
    ));
    let e = err("4 2 ss 2 2 2 2\n0 1 1\n0 2 abc\n");
    assert_eq!(e.line, 3);
    assert!(matches!(e.kind, InstanceErrorKind::Value(_)));
    let e = err("4 2 ss 2 2 2 2\n0 1\n");
    assert_eq!(e.line, 2);
    assert!(e.to_string().starts_with("line 2: "));
}
