//! The planning pipeline behind [`super::Planner::plan`].

use std::collections::{BTreeMap, BTreeSet};

use crate::cohort::Cohort;
use crate::compat::{CandidateMode, Policy, SCALE};
use crate::fairness::{audit, AuditInput, UnmatchedReason};
use crate::graph::CompatibilityGraph;
use crate::matching::{
    bottleneck_matching, max_weight_matching_with_certificate, stable_roommates, verify, Mode,
    Preferences, WeightedGraph,
};

use super::{
    reason_message, Check, Objective, OddPolicy, PlanError, PlannerOptions, Proposal, ProposedPair,
    Reason, ThirdMember, UnmatchedTeacher, AUTO_EXACT_LIMIT,
};
use crate::matching::reductions::max_weight_b_matching;

/// Result of optimising the residual problem.
struct Solved {
    pairs: Vec<(usize, usize)>,
    check: Option<Check>,
}

fn key(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

/// Runs the pipeline; `extra_pins` (ids) are kept like must-pairs and flagged `kept`.
pub(crate) fn solve(
    cohort: &Cohort,
    policy: &Policy,
    options: &PlannerOptions,
    extra_pins: &[(String, String)],
) -> Result<Proposal, PlanError> {
    let n = cohort.teachers.len();
    let mode = options.candidate_mode.unwrap_or(if n <= AUTO_EXACT_LIMIT {
        CandidateMode::Exact
    } else {
        CandidateMode::TopK { k: 30 }
    });
    let graph = CompatibilityGraph::build(cohort, policy, mode)?;
    let mut notices: Vec<String> = graph
        .scorer()
        .notices()
        .iter()
        .map(|x| x.to_string())
        .collect();
    if options.candidate_mode.is_none() && mode != CandidateMode::Exact {
        notices.push(format!(
            "{n} teachers: candidate pairs limited to each teacher's 30 best (top-k mode)"
        ));
    }

    // History: forbidden pairs and penalties.
    let mut forbidden: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut penalty: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for p in &options.history {
        let (Some(a), Some(b)) = (graph.index_of(&p.a), graph.index_of(&p.b)) else {
            continue; // teachers no longer in the cohort: nothing to avoid
        };
        if a == b {
            continue;
        }
        let k = key(a, b);
        if options.cooldown_rounds > 0
            && options.round.saturating_sub(p.round) <= options.cooldown_rounds
        {
            forbidden.insert(k);
        } else if options.history_penalty_points > 0 {
            penalty.insert(k, i64::from(options.history_penalty_points) * SCALE);
        }
    }

    // Pins: must-pairs first (graph edges marked pinned), then the extra (kept) pins.
    let mut cap: Vec<u32> = (0..n).map(|i| graph.scorer().capacity(i)).collect();
    let mut fixed: Vec<(usize, usize, bool)> = Vec::new(); // (a, b, kept)
    let mut fixed_set: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut pin =
        |a: usize, b: usize, kept: bool, cap: &mut Vec<u32>, notices: &mut Vec<String>| {
            let k = key(a, b);
            if fixed_set.contains(&k) {
                return true;
            }
            if cap[a] == 0 || cap[b] == 0 {
                notices.push(format!(
                    "pin {} + {} dropped: no capacity left",
                    graph.teacher_id(k.0),
                    graph.teacher_id(k.1)
                ));
                return false;
            }
            cap[a] -= 1;
            cap[b] -= 1;
            fixed_set.insert(k);
            fixed.push((k.0, k.1, kept));
            true
        };
    let must: Vec<(usize, usize)> = graph
        .edges()
        .filter(|(_, _, s)| s.pinned)
        .map(|(a, b, _)| (a, b))
        .collect();
    for &(a, b) in &must {
        if forbidden.remove(&(a, b)) {
            notices.push(format!(
                "must-pair {} + {} kept although they met within the cooldown",
                graph.teacher_id(a),
                graph.teacher_id(b)
            ));
        }
        pin(a, b, false, &mut cap, &mut notices);
    }
    for (x, y) in extra_pins {
        match (graph.index_of(x), graph.index_of(y)) {
            (Some(a), Some(b)) if a != b && graph.score(a, b).is_some() => {
                forbidden.remove(&key(a, b));
                pin(a, b, true, &mut cap, &mut notices);
            }
            _ => notices.push(format!("pin {x} + {y} dropped: not a feasible pair")),
        }
    }

    // The effective graph (audit) and the residual graph (optimisation).
    let eff_w =
        |a: usize, b: usize, total: i64| total - penalty.get(&key(a, b)).copied().unwrap_or(0);
    let effective: Vec<(usize, usize, i64)> = graph
        .edges()
        .filter(|&(a, b, _)| !forbidden.contains(&(a, b)))
        .map(|(a, b, s)| (a, b, eff_w(a, b, s.total)))
        .collect();
    let residual: Vec<(usize, usize, i64)> = effective
        .iter()
        .copied()
        .filter(|&(a, b, _)| cap[a] > 0 && cap[b] > 0 && !fixed_set.contains(&(a, b)))
        .collect();
    let eff_graph = WeightedGraph::new(n, effective)?;
    let res_graph = WeightedGraph::new(n, residual)?;
    if !penalty.is_empty() {
        notices.push(format!(
            "{} earlier pair(s) penalised by {} points",
            penalty.len(),
            options.history_penalty_points
        ));
    }
    if !forbidden.is_empty() {
        notices.push(format!(
            "{} earlier pair(s) forbidden by the {}-round cooldown",
            forbidden.len(),
            options.cooldown_rounds
        ));
    }

    let solved = optimise(&res_graph, &cap, options.objective)?;

    // Assemble the plan's pairs.
    let kept_of: BTreeMap<(usize, usize), bool> =
        fixed.iter().map(|&(a, b, k)| ((a, b), k)).collect();
    let mut all: Vec<(usize, usize)> = fixed.iter().map(|&(a, b, _)| (a, b)).collect();
    all.extend(solved.pairs.iter().map(|&(a, b)| key(a, b)));
    all.sort_unstable();

    let caps_orig: Vec<u32> = (0..n).map(|i| graph.scorer().capacity(i)).collect();
    let groups: Vec<BTreeMap<String, String>> = cohort
        .teachers
        .iter()
        .map(|t| {
            let mut m = BTreeMap::new();
            m.insert("school".to_string(), t.school.clone());
            let subj = t
                .subjects
                .first()
                .map(|s| s.trim().to_lowercase())
                .unwrap_or_else(|| "(none)".into());
            m.insert("subject".to_string(), subj);
            m
        })
        .collect();
    let input = AuditInput {
        scores: &eff_graph,
        stated_prefs: None,
        capacities: Some(&caps_orig),
        groups: &groups,
    };
    let aud = audit(&input, &all)?;

    let check = match solved.check {
        Some(c) => c,
        None => {
            // Stability of the optimised part: pinned pairs are fixed and may block.
            let res_input = AuditInput {
                scores: &res_graph,
                stated_prefs: None,
                capacities: Some(&cap),
                groups: &[],
            };
            let res_pairs: Vec<(usize, usize)> = solved.pairs.clone();
            Check::Stability {
                blocking_pairs: audit(&res_input, &res_pairs)?.blocking_pairs_scores.len(),
            }
        }
    };

    let mut pairs: Vec<ProposedPair> = all
        .iter()
        .map(|&(a, b)| {
            let score = *graph.score(a, b).expect("pairs are graph edges");
            let shared = graph.shared(a, b);
            ProposedPair {
                a: graph.teacher_id(a).to_string(),
                b: graph.teacher_id(b).to_string(),
                score,
                history_penalty: penalty.get(&(a, b)).copied().unwrap_or(0),
                pinned: score.pinned,
                kept: kept_of.get(&(a, b)).copied().unwrap_or(false),
                suggested_focus: shared.focus.clone(),
                shared,
                common_time: graph.common_windows(a, b),
                third: None,
            }
        })
        .collect();
    let total_score = pairs.iter().map(|p| p.score.total).sum();

    // Odd cohorts.
    let mut in_trio: BTreeSet<usize> = BTreeSet::new();
    let unmatched_eligible: Vec<usize> = aud
        .unmatched
        .iter()
        .filter(|u| caps_orig[u.agent] > 0)
        .map(|u| u.agent)
        .collect();
    let eligible = caps_orig.iter().filter(|&&c| c > 0).count();
    match options.odd {
        OddPolicy::LeaveOut => {
            if eligible % 2 == 1 && caps_orig.iter().all(|&c| c <= 1) {
                notices.push(format!(
                    "odd cohort ({eligible} teachers who can pair): left out {}; the plan's total is maximal over every choice of who sits out",
                    names(&graph, &unmatched_eligible)
                ));
            }
        }
        OddPolicy::Trio => {
            // One trio: the (unmatched teacher, pair) with the largest summed score to both
            // members; ties go to the earlier teacher, then the earlier pair.
            let mut best: Option<(i64, usize, usize, i64, i64)> = None;
            for &u in &unmatched_eligible {
                for (k, &(a, b)) in all.iter().enumerate() {
                    let (Some(sa), Some(sb)) = (eff_graph.weight(u, a), eff_graph.weight(u, b))
                    else {
                        continue;
                    };
                    let sum = sa + sb;
                    if best.map_or(true, |(s, ..)| sum > s) {
                        best = Some((sum, u, k, sa, sb));
                    }
                }
            }
            if let Some((sum, u, k, sa, sb)) = best {
                pairs[k].third = Some(ThirdMember {
                    id: graph.teacher_id(u).to_string(),
                    score_with_a: sa,
                    score_with_b: sb,
                });
                in_trio.insert(u);
                notices.push(format!(
                    "trio: {} joins {} + {} (summed score {:.1})",
                    graph.teacher_id(u),
                    pairs[k].a,
                    pairs[k].b,
                    sum as f64 / SCALE as f64
                ));
            }
        }
    }

    let unmatched = aud
        .unmatched
        .iter()
        .filter(|u| !in_trio.contains(&u.agent))
        .map(|u| {
            let ids = |v: &[usize]| v.iter().map(|&i| graph.teacher_id(i).to_string()).collect();
            let reason = match &u.reason {
                _ if caps_orig[u.agent] == 0 => Reason::ZeroCapacity,
                UnmatchedReason::NoFeasiblePartner => Reason::NoFeasiblePartner,
                UnmatchedReason::ZeroCapacity => Reason::ZeroCapacity,
                UnmatchedReason::Capacity { full_partners } => Reason::Capacity {
                    full_partners: ids(full_partners),
                },
                UnmatchedReason::LostOut { candidates } => Reason::LostOut {
                    candidates: ids(candidates),
                },
            };
            UnmatchedTeacher {
                id: graph.teacher_id(u.agent).to_string(),
                message: reason_message(&reason),
                reason,
            }
        })
        .collect();

    Ok(Proposal {
        teachers: (0..n).map(|i| graph.teacher_id(i).to_string()).collect(),
        pairs,
        unmatched,
        total_score,
        audit: aud,
        check,
        objective: options.objective,
        odd: options.odd,
        seed: options.seed,
        policy: policy.clone(),
        candidate_mode: mode,
        notices,
        changes: None,
    })
}

fn names(graph: &CompatibilityGraph, v: &[usize]) -> String {
    if v.is_empty() {
        return "nobody".into();
    }
    v.iter()
        .map(|&i| graph.teacher_id(i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Optimises the residual graph `g` with capacities `cap` (edges already restricted to
/// vertices with capacity > 0).
fn optimise(g: &WeightedGraph, cap: &[u32], objective: Objective) -> Result<Solved, PlanError> {
    let simple = cap.iter().all(|&c| c <= 1);
    let cert_mode = |mode: Mode| -> Result<Solved, PlanError> {
        if simple {
            let (m, cert) = max_weight_matching_with_certificate(g, mode)?;
            let res = verify(g, &m, &cert);
            Ok(Solved {
                pairs: m.pairs().collect(),
                check: Some(Check::Certificate {
                    verified: res.is_ok(),
                    graph: "matching".into(),
                    error: res.err().map(|e| e.to_string()),
                }),
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
            })
        }
    };
    match objective {
        Objective::MaxWeight => cert_mode(Mode::MaxWeight),
        Objective::MaxCardinalityThenWeight => cert_mode(Mode::MaxCardinality),
        Objective::Stable => {
            let pairs = if simple {
                let prefs = Preferences::from_scores(g);
                match stable_roommates(&prefs).into_stable() {
                    Some(s) => s.pairs(),
                    None => greedy(g, cap),
                }
            } else {
                greedy(g, cap)
            };
            Ok(Solved { pairs, check: None })
        }
        Objective::MinRegret => {
            if simple {
                let b = bottleneck_matching(g)?;
                Ok(Solved {
                    pairs: b.matching.pairs().collect(),
                    check: Some(Check::Bottleneck {
                        weakest_pair: b.bottleneck,
                    }),
                })
            } else {
                b_bottleneck(g, cap)
            }
        }
    }
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
    })
}
