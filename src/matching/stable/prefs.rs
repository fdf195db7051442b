//! Preference lists for the stable-matching algorithms: validation, mutual acceptability
//! and the two sources of preferences.
//!
//! # Two sources of preferences
//!
//! * **Stated rankings.** Each teacher ranks the colleagues they would accept, most
//!   preferred first. Lists may be *incomplete* (a teacher need not rank everyone) and
//!   differ arbitrarily between teachers. Under stated rankings a stable matching may not
//!   exist (see [`crate::matching::stable_roommates`]). Build them with
//!   [`Preferences::new`] / [`Preferences::with_policy`].
//! * **Rankings derived from compatibility scores.** [`Preferences::from_scores`] ranks
//!   each vertex's neighbours in a [`WeightedGraph`] by decreasing weight, ties broken by
//!   the smaller neighbour index. Because a pair's score is *the same* for both members,
//!   all teachers rank pairs by one global order (weight descending, then `u + v`
//!   ascending, which agrees with every teacher's tie-break): the "globally ranked pairs"
//!   case of Abraham, Levavi, Manlove and O'Malley (2008). There a stable matching
//!   **always exists and is unique**: repeatedly take the globally best remaining pair
//!   and remove both members. `tests/stable_roommates.rs` checks this against Irving's
//!   algorithm.
//!
//! # Acceptability
//!
//! A pair is *acceptable* when each member lists the other. A one-sided entry (`i` lists
//! `j` but `j` does not list `i`) is an error by default
//! ([`Acceptability::Strict`]); with [`Acceptability::DropOneSided`] it is removed and
//! reported in [`Preferences::dropped`] / [`MentoringPrefs::dropped`]. The caller's
//! lists are never modified: validated copies are stored.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::matching::csr::Csr;

use crate::matching::weighted::WeightedGraph;

pub(crate) const NIL: u32 = u32::MAX;

/// What to do with one-sided entries (`i` lists `j` but `j` does not list `i`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Acceptability {
    /// One-sided entries are an error ([`PrefsError::OneSided`]).
    #[default]
    Strict,
    /// One-sided entries are removed; each is reported in the result's `dropped()` list.
    DropOneSided,
}

/// Which side of an instance an agent belongs to (used in error messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Party {
    /// An agent of a roommates (one-sided, non-bipartite) instance.
    Agent,
    /// A mentee of a mentor–mentee instance.
    Mentee,
    /// A mentor of a mentor–mentee instance.
    Mentor,
}

impl std::fmt::Display for Party {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Party::Agent => "agent",
            Party::Mentee => "mentee",
            Party::Mentor => "mentor",
        })
    }
}

/// A one-sided entry removed under [`Acceptability::DropOneSided`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DroppedEntry {
    /// Side of the agent whose list held the entry.
    pub party: Party,
    /// The agent whose list held the entry.
    pub agent: usize,
    /// 0-based position of the entry in the agent's original list.
    pub position: usize,
    /// The listed agent, who does not list `agent` back.
    pub listed: usize,
}

