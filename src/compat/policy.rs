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

/// Largest accepted weight, in points. With seven criteria the largest possible pair score
/// is below `7 * 100_000 * SCALE < 2^30`, far below the matching core's limit.
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
}

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
        let p: Policy = toml::from_str(text)?;
        p.check()?;
        Ok(p)
    }

    /// Parses a JSON policy; missing fields take their defaults. Validates the result.
    ///
    /// # Errors
    /// [`PolicyError::Json`] or the errors of [`Policy::check`].
    pub fn from_json_str(text: &str) -> Result<Policy, PolicyError> {
        let p: Policy = serde_json::from_str(text)?;
        p.check()?;
        Ok(p)
    }

    /// Reads a `.toml` or `.json` policy file (by extension; anything else is read as TOML).
    ///
    /// # Errors
    /// [`PolicyError::Io`] or those of the parser.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Policy, PolicyError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| PolicyError::Io {
            path: path.display().to_string(),
            source,
        })?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Policy::from_json_str(&text)
        } else {
            Policy::from_toml_str(&text)
        }
    }

    /// The policy as TOML.
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
        ] {
            if v == 0 {
                return Err(PolicyError::OutOfRange {
                    field,
                    reason: "must be at least 1".into(),
                });
            }
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
