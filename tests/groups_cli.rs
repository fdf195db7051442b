//! End-to-end runs of the `form_groups` example: readable output, JSON, exit status 2 on
//! bad input.
//!
//! `cargo test` builds the examples first; running this file alone needs
//! `cargo build --examples` with the same profile.

use std::path::PathBuf;
use std::process::Command;

#[path = "support/examples.rs"]
mod examples_support;

fn example() -> PathBuf {
    examples_support::example("form_groups")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(example()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn default_run_prints_the_pilot_groups() {
    let (code, out, err) = run(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("12 teachers in "), "{out}");
    for id in ["T01", "T06", "T12"] {
        assert_eq!(
            out.matches(&format!("  {id} ")).count(),
            1,
            "{id} listed once:\n{out}"
        );
    }
    assert!(out.contains("Group 1") && out.contains("Harbour City College"));
}

#[test]
fn json_output_is_a_plan() {
    let (code, out, err) = run(&["--json", "--min", "3", "--max", "4", "--seed", "5"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let groups = v["groups"].as_array().unwrap();
    assert!(groups
        .iter()
        .all(|g| (3..=4).contains(&g["members"].as_array().unwrap().len())));
    let total: usize = groups
        .iter()
        .map(|g| g["ids"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 12);
    assert!(v["objective"].is_i64());
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let (code, _, err) = run(&["--min", "5", "--max", "5"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("12 participants cannot be split into groups of 5 to 5"),
        "{err}"
    );
    let (code, _, err) = run(&["--cohort", "/no/such/cohort.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("/no/such/cohort.json"), "{err}");
    let (code, _, err) = run(&["--min", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid group sizes"), "{err}");
    let (code, _, _) = run(&["--min", "x"]);
    assert_eq!(code, 2, "clap usage errors also exit 2");
}
