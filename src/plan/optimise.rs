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
//!   joined to `v` by an edge of weight `B`; `B = Σ|w_e| + 1`. Solve the maximum-weight
//!   b-matching of `G'` exactly (Tutte's gadget, [`max_weight_b_matching`]) and keep
//!   the edges of `G`.
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
//! b-matchings, so the optimum of `G'` maximises `P`, then `w`. Teachers with `c_v = 1`
//! need no absorber (the formula holds with zero of them). The gadget's LP certificate
//! proves the optimum of `G'`, hence this lexicographic optimum. `G'` has `Σ(c_v - 1)`
//! more vertices and edges than `G`, so the cost is that of one b-matching solve.
//!
//! A consequence: nobody has a second partner while a teacher who could pair has none,
//! whenever an exchange (give that teacher the second partner instead) would fix it —
//! that exchange would raise `P`.

use crate::matching::reductions::max_weight_b_matching;
use crate::matching::{
    bottleneck_matching, max_weight_matching_with_certificate, stable_roommates, verify, Mode,
    Preferences, WeightedGraph,
};

use super::history::key;
use super::{Check, Objective, PlanError};

/// Result of optimising the residual problem.
pub(crate) struct Solved {
    /// The optimised pairs `(a, b)`, `a < b`.
    pub(crate) pairs: Vec<(usize, usize)>,
    /// The optimality check, or `None` for stability (checked by the audit later).
    pub(crate) check: Option<Check>,
    /// For [`Objective::Stable`]: the rank lists used (stated first, then scores).
    pub(crate) stable_lists: Option<Vec<Vec<usize>>>,
}

fn certified(g: &WeightedGraph, cap: &[u32], mode: Mode) -> Result<Solved, PlanError> {
    if cap.iter().all(|&c| c <= 1) {
        let (m, cert) = max_weight_matching_with_certificate(g, mode)?;
        let res = verify(g, &m, &cert);
        Ok(Solved {
            pairs: m.pairs().collect(),
            check: Some(Check::Certificate {
                verified: res.is_ok(),
                graph: "matching".into(),
                error: res.err().map(|e| e.to_string()),
            }),
            stable_lists: None,
        })
    } else {
        let b = max_weight_b_matching(g, cap, mode)?;
        Ok(Solved {
            pairs: b.pairs,
            check: Some(Check::Certificate {
                verified: b.certificate.is_ok(),
                graph: "b-matching gadget".into(),
                error: b.certificate.err(),
            }),
            stable_lists: None,
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
            let (pairs, lists) = if simple {
                let lists = stable_lists(g, stated);
                let pairs = Preferences::new(&lists)
                    .ok()
                    .and_then(|p| stable_roommates(&p).into_stable())
                    .map(|s| s.pairs())
                    .unwrap_or_else(|| greedy(g, cap));
                (pairs, Some(lists))
            } else {
                (greedy(g, cap), None)
            };
            Ok(Solved {
                pairs,
                check: None,
                stable_lists: lists,
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
                })
            } else {
                b_bottleneck(g, cap)
            }
        }
    }
}

/// The participation reduction of the module docs (capacities above 1).
fn participation(g: &WeightedGraph, cap: &[u32]) -> Result<Solved, PlanError> {
    let n = g.vertex_count();
    let big: i64 = g
        .edges()
        .iter()
        .map(|e| e.weight.unsigned_abs() as i64)
        .fold(1i64, |s, w| s.saturating_add(w));
    let mut edges: Vec<(usize, usize, i64)> = g
        .edges()
        .iter()
        .map(|e| (e.u as usize, e.v as usize, e.weight.saturating_add(2 * big)))
        .collect();
    let mut caps = cap.to_vec();
    for (v, &c) in cap.iter().enumerate() {
        for _ in 1..c {
            edges.push((v, caps.len(), big));
            caps.push(1);
        }
    }
    let h = WeightedGraph::new(caps.len(), edges)?;
    let b = max_weight_b_matching(&h, &caps, Mode::MaxWeight)?;
    Ok(Solved {
        pairs: b.pairs.into_iter().filter(|&(_, v)| v < n).collect(),
        check: Some(Check::Certificate {
            verified: b.certificate.is_ok(),
            graph: "b-matching gadget".into(),
            error: b.certificate.err(),
        }),
        stable_lists: None,
    })
}

/// Rank lists over the residual neighbours: stated order first, then the rest by score
/// (desc), smaller index on ties. Symmetric by construction (both ends of every edge).
pub(crate) fn stable_lists(g: &WeightedGraph, stated: &[Vec<usize>]) -> Vec<Vec<usize>> {
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

/// Global greedy by (score desc, pair asc) under capacities: the stable b-matching for
/// score-derived ("globally ranked") preferences.
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
/// weight; binary search over the distinct weights with the exact b-matching reduction.
fn b_bottleneck(g: &WeightedGraph, cap: &[u32]) -> Result<Solved, PlanError> {
    let k = max_weight_b_matching(g, cap, Mode::MaxCardinality)?
        .pairs
        .len();
    let mut ws: Vec<i64> = g.edges().iter().map(|e| e.weight).collect();
    ws.sort_unstable();
    ws.dedup();
    let sub = |t: i64| {
        WeightedGraph::new(
            g.vertex_count(),
            g.edges()
                .iter()
                .filter(|e| e.weight >= t)
                .map(|e| (e.u as usize, e.v as usize, e.weight)),
        )
    };
    // Largest index i such that the threshold ws[i] still allows k pairs.
    let (mut lo, mut hi) = (0usize, ws.len());
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if max_weight_b_matching(&sub(ws[mid])?, cap, Mode::MaxCardinality)?
            .pairs
            .len()
            == k
        {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let t = ws.get(lo).copied().unwrap_or(0);
    let b = max_weight_b_matching(&sub(t)?, cap, Mode::MaxCardinality)?;
    let weakest = b.pairs.iter().filter_map(|&(u, v)| g.weight(u, v)).min();
    Ok(Solved {
        pairs: b.pairs,
        check: Some(Check::Bottleneck {
            weakest_pair: weakest,
        }),
        stable_lists: None,
    })
}
