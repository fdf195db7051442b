//! The properties the fuzz targets check, on plain inputs (no `arbitrary` here), so that
//! `tests/fuzz_regressions.rs` replays crash inputs and the seed corpus through exactly the
//! same checks with `#[path = "../fuzz/src/checks.rs"]`.
//!
//! Every check panics (the fuzzer's "crash") when a property fails; errors the API
//! documents for bad input are fine and return quietly.
#![allow(dead_code)]

use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::cohort::Cohort;
use peermatch::compat::Policy;
use peermatch::matching::reductions::bmatching::{b_matching_gadget_size, max_weight_b_matching};
use peermatch::matching::{
    assignment_blocking_pairs, max_weight_matching_with_certificate, roommates_blocking_pairs,
    stable_assignment, stable_roommates, verify, Acceptability, MentoringPrefs, Mode, Optimal,
    Preferences, WeightedGraph,
};
use peermatch::plan::{OddPolicy, Planner, PlannerOptions, Proposal};

/// Best (cardinality, weight) by enumerating every edge subset, honouring capacities.
/// `Mode::MaxWeight` compares weight only (the empty set, weight 0, is always allowed).
fn brute(n: usize, edges: &[(usize, usize, i64)], caps: &[u64], mode: Mode) -> (usize, i64) {
    let mut best = (0usize, 0i64);
    for mask in 0u32..(1u32 << edges.len()) {
        let mut load = vec![0u64; n];
        let (mut k, mut w, mut ok) = (0usize, 0i64, true);
        for (i, &(u, v, x)) in edges.iter().enumerate() {
            if mask >> i & 1 == 1 {
                load[u] += 1;
                load[v] += 1;
                ok &= load[u] <= caps[u] && load[v] <= caps[v];
                k += 1;
                w += x;
            }
        }
        let better = match mode {
            Mode::MaxWeight => w > best.1,
            Mode::MaxCardinality => (k, w) > best,
        };
        if ok && better {
            best = (k, w);
        }
    }
    best
}

/// Keeps the heaviest of parallel edges and drops self-loops, as `WeightedGraph` does.
fn simple(edges: &[(usize, usize, i64)]) -> Vec<(usize, usize, i64)> {
    let mut out: Vec<(usize, usize, i64)> = Vec::new();
    for &(a, b, w) in edges {
        if a == b {
            continue;
        }
        let (u, v) = (a.min(b), a.max(b));
        match out.iter_mut().find(|e| (e.0, e.1) == (u, v)) {
            Some(e) => e.2 = e.2.max(w),
            None => out.push((u, v, w)),
        }
    }
    out
}

/// `WeightedGraph` construction, solving and `verify`: every solution verifies; on tiny
/// graphs the weight (and, in maximum-cardinality mode, the size) equals brute force.
/// `extra` isolated vertices are declared beyond `n` (exercising the compaction path).
pub fn check_weighted(n: usize, edges: &[(usize, usize, i64)], extra: usize, mode: Mode) {
    let Ok(g) = WeightedGraph::new(n + extra, edges.iter().copied()) else {
        return;
    };
    let (m, cert) = match max_weight_matching_with_certificate(&g, mode) {
        Ok(r) => r,
        Err(_) => return, // CardinalityShiftOverflow: documented
    };
    verify(&g, &m, &cert).unwrap_or_else(|e| panic!("certificate rejected: {e}\n{g:?}"));
    let simple = simple(edges);
    if simple.len() <= 14 {
        let want = brute(n + extra, &simple, &vec![1; n + extra], mode);
        match mode {
            Mode::MaxWeight => assert_eq!(m.weight(), want.1, "{g:?}"),
            Mode::MaxCardinality => assert_eq!((m.len(), m.weight()), want, "{g:?}"),
        }
    }
}

