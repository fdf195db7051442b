//! Stage 6, assemble the proposal: audit, check, pairs with their explanation,
//! unmatched teachers with their reason.

use std::collections::BTreeMap;

use crate::cohort::Cohort;
use crate::fairness::{audit, checked_partners, Audit, AuditInput, GroupKey, UnmatchedReason};
use crate::graph::CompatibilityGraph;

use super::history::History;
use super::pins::{PinKind, Pins};
use super::{
    unmatched_message, Blockers, Contested, PlanError, ProposedPair, Reason, TakenPartner,
    UnmatchedTeacher,
};
use crate::matching::csr::Csr;
use crate::matching::WeightedGraph;

/// Each teacher's stated ranking as indices, best first (unknown ids were already
/// reported by validation and are not in the scorer).
pub(crate) fn stated_lists(graph: &CompatibilityGraph) -> Vec<Vec<usize>> {
    let s = graph.scorer();
    (0..s.len())
        .map(|i| {
            let mut v: Vec<(u32, u32)> = s.prefs.row(i).to_vec();
            v.sort_by_key(|p| (p.1, p.0));
            v.into_iter().map(|p| p.0 as usize).collect()
        })
        .collect()
}

/// The group labels of the audit (school, first subject).
pub(crate) fn groups(cohort: &Cohort) -> Vec<crate::fairness::GroupLabels> {
    cohort
        .teachers
        .iter()
        .map(|t| {
            let mut m = BTreeMap::new();
            m.insert(GroupKey::School, t.school.clone());
            let subj = t
                .subjects
                .first()
                .map(|s| s.trim().to_lowercase())
                .unwrap_or_else(|| "(none)".into());
            m.insert(GroupKey::Subject, subj);
            m
        })
        .collect()
}

/// Calls `f` with the audit input of the plan: the effective graph, the cohort's
/// capacities and group labels, and the stated rankings when any teacher gave one (so
/// `stated_rank` and `blocking_pairs_stated` are filled).
fn with_plan_input<T>(
    cohort: &Cohort,
    graph: &CompatibilityGraph,
    effective: &WeightedGraph,
    stated: &[Vec<usize>],
    f: impl FnOnce(&AuditInput<'_>) -> T,
) -> T {
    let n = graph.node_count();
    let caps: Vec<u32> = (0..n).map(|i| graph.scorer().capacity(i)).collect();
    let groups = groups(cohort);
    let any_stated = stated.iter().any(|l| !l.is_empty());
    let input = AuditInput {
        scores: effective,
        stated_prefs: any_stated.then_some(stated),
        capacities: Some(&caps),
        groups: &groups,
    };
    f(&input)
}

/// Audits `all` on the effective graph (see [`with_plan_input`]).
pub(crate) fn audit_plan(
    cohort: &Cohort,
    graph: &CompatibilityGraph,
    effective: &WeightedGraph,
    stated: &[Vec<usize>],
    all: &[(usize, usize)],
) -> Result<Audit, PlanError> {
    with_plan_input(cohort, graph, effective, stated, |input| {
        Ok(audit(input, all)?)
    })
}

/// Every teacher's partners in `all`, or the error [`audit_plan`] would give: its
/// checks without the audit (for the sensitivity table, which needs only who is matched).
pub(crate) fn checked_plan(
    cohort: &Cohort,
    graph: &CompatibilityGraph,
    effective: &WeightedGraph,
    stated: &[Vec<usize>],
    all: &[(usize, usize)],
) -> Result<Vec<Vec<usize>>, PlanError> {
    with_plan_input(cohort, graph, effective, stated, |input| {
        Ok(checked_partners(input, all)?)
    })
}

/// Counts a trio's third member as matched in the audit's totals and group statistics
/// (the audit itself sees pairs only).
pub(crate) fn count_trio_member(cohort: &Cohort, aud: &mut Audit, third: usize) {
    if !aud.unmatched.iter().any(|u| u.agent == third) {
        return;
    }
    aud.unmatched.retain(|u| u.agent != third);
    aud.matched_agents += 1;
    aud.match_rate = aud.matched_agents as f64 / aud.agents.max(1) as f64;
    if let Some(labels) = groups(cohort).get(third) {
        for (key, label) in labels {
            if let Some(g) = aud.groups.get_mut(key).and_then(|m| m.get_mut(label)) {
                g.matched += 1;
                g.match_rate = g.matched as f64 / g.members.max(1) as f64;
            }
        }
    }
}

/// The proposed pairs with their explanation.
pub(crate) fn proposed_pairs(
    graph: &CompatibilityGraph,
    history: &History,
    pins: &Pins,
    all: &[(usize, usize)],
) -> Vec<ProposedPair> {
    all.iter()
        .map(|&(a, b)| {
            let score = *graph.score(a, b).expect("pairs are graph edges");
            let shared = graph.shared(a, b);
            let kind = pins.fixed.get(&(a, b)).copied();
            ProposedPair {
                a: graph.teacher_id(a).to_string(),
                b: graph.teacher_id(b).to_string(),
                score,
                history_penalty: history.penalty_of(a, b),
                pinned: score.pinned,
                kept: kind == Some(PinKind::Kept),
                mutual_choice: kind == Some(PinKind::Mutual),
                suggested_focus: shared.focus.clone(),
                shared,
                common_time: graph.common_windows(a, b),
                expected_minutes: graph
                    .scorer()
                    .expected_minutes(a, b, graph.scorer().policy().period_loss_percent)
                    .map(|m| m.round() as u32),
                third: None,
            }
        })
        .collect()
}

/// What [`contested`] reads, indexed once for all unmatched teachers: each teacher's
/// edges in the effective graph (CSR rows of `(other, edge index)` in edge order), and its
/// partners in the plan (CSR rows in `all` order). O(n + m + |all|) to build by counting
/// sorts, where scanning the edge list and the plan for every unmatched teacher (and
/// every edge list again for each partner's weight) was O(unmatched · (m + degree ·
/// (|all| + m))), and one vector per teacher was an allocation per teacher.
struct Around<'a> {
    effective: &'a WeightedGraph,
    edges: Csr<(u32, u32)>,
    partners: Csr<(u32, u32)>,
}

