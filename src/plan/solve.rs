//! The planning pipeline behind [`super::Planner::plan`], as named stages:
//! 1. [`history`](super::history): the effective graph's bans and penalties;
//! 2. [`pins`](super::pins): must-pairs, kept pairs, mutual first choices;
//! 3. [`residual`](super::residual): the effective and residual graphs;
//! 4. [`optimise`](super::optimise): the objective on the residual graph;
//! 5. [`odd`](super::odd): leave out or trio;
//! 6. [`assemble`](super::assemble): audit, check, pairs, unmatched reasons.

use crate::cohort::Cohort;
use crate::compat::{CandidateMode, Policy};
use crate::fairness::{audit, checked_partners, AuditInput};
use crate::graph::CompatibilityGraph;
use crate::matching::WeightedGraph;

use super::history::{key, History};
use super::optimise::Solved;
use super::pins::Pins;
use super::residual::Graphs;
use super::{assemble, odd, optimise, pins, residual, sensitivity};
use super::{
    Check, Notice, Objective, OddPolicy, PlanError, PlanStage, PlannerOptions, Proposal,
    AUTO_EXACT_LIMIT,
};

/// Runs the pipeline; `extra_pins` (ids) are kept like must-pairs and flagged `kept`.
/// `on_stage` is told when each stage starts (for progress displays).
pub(crate) fn solve(
    cohort: &Cohort,
    policy: &Policy,
    options: &PlannerOptions,
    extra_pins: &[(String, String)],
    on_stage: &mut dyn FnMut(PlanStage),
) -> Result<Proposal, PlanError> {
    let mut p = solve_once(cohort, policy, options, extra_pins, on_stage)?;
    let eligible_unmatched = p
        .unmatched
        .iter()
        .any(|u| u.reason != super::Reason::ZeroCapacity);
    if eligible_unmatched && cohort.teachers.len() <= AUTO_EXACT_LIMIT {
        // Relax, re-score, re-solve: one plan per binding rule or mode.
        on_stage(PlanStage::Sensitivity);
        p.sensitivity = Some(sensitivity::table(policy, p.audit.matched_agents, |q| {
            matched_once(cohort, q, options, extra_pins)
        }));
    }
    Ok(p)
}

/// Stages 1–4 of one run, and the plan's pairs.
struct Core {
    mode: CandidateMode,
    graph: CompatibilityGraph,
    notices: Vec<Notice>,
    history: History,
    pins: Pins,
    graphs: Graphs,
    /// Each teacher's stated ranking (indices, best first).
    stated: Vec<Vec<usize>>,
    solved: Solved,
    /// Pinned and optimised pairs `(a, b)`, `a < b`, increasing.
    all: Vec<(usize, usize)>,
}

/// Stages 1–4: graph, history, pins, graphs, optimise.
fn core(
    cohort: &Cohort,
    policy: &Policy,
    options: &PlannerOptions,
    extra_pins: &[(String, String)],
    on_stage: &mut dyn FnMut(PlanStage),
) -> Result<Core, PlanError> {
    let n = cohort.teachers.len();
    let mode = options.candidate_mode.unwrap_or(if n <= AUTO_EXACT_LIMIT {
        CandidateMode::Exact
    } else {
        CandidateMode::TopK { k: 30 }
    });
    on_stage(PlanStage::Graph);
    let graph = CompatibilityGraph::build(cohort, policy, mode)?;
    let mut notices: Vec<Notice> = graph
        .scorer()
        .notices()
        .iter()
        .map(|x| Notice::Validation { notice: x.clone() })
        .collect();
    if options.candidate_mode.is_none() && mode != CandidateMode::Exact {
        notices.push(Notice::TopK { teachers: n, k: 30 });
    }

    // 1–3: history, pins, graphs.
    let mut history = History::new(&graph, options);
    let pins = pins::pin(&graph, options, &mut history, extra_pins, &mut notices);
    let graphs = residual::graphs(&graph, &history, &pins)?;
    history.notices(options, &mut notices);

    // 4: optimise.
    on_stage(PlanStage::Solve);
    let stated = assemble::stated_lists(&graph);
    let solved = optimise::optimise(&graphs.residual, &pins.cap, options.objective, &stated)?;
    if let Some(ns) = &solved.no_stable {
        let id = |i: usize| graph.teacher_id(i).to_string();
        notices.push(Notice::NoStableMatching {
            teacher: id(ns.agent),
            needed: ns.needed,
            left: ns.left,
            rotation: ns.rotation.iter().map(|&(x, y)| (id(x), id(y))).collect(),
        });
    }

    let mut all: Vec<(usize, usize)> = pins.fixed.keys().copied().collect();
    all.extend(solved.pairs.iter().map(|&(a, b)| key(a, b)));
    all.sort_unstable();
    Ok(Core {
        mode,
        graph,
        notices,
        history,
        pins,
        graphs,
        stated,
        solved,
        all,
    })
}

