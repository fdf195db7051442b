//! Group formation: the dense iterated maxima search on a seeded MDGP-like instance
//! (n = 120, fixed round budget) and the cohort path (`form_groups`, default options) on
//! generated regional cohorts with a top-30 graph: 500 and 2,000 teachers (dense former),
//! and with `PEERMATCH_BENCH_LARGE=1` also 20,000 and 100,000 (sparse path; seconds per
//! run, so CI's `cargo test`/`cargo bench` without the variable skips them). The cohorts
//! come from the in-repo generator, so the bench runs from a fresh clone:
//!
//! ```sh
//! cargo bench --bench groups
//! PEERMATCH_BENCH_LARGE=1 cargo bench --bench groups -- groups_cohort
//! ```

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
    let mut sizes = vec![500usize, 2000];
    if std::env::var("PEERMATCH_BENCH_LARGE").is_ok_and(|v| v == "1") {
        sizes.extend([20_000, 100_000]);
    }
    for n in sizes {
        let cohort = generate(&GeneratorConfig::region(n, 1));
        let graph =
            CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::TopK { k: 30 })
                .unwrap();
        let o = GroupOptions::default();
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| form_groups(&graph, &o).unwrap().objective)
        });
    }
    g.finish();
}

criterion_group!(benches, mdgp, cohorts);
criterion_main!(benches);
