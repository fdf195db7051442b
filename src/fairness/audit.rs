//! The fairness audit of one matching (see the module docs of [`crate::fairness`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::metrics::{group_stats, GroupStats};
use crate::matching::WeightedGraph;

/// Everything the audit needs, on plain indexed data (agents `0..n`, `n` the vertex count
/// of `scores`).
#[derive(Clone, Copy, Debug)]
pub struct AuditInput<'a> {
    /// Feasible pairs and their scores. Pairs outside this graph are forbidden.
    pub scores: &'a WeightedGraph,
    /// Stated preference lists (most preferred first, possibly incomplete or one-sided),
    /// one per agent, or `None`.
    pub stated_prefs: Option<&'a [Vec<usize>]>,
    /// Capacity of every agent (how many partners it may have); `None` means 1 each.
    pub capacities: Option<&'a [u32]>,
    /// Group labels per agent, e.g. `{"school": "S1", "subject": "maths"}`; empty for no
    /// groups, otherwise one map per agent.
    pub groups: &'a [BTreeMap<String, String>],
}

/// Why the audit could not run. Every variant names the agent or pair at fault.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AuditError {
    /// A per-agent vector has the wrong length.
    #[error("{what} has {got} entries, but there are {expected} agents")]
    Length {
        /// Which input (`"stated_prefs"`, `"capacities"`, `"groups"`).
        what: &'static str,
        /// Number of agents.
        expected: usize,
        /// Entries given.
        got: usize,
    },
    /// A stated list names an agent out of range, itself, or the same agent twice.
    #[error("stated_prefs: agent {agent}, position {position}: {detail}")]
    StatedPrefs {
        /// The agent whose list is wrong.
        agent: usize,
        /// Position in the list.
        position: usize,
        /// What is wrong.
        detail: String,
    },
    /// Pair `index` names an agent out of range or the same agent twice.
    #[error("pair {index} ({u}, {v}) is not a pair of two distinct agents in 0..{n}")]
    BadPair {
        /// Position of the pair.
        index: usize,
        /// First agent.
        u: usize,
        /// Second agent.
        v: usize,
        /// Number of agents.
        n: usize,
    },
    /// Pair `index` is not feasible: a hard constraint is violated.
    #[error("pair {index} ({u}, {v}) is not a feasible pair (not an edge of the score graph): a hard constraint is violated")]
    Infeasible {
        /// Position of the pair.
        index: usize,
        /// First agent.
        u: usize,
        /// Second agent.
        v: usize,
    },
    /// Pair `index` repeats an earlier pair.
    #[error("pair {index} ({u}, {v}) appears twice")]
    DuplicatePair {
        /// Position of the repeat.
        index: usize,
        /// First agent.
        u: usize,
        /// Second agent.
        v: usize,
    },
    /// An agent has more partners than its capacity.
    #[error("agent {agent} has {partners} partners, more than its capacity {capacity}")]
    OverCapacity {
        /// The agent.
        agent: usize,
        /// Its number of partners.
        partners: usize,
        /// Its capacity.
        capacity: u32,
    },
}

/// A blocking pair `(a, b)`, `a < b`, with its score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BlockingPair {
    /// Smaller agent.
    pub a: usize,
    /// Larger agent.
    pub b: usize,
    /// The pair's score.
    pub score: i64,
}

/// One partner of an agent, seen from the agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartnerAudit {
    /// The partner.
    pub partner: usize,
    /// The pair's score.
    pub score: i64,
    /// 0-based position of the partner in the agent's stated list (`None`: no stated
    /// preferences, or the partner is not listed).
    pub stated_rank: Option<usize>,
    /// Number of the agent's feasible partners with a strictly higher score (0 = a best
    /// possible partner by score).
    pub score_rank: usize,
}

/// The audit of one agent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AgentAudit {
    /// The agent.
    pub agent: usize,
    /// Its capacity.
    pub capacity: u32,
    /// Its number of feasible partners.
    pub feasible_partners: usize,
    /// Its partners, increasing.
    pub partners: Vec<PartnerAudit>,
}

/// The worst-off agent under some measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorstOff {
    /// The agent.
    pub agent: usize,
    /// Its partner in the pair that makes it worst off.
    pub partner: usize,
    /// That pair's score.
    pub score: i64,
    /// That partner's stated rank, if any.
    pub stated_rank: Option<usize>,
}

