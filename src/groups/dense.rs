//! The dense group former behind [`super::form_groups_scores`]: a dense weight matrix,
//! construction, best-improvement local search and kicks (the method of the
//! [module docs](super)). Kept as it was so that the small-cohort plans do not change.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Group, GroupNotice, GroupOptions, GroupPlan, Participant};

/// The working state of one run: dense weights and the participant-to-group table.
struct State<'a> {
    n: usize,
    k: usize,
    w: &'a [i64],
    group_of: Vec<usize>,
    size: Vec<usize>,
    /// `conn[v * k + g]` = Σ weight(v, m) over members m ≠ v of group g.
    conn: Vec<i64>,
}

impl State<'_> {
    fn assign(&mut self, v: usize, g: usize) {
        self.group_of[v] = g;
        self.size[g] += 1;
        let row = &self.w[v * self.n..(v + 1) * self.n];
        for (u, &wv) in row.iter().enumerate() {
            self.conn[u * self.k + g] += wv;
        }
    }

    fn relocate(&mut self, v: usize, to: usize) {
        let from = self.group_of[v];
        self.group_of[v] = to;
        self.size[from] -= 1;
        self.size[to] += 1;
        let row = &self.w[v * self.n..(v + 1) * self.n];
        for (u, &wv) in row.iter().enumerate() {
            self.conn[u * self.k + from] -= wv;
            self.conn[u * self.k + to] += wv;
        }
    }

    fn objective(&self) -> i64 {
        (0..self.n)
            .map(|v| self.conn[v * self.k + self.group_of[v]])
            .sum::<i64>()
            / 2
    }
}

#[derive(Clone, Copy)]
enum Step {
    Move(usize, usize),
    Swap(usize, usize),
}

/// Local search to a local optimum for moves and swaps; returns the passes used and
/// whether it converged within `budget` passes.
fn local_search(
    st: &mut State<'_>,
    lo: usize,
    hi: usize,
    rng: &mut ChaCha8Rng,
    budget: usize,
) -> (usize, bool) {
    let (n, k) = (st.n, st.k);
    let mut order: Vec<usize> = (0..n).collect();
    let mut passes = 0;
    while passes < budget {
        passes += 1;
        order.shuffle(rng);
        let mut changed = false;
        for &i in &order {
            let a = st.group_of[i];
            let ci = &st.conn[i * k..(i + 1) * k];
            let mut best: Option<(i64, Step)> = None;
            if st.size[a] > lo {
                for b in 0..k {
                    if b != a && st.size[b] < hi {
                        let d = ci[b] - ci[a];
                        if d > 0 && best.is_none_or(|(bd, _)| d > bd) {
                            best = Some((d, Step::Move(i, b)));
                        }
                    }
                }
            }
            for j in 0..n {
                let b = st.group_of[j];
                if b == a {
                    continue;
                }
                let cj = &st.conn[j * k..(j + 1) * k];
                let d = ci[b] - ci[a] + cj[a] - cj[b] - 2 * st.w[i * n + j];
                if d > 0 && best.is_none_or(|(bd, _)| d > bd) {
                    best = Some((d, Step::Swap(i, j)));
                }
            }
            match best {
                Some((_, Step::Move(v, b))) => {
                    st.relocate(v, b);
                    changed = true;
                }
                Some((_, Step::Swap(u, v))) => {
                    let (gu, gv) = (st.group_of[u], st.group_of[v]);
                    st.relocate(u, gv);
                    st.relocate(v, gu);
                    changed = true;
                }
                None => {}
            }
        }
        if !changed {
            return (passes, true);
        }
    }
    (passes, false)
}

/// Greedy construction for `k` groups (see the module docs).
fn construct<'a>(n: usize, k: usize, w: &'a [i64], rng: &mut ChaCha8Rng) -> State<'a> {
    let mut perm: Vec<usize> = (0..n).collect();
    perm.shuffle(rng);
    let mut st = State {
        n,
        k,
        w,
        group_of: vec![usize::MAX; n],
        size: vec![0; k],
        conn: vec![0; n * k],
    };
    // Target sizes differing by at most one.
    let target: Vec<usize> = (0..k).map(|g| n / k + usize::from(g < n % k)).collect();
    // Best partner of each participant (ties: earlier in the shuffled order).
    let mut cand: Vec<(i64, usize, usize, usize)> = Vec::with_capacity(n);
    for (pos, &v) in perm.iter().enumerate() {
        let mut best: Option<(i64, usize)> = None;
        for &u in &perm {
            if u != v && best.is_none_or(|(bw, _)| w[v * n + u] > bw) {
                best = Some((w[v * n + u], u));
            }
        }
        if let Some((bw, u)) = best {
            cand.push((bw, pos, v, u));
        }
    }
    cand.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut opened = 0;
    for &(_, _, v, u) in &cand {
        if opened == k {
            break;
        }
        if st.group_of[v] == usize::MAX && st.group_of[u] == usize::MAX {
            st.assign(v, opened);
            st.assign(u, opened);
            opened += 1;
        }
    }
    for &v in &perm {
        if opened == k {
            break;
        }
        if st.group_of[v] == usize::MAX {
            st.assign(v, opened);
            opened += 1;
        }
    }
    // Round-robin fill.
    loop {
        let mut placed = false;
        for (g, &tg) in target.iter().enumerate() {
            if st.size[g] >= tg {
                continue;
            }
            let mut best: Option<(i64, usize)> = None;
            for &v in &perm {
                if st.group_of[v] == usize::MAX {
                    let c = st.conn[v * k + g];
                    if best.is_none_or(|(bc, _)| c > bc) {
                        best = Some((c, v));
                    }
                }
            }
            if let Some((_, v)) = best {
                st.assign(v, g);
                placed = true;
            }
        }
        if !placed {
            break;
        }
    }
    st
}

