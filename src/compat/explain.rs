//! Explanations: why a pair scores what it scores, or why it is forbidden; the pair's
//! common meeting windows and shared goals (used by the planner's "suggested meeting
//! windows" and "suggested shared goals").

use serde::{Deserialize, Serialize};

use crate::cohort::{Day, Focus, MINUTES_PER_DAY};

use super::meeting::{Ids, Named, Names};
use super::score::{PairScore, Violation};
use super::scorer::Scorer;
use super::windows::{best_common, for_each_window};

/// One window in which two teachers can meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingWindow {
    /// The day.
    pub day: Day,
    /// Start of the meeting window (after travel), minutes since midnight.
    pub start: u16,
    /// End of the meeting window (before travelling back), minutes since midnight.
    pub end: u16,
}

impl MeetingWindow {
    /// Length in minutes.
    #[must_use]
    pub fn minutes(&self) -> u32 {
        u32::from(self.end - self.start)
    }
}

impl std::fmt::Display for MeetingWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}-{}",
            self.day,
            crate::cohort::format_time(self.start),
            crate::cohort::format_time(self.end)
        )
    }
}

/// When a pair can meet: the windows of its meeting plan (or, for a pair without a
/// plan, its raw free-period common time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommonTime {
    /// Total minutes of the windows.
    pub minutes: u32,
    /// One-way travel minutes (0 within a school; `None` when unknown).
    pub travel_minutes: Option<u32>,
    /// Id of the teacher who travels to the other's school (`None` within a school).
    pub traveller: Option<String>,
    /// The windows, in week order, each at least the policy's minimum meeting length.
    pub windows: Vec<MeetingWindow>,
    /// The meeting plan these windows belong to (mode, minutes and sessions a week,
    /// robust minutes, group time); `None` when the pair has no plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<super::MeetingSummary>,
}

/// What two teachers share.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// Shared subjects (normalised: trimmed, lower-case), sorted.
    pub subjects: Vec<String>,
    /// Shared year levels, ascending.
    pub year_levels: Vec<u8>,
    /// Shared focus areas.
    pub focus: Vec<Focus>,
    /// Shared tags (normalised), sorted.
    pub tags: Vec<String>,
}

/// The full account of one pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// First teacher id.
    pub a: String,
    /// Second teacher id.
    pub b: String,
    /// The score, when the pair is feasible (or pinned).
    pub score: Option<PairScore>,
    /// Every hard rule the pair violates (empty when feasible). For a pinned must-pair
    /// these are listed in `overridden` instead.
    pub violations: Vec<Violation>,
    /// Hard rules a must-pair breaks but that were overridden because it is pinned.
    pub overridden: Vec<Violation>,
    /// Rank of `b` in `a`'s preferences and of `a` in `b`'s (0 = first choice).
    pub preference_ranks: (Option<u32>, Option<u32>),
    /// What they share.
    pub shared: Shared,
    /// When they can meet.
    pub common_time: CommonTime,
    /// The full meeting plan (mode, windows, minutes a week, who travels where), when the
    /// pair has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<super::MeetingPlan>,
}

impl std::fmt::Display for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.named(&Ids).fmt(f)
    }
}

impl Explanation {
    /// The explanation in words, naming the two teachers, the traveller and the host
    /// school through `names` (the plain [`std::fmt::Display`] shows ids;
    /// [`crate::report::Roster`] shows names).
    ///
    /// # Example
    /// ```
    /// use peermatch::cohort::Cohort;
    /// use peermatch::compat::{Policy, Scorer};
    /// use peermatch::report::Roster;
    /// let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
    /// let scorer = Scorer::new(&cohort, &Policy::default())?;
    /// let (a, b) = (cohort.teacher_index("T03").unwrap(), cohort.teacher_index("T07").unwrap());
    /// let ex = scorer.explain(a, b);
    /// let words = ex.named(&Roster::from_cohort(&cohort)).to_string();
    /// assert!(words.starts_with("Chen Wei + Grace Liu: score"), "{words}");
    /// assert!(words.contains("Chen Wei travels to Ridgeline College"), "{words}");
    /// assert!(ex.to_string().starts_with("T03 + T07: score"));
    /// assert!(ex.to_string().contains("T03 travels to S05"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn named<'a>(&'a self, names: &'a dyn Names) -> Named<'a, Explanation> {
        Named { item: self, names }
    }
}

impl std::fmt::Display for Named<'_, Explanation> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (ex, names) = (self.item, self.names);
        let (a, b) = (names.teacher(&ex.a), names.teacher(&ex.b));
        let pts = |u: i64| u as f64 / super::SCALE as f64;
        match &ex.score {
            Some(s) => {
                write!(f, "{a} + {b}: score {:.1}", pts(s.total))?;
                for (name, u) in s.breakdown.items() {
                    // The robust-time criterion is off by default: shown only when it counts.
                    if name == "robust_time" && u == 0 {
                        continue;
                    }
                    write!(
                        f,
                        "\n  {:<18} {:>7.1}",
                        super::criterion_words(name),
                        pts(u)
                    )?;
                }
            }
            None => write!(f, "{a} + {b}: not allowed")?,
        }
        for v in &ex.violations {
            write!(f, "\n  forbidden: {v}")?;
        }
        for v in &ex.overridden {
            write!(f, "\n  overridden by must-pair: {v}")?;
        }
        write!(f, "\n  common time: {} min/week", ex.common_time.minutes)?;
        if let Some(t) = &ex.common_time.traveller {
            write!(
                f,
                " ({} travels {} min each way)",
                names.teacher(t),
                ex.common_time.travel_minutes.unwrap_or(0)
            )?;
        }
        for w in &ex.common_time.windows {
            write!(f, "\n    {w}")?;
        }
        if let Some(m) = &ex.meeting {
            write!(f, "\n  meeting plan: {}", m.named(names))?;
        }
        if !ex.shared.subjects.is_empty() {
            write!(f, "\n  shared subjects: {}", ex.shared.subjects.join(", "))?;
        }
        Ok(())
    }
}

