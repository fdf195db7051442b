//! Days, clock times, free periods and bell times.
//!
//! Times are whole minutes since midnight (`0..=1440`). A free period is a `(day, start,
//! end)` triple with `start < end`; it never wraps past midnight. Inside the scorer, every
//! period becomes a *week minute* range `day * 1440 + start .. day * 1440 + end`, so one
//! sorted list of half-open ranges describes a teacher's whole week and two weeks can be
//! intersected with a single two-pointer sweep.
//!
//! In JSON a time is either an integer number of minutes (`640`) or a `"HH:MM"` string
//! (`"10:40"`). In CSV a free period is written `Mon 10:40-11:35`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Minutes in a day; the largest valid end time.
pub const MINUTES_PER_DAY: u16 = 1440;

/// A day of the week. Serialised as `"Mon"` … `"Sun"`; parsed case-insensitively from
/// three-letter or full names (`"mon"`, `"Monday"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Day {
    /// Monday.
    #[serde(alias = "mon", alias = "Monday", alias = "monday", alias = "MON")]
    Mon,
    /// Tuesday.
    #[serde(alias = "tue", alias = "Tuesday", alias = "tuesday", alias = "TUE")]
    Tue,
    /// Wednesday.
    #[serde(alias = "wed", alias = "Wednesday", alias = "wednesday", alias = "WED")]
    Wed,
    /// Thursday.
    #[serde(alias = "thu", alias = "Thursday", alias = "thursday", alias = "THU")]
    Thu,
    /// Friday.
    #[serde(alias = "fri", alias = "Friday", alias = "friday", alias = "FRI")]
    Fri,
    /// Saturday.
    #[serde(alias = "sat", alias = "Saturday", alias = "saturday", alias = "SAT")]
    Sat,
    /// Sunday.
    #[serde(alias = "sun", alias = "Sunday", alias = "sunday", alias = "SUN")]
    Sun,
}

impl Day {
    /// All seven days, Monday first.
    pub const ALL: [Day; 7] = [
        Day::Mon,
        Day::Tue,
        Day::Wed,
        Day::Thu,
        Day::Fri,
        Day::Sat,
        Day::Sun,
    ];

    /// 0 for Monday … 6 for Sunday.
    #[must_use]
    pub fn index(self) -> u32 {
        self as u32
    }

    /// The day with [`Day::index`] `i`, if `i < 7`.
    #[must_use]
    pub fn from_index(i: u32) -> Option<Day> {
        Day::ALL.get(i as usize).copied()
    }

    /// Three-letter English name (`"Mon"`).
    #[must_use]
    pub fn name(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }

    /// Parses a three-letter or full English day name, ignoring case and surrounding spaces.
    #[must_use]
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.trim().to_ascii_lowercase();
        const FULL: [&str; 7] = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        FULL.iter()
            .position(|f| *f == s || (s.len() == 3 && f.starts_with(&s)))
            .and_then(|i| Day::from_index(i as u32))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One weekly free period: `start..end` minutes since midnight on `day` (half-open).
///
/// Constructing one never fails; [`crate::cohort::validate()`] reports inverted, empty,
/// out-of-range and overlapping periods.
///
/// ```
/// use peermatch::cohort::{Day, FreePeriod};
/// let p: FreePeriod = "Mon 10:40-11:35".parse().unwrap();
/// assert_eq!(p, FreePeriod::new(Day::Mon, 640, 695));
/// assert_eq!(p.to_string(), "Mon 10:40-11:35");
/// assert_eq!(p.minutes(), 55);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreePeriod {
    /// The day.
    pub day: Day,
    /// Start, minutes since midnight (JSON: integer or `"HH:MM"`).
    #[serde(deserialize_with = "de_time")]
    pub start: u16,
    /// End (exclusive), minutes since midnight (JSON: integer or `"HH:MM"`).
    #[serde(deserialize_with = "de_time")]
    pub end: u16,
}

impl FreePeriod {
    /// A period on `day` from `start` to `end` minutes since midnight.
    #[must_use]
    pub fn new(day: Day, start: u16, end: u16) -> Self {
        FreePeriod { day, start, end }
    }

    /// Length in minutes (0 when inverted).
    #[must_use]
    pub fn minutes(&self) -> u32 {
        u32::from(self.end.saturating_sub(self.start))
    }

    /// The period as a half-open range of week minutes (`day * 1440 + start ..`).
    #[must_use]
    pub fn week_range(&self) -> (u32, u32) {
        let base = self.day.index() * u32::from(MINUTES_PER_DAY);
        (base + u32::from(self.start), base + u32::from(self.end))
    }
}

impl fmt::Display for FreePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}-{}",
            self.day,
            format_time(self.start),
            format_time(self.end)
        )
    }
}

/// Why a period or time string could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeParseError {
    /// The day name is not Mon–Sun.
    #[error("day {0:?} is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun")]
    BadDay(String),
    /// A clock time is not `H:MM` / `HH:MM` within `00:00..=24:00`.
    #[error("time {0:?} is not a clock time HH:MM between 00:00 and 24:00")]
    BadTime(String),
    /// The text does not have the shape `Day HH:MM-HH:MM`.
    #[error("{0:?} is not of the form `Mon 10:40-11:35`")]
    BadShape(String),
}

