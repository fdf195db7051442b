//! The feasibility report's "what would help": one-step relaxations of the policy.
//!
//! When teachers are left without a partner, the planner re-plans once per relaxation
//! (relax the policy, re-score, re-solve with the same options; nothing else changes) and
//! records how many more teachers get a partner. The steps:
//!
//! | rule | one step |
//! |---|---|
//! | minimum common minutes a week | 15 minutes lower (not below 0) |
//! | minimum meeting (window) length | 10 minutes lower (not below 1) |
//! | maximum travel | 10 minutes more (only when there is a limit) |
//! | shared subject / shared year level | no longer required (only when required) |
//! | a meeting mode that is off | turned on (in school, visit, online, after school) |
//! | after school, when on | every window 30 minutes longer |
//! | group meetings | count as enough on their own (turned on if off) |
//!
//! Only rules that bind are tried, so the table has at most ten rows, each costing one
//! plan of the cohort.

use serde::{Deserialize, Serialize};

use crate::cohort::Cohort;
use crate::compat::{BuildError, Policy, Scorer};

/// Minutes the minimum common time is lowered by in one step.
pub const COMMON_MINUTES_STEP: u32 = 15;
/// Minutes the minimum meeting length is lowered by in one step.
pub const MEETING_MINUTES_STEP: u32 = 10;
/// Minutes the maximum travel is raised by in one step.
pub const TRAVEL_STEP: u32 = 10;
/// Minutes every after-school window is lengthened by in one step.
pub const AFTER_SCHOOL_STEP: u16 = 30;

/// One relaxation of the policy by one step (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relaxation {
    /// Minimum common meeting minutes a week lowered.
    MinCommonMinutes {
        /// The policy's value.
        from: u32,
        /// The relaxed value.
        to: u32,
    },
    /// Minimum meeting (window) length lowered.
    MinMeetingMinutes {
        /// The policy's value.
        from: u32,
        /// The relaxed value.
        to: u32,
    },
    /// Maximum one-way travel raised.
    MaxTravelMinutes {
        /// The policy's value.
        from: u32,
        /// The relaxed value.
        to: u32,
    },
    /// A shared subject no longer required.
    SharedSubject,
    /// A shared year level no longer required.
    SharedYearLevel,
    /// In-school meetings in a common free period turned on.
    InSchool,
    /// Free-period visits turned on.
    Visit,
    /// Online meetings turned on.
    Online,
    /// After-school meetings turned on.
    AfterSchool,
    /// Every after-school window made longer.
    AfterSchoolLonger {
        /// Minutes added to each window's end.
        minutes: u16,
    },
    /// Group meetings count as enough on their own.
    GroupMeetingsAlone,
}

impl std::fmt::Display for Relaxation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Relaxation::MinCommonMinutes { from, to } => {
                write!(f, "minimum meeting time {from} -> {to} min/week")
            }
            Relaxation::MinMeetingMinutes { from, to } => {
                write!(f, "shortest useful meeting {from} -> {to} min")
            }
            Relaxation::MaxTravelMinutes { from, to } => {
                write!(f, "maximum travel {from} -> {to} min")
            }
            Relaxation::SharedSubject => f.write_str("shared subject not required"),
            Relaxation::SharedYearLevel => f.write_str("shared year level not required"),
            Relaxation::InSchool => f.write_str("in-school meetings allowed"),
            Relaxation::Visit => f.write_str("free-period visits allowed"),
            Relaxation::Online => f.write_str("online meetings allowed"),
            Relaxation::AfterSchool => f.write_str("after-school meetings allowed"),
            Relaxation::AfterSchoolLonger { minutes } => {
                write!(f, "after-school windows {minutes} min longer")
            }
            Relaxation::GroupMeetingsAlone => f.write_str("group meetings enough on their own"),
        }
    }
}

impl Relaxation {
    /// Every one-step relaxation that changes `policy` (rules that bind), in the order
    /// of the module table.
    pub fn all_for(policy: &Policy) -> Vec<Relaxation> {
        let h = &policy.hard;
        let m = &policy.meetings;
        let mut v = Vec::new();
        if h.min_common_minutes > 0 {
            v.push(Relaxation::MinCommonMinutes {
                from: h.min_common_minutes,
                to: h.min_common_minutes.saturating_sub(COMMON_MINUTES_STEP),
            });
        }
        if h.min_meeting_minutes > 1 {
            v.push(Relaxation::MinMeetingMinutes {
                from: h.min_meeting_minutes,
                to: h
                    .min_meeting_minutes
                    .saturating_sub(MEETING_MINUTES_STEP)
                    .max(1),
            });
        }
        if let Some(t) = h.max_travel_minutes {
            v.push(Relaxation::MaxTravelMinutes {
                from: t,
                to: t.saturating_add(TRAVEL_STEP),
            });
        }
        if h.require_shared_subject {
            v.push(Relaxation::SharedSubject);
        }
        if h.require_shared_year_level {
            v.push(Relaxation::SharedYearLevel);
        }
        if !m.in_school.enabled {
            v.push(Relaxation::InSchool);
        }
        if !m.visit.enabled {
            v.push(Relaxation::Visit);
        }
        if !m.online.enabled {
            v.push(Relaxation::Online);
        }
        if !m.after_school.enabled {
            v.push(Relaxation::AfterSchool);
        } else if !m.after_school.windows.is_empty() {
            v.push(Relaxation::AfterSchoolLonger {
                minutes: AFTER_SCHOOL_STEP,
            });
        }
        if !(m.group_meetings.enabled && m.group_meetings.enough_alone) {
            v.push(Relaxation::GroupMeetingsAlone);
        }
        v
    }

