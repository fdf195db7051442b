//! The audit's index of one score graph and of the stated lists, built without any
//! comparison sort.
//!
//! * [`Adjacency`]: every agent's feasible partners with the pair's score, sorted by
//!   partner, in one flat CSR array. Two counting-sort passes give the order for any
//!   edge order: the arcs are first grouped by their head (the crate's
//!   [`Csr::undirected`]), then the heads are walked in increasing order and each arc is
//!   appended to its tail's row, so every row is filled in increasing partner order.
//!   O(n + m) time and space, where sorting every row was O(m log m) and one allocation
//!   per agent (the audit's largest cost in the planner, which audits a fresh graph for
//!   every plan of the sensitivity table).
//! * [`StatedRanks`]: validates the stated lists and stores, for every adjacency slot
//!   `(i, j)`, `j`'s position in `i`'s list. One scratch array of `n` positions, marked
//!   and cleared list by list: O(n + m + L) for L listed entries, where sorting each
//!   list and binary-searching it for every edge was O(L log L + m log L).

use crate::matching::csr::Csr;
use crate::matching::WeightedGraph;

use super::audit::{AuditError, StatedPrefsProblem};

/// Marks a free slot of a scratch array, and an unlisted partner.
const NONE: usize = usize::MAX;

/// Every agent's feasible partners `(partner, score)`, each row sorted by partner.
pub(crate) struct Adjacency {
    csr: Csr<(usize, i64)>,
}

impl Adjacency {
    /// The adjacency of `g`. O(n + m) time and space, for any edge order.
    pub(crate) fn new(g: &WeightedGraph) -> Self {
        let n = g.vertex_count();
        let edges = g.edges();
        let by_head = Csr::undirected(n, edges.iter().map(|e| (e.u as usize, e.v as usize)));
        let start = by_head.start.clone();
        let mut fill: Vec<usize> = start[..n].to_vec();
        let mut to = vec![(0usize, 0i64); start[n]];
        for head in 0..n {
            for &(tail, e) in by_head.row(head) {
                let tail = tail as usize;
                to[fill[tail]] = (head, edges[e as usize].weight);
                fill[tail] += 1;
            }
        }
        Adjacency {
            csr: Csr { start, to },
        }
    }

    /// Number of agents.
    pub(crate) fn len(&self) -> usize {
        self.csr.len()
    }

    /// Agent `i`'s feasible partners with scores, increasing.
    pub(crate) fn row(&self, i: usize) -> &[(usize, i64)] {
        self.csr.row(i)
    }

    /// The slot (flat position) of partner `j` in row `i`, if `{i, j}` is an edge.
    /// O(log degree).
    pub(crate) fn slot(&self, i: usize, j: usize) -> Option<usize> {
        let r = self.csr.range(i);
        let base = r.start;
        self.csr.to[r]
            .binary_search_by_key(&j, |x| x.0)
            .ok()
            .map(|k| base + k)
    }

    /// The score of `{i, j}`, if it is an edge.
    pub(crate) fn score(&self, i: usize, j: usize) -> Option<i64> {
        self.slot(i, j).map(|k| self.csr.to[k].1)
    }

    /// The score of a validated pair (an edge); 0 is never reached.
    pub(crate) fn known(&self, i: usize, j: usize) -> i64 {
        self.score(i, j).unwrap_or_default()
    }

    /// How many of `i`'s feasible partners score strictly more than `s`. O(degree).
    pub(crate) fn score_rank(&self, i: usize, s: i64) -> usize {
        self.row(i).iter().filter(|x| x.1 > s).count()
    }

    /// Calls `f(a, b, score, slot of b in row a, slot of a in row b)` for every edge
    /// `{a, b}`, `a < b`, once, in increasing `(a, b)` order. O(n + m).
    pub(crate) fn for_each_edge(&self, mut f: impl FnMut(usize, usize, i64, usize, usize)) {
        // back[b]: the next slot of row b whose partner is below b. Rows are visited in
        // increasing order, so when row a reaches partner b > a, every partner of b below
        // a has been visited already and back[b] is a's slot in row b.
        let mut back: Vec<usize> = self.csr.start[..self.len()].to_vec();
        for a in 0..self.len() {
            let r = self.csr.range(a);
            // Partners below a come first in the row; they were reported from their rows.
            let skip = self.csr.to[r.clone()].partition_point(|x| x.0 < a);
            for k in r.start + skip..r.end {
                let (b, s) = self.csr.to[k];
                let kb = back[b];
                back[b] += 1;
                f(a, b, s, k, kb);
            }
        }
    }
}

/// The validated stated lists: every list's length, and for every adjacency slot
/// `(i, j)` the position of `j` in `i`'s list (or none).
pub(crate) struct StatedRanks {
    len: Vec<usize>,
    at: Vec<usize>,
}

impl StatedRanks {
    /// Validates `lists` (one per agent of `adj`) in agent order: per list, first the
    /// entries out of range or naming the agent itself (the first such position), then
    /// repeats (the smallest agent listed twice, at its second position).
    pub(crate) fn new(lists: &[Vec<usize>], adj: &Adjacency) -> Result<Self, AuditError> {
        let n = adj.len();
        if lists.len() != n {
            return Err(AuditError::Length {
                what: "stated_prefs",
                expected: n,
                got: lists.len(),
            });
        }
        let mut pos = vec![NONE; n];
        let mut at = vec![NONE; adj.csr.to.len()];
        for (agent, l) in lists.iter().enumerate() {
            let bad = |position: usize, detail: StatedPrefsProblem| AuditError::StatedPrefs {
                agent,
                position,
                detail,
            };
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
            }
            // (agent listed twice, its second position), smallest agent.
            let mut twice: Option<(usize, usize)> = None;
            for (position, &j) in l.iter().enumerate() {
                if pos[j] == NONE {
                    pos[j] = position;
                } else if twice.is_none_or(|t| j < t.0) {
                    twice = Some((j, position));
                }
            }
            if let Some((listed, position)) = twice {
                return Err(bad(position, StatedPrefsProblem::ListedTwice { listed }));
            }
            for k in adj.csr.range(agent) {
                at[k] = pos[adj.csr.to[k].0];
            }
            for &j in l {
                pos[j] = NONE;
            }
        }
        Ok(StatedRanks {
            len: lists.iter().map(Vec::len).collect(),
            at,
        })
    }

    /// The position of the partner at adjacency slot `slot` in its agent's list.
    pub(crate) fn at(&self, slot: usize) -> Option<usize> {
        let r = self.at[slot];
        (r != NONE).then_some(r)
    }

    /// The rank an unlisted partner counts as: below every listed agent.
    pub(crate) fn unlisted(&self, i: usize) -> usize {
        self.len[i]
    }
}
