//! [`Scorer`]: a validated cohort turned into flat, integer, per-teacher arrays, ready to
//! score millions of pairs without allocating.
//!
//! Subjects and tags are interned (trimmed, lower-case, ids in sorted-name order, so the
//! ids do not depend on hashing); year levels and focus areas become bit masks; free
//! periods become sorted, merged week-minute ranges; preference, avoid and must lists
//! become sorted index lists. All per-teacher lists live in compressed (CSR) arrays, the
//! crate's one CSR helper (`crate::matching::csr`).

use std::collections::BTreeMap;

use crate::cohort::{merged_week_ranges, norm_key, Cohort, Location, Notice, ValidationError};
use crate::matching::csr::Csr;

use super::bound::Span;
use super::plan_windows::{plan_streaming, Planned};
use super::policy::{Policy, PolicyError};
use super::travel::{haversine_km, minutes_for_km};

/// Why a graph or scorer could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The cohort has problems (all of them are listed).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The policy is out of range.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// An exact graph would exceed the policy's pair budget (checked before it is built).
    #[error(transparent)]
    PairBudget(#[from] super::PairBudgetExceeded),
}

/// A cohort prepared for scoring under a [`Policy`]. Owns everything it needs, so a
/// [`crate::graph::CompatibilityGraph`] can keep it for explanations.
///
/// ```
/// use peermatch::cohort::generate::{generate, GeneratorConfig};
/// use peermatch::compat::{Policy, Scorer};
/// let cohort = generate(&GeneratorConfig::city(40, 1));
/// let scorer = Scorer::new(&cohort, &Policy::default()).unwrap();
/// // Scores are symmetric.
/// assert_eq!(scorer.score(0, 1).ok(), scorer.score(1, 0).ok());
/// ```
#[derive(Clone, Debug)]
pub struct Scorer {
    pub(super) policy: Policy,
    pub(super) ids: Vec<String>,
    pub(super) school_ids: Vec<String>,
    pub(super) school_of: Vec<u32>,
    pub(super) school_loc: Vec<Option<Location>>,
    /// Travel-matrix entries keyed by `(min school, max school)`.
    pub(super) matrix: BTreeMap<(u32, u32), u32>,
    pub(super) subject_names: Vec<String>,
    pub(super) tag_names: Vec<String>,
    pub(super) subjects: Csr<u32>,
    pub(super) subject_mask: Vec<u64>,
    pub(super) year_mask: Vec<u32>,
    pub(super) free: Csr<(u32, u32)>,
    pub(super) focus: Vec<u8>,
    pub(super) tags: Csr<u32>,
    pub(super) experience: Vec<Option<u16>>,
    pub(super) capacity: Vec<u32>,
    /// `(other, rank)` sorted by `other` (read by the planner's pins and audit; every
    /// other field is private to `compat`).
    pub(crate) prefs: Csr<(u32, u32)>,
    pub(super) avoid: Csr<u32>,
    /// Symmetrised must-pair partners, sorted.
    pub(super) must: Csr<u32>,
    pub(super) notices: Vec<Notice>,
    /// Opted-out meeting modes, one bit per [`crate::cohort::MeetingMode`].
    pub(super) opt_out: Vec<u8>,
    /// Minutes a week each teacher can give (`u32::MAX`: not stated).
    pub(super) budget: Vec<u32>,
    /// After-school week-minute ranges (own, else the policy's windows).
    pub(super) after: Csr<(u32, u32)>,
    /// Longest and total minutes of each teacher's free ranges.
    pub(super) free_span: Vec<Span>,
    /// Longest and total minutes of each teacher's after-school ranges.
    pub(super) after_span: Vec<Span>,
    /// Cross-school after-school plans of two teachers with the same after-school ranges
    /// and no budgets (see [`AfterMemo`]).
    pub(super) after_memo: AfterMemo,
}