/// The input of the stability check: the optimised part on the residual graph, with
/// the rank lists the optimiser used and the capacities the pins left (pinned pairs are
/// fixed and may block).
fn stability_input(c: &Core) -> AuditInput<'_> {
    AuditInput {
        scores: &c.graphs.residual,
        stated_prefs: c.solved.stable_lists.as_deref(),
        capacities: Some(&c.pins.cap),
        groups: &[],
    }
}

/// Teachers with a partner under `policy`, trio members included: what the sensitivity
/// table records, equal to `solve_once(..).ok().map(|p| p.audit.matched_agents)`. It
/// runs the same stages 1–4 and the same checks of both audits (so it is `None`
/// exactly when that plan fails) and looks for the same trio, but assembles nothing:
/// no audit statistics, explanations or unmatched reasons.
fn matched_once(
    cohort: &Cohort,
    policy: &Policy,
    options: &PlannerOptions,
    extra_pins: &[(String, String)],
) -> Option<usize> {
    let c = core(cohort, policy, options, extra_pins, &mut |_| {}).ok()?;
    let partners =
        assemble::checked_plan(cohort, &c.graph, &c.graphs.effective, &c.stated, &c.all).ok()?;
    if c.solved.check.is_none() {
        checked_partners(&stability_input(&c), &c.solved.pairs).ok()?;
    }
    let mut matched = partners.iter().filter(|p| !p.is_empty()).count();
    if options.odd == OddPolicy::Trio {
        let scorer = c.graph.scorer();
        let unmatched_eligible: Vec<usize> = (0..partners.len())
            .filter(|&i| partners[i].is_empty() && scorer.capacity(i) > 0)
            .collect();
        if let Ok(t) = trio(&c.graph, &c.graphs.effective, &c.all, &unmatched_eligible) {
            // As `assemble::count_trio_member`: the third counts when it was unmatched.
            if partners.get(t.third).is_some_and(Vec::is_empty) {
                matched += 1;
            }
        }
    }
    Some(matched)
}

/// The trio for an odd cohort: the unmatched teacher (of `eligible`) and pair (of `all`)
/// with the best summed score whose three members share a meeting window. The one search
/// behind both the plan and the sensitivity table's count.
fn trio(
    graph: &CompatibilityGraph,
    effective: &WeightedGraph,
    all: &[(usize, usize)],
    eligible: &[usize],
) -> Result<odd::Trio, super::NoTrioReason> {
    let scorer = graph.scorer();
    let meets = |u: usize, k: usize| !scorer.trio_windows(all[k].0, all[k].1, u).is_empty();
    odd::find_trio(effective, all, eligible, meets).0
}

