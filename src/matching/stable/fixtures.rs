//! Stable fixtures: stable b-matching on one pool with capacities (Irving & Scott 2007).
//!
//! # The problem
//! Agents `0..n` rank the agents they find acceptable (mutually acceptable lists, as in
//! stable roommates) and each agent `i` may take up to `c_i` partners. A *b-matching*
//! is a set of acceptable pairs, each pair at most once, with every agent in at most
//! `c_i` pairs. A pair `{a, b}` not in the b-matching **blocks** it when each of `a`
//! and `b` has a free place or prefers the other to its worst current partner (the one
//! rule of [`super::blocking`]). A b-matching without blocking pairs is *stable*. With
//! every capacity 1 this is stable roommates; like roommates, an instance may have no
//! stable b-matching at all.
//!
//! # Algorithm
//! Irving and Scott's two phases, generalising Irving's roommates algorithm.
//!
//! **Phase 1 (proposals).** Every agent `x` proposes down its list until `c_x` of its
//! proposals are held. An agent `y` holds up to `c_y` proposals; when it holds one too
//! many it rejects the worst, and whenever it holds exactly `c_y` it deletes every pair
//! `{y, z}` with `z` below its worst holder (`y` would never take `z`: its holders rank
//! `y` within their first `c` choices, so they cannot all be better placed). Rejections
//! delete the pair too. At the end every agent `x` with a list of length `L_x` both
//! proposes to and holds `min(c_x, L_x)` agents (a counting argument: total proposals
//! made equals total held), and `d_x = min(c_x, L_x)` is `x`'s number of partners in
//! every stable b-matching.
//!
//! **Phase 2 (rotations).** While some agent has more than `c` entries left: for such
//! an agent `x`, let `next(x)` be its `(c_x + 1)`-th entry (the next it would propose to)
//! and `last(y)` the last entry of `y`'s list (its worst holder). Following
//! `x → last(next(x))` from any such agent runs into a cycle `x_0, …, x_{r-1}`: the
//! exposed *rotation* `(x_i, y_i)` with `y_{i+1} = next(x_i)` and `x_{i+1} = last(y_{i+1})`.
//! Eliminating it deletes every pair `{x_i, y_i}`; the freed agents then propose on as
//! in phase 1, so `y_{i+1}` takes `x_i` instead of `x_{i+1}` and deletes what lies below
//! its new worst holder. If an elimination leaves some agent with fewer than `d_x`
//! entries, no stable b-matching exists, and [`NoStableFixtures`] names the agent and
//! the rotation. When no list is longer than its owner's capacity, the lists are the
//! stable b-matching.
//!
//! Lists are stored once, flat, with a deleted flag per entry and its mirror; every
//! pointer (next proposal, end of list, rotation search path) moves one way, so the whole
//! run is O(n + L) plus the rotation search, which keeps its path between eliminations
//! and re-validates only the cycle it is about to eliminate (as in
//! [`stable_roommates`](super::stable_roommates)).
//!
//! `tests/stable_fixtures.rs` checks both outcomes against brute force over every
//! b-matching of small instances: a returned b-matching is stable, and "none exists"
//! only when brute force finds none.
//!
//! # References
//! R. W. Irving and S. Scott, "The stable fixtures problem — a many-to-many extension of
//! stable roommates", *Discrete Applied Mathematics* 155 (2007) 2118–2129;
//! R. W. Irving, "An efficient algorithm for the stable roommates problem",
//! *J. Algorithms* 6 (1985) 577–595.

use serde::{Deserialize, Serialize};

use super::blocking::{blocks, Standing};
use super::prefs::{Party, Preferences, PrefsError};

/// A stable b-matching of a stable fixtures instance.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StableFixtures {
    partners: Vec<Vec<usize>>,
}

impl StableFixtures {
    /// The partners of agent `i`, in `i`'s order of preference (empty when out of range).
    #[must_use]
    pub fn partners(&self, i: usize) -> &[usize] {
        self.partners.get(i).map_or(&[], Vec::as_slice)
    }

