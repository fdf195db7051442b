//! Stable roommates: named literature cases, input errors, and property tests against a
//! brute-force oracle that enumerates every matching of small instances.
#![allow(clippy::needless_range_loop)]

use peermatch::matching::{
    roommates_blocking_pairs, stable_roommates, Acceptability, Party, Preferences, PrefsError,
    RoommatesOutcome, WeightedGraph,
};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

// ---------- independent oracle ----------

/// rank[i][j] = position of j in i's list, usize::MAX if absent.
fn ranks(lists: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = lists.len();
    let mut r = vec![vec![usize::MAX; n]; n];
    for (i, l) in lists.iter().enumerate() {
        for (p, &j) in l.iter().enumerate() {
            r[i][j] = p;
        }
    }
    r
}

fn is_stable(lists: &[Vec<usize>], partner: &[Option<usize>]) -> bool {
    let n = lists.len();
    let r = ranks(lists);
    let cur = |i: usize| partner[i].map_or(usize::MAX - 1, |j| r[i][j]);
    for i in 0..n {
        for j in i + 1..n {
            if r[i][j] == usize::MAX || r[j][i] == usize::MAX || partner[i] == Some(j) {
                continue;
            }
            if r[i][j] < cur(i) && r[j][i] < cur(j) {
                return false;
            }
        }
    }
    true
}

/// All matchings using only mutually acceptable pairs.
fn all_matchings(lists: &[Vec<usize>]) -> Vec<Vec<Option<usize>>> {
    fn rec(
        i: usize,
        r: &[Vec<usize>],
        cur: &mut Vec<Option<usize>>,
        done: &mut Vec<bool>,
        out: &mut Vec<Vec<Option<usize>>>,
    ) {
        let n = r.len();
        if i == n {
            out.push(cur.clone());
            return;
        }
        if done[i] {
            return rec(i + 1, r, cur, done, out);
        }
        done[i] = true;
        rec(i + 1, r, cur, done, out);
        for j in i + 1..n {
            if !done[j] && r[i][j] != usize::MAX && r[j][i] != usize::MAX {
                done[j] = true;
                cur[i] = Some(j);
                cur[j] = Some(i);
                rec(i + 1, r, cur, done, out);
                cur[i] = None;
                cur[j] = None;
                done[j] = false;
            }
        }
        done[i] = false;
    }
    let r = ranks(lists);
    let mut out = Vec::new();
    let n = lists.len();
    rec(0, &r, &mut vec![None; n], &mut vec![false; n], &mut out);
    out
}

fn stable_matchings(lists: &[Vec<usize>]) -> Vec<Vec<Option<usize>>> {
    all_matchings(lists)
        .into_iter()
        .filter(|m| is_stable(lists, m))
        .collect()
}

/// Random instance with mutual acceptability: each pair acceptable with probability
/// `density`, each list a random order of the acceptable partners.
fn random_lists(n: usize, density: f64, rng: &mut ChaCha8Rng) -> Vec<Vec<usize>> {
    let mut lists = vec![Vec::new(); n];
    for i in 0..n {
        for j in i + 1..n {
            if rng.random_bool(density) {
                lists[i].push(j);
                lists[j].push(i);
            }
        }
    }
    for l in &mut lists {
        l.shuffle(rng);
    }
    lists
}

fn solve(lists: &[Vec<usize>]) -> RoommatesOutcome {
    stable_roommates(&Preferences::new(lists).unwrap())
}

// ---------- named cases ----------

/// Irving (1985), the six-person instance used to illustrate both phases (1-based there).
#[test]
fn irving_1985_six_person_example() {
    let one_based = [
        vec![4, 6, 2, 5, 3],
        vec![6, 3, 5, 1, 4],
        vec![4, 5, 1, 6, 2],
        vec![2, 6, 5, 1, 3],
        vec![4, 2, 3, 6, 1],
        vec![5, 1, 4, 2, 3],
    ];
    let lists: Vec<Vec<usize>> = one_based
        .iter()
        .map(|l| l.iter().map(|x| x - 1).collect())
        .collect();
    let m = solve(&lists).into_stable().expect("solvable");
    // {1,6}, {2,3}, {4,5} in the paper's numbering.
    assert_eq!(
        m.partners(),
        &[Some(5), Some(2), Some(1), Some(4), Some(3), Some(0)]
    );
    assert!(stable_matchings(&lists).contains(&m.partners().to_vec()));
}

/// The six-person example of the Wikipedia article "Stable roommates problem"; its stable
/// matching is {1,6}, {2,4}, {3,5} (1-based).
#[test]
fn wikipedia_six_person_example() {
    let one_based = [
        vec![3, 4, 2, 6, 5],
        vec![6, 5, 4, 1, 3],
        vec![2, 4, 5, 1, 6],
        vec![5, 2, 3, 6, 1],
        vec![3, 1, 2, 4, 6],
        vec![5, 1, 3, 4, 2],
    ];
    let lists: Vec<Vec<usize>> = one_based
        .iter()
        .map(|l| l.iter().map(|x| x - 1).collect())
        .collect();
    let m = solve(&lists).into_stable().expect("solvable");
    assert_eq!(
        m.partners(),
        &[Some(5), Some(3), Some(4), Some(1), Some(2), Some(0)]
    );
}

