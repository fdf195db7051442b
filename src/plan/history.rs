//! Stage 1, the effective graph's history: pairs met within the cooldown are forbidden,
//! older ones lose points.

use std::collections::{BTreeMap, BTreeSet};

use crate::compat::SCALE;
use crate::graph::CompatibilityGraph;

use super::{Notice, PlannerOptions};

/// The history rules applied to one cohort (indices follow the graph).
pub(crate) struct History {
    /// Pairs `(a, b)`, `a < b`, met within the cooldown.
    pub(crate) forbidden: BTreeSet<(usize, usize)>,
    /// Fixed-point units subtracted from each older pair.
    pub(crate) penalty: BTreeMap<(usize, usize), i64>,
}

pub(crate) fn key(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

impl History {
    /// Reads `options.history` against the graph's teachers (past pairs naming a teacher
    /// no longer in the cohort are ignored: there is nothing to avoid).
    pub(crate) fn new(graph: &CompatibilityGraph, options: &PlannerOptions) -> History {
        let mut forbidden = BTreeSet::new();
        let mut penalty = BTreeMap::new();
        for p in &options.history {
            let (Some(a), Some(b)) = (graph.index_of(&p.a), graph.index_of(&p.b)) else {
                continue;
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
        History { forbidden, penalty }
    }

    /// The penalty of pair `(a, b)` in fixed-point units.
    pub(crate) fn penalty_of(&self, a: usize, b: usize) -> i64 {
        self.penalty.get(&key(a, b)).copied().unwrap_or(0)
    }

    /// The notices describing what history did (after pins have lifted some bans).
    pub(crate) fn notices(&self, options: &PlannerOptions, notices: &mut Vec<Notice>) {
        if !self.penalty.is_empty() {
            notices.push(Notice::HistoryPenalised {
                pairs: self.penalty.len(),
                points: options.history_penalty_points,
            });
        }
        if !self.forbidden.is_empty() {
            notices.push(Notice::HistoryForbidden {
                pairs: self.forbidden.len(),
                cooldown_rounds: options.cooldown_rounds,
            });
        }
    }
}
