//! Stage 2, pins: must-pairs, then kept pairs of a re-match, then mutual first choices,
//! fixed in that order, each using one unit of both teachers' capacities.
//!
//! # Mutual first choices
//! Two teachers who each list the other *first* in `preferences` are paired like a pin
//! (unless [`PlannerOptions::keep_mutual_choices`] is off or the objective is
//! [`Objective::Stable`]): a stated mutual choice is never traded for score, however
//! large the gain. It is dropped, with a [`Notice::MutualChoiceDropped`] naming the
//! reason, only when it is infeasible (a hard rule or an avoid list), forbidden by the
//! history cooldown, or when the must-pairs and kept pairs already used a capacity.

use std::collections::BTreeMap;

use crate::graph::CompatibilityGraph;

use super::history::{key, History};
use super::{MutualDropReason, Notice, Objective, PinDropReason, PlannerOptions};

/// Where a fixed pair came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PinKind {
    /// A must-pair from the cohort file.
    Must,
    /// Kept from the previous proposal (re-match).
    Kept,
    /// A mutual first choice.
    Mutual,
}

/// The fixed pairs and the capacities they leave.
pub(crate) struct Pins {
    /// Remaining capacity per teacher.
    pub(crate) cap: Vec<u32>,
    /// Fixed pairs `(a, b)`, `a < b`, with their origin.
    pub(crate) fixed: BTreeMap<(usize, usize), PinKind>,
}

impl Pins {
    fn try_pin(&mut self, a: usize, b: usize, kind: PinKind) -> bool {
        let k = key(a, b);
        if self.fixed.contains_key(&k) {
            return true;
        }
        if self.cap[a] == 0 || self.cap[b] == 0 {
            return false;
        }
        self.cap[a] -= 1;
        self.cap[b] -= 1;
        self.fixed.insert(k, kind);
        true
    }
}

/// The mutual first choices of the scorer's preference lists, `(a, b)`, `a < b`, in
/// cohort order.
pub(crate) fn mutual_first_choices(graph: &CompatibilityGraph) -> Vec<(usize, usize)> {
    let s = graph.scorer();
    let first = |i: usize| {
        s.prefs
            .row(i)
            .iter()
            .find(|p| p.1 == 0)
            .map(|p| p.0 as usize)
    };
    (0..s.len())
        .filter_map(|a| {
            let b = first(a)?;
            (a < b && first(b) == Some(a)).then_some((a, b))
        })
        .collect()
}

/// Fixes the pins; lifts the cooldown ban of must-pairs and kept pairs (with a notice).
pub(crate) fn pin(
    graph: &CompatibilityGraph,
    options: &PlannerOptions,
    history: &mut History,
    extra_pins: &[(String, String)],
    notices: &mut Vec<Notice>,
) -> Pins {
    let n = graph.node_count();
    let mut pins = Pins {
        cap: (0..n).map(|i| graph.scorer().capacity(i)).collect(),
        fixed: BTreeMap::new(),
    };
    let id = |i: usize| graph.teacher_id(i).to_string();
    let dropped = |a: usize, b: usize, why| Notice::PinDropped {
        a: id(a),
        b: id(b),
        why,
    };
    let must: Vec<(usize, usize)> = graph
        .edges()
        .filter(|(_, _, s)| s.pinned)
        .map(|(a, b, _)| (a, b))
        .collect();
    for &(a, b) in &must {
        if history.forbidden.remove(&(a, b)) {
            notices.push(Notice::MustPairWithinCooldown { a: id(a), b: id(b) });
        }
        if !pins.try_pin(a, b, PinKind::Must) {
            notices.push(dropped(a, b, PinDropReason::NoCapacity));
        }
    }
    for (x, y) in extra_pins {
        match (graph.index_of(x), graph.index_of(y)) {
            (Some(a), Some(b)) if a != b && graph.score(a, b).is_some() => {
                history.forbidden.remove(&key(a, b));
                if !pins.try_pin(a, b, PinKind::Kept) {
                    let k = key(a, b);
                    notices.push(dropped(k.0, k.1, PinDropReason::NoCapacity));
                }
            }
            _ => notices.push(Notice::PinDropped {
                a: x.clone(),
                b: y.clone(),
                why: PinDropReason::NotFeasible,
            }),
        }
    }
    if options.keep_mutual_choices && options.objective != Objective::Stable {
        let mut kept = Vec::new();
        for (a, b) in mutual_first_choices(graph) {
            let why = if graph.score(a, b).is_none() {
                Some(MutualDropReason::NotFeasible)
            } else if history.forbidden.contains(&(a, b)) {
                Some(MutualDropReason::Cooldown)
            } else if !pins.try_pin(a, b, PinKind::Mutual) {
                Some(MutualDropReason::NoCapacity)
            } else {
                None
            };
            match why {
                Some(why) => notices.push(Notice::MutualChoiceDropped {
                    a: id(a),
                    b: id(b),
                    why,
                }),
                None if pins.fixed.get(&(a, b)) == Some(&PinKind::Mutual) => {
                    kept.push((id(a), id(b)))
                }
                None => {}
            }
        }
        if !kept.is_empty() {
            notices.push(Notice::MutualChoicesKept { pairs: kept });
        }
    }
    pins
}
