//! Stable roommates with incomplete lists: Irving's algorithm in O(total list length).
//!
//! # Stability
//! A matching `M` of agents `0..n` (some possibly unmatched) is *stable* when no
//! mutually acceptable pair `{i, j}` not in `M` has each of `i`, `j` either unmatched or
//! preferring the other to their partner in `M`. This is the standard notion for
//! incomplete lists (Gusfield & Irving 1989, §4.5.2); with complete lists and even `n`
//! it coincides with Irving's (everyone is matched). With odd `n`, or incomplete lists,
//! some agents may stay unmatched; by Gusfield & Irving's Theorem 4.5.2 **the same
//! agents are unmatched in every stable matching**.
//!
//! # Algorithm
//! Phase 1 is a proposal sequence: every agent proposes down its list; an agent holding
//! a proposal from `x` deletes every agent it ranks below `x` (symmetrically). An agent
//! whose list empties in phase 1 is unmatched in every stable matching; that is *not* a
//! failure with incomplete lists. Phase 2 repeatedly finds an exposed rotation
//! `(x_0, y_0), …, (x_{r-1}, y_{r-1})` (with `y_i` first and `y_{i+1}` second on `x_i`'s
//! list, `x_{i+1}` last on `y_{i+1}`'s) and eliminates it. If an elimination empties some
//! agent's list, no stable matching exists, and the result names that agent and the
//! rotation ([`NoStableMatching`]). When every list has at most one entry, the lists are
//! the stable matching.
//!
//! Lists are stored once, flat; every deletion is a *tail truncation* of some list, so a
//! pair is present exactly when each member's entry lies before that member's truncation
//! point. First, second and last pointers only move one way, and the phase-2 rotation
//! search keeps its path between eliminations (Gusfield & Irving, §4.2.4), which gives
//! linear total time. The path prefix is re-validated before each elimination, so a
//! stale link can never produce a wrong rotation.

use serde::{Deserialize, Serialize};

use super::prefs::{Preferences, NIL};

/// A stable matching of a roommates instance.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StableRoommates {
    partner: Vec<Option<usize>>,
}

impl StableRoommates {
    /// The partner of agent `i` (`None` if unmatched or out of range).
    pub fn partner(&self, i: usize) -> Option<usize> {
        self.partner.get(i).copied().flatten()
    }

    /// Partner of every agent.
    pub fn partners(&self) -> &[Option<usize>] {
        &self.partner
    }

    /// Matched pairs `(i, j)` with `i < j`, increasing in `i`.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        self.partner
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.filter(|&j| i < j).map(|j| (i, j)))
            .collect()
    }

    /// Unmatched agents, increasing.
    pub fn unmatched(&self) -> Vec<usize> {
        (0..self.partner.len())
            .filter(|&i| self.partner[i].is_none())
            .collect()
    }
}

/// Why an instance has no stable matching: eliminating `rotation` in Irving's phase 2
/// emptied `agent`'s preference list.
///
/// The rotation is the sequence `(x_i, y_i)` where `y_i` was `x_i`'s current first choice
/// and `y_{i+1}` its second. An instance without a stable matching always contains such
/// a structure; Tan (1991) calls the underlying odd cycle of the stable partition an
/// *odd party*.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoStableMatching {
    /// The agent whose list became empty.
    pub agent: usize,
    /// The exposed rotation whose elimination emptied it, as `(x_i, y_i)` pairs.
    pub rotation: Vec<(usize, usize)>,
}

impl NoStableMatching {
    /// A one-line human-readable explanation.
    pub fn reason(&self) -> String {
        let rot: Vec<String> = self
            .rotation
            .iter()
            .map(|(x, y)| format!("({x},{y})"))
            .collect();
        format!(
            "no stable matching exists: eliminating the exposed rotation [{}] in phase 2 of Irving's algorithm empties the preference list of agent {}",
            rot.join(", "),
            self.agent
        )
    }
}

impl std::fmt::Display for NoStableMatching {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason())
    }
}

impl std::error::Error for NoStableMatching {}

/// The result of [`stable_roommates`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoommatesOutcome {
    /// A stable matching.
    Stable(StableRoommates),
    /// None exists, with the reason.
    NoStableMatching(NoStableMatching),
}

