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

/// Runs `form_groups --out` on the pilot cohort into a fresh folder.
fn bundle(tag: &str, extra: &[&str]) -> (std::path::PathBuf, serde_json::Value) {
    let dir =
        std::env::temp_dir().join(format!("peermatch_groups_out_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut args = vec!["--json", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    (dir, serde_json::from_str(&out).unwrap())
}

/// The pilot cohort's ids, names and school names, read independently of the crate.
fn pilot_people() -> Vec<(String, String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/pilot_cohort.json"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let schools = v["schools"].as_array().unwrap();
    v["teachers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let sid = t["school"].as_str().unwrap();
            let school = schools
                .iter()
                .find(|s| s["id"] == sid)
                .and_then(|s| s["name"].as_str())
                .unwrap_or(sid);
            (
                t["id"].as_str().unwrap().to_string(),
                t["name"].as_str().unwrap_or("").to_string(),
                school.to_string(),
            )
        })
        .collect()
}

/// The pilot cohort's teacher id -> school id, read independently of the crate.
fn pilot_school_ids() -> std::collections::BTreeMap<String, String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/pilot_cohort.json"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["teachers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["school"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn out_dir_has_every_member_once_in_csv_html_and_markdown() {
    let (dir, stdout_plan) = bundle("members", &["--min", "3", "--max", "4", "--seed", "2"]);
    // groups.json reads back as a GroupPlan equal to the plan printed by --json.
    let text = std::fs::read_to_string(dir.join("groups.json")).unwrap();
    let plan: peermatch::groups::GroupPlan = serde_json::from_str(&text).unwrap();
    let from_stdout: peermatch::groups::GroupPlan = serde_json::from_value(stdout_plan).unwrap();
    assert_eq!(plan, from_stdout);
    let people = pilot_people();
    assert_eq!(people.len(), 12);

    // groups.csv: one row per member, with the right group, name and school.
    let csv = std::fs::read_to_string(dir.join("groups.csv")).unwrap();
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("group,id,name,school,group_score,venue,travel_minutes,slot,notes"),
        "header"
    );
    let rows: Vec<Vec<String>> = rows
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 12);
    for (id, name, school) in &people {
        let mine: Vec<&Vec<String>> = rows.iter().filter(|r| &r[1] == id).collect();
        assert_eq!(mine.len(), 1, "{id} once in groups.csv");
        let r = mine[0];
        let g: usize = r[0].parse().unwrap();
        assert!(plan.groups[g - 1].ids.contains(id), "{id} in group {g}");
        if !name.contains(',') && !school.contains(',') {
            assert_eq!((&r[2], &r[3]), (name, school));
        }
    }

    // report.html: self-contained, every member in exactly one member row.
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for bad in ["http", " src=", "@import", "url("] {
        assert!(!html.contains(bad), "report.html contains {bad}");
    }
    let member_rows: Vec<&str> = html
        .split("<tr class=\"member\">")
        .skip(1)
        .map(|r| &r[..r.find("</tr>").unwrap()])
        .collect();
    assert_eq!(member_rows.len(), 12);
    for (id, _, _) in &people {
        let cell = format!("<td>{id}</td>");
        assert_eq!(
            member_rows.iter().filter(|r| r.contains(&cell)).count(),
            1,
            "{id} once in report.html"
        );
    }
    assert_eq!(
        html.matches("<section class=\"group\"").count(),
        plan.groups.len()
    );
    // meetings.json: one meeting per group, each member's travel in the CSV row.
    let meetings: Vec<peermatch::groups::GroupMeeting> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meetings.json")).unwrap()).unwrap();
    assert_eq!(meetings.len(), plan.groups.len());
    assert_eq!(
        html.matches("<p class=\"meeting\">").count(),
        plan.groups.len()
    );
    for (gi, (g, m)) in plan.groups.iter().zip(&meetings).enumerate() {
        let v = m.venue.as_ref().expect("the pilot schools have locations");
        for (k, id) in g.ids.iter().enumerate() {
            let r = rows.iter().find(|r| &r[1] == id).unwrap();
            assert_eq!(r[0], (gi + 1).to_string());
            assert_eq!(r[6], v.travel_minutes[k].to_string(), "{id}");
        }
    }

    // summary.md: every id in exactly one table row; the picture has a bar per group.
    let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    for (id, _, _) in &people {
        assert_eq!(
            md.matches(&format!("| {id} |")).count(),
            1,
            "{id} in summary.md"
        );
    }
    let svg = std::fs::read_to_string(dir.join("groups.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("class=\"score\"").count(), plan.groups.len());
    // Mix segments: one per distinct school of each group.
    let segments: usize = plan.groups.iter().map(|g| g.schools.len()).sum();
    assert_eq!(svg.matches("class=\"mix\"").count(), segments);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn out_dir_report_renders_in_headless_chromium() {
    let (dir, _) = bundle("chromium", &[]);
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| {
            let o = Command::new("which").arg(n).output().ok()?;
            let p = String::from_utf8_lossy(&o.stdout).trim().to_string();
            (o.status.success() && !p.is_empty()).then_some(p)
        })
        .expect("headless Chromium not found: install it with `apt-get install -y chromium`");
    let page = dir.join("report.html").canonicalize().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("<title>Peer groups"), "no title in the DOM");
    assert_eq!(dom.matches("<tr class=\"member\">").count(), 12);
    assert!(dom.contains("<svg") && dom.contains("class=\"mix\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_output_shows_venue_slot_travel_and_names_in_notes() {
    let (code, out, err) = run(&["--quiet"]);
    assert_eq!(code, 0, "{err}");
    let people = pilot_people();
    let school_of = |id: &str| people.iter().find(|p| p.0 == id).unwrap().2.clone();
    let groups: Vec<&str> = out.split("\nGroup ").skip(1).collect();
    assert!(!groups.is_empty());
    for g in &groups {
        let venue_line = g.lines().find(|l| l.starts_with("  Venue: ")).expect(g);
        assert!(venue_line.contains(". Meeting: "), "{venue_line}");
        let members: Vec<&str> = g
            .lines()
            .filter(|l| l.starts_with("  T"))
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert!(!members.is_empty());
        // The venue is a member's school, and that member travels 0 minutes.
        let venue = &venue_line["  Venue: ".len()..venue_line.find(" (").unwrap()];
        let at_venue: Vec<&&str> = members.iter().filter(|m| school_of(m) == venue).collect();
        assert!(!at_venue.is_empty(), "{venue} is no member's school:\n{g}");
        for m in at_venue {
            let line = g
                .lines()
                .find(|l| l.starts_with(&format!("  {m} ")))
                .unwrap();
            assert!(line.contains("   0 min"), "{line}");
        }
        for m in &members {
            let line = g
                .lines()
                .find(|l| l.starts_with(&format!("  {m} ")))
                .unwrap();
            assert!(line.contains(" min  "), "travel shown: {line}");
        }
    }
    // Notes name teachers by name beside the id.
    let notes: Vec<&str> = out.lines().filter(|l| l.starts_with("note: ")).collect();
    assert!(!notes.is_empty(), "{out}");
    for n in notes {
        for (id, name, _) in &people {
            if n.contains(&format!("{id})")) || n.contains(&format!(" {id} ")) {
                assert!(n.contains(&format!("{name} ({id})")), "{n}");
            }
        }
    }
}

/// The ids of the JSON plan's groups.
fn plan_groups(v: &serde_json::Value) -> Vec<Vec<String>> {
    serde_json::from_value::<peermatch::groups::GroupPlan>(v.clone())
        .unwrap()
        .groups
        .into_iter()
        .map(|g| g.ids)
        .collect()
}

fn kinds(v: &serde_json::Value, kind: &str) -> usize {
    v["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .count()
}

#[test]
fn travel_cap_and_min_schools_flags_report_what_cannot_be_met() {
    // A 10-minute cap cannot hold for the pilot's spread-out schools: notices say so.
    let (code, out, err) = run(&[
        "--quiet",
        "--json",
        "--max-travel",
        "10",
        "--min",
        "3",
        "--max",
        "4",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let over = kinds(&v, "TravelCapExceeded");
    assert!(over > 0, "{out}");
    for n in v["notices"].as_array().unwrap() {
        if n["kind"] == "TravelCapExceeded" {
            assert!(n["over"]
                .as_array()
                .unwrap()
                .iter()
                .all(|o| o["minutes"].as_u64().is_none_or(|m| m > 10)));
            assert!(n["message"]
                .as_str()
                .unwrap()
                .contains("cannot meet within 10 minutes"));
        }
    }
    // A generous cap and two schools per group are met: no constraint notice.
    let (code, out, err) = run(&[
        "--quiet",
        "--json",
        "--max-travel",
        "600",
        "--min-schools",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        kinds(&v, "TravelCapExceeded") + kinds(&v, "TooFewSchools"),
        0,
        "{out}"
    );
    let people = pilot_people();
    for g in plan_groups(&v) {
        let schools: std::collections::BTreeSet<&str> = g
            .iter()
            .map(|id| people.iter().find(|p| &p.0 == id).unwrap().2.as_str())
            .collect();
        assert!(schools.len() >= 2);
    }
    // Seven schools per group of 4 to 6 is impossible: every group is named.
    let (code, out, _) = run(&["--quiet", "--json", "--min-schools", "7"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(kinds(&v, "TooFewSchools"), plan_groups(&v).len());
}

/// A proposal.json from the propose_pairs example on the pilot cohort, and its pairs.
fn proposal(tag: &str) -> (PathBuf, Vec<(String, String)>) {
    let dir = std::env::temp_dir().join(format!(
        "peermatch_groups_pairs_{tag}_{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(examples_support::example("propose_pairs"))
        .args(["--quiet", "--out", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.join("proposal.json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let pairs = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["a"].as_str().unwrap().to_string(),
                p["b"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (path, pairs)
}

#[test]
fn pairs_flag_keeps_proposal_pairs_together_or_apart_or_says_which_not() {
    let (path, pairs) = proposal("modes");
    assert!(pairs.len() >= 3);
    for (mode, kind) in [("together", "PairSplit"), ("apart", "PairTogether")] {
        let (code, out, err) = run(&[
            "--quiet",
            "--json",
            "--min",
            "3",
            "--max",
            "4",
            "--pairs",
            path.to_str().unwrap(),
            "--pairs-mode",
            mode,
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let groups = plan_groups(&v);
        let group_of = |id: &str| {
            groups
                .iter()
                .position(|g| g.iter().any(|x| x == id))
                .unwrap()
        };
        let violated = pairs
            .iter()
            .filter(|(a, b)| (group_of(a) == group_of(b)) == (mode == "apart"))
            .count();
        assert_eq!(violated, kinds(&v, kind), "{mode}: {out}");
    }
    // Pairs sharing a teacher (capacity 2) chain into one group when kept together.
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}

#[test]
fn pairs_flag_errors_exit_2_naming_the_problem() {
    let (path, pairs) = proposal("errors");
    let text = std::fs::read_to_string(&path).unwrap();
    let (a, _) = &pairs[0];
    let bad = path.with_file_name("bad_proposal.json");
    std::fs::write(
        &bad,
        text.replacen(&format!("\"a\": \"{a}\""), "\"a\": \"T99\"", 1),
    )
    .unwrap();
    let (code, _, err) = run(&["--quiet", "--pairs", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("T99"), "{err}");
    let (code, _, err) = run(&["--quiet", "--pairs", "/no/such/proposal.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("/no/such/proposal.json"), "{err}");
    let junk = path.with_file_name("junk.json");
    std::fs::write(&junk, "{\"pairs\": 3}").unwrap();
    let (code, _, err) = run(&["--quiet", "--pairs", junk.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("not a proposal"), "{err}");
    let (code, _, _) = run(&[
        "--quiet",
        "--pairs",
        path.to_str().unwrap(),
        "--pairs-mode",
        "sideways",
    ]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["--quiet", "--max-travel", "-5"]);
    assert_eq!(code, 2);
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}

#[test]
fn out_files_show_constraint_notices_by_name() {
    let school_id = |id: &str| pilot_school_ids()[id].clone();
    let (dir, v) = bundle(
        "constraints",
        &["--quiet", "--max-travel", "10", "--min-schools", "4"],
    );
    let plan: peermatch::groups::GroupPlan = serde_json::from_value(v).unwrap();
    let over: Vec<usize> = plan
        .notices
        .iter()
        .filter_map(|n| match n {
            peermatch::groups::GroupNotice::TravelCapExceeded { group, .. } => Some(*group),
            _ => None,
        })
        .collect();
    assert!(!over.is_empty());
    let people = pilot_people();
    let mut rdr = csv::Reader::from_path(dir.join("groups.csv")).unwrap();
    for row in rdr.records() {
        let row = row.unwrap();
        let g: usize = row[0].parse().unwrap();
        let notes = &row[8];
        // Members of a group over the cap carry the note, others do not.
        assert_eq!(
            notes.contains("minutes' travel"),
            over.contains(&(g - 1)),
            "{:?}",
            row
        );
        if over.contains(&(g - 1)) {
            // The note names the group by the number of the CSV's group column, the
            // venue by its school name and the members over the cap by name.
            let (id, name, _) = people.iter().find(|p| p.0 == row[1]).unwrap();
            assert!(
                notes.contains(&format!("Group {g} cannot meet within 10 minutes' travel")),
                "{notes} ({name} {id})"
            );
            assert!(!notes.contains("the group with"), "{notes}");
            let n = plan
                .notices
                .iter()
                .find(|n| matches!(n, peermatch::groups::GroupNotice::TravelCapExceeded { group, .. } if *group == g - 1))
                .unwrap();
            if let peermatch::groups::GroupNotice::TravelCapExceeded { venue, over, .. } = n {
                let venue = venue.as_deref().unwrap();
                let venue_name = people
                    .iter()
                    .find(|p| plan.groups[g - 1].ids.contains(&p.0) && school_id(&p.0) == venue)
                    .unwrap()
                    .2
                    .clone();
                assert!(
                    notes.contains(&format!("at the venue, {venue_name}: ")),
                    "{notes}"
                );
                for t in over {
                    let tid = t.member.id.as_deref().unwrap();
                    let tname = &people.iter().find(|p| p.0 == tid).unwrap().1;
                    assert!(notes.contains(&format!("{tname} ({tid})")), "{notes}");
                }
            }
        }
    }
    let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(md.matches("minutes' travel").count(), over.len());
    assert_eq!(
        html.matches("minutes&#39; travel").count() + html.matches("minutes' travel").count(),
        over.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
