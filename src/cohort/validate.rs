//! Validation of a [`Cohort`]: every problem at once, each naming the teacher (or school),
//! the field and, for CSV input, the line.
//!
//! Validation never changes the caller's data. Two things are *interpreted* rather than
//! rejected, and each is reported as a [`Notice`]:
//!
//! * free periods that touch (`Mon 10:00-10:40` and `Mon 10:40-11:30`) are treated as one
//!   period when computing common time;
//! * a must-pair listed by only one of the two teachers is treated as mutual;
//! * subjects and tags are compared ignoring case and surrounding spaces; a notice says so
//!   when a value is not already in that form.
//!
//! Everything else that is wrong is an [`IssueKind`] in a [`ValidationError`].

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::timetable::{merged_week_ranges, FreePeriod, MINUTES_PER_DAY};
use super::Cohort;

/// Largest accepted year level.
pub const MAX_YEAR_LEVEL: u8 = 20;

/// Which list of a teacher an issue is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ListKind {
    /// [`crate::cohort::Teacher::preferences`].
    Preferences,
    /// [`crate::cohort::Teacher::avoid`].
    Avoid,
    /// [`crate::cohort::Teacher::must_pair`].
    MustPair,
}

impl ListKind {
    /// The field name used in files.
    #[must_use]
    pub fn field(self) -> &'static str {
        match self {
            ListKind::Preferences => "preferences",
            ListKind::Avoid => "avoid",
            ListKind::MustPair => "must_pair",
        }
    }
}

/// What is wrong. The [`ValidationIssue`] around it says where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Error)]
pub enum IssueKind {
    /// The cohort has no teachers.
    #[error("the cohort has no teachers")]
    EmptyCohort,
    /// The cohort has a single teacher, who can be paired with nobody.
    #[error("the cohort has only one teacher ({id:?}); pairing needs at least two")]
    SingleTeacher {
        /// The one teacher's id.
        id: String,
    },
    /// An id is empty or only spaces.
    #[error("the id is empty")]
    EmptyId,
    /// A teacher or school id is used twice.
    #[error("id {id:?} is used more than once (first at {first})")]
    DuplicateId {
        /// The id.
        id: String,
        /// Where the first use is (`"line 4"` or `"position 3"`).
        first: String,
    },
    /// A teacher names a school that is not in the cohort.
    #[error("unknown school {school:?}")]
    UnknownSchool {
        /// The school id given.
        school: String,
    },
    /// A preference, avoid or must list names a teacher who is not in the cohort.
    #[error("`{}` names unknown teacher {other:?}", .list.field())]
    UnknownTeacher {
        /// The list.
        list: ListKind,
        /// The id given.
        other: String,
    },
    /// A teacher lists themself.
    #[error("`{}` names the teacher themself", .list.field())]
    SelfReference {
        /// The list.
        list: ListKind,
    },
    /// A list names the same teacher twice.
    #[error("`{}` names {other:?} more than once", .list.field())]
    DuplicateInList {
        /// The list.
        list: ListKind,
        /// The repeated id.
        other: String,
    },
    /// A free period or bell period ends at or before it starts.
    #[error("period {period} ends at or before it starts")]
    InvertedTime {
        /// The period as written (`Mon 11:00-10:00`).
        period: String,
    },
    /// A time is after 24:00.
    #[error("period {period} has a time after 24:00")]
    TimeOutOfRange {
        /// The period as written.
        period: String,
    },
    /// Two free periods of one teacher overlap.
    #[error("free periods {first} and {second} overlap")]
    OverlappingPeriods {
        /// The earlier period.
        first: String,
        /// The later period.
        second: String,
    },
    /// A day name is not Mon–Sun (CSV input).
    #[error("day {value:?} is not one of Mon..Sun")]
    BadDay {
        /// The text given.
        value: String,
    },
    /// A CSV cell could not be read.
    #[error("cannot read {value:?}: {reason}")]
    BadValue {
        /// The text given.
        value: String,
        /// Why.
        reason: String,
    },
    /// Latitude outside `-90..=90` or longitude outside `-180..=180`.
    #[error("coordinates ({lat}, {lon}) are out of range (lat -90..=90, lon -180..=180)")]
    CoordinatesOutOfRange {
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
    },
    /// A number is NaN or infinite.
    #[error("value is not a finite number")]
    NotFinite,
    /// A year level above [`MAX_YEAR_LEVEL`].
    #[error("year level {year} is out of range 0..={MAX_YEAR_LEVEL}")]
    YearLevelOutOfRange {
        /// The year level.
        year: u8,
    },
    /// A subject or tag is empty.
    #[error("an entry is empty")]
    EmptyValue,
    /// A must-pair with a teacher whom one of the two avoids.
    #[error("must-pair with {other:?} contradicts an avoid list ({avoider:?} avoids the other)")]
    MustContradictsAvoid {
        /// The other teacher.
        other: String,
        /// Who lists whom in `avoid`.
        avoider: String,
    },
    /// A teacher prefers someone they also avoid.
    #[error("prefers {other:?} and also avoids them")]
    PreferenceContradictsAvoid {
        /// The other teacher.
        other: String,
    },
    /// More distinct must-pair partners than the teacher's capacity.
    #[error("{must} must-pair partners ({}) but capacity {capacity}", .partners.join(", "))]
    MustExceedsCapacity {
        /// Number of distinct must-pair partners (own list and others naming this teacher).
        must: usize,
        /// The partners' ids, in cohort order.
        partners: Vec<String>,
        /// The capacity.
        capacity: u32,
    },
    /// A travel-time entry names a school that is not in the cohort.
    #[error("travel time entry is invalid: unknown school {school:?}")]
    UnknownTravelSchool {
        /// The school id given.
        school: String,
    },
    /// A travel-time entry goes from a school to itself.
    #[error("travel time entry is invalid: from and to are the same school {school:?}")]
    SameTravelSchool {
        /// The school id.
        school: String,
    },
}

