//! Venues and slots of groups (issue #13 item 5), checked by an independent checker:
//! travel recomputed here by haversine from the cohort's school locations, the venue
//! checked to be the argmin of total travel over member schools, and the after-school
//! slot checked minute by minute against each member's windows (own, else school's,
//! else the policy's), shifted by their travel, and the free-period slot against their
//! free periods shrunk by the travel there and back.

use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::cohort::{Cohort, Day, FreePeriod, MeetingMode};
use peermatch::compat::{CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;
use peermatch::groups::{
    form_groups, plan_meetings, GroupOptions, GroupPlan, NoMeetingReason, Slot,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "support/travel.rs"]
mod travel;
use travel::minutes;

const DAYS: [Day; 5] = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri];

/// The after-school windows that apply to teacher `t`.
fn windows<'a>(c: &'a Cohort, p: &'a Policy, t: usize) -> &'a [FreePeriod] {
    let teacher = &c.teachers[t];
    let school = c.schools.iter().find(|s| s.id == teacher.school).unwrap();
    if !teacher.after_school.is_empty() {
        &teacher.after_school
    } else if !school.after_school.is_empty() {
        &school.after_school
    } else {
        &p.meetings.after_school.windows
    }
}

fn cohort(seed: u64) -> Cohort {
    let mut c = generate(&GeneratorConfig::city(48, seed));
    assert!(c.travel_times.is_empty(), "travel by distance only");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let window = |rng: &mut ChaCha8Rng| {
        let start = rng.random_range(15 * 60..17 * 60) as u16;
        let len = rng.random_range(40..150) as u16;
        FreePeriod::new(DAYS[rng.random_range(0..5)], start, start + len)
    };
    for s in &mut c.schools {
        if rng.random_bool(0.3) {
            s.after_school = (0..2).map(|_| window(&mut rng)).collect();
        }
    }
    for t in &mut c.teachers {
        if rng.random_bool(0.3) {
            t.after_school = (0..rng.random_range(1..4))
                .map(|_| window(&mut rng))
                .collect();
        }
    }
    c
}

fn after_school_policy() -> Policy {
    let mut p = Policy::default();
    p.meetings.group_meetings.enabled = false;
    p
}

fn check(c: &Cohort, p: &Policy, g: &CompatibilityGraph, plan: &GroupPlan) -> (usize, usize) {
    let meetings = plan_meetings(g, plan);
    assert_eq!(meetings.len(), plan.groups.len());
    let (mut slots, mut none) = (0, 0);
    for (gi, (grp, m)) in plan.groups.iter().zip(&meetings).enumerate() {
        assert_eq!(m.group, gi);
        let schools: Vec<&str> = grp
            .members
            .iter()
            .map(|&t| c.teachers[t].school.as_str())
            .collect();
        // Venue: the argmin of total travel over member schools, travel recomputed here.
        let v = m
            .venue
            .as_ref()
            .expect("every generated school has a location");
        assert!(schools.contains(&v.school_id.as_str()));
        let total = |venue: &str| -> u64 { schools.iter().map(|s| minutes(c, p, s, venue)).sum() };
        let best = schools.iter().map(|s| total(s)).min().unwrap();
        assert_eq!(v.total_travel_minutes, best, "group {gi}");
        assert_eq!(total(&v.school_id), best);
        for (k, s) in schools.iter().enumerate() {
            assert_eq!(
                u64::from(v.travel_minutes[k]),
                minutes(c, p, s, &v.school_id)
            );
        }
        // Slot: brute force over the week's minutes.
        let week = 7 * 1440;
        let mut all = vec![true; week];
        for (k, &t) in grp.members.iter().enumerate() {
            let mut mine = vec![false; week];
            for w in windows(c, p, t) {
                let base = DAYS.iter().position(|d| *d == w.day).unwrap() * 1440;
                let from = base + usize::from(w.start) + v.travel_minutes[k] as usize;
                for x in mine.iter_mut().take(base + usize::from(w.end)).skip(from) {
                    *x = true;
                }
            }
            for (a, b) in all.iter_mut().zip(&mine) {
                *a &= *b;
            }
        }
        let expected = first_run(&all, p.hard.min_meeting_minutes as usize);
        let free = if expected.is_none() {
            free_time_slot(c, p, grp, &v.school_id, &v.travel_minutes)
        } else {
            None
        };
        match (&m.slot, expected, free) {
            (Some(Slot::AfterSchool { start, end }), Some(e), _) => {
                assert_eq!((*start, *end), e, "group {gi}");
                assert!(m.why.is_none());
                slots += 1;
            }
            (Some(Slot::FreePeriods { start, end }), None, Some(f)) => {
                assert_eq!((*start, *end), f, "group {gi}");
                assert!(m.why.is_none());
                slots += 1;
            }
            (None, None, None) => {
                assert_eq!(
                    m.why,
                    Some(NoMeetingReason::NoCommonWindow {
                        min_minutes: p.hard.min_meeting_minutes
                    })
                );
                assert!(!m.why.as_ref().unwrap().to_string().is_empty());
                none += 1;
            }
            (got, want, free) => {
                panic!("group {gi}: slot {got:?}, expected {want:?} (free periods {free:?})")
            }
        }
    }
    (slots, none)
}

