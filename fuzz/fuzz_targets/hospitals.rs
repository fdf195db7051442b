//! Hospitals/residents (mentor-mentee assignment): stable and within capacity.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use peermatch_fuzz::checks;

#[derive(Arbitrary, Debug)]
struct Input {
    mentee: Vec<Vec<u8>>,
    mentor: Vec<Vec<u8>>,
    caps: Vec<u8>,
    drop_one_sided: bool,
}

fn small(lists: &[Vec<u8>]) -> Vec<Vec<usize>> {
    lists
        .iter()
        .take(12)
        .map(|l| l.iter().take(12).map(|&x| x as usize % 12).collect())
        .collect()
}

fuzz_target!(|input: Input| {
    let caps: Vec<u32> = input.caps.iter().take(12).map(|&c| c as u32 % 4).collect();
    checks::check_hospitals(
        &small(&input.mentee),
        &small(&input.mentor),
        &caps,
        input.drop_one_sided,
    );
});
