//! Every bad-input class gives its documented error, naming teacher, field and (CSV) line;
//! all problems are reported at once; nothing is changed; notices say what was interpreted.

use peermatch::cohort::{
    Cohort, Day, FreePeriod, IssueKind, ListKind, LoadError, Location, School, Teacher,
    ValidationError,
};

fn base() -> Cohort {
    let t = |id: &str, school: &str| {
        Teacher::new(id, school)
            .with_subjects(["calculus"])
            .with_year_levels([12, 13])
            .with_free_periods([FreePeriod::new(Day::Mon, 600, 660)])
    };
    Cohort::new(
        vec![
            School::new("S1", "One").with_location(Location::new(-41.29, 174.78)),
            School::new("S2", "Two").with_location(Location::new(-41.25, 174.77)),
        ],
        vec![t("A", "S1"), t("B", "S1"), t("C", "S2")],
    )
}

fn errors(c: &Cohort) -> ValidationError {
    c.validate().expect_err("cohort should be invalid")
}

/// Exactly one issue; returns it.
fn one(c: &Cohort) -> peermatch::cohort::ValidationIssue {
    let e = errors(c);
    assert_eq!(e.issues.len(), 1, "{e}");
    e.issues.into_iter().next().unwrap()
}

#[test]
fn base_is_valid() {
    assert_eq!(base().validate(), Ok(vec![]));
}

#[test]
fn empty_cohort() {
    let c = Cohort::new(vec![School::new("S1", "")], vec![]);
    assert_eq!(one(&c).kind, IssueKind::EmptyCohort);
}

#[test]
fn duplicate_ids() {
    let mut c = base();
    c.teachers[2].id = "A".into();
    let i = one(&c);
    assert_eq!(i.teacher.as_deref(), Some("A"));
    assert_eq!(i.field, "id");
    assert!(matches!(i.kind, IssueKind::DuplicateId { ref first, .. } if first == "position 0"));
    let mut c = base();
    c.schools[1].id = "S1".into();
    c.teachers[2].school = "S1".into();
    assert!(matches!(one(&c).kind, IssueKind::DuplicateId { .. }));
}

#[test]
fn unknown_school() {
    let mut c = base();
    c.teachers[1].school = "S9".into();
    let i = one(&c);
    assert_eq!(
        (i.teacher.as_deref(), i.field.as_str()),
        (Some("B"), "school")
    );
    assert_eq!(
        i.kind,
        IssueKind::UnknownSchool {
            school: "S9".into()
        }
    );
}

#[test]
fn unknown_teacher_in_each_list() {
    for (k, list) in [ListKind::Preferences, ListKind::Avoid, ListKind::MustPair]
        .into_iter()
        .enumerate()
    {
        let mut c = base();
        let t = &mut c.teachers[0];
        [&mut t.preferences, &mut t.avoid, &mut t.must_pair][k].push("Z".into());
        let i = one(&c);
        assert_eq!(i.field, list.field());
        assert_eq!(
            i.kind,
            IssueKind::UnknownTeacher {
                list,
                other: "Z".into()
            }
        );
    }
}

#[test]
fn self_reference_and_duplicates() {
    let mut c = base();
    c.teachers[0].preferences = vec!["A".into()];
    assert_eq!(
        one(&c).kind,
        IssueKind::SelfReference {
            list: ListKind::Preferences
        }
    );
    let mut c = base();
    c.teachers[0].avoid = vec!["B".into(), "B".into()];
    assert!(matches!(
        one(&c).kind,
        IssueKind::DuplicateInList {
            list: ListKind::Avoid,
            ..
        }
    ));
}

#[test]
fn inverted_out_of_range_and_overlapping_times() {
    let mut c = base();
    c.teachers[0]
        .free_periods
        .push(FreePeriod::new(Day::Tue, 700, 650));
    assert!(
        matches!(one(&c).kind, IssueKind::InvertedTime { ref period } if period == "Tue 11:40-10:50")
    );
    let mut c = base();
    c.teachers[0]
        .free_periods
        .push(FreePeriod::new(Day::Tue, 700, 700));
    assert!(matches!(one(&c).kind, IssueKind::InvertedTime { .. }));
    let mut c = base();
    c.teachers[0]
        .free_periods
        .push(FreePeriod::new(Day::Tue, 1400, 1500));
    assert!(matches!(one(&c).kind, IssueKind::TimeOutOfRange { .. }));
    let mut c = base();
    c.teachers[0]
        .free_periods
        .push(FreePeriod::new(Day::Mon, 630, 700));
    let i = one(&c);
    assert_eq!(i.field, "free_periods");
    assert!(matches!(i.kind, IssueKind::OverlappingPeriods { .. }));
}

