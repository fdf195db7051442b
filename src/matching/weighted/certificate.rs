//! The LP dual certificate of a maximum-weight matching.

use serde::{Deserialize, Serialize};

use super::Mode;

/// One odd vertex set of the dual (a blossom) with its dual value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlossomDual {
    /// The vertices of the blossom, in increasing order (an odd number, at least 3).
    pub vertices: Vec<u32>,
    /// The dual value `z_B >= 0`, in the certificate's scaled units.
    pub dual: i64,
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
/// matchings. [`crate::matching::verify`] checks them in O(n + m·d) time, where d is the
/// nesting depth of the blossoms.
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
    /// weight of the matching when the certificate is valid. Computed in `i128`.
    pub fn dual_objective(&self) -> i128 {
        let ys: i128 = self.vertex_duals.iter().map(|&y| y as i128).sum();
        let zs: i128 = self
            .blossoms
            .iter()
            .map(|b| b.dual as i128 * ((b.vertices.len() as i128 - 1) / 2))
            .sum();
        ys + zs
    }
}
