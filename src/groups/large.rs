//! The sparse path for large cohorts: iterated search on a sparse graph of pairs
//! ([`super::search`] with [`Weights::sparse`]), memory linear in the graph.
//!
//! * [`super::form_groups_among`] above [`super::SPARSE_FROM`] participants passes the
//!   compatibility graph's edges.
//! * [`super::form_groups_scores`] above [`super::MAX_PARTICIPANTS`] (no dense matrix is
//!   built) calls the score closure once per pair, as below that size, but keeps only each
//!   participant's [`TOP_PAIRS`] best positive pairs: memory O(n · TOP_PAIRS), time
//!   O(n²) closure calls (about 5·10⁹ at 100,000 participants — build a graph and use
//!   [`super::form_groups_among`] instead when pairs can be enumerated more cleverly).
//!
//! Pairs that are not kept count 0 during the search; the reported group scores are
//! recomputed from the pair scores of the members, so they are exact.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::search::{search, Problem, SearchError, SearchOptions, Shape, Weights};
use super::{Group, GroupError, GroupOptions, MAX_ABS_SCORE, SPARSE_ROUNDS_PER_KICK_PER_1000};

/// Pairs kept per participant by the large path of [`super::form_groups_scores`].
pub const TOP_PAIRS: usize = 30;

/// The outcome of [`sparse_groups`]: groups in local indices (members ascending), the
/// passes and whether the search failed (it cannot with checked options).
pub(super) struct SparseOutcome {
    pub(super) groups: Vec<Group>,
    pub(super) passes: usize,
    pub(super) failure: Option<SearchError>,
}

/// Runs the sparse search with `k` groups of `min_size..=max_size` on `edges` plus the
/// school penalty, for `kicks · max(1, SPARSE_ROUNDS_PER_KICK_PER_1000 · n / 1000)` rounds
/// (deterministic under the seed), and scores the groups with
/// `pair` (`None` = infeasible, counted 0).
pub(super) fn sparse_groups(
    n: usize,
    edges: &[(usize, usize, i64)],
    schools: &[usize],
    opts: &GroupOptions,
    k: usize,
    pair: &dyn Fn(usize, usize) -> Option<i64>,
) -> SparseOutcome {
    let rounds = (opts.kicks as u64)
        .saturating_mul((SPARSE_ROUNDS_PER_KICK_PER_1000 * n as u64 / 1000).max(1));
    // Scores are below 2^32 and the penalty below 2^31 (checked), inside MAX_ABS_WEIGHT.
    let weights = Weights::sparse(n, edges)
        .and_then(|w| w.with_school_penalty(schools.to_vec(), opts.school_mix_weight));
    let problem = weights.map(|w| Problem {
        weights: w,
        shape: Shape::Uniform {
            min_groups: k,
            max_groups: k,
            min_size: opts.min_size,
            max_size: opts.max_size,
        },
    });
    let so = SearchOptions {
        seed: opts.seed,
        max_rounds: Some(rounds),
        ..SearchOptions::default()
    };
    let sol = match problem.and_then(|p| search(&p, &so)) {
        Ok(s) => s,
        Err(e) => {
            return SparseOutcome {
                groups: Vec::new(),
                passes: 0,
                failure: Some(e),
            }
        }
    };
    let groups = sol
        .groups
        .iter()
        .filter(|m| !m.is_empty())
        .map(|m| score_group(m.clone(), schools, opts.school_mix_weight, pair))
        .collect();
    SparseOutcome {
        groups,
        passes: usize::try_from(sol.passes).unwrap_or(usize::MAX),
        failure: None,
    }
}

/// A group's score, objective, schools and pair counts from the pair scores.
pub(super) fn score_group(
    mut members: Vec<usize>,
    schools: &[usize],
    mix: i64,
    pair: &dyn Fn(usize, usize) -> Option<i64>,
) -> Group {
    members.sort_unstable();
    let (mut score, mut same, mut inf) = (0i64, 0usize, 0usize);
    for (x, &a) in members.iter().enumerate() {
        for &b in &members[x + 1..] {
            match pair(a, b) {
                Some(w) => score += w,
                None => inf += 1,
            }
            same += usize::from(schools[a] == schools[b]);
        }
    }
    let mut sch: Vec<usize> = members.iter().map(|&a| schools[a]).collect();
    sch.sort_unstable();
    sch.dedup();
    Group {
        objective: score - mix * same as i64,
        members,
        ids: Vec::new(),
        score,
        schools: sch,
        same_school_pairs: same,
        infeasible_pairs: inf,
    }
}

/// A participant's kept pairs: a min-heap of `(score, Reverse(partner))`.
type KeptPairs = BinaryHeap<Reverse<(i64, Reverse<usize>)>>;

/// Each participant's [`TOP_PAIRS`] best positive pairs (ties: the smaller partner),
/// deduplicated, from one closure call per pair `a < b`.
///
/// # Errors
/// [`GroupError::ScoreOutOfRange`].
pub(super) fn top_pairs(
    n: usize,
    score: &dyn Fn(usize, usize) -> Option<i64>,
) -> Result<Vec<(usize, usize, i64)>, GroupError> {
    // Min-heaps of (score, Reverse(partner)): the root is the weakest kept pair.
    let mut heaps: Vec<KeptPairs> = (0..n).map(|_| BinaryHeap::new()).collect();
    let offer = |heap: &mut KeptPairs, s: i64, u: usize| {
        let item = Reverse((s, Reverse(u)));
        if heap.len() < TOP_PAIRS {
            heap.push(item);
        } else if heap.peek().is_some_and(|w| item < *w) {
            heap.pop();
            heap.push(item);
        }
    };
    for a in 0..n {
        for b in a + 1..n {
            match score(a, b) {
                Some(s) if s.unsigned_abs() > MAX_ABS_SCORE as u64 => {
                    return Err(GroupError::ScoreOutOfRange { a, b, score: s })
                }
                Some(s) if s > 0 => {
                    offer(&mut heaps[a], s, b);
                    offer(&mut heaps[b], s, a);
                }
                _ => {}
            }
        }
    }
    let mut edges: Vec<(usize, usize, i64)> = Vec::new();
    for (a, h) in heaps.into_iter().enumerate() {
        for Reverse((s, Reverse(b))) in h {
            edges.push((a.min(b), a.max(b), s));
        }
    }
    edges.sort_unstable();
    edges.dedup();
    Ok(edges)
}