#[test]
fn touching_periods_are_a_notice_not_a_change() {
    let mut c = base();
    c.teachers[0]
        .free_periods
        .push(FreePeriod::new(Day::Mon, 660, 700));
    let before = c.clone();
    let notices = c.validate().unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].teacher.as_deref(), Some("A"));
    assert_eq!(c, before);
    assert_eq!(c.teachers[0].free_periods.len(), 2);
}

#[test]
fn coordinates_and_nan() {
    let mut c = base();
    c.schools[0].location = Some(Location::new(95.0, 10.0));
    let i = one(&c);
    assert_eq!(
        (i.school.as_deref(), i.field.as_str()),
        (Some("S1"), "location")
    );
    assert!(matches!(i.kind, IssueKind::CoordinatesOutOfRange { .. }));
    for bad in [f64::NAN, f64::INFINITY] {
        let mut c = base();
        c.schools[1].location = Some(Location::new(0.0, bad));
        assert_eq!(one(&c).kind, IssueKind::NotFinite);
    }
}

#[test]
fn must_contradicts_avoid_and_capacity() {
    let mut c = base();
    c.teachers[0].must_pair = vec!["B".into()];
    c.teachers[1].must_pair = vec!["A".into()];
    c.teachers[1].avoid = vec!["A".into()];
    let e = errors(&c);
    assert!(e.issues.iter().any(|i| i.teacher.as_deref() == Some("A")
        && matches!(&i.kind, IssueKind::MustContradictsAvoid { avoider, .. } if avoider == "B")));
    let mut c = base();
    c.teachers[0].must_pair = vec!["B".into(), "C".into()];
    let e = errors(&c);
    assert!(
        e.issues.iter().any(|i| i.teacher.as_deref() == Some("A")
            && matches!(
                i.kind,
                IssueKind::MustExceedsCapacity {
                    must: 2,
                    capacity: 1,
                    ..
                }
            )),
        "{e}"
    );
    // Capacity counts must-pairs others declare too.
    let mut c = base();
    c.teachers[1].must_pair = vec!["A".into()];
    c.teachers[2].must_pair = vec!["A".into()];
    let e = errors(&c);
    assert!(e.issues.iter().any(|i| i.teacher.as_deref() == Some("A")
        && matches!(i.kind, IssueKind::MustExceedsCapacity { must: 2, .. })));
    // One-sided must-pair: a notice.
    let mut c = base();
    c.teachers[0].must_pair = vec!["B".into()];
    let n = c.validate().unwrap();
    assert_eq!(
        n[0].kind,
        peermatch::cohort::NoticeKind::OneSidedMustPair { other: "B".into() }
    );
    assert!(n[0].to_string().contains("treated as mutual"));
}

#[test]
fn year_levels_and_empty_values() {
    let mut c = base();
    c.teachers[0].year_levels.push(40);
    assert_eq!(one(&c).kind, IssueKind::YearLevelOutOfRange { year: 40 });
    let mut c = base();
    c.teachers[0].subjects.push("  ".into());
    assert_eq!(one(&c).kind, IssueKind::EmptyValue);
}

#[test]
fn all_problems_at_once() {
    let mut c = base();
    c.teachers[0].school = "nowhere".into();
    c.teachers[1].preferences = vec!["B".into(), "ghost".into()];
    c.teachers[2]
        .free_periods
        .push(FreePeriod::new(Day::Sun, 900, 800));
    c.schools[0].location = Some(Location::new(f64::NAN, 0.0));
    let e = errors(&c);
    assert_eq!(e.issues.len(), 5, "{e}");
    let text = e.to_string();
    for needle in ["\"A\"", "\"B\"", "\"C\"", "S1", "ghost", "Sun 15:00-13:20"] {
        assert!(text.contains(needle), "{needle} missing from\n{text}");
    }
}

const CSV_BAD: &str = "\
record,id,name,school,lat,lon,subjects,year_levels,free_periods,capacity,preferences,must_pair
school,S1,One,,-41.3,174.8,,,,,,
school,S2,Two,,-95,174.8,,,,,,
# a comment line
teacher,A,,S1,,,calculus,12;13,Mon 10:00-11:00;Xyz 10:00-11:00,1,B;ghost,
teacher,B,,S1,,,calculus,12,Tue 11:00-10:00,x,,
teacher,C,,S3,,,calculus,twelve,Wed 10:00-11:00;Wed 10:30-11:30,1,C,
";