/// Why preference lists (or a matching checked against them) were rejected. Every variant
/// names the agent and the 0-based position in its list.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PrefsError {
    /// A list names an agent that does not exist.
    #[error("{party} {agent}, position {position}: lists {listed}, but valid ids are 0..{bound}")]
    OutOfRange {
        /// Side of the agent whose list is wrong.
        party: Party,
        /// The agent whose list is wrong.
        agent: usize,
        /// Position in its list.
        position: usize,
        /// The listed id.
        listed: usize,
        /// Number of valid ids on the listed side.
        bound: usize,
    },
    /// A list names the same agent twice.
    #[error(
        "{party} {agent}, position {position}: lists {listed} again (already at position {first})"
    )]
    Duplicate {
        /// Side of the agent whose list is wrong.
        party: Party,
        /// The agent whose list is wrong.
        agent: usize,
        /// Position of the repeat.
        position: usize,
        /// The repeated id.
        listed: usize,
        /// Position of the first occurrence.
        first: usize,
    },
    /// An agent lists itself.
    #[error("agent {agent}, position {position}: an agent cannot list itself")]
    SelfListed {
        /// The agent.
        agent: usize,
        /// Position in its list.
        position: usize,
    },
    /// `agent` lists `listed`, who does not list it back (see [`Acceptability`]).
    #[error("{party} {agent}, position {position}: lists {listed}, who does not list {agent} back (one-sided; use Acceptability::DropOneSided to drop such entries)")]
    OneSided {
        /// Side of the agent whose list holds the entry.
        party: Party,
        /// The agent.
        agent: usize,
        /// Position in its list.
        position: usize,
        /// The listed agent.
        listed: usize,
    },
    /// The capacities vector does not have one entry per mentor.
    #[error("capacities has {got} entries, but there are {expected} mentors")]
    CapacitiesLength {
        /// Number of mentors (length of the mentor lists).
        expected: usize,
        /// Length of the capacities vector.
        got: usize,
    },
    /// A matching given for checking has the wrong number of entries.
    #[error("the matching has {got} entries, but there are {expected} agents")]
    MatchingLength {
        /// Number of agents.
        expected: usize,
        /// Entries given.
        got: usize,
    },
    /// A matching given for checking is not valid for these preferences.
    #[error("{party} {agent}: invalid matching: {detail}")]
    InvalidMatching {
        /// Side of the agent.
        party: Party,
        /// The agent.
        agent: usize,
        /// What is wrong.
        detail: String,
    },
}

/// Flat (CSR) storage of rank lists; every algorithm pairs it with the "mirror" array
/// (for every entry, the index of the reverse entry in the other side's flat storage,
/// `NIL` when one-sided).
pub(crate) type Flat = Csr<u32>;

impl Flat {
    fn from_lists(lists: &[Vec<usize>]) -> Flat {
        Csr::from_rows(lists.iter().map(|l| l.iter().map(|&x| x as u32)))
    }
}

/// Checks ids, self-listing and duplicates of one side's lists. O(n + L).
fn validate_side(
    lists: &[Vec<usize>],
    bound: usize,
    party: Party,
    same_side: bool,
) -> Result<(), PrefsError> {
    // seen[x] = (stamp of the agent that last listed x, position)
    let mut seen: Vec<(usize, usize)> = vec![(usize::MAX, 0); bound];
    for (agent, list) in lists.iter().enumerate() {
        for (position, &listed) in list.iter().enumerate() {
            if listed >= bound {
                return Err(PrefsError::OutOfRange {
                    party,
                    agent,
                    position,
                    listed,
                    bound,
                });
            }
            if same_side && listed == agent {
                return Err(PrefsError::SelfListed { agent, position });
            }
            let s = &mut seen[listed];
            if s.0 == agent {
                return Err(PrefsError::Duplicate {
                    party,
                    agent,
                    position,
                    listed,
                    first: s.1,
                });
            }
            *s = (agent, position);
        }
    }
    Ok(())
}

/// For every entry of `a` (agent `i` lists `j`), the flat index in `b` where `j` lists
/// `i`, or `NIL`. `a` lists ids of `b`'s agents and vice versa. O(|a| + |b| + L).
pub(crate) fn mirror(a: &Flat, b: &Flat) -> Vec<u32> {
    let na = a.len();
    let nb = b.len();
    // Incoming entries of a, bucketed by target (counting sort).
    let mut cnt = vec![0usize; nb + 1];
    for &j in &a.to {
        cnt[j as usize + 1] += 1;
    }
    for j in 0..nb {
        cnt[j + 1] += cnt[j];
    }
    let mut incoming = vec![0u32; a.to.len()];
    let mut fill = cnt.clone();
    for i in 0..na {
        for k in a.range(i) {
            let j = a.to[k] as usize;
            incoming[fill[j]] = k as u32;
            fill[j] += 1;
        }
    }
    let mut owner_a = vec![0u32; a.to.len()];
    for i in 0..na {
        for k in a.range(i) {
            owner_a[k] = i as u32;
        }
    }
    let mut mir = vec![NIL; a.to.len()];
    let mut stamp = vec![NIL; na];
    let mut at = vec![0u32; na];
    for j in 0..nb {
        for q in b.range(j) {
            let i = b.to[q] as usize;
            stamp[i] = j as u32;
            at[i] = q as u32;
        }
        for &k in &incoming[cnt[j]..cnt[j + 1]] {
            let i = owner_a[k as usize] as usize;
            if stamp[i] == j as u32 {
                mir[k as usize] = at[i];
            }
        }
    }
    mir
}

