//! Where and when a group can meet: [`plan_meetings`] gives each group of a
//! [`GroupPlan`] from [`super::form_groups`] a venue (the member school with the least
//! total one-way travel of the members, by the graph's travel model
//! [`crate::compat::Scorer::travel_minutes`]), each member's travel minutes, and a
//! suggested slot: the programme's group meetings when the policy holds them and no
//! member opted out, else the first after-school time in the week at which every member,
//! having travelled to the venue at the start of their after-school window, is there for
//! at least [`crate::compat::HardRules::min_meeting_minutes`], else the first such time
//! inside every member's free periods in school hours (members of other schools travel to
//! the venue and back within their free period, as the policy's free-period visit rule
//! allows). Groups without a venue or a slot get a typed reason. [`plan_meetings_with`] takes a cap on members' travel
//! ([`MeetingOptions`]): the venue is then the member school with the fewest members over
//! the cap.
//!
//! ```
//! use peermatch::cohort::Cohort;
//! use peermatch::compat::{CandidateMode, Policy};
//! use peermatch::graph::CompatibilityGraph;
//! use peermatch::groups::{form_groups, plan_meetings, GroupOptions};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
//! let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact)?;
//! let plan = form_groups(&g, &GroupOptions::default())?;
//! let meetings = plan_meetings(&g, &plan);
//! assert_eq!(meetings.len(), plan.groups.len());
//! # Ok(())
//! # }
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use super::GroupPlan;
use crate::cohort::MeetingMode;
use crate::graph::CompatibilityGraph;

/// The venue of a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    /// School index in the graph's scorer.
    pub school: usize,
    /// School id.
    pub school_id: String,
    /// One-way travel minutes of each member to the venue, in the order of the group's
    /// `members`.
    pub travel_minutes: Vec<u32>,
    /// Their sum (the minimum over the member schools).
    pub total_travel_minutes: u64,
}

/// A suggested meeting slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Slot {
    /// At the programme's group meetings.
    GroupMeetings {
        /// Sessions a term.
        sessions_per_term: u32,
    },
    /// After school, weekly: week minutes `start..end` (`day * 1440 + minutes since
    /// midnight`, Monday = 0), everyone present at the venue throughout.
    AfterSchool {
        /// Start (week minutes).
        start: u32,
        /// End, exclusive (week minutes).
        end: u32,
    },
    /// In school hours, inside every member's free time: members from other schools travel
    /// to the venue and back within their own free period (the policy's free-period visit
    /// rule), the venue school's members meet in school (the in-school rule).
    FreePeriods {
        /// Start (week minutes).
        start: u32,
        /// End, exclusive (week minutes).
        end: u32,
    },
}

/// Why a group has no venue or no slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum NoMeetingReason {
    /// No member school has a known travel time from every member's school.
    NoVenue,
    /// Group meetings are off or someone opted out, and after-school meetings are off.
    AfterSchoolDisabled,
    /// A member opted out of after-school meetings (and group meetings were not possible).
    OptedOut {
        /// The member's teacher id.
        teacher: String,
    },
    /// The policy keeps after-school meetings within a school and the group spans several.
    NoTravelAllowed,
    /// No common after-school time of the needed length once everyone has travelled.
    NoCommonWindow {
        /// The minutes needed.
        min_minutes: u32,
    },
}

/// Venue and slot of one group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMeeting {
    /// Index of the group in [`GroupPlan::groups`].
    pub group: usize,
    /// The venue (`None`: see `why`).
    pub venue: Option<Venue>,
    /// The slot (`None`: see `why`).
    pub slot: Option<Slot>,
    /// Why the venue or slot is missing.
    pub why: Option<NoMeetingReason>,
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Slot::GroupMeetings { sessions_per_term } => write!(
                f,
                "at the programme's group meetings ({sessions_per_term} a term)"
            ),
            Slot::AfterSchool { start, end } => {
                write!(f, "{} after school", WeekRange(*start, *end))
            }
            Slot::FreePeriods { start, end } => {
                write!(f, "{} in free periods", WeekRange(*start, *end))
            }
        }
    }
}

/// `Day hh:mm-hh:mm` of a week-minute range that starts and ends on the same day.
struct WeekRange(u32, u32);

impl fmt::Display for WeekRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let WeekRange(start, end) = *self;
        let day = DAYS[(start / 1440) as usize % 7];
        let (s, e) = (start % 1440, end - start / 1440 * 1440);
        write!(
            f,
            "{day} {:02}:{:02}-{:02}:{:02}",
            s / 60,
            s % 60,
            e / 60,
            e % 60
        )
    }
}