/// Runs construction, local search and kicks for every candidate `k`; builds the plan.
pub(super) fn solve(
    n: usize,
    raw: &[i64],
    infeasible: &[bool],
    schools: &[usize],
    opts: &GroupOptions,
    ks: &[usize],
) -> GroupPlan {
    let (lo, hi) = (opts.min_size, opts.max_size);
    let mut w = raw.to_vec();
    for a in 0..n {
        w[a * n + a] = 0;
        for b in 0..n {
            if a != b && schools[a] == schools[b] {
                w[a * n + b] -= opts.school_mix_weight;
            }
        }
    }
    let mut budget = opts.max_iterations;
    let mut passes = 0;
    let mut converged = true;
    let mut best: Option<(i64, Vec<usize>, usize)> = None;
    for &k in ks {
        if budget == 0 && best.is_some() {
            converged = false;
            break;
        }
        let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
        let mut st = construct(n, k, &w, &mut rng);
        let (p, ok) = local_search(&mut st, lo, hi, &mut rng, budget);
        passes += p;
        budget = budget.saturating_sub(p);
        converged &= ok;
        let mut cur_obj = st.objective();
        let mut cur = st.group_of.clone();
        for _ in 0..opts.kicks {
            if budget == 0 || k < 2 {
                break;
            }
            // Perturb the best plan of this k with a few random cross-group swaps.
            let swaps = 2 + n / 20;
            for _ in 0..swaps {
                let u = rng.random_range(0..n);
                let v = rng.random_range(0..n);
                let (gu, gv) = (st.group_of[u], st.group_of[v]);
                if gu != gv {
                    st.relocate(u, gv);
                    st.relocate(v, gu);
                }
            }
            let (p, ok) = local_search(&mut st, lo, hi, &mut rng, budget);
            passes += p;
            budget = budget.saturating_sub(p);
            converged &= ok;
            let obj = st.objective();
            if obj > cur_obj {
                cur_obj = obj;
                cur = st.group_of.clone();
            } else {
                // Return to the best plan of this k.
                for (v, &gv) in cur.iter().enumerate() {
                    if st.group_of[v] != gv {
                        st.relocate(v, gv);
                    }
                }
            }
        }
        if best.as_ref().is_none_or(|(o, _, _)| cur_obj > *o) {
            best = Some((cur_obj, cur, k));
        }
    }
    // `ks` is never empty (checked), so `best` is set; fall back to one group otherwise.
    let (objective, group_of, k) = best.unwrap_or_else(|| (0, vec![0; n], 1));
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (v, &g) in group_of.iter().enumerate() {
        members[g].push(v);
    }
    let mut notices = Vec::new();
    if !converged {
        notices.push(GroupNotice::IterationCap {
            max_iterations: opts.max_iterations,
        });
    }
    let mut groups: Vec<Group> = members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|m| {
            let mut score = 0;
            let mut same = 0;
            let mut inf = 0;
            for (x, &a) in m.iter().enumerate() {
                for &b in &m[x + 1..] {
                    score += raw[a * n + b];
                    same += usize::from(schools[a] == schools[b]);
                    inf += usize::from(infeasible[a * n + b]);
                }
            }
            for &a in &m {
                if m.iter().all(|&b| b == a || infeasible[a * n + b]) {
                    notices.push(GroupNotice::NoFeasiblePartner {
                        member: Participant { index: a, id: None },
                        group: Participant {
                            index: m[0],
                            id: None,
                        },
                    });
                }
            }
            let mut sch: Vec<usize> = m.iter().map(|&a| schools[a]).collect();
            sch.sort_unstable();
            sch.dedup();
            Group {
                objective: score - opts.school_mix_weight * same as i64,
                members: m,
                ids: Vec::new(),
                score,
                schools: sch,
                same_school_pairs: same,
                infeasible_pairs: inf,
            }
        })
        .collect();
    groups.sort_by_key(|g| g.members.first().copied());
    GroupPlan {
        groups,
        objective,
        passes,
        local_optimum: converged,
        notices,
    }
}
