//! Seeded generators of the matching benchmark families, inside the repository.
//!
//! Shared by `benches/matching.rs` and `examples/gen_instances.rs` through `#[path]`, so the
//! benchmarks run from a fresh clone and external peers (LEMON, `integer-blossom`, …) can be
//! run on byte-identical files (`cargo run --release --example gen_instances -- --out DIR`).
//!
//! Every instance is a plain edge list `(u, v, w)` with `u < v`, no self-loops and no
//! parallel edges, in a deterministic order: the only randomness is a ChaCha8 stream seeded
//! from the instance's catalogue entry (ChaCha8 gives the same stream on every platform and
//! `rand_chacha` version), and no hash-map iteration order is ever observed.
//!
//! # Families
//! Each family has a small and a large size; the name of an instance is `family_n`.
//!
//! | family | shape | weights |
//! |---|---|---|
//! | `complete` | complete graph | uniform 1..=1000 |
//! | `sparse` | random graph, average degree 20 | uniform 1..=1000 |
//! | `teacher` | clustered "top-30 candidates": schools of 8 in towns of 200 | multiples of 5 (ties) |
//! | `adv_equal` | random graph, average degree 8 | all 1000 |
//! | `adv_trichain` | chain of triangles, links, pendants, one long link per triangle | 998..1001 |
//! | `adv_oddcycles` | disjoint 5- and 7-cycles joined by random bridges | 1..=3 |
//! | `unit` | random graph, m = 3n | all 1 |
//! | `twovalued` | random graph, m = 10n | 1 or 2 |
//! | `ties` | random graph, average degree 10 | uniform 1..=5 |
//! | `mixed` | random graph, average degree 10 | uniform -500..=1000 |
//! | `huge` | random graph, average degree 10 | uniform 1..=2^40 |
//! | `knn` | 6 nearest neighbours of uniform points in a square | 1..=1000, decreasing in distance |
//! | `grid` | square grid (4-neighbour) | uniform 1..=1000 |
//! | `powerlaw` | Chung–Lu graph, degree exponent 2.5, average degree ~8 | uniform 1..=1000 |
//! | `bipartite` | random bipartite graph (halves n/2), m = 3n | uniform 1..=1000 |
//!
//! The shapes of `complete`, `sparse`, `teacher` and the three `adv_` families follow the
//! shared peer generator used for the figures in issue 9, but the streams differ: the files
//! are not byte-identical to that generator's, so its published optimum weights do not
//! apply to these instances.
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One generated instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// `family_n`.
    pub name: String,
    /// Vertex count.
    pub n: usize,
    /// Edges `(u, v, w)`, `u < v`, distinct pairs.
    pub edges: Vec<(usize, usize, i64)>,
}

/// Small or large member of a family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Size {
    /// Seconds or less per solve on every family; the default benchmark size.
    Small,
    /// The sizes of the targets (up to 100k vertices / 2M edges).
    Large,
}

/// A catalogue entry: what [`generate`] builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Family name (see the module docs).
    pub family: &'static str,
    /// Small or large.
    pub size: Size,
    /// Requested vertex count (the triangle chain rounds it down to `3t + 2`).
    pub n: usize,
    /// Seed of the instance's ChaCha8 stream.
    pub seed: u64,
}

impl Spec {
    /// `family_n`, the instance (and file) name.
    pub fn name(&self) -> String {
        format!("{}_{}", self.family, self.n)
    }
}

/// The families and their (small, large) vertex counts, in catalogue order.
pub const FAMILIES: &[(&str, usize, usize)] = &[
    ("complete", 300, 2000),
    ("sparse", 10_000, 50_000),
    ("teacher", 2_000, 20_000),
    ("adv_equal", 2_000, 20_000),
    ("adv_trichain", 2_000, 30_000),
    ("adv_oddcycles", 2_000, 20_000),
    ("unit", 10_000, 100_000),
    ("twovalued", 2_000, 20_000),
    ("ties", 10_000, 50_000),
    ("mixed", 10_000, 50_000),
    ("huge", 10_000, 50_000),
    ("knn", 10_000, 100_000),
    ("grid", 10_000, 90_000),
    ("powerlaw", 10_000, 100_000),
    ("bipartite", 10_000, 100_000),
];

