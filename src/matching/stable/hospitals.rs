//! Mentor–mentee stable assignment with capacities (hospitals/residents): deferred
//! acceptance from either side, in O(total list length).
//!
//! # Stability
//! Mentees rank mentors, mentors rank mentees, mentor `h` takes at most `capacity[h]`
//! mentees. An assignment is *stable* when no mutually acceptable pair `(r, h)` not
//! assigned together has `r` unassigned or preferring `h` to its mentor, and `h` under
//! capacity or preferring `r` to its worst assigned mentee.
//!
//! A stable assignment always exists. Among all of them, the **mentee-optimal** one gives
//! every mentee its best mentor over all stable assignments (mentee-proposing deferred
//! acceptance), and the **mentor-optimal** one does the same for mentors (mentor-proposing).
//! By the *Rural Hospitals theorem*, every stable assignment leaves the same mentees
//! unassigned, fills each mentor to the same number, and gives a mentor that is under
//! capacity in one stable assignment exactly the same mentees in all of them.

use serde::{Deserialize, Serialize};

use super::prefs::{MentoringPrefs, NIL};

/// Whose optimal stable assignment [`stable_assignment`] returns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Optimal {
    /// Every mentee gets its best partner among all stable assignments.
    #[default]
    Mentee,
    /// Every mentor gets its best set of mentees among all stable assignments.
    Mentor,
}

/// A stable assignment of mentees to mentors.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StableAssignment {
    mentor_of: Vec<Option<usize>>,
    mentees_of: Vec<Vec<usize>>,
}

impl StableAssignment {
    fn from_mentor_of(mentor_of: Vec<Option<usize>>, mentors: usize) -> Self {
        let mut mentees_of = vec![Vec::new(); mentors];
        for (r, h) in mentor_of.iter().enumerate() {
            if let Some(h) = *h {
                mentees_of[h].push(r);
            }
        }
        StableAssignment {
            mentor_of,
            mentees_of,
        }
    }

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

    /// Mentees of mentor `h`, increasing (empty when out of range).
    #[must_use]
    pub fn mentees_of(&self, h: usize) -> &[usize] {
        self.mentees_of.get(h).map_or(&[], Vec::as_slice)
    }

    /// Unassigned mentees, increasing.
    #[must_use]
    pub fn unassigned(&self) -> Vec<usize> {
        (0..self.mentor_of.len())
            .filter(|&r| self.mentor_of[r].is_none())
            .collect()
    }
}

/// Deferred acceptance (Gale–Shapley) for mentees and mentors with capacities.
///
/// # Arguments
/// * `prefs`: validated lists and capacities ([`MentoringPrefs`]); not modified.
/// * `optimal`: [`Optimal::Mentee`] (mentees propose) or [`Optimal::Mentor`] (mentors
///   propose).
///
/// # Returns
/// The mentee-optimal or mentor-optimal stable assignment. Both are unique, so the
/// result does not depend on the order of proposals.
///
/// # Errors
/// None: input errors are caught when building [`MentoringPrefs`].
///
/// # Panics
/// Never: [`MentoringPrefs`] is validated, and the proposal loop only follows its lists.
///
/// # Complexity
/// O(n + m + L) time and space: every list entry is proposed along at most once, and a
/// mentor's "worst held" pointer only moves up its list.
///
/// # Example
/// ```
/// use peermatch::matching::{stable_assignment, Acceptability, MentoringPrefs, Optimal};
/// // Two mentees both prefer mentor 0 (capacity 1); mentor 0 prefers mentee 1.
/// let p = MentoringPrefs::new(&[vec![0, 1], vec![0, 1]], &[vec![1, 0], vec![0, 1]], &[1, 1],
///     Acceptability::Strict)?;
/// let a = stable_assignment(&p, Optimal::Mentee);
/// assert_eq!(a.mentors(), &[Some(1), Some(0)]);
/// # Ok::<(), peermatch::Error>(())
/// ```
///
/// # References
/// D. Gale and L. S. Shapley, "College admissions and the stability of marriage",
/// Amer. Math. Monthly 69 (1962) 9–15; Gusfield & Irving (1989), §1.6; A. E. Roth, "On
/// the allocation of residents to rural hospitals", Econometrica 54 (1986) 425–427.
#[must_use]
pub fn stable_assignment(prefs: &MentoringPrefs, optimal: Optimal) -> StableAssignment {
    match optimal {
        Optimal::Mentee => mentee_proposing(prefs),
        Optimal::Mentor => mentor_proposing(prefs),
    }
}

fn mentee_proposing(p: &MentoringPrefs) -> StableAssignment {
    let (n, m) = (p.mentee_count(), p.mentor_count());
    let mut next: Vec<usize> = p.a.start[..n].to_vec();
    let mut assigned = vec![false; p.b.to.len()];
    // Positions >= worst[h] in h's list are rejected (h is full with better mentees).
    let mut worst: Vec<usize> = p.b.start[1..].to_vec();
    let mut count = vec![0u32; m];
    let mut mentor_of = vec![None; n];
    let mut free: Vec<usize> = (0..n).rev().collect();
    let normalize = |h: usize, worst: &mut [usize], assigned: &[bool]| {
        while worst[h] > p.b.start[h] && !assigned[worst[h] - 1] {
            worst[h] -= 1;
        }
    };
    while let Some(r) = free.pop() {
        while next[r] < p.a.start[r + 1] {
            let k = next[r];
            next[r] += 1;
            let h = p.a.to[k] as usize;
            let q = p.mir_a[k] as usize;
            let cap = p.capacity(h);
            if q >= worst[h] || cap == 0 {
                continue;
            }
            assigned[q] = true;
            count[h] += 1;
            mentor_of[r] = Some(h);
            if count[h] > cap {
                normalize(h, &mut worst, &assigned);
                let w = worst[h] - 1;
                assigned[w] = false;
                worst[h] = w;
                count[h] -= 1;
                let loser = p.b.to[w] as usize;
                mentor_of[loser] = None;
                free.push(loser);
            }
            if count[h] == cap {
                normalize(h, &mut worst, &assigned);
            }
            break;
        }
    }
    StableAssignment::from_mentor_of(mentor_of, m)
}

fn mentor_proposing(p: &MentoringPrefs) -> StableAssignment {
    let (n, m) = (p.mentee_count(), p.mentor_count());
    let mut next: Vec<usize> = p.b.start[..m].to_vec();
    let mut count = vec![0u32; m];
    // held[r]: index in r's flat list of the mentor r currently holds.
    let mut held = vec![NIL; n];
    let mut queue: Vec<usize> = (0..m).rev().collect();
    while let Some(h) = queue.pop() {
        while count[h] < p.capacity(h) && next[h] < p.b.start[h + 1] {
            let k = next[h];
            next[h] += 1;
            let r = p.b.to[k] as usize;
            let pr = p.mir_b[k];
            let cur = held[r];
            if cur != NIL && cur < pr {
                continue;
            }
            if cur != NIL {
                let old = p.a.to[cur as usize] as usize;
                count[old] -= 1;
                queue.push(old);
            }
            held[r] = pr;
            count[h] += 1;
        }
    }
    let mentor_of = held
        .iter()
        .map(|&k| (k != NIL).then(|| p.a.to[k as usize] as usize))
        .collect();
    StableAssignment::from_mentor_of(mentor_of, m)
}

/// `mentee-optimal` or `mentor-optimal`.
impl std::fmt::Display for Optimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Optimal::Mentee => "mentee-optimal",
            Optimal::Mentor => "mentor-optimal",
        })
    }
}