/// One problem found in a cohort.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationIssue {
    /// The teacher concerned, if any.
    pub teacher: Option<String>,
    /// The school concerned, if the issue is about a school record.
    pub school: Option<String>,
    /// The field (`"free_periods"`, `"avoid"`, …).
    pub field: String,
    /// 1-based line in the CSV file, when the cohort came from CSV.
    pub line: Option<u64>,
    /// What is wrong.
    pub kind: IssueKind,
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = self.line {
            write!(f, "line {l}: ")?;
        }
        match (&self.teacher, &self.school) {
            (Some(t), _) => write!(f, "teacher {t:?}, ")?,
            (None, Some(s)) => write!(f, "school {s:?}, ")?,
            _ => {}
        }
        write!(f, "field `{}`: {}", self.field, self.kind)
    }
}

/// What a [`Notice`] says, typed: teacher ids and values sit in fields, and the words are
/// made by [`Display`](fmt::Display). Pseudonymisation ([`Notice::rename`]) renames the id
/// fields only; no code reads the text back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    /// A subject or tag is not in its comparison form (trimmed, lower case); it is
    /// compared as `key`.
    Normalised {
        /// The value as written.
        value: String,
        /// The form it is compared in.
        key: String,
    },
    /// Touching free periods of one teacher are treated as one longer period.
    TouchingPeriods {
        /// How many pairs of touching periods were joined.
        joins: usize,
    },
    /// A must-pair is listed by this teacher only; it is treated as mutual.
    OneSidedMustPair {
        /// The teacher named in the must-pair list (who does not name this teacher back).
        other: String,
    },
    /// The file started with a UTF-8 byte-order mark, which was skipped.
    ByteOrderMark,
    /// A CSV file has no column of this name, so the field is empty for every record.
    /// For `free_periods` this means nobody has any free time: a loud warning.
    MissingColumn {
        /// The column.
        column: String,
    },
    /// No pair of teachers can meet under the policy: the graph has no edges.
    NoFeasiblePairs {
        /// Teachers in the cohort.
        teachers: usize,
    },
    /// A notice read from a file written before notices were typed (its `kind` was
    /// `"Interpreted"`): the text as it was stored. Never produced by this version;
    /// [`Notice::rename`] withholds it, since its ids cannot be renamed.
    Legacy {
        /// The stored text.
        message: String,
    },
}

impl fmt::Display for NoticeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoticeKind::Normalised { value, key } => write!(f, "{value:?} is compared as {key:?}"),
            NoticeKind::TouchingPeriods { joins } => write!(
                f,
                "{joins} pair(s) of touching free periods are treated as one longer period"
            ),
            NoticeKind::OneSidedMustPair { other } => write!(
                f,
                "must-pair with {other:?} is listed by this teacher only; treated as mutual"
            ),
            NoticeKind::ByteOrderMark => {
                f.write_str("the file starts with a UTF-8 byte-order mark, which was skipped")
            }
            NoticeKind::MissingColumn { column } if column == "free_periods" => f.write_str(
                "the CSV header has no `free_periods` column: nobody has any free period, so \
                 no free-period meeting is possible",
            ),
            NoticeKind::MissingColumn { column } => write!(
                f,
                "the CSV header has no `{column}` column: the field is empty for every record"
            ),
            NoticeKind::NoFeasiblePairs { teachers } => write!(
                f,
                "no two of the {teachers} teachers can be paired under the policy: check free \
                 periods, travel and the hard rules (explain_pair shows why for a pair)"
            ),
            NoticeKind::Legacy { message } => f.write_str(message),
        }
    }
}

