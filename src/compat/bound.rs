//! An upper bound on a pair's score that does not plan its meetings, for top-k pruning
//! ([`crate::compat::CandidateMode::TopK`]).
//!
//! A score is the pair's timeless criteria ([`Scorer::timeless`], computed exactly) plus
//! two time criteria of its meeting plan: `common_time` (the plan's minutes, capped at the
//! target, times its mode's percent) and `robust_time`. Planning the meetings is the
//! expensive part of scoring, so the bound replaces the plan's minutes by a per-mode
//! upper bound from four numbers per teacher — the longest and the total of their free
//! time and of their after-school time — and takes the best mode:
//!
//! * **in school** (same school) **and online**: at most `min(total free a, total free
//!   b)` — every window is a piece of both teachers' free time, and windows do not
//!   overlap;
//! * **visit** (travel `t` each way): the same, and 0 when both teachers' longest free
//!   ranges are shorter than `2t + min meeting` — a window of the traveller lies inside
//!   one of their free ranges shrunk by `t` at both ends;
//! * **after school**: at most `sessions × longest window` and `min(total after a,
//!   total after b)`, where a window lies inside one after-school range of each teacher,
//!   so it is at most the shorter longest range; across schools the traveller's range
//!   also loses `t` at the start, so a window is at most `min(max(longest) − t,
//!   min(longest))`;
//! * **group meetings alone**: the group minutes a week.
//!
//! Only the modes the policy enables count (a disabled mode never plans); opt-outs,
//! budgets and travel limits are ignored, which only loosens the bound. `robust_time`
//! counts at its full weight. Since the score's `common_time` is monotone in the plan's
//! minutes and the plan's mode is one of those counted, the bound is at least the score
//! of every feasible pair.

use super::policy::SCALE;
use super::score::share;
use super::scorer::Scorer;

/// Longest and total minutes of a teacher's ranges.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Span {
    pub(crate) longest: u32,
    pub(crate) total: u32,
}

impl Span {
    pub(crate) fn of(ranges: &[(u32, u32)]) -> Self {
        ranges.iter().fold(Span::default(), |s, &(a, b)| Span {
            longest: s.longest.max(b - a),
            total: s.total.saturating_add(b - a),
        })
    }
}

