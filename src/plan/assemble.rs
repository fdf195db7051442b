//! Stage 6, assemble the proposal: audit, check, pairs with their explanation,
//! unmatched teachers with their reason.

use std::collections::BTreeMap;

use crate::cohort::Cohort;
use crate::fairness::{audit, Audit, AuditInput, GroupKey, UnmatchedReason};
use crate::graph::CompatibilityGraph;

use super::history::History;
use super::pins::{PinKind, Pins};
use super::{unmatched_message, Blockers, PlanError, ProposedPair, Reason, Rule, UnmatchedTeacher};
use crate::compat::{CandidateMode, Violation};

/// What blocks teacher `i` from every other teacher (exact candidate mode only: O(n)
/// pair explanations per such teacher).
fn blockers(graph: &CompatibilityGraph, i: usize) -> Option<Blockers> {
    if graph.mode() != CandidateMode::Exact {
        return None;
    }
    let n = graph.node_count();
    let mut counts: BTreeMap<Rule, usize> = BTreeMap::new();
    let mut best: Option<(u32, usize)> = None;
    for j in (0..n).filter(|&j| j != i) {
        let Ok(e) = graph.explain_index(i, j) else {
            continue;
        }; // j != i, both in range
        let mut seen: Vec<Rule> = e
            .violations
            .iter()
            .map(|v| match v {
                Violation::GroupsOnly { .. } => Rule::GroupsOnly,
                Violation::Avoid { .. } => Rule::Avoid,
                Violation::NoSharedSubject => Rule::NoSharedSubject,
                Violation::NoSharedYearLevel => Rule::NoSharedYearLevel,
                Violation::TravelUnknown => Rule::TravelUnknown,
                Violation::TravelTooLong { .. } => Rule::TravelTooLong,
                Violation::NotEnoughCommonTime { .. } => Rule::NotEnoughCommonTime,
                Violation::NoMeetingMode => Rule::NoMeetingMode,
                #[allow(unreachable_patterns)]
                _ => Rule::Other,
            })
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for r in seen {
            *counts.entry(r).or_insert(0) += 1;
        }
        let m = e.common_time.minutes;
        if best.is_none_or(|(bm, _)| m > bm) {
            best = Some((m, j));
        }
    }
    let mut rules: Vec<(Rule, usize)> = counts.into_iter().collect();
    rules.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    Some(Blockers {
        others: n.saturating_sub(1),
        rules,
        best_time: best.map(|(m, j)| (graph.teacher_id(j).to_string(), m)),
    })
}

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

/// Audits `all` on the effective graph with the cohort's capacities; stated rankings are
/// included when any teacher gave one (so `stated_rank` and `blocking_pairs_stated` are
/// filled).
pub(crate) fn audit_plan(
    cohort: &Cohort,
    graph: &CompatibilityGraph,
    effective: &crate::matching::WeightedGraph,
    stated: &[Vec<usize>],
    all: &[(usize, usize)],
) -> Result<Audit, PlanError> {
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
    Ok(audit(&input, all)?)
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
                third: None,
            }
        })
        .collect()
}

/// The unmatched teachers (trio thirds excluded) with typed reasons.
pub(crate) fn unmatched(
    graph: &CompatibilityGraph,
    aud: &Audit,
    in_trio: Option<usize>,
) -> Vec<UnmatchedTeacher> {
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
                Reason::NoFeasiblePartner => blockers(graph, u.agent),
                _ => None,
            };
            UnmatchedTeacher {
                message: unmatched_message(&id, &reason, b.as_ref()),
                id,
                reason,
                blockers: b,
            }
        })
        .collect()
}