/// Removes the one-sided entries of `lists` (given its mirror), recording them.
fn drop_one_sided(
    lists: &[Vec<usize>],
    flat: &Flat,
    mir: &[u32],
    party: Party,
    dropped: &mut Vec<DroppedEntry>,
) -> Vec<Vec<usize>> {
    lists
        .iter()
        .enumerate()
        .map(|(agent, list)| {
            let base = flat.start[agent];
            list.iter()
                .enumerate()
                .filter(|&(position, &listed)| {
                    let keep = mir[base + position] != NIL;
                    if !keep {
                        dropped.push(DroppedEntry {
                            party,
                            agent,
                            position,
                            listed,
                        });
                    }
                    keep
                })
                .map(|(_, &x)| x)
                .collect()
        })
        .collect()
}

fn first_one_sided(flat: &Flat, mir: &[u32], party: Party) -> Option<PrefsError> {
    let k = mir.iter().position(|&m| m == NIL)?;
    let agent = flat.start.partition_point(|&s| s <= k) - 1;
    Some(PrefsError::OneSided {
        party,
        agent,
        position: k - flat.start[agent],
        listed: flat.to[k] as usize,
    })
}

/// Validated preference lists of a roommates instance (one pool of agents `0..n`).
///
/// Every pair in the lists is mutually acceptable. Construction copies the caller's
/// lists; nothing the caller owns is modified.
///
/// # Example
/// ```
/// use peermatch::matching::{Acceptability, Preferences, PrefsError};
/// let p = Preferences::new(&[vec![1, 2], vec![0], vec![0]])?;
/// assert_eq!(p.rank(0, 2), Some(1));
/// // 2 lists 1 but 1 does not list 2:
/// let lists = vec![vec![1], vec![0], vec![1]];
/// assert!(matches!(Preferences::new(&lists), Err(PrefsError::OneSided { agent: 2, .. })));
/// let p = Preferences::with_policy(&lists, Acceptability::DropOneSided)?;
/// assert_eq!(p.list(2), &[] as &[usize]);
/// assert_eq!(p.dropped().len(), 1);
/// # Ok::<(), peermatch::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preferences {
    lists: Vec<Vec<usize>>,
    dropped: Vec<DroppedEntry>,
    pub(crate) flat: Flat,
    pub(crate) mir: Vec<u32>,
}

impl Preferences {
    /// Validates stated lists with [`Acceptability::Strict`].
    ///
    /// `lists` is any iterable of lists, each anything that views as `&[usize]`:
    /// `&[Vec<usize>]`, `Vec<Vec<usize>>`, `[&[usize]; N]`, an iterator of slices, ….
    /// The lists are copied; the caller's data is never changed.
    ///
    /// # Arguments
    /// * `lists`: `lists[i]` ranks the agents `i` accepts, most preferred first.
    ///
    /// # Returns
    /// Validated lists in which every listed pair is mutually listed.
    ///
    /// # Errors
    /// See [`Preferences::with_policy`].
    ///
    /// # Panics
    /// Never.
    ///
    /// # Complexity
    /// O(n + L) time and space, L the total length of the lists.
    ///
    /// # Example
    /// ```
    /// use peermatch::matching::Preferences;
    /// let owned = vec![vec![1, 2], vec![0], vec![0]];
    /// let a = Preferences::new(&owned)?;
    /// let b = Preferences::new([[1, 2].as_slice(), &[0], &[0]])?;
    /// assert_eq!(a.lists(), b.lists());
    /// # Ok::<(), peermatch::matching::PrefsError>(())
    /// ```
    pub fn new<I, L>(lists: I) -> Result<Self, PrefsError>
    where
        I: IntoIterator<Item = L>,
        L: AsRef<[usize]>,
    {
        Self::with_policy(lists, Acceptability::Strict)
    }