/// Most teachers share the policy's after-school windows, and the after-school plan of
/// two teachers with equal ranges and no budgets depends only on those ranges and the
/// travel time: `plan_streaming(r, t, 0, r, min meeting, sessions)` (see
/// `plan_windows::plan_directions`, which plans equal timetables once; both directions
/// are that plan). This memo holds it for every class of equal ranges (at most
/// [`AfterMemo::MAX_CLASSES`] classes) and every travel time up to the policy's maximum
/// (at most [`AfterMemo::MAX_TRAVEL`]); it is empty otherwise.
#[derive(Clone, Debug, Default)]
pub(crate) struct AfterMemo {
    /// Each teacher's class (index of their ranges among the distinct ones, in first-seen
    /// order).
    class: Vec<u32>,
    /// Plans by `class * (max_travel + 1) + travel`.
    plans: Vec<Planned>,
    /// Largest travel time held (`None`: empty memo).
    max_travel: Option<u32>,
}

impl AfterMemo {
    /// Most classes kept.
    pub(crate) const MAX_CLASSES: usize = 16;
    /// Longest travel time kept.
    pub(crate) const MAX_TRAVEL: u32 = 240;

    fn new(policy: &Policy, after: &Csr<(u32, u32)>, n: usize) -> Self {
        let Some(max_travel) = policy.hard.max_travel_minutes else {
            return AfterMemo::default();
        };
        if max_travel > Self::MAX_TRAVEL || !policy.meetings.after_school.enabled {
            return AfterMemo::default();
        }
        let mut seen: BTreeMap<&[(u32, u32)], u32> = BTreeMap::new();
        let mut rows: Vec<&[(u32, u32)]> = Vec::new();
        let mut class = Vec::with_capacity(n);
        for i in 0..n {
            let row = after.row(i);
            let next = rows.len() as u32;
            let c = *seen.entry(row).or_insert(next);
            if c == next {
                rows.push(row);
                if rows.len() > Self::MAX_CLASSES {
                    return AfterMemo::default();
                }
            }
            class.push(c);
        }
        let (min_len, cap) = (
            policy.hard.min_meeting_minutes,
            policy.meetings.after_school.sessions_per_week,
        );
        let plans = rows
            .iter()
            .flat_map(|r| (0..=max_travel).map(move |t| plan_streaming(r, t, 0, r, min_len, cap)))
            .collect();
        AfterMemo {
            class,
            plans,
            max_travel: Some(max_travel),
        }
    }

    /// The after-school plan of `a` and `b`, `t` minutes apart, when they are in one class
    /// and the memo holds `t` (budgets are the caller's to check).
    #[inline]
    pub(crate) fn get(&self, a: usize, b: usize, t: u32) -> Option<Planned> {
        let max = self.max_travel?;
        let c = self.class[a];
        if c != self.class[b] || t > max {
            return None;
        }
        Some(self.plans[c as usize * (max as usize + 1) + t as usize])
    }
}

fn intern(names: impl Iterator<Item = String>) -> BTreeMap<String, u32> {
    let mut m: BTreeMap<String, u32> = names.map(|n| (n, 0)).collect();
    for (i, v) in m.values_mut().enumerate() {
        *v = i as u32;
    }
    m
}

