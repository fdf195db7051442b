//! Meeting plans: which way a pair meets, when, for how long a week, and who travels.
//!
//! # How a plan is made
//!
//! For a pair, the weekly modes of [`MeetingModes`] are tried in a fixed order —
//! in-school (same school) or a free-period visit (different schools), then online, then
//! after school — skipping modes the policy does not offer, modes either teacher opted
//! out of ([`crate::cohort::Teacher::opt_out`]) and modes that need travel when travel is
//! unknown or above [`crate::compat::HardRules::max_travel_minutes`]. The first mode whose
//! plan reaches [`crate::compat::HardRules::min_common_minutes`] is the pair's plan.
//!
//! Within a mode the available windows come from the same sweep as the common time:
//!
//! | mode | traveller's time | cost to the traveller per session |
//! |---|---|---|
//! | in-school, online | the free period itself | 0 |
//! | visit | free period shrunk by the trip at both ends | 2 × travel |
//! | after school | after-school window shrunk by the trip at the start | 1 × travel |
//!
//! A cross-school mode is planned in both directions and the one with more minutes (then
//! more robust minutes) is kept; on a full tie the teacher earlier in the cohort travels. The plan then takes windows longest
//! first (earlier first on ties) while each teacher's time budget
//! ([`crate::cohort::Teacher::minutes_per_week`], travel included for the traveller) and
//! the mode's session cap ([`crate::compat::AfterSchool::sessions_per_week`]) allow,
//! shortening the last window to the budget left when that still leaves a meeting of the
//! minimum length. Without budgets and caps the plan is every window, so its minutes are
//! exactly the pair's common time.
//!
//! **Robust minutes** are the plan's minutes after losing the pair's worst single window
//! (a free period lost to supervision, say), re-planned with the windows that remain: the
//! minimum over all windows of the minutes of the plan without it. A pair hanging on one
//! fragile window has robust minutes 0.
//!
//! **Group meetings** ([`crate::compat::GroupMeetings`]) add their minutes per term to
//! every plan where both teachers take part; they make a pair feasible on their own only
//! when the policy says so (`enough_alone`).

use serde::{Deserialize, Serialize};

use crate::cohort::{Day, MeetingMode, MINUTES_PER_DAY};

use super::explain::MeetingWindow;
use super::plan_windows::{
    greedy, plan_directions, plan_general, plan_streaming, Planned, NO_LIMIT,
};
use super::policy::MeetingModes;
use super::scorer::Scorer;
use super::windows::for_each_window_asym;

/// The compact meeting plan every [`crate::compat::PairScore`] carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSummary {
    /// How the pair meets each week ([`MeetingMode::GroupMeetings`] only when group
    /// meetings alone make the pair feasible).
    pub mode: MeetingMode,
    /// Planned meeting minutes a week (travel excluded).
    pub minutes_per_week: u32,
    /// Planned sessions a week.
    pub sessions_per_week: u32,
    /// Minutes a week left after losing the pair's worst single window (see the
    /// module docs of `compat::meeting`).
    pub robust_minutes: u32,
    /// Minutes a term at the programme's group meetings (0 when either teacher opted out
    /// or the programme has none).
    pub group_minutes_per_term: u32,
}

/// The full meeting plan of a pair, for people: the windows, the traveller and the host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPlan {
    /// The numbers.
    pub summary: MeetingSummary,
    /// The planned weekly windows, in week order (after travel: the meeting itself).
    pub windows: Vec<MeetingWindow>,
    /// Id of the teacher who travels (`None` when nobody does).
    pub traveller: Option<String>,
    /// Id of the school where the pair meets (`None` online or at group meetings).
    pub host_school: Option<String>,
    /// One-way travel minutes of the traveller (0 when nobody travels).
    pub travel_minutes: u32,
    /// Expected minutes a week when each window is lost with the policy's
    /// [`crate::compat::Policy::period_loss_percent`] chance (rounded; see
    /// [`Scorer::expected_minutes`]).
    #[serde(default)]
    pub expected_minutes: u32,
    /// The loss chance used, percent.
    #[serde(default)]
    pub loss_percent: u32,
}

impl std::fmt::Display for MeetingPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.named(&Ids).fmt(f)
    }
}