/// b-matching: the gadget certificate verifies, capacities hold, the weight is the brute
/// force optimum on tiny graphs, and the gadget never exceeds 4 |E| vertices.
pub fn check_bmatching(n: usize, edges: &[(usize, usize, i64)], caps: &[u32], mode: Mode) {
    if caps.len() != n {
        return;
    }
    let Ok(g) = WeightedGraph::new(n, edges.iter().copied()) else {
        return;
    };
    let size = b_matching_gadget_size(&g, caps, mode).expect("caps have the right length");
    assert!(size.vertices <= 4 * g.edge_count(), "{size:?}");
    let Ok(b) = max_weight_b_matching(&g, caps, mode) else {
        return;
    };
    assert!(b.certificate.is_ok(), "{:?}", b.certificate);
    let mut load = vec![0u64; n];
    for &(u, v) in &b.pairs {
        load[u] += 1;
        load[v] += 1;
    }
    for v in 0..n {
        assert!(load[v] <= caps[v] as u64, "vertex {v} over capacity");
    }
    let simple = simple(edges);
    if simple.len() <= 14 {
        let caps64: Vec<u64> = caps.iter().map(|&c| c as u64).collect();
        let want = brute(n, &simple, &caps64, mode);
        match mode {
            Mode::MaxWeight => assert_eq!(b.weight, want.1),
            Mode::MaxCardinality => assert_eq!((b.pairs.len(), b.weight), want),
        }
    }
}

/// Stable roommates: a stable outcome has no blocking pair and a symmetric partner list.
pub fn check_roommates(lists: &[Vec<usize>], drop_one_sided: bool) {
    let policy = if drop_one_sided {
        Acceptability::DropOneSided
    } else {
        Acceptability::Strict
    };
    let Ok(prefs) = Preferences::with_policy(lists, policy) else {
        return;
    };
    let outcome = stable_roommates(&prefs);
    if let Some(s) = outcome.into_stable() {
        let partner = s.partners().to_vec();
        for (i, p) in partner.iter().enumerate() {
            if let Some(j) = *p {
                assert_eq!(partner[j], Some(i), "partner list not symmetric");
                assert!(
                    prefs.rank(i, j).is_some(),
                    "{i} matched to unacceptable {j}"
                );
            }
        }
        let bp = roommates_blocking_pairs(&prefs, &partner).expect("right length");
        assert!(
            bp.is_empty(),
            "blocking pairs {bp:?} in a 'stable' matching"
        );
    }
}

/// Hospitals/residents: both optimal assignments are stable and within capacity.
pub fn check_hospitals(
    mentee: &[Vec<usize>],
    mentor: &[Vec<usize>],
    caps: &[u32],
    drop_one_sided: bool,
) {
    let policy = if drop_one_sided {
        Acceptability::DropOneSided
    } else {
        Acceptability::Strict
    };
    let Ok(prefs) = MentoringPrefs::new(mentee, mentor, caps, policy) else {
        return;
    };
    for optimal in [Optimal::Mentee, Optimal::Mentor] {
        let a = stable_assignment(&prefs, optimal);
        for h in 0..prefs.mentor_count() {
            assert!(a.mentees_of(h).len() as u64 <= prefs.capacity(h) as u64);
        }
        let bp = assignment_blocking_pairs(&prefs, a.mentors()).expect("right length");
        assert!(bp.is_empty(), "{optimal:?}: blocking pairs {bp:?}");
    }
}

/// Cohort text (JSON, then CSV): loading and validation never panic; a loaded cohort
/// survives its own writer.
pub fn check_cohort_text(text: &str) {
    if let Ok(c) = Cohort::from_json_str(text) {
        check_notices(&c);
        let again = Cohort::from_json_str(&c.to_json_string()).expect("own JSON re-reads");
        assert_eq!(again, c, "JSON round-trip changed the cohort");
    }
    if let Ok(c) = Cohort::from_csv_str(text) {
        check_notices(&c);
    }
}