    /// Validates stated lists: `lists[i]` ranks the agents `i` accepts, most preferred
    /// first (incomplete lists allowed).
    ///
    /// # Arguments
    /// * `lists`: as [`Preferences::new`].
    /// * `policy`: [`Acceptability::Strict`] rejects a pair listed by one side only;
    ///   the other policy drops it (reported by [`Preferences::dropped`]).
    ///
    /// # Returns
    /// The validated lists.
    ///
    /// # Errors
    /// [`PrefsError::OutOfRange`], [`PrefsError::SelfListed`], [`PrefsError::Duplicate`]
    /// (the first offending entry in agent then position order), and under
    /// [`Acceptability::Strict`] [`PrefsError::OneSided`].
    ///
    /// # Panics
    /// Never; the `expect`s inside guard invariants of the mirror construction.
    ///
    /// # Complexity
    /// O(n + L) time and space, L the total length of the lists.
    pub fn with_policy<I, L>(lists: I, policy: Acceptability) -> Result<Self, PrefsError>
    where
        I: IntoIterator<Item = L>,
        L: AsRef<[usize]>,
    {
        let owned: Vec<Vec<usize>> = lists.into_iter().map(|l| l.as_ref().to_vec()).collect();
        let lists: &[Vec<usize>] = &owned;
        let n = lists.len();
        validate_side(lists, n, Party::Agent, true)?;
        let flat = Flat::from_lists(lists);
        let mir = mirror(&flat, &flat);
        if !mir.contains(&NIL) {
            return Ok(Preferences {
                lists: owned,
                dropped: Vec::new(),
                flat,
                mir,
            });
        }
        if policy == Acceptability::Strict {
            return Err(first_one_sided(&flat, &mir, Party::Agent).expect("a NIL entry exists"));
        }
        let mut dropped = Vec::new();
        let kept = drop_one_sided(lists, &flat, &mir, Party::Agent, &mut dropped);
        let flat = Flat::from_lists(&kept);
        let mir = mirror(&flat, &flat);
        Ok(Preferences {
            lists: kept,
            dropped,
            flat,
            mir,
        })
    }

    /// Rankings derived from compatibility scores: each vertex ranks its neighbours in
    /// `graph` by decreasing weight, ties broken by the smaller neighbour index.
    ///
    /// A stable matching always exists for such preferences, and it is unique (see the
    /// module docs: "globally ranked pairs").
    ///
    /// # Arguments
    /// * `graph`: the feasible pairs and their scores.
    ///
    /// # Returns
    /// Complete lists over each vertex's neighbours (every pair is mutual).
    ///
    /// # Errors
    /// None: a [`WeightedGraph`](crate::matching::WeightedGraph) is already valid.
    ///
    /// # Panics
    /// Never.
    ///
    /// # Complexity
    /// O(n + m log m) time, O(n + m) space.
    ///
    /// # References
    /// Globally ranked pairs: D. J. Abraham, A. Levavi, D. F. Manlove and G. O'Malley,
    /// "The stable roommates problem with globally-ranked pairs", WINE 2007.
    ///
    /// # Example
    /// ```
    /// use peermatch::matching::{stable_roommates, Preferences, WeightedGraph};
    /// let g = WeightedGraph::new(3, [(0, 1, 5), (1, 2, 9), (0, 2, 7)])?;
    /// let p = Preferences::from_scores(&g);
    /// assert_eq!(p.list(1), &[2, 0]);
    /// let m = stable_roommates(&p).into_result()?;
    /// assert_eq!(m.partner(1), Some(2));
    /// # Ok::<(), peermatch::Error>(())
    /// ```
    #[must_use]
    pub fn from_scores(graph: &WeightedGraph) -> Self {
        let n = graph.vertex_count();
        let edges = graph.edges();
        let adj = Csr::undirected(n, edges.iter().map(|e| (e.u as usize, e.v as usize)));
        let lists: Vec<Vec<usize>> = (0..n)
            .map(|v| {
                let mut a: Vec<(i64, usize)> = adj
                    .row(v)
                    .iter()
                    .map(|&(j, e)| (edges[e as usize].weight, j as usize))
                    .collect();
                a.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
                a.into_iter().map(|(_, j)| j).collect()
            })
            .collect();
        let flat = Flat::from_lists(&lists);
        let mir = mirror(&flat, &flat);
        Preferences {
            lists,
            dropped: Vec::new(),
            flat,
            mir,
        }
    }

