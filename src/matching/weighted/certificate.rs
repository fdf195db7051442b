//! The LP dual certificate of a maximum-weight matching.

use serde::{Deserialize, Serialize};

use super::Mode;

/// One odd vertex set of the dual (a blossom) with its dual value.
///
/// A blossom is written in one of two forms (see [`Certificate`], *Blossom forms*):
///
/// * **tree form** (what the solver writes): `vertices` lists only the blossom's *own*
///   vertices, those in none of its child blossoms, and `parent` names the smallest listed
///   blossom that strictly contains it. The blossom's vertex set is its own vertices plus
///   those of all its descendants.
/// * **member-list form** (the original form, still accepted): `vertices` lists every vertex
///   of the blossom and `parent` is `None`.
///
/// Both forms coincide for a blossom with no listed sub-blossom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlossomDual {
    /// Tree form: the blossom's own vertices (in no child blossom), in increasing order;
    /// may be empty when every vertex is in a child. Member-list form: all its vertices
    /// (an odd number, at least 3).
    pub vertices: Vec<u32>,
    /// The dual value `z_B >= 0`, in the certificate's scaled units.
    pub dual: i64,
    /// Tree form: index in [`Certificate::blossoms`] of the parent blossom, which must come
    /// earlier in the list (`parent < own index`); `None` for an outermost blossom.
    /// Omitted from serialised output when `None`, and optional when reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<u32>,
}

/// An optimality certificate for a matching: a feasible solution of the dual of Edmonds'
/// matching LP, in scaled integer units, satisfying complementary slackness with the matching.
///
/// Each edge `e = {u, v}` with weight `w` has a *certified weight*
/// `c(e) = scale * (w + shift)`. The certificate claims:
///
/// 1. `vertex_duals[v] >= 0` for every vertex and `dual >= 0` for every blossom; every blossom
///    has an odd number (at least 3) of distinct in-range vertices;
/// 2. dual feasibility: for every edge, `y_u + y_v + sum(z_B : u, v in B) >= c(e)`;
/// 3. complementary slackness: every matched edge holds (2) with equality; every unmatched
///    vertex has `y_v = 0`; every blossom with `z_B > 0` contains exactly `(|B| - 1) / 2`
///    matched edges.
///
/// By LP duality, (1)–(3) prove the matching has the largest certified weight of all
/// matchings. [`crate::matching::verify`] checks them in O((n + m)·α(n)) time (near-linear,
/// whatever the nesting depth).
///
/// # Blossom forms
///
/// Blossoms nest, and a deeply nested family has a total size of order n², so the solver
/// writes the family as a **tree** (O(n) in total): each [`BlossomDual`] lists its own
/// vertices (those in none of its children) and its `parent`, parents before children. A
/// blossom's vertex set is the union of its own vertices and its descendants'. Every vertex
/// is listed at most once in the whole certificate. Blossoms with `dual = 0` may appear
/// (as parents of positive ones, or where the solver left them), they add nothing to any sum.
///
/// The original **member-list form** (every blossom lists all its vertices, no `parent`
/// links, any order) is still accepted: a certificate with no `parent` link in which some
/// vertex is listed by two blossoms is read as member lists, and the laminar tree of its
/// positive blossoms is rebuilt by the checker. Certificates without nesting read the same
/// in both forms. It proves exactly the same statement; only the encoding of the vertex
/// sets differs.
///
/// **Maximum-weight mode**: `scale = 4` (so that the duals stay integral) and `shift = 0`;
/// the certified weight is the weight itself, times 4. Edges of weight `<= 0` satisfy (2)
/// trivially.
///
/// **Maximum-cardinality mode**: `shift = (K - 1) * (max_w - min_w) - min_w + 1` with
/// `K = floor(n / 2)` (and 0 without edges). With this shift a matching with `k + 1` pairs
/// always has a larger certified weight than any matching with `k` pairs, and among
/// matchings of equal size the certified weight orders them as the original weight does. So a
/// certified-weight optimum is a maximum-cardinality matching of maximum weight, and the
/// certificate proves both. `verify` recomputes the shift bound from the graph and rejects a
/// certificate whose shift is too small.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// The mode the certificate was produced for.
    pub mode: Mode,
    /// Multiplier of the (shifted) weights.
    pub scale: i64,
    /// Added to every weight before scaling (0 in maximum-weight mode).
    pub shift: i64,
    /// `y_v` for every vertex.
    pub vertex_duals: Vec<i64>,
    /// The blossoms with a positive dual (a laminar family).
    pub blossoms: Vec<BlossomDual>,
}

impl Certificate {
    /// The dual objective `sum(y_v) + sum(z_B * (|B| - 1) / 2)`, which equals the certified
    /// weight of the matching when the certificate is valid. Computed in `i128`, in O(n + b).
    #[must_use]
    pub fn dual_objective(&self) -> i128 {
        let ys: i128 = self.vertex_duals.iter().map(|&y| y as i128).sum();
        let sizes = self.blossom_sizes();
        let zs: i128 = self
            .blossoms
            .iter()
            .zip(&sizes)
            .map(|(b, &size)| b.dual as i128 * ((size as i128 - 1) / 2))
            .sum();
        ys + zs
    }

    /// The number of vertices of every blossom, in either form: in tree form its own
    /// vertices plus its descendants' (a `parent` that does not point to an earlier blossom
    /// is ignored here; [`crate::matching::verify`] rejects it), in member-list form the
    /// length of its list. O(b + total listed vertices).
    #[must_use]
    pub fn blossom_sizes(&self) -> Vec<usize> {
        let mut sizes: Vec<usize> = self.blossoms.iter().map(|b| b.vertices.len()).collect();
        for i in (0..self.blossoms.len()).rev() {
            if let Some(p) = self.blossoms[i].parent {
                let p = p as usize;
                if p < i {
                    sizes[p] += sizes[i];
                }
            }
        }
        sizes
    }

    /// All vertices of blossom `i`, in increasing order, in either form (in tree form its own
    /// vertices and those of its descendants). O(b + total listed vertices).
    ///
    /// # Panics
    /// If `i >= self.blossoms.len()`.
    #[must_use]
    pub fn blossom_vertices(&self, i: usize) -> Vec<u32> {
        let k = self.blossoms.len();
        let mut inside = vec![false; k];
        inside[i] = true;
        let mut out = self.blossoms[i].vertices.clone();
        for j in i + 1..k {
            if let Some(p) = self.blossoms[j].parent {
                if (p as usize) < j && inside[p as usize] {
                    inside[j] = true;
                    out.extend_from_slice(&self.blossoms[j].vertices);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// The same certificate in member-list form: every blossom lists all its vertices and
    /// has no `parent`. Its size is the sum of the blossom sizes, which can be of order n²
    /// for deeply nested blossoms; meant for inspection and interoperability, not for
    /// large instances.
    #[must_use]
    pub fn to_member_lists(&self) -> Certificate {
        let mut lists: Vec<Vec<u32>> = self.blossoms.iter().map(|b| b.vertices.clone()).collect();
        for j in (0..lists.len()).rev() {
            if let Some(p) = self.blossoms[j].parent {
                if (p as usize) < j {
                    let child = lists[j].clone();
                    lists[p as usize].extend_from_slice(&child);
                }
            }
        }
        Certificate {
            blossoms: self
                .blossoms
                .iter()
                .zip(lists)
                .map(|(b, mut vertices)| {
                    vertices.sort_unstable();
                    BlossomDual {
                        vertices,
                        dual: b.dual,
                        parent: None,
                    }
                })
                .collect(),
            ..self.clone()
        }
    }
}