/// Validation notices are typed (issue 11, D7): each survives a JSON round-trip, and
/// renaming ids with an injective map renames the typed fields only, so two different ids
/// never become one.
fn check_notices(c: &Cohort) {
    let notices = match c.validate() {
        Ok(n) => n,
        Err(e) => e.notices,
    };
    for n in notices {
        let json = serde_json::to_string(&n).expect("a notice serialises");
        let back: peermatch::cohort::Notice = serde_json::from_str(&json).expect("re-reads");
        assert_eq!(back, n, "notice JSON round-trip: {json}");
        let mut renamed = n.clone();
        renamed.rename(&|s| format!("P{}:{s}", s.len()));
        assert_eq!(
            renamed.teacher,
            n.teacher.as_ref().map(|t| format!("P{}:{t}", t.len()))
        );
        if let (
            peermatch::cohort::NoticeKind::OneSidedMustPair { other: a },
            peermatch::cohort::NoticeKind::OneSidedMustPair { other: b },
        ) = (&n.kind, &renamed.kind)
        {
            assert_eq!(b, &format!("P{}:{a}", a.len()));
            assert_ne!(
                Some(b),
                renamed.teacher.as_ref(),
                "ids collapsed: {renamed}"
            );
        }
        let _ = renamed.to_string();
    }
}

/// Policy text (TOML, then JSON): parsing and checking never panic; a policy that passes
/// `check` survives its own TOML writer.
pub fn check_policy_text(text: &str) {
    for p in [Policy::from_toml_str(text), Policy::from_json_str(text)]
        .into_iter()
        .flatten()
    {
        if p.check().is_ok() {
            let again = Policy::from_toml_str(&p.to_toml_string()).expect("own TOML re-reads");
            assert_eq!(again, p, "TOML round-trip changed the policy");
        }
    }
}

/// The planner on a small generated cohort with the given capacities: every teacher is in
/// a pair, a trio or the unmatched list, never unmatched and paired at once, and within
/// capacity; the proposal survives a JSON round-trip. Returns false when the planner
/// reported an error instead (nothing to check).
pub fn check_planner(teachers: usize, seed: u64, caps: &[u32], trio: bool) -> bool {
    let mut cohort = generate(&GeneratorConfig::city(teachers, seed));
    for (t, &c) in cohort.teachers.iter_mut().zip(caps) {
        t.capacity = c;
    }
    let options = PlannerOptions {
        odd: if trio {
            OddPolicy::Trio
        } else {
            OddPolicy::LeaveOut
        },
        ..PlannerOptions::default()
    };
    let Ok(p) = Planner::new(cohort.clone(), Policy::default())
        .with_options(options)
        .plan()
    else {
        return false;
    };
    let n = cohort.teachers.len();
    let mut in_pairs = vec![0u64; n];
    let mut unmatched = vec![0u64; n];
    let ix = |id: &str| {
        cohort
            .teacher_index(id)
            .unwrap_or_else(|| panic!("unknown id {id}"))
    };
    for pair in &p.pairs {
        assert_ne!(pair.a, pair.b);
        in_pairs[ix(&pair.a)] += 1;
        in_pairs[ix(&pair.b)] += 1;
        if let Some(t) = &pair.third {
            in_pairs[ix(&t.id)] += 1;
        }
    }
    for u in &p.unmatched {
        unmatched[ix(&u.id)] += 1;
    }
    for (i, t) in cohort.teachers.iter().enumerate() {
        assert!(unmatched[i] <= 1, "{} listed unmatched twice", t.id);
        assert!(
            in_pairs[i] + unmatched[i] >= 1,
            "{} is neither paired nor unmatched",
            t.id
        );
        assert!(
            !(in_pairs[i] > 0 && unmatched[i] > 0 && t.capacity <= 1),
            "{} both paired and unmatched",
            t.id
        );
        assert!(
            in_pairs[i] <= t.capacity as u64,
            "{} in {} pairs, capacity {}",
            t.id,
            in_pairs[i],
            t.capacity
        );
    }
    check_proposal_roundtrip(&p);
    true
}

/// A proposal survives a JSON round-trip unchanged.
pub fn check_proposal_roundtrip(p: &Proposal) {
    let json = serde_json::to_string(p).expect("proposal serialises");
    let back: Proposal = serde_json::from_str(&json).expect("own JSON re-reads");
    assert_eq!(&back, p, "JSON round-trip changed the proposal");
}

/// Arbitrary text as a proposal: never a panic; what parses survives a round-trip.
pub fn check_proposal_text(text: &str) {
    if let Ok(p) = serde_json::from_str::<Proposal>(text) {
        check_proposal_roundtrip(&p);
    }
}