    /// Number of agents.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// True when there are no agents.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// Agent `i`'s validated list, most preferred first.
    ///
    /// # Panics
    /// When `i >= self.len()`.
    #[must_use]
    pub fn list(&self, i: usize) -> &[usize] {
        &self.lists[i]
    }

    /// All validated lists.
    #[must_use]
    pub fn lists(&self) -> &[Vec<usize>] {
        &self.lists
    }

    /// Total length of the lists (twice the number of acceptable pairs).
    #[must_use]
    pub fn total_len(&self) -> usize {
        self.flat.to.len()
    }

    /// One-sided entries removed under [`Acceptability::DropOneSided`].
    #[must_use]
    pub fn dropped(&self) -> &[DroppedEntry] {
        &self.dropped
    }

    /// 0-based position of `j` in `i`'s list, if listed. O(length of `i`'s list).
    #[must_use]
    pub fn rank(&self, i: usize, j: usize) -> Option<usize> {
        self.lists.get(i)?.iter().position(|&x| x == j)
    }
}

/// Validated preference lists of a mentor–mentee instance: mentees rank mentors, mentors
/// rank mentees, mentors have capacities. Every listed pair is mutually acceptable.
///
/// # Example
/// ```
/// use peermatch::matching::{Acceptability, MentoringPrefs};
/// let p = MentoringPrefs::new(&[vec![0, 1], vec![0]], &[vec![1, 0], vec![0]], &[1, 1],
///     Acceptability::Strict)?;
/// assert_eq!(p.mentee_count(), 2);
/// assert_eq!(p.capacity(0), 1);
/// # Ok::<(), peermatch::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentoringPrefs {
    mentee_lists: Vec<Vec<usize>>,
    mentor_lists: Vec<Vec<usize>>,
    capacities: Vec<u32>,
    dropped: Vec<DroppedEntry>,
    pub(crate) a: Flat,
    pub(crate) b: Flat,
    /// For each mentee entry, the index of the reverse entry in `b`.
    pub(crate) mir_a: Vec<u32>,
    /// For each mentor entry, the index of the reverse entry in `a`.
    pub(crate) mir_b: Vec<u32>,
}