/// Every catalogue entry, small and large, in catalogue order.
pub fn catalog() -> Vec<Spec> {
    let mut out = Vec::new();
    for (i, &(family, small, large)) in FAMILIES.iter().enumerate() {
        for (j, (size, n)) in [(Size::Small, small), (Size::Large, large)]
            .into_iter()
            .enumerate()
        {
            out.push(Spec {
                family,
                size,
                n,
                seed: 9_000 + 10 * i as u64 + j as u64,
            });
        }
    }
    out
}

/// The spec of `family` at vertex count `n`, whether or not it is in the catalogue (the
/// seed of a non-catalogue size is derived from `n`).
pub fn spec(family: &'static str, n: usize) -> Spec {
    catalog()
        .into_iter()
        .find(|s| s.family == family && s.n == n)
        .unwrap_or(Spec {
            family,
            size: Size::Small,
            n,
            seed: 7_000_000 + n as u64,
        })
}

/// Builds the instance of a spec.
///
/// # Panics
/// On an unknown family name (a programming error in the caller).
pub fn generate(spec: &Spec) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let n = spec.n;
    let (n, edges) = match spec.family {
        "complete" => (n, complete(n, &mut rng)),
        "sparse" => (
            n,
            random_graph(n, n * 10, &mut rng, |r| r.random_range(1..=1000)),
        ),
        "teacher" => (n, teacher(n, 30, &mut rng)),
        "adv_equal" => (n, random_graph(n, n * 4, &mut rng, |_| 1000)),
        "adv_trichain" => trichain(n, &mut rng),
        "adv_oddcycles" => (n, oddcycles(n, &mut rng)),
        "unit" => (n, random_graph(n, n * 3, &mut rng, |_| 1)),
        "twovalued" => (
            n,
            random_graph(n, n * 10, &mut rng, |r| r.random_range(1..=2)),
        ),
        "ties" => (
            n,
            random_graph(n, n * 5, &mut rng, |r| r.random_range(1..=5)),
        ),
        "mixed" => (
            n,
            random_graph(n, n * 5, &mut rng, |r| r.random_range(-500..=1000)),
        ),
        "huge" => (
            n,
            random_graph(n, n * 5, &mut rng, |r| r.random_range(1..=1i64 << 40)),
        ),
        "knn" => (n, knn(n, 6, &mut rng)),
        "grid" => grid(n, &mut rng),
        "powerlaw" => (n, powerlaw(n, n * 4, 2.5, &mut rng)),
        "bipartite" => (n, bipartite(n, n * 3, &mut rng)),
        other => panic!("unknown benchmark family {other:?}"),
    };
    Instance {
        name: format!("{}_{}", spec.family, spec.n),
        n,
        edges,
    }
}

/// Writes an instance as a text edge list: `n m`, then `u v w` lines.
pub fn write_edge_list(path: &Path, inst: &Instance) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "{} {}", inst.n, inst.edges.len())?;
    for &(u, v, w) in &inst.edges {
        writeln!(out, "{u} {v} {w}")?;
    }
    out.flush()
}

