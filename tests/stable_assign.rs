//! Mentor–mentee stable assignment (hospitals/residents with capacities): named cases,
//! input errors, and property tests against a brute-force enumeration of all stable
//! assignments (optimality for each side, Rural Hospitals theorem, relabelling).
#![allow(clippy::needless_range_loop)]

use peermatch::matching::{
    assignment_blocking_pairs, stable_assignment, Acceptability, MentoringPrefs, Optimal, Party,
    PrefsError,
};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

struct Inst {
    mentee: Vec<Vec<usize>>,
    mentor: Vec<Vec<usize>>,
    cap: Vec<u32>,
}

fn rank_of(list: &[usize], x: usize) -> usize {
    list.iter().position(|&y| y == x).unwrap_or(usize::MAX)
}

fn is_stable(inst: &Inst, a: &[Option<usize>]) -> bool {
    let m = inst.mentor.len();
    let mut count = vec![0u32; m];
    let mut worst = vec![0usize; m];
    for (r, h) in a.iter().enumerate() {
        if let Some(h) = *h {
            count[h] += 1;
            worst[h] = worst[h].max(rank_of(&inst.mentor[h], r));
        }
    }
    for (r, list) in inst.mentee.iter().enumerate() {
        let cur = a[r].map_or(usize::MAX, |h| rank_of(list, h));
        for (p, &h) in list.iter().enumerate() {
            if p >= cur {
                break;
            }
            let q = rank_of(&inst.mentor[h], r);
            if q == usize::MAX {
                continue;
            }
            if count[h] < inst.cap[h] || q < worst[h] {
                return false;
            }
        }
    }
    true
}

/// Every stable assignment, by enumerating each mentee's choice (unassigned or any
/// mutually acceptable mentor) under the capacities.
fn all_stable(inst: &Inst) -> Vec<Vec<Option<usize>>> {
    fn rec(
        r: usize,
        inst: &Inst,
        cur: &mut Vec<Option<usize>>,
        load: &mut Vec<u32>,
        out: &mut Vec<Vec<Option<usize>>>,
    ) {
        if r == inst.mentee.len() {
            if is_stable(inst, cur) {
                out.push(cur.clone());
            }
            return;
        }
        rec(r + 1, inst, cur, load, out);
        for &h in &inst.mentee[r] {
            if load[h] < inst.cap[h] && inst.mentor[h].contains(&r) {
                load[h] += 1;
                cur[r] = Some(h);
                rec(r + 1, inst, cur, load, out);
                cur[r] = None;
                load[h] -= 1;
            }
        }
    }
    let mut out = Vec::new();
    rec(
        0,
        inst,
        &mut vec![None; inst.mentee.len()],
        &mut vec![0; inst.mentor.len()],
        &mut out,
    );
    out
}

fn random_inst(n: usize, m: usize, density: f64, rng: &mut ChaCha8Rng) -> Inst {
    let mut mentee = vec![Vec::new(); n];
    let mut mentor = vec![Vec::new(); m];
    for r in 0..n {
        for h in 0..m {
            if rng.random_bool(density) {
                mentee[r].push(h);
                mentor[h].push(r);
            }
        }
    }
    mentee.iter_mut().for_each(|l| l.shuffle(rng));
    mentor.iter_mut().for_each(|l| l.shuffle(rng));
    let cap = (0..m).map(|_| rng.random_range(0..=3)).collect();
    Inst {
        mentee,
        mentor,
        cap,
    }
}

fn prefs(inst: &Inst) -> MentoringPrefs {
    MentoringPrefs::new(&inst.mentee, &inst.mentor, &inst.cap, Acceptability::Strict).unwrap()
}

// ---------- named cases ----------

/// Gale & Shapley (1962)-style instance where the two sides disagree: the mentee- and
/// mentor-optimal stable assignments differ.
#[test]
fn mentee_and_mentor_optimal_differ() {
    let inst = Inst {
        mentee: vec![vec![0, 1], vec![1, 0]],
        mentor: vec![vec![1, 0], vec![0, 1]],
        cap: vec![1, 1],
    };
    let p = prefs(&inst);
    assert_eq!(
        stable_assignment(&p, Optimal::Mentee).mentors(),
        &[Some(0), Some(1)]
    );
    assert_eq!(
        stable_assignment(&p, Optimal::Mentor).mentors(),
        &[Some(1), Some(0)]
    );
}

#[test]
fn capacities_zero_and_many() {
    let inst = Inst {
        mentee: vec![vec![0, 1], vec![0, 1], vec![0, 1], vec![0]],
        mentor: vec![vec![3, 2, 1, 0], vec![0, 1, 2]],
        cap: vec![2, 0],
    };
    let p = prefs(&inst);
    for opt in [Optimal::Mentee, Optimal::Mentor] {
        let a = stable_assignment(&p, opt);
        assert_eq!(a.mentees_of(0), &[2, 3]);
        assert_eq!(a.unassigned(), vec![0, 1]);
        assert!(assignment_blocking_pairs(&p, a.mentors())
            .unwrap()
            .is_empty());
    }
}

