//! What to offer when a roommates instance has no stable matching.
//!
//! Finding a matching with the **fewest blocking pairs** is NP-hard, and even hard to
//! approximate within `n^(1/2 - ε)` (Abraham, Biró and Manlove, "'Almost stable'
//! matchings in the roommates problem", WAOA 2005, LNCS 3879). Two documented
//! alternatives are offered instead, each reported together with its blocking pairs so
//! that coordinators see exactly which pairs would rather break away:
//!
//! * [`max_cardinality_fallback`] (exact for its own objective): the most pairs, and
//!   among those the best total rank, via the general maximum-weight matching solver.
//! * [`almost_stable`] (heuristic, no guarantee): a seeded random walk that repeatedly
//!   satisfies a blocking pair (Roth–Vande Vate dynamics) and keeps the matching with the
//!   fewest blocking pairs seen.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::{roommates_blocking_pairs, Preferences};
use crate::matching::weighted::{max_weight_matching, MatchingError, Mode, WeightedGraph};

/// Which fallback produced a [`FallbackMatching`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FallbackMethod {
    /// [`max_cardinality_fallback`].
    MaxCardinality,
    /// [`almost_stable`].
    AlmostStable,
}

/// A (possibly unstable) matching together with its blocking pairs.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FallbackMatching {
    /// Partner of every agent, `None` when unmatched.
    pub partner: Vec<Option<usize>>,
    /// Its blocking pairs `(i, j)`, `i < j`, increasing.
    pub blocking_pairs: Vec<(usize, usize)>,
    /// How it was computed.
    pub method: FallbackMethod,
}

/// Maximum-cardinality fallback: the largest number of mutually acceptable pairs and,
/// among those, the smallest total of ranks (each pair `{i, j}` weighs
/// `2·L − rank_i(j) − rank_j(i)`, L the longest list), reported with its blocking pairs.
///
/// # Arguments
/// * `prefs`: validated preference lists (incomplete lists allowed; a pair is usable
///   only when both list each other).
///
/// # Returns
/// A [`FallbackMatching`] with [`FallbackMethod::MaxCardinality`]: the partner array and
/// its blocking pairs (empty exactly when the matching happens to be stable).
///
/// # Errors
/// Those of the solver in [`Mode::MaxCardinality`].
///
/// # Panics
/// Never; the solver's matching is always valid for `prefs`.
///
/// # Complexity
/// One solver call on n vertices and L/2 edges (O(n·m·log n) time, O(n + m) space),
/// plus O(n + L).
///
/// # References
/// The rank-sum weighting is the "egalitarian" cost of D. Gusfield and R. W. Irving,
/// *The Stable Marriage Problem: Structure and Algorithms*, MIT Press 1989, §1.3.3;
/// maximum-cardinality matching by J. Edmonds, "Paths, trees, and flowers", 1965.
///
/// # Example
/// ```
/// use peermatch::matching::{max_cardinality_fallback, Preferences};
/// let p = Preferences::new(&[vec![1, 2, 3], vec![2, 0, 3], vec![0, 1, 3], vec![0, 1, 2]])?;
/// let f = max_cardinality_fallback(&p)?;
/// assert!(f.partner.iter().all(Option::is_some));
/// assert!(!f.blocking_pairs.is_empty());
/// # Ok::<(), peermatch::Error>(())
/// ```
pub fn max_cardinality_fallback(prefs: &Preferences) -> Result<FallbackMatching, MatchingError> {
    let n = prefs.len();
    let longest = prefs.lists().iter().map(Vec::len).max().unwrap_or(0) as i64;
    let mut edges = Vec::with_capacity(prefs.total_len() / 2);
    for i in 0..n {
        for (p, k) in prefs.flat.range(i).enumerate() {
            let j = prefs.flat.to[k] as usize;
            if i < j {
                let q = prefs.mir[k] as usize - prefs.flat.start[j];
                edges.push((i, j, 2 * longest - p as i64 - q as i64));
            }
        }
    }
    let g = WeightedGraph::new(n, edges)?;
    let m = max_weight_matching(&g, Mode::MaxCardinality)?;
    let partner: Vec<Option<usize>> = (0..n).map(|v| m.mate(v)).collect();
    let blocking_pairs =
        roommates_blocking_pairs(prefs, &partner).expect("solver matching is valid");
    Ok(FallbackMatching {
        partner,
        blocking_pairs,
        method: FallbackMethod::MaxCardinality,
    })
}