/// The first run of at least `min_meeting_minutes` in which every member is at the venue
/// in their free time (members of other schools arrive `travel` after a free period starts
/// and leave `travel` before it ends; touching periods count as one), by brute force over
/// the week's minutes; `None` when a member's mode is off or opted out.
fn free_time_slot(
    c: &Cohort,
    p: &Policy,
    grp: &peermatch::groups::Group,
    venue: &str,
    travel: &[u32],
) -> Option<(u32, u32)> {
    let week = 7 * 1440;
    let mut all = vec![true; week];
    for (k, &t) in grp.members.iter().enumerate() {
        let teacher = &c.teachers[t];
        let (enabled, mode) = if teacher.school == venue {
            (p.meetings.in_school.enabled, MeetingMode::InSchool)
        } else {
            (p.meetings.visit.enabled, MeetingMode::Visit)
        };
        if !enabled || teacher.opt_out.contains(&mode) {
            return None;
        }
        let mut free = vec![false; week];
        for w in &teacher.free_periods {
            let base = DAYS.iter().position(|d| *d == w.day)? * 1440;
            for x in &mut free[base + usize::from(w.start)..base + usize::from(w.end)] {
                *x = true;
            }
        }
        // Shrink every maximal free run by the travel at both ends.
        let tr = travel[k] as usize;
        let mut mine = vec![false; week];
        let mut i = 0;
        while i < week {
            if free[i] {
                let s = i;
                while i < week && free[i] {
                    i += 1;
                }
                if s + tr < i.saturating_sub(tr) {
                    for x in &mut mine[s + tr..i - tr] {
                        *x = true;
                    }
                }
            }
            i += 1;
        }
        for (a, b) in all.iter_mut().zip(&mine) {
            *a &= *b;
        }
    }
    first_run(&all, p.hard.min_meeting_minutes as usize)
}

/// The first maximal run of `true` minutes at least `min` long (at least one minute).
fn first_run(all: &[bool], min: usize) -> Option<(u32, u32)> {
    let mut t = 0;
    while t < all.len() {
        if all[t] {
            let s = t;
            while t < all.len() && all[t] {
                t += 1;
            }
            if t - s >= min.max(1) {
                return Some((s as u32, t as u32));
            }
        }
        t += 1;
    }
    None
}

#[test]
fn free_periods_are_the_slot_when_after_school_is_off() {
    let mut p = after_school_policy();
    p.meetings.after_school.enabled = false;
    let (mut free, mut none) = (0, 0);
    for seed in 0..6 {
        let c = cohort(seed);
        let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
        let plan = form_groups(
            &g,
            &GroupOptions {
                seed,
                max_size: 3,
                min_size: 2,
                ..GroupOptions::default()
            },
        )
        .unwrap();
        for (grp, m) in plan.groups.iter().zip(plan_meetings(&g, &plan)) {
            let v = m.venue.as_ref().unwrap();
            match (
                free_time_slot(&c, &p, grp, &v.school_id, &v.travel_minutes),
                &m.slot,
            ) {
                (Some(e), Some(Slot::FreePeriods { start, end })) => {
                    assert_eq!((*start, *end), e);
                    assert!(m.why.is_none());
                    assert!(m
                        .slot
                        .as_ref()
                        .unwrap()
                        .to_string()
                        .ends_with("in free periods"));
                    free += 1;
                }
                (None, None) => {
                    assert_eq!(m.why, Some(NoMeetingReason::AfterSchoolDisabled));
                    none += 1;
                }
                (want, got) => panic!("slot {got:?}, expected free time {want:?}"),
            }
        }
    }
    assert!(
        free > 0 && none > 0,
        "free-period slots {free}, none {none}"
    );
}

#[test]
fn venue_is_the_argmin_and_slot_is_the_first_common_time() {
    let p = after_school_policy();
    let (mut slots, mut none) = (0, 0);
    for seed in 0..6 {
        let c = cohort(seed);
        let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
        let plan = form_groups(
            &g,
            &GroupOptions {
                seed,
                ..GroupOptions::default()
            },
        )
        .unwrap();
        let (s, n) = check(&c, &p, &g, &plan);
        slots += s;
        none += n;
    }
    // Both outcomes occur, so both branches of the checker were exercised.
    assert!(slots > 0 && none > 0, "slots {slots}, none {none}");
}

#[test]
fn group_meetings_come_first_and_opt_outs_are_reasons() {
    let mut c = cohort(9);
    let p = Policy::default();
    assert!(p.meetings.group_meetings.enabled);
    let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
    let plan = form_groups(&g, &GroupOptions::default()).unwrap();
    for m in plan_meetings(&g, &plan) {
        assert_eq!(
            m.slot,
            Some(Slot::GroupMeetings {
                sessions_per_term: p.meetings.group_meetings.sessions_per_term
            })
        );
    }
    // The first member of every group opts out of group and after-school meetings, and of
    // meetings in free periods (which would otherwise be the next slot tried).
    for grp in &plan.groups {
        c.teachers[grp.members[0]].opt_out = vec![
            MeetingMode::GroupMeetings,
            MeetingMode::AfterSchool,
            MeetingMode::InSchool,
            MeetingMode::Visit,
        ];
    }
    let g = CompatibilityGraph::build(&c, &p, CandidateMode::Exact).unwrap();
    let meetings = plan_meetings(&g, &plan);
    for (grp, m) in plan.groups.iter().zip(&meetings) {
        assert_eq!(m.slot, None);
        assert_eq!(
            m.why,
            Some(NoMeetingReason::OptedOut {
                teacher: c.teachers[grp.members[0]].id.clone()
            })
        );
    }
}
