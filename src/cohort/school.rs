//! Schools, their locations and an optional travel-time matrix.

use serde::{Deserialize, Serialize};

use super::timetable::BellPeriod;

/// A point on the Earth in decimal degrees (WGS 84).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Latitude, `-90..=90`.
    pub lat: f64,
    /// Longitude, `-180..=180`.
    pub lon: f64,
}

impl Location {
    /// A location; validation rejects NaN, infinities and out-of-range values.
    #[must_use]
    pub fn new(lat: f64, lon: f64) -> Self {
        Location { lat, lon }
    }
}

/// A school taking part in the programme.
///
/// ```
/// use peermatch::cohort::{Location, School};
/// let s = School::new("S1", "Hillside College").with_location(Location::new(-41.29, 174.78));
/// assert_eq!(s.id, "S1");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct School {
    /// Unique id, referred to by [`crate::cohort::Teacher::school`].
    pub id: String,
    /// Display name (may be empty).
    #[serde(default)]
    pub name: String,
    /// Where the school is; needed for travel times between schools unless the cohort
    /// gives a [`TravelTime`] for the pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The school's daily bell times, if known (informational: used by reports, the
    /// generator and coordinators checking free periods).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<BellPeriod>,
    /// The school's after-school meeting windows, when they differ from the policy's
    /// (a teacher's own [`crate::cohort::Teacher::after_school`] still comes first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_school: Vec<super::FreePeriod>,
}

impl School {
    /// A school without location or bell times.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        School {
            id: id.into(),
            name: name.into(),
            location: None,
            periods: Vec::new(),
            after_school: Vec::new(),
        }
    }

    /// Sets the location.
    #[must_use]
    pub fn with_location(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

/// A known door-to-door travel time between two schools, in whole minutes, one way.
///
/// Entries are symmetric: `from`/`to` may be given in either order. An entry overrides the
/// distance-based estimate of [`crate::compat::Policy`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravelTime {
    /// One school id.
    pub from: String,
    /// The other school id.
    pub to: String,
    /// One-way travel time in minutes.
    pub minutes: u32,
}