impl Scorer {
    /// Common meeting windows of teachers `a` and `b` (indices): the windows of their
    /// meeting plan ([`Scorer::meeting_plan`]) when they have one; otherwise the raw
    /// free-period time: within one school the overlap of their free periods, across
    /// schools the windows left for a meeting after the better-placed teacher travels
    /// there and back. Only windows of at least the policy's minimum meeting length are
    /// listed.
    ///
    /// ```
    /// use peermatch::cohort::{Cohort, Day, FreePeriod, School, Teacher};
    /// use peermatch::compat::{Policy, Scorer};
    /// let t = |id: &str, p: FreePeriod| Teacher::new(id, "S1").with_subjects(["calculus"]).with_free_periods([p]);
    /// let cohort = Cohort::new(vec![School::new("S1", "")], vec![
    ///     t("A", "Mon 10:00-11:00".parse().unwrap()),
    ///     t("B", "Mon 10:20-12:00".parse().unwrap()),
    /// ]);
    /// let s = Scorer::new(&cohort, &Policy::default()).unwrap();
    /// let ct = s.common_windows(0, 1);
    /// assert_eq!(ct.minutes, 40);
    /// assert_eq!(ct.windows[0].to_string(), "Mon 10:20-11:00");
    /// ```
    #[must_use]
    pub fn common_windows(&self, a: usize, b: usize) -> CommonTime {
        if let Some(plan) = self.meeting_plan(a, b) {
            return CommonTime {
                minutes: plan.summary.minutes_per_week,
                travel_minutes: Some(plan.travel_minutes),
                traveller: plan.traveller,
                windows: plan.windows,
                plan: Some(plan.summary),
            };
        }
        self.raw_common_windows(a, b)
    }

    /// The raw free-period common time of a pair (the model before meeting modes).
    fn raw_common_windows(&self, a: usize, b: usize) -> CommonTime {
        let (sa, sb) = (self.school_of(a), self.school_of(b));
        let travel = self.travel_minutes(sa, sb);
        let min_len = self.policy.hard.min_meeting_minutes;
        let same = sa == sb;
        let mut windows = Vec::new();
        let (mut minutes, mut traveller) = (0, None);
        if let Some(t) = travel {
            let (m, who) = best_common(self.free.row(a), self.free.row(b), t, same, min_len);
            minutes = m;
            let (x, y) = match who {
                Some(true) => (b, a),
                _ => (a, b),
            };
            traveller = who.map(|_| self.ids[x].clone());
            let shrink = if same { 0 } else { t };
            for_each_window(
                self.free.row(x),
                shrink,
                self.free.row(y),
                min_len,
                |s, e| {
                    let day = s / u32::from(MINUTES_PER_DAY);
                    let base = day * u32::from(MINUTES_PER_DAY);
                    if let Some(day) = Day::from_index(day) {
                        windows.push(MeetingWindow {
                            day,
                            start: (s - base) as u16,
                            end: (e - base) as u16,
                        });
                    }
                },
            );
        }
        CommonTime {
            minutes,
            travel_minutes: travel,
            traveller,
            windows,
            plan: None,
        }
    }

    /// What teachers `a` and `b` share: subjects, year levels, focus areas and tags.
    #[must_use]
    pub fn shared(&self, a: usize, b: usize) -> Shared {
        let common = |x: &[u32], y: &[u32]| -> Vec<u32> {
            x.iter()
                .filter(|v| y.binary_search(v).is_ok())
                .copied()
                .collect()
        };
        let ym = self.year_mask[a] & self.year_mask[b];
        let fm = self.focus[a] & self.focus[b];
        Shared {
            subjects: common(self.subjects.row(a), self.subjects.row(b))
                .into_iter()
                .map(|i| self.subject_names[i as usize].clone())
                .collect(),
            year_levels: (0..32u8).filter(|y| ym & (1 << y) != 0).collect(),
            focus: Focus::ALL
                .into_iter()
                .filter(|f| fm & f.bit() != 0)
                .collect(),
            tags: common(self.tags.row(a), self.tags.row(b))
                .into_iter()
                .map(|i| self.tag_names[i as usize].clone())
                .collect(),
        }
    }

    /// The full account of pair `(a, b)`: score and breakdown, every violated hard rule,
    /// preference ranks, shared goals and common windows.
    ///
    /// # Panics
    /// If `a` or `b` is out of range or `a == b`.
    #[must_use]
    pub fn explain(&self, a: usize, b: usize) -> Explanation {
        assert!(a != b, "a teacher cannot be paired with themself");
        let travel = self.travel_minutes(self.school_of(a), self.school_of(b));
        let mut all = Vec::new();
        self.violations(a, b, travel, false, &mut |v| all.push(v));
        let pinned = self.is_must_pair(a, b);
        let score = (all.is_empty() || pinned).then(|| self.score_unchecked(a, b, travel, pinned));
        let (violations, overridden) = if pinned {
            (Vec::new(), all)
        } else {
            (all, Vec::new())
        };
        Explanation {
            a: self.ids[a].clone(),
            b: self.ids[b].clone(),
            score,
            violations,
            overridden,
            preference_ranks: (self.preference_rank(a, b), self.preference_rank(b, a)),
            shared: self.shared(a, b),
            common_time: self.common_windows(a, b),
            meeting: self.meeting_plan(a, b),
        }
    }
}
