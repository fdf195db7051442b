//! The text edge-list parser of `solve_edges` (never a panic), then the program's own path:
//! renumber sparse vertex ids (`examples/support/sparse_ids.rs`), solve + verify, and check
//! the pairs mapped back are a matching of the declared graph with the solver's weight.
#![no_main]

#[path = "../../examples/support/edge_list.rs"]
mod edge_list;
#[path = "../../examples/support/sparse_ids.rs"]
mod sparse_ids;

use libfuzzer_sys::fuzz_target;
use peermatch::matching::{max_weight_matching_with_certificate, verify, Mode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(list) = edge_list::parse_edge_list(text) else {
        return;
    };
    let Ok(g) = list.to_graph() else {
        return;
    };
    let compacted = sparse_ids::compact(&g).expect("renumbering never fails");
    // Without renumbering the output holds 12 bytes per declared vertex: solve only what is
    // small enough (the program's memory then follows its input anyway).
    if compacted.is_none() && g.vertex_count() > 1 << 16 {
        return;
    }
    let solved = compacted.as_ref().map_or(&g, |c| &c.graph);
    for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
        let Ok((m, cert)) = max_weight_matching_with_certificate(solved, mode) else {
            continue;
        };
        verify(solved, &m, &cert).expect("certificate verifies");
        let mut seen = std::collections::BTreeSet::new();
        let mut weight = 0i64;
        for (u, v) in m.pairs() {
            let (a, b) = compacted.as_ref().map_or((u, v), |c| c.declared(u, v));
            assert!(seen.insert(a) && seen.insert(b), "vertex matched twice");
            weight += g.weight(a, b).expect("a matched pair is a declared edge");
        }
        assert_eq!(weight, m.weight());
    }
});