impl NoMeetingReason {
    /// The reason in words with the teacher shown by `name` (given the teacher id);
    /// [`Display`](fmt::Display) shows the id.
    #[must_use]
    pub fn named(&self, name: &dyn Fn(&str) -> String) -> String {
        match self {
            NoMeetingReason::OptedOut { teacher } => {
                format!("{} opted out of after-school meetings", name(teacher))
            }
            other => other.to_string(),
        }
    }
}

impl fmt::Display for NoMeetingReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoMeetingReason::NoVenue => {
                f.write_str("no member school has a known travel time from every member")
            }
            NoMeetingReason::AfterSchoolDisabled => f.write_str(
                "no group meetings for this group and after-school meetings are off",
            ),
            NoMeetingReason::OptedOut { teacher } => {
                write!(f, "{teacher} opted out of after-school meetings")
            }
            NoMeetingReason::NoTravelAllowed => f.write_str(
                "the policy keeps after-school meetings within a school and the group spans several",
            ),
            NoMeetingReason::NoCommonWindow { min_minutes } => write!(
                f,
                "no common after-school time of {min_minutes} minutes once everyone has travelled"
            ),
        }
    }
}

/// How [`plan_meetings_with`] chooses venues.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingOptions {
    /// A cap on each member's one-way travel to the venue: the venue is the member school
    /// with the fewest members over the cap (then the least total travel). `None`: the
    /// least total travel.
    pub max_travel_minutes: Option<u32>,
}

/// Venue and slot for every group of `plan` (members are node indices of `graph`, as
/// [`super::form_groups`] returns them), venues by least total travel. See
/// [`plan_meetings_with`].
///
/// # Panics
/// If a member index is not a node of `graph` (not possible for a plan of this graph).
///
/// # Complexity
/// Per group of size `s` with `w` after-school ranges per member: O(s²) travel look-ups
/// and O(s · w) for the window intersection.
pub fn plan_meetings(graph: &CompatibilityGraph, plan: &GroupPlan) -> Vec<GroupMeeting> {
    plan_meetings_with(graph, plan, &MeetingOptions::default())
}

/// [`plan_meetings`] with [`MeetingOptions`] (a travel cap that steers the venue).
///
/// # Panics
/// If a member index is not a node of `graph` (not possible for a plan of this graph).
///
/// # Complexity
/// As [`plan_meetings`].
pub fn plan_meetings_with(
    graph: &CompatibilityGraph,
    plan: &GroupPlan,
    opts: &MeetingOptions,
) -> Vec<GroupMeeting> {
    let sc = graph.scorer();
    let policy = sc.policy();
    let gm = &policy.meetings.group_meetings;
    let after = &policy.meetings.after_school;
    let min_minutes = policy.hard.min_meeting_minutes;
    plan.groups
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let schools: Vec<usize> = g.members.iter().map(|&m| sc.school_of(m)).collect();
            let venue = best_venue(graph, &schools, opts.max_travel_minutes);
            let opted = |m: usize, mode: MeetingMode| sc.opted_out(m, mode);
            let mut why = None;
            let slot = if gm.enabled
                && !g
                    .members
                    .iter()
                    .any(|&m| opted(m, MeetingMode::GroupMeetings))
            {
                Some(Slot::GroupMeetings {
                    sessions_per_term: gm.sessions_per_term,
                })
            } else if !after.enabled {
                why = Some(NoMeetingReason::AfterSchoolDisabled);
                None
            } else if let Some(&m) = g
                .members
                .iter()
                .find(|&&m| opted(m, MeetingMode::AfterSchool))
            {
                why = Some(NoMeetingReason::OptedOut {
                    teacher: graph.teacher_id(m).to_string(),
                });
                None
            } else if !after.travel && schools.iter().any(|&s| s != schools[0]) {
                why = Some(NoMeetingReason::NoTravelAllowed);
                None
            } else if let Some(v) = &venue {
                let slot = common_after_school(graph, &g.members, &v.travel_minutes, min_minutes);
                if slot.is_none() {
                    why = Some(NoMeetingReason::NoCommonWindow { min_minutes });
                }
                slot
            } else {
                None
            };
            // No group-meeting or after-school slot: shared free time in school hours,
            // when the policy's free-period rules allow it (the reason stays the
            // after-school one when that fails too).
            let slot = match (slot, &venue) {
                (None, Some(v)) if why.is_some() => {
                    let free = common_free_time(graph, &g.members, v, min_minutes);
                    if free.is_some() {
                        why = None;
                    }
                    free
                }
                (slot, _) => slot,
            };
            if venue.is_none() {
                why = Some(NoMeetingReason::NoVenue);
            }
            GroupMeeting {
                group: gi,
                venue,
                slot,
                why,
            }
        })
        .collect()
}

