//! Shared pieces of the fuzz targets: the checks (also replayed by the main crate's
//! `tests/fuzz_regressions.rs`) and the `arbitrary` input shapes.

pub mod checks;

use arbitrary::Arbitrary;
use peermatch::matching::Mode;

/// A small graph: up to 12 vertices (plus declared isolated ones), weights in i16.
#[derive(Arbitrary, Debug)]
pub struct GraphInput {
    /// Vertices touched by edges: `n % 12 + 1`.
    pub n: u8,
    /// Isolated vertices declared beyond `n`: `extra % 64`.
    pub extra: u8,
    /// Edges `(u % n, v % n, w)`.
    pub edges: Vec<(u8, u8, i16)>,
    /// Maximum-cardinality mode when true.
    pub cardinality: bool,
}

impl GraphInput {
    /// `(n, edges, extra, mode)` with everything reduced into range.
    pub fn parts(&self) -> (usize, Vec<(usize, usize, i64)>, usize, Mode) {
        let n = self.n as usize % 12 + 1;
        let edges = self
            .edges
            .iter()
            .take(40)
            .map(|&(u, v, w)| (u as usize % n, v as usize % n, w as i64))
            .collect();
        let mode = if self.cardinality {
            Mode::MaxCardinality
        } else {
            Mode::MaxWeight
        };
        (n, edges, self.extra as usize % 64, mode)
    }
}
