//! Strict, forgiving input: misspelt fields and columns are errors with a suggestion, a
//! one-teacher cohort is an error, a missing `free_periods` column and a byte-order mark
//! are typed notices.

use peermatch::cohort::{Cohort, IssueKind, LoadError, MeetingMode, NoticeKind};
use peermatch::compat::Policy;

const OK_JSON: &str = r#"{"schools": [{"id": "S1"}], "teachers": [
  {"id": "T1", "school": "S1", "subjects": ["calculus"], "preferences": ["T2"]},
  {"id": "T2", "school": "S1", "subjects": ["calculus"]}]}"#;

#[test]
fn misspelt_json_field_is_an_error_with_a_suggestion() {
    let bad = OK_JSON.replace("\"preferences\"", "\"prefrences\"");
    match Cohort::from_json_str(&bad) {
        Err(LoadError::UnknownField {
            path,
            teacher,
            field,
            suggestion,
            line,
            ..
        }) => {
            assert_eq!(path, "teachers[0]");
            assert_eq!(teacher.as_deref(), Some("T1"));
            assert_eq!(field, "prefrences");
            assert_eq!(suggestion.as_deref(), Some("preferences"));
            assert_eq!(line, 2);
        }
        other => panic!("{other:?}"),
    }
    // Nested objects and the top level too.
    let bad = OK_JSON.replace("{\"id\": \"S1\"}", "{\"id\": \"S1\", \"locaton\": null}");
    let e = Cohort::from_json_str(&bad).unwrap_err();
    assert!(e.to_string().contains("did you mean `location`"), "{e}");
    let bad = OK_JSON.replacen('{', "{\"teacher\": [], ", 1);
    let e = Cohort::from_json_str(&bad).unwrap_err();
    assert!(
        matches!(&e, LoadError::UnknownField { suggestion: Some(s), .. } if s == "teachers"),
        "{e}"
    );
    assert!(Cohort::from_json_str(OK_JSON).is_ok());
}

