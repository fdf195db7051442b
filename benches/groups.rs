//! Group formation: the dense iterated maxima search on a seeded MDGP-like instance
//! (n = 120, fixed round budget) and the cohort path (`form_groups`) on generated
//! regional cohorts with a top-30 graph (500 and 2,000 teachers dense/sparse; the larger
//! sizes are measured with /usr/bin/time, see the notes, because one run takes seconds).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::compat::{CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;
use peermatch::groups::{
    form_groups, search, GroupOptions, Problem, SearchOptions, Shape, Weights,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn mdgp(c: &mut Criterion) {
    let n = 120;
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut w = vec![0i64; n * n];
    for a in 0..n {
        for b in a + 1..n {
            let x = rng.random_range(0..100_000);
            w[a * n + b] = x;
            w[b * n + a] = x;
        }
    }
    let p = Problem {
        weights: Weights::dense(n, w).unwrap(),
        shape: Shape::Fixed(vec![(12, 12); 10]),
    };
    let mut g = c.benchmark_group("groups_search_dense");
    g.sample_size(10);
    for rounds in [100u64, 1000] {
        g.bench_with_input(BenchmarkId::from_parameter(rounds), &rounds, |b, &r| {
            let o = SearchOptions {
                max_rounds: Some(r),
                ..SearchOptions::default()
            };
            b.iter(|| search(&p, &o).unwrap().objective)
        });
    }
    g.finish();
}

fn cohorts(c: &mut Criterion) {
    let mut g = c.benchmark_group("groups_cohort");
    g.sample_size(10);
    for n in [500usize, 2000] {
        let cohort = generate(&GeneratorConfig::region(n, 1));
        let graph =
            CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::TopK { k: 30 })
                .unwrap();
        let o = GroupOptions {
            kicks: 1,
            ..GroupOptions::default()
        };
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| form_groups(&graph, &o).unwrap().objective)
        });
    }
    g.finish();
}

criterion_group!(benches, mdgp, cohorts);
criterion_main!(benches);
