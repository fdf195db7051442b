//! Maximum-weight mentor–mentee assignment with mentor capacities.
//!
//! Each mentee gets at most one mentor, mentor `h` at most `capacities[h]` mentees, and
//! the total score of the assigned pairs is maximised (or, in
//! [`Mode::MaxCardinality`], the number of assigned mentees first, then the total).
//!
//! Two exact methods, chosen by [`AssignmentMethod`]:
//!
//! * **Kuhn–Munkres** (pathfinding's `kuhn_munkres`) on a *capacity-expanded* matrix: one
//!   column per mentor slot plus one "unassigned" column per mentee. O(n² (S + n)) time
//!   and O(n (S + n)) memory, S the number of slots: for small inputs only.
//! * **General solver on slot vertices**: mentor `h` becomes `c_h = min(capacity, degree)`
//!   slot vertices, each joined to every mentee that can take `h`, and the general
//!   maximum-weight matching solver runs on that bipartite graph. O(n + S) vertices and
//!   `sum over edges of c_h` edges; the solver's O(V·E·log V) worst case applies.
//!
//! The effective capacity `min(capacity, degree)` keeps both expansions no larger than
//! needed.

use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::matching::weighted::{
    max_weight_matching, MatchingError, Mode, WeightedGraph, MAX_WEIGHT,
};

/// How [`max_weight_assignment`] solves the problem.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssignmentMethod {
    /// Kuhn–Munkres when `n · (S + n) <= 40_000` (S = number of slots), else the general
    /// solver.
    #[default]
    Auto,
    /// Kuhn–Munkres on the capacity-expanded matrix.
    KuhnMunkres,
    /// The general matching solver on slot vertices.
    GeneralSolver,
}

/// Why [`max_weight_assignment`] rejected its input.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AssignmentError {
    /// Edge `edge` names a mentee `>= n`.
    #[error("edge {edge} names mentee {mentee}, but there are only {n} mentees")]
    MenteeOutOfRange {
        /// Position of the edge.
        edge: usize,
        /// The mentee id.
        mentee: usize,
        /// Number of mentees.
        n: usize,
    },
    /// Edge `edge` names a mentor `>= capacities.len()`.
    #[error(
        "edge {edge} names mentor {mentor}, but there are only {m} mentors (capacities.len())"
    )]
    MentorOutOfRange {
        /// Position of the edge.
        edge: usize,
        /// The mentor id.
        mentor: usize,
        /// Number of mentors.
        m: usize,
    },
    /// Edge `edge` has `|weight| > MAX_WEIGHT`.
    #[error("edge {edge} has weight {weight}, outside -{max}..={max}")]
    WeightOutOfRange {
        /// Position of the edge.
        edge: usize,
        /// The weight.
        weight: i64,
        /// [`MAX_WEIGHT`].
        max: i64,
    },
    /// The general solver failed (e.g. overflow of the cardinality shift).
    #[error(transparent)]
    Matching(#[from] MatchingError),
}

/// A maximum-weight capacitated assignment.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CapacitatedAssignment {
    mentor_of: Vec<Option<usize>>,
    weight: i64,
}

impl CapacitatedAssignment {
    /// Mentor of mentee `r` (`None` if unassigned or out of range).
    #[must_use]
    pub fn mentor_of(&self, r: usize) -> Option<usize> {
        self.mentor_of.get(r).copied().flatten()
    }

    /// Mentor of every mentee.
    #[must_use]
    pub fn mentors(&self) -> &[Option<usize>] {
        &self.mentor_of
    }

    /// Total weight of the assigned pairs.
    #[must_use]
    pub fn weight(&self) -> i64 {
        self.weight
    }

    /// Number of assigned mentees.
    #[must_use]
    pub fn len(&self) -> usize {
        self.mentor_of.iter().filter(|h| h.is_some()).count()
    }

