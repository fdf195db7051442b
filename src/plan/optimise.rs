//! Stage 4, optimise the residual graph for the objective.
//!
//! # Participation (the exact reduction)
//! Maximise `P(M)`, the number of teachers with at least one partner, then `w(M)`, the
//! total score, over b-matchings `M` of the residual graph `G` with capacities `c`.
//!
//! * All capacities at most 1: `P(M) = 2|M|`, so this is maximum cardinality, then
//!   maximum weight — the blossom solver in [`Mode::MaxCardinality`].
//! * Otherwise build `G'`: every edge `e` of `G` gets weight `w_e + 2B`; every teacher
//!   `v` with `c_v >= 2` gets `c_v - 1` private *absorber* vertices of capacity 1, each
//!   joined to `v` by an edge of weight `B`; `B = Σ_v c_v · max|w_e| + 1`. Solve the
//!   maximum-weight b-matching of `G'` exactly and keep the edges of `G`. It is solved
//!   as one simple graph for the blossom solver: `c_v` copies per teacher, direct edges
//!   to the copies where one end has capacity 1 (a single copy cannot use a pair twice),
//!   Tutte's gadget only between two teachers of capacity `>= 2`, absorbers joined to
//!   every copy of their teacher; the LP certificate of that graph is verified.
//!
//! **Exactness.** Take any b-matching `M` of `G` and let `d_v` be `v`'s degree in it.
//! The absorbers of `v` can fill at most `min(c_v - 1, c_v - d_v)` of `v`'s remaining
//! places, and filling them all is optimal for a fixed `M` (each adds `B > 0`). So the
//! best extension of `M` in `G'` weighs
//! `w(M) + 2B|M| + B Σ_v min(c_v - 1, c_v - d_v)`
//! `= w(M) + B Σ_v (d_v + min(c_v - 1, c_v - d_v))`
//! `= w(M) + B Σ_v (c_v - 1) + B·P(M)`,
//! because `d_v + min(c_v - 1, c_v - d_v)` is `c_v - 1` when `d_v = 0` and `c_v`
//! otherwise. The middle term is a constant, and `|w(M) - w(M')| < B` for any two
//! b-matchings (each has at most `Σc_v / 2` edges of weight at most `max|w_e|` in
//! absolute value), so the optimum of `G'` maximises `P`, then `w`. Teachers with `c_v = 1`
//! need no absorber (the formula holds with zero of them). The gadget's LP certificate
//! proves the optimum of `G'`, hence this lexicographic optimum. `G'` has `Σ(c_v - 1)`
//! more vertices and edges than `G`, so the cost is that of one b-matching solve.
//!
//! A consequence: nobody has a second partner while a teacher who could pair has none,
//! whenever an exchange (give that teacher the second partner instead) would fix it —
//! that exchange would raise `P`.

use std::cmp::Reverse;

use crate::matching::csr::Csr;
use crate::matching::reductions::{bottleneck_b_matching, max_weight_b_matching};
use crate::matching::{
    bottleneck_matching, max_weight_matching_with_certificate, stable_fixtures, stable_roommates,
    verify, FixturesOutcome, Mode, Preferences, RoommatesOutcome, WeightedGraph,
};

use super::history::key;
use super::{CertifiedGraph, Check, Objective, PlanError};

/// Result of optimising the residual problem.
pub(crate) struct Solved {
    /// The optimised pairs `(a, b)`, `a < b`.
    pub(crate) pairs: Vec<(usize, usize)>,
    /// The optimality check, or `None` for stability (checked by the audit later).
    pub(crate) check: Option<Check>,
    /// For [`Objective::Stable`]: the rank lists used (stated first, then scores).
    pub(crate) stable_lists: Option<Vec<Vec<usize>>>,
    /// For [`Objective::Stable`]: why no stable (b-)matching exists on those lists (the
    /// greedy by score was used instead).
    pub(crate) no_stable: Option<NoStable>,
}

/// Irving's (capacities 1) or Irving and Scott's (capacities above 1) proof that no
/// stable matching exists: eliminating `rotation` leaves `agent` with `left` of the
/// `needed` partners it has in every stable matching.
pub(crate) struct NoStable {
    pub(crate) agent: usize,
    pub(crate) needed: usize,
    pub(crate) left: usize,
    pub(crate) rotation: Vec<(usize, usize)>,
}

