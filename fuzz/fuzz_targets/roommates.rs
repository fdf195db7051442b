//! Preference lists + stable roommates, checked with the blocking-pair oracle.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use peermatch_fuzz::checks;

#[derive(Arbitrary, Debug)]
struct Input {
    lists: Vec<Vec<u8>>,
    drop_one_sided: bool,
}

fuzz_target!(|input: Input| {
    let lists: Vec<Vec<usize>> = input
        .lists
        .iter()
        .take(14)
        .map(|l| l.iter().take(16).map(|&x| x as usize % 16).collect())
        .collect();
    checks::check_roommates(&lists, input.drop_one_sided);
});
