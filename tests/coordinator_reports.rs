//! What a coordinator reads in the pair reports of `propose_pairs` and `rematch`: notes
//! from cohort validation name the teacher without quotes, and a re-match names the
//! teachers who left when given the previous cohort. Expected text is rebuilt here from
//! proposal.json and the cohort files (serde_json), not from the crate's report code.
//!
//! `cargo test` builds the examples first; running this file alone needs
//! `cargo build --examples` with the same profile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/examples.rs"]
mod examples_support;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

fn run(name: &str, args: &[&str]) -> String {
    let out = Command::new(examples_support::example(name))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn temp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("peermatch_coord_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Teacher id -> name, from a cohort JSON file.
fn names(path: &str) -> BTreeMap<String, String> {
    json(Path::new(path))["teachers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn validation_notes_name_the_teacher_without_quotes() {
    for (k, cohort) in [
        "pilot_cohort.json",
        "pilot_cohort.csv",
        "city_maths_cohort.json",
    ]
    .iter()
    .enumerate()
    {
        let dir = temp(&format!("notes{k}"));
        let path = format!("{DATA}/{cohort}");
        run(
            "propose_pairs",
            &["--quiet", "--cohort", &path, "--out", dir.to_str().unwrap()],
        );
        let who = names(&path.replace(".csv", ".json"));
        let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        let p = json(&dir.join("proposal.json"));
        let mut seen = 0;
        for n in p["notices"].as_array().unwrap() {
            if n["kind"] != "Validation" {
                continue;
            }
            let v = &n["notice"];
            let mut want = String::new();
            if let Some(l) = v["line"].as_u64() {
                want.push_str(&format!("line {l}: "));
            }
            if let Some(t) = v["teacher"].as_str() {
                want.push_str(&format!("{} ({t}), ", who[t]));
            }
            want.push_str(&format!(
                "{}: {}",
                v["field"].as_str().unwrap(),
                v["message"].as_str().unwrap()
            ));
            assert!(
                md.contains(&format!("- {want}\n")),
                "{want} not in summary.md"
            );
            let escaped = peermatch::report::html::escape_html(&want);
            assert!(html.contains(&escaped), "{want} not in report.html");
            seen += 1;
        }
        if cohort.starts_with("pilot") {
            assert!(seen > 0, "{cohort}: the pilot has touching free periods");
        }
        for text in [&md, &html] {
            assert!(!text.contains("teacher \""), "{cohort}");
            assert!(!text.contains("teacher &quot;"), "{cohort}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn rematch_names_the_teachers_who_left_from_the_previous_cohort() {
    let dir = temp("rematch");
    let pilot = format!("{DATA}/pilot_cohort.json");
    let first = dir.join("first");
    run(
        "propose_pairs",
        &[
            "--quiet",
            "--cohort",
            &pilot,
            "--out",
            first.to_str().unwrap(),
        ],
    );
    // T05 leaves; T05 was paired in the first round.
    let prev = json(&first.join("proposal.json"));
    let partner = prev["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|p| match (p["a"].as_str(), p["b"].as_str()) {
            (Some("T05"), Some(b)) => Some(b.to_string()),
            (Some(a), Some("T05")) => Some(a.to_string()),
            _ => None,
        })
        .expect("T05 has a partner in the first round");
    let mut cohort = json(Path::new(&pilot));
    cohort["teachers"]
        .as_array_mut()
        .unwrap()
        .retain(|t| t["id"] != "T05");
    let changed = dir.join("changed.json");
    std::fs::write(&changed, serde_json::to_string(&cohort).unwrap()).unwrap();
    let who = names(&pilot);
    let leaver = format!("{} (T05)", who["T05"]);
    // Teachers with a known school read "Name (id, School)".
    let leaver_label = format!("{} (T05, ", who["T05"]);
    let previous = first.join("proposal.json");
    let base = [
        "--quiet",
        "--previous",
        previous.to_str().unwrap(),
        "--cohort",
        changed.to_str().unwrap(),
    ];
    // Without the previous cohort only the id is known.
    let plain = run("rematch", &base);
    assert!(plain.contains("- left: T05\n"), "{plain}");
    assert!(!plain.contains(&who["T05"]), "{plain}");
    // With it, the changes name the leaver, in the printed summary and the bundle.
    let mut args = base.to_vec();
    args.extend(["--previous-cohort", pilot.as_str()]);
    let named = run("rematch", &args);
    let out = dir.join("second");
    args.extend(["--out", out.to_str().unwrap(), "--term-start", "2027-02-01"]);
    run("rematch", &args);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    for text in [&named, &md] {
        let changes = &text[text.find("## Changes since the previous round").unwrap()..];
        assert!(
            changes.contains(&format!("- left: {leaver_label}")),
            "{changes}"
        );
        let ended = changes
            .lines()
            .find(|l| l.starts_with("- ended: "))
            .expect("the leaver's pair ended");
        assert!(
            ended.contains(&format!("{} ({partner}", who[&partner])),
            "{ended}"
        );
        assert!(
            ended.ends_with(&format!(": {leaver} left the cohort")),
            "{ended}"
        );
    }
    let escaped = peermatch::report::html::escape_html(&leaver_label);
    assert!(
        html.contains(&format!("<li>left: {escaped}")),
        "no leaver in the page"
    );
    // Only the words changed: the proposal is the same as without the previous cohort.
    let without = dir.join("third");
    let mut args = base.to_vec();
    args.extend([
        "--out",
        without.to_str().unwrap(),
        "--term-start",
        "2027-02-01",
    ]);
    run("rematch", &args);
    assert_eq!(
        json(&out.join("proposal.json")),
        json(&without.join("proposal.json"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}
