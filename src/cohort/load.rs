//! Reading and writing cohorts as JSON and CSV.
//!
//! # CSV layout
//!
//! One file with a header line. The `record` column says what a line is:
//!
//! | record    | columns used |
//! |-----------|--------------|
//! | `school`  | `id`, `name`, `lat`, `lon`, `periods` (`P1 08:50-09:45;P2 09:45-10:40`) |
//! | `teacher` | `id`, `name`, `school`, `subjects`, `year_levels`, `free_periods` (`Mon 10:40-11:35;Tue 13:20-14:15`), `focus`, `tags`, `experience_years`, `capacity`, `preferences`, `avoid`, `must_pair` |
//! | `travel`  | `id` (from school), `school` (to school), `minutes` |
//!
//! Optional teacher columns [`CSV_MEETING_COLUMNS`]: `minutes_per_week`, `opt_out`
//! (`after_school;visit`), `after_school` (`Mon 15:30-17:00;Thu 15:30-16:30`; also read on
//! `school` lines, for a school's own after-school windows).
//!
//! A header cell that is not a known column is an error ([`LoadError::UnknownColumn`],
//! with a did-you-mean suggestion); a missing `free_periods` column is a loud
//! [`NoticeKind::MissingColumn`] notice. Columns may come in any order and may be missing (empty). Lines starting with `#` are
//! comments (a line whose first cell starts with `#`). Cells are trimmed. Lists use `;`. An empty `capacity` means 1.

use std::io::Read;
use std::path::Path;

use thiserror::Error;

use super::validate::{IssueKind, Notice, NoticeKind, ValidationError, ValidationIssue};
use super::{
    BellPeriod, Cohort, Focus, FreePeriod, Location, MeetingMode, School, Teacher, TimeParseError,
    TravelTime,
};

/// Why a cohort file could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// JSON syntax or type error (serde reports line and column).
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// CSV syntax error (the csv crate reports the position).
    #[error("invalid CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The CSV header lacks a required column.
    #[error("the CSV header has no `{0}` column")]
    MissingColumn(String),
    /// Cells that could not be read, plus the validation issues of what could be read.
    #[error("{0}")]
    Invalid(ValidationError),
    /// A JSON object has a field the format does not know (a misspelling would otherwise
    /// drop data silently).
    #[error("{}unknown field `{field}` in {path}{}", teacher.as_ref().map(|t| format!("teacher {t:?}: ")).unwrap_or_default(), suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownField {
        /// Where: `teachers[3]`, `schools[0].location`, `(top level)`.
        path: String,
        /// The teacher's id when the object is (inside) a teacher record.
        teacher: Option<String>,
        /// The unknown field name.
        field: String,
        /// The closest known field name, if one is close.
        suggestion: Option<String>,
        /// serde's line of the error, 1-based.
        line: usize,
        /// serde's column.
        column: usize,
    },
    /// A CSV header names a column the layout does not know.
    #[error("line 1: unknown CSV column `{column}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownColumn {
        /// The header cell.
        column: String,
        /// The closest known column, if one is close.
        suggestion: Option<String>,
    },
    /// The file extension is neither `.json` nor `.csv`.
    #[error("cannot tell the format of {0}: use a .json or .csv file")]
    UnknownFormat(String),
}

/// Column names of the CSV layout, in the order [`Cohort::to_csv_string`] writes them.
pub const CSV_COLUMNS: [&str; 18] = [
    "record",
    "id",
    "name",
    "school",
    "lat",
    "lon",
    "periods",
    "subjects",
    "year_levels",
    "free_periods",
    "focus",
    "tags",
    "experience_years",
    "capacity",
    "preferences",
    "avoid",
    "must_pair",
    "minutes",
];

/// Optional columns for the meeting-mode fields, written by [`Cohort::to_csv_string`] only
/// when some teacher uses them (so older files and outputs are unchanged).
pub const CSV_MEETING_COLUMNS: [&str; 3] = ["minutes_per_week", "opt_out", "after_school"];