/// Why an agent has no partner (see the module docs of [`crate::fairness`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnmatchedReason {
    /// No feasible pair contains the agent.
    NoFeasiblePartner,
    /// The agent's own capacity is 0.
    ZeroCapacity,
    /// Every feasible partner is full with partners it scores at least as high.
    Capacity {
        /// The feasible partners, all full.
        full_partners: Vec<usize>,
    },
    /// Some feasible partners had room or scored this agent higher than one of their
    /// partners; the plan preferred other pairings.
    LostOut {
        /// Those partners (each forms a score-blocking pair with the agent).
        candidates: Vec<usize>,
    },
}

/// An unmatched agent and the reason.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnmatchedAgent {
    /// The agent.
    pub agent: usize,
    /// Why it has no partner.
    pub reason: UnmatchedReason,
}

/// The fairness audit of a matching. Serialisable with serde.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    /// Number of agents.
    pub agents: usize,
    /// Number of pairs.
    pub pairs: usize,
    /// Agents with at least one partner.
    pub matched_agents: usize,
    /// `matched_agents / agents` (0 when there are no agents).
    pub match_rate: f64,
    /// Sum of the pair scores.
    pub total_score: i64,
    /// Mean pair score (`None` without pairs).
    pub mean_pair_score: Option<f64>,
    /// Weakest pair score (`None` without pairs).
    pub min_pair_score: Option<i64>,
    /// Blocking pairs under the stated preferences (`None` without stated preferences).
    pub blocking_pairs_stated: Option<Vec<BlockingPair>>,
    /// Blocking pairs under score-derived preferences.
    pub blocking_pairs_scores: Vec<BlockingPair>,
    /// Matched agent with the lowest pair score (ties: smallest agent).
    pub worst_off_by_score: Option<WorstOff>,
    /// Matched agent with the worst stated rank of a partner (ties: smallest agent).
    pub worst_off_by_rank: Option<WorstOff>,
    /// Per agent.
    pub per_agent: Vec<AgentAudit>,
    /// Per group: label key -> label value -> statistics.
    pub groups: BTreeMap<String, BTreeMap<String, GroupStats>>,
    /// Unmatched agents, increasing, with reasons.
    pub unmatched: Vec<UnmatchedAgent>,
}

/// Turns a partner vector (`partner[i]`, `None` = unmatched) into pairs `(i, j)`, `i < j`.
pub fn pairs_from_partners(partner: &[Option<usize>]) -> Vec<(usize, usize)> {
    partner
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.filter(|&j| i < j).map(|j| (i, j)))
        .collect()
}

/// Sorted adjacency with scores; lookup by binary search.
struct Adj {
    nb: Vec<Vec<(usize, i64)>>,
    /// Each agent's scores, descending.
    desc: Vec<Vec<i64>>,
}

impl Adj {
    fn score(&self, i: usize, j: usize) -> Option<i64> {
        let l = &self.nb[i];
        l.binary_search_by_key(&j, |x| x.0).ok().map(|k| l[k].1)
    }
    fn score_rank(&self, i: usize, s: i64) -> usize {
        self.desc[i].partition_point(|&x| x > s)
    }
}

