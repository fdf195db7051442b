//! Scoring one pair: an integer score with a per-criterion breakdown, or the hard rule
//! that forbids the pair.
//!
//! Every criterion is a fraction in `[0, 1]` of its weight, computed in integer arithmetic
//! and rounded down once: `weight * SCALE * numerator / denominator`. Every numerator and
//! denominator is symmetric in the two teachers (shared counts over the *smaller* list,
//! the mean of the two preference directions, the better travel direction), so scores are
//! exactly symmetric. See [`Breakdown`] for each criterion.

use serde::{Deserialize, Serialize};

use super::meeting::MeetingSummary;
use super::policy::{ExperienceMode, SCALE};
use super::scorer::Scorer;
use super::windows::best_common;
use crate::cohort::MeetingMode;

/// Points of each criterion, in units (`SCALE` units per point).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// `subject * SCALE * shared / min(|subjects a|, |subjects b|)`.
    pub subject: i64,
    /// `year_level * SCALE * shared / min(|years a|, |years b|)`.
    pub year_level: i64,
    /// `common_time * SCALE * min(minutes, target) * percent / (target * 100)`, where
    /// `minutes` are the meeting plan's minutes a week and `percent` is the plan's mode
    /// weight ([`crate::compat::ModeRule::percent`]; 100 for free periods by default).
    pub common_time: i64,
    /// `goals * SCALE * shared / min(|goals a|, |goals b|)` over focus areas and tags.
    pub goals: i64,
    /// `preference * SCALE * (p(a→b) + p(b→a)) / (2 * depth)` with `p = depth - rank`
    /// (0 when unranked or ranked at `depth` or below).
    pub preference: i64,
    /// Similar: `experience * SCALE * (span - min(|Δ|, span)) / span`; complementary:
    /// `experience * SCALE * min(|Δ|, span) / span`; 0 when either is unknown.
    pub experience: i64,
    /// `|locality| * SCALE` when the knob favours this pair's kind (same / different school).
    pub locality: i64,
    /// `robust_time * SCALE * min(robust minutes, target) / target` (see
    /// [`crate::compat::Weights::robust_time`]; 0 by default).
    #[serde(default)]
    pub robust_time: i64,
}

impl Breakdown {
    /// Sum of all criteria.
    #[must_use]
    pub fn total(&self) -> i64 {
        self.subject
            + self.year_level
            + self.common_time
            + self.goals
            + self.preference
            + self.experience
            + self.locality
            + self.robust_time
    }

    /// `(criterion name, units)` in a fixed order, for reports.
    #[must_use]
    pub fn items(&self) -> [(&'static str, i64); 8] {
        [
            ("subject", self.subject),
            ("year_level", self.year_level),
            ("common_time", self.common_time),
            ("goals", self.goals),
            ("preference", self.preference),
            ("experience", self.experience),
            ("locality", self.locality),
            ("robust_time", self.robust_time),
        ]
    }
}

/// The score of a feasible pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairScore {
    /// Sum of the breakdown, in units; the edge weight of the graph.
    pub total: i64,
    /// Per-criterion units.
    pub breakdown: Breakdown,
    /// Planned meeting minutes per week: the meeting plan's minutes (after travel, windows
    /// of at least the minimum meeting length, within the teachers' budgets). For a free-
    /// period plan without budgets this is all the pair's common time.
    pub common_minutes: u32,
    /// One-way travel minutes (0 within a school; `None` when unknown, which only a
    /// pinned pair can have).
    pub travel_minutes: Option<u32>,
    /// Both teachers are in the same school.
    pub same_school: bool,
    /// The pair is a must-pair: kept in the graph even if a hard rule would forbid it
    /// (see [`crate::compat::Explanation::overridden`]).
    pub pinned: bool,
    /// The pair's meeting plan: mode, minutes and sessions a week, robust minutes, group
    /// time (`None` only for a pinned pair with no way to meet, or when the policy asks
    /// for no meeting time at all and none is found). Full windows:
    /// [`Scorer::meeting_plan`].
    #[serde(default)]
    pub meeting: Option<MeetingSummary>,
}

