//! Cohort JSON and CSV loading plus validation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peermatch_fuzz::checks;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        checks::check_cohort_text(text);
    }
});