impl Scorer {
    /// An upper bound on `common_time + robust_time` of the pair `a`–`b`, `travel`
    /// minutes apart, under any meeting plan the scorer can make for it (see the
    /// [module docs](self)). O(1).
    #[inline]
    pub(crate) fn time_bound(&self, a: usize, b: usize, travel: u32) -> i64 {
        let p = &self.policy;
        let m = &p.meetings;
        let target = p.time_target_minutes;
        let same = self.school_of[a] == self.school_of[b];
        let (fa, fb) = (self.free_span[a], self.free_span[b]);
        let both_free = fa.total.min(fb.total);
        // The best `min(minutes, target) * percent` over the modes.
        let mut best = 0u64;
        let mut mode = |enabled: bool, minutes: u64, percent: u32| {
            if enabled {
                best = best.max(minutes.min(u64::from(target)) * u64::from(percent));
            }
        };
        if same {
            mode(
                m.in_school.enabled,
                u64::from(both_free),
                m.in_school.percent,
            );
        } else {
            let min_len = p.hard.min_meeting_minutes.max(1);
            let shortest_visit = u64::from(travel) * 2 + u64::from(min_len);
            let can_visit = u64::from(fa.longest.max(fb.longest)) >= shortest_visit;
            let visit = if can_visit { u64::from(both_free) } else { 0 };
            mode(m.visit.enabled, visit, m.visit.percent);
            mode(m.online.enabled, u64::from(both_free), m.online.percent);
        }
        let af = &m.after_school;
        let (aa, ab) = (self.after_span[a], self.after_span[b]);
        let (lo, hi) = (aa.longest.min(ab.longest), aa.longest.max(ab.longest));
        let window = if same {
            lo
        } else {
            lo.min(hi.saturating_sub(travel))
        };
        let after = (u64::from(af.sessions_per_week) * u64::from(window))
            .min(u64::from(aa.total.min(ab.total)));
        mode(af.enabled && (same || af.travel), after, af.percent);
        let g = &m.group_meetings;
        if g.enabled && g.enough_alone {
            let per_term = g.sessions_per_term.saturating_mul(g.minutes_per_session);
            mode(true, u64::from(per_term / g.weeks_per_term.max(1)), 100);
        }
        let w = &p.weights;
        share(w.common_time, best, u64::from(target) * 100) + i64::from(w.robust_time) * SCALE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::generate::{generate, GeneratorConfig};
    use crate::cohort::{Day, FreePeriod, MeetingMode};
    use crate::compat::Policy;
    use proptest::prelude::*;

    const MODES: [MeetingMode; 5] = [
        MeetingMode::InSchool,
        MeetingMode::Visit,
        MeetingMode::Online,
        MeetingMode::AfterSchool,
        MeetingMode::GroupMeetings,
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The bound is at least the time criteria of every scored pair, under random
        /// modes, percents, sessions, budgets, own after-school windows and opt-outs.
        #[test]
        fn bound_covers_the_time_criteria_of_every_pair(
            seed in 0u64..10_000,
            enabled in prop::collection::vec(any::<bool>(), 5),
            percent in prop::collection::vec(0u32..=100, 4),
            (sessions, after_travel, enough_alone) in (0u32..=7, any::<bool>(), any::<bool>()),
            (min_meeting, min_common, target) in (0u32..60, 0u32..120, 1u32..300),
            (common_w, robust_w) in (0u32..50, 0u32..50),
            max_travel in prop::option::of(5u32..60),
            budgets in prop::collection::vec(prop::option::of(0u32..200), 40),
            own_after in prop::collection::vec(prop::option::of((0u32..5, 900u16..1000, 10u16..120)), 40),
            opt_outs in prop::collection::vec(0u8..32, 40),
        ) {
            let mut c = generate(&GeneratorConfig::city(40, seed));
            for (i, t) in c.teachers.iter_mut().enumerate() {
                t.minutes_per_week = budgets[i];
                if let Some((d, s, len)) = own_after[i] {
                    t.after_school = vec![FreePeriod::new(Day::from_index(d).unwrap(), s, s + len)];
                }
                t.opt_out = MODES.iter().enumerate()
                    .filter(|&(k, _)| opt_outs[i] >> k & 1 == 1)
                    .map(|(_, &m)| m)
                    .collect();
            }
            let mut p = Policy::default();
            let m = &mut p.meetings;
            m.in_school.enabled = enabled[0];
            m.visit.enabled = enabled[1];
            m.online.enabled = enabled[2];
            m.after_school.enabled = enabled[3];
            m.group_meetings.enabled = enabled[4];
            m.in_school.percent = percent[0];
            m.visit.percent = percent[1];
            m.online.percent = percent[2];
            m.after_school.percent = percent[3];
            m.after_school.sessions_per_week = sessions;
            m.after_school.travel = after_travel;
            m.group_meetings.enough_alone = enough_alone;
            p.hard.min_meeting_minutes = min_meeting;
            p.hard.min_common_minutes = min_common;
            p.hard.max_travel_minutes = max_travel;
            p.time_target_minutes = target;
            p.weights.common_time = common_w;
            p.weights.robust_time = robust_w;
            let sc = Scorer::new(&c, &p).unwrap();
            for a in 0..sc.len() {
                for b in a + 1..sc.len() {
                    let Some(t) = sc.travel_minutes(sc.school_of(a), sc.school_of(b)) else {
                        continue;
                    };
                    if let Some(s) = sc.fast_score(a, b, t) {
                        let time = s.breakdown.common_time + s.breakdown.robust_time;
                        prop_assert!(sc.time_bound(a, b, t) >= time,
                            "{} {}: bound {} < {}", a, b, sc.time_bound(a, b, t), time);
                    }
                }
            }
        }
    }

    /// After school across schools the traveller may be the one with the longer
    /// window: A's hour loses 10 minutes to the trip and still covers all of B's 30
    /// minutes, so the bound must allow the shorter window in full, not minus the trip.
    #[test]
    fn after_school_traveller_with_the_longer_window() {
        use crate::cohort::{Cohort, School, Teacher, TravelTime};
        let mut b = Teacher::new("B", "S2").with_subjects(["calculus"]);
        b.after_school = vec![FreePeriod::new(Day::Mon, 945, 975)];
        let c = Cohort::new(
            vec![School::new("S1", ""), School::new("S2", "")],
            vec![Teacher::new("A", "S1").with_subjects(["calculus"]), b],
        )
        .with_travel_times(vec![TravelTime {
            from: "S1".into(),
            to: "S2".into(),
            minutes: 10,
        }]);
        let sc = Scorer::new(&c, &Policy::default()).unwrap();
        let s = sc.fast_score(0, 1, 10).unwrap();
        let m = s.meeting.unwrap();
        assert_eq!((m.mode, m.minutes_per_week), (MeetingMode::AfterSchool, 30));
        assert!(s.breakdown.common_time > 0);
        assert!(sc.time_bound(0, 1, 10) >= s.breakdown.common_time + s.breakdown.robust_time);
    }

    /// On a default cohort the bound holds, is reached by many pairs and is below the
    /// old bound (full weight) for many more: it is not vacuous.
    #[test]
    fn bound_is_often_tight_and_often_below_full_weight() {
        let c = generate(&GeneratorConfig::city(300, 7));
        let p = Policy::default();
        let sc = Scorer::new(&c, &p).unwrap();
        let full = i64::from(p.weights.common_time + p.weights.robust_time) * SCALE;
        let (mut scored, mut tight, mut below) = (0, 0, 0);
        for a in 0..sc.len() {
            for b in a + 1..sc.len() {
                let t = sc.travel_minutes(sc.school_of(a), sc.school_of(b)).unwrap();
                if let Some(s) = sc.fast_score(a, b, t) {
                    let (bound, time) = (
                        sc.time_bound(a, b, t),
                        s.breakdown.common_time + s.breakdown.robust_time,
                    );
                    assert!(bound >= time, "{a} {b}");
                    scored += 1;
                    tight += usize::from(bound == time);
                    below += usize::from(bound < full);
                }
            }
        }
        assert!(scored > 1000, "{scored}");
        assert!(tight * 4 > scored, "{tight} of {scored}");
        assert!(below * 4 > scored, "{below} of {scored}");
    }
}
