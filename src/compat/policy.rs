//! The scoring policy: weights per criterion, hard rules, and the travel model.
//!
//! # Why the defaults look like this
//!
//! Teachers in the pilot said a partner was useful when they taught **the same subject and
//! the same year level**, so those two carry the largest weights (40 and 30 points) and a
//! shared subject is a hard rule. Next came **being able to meet** (20 points, full marks at
//! two hours of common free time a week, and hard minimums of one 30-minute meeting a week
//! and a 30-minute one-way trip). Then **a clear shared focus** and **choosing one's own
//! partner** (10 points each), and a small nudge for **similar experience** (5 points).
//! The within-school / cross-school knob ([`Weights::locality`]) is neutral by default:
//! same-school pairs already score better on meeting time, and cross-school pairs bring
//! fresh ideas; a coordinator can lean either way.
//!
//! All weights are whole *points*; one point is [`SCALE`] units of the integer score.
//!
//! ```
//! use peermatch::compat::{ExperienceMode, Policy};
//! let p = Policy::from_toml_str(r#"
//!     experience_mode = "complementary"
//!     [weights]
//!     preference = 25
//!     [hard]
//!     max_travel_minutes = 20
//! "#).unwrap();
//! assert_eq!(p.weights.preference, 25);
//! assert_eq!(p.weights.subject, 40); // unchanged default
//! assert_eq!(p.experience_mode, ExperienceMode::Complementary);
//! assert_eq!(p.hard.max_travel_minutes, Some(20));
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Units of the integer score per policy point: a criterion with weight `w` contributes at
/// most `w * SCALE` units.
pub const SCALE: i64 = 1000;

/// Largest accepted weight, in points. With eight criteria the largest possible pair score
/// is below `8 * 100_000 * SCALE < 2^30`, far below the matching core's limit.
pub const MAX_POINTS: u32 = 100_000;

/// Points per criterion (see the module docs for the defaults' rationale).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Shared subjects, as a share of the smaller subject list.
    pub subject: u32,
    /// Shared year levels, as a share of the smaller list.
    pub year_level: u32,
    /// Common meeting minutes per week, up to [`Policy::time_target_minutes`].
    pub common_time: u32,
    /// Shared focus areas and tags, as a share of the smaller set.
    pub goals: u32,
    /// Stated preferences: mutual first choice scores full marks; see [`Policy::preference_depth`].
    pub preference: u32,
    /// Experience, similar or complementary per [`Policy::experience_mode`].
    pub experience: u32,
    /// Within- vs cross-school knob, in points: positive adds this many points to pairs in
    /// the same school (ease of meeting); negative adds `|locality|` points to pairs in
    /// different schools (fresh ideas); 0 is neutral.
    pub locality: i32,
    /// Robust meeting time: the plan's minutes a week left after losing its worst single
    /// window ([`crate::compat::MeetingSummary::robust_minutes`]), up to
    /// [`Policy::time_target_minutes`]. Default 0, so scores of existing policies do not
    /// change; robust minutes are reported for every pair regardless.
    pub robust_time: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            subject: 40,
            year_level: 30,
            common_time: 20,
            goals: 10,
            preference: 10,
            experience: 5,
            locality: 0,
            robust_time: 0,
        }
    }
}

/// Rules a pair must satisfy to be an edge of the graph at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HardRules {
    /// The two must share at least one subject.
    pub require_shared_subject: bool,
    /// The two must share at least one year level.
    pub require_shared_year_level: bool,
    /// Minimum common meeting minutes per week (after travel).
    pub min_common_minutes: u32,
    /// Shortest useful meeting: shorter common windows do not count as meeting time.
    pub min_meeting_minutes: u32,
    /// Maximum one-way travel time between the two schools (`None`: no limit).
    pub max_travel_minutes: Option<u32>,
    /// Pairs where either teacher lists the other in `avoid` are forbidden.
    pub respect_avoid: bool,
}

impl Default for HardRules {
    fn default() -> Self {
        HardRules {
            require_shared_subject: true,
            require_shared_year_level: false,
            min_common_minutes: 30,
            min_meeting_minutes: 30,
            max_travel_minutes: Some(30),
            respect_avoid: true,
        }
    }
}

/// One free-period meeting mode: offered or not, and how much its minutes count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModeRule {
    /// The mode is offered.
    pub enabled: bool,
    /// Percent (0–100) of the common-time criterion a minute in this mode earns.
    pub percent: u32,
}

impl Default for ModeRule {
    fn default() -> Self {
        ModeRule {
            enabled: true,
            percent: 100,
        }
    }
}

