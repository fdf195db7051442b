//! Property tests of scoring and candidate generation against independent oracles:
//! a minute-by-minute common-time oracle, an independent haversine, a from-strings score
//! oracle and an all-pairs brute force.

use std::collections::BTreeSet;

use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::cohort::{Cohort, Day, FreePeriod, Location, Teacher, TravelTime};
use peermatch::compat::{candidate_pairs, CandidateMode, ExperienceMode, Policy, Scorer};
use proptest::prelude::*;

const WEEK: usize = 7 * 1440;

fn bitmap(t: &Teacher) -> Vec<bool> {
    let mut b = vec![false; WEEK];
    for p in &t.free_periods {
        let base = p.day.index() as usize * 1440;
        for m in p.start..p.end {
            b[base + m as usize] = true;
        }
    }
    b
}

/// Sum of runs of `pred` of at least `min_len` minutes.
fn runs(pred: impl Fn(usize) -> bool, min_len: u32) -> u32 {
    let (mut total, mut run) = (0, 0);
    for m in 0..=WEEK {
        if m < WEEK && pred(m) {
            run += 1;
        } else {
            if run >= min_len.max(1) {
                total += run;
            }
            run = 0;
        }
    }
    total
}

/// Common minutes, minute by minute: the traveller must be free from `m - t` to `m + t`.
fn oracle_common(a: &Teacher, b: &Teacher, travel: u32, same: bool, min_len: u32) -> u32 {
    let (fa, fb) = (bitmap(a), bitmap(b));
    if same {
        return runs(|m| fa[m] && fb[m], min_len);
    }
    let t = travel as usize;
    let around = |f: &Vec<bool>, m: usize| m >= t && m + t < WEEK && (m - t..=m + t).all(|x| f[x]);
    runs(|m| around(&fa, m) && fb[m], min_len).max(runs(|m| fa[m] && around(&fb, m), min_len))
}

