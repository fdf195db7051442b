//! What a coordinator reads in the pair reports of `propose_pairs` and `rematch`: notes
//! from cohort validation name the teacher without quotes (repeated notes of one kind are
//! one line naming every teacher once), a re-match names the teachers who left when given
//! the previous cohort, the headline says the objective in plain words, a teacher with
//! several partners is marked "k of n partners", and an unmatched teacher's letter gives
//! plain advice instead of rule counts. Expected text is rebuilt here from
//! proposal.json and the cohort files (serde_json), not from the crate's report code.
//!
//! `cargo test` builds the examples first; running this file alone needs
//! `cargo build --examples` with the same profile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use peermatch::report::compare::{objective_name, OBJECTIVES};

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
        // Touching free periods repeated for several teachers are one summary line
        // (checked in `repeated_notes_are_one_line_naming_every_teacher_once`).
        let touching = p["notices"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| {
                n["kind"] == "Validation" && n["notice"]["kind"]["TouchingPeriods"].is_object()
            })
            .count();
        for n in p["notices"].as_array().unwrap() {
            if n["kind"] != "Validation" {
                continue;
            }
            let v = &n["notice"];
            if touching > 1 && v["kind"]["TouchingPeriods"].is_object() {
                seen += 1;
                continue;
            }
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

/// The Markdown line of a list item that starts with `prefix`.
fn line_starting<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.lines().find(|l| l.starts_with(prefix))
}