    /// True when nobody is assigned.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Maximum-weight assignment of mentees to mentors with capacities.
///
/// # Arguments
/// * `mentees`: number of mentees `n` (ids `0..n`).
/// * `capacities`: one capacity per mentor (ids `0..capacities.len()`).
/// * `edges`: `(mentee, mentor, weight)` for every feasible pair; for repeated pairs the
///   largest weight counts.
/// * `mode`: [`Mode::MaxWeight`] (pairs of weight `<= 0` are never used) or
///   [`Mode::MaxCardinality`] (most assigned mentees, then largest total).
/// * `method`: see [`AssignmentMethod`].
///
/// # Returns
/// An optimal assignment (exact with either method).
///
/// # Errors
/// [`AssignmentError::MenteeOutOfRange`], [`AssignmentError::MentorOutOfRange`],
/// [`AssignmentError::WeightOutOfRange`]; solver errors as [`AssignmentError::Matching`].
///
/// # Panics
/// Never: every edge is range-checked before it is used.
///
/// # Complexity
/// See the module documentation: O(n²(S + n)) with Kuhn–Munkres, the general solver's
/// bound on `n + S` vertices and `Σ_e c_h` edges otherwise.
///
/// # Example
/// ```
/// use peermatch::matching::{max_weight_assignment, AssignmentMethod, Mode};
/// // Mentor 0 takes two mentees, mentor 1 one.
/// let edges = [(0, 0, 5), (1, 0, 4), (2, 0, 3), (2, 1, 1)];
/// let a = max_weight_assignment(3, &[2, 1], &edges, Mode::MaxWeight, AssignmentMethod::KuhnMunkres)?;
/// assert_eq!(a.weight(), 10);
/// assert_eq!(a.mentors(), &[Some(0), Some(0), Some(1)]);
/// # Ok::<(), peermatch::Error>(())
/// ```
///
/// # References
/// H. W. Kuhn, "The Hungarian method for the assignment problem", Naval Res. Logist.
/// Quart. 2 (1955) 83–97; J. Munkres (1957); capacity expansion as in Gusfield & Irving
/// (1989), §1.6.
pub fn max_weight_assignment(
    mentees: usize,
    capacities: &[u32],
    edges: &[(usize, usize, i64)],
    mode: Mode,
    method: AssignmentMethod,
) -> Result<CapacitatedAssignment, AssignmentError> {
    let m = capacities.len();
    // Validate and keep the best weight per pair (sorted by mentee, mentor).
    let mut es: Vec<(usize, usize, i64)> = Vec::with_capacity(edges.len());
    for (edge, &(r, h, w)) in edges.iter().enumerate() {
        if r >= mentees {
            return Err(AssignmentError::MenteeOutOfRange {
                edge,
                mentee: r,
                n: mentees,
            });
        }
        if h >= m {
            return Err(AssignmentError::MentorOutOfRange { edge, mentor: h, m });
        }
        if w.unsigned_abs() > MAX_WEIGHT as u64 {
            return Err(AssignmentError::WeightOutOfRange {
                edge,
                weight: w,
                max: MAX_WEIGHT,
            });
        }
        es.push((r, h, w));
    }
    es.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(b.2.cmp(&a.2)));
    es.dedup_by(|b, a| (a.0, a.1) == (b.0, b.1));
    if mode == Mode::MaxWeight {
        es.retain(|e| e.2 > 0);
    }
    let mut degree = vec![0u64; m];
    for e in &es {
        degree[e.1] += 1;
    }
    let slots: Vec<usize> = (0..m)
        .map(|h| (capacities[h] as u64).min(degree[h]) as usize)
        .collect();
    let mut first_slot = vec![0usize; m + 1];
    for h in 0..m {
        first_slot[h + 1] = first_slot[h] + slots[h];
    }
    let s = first_slot[m];
    let use_km = match method {
        AssignmentMethod::KuhnMunkres => true,
        AssignmentMethod::GeneralSolver => false,
        AssignmentMethod::Auto => (mentees as u128) * ((s + mentees) as u128) <= 40_000,
    };
    let mut mentor_of = vec![None; mentees];
    if use_km {
        let big: i128 = match mode {
            Mode::MaxWeight => 0,
            Mode::MaxCardinality => 2 * (MAX_WEIGHT as i128) * (mentees as i128 + 1) + 1,
        };
        let cols = s + mentees;
        let mut mat = Matrix::new(mentees, cols, 0i128);
        let mut best = vec![std::collections::HashMap::new(); mentees];
        for &(r, h, w) in &es {
            best[r].insert(h, w);
            for c in first_slot[h]..first_slot[h + 1] {
                mat[(r, c)] = big + w as i128;
            }
        }
        if mentees > 0 {
            let (_, cols_of) = kuhn_munkres(&mat);
            for (r, &c) in cols_of.iter().enumerate() {
                if c < s {
                    let h = first_slot.partition_point(|&f| f <= c) - 1;
                    if best[r].contains_key(&h) {
                        mentor_of[r] = Some(h);
                    }
                }
            }
        }
    } else {
        let mut ge: Vec<(usize, usize, i64)> = Vec::new();
        for &(r, h, w) in &es {
            for c in first_slot[h]..first_slot[h + 1] {
                ge.push((r, mentees + c, w));
            }
        }
        let g = WeightedGraph::new(mentees + s, ge)?;
        let mm = max_weight_matching(&g, mode)?;
        for (r, slot) in mentor_of.iter_mut().enumerate() {
            if let Some(c) = mm.mate(r) {
                *slot = Some(first_slot.partition_point(|&f| f <= c - mentees) - 1);
            }
        }
    }
    // Total weight from the validated pair list.
    let mut weight = 0i64;
    for &(r, h, w) in &es {
        if mentor_of[r] == Some(h) {
            weight += w;
        }
    }
    Ok(CapacitatedAssignment { mentor_of, weight })
}

/// `auto`, `kuhn-munkres` or `general-solver`.
impl std::fmt::Display for AssignmentMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AssignmentMethod::Auto => "auto",
            AssignmentMethod::KuhnMunkres => "kuhn-munkres",
            AssignmentMethod::GeneralSolver => "general-solver",
        })
    }
}