    /// `policy` relaxed by this step.
    pub fn apply(&self, policy: &Policy) -> Policy {
        let mut p = policy.clone();
        let m = &mut p.meetings;
        match *self {
            Relaxation::MinCommonMinutes { to, .. } => p.hard.min_common_minutes = to,
            Relaxation::MinMeetingMinutes { to, .. } => p.hard.min_meeting_minutes = to,
            Relaxation::MaxTravelMinutes { to, .. } => p.hard.max_travel_minutes = Some(to),
            Relaxation::SharedSubject => p.hard.require_shared_subject = false,
            Relaxation::SharedYearLevel => p.hard.require_shared_year_level = false,
            Relaxation::InSchool => m.in_school.enabled = true,
            Relaxation::Visit => m.visit.enabled = true,
            Relaxation::Online => m.online.enabled = true,
            Relaxation::AfterSchool => m.after_school.enabled = true,
            Relaxation::AfterSchoolLonger { minutes } => {
                for w in &mut m.after_school.windows {
                    w.end = w.end.saturating_add(minutes).min(24 * 60 - 1);
                }
            }
            Relaxation::GroupMeetingsAlone => {
                m.group_meetings.enabled = true;
                m.group_meetings.enough_alone = true;
            }
        }
        p
    }
}

/// One row of the sensitivity table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitivityRow {
    /// The relaxation tried.
    pub relaxation: Relaxation,
    /// Teachers with a partner under the relaxed policy (`None`: the relaxed policy
    /// could not be planned).
    pub matched: Option<usize>,
    /// How many more teachers than in the proposal get a partner (0 when none or fewer).
    pub more: usize,
}

/// What would help the teachers left without a partner: for each binding rule and
/// meeting mode, the teachers who would get a partner if it were relaxed one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// Teachers with a partner in the proposal (trio members included).
    pub matched: usize,
    /// One row per relaxation tried, in the order of the module table.
    pub rows: Vec<SensitivityRow>,
}

/// Builds the table: `plan(policy)` returns the matched count for a relaxed policy.
pub(crate) fn table(
    policy: &Policy,
    matched: usize,
    mut plan: impl FnMut(&Policy) -> Option<usize>,
) -> Sensitivity {
    let rows = Relaxation::all_for(policy)
        .into_iter()
        .map(|r| {
            let m = plan(&r.apply(policy));
            SensitivityRow {
                relaxation: r,
                matched: m,
                more: m.map_or(0, |m| m.saturating_sub(matched)),
            }
        })
        .collect();
    Sensitivity { matched, rows }
}

/// For one infeasible pair (indices `a`, `b`): each single one-step relaxation that
/// would make it feasible, in the order of the module table (empty when the pair is
/// already feasible, or when no single step is enough). Scores only this pair, once per
/// relaxation.
///
/// # Errors
/// [`BuildError`] when the cohort or the policy is invalid.
///
/// # Panics
/// When `a` or `b` is not a teacher index of `cohort`.
///
/// # Example
/// ```
/// use peermatch::cohort::Cohort;
/// use peermatch::compat::Policy;
/// use peermatch::plan::sensitivity::pair_relaxations;
/// let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
/// let (a, b) = (cohort.teacher_index("T01").unwrap(), cohort.teacher_index("T12").unwrap());
/// for r in pair_relaxations(&cohort, &Policy::default(), a, b)? {
///     println!("feasible with: {r}");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pair_relaxations(
    cohort: &Cohort,
    policy: &Policy,
    a: usize,
    b: usize,
) -> Result<Vec<Relaxation>, BuildError> {
    if Scorer::new(cohort, policy)?.explain(a, b).score.is_some() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for r in Relaxation::all_for(policy) {
        if Scorer::new(cohort, &r.apply(policy))?
            .explain(a, b)
            .score
            .is_some()
        {
            out.push(r);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relaxation_changes_the_policy_in_the_stated_direction() {
        let mut p = Policy::default();
        p.hard.require_shared_year_level = true;
        p.meetings.online.enabled = false;
        for r in Relaxation::all_for(&p) {
            let q = r.apply(&p);
            assert_ne!(q, p, "{r}");
            assert!(q.hard.min_common_minutes <= p.hard.min_common_minutes);
            assert!(q.hard.min_meeting_minutes <= p.hard.min_meeting_minutes);
            assert!(q.hard.max_travel_minutes >= p.hard.max_travel_minutes);
            assert!(q.hard.require_shared_subject <= p.hard.require_shared_subject);
        }
    }
}