#[test]
fn csv_issues_name_lines() {
    let Err(LoadError::Invalid(e)) = Cohort::from_csv_str(CSV_BAD) else {
        panic!("expected a validation error");
    };
    let at = |line: u64, f: &dyn Fn(&IssueKind) -> bool| {
        assert!(
            e.issues.iter().any(|i| i.line == Some(line) && f(&i.kind)),
            "no matching issue on line {line}:\n{e}"
        )
    };
    at(3, &|k| matches!(k, IssueKind::CoordinatesOutOfRange { .. }));
    at(
        5,
        &|k| matches!(k, IssueKind::BadDay { value } if value == "Xyz"),
    );
    at(5, &|k| matches!(k, IssueKind::UnknownTeacher { .. }));
    at(6, &|k| matches!(k, IssueKind::InvertedTime { .. }));
    at(
        6,
        &|k| matches!(k, IssueKind::BadValue { value, .. } if value == "x"),
    );
    at(7, &|k| matches!(k, IssueKind::UnknownSchool { .. }));
    at(
        7,
        &|k| matches!(k, IssueKind::BadValue { value, .. } if value == "twelve"),
    );
    at(7, &|k| matches!(k, IssueKind::OverlappingPeriods { .. }));
    at(7, &|k| matches!(k, IssueKind::SelfReference { .. }));
    assert!(
        e.to_string()
            .contains("line 5: teacher \"A\", field `free_periods`"),
        "{e}"
    );
}

#[test]
fn csv_missing_column_and_json_errors() {
    assert!(matches!(
        Cohort::from_csv_str("record,name\nteacher,x\n"),
        Err(LoadError::MissingColumn(c)) if c == "id"
    ));
    // JSON type errors (e.g. a day outside Mon–Sun) stop at serde with a position.
    let bad = r#"{"schools": [], "teachers": [{"id": "A", "school": "S",
        "free_periods": [{"day": "Funday", "start": 600, "end": 660}]}]}"#;
    let err = Cohort::from_json_str(bad).unwrap_err();
    assert!(matches!(err, LoadError::Json(_)));
    assert!(err.to_string().contains("Funday"));
}

#[test]
fn sample_files_agree_and_validate() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/");
    let j = Cohort::from_path(format!("{dir}pilot_cohort.json")).unwrap();
    let c = Cohort::from_path(format!("{dir}pilot_cohort.csv")).unwrap();
    assert_eq!(j, c);
    assert!(j.validate().is_ok());
    assert_eq!(j.teachers.len(), 12);
    assert_eq!(j.schools.len(), 10);
    // CSV keeps line numbers; JSON does not.
    assert_eq!(c.lines.teachers[0], Some(12));
    assert!(j.lines.teachers.is_empty());
}

#[test]
fn json_and_csv_roundtrip_generated() {
    use peermatch::cohort::generate::{generate, GeneratorConfig};
    for seed in 0..5 {
        let g = generate(&GeneratorConfig::region(300, seed));
        assert!(g.validate().is_ok());
        assert_eq!(Cohort::from_json_str(&g.to_json_string()).unwrap(), g);
        assert_eq!(Cohort::from_csv_str(&g.to_csv_string()).unwrap(), g);
    }
}

/// Regression (issue 11, D7): ids that look like pseudonyms used to collapse when notice
/// text was rewritten ("T002 must-pair with T001" became "T001 … must-pair with T001").
/// Notices are typed now: pseudonymising renames the id fields and the text is made from
/// them, so the two teachers stay two.
#[test]
fn pseudonymised_validation_notices_keep_distinct_ids() {
    use peermatch::cohort::NoticeKind;
    use peermatch::compat::Policy;
    use peermatch::plan::{Notice as PlanNotice, Planner};
    let t = |id: &str| {
        Teacher::new(id, "S1")
            .with_subjects(["calculus"])
            .with_year_levels([12])
            .with_free_periods([FreePeriod::new(Day::Mon, 600, 660)])
    };
    // Cohort order T002, T001, T003, T004: the pseudonyms swap the first two ids.
    let mut teachers = vec![t("T002"), t("T001"), t("T003"), t("T004")];
    teachers[0].must_pair = vec!["T001".into()];
    let c = Cohort::new(vec![School::new("S1", "One")], teachers);
    let p = Planner::new(c, Policy::default()).plan().unwrap();
    let q = p.pseudonymised();
    // The mapping, from the proposal's own teacher lists (cohort order both).
    let map: std::collections::BTreeMap<&str, &str> = p
        .teachers
        .iter()
        .map(String::as_str)
        .zip(q.teachers.iter().map(String::as_str))
        .collect();
    let one_sided = |p: &peermatch::plan::Proposal| {
        p.notices
            .iter()
            .find_map(|n| match n {
                PlanNotice::Validation { notice } => match &notice.kind {
                    NoticeKind::OneSidedMustPair { other } => Some((
                        notice.teacher.clone().unwrap(),
                        other.clone(),
                        n.to_string(),
                    )),
                    _ => None,
                },
                _ => None,
            })
            .expect("a one-sided must-pair notice")
    };
    let (a, b, _) = one_sided(&p);
    assert_eq!((a.as_str(), b.as_str()), ("T002", "T001"));
    let (qa, qb, text) = one_sided(&q);
    assert_eq!(qa, map["T002"]);
    assert_eq!(qb, map["T001"]);
    assert_ne!(qa, qb, "two teachers collapsed into one: {text}");
    assert!(
        text.contains(&format!("teacher {qa:?}"))
            && text.contains(&format!("must-pair with {qb:?}")),
        "{text}"
    );
}