/// Something validation (or loading, or graph building) interpreted — never changed — and
/// wants the caller to know. Typed: the words come from [`NoticeKind`]'s `Display`.
///
/// In JSON a notice is `{"teacher", "field", "line", "kind", "message"}`; `message` is the
/// derived text, written for people and ignored when reading back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "NoticeJson", try_from = "NoticeJson")]
pub struct Notice {
    /// The teacher concerned.
    pub teacher: Option<String>,
    /// The field.
    pub field: String,
    /// CSV line, if any.
    pub line: Option<u64>,
    /// What the notice says, typed.
    pub kind: NoticeKind,
}

impl Notice {
    /// A notice about `field` (and `teacher`, `line` when known).
    pub fn new(teacher: Option<String>, field: &str, line: Option<u64>, kind: NoticeKind) -> Self {
        Notice {
            teacher,
            field: field.to_string(),
            line,
            kind,
        }
    }

    /// The notice's text without the teacher/field/line prefix (the kind's `Display`).
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// Renames every teacher id held in a typed field (`teacher`, and the other teacher of
    /// a [`NoticeKind::OneSidedMustPair`]); used by pseudonymisation. Text is never
    /// rewritten: the message is made from the renamed fields. A [`NoticeKind::Legacy`]
    /// text, whose ids cannot be found reliably, is withheld.
    pub fn rename(&mut self, m: &dyn Fn(&String) -> String) {
        if let Some(t) = &mut self.teacher {
            *t = m(t);
        }
        match &mut self.kind {
            NoticeKind::OneSidedMustPair { other } => *other = m(other),
            NoticeKind::Legacy { message } => {
                *message = "(a notice from an older file, withheld under pseudonyms)".into();
            }
            _ => {}
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = self.line {
            write!(f, "line {l}: ")?;
        }
        if let Some(t) = &self.teacher {
            write!(f, "teacher {t:?}, ")?;
        }
        write!(f, "field `{}`: {}", self.field, self.kind)
    }
}

/// The JSON shape of a [`Notice`]: the typed fields plus the derived `message`. Reading
/// accepts files from before notices were typed (`"kind": "Interpreted"` with the text in
/// `message`) as [`NoticeKind::Legacy`].
#[derive(Serialize, Deserialize)]
struct NoticeJson {
    teacher: Option<String>,
    field: String,
    line: Option<u64>,
    #[serde(default)]
    message: Option<String>,
    kind: KindJson,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum KindJson {
    Typed(NoticeKind),
    Old(OldKind),
}

#[derive(Serialize, Deserialize)]
enum OldKind {
    Interpreted,
}

impl From<Notice> for NoticeJson {
    fn from(n: Notice) -> Self {
        NoticeJson {
            message: Some(n.kind.to_string()),
            teacher: n.teacher,
            field: n.field,
            line: n.line,
            kind: KindJson::Typed(n.kind),
        }
    }
}

impl TryFrom<NoticeJson> for Notice {
    type Error = String;

    fn try_from(j: NoticeJson) -> Result<Self, String> {
        let kind = match j.kind {
            KindJson::Typed(k) => k,
            KindJson::Old(OldKind::Interpreted) => NoticeKind::Legacy {
                message: j
                    .message
                    .ok_or("a notice of kind \"Interpreted\" needs its `message`")?,
            },
        };
        Ok(Notice {
            teacher: j.teacher,
            field: j.field,
            line: j.line,
            kind,
        })
    }
}

/// All problems found in a cohort (never empty), plus the notices gathered on the way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Error)]
pub struct ValidationError {
    /// Every problem, in cohort order (schools, then teachers, then travel times).
    pub issues: Vec<ValidationIssue>,
    /// Notices (see [`Notice`]).
    pub notices: Vec<Notice>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the cohort:", self.issues.len())?;
        for i in &self.issues {
            write!(f, "\n  - {i}")?;
        }
        Ok(())
    }
}

/// CSV line numbers of the records of a cohort (all `None` for JSON or hand-built cohorts).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLines {
    /// Line of `schools[i]`.
    pub schools: Vec<Option<u64>>,
    /// Line of `teachers[i]`.
    pub teachers: Vec<Option<u64>>,
    /// Line of `travel_times[i]`.
    pub travel_times: Vec<Option<u64>>,
}

