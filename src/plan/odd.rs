//! Stage 5, odd cohorts: leave out (with a notice) or form one trio.
//!
//! The trio search walks adjacency only: for each unmatched teacher `u`, its neighbours
//! `a` in the effective graph are marked with their scores; then for every neighbour
//! `a` and every pair `(a, b)` that `a` is in, the mark of `b` gives `score(u, b)` in
//! O(1). Total work O(Σ_u (deg(u) + Σ_{a ∈ N(u)} pairs(a))) ≤ O(m · max capacity): near
//! linear in the graph, never a scan of the edge list per (teacher, pair).

use crate::compat::MeetingWindow;
use crate::matching::WeightedGraph;

use super::{NoTrioReason, Notice, ThirdMember};

/// The chosen trio: `pair` (index into the pairs) gains `third`.
pub(crate) struct Trio {
    /// Index of the pair in the plan's sorted pair list.
    pub(crate) pair: usize,
    /// The third teacher.
    pub(crate) third: usize,
    /// Score of the third with the pair's first member.
    pub(crate) score_with_a: i64,
    /// Score with the second member.
    pub(crate) score_with_b: i64,
}

impl Trio {
    /// As a [`ThirdMember`] with the trio's common windows.
    pub(crate) fn member(&self, id: &str, windows: Vec<MeetingWindow>) -> ThirdMember {
        ThirdMember {
            id: id.to_string(),
            score_with_a: self.score_with_a,
            score_with_b: self.score_with_b,
            windows,
        }
    }
}

/// Finds the (unmatched teacher, pair) with the largest summed score to both members
/// for which `meets(teacher, pair index)` holds (the three share a meeting window);
/// ties go to the earlier teacher, then the earlier pair. `meets` is asked only about a
/// candidate that beats the best so far. Returns the trio or why there is none, and the
/// number of adjacency steps taken (a work count for tests).
pub(crate) fn find_trio(
    g: &WeightedGraph,
    pairs: &[(usize, usize)],
    unmatched: &[usize],
    mut meets: impl FnMut(usize, usize) -> bool,
) -> (Result<Trio, NoTrioReason>, u64) {
    let n = g.vertex_count();
    let mut adj: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    for e in g.edges() {
        adj[e.u as usize].push((e.v as usize, e.weight));
        adj[e.v as usize].push((e.u as usize, e.weight));
    }
    let mut pairs_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(a, b)) in pairs.iter().enumerate() {
        pairs_of[a].push(k);
        pairs_of[b].push(k);
    }
    if unmatched.is_empty() {
        return (Err(NoTrioReason::NobodyUnmatched), 0);
    }
    if pairs.is_empty() {
        return (Err(NoTrioReason::NoPairs), 0);
    }
    let mut mark: Vec<Option<i64>> = vec![None; n];
    let mut work = 0u64;
    // (sum, u, k, sa, sb)
    let mut best: Option<(i64, usize, usize, i64, i64)> = None;
    let mut compatible = false;
    for &u in unmatched {
        for &(a, w) in &adj[u] {
            mark[a] = Some(w);
            work += 1;
        }
        for &(x, _) in &adj[u] {
            for &k in &pairs_of[x] {
                work += 1;
                let (a, b) = pairs[k];
                let (Some(sa), Some(sb)) = (mark[a], mark[b]) else {
                    continue;
                };
                let sum = sa + sb;
                let better = match best {
                    None => true,
                    Some((s, bu, bk, ..)) => sum > s || (sum == s && (u, k) < (bu, bk)),
                };
                compatible = true;
                if better && meets(u, k) {
                    best = Some((sum, u, k, sa, sb));
                }
            }
        }
        for &(a, _) in &adj[u] {
            mark[a] = None;
        }
    }
    let out = match best {
        Some((_, u, k, sa, sb)) => Ok(Trio {
            pair: k,
            third: u,
            score_with_a: sa,
            score_with_b: sb,
        }),
        None if compatible => Err(NoTrioReason::NoCommonWindow { teachers: vec![] }),
        None => Err(NoTrioReason::NoCompatiblePair { teachers: vec![] }),
    };
    (out, work)
}

/// The notice for a formed trio.
pub(crate) fn trio_notice(third: &str, a: &str, b: &str, t: &Trio) -> Notice {
    Notice::TrioFormed {
        third: third.to_string(),
        a: a.to_string(),
        b: b.to_string(),
        summed_score: t.score_with_a + t.score_with_b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Work grows linearly with the graph: a path-like cohort of n teachers with one
    /// unmatched teacher adjacent to everyone costs O(n) steps, not O(n · pairs).
    #[test]
    fn trio_search_work_is_linear_in_the_graph() {
        for n in [101usize, 1001, 10001] {
            let mut edges = Vec::new();
            let pairs: Vec<(usize, usize)> = (0..n / 2).map(|k| (2 * k, 2 * k + 1)).collect();
            for &(a, b) in &pairs {
                edges.push((a, b, 10));
            }
            let u = n - 1;
            for v in 0..u {
                edges.push((v, u, 1 + (v as i64 % 7)));
            }
            let g = WeightedGraph::new(n, edges).unwrap();
            let (t, work) = find_trio(&g, &pairs, &[u], |_, _| true);
            let t = t.ok().unwrap();
            assert_eq!(t.third, u);
            // deg(u) marks + deg(u) pair lookups (each vertex in one pair).
            assert!(work <= 2 * (n as u64), "n = {n}: {work} steps");
            // Oracle: brute force over pairs.
            let best = pairs
                .iter()
                .map(|&(a, b)| g.weight(u, a).unwrap() + g.weight(u, b).unwrap())
                .max()
                .unwrap();
            assert_eq!(t.score_with_a + t.score_with_b, best);
        }
    }

    #[test]
    fn no_trio_says_why() {
        let g = WeightedGraph::new(3, [(0, 1, 5)]).unwrap();
        let (t, _) = find_trio(&g, &[(0, 1)], &[2], |_, _| true);
        assert!(matches!(t, Err(NoTrioReason::NoCompatiblePair { .. })));
        let (t, _) = find_trio(&g, &[(0, 1)], &[], |_, _| true);
        assert!(matches!(t, Err(NoTrioReason::NobodyUnmatched)));
    }
}