/// A hard rule that forbids a pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Violation {
    /// A teacher with capacity 0 takes part in groups only.
    #[error("{teacher} takes part in groups only (capacity 0)")]
    GroupsOnly {
        /// The teacher id.
        teacher: String,
    },
    /// One teacher lists the other in `avoid`.
    #[error("{avoider} asked not to be paired with {other}")]
    Avoid {
        /// Who listed the other.
        avoider: String,
        /// Who was listed.
        other: String,
    },
    /// No subject in common.
    #[error("no subject in common")]
    NoSharedSubject,
    /// No year level in common.
    #[error("no year level in common")]
    NoSharedYearLevel,
    /// Travel between the schools is unknown (no location, no travel-time entry).
    #[error("travel time between the two schools is unknown")]
    TravelUnknown,
    /// Travel exceeds the maximum.
    #[error("travel takes {minutes} min one way, more than the maximum {max} min")]
    TravelTooLong {
        /// One-way minutes.
        minutes: u32,
        /// The policy maximum.
        max: u32,
    },
    /// No meeting mode is both offered by the policy and accepted by both teachers.
    #[error("no meeting mode is offered by the policy and accepted by both teachers")]
    NoMeetingMode,
    /// Not enough common meeting time.
    #[error("only {minutes} common meeting minutes a week (windows of at least {min_meeting} min, after travel); at least {required} needed")]
    NotEnoughCommonTime {
        /// Common minutes found.
        minutes: u32,
        /// The policy minimum.
        required: u32,
        /// The minimum meeting length in force.
        min_meeting: u32,
    },
}

#[inline]
pub(super) fn share(weight: u32, num: u64, den: u64) -> i64 {
    if den == 0 {
        return 0;
    }
    (u64::from(weight) * SCALE as u64 * num.min(den) / den) as i64
}

#[inline]
fn sorted_common(a: &[u32], b: &[u32]) -> u32 {
    let (mut i, mut j, mut c) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                c += 1;
                i += 1;
                j += 1;
            }
        }
    }
    c
}

impl Scorer {
    /// Scores the pair `(a, b)` of teacher indices, or returns the first hard rule that
    /// forbids it (checked in the order of [`Violation`]'s variants). Must-pairs are scored
    /// even when a rule would forbid them, with [`PairScore::pinned`] set.
    ///
    /// # Panics
    /// If `a` or `b` is not a teacher index, or `a == b`.
    pub fn score(&self, a: usize, b: usize) -> Result<PairScore, Violation> {
        assert!(a != b, "a teacher cannot be paired with themself");
        let (sa, sb) = (self.school_of(a), self.school_of(b));
        let travel = self.travel_minutes(sa, sb);
        self.score_with_travel(a, b, travel)
    }

    /// [`Scorer::score`] with the travel time already known (the candidate generator
    /// computes it once per school pair).
    #[inline]
    pub(crate) fn score_with_travel(
        &self,
        a: usize,
        b: usize,
        travel: Option<u32>,
    ) -> Result<PairScore, Violation> {
        let pinned = self.is_must_pair(a, b);
        match self.first_violation(a, b, travel) {
            Some(v) if !pinned => Err(v),
            _ => Ok(self.score_unchecked(a, b, travel, pinned)),
        }
    }

    /// Checks the hard rules cheapest first; `None` when the pair is allowed.
    #[inline]
    pub(crate) fn first_violation(
        &self,
        a: usize,
        b: usize,
        travel: Option<u32>,
    ) -> Option<Violation> {
        let mut first = None;
        self.violations(a, b, travel, true, &mut |v| first = Some(v));
        first
    }

    /// Calls `f` for each violated rule, stopping after the first when `first_only`.
    pub(crate) fn violations(
        &self,
        a: usize,
        b: usize,
        travel: Option<u32>,
        first_only: bool,
        f: &mut dyn FnMut(Violation),
    ) {
        let h = &self.policy.hard;
        macro_rules! hit {
            ($v:expr) => {{
                f($v);
                if first_only {
                    return;
                }
            }};
        }
        for t in [a, b] {
            if self.capacity[t] == 0 {
                hit!(Violation::GroupsOnly {
                    teacher: self.ids[t].clone()
                });
            }
        }
        if h.respect_avoid {
            for (x, y) in [(a, b), (b, a)] {
                if self.avoids(x, y) {
                    hit!(Violation::Avoid {
                        avoider: self.ids[x].clone(),
                        other: self.ids[y].clone(),
                    });
                }
            }
        }
        if h.require_shared_subject
            && (self.subject_mask[a] & self.subject_mask[b] == 0
                || sorted_common(self.subjects.row(a), self.subjects.row(b)) == 0)
        {
            hit!(Violation::NoSharedSubject);
        }
        if h.require_shared_year_level && self.year_mask[a] & self.year_mask[b] == 0 {
            hit!(Violation::NoSharedYearLevel);
        }
        let o = self.plan_pair(a, b, travel, None);
        if o.plan.is_some() {
            return;
        }
        match o.travel_blocked {
            Some(None) => {
                hit!(Violation::TravelUnknown);
                return;
            }
            Some(Some(t)) => hit!(Violation::TravelTooLong {
                minutes: t,
                max: h.max_travel_minutes.unwrap_or(0),
            }),
            None => {}
        }
        if !o.any_usable && o.travel_blocked.is_none() {
            hit!(Violation::NoMeetingMode);
        } else if h.min_common_minutes > 0 && o.best_minutes < h.min_common_minutes {
            hit!(Violation::NotEnoughCommonTime {
                minutes: o.best_minutes,
                required: h.min_common_minutes,
                min_meeting: h.min_meeting_minutes,
            });
        }
    }

