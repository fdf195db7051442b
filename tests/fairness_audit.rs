//! Fairness audit: definitions checked against naive oracles and against the stability
//! checkers of the roommates and mentor–mentee modules.
#![allow(clippy::needless_range_loop)]

use peermatch::fairness::{
    audit, pairs_from_partners, AuditError, AuditInput, GroupKey, GroupLabels, StatedPrefsProblem,
    UnmatchedReason,
};
use peermatch::matching::{
    assignment_blocking_pairs, roommates_blocking_pairs, stable_assignment, stable_roommates,
    Acceptability, MentoringPrefs, Optimal, Preferences, WeightedGraph,
};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn labels(n: usize, rng: &mut ChaCha8Rng) -> Vec<GroupLabels> {
    (0..n)
        .map(|_| {
            GroupLabels::from([
                (GroupKey::School, format!("S{}", rng.random_range(0..3))),
                (
                    GroupKey::Subject,
                    ["maths", "art"][rng.random_range(0..2)].to_string(),
                ),
            ])
        })
        .collect()
}

/// A random matching of a graph (greedy over a random edge order), with capacities.
fn random_bmatching(
    n: usize,
    edges: &[(usize, usize, i64)],
    caps: &[u32],
    rng: &mut ChaCha8Rng,
) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..edges.len()).collect();
    order.shuffle(rng);
    let mut load = vec![0u32; n];
    let mut out = Vec::new();
    for k in order {
        let (u, v, _) = edges[k];
        if load[u] < caps[u] && load[v] < caps[v] && rng.random_bool(0.7) {
            load[u] += 1;
            load[v] += 1;
            out.push((u, v));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Score blocking pairs, worst-off, group statistics and unmatched reasons against
    /// naive definitions, with capacities.
    #[test]
    fn audit_matches_naive_definitions(n in 0usize..=12, density in 0.1f64..1.0, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut edges = Vec::new();
        for u in 0..n {
            for v in u + 1..n {
                if rng.random_bool(density) {
                    edges.push((u, v, rng.random_range(-2..=8i64)));
                }
            }
        }
        let caps: Vec<u32> = (0..n).map(|_| rng.random_range(0..=2)).collect();
        let g = WeightedGraph::new(n, edges.clone()).unwrap();
        let groups = labels(n, &mut rng);
        let pairs = random_bmatching(n, &edges, &caps, &mut rng);
        let input = AuditInput { scores: &g, stated_prefs: None, capacities: Some(&caps), groups: &groups };
        let a = audit(&input, &pairs).unwrap();

        // Naive: partners and their scores.
        let w = |u: usize, v: usize| edges.iter().find(|e| (e.0, e.1) == (u.min(v), u.max(v))).map(|e| e.2);
        let mut part: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(u, v) in &pairs { part[u].push(v); part[v].push(u); }
        let wants = |i: usize, s: i64| (part[i].len() as u32) < caps[i] || part[i].iter().any(|&k| w(i, k).unwrap() < s);
        let mut naive_bp = Vec::new();
        for &(u, v, s) in &edges {
            if !part[u].contains(&v) && wants(u, s) && wants(v, s) { naive_bp.push((u, v)); }
        }
        naive_bp.sort_unstable();
        let got: Vec<(usize, usize)> = a.blocking_pairs_scores.iter().map(|b| (b.a, b.b)).collect();
        prop_assert_eq!(&got, &naive_bp);
        prop_assert!(a.blocking_pairs_stated.is_none());

        // Worst off by score.
        let min = pairs.iter().map(|&(u, v)| w(u, v).unwrap()).min();
        prop_assert_eq!(a.min_pair_score, min);
        prop_assert_eq!(a.worst_off_by_score.map(|x| x.score), min);
        prop_assert_eq!(a.total_score, pairs.iter().map(|&(u, v)| w(u, v).unwrap()).sum::<i64>());

        // Per agent: score ranks.
        for i in 0..n {
            for p in &a.per_agent[i].partners {
                let better = edges.iter().filter(|e| (e.0 == i || e.1 == i) && e.2 > p.score).count();
                prop_assert_eq!(p.score_rank, better);
            }
        }

        // Groups.
        for (key, vals) in &a.groups {
            for (val, st) in vals {
                let members: Vec<usize> = (0..n).filter(|&i| groups[i][key] == *val).collect();
                prop_assert_eq!(st.members, members.len());
                prop_assert_eq!(st.matched, members.iter().filter(|&&i| !part[i].is_empty()).count());
                let sc: Vec<i64> = members.iter().flat_map(|&i| part[i].iter().map(move |&j| (i, j))).map(|(i, j)| w(i, j).unwrap()).collect();
                let mean = (!sc.is_empty()).then(|| sc.iter().sum::<i64>() as f64 / sc.len() as f64);
                prop_assert_eq!(st.mean_score, mean);
            }
        }

        // Unmatched reasons.
        let unmatched: Vec<usize> = (0..n).filter(|&i| part[i].is_empty()).collect();
        prop_assert_eq!(a.unmatched.iter().map(|u| u.agent).collect::<Vec<_>>(), unmatched);
        for u in &a.unmatched {
            let i = u.agent;
            let nbrs: Vec<usize> = (0..n).filter(|&j| w(i, j).is_some()).collect();
            let in_bp = naive_bp.iter().any(|&(x, y)| x == i || y == i);
            match &u.reason {
                UnmatchedReason::NoFeasiblePartner => prop_assert!(nbrs.is_empty()),
                UnmatchedReason::ZeroCapacity => prop_assert_eq!(caps[i], 0),
                UnmatchedReason::Capacity { full_partners } => {
                    prop_assert_eq!(full_partners, &nbrs);
                    prop_assert!(!in_bp);
                    for &j in full_partners { prop_assert_eq!(part[j].len() as u32, caps[j]); }
                }
                UnmatchedReason::LostOut { candidates } => {
                    prop_assert!(!candidates.is_empty());
                    for &j in candidates {
                        prop_assert!(naive_bp.contains(&(i.min(j), i.max(j))));
                    }
                }
            }
        }

        // Serialisable, round trip.
        let json = serde_json::to_string(&a).unwrap();
        let back: peermatch::fairness::Audit = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back.per_agent, &a.per_agent);
        prop_assert_eq!(&back.unmatched, &a.unmatched);
        prop_assert_eq!(&back.blocking_pairs_scores, &a.blocking_pairs_scores);
        prop_assert!((back.match_rate - a.match_rate).abs() < 1e-12);
        prop_assert_eq!(back.groups.len(), a.groups.len());
    }

    /// Stated-preference blocking pairs agree with the roommates checker; the output of
    /// Irving's algorithm has none.
    #[test]
    fn stated_blocking_pairs_agree_with_roommates(n in 0usize..=12, density in 0.2f64..1.0, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut lists = vec![Vec::new(); n];
        let mut edges = Vec::new();
        for u in 0..n {
            for v in u + 1..n {
                if rng.random_bool(density) {
                    lists[u].push(v);
                    lists[v].push(u);
                    edges.push((u, v, rng.random_range(0..5i64)));
                }
            }
        }
        lists.iter_mut().for_each(|l| l.shuffle(&mut rng));
        let g = WeightedGraph::new(n, edges.clone()).unwrap();
        let p = Preferences::new(&lists).unwrap();
        let pairs = random_bmatching(n, &edges, &vec![1; n], &mut rng);
        let mut partner = vec![None; n];
        for &(u, v) in &pairs { partner[u] = Some(v); partner[v] = Some(u); }
        let input = AuditInput { scores: &g, stated_prefs: Some(&lists), capacities: None, groups: &[] };
        let a = audit(&input, &pairs).unwrap();
        let got: Vec<(usize, usize)> = a.blocking_pairs_stated.unwrap().iter().map(|b| (b.a, b.b)).collect();
        prop_assert_eq!(got, roommates_blocking_pairs(&p, &partner).unwrap());
        for ag in &a.per_agent {
            for pa in &ag.partners {
                prop_assert_eq!(pa.stated_rank, lists[ag.agent].iter().position(|&x| x == pa.partner));
            }
        }
        if let Some(m) = stable_roommates(&p).into_stable() {
            let a = audit(&input, pairs_from_partners(m.partners())).unwrap();
            prop_assert!(a.blocking_pairs_stated.unwrap().is_empty());
        }
    }

    /// Mentor–mentee assignments in one index space (mentees 0..n, mentors n..n+m):
    /// stated blocking pairs agree with the hospitals/residents checker.
    #[test]
    fn capacities_agree_with_mentor_mentee_checker(n in 0usize..=8, m in 1usize..=4, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut mentee = vec![Vec::new(); n];
        let mut mentor = vec![Vec::new(); m];
        let mut edges = Vec::new();
        for r in 0..n {
            for h in 0..m {
                if rng.random_bool(0.6) {
                    mentee[r].push(h);
                    mentor[h].push(r);
                    edges.push((r, n + h, 1i64));
                }
            }
        }
        mentee.iter_mut().for_each(|l| l.shuffle(&mut rng));
        mentor.iter_mut().for_each(|l| l.shuffle(&mut rng));
        let hcap: Vec<u32> = (0..m).map(|_| rng.random_range(0..=3)).collect();
        let prefs = MentoringPrefs::new(&mentee, &mentor, &hcap, Acceptability::Strict).unwrap();
        let mut caps = vec![1u32; n];
        caps.extend(&hcap);
        let mut stated: Vec<Vec<usize>> = mentee.iter().map(|l| l.iter().map(|&h| n + h).collect()).collect();
        stated.extend(mentor.iter().cloned());
        let g = WeightedGraph::new(n + m, edges.clone()).unwrap();
        let input = AuditInput { scores: &g, stated_prefs: Some(&stated), capacities: Some(&caps), groups: &[] };
        for assignment in [
            random_bmatching(n + m, &edges, &caps, &mut rng),
            pairs_from_mentors(stable_assignment(&prefs, Optimal::Mentee).mentors(), n),
        ] {
            let mut mentor_of = vec![None; n];
            for &(r, h) in &assignment { mentor_of[r.min(h)] = Some(r.max(h) - n); }
            let a = audit(&input, &assignment).unwrap();
            let got: Vec<(usize, usize)> = a.blocking_pairs_stated.unwrap().iter().map(|b| (b.a, b.b - n)).collect();
            prop_assert_eq!(got, assignment_blocking_pairs(&prefs, &mentor_of).unwrap());
        }
    }
}