    /// Matched pairs `(i, j)` with `i < j`, in increasing order.
    #[must_use]
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> = self
            .partners
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.iter().filter(move |&&j| i < j).map(move |&j| (i, j)))
            .collect();
        v.sort_unstable();
        v
    }

    /// Agents without any partner, increasing.
    #[must_use]
    pub fn unmatched(&self) -> Vec<usize> {
        (0..self.partners.len())
            .filter(|&i| self.partners[i].is_empty())
            .collect()
    }
}

/// Prints the pairs, e.g. `stable b-matching, 3 pairs: (0, 1) (0, 2) (1, 2)`.
impl std::fmt::Display for StableFixtures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pairs = self.pairs();
        let s = if pairs.len() == 1 { "" } else { "s" };
        write!(f, "stable b-matching, {} pair{s}", pairs.len())?;
        let mut sep = ":";
        for (u, v) in pairs {
            write!(f, "{sep} ({u}, {v})")?;
            sep = "";
        }
        Ok(())
    }
}

/// Why a stable fixtures instance has no stable b-matching: eliminating `rotation` in
/// phase 2 left `agent` with `left` acceptable partners, but it has `needed` partners in
/// every stable b-matching (its count after phase 1), so none exists.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoStableFixtures {
    /// The agent whose list became too short.
    pub agent: usize,
    /// Its number of partners in every stable b-matching, if one existed.
    pub needed: usize,
    /// The entries left on its list after the elimination (`< needed`).
    pub left: usize,
    /// The exposed rotation `(x_i, y_i)` whose elimination shortened the list.
    pub rotation: Vec<(usize, usize)>,
}

impl std::fmt::Display for NoStableFixtures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rot: Vec<String> = self
            .rotation
            .iter()
            .map(|(x, y)| format!("({x},{y})"))
            .collect();
        write!(
            f,
            "no stable b-matching exists: eliminating the exposed rotation [{}] in phase 2 of Irving and Scott's algorithm leaves agent {} with {} acceptable partner(s), but it has {} in every stable b-matching",
            rot.join(", "),
            self.agent,
            self.left,
            self.needed
        )
    }
}

impl std::error::Error for NoStableFixtures {}

/// The result of [`stable_fixtures`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FixturesOutcome {
    /// A stable b-matching.
    Stable(StableFixtures),
    /// None exists, with the reason.
    NoStableMatching(NoStableFixtures),
}

impl FixturesOutcome {
    /// The stable b-matching, or the reason none exists as an error (for `?`).
    ///
    /// # Errors
    /// [`NoStableFixtures`] when no stable b-matching exists.
    pub fn into_result(self) -> Result<StableFixtures, NoStableFixtures> {
        match self {
            FixturesOutcome::Stable(m) => Ok(m),
            FixturesOutcome::NoStableMatching(e) => Err(e),
        }
    }
}

/// The proposal table: flat lists with a deleted flag per entry (mirrored).
struct Table<'a> {
    start: &'a [usize],
    to: &'a [u32],
    mir: &'a [u32],
    owner: Vec<u32>,
    cap: Vec<usize>,
    alive: Vec<bool>,
    /// First flat index not yet proposed to; alive entries before it are held proposals.
    next: Vec<usize>,
    /// A cached position `>= next` with only dead entries between (for `next_of`).
    peek: Vec<usize>,
    /// One past the last possibly alive entry.
    end: Vec<usize>,
    out: Vec<usize>,
    held: Vec<usize>,
    len: Vec<usize>,
    queue: Vec<usize>,
    touched: Vec<usize>,
}

