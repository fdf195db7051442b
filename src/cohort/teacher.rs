//! Teachers: what they teach, when they are free, what they want from mentoring, and whom
//! they would (or would not) like to work with.

use serde::{Deserialize, Serialize};

use super::meeting::MeetingMode;
use super::timetable::FreePeriod;

/// The four focus areas teachers named in the pilot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Focus {
    /// Developing teaching resources together.
    Resources,
    /// Trialling delivery styles.
    Delivery,
    /// New content (e.g. a new curriculum strand).
    Content,
    /// Motivating students.
    Motivation,
}

impl Focus {
    /// All focus areas in their stable order.
    pub const ALL: [Focus; 4] = [
        Focus::Resources,
        Focus::Delivery,
        Focus::Content,
        Focus::Motivation,
    ];

    /// Lower-case name as used in files.
    #[must_use]
    pub fn name(self) -> &'static str {
        ["resources", "delivery", "content", "motivation"][self as usize]
    }

    /// Parses a name, ignoring case and surrounding spaces.
    #[must_use]
    pub fn parse(s: &str) -> Option<Focus> {
        let s = s.trim().to_ascii_lowercase();
        Focus::ALL.iter().copied().find(|f| f.name() == s)
    }

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl std::fmt::Display for Focus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

fn default_capacity() -> u32 {
    1
}

/// One teacher in the cohort.
///
/// Only `id` and `school` are required in files; every list defaults to empty and
/// `capacity` to 1.
///
/// ```
/// use peermatch::cohort::{Day, FreePeriod, Teacher};
/// let t = Teacher::new("T1", "S1")
///     .with_subjects(["calculus"])
///     .with_year_levels([12, 13])
///     .with_free_periods([FreePeriod::new(Day::Mon, 640, 695)]);
/// assert_eq!(t.capacity, 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Teacher {
    /// Unique id. Reports may show ids only.
    pub id: String,
    /// Optional display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Id of the teacher's school.
    pub school: String,
    /// Subjects taught, free strings such as `"calculus"`. Compared ignoring case and
    /// surrounding spaces (validation reports a notice when that matters).
    #[serde(default)]
    pub subjects: Vec<String>,
    /// Year levels taught (`0..=20`).
    #[serde(default)]
    pub year_levels: Vec<u8>,
    /// Weekly free periods.
    #[serde(default)]
    pub free_periods: Vec<FreePeriod>,
    /// Focus areas the teacher wants to work on.
    #[serde(default)]
    pub focus: Vec<Focus>,
    /// Further goals as free tags (compared ignoring case).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Years of teaching experience, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experience_years: Option<u16>,
    /// Maximum number of partners. Default 1; 0 means "peer groups only" (no pairs).
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    /// Preferred partners, best first (may be partial).
    #[serde(default)]
    pub preferences: Vec<String>,
    /// Teachers this teacher must not be paired with.
    #[serde(default)]
    pub avoid: Vec<String>,
    /// Teachers this teacher must be paired with (pins).
    #[serde(default)]
    pub must_pair: Vec<String>,
    /// Minutes a week the teacher can give to meeting a partner, travel included (`None`:
    /// not stated, no limit). Every meeting plan respects it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_per_week: Option<u32>,
    /// Meeting modes the teacher will not use (for example `["after_school"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opt_out: Vec<MeetingMode>,
    /// The teacher's own after-school availability; when empty, the policy's after-school
    /// windows apply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_school: Vec<FreePeriod>,
}

impl Teacher {
    /// A teacher with only an id and a school; everything else empty, capacity 1.
    pub fn new(id: impl Into<String>, school: impl Into<String>) -> Self {
        Teacher {
            id: id.into(),
            name: None,
            school: school.into(),
            subjects: Vec::new(),
            year_levels: Vec::new(),
            free_periods: Vec::new(),
            focus: Vec::new(),
            tags: Vec::new(),
            experience_years: None,
            capacity: 1,
            preferences: Vec::new(),
            avoid: Vec::new(),
            must_pair: Vec::new(),
            minutes_per_week: None,
            opt_out: Vec::new(),
            after_school: Vec::new(),
        }
    }

    /// Replaces the subjects.
    #[must_use]
    pub fn with_subjects<I, S>(mut self, subjects: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.subjects = subjects.into_iter().map(Into::into).collect();
        self
    }

    /// Replaces the year levels.
    #[must_use]
    pub fn with_year_levels<I: IntoIterator<Item = u8>>(mut self, years: I) -> Self {
        self.year_levels = years.into_iter().collect();
        self
    }

    /// Replaces the free periods.
    #[must_use]
    pub fn with_free_periods<I: IntoIterator<Item = FreePeriod>>(mut self, periods: I) -> Self {
        self.free_periods = periods.into_iter().collect();
        self
    }

    /// Replaces the focus areas.
    #[must_use]
    pub fn with_focus<I: IntoIterator<Item = Focus>>(mut self, focus: I) -> Self {
        self.focus = focus.into_iter().collect();
        self
    }

    /// Replaces the ranked preference list.
    #[must_use]
    pub fn with_preferences<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.preferences = ids.into_iter().map(Into::into).collect();
        self
    }

    /// The display name, or the id when there is none.
    #[must_use]
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// Builders for the remaining fields (each replaces the field and returns the teacher), so
/// a cohort can be written in code without struct literals.
///
/// ```
/// use peermatch::cohort::Teacher;
/// let t = Teacher::new("T1", "S1")
///     .with_name("Ana")
///     .with_tags(["assessment"])
///     .with_experience(3)
///     .with_capacity(2)
///     .with_avoid(["T7"])
///     .with_must_pair(["T2"]);
/// assert_eq!(t.label(), "Ana");
/// assert_eq!((t.capacity, t.experience_years), (2, Some(3)));
/// assert_eq!((t.avoid.len(), t.must_pair.len(), t.tags.len()), (1, 1, 1));
/// ```
impl Teacher {
    /// Sets the display name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Replaces the free goal tags.
    #[must_use]
    pub fn with_tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the years of teaching experience.
    #[must_use]
    pub fn with_experience(mut self, years: u16) -> Self {
        self.experience_years = Some(years);
        self
    }

    /// Sets the maximum number of partners (0 = peer groups only).
    #[must_use]
    pub fn with_capacity(mut self, capacity: u32) -> Self {
        self.capacity = capacity;
        self
    }

    /// Replaces the teachers this teacher must not be paired with.
    #[must_use]
    pub fn with_avoid<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.avoid = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Replaces the teachers this teacher must be paired with (pins).
    #[must_use]
    pub fn with_must_pair<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.must_pair = ids.into_iter().map(Into::into).collect();
        self
    }
}
