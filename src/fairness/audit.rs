//! The fairness audit of one matching (see the module docs of [`crate::fairness`]).

use std::borrow::Borrow;
use std::cmp::Reverse;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::index::{Adjacency, StatedRanks};
use super::labels::{GroupKey, GroupLabels};
use super::metrics::{group_stats, GroupStats};
use crate::matching::stable::{blocks, Standing};
use crate::matching::WeightedGraph;

/// Everything the audit needs, on plain indexed data (agents `0..n`, `n` the vertex count
/// of `scores`).
///
/// [`AuditInput::new`] gives the defaults (no stated lists, capacity 1 each, no groups);
/// the `with_*` setters add the rest:
///
/// ```
/// use peermatch::fairness::{audit, AuditInput};
/// use peermatch::matching::WeightedGraph;
/// let g = WeightedGraph::new(3, [(0, 1, 4), (1, 2, 6)])?;
/// let caps = [1, 2, 1];
/// let lists = vec![vec![1], vec![2, 0], vec![1]];
/// let input = AuditInput::new(&g).with_capacities(&caps).with_stated_prefs(&lists);
/// let a = audit(&input, [(0, 1), (1, 2)])?;
/// assert_eq!(a.matched_agents, 3);
/// assert_eq!(a.blocking_pairs_stated, Some(vec![]));
/// # Ok::<(), peermatch::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AuditInput<'a> {
    /// Feasible pairs and their scores. Pairs outside this graph are forbidden.
    pub scores: &'a WeightedGraph,
    /// Stated preference lists (most preferred first, possibly incomplete or one-sided),
    /// one per agent, or `None`.
    pub stated_prefs: Option<&'a [Vec<usize>]>,
    /// Capacity of every agent (how many partners it may have); `None` means 1 each.
    pub capacities: Option<&'a [u32]>,
    /// Group labels per agent, e.g. `{School: "S1", Subject: "maths"}`; empty for no
    /// groups, otherwise one map per agent.
    pub groups: &'a [GroupLabels],
}

impl<'a> AuditInput<'a> {
    /// The audit of matchings of `scores` with the defaults: no stated preferences,
    /// capacity 1 for every agent, no group labels.
    #[must_use]
    pub fn new(scores: &'a WeightedGraph) -> Self {
        AuditInput {
            scores,
            stated_prefs: None,
            capacities: None,
            groups: &[],
        }
    }

    /// With stated preference lists, one per agent (most preferred first).
    #[must_use]
    pub fn with_stated_prefs(self, stated_prefs: &'a [Vec<usize>]) -> Self {
        AuditInput {
            stated_prefs: Some(stated_prefs),
            ..self
        }
    }

    /// With a capacity per agent (how many partners it may have).
    #[must_use]
    pub fn with_capacities(self, capacities: &'a [u32]) -> Self {
        AuditInput {
            capacities: Some(capacities),
            ..self
        }
    }

    /// With group labels, one map per agent.
    #[must_use]
    pub fn with_groups(self, groups: &'a [GroupLabels]) -> Self {
        AuditInput { groups, ..self }
    }
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
        detail: StatedPrefsProblem,
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

/// What is wrong with one entry of a stated preference list ([`AuditError::StatedPrefs`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatedPrefsProblem {
    /// The entry names an agent outside `0..n`.
    OutOfRange {
        /// The agent listed.
        listed: usize,
        /// The number of agents.
        n: usize,
    },
    /// The agent lists itself.
    ListsItself,
    /// The agent lists `listed` a second time (here; the first is earlier in the list).
    ListedTwice {
        /// The agent listed twice.
        listed: usize,
    },
}