const COHORT_FIELDS: &[&str] = &["schools", "teachers", "travel_times"];
const SCHOOL_FIELDS: &[&str] = &["id", "name", "location", "periods", "after_school"];
const LOCATION_FIELDS: &[&str] = &["lat", "lon"];
const PERIOD_FIELDS: &[&str] = &["name", "start", "end"];
const FREE_FIELDS: &[&str] = &["day", "start", "end"];
const TRAVEL_FIELDS: &[&str] = &["from", "to", "minutes"];
const TEACHER_FIELDS: &[&str] = &[
    "id",
    "name",
    "school",
    "subjects",
    "year_levels",
    "free_periods",
    "focus",
    "tags",
    "experience_years",
    "capacity",
    "preferences",
    "avoid",
    "must_pair",
    "minutes_per_week",
    "opt_out",
    "after_school",
];

/// The first unknown field of a cohort JSON value: `(path, teacher id, field, suggestion)`.
fn find_unknown_field(
    v: &serde_json::Value,
) -> Option<(String, Option<String>, String, Option<String>)> {
    use serde_json::Value;
    fn check(
        v: &Value,
        known: &[&str],
        path: &str,
        teacher: Option<&str>,
    ) -> Option<(String, Option<String>, String, Option<String>)> {
        let obj = v.as_object()?;
        obj.keys().find(|k| !known.contains(&k.as_str())).map(|k| {
            (
                path.to_string(),
                teacher.map(String::from),
                k.clone(),
                super::did_you_mean(k, known),
            )
        })
    }
    fn each<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = (usize, &'a Value)> {
        v.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
    }
    if let Some(hit) = check(v, COHORT_FIELDS, "(top level)", None) {
        return Some(hit);
    }
    for (i, s) in each(v, "schools") {
        let p = format!("schools[{i}]");
        let hit = check(s, SCHOOL_FIELDS, &p, None)
            .or_else(|| {
                s.get("location")
                    .and_then(|l| check(l, LOCATION_FIELDS, &format!("{p}.location"), None))
            })
            .or_else(|| {
                each(s, "periods")
                    .find_map(|(k, b)| check(b, PERIOD_FIELDS, &format!("{p}.periods[{k}]"), None))
            })
            .or_else(|| {
                each(s, "after_school").find_map(|(k, b)| {
                    check(b, FREE_FIELDS, &format!("{p}.after_school[{k}]"), None)
                })
            });
        if hit.is_some() {
            return hit;
        }
    }
    for (i, t) in each(v, "teachers") {
        let p = format!("teachers[{i}]");
        let id = t.get("id").and_then(Value::as_str);
        let hit = check(t, TEACHER_FIELDS, &p, id).or_else(|| {
            ["free_periods", "after_school"].iter().find_map(|f| {
                each(t, f).find_map(|(k, b)| check(b, FREE_FIELDS, &format!("{p}.{f}[{k}]"), id))
            })
        });
        if hit.is_some() {
            return hit;
        }
    }
    each(v, "travel_times")
        .find_map(|(i, t)| check(t, TRAVEL_FIELDS, &format!("travel_times[{i}]"), None))
}

/// Strips a leading UTF-8 byte-order mark; the notice says so.
pub(crate) fn strip_bom(text: &str) -> (&str, Option<Notice>) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (
            rest,
            Some(Notice::new(
                None,
                "(file)",
                Some(1),
                NoticeKind::ByteOrderMark,
            )),
        ),
        None => (text, None),
    }
}

fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}

struct Row<'a> {
    rec: &'a csv::StringRecord,
    cols: &'a [Option<usize>; 21],
}

fn column_index(name: &str) -> usize {
    CSV_COLUMNS
        .iter()
        .chain(CSV_MEETING_COLUMNS.iter())
        .position(|c| *c == name)
        .expect("known column")
}

impl Row<'_> {
    fn get(&self, name: &str) -> &str {
        self.cols[column_index(name)]
            .and_then(|i| self.rec.get(i))
            .map(str::trim)
            .unwrap_or("")
    }
}

