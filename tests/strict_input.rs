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