impl Table<'_> {
    /// Entry `k` (owned by `x`) is a proposal of `x` that its target holds.
    fn proposed(&self, x: usize, k: usize) -> bool {
        self.alive[k] && k < self.next[x]
    }

    /// Deletes the pair of entry `k` on both sides, undoing proposals it carried.
    fn delete(&mut self, k: usize) {
        if !self.alive[k] {
            return;
        }
        let q = self.mir[k] as usize;
        let (x, z) = (self.owner[k] as usize, self.owner[q] as usize);
        for (a, ka, b) in [(x, k, z), (z, q, x)] {
            if ka < self.next[a] {
                self.out[a] -= 1;
                self.held[b] -= 1;
                self.queue.push(a);
            }
        }
        self.alive[k] = false;
        self.alive[q] = false;
        self.len[x] -= 1;
        self.len[z] -= 1;
        self.touched.push(x);
        self.touched.push(z);
    }

    /// The last alive entry of `y`.
    fn last_of(&mut self, y: usize) -> Option<usize> {
        while self.end[y] > self.start[y] && !self.alive[self.end[y] - 1] {
            self.end[y] -= 1;
        }
        (self.end[y] > self.start[y]).then(|| self.end[y] - 1)
    }

    /// `y` holds `c_y` proposals: delete every entry below its worst holder.
    fn truncate(&mut self, y: usize) {
        while let Some(k) = self.last_of(y) {
            let z = self.to[k] as usize;
            if self.proposed(z, self.mir[k] as usize) {
                break;
            }
            self.delete(k);
        }
    }

    /// Phase-1 proposals until every queued agent holds `min(c, L)` proposals.
    fn propose(&mut self) {
        while let Some(x) = self.queue.pop() {
            while self.out[x] < self.cap[x] && self.next[x] < self.start[x + 1] {
                let k = self.next[x];
                self.next[x] += 1;
                if !self.alive[k] {
                    continue;
                }
                let y = self.to[k] as usize;
                self.out[x] += 1;
                self.held[y] += 1;
                if self.held[y] > self.cap[y] {
                    // Full before, so its list ended at its worst holder (not x).
                    let kl = self.last_of(y).expect("y lists x");
                    self.delete(kl);
                }
                if self.held[y] == self.cap[y] {
                    self.truncate(y);
                }
            }
        }
    }

    /// `next(x)`: the first alive entry not yet proposed to, when `x` has more entries
    /// than its capacity.
    fn next_of(&mut self, x: usize) -> Option<usize> {
        if self.len[x] <= self.cap[x] {
            return None;
        }
        let mut k = self.peek[x].max(self.next[x]);
        while k < self.start[x + 1] && !self.alive[k] {
            k += 1;
        }
        self.peek[x] = k;
        (k < self.start[x + 1]).then_some(k)
    }

    /// `last(next(x))` as an agent, with the entry index of `next(x)`.
    fn succ(&mut self, x: usize) -> Option<(usize, usize)> {
        let ks = self.next_of(x)?;
        let y = self.to[ks] as usize;
        let kl = self.last_of(y)?;
        Some((self.to[kl] as usize, ks))
    }
}