impl Cohort {
    /// Parses the JSON form of a cohort (see the README for the schema).
    ///
    /// A leading UTF-8 byte-order mark is skipped with a [`NoticeKind::ByteOrderMark`]
    /// notice (returned by [`Cohort::validate`]).
    ///
    /// # Errors
    /// [`LoadError::UnknownField`] for a field the format does not know (with a
    /// did-you-mean suggestion), else [`LoadError::Json`] with serde's line and column.
    /// The result is not validated.
    ///
    /// ```
    /// use peermatch::cohort::{Cohort, LoadError};
    /// let json = r#"{"schools": [{"id": "S1"}],
    ///   "teachers": [{"id": "T1", "school": "S1", "prefrences": ["T2"]}]}"#;
    /// match Cohort::from_json_str(json) {
    ///     Err(LoadError::UnknownField { field, suggestion, teacher, .. }) => {
    ///         assert_eq!(field, "prefrences");
    ///         assert_eq!(suggestion.as_deref(), Some("preferences"));
    ///         assert_eq!(teacher.as_deref(), Some("T1"));
    ///     }
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn from_json_str(text: &str) -> Result<Cohort, LoadError> {
        let (text, bom) = strip_bom(text);
        match serde_json::from_str::<Cohort>(text) {
            Ok(mut c) => {
                c.load_notices.extend(bom);
                Ok(c)
            }
            Err(e) => {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                    if let Some((path, teacher, field, suggestion)) = find_unknown_field(&v) {
                        return Err(LoadError::UnknownField {
                            path,
                            teacher,
                            field,
                            suggestion,
                            line: e.line(),
                            column: e.column(),
                        });
                    }
                }
                Err(LoadError::Json(e))
            }
        }
    }

    /// The cohort as pretty-printed JSON.
    #[must_use]
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(self).expect("a cohort always serialises")
    }

    /// Reads the CSV form of a cohort (see the [module docs](self) and the README).
    ///
    /// Line numbers are recorded in [`Cohort::lines`], so later validation issues name
    /// them too.
    ///
    /// # Errors
    /// [`LoadError::Csv`] for CSV syntax errors, [`LoadError::MissingColumn`] without a
    /// `record` or `id` column, and [`LoadError::Invalid`] when cells could not be read:
    /// it lists every such cell with its line, together with the validation issues of the
    /// records that could be read.
    ///
    /// ```
    /// use peermatch::cohort::Cohort;
    /// let csv = "record,id,school,subjects,year_levels,free_periods\n\
    ///            school,S1,,,,\n\
    ///            teacher,T1,S1,calculus,12;13,Mon 10:40-11:35;Wed 09:00-09:55\n";
    /// let c = Cohort::from_csv_reader(csv.as_bytes()).unwrap();
    /// assert_eq!(c.teachers[0].free_periods.len(), 2);
    /// assert_eq!(c.lines.teachers[0], Some(3));
    /// ```
    pub fn from_csv_reader<R: Read>(reader: R) -> Result<Cohort, LoadError> {
        // Comments are skipped by hand: the csv crate's own comment support does not count
        // comment lines, which would make every later line number wrong.
        // A UTF-8 byte-order mark is skipped here, so it can be reported.
        let mut reader = reader;
        let mut head = [0u8; 3];
        let mut got = 0;
        while got < 3 {
            let k = reader
                .read(&mut head[got..])
                .map_err(|e| LoadError::Csv(e.into()))?;
            if k == 0 {
                break;
            }
            got += k;
        }
        let bom = got == 3 && head == [0xEF, 0xBB, 0xBF];
        let head = if bom { &head[..0] } else { &head[..got] };
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(head.chain(reader));
        let headers = rdr.headers()?.clone();
        let known: Vec<&str> = CSV_COLUMNS
            .iter()
            .chain(CSV_MEETING_COLUMNS.iter())
            .copied()
            .collect();
        for h in headers.iter() {
            let h = h.trim().trim_start_matches('\u{feff}');
            if !known.iter().any(|k| h.eq_ignore_ascii_case(k)) {
                return Err(LoadError::UnknownColumn {
                    column: h.to_string(),
                    suggestion: super::did_you_mean(h, &known),
                });
            }
        }
        let mut cols = [None; 21];
        for (k, name) in known.iter().enumerate() {
            cols[k] = headers.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            });
        }
        let mut load_notices: Vec<Notice> = Vec::new();
        if bom {
            load_notices.extend(strip_bom("\u{feff}").1);
        }
        if cols[column_index("free_periods")].is_none() {
            load_notices.push(Notice::new(
                None,
                "free_periods",
                Some(1),
                NoticeKind::MissingColumn {
                    column: "free_periods".into(),
                },
            ));
        }
        for required in ["record", "id"] {
            if cols[CSV_COLUMNS.iter().position(|c| *c == required).unwrap_or(0)].is_none() {
                return Err(LoadError::MissingColumn(required.to_string()));
            }
        }
        let mut cohort = Cohort {
            load_notices,
            ..Cohort::default()
        };
        let mut issues = Vec::new();
        let mut rec = csv::StringRecord::new();
        while rdr.read_record(&mut rec)? {
            if rec.get(0).is_some_and(|c| c.starts_with('#')) {
                continue;
            }
            let line = rec.position().map(|p| p.line());
            let row = Row {
                rec: &rec,
                cols: &cols,
            };
            let id = row.get("id").to_string();
            let mut bad = |teacher: bool, field: &str, value: &str, kind: IssueKind| {
                issues.push(ValidationIssue {
                    teacher: teacher.then(|| id.clone()),
                    school: (!teacher).then(|| id.clone()),
                    field: field.to_string(),
                    line,
                    kind: match kind {
                        IssueKind::BadValue { reason, .. } => IssueKind::BadValue {
                            value: value.to_string(),
                            reason,
                        },
                        k => k,
                    },
                });
            };
            let time_issue = |e: TimeParseError| match e {
                TimeParseError::BadDay(d) => IssueKind::BadDay { value: d },
                e => IssueKind::BadValue {
                    value: String::new(),
                    reason: e.to_string(),
                },
            };
            match row.get("record").to_ascii_lowercase().as_str() {
                "school" => {
                    let mut s = School::new(id.clone(), row.get("name"));
                    let (lat, lon) = (row.get("lat"), row.get("lon"));
                    if !lat.is_empty() || !lon.is_empty() {
                        match (lat.parse::<f64>(), lon.parse::<f64>()) {
                            (Ok(a), Ok(b)) => s.location = Some(Location::new(a, b)),
                            _ => bad(
                                false,
                                "location",
                                &format!("{lat},{lon}"),
                                IssueKind::BadValue {
                                    value: String::new(),
                                    reason: "lat and lon must both be decimal numbers".into(),
                                },
                            ),
                        }
                    }
                    for p in split_list(row.get("periods")) {
                        match p.parse::<BellPeriod>() {
                            Ok(bp) => s.periods.push(bp),
                            Err(e) => bad(false, "periods", p, time_issue(e)),
                        }
                    }
                    for p in split_list(row.get("after_school")) {
                        match p.parse::<FreePeriod>() {
                            Ok(fp) => s.after_school.push(fp),
                            Err(e) => bad(false, "after_school", p, time_issue(e)),
                        }
                    }
                    cohort.schools.push(s);
                    cohort.lines.schools.push(line);
                }
                "teacher" => {
                    let mut t = Teacher::new(id.clone(), row.get("school"));
                    let name = row.get("name");
                    t.name = (!name.is_empty()).then(|| name.to_string());
                    t.subjects = split_list(row.get("subjects")).map(String::from).collect();
                    for y in split_list(row.get("year_levels")) {
                        match y.parse::<u8>() {
                            Ok(v) => t.year_levels.push(v),
                            Err(e) => bad(
                                true,
                                "year_levels",
                                y,
                                IssueKind::BadValue {
                                    value: String::new(),
                                    reason: e.to_string(),
                                },
                            ),
                        }
                    }
                    for p in split_list(row.get("free_periods")) {
                        match p.parse::<FreePeriod>() {
                            Ok(fp) => t.free_periods.push(fp),
                            Err(e) => bad(true, "free_periods", p, time_issue(e)),
                        }
                    }
                    for f in split_list(row.get("focus")) {
                        match Focus::parse(f) {
                            Some(x) => t.focus.push(x),
                            None => bad(
                                true,
                                "focus",
                                f,
                                IssueKind::BadValue {
                                    value: String::new(),
                                    reason: "expected resources, delivery, content or motivation"
                                        .into(),
                                },
                            ),
                        }
                    }
                    t.tags = split_list(row.get("tags")).map(String::from).collect();
                    let exp = row.get("experience_years");
                    if !exp.is_empty() {
                        match exp.parse::<u16>() {
                            Ok(v) => t.experience_years = Some(v),
                            Err(e) => bad(
                                true,
                                "experience_years",
                                exp,
                                IssueKind::BadValue {
                                    value: String::new(),
                                    reason: e.to_string(),
                                },
                            ),
                        }
                    }
                    let cap = row.get("capacity");
                    if !cap.is_empty() {
                        match cap.parse::<u32>() {
                            Ok(v) => t.capacity = v,
                            Err(e) => bad(
                                true,
                                "capacity",
                                cap,
                                IssueKind::BadValue {
                                    value: String::new(),
                                    reason: e.to_string(),
                                },
                            ),
                        }
                    }
                    t.preferences = split_list(row.get("preferences"))
                        .map(String::from)
                        .collect();
                    t.avoid = split_list(row.get("avoid")).map(String::from).collect();
                    t.must_pair = split_list(row.get("must_pair")).map(String::from).collect();
                    let mpw = row.get("minutes_per_week");
                    if !mpw.is_empty() {
                        match mpw.parse::<u32>() {
                            Ok(v) => t.minutes_per_week = Some(v),
                            Err(e) => bad(
                                true,
                                "minutes_per_week",
                                mpw,
                                IssueKind::BadValue {
                                    value: String::new(),
                                    reason: e.to_string(),
                                },
                            ),
                        }
                    }
                    for m in split_list(row.get("opt_out")) {
                        match MeetingMode::parse(m) {
                            Some(x) => t.opt_out.push(x),
                            None => bad(
                                true,
                                "opt_out",
                                m,
                                IssueKind::BadValue {
                                    value: String::new(),
                                    reason: "expected in_school, visit, online, after_school or \
                                             group_meetings"
                                        .into(),
                                },
                            ),
                        }
                    }
                    for p in split_list(row.get("after_school")) {
                        match p.parse::<FreePeriod>() {
                            Ok(fp) => t.after_school.push(fp),
                            Err(e) => bad(true, "after_school", p, time_issue(e)),
                        }
                    }
                    cohort.teachers.push(t);
                    cohort.lines.teachers.push(line);
                }
                "travel" => {
                    let m = row.get("minutes");
                    match m.parse::<u32>() {
                        Ok(minutes) => {
                            cohort.travel_times.push(TravelTime {
                                from: id.clone(),
                                to: row.get("school").to_string(),
                                minutes,
                            });
                            cohort.lines.travel_times.push(line);
                        }
                        Err(e) => bad(
                            false,
                            "minutes",
                            m,
                            IssueKind::BadValue {
                                value: String::new(),
                                reason: e.to_string(),
                            },
                        ),
                    }
                }
                other => bad(
                    false,
                    "record",
                    other,
                    IssueKind::BadValue {
                        value: String::new(),
                        reason: "expected school, teacher or travel".into(),
                    },
                ),
            }
        }
        if issues.is_empty() {
            return Ok(cohort);
        }
        let (more, notices) = match cohort.validate() {
            Ok(n) => (Vec::new(), n),
            Err(e) => (e.issues, e.notices),
        };
        issues.extend(more);
        issues.sort_by_key(|i| i.line.unwrap_or(u64::MAX));
        Err(LoadError::Invalid(ValidationError { issues, notices }))
    }

    /// Reads the CSV form from a string; see [`Cohort::from_csv_reader`].
    ///
    /// # Errors
    /// As [`Cohort::from_csv_reader`].
    pub fn from_csv_str(text: &str) -> Result<Cohort, LoadError> {
        Cohort::from_csv_reader(text.as_bytes())
    }

    /// Reads a `.json` or `.csv` file, chosen by extension.
    ///
    /// # Errors
    /// [`LoadError::Io`], [`LoadError::UnknownFormat`], or those of the parser.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Cohort, LoadError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            path: path.display().to_string(),
            source,
        })?;
        // (A byte-order mark is handled, with a notice, by both parsers.)
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => Cohort::from_json_str(&text),
            Some("csv") => Cohort::from_csv_str(&text),
            _ => Err(LoadError::UnknownFormat(path.display().to_string())),
        }
    }

    /// The cohort in the CSV layout, readable by [`Cohort::from_csv_str`].
    ///
    /// ```
    /// use peermatch::cohort::generate::{generate, GeneratorConfig};
    /// use peermatch::cohort::Cohort;
    /// let c = generate(&GeneratorConfig::city(30, 7));
    /// assert_eq!(Cohort::from_csv_str(&c.to_csv_string()).unwrap(), c);
    /// ```
    pub fn to_csv_string(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let join = |v: &mut dyn Iterator<Item = String>| v.collect::<Vec<_>>().join(";");
        let extra = self.teachers.iter().any(|t| {
            t.minutes_per_week.is_some() || !t.opt_out.is_empty() || !t.after_school.is_empty()
        }) || self.schools.iter().any(|s| !s.after_school.is_empty());
        let width = if extra { 21 } else { 18 };
        let header: Vec<&str> = CSV_COLUMNS
            .iter()
            .chain(CSV_MEETING_COLUMNS.iter())
            .take(width)
            .copied()
            .collect();
        w.write_record(&header).expect("in-memory write");
        let mut row = vec![String::new(); width];
        for s in &self.schools {
            row.iter_mut().for_each(String::clear);
            row[0] = "school".into();
            row[1] = s.id.clone();
            row[2] = s.name.clone();
            if let Some(l) = s.location {
                row[4] = l.lat.to_string();
                row[5] = l.lon.to_string();
            }
            row[6] = join(&mut s.periods.iter().map(|p| p.to_string()));
            if extra {
                row[20] = join(&mut s.after_school.iter().map(|p| p.to_string()));
            }
            w.write_record(&row).expect("in-memory write");
        }
        for t in &self.teachers {
            row.iter_mut().for_each(String::clear);
            row[0] = "teacher".into();
            row[1] = t.id.clone();
            row[2] = t.name.clone().unwrap_or_default();
            row[3] = t.school.clone();
            row[7] = t.subjects.join(";");
            row[8] = join(&mut t.year_levels.iter().map(|y| y.to_string()));
            row[9] = join(&mut t.free_periods.iter().map(|p| p.to_string()));
            row[10] = join(&mut t.focus.iter().map(|f| f.name().to_string()));
            row[11] = t.tags.join(";");
            row[12] = t
                .experience_years
                .map(|e| e.to_string())
                .unwrap_or_default();
            row[13] = t.capacity.to_string();
            row[14] = t.preferences.join(";");
            row[15] = t.avoid.join(";");
            row[16] = t.must_pair.join(";");
            if extra {
                row[18] = t
                    .minutes_per_week
                    .map(|m| m.to_string())
                    .unwrap_or_default();
                row[19] = join(&mut t.opt_out.iter().map(|m| m.name().to_string()));
                row[20] = join(&mut t.after_school.iter().map(|p| p.to_string()));
            }
            w.write_record(&row).expect("in-memory write");
        }
        for tt in &self.travel_times {
            row.iter_mut().for_each(String::clear);
            row[0] = "travel".into();
            row[1] = tt.from.clone();
            row[3] = tt.to.clone();
            row[17] = tt.minutes.to_string();
            w.write_record(&row).expect("in-memory write");
        }
        String::from_utf8(w.into_inner().expect("in-memory flush")).expect("csv writes UTF-8")
    }
}
