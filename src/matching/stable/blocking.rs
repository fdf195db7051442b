//! Blocking pairs, one rule for every ordinal problem of the crate.
//!
//! A pair `{a, b}` that is acceptable to both and not matched together **blocks** a
//! (b-)matching when each of `a` and `b` *would switch*: it has room (fewer partners than
//! its capacity, e.g. unmatched with capacity 1), or it prefers the other to its worst
//! current partner. [`Standing`] is that per-agent state and [`blocks`] the rule;
//! [`roommates_blocking_pairs`] (one pool, capacity 1; also what the fallbacks report)
//! and [`assignment_blocking_pairs`] (mentees and mentors with capacities) apply it to
//! validated preferences. The fairness audit ([`crate::fairness::audit`]) applies the
//! same rule on scores (rank key `Reverse(score)`) and on stated ranks.
//!
//! The definitions follow D. Gusfield and R. W. Irving, *The Stable Marriage Problem:
//! Structure and Algorithms*, MIT Press 1989 (§1.6 for capacities, §4.5.2 for incomplete
//! roommates lists).

use super::prefs::{MentoringPrefs, Party, Preferences, PrefsError};

/// Where one agent stands in a (b-)matching, for the blocking rule: whether it has room
/// for another partner, and the rank key of its worst current partner (smaller = better;
/// use `std::cmp::Reverse(score)` when higher scores are better).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Standing<K> {
    room: bool,
    worst: Option<K>,
}

impl<K: Ord> Standing<K> {
    /// An agent with room (`room`: fewer partners than its capacity) whose worst current
    /// partner has rank key `worst` (`None` when it has no partner).
    #[must_use]
    pub fn new(room: bool, worst: Option<K>) -> Self {
        Standing { room, worst }
    }

    /// Whether the agent would take (or switch to) a partner it ranks at `key`: it has
    /// room, or `key` is better (smaller) than its worst current partner's.
    #[must_use]
    pub fn would_switch(&self, key: &K) -> bool {
        self.room || self.worst.as_ref().is_some_and(|w| key < w)
    }
}

/// The blocking rule: `a` (ranking `b` at `a_key`) and `b` (ranking `a` at `b_key`), not
/// matched together and acceptable to both, block when both would switch.
///
/// # Complexity
/// O(1) (two key comparisons).
///
/// # References
/// D. Gusfield and R. W. Irving, *The Stable Marriage Problem*, MIT Press 1989, §1.6.
///
/// ```
/// use peermatch::matching::stable::{blocks, Standing};
/// let free = Standing::new(true, None);
/// let held = Standing::new(false, Some(1)); // capacity full, worst partner at rank 1
/// assert!(blocks(&free, 3, &held, 0)); // held prefers rank 0 to its rank-1 partner
/// assert!(!blocks(&free, 3, &held, 2));
/// ```
#[must_use]
pub fn blocks<K: Ord>(a: &Standing<K>, a_key: K, b: &Standing<K>, b_key: K) -> bool {
    a.would_switch(&a_key) && b.would_switch(&b_key)
}

