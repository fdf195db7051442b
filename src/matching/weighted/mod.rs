//! Exact maximum-weight matching on general graphs: the validated input ([`WeightedGraph`]),
//! the blossom solver ([`max_weight_matching`]), its LP dual [`Certificate`] and the
//! independent checker [`verify`].
//!
//! # Input
//! [`WeightedGraph`] is a validated edge list (`u < v`, parallel edges merged keeping the
//! heaviest, `|w| <= 2^58`, `floor(n/2) * max|w|` fits in `i64`). Errors name the edge's
//! position. Deserialised graphs go through the same constructor. The petgraph adapters
//! ([`WeightedGraph::from_petgraph`], [`max_weight_matching_graph`]) map
//! `NodeIndexable::to_index` to vertex numbers.
//!
//! # The solver
//! A primal-dual Edmonds algorithm (Edmonds 1965; the heap-based O(n·m·log n)
//! implementation surveyed by Galil 1986) with these design choices:
//!
//! * *Scaled integer duals.* Weights are multiplied by 4; initial duals are even, so every
//!   root keeps the parity of every other root, all vertices of a tree share their root's
//!   parity, and S–S slacks are even: every dual step is an integer and the duals check
//!   exactly.
//! * *Persistent alternating forest.* All exposed vertices with a positive dual are roots
//!   and grow together under one uniform dual change. An augmentation dissolves only the
//!   two trees on the path (LEMON's structure); the rest keep their labels. If a non-root
//!   S vertex's dual reaches 0 (possible after a warm start), the path to its root is
//!   flipped, leaving that vertex exposed at dual 0, and that one tree is dissolved.
//! * *Lazy duals.* A dual clock; each vertex stores (value, clock, sign) from its last sign
//!   change, so reading a dual is O(1) and a dual step is free. Blossom duals likewise.
//! * *One monotone event queue.* The four event kinds (S vertex dual 0, S–free edge tight,
//!   S–S edge tight, T blossom dual 0) live in one radix heap keyed by the clock time at
//!   which they happen. Entries are never updated: they are validated when popped. (A
//!   `BinaryHeap` spent 78% of the time in `pop` on a 20,000-teacher instance; the radix
//!   heap cut it from 2.45 s to 0.67 s.)
//! * *One S–free event per free vertex*, re-scanned only when its recorded best goes
//!   stale (0.67 s → 0.28 s on the same instance).
//! * *Warm start.* `y_v` = half the heaviest incident (scaled) weight; a greedy matching on
//!   tight edges; then every exposed vertex lowers its dual to the smallest feasible value
//!   and matches along a newly tight edge to an exposed vertex; in maximum-weight mode,
//!   augmenting paths of length 3 on tight edges (exposed, matched, matched, exposed) follow.
//! * *Pricing* (dense graphs, average degree > 48). Solve on the 12 heaviest edges of every
//!   vertex; price every other edge against the duals; add the violated edges and resume
//!   from the duals (blossom duals folded into vertices), until nothing is violated. Then
//!   the certificate covers the whole graph, so the answer is exact.
//! * *Maximum-cardinality mode* is the same solver on shifted weights
//!   (`shift = (K-1)(max-min) - min + 1`), so the certificate format is identical.
//!
//! # Certificate and checker
//! [`Certificate`] carries the scale, shift, vertex duals and the positive-dual blossoms
//! (vertex lists). [`verify`] shares no code with the solver: it rebuilds the laminar
//! family from the vertex lists and checks primal feasibility, dual feasibility of every
//! edge, complementary slackness, blossom fullness, the shift bound, and that the dual
//! objective equals the certified weight, all in `i128`.
//!
//! # Trade-offs and open ends
//! Equal-time events pop first in, first out, so on ties all trees grow breadth-first (last
//! in, first out grew one tree along a whole tie component, and each augmentation then
//! dissolved and regrew it: 33× more work on a long triangle chain).
//!
//! Maximum-cardinality mode does 2.5–5× the max-weight work on sparse random graphs, and
//! measurement says why (counters over the run, mixed_10000 and powerlaw_10000): it is a
//! maximum-weight *perfect* (or near-perfect) matching problem, where no exposed vertex can
//! quit by letting its dual fall to 0. The last few augmentations join roots that are far
//! apart, so their trees grow over most of the graph before they meet, and an augmentation
//! frees both trees for the remaining roots to absorb again: on mixed_10000 the last 10% of
//! augmentations free 75% of all vertices freed (the last one 8,872 of 10,000), against
//! trees of at most 208 vertices in max-weight mode. On powerlaw graphs vertices are freed
//! 9.5 times each on average (1.6 in max-weight mode), and the scans of freed vertices read
//! 3.4 times as many adjacency entries as the scans of new S vertices. LEMON pays the same
//! price: on these families, given the same shifted weights, it takes 1.2–4.6× its own
//! max-weight time. Tried without gain: max-weight first and then resuming the shifted
//! problem (the remaining roots grow larger trees before they meet); length-3 augmenting
//! paths in this mode; dropping all but the heaviest degree-1 neighbour of each vertex
//! (sound, but 86 edges on powerlaw_10000 and no change in work); the edge weight stored
//! beside each adjacency entry (more instructions and more cache misses on 100k-vertex
//! graphs). A cardinality-first design (a small shift plus a Tutte–Berge witness) was
//! measured before being built: with weights shifted by only 4–16× their range, max-weight
//! solves cost the same as the full shift on mixed, grid and bipartite graphs (the
//! perfect-matching end game is the cost) and 35% less on powerlaw. Per-tree dual variables
//! (Blossom V), which target that end game, remain open.