fn pairs_from_mentors(mentor_of: &[Option<usize>], n: usize) -> Vec<(usize, usize)> {
    mentor_of
        .iter()
        .enumerate()
        .filter_map(|(r, h)| h.map(|h| (r, n + h)))
        .collect()
}

#[test]
fn unmatched_reasons_on_a_small_cohort() {
    // 0-1 score 9 (matched), 2 likes 0 (score 4) but 0 prefers 1; 3 has room with 4 but
    // the plan left them apart; 5 has no feasible partner.
    let g = WeightedGraph::new(6, [(0, 1, 9), (0, 2, 4), (3, 4, 2)]).unwrap();
    let input = AuditInput {
        scores: &g,
        stated_prefs: None,
        capacities: None,
        groups: &[],
    };
    let a = audit(&input, [(1, 0)]).unwrap();
    let reasons: Vec<(usize, UnmatchedReason)> = a
        .unmatched
        .iter()
        .map(|u| (u.agent, u.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (
                2,
                UnmatchedReason::Capacity {
                    full_partners: vec![0]
                }
            ),
            (
                3,
                UnmatchedReason::LostOut {
                    candidates: vec![4]
                }
            ),
            (
                4,
                UnmatchedReason::LostOut {
                    candidates: vec![3]
                }
            ),
            (5, UnmatchedReason::NoFeasiblePartner),
        ]
    );
    assert_eq!(a.blocking_pairs_scores.len(), 1);
    assert_eq!(a.match_rate, 2.0 / 6.0);
    let wo = a.worst_off_by_score.unwrap();
    assert_eq!((wo.agent, wo.partner, wo.score), (0, 1, 9));
}