impl MeetingPlan {
    /// The plan in words, naming the traveller and the host school through `names`
    /// (the plain [`std::fmt::Display`] shows ids; [`crate::report::Roster`] shows names).
    /// [`super::Explanation::named`] shows it in use.
    #[must_use]
    pub fn named<'a>(&'a self, names: &'a dyn Names) -> Named<'a, MeetingPlan> {
        Named { item: self, names }
    }
}

impl std::fmt::Display for Named<'_, MeetingPlan> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (plan, names) = (self.item, self.names);
        let s = &plan.summary;
        write!(
            f,
            "{}: {} min/week in {} session(s), {} min/week if the worst window is lost, {} min/week expected if each window is lost {}% of weeks",
            s.mode,
            s.minutes_per_week,
            s.sessions_per_week,
            s.robust_minutes,
            plan.expected_minutes,
            plan.loss_percent
        )?;
        match (&plan.traveller, &plan.host_school) {
            (Some(t), Some(h)) => write!(
                f,
                "; {} travels to {} ({} min each way)",
                names.teacher(t),
                names.school(h),
                plan.travel_minutes
            )?,
            (None, Some(h)) => write!(f, "; at {}", names.school(h))?,
            _ => {}
        }
        if s.group_minutes_per_term > 0 {
            write!(
                f,
                "; plus {} min a term at group meetings",
                s.group_minutes_per_term
            )?;
        }
        Ok(())
    }
}

/// How a rendering names teachers and schools: [`Ids`] shows the ids (what the plain
/// `Display` impls print); [`crate::report::Roster`] shows display names.
pub trait Names {
    /// The word for teacher `id`.
    fn teacher<'a>(&'a self, id: &'a str) -> &'a str;
    /// The word for school `id`.
    fn school<'a>(&'a self, id: &'a str) -> &'a str;
}

/// Names everyone by id.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ids;

impl Names for Ids {
    fn teacher<'a>(&'a self, id: &'a str) -> &'a str {
        id
    }
    fn school<'a>(&'a self, id: &'a str) -> &'a str {
        id
    }
}

/// A value to display with the people and schools named through a [`Names`] (see
/// [`MeetingPlan::named`] and [`super::Explanation::named`]).
#[derive(Clone, Copy)]
pub struct Named<'a, T> {
    /// What is shown.
    pub item: &'a T,
    /// How teachers and schools are named.
    pub names: &'a dyn Names,
}

impl<T: std::fmt::Debug> std::fmt::Debug for Named<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Named")
            .field("item", self.item)
            .finish_non_exhaustive()
    }
}

/// How a pair's plan came out.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Outcome {
    /// The feasible plan: (mode, numbers, traveller index if any).
    pub(crate) plan: Option<(MeetingMode, Planned, Option<usize>)>,
    /// Most weekly minutes any usable mode offered (for the violation message).
    pub(crate) best_minutes: u32,
    /// Travel blocked a travel mode: `None` travel unknown, `Some(t)` too long.
    pub(crate) travel_blocked: Option<Option<u32>>,
    /// Some mode was usable at all.
    pub(crate) any_usable: bool,
    /// Group minutes a term (0 when not shared).
    pub(crate) group_minutes: u32,
}

impl Scorer {
    fn mode_ok(&self, m: MeetingMode, a: usize, b: usize) -> bool {
        (self.opt_out[a] | self.opt_out[b]) & m.bit() == 0
    }

    /// One mode in one direction: `x` travels (or nobody when `travel == 0` and
    /// `same`); `after` selects the after-school ranges.
    #[allow(clippy::too_many_arguments)]
    fn plan_one(
        &self,
        x: usize,
        y: usize,
        after: bool,
        s0: u32,
        s1: u32,
        cost: u32,
        cap: u32,
        out: Option<&mut Vec<(u32, u32)>>,
    ) -> Planned {
        let (rx, ry) = if after {
            (self.after.row(x), self.after.row(y))
        } else {
            (self.free.row(x), self.free.row(y))
        };
        let min_len = self.policy.hard.min_meeting_minutes;
        let (bx, by) = (self.budget[x], self.budget[y]);
        if out.is_none() && bx == NO_LIMIT && by == NO_LIMIT {
            plan_streaming(rx, s0, s1, ry, min_len, cap)
        } else {
            plan_general(rx, s0, s1, ry, min_len, cap, by, bx, cost, out)
        }
    }