/// Audits `pairs` (a matching, or with capacities a b-matching) of `input`.
///
/// # Arguments
/// * `input`: see [`AuditInput`].
/// * `pairs`: the matched pairs, each `(u, v)` in any order.
///
/// # Returns
/// An [`Audit`]; see the module docs of [`crate::fairness`] for every definition.
///
/// # Errors
/// [`AuditError::Length`], [`AuditError::StatedPrefs`], [`AuditError::BadPair`],
/// [`AuditError::Infeasible`] (a hard constraint is violated),
/// [`AuditError::DuplicatePair`], [`AuditError::OverCapacity`].
///
/// # Complexity
/// O((n + m + L + p) log n) time, O(n + m + L) memory (m edges, L total stated length,
/// p pairs).
///
/// # Example
/// ```
/// use std::collections::BTreeMap;
/// use peermatch::fairness::{audit, AuditInput, UnmatchedReason};
/// use peermatch::matching::WeightedGraph;
/// let g = WeightedGraph::new(4, [(0, 1, 9), (1, 2, 5), (0, 2, 4)]).unwrap();
/// let school = |s: &str| BTreeMap::from([("school".to_string(), s.to_string())]);
/// let groups = vec![school("A"), school("A"), school("B"), school("B")];
/// let input = AuditInput { scores: &g, stated_prefs: None, capacities: None, groups: &groups };
/// let a = audit(&input, &[(0, 1)]).unwrap();
/// assert!(a.blocking_pairs_scores.is_empty());
/// assert_eq!(a.groups["school"]["A"].match_rate, 1.0);
/// assert_eq!(a.unmatched[0].reason, UnmatchedReason::Capacity { full_partners: vec![0, 1] });
/// assert_eq!(a.unmatched[1].reason, UnmatchedReason::NoFeasiblePartner);
/// ```
pub fn audit(input: &AuditInput<'_>, pairs: &[(usize, usize)]) -> Result<Audit, AuditError> {
    let g = input.scores;
    let n = g.vertex_count();
    let check_len = |what: &'static str, got: usize| {
        if got != n {
            Err(AuditError::Length {
                what,
                expected: n,
                got,
            })
        } else {
            Ok(())
        }
    };
    let caps: Vec<u32> = match input.capacities {
        Some(c) => {
            check_len("capacities", c.len())?;
            c.to_vec()
        }
        None => vec![1; n],
    };
    if !input.groups.is_empty() {
        check_len("groups", input.groups.len())?;
    }
    // Stated ranks: per agent, sorted (listed, rank).
    let stated: Option<Vec<Vec<(usize, usize)>>> = match input.stated_prefs {
        None => None,
        Some(lists) => {
            check_len("stated_prefs", lists.len())?;
            let mut out = Vec::with_capacity(n);
            for (agent, l) in lists.iter().enumerate() {
                let mut v: Vec<(usize, usize)> = Vec::with_capacity(l.len());
                for (position, &j) in l.iter().enumerate() {
                    let bad = |detail: String| AuditError::StatedPrefs {
                        agent,
                        position,
                        detail,
                    };
                    if j >= n {
                        return Err(bad(format!("lists {j}, but valid ids are 0..{n}")));
                    }
                    if j == agent {
                        return Err(bad("an agent cannot list itself".into()));
                    }
                    v.push((j, position));
                }
                v.sort_unstable();
                if let Some(w) = v.windows(2).find(|w| w[0].0 == w[1].0) {
                    return Err(AuditError::StatedPrefs {
                        agent,
                        position: w[1].1,
                        detail: format!("lists {} twice", w[0].0),
                    });
                }
                out.push(v);
            }
            Some(out)
        }
    };
    let stated_rank = |i: usize, j: usize| -> Option<usize> {
        let l = &stated.as_ref()?[i];
        l.binary_search_by_key(&j, |x| x.0).ok().map(|k| l[k].1)
    };

    let mut nb: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    for e in g.edges() {
        nb[e.u as usize].push((e.v as usize, e.weight));
        nb[e.v as usize].push((e.u as usize, e.weight));
    }
    nb.iter_mut().for_each(|l| l.sort_unstable());
    let desc = nb
        .iter()
        .map(|l| {
            let mut s: Vec<i64> = l.iter().map(|x| x.1).collect();
            s.sort_unstable_by(|a, b| b.cmp(a));
            s
        })
        .collect();
    let adj = Adj { nb, desc };

    // Validate pairs.
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut seen: Vec<(usize, usize, usize)> = Vec::with_capacity(pairs.len());
    for (index, &(a, b)) in pairs.iter().enumerate() {
        let (u, v) = (a.min(b), a.max(b));
        if v >= n || u == v {
            return Err(AuditError::BadPair {
                index,
                u: a,
                v: b,
                n,
            });
        }
        if adj.score(u, v).is_none() {
            return Err(AuditError::Infeasible { index, u: a, v: b });
        }
        seen.push((u, v, index));
        partners[u].push(v);
        partners[v].push(u);
    }
    seen.sort_unstable();
    if let Some(w) = seen
        .windows(2)
        .find(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1))
    {
        let index = w[0].2.max(w[1].2);
        return Err(AuditError::DuplicatePair {
            index,
            u: pairs[index].0,
            v: pairs[index].1,
        });
    }
    for (agent, p) in partners.iter_mut().enumerate() {
        if p.len() > caps[agent] as usize {
            return Err(AuditError::OverCapacity {
                agent,
                partners: p.len(),
                capacity: caps[agent],
            });
        }
        p.sort_unstable();
    }

    // Per agent.
    let mut per_agent = Vec::with_capacity(n);
    let mut pair_scores: Vec<Vec<i64>> = Vec::with_capacity(n);
    let mut min_score = vec![i64::MAX; n];
    // Worst stated rank among partners; unlisted partners count as the list's length.
    let mut worst_rank = vec![0usize; n];
    for i in 0..n {
        let mut ps = Vec::with_capacity(partners[i].len());
        for &j in &partners[i] {
            let score = adj.score(i, j).expect("validated");
            let sr = stated_rank(i, j);
            min_score[i] = min_score[i].min(score);
            if let Some(st) = &stated {
                worst_rank[i] = worst_rank[i].max(sr.unwrap_or(st[i].len()));
            }
            ps.push(PartnerAudit {
                partner: j,
                score,
                stated_rank: sr,
                score_rank: adj.score_rank(i, score),
            });
        }
        pair_scores.push(ps.iter().map(|p| p.score).collect());
        per_agent.push(AgentAudit {
            agent: i,
            capacity: caps[i],
            feasible_partners: adj.nb[i].len(),
            partners: ps,
        });
    }
    let has_room = |i: usize| (partners[i].len() as u64) < caps[i] as u64;
    let matched_with = |i: usize, j: usize| partners[i].binary_search(&j).is_ok();
    let wants_by_score =
        |i: usize, s: i64| has_room(i) || (!partners[i].is_empty() && s > min_score[i]);

    // Blocking pairs.
    let mut bp_scores = Vec::new();
    let mut bp_stated = stated.as_ref().map(|_| Vec::new());
    for e in g.edges() {
        let (u, v, s) = (e.u as usize, e.v as usize, e.weight);
        if matched_with(u, v) {
            continue;
        }
        if wants_by_score(u, s) && wants_by_score(v, s) {
            bp_scores.push(BlockingPair {
                a: u,
                b: v,
                score: s,
            });
        }
        if let Some(out) = bp_stated.as_mut() {
            if let (Some(ru), Some(rv)) = (stated_rank(u, v), stated_rank(v, u)) {
                let wants = |i: usize, r: usize| {
                    has_room(i) || (!partners[i].is_empty() && r < worst_rank[i])
                };
                if wants(u, ru) && wants(v, rv) {
                    out.push(BlockingPair {
                        a: u,
                        b: v,
                        score: s,
                    });
                }
            }
        }
    }
    let sort_bp = |v: &mut Vec<BlockingPair>| v.sort_unstable_by_key(|b| (b.a, b.b));
    sort_bp(&mut bp_scores);
    if let Some(v) = bp_stated.as_mut() {
        sort_bp(v);
    }

    // Worst off.
    let mut worst_off_by_score: Option<WorstOff> = None;
    let mut worst_off_by_rank: Option<(usize, WorstOff)> = None;
    for a in &per_agent {
        for p in &a.partners {
            let w = WorstOff {
                agent: a.agent,
                partner: p.partner,
                score: p.score,
                stated_rank: p.stated_rank,
            };
            if worst_off_by_score.is_none_or(|b| p.score < b.score) {
                worst_off_by_score = Some(w);
            }
            if let Some(st) = &stated {
                let r = p.stated_rank.unwrap_or(st[a.agent].len());
                if worst_off_by_rank.is_none_or(|(br, _)| r > br) {
                    worst_off_by_rank = Some((r, w));
                }
            }
        }
    }

    // Unmatched with reasons.
    let mut unmatched = Vec::new();
    for i in 0..n {
        if !partners[i].is_empty() {
            continue;
        }
        let reason = if adj.nb[i].is_empty() {
            UnmatchedReason::NoFeasiblePartner
        } else if caps[i] == 0 {
            UnmatchedReason::ZeroCapacity
        } else {
            let candidates: Vec<usize> = adj.nb[i]
                .iter()
                .filter(|&&(j, s)| wants_by_score(j, s))
                .map(|&(j, _)| j)
                .collect();
            if candidates.is_empty() {
                UnmatchedReason::Capacity {
                    full_partners: adj.nb[i].iter().map(|&(j, _)| j).collect(),
                }
            } else {
                UnmatchedReason::LostOut { candidates }
            }
        };
        unmatched.push(UnmatchedAgent { agent: i, reason });
    }

    let total_score: i64 = pairs
        .iter()
        .map(|&(a, b)| adj.score(a, b).expect("validated"))
        .sum();
    let matched_agents = (0..n).filter(|&i| !partners[i].is_empty()).count();
    Ok(Audit {
        agents: n,
        pairs: pairs.len(),
        matched_agents,
        match_rate: if n == 0 {
            0.0
        } else {
            matched_agents as f64 / n as f64
        },
        total_score,
        mean_pair_score: (!pairs.is_empty()).then(|| total_score as f64 / pairs.len() as f64),
        min_pair_score: pairs
            .iter()
            .map(|&(a, b)| adj.score(a, b).expect("validated"))
            .min(),
        blocking_pairs_stated: bp_stated,
        blocking_pairs_scores: bp_scores,
        worst_off_by_score,
        worst_off_by_rank: worst_off_by_rank.map(|x| x.1),
        per_agent,
        groups: if input.groups.is_empty() {
            BTreeMap::new()
        } else {
            group_stats(input.groups, &pair_scores)
        },
        unmatched,
    })
}