#[test]
fn misspelt_csv_header_is_an_error_with_a_suggestion() {
    let csv = "record,id,school,subjects,prefrences,free_periods\nschool,S1,,,,\n";
    match Cohort::from_csv_str(csv) {
        Err(LoadError::UnknownColumn { column, suggestion }) => {
            assert_eq!(column, "prefrences");
            assert_eq!(suggestion.as_deref(), Some("preferences"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_free_periods_column_is_a_loud_notice() {
    let csv =
        "record,id,school,subjects\nschool,S1,,\nteacher,T1,S1,calculus\nteacher,T2,S1,calculus\n";
    let c = Cohort::from_csv_str(csv).unwrap();
    let notices = c.validate().unwrap();
    assert!(notices.iter().any(|n| n.kind
        == NoticeKind::MissingColumn {
            column: "free_periods".into()
        }));
    // ... and with free-period meetings only, the graph then says nobody can meet.
    let p = Policy {
        meetings: peermatch::compat::MeetingModes::free_periods_only(),
        ..Policy::default()
    };
    let g = peermatch::graph::CompatibilityGraph::build(
        &c,
        &p,
        peermatch::compat::CandidateMode::Exact,
    )
    .unwrap();
    assert_eq!(g.edge_count(), 0);
    assert!(g
        .scorer()
        .notices()
        .iter()
        .any(|n| n.kind == NoticeKind::NoFeasiblePairs { teachers: 2 }));
}

#[test]
fn one_teacher_is_an_error() {
    let json = r#"{"schools": [{"id": "S1"}], "teachers": [{"id": "T1", "school": "S1"}]}"#;
    let e = Cohort::from_json_str(json).unwrap().validate().unwrap_err();
    assert!(e
        .issues
        .iter()
        .any(|i| i.kind == IssueKind::SingleTeacher { id: "T1".into() }));
}

#[test]
fn byte_order_mark_is_accepted_with_a_notice() {
    let c = Cohort::from_json_str(&format!("\u{feff}{OK_JSON}")).unwrap();
    let n = c.validate().unwrap();
    assert_eq!(n[0].kind, NoticeKind::ByteOrderMark);
    let (p, n) = Policy::from_json_str_with_notices("\u{feff}{\"preference_depth\": 3}").unwrap();
    assert_eq!(p.preference_depth, 3);
    assert_eq!(n[0].kind, NoticeKind::ByteOrderMark);
    let (_, n) = Policy::from_toml_str_with_notices("\u{feff}preference_depth = 3").unwrap();
    assert_eq!(n.len(), 1);
    let csv =
        "\u{feff}record,id,school,free_periods\nschool,S1,,\nteacher,T1,S1,\nteacher,T2,S1,\n";
    let c = Cohort::from_csv_str(csv).unwrap();
    assert!(c
        .validate()
        .unwrap()
        .iter()
        .any(|n| n.kind == NoticeKind::ByteOrderMark));
}

#[test]
fn meeting_fields_round_trip_and_old_policies_load() {
    let mut c = Cohort::from_json_str(OK_JSON).unwrap();
    c.teachers[0].minutes_per_week = Some(45);
    c.teachers[0].opt_out = vec![MeetingMode::AfterSchool, MeetingMode::Online];
    c.teachers[1].after_school = vec!["Tue 15:45-17:00".parse().unwrap()];
    c.schools[0].after_school = vec!["Wed 15:00-16:30".parse().unwrap()];
    assert_eq!(Cohort::from_csv_str(&c.to_csv_string()).unwrap(), c);
    assert_eq!(Cohort::from_json_str(&c.to_json_string()).unwrap(), c);
    // A cohort without the new fields writes the old 18 CSV columns.
    let plain = Cohort::from_json_str(OK_JSON).unwrap();
    assert_eq!(
        plain
            .to_csv_string()
            .lines()
            .next()
            .unwrap()
            .split(',')
            .count(),
        18
    );
    // The bundled policy file (no [meetings] table) still loads, with default modes.
    let p = Policy::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/policy.toml"
    ))
    .unwrap();
    assert_eq!(p.meetings, peermatch::compat::MeetingModes::default());
    assert_eq!(Policy::from_toml_str(&p.to_toml_string()).unwrap(), p);
    // A misspelt mode table is an error.
    assert!(Policy::from_toml_str("[meetings.after_scool]\nenabled = false").is_err());
}

#[path = "support/examples.rs"]
mod examples_support;

fn run_example(name: &str, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(examples_support::example(name))
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

/// `--history` without `--cooldown` or `--history-penalty` would do nothing: an error
/// that explains the two flags (exit 2).
#[test]
fn history_without_a_rule_is_an_error() {
    let dir = std::env::temp_dir().join(format!("peermatch-history-{}", std::process::id()));
    let d = dir.to_str().unwrap();
    let (code, _, err) = run_example("propose_pairs", &["--out", d]);
    assert_eq!(code, 0, "{err}");
    let prev = dir.join("proposal.json");
    let prev = prev.to_str().unwrap();
    let (code, _, err) = run_example("propose_pairs", &["--history", prev]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--cooldown") && err.contains("--history-penalty"),
        "{err}"
    );
    let (code, _, err) = run_example("propose_pairs", &["--history", prev, "--cooldown", "1"]);
    assert_eq!(code, 0, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every `--flag` that a program's `--help` mentions (options and their descriptions)
/// is one the program accepts: each is listed as an option of its own.
#[test]
fn help_mentions_only_existing_flags() {
    for name in ["propose_pairs", "rematch", "explain_pair"] {
        let (code, out, err) = run_example(name, &["--help"]);
        assert_eq!(code, 0, "{name}: {err}");
        let is_flag_char = |c: char| c.is_ascii_alphanumeric() || c == '-';
        let flags_in = |s: &str| -> Vec<String> {
            s.match_indices("--")
                .filter(|(i, _)| *i == 0 || !is_flag_char(s[..*i].chars().last().unwrap()))
                .map(|(i, _)| {
                    s[i + 2..]
                        .chars()
                        .take_while(|&c| is_flag_char(c))
                        .collect::<String>()
                })
                .filter(|f| !f.is_empty())
                .collect()
        };
        // Declared options: lines whose first token (after an optional `-x,`) is a flag.
        let declared: std::collections::BTreeSet<String> = out
            .lines()
            .filter_map(|l| {
                let t = l.trim_start();
                // `--flag ...` or `-x, --flag ...`
                let t = if t.len() > 4 && !t.starts_with("--") && &t[2..4] == ", " {
                    &t[4..]
                } else {
                    t
                };
                t.strip_prefix("--")
                    .map(|r| r.chars().take_while(|&c| is_flag_char(c)).collect())
            })
            .collect();
        for f in flags_in(&out) {
            assert!(
                declared.contains(&f),
                "{name} --help mentions --{f}, which it does not declare"
            );
        }
    }
}

/// A re-match after a teacher left: others' preference, avoid and must-pair entries
/// naming the leaver are dropped with a notice each, instead of failing validation;
/// the caller's cohort is not changed.
#[test]
fn rematch_drops_entries_naming_a_leaver_with_a_notice() {
    use peermatch::plan::{Notice, Planner};
    let mut cohort = Cohort::from_path("examples/data/pilot_cohort.json").unwrap();
    let first = Planner::new(cohort.clone(), Policy::default())
        .plan()
        .unwrap();
    let leaver = cohort.teachers[1].id.clone();
    cohort.teachers.remove(1);
    cohort.teachers[0].preferences = vec![leaver.clone()];
    cohort.teachers[2].avoid = vec![leaver.clone()];
    // Without the leaver's removal, validation rejects the unknown id.
    assert!(Planner::new(cohort.clone(), Policy::default())
        .plan()
        .is_err());
    let planner = Planner::new(cohort.clone(), Policy::default());
    let p = planner.rematch(&first, None).unwrap();
    let dropped: Vec<(String, String)> = p
        .notices
        .iter()
        .filter_map(|n| match n {
            Notice::LeaverEntryDropped {
                teacher,
                list,
                left,
            } if *left == leaver => Some((teacher.clone(), list.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        dropped,
        vec![
            (cohort.teachers[0].id.clone(), "preferences".to_string()),
            (cohort.teachers[2].id.clone(), "avoid".to_string())
        ]
    );
    assert_eq!(planner.cohort().teachers[0].preferences, vec![leaver]);
    assert!(!p
        .teachers
        .iter()
        .any(|t| *t == planner.cohort().teachers[0].preferences[0]));
}
