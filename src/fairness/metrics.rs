//! Per-group match rates and mean scores.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::audit::AgentAudit;
use super::labels::{GroupKey, GroupLabels};

/// Match statistics of one group (all agents sharing a label value, e.g. school "S1").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupStats {
    /// Agents in the group.
    pub members: usize,
    /// Members with at least one partner.
    pub matched: usize,
    /// `matched / members`.
    pub match_rate: f64,
    /// Mean score over the members' (member, partner) incidences; `None` when no member is
    /// matched.
    pub mean_score: Option<f64>,
}

#[derive(Default)]
struct Acc {
    members: usize,
    matched: usize,
    incidences: usize,
    score_sum: i128,
}

/// Group statistics for every label key and value, from each agent's partners
/// (`per_agent[i]` is agent `i`). O(n · labels · log + total partners).
pub(crate) fn group_stats(
    labels: &[GroupLabels],
    per_agent: &[AgentAudit],
) -> BTreeMap<GroupKey, BTreeMap<String, GroupStats>> {
    let mut acc: BTreeMap<&GroupKey, BTreeMap<&str, Acc>> = BTreeMap::new();
    for (map, agent) in labels.iter().zip(per_agent) {
        let partners = &agent.partners;
        for (k, v) in map {
            let a = acc.entry(k).or_default().entry(v).or_default();
            a.members += 1;
            if !partners.is_empty() {
                a.matched += 1;
            }
            a.incidences += partners.len();
            a.score_sum += partners.iter().map(|p| i128::from(p.score)).sum::<i128>();
        }
    }
    acc.into_iter()
        .map(|(k, vals)| {
            let vals = vals
                .into_iter()
                .map(|(v, a)| {
                    let stats = GroupStats {
                        members: a.members,
                        matched: a.matched,
                        match_rate: a.matched as f64 / a.members as f64,
                        mean_score: (a.incidences > 0)
                            .then(|| a.score_sum as f64 / a.incidences as f64),
                    };
                    (v.to_string(), stats)
                })
                .collect();
            (k.clone(), vals)
        })
        .collect()
}