/// One run of the pipeline (no sensitivity table).
fn solve_once(
    cohort: &Cohort,
    policy: &Policy,
    options: &PlannerOptions,
    extra_pins: &[(String, String)],
    on_stage: &mut dyn FnMut(PlanStage),
) -> Result<Proposal, PlanError> {
    let c = core(cohort, policy, options, extra_pins, on_stage)?;
    let n = cohort.teachers.len();

    // 6 (first half): audit and check.
    on_stage(PlanStage::Audit);
    let aud = assemble::audit_plan(cohort, &c.graph, &c.graphs.effective, &c.stated, &c.all)?;
    let check = match &c.solved.check {
        Some(check) => check.clone(),
        None => {
            let lists = c.solved.stable_lists.as_deref();
            let a = audit(&stability_input(&c), &c.solved.pairs)?;
            Check::Stability {
                blocking_pairs: match lists {
                    Some(_) => a.blocking_pairs_stated.map_or(0, |v| v.len()),
                    None => a.blocking_pairs_scores.len(),
                },
            }
        }
    };
    let Core {
        mode,
        graph,
        mut notices,
        history,
        pins,
        graphs,
        all,
        ..
    } = c;
    let mut pairs = assemble::proposed_pairs(&graph, &history, &pins, &all);
    let total_score = pairs.iter().map(|p| p.score.total).sum();

    // 5: odd cohorts.
    let caps: Vec<u32> = (0..n).map(|i| graph.scorer().capacity(i)).collect();
    let unmatched_eligible: Vec<usize> = aud
        .unmatched
        .iter()
        .filter(|u| caps[u.agent] > 0)
        .map(|u| u.agent)
        .collect();
    let eligible = caps.iter().filter(|&&c| c > 0).count();
    let ids = |v: &[usize]| -> Vec<String> {
        v.iter().map(|&i| graph.teacher_id(i).to_string()).collect()
    };
    let mut in_trio = None;
    let mut aud = aud;
    match options.odd {
        OddPolicy::LeaveOut => {
            if eligible % 2 == 1 && caps.iter().all(|&c| c <= 1) {
                notices.push(Notice::OddLeftOut {
                    eligible,
                    teachers: ids(&unmatched_eligible),
                });
            }
        }
        OddPolicy::Trio => {
            let scorer = graph.scorer();
            match trio(&graph, &graphs.effective, &all, &unmatched_eligible) {
                Ok(t) => {
                    let id = graph.teacher_id(t.third).to_string();
                    let (a, b) = all[t.pair];
                    let windows = scorer.trio_windows(a, b, t.third);
                    let p = &mut pairs[t.pair];
                    notices.push(odd::trio_notice(&id, &p.a, &p.b, &t));
                    p.common_time.minutes = windows.iter().map(|w| w.minutes()).sum();
                    p.common_time.windows = windows.clone();
                    p.third = Some(t.member(&id, windows));
                    in_trio = Some(t.third);
                    assemble::count_trio_member(cohort, &mut aud, t.third);
                }
                Err(mut why) => {
                    if let super::NoTrioReason::NoCompatiblePair { teachers }
                    | super::NoTrioReason::NoCommonWindow { teachers } = &mut why
                    {
                        *teachers = ids(&unmatched_eligible);
                    }
                    notices.push(Notice::NoTrio { why });
                }
            }
        }
    }

    // 6 (second half): unmatched teachers.
    let unmatched = assemble::unmatched(cohort, &graph, &graphs.effective, &all, &aud, in_trio);
    let objective: Objective = options.objective;
    Ok(Proposal {
        teachers: (0..n).map(|i| graph.teacher_id(i).to_string()).collect(),
        pairs,
        unmatched,
        total_score,
        audit: aud,
        check,
        objective,
        odd: options.odd,
        seed: options.seed,
        policy: policy.clone(),
        candidate_mode: mode,
        notices,
        changes: None,
        sensitivity: None,
    })
}

#[cfg(test)]
mod tests {
    use super::{matched_once, solve_once};
    use crate::cohort::generate::{generate, GeneratorConfig};
    use crate::compat::Policy;
    use crate::plan::sensitivity::Relaxation;
    use crate::plan::{OddPolicy, PastPair, PlannerOptions};
    use proptest::prelude::*;

    use crate::report::compare::OBJECTIVES;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// The sensitivity table's lean count equals the matched count of the full plan
        /// (or both fail), under the policy and each of its relaxations, for every
        /// objective, both odd policies, with and without a history cooldown.
        #[test]
        fn matched_once_equals_full_plan(
            n in 2usize..=90,
            seed in any::<u64>(),
            objective in 0usize..5,
            trio in any::<bool>(),
            cooldown in any::<bool>(),
        ) {
            let cohort = generate(&GeneratorConfig::city(n, seed));
            let history: Vec<PastPair> = if cooldown {
                cohort.teachers.windows(2).step_by(3).map(|w| PastPair {
                    a: w[0].id.clone(),
                    b: w[1].id.clone(),
                    round: 1,
                }).collect()
            } else {
                Vec::new()
            };
            let options = PlannerOptions {
                objective: OBJECTIVES[objective],
                odd: if trio { OddPolicy::Trio } else { OddPolicy::LeaveOut },
                history,
                round: 2,
                cooldown_rounds: u32::from(cooldown),
                ..PlannerOptions::default()
            };
            let base = Policy::default();
            let mut policies = vec![base.clone()];
            policies.extend(Relaxation::all_for(&base).iter().map(|r| r.apply(&base)));
            for q in &policies {
                let full = solve_once(&cohort, q, &options, &[], &mut |_| {})
                    .ok()
                    .map(|p| p.audit.matched_agents);
                prop_assert_eq!(matched_once(&cohort, q, &options, &[]), full);
            }
        }
    }
}