fn oracle_travel(c: &Cohort, p: &Policy, a: &Teacher, b: &Teacher) -> Option<u32> {
    if a.school == b.school {
        return Some(0);
    }
    if let Some(m) = c
        .travel_times
        .iter()
        .filter(|t| {
            (t.from == a.school && t.to == b.school) || (t.from == b.school && t.to == a.school)
        })
        .map(|t| t.minutes)
        .min()
    {
        return Some(m);
    }
    let loc = |s: &str| {
        c.schools
            .iter()
            .find(|x| x.id == s)
            .and_then(|x| x.location)
    };
    let (x, y) = (loc(&a.school)?, loc(&b.school)?);
    let r = 6371.0088f64;
    let (p1, p2) = (x.lat.to_radians(), y.lat.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((y.lon - x.lon).to_radians() / 2.0).sin().powi(2);
    let km = 2.0 * r * h.sqrt().min(1.0).asin();
    Some((km / p.travel_speed_kmh * 60.0).ceil() as u32 + p.travel_overhead_minutes)
}

fn norm(v: &[String]) -> BTreeSet<String> {
    v.iter().map(|s| s.trim().to_lowercase()).collect()
}

/// Independent feasibility and score from the raw cohort. `None` when a hard rule forbids.
fn oracle_score(c: &Cohort, p: &Policy, i: usize, j: usize) -> Option<i64> {
    let (a, b) = (&c.teachers[i], &c.teachers[j]);
    let h = &p.hard;
    if a.capacity == 0 || b.capacity == 0 {
        return None;
    }
    if h.respect_avoid && (a.avoid.contains(&b.id) || b.avoid.contains(&a.id)) {
        return None;
    }
    let (sa, sb) = (norm(&a.subjects), norm(&b.subjects));
    let shared_s = sa.intersection(&sb).count() as i64;
    if h.require_shared_subject && shared_s == 0 {
        return None;
    }
    let (ya, yb): (BTreeSet<u8>, BTreeSet<u8>) = (
        a.year_levels.iter().copied().collect(),
        b.year_levels.iter().copied().collect(),
    );
    let shared_y = ya.intersection(&yb).count() as i64;
    if h.require_shared_year_level && shared_y == 0 {
        return None;
    }
    let travel = oracle_travel(c, p, a, b)?;
    if h.max_travel_minutes.is_some_and(|m| travel > m) {
        return None;
    }
    let same = a.school == b.school;
    let minutes = oracle_common(a, b, travel, same, h.min_meeting_minutes);
    if minutes < h.min_common_minutes {
        return None;
    }
    let w = &p.weights;
    let part = |weight: u32, num: i64, den: i64| {
        if den == 0 {
            0
        } else {
            weight as i64 * 1000 * num.min(den) / den
        }
    };
    let mut total = part(w.subject, shared_s, sa.len().min(sb.len()) as i64);
    total += part(w.year_level, shared_y, ya.len().min(yb.len()) as i64);
    total += part(w.common_time, minutes as i64, p.time_target_minutes as i64);
    let (fa, fb): (BTreeSet<_>, BTreeSet<_>) = (a.focus.iter().collect(), b.focus.iter().collect());
    let (ta, tb) = (norm(&a.tags), norm(&b.tags));
    let shared_g = (fa.intersection(&fb).count() + ta.intersection(&tb).count()) as i64;
    total += part(
        w.goals,
        shared_g,
        ((fa.len() + ta.len()).min(fb.len() + tb.len())) as i64,
    );
    let depth = p.preference_depth as i64;
    let pr = |x: &Teacher, y: &Teacher| {
        x.preferences
            .iter()
            .position(|q| *q == y.id)
            .map_or(0, |r| (depth - r as i64).max(0))
    };
    total += part(w.preference, pr(a, b) + pr(b, a), 2 * depth);
    if let (Some(x), Some(y)) = (a.experience_years, b.experience_years) {
        let span = p.experience_span_years as i64;
        let d = (x as i64 - y as i64).abs().min(span);
        total += match p.experience_mode {
            ExperienceMode::Similar => part(w.experience, span - d, span),
            ExperienceMode::Complementary => part(w.experience, d, span),
        };
    }
    if (w.locality > 0 && same) || (w.locality < 0 && !same) {
        total += w.locality.unsigned_abs() as i64 * 1000;
    }
    Some(total)
}

fn is_must(c: &Cohort, i: usize, j: usize) -> bool {
    let (a, b) = (&c.teachers[i], &c.teachers[j]);
    a.must_pair.contains(&b.id) || b.must_pair.contains(&a.id)
}

prop_compose! {
    fn arb_policy()(
        max_travel in prop::option::of(5u32..60),
        min_common in prop::sample::select(vec![0u32, 30, 60, 100]),
        min_meeting in prop::sample::select(vec![1u32, 20, 30, 45]),
        subject in any::<bool>(),
        year in any::<bool>(),
        locality in -10i32..10,
        complementary in any::<bool>(),
        speed in 10.0f64..60.0,
    ) -> Policy {
        // The oracles here model free-period meetings (in school and visits); the other
        // meeting modes have their own independent checker in tests/meeting_plans.rs.
        let mut p = Policy {
            meetings: peermatch::compat::MeetingModes::free_periods_only(),
            ..Policy::default()
        };
        p.hard.max_travel_minutes = max_travel;
        p.hard.min_common_minutes = min_common;
        p.hard.min_meeting_minutes = min_meeting;
        p.hard.require_shared_subject = subject;
        p.hard.require_shared_year_level = year;
        p.weights.locality = locality;
        p.travel_speed_kmh = speed;
        if complementary {
            p.experience_mode = ExperienceMode::Complementary;
        }
        p
    }
}

prop_compose! {
    fn arb_cohort()(n in 6usize..45, seed in any::<u64>(), cities in 1usize..3, matrix in 0usize..4)
        -> Cohort {
        let mut cfg = GeneratorConfig::city(n, seed);
        cfg.cities = cities;
        cfg.teachers_per_school = 4;
        cfg.must_rate = 0.05;
        cfg.avoid_rate = 0.1;
        let mut c = generate(&cfg);
        let ns = c.schools.len();
        for k in 0..matrix.min(ns.saturating_sub(1)) {
            c.travel_times.push(TravelTime {
                from: c.schools[k].id.clone(),
                to: c.schools[ns - 1 - k].id.clone(),
                minutes: (seed >> (8 * k)) as u32 % 40,
            });
        }
        c.travel_times.retain(|t| t.from != t.to);
        c
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Exact mode equals the all-pairs brute force of the independent oracle, score for score;
    /// so no hard rule is ever violated and blocking loses nothing.
    #[test]
    fn exact_graph_matches_brute_force(c in arb_cohort(), p in arb_policy()) {
        let sc = Scorer::new(&c, &p).unwrap();
        let (edges, _) = candidate_pairs(&sc, CandidateMode::Exact);
        let n = c.teachers.len();
        let mut want = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                if let Some(s) = oracle_score(&c, &p, i, j) {
                    want.push((i, j, s));
                } else if is_must(&c, i, j) {
                    // Pinned: kept whatever the rules say, flagged.
                    want.push((i, j, sc.score(i, j).unwrap().total));
                }
            }
        }
        let got: Vec<(usize, usize, i64)> =
            edges.iter().map(|e| (e.0 as usize, e.1 as usize, e.2.total)).collect();
        prop_assert_eq!(got, want);
        for e in &edges {
            prop_assert_eq!(e.2.pinned, is_must(&c, e.0 as usize, e.1 as usize));
            prop_assert!(e.2.total < 1 << 40);
        }
    }

    /// Scores, explanations and common time are symmetric.
    #[test]
    fn symmetric(c in arb_cohort(), p in arb_policy()) {
        let sc = Scorer::new(&c, &p).unwrap();
        let n = c.teachers.len();
        for i in 0..n {
            for j in i + 1..n {
                prop_assert_eq!(sc.score(i, j).ok(), sc.score(j, i).ok());
                prop_assert_eq!(sc.common_windows(i, j).minutes, sc.common_windows(j, i).minutes);
                let (x, y) = (sc.explain(i, j), sc.explain(j, i));
                prop_assert_eq!(x.violations.len(), y.violations.len());
                prop_assert_eq!(x.score.map(|s| s.total), y.score.map(|s| s.total));
            }
        }
    }

    /// Top-k keeps exactly the pairs in either teacher's top k (ties by teacher order).
    #[test]
    fn top_k_is_union_of_top_lists(c in arb_cohort(), p in arb_policy(), k in 1usize..6) {
        let sc = Scorer::new(&c, &p).unwrap();
        let n = c.teachers.len();
        let mut lists: Vec<Vec<(i64, usize)>> = vec![Vec::new(); n];
        for (i, l) in lists.iter_mut().enumerate() {
            for j in (0..n).filter(|&j| j != i) {
                if let Some(s) = oracle_score(&c, &p, i, j) {
                    l.push((s, j));
                }
            }
        }
        let mut want = BTreeSet::new();
        for (i, l) in lists.iter_mut().enumerate() {
            l.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            for &(_, j) in l.iter().take(k) {
                want.insert((i.min(j), i.max(j)));
            }
            for j in 0..n {
                if i < j && is_must(&c, i, j) {
                    want.insert((i, j));
                }
            }
        }
        let (edges, stats) = candidate_pairs(&sc, CandidateMode::TopK { k });
        let got: BTreeSet<_> = edges.iter().map(|e| (e.0 as usize, e.1 as usize)).collect();
        prop_assert_eq!(got, want);
        // Kept scores are rebuilt from the lists (no second meeting plan): the full score.
        for e in &edges {
            prop_assert_eq!(Ok(e.2), sc.score(e.0 as usize, e.1 as usize));
        }
        // Pruned pairs are never scored; with the exact mode's count they add up.
        let (_, exact) = candidate_pairs(&sc, CandidateMode::Exact);
        prop_assert_eq!(stats.pairs_scored + stats.pairs_pruned, exact.pairs_scored);
    }

    /// Adding a free period never reduces anyone's common time.
    #[test]
    fn more_free_time_never_hurts(c in arb_cohort(), p in arb_policy(), who in any::<prop::sample::Index>(),
                                  day in 0u32..5, start in 480u16..900, len in 10u16..120) {
        let x = who.index(c.teachers.len());
        let extra = FreePeriod::new(Day::from_index(day).unwrap(), start, start + len);
        let (s0, e0) = extra.week_range();
        prop_assume!(c.teachers[x].free_periods.iter().all(|q| {
            let (s, e) = q.week_range();
            e <= s0 || e0 <= s
        }));
        let before = Scorer::new(&c, &p).unwrap();
        let mut c2 = c.clone();
        c2.teachers[x].free_periods.push(extra);
        let after = Scorer::new(&c2, &p).unwrap();
        for y in (0..c.teachers.len()).filter(|&y| y != x) {
            let (b, a) = (before.common_windows(x, y).minutes, after.common_windows(x, y).minutes);
            prop_assert!(a >= b, "teacher {} with {}: {} -> {}", x, y, b, a);
            prop_assert_eq!(a, oracle_common(&c2.teachers[x], &c2.teachers[y],
                oracle_travel(&c2, &p, &c2.teachers[x], &c2.teachers[y]).unwrap_or(0),
                c2.teachers[x].school == c2.teachers[y].school, p.hard.min_meeting_minutes)
                * u32::from(oracle_travel(&c2, &p, &c2.teachers[x], &c2.teachers[y]).is_some()));
        }
    }

    /// Moving two schools further apart never increases their teachers' common time.
    #[test]
    fn distance_never_helps(c in arb_cohort(), p in arb_policy(), s in any::<prop::sample::Index>(),
                            t in any::<prop::sample::Index>(), stretch in 1.0f64..4.0) {
        let mut c = c;
        c.travel_times.clear();
        let ns = c.schools.len();
        let (s, t) = (s.index(ns), t.index(ns));
        prop_assume!(s != t);
        let (ls, lt) = (c.schools[s].location.unwrap(), c.schools[t].location.unwrap());
        let moved = Location::new(lt.lat + stretch * (ls.lat - lt.lat), lt.lon + stretch * (ls.lon - lt.lon));
        let d = |a, b| peermatch::compat::haversine_km(a, b);
        prop_assume!(d(moved, lt) >= d(ls, lt));
        let before = Scorer::new(&c, &p).unwrap();
        let mut c2 = c.clone();
        c2.schools[s].location = Some(moved);
        let after = Scorer::new(&c2, &p).unwrap();
        prop_assert!(after.travel_minutes(s, t) >= before.travel_minutes(s, t));
        let (ids_s, ids_t) = (&c.schools[s].id, &c.schools[t].id);
        for a in (0..c.teachers.len()).filter(|&a| &c.teachers[a].school == ids_s) {
            for b in (0..c.teachers.len()).filter(|&b| &c.teachers[b].school == ids_t) {
                prop_assert!(after.common_windows(a, b).minutes <= before.common_windows(a, b).minutes);
            }
        }
    }

    /// Renaming and reordering teachers leaves every pair's score unchanged.
    #[test]
    fn relabelling_keeps_scores(c in arb_cohort(), p in arb_policy(), seed in any::<u64>()) {
        let n = c.teachers.len();
        // A permutation from the seed (Fisher–Yates with a tiny LCG).
        let mut perm: Vec<usize> = (0..n).collect();
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            perm.swap(i, (x >> 33) as usize % (i + 1));
        }
        let rename = |id: &str| format!("new-{}", id.chars().rev().collect::<String>());
        let mut c2 = c.clone();
        c2.teachers = perm.iter().map(|&k| {
            let mut t = c.teachers[k].clone();
            t.id = rename(&t.id);
            for l in [&mut t.preferences, &mut t.avoid, &mut t.must_pair] {
                for q in l.iter_mut() { *q = rename(q); }
            }
            t
        }).collect();
        let (a, b) = (Scorer::new(&c, &p).unwrap(), Scorer::new(&c2, &p).unwrap());
        // new position of old teacher k
        let mut pos = vec![0; n];
        for (new, &old) in perm.iter().enumerate() { pos[old] = new; }
        for i in 0..n {
            for j in i + 1..n {
                prop_assert_eq!(a.score(i, j).ok(), b.score(pos[i], pos[j]).ok());
                prop_assert_eq!(a.score(i, j).is_err(), b.score(pos[i], pos[j]).is_err());
            }
        }
        let edges = |s: &Scorer, map: &dyn Fn(usize) -> usize| -> BTreeSet<(usize, usize, i64)> {
            candidate_pairs(s, CandidateMode::Exact).0.iter()
                .map(|e| { let (x, y) = (map(e.0 as usize), map(e.1 as usize)); (x.min(y), x.max(y), e.2.total) })
                .collect()
        };
        prop_assert_eq!(edges(&a, &|i| pos[i]), edges(&b, &|i| i));
    }
}
