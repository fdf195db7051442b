//! Maximum-weight matching benchmarks on the in-repository instance families, with the
//! peer crates timed in the same run.
//!
//! Instances come from the seeded generators in `benches/support/gen.rs` (see its module
//! docs for the families), so `cargo bench --bench matching` runs from a fresh clone. The
//! same files can be written for external peers with
//! `cargo run --release --example gen_instances -- --out DIR`; `benches/peers/side_by_side.sh`
//! runs LEMON and `integer-blossom` on them.
//!
//! Groups:
//! * `complete`, `sparse`, `teacher`: the original families (max-weight mode), with
//!   `integer-blossom` and `mwmatching` as peers where they fit;
//! * `families`: every other family in both modes (`maxweight`, `maxcard`), at the small
//!   size; the large sizes (up to 100k vertices) only with `PEERMATCH_BENCH_LARGE=1`.
//!
//! Before timing, every instance is solved once with its LP certificate, which the
//! independent checker (`verify`) must accept; peers must reach the same weight.
//!
//! Environment:
//! * `PEERMATCH_INSTANCES=DIR`: read `DIR/<name>.txt` instead of generating, when it exists
//!   (optional; e.g. files of the shared peer generator);
//! * `PEERMATCH_BENCH_LARGE=1`: also the large size of every family in `families`;
//! * `PEERMATCH_SKIP_SLOW_PEERS=1`: skip `mwmatching` (seconds per solve at n >= 1000).
//!
//! Quick check that everything runs: `cargo bench --bench matching -- --quick`.

#[path = "../examples/support/edge_list.rs"]
mod edge_list;
#[path = "support/gen.rs"]
mod gen;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use peermatch::matching::{
    max_weight_matching, max_weight_matching_with_certificate, verify, Mode, WeightedGraph,
};

struct Instance {
    name: String,
    n: usize,
    edges: Vec<(usize, usize, i64)>,
    graph: WeightedGraph,
}