impl std::fmt::Display for StatedPrefsProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatedPrefsProblem::OutOfRange { listed, n } => {
                write!(f, "lists {listed}, but valid ids are 0..{n}")
            }
            StatedPrefsProblem::ListsItself => f.write_str("an agent cannot list itself"),
            StatedPrefsProblem::ListedTwice { listed } => write!(f, "lists {listed} twice"),
        }
    }
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
    /// Per group: label key -> label value -> statistics (in JSON the key is its string,
    /// `"school"`, `"subject"`, …).
    pub groups: BTreeMap<GroupKey, BTreeMap<String, GroupStats>>,
    /// Unmatched agents, increasing, with reasons.
    pub unmatched: Vec<UnmatchedAgent>,
}

/// Turns a partner vector (`partner[i]`, `None` = unmatched) into pairs `(i, j)`, `i < j`.
///
/// O(n).
///
/// ```
/// use peermatch::fairness::pairs_from_partners;
/// assert_eq!(pairs_from_partners(&[Some(2), None, Some(0)]), vec![(0, 2)]);
/// ```
#[must_use]
pub fn pairs_from_partners(partner: &[Option<usize>]) -> Vec<(usize, usize)> {
    partner
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.filter(|&j| i < j).map(|j| (i, j)))
        .collect()
}

/// Audits `pairs` (a matching, or with capacities a b-matching) of `input`.
///
/// # Arguments
/// * `input`: see [`AuditInput`] ([`AuditInput::new`] gives the defaults).
/// * `pairs`: the matched pairs, each `(u, v)` in any order: a slice or `Vec` of pairs,
///   or any iterator of them, such as [`Matching::pairs`](crate::matching::Matching::pairs).
///
/// # Returns
/// An [`Audit`]; see the module docs of [`crate::fairness`] for every definition.
///
/// # Errors
/// [`AuditError::Length`], [`AuditError::StatedPrefs`], [`AuditError::BadPair`],
/// [`AuditError::Infeasible`] (a hard constraint is violated),
/// [`AuditError::DuplicatePair`], [`AuditError::OverCapacity`].
///
/// # Panics
/// Never: every pair is validated before it is looked up.
///
/// # Complexity
/// O(n + m + L + p log n + Σ_i p_i d_i) time, O(n + m + L + p) memory (m edges, L
/// total stated length, p pairs; agent `i` has `p_i` partners and `d_i` feasible
/// ones, so the last term is at most `2p · max degree`). The index
/// (`fairness::index`) is built by counting sorts, without any comparison sort.
///
/// # Example
/// ```
/// use peermatch::fairness::{audit, AuditInput, GroupKey, GroupLabels, UnmatchedReason};
/// use peermatch::matching::{max_weight_matching, Mode, WeightedGraph};
/// let g = WeightedGraph::new(4, [(0, 1, 9), (1, 2, 5), (0, 2, 4)])?;
/// let school = |s: &str| GroupLabels::from([(GroupKey::School, s.to_string())]);
/// let groups = [school("A"), school("A"), school("B"), school("B")];
/// let input = AuditInput::new(&g).with_groups(&groups);
/// let m = max_weight_matching(&g, Mode::MaxWeight)?;
/// let a = audit(&input, m.pairs())?;
/// assert_eq!(m.pairs().collect::<Vec<_>>(), [(0, 1)]);
/// assert!(a.blocking_pairs_scores.is_empty());
/// assert_eq!(a.groups["school"]["A"].match_rate, 1.0);
/// assert_eq!(a.unmatched[0].reason, UnmatchedReason::Capacity { full_partners: vec![0, 1] });
/// assert_eq!(a.unmatched[1].reason, UnmatchedReason::NoFeasiblePartner);
/// // A slice of pairs works too.
/// assert_eq!(audit(&input, &[(1, 0)])?, a);
/// # Ok::<(), peermatch::Error>(())
/// ```
///
/// # References
/// Blocking pairs follow D. Gusfield and R. W. Irving, *The Stable Marriage Problem:
/// Structure and Algorithms*, MIT Press 1989 (the rule is
/// [`crate::matching::stable::blocks`]); with scores, ties never block (weak stability).
pub fn audit<I>(input: &AuditInput<'_>, pairs: I) -> Result<Audit, AuditError>
where
    I: IntoIterator,
    I::Item: Borrow<(usize, usize)>,
{
    let Validated {
        n,
        caps,
        adj,
        stated,
        pairs,
        partners,
    } = validate(input, pairs)?;
    let per_agent = per_agent(&partners, &caps, &adj, stated.as_ref());
    let by_score = score_standings(&per_agent, &caps);
    let blocking_pairs_scores = blocking_pairs(&adj, &partners, |i, j, s, _, _| {
        (by_score[i].would_switch(&Reverse(s)) && by_score[j].would_switch(&Reverse(s)))
            .then_some(s)
    });
    let blocking_pairs_stated = stated.as_ref().map(|st| {
        let by_rank = rank_standings(&per_agent, &caps, st);
        blocking_pairs(&adj, &partners, |i, j, s, ij, ji| {
            let (ri, rj) = (st.at(ij)?, st.at(ji)?);
            blocks(&by_rank[i], ri, &by_rank[j], rj).then_some(s)
        })
    });
    let (worst_off_by_score, worst_off_by_rank) = worst_off(&per_agent, stated.as_ref());
    let unmatched = unmatched(&adj, &caps, &partners, &by_score);

    let scores: Vec<i64> = pairs.iter().map(|&(a, b)| adj.known(a, b)).collect();
    let total_score: i64 = scores.iter().sum();
    let matched_agents = partners.iter().filter(|p| !p.is_empty()).count();
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
        min_pair_score: scores.iter().copied().min(),
        blocking_pairs_stated,
        blocking_pairs_scores,
        worst_off_by_score,
        worst_off_by_rank,
        groups: if input.groups.is_empty() {
            BTreeMap::new()
        } else {
            group_stats(input.groups, &per_agent)
        },
        per_agent,
        unmatched,
    })
}