impl MentoringPrefs {
    /// Validates the lists of `mentee_prefs.len()` mentees (each ranking mentor ids) and
    /// `mentor_prefs.len()` mentors (each ranking mentee ids), with one capacity per mentor.
    ///
    /// # Arguments
    /// * `mentee_prefs[r]`: the mentors mentee `r` accepts, best first.
    /// * `mentor_prefs[h]`: the mentees mentor `h` accepts, best first.
    /// * `capacities[h]`: how many mentees mentor `h` may take (one per mentor).
    /// * `policy`: how a pair listed by one side only is treated.
    ///
    /// # Returns
    /// The validated two-sided lists with capacities.
    ///
    /// # Errors
    /// [`PrefsError::CapacitiesLength`], [`PrefsError::OutOfRange`],
    /// [`PrefsError::Duplicate`], and under [`Acceptability::Strict`]
    /// [`PrefsError::OneSided`] (mentee lists are reported before mentor lists).
    ///
    /// # Example
    /// ```
    /// use peermatch::matching::{Acceptability, MentoringPrefs, PrefsError};
    /// let p = MentoringPrefs::new(&[vec![0], vec![0]], &[vec![1, 0]], &[2], Acceptability::Strict)?;
    /// assert_eq!((p.mentee_count(), p.mentor_count(), p.capacity(0)), (2, 1, 2));
    /// let short = MentoringPrefs::new(&[vec![0]], &[vec![0]], &[], Acceptability::Strict);
    /// assert_eq!(short.unwrap_err(), PrefsError::CapacitiesLength { expected: 1, got: 0 });
    /// # Ok::<(), PrefsError>(())
    /// ```
    ///
    /// # Panics
    /// Never; the `expect`s inside guard invariants of the mirror construction.
    ///
    /// # Complexity
    /// O(n + m + L).
    pub fn new(
        mentee_prefs: &[Vec<usize>],
        mentor_prefs: &[Vec<usize>],
        capacities: &[u32],
        policy: Acceptability,
    ) -> Result<Self, PrefsError> {
        let (n, m) = (mentee_prefs.len(), mentor_prefs.len());
        if capacities.len() != m {
            return Err(PrefsError::CapacitiesLength {
                expected: m,
                got: capacities.len(),
            });
        }
        validate_side(mentee_prefs, m, Party::Mentee, false)?;
        validate_side(mentor_prefs, n, Party::Mentor, false)?;
        let a = Flat::from_lists(mentee_prefs);
        let b = Flat::from_lists(mentor_prefs);
        let mir_a = mirror(&a, &b);
        let mir_b = mirror(&b, &a);
        let one_sided = mir_a.contains(&NIL) || mir_b.contains(&NIL);
        if !one_sided {
            return Ok(MentoringPrefs {
                mentee_lists: mentee_prefs.to_vec(),
                mentor_lists: mentor_prefs.to_vec(),
                capacities: capacities.to_vec(),
                dropped: Vec::new(),
                a,
                b,
                mir_a,
                mir_b,
            });
        }
        if policy == Acceptability::Strict {
            return Err(first_one_sided(&a, &mir_a, Party::Mentee)
                .or_else(|| first_one_sided(&b, &mir_b, Party::Mentor))
                .expect("a NIL entry exists"));
        }
        let mut dropped = Vec::new();
        let ka = drop_one_sided(mentee_prefs, &a, &mir_a, Party::Mentee, &mut dropped);
        let kb = drop_one_sided(mentor_prefs, &b, &mir_b, Party::Mentor, &mut dropped);
        let a = Flat::from_lists(&ka);
        let b = Flat::from_lists(&kb);
        let mir_a = mirror(&a, &b);
        let mir_b = mirror(&b, &a);
        Ok(MentoringPrefs {
            mentee_lists: ka,
            mentor_lists: kb,
            capacities: capacities.to_vec(),
            dropped,
            a,
            b,
            mir_a,
            mir_b,
        })
    }

    /// Number of mentees.
    #[must_use]
    pub fn mentee_count(&self) -> usize {
        self.mentee_lists.len()
    }

    /// Number of mentors.
    #[must_use]
    pub fn mentor_count(&self) -> usize {
        self.mentor_lists.len()
    }

    /// Mentee `r`'s validated list of mentors, most preferred first.
    ///
    /// # Panics
    /// When `r >= self.mentee_count()`.
    #[must_use]
    pub fn mentee_list(&self, r: usize) -> &[usize] {
        &self.mentee_lists[r]
    }

    /// Mentor `h`'s validated list of mentees, most preferred first.
    ///
    /// # Panics
    /// When `h >= self.mentor_count()`.
    #[must_use]
    pub fn mentor_list(&self, h: usize) -> &[usize] {
        &self.mentor_lists[h]
    }

    /// Capacity of mentor `h`.
    ///
    /// # Panics
    /// When `h >= self.mentor_count()`.
    #[must_use]
    pub fn capacity(&self, h: usize) -> u32 {
        self.capacities[h]
    }

    /// All capacities.
    #[must_use]
    pub fn capacities(&self) -> &[u32] {
        &self.capacities
    }

    /// One-sided entries removed under [`Acceptability::DropOneSided`].
    #[must_use]
    pub fn dropped(&self) -> &[DroppedEntry] {
        &self.dropped
    }
}