/// Normalised comparison key of a subject or tag: trimmed, lower-case.
pub(crate) fn norm_key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Whether `s` is already its own [`norm_key`], without allocating for ASCII text (the
/// common case: validation asks this for every subject and tag of every teacher).
fn is_norm_key(s: &str) -> bool {
    if s.is_ascii() {
        // ASCII text stays ASCII under trim and to_lowercase, which then only drop
        // (Unicode) white space at the ends and map A-Z to a-z.
        let b = s.as_bytes();
        let space = |x: Option<&u8>| x.is_some_and(|&c| char::from(c).is_whitespace());
        !space(b.first()) && !space(b.last()) && !b.iter().any(u8::is_ascii_uppercase)
    } else {
        norm_key(s) == s
    }
}

struct Ctx<'a> {
    lines: &'a SourceLines,
    issues: Vec<ValidationIssue>,
    notices: Vec<Notice>,
}

impl Ctx<'_> {
    fn teacher(&mut self, i: usize, id: &str, field: &str, kind: IssueKind) {
        self.issues.push(ValidationIssue {
            teacher: Some(id.to_string()),
            school: None,
            field: field.to_string(),
            line: self.lines.teachers.get(i).copied().flatten(),
            kind,
        });
    }
    fn school(&mut self, i: usize, id: &str, field: &str, kind: IssueKind) {
        self.issues.push(ValidationIssue {
            teacher: None,
            school: Some(id.to_string()),
            field: field.to_string(),
            line: self.lines.schools.get(i).copied().flatten(),
            kind,
        });
    }
    fn notice(&mut self, i: usize, id: &str, field: &str, kind: NoticeKind) {
        let line = self.lines.teachers.get(i).copied().flatten();
        self.notices
            .push(Notice::new(Some(id.to_string()), field, line, kind));
    }
    fn place(&self, lines: &[Option<u64>], i: usize) -> String {
        match lines.get(i).copied().flatten() {
            Some(l) => format!("line {l}"),
            None => format!("position {i}"),
        }
    }
}

fn check_period(p: &FreePeriod) -> Option<IssueKind> {
    // Formatted only when something is wrong: this runs for every period of every teacher.
    let s = || {
        format!(
            "{} {}-{}",
            p.day,
            super::format_time(p.start),
            super::format_time(p.end)
        )
    };
    if p.start > MINUTES_PER_DAY || p.end > MINUTES_PER_DAY {
        Some(IssueKind::TimeOutOfRange { period: s() })
    } else if p.end <= p.start {
        Some(IssueKind::InvertedTime { period: s() })
    } else {
        None
    }
}