mod blossom;
mod certificate;
mod compact;
mod input;
mod petgraph;
mod radix_heap;
mod verify;

pub use self::petgraph::{max_weight_matching_graph, GraphMatching};
pub(crate) use blossom::WarmCardinality;
pub use certificate::{BlossomDual, Certificate};
pub use input::{Edge, MatchingError, WeightedGraph, MAX_VERTICES, MAX_WEIGHT};
pub use verify::{verify, CertificateError};

use serde::{Deserialize, Serialize};

/// What [`max_weight_matching`] optimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Mode {
    /// Maximum total weight. Edges of weight `<= 0` are never used.
    #[default]
    MaxWeight,
    /// Maximum number of pairs first, then maximum total weight among those
    /// (negative-weight edges are used when they add a pair).
    MaxCardinality,
}

pub(crate) const NONE: u32 = u32::MAX;

/// A matching on vertices `0..n`: a set of vertex-disjoint edges, with its total weight.
///
/// # Example
/// ```
/// use peermatch::matching::{max_weight_matching, Mode, WeightedGraph};
/// let g = WeightedGraph::new(4, [(0, 1, 3), (1, 2, 5), (2, 3, 3)])?;
/// let m = max_weight_matching(&g, Mode::MaxWeight)?;
/// assert_eq!(m.weight(), 6);
/// assert_eq!(m.mate(0), Some(1));
/// assert_eq!(m.pairs().collect::<Vec<_>>(), vec![(0, 1), (2, 3)]);
/// assert_eq!(m.to_string(), "2 pairs, weight 6: (0, 1) (2, 3)");
/// # Ok::<(), peermatch::matching::MatchingError>(())
/// ```
///
/// A deserialised `Matching` is checked (`#[serde(try_from)]`): `mate` must be symmetric
/// and `len` must count its pairs. The weight can only be checked against a graph: use
/// [`verify`] or [`Matching::from_pairs`] for that.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawMatching")]
pub struct Matching {
    mate: Vec<u32>,
    len: usize,
    weight: i64,
}

/// The serialised shape of a [`Matching`], before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatching {
    mate: Vec<u32>,
    len: usize,
    weight: i64,
}

impl TryFrom<RawMatching> for Matching {
    type Error = MatchingError;

    fn try_from(raw: RawMatching) -> Result<Self, MatchingError> {
        let n = raw.mate.len();
        for (v, &m) in raw.mate.iter().enumerate() {
            if m == NONE {
                continue;
            }
            let mu = m as usize;
            if mu >= n || mu == v || raw.mate[mu] as usize != v {
                return Err(MatchingError::MateInconsistent {
                    vertex: v,
                    mate: mu,
                });
            }
        }
        let m = Matching::from_mate_unchecked(raw.mate, raw.weight);
        if m.len != raw.len {
            return Err(MatchingError::MatchingLenMismatch {
                stored: raw.len,
                actual: m.len,
            });
        }
        Ok(m)
    }
}

/// Prints the pairs and the weight, e.g. `2 pairs, weight 6: (0, 1) (2, 3)`.
impl std::fmt::Display for Matching {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.len == 1 { "" } else { "s" };
        write!(f, "{} pair{s}, weight {}", self.len, self.weight)?;
        let mut sep = ":";
        for (u, v) in self.pairs() {
            write!(f, "{sep} ({u}, {v})")?;
            sep = "";
        }
        Ok(())
    }
}

/// `max-weight` or `max-cardinality`.
impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mode::MaxWeight => "max-weight",
            Mode::MaxCardinality => "max-cardinality",
        })
    }
}

