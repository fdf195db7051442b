//! Re-matching after dropouts and joins (see [`super::Planner::rematch`]).

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{solve::solve, Notice, PinDropReason, PlanError, Planner, Proposal};

/// Why a previous pair was not kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BreakReason {
    /// These teachers left the cohort.
    Left {
        /// The teachers who left.
        teachers: Vec<String>,
    },
    /// The two are no longer a feasible pair under the policy.
    NotFeasible,
    /// No capacity left (capacity reduced, or a must-pair took it).
    NoCapacity,
    /// Released under the disruption budget for a better plan.
    Released,
}

impl fmt::Display for BreakReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BreakReason::Left { teachers } => {
                write!(f, "{} left the cohort", teachers.join(" and "))
            }
            BreakReason::NotFeasible => f.write_str("no longer a feasible pair under the policy"),
            BreakReason::NoCapacity => {
                f.write_str("no capacity left (capacity reduced or a must-pair took it)")
            }
            BreakReason::Released => {
                f.write_str("released under the disruption budget for a better plan")
            }
        }
    }
}

/// How a re-match was done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strategy {
    /// Every previous pair still possible was kept; the rest re-optimised.
    #[default]
    KeptAll,
    /// The unconstrained optimum was taken under the disruption budget.
    BudgetTaken {
        /// The budget.
        budget: usize,
        /// Previous pairs it changes.
        disrupted: usize,
    },
    /// The unconstrained optimum was not taken (too disruptive or not better).
    BudgetDeclined {
        /// The budget.
        budget: usize,
        /// Previous pairs it would change.
        disrupted: usize,
    },
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Strategy::KeptAll => f.write_str(
                "kept every previous pair that is still possible; re-optimised the rest",
            ),
            Strategy::BudgetTaken { budget: k, disrupted } => write!(
                f,
                "disruption budget {k}: the unconstrained optimum changes {disrupted} previous pair(s) and scores higher, so it was taken (exact at k = 0 and k >= all pairs; in between only these two plans are compared)"
            ),
            Strategy::BudgetDeclined { budget: k, disrupted } => write!(
                f,
                "disruption budget {k}: the unconstrained optimum would change {disrupted} previous pair(s) (or not score higher); kept every previous pair that is still possible"
            ),
        }
    }
}

/// A previous pair that was not kept, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenPair {
    /// First teacher id.
    pub a: String,
    /// Second teacher id.
    pub b: String,
    /// Why it was not kept.
    pub reason: BreakReason,
    /// The reason in words.
    #[serde(default)]
    pub message: String,
}

impl BrokenPair {
    fn new(a: &str, b: &str, reason: BreakReason) -> BrokenPair {
        BrokenPair {
            a: a.to_string(),
            b: b.to_string(),
            message: reason.to_string(),
            reason,
        }
    }
}

/// What a re-match changed compared with the previous proposal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// Teachers in the new cohort but not in the previous proposal.
    pub joined: Vec<String>,
    /// Teachers of the previous proposal no longer in the cohort.
    pub left: Vec<String>,
    /// Previous pairs kept unchanged.
    pub kept: Vec<(String, String)>,
    /// Previous pairs not kept, with the reason.
    pub broken: Vec<BrokenPair>,
    /// Pairs of the new proposal that were not pairs before.
    pub new_pairs: Vec<(String, String)>,
    /// How the re-match was done.
    pub strategy: Strategy,
}

impl Changes {
    pub(crate) fn rename(&mut self, m: &dyn Fn(&String) -> String) {
        for v in [&mut self.joined, &mut self.left] {
            for x in v.iter_mut() {
                *x = m(x);
            }
        }
        for v in [&mut self.kept, &mut self.new_pairs] {
            for (a, b) in v.iter_mut() {
                *a = m(a);
                *b = m(b);
            }
        }
        for p in &mut self.broken {
            p.a = m(&p.a);
            p.b = m(&p.b);
            if let BreakReason::Left { teachers } = &mut p.reason {
                for t in teachers.iter_mut() {
                    *t = m(t);
                }
            }
            p.message = p.reason.to_string();
        }
    }
}

