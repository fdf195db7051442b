//! Per-group match rates and mean scores.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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

/// Group statistics for every label key and value. `scores[i]` lists agent `i`'s pair
/// scores. O(n · labels + total partners).
pub(crate) fn group_stats(
    labels: &[BTreeMap<String, String>],
    scores: &[Vec<i64>],
) -> BTreeMap<String, BTreeMap<String, GroupStats>> {
    let mut acc: BTreeMap<&str, BTreeMap<&str, Acc>> = BTreeMap::new();
    for (i, map) in labels.iter().enumerate() {
        for (k, v) in map {
            let a = acc.entry(k).or_default().entry(v).or_default();
            a.members += 1;
            if !scores[i].is_empty() {
                a.matched += 1;
            }
            a.incidences += scores[i].len();
            a.score_sum += scores[i].iter().map(|&s| s as i128).sum::<i128>();
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
            (k.to_string(), vals)
        })
        .collect()
}
