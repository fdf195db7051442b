//! Maximum-weight matching benchmarks on the shared peer instances, with the peer crates
//! timed in the same run.
//!
//! Instances are the files of `/work/shared/bench-peers/gen.py` (`complete_<n>`,
//! `sparse_<n>`, `teacher_<n>`), read from the directory in `PEERMATCH_INSTANCES` (default
//! `target/instances` of this crate). A missing file is generated with
//! `python3 $PEERMATCH_GEN --out DIR --only NAME` (default
//! `/work/shared/bench-peers/gen.py`); when that is not possible a seeded Rust generator of
//! the same shape (ChaCha8) stands in, and the bench says so.
//!
//! Before timing, every solver's result is checked once (outside the timed loop): against
//! the known optimum weights of the instance files (bench-peers README) or, for the
//! instances without a published optimum and the Rust stand-ins, against `integer-blossom`
//! or our own certificate (`verify`).
//!
//! Environment:
//! * `PEERMATCH_SKIP_SLOW_PEERS=1`: skip `mwmatching` (seconds per solve at n >= 1000).
//!
//! Quick check that everything runs: `cargo bench --bench matching -- --quick`.

#[path = "../examples/support/edge_list.rs"]
mod edge_list;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use peermatch::matching::{
    max_weight_matching, max_weight_matching_with_certificate, verify, Mode, WeightedGraph,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Known optimum weights (max-weight mode) of the gen.py files, from the bench-peers README.
const KNOWN: &[(&str, i64)] = &[
    ("complete_1000", 499_425),
    ("complete_2000", 999_623),
    ("sparse_10000", 4_596_269),
    ("sparse_50000", 22_947_729),
    ("teacher_2000", 1_382_710),
    ("teacher_20000", 13_838_635),
];

struct Instance {
    name: String,
    n: usize,
    edges: Vec<(usize, usize, i64)>,
    graph: WeightedGraph,
    /// The optimum weight, when known independently of our solver.
    known: Option<i64>,
}

fn instance_dir() -> PathBuf {
    std::env::var_os("PEERMATCH_INSTANCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/instances"))
}

fn try_generate(dir: &Path, name: &str) {
    let gen = std::env::var("PEERMATCH_GEN")
        .unwrap_or_else(|_| "/work/shared/bench-peers/gen.py".to_string());
    if !Path::new(&gen).exists() || std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let status = Command::new("python3")
        .arg(&gen)
        .arg("--out")
        .arg(dir)
        .arg("--only")
        .arg(name)
        .status();
    if !matches!(status, Ok(s) if s.success()) {
        eprintln!("note: could not run python3 {gen} for {name}");
    }
}

fn load(name: &str) -> Instance {
    let dir = instance_dir();
    let path = dir.join(format!("{name}.txt"));
    if !path.exists() {
        try_generate(&dir, name);
    }
    if let Ok(text) = std::fs::read_to_string(&path) {
        let list =
            edge_list::parse_edge_list(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let graph = list
            .to_graph()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let known = KNOWN.iter().find(|k| k.0 == name).map(|k| k.1);
        return Instance {
            name: name.to_string(),
            n: list.n,
            edges: list.edges,
            graph,
            known,
        };
    }
    eprintln!(
        "note: {} unavailable: using a seeded Rust stand-in of the same shape",
        path.display()
    );
    let (family, n) = name.rsplit_once('_').expect("family_n");
    let n: usize = n.parse().expect("family_n");
    let edges = match family {
        "complete" => gen_complete(n, 1),
        "sparse" => gen_sparse(n, 20, 2),
        "teacher" => gen_teacher(n, 30, 3),
        _ => panic!("unknown family {family}"),
    };
    let graph = WeightedGraph::new(n, edges.iter().copied()).unwrap();
    Instance {
        name: format!("{name}(rust)"),
        n,
        edges,
        graph,
        known: None,
    }
}

fn gen_complete(n: usize, seed: u64) -> Vec<(usize, usize, i64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut edges = Vec::with_capacity(n * (n - 1) / 2);
    for u in 0..n {
        for v in u + 1..n {
            edges.push((u, v, rng.random_range(1..=1000)));
        }
    }
    edges
}

fn gen_sparse(n: usize, deg: usize, seed: u64) -> Vec<(usize, usize, i64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut seen = std::collections::HashSet::new();
    let mut edges = Vec::with_capacity(n * deg / 2);
    while edges.len() < n * deg / 2 {
        let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
        if a != b && seen.insert((a.min(b), a.max(b))) {
            edges.push((a.min(b), a.max(b), rng.random_range(1..=1000)));
        }
    }
    edges
}

/// Clustered "top-k candidates": teachers in schools of ~8 inside towns of ~200; each
/// proposes its k best by a score favouring the same town, penalising the same school,
/// quantised to multiples of 5 (many ties).
fn gen_teacher(n: usize, k: usize, seed: u64) -> Vec<(usize, usize, i64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let town = |v: usize| v / 200;
    let school = |v: usize| v / 8;
    let mut best = std::collections::HashMap::new();
    for u in 0..n {
        let lo = town(u) * 200;
        let hi = (lo + 200).min(n);
        let mut cand: Vec<(i64, usize)> = (0..4 * k)
            .map(|_| {
                let v = if rng.random_bool(0.9) {
                    rng.random_range(lo..hi)
                } else {
                    rng.random_range(0..n)
                };
                let mut s = 600 + rng.random_range(0..400i64);
                if town(v) != town(u) {
                    s -= 300;
                }
                if school(v) == school(u) {
                    s -= 150;
                }
                ((s / 5 * 5).max(1), v)
            })
            .filter(|&(_, v)| v != u)
            .collect();
        cand.sort_unstable_by_key(|&(s, v)| (std::cmp::Reverse(s), v));
        cand.dedup_by_key(|c| c.1);
        for &(s, v) in cand.iter().take(k) {
            best.entry((u.min(v), u.max(v))).or_insert(s);
        }
    }
    let mut edges: Vec<_> = best.into_iter().map(|((a, b), w)| (a, b, w)).collect();
    edges.sort_unstable();
    edges
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
fn check_ours(inst: &Instance, expect: Option<i64>) -> i64 {
    let (m, cert) = max_weight_matching_with_certificate(&inst.graph, Mode::MaxWeight).unwrap();
    if let Err(e) = verify(&inst.graph, &m, &cert) {
        panic!("{}: certificate rejected: {e}", inst.name);
    }
    if let Some(w) = expect.or(inst.known) {
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
    let mut checked = false;
    group.bench_with_input(
        BenchmarkId::new("peermatch", &inst.name),
        inst,
        |b, inst| {
            if !checked {
                check_ours(inst, expect);
                checked = true;
            }
            b.iter(|| max_weight_matching(black_box(&inst.graph), Mode::MaxWeight).unwrap())
        },
    );
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
                if let Some(w) = expect.or(inst.known) {
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
        let inst = load(&format!("complete_{n}"));
        let dense = dense_matrix(&inst);
        // integer-blossom is the reference weight for the instances without a published one.
        let ib_weight = peer_weight(&inst, &integer_blossom::max_weight_matching(&dense, inst.n));
        if let Some(w) = inst.known {
            assert_eq!(ib_weight, w, "{}: integer-blossom", inst.name);
        }
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
        let inst = load(&format!("sparse_{n}"));
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
        let inst = load(&format!("teacher_{n}"));
        group.measurement_time(Duration::from_secs(10));
        bench_peermatch(&mut group, &inst, None);
    }
    group.finish();
}

criterion_group!(benches, complete, sparse, teacher);
criterion_main!(benches);