impl<'a> Around<'a> {
    fn new(effective: &'a WeightedGraph, all: &[(usize, usize)]) -> Self {
        let n = effective.vertex_count();
        let ends = effective
            .edges()
            .iter()
            .map(|e| (e.u as usize, e.v as usize));
        Around {
            effective,
            edges: Csr::undirected(n, ends),
            partners: Csr::undirected(n, all.iter().copied()),
        }
    }

    /// `v`'s edges `(other, weight)`, in edge order.
    fn edges(&self, v: usize) -> impl Iterator<Item = (usize, i64)> + '_ {
        let w = self.effective.edges();
        self.edges
            .row(v)
            .iter()
            .map(move |&(x, e)| (x as usize, w[e as usize].weight))
    }

    /// `v`'s partners in the plan, in `all` order.
    fn partners(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.partners.row(v).iter().map(|&(x, _)| x as usize)
    }

    /// The weight of the first edge between `v` and `w` (what
    /// [`WeightedGraph::weight`] finds).
    fn weight(&self, v: usize, w: usize) -> Option<i64> {
        self.edges(v).find(|e| e.0 == w).map(|e| e.1)
    }
}

/// Every feasible partner of unmatched teacher `u` in the effective graph and where it
/// went: its partners in `all`, and whether it is full with partners it scores at least
/// as high as `u`. Cohort order (the graph's node order: teacher ids are unique).
fn contested(cohort: &Cohort, graph: &CompatibilityGraph, around: &Around, u: usize) -> Contested {
    let mut partners: Vec<(usize, TakenPartner)> = Vec::new();
    for (v, weight) in around.edges(u) {
        let mine: Vec<(usize, i64)> = around
            .partners(v)
            .map(|w| (w, around.weight(v, w).unwrap_or(i64::MIN)))
            .collect();
        let full = mine.len() >= graph.scorer().capacity(v) as usize;
        partners.push((
            v,
            TakenPartner {
                id: graph.teacher_id(v).to_string(),
                name: cohort.teachers.get(v).and_then(|t| t.name.clone()),
                paired_with: mine
                    .iter()
                    .map(|&(w, _)| graph.teacher_id(w).to_string())
                    .collect(),
                prefers_current: full && mine.iter().all(|&(_, s)| s >= weight),
            },
        ));
    }
    partners.sort_by_key(|p| p.0);
    Contested {
        partners: partners.into_iter().map(|p| p.1).collect(),
    }
}

/// The unmatched teachers (trio thirds excluded) with typed reasons.
pub(crate) fn unmatched(
    cohort: &Cohort,
    graph: &CompatibilityGraph,
    effective: &WeightedGraph,
    all: &[(usize, usize)],
    aud: &Audit,
    in_trio: Option<usize>,
) -> Vec<UnmatchedTeacher> {
    let mut around: Option<Around> = None;
    aud.unmatched
        .iter()
        .filter(|u| Some(u.agent) != in_trio)
        .map(|u| {
            let ids = |v: &[usize]| v.iter().map(|&i| graph.teacher_id(i).to_string()).collect();
            let reason = match &u.reason {
                _ if graph.scorer().capacity(u.agent) == 0 => Reason::ZeroCapacity,
                UnmatchedReason::NoFeasiblePartner => Reason::NoFeasiblePartner,
                UnmatchedReason::ZeroCapacity => Reason::ZeroCapacity,
                UnmatchedReason::Capacity { full_partners } => Reason::Capacity {
                    full_partners: ids(full_partners),
                },
                UnmatchedReason::LostOut { candidates } => Reason::LostOut {
                    candidates: ids(candidates),
                },
            };
            let id = graph.teacher_id(u.agent).to_string();
            let b = match reason {
                Reason::NoFeasiblePartner => Blockers::of(graph, u.agent),
                _ => None,
            };
            let c = match reason {
                Reason::Capacity { .. } | Reason::LostOut { .. } => {
                    let around = around.get_or_insert_with(|| Around::new(effective, all));
                    Some(contested(cohort, graph, around, u.agent))
                }
                _ => None,
            };
            UnmatchedTeacher {
                message: unmatched_message(&id, &reason, b.as_ref(), c.as_ref()),
                id,
                reason,
                blockers: b,
                contested: c,
            }
        })
        .collect()
}