impl Matching {
    /// Builds a matching from `mate` (`NONE = u32::MAX` for unmatched) and its weight.
    /// Callers in this crate guarantee symmetry.
    pub(crate) fn from_mate_unchecked(mate: Vec<u32>, weight: i64) -> Self {
        let len = mate
            .iter()
            .enumerate()
            .filter(|&(v, &m)| m != NONE && (v as u32) < m)
            .count();
        Matching { mate, len, weight }
    }

    /// Builds and checks a matching of `graph` from a list of pairs.
    ///
    /// # Errors
    /// [`MatchingError::VertexOutOfRange`] or [`MatchingError::NotAnEdge`] when a pair is not
    /// an edge of `graph`, [`MatchingError::VertexReused`] when two pairs share a vertex.
    ///
    /// # Complexity
    /// O(n + m + p).
    pub fn from_pairs<I>(graph: &WeightedGraph, pairs: I) -> Result<Self, MatchingError>
    where
        I: IntoIterator<Item = (usize, usize)>,
    {
        let n = graph.vertex_count();
        let mut mate = vec![NONE; n];
        let mut wanted: Vec<(u32, u32, usize)> = Vec::new();
        for (i, (a, b)) in pairs.into_iter().enumerate() {
            for x in [a, b] {
                if x >= n {
                    return Err(MatchingError::VertexOutOfRange {
                        edge: i,
                        vertex: x,
                        n,
                    });
                }
            }
            if a == b {
                return Err(MatchingError::NotAnEdge {
                    index: i,
                    u: a,
                    v: b,
                });
            }
            for x in [a, b] {
                if mate[x] != NONE {
                    return Err(MatchingError::VertexReused {
                        index: i,
                        vertex: x,
                    });
                }
            }
            mate[a] = b as u32;
            mate[b] = a as u32;
            wanted.push((a.min(b) as u32, a.max(b) as u32, i));
        }
        let mut weight = 0i64;
        let mut found = vec![false; wanted.len()];
        // Each matched vertex u < v: look for the edge in one pass over the edge list.
        let mut slot = vec![NONE; n];
        for (k, &(u, _, _)) in wanted.iter().enumerate() {
            slot[u as usize] = k as u32;
        }
        for e in graph.edges() {
            let k = slot[e.u as usize];
            if k != NONE && wanted[k as usize].1 == e.v && !found[k as usize] {
                found[k as usize] = true;
                weight += e.weight;
            }
        }
        if let Some(k) = found.iter().position(|f| !f) {
            let (u, v, i) = wanted[k];
            return Err(MatchingError::NotAnEdge {
                index: i,
                u: u as usize,
                v: v as usize,
            });
        }
        Ok(Matching::from_mate_unchecked(mate, weight))
    }

    /// The partner of `v`, if `v` is matched (and `None` for `v` out of range).
    #[must_use]
    pub fn mate(&self, v: usize) -> Option<usize> {
        match self.mate.get(v) {
            Some(&m) if m != NONE => Some(m as usize),
            _ => None,
        }
    }

    /// The matched pairs `(u, v)` with `u < v`, in increasing order of `u`.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.mate
            .iter()
            .enumerate()
            .filter(|&(v, &m)| m != NONE && (v as u32) < m)
            .map(|(v, &m)| (v, m as usize))
    }

    /// Number of matched pairs.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no pair is matched.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Total weight of the matched edges (original weights).
    #[must_use]
    pub fn weight(&self) -> i64 {
        self.weight
    }

    /// Number of vertices the matching is defined on.
    #[must_use]
    pub fn vertex_count(&self) -> usize {
        self.mate.len()
    }
}

