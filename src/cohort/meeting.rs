//! Ways two teachers can meet, as named in cohort files (opt-outs) and in the policy.

use serde::{Deserialize, Serialize};

/// A way a pair of teachers can meet. The policy ([`crate::compat::MeetingModes`]) says
/// which modes are offered and how much each counts; a teacher can opt out of any of them
/// ([`crate::cohort::Teacher::opt_out`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingMode {
    /// A common free period, both teachers in the same school.
    InSchool,
    /// A free-period visit: one teacher travels to the other's school and back inside
    /// their own free time.
    Visit,
    /// Online in a common free period (no travel).
    Online,
    /// After school, in the policy's after-school windows (or the teacher's own), with
    /// travel to the host's school at the start.
    AfterSchool,
    /// The programme's group meetings, where time is set aside for pairs.
    GroupMeetings,
}

impl MeetingMode {
    /// All modes in their stable order.
    pub const ALL: [MeetingMode; 5] = [
        MeetingMode::InSchool,
        MeetingMode::Visit,
        MeetingMode::Online,
        MeetingMode::AfterSchool,
        MeetingMode::GroupMeetings,
    ];

    /// The name used in files (`"in_school"`, `"visit"`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        [
            "in_school",
            "visit",
            "online",
            "after_school",
            "group_meetings",
        ][self as usize]
    }

    /// Parses a file name (ignoring case, spaces and `-`/`_` differences).
    #[must_use]
    pub fn parse(s: &str) -> Option<MeetingMode> {
        let k: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect();
        MeetingMode::ALL.iter().copied().find(|m| m.name() == k)
    }

    /// One bit per mode, for masks.
    #[must_use]
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl std::fmt::Display for MeetingMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MeetingMode::InSchool => "in-school free period",
            MeetingMode::Visit => "free-period visit",
            MeetingMode::Online => "online",
            MeetingMode::AfterSchool => "after school",
            MeetingMode::GroupMeetings => "programme group meetings",
        })
    }
}

/// Levenshtein distance of two short strings (for "did you mean" suggestions).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = if ca == b[j] {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The known name closest to `word` (edit distance at most 3 and less than its length),
/// ties broken by the order of `known`.
pub(crate) fn did_you_mean(word: &str, known: &[&str]) -> Option<String> {
    let w = word.trim().to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&w, k), *k))
        .filter(|&(d, _)| d <= 3 && d < w.chars().count().max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_and_suggestion() {
        assert_eq!(edit_distance("prefrences", "preferences"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            did_you_mean("prefrences", &["avoid", "preferences"]).as_deref(),
            Some("preferences")
        );
        assert_eq!(did_you_mean("zzzzzzzz", &["avoid", "preferences"]), None);
        for m in MeetingMode::ALL {
            assert_eq!(MeetingMode::parse(m.name()), Some(m));
        }
        assert_eq!(
            MeetingMode::parse("After-School"),
            Some(MeetingMode::AfterSchool)
        );
    }
}
