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

#[test]
fn instance_mode_solves_mdgplib_files_and_names_bad_lines() {
    let dir = std::env::temp_dir().join(format!("peermatch_groups_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("tiny.txt");
    std::fs::write(
        &good,
        "4 2 ds 1 3 2 2\n0 1 1.5\n0 2 2\n0 3 0.25\n1 2 7.\n1 3 -1\n2 3 3.125\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "--instance",
        good.to_str().unwrap(),
        "--rounds",
        "20",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let groups: Vec<Vec<usize>> = serde_json::from_value(v["groups"].clone()).unwrap();
    assert_eq!(groups.len(), 2);
    assert!((1..=3).contains(&groups[0].len()) && groups[1].len() == 2);
    // Independent recomputation of the objective in the file's units (thousandths).
    let w = |a: usize, b: usize| -> i64 {
        match (a.min(b), a.max(b)) {
            (0, 1) => 1500,
            (0, 2) => 2000,
            (0, 3) => 250,
            (1, 2) => 7000,
            (1, 3) => -1000,
            _ => 3125,
        }
    };
    let obj: i64 = groups
        .iter()
        .map(|g| {
            let mut s = 0;
            for (i, &a) in g.iter().enumerate() {
                for &b in &g[i + 1..] {
                    s += w(a, b);
                }
            }
            s
        })
        .sum();
    assert_eq!(
        (v["objective"].as_f64().unwrap() * 1000.0).round() as i64,
        obj
    );
    assert_eq!(v.as_object().unwrap().len(), 3);
    let (code, out, _) = run(&["--instance", good.to_str().unwrap(), "--rounds", "5"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("objective ") && out.contains("\nseconds "));
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "4 2 ss 2 2 2 2\n0 1 1\n0 9 2\n").unwrap();
    let (code, _, err) = run(&["--instance", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("line 3"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