/// "Almost stable" heuristic: starting from `start` (or the empty matching), repeatedly
/// pick a blocking pair uniformly at random (seeded), break both members' pairs and match
/// them, for at most `max_steps` steps or until stable. Returns the matching with the
/// fewest blocking pairs seen (ties: more pairs, then the earlier one).
///
/// **Heuristic**: when a stable matching exists the walk reaches one with probability 1
/// as `max_steps` grows (Diamantoudi, Miyagawa and Xue, 2004), but nothing bounds how far
/// the result is from the minimum number of blocking pairs, which is NP-hard to find.
/// The same input, start and seed always give the same output.
///
/// # Arguments
/// * `prefs`: validated preference lists.
/// * `start`: an initial matching (e.g. from [`max_cardinality_fallback`]); must be valid
///   for `prefs`, otherwise the empty matching is used.
/// * `seed`: seeds the ChaCha8 stream that picks the blocking pair to satisfy.
/// * `max_steps`: the most steps the walk takes.
///
/// # Returns
/// A [`FallbackMatching`] with [`FallbackMethod::AlmostStable`]: the best matching seen
/// and its blocking pairs.
///
/// # Errors
/// None: `prefs` is validated and a bad `start` falls back to the empty matching.
///
/// # Panics
/// Never; the `expect`s inside guard invariants of the walk.
///
/// # Complexity
/// O(max_steps · (n + L)) time, O(n + L) space.
///
/// # References
/// A. E. Roth and J. H. Vande Vate, "Random paths to stability in two-sided matching",
/// Econometrica 58 (1990); F. Diamantoudi, E. Miyagawa and L. Xue, "Random paths to
/// stability in the roommate problem", Games and Economic Behavior 48 (2004); D. J.
/// Abraham, P. Biró and D. F. Manlove, "'Almost stable' matchings in the roommates
/// problem", WAOA 2005.
///
/// # Example
/// ```
/// use peermatch::matching::{almost_stable, Preferences};
/// let p = Preferences::new(&[vec![1, 2, 3], vec![2, 0, 3], vec![0, 1, 3], vec![0, 1, 2]])?;
/// let f = almost_stable(&p, None, 7, 200);
/// assert_eq!(f.blocking_pairs.len(), 1); // the best possible for this instance
/// # Ok::<(), peermatch::Error>(())
/// ```
#[must_use]
pub fn almost_stable(
    prefs: &Preferences,
    start: Option<&[Option<usize>]>,
    seed: u64,
    max_steps: usize,
) -> FallbackMatching {
    let n = prefs.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut cur: Vec<Option<usize>> = match start {
        Some(s) if roommates_blocking_pairs(prefs, s).is_ok() => s.to_vec(),
        _ => vec![None; n],
    };
    let pairs = |m: &[Option<usize>]| m.iter().filter(|p| p.is_some()).count();
    let mut bp = roommates_blocking_pairs(prefs, &cur).expect("valid matching");
    let mut best = (cur.clone(), bp.clone());
    for _ in 0..max_steps {
        if bp.is_empty() {
            break;
        }
        let (i, j) = bp[rng.random_range(0..bp.len())];
        for x in [i, j] {
            if let Some(y) = cur[x].take() {
                cur[y] = None;
            }
        }
        cur[i] = Some(j);
        cur[j] = Some(i);
        bp = roommates_blocking_pairs(prefs, &cur).expect("valid matching");
        if bp.len() < best.1.len() || (bp.len() == best.1.len() && pairs(&cur) > pairs(&best.0)) {
            best = (cur.clone(), bp.clone());
        }
    }
    FallbackMatching {
        partner: best.0,
        blocking_pairs: best.1,
        method: FallbackMethod::AlmostStable,
    }
}

/// `max-cardinality` or `almost-stable`.
impl std::fmt::Display for FallbackMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FallbackMethod::MaxCardinality => "max-cardinality",
            FallbackMethod::AlmostStable => "almost-stable",
        })
    }
}