#[test]
fn input_errors() {
    let e =
        MentoringPrefs::new(&[vec![0]], &[vec![0]], &[1, 1], Acceptability::Strict).unwrap_err();
    assert_eq!(
        e,
        PrefsError::CapacitiesLength {
            expected: 1,
            got: 2
        }
    );
    let e = MentoringPrefs::new(&[vec![1]], &[vec![0]], &[1], Acceptability::Strict).unwrap_err();
    assert!(matches!(
        e,
        PrefsError::OutOfRange {
            party: Party::Mentee,
            agent: 0,
            position: 0,
            listed: 1,
            bound: 1
        }
    ));
    let e =
        MentoringPrefs::new(&[vec![0]], &[vec![0, 0]], &[1], Acceptability::Strict).unwrap_err();
    assert!(matches!(
        e,
        PrefsError::Duplicate {
            party: Party::Mentor,
            agent: 0,
            position: 1,
            ..
        }
    ));
    let e = MentoringPrefs::new(
        &[vec![0], vec![]],
        &[vec![0, 1]],
        &[1],
        Acceptability::Strict,
    )
    .unwrap_err();
    assert_eq!(
        e,
        PrefsError::OneSided {
            party: Party::Mentor,
            agent: 0,
            position: 1,
            listed: 1
        }
    );
    let p = MentoringPrefs::new(
        &[vec![0], vec![]],
        &[vec![0, 1]],
        &[1],
        Acceptability::DropOneSided,
    )
    .unwrap();
    assert_eq!(p.mentor_list(0), &[0]);
    assert_eq!(p.dropped().len(), 1);
    assert!(assignment_blocking_pairs(&p, &[Some(0), Some(0)]).is_err());
    assert!(assignment_blocking_pairs(&p, &[Some(3), None]).is_err());
    assert!(assignment_blocking_pairs(&p, &[None]).is_err());
}

#[test]
fn large_random_instances_are_stable() {
    for seed in 0..30u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let inst = random_inst(300, 40, 0.2, &mut rng);
        let p = prefs(&inst);
        let a = stable_assignment(&p, Optimal::Mentee);
        let b = stable_assignment(&p, Optimal::Mentor);
        assert!(is_stable(&inst, a.mentors()) && is_stable(&inst, b.mentors()));
        assert!(assignment_blocking_pairs(&p, a.mentors())
            .unwrap()
            .is_empty());
        assert_eq!(a.unassigned(), b.unassigned(), "rural hospitals");
    }
}

// ---------- properties ----------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn optimality_and_rural_hospitals(n in 0usize..=6, m in 1usize..=3, density in 0.3f64..1.0, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let inst = random_inst(n, m, density, &mut rng);
        let p = prefs(&inst);
        let all = all_stable(&inst);
        prop_assert!(!all.is_empty());
        let me = stable_assignment(&p, Optimal::Mentee);
        let mo = stable_assignment(&p, Optimal::Mentor);
        prop_assert!(all.contains(&me.mentors().to_vec()));
        prop_assert!(all.contains(&mo.mentors().to_vec()));
        prop_assert!(assignment_blocking_pairs(&p, me.mentors()).unwrap().is_empty());
        let rk = |r: usize, h: Option<usize>| h.map_or(usize::MAX, |h| rank_of(&inst.mentee[r], h));
        for s in &all {
            for r in 0..n {
                // Mentee-optimal: best for every mentee; mentor-optimal: worst for every mentee.
                prop_assert!(rk(r, me.mentor_of(r)) <= rk(r, s[r]));
                prop_assert!(rk(r, mo.mentor_of(r)) >= rk(r, s[r]));
                // Rural Hospitals: the same mentees are unassigned everywhere.
                prop_assert_eq!(s[r].is_none(), me.mentor_of(r).is_none());
            }
            for h in 0..m {
                let mut mine: Vec<usize> = mo.mentees_of(h).iter().map(|&r| rank_of(&inst.mentor[h], r)).collect();
                let mut theirs: Vec<usize> = (0..n).filter(|&r| s[r] == Some(h)).map(|r| rank_of(&inst.mentor[h], r)).collect();
                mine.sort_unstable();
                theirs.sort_unstable();
                prop_assert_eq!(mine.len(), theirs.len(), "rural hospitals: same fill");
                // Mentor-optimal: elementwise at least as good for every mentor.
                prop_assert!(mine.iter().zip(&theirs).all(|(a, b)| a <= b));
                if (mine.len() as u32) < inst.cap[h] {
                    let set: Vec<usize> = (0..n).filter(|&r| s[r] == Some(h)).collect();
                    prop_assert_eq!(set.as_slice(), me.mentees_of(h), "under-filled mentors get the same mentees");
                }
            }
        }
    }

    /// Relabelling mentees and mentors permutes both optimal assignments exactly (they are
    /// unique); the same input gives the same output.
    #[test]
    fn relabelling_permutes_result(n in 0usize..=30, m in 1usize..=8, density in 0.1f64..1.0, seed in any::<u64>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let inst = random_inst(n, m, density, &mut rng);
        let mut pr: Vec<usize> = (0..n).collect();
        let mut ph: Vec<usize> = (0..m).collect();
        pr.shuffle(&mut rng);
        ph.shuffle(&mut rng);
        let mut re = Inst { mentee: vec![Vec::new(); n], mentor: vec![Vec::new(); m], cap: vec![0; m] };
        for r in 0..n {
            re.mentee[pr[r]] = inst.mentee[r].iter().map(|&h| ph[h]).collect();
        }
        for h in 0..m {
            re.mentor[ph[h]] = inst.mentor[h].iter().map(|&r| pr[r]).collect();
            re.cap[ph[h]] = inst.cap[h];
        }
        for opt in [Optimal::Mentee, Optimal::Mentor] {
            let a = stable_assignment(&prefs(&inst), opt);
            prop_assert_eq!(&a, &stable_assignment(&prefs(&inst), opt));
            let b = stable_assignment(&prefs(&re), opt);
            for r in 0..n {
                prop_assert_eq!(a.mentor_of(r).map(|h| ph[h]), b.mentor_of(pr[r]));
            }
        }
    }
}