impl std::str::FromStr for FreePeriod {
    type Err = TimeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (day, range) = t
            .split_once(char::is_whitespace)
            .ok_or_else(|| TimeParseError::BadShape(s.to_string()))?;
        let day = Day::parse(day).ok_or_else(|| TimeParseError::BadDay(day.to_string()))?;
        let (start, end) = parse_range(range.trim()).map_err(|e| match e {
            TimeParseError::BadShape(_) => TimeParseError::BadShape(s.to_string()),
            e => e,
        })?;
        Ok(FreePeriod { day, start, end })
    }
}

/// Parses `HH:MM-HH:MM` into two minute counts.
pub(crate) fn parse_range(s: &str) -> Result<(u16, u16), TimeParseError> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| TimeParseError::BadShape(s.to_string()))?;
    Ok((parse_time(a)?, parse_time(b)?))
}

/// Parses `H:MM` or `HH:MM` (`24:00` allowed) into minutes since midnight.
///
/// ```
/// assert_eq!(peermatch::cohort::parse_time("08:50"), Ok(530));
/// assert!(peermatch::cohort::parse_time("25:00").is_err());
/// ```
pub fn parse_time(s: &str) -> Result<u16, TimeParseError> {
    let bad = || TimeParseError::BadTime(s.to_string());
    let t = s.trim();
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    if !h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Formats minutes since midnight as `HH:MM`.
#[must_use]
pub fn format_time(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Accepts an integer or a `"HH:MM"` string.
pub(crate) fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum T {
        N(u16),
        S(String),
    }
    match T::deserialize(d)? {
        T::N(n) => Ok(n),
        T::S(s) => parse_time(&s).map_err(serde::de::Error::custom),
    }
}

/// One period of a school's daily bell timetable (the same every teaching day).
///
/// The scorer does not need bell times (teachers' free periods are explicit); they are
/// kept for reports, for the generator, and so a coordinator can check free periods
/// against the school's day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BellPeriod {
    /// Label such as `"P1"`, `"Interval"`, `"Lunch"`.
    pub name: String,
    /// Start, minutes since midnight (JSON: integer or `"HH:MM"`).
    #[serde(deserialize_with = "de_time")]
    pub start: u16,
    /// End (exclusive), minutes since midnight (JSON: integer or `"HH:MM"`).
    #[serde(deserialize_with = "de_time")]
    pub end: u16,
}

impl fmt::Display for BellPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}-{}",
            self.name,
            format_time(self.start),
            format_time(self.end)
        )
    }
}

impl std::str::FromStr for BellPeriod {
    type Err = TimeParseError;

    /// Parses `P1 08:50-09:45`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (name, range) = t
            .rsplit_once(char::is_whitespace)
            .ok_or_else(|| TimeParseError::BadShape(s.to_string()))?;
        let (start, end) = parse_range(range)?;
        Ok(BellPeriod {
            name: name.trim().to_string(),
            start,
            end,
        })
    }
}

/// Sorted, merged half-open week-minute ranges; touching ranges are joined.
///
/// Returns the ranges and the number of joins performed (the caller reports joins as
/// notices). Overlaps are merged too, but validation rejects them before this runs.
pub(crate) fn merged_week_ranges(periods: &[FreePeriod], out: &mut Vec<(u32, u32)>) -> usize {
    let start = out.len();
    out.extend(
        periods
            .iter()
            .filter(|p| p.start < p.end)
            .map(FreePeriod::week_range),
    );
    out[start..].sort_unstable();
    let mut joins = 0;
    let mut w = start;
    for r in start..out.len() {
        let cur = out[r];
        if w > start && cur.0 <= out[w - 1].1 {
            out[w - 1].1 = out[w - 1].1.max(cur.1);
            joins += 1;
        } else {
            out[w] = cur;
            w += 1;
        }
    }
    out.truncate(w);
    joins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_format() {
        let p: FreePeriod = " tuesday 9:05-10:00 ".parse().unwrap();
        assert_eq!(p, FreePeriod::new(Day::Tue, 545, 600));
        assert_eq!(p.to_string(), "Tue 09:05-10:00");
        assert!(matches!(
            "Xyz 10:00-11:00".parse::<FreePeriod>(),
            Err(TimeParseError::BadDay(_))
        ));
        assert!(matches!(
            "Mon 10:00".parse::<FreePeriod>(),
            Err(TimeParseError::BadShape(_))
        ));
        assert!(matches!(
            "Mon 10:60-11:00".parse::<FreePeriod>(),
            Err(TimeParseError::BadTime(_))
        ));
        assert_eq!(parse_time("24:00"), Ok(1440));
        assert!(parse_time("24:01").is_err());
        assert!(parse_time("-1:00").is_err());
    }

    #[test]
    fn merge_touching() {
        let ps = [
            FreePeriod::new(Day::Tue, 600, 660),
            FreePeriod::new(Day::Mon, 660, 700),
            FreePeriod::new(Day::Mon, 600, 660),
        ];
        let mut out = Vec::new();
        let joins = merged_week_ranges(&ps, &mut out);
        assert_eq!(joins, 1);
        assert_eq!(out, vec![(600, 700), (1440 + 600, 1440 + 660)]);
    }
}