/// Validates `cohort`; see the [module docs](self).
///
/// # Errors
/// A [`ValidationError`] listing every problem found.
pub fn validate(cohort: &Cohort) -> Result<Vec<Notice>, ValidationError> {
    let mut cx = Ctx {
        lines: &cohort.lines,
        issues: Vec::new(),
        notices: cohort.load_notices.clone(),
    };
    // Schools.
    // Id lookups only (never iterated), so hashing cannot change any order.
    let mut school_ix: HashMap<&str, usize> = HashMap::with_capacity(cohort.schools.len());
    for (i, s) in cohort.schools.iter().enumerate() {
        if s.id.trim().is_empty() {
            cx.school(i, &s.id, "id", IssueKind::EmptyId);
        } else if let Some(&j) = school_ix.get(s.id.as_str()) {
            let first = cx.place(&cohort.lines.schools, j);
            cx.school(
                i,
                &s.id,
                "id",
                IssueKind::DuplicateId {
                    id: s.id.clone(),
                    first,
                },
            );
        } else {
            school_ix.insert(&s.id, i);
        }
        if let Some(loc) = s.location {
            if !loc.lat.is_finite() || !loc.lon.is_finite() {
                cx.school(i, &s.id, "location", IssueKind::NotFinite);
            } else if loc.lat.abs() > 90.0 || loc.lon.abs() > 180.0 {
                cx.school(
                    i,
                    &s.id,
                    "location",
                    IssueKind::CoordinatesOutOfRange {
                        lat: loc.lat,
                        lon: loc.lon,
                    },
                );
            }
        }
        for p in &s.after_school {
            if let Some(k) = check_period(p) {
                cx.school(i, &s.id, "after_school", k);
            }
        }
        for p in &s.periods {
            let fp = FreePeriod::new(super::Day::Mon, p.start, p.end);
            if let Some(k) = check_period(&fp) {
                let period = p.to_string();
                let k = match k {
                    IssueKind::TimeOutOfRange { .. } => IssueKind::TimeOutOfRange { period },
                    _ => IssueKind::InvertedTime { period },
                };
                cx.school(i, &s.id, "periods", k);
            }
        }
    }
    if cohort.teachers.is_empty() {
        cx.issues.push(ValidationIssue {
            teacher: None,
            school: None,
            field: "teachers".into(),
            line: None,
            kind: IssueKind::EmptyCohort,
        });
    }
    if let [only] = cohort.teachers.as_slice() {
        cx.issues.push(ValidationIssue {
            teacher: Some(only.id.clone()),
            school: None,
            field: "teachers".into(),
            line: cohort.lines.teachers.first().copied().flatten(),
            kind: IssueKind::SingleTeacher {
                id: only.id.clone(),
            },
        });
    }
    // Teacher ids.
    let mut teacher_ix: HashMap<&str, usize> = HashMap::with_capacity(cohort.teachers.len());
    for (i, t) in cohort.teachers.iter().enumerate() {
        if t.id.trim().is_empty() {
            cx.teacher(i, &t.id, "id", IssueKind::EmptyId);
        } else if let Some(&j) = teacher_ix.get(t.id.as_str()) {
            let first = cx.place(&cohort.lines.teachers, j);
            cx.teacher(
                i,
                &t.id,
                "id",
                IssueKind::DuplicateId {
                    id: t.id.clone(),
                    first,
                },
            );
        } else {
            teacher_ix.insert(&t.id, i);
        }
    }
    // Must-pair partners per teacher (both directions), for the capacity check.
    let mut must_partners: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); cohort.teachers.len()];
    let mut ranges = Vec::new();
    for (i, t) in cohort.teachers.iter().enumerate() {
        let id = t.id.as_str();
        if !school_ix.contains_key(t.school.as_str()) {
            cx.teacher(
                i,
                id,
                "school",
                IssueKind::UnknownSchool {
                    school: t.school.clone(),
                },
            );
        }
        for (field, list) in [("subjects", &t.subjects), ("tags", &t.tags)] {
            for s in list {
                if s.trim().is_empty() {
                    cx.teacher(i, id, field, IssueKind::EmptyValue);
                } else if !is_norm_key(s) {
                    cx.notice(
                        i,
                        id,
                        field,
                        NoticeKind::Normalised {
                            value: s.clone(),
                            key: norm_key(s),
                        },
                    );
                }
            }
        }
        for &y in &t.year_levels {
            if y > MAX_YEAR_LEVEL {
                cx.teacher(
                    i,
                    id,
                    "year_levels",
                    IssueKind::YearLevelOutOfRange { year: y },
                );
            }
        }
        for p in &t.after_school {
            if let Some(k) = check_period(p) {
                cx.teacher(i, id, "after_school", k);
            }
        }
        // Free periods: each on its own, then overlaps / touches in week order.
        let mut ok = true;
        for p in &t.free_periods {
            if let Some(k) = check_period(p) {
                cx.teacher(i, id, "free_periods", k);
                ok = false;
            }
        }
        if ok {
            let mut sorted: Vec<&FreePeriod> = t.free_periods.iter().collect();
            sorted.sort_by_key(|p| p.week_range());
            for w in sorted.windows(2) {
                if w[1].week_range().0 < w[0].week_range().1 {
                    cx.teacher(
                        i,
                        id,
                        "free_periods",
                        IssueKind::OverlappingPeriods {
                            first: w[0].to_string(),
                            second: w[1].to_string(),
                        },
                    );
                    ok = false;
                }
            }
            if ok {
                ranges.clear();
                let joins = merged_week_ranges(&t.free_periods, &mut ranges);
                if joins > 0 {
                    cx.notice(i, id, "free_periods", NoticeKind::TouchingPeriods { joins });
                }
            }
        }
        // Lists.
        let mut resolved: [Vec<usize>; 3] = Default::default();
        for (li, (kind, list)) in [
            (ListKind::Preferences, &t.preferences),
            (ListKind::Avoid, &t.avoid),
            (ListKind::MustPair, &t.must_pair),
        ]
        .into_iter()
        .enumerate()
        {
            let mut seen = BTreeSet::new();
            for other in list {
                if other == id {
                    cx.teacher(i, id, kind.field(), IssueKind::SelfReference { list: kind });
                } else if let Some(&j) = teacher_ix.get(other.as_str()) {
                    if !seen.insert(j) {
                        cx.teacher(
                            i,
                            id,
                            kind.field(),
                            IssueKind::DuplicateInList {
                                list: kind,
                                other: other.clone(),
                            },
                        );
                    } else {
                        resolved[li].push(j);
                    }
                } else {
                    cx.teacher(
                        i,
                        id,
                        kind.field(),
                        IssueKind::UnknownTeacher {
                            list: kind,
                            other: other.clone(),
                        },
                    );
                }
            }
        }
        let [prefs, avoid, must] = resolved;
        for &j in &prefs {
            if avoid.contains(&j) {
                cx.teacher(
                    i,
                    id,
                    "preferences",
                    IssueKind::PreferenceContradictsAvoid {
                        other: cohort.teachers[j].id.clone(),
                    },
                );
            }
        }
        for &j in &must {
            let other = &cohort.teachers[j];
            must_partners[i].insert(j);
            must_partners[j].insert(i);
            let avoider = if avoid.contains(&j) {
                Some(id)
            } else if other.avoid.iter().any(|a| a == id) {
                Some(other.id.as_str())
            } else {
                None
            };
            if let Some(avoider) = avoider {
                cx.teacher(
                    i,
                    id,
                    "must_pair",
                    IssueKind::MustContradictsAvoid {
                        other: other.id.clone(),
                        avoider: avoider.to_string(),
                    },
                );
            }
            if !other.must_pair.iter().any(|m| m == id) {
                cx.notice(
                    i,
                    id,
                    "must_pair",
                    NoticeKind::OneSidedMustPair {
                        other: other.id.clone(),
                    },
                );
            }
        }
    }
    for (i, t) in cohort.teachers.iter().enumerate() {
        let m = &must_partners[i];
        if m.len() > t.capacity as usize {
            let partners = m.iter().map(|&j| cohort.teachers[j].id.clone()).collect();
            cx.teacher(
                i,
                &t.id,
                "must_pair",
                IssueKind::MustExceedsCapacity {
                    must: m.len(),
                    partners,
                    capacity: t.capacity,
                },
            );
        }
    }
    for (i, tt) in cohort.travel_times.iter().enumerate() {
        let mut bad = Vec::new();
        for s in [&tt.from, &tt.to] {
            if !school_ix.contains_key(s.as_str()) {
                bad.push(IssueKind::UnknownTravelSchool { school: s.clone() });
            }
        }
        if tt.from == tt.to {
            bad.push(IssueKind::SameTravelSchool {
                school: tt.from.clone(),
            });
        }
        for kind in bad {
            cx.issues.push(ValidationIssue {
                teacher: None,
                school: Some(tt.from.clone()),
                field: "travel_times".into(),
                line: cohort.lines.travel_times.get(i).copied().flatten(),
                kind,
            });
        }
    }
    if cx.issues.is_empty() {
        Ok(cx.notices)
    } else {
        Err(ValidationError {
            issues: cx.issues,
            notices: cx.notices,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{is_norm_key, norm_key};
    use proptest::prelude::*;

    #[test]
    fn norm_key_check_on_edge_cases() {
        for s in [
            "",
            "maths",
            "Maths",
            " maths",
            "maths ",
            "\u{b}maths",
            "maths\u{c}",
            "\u{1f}maths",
            "ma ths",
            "MATHS",
            "te reo",
            "İ",
            "i\u{307}",
            "Σ",
            "σ",
            "ς",
            "\u{a0}maths",
            "maths\u{85}",
            "ÉCOLE",
            "école",
            "\t",
            "a\r",
        ] {
            assert_eq!(is_norm_key(s), norm_key(s) == s, "{s:?}");
        }
    }

    proptest! {
        /// The allocation-free check agrees with comparing against the key.
        #[test]
        fn norm_key_check_agrees(s in "[ \\t\\n\\x0b\\x0c\\r\\x1c-\\x1faZz0_\\u{85}\\u{a0}İΣσÉé]{0,6}", t in any::<String>()) {
            prop_assert_eq!(is_norm_key(&s), norm_key(&s) == s);
            prop_assert_eq!(is_norm_key(&t), norm_key(&t) == t);
        }
    }
}
