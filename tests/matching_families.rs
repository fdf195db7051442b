//! Every benchmark family (the generators of `benches/support/gen.rs`, the same code that
//! writes the side-by-side instances) at reduced sizes, in both modes, checked by result:
//! the certificate verifies (an independent optimality proof), and where the weights fit
//! `i32` the weight (and in maximum-cardinality mode the number of pairs) equals the
//! `mwmatching` crate's. Regression cover for the setup changes of issue 9 (degree order
//! of the warm start by counting sort, isolated-vertex detection by bitmap) on the
//! families they were measured on: grid, mixed, huge, power-law and bipartite graphs,
//! which have no perfect matching or deficient maximum-weight optima.

#[path = "../benches/support/gen.rs"]
mod gen;

mod common;

use common::*;
use peermatch::matching::{Mode, WeightedGraph};

/// Solves one generated instance in both modes and checks it; returns the pairs found in
/// each mode.
fn check_family(family: &'static str, n: usize) -> [usize; 2] {
    let inst = gen::generate(&gen::spec(family, n));
    let edges: Edges = inst.edges.clone();
    let g = WeightedGraph::new(inst.n, edges.iter().copied()).unwrap();
    let fits_i32 = edges.iter().all(|e| e.2.unsigned_abs() < (1 << 28));
    let mut pairs = [0; 2];
    for (i, mode) in MODES.into_iter().enumerate() {
        let (m, _cert) = solve_checked(&g, mode).unwrap();
        pairs[i] = m.len();
        if fits_i32 {
            let peer = mwmatching_mate(inst.n, &edges, mode == Mode::MaxCardinality);
            let (pw, pc) = score_mate(inst.n, &edges, &peer);
            assert_eq!(m.weight() as i128, pw, "{} {mode:?}: weight", inst.name);
            if mode == Mode::MaxCardinality {
                assert_eq!(m.len(), pc, "{} {mode:?}: pairs", inst.name);
            }
        }
    }
    assert!(
        pairs[1] >= pairs[0],
        "{}: max-cardinality mode found fewer pairs",
        inst.name
    );
    pairs
}

#[test]
fn deficient_families_against_mwmatching_and_certificates() {
    // The families where maximum-cardinality mode was slowest (no perfect matching, or a
    // deficient maximum-weight optimum), at two sizes each.
    for family in ["grid", "mixed", "powerlaw", "bipartite"] {
        for n in [150, 400] {
            check_family(family, n);
        }
    }
    // A graph that certainly lacks a perfect matching stays deficient in both modes.
    let [_, mc] = check_family("powerlaw", 400);
    assert!(2 * mc < 400, "power-law graph with a perfect matching");
}

#[test]
fn huge_weights_certified() {
    // Weights up to 2^40 do not fit mwmatching's i32: the verified certificate is the
    // oracle, and maximum-cardinality mode must not lose pairs.
    for n in [200, 600] {
        check_family("huge", n);
    }
}

#[test]
fn every_family_small_against_mwmatching() {
    for &(family, _, _) in gen::FAMILIES {
        check_family(family, 120);
    }
}