    /// A cross-school mode planned both ways; the better direction (first teacher on ties).
    fn plan_both(
        &self,
        a: usize,
        b: usize,
        after: bool,
        t: u32,
        cap: u32,
        want: bool,
    ) -> (Planned, usize, Vec<(u32, u32)>) {
        let no_budgets = self.budget[a] == NO_LIMIT && self.budget[b] == NO_LIMIT;
        if after && !want && no_budgets {
            // Equal ranges: both directions are the memo's plan, a full tie.
            if let Some(p) = self.after_memo.get(a, b, t) {
                return (p, a.min(b), Vec::new());
            }
        }
        let (s1, cost) = if after { (0, t) } else { (t, 2 * t) };
        let (ra, rb) = if after {
            (self.after.row(a), self.after.row(b))
        } else {
            (self.free.row(a), self.free.row(b))
        };
        let spans = if after {
            [self.after_span[a], self.after_span[b]]
        } else {
            [self.free_span[a], self.free_span[b]]
        };
        let [(pa, wa), (pb, wb)] = plan_directions(
            [ra, rb],
            [spans[0].longest, spans[1].longest],
            [self.budget[a], self.budget[b]],
            (t, s1, cost),
            self.policy.hard.min_meeting_minutes,
            cap,
            want,
        );
        // More minutes, then more robust minutes; on a full tie the teacher earlier in
        // the cohort travels (so the plan does not depend on the argument order).
        let (ka, kb) = ((pa.minutes, pa.robust), (pb.minutes, pb.robust));
        if kb > ka || (kb == ka && b < a) {
            (pb, b, wb)
        } else {
            (pa, a, wa)
        }
    }

    /// Plans the pair (see the [module docs](self)). With `windows`, the chosen plan's
    /// windows are written there (week minutes).
    pub(crate) fn plan_pair(
        &self,
        a: usize,
        b: usize,
        travel: Option<u32>,
        mut windows: Option<&mut Vec<(u32, u32)>>,
    ) -> Outcome {
        let m: &MeetingModes = &self.policy.meetings;
        let h = &self.policy.hard;
        let same = self.school_of[a] == self.school_of[b];
        let want = windows.is_some();
        let g = &m.group_meetings;
        let group_minutes = if g.enabled && self.mode_ok(MeetingMode::GroupMeetings, a, b) {
            g.sessions_per_term.saturating_mul(g.minutes_per_session)
        } else {
            0
        };
        let mut o = Outcome {
            plan: None,
            best_minutes: 0,
            travel_blocked: None,
            any_usable: false,
            group_minutes,
        };
        let travel_ok = match travel {
            None => Err(None),
            Some(t) if h.max_travel_minutes.is_some_and(|max| t > max) => Err(Some(t)),
            Some(t) => Ok(t),
        };
        let mut consider = |o: &mut Outcome,
                            mode: MeetingMode,
                            p: Planned,
                            who: Option<usize>,
                            ws: Vec<(u32, u32)>,
                            usable: bool| {
            o.best_minutes = o.best_minutes.max(p.minutes);
            if usable && o.plan.is_none() {
                o.any_usable = true;
                if p.minutes >= h.min_common_minutes {
                    o.plan = Some((mode, p, who));
                    if let Some(w) = windows.as_deref_mut() {
                        *w = ws;
                    }
                }
            }
        };
        // 1. Free periods: in school or a visit.
        if same {
            if m.in_school.enabled && self.mode_ok(MeetingMode::InSchool, a, b) {
                let mut ws = Vec::new();
                let p = self.plan_one(a, b, false, 0, 0, 0, NO_LIMIT, want.then_some(&mut ws));
                consider(&mut o, MeetingMode::InSchool, p, None, ws, true);
            }
        } else if m.visit.enabled && self.mode_ok(MeetingMode::Visit, a, b) {
            match travel_ok {
                Ok(t) => {
                    let (p, who, ws) = self.plan_both(a, b, false, t, NO_LIMIT, want);
                    consider(&mut o, MeetingMode::Visit, p, Some(who), ws, true);
                }
                Err(blocked) => {
                    o.travel_blocked.get_or_insert(blocked);
                    if let Some(t) = blocked {
                        // Reported, not usable (as before modes existed).
                        let (p, who, ws) = self.plan_both(a, b, false, t, NO_LIMIT, false);
                        consider(&mut o, MeetingMode::Visit, p, Some(who), ws, false);
                    }
                }
            }
        }
        if o.plan.is_some() {
            return o;
        }
        // 2. Online in a common free period.
        if m.online.enabled && !same && self.mode_ok(MeetingMode::Online, a, b) {
            let mut ws = Vec::new();
            let p = self.plan_one(a, b, false, 0, 0, 0, NO_LIMIT, want.then_some(&mut ws));
            consider(&mut o, MeetingMode::Online, p, None, ws, true);
            if o.plan.is_some() {
                return o;
            }
        }
        // 3. After school.
        let af = &m.after_school;
        if af.enabled && self.mode_ok(MeetingMode::AfterSchool, a, b) {
            let cap = af.sessions_per_week;
            if same {
                let mut ws = Vec::new();
                let p = self.plan_one(a, b, true, 0, 0, 0, cap, want.then_some(&mut ws));
                consider(&mut o, MeetingMode::AfterSchool, p, None, ws, true);
            } else if af.travel {
                match travel_ok {
                    Ok(t) => {
                        let (p, who, ws) = self.plan_both(a, b, true, t, cap, want);
                        consider(&mut o, MeetingMode::AfterSchool, p, Some(who), ws, true);
                    }
                    Err(blocked) => {
                        o.travel_blocked.get_or_insert(blocked);
                    }
                }
            }
            if o.plan.is_some() {
                return o;
            }
        }
        // 4. Group meetings alone, when the policy allows it.
        if g.enough_alone && group_minutes > 0 {
            o.any_usable = true;
            let per_week = group_minutes / g.weeks_per_term.max(1);
            o.plan = Some((
                MeetingMode::GroupMeetings,
                Planned {
                    minutes: per_week,
                    sessions: 0,
                    robust: per_week,
                },
                None,
            ));
        }
        o
    }

