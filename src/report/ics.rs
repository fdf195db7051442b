//! One iCalendar file (RFC 5545) per pair: a weekly recurring event for every proposed
//! meeting window, from the first such weekday on or after the term start until the term
//! end.
//!
//! Written by hand (the format is a few lines; what matters is the framing, which this
//! module does in one place): CRLF line endings, lines folded at 75 octets without
//! splitting a UTF-8 character (RFC 5545 §3.1), TEXT values escaped (`\`, `;`, `,`,
//! newline; §3.3.11). Times are floating local times (the schools' own clock), so
//! `UNTIL` is floating too, as §3.3.10 requires. `DTSTAMP` is the term start (UTC
//! midnight) so the output is deterministic. Tests parse the output with the `ical`
//! crate.
//!
//! ```
//! use peermatch::report::ics::{Date, Term};
//! let term = Term::new(Date::parse("2027-02-01").unwrap(), Date::parse("2027-04-09").unwrap()).unwrap();
//! assert_eq!(term.start.to_string(), "2027-02-01");
//! assert_eq!(term.start.weekday(), 0); // a Monday
//! ```

use std::fmt;

use thiserror::Error;

use crate::plan::ProposedPair;

use super::Roster;

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

/// A date or term that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DateError {
    /// Not `YYYY-MM-DD`, or no such day.
    #[error("'{0}' is not a date of the form YYYY-MM-DD")]
    Invalid(String),
    /// The term ends before it starts.
    #[error("the term ends ({end}) before it starts ({start})")]
    EndBeforeStart {
        /// Term start.
        start: Date,
        /// Term end.
        end: Date,
    },
}

impl Date {
    /// Parses `YYYY-MM-DD` (a real day of the Gregorian calendar).
    ///
    /// # Errors
    /// [`DateError::Invalid`] naming the text.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let bad = || DateError::Invalid(s.to_string());
        let mut it = s.trim().split('-');
        let (y, m, d) = (it.next(), it.next(), it.next());
        if it.next().is_some() {
            return Err(bad());
        }
        let num = |x: Option<&str>, len: usize| {
            x.filter(|t| t.len() == len && t.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|t| t.parse::<u32>().ok())
        };
        let (y, m, d) = (
            num(y, 4).ok_or_else(bad)?,
            num(m, 2).ok_or_else(bad)?,
            num(d, 2).ok_or_else(bad)?,
        );
        let date = Date {
            year: y as i32,
            month: m,
            day: d,
        };
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(date.year, m) {
            return Err(bad());
        }
        Ok(date)
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    #[must_use]
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (`civil_from_days`).
    #[must_use]
    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            year: y as i32,
            month: m,
            day: d,
        }
    }

    /// 0 for Monday … 6 for Sunday.
    #[must_use]
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (index 3).
        (self.days() + 3).rem_euclid(7) as u32
    }

    /// `YYYYMMDD` (the iCalendar DATE form).
    fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// The term the meetings recur in (both days included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

impl Term {
    /// A term from `start` to `end` (inclusive).
    ///
    /// # Errors
    /// [`DateError::EndBeforeStart`].
    pub fn new(start: Date, end: Date) -> Result<Term, DateError> {
        if end < start {
            return Err(DateError::EndBeforeStart { start, end });
        }
        Ok(Term { start, end })
    }

    /// The default term used by the example programs: ten weeks from `start`
    /// (the end is the Friday of the tenth week counted from `start`'s week).
    #[must_use]
    pub fn ten_weeks_from(start: Date) -> Term {
        let monday = start.days() - i64::from(start.weekday());
        Term {
            start,
            end: Date::from_days(monday + 9 * 7 + 4).max(start),
        }
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
#[must_use]
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets (continuations start with a space),
/// never splitting a UTF-8 character, ended by CRLF.
pub fn push_folded(out: &mut String, line: &str) {
    let mut used = 0usize;
    let mut limit = 75usize;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > limit {
            out.push_str("\r\n ");
            used = 0;
            limit = 74;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// The `.ics` text of one pair: a `VCALENDAR` with one weekly `VEVENT` per meeting window
/// whose first occurrence falls inside `term` (windows beyond the term are left out).
/// Names come from `roster`; the location is the school of the member who does not
/// travel (if someone travels).
#[must_use]
pub fn pair_ics(pair: &ProposedPair, roster: &Roster, term: &Term) -> String {
    let mut s = String::new();
    let mut line = |l: String| push_folded(&mut s, &l);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//peermatch//mentoring pairs//EN".into());
    line("CALSCALE:GREGORIAN".into());
    let mut members = vec![pair.a.as_str(), pair.b.as_str()];
    if let Some(t) = &pair.third {
        members.push(&t.id);
    }
    let names: Vec<&str> = members.iter().map(|m| roster.name(m)).collect();
    let summary = format!("Peer mentoring: {}", names.join(" + "));
    let focus: Vec<&str> = pair.suggested_focus.iter().map(|f| f.name()).collect();
    let ct = &pair.common_time;
    let mut desc = format!("Peer mentoring meeting of {}.", names.join(", "));
    if !focus.is_empty() {
        desc.push_str(&format!("\nSuggested focus: {}.", focus.join(", ")));
    }
    let location = match &ct.traveller {
        Some(t) => {
            let host = members.iter().find(|m| **m != t.as_str()).copied();
            if let Some(m) = ct.travel_minutes {
                desc.push_str(&format!("\n{} travels {m} min.", roster.name(t)));
            }
            host.map(|h| roster.school(h).to_string())
        }
        None => None,
    };
    let stamp = format!("{}T000000Z", term.start.compact());
    let until = format!("{}T235959", term.end.compact());
    for (k, w) in ct.windows.iter().enumerate() {
        let offset = (7 + w.day.index() - term.start.weekday()) % 7;
        let first = Date::from_days(term.start.days() + i64::from(offset));
        if first > term.end {
            continue;
        }
        let t = |m: u16| format!("{}{:02}{:02}00", first.compact() + "T", m / 60, m % 60);
        line("BEGIN:VEVENT".into());
        line(format!(
            "UID:{}",
            escape_text(&format!("{}-{}-{k}@peermatch", pair.a, pair.b))
        ));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART:{}", t(w.start)));
        line(format!("DTEND:{}", t(w.end)));
        line(format!("RRULE:FREQ=WEEKLY;UNTIL={until}"));
        line(format!("SUMMARY:{}", escape_text(&summary)));
        line(format!("DESCRIPTION:{}", escape_text(&desc)));
        if let Some(l) = location.as_deref().filter(|l| !l.is_empty()) {
            line(format!("LOCATION:{}", escape_text(l)));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    s
}
