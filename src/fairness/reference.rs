//! Test oracle: the audit as it was before the index of [`super::index`] (per-agent
//! adjacency vectors sorted row by row, stated lists sorted and binary-searched, blocking
//! pairs found in edge order and sorted). Kept verbatim so the unit tests can check that
//! the indexed audit gives the same [`Audit`] (or the same error) on generated inputs.

use std::borrow::Borrow;
use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::audit::{
    AgentAudit, Audit, AuditError, AuditInput, BlockingPair, PartnerAudit, StatedPrefsProblem,
    UnmatchedAgent, UnmatchedReason, WorstOff,
};
use super::metrics::group_stats;
use crate::matching::stable::{blocks, Standing};
use crate::matching::WeightedGraph;

/// The audit of `pairs`, computed the pre-index way.
pub(crate) fn reference_audit<I>(input: &AuditInput<'_>, pairs: I) -> Result<Audit, AuditError>
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
    let stated = input
        .stated_prefs
        .map(|lists| StatedRanks::new(lists, n))
        .transpose()?;
    let adj = Adj::new(g);
    let pairs: Vec<(usize, usize)> = pairs.into_iter().map(|p| *p.borrow()).collect();
    let partners = partners_of(&pairs, n, &adj, &caps)?;
    let per_agent = per_agent(&partners, &caps, &adj, stated.as_ref());
    let by_score = score_standings(&per_agent, &caps);
    let blocking_pairs_scores = blocking_pairs(g, &partners, |i, j, s| {
        (by_score[i].would_switch(&Reverse(s)) && by_score[j].would_switch(&Reverse(s)))
            .then_some(s)
    });
    let blocking_pairs_stated = stated.as_ref().map(|st| {
        let by_rank = rank_standings(&per_agent, &caps, st);
        blocking_pairs(g, &partners, |i, j, s| {
            let (ri, rj) = (st.rank(i, j)?, st.rank(j, i)?);
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

/// Step 2: the validated stated lists, as per-agent sorted `(listed agent, rank)`.
struct StatedRanks {
    ranks: Vec<Vec<(usize, usize)>>,
}

impl StatedRanks {
    fn new(lists: &[Vec<usize>], n: usize) -> Result<Self, AuditError> {
        check_len("stated_prefs", n, lists.len())?;
        let mut ranks = Vec::with_capacity(n);
        for (agent, l) in lists.iter().enumerate() {
            let bad = |position: usize, detail: StatedPrefsProblem| AuditError::StatedPrefs {
                agent,
                position,
                detail,
            };
            let mut v: Vec<(usize, usize)> = Vec::with_capacity(l.len());
            for (position, &j) in l.iter().enumerate() {
                if j >= n {
                    return Err(bad(
                        position,
                        StatedPrefsProblem::OutOfRange { listed: j, n },
                    ));
                }
                if j == agent {
                    return Err(bad(position, StatedPrefsProblem::ListsItself));
                }
                v.push((j, position));
            }
            v.sort_unstable();
            if let Some(w) = v.windows(2).find(|w| w[0].0 == w[1].0) {
                return Err(bad(
                    w[1].1,
                    StatedPrefsProblem::ListedTwice { listed: w[0].0 },
                ));
            }
            ranks.push(v);
        }
        Ok(StatedRanks { ranks })
    }

    /// `j`'s position in `i`'s list.
    fn rank(&self, i: usize, j: usize) -> Option<usize> {
        let l = &self.ranks[i];
        l.binary_search_by_key(&j, |x| x.0).ok().map(|k| l[k].1)
    }

    /// The rank an unlisted partner counts as: below every listed agent.
    fn unlisted(&self, i: usize) -> usize {
        self.ranks[i].len()
    }
}

/// Step 3: sorted adjacency with scores; lookup by binary search.
struct Adj {
    nb: Vec<Vec<(usize, i64)>>,
    /// Each agent's scores, descending.
    desc: Vec<Vec<i64>>,
}

impl Adj {
    fn new(g: &WeightedGraph) -> Self {
        let mut nb: Vec<Vec<(usize, i64)>> = vec![Vec::new(); g.vertex_count()];
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
        Adj { nb, desc }
    }

    fn score(&self, i: usize, j: usize) -> Option<i64> {
        let l = &self.nb[i];
        l.binary_search_by_key(&j, |x| x.0).ok().map(|k| l[k].1)
    }

    /// The score of a validated pair (an edge); 0 is never reached.
    fn known(&self, i: usize, j: usize) -> i64 {
        self.score(i, j).unwrap_or_default()
    }

    fn score_rank(&self, i: usize, s: i64) -> usize {
        self.desc[i].partition_point(|&x| x > s)
    }
}

/// Step 4: validates the pairs and returns every agent's partners, increasing.
fn partners_of(
    pairs: &[(usize, usize)],
    n: usize,
    adj: &Adj,
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
    adj: &Adj,
    stated: Option<&StatedRanks>,
) -> Vec<AgentAudit> {
    partners
        .iter()
        .enumerate()
        .map(|(i, ps)| AgentAudit {
            agent: i,
            capacity: caps[i],
            feasible_partners: adj.nb[i].len(),
            partners: ps
                .iter()
                .map(|&j| {
                    let score = adj.known(i, j);
                    PartnerAudit {
                        partner: j,
                        score,
                        stated_rank: stated.and_then(|st| st.rank(i, j)),
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

/// Step 7: the feasible pairs not matched together for which `blocking(u, v, score)`
/// says they block (and gives the score to report), in increasing `(a, b)` order.
fn blocking_pairs(
    g: &WeightedGraph,
    partners: &[Vec<usize>],
    blocking: impl Fn(usize, usize, i64) -> Option<i64>,
) -> Vec<BlockingPair> {
    let mut out: Vec<BlockingPair> = g
        .edges()
        .iter()
        .filter_map(|e| {
            let (a, b) = (e.u as usize, e.v as usize);
            if partners[a].binary_search(&b).is_ok() {
                return None;
            }
            let score = blocking(a, b, e.weight)?;
            Some(BlockingPair { a, b, score })
        })
        .collect();
    out.sort_unstable_by_key(|b| (b.a, b.b));
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
    adj: &Adj,
    caps: &[u32],
    partners: &[Vec<usize>],
    by_score: &[Standing<Reverse<i64>>],
) -> Vec<UnmatchedAgent> {
    (0..partners.len())
        .filter(|&i| partners[i].is_empty())
        .map(|i| {
            let reason = if adj.nb[i].is_empty() {
                UnmatchedReason::NoFeasiblePartner
            } else if caps[i] == 0 {
                UnmatchedReason::ZeroCapacity
            } else {
                let candidates: Vec<usize> = adj.nb[i]
                    .iter()
                    .filter(|&&(j, s)| by_score[j].would_switch(&Reverse(s)))
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
            UnmatchedAgent { agent: i, reason }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::reference_audit;
    use crate::fairness::index::Adjacency;
    use crate::fairness::{audit, checked_partners, AuditInput, GroupKey, GroupLabels};
    use crate::matching::WeightedGraph;
    use proptest::prelude::*;
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Edges in random order (parallel copies and either orientation included), with
    /// tied weights.
    fn random_edges(n: usize, density: f64, rng: &mut ChaCha8Rng) -> Vec<(usize, usize, i64)> {
        let mut edges = Vec::new();
        for u in 0..n {
            for v in u + 1..n {
                if rng.random_bool(density) {
                    let w = rng.random_range(-3..=5i64);
                    edges.push(if rng.random_bool(0.5) {
                        (u, v, w)
                    } else {
                        (v, u, w)
                    });
                    if rng.random_bool(0.1) {
                        edges.push((v, u, rng.random_range(-3..=5i64)));
                    }
                }
            }
        }
        edges.shuffle(rng);
        edges
    }

    /// Stated lists: random subsets in random order; with `broken`, one list gets an
    /// entry out of range, itself, or repeats (sometimes several).
    fn random_lists(n: usize, broken: bool, rng: &mut ChaCha8Rng) -> Vec<Vec<usize>> {
        let mut lists: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                let mut l: Vec<usize> =
                    (0..n).filter(|&j| j != i && rng.random_bool(0.6)).collect();
                l.shuffle(rng);
                l
            })
            .collect();
        if broken && n > 0 {
            let i = rng.random_range(0..n);
            for _ in 0..rng.random_range(1..=3) {
                let l = &mut lists[i];
                let at = rng.random_range(0..=l.len());
                let entry = match rng.random_range(0..4) {
                    0 => n + rng.random_range(0..3),
                    1 => i,
                    _ if !l.is_empty() => l[rng.random_range(0..l.len())],
                    _ => i,
                };
                l.insert(at, entry);
            }
        }
        lists
    }

    /// A random b-matching (greedy over a random edge order); with `broken`, one bad,
    /// infeasible, repeated or over-capacity pair is added somewhere.
    fn random_pairs(
        n: usize,
        g: &WeightedGraph,
        caps: &[u32],
        broken: bool,
        rng: &mut ChaCha8Rng,
    ) -> Vec<(usize, usize)> {
        let mut order: Vec<(usize, usize)> = g
            .edges()
            .iter()
            .map(|e| (e.u as usize, e.v as usize))
            .collect();
        order.shuffle(rng);
        let mut load = vec![0u32; n];
        let mut out = Vec::new();
        for (u, v) in order {
            if load[u] < caps[u] && load[v] < caps[v] && rng.random_bool(0.7) {
                load[u] += 1;
                load[v] += 1;
                out.push(if rng.random_bool(0.5) { (u, v) } else { (v, u) });
            }
        }
        if broken && n > 1 {
            let extra = match rng.random_range(0..4) {
                0 => (rng.random_range(0..n), n + rng.random_range(0..2)),
                1 => {
                    let u = rng.random_range(0..n);
                    (u, u)
                }
                2 if !out.is_empty() => out[rng.random_range(0..out.len())],
                _ => (rng.random_range(0..n), rng.random_range(0..n)),
            };
            let at = rng.random_range(0..=out.len());
            out.insert(at, extra);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The indexed audit gives exactly the reference audit's result (the same
        /// `Audit`, or the same error) on random inputs, valid and broken; its checks
        /// alone (`checked_partners`) give the same error or the audit's partners.
        #[test]
        fn indexed_audit_equals_reference(
            n in 0usize..=14,
            density in 0.0f64..1.0,
            seed in any::<u64>(),
            with_lists in any::<bool>(),
            with_caps in any::<bool>(),
            with_groups in any::<bool>(),
            broken_lists in prop::bool::weighted(0.15),
            broken_pairs in prop::bool::weighted(0.15),
        ) {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let g = WeightedGraph::new(n, random_edges(n, density, &mut rng)).unwrap();
            let caps: Vec<u32> = (0..n).map(|_| rng.random_range(0..=3)).collect();
            let unit = vec![1u32; n];
            let lists = random_lists(n, broken_lists, &mut rng);
            let groups: Vec<GroupLabels> = (0..n)
                .map(|_| GroupLabels::from([
                    (GroupKey::School, format!("S{}", rng.random_range(0..3))),
                    (GroupKey::Other("band".into()), format!("B{}", rng.random_range(0..2))),
                ]))
                .collect();
            let pairs = random_pairs(n, &g, if with_caps { &caps } else { &unit }, broken_pairs, &mut rng);
            let mut input = AuditInput::new(&g);
            if with_lists { input = input.with_stated_prefs(&lists); }
            if with_caps { input = input.with_capacities(&caps); }
            if with_groups { input = input.with_groups(&groups); }
            let full = audit(&input, &pairs);
            prop_assert_eq!(&full, &reference_audit(&input, &pairs));
            // The checks alone: the same error, or the audit's partners.
            let checked = checked_partners(&input, &pairs);
            match &full {
                Ok(a) => {
                    let partners: Vec<Vec<usize>> = a
                        .per_agent
                        .iter()
                        .map(|x| x.partners.iter().map(|p| p.partner).collect())
                        .collect();
                    prop_assert_eq!(checked, Ok(partners));
                }
                Err(e) => prop_assert_eq!(checked, Err(e.clone())),
            }
        }

        /// Rows are sorted by partner and hold exactly the merged edges; every edge is
        /// visited once, in increasing order, with the slots of both directions.
        #[test]
        fn adjacency_rows_and_edge_slots(n in 0usize..=20, density in 0.0f64..1.0, seed in any::<u64>()) {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let g = WeightedGraph::new(n, random_edges(n, density, &mut rng)).unwrap();
            let adj = Adjacency::new(&g);
            prop_assert_eq!(adj.len(), n);
            for i in 0..n {
                let mut naive: Vec<(usize, i64)> = g.edges().iter().filter_map(|e| {
                    let (u, v) = (e.u as usize, e.v as usize);
                    (u == i).then_some((v, e.weight)).or((v == i).then_some((u, e.weight)))
                }).collect();
                naive.sort_unstable();
                prop_assert_eq!(adj.row(i), naive.as_slice());
            }
            let mut seen = Vec::new();
            adj.for_each_edge(|a, b, s, ab, ba| seen.push((a, b, s, ab, ba)));
            let mut want: Vec<(usize, usize, i64)> =
                g.edges().iter().map(|e| (e.u as usize, e.v as usize, e.weight)).collect();
            want.sort_unstable();
            prop_assert_eq!(seen.iter().map(|x| (x.0, x.1, x.2)).collect::<Vec<_>>(), want);
            for &(a, b, _, ab, ba) in &seen {
                prop_assert_eq!(Some(ab), adj.slot(a, b));
                prop_assert_eq!(Some(ba), adj.slot(b, a));
            }
        }
    }
}
