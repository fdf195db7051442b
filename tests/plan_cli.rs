//! End-to-end runs of the `propose_pairs`, `rematch` and `explain_pair` examples: outputs
//! and exit codes. `cargo test` builds the examples first; running this file alone needs
//! `cargo build --examples` with the same profile.

use std::process::Command;

#[path = "support/examples.rs"]
mod examples_support;
use examples_support::example;

fn run(name: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(example(name))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn propose_pairs_without_arguments_prints_the_summary() {
    let (code, out, err) = run("propose_pairs", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("# Mentoring pairs"));
    assert!(out.contains("certificate verified"));
    assert!(out.contains("## Without a partner"));
}

#[test]
fn propose_pairs_writes_files_and_rematch_reads_them() {
    let dir = std::env::temp_dir().join(format!("peermatch-cli-{}", std::process::id()));
    let d = dir.to_str().unwrap();
    let (code, _, err) = run("propose_pairs", &["--out", d, "--trio"]);
    assert_eq!(code, 0, "{err}");
    for f in [
        "proposal.json",
        "pairs.csv",
        "summary.md",
        "map.svg",
        "scores.svg",
    ] {
        assert!(dir.join(f).exists(), "{f} missing");
    }
    let svg = std::fs::read_to_string(dir.join("map.svg")).unwrap();
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"));
    let prev = dir.join("proposal.json");
    let (code, out, err) = run(
        "rematch",
        &[
            "--previous",
            prev.to_str().unwrap(),
            "--cohort",
            "examples/data/pilot_cohort.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("## Changes since the previous round"));
    assert!(!out.contains("- new:"), "{out}");
    // rematch --out writes the full bundle, with the changes in the HTML report.
    let again = dir.join("rematch");
    let (code, _, err) = run(
        "rematch",
        &[
            "--previous",
            prev.to_str().unwrap(),
            "--cohort",
            "examples/data/pilot_cohort.json",
            "--out",
            again.to_str().unwrap(),
            "--term-start",
            "2027-02-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    for f in [
        "proposal.json",
        "pairs.csv",
        "summary.md",
        "map.svg",
        "report.html",
    ] {
        assert!(again.join(f).exists(), "rematch: {f} missing");
    }
    let html = std::fs::read_to_string(again.join("report.html")).unwrap();
    assert!(
        html.contains("id=\"sec-changes\"") && html.contains("kept:"),
        "no changes section"
    );
    assert!(again.join("letters").read_dir().unwrap().count() > 0);
    assert!(again.join("calendar").read_dir().unwrap().count() > 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_exits_with_2_and_names_the_problem() {
    let dir = std::env::temp_dir().join(format!("peermatch-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\n  \"teachers\": [ { \"id\": 5 } ]\n}\n").unwrap();
    let (code, _, err) = run("propose_pairs", &["--cohort", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.json") && err.contains("line 2"), "{err}");
    let (code, _, err) = run("propose_pairs", &["--cohort", "no/such/file.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.json"), "{err}");
    let (code, _, err) = run("explain_pair", &["T01", "T99"]);
    assert_eq!(code, 2);
    assert!(err.contains("T99"), "{err}");
    let (code, out, _) = run("explain_pair", &["T01", "T04"]);
    assert_eq!(code, 0);
    assert!(out.contains("T01 + T04: score"));
    let _ = std::fs::remove_dir_all(&dir);
}