fn norm(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

pub(crate) fn rematch(
    planner: &Planner,
    previous: &Proposal,
    budget: Option<usize>,
) -> Result<Proposal, PlanError> {
    let cohort = planner.cohort();
    let now: BTreeSet<&str> = cohort.teachers.iter().map(|t| t.id.as_str()).collect();
    let before: BTreeSet<&str> = previous.teachers.iter().map(String::as_str).collect();
    let mut changes = Changes {
        joined: cohort
            .teachers
            .iter()
            .filter(|t| !before.contains(t.id.as_str()))
            .map(|t| t.id.clone())
            .collect(),
        left: previous
            .teachers
            .iter()
            .filter(|t| !now.contains(t.as_str()))
            .cloned()
            .collect(),
        ..Changes::default()
    };

    // Candidates to keep: both teachers still present.
    let mut keep: Vec<(String, String)> = Vec::new();
    for p in &previous.pairs {
        let gone: Vec<&str> = [p.a.as_str(), p.b.as_str()]
            .into_iter()
            .filter(|x| !now.contains(x))
            .collect();
        if gone.is_empty() {
            keep.push((p.a.clone(), p.b.clone()));
        } else {
            let teachers = gone.iter().map(|x| x.to_string()).collect();
            changes
                .broken
                .push(BrokenPair::new(&p.a, &p.b, BreakReason::Left { teachers }));
        }
    }

    // Entries naming a leaver are dropped from a copy of the cohort, each with a notice.
    let gone: BTreeSet<&str> = changes.left.iter().map(String::as_str).collect();
    let mut dropped_notices = Vec::new();
    let mut cleaned = cohort.clone();
    for t in &mut cleaned.teachers {
        for (list, v) in [
            ("preferences", &mut t.preferences),
            ("avoid", &mut t.avoid),
            ("must_pair", &mut t.must_pair),
        ] {
            v.retain(|x| {
                let leaver = gone.contains(x.as_str());
                if leaver {
                    dropped_notices.push(Notice::LeaverEntryDropped {
                        teacher: t.id.clone(),
                        list: list.to_string(),
                        left: x.clone(),
                    });
                }
                !leaver
            });
        }
    }
    let cohort = &cleaned;

    let options = planner.options();
    let pinned = solve(cohort, &planner.policy, options, &keep, &mut |_| {})?;
    let mut chosen = pinned;
    changes.strategy = Strategy::KeptAll;
    if let Some(k) = budget.filter(|&k| k > 0) {
        let free = solve(cohort, &planner.policy, options, &[], &mut |_| {})?;
        let free_set: BTreeSet<(String, String)> =
            free.pairs.iter().map(|p| norm(&p.a, &p.b)).collect();
        let disrupted = keep
            .iter()
            .filter(|(a, b)| !free_set.contains(&norm(a, b)))
            .count();
        if disrupted <= k && free.total_score > chosen.total_score {
            changes.strategy = Strategy::BudgetTaken {
                budget: k,
                disrupted,
            };
            chosen = free;
        } else {
            changes.strategy = Strategy::BudgetDeclined {
                budget: k,
                disrupted,
            };
        }
    }

    let new_set: BTreeSet<(String, String)> =
        chosen.pairs.iter().map(|p| norm(&p.a, &p.b)).collect();
    let old_set: BTreeSet<(String, String)> =
        previous.pairs.iter().map(|p| norm(&p.a, &p.b)).collect();
    for (a, b) in &keep {
        if new_set.contains(&norm(a, b)) {
            changes.kept.push((a.clone(), b.clone()));
        } else {
            // The pin-drop notice of this very pair, matched on its typed fields.
            let dropped = chosen.notices.iter().find_map(|n| match n {
                Notice::PinDropped { a: x, b: y, why } if norm(x, y) == norm(a, b) => Some(*why),
                _ => None,
            });
            let reason = match dropped {
                Some(PinDropReason::NotFeasible) => BreakReason::NotFeasible,
                Some(PinDropReason::NoCapacity) => BreakReason::NoCapacity,
                None => BreakReason::Released,
            };
            changes.broken.push(BrokenPair::new(a, b, reason));
        }
    }
    for p in &chosen.pairs {
        if !old_set.contains(&norm(&p.a, &p.b)) {
            changes.new_pairs.push((p.a.clone(), p.b.clone()));
        }
    }
    chosen.changes = Some(changes);
    dropped_notices.append(&mut chosen.notices);
    chosen.notices = dropped_notices;
    Ok(chosen)
}
