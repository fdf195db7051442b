//! Group quality against exact brute force: every partition of up to 9 people into
//! groups of valid sizes is enumerated, and the heuristic's objective is compared with
//! the optimum.

use peermatch::groups::{form_groups_scores, GroupOptions, GroupPlan};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A random instance: symmetric scores (some pairs infeasible), schools.
struct Instance {
    n: usize,
    score: Vec<Option<i64>>,
    schools: Vec<usize>,
}

impl Instance {
    fn random(n: usize, seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut score = vec![None; n * n];
        for a in 0..n {
            for b in a + 1..n {
                let s = if rng.random_bool(0.2) {
                    None
                } else {
                    Some(rng.random_range(0..100_i64))
                };
                score[a * n + b] = s;
                score[b * n + a] = s;
            }
        }
        let schools = (0..n).map(|_| rng.random_range(0..3)).collect();
        Instance { n, score, schools }
    }

    fn s(&self, a: usize, b: usize) -> Option<i64> {
        self.score[a * self.n + b]
    }

    /// The objective of the module docs, computed independently.
    fn objective(&self, blocks: &[Vec<usize>], mix: i64) -> i64 {
        let mut total = 0;
        for g in blocks {
            for (x, &a) in g.iter().enumerate() {
                for &b in &g[x + 1..] {
                    total += self.s(a, b).unwrap_or(0);
                    if self.schools[a] == self.schools[b] {
                        total -= mix;
                    }
                }
            }
        }
        total
    }

    fn solve(&self, opts: &GroupOptions) -> GroupPlan {
        form_groups_scores(self.n, |a, b| self.s(a, b), &self.schools, opts).unwrap()
    }
}

/// Best objective over all partitions into blocks of `lo..=hi` (None if there is none).
fn brute_force(inst: &Instance, lo: usize, hi: usize, mix: i64) -> Option<i64> {
    fn rec(
        v: usize,
        inst: &Instance,
        blocks: &mut Vec<Vec<usize>>,
        lo: usize,
        hi: usize,
        mix: i64,
        best: &mut Option<i64>,
    ) {
        if v == inst.n {
            if blocks.iter().all(|b| b.len() >= lo) {
                let o = inst.objective(blocks, mix);
                if best.is_none_or(|b| o > b) {
                    *best = Some(o);
                }
            }
            return;
        }
        // Prune: members left must be able to fill the short blocks.
        let short: usize = blocks.iter().map(|b| lo.saturating_sub(b.len())).sum();
        if short > inst.n - v {
            return;
        }
        for i in 0..blocks.len() {
            if blocks[i].len() < hi {
                blocks[i].push(v);
                rec(v + 1, inst, blocks, lo, hi, mix, best);
                blocks[i].pop();
            }
        }
        blocks.push(vec![v]);
        rec(v + 1, inst, blocks, lo, hi, mix, best);
        blocks.pop();
    }
    let mut best = None;
    rec(0, inst, &mut Vec::new(), lo, hi, mix, &mut best);
    best
}

fn check_valid(plan: &GroupPlan, n: usize, lo: usize, hi: usize) {
    let mut seen = vec![0; n];
    for g in &plan.groups {
        assert!(
            (lo..=hi).contains(&g.members.len()),
            "group size {} outside {lo}..={hi}",
            g.members.len()
        );
        for &m in &g.members {
            seen[m] += 1;
        }
    }
    assert!(seen.iter().all(|&c| c == 1), "not a partition: {seen:?}");
}

/// Compares the heuristic (with the given kicks) with the optimum on every instance;
/// returns (instances, optimal, mean ratio, worst ratio).
fn compare(
    cases: &[(usize, usize, usize, u64)],
    mix: i64,
    kicks: usize,
) -> (usize, usize, f64, f64) {
    let mut ratios = Vec::new();
    let (mut exact, mut count) = (0, 0);
    for &(lo, hi, n, seed) in cases {
        let inst = Instance::random(n, seed * 1000 + n as u64);
        let opt = brute_force(&inst, lo, hi, mix);
        let opts = GroupOptions {
            min_size: lo,
            max_size: hi,
            school_mix_weight: mix,
            seed,
            kicks,
            ..GroupOptions::default()
        };
        let res = form_groups_scores(inst.n, |a, b| inst.s(a, b), &inst.schools, &opts);
        let Some(opt) = opt else {
            assert!(
                res.is_err(),
                "n={n} {lo}..={hi}: no valid partition, but a plan"
            );
            continue;
        };
        let plan = res.unwrap();
        check_valid(&plan, n, lo, hi);
        assert!(plan.local_optimum);
        let blocks: Vec<Vec<usize>> = plan.groups.iter().map(|g| g.members.clone()).collect();
        let got = inst.objective(&blocks, mix);
        assert_eq!(got, plan.objective, "reported objective is the real one");
        assert!(got <= opt, "heuristic {got} beats the optimum {opt}?");
        count += 1;
        exact += usize::from(got == opt);
        if opt > 0 {
            ratios.push(got as f64 / opt as f64);
        }
    }
    let mean = ratios.iter().sum::<f64>() / ratios.len() as f64;
    let worst = ratios.iter().copied().fold(f64::INFINITY, f64::min);
    (count, exact, mean, worst)
}

