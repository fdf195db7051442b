//! The whole planner on small generated cohorts: nothing lost, within capacity, and the
//! proposal survives a JSON round-trip.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use peermatch_fuzz::checks;

#[derive(Arbitrary, Debug)]
struct Input {
    teachers: u8,
    seed: u64,
    caps: Vec<u8>,
    trio: bool,
}

fuzz_target!(|input: Input| {
    let teachers = input.teachers as usize % 13 + 2;
    let caps: Vec<u32> = (0..teachers)
        .map(|i| input.caps.get(i).map_or(1, |&c| c as u32 % 4))
        .collect();
    let _ = checks::check_planner(teachers, input.seed, &caps, input.trio);
});