/// After-school meetings: policy windows (or a teacher's own), with travel to the host's
/// school at the start; the trip home is the traveller's own time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AfterSchool {
    /// The mode is offered.
    pub enabled: bool,
    /// Percent (0–100) of the common-time criterion a minute in this mode earns.
    pub percent: u32,
    /// The weekly windows (default Mon–Fri 15:30–16:30).
    pub windows: Vec<crate::cohort::FreePeriod>,
    /// Sessions a week the plan schedules at most (default 1).
    pub sessions_per_week: u32,
    /// Cross-school pairs may meet after school (one travels); `false` keeps after-school
    /// meetings within a school.
    pub travel: bool,
}

impl Default for AfterSchool {
    fn default() -> Self {
        use crate::cohort::{Day, FreePeriod};
        AfterSchool {
            enabled: true,
            percent: 75,
            windows: [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri]
                .into_iter()
                .map(|d| FreePeriod::new(d, 930, 990))
                .collect(),
            sessions_per_week: 1,
            travel: true,
        }
    }
}

/// The programme's group meetings, where time is set aside for pairs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupMeetings {
    /// The programme holds group meetings.
    pub enabled: bool,
    /// Sessions a term (the pilot: eight a year, two a term).
    pub sessions_per_term: u32,
    /// Minutes set aside for pairs at each session.
    pub minutes_per_session: u32,
    /// Teaching weeks a term, to express the time per week.
    pub weeks_per_term: u32,
    /// A pair with no weekly way to meet is still feasible through group meetings alone
    /// (default `false`: group time supplements a weekly plan, it does not replace it).
    pub enough_alone: bool,
}

impl Default for GroupMeetings {
    fn default() -> Self {
        GroupMeetings {
            enabled: true,
            sessions_per_term: 2,
            minutes_per_session: 30,
            weeks_per_term: 10,
            enough_alone: false,
        }
    }
}

/// The ways a pair may meet (see [`crate::compat::MeetingPlan`]).
///
/// The weekly modes are tried in a fixed order: in-school (same school) or a visit
/// (different schools) in free periods, then online, then after school. The first mode
/// whose plan reaches [`HardRules::min_common_minutes`] is the pair's plan: meetings in
/// school time come first because they cost nobody their evening, and a pair that can
/// meet in free periods keeps exactly the score it had before modes existed. Group
/// meetings are added to every plan where both teachers take part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingModes {
    /// Common free period, same school.
    pub in_school: ModeRule,
    /// Free-period visit to the other school (travel inside the traveller's free time).
    pub visit: ModeRule,
    /// Online in a common free period (default off: the pilot met face to face).
    pub online: ModeRule,
    /// After school.
    pub after_school: AfterSchool,
    /// The programme's group meetings.
    pub group_meetings: GroupMeetings,
}

impl Default for MeetingModes {
    fn default() -> Self {
        MeetingModes {
            in_school: ModeRule::default(),
            visit: ModeRule::default(),
            online: ModeRule {
                enabled: false,
                percent: 60,
            },
            after_school: AfterSchool::default(),
            group_meetings: GroupMeetings::default(),
        }
    }
}

impl MeetingModes {
    /// Only the free-period modes of the original model (in-school and visits): no
    /// online, after-school or group meetings.
    #[must_use]
    pub fn free_periods_only() -> Self {
        MeetingModes {
            after_school: AfterSchool {
                enabled: false,
                ..AfterSchool::default()
            },
            group_meetings: GroupMeetings {
                enabled: false,
                ..GroupMeetings::default()
            },
            ..MeetingModes::default()
        }
    }
}

/// Whether similar or complementary experience scores higher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ExperienceMode {
    /// Peers with similar experience (co-learning); full marks for equal experience.
    #[default]
    Similar,
    /// Mentor/mentee pairs; full marks at [`Policy::experience_span_years`] or more apart.
    Complementary,
}

/// Everything that turns a pair of teachers into a score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Points per criterion.
    pub weights: Weights,
    /// Hard rules.
    pub hard: HardRules,
    /// Similar or complementary experience.
    pub experience_mode: ExperienceMode,
    /// Experience difference (years) at which the experience criterion saturates.
    pub experience_span_years: u32,
    /// Common minutes per week that earn full common-time marks.
    pub time_target_minutes: u32,
    /// Preference ranks that count: rank `r` (0 = first) earns `depth - r` of `depth`
    /// shares in each direction; the pair gets the mean of its two directions, so only a
    /// mutual first choice earns full marks.
    pub preference_depth: u32,
    /// Average door-to-door speed between schools, km/h, for distance-based travel times.
    pub travel_speed_kmh: f64,
    /// Fixed minutes added to every distance-based trip (walking, parking, signing in).
    pub travel_overhead_minutes: u32,
    /// The ways a pair may meet.
    pub meetings: MeetingModes,
    /// The exact-graph budget: at most this many feasible pairs are held in
    /// [`crate::compat::CandidateMode::Exact`] (about 0.2 KB each in the graph). A cohort
    /// with more fails up front with [`crate::compat::PairBudgetExceeded`] instead of
    /// running out of memory; use top-k candidates or split the cohort by region. Default
    /// [`DEFAULT_MAX_EXACT_PAIRS`]. See [`crate::resources`].
    pub max_exact_pairs: u32,
    /// Percent chance (0–100) that any one meeting window is lost in a given week (a
    /// free period taken by supervision, say), for the expected-minutes figure of each
    /// pair ([`crate::compat::Scorer::expected_minutes`]); default 20. Reported only: it
    /// does not change scores.
    pub period_loss_percent: u32,
    /// Report settings (pseudonymised reports).
    pub report: ReportPolicy,
}

