//! The text edge-list parser of `solve_edges` (never a panic), then solve + verify for
//! what parses into a small graph.
#![no_main]

#[path = "../../examples/support/edge_list.rs"]
mod edge_list;

use libfuzzer_sys::fuzz_target;
use peermatch::matching::{max_weight_matching_with_certificate, verify, Mode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(list) = edge_list::parse_edge_list(text) else {
        return;
    };
    // Declared counts are bounded by the parser's contract, not by this target: only solve
    // what is small enough to hold the output (12 bytes per declared vertex).
    if list.n > 1 << 16 {
        return;
    }
    let Ok(g) = list.to_graph() else {
        return;
    };
    for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
        if let Ok((m, cert)) = max_weight_matching_with_certificate(&g, mode) {
            verify(&g, &m, &cert).expect("certificate verifies");
        }
    }
});