fn norm(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

fn complete(n: usize, rng: &mut ChaCha8Rng) -> Vec<(usize, usize, i64)> {
    let mut edges = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for u in 0..n {
        for v in u + 1..n {
            edges.push((u, v, rng.random_range(1..=1000)));
        }
    }
    edges
}

/// `m` distinct uniformly random pairs (fewer if the graph cannot hold them), in
/// generation order.
fn random_graph(
    n: usize,
    m: usize,
    rng: &mut ChaCha8Rng,
    mut weight: impl FnMut(&mut ChaCha8Rng) -> i64,
) -> Vec<(usize, usize, i64)> {
    let m = m.min(n * n.saturating_sub(1) / 2);
    let mut seen = HashSet::with_capacity(m);
    let mut edges = Vec::with_capacity(m);
    while edges.len() < m {
        let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
        if a != b && seen.insert(norm(a, b)) {
            let (u, v) = norm(a, b);
            let w = weight(rng);
            edges.push((u, v, w));
        }
    }
    edges
}

/// Sorts by pair and keeps the first occurrence of each pair (stable sort: generation
/// order decides).
fn dedup_first(mut edges: Vec<(usize, usize, i64)>) -> Vec<(usize, usize, i64)> {
    edges.sort_by_key(|e| (e.0, e.1));
    edges.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    edges
}

/// Clustered "top-k candidates": teachers in schools of 8 inside towns of 200; each
/// proposes its k best of 4k sampled candidates by a score favouring the same town and
/// penalising the same school, quantised to multiples of 5 (many ties).
fn teacher(n: usize, k: usize, rng: &mut ChaCha8Rng) -> Vec<(usize, usize, i64)> {
    let town = |v: usize| v / 200;
    let school = |v: usize| v / 8;
    let mut all = Vec::with_capacity(n * k);
    let mut cand: Vec<(i64, usize)> = Vec::with_capacity(4 * k);
    for u in 0..n {
        let lo = town(u) * 200;
        let hi = (lo + 200).min(n);
        cand.clear();
        for _ in 0..4 * k {
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
            if v != u {
                cand.push(((s / 5 * 5).max(1), v));
            }
        }
        cand.sort_unstable_by_key(|&(s, v)| (std::cmp::Reverse(s), v));
        cand.dedup_by_key(|c| c.1);
        for &(s, v) in cand.iter().take(k) {
            let (a, b) = norm(u, v);
            all.push((a, b, s));
        }
    }
    dedup_first(all)
}

/// A chain of `t = (n - 2) / 3` triangles (sides 1000), consecutive triangles linked
/// (999), a pendant vertex at each end (1001), and one random long-range link per
/// triangle between middle vertices (998). Returns the vertex count used, `3t + 2`.
fn trichain(n: usize, rng: &mut ChaCha8Rng) -> (usize, Vec<(usize, usize, i64)>) {
    let t = n.saturating_sub(2) / 3;
    assert!(t >= 1, "a triangle chain needs n >= 5");
    let mut edges = Vec::with_capacity(6 * t);
    for i in 0..t {
        let (a, b, c) = (3 * i, 3 * i + 1, 3 * i + 2);
        edges.push((a, b, 1000));
        edges.push((b, c, 1000));
        edges.push((a, c, 1000));
        if i + 1 < t {
            edges.push((c, 3 * (i + 1), 999));
        }
    }
    let (p0, p1) = (3 * t, 3 * t + 1);
    edges.push((0, p0, 1001));
    edges.push((3 * (t - 1) + 2, p1, 1001));
    for i in 0..t {
        let j = rng.random_range(0..t);
        if j != i {
            let (u, v) = norm(3 * i + 1, 3 * j + 1);
            edges.push((u, v, 998));
        }
    }
    (3 * t + 2, dedup_first(edges))
}

/// Vertex-disjoint 5- and 7-cycles over a random permutation (weights 2..=3), joined by
/// `2 × cycles` random bridges (weights 1..=3): nested blossoms and ties.
fn oddcycles(n: usize, rng: &mut ChaCha8Rng) -> Vec<(usize, usize, i64)> {
    let mut perm: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        perm.swap(i, rng.random_range(0..=i));
    }
    let mut cycles: Vec<&[usize]> = Vec::new();
    let mut edges = Vec::new();
    let mut pos = 0;
    while pos < n {
        let len = if rng.random_bool(0.5) { 5 } else { 7 }.min(n - pos);
        let cyc = &perm[pos..pos + len];
        pos += len;
        cycles.push(cyc);
        if len >= 3 {
            for i in 0..len {
                let (u, v) = norm(cyc[i], cyc[(i + 1) % len]);
                edges.push((u, v, rng.random_range(2..=3)));
            }
        } else if len == 2 {
            let (u, v) = norm(cyc[0], cyc[1]);
            edges.push((u, v, 2));
        }
    }
    for _ in 0..2 * cycles.len() {
        let a = rng.random_range(0..cycles.len());
        let b = rng.random_range(0..cycles.len());
        if a == b {
            continue;
        }
        let u = cycles[a][rng.random_range(0..cycles[a].len())];
        let v = cycles[b][rng.random_range(0..cycles[b].len())];
        let (u, v) = norm(u, v);
        edges.push((u, v, rng.random_range(1..=3)));
    }
    dedup_first(edges)
}

