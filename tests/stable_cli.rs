//! End-to-end runs of the `stable_roommates` and `stable_assign` example programs: the
//! JSON formats and exit codes are a contract.
//!
//! `cargo test` builds the examples first; running this file alone needs
//! `cargo build --examples` with the same profile.

use std::io::Write;
use std::process::{Command, Stdio};

#[path = "support/examples.rs"]
mod examples_support;
use examples_support::example;

/// Runs `name` with `args`, feeding `stdin`; returns (exit code, stdout, stderr).
fn run(name: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(example(name))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A program that reads its input from a file argument may exit before reading stdin;
    // the resulting broken pipe is not a failure of the program under test.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing stdin: {e}"
        );
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn roommates_contract() {
    let (code, out, _) = run("stable_roommates", &[], r#"{"prefs": [[1,2],[0],[0]]}"#);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), r#"{"stable":true,"partner":[1,0,-1]}"#);

    let (code, out, _) = run(
        "stable_roommates",
        &["-"],
        r#"{"prefs": [[1,2,3],[2,0,3],[0,1,3],[0,1,2]]}"#,
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["stable"], false);
    assert!(v["reason"].as_str().unwrap().contains("rotation"));

    // From a file path.
    let path = std::env::temp_dir().join(format!("peermatch_sr_{}.json", std::process::id()));
    std::fs::write(&path, r#"{"prefs": [[1],[0]]}"#).unwrap();
    let (code, out, _) = run("stable_roommates", &[path.to_str().unwrap()], "");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        (code, out.trim()),
        (0, r#"{"stable":true,"partner":[1,0]}"#)
    );

    for bad in [
        r#"{"prefs": [[1,2],[0]]}"#,
        r#"{"prefs": [[-1]]}"#,
        "not json",
        r#"{"prefs": [[1],[]]}"#,
    ] {
        let (code, out, err) = run("stable_roommates", &[], bad);
        assert_eq!(code, 2, "{bad}");
        assert!(out.is_empty() && err.contains("bad input"), "{bad}: {err}");
    }
    let (code, out, err) = run(
        "stable_roommates",
        &["--drop-one-sided"],
        r#"{"prefs": [[1],[]]}"#,
    );
    assert_eq!(
        (code, out.trim()),
        (0, r#"{"stable":true,"partner":[-1,-1]}"#)
    );
    assert!(err.contains("dropped"));
}

#[test]
fn assign_contract() {
    let input =
        r#"{"mentee_prefs": [[0,1],[1,0]], "mentor_prefs": [[1,0],[0,1]], "capacities": [1,1]}"#;
    let (code, out, _) = run("stable_assign", &[], input);
    assert_eq!((code, out.trim()), (0, r#"{"assignment":[0,1]}"#));
    let (code, out, _) = run("stable_assign", &["--optimal", "mentor"], input);
    assert_eq!((code, out.trim()), (0, r#"{"assignment":[1,0]}"#));
    let (code, out, _) = run(
        "stable_assign",
        &["--optimal", "mentee"],
        r#"{"mentee_prefs": [[0],[0]], "mentor_prefs": [[1,0]], "capacities": [1]}"#,
    );
    assert_eq!((code, out.trim()), (0, r#"{"assignment":[-1,0]}"#));
    for bad in [
        r#"{"mentee_prefs": [[0]], "mentor_prefs": [[0]], "capacities": [1,1]}"#,
        r#"{"mentee_prefs": [[3]], "mentor_prefs": [[0]], "capacities": [1]}"#,
        r#"{"mentee_prefs": [[0]], "mentor_prefs": [[0]]}"#,
    ] {
        let (code, _, err) = run("stable_assign", &[], bad);
        assert_eq!(code, 2, "{bad}");
        assert!(err.contains("bad input"), "{err}");
    }
    let (code, _, _) = run("stable_assign", &["--optimal", "nobody"], input);
    assert_eq!(code, 2);
}
