//! b-matching: certificate, capacities and brute force, with capacities up to u32::MAX.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use peermatch_fuzz::{checks, GraphInput};

#[derive(Arbitrary, Debug)]
struct Input {
    graph: GraphInput,
    caps: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let (n, edges, _, mode) = input.graph.parts();
    let choices = [0u32, 1, 2, 3, 100_000, 1_000_000, u32::MAX - 1, u32::MAX];
    let caps: Vec<u32> = (0..n)
        .map(|v| choices[*input.caps.get(v).unwrap_or(&1) as usize % choices.len()])
        .collect();
    checks::check_bmatching(n, &edges, &caps, mode);
});