/// Notices are typed in JSON too: the kind with its fields, plus the derived `message`
/// (ignored when reading). Files written before notices were typed (`"kind":
/// "Interpreted"` and the text in `message`) still read, as `Legacy`, and their text is
/// withheld rather than rewritten when ids are renamed.
#[test]
fn notice_json_roundtrip_and_legacy_files() {
    use peermatch::cohort::{Notice, NoticeKind};
    let kinds = [
        NoticeKind::Normalised {
            value: " Maths".into(),
            key: "maths".into(),
        },
        NoticeKind::TouchingPeriods { joins: 2 },
        NoticeKind::OneSidedMustPair { other: "B".into() },
        NoticeKind::ByteOrderMark,
        NoticeKind::MissingColumn {
            column: "free_periods".into(),
        },
        NoticeKind::NoFeasiblePairs { teachers: 3 },
    ];
    for kind in kinds {
        let n = Notice::new(Some("A".into()), "must_pair", Some(4), kind);
        let json = serde_json::to_value(&n).unwrap();
        assert_eq!(json["message"], n.message());
        assert_eq!(serde_json::from_value::<Notice>(json).unwrap(), n);
    }
    let old = r#"{"teacher": "A", "field": "must_pair", "line": null,
        "message": "must-pair with \"B\" is listed by this teacher only; treated as mutual",
        "kind": "Interpreted"}"#;
    let mut n: Notice = serde_json::from_str(old).unwrap();
    assert!(matches!(&n.kind, NoticeKind::Legacy { message } if message.contains("\"B\"")));
    n.rename(&|s| format!("P-{s}"));
    assert_eq!(n.teacher.as_deref(), Some("P-A"));
    assert!(!n.to_string().contains("\"B\""), "{n}");
    // A legacy notice without its text is an error, not an empty notice.
    let bad = r#"{"teacher": null, "field": "x", "line": null, "kind": "Interpreted"}"#;
    assert!(serde_json::from_str::<Notice>(bad).is_err());
}

/// Issues are typed as well: must-pair partners are a list of ids, and a bad travel-time
/// entry says which school, in a field (no ids inside free text).
#[test]
fn typed_issue_fields() {
    let mut c = base();
    c.teachers[1].must_pair = vec!["A".into()];
    c.teachers[2].must_pair = vec!["A".into()];
    let e = errors(&c);
    let i = e
        .issues
        .iter()
        .find(|i| matches!(i.kind, IssueKind::MustExceedsCapacity { .. }))
        .unwrap();
    assert_eq!(
        i.kind,
        IssueKind::MustExceedsCapacity {
            must: 2,
            partners: vec!["B".into(), "C".into()],
            capacity: 1
        }
    );
    assert!(i.to_string().contains("(B, C)"), "{i}");
    let c = base().with_travel_times([
        peermatch::cohort::TravelTime {
            from: "S1".into(),
            to: "S9".into(),
            minutes: 5,
        },
        peermatch::cohort::TravelTime {
            from: "S2".into(),
            to: "S2".into(),
            minutes: 5,
        },
    ]);
    let kinds: Vec<IssueKind> = errors(&c).issues.into_iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        vec![
            IssueKind::UnknownTravelSchool {
                school: "S9".into()
            },
            IssueKind::SameTravelSchool {
                school: "S2".into()
            },
        ]
    );
}
