//! Greedy construction for sparse weights: groups are grown one at a time around a seed
//! participant, each time taking the unassigned participant with the largest affinity
//! to the group so far (edge weights minus the school penalty), found among the
//! neighbours of the members through a scratch array. When no unassigned neighbour is
//! left, the next unassigned participant in a seeded random order joins. Target sizes
//! are those of [`super::search::random_start`] (every group at its minimum, the surplus
//! spread at random). O(Σ deg · group size) time, O(n) memory.
//!
//! On a sparse graph a random start puts almost everyone in a group without a single
//! edge, and the neighbour-driven local search then needs many rounds to assemble
//! cliques; growing groups along edges starts close to them.

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::search::Weights;

/// Group of each participant, with group `g` of exactly its target size.
pub(super) fn greedy_start(
    w: &Weights,
    bounds: &[(usize, usize)],
    rng: &mut ChaCha8Rng,
) -> Vec<usize> {
    let n = w.len();
    let Weights::Sparse {
        offsets,
        nbrs,
        ws,
        schools,
        ..
    } = w
    else {
        return super::search::random_start(n, bounds, rng);
    };
    let sizes = super::search::target_sizes(n, bounds, rng);
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut group_of = vec![usize::MAX; n];
    // Scratch: affinity of each candidate to the group being grown.
    let mut acc = vec![0i64; n];
    let mut is_cand = vec![false; n];
    let mut cands: Vec<usize> = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    let mut next = 0usize;
    for (g, &size) in sizes.iter().enumerate() {
        members.clear();
        while members.len() < size {
            // The best candidate, else the next unassigned participant.
            let mut pick: Option<(i64, usize)> = None;
            for &u in &cands {
                if group_of[u] != usize::MAX {
                    continue;
                }
                let pen = match schools {
                    Some((s, p)) => *p * members.iter().filter(|&&x| s[x] == s[u]).count() as i64,
                    None => 0,
                };
                let f = acc[u] - pen;
                if pick.is_none_or(|b| f > b.0) {
                    pick = Some((f, u));
                }
            }
            let v = match pick {
                Some((f, u)) if f > 0 || members.is_empty() => u,
                _ => {
                    while group_of[order[next]] != usize::MAX {
                        next += 1;
                    }
                    order[next]
                }
            };
            group_of[v] = g;
            members.push(v);
            for i in offsets[v]..offsets[v + 1] {
                let u = nbrs[i];
                if group_of[u] == usize::MAX {
                    if !is_cand[u] {
                        is_cand[u] = true;
                        cands.push(u);
                    }
                    acc[u] += ws[i];
                }
            }
        }
        for &u in &cands {
            acc[u] = 0;
            is_cand[u] = false;
        }
        cands.clear();
    }
    group_of
}