#[test]
fn near_optimal_against_brute_force() {
    let mut cases = Vec::new();
    for (lo, hi) in [(4, 6), (2, 3), (3, 4), (2, 4), (3, 5)] {
        for n in lo..=9 {
            for seed in 0..8u64 {
                cases.push((lo, hi, n, seed));
            }
        }
    }
    // A few larger instances where only a handful of size patterns exist.
    for (lo, hi, n) in [(4, 6, 10), (4, 6, 12), (3, 4, 11), (5, 6, 11)] {
        for seed in 0..3u64 {
            cases.push((lo, hi, n, seed));
        }
    }
    for kicks in [0, GroupOptions::default().kicks] {
        let (count, exact, mean, worst) = compare(&cases, 30, kicks);
        println!(
            "groups vs brute force (kicks = {kicks}): {count} instances, {exact} optimal, mean ratio {mean:.4} (gap {:.2}%), worst {worst:.4}",
            (1.0 - mean) * 100.0
        );
        // Plain local search is a weaker bound; the default must be near-exact.
        let (min_mean, min_worst, min_exact) = if kicks == 0 {
            (0.9, 0.5, 5)
        } else {
            (0.97, 0.8, 9)
        };
        assert!(mean >= min_mean, "mean ratio {mean}");
        assert!(worst >= min_worst, "worst ratio {worst}");
        assert!(
            exact * 10 >= count * min_exact,
            "only {exact} of {count} optimal"
        );
    }
}

#[test]
fn recovers_planted_groups() {
    // Three planted groups of 5 with strong internal scores, weak scores across, each
    // from five different schools: the planted partition is the unique optimum.
    let n = 15;
    let planted = |v: usize| v % 3;
    let schools: Vec<usize> = (0..n).map(|v| v / 3).collect();
    let score = |a: usize, b: usize| {
        Some(if planted(a) == planted(b) {
            100
        } else {
            ((a * 7 + b * 3) % 11) as i64
        })
    };
    for seed in 0..5 {
        let plan = form_groups_scores(
            n,
            score,
            &schools,
            &GroupOptions {
                seed,
                ..GroupOptions::default()
            },
        )
        .unwrap();
        let mut got: Vec<Vec<usize>> = plan.groups.iter().map(|g| g.members.clone()).collect();
        got.sort();
        let want: Vec<Vec<usize>> = (0..3)
            .map(|g| (0..n).filter(|&v| planted(v) == g).collect())
            .collect();
        assert_eq!(got, want, "seed {seed}");
        assert_eq!(plan.objective, 3 * 10 * 100);
        assert!(plan
            .groups
            .iter()
            .all(|g| g.schools.len() == 5 && g.same_school_pairs == 0));
    }
}

#[test]
fn deterministic_for_a_seed() {
    let inst = Instance::random(60, 5);
    let opts = GroupOptions {
        school_mix_weight: 15,
        seed: 11,
        ..GroupOptions::default()
    };
    let a = inst.solve(&opts);
    let b = inst.solve(&opts);
    assert_eq!(a, b);
    check_valid(&a, 60, 4, 6);
    assert!(a.local_optimum);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn school_mix_weight_reduces_same_school_pairs() {
    let inst = Instance::random(48, 9);
    let same = |mix: i64| {
        let plan = inst.solve(&GroupOptions {
            school_mix_weight: mix,
            ..GroupOptions::default()
        });
        plan.groups
            .iter()
            .map(|g| g.same_school_pairs)
            .sum::<usize>()
    };
    let (none, strong) = (same(0), same(1_000));
    assert!(
        strong < none,
        "penalty 1000: {strong} same-school pairs, penalty 0: {none}"
    );
    // With 3 schools and groups of at least 4, some same-school pair is unavoidable in
    // each group; a strong penalty leaves about one per group.
    assert!(strong <= 48 / 4 * 2, "{strong}");
}