/// Each of `n` uniform points (integer coordinates in a square of side 2^20) joined to its
/// `k` nearest neighbours (ties by index); weight `1000 - 999 * d / dmax` with `dmax` four
/// grid cells, at least 1.
fn knn(n: usize, k: usize, rng: &mut ChaCha8Rng) -> Vec<(usize, usize, i64)> {
    const SIDE: i64 = 1 << 20;
    let pts: Vec<(i64, i64)> = (0..n)
        .map(|_| (rng.random_range(0..SIDE), rng.random_range(0..SIDE)))
        .collect();
    // About k/2 points per cell.
    let g = ((n as f64 / (k as f64 / 2.0)).sqrt().ceil() as i64).max(1);
    let cell = (SIDE + g - 1) / g;
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); (g * g) as usize];
    for (i, &(x, y)) in pts.iter().enumerate() {
        buckets[((y / cell) * g + x / cell) as usize].push(i);
    }
    let dmax = 4 * cell;
    let mut edges = Vec::with_capacity(n * k);
    let mut cand: Vec<(i64, usize)> = Vec::new();
    for (i, &(x, y)) in pts.iter().enumerate() {
        let (cx, cy) = (x / cell, y / cell);
        let mut r = 1;
        loop {
            cand.clear();
            for gy in (cy - r).max(0)..=(cy + r).min(g - 1) {
                for gx in (cx - r).max(0)..=(cx + r).min(g - 1) {
                    for &j in &buckets[(gy * g + gx) as usize] {
                        if j != i {
                            let (dx, dy) = (pts[j].0 - x, pts[j].1 - y);
                            cand.push((dx * dx + dy * dy, j));
                        }
                    }
                }
            }
            cand.sort_unstable();
            // Every point within distance r * cell is inside the searched square.
            let enough = cand.len() >= k && cand[k - 1].0 <= (r * cell) * (r * cell);
            if enough || r >= g {
                break;
            }
            r += 1;
        }
        for &(d2, j) in cand.iter().take(k) {
            let d = (d2 as f64).sqrt() as i64;
            let w = (1000 - 999 * d.min(dmax) / dmax).max(1);
            let (u, v) = norm(i, j);
            edges.push((u, v, w));
        }
    }
    dedup_first(edges)
}

/// A `s × s` grid with `s = floor(sqrt(n))`, 4-neighbour edges, weights 1..=1000.
fn grid(n: usize, rng: &mut ChaCha8Rng) -> (usize, Vec<(usize, usize, i64)>) {
    let s = (n as f64).sqrt() as usize;
    let mut edges = Vec::with_capacity(2 * s * s);
    for r in 0..s {
        for c in 0..s {
            let v = r * s + c;
            if c + 1 < s {
                edges.push((v, v + 1, rng.random_range(1..=1000)));
            }
            if r + 1 < s {
                edges.push((v, v + s, rng.random_range(1..=1000)));
            }
        }
    }
    (s * s, edges)
}

/// Chung–Lu: `m` endpoint pairs drawn with probability proportional to the expected
/// degrees `(i + 1)^(-1 / (gamma - 1))`; self-loops and repeats dropped.
fn powerlaw(n: usize, m: usize, gamma: f64, rng: &mut ChaCha8Rng) -> Vec<(usize, usize, i64)> {
    let mut cum = Vec::with_capacity(n);
    let mut total = 0.0f64;
    for i in 0..n {
        total += ((i + 1) as f64).powf(-1.0 / (gamma - 1.0));
        cum.push(total);
    }
    let draw = |rng: &mut ChaCha8Rng| {
        let x = rng.random_range(0.0..total);
        cum.partition_point(|&c| c <= x).min(n - 1)
    };
    let mut edges = Vec::with_capacity(m);
    for _ in 0..m {
        let (a, b) = (draw(rng), draw(rng));
        let w = rng.random_range(1..=1000);
        if a != b {
            let (u, v) = norm(a, b);
            edges.push((u, v, w));
        }
    }
    dedup_first(edges)
}

/// Random bipartite graph between `0..n/2` and `n/2..n`, `m` distinct pairs.
fn bipartite(n: usize, m: usize, rng: &mut ChaCha8Rng) -> Vec<(usize, usize, i64)> {
    let left = n / 2;
    let right = n - left;
    let m = m.min(left * right);
    let mut seen = HashSet::with_capacity(m);
    let mut edges = Vec::with_capacity(m);
    while edges.len() < m {
        let (a, b) = (rng.random_range(0..left), left + rng.random_range(0..right));
        if seen.insert((a, b)) {
            edges.push((a, b, rng.random_range(1..=1000)));
        }
    }
    edges
}
