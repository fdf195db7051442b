//! Issue 11, D6: every example program ends quietly when its standard output is closed
//! (as in `program | true` or `program | head`): no panic, no exit status 101.
//!
//! The pipe's read end is closed *before* the program starts (see [`closed_pipe`]), so every write fails with
//! `EPIPE` deterministically (there is no race with a reader that closes "early").
//! Needs the example binaries: `cargo test` builds them (see `support/examples.rs`).

#[path = "support/examples.rs"]
mod examples;

use std::io::Write;
use std::process::{Command, Stdio};

use examples::example;

/// A writable pipe whose read end is already closed: the read end belonged to a `true`
/// process that has exited.
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true")
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn true");
    let writer = reader.stdin.take().unwrap();
    reader.wait().unwrap();
    Stdio::from(writer)
}

/// Runs `name args` with stdout closed and `stdin` on standard input; returns the status
/// code and stderr.
fn run_closed(name: &str, args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let mut child = Command::new(example(name))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // The program may not read its stdin at all; a failed write here is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_quiet(name: &str, args: &[&str], stdin: &str, expected: i32) {
    let (code, stderr) = run_closed(name, args, stdin);
    assert!(
        !stderr.contains("panicked"),
        "{name} {args:?} panicked: {stderr}"
    );
    assert_eq!(code, Some(expected), "{name} {args:?}: stderr {stderr}");
}

const COHORT: &str = "examples/data/pilot_cohort.json";

#[test]
fn solve_edges_closed_stdout() {
    assert_quiet(
        "solve_edges",
        &["examples/data/sample_graph.txt", "--verify"],
        "",
        0,
    );
    assert_quiet("solve_edges", &["--pairs"], "2 1\n0 1 5\n", 0);
}

#[test]
fn build_graph_closed_stdout() {
    assert_quiet("build_graph", &[COHORT], "", 0);
}

#[test]
fn explain_pair_closed_stdout() {
    assert_quiet("explain_pair", &["T01", "T04"], "", 0);
}

#[test]
fn form_groups_closed_stdout() {
    assert_quiet("form_groups", &[], "", 0);
    assert_quiet("form_groups", &["--json"], "", 0);
}

#[test]
fn propose_pairs_closed_stdout() {
    assert_quiet("propose_pairs", &[], "", 0);
}

#[test]
fn rematch_closed_stdout() {
    let dir = std::env::temp_dir().join(format!("peermatch-closed-stdout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let status = Command::new(example("propose_pairs"))
        .arg("--out")
        .arg(&dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let previous = dir.join("proposal.json");
    let previous = previous.to_str().unwrap();
    assert_quiet(
        "rematch",
        &["--previous", previous, "--cohort", COHORT],
        "",
        0,
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stable_roommates_closed_stdout() {
    let prefs = r#"{"prefs": [[1, 2, 3], [0, 2, 3], [3, 0, 1], [2, 0, 1]]}"#;
    assert_quiet("stable_roommates", &[], prefs, 0);
}

#[test]
fn stable_assign_closed_stdout() {
    let input = r#"{"mentee_prefs": [[0, 1], [1, 0]], "mentor_prefs": [[0, 1], [1, 0]], "capacities": [1, 1]}"#;
    assert_quiet("stable_assign", &[], input, 0);
}

/// Errors still get their own status and message when stdout is closed.
#[test]
fn bad_input_keeps_its_status_with_closed_stdout() {
    assert_quiet("solve_edges", &[], "2 1\n0 5 1\n", 2);
    assert_quiet("stable_roommates", &[], "{not json", 2);
}

/// Issue 11, minor items: `explain_pair T01 T01` names the mistake; bad input to
/// `build_graph` exits 2 like every other program.
#[test]
fn exit_codes_and_messages() {
    let run = |name: &str, args: &[&str]| {
        let out = Command::new(example(name))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run("explain_pair", &["T01", "T01"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("same teacher"), "{err}");
    assert!(!err.contains("no teacher"), "{err}");
    let (code, err) = run("build_graph", &["no/such/cohort.json"]);
    assert_eq!(code, Some(2), "{err}");
    let (code, err) = run("build_graph", &[]);
    assert_eq!(code, Some(2), "{err}");
    let (code, err) = run("build_graph", &[COHORT, "--policy", "no/such/policy.toml"]);
    assert_eq!(code, Some(2), "{err}");
}