impl RoommatesOutcome {
    /// The stable matching, if one was found.
    pub fn into_stable(self) -> Option<StableRoommates> {
        match self {
            RoommatesOutcome::Stable(m) => Some(m),
            RoommatesOutcome::NoStableMatching(_) => None,
        }
    }

    /// The stable matching, or the reason none exists as an error (for `?`).
    ///
    /// # Errors
    /// [`NoStableMatching`] when no stable matching exists.
    ///
    /// # Example
    /// ```
    /// use peermatch::matching::{stable_roommates, Preferences};
    /// let p = Preferences::new([[1usize].as_slice(), &[0]])?;
    /// assert_eq!(stable_roommates(&p).into_result()?.partners(), &[Some(1), Some(0)]);
    /// # Ok::<(), peermatch::Error>(())
    /// ```
    pub fn into_result(self) -> Result<StableRoommates, NoStableMatching> {
        match self {
            RoommatesOutcome::Stable(m) => Ok(m),
            RoommatesOutcome::NoStableMatching(e) => Err(e),
        }
    }

    /// True when a stable matching was found.
    pub fn is_stable(&self) -> bool {
        matches!(self, RoommatesOutcome::Stable(_))
    }
}

struct Table<'a> {
    start: &'a [usize],
    to: &'a [u32],
    mir: &'a [u32],
    first: Vec<usize>,
    second: Vec<usize>,
    end: Vec<usize>,
}

impl Table<'_> {
    /// Entry `k` of `owner`'s list is still present (neither side truncated it away).
    #[inline]
    fn present(&self, owner: usize, k: usize) -> bool {
        k < self.end[owner] && (self.mir[k] as usize) < self.end[self.to[k] as usize]
    }

    fn first_of(&mut self, x: usize) -> Option<usize> {
        let mut k = self.first[x];
        while k < self.end[x] && !self.present(x, k) {
            k += 1;
        }
        self.first[x] = k;
        (k < self.end[x]).then_some(k)
    }

    fn second_of(&mut self, x: usize) -> Option<usize> {
        let f = self.first_of(x)?;
        let mut k = self.second[x].max(f + 1);
        while k < self.end[x] && !self.present(x, k) {
            k += 1;
        }
        self.second[x] = k;
        (k < self.end[x]).then_some(k)
    }

    fn last_of(&mut self, y: usize) -> Option<usize> {
        while self.end[y] > self.start[y] && !self.present(y, self.end[y] - 1) {
            self.end[y] -= 1;
        }
        (self.end[y] > self.start[y]).then(|| self.end[y] - 1)
    }
}