    /// The score ignoring hard rules (unknown travel counts as no common time).
    pub(crate) fn score_unchecked(
        &self,
        a: usize,
        b: usize,
        travel: Option<u32>,
        pinned: bool,
    ) -> PairScore {
        let o = self.plan_pair(a, b, travel, None);
        if let Some(m) = Scorer::summary_of(&o) {
            return self.compose(a, b, travel, Some(m), pinned);
        }
        // A pinned pair without a plan: its raw free-period common time, for information.
        let same = self.school_of[a] == self.school_of[b];
        let minutes = match travel {
            Some(t) => {
                best_common(
                    self.free.row(a),
                    self.free.row(b),
                    t,
                    same,
                    self.policy.hard.min_meeting_minutes,
                )
                .0
            }
            None => 0,
        };
        let mut s = self.compose(a, b, travel, None, pinned);
        s.common_minutes = minutes;
        s
    }

    /// The hot path of candidate generation: the score of a pair with known travel, or
    /// `None` when a hard rule forbids it. Same result as [`Scorer::score_with_travel`]
    /// for unpinned pairs, but computes the common time only once.
    #[inline]
    pub(crate) fn fast_score(&self, a: usize, b: usize, travel: u32) -> Option<PairScore> {
        let meeting = self.fast_meeting(a, b, travel)?;
        Some(self.with_meeting(
            self.timeless(a, b),
            a,
            b,
            Some(travel),
            meeting,
            self.is_must_pair(a, b),
        ))
    }

    /// The feasibility half of [`Scorer::fast_score`]: `None` when a hard rule forbids
    /// the pair, else `Some` of its meeting summary (the [`PairScore::meeting`]).
    #[inline]
    pub(crate) fn fast_meeting(
        &self,
        a: usize,
        b: usize,
        travel: u32,
    ) -> Option<Option<MeetingSummary>> {
        let h = &self.policy.hard;
        if self.capacity[a] == 0 || self.capacity[b] == 0 {
            return None;
        }
        if h.respect_avoid && (self.avoids(a, b) || self.avoids(b, a)) {
            return None;
        }
        let (sa, sb) = (self.subjects.row(a), self.subjects.row(b));
        if h.require_shared_subject
            && (self.subject_mask[a] & self.subject_mask[b] == 0 || sorted_common(sa, sb) == 0)
        {
            return None;
        }
        if h.require_shared_year_level && self.year_mask[a] & self.year_mask[b] == 0 {
            return None;
        }
        let o = self.plan_pair(a, b, Some(travel), None);
        o.plan?;
        Some(Scorer::summary_of(&o))
    }

    /// The [`PairScore::total`] of a pair whose [`Scorer::timeless`] criteria sum to
    /// `timeless_total` and whose meeting summary is `meeting`: the same number
    /// [`Scorer::fast_score`] puts in `total` (a sum of the criteria, so the timeless ones
    /// can be added first), without building the breakdown.
    #[inline]
    pub(crate) fn total_with(&self, timeless_total: i64, meeting: Option<MeetingSummary>) -> i64 {
        let (common_time, robust_time) = self.time_criteria(meeting);
        timeless_total + common_time + robust_time
    }

    /// The [`PairScore`] of a feasible pair whose meeting summary `meeting` is known (from
    /// [`Scorer::fast_score`] with the same `travel`): the same score, without planning
    /// the meetings again.
    #[inline]
    pub(crate) fn rescore(
        &self,
        a: usize,
        b: usize,
        travel: u32,
        meeting: Option<MeetingSummary>,
    ) -> PairScore {
        self.with_meeting(
            self.timeless(a, b),
            a,
            b,
            Some(travel),
            meeting,
            self.is_must_pair(a, b),
        )
    }

    /// The score from its ingredients.
    #[inline]
    fn compose(
        &self,
        a: usize,
        b: usize,
        travel: Option<u32>,
        meeting: Option<MeetingSummary>,
        pinned: bool,
    ) -> PairScore {
        self.with_meeting(self.timeless(a, b), a, b, travel, meeting, pinned)
    }