/// A stable matching on `prefs` (Irving; with capacities above 1 Irving–Scott's stable
/// fixtures), or why none exists.
fn stable_on(
    prefs: &Preferences,
    cap: &[u32],
    simple: bool,
) -> Result<Vec<(usize, usize)>, NoStable> {
    if simple {
        // Capacity 0 teachers have no residual edges, so plain roommates applies.
        match stable_roommates(prefs) {
            RoommatesOutcome::Stable(m) => Ok(m.pairs()),
            RoommatesOutcome::NoStableMatching(e) => Err(NoStable {
                agent: e.agent,
                needed: 1,
                left: 0,
                rotation: e.rotation,
            }),
        }
    } else {
        match stable_fixtures(prefs, cap) {
            Ok(FixturesOutcome::Stable(m)) => Ok(m.pairs()),
            Ok(FixturesOutcome::NoStableMatching(e)) => Err(NoStable {
                agent: e.agent,
                needed: e.needed,
                left: e.left,
                rotation: e.rotation,
            }),
            // Capacities are one per residual vertex by construction.
            Err(_) => Err(NoStable {
                agent: 0,
                needed: 0,
                left: 0,
                rotation: Vec::new(),
            }),
        }
    }
}

fn certified(g: &WeightedGraph, cap: &[u32], mode: Mode) -> Result<Solved, PlanError> {
    if cap.iter().all(|&c| c <= 1) {
        let (m, cert) = max_weight_matching_with_certificate(g, mode)?;
        let res = verify(g, &m, &cert);
        Ok(Solved {
            pairs: m.pairs().collect(),
            check: Some(Check::Certificate {
                verified: res.is_ok(),
                graph: CertifiedGraph::Matching,
                error: res.err(),
            }),
            stable_lists: None,
            no_stable: None,
        })
    } else {
        let b = max_weight_b_matching(g, cap, mode)?;
        Ok(Solved {
            pairs: b.pairs,
            check: Some(Check::Certificate {
                verified: b.certificate.is_ok(),
                graph: CertifiedGraph::BMatchingGadget,
                error: b.certificate.err(),
            }),
            stable_lists: None,
            no_stable: None,
        })
    }
}

/// Optimises the residual graph `g` with capacities `cap`; `stated[i]` is teacher `i`'s
/// stated ranking (indices, best first).
pub(crate) fn optimise(
    g: &WeightedGraph,
    cap: &[u32],
    objective: Objective,
    stated: &[Vec<usize>],
) -> Result<Solved, PlanError> {
    let simple = cap.iter().all(|&c| c <= 1);
    match objective {
        Objective::MaxWeight => certified(g, cap, Mode::MaxWeight),
        Objective::MaxCardinalityThenWeight => certified(g, cap, Mode::MaxCardinality),
        Objective::Participation if simple => certified(g, cap, Mode::MaxCardinality),
        Objective::Participation => participation(g, cap),
        Objective::Stable => {
            let lists = stable_lists(g, stated);
            let prefs = Preferences::new(&lists).ok();
            let outcome = prefs.as_ref().map(|p| stable_on(p, cap, simple));
            let (pairs, no_stable) = match outcome {
                Some(Ok(pairs)) => (pairs, None),
                Some(Err(why)) => (greedy(g, cap), Some(why)),
                None => (greedy(g, cap), None),
            };
            Ok(Solved {
                pairs,
                check: None,
                stable_lists: Some(lists),
                no_stable,
            })
        }
        Objective::MinRegret => {
            if simple {
                let b = bottleneck_matching(g)?;
                Ok(Solved {
                    pairs: b.matching.pairs().collect(),
                    check: Some(Check::Bottleneck {
                        weakest_pair: b.bottleneck,
                    }),
                    stable_lists: None,
                    no_stable: None,
                })
            } else {
                b_bottleneck(g, cap)
            }
        }
    }
}