impl Scorer {
    /// Validates `cohort` and `policy` and prepares the per-teacher arrays.
    ///
    /// # Errors
    /// [`BuildError::Invalid`] with every cohort problem, or [`BuildError::Policy`].
    ///
    /// # Complexity
    /// O(total size of the cohort × log) time and space.
    pub fn new(cohort: &Cohort, policy: &Policy) -> Result<Scorer, BuildError> {
        policy.check()?;
        let notices = cohort.validate()?;
        let n = cohort.teachers.len();
        let school_ix: BTreeMap<&str, u32> = cohort
            .schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i as u32))
            .collect();
        let teacher_ix: BTreeMap<&str, u32> = cohort
            .teachers
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i as u32))
            .collect();
        let subj_ix = intern(
            cohort
                .teachers
                .iter()
                .flat_map(|t| t.subjects.iter().map(|s| norm_key(s))),
        );
        let tag_ix = intern(
            cohort
                .teachers
                .iter()
                .flat_map(|t| t.tags.iter().map(|s| norm_key(s))),
        );
        let mut s = Scorer {
            policy: policy.clone(),
            ids: cohort.teachers.iter().map(|t| t.id.clone()).collect(),
            school_ids: cohort.schools.iter().map(|s| s.id.clone()).collect(),
            school_of: Vec::with_capacity(n),
            school_loc: cohort.schools.iter().map(|s| s.location).collect(),
            matrix: BTreeMap::new(),
            subject_names: subj_ix.keys().cloned().collect(),
            tag_names: tag_ix.keys().cloned().collect(),
            subjects: Csr::new(),
            subject_mask: Vec::with_capacity(n),
            year_mask: Vec::with_capacity(n),
            free: Csr::new(),
            focus: Vec::with_capacity(n),
            tags: Csr::new(),
            experience: Vec::with_capacity(n),
            capacity: Vec::with_capacity(n),
            prefs: Csr::new(),
            avoid: Csr::new(),
            must: Csr::new(),
            notices,
            opt_out: Vec::with_capacity(n),
            budget: Vec::with_capacity(n),
            after: Csr::new(),
            free_span: Vec::new(),
            after_span: Vec::new(),
            after_memo: AfterMemo::default(),
        };
        for tt in &cohort.travel_times {
            let (a, b) = (school_ix[tt.from.as_str()], school_ix[tt.to.as_str()]);
            let key = (a.min(b), a.max(b));
            // Several entries for one pair: keep the shortest (documented in the README).
            let e = s.matrix.entry(key).or_insert(tt.minutes);
            *e = (*e).min(tt.minutes);
        }
        let mut must_lists: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, t) in cohort.teachers.iter().enumerate() {
            for m in &t.must_pair {
                let j = teacher_ix[m.as_str()];
                must_lists[i].push(j);
                must_lists[j as usize].push(i as u32);
            }
        }
        for (i, t) in cohort.teachers.iter().enumerate() {
            s.school_of.push(school_ix[t.school.as_str()]);
            let start = s.subjects.to.len();
            s.subjects
                .to
                .extend(t.subjects.iter().map(|x| subj_ix[&norm_key(x)]));
            s.subjects.to[start..].sort_unstable();
            dedup_tail(&mut s.subjects.to, start);
            s.subject_mask.push(
                s.subjects.to[start..]
                    .iter()
                    .fold(0u64, |m, &x| m | 1 << (x % 64)),
            );
            s.subjects.close_row();
            s.year_mask
                .push(t.year_levels.iter().fold(0u32, |m, &y| m | 1 << y));
            merged_week_ranges(&t.free_periods, &mut s.free.to);
            s.free.close_row();
            s.focus.push(t.focus.iter().fold(0u8, |m, f| m | f.bit()));
            let start = s.tags.to.len();
            s.tags
                .to
                .extend(t.tags.iter().map(|x| tag_ix[&norm_key(x)]));
            s.tags.to[start..].sort_unstable();
            dedup_tail(&mut s.tags.to, start);
            s.tags.close_row();
            s.experience.push(t.experience_years);
            s.capacity.push(t.capacity);
            let start = s.prefs.to.len();
            s.prefs.to.extend(
                t.preferences
                    .iter()
                    .enumerate()
                    .map(|(r, p)| (teacher_ix[p.as_str()], r as u32)),
            );
            s.prefs.to[start..].sort_unstable();
            s.prefs.close_row();
            let start = s.avoid.to.len();
            s.avoid
                .to
                .extend(t.avoid.iter().map(|p| teacher_ix[p.as_str()]));
            s.avoid.to[start..].sort_unstable();
            s.avoid.close_row();
            let m = &mut must_lists[i];
            m.sort_unstable();
            m.dedup();
            s.must.to.extend_from_slice(m);
            s.must.close_row();
            s.opt_out
                .push(t.opt_out.iter().fold(0u8, |m, x| m | x.bit()));
            s.budget.push(t.minutes_per_week.unwrap_or(u32::MAX));
            // The teacher's own after-school time, else the school's, else the policy's.
            let school_after = &cohort.schools[s.school_of[i] as usize].after_school;
            let after = if !t.after_school.is_empty() {
                &t.after_school
            } else if !school_after.is_empty() {
                school_after
            } else {
                &policy.meetings.after_school.windows
            };
            merged_week_ranges(after, &mut s.after.to);
            s.after.close_row();
        }
        s.free_span = (0..n).map(|i| Span::of(s.free.row(i))).collect();
        s.after_span = (0..n).map(|i| Span::of(s.after.row(i))).collect();
        s.after_memo = AfterMemo::new(policy, &s.after, n);
        Ok(s)
    }

    /// Number of teachers.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True for an empty cohort (never, after validation).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The policy in force.
    #[must_use]
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Teacher ids in node order.
    #[must_use]
    pub fn teacher_ids(&self) -> &[String] {
        &self.ids
    }

    /// Notices from validation (and from building the graph).
    #[must_use]
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub(crate) fn push_notice(&mut self, n: Notice) {
        self.notices.push(n);
    }

    /// Node index of the school of teacher `i`.
    #[must_use]
    pub fn school_of(&self, i: usize) -> usize {
        self.school_of[i] as usize
    }

    /// Number of schools.
    #[must_use]
    pub fn school_count(&self) -> usize {
        self.school_ids.len()
    }

    /// One-way travel minutes between two schools (by index): 0 for the same school, the
    /// cohort's [`crate::cohort::TravelTime`] if given, else the distance-based estimate,
    /// else `None` (a school without location and no matrix entry).
    #[must_use]
    pub fn travel_minutes(&self, a: usize, b: usize) -> Option<u32> {
        if a == b {
            return Some(0);
        }
        let key = (a.min(b) as u32, a.max(b) as u32);
        if let Some(&m) = self.matrix.get(&key) {
            return Some(m);
        }
        match (self.school_loc[a], self.school_loc[b]) {
            (Some(x), Some(y)) => minutes_for_km(
                haversine_km(x, y),
                self.policy.travel_speed_kmh,
                self.policy.travel_overhead_minutes,
            ),
            _ => None,
        }
    }

    /// The free time of teacher `i` as sorted, merged week-minute ranges.
    #[must_use]
    pub fn free_ranges(&self, i: usize) -> &[(u32, u32)] {
        self.free.row(i)
    }

    /// The after-school time of teacher `i` as the scorer uses it (their own windows, else
    /// the policy's), as sorted week-minute ranges.
    #[must_use]
    pub fn after_school_ranges(&self, i: usize) -> &[(u32, u32)] {
        self.after.row(i)
    }

    /// Whether teacher `i` opted out of meeting `mode`.
    #[must_use]
    pub fn opted_out(&self, i: usize, mode: crate::cohort::MeetingMode) -> bool {
        self.opt_out[i] & mode.bit() != 0
    }

    /// The id of school `s` (the index [`school_of`](Self::school_of) returns).
    #[must_use]
    pub fn school_id(&self, s: usize) -> &str {
        &self.school_ids[s]
    }

    /// Rank (0 = first) of `j` in `i`'s preference list.
    #[must_use]
    pub fn preference_rank(&self, i: usize, j: usize) -> Option<u32> {
        let row = self.prefs.row(i);
        row.binary_search_by_key(&(j as u32), |p| p.0)
            .ok()
            .map(|k| row[k].1)
    }

    /// True when `i` lists `j` in `avoid`.
    #[must_use]
    pub fn avoids(&self, i: usize, j: usize) -> bool {
        self.avoid.row(i).binary_search(&(j as u32)).is_ok()
    }

    /// True when `i` and `j` must be paired (either listed the other).
    #[must_use]
    pub fn is_must_pair(&self, i: usize, j: usize) -> bool {
        self.must.row(i).binary_search(&(j as u32)).is_ok()
    }

    /// The symmetrised must-pair partners of `i`, sorted.
    #[must_use]
    pub fn must_partners(&self, i: usize) -> &[u32] {
        self.must.row(i)
    }

    /// Capacity of teacher `i`.
    #[must_use]
    pub fn capacity(&self, i: usize) -> u32 {
        self.capacity[i]
    }
}

fn dedup_tail(v: &mut Vec<u32>, start: usize) {
    let mut w = start;
    for r in start..v.len() {
        if w == start || v[r] != v[w - 1] {
            v[w] = v[r];
            w += 1;
        }
    }
    v.truncate(w);
}
