//! The dense engine of [`super::search`]: a full weight matrix and the participant ×
//! group gain table `conn[v * k + g] = Σ w(v, u)` over the members `u ≠ v` of group `g`.
//! A move or swap is evaluated in O(1) and applied in O(n).

use std::borrow::Cow;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::search::Engine;

/// Candidates sampled per weak-perturbation step (the best one is applied).
const SAMPLES: usize = 3;

pub(super) struct DenseEngine<'a> {
    n: usize,
    k: usize,
    /// Weights with a zero diagonal.
    w: Cow<'a, [i64]>,
    lo: Vec<usize>,
    hi: Vec<usize>,
    group_of: Vec<usize>,
    size: Vec<usize>,
    conn: Vec<i64>,
    obj: i64,
    order: Vec<usize>,
    /// Members of each group (any order) and each participant's index in its list.
    members: Vec<Vec<usize>>,
    pos: Vec<usize>,
    /// `reach[a * k + b] = max over j in b of conn[j][a] - conn[j][b]`: the best gain of a
    /// member of `b` moving to `a`, which bounds every swap between the two groups.
    reach: Vec<i64>,
    /// Smallest weight in each participant's row (off the diagonal).
    wmin: Vec<i64>,
    /// Swap candidates evaluated by the local search so far (see [`Engine::work`]).
    work: u64,
}

impl<'a> DenseEngine<'a> {
    pub(super) fn new(
        n: usize,
        w: &'a [i64],
        bounds: &[(usize, usize)],
        init: &[usize],
    ) -> DenseEngine<'a> {
        let w: Cow<'a, [i64]> = if (0..n).all(|v| w[v * n + v] == 0) {
            Cow::Borrowed(w)
        } else {
            let mut c = w.to_vec();
            for v in 0..n {
                c[v * n + v] = 0;
            }
            Cow::Owned(c)
        };
        let k = bounds.len();
        let mut e = DenseEngine {
            n,
            k,
            w,
            lo: bounds.iter().map(|b| b.0).collect(),
            hi: bounds.iter().map(|b| b.1).collect(),
            group_of: init.to_vec(),
            size: vec![0; k],
            conn: vec![0; n * k],
            obj: 0,
            order: (0..n).collect(),
            members: vec![Vec::new(); k],
            pos: vec![0; n],
            reach: vec![i64::MIN; k * k],
            wmin: vec![0; n],
            work: 0,
        };
        for (v, m) in e.wmin.iter_mut().enumerate() {
            *m = (0..n)
                .filter(|&u| u != v)
                .map(|u| e.w[v * n + u])
                .min()
                .unwrap_or(0);
        }
        for (v, &g) in init.iter().enumerate() {
            e.size[g] += 1;
            let row = &e.w[v * n..(v + 1) * n];
            for (u, &x) in row.iter().enumerate() {
                e.conn[u * k + g] += x;
            }
        }
        e.obj = (0..n).map(|v| e.conn[v * k + e.group_of[v]]).sum::<i64>() / 2;
        for (v, &g) in init.iter().enumerate() {
            e.pos[v] = e.members[g].len();
            e.members[g].push(v);
        }
        for b in 0..k {
            e.refresh_from(b);
        }
        e
    }

    /// Recomputes `reach[a][b]` for every `a` (the members of `b` changed or their links
    /// to `b` did).
    fn refresh_from(&mut self, b: usize) {
        let k = self.k;
        for a in 0..k {
            self.reach[a * k + b] = i64::MIN;
        }
        for &j in &self.members[b] {
            let cj = &self.conn[j * k..(j + 1) * k];
            let own = cj[b];
            for (a, &c) in cj.iter().enumerate() {
                let r = &mut self.reach[a * k + b];
                *r = (*r).max(c - own);
            }
        }
    }

    /// Recomputes `reach[a][b]` for every `b` (links to `a` changed).
    fn refresh_to(&mut self, a: usize) {
        let k = self.k;
        for (b, mem) in self.members.iter().enumerate() {
            self.reach[a * k + b] = mem
                .iter()
                .map(|&j| self.conn[j * k + a] - self.conn[j * k + b])
                .max()
                .unwrap_or(i64::MIN);
        }
    }

    fn relocate(&mut self, v: usize, to: usize) {
        let (n, k) = (self.n, self.k);
        let from = self.group_of[v];
        self.obj += self.conn[v * k + to] - self.conn[v * k + from];
        self.group_of[v] = to;
        self.size[from] -= 1;
        self.size[to] += 1;
        let row = &self.w[v * n..(v + 1) * n];
        for (u, &x) in row.iter().enumerate() {
            self.conn[u * k + from] -= x;
            self.conn[u * k + to] += x;
        }
        let p = self.pos[v];
        self.members[from].swap_remove(p);
        if let Some(&u) = self.members[from].get(p) {
            self.pos[u] = p;
        }
        self.pos[v] = self.members[to].len();
        self.members[to].push(v);

        self.refresh_from(from);
        self.refresh_from(to);
        self.refresh_to(from);
        self.refresh_to(to);
    }

    fn swap(&mut self, u: usize, v: usize) {
        let (gu, gv) = (self.group_of[u], self.group_of[v]);
        self.relocate(u, gv);
        self.relocate(v, gu);
    }

    fn swap_gain(&self, u: usize, v: usize) -> i64 {
        let (k, n) = (self.k, self.n);
        let (a, b) = (self.group_of[u], self.group_of[v]);
        self.conn[u * k + b] - self.conn[u * k + a] + self.conn[v * k + a]
            - self.conn[v * k + b]
            - 2 * self.w[u * n + v]
    }
}