/// Irving's stable roommates algorithm, for incomplete lists and any `n`.
///
/// # Arguments
/// * `prefs`: validated, mutually acceptable lists (see [`Preferences`]); not modified.
///
/// # Returns
/// [`RoommatesOutcome::Stable`] with a stable matching, or
/// [`RoommatesOutcome::NoStableMatching`] naming the rotation and the agent whose list it
/// emptied. The result is a deterministic function of the lists.
///
/// # Arguments
/// * `prefs`: validated preference lists ([`Preferences::new`], or derived from scores
///   with [`Preferences::from_scores`]); never modified.
///
/// # Returns
/// [`RoommatesOutcome::Stable`] with every agent's partner, or
/// [`RoommatesOutcome::NoStableMatching`] with the rotation that proves none exists
/// ([`NoStableMatching`] implements [`std::error::Error`], so
/// `stable_roommates(&p).into_result()?` works).
///
/// # Errors
/// None: all input errors are caught when building [`Preferences`].
///
/// # Panics
/// Never; the `expect`s inside guard internal invariants of Irving's algorithm.
///
/// # Complexity
/// O(n + L) time and space, L the total length of the lists.
///
/// # Example
/// ```
/// use peermatch::matching::{stable_roommates, Preferences, RoommatesOutcome};
/// // Incomplete lists, odd n: 2 is unmatched in every stable matching.
/// let p = Preferences::new(&[vec![1, 2], vec![0], vec![0]]).unwrap();
/// let m = stable_roommates(&p).into_stable().unwrap();
/// assert_eq!(m.partners(), &[Some(1), Some(0), None]);
/// // The classic unsolvable instance: 3 is everyone's last choice.
/// let p = Preferences::new(&[vec![1, 2, 3], vec![2, 0, 3], vec![0, 1, 3], vec![0, 1, 2]]).unwrap();
/// assert!(matches!(stable_roommates(&p), RoommatesOutcome::NoStableMatching(_)));
/// ```
///
/// # References
/// R. W. Irving, "An efficient algorithm for the stable roommates problem",
/// J. Algorithms 6 (1985) 577–595; D. Gusfield and R. W. Irving, *The Stable Marriage
/// Problem: Structure and Algorithms*, MIT Press 1989, §4.2 and §4.5.2.
pub fn stable_roommates(prefs: &Preferences) -> RoommatesOutcome {
    let n = prefs.len();
    let start = &prefs.flat.start;
    let mut t = Table {
        start,
        to: &prefs.flat.to,
        mir: &prefs.mir,
        first: start[..n].to_vec(),
        second: start[..n].to_vec(),
        end: start[1..].to_vec(),
    };

    // Phase 1: proposals. Agent 0 proposes first (the result does not depend on order).
    let mut free: Vec<usize> = (0..n).rev().collect();
    let mut holder = vec![NIL; n];
    while let Some(x) = free.pop() {
        let Some(k) = t.first_of(x) else { continue };
        let y = t.to[k] as usize;
        let q = t.mir[k] as usize;
        let h = holder[y];
        if h != NIL {
            free.push(h as usize);
        }
        holder[y] = x as u32;
        t.end[y] = q + 1;
    }

    // Phase 2: find and eliminate exposed rotations.
    let mut stack: Vec<usize> = Vec::new();
    let mut stack_pos = vec![usize::MAX; n];
    let mut cursor = 0;
    let mut touched: Vec<usize> = Vec::new();
    loop {
        if stack.is_empty() {
            while cursor < n && t.second_of(cursor).is_none() {
                cursor += 1;
            }
            if cursor == n {
                break;
            }
            stack_pos[cursor] = 0;
            stack.push(cursor);
        }
        let p = *stack.last().expect("non-empty");
        let Some(ks) = t.second_of(p) else {
            stack.pop();
            stack_pos[p] = usize::MAX;
            continue;
        };
        let q = t.to[ks] as usize;
        let kl = t.last_of(q).expect("q lists p");
        let next = t.to[kl] as usize;
        if stack_pos[next] == usize::MAX {
            stack_pos[next] = stack.len();
            stack.push(next);
            continue;
        }
        // A cycle stack[j..] closes at `next`: re-validate its links first.
        let j = stack_pos[next];
        let mut broken = None;
        for idx in j..stack.len() {
            let x = stack[idx];
            let succ = if idx + 1 < stack.len() {
                stack[idx + 1]
            } else {
                next
            };
            let ok = t
                .second_of(x)
                .and_then(|ks| t.last_of(t.to[ks] as usize))
                .map(|kl| t.to[kl] as usize)
                == Some(succ);
            if !ok {
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
        // Eliminate the rotation.
        let xs: Vec<usize> = stack[j..].to_vec();
        let mut rotation = Vec::with_capacity(xs.len());
        let mut seconds = Vec::with_capacity(xs.len());
        for &x in &xs {
            let kf = t.first_of(x).expect("list has two entries");
            let ks = t.second_of(x).expect("list has two entries");
            rotation.push((x, t.to[kf] as usize));
            seconds.push(ks);
        }
        touched.clear();
        for &ks in &seconds {
            let y = t.to[ks] as usize;
            let new_end = t.mir[ks] as usize + 1;
            touched.push(y);
            for k in new_end..t.end[y] {
                if t.present(y, k) {
                    touched.push(t.to[k] as usize);
                }
            }
            t.end[y] = t.end[y].min(new_end);
        }
        touched.extend(xs.iter().copied());
        for &a in &touched {
            if t.first_of(a).is_none() {
                return RoommatesOutcome::NoStableMatching(NoStableMatching { agent: a, rotation });
            }
        }
        for &x in &xs {
            stack_pos[x] = usize::MAX;
        }
        stack.truncate(j);
    }

    let partner = (0..n)
        .map(|x| t.first_of(x).map(|k| t.to[k] as usize))
        .collect();
    RoommatesOutcome::Stable(StableRoommates { partner })
}