/// Irving and Scott's stable fixtures algorithm: a stable b-matching of one pool of
/// agents with capacities, or the reason none exists.
///
/// # Arguments
/// * `prefs`: validated, mutually acceptable rank lists ([`Preferences::new`], or
///   derived from scores with [`Preferences::from_scores`]); never modified.
/// * `capacity[i]`: the most partners agent `i` may take (0 = none).
///
/// # Returns
/// [`FixturesOutcome::Stable`] with a stable b-matching, or
/// [`FixturesOutcome::NoStableMatching`] with the rotation whose elimination shows none
/// exists ([`NoStableFixtures`]). Deterministic: agent 0 proposes first and rotations
/// are searched from the smallest agent.
///
/// # Errors
/// [`PrefsError::CapacitiesLength`] when `capacity.len() != prefs.len()`.
///
/// # Panics
/// Never; the `expect`s guard invariants of the proposal table.
///
/// # Complexity
/// O(n + L) for the proposals (L = total list length) plus the rotation search, which
/// walks each agent at most once per elimination it survives; O(n·L) in the worst case,
/// near O(n + L) on the planner's instances.
///
/// # Example
/// ```
/// use peermatch::matching::{stable_fixtures, Preferences};
/// // A triangle where everyone may take two partners: all three pairs.
/// let p = Preferences::new(&[vec![1, 2], vec![2, 0], vec![0, 1]])?;
/// let m = stable_fixtures(&p, &[2, 2, 2])?.into_result()?;
/// assert_eq!(m.pairs(), vec![(0, 1), (0, 2), (1, 2)]);
/// // With capacity 1 the same lists have no stable matching: whoever is left alone
/// // is preferred by the partner of the one who ranks it first.
/// let why = stable_fixtures(&p, &[1, 1, 1])?.into_result().unwrap_err();
/// assert!(why.left < why.needed);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// R. W. Irving and S. Scott, "The stable fixtures problem — a many-to-many extension of
/// stable roommates", *Discrete Applied Mathematics* 155 (2007) 2118–2129.
pub fn stable_fixtures(
    prefs: &Preferences,
    capacity: &[u32],
) -> Result<FixturesOutcome, PrefsError> {
    let n = prefs.len();
    if capacity.len() != n {
        return Err(PrefsError::CapacitiesLength {
            expected: n,
            got: capacity.len(),
        });
    }
    let start = &prefs.flat.start;
    let total = prefs.flat.to.len();
    let mut owner = vec![0u32; total];
    for (i, w) in start.windows(2).enumerate() {
        for o in &mut owner[w[0]..w[1]] {
            *o = i as u32;
        }
    }
    let mut t = Table {
        start,
        to: &prefs.flat.to,
        mir: &prefs.mir,
        owner,
        cap: capacity.iter().map(|&c| c as usize).collect(),
        alive: vec![true; total],
        next: start[..n].to_vec(),
        peek: start[..n].to_vec(),
        end: start[1..].to_vec(),
        out: vec![0; n],
        held: vec![0; n],
        len: (0..n).map(|i| start[i + 1] - start[i]).collect(),
        queue: Vec::new(),
        touched: Vec::new(),
    };
    // Agents of capacity 0 take nobody.
    for x in 0..n {
        if t.cap[x] == 0 {
            for k in start[x]..start[x + 1] {
                t.delete(k);
            }
        }
    }

    // Phase 1.
    t.queue = (0..n).rev().collect();
    t.propose();
    let needed: Vec<usize> = (0..n).map(|x| t.cap[x].min(t.len[x])).collect();

    // Phase 2.
    let mut stack: Vec<usize> = Vec::new();
    let mut stack_pos = vec![usize::MAX; n];
    let mut cursor = 0;
    loop {
        if stack.is_empty() {
            while cursor < n && t.next_of(cursor).is_none() {
                cursor += 1;
            }
            if cursor == n {
                break;
            }
            stack_pos[cursor] = 0;
            stack.push(cursor);
        }
        let p = *stack.last().expect("non-empty");
        let Some((nx, _)) = t.succ(p) else {
            stack.pop();
            stack_pos[p] = usize::MAX;
            continue;
        };
        if stack_pos[nx] == usize::MAX {
            stack_pos[nx] = stack.len();
            stack.push(nx);
            continue;
        }
        // A cycle stack[j..] closes at `nx`: re-validate its links first.
        let j = stack_pos[nx];
        let mut broken = None;
        for idx in j..stack.len() {
            let want = stack.get(idx + 1).copied().unwrap_or(nx);
            if t.succ(stack[idx]).map(|s| s.0) != Some(want) {
                broken = Some(idx);
                break;
            }
        }
        if let Some(idx) = broken {
            for &x in &stack[idx + 1..] {
                stack_pos[x] = usize::MAX;
            }
            stack.truncate(idx + 1);
            continue;
        }
        // Eliminate: y_{i+1} = next(x_i) drops its worst holder x_{i+1}.
        let xs: Vec<usize> = stack[j..].to_vec();
        let mut drops = Vec::with_capacity(xs.len());
        let mut rotation = Vec::with_capacity(xs.len());
        for (i, &x) in xs.iter().enumerate() {
            let (_, ks) = t.succ(x).expect("validated");
            let y = t.to[ks] as usize;
            let kl = t.last_of(y).expect("validated");
            drops.push(kl);
            rotation.push((xs[(i + 1) % xs.len()], y));
        }
        rotation.rotate_right(1);
        t.touched.clear();
        for kl in drops {
            t.delete(kl);
        }
        t.propose();
        let mut touched = std::mem::take(&mut t.touched);
        touched.sort_unstable();
        touched.dedup();
        for &a in &touched {
            if t.len[a] < needed[a] {
                return Ok(FixturesOutcome::NoStableMatching(NoStableFixtures {
                    agent: a,
                    needed: needed[a],
                    left: t.len[a],
                    rotation,
                }));
            }
        }
        for &x in &xs {
            stack_pos[x] = usize::MAX;
        }
        stack.truncate(j);
    }

    let partners = (0..n)
        .map(|x| {
            (start[x]..start[x + 1])
                .filter(|&k| t.alive[k])
                .map(|k| t.to[k] as usize)
                .collect()
        })
        .collect();
    Ok(FixturesOutcome::Stable(StableFixtures { partners }))
}