/// The participation reduction of the module docs (capacities above 1), built directly
/// as one simple graph `H` for the blossom solver: `c_v` copies of each teacher; an edge
/// with a capacity-1 end becomes direct edges to the other end's copies (the single copy
/// can take only one of them, so no pair is used twice); an edge between two teachers of
/// capacity `>= 2` becomes Tutte's gadget (`a_e`, `b_e`); absorbers join every copy of
/// their teacher. Used pairs = matched direct edges, and gadgets with both outer edges
/// matched. Mostly-capacity-1 cohorts therefore solve a graph barely larger than `G`.
fn participation(g: &WeightedGraph, cap: &[u32]) -> Result<Solved, PlanError> {
    let n = g.vertex_count();
    let sum_cap: i64 = cap.iter().map(|&c| i64::from(c)).sum();
    // Any b-matching has at most Σc/2 edges of weight at most max|w| in absolute value,
    // so two b-matchings differ by at most Σc·max|w| < B in score.
    let big: i64 = sum_cap.saturating_mul(g.max_abs_weight()).saturating_add(1);
    // Copies: first[v]..first[v] + cap[v].
    let mut first = Vec::with_capacity(n + 1);
    let mut next = 0usize;
    for &c in cap {
        first.push(next);
        next += c as usize;
    }
    first.push(next);
    let copies = |v: usize| first[v]..first[v + 1];
    let mut h: Vec<(usize, usize, i64)> = Vec::new();
    // What each H edge means: Some(k) = graph edge k used directly; gadget outer edges
    // are recognised by their endpoint being an edge vertex.
    enum Part {
        Direct(usize),
        Outer(usize),
        Other,
    }
    let mut part: Vec<Part> = Vec::new();
    let mut top = next;
    for (k, e) in g.edges().iter().enumerate() {
        let (u, v) = (e.u as usize, e.v as usize);
        if cap[u] == 0 || cap[v] == 0 {
            continue;
        }
        let w = e.weight.saturating_add(2 * big);
        if cap[u] == 1 || cap[v] == 1 {
            for x in copies(u) {
                for y in copies(v) {
                    h.push((x, y, w));
                    part.push(Part::Direct(k));
                }
            }
        } else {
            let (a, b) = (top, top + 1);
            top += 2;
            h.push((a, b, w));
            part.push(Part::Other);
            for x in copies(u) {
                h.push((x, a, w));
                part.push(Part::Outer(k));
            }
            for y in copies(v) {
                h.push((y, b, w));
                part.push(Part::Outer(k));
            }
        }
    }
    for (v, &c) in cap.iter().enumerate() {
        for _ in 1..c {
            for x in copies(v) {
                h.push((x, top, big));
                part.push(Part::Other);
            }
            top += 1;
        }
    }
    // WeightedGraph::new keeps the heaviest of parallel edges; there are none (distinct
    // copies / fresh vertices), so edge positions follow `h`.
    let lookup: std::collections::BTreeMap<(usize, usize), usize> = h
        .iter()
        .enumerate()
        .map(|(i, &(x, y, _))| ((x.min(y), x.max(y)), i))
        .collect();
    let hg = WeightedGraph::new(top, h)?;
    let (m, cert) = max_weight_matching_with_certificate(&hg, Mode::MaxWeight)?;
    let res = verify(&hg, &m, &cert);
    let mut outer = vec![0u8; g.edge_count()];
    let mut pairs = Vec::new();
    for (x, y) in m.pairs() {
        match lookup.get(&(x.min(y), x.max(y))).map(|&i| &part[i]) {
            Some(Part::Direct(k)) => {
                let e = &g.edges()[*k];
                pairs.push(key(e.u as usize, e.v as usize));
            }
            Some(Part::Outer(k)) => {
                outer[*k] += 1;
                if outer[*k] == 2 {
                    let e = &g.edges()[*k];
                    pairs.push(key(e.u as usize, e.v as usize));
                }
            }
            _ => {}
        }
    }
    pairs.sort_unstable();
    Ok(Solved {
        pairs,
        check: Some(Check::Certificate {
            verified: res.is_ok(),
            graph: CertifiedGraph::BMatchingGadget,
            error: res.err(),
        }),
        stable_lists: None,
        no_stable: None,
    })
}

/// Rank lists over the residual neighbours: stated order first, then the rest by score
/// (desc), smaller index on ties. Symmetric by construction (both ends of every edge).
///
/// O(n + m + L + m log max degree) for L stated entries: one CSR adjacency (counting
/// sort), a scratch flag per agent to take the listed neighbours in list order (first
/// occurrence), and one in-place sort of the unlisted rest per row. (It used to search
/// the stated list once per neighbour, O(m · L / n), and stable-sort every row with a
/// fresh buffer.)
pub(crate) fn stable_lists(g: &WeightedGraph, stated: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = g.vertex_count();
    let edges = g.edges();
    let adj = Csr::undirected(n, edges.iter().map(|e| (e.u as usize, e.v as usize)));
    // pending[j]: j is a neighbour of the current row not yet placed in its list.
    let mut pending = vec![false; n];
    let mut rest: Vec<(Reverse<i64>, usize)> = Vec::new();
    (0..n)
        .map(|i| {
            let row = adj.row(i);
            let mut out = Vec::with_capacity(row.len());
            for &(j, _) in row {
                pending[j as usize] = true;
            }
            for &j in stated.get(i).map_or(&[][..], Vec::as_slice) {
                if j < n && pending[j] {
                    pending[j] = false;
                    out.push(j);
                }
            }
            rest.clear();
            for &(j, e) in row {
                let j = j as usize;
                if pending[j] {
                    pending[j] = false;
                    rest.push((Reverse(edges[e as usize].weight), j));
                }
            }
            // Neighbours are distinct (no parallel edges), so the order is total.
            rest.sort_unstable();
            out.extend(rest.iter().map(|x| x.1));
            out
        })
        .collect()
}

