//! Replays the fuzz targets' checks (`fuzz/src/checks.rs`, the same code the fuzzers run)
//! on the seed corpus kept in `fuzz/corpus/` and on every crash input the fuzzers found,
//! written out here as a literal. Run the fuzzers themselves with `scripts/fuzz_all.sh N`.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::Path;

use peermatch::matching::Mode;

/// Every file of `fuzz/corpus/<target>/` through `check` (text targets).
fn replay(target: &str, check: fn(&str)) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            check(text);
        }
    }
    files.len()
}

#[test]
fn text_corpora_replay() {
    assert!(replay("cohort", checks::check_cohort_text) >= 2);
    assert!(replay("policy", checks::check_policy_text) >= 2);
    assert!(replay("proposal_json", checks::check_proposal_text) >= 1);
}

#[test]
fn weighted_small_cases() {
    for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
        checks::check_weighted(4, &[(0, 1, 3), (1, 2, 5), (2, 3, 3)], 0, mode);
        checks::check_weighted(5, &[(0, 1, -2), (1, 2, 7), (3, 4, 1)], 40, mode);
        checks::check_weighted(3, &[(0, 1, 2), (1, 2, 2), (0, 2, 2)], 9, mode);
    }
}

#[test]
fn bmatching_small_cases() {
    for mode in [Mode::MaxWeight, Mode::MaxCardinality] {
        checks::check_bmatching(2, &[(0, 1, 5)], &[u32::MAX, 2], mode);
        checks::check_bmatching(
            4,
            &[(0, 1, 5), (0, 2, 4), (0, 3, 3), (1, 2, 1)],
            &[u32::MAX, 1, 100_000, 0],
            mode,
        );
    }
}

#[test]
fn planner_small_cohorts() {
    // (A one-teacher cohort is an error since the strict-input work, so it is not planned.)
    for teachers in [2, 5, 9] {
        for trio in [false, true] {
            let planned = checks::check_planner(teachers, 7, &[1, 2, 0, 3, 1, 1, 2, 1, 1], trio);
            assert!(
                planned,
                "{teachers} teachers, trio {trio}: the planner failed"
            );
        }
    }
}

#[test]
fn stable_small_cases() {
    checks::check_roommates(
        &[vec![1, 2, 3], vec![2, 0, 3], vec![0, 1, 3], vec![0, 1, 2]],
        false,
    );
    checks::check_roommates(&[vec![1], vec![]], true);
    checks::check_hospitals(
        &[vec![0, 1], vec![0]],
        &[vec![1, 0], vec![0, 1]],
        &[1, 1],
        false,
    );
}

/// Found by the `planner` target (crash-10d3b33b…): 13 generated teachers, capacity 1.
#[test]
fn planner_fuzz_crash_10d3b33b() {
    let planned = checks::check_planner(13, 15_554_924_891_675_116_410, &[1; 13], false);
    assert!(planned);
}