/// Steps 1 to 4: the checked inputs, the index, and every agent's partners.
struct Validated {
    n: usize,
    caps: Vec<u32>,
    adj: Adjacency,
    stated: Option<StatedRanks>,
    pairs: Vec<(usize, usize)>,
    partners: Vec<Vec<usize>>,
}

/// Runs every check of [`audit`] (the same errors, in the same order).
fn validate<I>(input: &AuditInput<'_>, pairs: I) -> Result<Validated, AuditError>
where
    I: IntoIterator,
    I::Item: Borrow<(usize, usize)>,
{
    let g = input.scores;
    let n = g.vertex_count();
    let caps = capacities(input, n)?;
    if !input.groups.is_empty() {
        check_len("groups", n, input.groups.len())?;
    }
    let adj = Adjacency::new(g);
    let stated = input
        .stated_prefs
        .map(|lists| StatedRanks::new(lists, &adj))
        .transpose()?;
    let pairs: Vec<(usize, usize)> = pairs.into_iter().map(|p| *p.borrow()).collect();
    let partners = partners_of(&pairs, n, &adj, &caps)?;
    Ok(Validated {
        n,
        caps,
        adj,
        stated,
        pairs,
        partners,
    })
}

/// What [`audit`] checks, without the audit: `Ok(partners)` (every agent's partners,
/// increasing) exactly when [`audit`] would succeed, otherwise its error. For callers
/// that need only who is matched (the planner's sensitivity table). O(n + m + L + p log n).
pub(crate) fn checked_partners<I>(
    input: &AuditInput<'_>,
    pairs: I,
) -> Result<Vec<Vec<usize>>, AuditError>
where
    I: IntoIterator,
    I::Item: Borrow<(usize, usize)>,
{
    validate(input, pairs).map(|v| v.partners)
}

fn check_len(what: &'static str, expected: usize, got: usize) -> Result<(), AuditError> {
    if got == expected {
        Ok(())
    } else {
        Err(AuditError::Length {
            what,
            expected,
            got,
        })
    }
}

/// Step 1: every agent's capacity (1 each by default).
fn capacities(input: &AuditInput<'_>, n: usize) -> Result<Vec<u32>, AuditError> {
    match input.capacities {
        Some(c) => {
            check_len("capacities", n, c.len())?;
            Ok(c.to_vec())
        }
        None => Ok(vec![1; n]),
    }
}

// Steps 2 and 3, the stated lists' ranks and the adjacency, are in `super::index`.

/// Step 4: validates the pairs and returns every agent's partners, increasing.
fn partners_of(
    pairs: &[(usize, usize)],
    n: usize,
    adj: &Adjacency,
    caps: &[u32],
) -> Result<Vec<Vec<usize>>, AuditError> {
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
    Ok(partners)
}

/// Step 5: each agent's partners with scores and ranks.
fn per_agent(
    partners: &[Vec<usize>],
    caps: &[u32],
    adj: &Adjacency,
    stated: Option<&StatedRanks>,
) -> Vec<AgentAudit> {
    partners
        .iter()
        .enumerate()
        .map(|(i, ps)| AgentAudit {
            agent: i,
            capacity: caps[i],
            feasible_partners: adj.row(i).len(),
            partners: ps
                .iter()
                .map(|&j| {
                    // Pairs are validated: every partner has a slot.
                    let slot = adj.slot(i, j);
                    let score = adj.known(i, j);
                    PartnerAudit {
                        partner: j,
                        score,
                        stated_rank: stated.zip(slot).and_then(|(st, k)| st.at(k)),
                        score_rank: adj.score_rank(i, score),
                    }
                })
                .collect(),
        })
        .collect()
}

fn has_room(a: &AgentAudit) -> bool {
    (a.partners.len() as u64) < u64::from(a.capacity)
}

/// Step 6a: where each agent stands by score (rank key `Reverse(score)`: its worst
/// partner is the lowest score).
fn score_standings(per_agent: &[AgentAudit], caps: &[u32]) -> Vec<Standing<Reverse<i64>>> {
    debug_assert_eq!(per_agent.len(), caps.len());
    per_agent
        .iter()
        .map(|a| {
            let worst = a.partners.iter().map(|p| p.score).min();
            Standing::new(has_room(a), worst.map(Reverse))
        })
        .collect()
}

/// Step 6b: where each agent stands by stated rank (unlisted partners rank below every
/// listed agent).
fn rank_standings(
    per_agent: &[AgentAudit],
    caps: &[u32],
    st: &StatedRanks,
) -> Vec<Standing<usize>> {
    debug_assert_eq!(per_agent.len(), caps.len());
    per_agent
        .iter()
        .map(|a| {
            let worst = a
                .partners
                .iter()
                .map(|p| p.stated_rank.unwrap_or(st.unlisted(a.agent)))
                .max();
            Standing::new(has_room(a), worst)
        })
        .collect()
}

/// Step 7: the feasible pairs not matched together for which
/// `blocking(a, b, score, slot of b in row a, slot of a in row b)` says they block (and
/// gives the score to report), in increasing `(a, b)` order.
fn blocking_pairs(
    adj: &Adjacency,
    partners: &[Vec<usize>],
    blocking: impl Fn(usize, usize, i64, usize, usize) -> Option<i64>,
) -> Vec<BlockingPair> {
    let mut out = Vec::new();
    adj.for_each_edge(|a, b, s, ab, ba| {
        if partners[a].binary_search(&b).is_err() {
            if let Some(score) = blocking(a, b, s, ab, ba) {
                out.push(BlockingPair { a, b, score });
            }
        }
    });
    out
}

/// Step 8: the worst-off matched agents, by score and (with stated lists) by rank; ties
/// go to the smallest agent.
fn worst_off(
    per_agent: &[AgentAudit],
    stated: Option<&StatedRanks>,
) -> (Option<WorstOff>, Option<WorstOff>) {
    let mut by_score: Option<WorstOff> = None;
    let mut by_rank: Option<(usize, WorstOff)> = None;
    for a in per_agent {
        for p in &a.partners {
            let w = WorstOff {
                agent: a.agent,
                partner: p.partner,
                score: p.score,
                stated_rank: p.stated_rank,
            };
            if by_score.is_none_or(|b| p.score < b.score) {
                by_score = Some(w);
            }
            if let Some(st) = stated {
                let r = p.stated_rank.unwrap_or(st.unlisted(a.agent));
                if by_rank.is_none_or(|(br, _)| r > br) {
                    by_rank = Some((r, w));
                }
            }
        }
    }
    (by_score, by_rank.map(|x| x.1))
}

/// Step 9: every unmatched agent with its reason (defined on scores).
fn unmatched(
    adj: &Adjacency,
    caps: &[u32],
    partners: &[Vec<usize>],
    by_score: &[Standing<Reverse<i64>>],
) -> Vec<UnmatchedAgent> {
    (0..partners.len())
        .filter(|&i| partners[i].is_empty())
        .map(|i| {
            let row = adj.row(i);
            let reason = if row.is_empty() {
                UnmatchedReason::NoFeasiblePartner
            } else if caps[i] == 0 {
                UnmatchedReason::ZeroCapacity
            } else {
                let candidates: Vec<usize> = row
                    .iter()
                    .filter(|&&(j, s)| by_score[j].would_switch(&Reverse(s)))
                    .map(|&(j, _)| j)
                    .collect();
                if candidates.is_empty() {
                    UnmatchedReason::Capacity {
                        full_partners: row.iter().map(|&(j, _)| j).collect(),
                    }
                } else {
                    UnmatchedReason::LostOut { candidates }
                }
            };
            UnmatchedAgent { agent: i, reason }
        })
        .collect()
}

/// `0, 1, 2`.
fn agent_list(v: &[usize]) -> String {
    v.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl std::fmt::Display for UnmatchedReason {
    /// The reason in words, naming the agents involved (by index).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnmatchedReason::NoFeasiblePartner => f.write_str("no feasible partner"),
            UnmatchedReason::ZeroCapacity => f.write_str("capacity 0"),
            UnmatchedReason::Capacity { full_partners } => write!(
                f,
                "every feasible partner ({}) is full with partners it scores at least as high",
                agent_list(full_partners)
            ),
            UnmatchedReason::LostOut { candidates } => write!(
                f,
                "lost out: feasible partners ({}) had room or would have scored it higher, \
                 but the plan paired them otherwise",
                agent_list(candidates)
            ),
        }
    }
}

impl std::fmt::Display for UnmatchedAgent {
    /// `agent 3: reason`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "agent {}: {}", self.agent, self.reason)
    }
}

impl std::fmt::Display for BlockingPair {
    /// `(a, b) score s`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}, {}) score {}", self.a, self.b, self.score)
    }
}

impl std::fmt::Display for Audit {
    /// A short summary: pairs, matched agents and rate, total and weakest score (in the
    /// graph's own units), blocking pairs by score (and by stated preferences when
    /// given), then one line per unmatched agent.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} pair(s), {} of {} agents matched ({:.1}%), total score {}",
            self.pairs,
            self.matched_agents,
            self.agents,
            self.match_rate * 100.0,
            self.total_score
        )?;
        if let Some(min) = self.min_pair_score {
            write!(f, ", weakest pair {min}")?;
        }
        write!(
            f,
            "\nblocking pairs by score: {}",
            self.blocking_pairs_scores.len()
        )?;
        if let Some(st) = &self.blocking_pairs_stated {
            write!(f, "; by stated preferences: {}", st.len())?;
        }
        for u in &self.unmatched {
            write!(f, "\nunmatched {u}")?;
        }
        Ok(())
    }
}
