//! The planner end to end: cohort file -> proposal (load, validate, graph, pins, solver,
//! certificate check, audit, explanations).
//!
//! Targets (issue 5): 1,000 teachers <= 100 ms; 20,000 teachers <= 2 s. The cohort JSON is
//! written to a temporary file once; each iteration reads it back and plans.
//!
//! ```sh
//! cargo bench --bench plan -- --measurement-time 5
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::cohort::Cohort;
use peermatch::compat::Policy;
use peermatch::plan::Planner;

fn plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan_from_file");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    let dir = std::env::temp_dir().join(format!("peermatch-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for n in [1_000usize, 20_000] {
        let cohort = generate(&GeneratorConfig::region(n, 1));
        let path = dir.join(format!("cohort_{n}.json"));
        std::fs::write(&path, serde_json::to_string(&cohort).unwrap()).unwrap();
        group.bench_with_input(BenchmarkId::from_parameter(n), &path, |b, path| {
            b.iter(|| {
                let cohort = Cohort::from_path(black_box(path)).unwrap();
                let p = Planner::new(cohort, Policy::default()).plan().unwrap();
                black_box(p.pairs.len())
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, plan);
criterion_main!(benches);