#[test]
fn repeated_notes_are_one_line_naming_every_teacher_once() {
    for (k, cohort) in ["pilot_cohort.json", "pilot_cohort.csv"].iter().enumerate() {
        let dir = temp(&format!("touching{k}"));
        let path = format!("{DATA}/{cohort}");
        let printed = run("propose_pairs", &["--quiet", "--cohort", &path]);
        run(
            "propose_pairs",
            &["--quiet", "--cohort", &path, "--out", dir.to_str().unwrap()],
        );
        let who = names(&path.replace(".csv", ".json"));
        let p = json(&dir.join("proposal.json"));
        // The typed notices stay one per teacher in the JSON.
        let touching: Vec<(String, Option<u64>)> = p["notices"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "Validation")
            .filter(|n| n["notice"]["kind"]["TouchingPeriods"]["joins"].is_u64())
            .map(|n| {
                (
                    n["notice"]["teacher"].as_str().unwrap().to_string(),
                    n["notice"]["line"].as_u64(),
                )
            })
            .collect();
        assert!(touching.len() > 1, "{cohort}: the pilot has several");
        let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        for text in [&printed, &md] {
            let heading = format!("- Free periods touching: {} teachers (", touching.len());
            let lines: Vec<&str> = text.lines().filter(|l| l.contains("touching")).collect();
            assert_eq!(lines.len(), 1, "{cohort}: {lines:?}");
            assert!(lines[0].starts_with(&heading), "{}", lines[0]);
            for (id, line) in &touching {
                let named = match line {
                    Some(l) => format!("{} ({id}, line {l})", who[id]),
                    None => format!("{} ({id})", who[id]),
                };
                assert_eq!(
                    lines[0].matches(&named).count(),
                    1,
                    "{named} in {}",
                    lines[0]
                );
                assert_eq!(lines[0].matches(&format!("({id}")).count(), 1, "{id}");
            }
        }
        let items = html.matches("<li class=\"notice\">").count();
        let other = p["notices"].as_array().unwrap().len() - touching.len();
        assert_eq!(
            items,
            other + 1,
            "{cohort}: one item for all touching notes"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn headline_says_the_objective_in_plain_words() {
    let internal = [
        "Participation",
        "MaxWeight",
        "MaxCardinalityThenWeight",
        "MinRegret",
        "Stable",
        "objective participation",
    ];
    let criteria = ["year_level", "common_time", "robust_time"];
    for objective in OBJECTIVES.map(objective_name) {
        let text = run("propose_pairs", &["--quiet", "--objective", objective]);
        let aim = line_starting(&text, "Aim: ").expect("an Aim line");
        assert!(aim.len() > "Aim: ".len() + 10, "{aim}");
        for word in internal.iter().chain(&criteria) {
            assert!(!text.contains(word), "{objective}: {word} in\n{text}");
        }
    }
    // The page too, and the five aims differ.
    let dir = temp("aims");
    let mut aims = Vec::new();
    for objective in OBJECTIVES.map(objective_name) {
        let out = dir.join(objective);
        run(
            "propose_pairs",
            &[
                "--quiet",
                "--objective",
                objective,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        let head = &html[html.find("<header>").unwrap()..html.find("</header>").unwrap()];
        let aim = &head[head.find("Aim: ").expect("Aim in the page header")..];
        aims.push(aim[..aim.find(". Check").unwrap()].to_string());
        let table = &html[html.find("id=\"pairs-table\"").unwrap()..];
        for word in internal.iter().chain(&criteria) {
            assert!(!head.contains(word), "{objective}: {word}");
            assert!(
                !table.contains(word),
                "{objective}: {word} in the pairs table"
            );
        }
    }
    aims.sort();
    aims.dedup();
    assert_eq!(aims.len(), 5, "{aims:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn teachers_with_several_partners_are_marked_k_of_n() {
    let dir = temp("capacity");
    let pilot = format!("{DATA}/pilot_cohort.json");
    let printed = run("propose_pairs", &["--quiet"]);
    run(
        "propose_pairs",
        &["--quiet", "--out", dir.to_str().unwrap()],
    );
    let who = names(&pilot);
    let p = json(&dir.join("proposal.json"));
    let pairs = p["pairs"].as_array().unwrap();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for pair in pairs {
        for m in [&pair["a"], &pair["b"], &pair["third"]["id"]] {
            if let Some(id) = m.as_str() {
                *count.entry(id.to_string()).or_default() += 1;
            }
        }
    }
    let several: Vec<(&String, &usize)> = count.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        !several.is_empty(),
        "the pilot has a teacher with capacity 2"
    );
    let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let rows = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    for (id, &n) in &several {
        let letter = std::fs::read_to_string(dir.join("letters").join(format!("{id}.md"))).unwrap();
        assert_eq!(letter.matches("Dear ").count(), 1, "{letter}");
        for k in 1..=n {
            let marker = format!("{} ({k} of {n} partners)", who[*id]);
            for text in [&printed, &md] {
                assert_eq!(text.matches(&marker).count(), 1, "{marker}");
            }
            let row = rows
                .lines()
                .find(|r| r.contains(&format!("({k} of {n} partners)")))
                .expect("a marked row");
            assert!(row.contains(&format!("{} <span", who[*id])), "{row}");
            assert_eq!(
                rows.matches(&format!("({k} of {n} partners)")).count(),
                1,
                "{marker} in the page"
            );
            assert!(
                letter.contains(&format!("## Partner {k} of {n}: ")),
                "{letter}"
            );
        }
    }
    // Nobody else is marked.
    let marked = md.matches(" partners)").count();
    assert_eq!(marked, several.iter().map(|(_, n)| **n).sum::<usize>());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `text` has a number directly followed by " of " and another number (a raw count).
fn has_raw_count(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(3).any(|w| {
        let num = |s: &str| {
            let s = s.trim_matches(|c: char| !c.is_ascii_digit());
            !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
        };
        num(w[0]) && w[1] == "of" && num(w[2])
    })
}

#[test]
fn unmatched_letter_gives_plain_advice_and_the_coordinator_keeps_the_counts() {
    let dir = temp("letters");
    run(
        "propose_pairs",
        &["--quiet", "--out", dir.to_str().unwrap()],
    );
    let p = json(&dir.join("proposal.json"));
    let unmatched = p["unmatched"].as_array().unwrap();
    assert!(!unmatched.is_empty(), "the pilot leaves a teacher out");
    let max_travel = p["policy"]["hard"]["max_travel_minutes"].as_u64().unwrap();
    let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    for u in unmatched {
        let id = u["id"].as_str().unwrap();
        let letter = std::fs::read_to_string(dir.join("letters").join(format!("{id}.md"))).unwrap();
        assert!(!has_raw_count(&letter), "{letter}");
        for rule in [
            "travel too long",
            "not enough common meeting time",
            "no subject in common",
        ] {
            assert!(!letter.contains(rule), "{rule} in {letter}");
        }
        assert!(letter.contains("ask your coordinator") || letter.contains("Ask your coordinator"));
        let rules = u["blockers"]["rules"].as_array().unwrap();
        let others = u["blockers"]["others"].as_u64().unwrap();
        for r in rules {
            let (rule, n) = (r[0].as_str().unwrap(), r[1].as_u64().unwrap());
            // One plain sentence per rule, with the policy's limit for travel.
            if rule == "TravelTooLong" {
                let every = n == others;
                assert!(
                    letter.contains(&format!(
                        "{} more than {max_travel} minutes' travel from your school",
                        if every { "is" } else { "are" }
                    )),
                    "{letter}"
                );
            }
            // The coordinator's summary keeps the count.
            assert!(md.contains(&format!(": {n} of {others}")), "{rule} {n}");
        }
    }
    // Every paired teacher's letter names the criteria in words, not field names.
    for entry in std::fs::read_dir(dir.join("letters")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            !text.contains("year_level") && !text.contains("common_time"),
            "{text}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn readme_quick_start_shows_what_propose_pairs_prints() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```text\n# Mentoring pairs\n")
        .expect("the quick-start output")
        + 8;
    let block = &readme[start..start + readme[start..].find("\n```").unwrap() + 1];
    let printed = run("propose_pairs", &["--quiet"]);
    // The block is the output with some runs of lines left out ("..." lines), in order.
    let mut at = 0;
    for (k, chunk) in block.split("...\n").enumerate() {
        let found = printed[at..]
            .find(chunk)
            .unwrap_or_else(|| panic!("README chunk {k} not printed (in order):\n{chunk}"));
        if k == 0 {
            assert_eq!(found, 0, "the README starts where the output starts");
        }
        at += found + chunk.len();
    }
    if !block.ends_with("...\n") {
        assert_eq!(at, printed.len(), "the README shows the end of the output");
    }
    // The objectives side by side: the table is the start of `--compare`'s output.
    let start = readme
        .find("```text\nobjective ")
        .expect("the compare table")
        + 8;
    let table = &readme[start..start + readme[start..].find("```").unwrap()];
    let compared = run("propose_pairs", &["--quiet", "--compare"]);
    assert!(
        compared.starts_with(table),
        "README:\n{table}\nprinted:\n{compared}"
    );
}

/// An odd cohort in which everyone else has a partner: the teacher left over is left over
/// by parity, so the summary says no rule change helps and points to a trio, instead of
/// suggesting that several rules need changing; with `--trio` they join a pair.
#[test]
fn an_odd_cohort_points_to_a_trio_not_to_the_rules() {
    let cohort = format!("{DATA}/city_maths_cohort.json");
    let text = run("propose_pairs", &["--quiet", "--cohort", &cohort]);
    let notes = line_starting(&text, "- odd cohort").expect("the odd-cohort note");
    assert!(
        notes.contains("Finn O'Connor (T06) is left without a partner"),
        "{notes}"
    );
    assert!(notes.contains("the --trio option"), "{notes}");
    assert!(
        text.contains("an odd number of teachers can pair, so one is left over"),
        "{text}"
    );
    assert!(!text.contains("need more than one rule changed"), "{text}");
    // The page shows the same table and conclusion.
    let dir = temp("odd");
    run(
        "propose_pairs",
        &[
            "--quiet",
            "--cohort",
            &cohort,
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    let page = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        page.contains("<h3>What would help</h3>"),
        "no table on the page"
    );
    assert!(page.contains("so one is left over whatever the rules"));
    // The advice works: with --trio nobody is left out and the note is gone.
    let trio = run("propose_pairs", &["--quiet", "--cohort", &cohort, "--trio"]);
    assert!(line_starting(&trio, "- odd cohort").is_none(), "{trio}");
    assert!(trio.contains("(11 matched, 100%)"), "{trio}");
    // An even cohort whose unmatched teacher is ruled out by the rules keeps the old advice.
    let pilot = run("propose_pairs", &["--quiet"]);
    assert!(pilot.contains("need more than one rule changed"), "{pilot}");
}