/// The instance `family_n`: from `PEERMATCH_INSTANCES` when that file exists, otherwise
/// generated in the repository.
fn load(family: &'static str, n: usize) -> Instance {
    let spec = gen::spec(family, n);
    let name = spec.name();
    if let Some(dir) = std::env::var_os("PEERMATCH_INSTANCES").map(PathBuf::from) {
        let path = dir.join(format!("{name}.txt"));
        if let Ok(text) = std::fs::read_to_string(&path) {
            let list = edge_list::parse_edge_list(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let graph = list
                .to_graph()
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            return Instance {
                name: format!("{name}(file)"),
                n: list.n,
                edges: list.edges,
                graph,
            };
        }
    }
    let inst = gen::generate(&spec);
    let graph = WeightedGraph::new(inst.n, inst.edges.iter().copied())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    Instance {
        name: inst.name,
        n: inst.n,
        edges: inst.edges,
        graph,
    }
}

fn large() -> bool {
    std::env::var("PEERMATCH_BENCH_LARGE").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn slow_peers() -> bool {
    std::env::var("PEERMATCH_SKIP_SLOW_PEERS").map_or(true, |v| v.is_empty() || v == "0")
}

/// Weight of a peer's `mate` vector, checking it is a matching of the instance.
fn peer_weight(inst: &Instance, mate: &[Option<usize>]) -> i64 {
    let pairs: Vec<(usize, usize)> = (0..inst.n)
        .filter_map(|v| {
            mate.get(v)
                .copied()
                .flatten()
                .filter(|&u| v < u)
                .map(|u| (v, u))
        })
        .collect();
    peermatch::matching::Matching::from_pairs(&inst.graph, pairs)
        .expect("peer returned a matching of the graph")
        .weight()
}

/// Our solve once, with its certificate verified and its weight compared with `expect`.
fn check_ours(inst: &Instance, mode: Mode, expect: Option<i64>) -> i64 {
    let (m, cert) = max_weight_matching_with_certificate(&inst.graph, mode).unwrap();
    if let Err(e) = verify(&inst.graph, &m, &cert) {
        panic!("{} ({mode:?}): certificate rejected: {e}", inst.name);
    }
    if let Some(w) = expect {
        assert_eq!(m.weight(), w, "{}: peermatch weight", inst.name);
    }
    m.weight()
}

fn dense_matrix(inst: &Instance) -> Vec<i64> {
    let n = inst.n;
    let mut dense = vec![0i64; n * n];
    for &(a, b, w) in &inst.edges {
        dense[a.min(b) * n + a.max(b)] = w;
    }
    dense
}

fn mw_edges(inst: &Instance) -> Vec<(usize, usize, i32)> {
    inst.edges
        .iter()
        .map(|&(a, b, w)| (a, b, i32::try_from(w).expect("weight fits i32")))
        .filter(|e| e.2 > 0)
        .collect()
}

fn mw_mate(raw: &[usize], n: usize) -> Vec<Option<usize>> {
    (0..n)
        .map(|v| raw.get(v).copied().filter(|&u| u != mwmatching::SENTINEL))
        .collect()
}

fn bench_peermatch(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    inst: &Instance,
    expect: Option<i64>,
) {
    bench_mode(group, "peermatch", inst, Mode::MaxWeight, expect);
}

fn bench_mode(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: &str,
    inst: &Instance,
    mode: Mode,
    expect: Option<i64>,
) {
    let mut checked = false;
    group.bench_with_input(BenchmarkId::new(id, &inst.name), inst, |b, inst| {
        if !checked {
            check_ours(inst, mode, expect);
            checked = true;
        }
        b.iter(|| max_weight_matching(black_box(&inst.graph), mode).unwrap())
    });
}

fn bench_mwmatching(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    inst: &Instance,
    expect: Option<i64>,
) {
    let edges = mw_edges(inst);
    let mut checked = false;
    group.bench_with_input(
        BenchmarkId::new("mwmatching", &inst.name),
        &edges,
        |b, edges| {
            if !checked {
                let raw = mwmatching::Matching::new(edges.clone()).solve();
                if let Some(w) = expect {
                    assert_eq!(
                        peer_weight(inst, &mw_mate(&raw, inst.n)),
                        w,
                        "{}: mwmatching",
                        inst.name
                    );
                }
                checked = true;
            }
            b.iter_batched(
                || edges.clone(),
                |e| mwmatching::Matching::new(e).solve(),
                BatchSize::LargeInput,
            )
        },
    );
}

fn complete(c: &mut Criterion) {
    let mut group = c.benchmark_group("complete");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    for n in [100usize, 300, 1000, 2000] {
        let inst = load("complete", n);
        let dense = dense_matrix(&inst);
        // integer-blossom's weight must be ours (and our certificate must verify).
        let ib_weight = peer_weight(&inst, &integer_blossom::max_weight_matching(&dense, inst.n));
        group.measurement_time(Duration::from_secs(if n >= 1000 { 20 } else { 5 }));
        bench_peermatch(&mut group, &inst, Some(ib_weight));
        group.bench_with_input(
            BenchmarkId::new("integer-blossom", &inst.name),
            &dense,
            |b, d| b.iter(|| integer_blossom::max_weight_matching(black_box(d), inst.n)),
        );
        if n <= 1000 && slow_peers() {
            bench_mwmatching(&mut group, &inst, Some(ib_weight));
        }
    }
    group.finish();
}

fn sparse(c: &mut Criterion) {
    let mut group = c.benchmark_group("sparse");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    for n in [10_000usize, 50_000] {
        let inst = load("sparse", n);
        group.measurement_time(Duration::from_secs(10));
        bench_peermatch(&mut group, &inst, None);
        if n == 10_000 && slow_peers() {
            bench_mwmatching(&mut group, &inst, None);
        }
    }
    group.finish();
}

fn teacher(c: &mut Criterion) {
    let mut group = c.benchmark_group("teacher");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    for n in [2_000usize, 20_000] {
        let inst = load("teacher", n);
        group.measurement_time(Duration::from_secs(10));
        bench_peermatch(&mut group, &inst, None);
    }
    group.finish();
}

/// Every family beyond the original three, in both modes: the small size always, the large
/// one with `PEERMATCH_BENCH_LARGE=1` (10 samples, the minimum criterion takes).
fn families(c: &mut Criterion) {
    let mut group = c.benchmark_group("families");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    for spec in gen::catalog() {
        if ["complete", "sparse", "teacher"].contains(&spec.family)
            || (spec.size == gen::Size::Large && !large())
        {
            continue;
        }
        let inst = load(spec.family, spec.n);
        group.measurement_time(Duration::from_secs(match spec.size {
            gen::Size::Small => 3,
            gen::Size::Large => 10,
        }));
        bench_mode(&mut group, "maxweight", &inst, Mode::MaxWeight, None);
        bench_mode(&mut group, "maxcard", &inst, Mode::MaxCardinality, None);
    }
    group.finish();
}

criterion_group!(benches, complete, sparse, teacher, families);
criterion_main!(benches);
