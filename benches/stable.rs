//! Stable matching benchmarks (criterion, fixed seeds, sample size 10):
//! stable roommates with complete lists at n = 2,000 and with 30-long lists at
//! n = 50,000; mentor–mentee deferred acceptance with 20,000 mentees.
//!
//! Run: `cargo bench --bench stable`. Target: complete lists at n = 2,000 in <= 0.2 s.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use peermatch::matching::{
    stable_assignment, stable_roommates, Acceptability, MentoringPrefs, Optimal, Preferences,
};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Complete lists: every agent ranks all others in a random order.
fn complete_lists(n: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|i| {
            let mut l: Vec<usize> = (0..n).filter(|&j| j != i).collect();
            l.shuffle(&mut rng);
            l
        })
        .collect()
}

/// Sparse mutual lists: about `k` random partners each (a random k/2-out graph made
/// symmetric), in random order.
fn sparse_lists(n: usize, k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut seen = std::collections::HashSet::new();
    for i in 0..n {
        for _ in 0..k / 2 {
            let j = rng.random_range(0..n);
            if j != i && seen.insert((i.min(j), i.max(j))) {
                lists[i].push(j);
                lists[j].push(i);
            }
        }
    }
    lists.iter_mut().for_each(|l| l.shuffle(&mut rng));
    lists
}

/// 20,000 mentees ranking 20 of 2,000 mentors (capacity 10–12); mentors rank their
/// applicants in random order.
fn mentoring(n: usize, m: usize, seed: u64) -> MentoringPrefs {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut mentee: Vec<Vec<usize>> = Vec::with_capacity(n);
    let mut mentor: Vec<Vec<usize>> = vec![Vec::new(); m];
    for r in 0..n {
        let mut l: Vec<usize> = Vec::with_capacity(20);
        while l.len() < 20 {
            let h = rng.random_range(0..m);
            if !l.contains(&h) {
                l.push(h);
                mentor[h].push(r);
            }
        }
        mentee.push(l);
    }
    mentor.iter_mut().for_each(|l| l.shuffle(&mut rng));
    let caps: Vec<u32> = (0..m).map(|_| rng.random_range(10..=12)).collect();
    MentoringPrefs::new(&mentee, &mentor, &caps, Acceptability::Strict).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("stable");
    group.sample_size(10);

    let lists = complete_lists(2000, 1);
    group.bench_with_input(
        BenchmarkId::new("roommates_complete", 2000),
        &lists,
        |b, l| {
            // Includes validation (building Preferences), as a caller would pay it.
            b.iter(|| stable_roommates(&Preferences::new(l).unwrap()))
        },
    );
    let p = Preferences::new(&lists).unwrap();
    group.bench_with_input(
        BenchmarkId::new("roommates_complete_solve_only", 2000),
        &p,
        |b, p| b.iter(|| stable_roommates(p)),
    );

    let lists = sparse_lists(50_000, 30, 2);
    group.bench_with_input(
        BenchmarkId::new("roommates_30_lists", 50_000),
        &lists,
        |b, l| b.iter(|| stable_roommates(&Preferences::new(l).unwrap())),
    );

    let hr = mentoring(20_000, 2_000, 3);
    for (name, opt) in [
        ("hr_mentee_optimal", Optimal::Mentee),
        ("hr_mentor_optimal", Optimal::Mentor),
    ] {
        group.bench_with_input(BenchmarkId::new(name, 20_000), &hr, |b, p| {
            b.iter(|| stable_assignment(p, opt))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
