//! Graph building on generated regional cohorts.
//!
//! Targets (issue 3): 1,000 teachers in exact mode <= 50 ms; 20,000 with top-30 pruning
//! <= 1 s; 100,000 with top-30 <= 5 s. Each measurement covers validation, preparation,
//! candidate generation, scoring, pruning and the petgraph graph; generating the cohort is
//! outside the timed loop.
//!
//! ```sh
//! cargo bench --bench graph_build -- --measurement-time 5
//! ```

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::compat::{CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;

fn graph_build(c: &mut Criterion) {
    run(c, "graph_build", Policy::default());
    // The same cohorts with free-period meetings only (the model before meeting modes):
    // the same-run peer for the cost of after-school and group meetings, which make many
    // more pairs feasible (about 4.4x the edges on region(1000)).
    run(
        c,
        "graph_build_free_periods",
        Policy {
            meetings: peermatch::compat::MeetingModes::free_periods_only(),
            ..Policy::default()
        },
    );
}

fn run(c: &mut Criterion, name: &str, policy: Policy) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    for (n, mode) in [
        (1_000, CandidateMode::Exact),
        (20_000, CandidateMode::TopK { k: 30 }),
        (100_000, CandidateMode::TopK { k: 30 }),
    ] {
        let cohort = generate(&GeneratorConfig::region(n, 1));
        let label = match mode {
            CandidateMode::Exact => "exact".to_string(),
            CandidateMode::TopK { k } => format!("top{k}"),
        };
        group.bench_with_input(BenchmarkId::new(label, n), &cohort, |b, cohort| {
            b.iter(|| {
                let g = CompatibilityGraph::build(black_box(cohort), &policy, mode).unwrap();
                black_box(g.edge_count())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, graph_build);
criterion_main!(benches);