/// The blocking pairs of a matching under stated (or derived) preferences: mutually
/// acceptable pairs `(i, j)`, `i < j`, not matched together, where each of `i` and `j`
/// is unmatched or prefers the other to its partner. Returned in increasing order.
///
/// # Arguments
/// * `prefs`: validated preference lists.
/// * `partner[i]`: `i`'s partner or `None`.
///
/// # Returns
/// The blocking pairs `(i, j)`, `i < j`, increasing (empty: the matching is stable).
///
/// # Errors
/// [`PrefsError::MatchingLength`] when `partner.len() != prefs.len()`;
/// [`PrefsError::InvalidMatching`] when a partner is out of range, not mutual, or not on
/// the agent's list.
///
/// # Panics
/// Never: the partner array is validated before it is read.
///
/// # Complexity
/// O(n + L) time and space, L the total length of the lists.
///
/// # Example
/// ```
/// use peermatch::matching::{roommates_blocking_pairs, Preferences};
/// let p = Preferences::new(&[vec![1, 2], vec![2, 0], vec![0, 1]])?;
/// // 0-1 matched, 2 alone: 1 prefers 2, and 2 is unmatched.
/// let bp = roommates_blocking_pairs(&p, &[Some(1), Some(0), None])?;
/// assert_eq!(bp, vec![(1, 2)]);
/// # Ok::<(), peermatch::Error>(())
/// ```
pub fn roommates_blocking_pairs(
    prefs: &Preferences,
    partner: &[Option<usize>],
) -> Result<Vec<(usize, usize)>, PrefsError> {
    let n = prefs.len();
    if partner.len() != n {
        return Err(PrefsError::MatchingLength {
            expected: n,
            got: partner.len(),
        });
    }
    let invalid = |agent: usize, detail: String| PrefsError::InvalidMatching {
        party: Party::Agent,
        agent,
        detail,
    };
    // rank of each agent's partner in its own list (len = unmatched).
    let mut prank = vec![0usize; n];
    for i in 0..n {
        let l = prefs.list(i);
        prank[i] = match partner[i] {
            None => l.len(),
            Some(j) => {
                if j >= n || partner[j] != Some(i) {
                    return Err(invalid(
                        i,
                        format!("partner {j} is not matched back to {i}"),
                    ));
                }
                l.iter()
                    .position(|&x| x == j)
                    .ok_or_else(|| invalid(i, format!("partner {j} is not on {i}'s list")))?
            }
        };
    }
    // Capacity one: an unmatched agent has room; a matched one would switch only to
    // someone it ranks above its partner.
    let standing: Vec<Standing<usize>> = (0..n)
        .map(|i| Standing::new(partner[i].is_none(), partner[i].map(|_| prank[i])))
        .collect();
    let mut out = Vec::new();
    for i in 0..n {
        for (p, k) in prefs.flat.range(i).enumerate() {
            let j = prefs.flat.to[k] as usize;
            if j <= i || partner[i] == Some(j) {
                continue;
            }
            let q = prefs.mir[k] as usize - prefs.flat.start[j];
            if blocks(&standing[i], p, &standing[j], q) {
                out.push((i, j));
            }
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// The blocking pairs `(mentee, mentor)` of an assignment, in increasing order: mutually
/// acceptable pairs not assigned together where the mentee is unassigned or prefers the
/// mentor to its own, and the mentor is under capacity or prefers the mentee to its worst
/// assigned mentee.
///
/// # Arguments
/// * `prefs`: validated mentee and mentor lists with the mentors' capacities.
/// * `mentor_of[r]`: mentee `r`'s mentor or `None`.
///
/// # Returns
/// The blocking pairs `(mentee, mentor)`, increasing (empty: the assignment is stable).
///
/// # Errors
/// [`PrefsError::MatchingLength`] when `mentor_of.len()` differs from the number of
/// mentees; [`PrefsError::InvalidMatching`] when a mentor is out of range, the pair is not
/// mutually acceptable, or a mentor is over capacity.
///
/// # Panics
/// Never: the assignment is validated before it is read.
///
/// # Complexity
/// O(n + m + L) time and space.
///
/// # Example
/// ```
/// use peermatch::matching::{assignment_blocking_pairs, Acceptability, MentoringPrefs};
/// let p = MentoringPrefs::new(&[vec![0, 1], vec![0, 1]], &[vec![1, 0], vec![0, 1]], &[1, 1],
///     Acceptability::Strict)?;
/// assert_eq!(assignment_blocking_pairs(&p, &[Some(0), Some(1)])?, vec![(1, 0)]);
/// # Ok::<(), peermatch::Error>(())
/// ```
pub fn assignment_blocking_pairs(
    prefs: &MentoringPrefs,
    mentor_of: &[Option<usize>],
) -> Result<Vec<(usize, usize)>, PrefsError> {
    let (n, m) = (prefs.mentee_count(), prefs.mentor_count());
    if mentor_of.len() != n {
        return Err(PrefsError::MatchingLength {
            expected: n,
            got: mentor_of.len(),
        });
    }
    // rank of r's mentor in r's list; the worst rank among h's mentees in h's list.
    let mut rrank = vec![usize::MAX; n];
    let mut count = vec![0u32; m];
    let mut hworst = vec![0usize; m];
    for r in 0..n {
        let Some(h) = mentor_of[r] else { continue };
        let bad = |detail: String| PrefsError::InvalidMatching {
            party: Party::Mentee,
            agent: r,
            detail,
        };
        if h >= m {
            return Err(bad(format!("mentor {h} is out of range 0..{m}")));
        }
        let k = prefs
            .a
            .range(r)
            .find(|&k| prefs.a.to[k] as usize == h)
            .ok_or_else(|| bad(format!("mentor {h} is not on mentee {r}'s list")))?;
        rrank[r] = k - prefs.a.start[r];
        let q = prefs.mir_a[k] as usize - prefs.b.start[h];
        hworst[h] = hworst[h].max(q);
        count[h] += 1;
        if count[h] > prefs.capacity(h) {
            return Err(PrefsError::InvalidMatching {
                party: Party::Mentor,
                agent: h,
                detail: format!("more than its capacity {} mentees", prefs.capacity(h)),
            });
        }
    }
    let mentee: Vec<Standing<usize>> = (0..n)
        .map(|r| Standing::new(mentor_of[r].is_none(), mentor_of[r].map(|_| rrank[r])))
        .collect();
    let mentor: Vec<Standing<usize>> = (0..m)
        .map(|h| {
            Standing::new(
                count[h] < prefs.capacity(h),
                (count[h] > 0).then_some(hworst[h]),
            )
        })
        .collect();
    let mut out = Vec::new();
    for r in 0..n {
        for (pos, k) in prefs.a.range(r).enumerate() {
            let h = prefs.a.to[k] as usize;
            if mentor_of[r] == Some(h) {
                continue;
            }
            let q = prefs.mir_a[k] as usize - prefs.b.start[h];
            if blocks(&mentee[r], pos, &mentor[h], q) {
                out.push((r, h));
            }
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// [`roommates_blocking_pairs`] for a matching given as pairs (e.g. `m.pairs()` of a
/// [`crate::matching::Matching`], or any outside matching): each `(a, b)` in any order.
///
/// # Arguments
/// * `prefs`: validated preference lists.
/// * `pairs`: the matched pairs, any iterable of `(usize, usize)`.
///
/// # Returns
/// As [`roommates_blocking_pairs`].
///
/// # Errors
/// [`PrefsError::InvalidMatching`] when a pair names an agent out of range, an agent
/// with itself, or an agent already paired; then those of [`roommates_blocking_pairs`].
///
/// # Panics
/// Never.
///
/// # Complexity
/// O(n + p + L) time, O(n + L) space.
///
/// # References
/// As the module docs (Gusfield and Irving 1989).
///
/// # Example
/// ```
/// use peermatch::matching::stable::roommates_blocking_pairs_of;
/// use peermatch::matching::Preferences;
/// let p = Preferences::new([[1usize, 2].as_slice(), &[2, 0], &[0, 1]])?;
/// assert_eq!(roommates_blocking_pairs_of(&p, [(1, 0)])?, vec![(1, 2)]);
/// # Ok::<(), peermatch::Error>(())
/// ```
pub fn roommates_blocking_pairs_of<I>(
    prefs: &Preferences,
    pairs: I,
) -> Result<Vec<(usize, usize)>, PrefsError>
where
    I: IntoIterator<Item = (usize, usize)>,
{
    let n = prefs.len();
    let mut partner: Vec<Option<usize>> = vec![None; n];
    for (a, b) in pairs {
        for (x, y) in [(a, b), (b, a)] {
            let detail = if x >= n {
                Some(format!("pair ({a}, {b}) names agent {x}, outside 0..{n}"))
            } else if x == y {
                Some(format!("pair ({a}, {b}) pairs an agent with itself"))
            } else if partner[x].is_some() {
                Some(format!("agent {x} is in two pairs"))
            } else {
                None
            };
            if let Some(detail) = detail {
                return Err(PrefsError::InvalidMatching {
                    party: Party::Agent,
                    agent: x,
                    detail,
                });
            }
            partner[x] = Some(y);
        }
    }
    roommates_blocking_pairs(prefs, &partner)
}