/// The member school with the fewest members whose travel exceeds `cap` (none without a
/// cap), then the least total travel (ties: the smallest school index); `None` when every
/// candidate has an unknown travel time from some member.
pub(super) fn best_venue(
    graph: &CompatibilityGraph,
    schools: &[usize],
    cap: Option<u32>,
) -> Option<Venue> {
    let sc = graph.scorer();
    let mut candidates = schools.to_vec();
    candidates.sort_unstable();
    candidates.dedup();
    let mut best: Option<((usize, u64), usize, Vec<u32>)> = None;
    for &v in &candidates {
        let travel: Option<Vec<u32>> = schools.iter().map(|&s| sc.travel_minutes(s, v)).collect();
        let Some(travel) = travel else { continue };
        let total: u64 = travel.iter().map(|&t| u64::from(t)).sum();
        let over = cap.map_or(0, |c| travel.iter().filter(|&&t| t > c).count());
        let key = (over, total);
        if best.as_ref().is_none_or(|(k, _, _)| key < *k) {
            best = Some((key, v, travel));
        }
    }
    best.map(|((_, total), school, travel_minutes)| Venue {
        school,
        school_id: sc.school_id(school).to_string(),
        travel_minutes,
        total_travel_minutes: total,
    })
}

/// The first week interval of at least `min_minutes` inside every member's after-school
/// ranges, each range's start delayed by the member's travel.
fn common_after_school(
    graph: &CompatibilityGraph,
    members: &[usize],
    travel: &[u32],
    min_minutes: u32,
) -> Option<Slot> {
    let sc = graph.scorer();
    let mut common: Vec<(u32, u32)> = vec![(0, u32::MAX)];
    for (&m, &t) in members.iter().zip(travel) {
        let mine: Vec<(u32, u32)> = sc
            .after_school_ranges(m)
            .iter()
            .map(|&(s, e)| (s.saturating_add(t), e))
            .filter(|&(s, e)| s < e)
            .collect();
        common = intersect(&common, &mine);
    }
    first_long(&common, min_minutes).map(|(start, end)| Slot::AfterSchool { start, end })
}

/// The first week interval of at least `min_minutes` inside every member's free time at
/// the venue: a member of another school arrives `travel` minutes after their free period
/// starts and leaves `travel` minutes before it ends (the free-period visit), a member of
/// the venue school is there for the whole period (in school). `None` when the policy's
/// in-school or visit rule is off for a member who needs it, or a member opted out of it.
fn common_free_time(
    graph: &CompatibilityGraph,
    members: &[usize],
    venue: &Venue,
    min_minutes: u32,
) -> Option<Slot> {
    let sc = graph.scorer();
    let modes = &sc.policy().meetings;
    let mut common: Vec<(u32, u32)> = vec![(0, u32::MAX)];
    for (&m, &t) in members.iter().zip(&venue.travel_minutes) {
        let (rule, mode) = if sc.school_of(m) == venue.school {
            (&modes.in_school, MeetingMode::InSchool)
        } else {
            (&modes.visit, MeetingMode::Visit)
        };
        if !rule.enabled || sc.opted_out(m, mode) {
            return None;
        }
        let mine: Vec<(u32, u32)> = sc
            .free_ranges(m)
            .iter()
            .map(|&(s, e)| (s.saturating_add(t), e.saturating_sub(t)))
            .filter(|&(s, e)| s < e)
            .collect();
        common = intersect(&common, &mine);
    }
    first_long(&common, min_minutes).map(|(start, end)| Slot::FreePeriods { start, end })
}

/// The first range at least `min_minutes` long (at least one minute).
fn first_long(ranges: &[(u32, u32)], min_minutes: u32) -> Option<(u32, u32)> {
    ranges
        .iter()
        .copied()
        .find(|&(s, e)| e - s >= min_minutes.max(1))
}

/// Intersection of two sorted lists of disjoint half-open ranges.
fn intersect(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        let (s, e) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        if s < e {
            out.push((s, e));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}