    /// The criteria that do not depend on the meeting plan (`common_time` and
    /// `robust_time` are 0).
    #[inline]
    pub(crate) fn timeless(&self, a: usize, b: usize) -> Breakdown {
        let p = &self.policy;
        let w = &p.weights;
        let same = self.school_of[a] == self.school_of[b];
        let (sa, sb) = (self.subjects.row(a), self.subjects.row(b));
        let subject = share(
            w.subject,
            u64::from(sorted_common(sa, sb)),
            sa.len().min(sb.len()) as u64,
        );
        let (ya, yb) = (self.year_mask[a], self.year_mask[b]);
        let year_level = share(
            w.year_level,
            u64::from((ya & yb).count_ones()),
            u64::from(ya.count_ones().min(yb.count_ones())),
        );
        let (fa, fb) = (self.focus[a], self.focus[b]);
        let (ta, tb) = (self.tags.row(a), self.tags.row(b));
        let goals = share(
            w.goals,
            u64::from((fa & fb).count_ones() + sorted_common(ta, tb)),
            u64::from(fa.count_ones() + ta.len() as u32)
                .min(u64::from(fb.count_ones() + tb.len() as u32)),
        );
        let depth = p.preference_depth;
        let pr = |x: usize, y: usize| {
            self.preference_rank(x, y)
                .map_or(0, |r| u64::from(depth.saturating_sub(r)))
        };
        let preference = share(w.preference, pr(a, b) + pr(b, a), 2 * u64::from(depth));
        let experience = match (self.experience[a], self.experience[b]) {
            (Some(x), Some(y)) => {
                let span = u64::from(p.experience_span_years);
                let d = u64::from(x.abs_diff(y)).min(span);
                match p.experience_mode {
                    ExperienceMode::Similar => share(w.experience, span - d, span),
                    ExperienceMode::Complementary => share(w.experience, d, span),
                }
            }
            _ => 0,
        };
        let locality = if (w.locality > 0) == same && w.locality != 0 {
            i64::from(w.locality.unsigned_abs()) * SCALE
        } else {
            0
        };
        Breakdown {
            subject,
            year_level,
            common_time: 0,
            goals,
            preference,
            experience,
            locality,
            robust_time: 0,
        }
    }

    /// The score: the [`Scorer::timeless`] criteria `t` of the pair plus the two time
    /// criteria of its meeting plan.
    #[inline]
    fn with_meeting(
        &self,
        t: Breakdown,
        a: usize,
        b: usize,
        travel: Option<u32>,
        meeting: Option<MeetingSummary>,
        pinned: bool,
    ) -> PairScore {
        let minutes = meeting.map_or(0, |m| m.minutes_per_week);
        let (common_time, robust_time) = self.time_criteria(meeting);
        let same = self.school_of[a] == self.school_of[b];
        let breakdown = Breakdown {
            common_time,
            robust_time,
            ..t
        };
        PairScore {
            total: breakdown.total(),
            breakdown,
            common_minutes: minutes,
            travel_minutes: travel,
            same_school: same,
            pinned,
            meeting,
        }
    }

    /// The two time criteria, `(common_time, robust_time)`, of a meeting plan.
    #[inline]
    fn time_criteria(&self, meeting: Option<MeetingSummary>) -> (i64, i64) {
        let p = &self.policy;
        let minutes = meeting.map_or(0, |m| m.minutes_per_week);
        let percent = match meeting.map(|m| m.mode) {
            Some(MeetingMode::InSchool) => p.meetings.in_school.percent,
            Some(MeetingMode::Visit) => p.meetings.visit.percent,
            Some(MeetingMode::Online) => p.meetings.online.percent,
            Some(MeetingMode::AfterSchool) => p.meetings.after_school.percent,
            Some(MeetingMode::GroupMeetings) | None => 100,
        };
        let w = &p.weights;
        let common_time = share(
            w.common_time,
            u64::from(minutes.min(p.time_target_minutes)) * u64::from(percent),
            u64::from(p.time_target_minutes) * 100,
        );
        let robust_time = share(
            w.robust_time,
            u64::from(meeting.map_or(0, |m| m.robust_minutes)),
            u64::from(p.time_target_minutes),
        );
        (common_time, robust_time)
    }
}

/// A score criterion (a name of [`Breakdown::items`]) in plain words, as the summaries,
/// the page, the letters and [`super::Explanation`]'s text show it; the CSV keeps the
/// names as column headings. Unknown names are returned as they are.
///
/// ```
/// use peermatch::compat::criterion_words;
/// assert_eq!(criterion_words("year_level"), "same year levels");
/// assert_eq!(criterion_words("common_time"), "time to meet");
/// ```
#[must_use]
pub fn criterion_words(name: &str) -> &str {
    match name {
        "subject" => "same subject",
        "year_level" => "same year levels",
        "common_time" => "time to meet",
        "goals" => "shared goals",
        "preference" => "stated preferences",
        "experience" => "experience",
        "locality" => "school location",
        "robust_time" => "spare meeting time",
        other => other,
    }
}