/// Exact maximum-weight matching on a general undirected graph.
///
/// In [`Mode::MaxWeight`] the result has the largest possible total weight (edges of weight
/// `<= 0` are never used). In [`Mode::MaxCardinality`] it has the largest possible number
/// of pairs and, among those, the largest total weight.
///
/// # Arguments
/// * `graph`: a validated [`WeightedGraph`] on vertices `0..n` (integer weights,
///   `|w| <= MAX_WEIGHT`; convert float scores once, when building it).
/// * `mode`: what to optimise ([`Mode`]).
///
/// # Returns
/// A [`Matching`]: `mate(v)`, `pairs()`, `len()`, `weight()`. The result is a
/// deterministic function of the graph (same edge list, same matching). Use
/// [`max_weight_matching_with_certificate`] to also get the LP dual that proves it
/// optimal, and [`max_weight_matching_graph`] to work in petgraph node ids.
///
/// # Algorithm
/// A primal-dual Edmonds blossom algorithm with a persistent alternating forest (only the
/// two trees involved in an augmentation are dissolved), lazily updated duals, one radix
/// heap for the four dual-change events, CSR adjacency, a greedy dual warm start and, on
/// dense graphs, *pricing*: the solver runs on the heaviest edges of every vertex, then
/// checks every remaining edge against the duals and resumes with the violators until none
/// is left, so the certificate covers the whole graph. See the [module docs](self).
///
/// # Errors
/// Only in [`Mode::MaxCardinality`]: [`MatchingError::CardinalityShiftOverflow`] when the
/// shifted weights that turn the problem into a maximum-weight one (see [`Certificate`])
/// leave the accepted range: `max_w + shift > MAX_WEIGHT`, where
/// `shift = (floor(n/2) - 1) * (max_w - min_w) - min_w + 1`.
/// [`Mode::MaxWeight`] never fails on a [`WeightedGraph`].
///
/// # Panics
/// Never: every input a [`WeightedGraph`] can hold (constructed or deserialised, which
/// goes through the same validation) is in the solver's range.
///
/// # Complexity
/// O(n' ·m·log n') time in the worst case and O(n' + m) working memory, where `n'` is the
/// number of vertices with a usable edge: when at least a quarter of the declared vertices
/// are isolated they are compacted away before solving. A declared vertex still costs O(1)
/// time and 12 bytes of output (4 in the [`Matching`], 8 in the [`Certificate`]'s duals).
///
/// # Example
/// ```
/// use peermatch::matching::{max_weight_matching, Mode, WeightedGraph};
/// // A path 0-1-2-3 where the middle edge is heaviest.
/// let g = WeightedGraph::new(4, [(0, 1, 4), (1, 2, 6), (2, 3, 4)])?;
/// assert_eq!(max_weight_matching(&g, Mode::MaxWeight)?.weight(), 8);
/// // Negative edges are only used to add pairs in maximum-cardinality mode.
/// let g = WeightedGraph::new(4, [(0, 1, -1), (1, 2, 6), (2, 3, -1)])?;
/// assert_eq!(max_weight_matching(&g, Mode::MaxWeight)?.len(), 1);
/// assert_eq!(max_weight_matching(&g, Mode::MaxCardinality)?.len(), 2);
/// # Ok::<(), peermatch::matching::MatchingError>(())
/// ```
///
/// # References
/// * J. Edmonds, "Paths, trees, and flowers", Canad. J. Math. 17 (1965) 449–467, and
///   "Maximum matching and a polyhedron with 0,1-vertices", J. Res. NBS 69B (1965)
///   125–130 (the algorithm and the LP whose dual is the certificate).
/// * Z. Galil, "Efficient algorithms for finding maximum matching in graphs", ACM
///   Computing Surveys 18 (1986) 23–38 (the O(n·m·log n) implementation with heaps).
/// * B. Dezső, A. Jüttner and P. Kovács, "LEMON – an open source C++ graph template
///   library", ENTCS 264 (2011) (the persistent forest design).
pub fn max_weight_matching(graph: &WeightedGraph, mode: Mode) -> Result<Matching, MatchingError> {
    match compact::solve_compacted(graph, mode)? {
        Some(solved) => Ok(solved.0),
        None => blossom::solve_matching(graph, mode),
    }
}

/// [`max_weight_matching`], also returning the LP dual [`Certificate`] that proves the
/// result optimal; check it with [`verify`] (which shares no code with the solver).
///
/// # Errors
/// As [`max_weight_matching`]: only [`MatchingError::CardinalityShiftOverflow`] in
/// [`Mode::MaxCardinality`].
///
/// # Complexity
/// As [`max_weight_matching`]; the certificate is O(n) (vertex duals plus the vertex
/// lists of positive-dual blossoms).
///
/// # Example
/// ```
/// use peermatch::matching::{max_weight_matching_with_certificate, verify, Mode, WeightedGraph};
/// let g = WeightedGraph::new(3, [(0, 1, 2), (1, 2, 2), (0, 2, 2)])?;
/// let (m, cert) = max_weight_matching_with_certificate(&g, Mode::MaxWeight)?;
/// assert_eq!(m.weight(), 2);
/// verify(&g, &m, &cert)?;
/// # Ok::<(), peermatch::Error>(())
/// ```
///
/// # References
/// Edmonds (1965) for the LP; the checker is the usual primal feasibility, dual
/// feasibility and complementary slackness test (see [`verify`]).
pub fn max_weight_matching_with_certificate(
    graph: &WeightedGraph,
    mode: Mode,
) -> Result<(Matching, Certificate), MatchingError> {
    match compact::solve_compacted(graph, mode)? {
        Some(solved) => Ok(solved),
        None => blossom::solve(graph, mode),
    }
}