/// The classic unsolvable instance (Gale & Shapley 1962): 0, 1, 2 rank each other
/// cyclically and all rank 3 last; whoever is paired with 3 forms a blocking pair.
#[test]
fn classic_unsolvable_four_person_instance() {
    let lists = vec![vec![1, 2, 3], vec![2, 0, 3], vec![0, 1, 3], vec![0, 1, 2]];
    assert!(stable_matchings(&lists).is_empty());
    match solve(&lists) {
        RoommatesOutcome::NoStableMatching(why) => {
            assert!(!why.rotation.is_empty());
            assert!(why.agent < 4);
            assert!(why.reason().contains("rotation"));
        }
        other => panic!("expected no stable matching, got {other:?}"),
    }
}

#[test]
fn odd_cycle_of_three_has_no_stable_matching() {
    let lists = vec![vec![1, 2], vec![2, 0], vec![0, 1]];
    assert!(!solve(&lists).is_stable());
}

/// Incomplete lists and odd n: the Python `matching` library rejects these (its issues
/// #124 and #128); here they have stable matchings with unmatched agents.
#[test]
fn incomplete_lists_and_odd_n() {
    let lists = vec![vec![1, 2], vec![0], vec![0], vec![]];
    let m = solve(&lists).into_stable().unwrap();
    assert_eq!(m.partners(), &[Some(1), Some(0), None, None]);
    assert_eq!(m.unmatched(), vec![2, 3]);
    // Five agents with complete lists: one is left out, and stability still holds.
    let lists = vec![
        vec![1, 2, 3, 4],
        vec![0, 2, 3, 4],
        vec![3, 0, 1, 4],
        vec![2, 0, 1, 4],
        vec![0, 1, 2, 3],
    ];
    let m = solve(&lists).into_stable().unwrap();
    assert_eq!(m.pairs(), vec![(0, 1), (2, 3)]);
    assert!(solve(&[]).is_stable());
}

#[test]
fn input_errors_name_agent_and_position() {
    let e = Preferences::new(&[vec![1], vec![0, 5]]).unwrap_err();
    assert_eq!(
        e,
        PrefsError::OutOfRange {
            party: Party::Agent,
            agent: 1,
            position: 1,
            listed: 5,
            bound: 2
        }
    );
    let e = Preferences::new(&[vec![1, 1], vec![0]]).unwrap_err();
    assert!(matches!(
        e,
        PrefsError::Duplicate {
            agent: 0,
            position: 1,
            listed: 1,
            first: 0,
            ..
        }
    ));
    let e = Preferences::new(&[vec![0, 1], vec![0]]).unwrap_err();
    assert_eq!(
        e,
        PrefsError::SelfListed {
            agent: 0,
            position: 0
        }
    );
    let e = Preferences::new(&[vec![1, 2], vec![0], vec![]]).unwrap_err();
    assert!(matches!(
        e,
        PrefsError::OneSided {
            agent: 0,
            position: 1,
            listed: 2,
            ..
        }
    ));
    assert!(e.to_string().contains("does not list 0 back"));
}

#[test]
fn one_sided_entries_dropped_on_request_without_touching_input() {
    let lists = vec![vec![2, 1], vec![0], vec![1]];
    let before = lists.clone();
    let p = Preferences::with_policy(&lists, Acceptability::DropOneSided).unwrap();
    assert_eq!(lists, before);
    assert_eq!(p.lists(), &[vec![1], vec![0], vec![]]);
    let d = p.dropped();
    assert_eq!(d.len(), 2);
    assert_eq!((d[0].agent, d[0].position, d[0].listed), (0, 0, 2));
    assert_eq!((d[1].agent, d[1].position, d[1].listed), (2, 0, 1));
    let m = stable_roommates(&p).into_stable().unwrap();
    assert_eq!(m.partners(), &[Some(1), Some(0), None]);
}

#[test]
fn blocking_pair_checker_rejects_invalid_matchings() {
    let p = Preferences::new(&[vec![1], vec![0], vec![]]).unwrap();
    assert!(roommates_blocking_pairs(&p, &[Some(1), None, None]).is_err());
    assert!(roommates_blocking_pairs(&p, &[Some(2), None, Some(0)]).is_err());
    assert!(roommates_blocking_pairs(&p, &[None, None]).is_err());
    assert_eq!(
        roommates_blocking_pairs(&p, &[None, None, None]).unwrap(),
        vec![(0, 1)]
    );
}