#[derive(Clone, Copy)]
enum Step {
    Move(usize, usize),
    Swap(usize, usize),
}

impl Engine for DenseEngine<'_> {
    fn local_search(&mut self, rng: &mut ChaCha8Rng, cap: usize) -> usize {
        let (n, k) = (self.n, self.k);
        let mut passes = 0;
        let mut order = std::mem::take(&mut self.order);
        while passes < cap {
            passes += 1;
            order.shuffle(rng);
            let mut changed = false;
            for &i in &order {
                let a = self.group_of[i];
                let ci = &self.conn[i * k..(i + 1) * k];
                let mut best: Option<(i64, Step)> = None;
                if self.size[a] > self.lo[a] {
                    for b in 0..k {
                        if b != a && self.size[b] < self.hi[b] {
                            let d = ci[b] - ci[a];
                            if d > 0 && best.is_none_or(|(bd, _)| d > bd) {
                                best = Some((d, Step::Move(i, b)));
                            }
                        }
                    }
                }
                let wi = &self.w[i * n..(i + 1) * n];
                for b in 0..k {
                    let base = ci[b] - ci[a];
                    let floor = best.map_or(0, |(bd, _)| bd);
                    let reach = self.reach[a * k + b];
                    // Skip groups where no swap can beat the best step found so far.
                    let wmin = self.wmin[i];
                    if b == a || reach == i64::MIN || base + reach - 2 * wmin <= floor {
                        continue;
                    }
                    self.work += self.members[b].len() as u64;
                    for &j in &self.members[b] {
                        let d = base + self.conn[j * k + a] - self.conn[j * k + b] - 2 * wi[j];
                        if d > 0 && best.is_none_or(|(bd, _)| d > bd) {
                            best = Some((d, Step::Swap(i, j)));
                        }
                    }
                }
                match best {
                    Some((_, Step::Move(v, b))) => {
                        self.relocate(v, b);
                        changed = true;
                    }
                    Some((_, Step::Swap(u, v))) => {
                        self.swap(u, v);
                        changed = true;
                    }
                    None => {}
                }
            }
            if !changed {
                break;
            }
        }
        self.order = order;
        passes
    }

    fn perturb(&mut self, steps: usize, rng: &mut ChaCha8Rng) {
        let (n, k) = (self.n, self.k);
        if k < 2 {
            return;
        }
        for _ in 0..steps {
            let mut best: Option<(i64, Step)> = None;
            for _ in 0..SAMPLES {
                let u = rng.random_range(0..n);
                let a = self.group_of[u];
                let cand = if rng.random_bool(0.5) {
                    let b = rng.random_range(0..k);
                    (b != a && self.size[a] > self.lo[a] && self.size[b] < self.hi[b]).then(|| {
                        (
                            self.conn[u * k + b] - self.conn[u * k + a],
                            Step::Move(u, b),
                        )
                    })
                } else {
                    let v = rng.random_range(0..n);
                    (self.group_of[v] != a).then(|| (self.swap_gain(u, v), Step::Swap(u, v)))
                };
                if let Some((d, s)) = cand {
                    if best.is_none_or(|(bd, _)| d > bd) {
                        best = Some((d, s));
                    }
                }
            }
            match best {
                Some((_, Step::Move(v, b))) => self.relocate(v, b),
                Some((_, Step::Swap(u, v))) => self.swap(u, v),
                None => {}
            }
        }
    }

    fn objective(&self) -> i64 {
        self.obj
    }

    fn work(&self) -> u64 {
        self.work
    }

    fn group_of(&self) -> &[usize] {
        &self.group_of
    }

    fn reset(&mut self, target: &[usize]) {
        for (v, &g) in target.iter().enumerate() {
            if self.group_of[v] != g {
                self.relocate(v, g);
            }
        }
    }
}