/// Report settings of a [`Policy`] (`[report]` in a policy file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportPolicy {
    /// In pseudonymised reports, a group statistic (e.g. a school's match rate) over fewer
    /// teachers than this is shown as "< n" instead of a count that could identify
    /// someone. Default 3; at least 1 (1 shows every count).
    pub min_cell_size: u32,
}

impl Default for ReportPolicy {
    fn default() -> Self {
        ReportPolicy { min_cell_size: 3 }
    }
}

/// Default of [`Policy::max_exact_pairs`]: 4,000,000 pairs, above every complete cohort of
/// the planner's automatic exact mode (2,000 teachers: 1,999,000 pairs).
pub const DEFAULT_MAX_EXACT_PAIRS: u32 = 4_000_000;

impl Default for Policy {
    fn default() -> Self {
        Policy {
            weights: Weights::default(),
            hard: HardRules::default(),
            experience_mode: ExperienceMode::Similar,
            experience_span_years: 10,
            time_target_minutes: 120,
            preference_depth: 5,
            travel_speed_kmh: 30.0,
            travel_overhead_minutes: 5,
            meetings: MeetingModes::default(),
            max_exact_pairs: DEFAULT_MAX_EXACT_PAIRS,
            period_loss_percent: 20,
            report: ReportPolicy::default(),
        }
    }
}