/// The greedy matching on the global order (weight desc, u + v asc): the unique stable
/// matching under score-derived preferences.
fn greedy_global(n: usize, edges: &[(usize, usize, i64)]) -> Vec<Option<usize>> {
    let mut e = edges.to_vec();
    e.sort_by_key(|&(u, v, w)| (-w, u + v, u.min(v)));
    let mut p = vec![None; n];
    for (u, v, _) in e {
        if p[u].is_none() && p[v].is_none() {
            p[u] = Some(v);
            p[v] = Some(u);
        }
    }
    p
}

fn random_graph(n: usize, seed: u64, wmax: i64) -> Vec<(usize, usize, i64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut edges = Vec::new();
    for u in 0..n {
        for v in u + 1..n {
            if rng.random_bool(0.5) {
                edges.push((u, v, rng.random_range(-wmax..=wmax)));
            }
        }
    }
    edges
}

#[test]
fn score_derived_preferences_always_have_the_greedy_stable_matching_large() {
    for seed in 0..20 {
        let n = 60 + seed as usize;
        let edges = random_graph(n, seed, 5);
        let g = WeightedGraph::new(n, edges.clone()).unwrap();
        let p = Preferences::from_scores(&g);
        let m = stable_roommates(&p)
            .into_stable()
            .expect("globally ranked pairs");
        assert_eq!(m.partners(), greedy_global(n, &edges).as_slice());
        assert!(roommates_blocking_pairs(&p, m.partners())
            .unwrap()
            .is_empty());
    }
}

// ---------- properties ----------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Stable results have no blocking pair; "no stable matching" only when brute force
    /// finds none; the matched set is that of every stable matching.
    #[test]
    fn agrees_with_brute_force(n in 0usize..=9, density in 0.2f64..1.0, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let lists = random_lists(n, density, &mut rng);
        let all = stable_matchings(&lists);
        let p = Preferences::new(&lists).unwrap();
        match stable_roommates(&p) {
            RoommatesOutcome::Stable(m) => {
                let part = m.partners().to_vec();
                prop_assert!(is_stable(&lists, &part));
                prop_assert!(roommates_blocking_pairs(&p, &part).unwrap().is_empty());
                prop_assert!(all.contains(&part));
                for other in &all {
                    for i in 0..n {
                        prop_assert_eq!(other[i].is_some(), part[i].is_some());
                    }
                }
            }
            RoommatesOutcome::NoStableMatching(why) => {
                prop_assert!(all.is_empty(), "Irving says none, brute force found {:?}", all[0]);
                prop_assert!(why.agent < n && !why.rotation.is_empty());
            }
        }
    }

    /// Relabelling agents permutes the result: stability status and matched set follow the
    /// permutation; the same input always gives the same output.
    #[test]
    fn relabelling_and_determinism(n in 0usize..=12, density in 0.2f64..1.0, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let lists = random_lists(n, density, &mut rng);
        let mut perm: Vec<usize> = (0..n).collect();
        perm.shuffle(&mut rng);
        let mut relabelled = vec![Vec::new(); n];
        for i in 0..n {
            relabelled[perm[i]] = lists[i].iter().map(|&j| perm[j]).collect();
        }
        let a = solve(&lists);
        prop_assert_eq!(&a, &solve(&lists));
        let b = solve(&relabelled);
        prop_assert_eq!(a.is_stable(), b.is_stable());
        if let (RoommatesOutcome::Stable(a), RoommatesOutcome::Stable(b)) = (a, b) {
            for i in 0..n {
                prop_assert_eq!(a.partner(i).is_some(), b.partner(perm[i]).is_some());
            }
            prop_assert!(is_stable(&relabelled, b.partners()));
        }
    }

    /// Score-derived preferences ("globally ranked pairs"): always solvable, and the unique
    /// stable matching is the global greedy one; relabelling permutes it exactly.
    #[test]
    fn score_derived_always_stable(n in 0usize..=14, seed in any::<u64>()) {
        let edges = random_graph(n, seed, 3);
        let g = WeightedGraph::new(n, edges.clone()).unwrap();
        let p = Preferences::from_scores(&g);
        let m = stable_roommates(&p).into_stable();
        prop_assert!(m.is_some());
        let m = m.unwrap();
        let greedy = greedy_global(n, &edges);
        prop_assert_eq!(m.partners(), greedy.as_slice());
        if n <= 9 {
            prop_assert_eq!(stable_matchings(p.lists()), vec![m.partners().to_vec()]);
        }
    }
}

/// Larger random instances: whatever is returned is stable (checked by the O(L) checker
/// and the independent quadratic one).
#[test]
fn larger_random_instances_are_stable_when_solved() {
    let mut solved = 0;
    for seed in 0..200u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let n = rng.random_range(20..80);
        let lists = random_lists(n, rng.random_range(0.05..1.0), &mut rng);
        if let RoommatesOutcome::Stable(m) = solve(&lists) {
            solved += 1;
            assert!(is_stable(&lists, m.partners()), "seed {seed}");
        }
    }
    assert!(solved > 20);
}
