//! Stage 3, the effective and residual graphs.

use crate::graph::CompatibilityGraph;
use crate::matching::WeightedGraph;

use super::history::History;
use super::pins::Pins;
use super::PlanError;

/// The graphs the optimiser and the audit see.
pub(crate) struct Graphs {
    /// Every feasible pair not forbidden by history, penalties applied (the audit's
    /// scores; pins included).
    pub(crate) effective: WeightedGraph,
    /// The effective graph without pinned pairs and without teachers whose capacity the
    /// pins used up (what the optimiser solves).
    pub(crate) residual: WeightedGraph,
}

pub(crate) fn graphs(
    graph: &CompatibilityGraph,
    history: &History,
    pins: &Pins,
) -> Result<Graphs, PlanError> {
    let n = graph.node_count();
    let effective: Vec<(usize, usize, i64)> = graph
        .edges()
        .filter(|&(a, b, _)| !history.forbidden.contains(&(a, b)))
        .map(|(a, b, s)| (a, b, s.total - history.penalty_of(a, b)))
        .collect();
    // Teachers in a fixed pair: the map is searched only for edges at one of them.
    let mut pinned = vec![false; n];
    for &(a, b) in pins.fixed.keys() {
        pinned[a] = true;
        pinned[b] = true;
    }
    let residual: Vec<(usize, usize, i64)> = effective
        .iter()
        .copied()
        .filter(|&(a, b, _)| {
            pins.cap[a] > 0 && pins.cap[b] > 0 && !(pinned[a] && pins.fixed.contains_key(&(a, b)))
        })
        .collect();
    Ok(Graphs {
        effective: WeightedGraph::new(n, effective)?,
        residual: WeightedGraph::new(n, residual)?,
    })
}