/// Why a policy was rejected.
#[derive(Debug, Error)]
pub enum PolicyError {
    /// TOML syntax or type error.
    #[error("invalid TOML policy: {0}")]
    Toml(#[from] toml::de::Error),
    /// JSON syntax or type error.
    #[error("invalid JSON policy: {0}")]
    Json(#[from] serde_json::Error),
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A value is out of its range.
    #[error("policy field `{field}`: {reason}")]
    OutOfRange {
        /// The field.
        field: &'static str,
        /// Why.
        reason: String,
    },
}

impl Policy {
    /// Parses a TOML policy; missing fields take their defaults. Validates the result.
    ///
    /// # Errors
    /// [`PolicyError::Toml`] or the errors of [`Policy::check`].
    pub fn from_toml_str(text: &str) -> Result<Policy, PolicyError> {
        Ok(Self::from_toml_str_with_notices(text)?.0)
    }

    /// [`Policy::from_toml_str`], also returning notices: a leading UTF-8 byte-order mark
    /// is skipped with a [`crate::cohort::NoticeKind::ByteOrderMark`] notice.
    ///
    /// # Errors
    /// As [`Policy::from_toml_str`].
    pub fn from_toml_str_with_notices(
        text: &str,
    ) -> Result<(Policy, Vec<crate::cohort::Notice>), PolicyError> {
        let (text, bom) = crate::cohort::load::strip_bom(text);
        let p: Policy = toml::from_str(text)?;
        p.check()?;
        Ok((p, bom.into_iter().collect()))
    }

    /// Parses a JSON policy; missing fields take their defaults. Validates the result.
    ///
    /// # Errors
    /// [`PolicyError::Json`] or the errors of [`Policy::check`].
    pub fn from_json_str(text: &str) -> Result<Policy, PolicyError> {
        Ok(Self::from_json_str_with_notices(text)?.0)
    }

    /// [`Policy::from_json_str`], also returning notices: a leading UTF-8 byte-order mark
    /// is skipped with a [`crate::cohort::NoticeKind::ByteOrderMark`] notice.
    ///
    /// # Errors
    /// As [`Policy::from_json_str`].
    pub fn from_json_str_with_notices(
        text: &str,
    ) -> Result<(Policy, Vec<crate::cohort::Notice>), PolicyError> {
        let (text, bom) = crate::cohort::load::strip_bom(text);
        let p: Policy = serde_json::from_str(text)?;
        p.check()?;
        Ok((p, bom.into_iter().collect()))
    }

    /// Reads a `.toml` or `.json` policy file (by extension; anything else is read as TOML).
    ///
    /// # Errors
    /// [`PolicyError::Io`] or those of the parser.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Policy, PolicyError> {
        Ok(Self::from_path_with_notices(path)?.0)
    }

    /// [`Policy::from_path`], also returning notices (a skipped byte-order mark).
    ///
    /// # Errors
    /// As [`Policy::from_path`].
    pub fn from_path_with_notices(
        path: impl AsRef<Path>,
    ) -> Result<(Policy, Vec<crate::cohort::Notice>), PolicyError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| PolicyError::Io {
            path: path.display().to_string(),
            source,
        })?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Policy::from_json_str_with_notices(&text)
        } else {
            Policy::from_toml_str_with_notices(&text)
        }
    }

    /// The policy as TOML.
    #[must_use]
    pub fn to_toml_string(&self) -> String {
        toml::to_string(self).expect("a policy always serialises")
    }

    /// Checks ranges: weights `<= MAX_POINTS`, a finite positive speed, positive target,
    /// depth and span.
    ///
    /// # Errors
    /// [`PolicyError::OutOfRange`] naming the first bad field.
    pub fn check(&self) -> Result<(), PolicyError> {
        let w = &self.weights;
        for (field, v) in [
            ("weights.subject", w.subject),
            ("weights.year_level", w.year_level),
            ("weights.common_time", w.common_time),
            ("weights.goals", w.goals),
            ("weights.preference", w.preference),
            ("weights.experience", w.experience),
            ("weights.locality", w.locality.unsigned_abs()),
            ("weights.robust_time", w.robust_time),
        ] {
            if v > MAX_POINTS {
                return Err(PolicyError::OutOfRange {
                    field,
                    reason: format!("{v} is above the maximum {MAX_POINTS} points"),
                });
            }
        }
        if !self.travel_speed_kmh.is_finite() || self.travel_speed_kmh <= 0.0 {
            return Err(PolicyError::OutOfRange {
                field: "travel_speed_kmh",
                reason: format!("{} is not a finite positive speed", self.travel_speed_kmh),
            });
        }
        for (field, v) in [
            ("time_target_minutes", self.time_target_minutes),
            ("preference_depth", self.preference_depth),
            ("experience_span_years", self.experience_span_years),
            ("report.min_cell_size", self.report.min_cell_size),
        ] {
            if v == 0 {
                return Err(PolicyError::OutOfRange {
                    field,
                    reason: "must be at least 1".into(),
                });
            }
        }
        let m = &self.meetings;
        for (field, v) in [
            ("meetings.in_school.percent", m.in_school.percent),
            ("meetings.visit.percent", m.visit.percent),
            ("meetings.online.percent", m.online.percent),
            ("meetings.after_school.percent", m.after_school.percent),
            ("period_loss_percent", self.period_loss_percent),
        ] {
            if v > 100 {
                return Err(PolicyError::OutOfRange {
                    field,
                    reason: format!("{v} is above 100 percent"),
                });
            }
        }
        for w in &m.after_school.windows {
            if w.start >= w.end || w.end > 1440 {
                return Err(PolicyError::OutOfRange {
                    field: "meetings.after_school.windows",
                    reason: format!("{w} is not a window within one day"),
                });
            }
        }
        if m.group_meetings.enabled && m.group_meetings.weeks_per_term == 0 {
            return Err(PolicyError::OutOfRange {
                field: "meetings.group_meetings.weeks_per_term",
                reason: "must be at least 1".into(),
            });
        }
        if m.after_school.sessions_per_week > 7 {
            return Err(PolicyError::OutOfRange {
                field: "meetings.after_school.sessions_per_week",
                reason: "a week has 7 days".into(),
            });
        }
        if self.time_target_minutes > 7 * 1440 {
            return Err(PolicyError::OutOfRange {
                field: "time_target_minutes",
                reason: "a week has only 10080 minutes".into(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_errors() {
        let p = Policy::default();
        assert_eq!(Policy::from_toml_str(&p.to_toml_string()).unwrap(), p);
        assert!(matches!(
            Policy::from_toml_str("travel_speed_kmh = nan"),
            Err(PolicyError::OutOfRange {
                field: "travel_speed_kmh",
                ..
            })
        ));
        assert!(matches!(
            Policy::from_toml_str("[weights]\nsubject = 1000000"),
            Err(PolicyError::OutOfRange { .. })
        ));
        assert!(matches!(
            Policy::from_toml_str("bogus = 1"),
            Err(PolicyError::Toml(_))
        ));
        assert!(Policy::from_json_str(r#"{"preference_depth": 0}"#).is_err());
    }
}