#[test]
fn audit_errors_name_the_culprit() {
    let g = WeightedGraph::new(3, [(0, 1, 1), (1, 2, 1)]).unwrap();
    let input = AuditInput {
        scores: &g,
        stated_prefs: None,
        capacities: None,
        groups: &[],
    };
    assert_eq!(
        audit(&input, [(0, 2)]).unwrap_err(),
        AuditError::Infeasible {
            index: 0,
            u: 0,
            v: 2
        }
    );
    assert_eq!(
        audit(&input, [(0, 3)]).unwrap_err(),
        AuditError::BadPair {
            index: 0,
            u: 0,
            v: 3,
            n: 3
        }
    );
    assert_eq!(
        audit(&input, [(0, 1), (1, 2)]).unwrap_err(),
        AuditError::OverCapacity {
            agent: 1,
            partners: 2,
            capacity: 1
        }
    );
    let caps = [1, 2, 1];
    let input2 = AuditInput {
        capacities: Some(&caps),
        ..input
    };
    assert_eq!(
        audit(&input2, [(0, 1), (1, 0)]).unwrap_err(),
        AuditError::DuplicatePair {
            index: 1,
            u: 1,
            v: 0
        }
    );
    assert!(audit(&input2, [(0, 1), (1, 2)]).is_ok());
    let short = [1u32];
    let input3 = AuditInput {
        capacities: Some(&short),
        ..input
    };
    assert!(matches!(
        audit(&input3, std::iter::empty::<(usize, usize)>()).unwrap_err(),
        AuditError::Length {
            what: "capacities",
            ..
        }
    ));
    let bad = vec![vec![1], vec![1], vec![]];
    let input4 = AuditInput {
        stated_prefs: Some(&bad),
        ..input
    };
    assert!(matches!(
        audit(&input4, std::iter::empty::<(usize, usize)>()).unwrap_err(),
        AuditError::StatedPrefs {
            agent: 1,
            position: 0,
            detail: StatedPrefsProblem::ListsItself,
        }
    ));
}