/// Global greedy by (score desc, pair asc) under capacities: the stable b-matching for
/// score-derived ("globally ranked") preferences, and the documented fallback of
/// [`Objective::Stable`] when the stated rankings admit no stable (b-)matching (the
/// stability check then counts its blocking pairs).
fn greedy(g: &WeightedGraph, cap: &[u32]) -> Vec<(usize, usize)> {
    let mut edges: Vec<(i64, usize, usize)> = g
        .edges()
        .iter()
        .map(|e| {
            let (a, b) = key(e.u as usize, e.v as usize);
            (e.weight, a, b)
        })
        .collect();
    edges.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    edges.dedup_by(|x, y| x.1 == y.1 && x.2 == y.2);
    let mut left = cap.to_vec();
    let mut out = Vec::new();
    for (_, a, b) in edges {
        if left[a] > 0 && left[b] > 0 {
            left[a] -= 1;
            left[b] -= 1;
            out.push((a, b));
        }
    }
    out.sort_unstable();
    out
}

/// Bottleneck b-matching: maximum cardinality, then largest weakest pair, then maximum
/// weight ([`bottleneck_b_matching`]: warm-started threshold search on the gadget graph).
fn b_bottleneck(g: &WeightedGraph, cap: &[u32]) -> Result<Solved, PlanError> {
    let b = bottleneck_b_matching(g, cap)?;
    Ok(Solved {
        pairs: b.b_matching.pairs,
        check: Some(Check::Bottleneck {
            weakest_pair: b.bottleneck,
        }),
        stable_lists: None,
        no_stable: None,
    })
}

#[cfg(test)]
mod tests {
    use super::stable_lists;
    use crate::matching::WeightedGraph;
    use proptest::prelude::*;
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The previous implementation, verbatim: the oracle.
    fn stable_lists_reference(g: &WeightedGraph, stated: &[Vec<usize>]) -> Vec<Vec<usize>> {
        let n = g.vertex_count();
        let mut nb: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
        for e in g.edges() {
            nb[e.u as usize].push((e.v as usize, e.weight));
            nb[e.v as usize].push((e.u as usize, e.weight));
        }
        (0..n)
            .map(|i| {
                let pos = |j: usize| stated.get(i).and_then(|s| s.iter().position(|&x| x == j));
                let mut v: Vec<(usize, usize, i64)> = nb[i]
                    .iter()
                    .map(|&(j, w)| (pos(j).unwrap_or(usize::MAX), j, w))
                    .collect();
                v.sort_by(|x, y| x.0.cmp(&y.0).then(y.2.cmp(&x.2)).then(x.1.cmp(&y.1)));
                v.into_iter().map(|x| x.1).collect()
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Same lists as the reference on random graphs (any edge order, tied scores)
        /// and stated lists that repeat agents, name non-neighbours, the agent itself or
        /// agents out of range, or are missing for the last agents.
        #[test]
        fn stable_lists_equal_reference(n in 0usize..=16, density in 0.0f64..1.0, seed in any::<u64>()) {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut edges = Vec::new();
            for u in 0..n {
                for v in u + 1..n {
                    if rng.random_bool(density) {
                        let w = rng.random_range(-2..=3i64);
                        edges.push(if rng.random_bool(0.5) { (u, v, w) } else { (v, u, w) });
                    }
                }
            }
            edges.shuffle(&mut rng);
            let g = WeightedGraph::new(n, edges).unwrap();
            let listed = rng.random_range(0..=n);
            let stated: Vec<Vec<usize>> = (0..listed)
                .map(|_| (0..rng.random_range(0..=n + 2)).map(|_| rng.random_range(0..n + 2)).collect())
                .collect();
            prop_assert_eq!(stable_lists(&g, &stated), stable_lists_reference(&g, &stated));
        }
    }
}
