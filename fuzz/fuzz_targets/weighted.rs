//! `WeightedGraph` construction, solving and `verify`; weight equals brute force on tiny
//! graphs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peermatch_fuzz::{checks, GraphInput};

fuzz_target!(|input: GraphInput| {
    let (n, edges, extra, mode) = input.parts();
    checks::check_weighted(n, &edges, extra, mode);
});