/// The blocking pairs of a b-matching `pairs` under `prefs` and `capacity`: acceptable
/// pairs `(a, b)`, `a < b`, not in `pairs`, where each of `a` and `b` has a free place or
/// prefers the other to its worst partner. In increasing order.
///
/// # Errors
/// [`PrefsError::CapacitiesLength`] when `capacity.len() != prefs.len()`;
/// [`PrefsError::InvalidMatching`] when a pair is out of range, not acceptable, repeated,
/// or an agent has more partners than its capacity.
///
/// # Panics
/// Never; the `expect` relies on validated, mutually acceptable [`Preferences`].
///
/// # Complexity
/// O(n + L + p·log L) for `p` pairs.
///
/// # Example
/// ```
/// use peermatch::matching::{fixtures_blocking_pairs, Preferences};
/// let p = Preferences::new(&[vec![1, 2], vec![2, 0], vec![0, 1]])?;
/// // Capacities 2: (0, 2) and (1, 2) are missing and both ends have room.
/// assert_eq!(fixtures_blocking_pairs(&p, &[2, 2, 2], [(0, 1)])?, vec![(0, 2), (1, 2)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fixtures_blocking_pairs(
    prefs: &Preferences,
    capacity: &[u32],
    pairs: impl IntoIterator<Item = (usize, usize)>,
) -> Result<Vec<(usize, usize)>, PrefsError> {
    let n = prefs.len();
    if capacity.len() != n {
        return Err(PrefsError::CapacitiesLength {
            expected: n,
            got: capacity.len(),
        });
    }
    // Sorted (neighbour, rank) per agent for O(log) rank lookups.
    let ranks: Vec<Vec<(usize, usize)>> = (0..n)
        .map(|i| {
            let mut v: Vec<(usize, usize)> = prefs
                .list(i)
                .iter()
                .enumerate()
                .map(|(r, &j)| (j, r))
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    let rank = |i: usize, j: usize| -> Option<usize> {
        let v = &ranks[i];
        v.binary_search_by_key(&j, |p| p.0).ok().map(|k| v[k].1)
    };
    let invalid = |agent: usize, detail: String| PrefsError::InvalidMatching {
        party: Party::Agent,
        agent,
        detail,
    };
    let mut worst: Vec<Option<usize>> = vec![None; n];
    let mut deg = vec![0usize; n];
    let mut set: Vec<(usize, usize)> = Vec::new();
    for (a, b) in pairs {
        let (a, b) = (a.min(b), a.max(b));
        if b >= n {
            return Err(invalid(a, format!("pair ({a}, {b}) is out of range")));
        }
        let (Some(ra), Some(rb)) = (rank(a, b), rank(b, a)) else {
            return Err(invalid(a, format!("pair ({a}, {b}) is not acceptable")));
        };
        set.push((a, b));
        for (x, r) in [(a, ra), (b, rb)] {
            deg[x] += 1;
            worst[x] = Some(worst[x].map_or(r, |w| w.max(r)));
        }
    }
    set.sort_unstable();
    if let Some(w) = set.windows(2).find(|w| w[0] == w[1]) {
        return Err(invalid(w[0].0, format!("pair {:?} appears twice", w[0])));
    }
    if let Some(x) = (0..n).find(|&x| deg[x] > capacity[x] as usize) {
        return Err(invalid(
            x,
            format!("{} partners, capacity {}", deg[x], capacity[x]),
        ));
    }
    let standing: Vec<Standing<usize>> = (0..n)
        .map(|x| Standing::new(deg[x] < capacity[x] as usize, worst[x]))
        .collect();
    let mut out = Vec::new();
    for a in 0..n {
        for (ra, &b) in prefs.list(a).iter().enumerate() {
            if a < b && set.binary_search(&(a, b)).is_err() {
                let rb = rank(b, a).expect("mutually acceptable");
                if blocks(&standing[a], ra, &standing[b], rb) {
                    out.push((a, b));
                }
            }
        }
    }
    out.sort_unstable();
    Ok(out)
}
