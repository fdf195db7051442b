//! The cohort: schools, teachers, their timetables and wishes; loading from JSON and CSV;
//! validation that reports every problem at once.
//!
//! # Data model
//!
//! A [`Cohort`] is a list of [`School`]s, a list of [`Teacher`]s and an optional list of
//! known [`TravelTime`]s between schools. Teachers refer to their school and to each other
//! by id. The order of `teachers` is the *stable order* of the whole crate: node `i` of the
//! [`crate::graph::CompatibilityGraph`] is `teachers[i]`, and every tie is broken by this
//! order, never by hashing.
//!
//! # Files
//!
//! * JSON: the serde form of [`Cohort`] (see the README for the schema). Times may be
//!   integers (minutes since midnight) or `"HH:MM"` strings. JSON syntax and type errors
//!   (including a day name outside Mon–Sun) stop parsing with serde's line and column.
//! * CSV: one file, one record per line, with a `record` column saying whether the line is
//!   a `school`, a `teacher` or a `travel` time; list cells use `;`; free periods are
//!   written `Mon 10:40-11:35`. Problems in cells (bad day, bad time, bad number) are
//!   collected with their line numbers and reported together with the validation issues.
//!
//! # Validation
//!
//! [`validate()`] (also [`Cohort::validate`]) never changes the cohort; it returns
//! [`Notice`]s for what it interpreted and a [`ValidationError`] listing every problem.
//!
//! ```
//! use peermatch::cohort::{Cohort, IssueKind};
//! let json = r#"{
//!   "schools": [{"id": "S1", "name": "Hillside"}],
//!   "teachers": [
//!     {"id": "T1", "school": "S1", "subjects": ["calculus"], "year_levels": [12],
//!      "free_periods": [{"day": "Mon", "start": "10:40", "end": "11:35"}],
//!      "preferences": ["T9"]},
//!     {"id": "T1", "school": "S2"}
//!   ]
//! }"#;
//! let cohort = Cohort::from_json_str(json).unwrap();
//! let err = cohort.validate().unwrap_err();
//! // Three problems, all reported at once.
//! assert_eq!(err.issues.len(), 3);
//! assert!(err.issues.iter().any(|i| matches!(i.kind, IssueKind::UnknownTeacher { .. })));
//! assert!(err.to_string().contains("unknown school"));
//! ```

pub mod generate;
pub mod load;
mod meeting;
mod school;
mod teacher;
mod timetable;
pub mod validate;

pub use load::LoadError;
pub use meeting::MeetingMode;
pub use school::{Location, School, TravelTime};
pub use teacher::{Focus, Teacher};
pub use timetable::{
    format_time, parse_time, BellPeriod, Day, FreePeriod, TimeParseError, MINUTES_PER_DAY,
};
pub use validate::{
    validate, IssueKind, ListKind, Notice, NoticeKind, SourceLines, ValidationError,
    ValidationIssue, MAX_YEAR_LEVEL,
};

pub(crate) use meeting::did_you_mean;
pub(crate) use timetable::merged_week_ranges;
pub(crate) use validate::norm_key;

use serde::{Deserialize, Serialize};

/// Schools and teachers taking part in one matching run.
///
/// Equality ignores [`Cohort::lines`], so a cohort read from JSON equals the same cohort
/// read from CSV.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    /// The schools.
    #[serde(default)]
    pub schools: Vec<School>,
    /// The teachers, in the stable order used for node indices and tie-breaking.
    #[serde(default)]
    pub teachers: Vec<Teacher>,
    /// Known travel times between schools (override distance-based estimates).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub travel_times: Vec<TravelTime>,
    /// CSV line numbers of the records, used in error messages (empty for JSON).
    #[serde(skip)]
    pub lines: SourceLines,
    /// Notices from loading (a byte-order mark, a missing CSV column); [`validate()`]
    /// returns them first.
    #[serde(skip)]
    pub load_notices: Vec<Notice>,
}

impl PartialEq for Cohort {
    fn eq(&self, other: &Self) -> bool {
        self.schools == other.schools
            && self.teachers == other.teachers
            && self.travel_times == other.travel_times
    }
}

impl Cohort {
    /// A cohort from schools and teachers.
    #[must_use]
    pub fn new(schools: Vec<School>, teachers: Vec<Teacher>) -> Self {
        Cohort {
            schools,
            teachers,
            travel_times: Vec::new(),
            lines: SourceLines::default(),
            load_notices: Vec::new(),
        }
    }

    /// Validates the cohort; see [`validate()`].
    ///
    /// # Errors
    /// A [`ValidationError`] listing every problem.
    pub fn validate(&self) -> Result<Vec<Notice>, ValidationError> {
        validate(self)
    }

    /// Index of the teacher with id `id` (linear scan; build a map for repeated lookups).
    #[must_use]
    pub fn teacher_index(&self, id: &str) -> Option<usize> {
        self.teachers.iter().position(|t| t.id == id)
    }

    /// Index of the school with id `id` (linear scan).
    #[must_use]
    pub fn school_index(&self, id: &str) -> Option<usize> {
        self.schools.iter().position(|s| s.id == id)
    }
}

impl Cohort {
    /// Replaces the known travel times between schools (builder).
    ///
    /// ```
    /// use peermatch::cohort::{Cohort, School, TravelTime};
    /// let c = Cohort::new(vec![School::new("S1", "Hill"), School::new("S2", "Vale")], vec![])
    ///     .with_travel_times([TravelTime { from: "S1".into(), to: "S2".into(), minutes: 15 }]);
    /// assert_eq!(c.travel_times.len(), 1);
    /// ```
    #[must_use]
    pub fn with_travel_times<I: IntoIterator<Item = TravelTime>>(mut self, times: I) -> Self {
        self.travel_times = times.into_iter().collect();
        self
    }
}