    /// The compact plan of an outcome.
    pub(crate) fn summary_of(o: &Outcome) -> Option<MeetingSummary> {
        o.plan.map(|(mode, p, _)| MeetingSummary {
            mode,
            minutes_per_week: p.minutes,
            sessions_per_week: p.sessions,
            robust_minutes: p.robust,
            group_minutes_per_term: o.group_minutes,
        })
    }

    /// The expected planned minutes a week of the pair `a`–`b` when each of its available
    /// windows (in the plan's mode and direction) is lost independently with probability
    /// `loss_percent / 100`, and the plan is re-made from the windows left (budgets and
    /// session caps still apply, so a lost window may be replaced). Exact: the average
    /// over every subset of surviving windows for up to 12 windows; beyond that (rare) the
    /// plan's minutes times the survival probability. Group meetings alone are never
    /// lost. `None` when the pair has no plan.
    ///
    /// Without budgets or caps this is `(1 - p) × minutes`; it sits beside the
    /// worst-single-loss figure ([`MeetingSummary::robust_minutes`]).
    ///
    /// # Complexity
    /// O(2^w · w) for `w ≤ 12` available windows.
    pub fn expected_minutes(&self, a: usize, b: usize, loss_percent: u32) -> Option<f64> {
        let (sa, sb) = (self.school_of(a), self.school_of(b));
        let travel = self.travel_minutes(sa, sb);
        let o = self.plan_pair(a, b, travel, None);
        let (mode, planned, who) = o.plan?;
        let q = 1.0 - f64::from(loss_percent.min(100)) / 100.0;
        let t = travel.unwrap_or(0);
        let other = |x: usize| if x == a { b } else { a };
        let af = self.policy.meetings.after_school.sessions_per_week;
        let (x, after, s0, s1, cost, cap) = match mode {
            MeetingMode::GroupMeetings => return Some(f64::from(planned.minutes)),
            MeetingMode::InSchool | MeetingMode::Online => (a, false, 0, 0, 0, NO_LIMIT),
            MeetingMode::Visit => (who.unwrap_or(a), false, t, t, 2 * t, NO_LIMIT),
            MeetingMode::AfterSchool if sa == sb => (a, true, 0, 0, 0, af),
            MeetingMode::AfterSchool => (who.unwrap_or(a), true, t, 0, t, af),
        };
        let y = other(x);
        let (rx, ry) = if after {
            (self.after.row(x), self.after.row(y))
        } else {
            (self.free.row(x), self.free.row(y))
        };
        let min_len = self.policy.hard.min_meeting_minutes;
        let mut ws = Vec::new();
        for_each_window_asym(rx, s0, s1, ry, min_len, |s, e| ws.push((s, e)));
        if ws.len() > 12 {
            return Some(q * f64::from(planned.minutes));
        }
        let mut order: Vec<usize> = (0..ws.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(ws[i].1 - ws[i].0), ws[i].0));
        let (bx, by) = (self.budget[x], self.budget[y]);
        let w = ws.len();
        let mut expected = 0.0;
        for mask in 0u32..(1 << w) {
            let kept = mask.count_ones() as i32;
            let prob = q.powi(kept) * (1.0 - q).powi(w as i32 - kept);
            if prob == 0.0 {
                continue;
            }
            let alive: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&i| mask >> i & 1 == 1)
                .collect();
            let m = greedy(&ws, &alive, None, cap, by, bx, cost, min_len, |_, _| {}).minutes;
            expected += prob * f64::from(m);
        }
        Some(expected)
    }

    /// The weekly windows a trio can use: the pair `a`–`b`'s planned windows, each cut to
    /// the time the third teacher `c` can be at the pair's meeting: `c`'s free periods
    /// (in school, visits, online) or after-school time, shrunk by `c`'s one-way trip to
    /// the host school (at both ends in a free period, at the start after school; no trip
    /// online). Pieces shorter than the minimum meeting are dropped. Empty when the pair
    /// has no plan, `c` opted out of the pair's mode, or `c`'s travel to the host is
    /// unknown or above the maximum.
    pub fn trio_windows(&self, a: usize, b: usize, c: usize) -> Vec<MeetingWindow> {
        let (sa, sb) = (self.school_of(a), self.school_of(b));
        let mut ws = Vec::new();
        let o = self.plan_pair(a, b, self.travel_minutes(sa, sb), Some(&mut ws));
        let Some((mode, _, who)) = o.plan else {
            return Vec::new();
        };
        if !self.mode_ok(mode, c, c) {
            return Vec::new();
        }
        // The host: the non-traveller's school when someone travels, else a's.
        let host = match who {
            Some(x) if sa != sb => self.school_of(if x == a { b } else { a }),
            _ => sa,
        };
        let (ranges, before, after) = match mode {
            MeetingMode::GroupMeetings => return Vec::new(),
            MeetingMode::Online => (self.free.row(c), 0, 0),
            m => {
                let t = if self.school_of(c) == host {
                    0
                } else {
                    match self.travel_minutes(self.school_of(c), host) {
                        Some(t)
                            if self
                                .policy
                                .hard
                                .max_travel_minutes
                                .is_none_or(|max| t <= max) =>
                        {
                            t
                        }
                        _ => return Vec::new(),
                    }
                };
                if m == MeetingMode::AfterSchool {
                    (self.after.row(c), t, 0)
                } else {
                    (self.free.row(c), t, t)
                }
            }
        };
        let min_len = self.policy.hard.min_meeting_minutes.max(1);
        let day = u32::from(MINUTES_PER_DAY);
        let mut out = Vec::new();
        for &(ws0, we0) in &ws {
            for &(rs, re) in ranges {
                let (s, e) = (ws0.max(rs + before), we0.min(re.saturating_sub(after)));
                if e >= s + min_len {
                    let d = s / day;
                    if let Some(dd) = Day::from_index(d) {
                        out.push(MeetingWindow {
                            day: dd,
                            start: (s - d * day) as u16,
                            end: (e - d * day) as u16,
                        });
                    }
                }
            }
        }
        out
    }

    /// The meeting plan of teachers `a` and `b` (indices), or `None` when no mode the
    /// policy offers and both accept gives them enough time (see the
    /// module docs of `compat::meeting`). Hard rules other than meeting time are not checked here.
    ///
    /// ```
    /// use peermatch::cohort::{Cohort, MeetingMode, School, Teacher, TravelTime};
    /// use peermatch::compat::{Policy, Scorer};
    /// let t = |id: &str, s: &str| Teacher::new(id, s)
    ///     .with_subjects(["calculus"])
    ///     .with_free_periods(["Mon 10:00-10:55".parse().unwrap()]);
    /// let mut cohort = Cohort::new(vec![School::new("S1", ""), School::new("S2", "")],
    ///     vec![t("A", "S1"), t("B", "S2")]);
    /// cohort.travel_times.push(TravelTime { from: "S1".into(), to: "S2".into(), minutes: 15 });
    /// let s = Scorer::new(&cohort, &Policy::default()).unwrap();
    /// // A visit leaves 25 minutes, below the 30-minute minimum: they meet after school.
    /// let plan = s.meeting_plan(0, 1).unwrap();
    /// assert_eq!(plan.summary.mode, MeetingMode::AfterSchool);
    /// assert_eq!(plan.summary.minutes_per_week, 45);
    /// assert_eq!(plan.traveller.as_deref(), Some("A"));
    /// assert_eq!(plan.windows[0].to_string(), "Mon 15:45-16:30");
    /// ```
    #[must_use]
    pub fn meeting_plan(&self, a: usize, b: usize) -> Option<MeetingPlan> {
        let (sa, sb) = (self.school_of(a), self.school_of(b));
        let travel = self.travel_minutes(sa, sb);
        let mut ws = Vec::new();
        let o = self.plan_pair(a, b, travel, Some(&mut ws));
        let summary = Self::summary_of(&o)?;
        let (mode, _, who) = o.plan?;
        let travels = who.is_some() && sa != sb;
        let host = match mode {
            MeetingMode::Online | MeetingMode::GroupMeetings => None,
            _ => Some(match who {
                Some(x) if travels => {
                    let y = if x == a { b } else { a };
                    self.school_ids[self.school_of(y)].clone()
                }
                _ => self.school_ids[sa].clone(),
            }),
        };
        let day = u32::from(MINUTES_PER_DAY);
        Some(MeetingPlan {
            summary,
            windows: ws
                .iter()
                .filter_map(|&(s, e)| {
                    let d = s / day;
                    Day::from_index(d).map(|dd| MeetingWindow {
                        day: dd,
                        start: (s - d * day) as u16,
                        end: (e - d * day) as u16,
                    })
                })
                .collect(),
            traveller: who.filter(|_| travels).map(|x| self.ids[x].clone()),
            host_school: host,
            travel_minutes: if travels { travel.unwrap_or(0) } else { 0 },
            expected_minutes: self
                .expected_minutes(a, b, self.policy.period_loss_percent)
                .map_or(0, |m| m.round() as u32),
            loss_percent: self.policy.period_loss_percent,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::cohort::generate::{generate, GeneratorConfig};
    use crate::compat::{Policy, Scorer};

    /// Every pair plans the same with the after-school memo as without it (the memo is
    /// used for most cross-school pairs of a default cohort).
    #[test]
    fn after_school_memo_changes_no_plan() {
        let mut c = generate(&GeneratorConfig::city(150, 3));
        // Some teachers with budgets or their own after-school time (no memo for them).
        for t in c.teachers.iter_mut().step_by(7) {
            t.minutes_per_week = Some(60);
        }
        for t in c.teachers.iter_mut().skip(3).step_by(11) {
            t.after_school = vec!["Tue 15:00-16:10".parse().unwrap()];
        }
        let with = Scorer::new(&c, &Policy::default()).unwrap();
        let mut without = with.clone();
        without.after_memo = Default::default();
        let (mut used, mut after) = (0, 0);
        for a in 0..with.len() {
            for b in a + 1..with.len() {
                let t = with.travel_minutes(with.school_of(a), with.school_of(b));
                let (x, y) = (
                    with.plan_pair(a, b, t, None),
                    without.plan_pair(a, b, t, None),
                );
                assert_eq!(format!("{:?}", x.plan), format!("{:?}", y.plan), "{a} {b}");
                if let (Some(t), Some(_)) = (t, x.plan) {
                    if with.after_memo.get(a, b, t).is_some() {
                        used += 1;
                    }
                    after += usize::from(
                        x.plan
                            .is_some_and(|p| p.0 == crate::cohort::MeetingMode::AfterSchool),
                    );
                }
            }
        }
        assert!(used > 1000 && after > 1000, "{used} {after}");
    }
}
