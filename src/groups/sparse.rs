//! The sparse engine of [`super::search`]: no matrix and no gain table. A participant's
//! affinity to a group is summed over the group's members with adjacency look-ups
//! (binary search in the sorted CSR row), and candidate groups come from the
//! participant's neighbours plus [`RANDOM_GROUPS`] random groups. The local search is a
//! work queue: after a step, only the participants whose affinities changed (members of
//! the two groups and neighbours of the moved participants) are looked at again, so a
//! round after a small perturbation costs little even at 100,000 participants.
//! Memory O(n + edges).

use std::collections::VecDeque;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::search::{Engine, Weights};

/// Random groups added to the neighbour groups as move candidates.
const RANDOM_GROUPS: usize = 2;
/// Candidate groups (best affinity first) whose members are tried as swap partners.
const SWAP_GROUPS: usize = 3;
/// Candidates sampled per weak-perturbation step.
const SAMPLES: usize = 3;

pub(super) struct SparseEngine<'a> {
    w: &'a Weights,
    offsets: &'a [usize],
    nbrs: &'a [usize],
    lo: Vec<usize>,
    hi: Vec<usize>,
    group_of: Vec<usize>,
    members: Vec<Vec<usize>>,
    pos: Vec<usize>,
    obj: i64,
    queue: VecDeque<usize>,
    queued: Vec<bool>,
    mark: Vec<u64>,
    stamp: u64,
}

impl<'a> SparseEngine<'a> {
    /// `w` must be [`Weights::Sparse`].
    pub(super) fn new(w: &'a Weights, bounds: &[(usize, usize)], init: &[usize]) -> Self {
        let (offsets, nbrs): (&[usize], &[usize]) = match w {
            Weights::Sparse { offsets, nbrs, .. } => (offsets, nbrs),
            Weights::Dense { .. } => (&[0], &[]),
        };
        let n = init.len();
        let k = bounds.len();
        let mut members = vec![Vec::new(); k];
        let mut pos = vec![0; n];
        for (v, &g) in init.iter().enumerate() {
            pos[v] = members[g].len();
            members[g].push(v);
        }
        let obj = w.objective_of(&members);
        SparseEngine {
            w,
            offsets,
            nbrs,
            lo: bounds.iter().map(|b| b.0).collect(),
            hi: bounds.iter().map(|b| b.1).collect(),
            group_of: init.to_vec(),
            members,
            pos,
            obj,
            queue: VecDeque::new(),
            queued: vec![false; n],
            mark: vec![0; k],
            stamp: 0,
        }
    }

    /// Σ w(v, u) over members `u ≠ v` of group `g`.
    fn aff(&self, v: usize, g: usize) -> i64 {
        self.members[g]
            .iter()
            .filter(|&&u| u != v)
            .map(|&u| self.w.weight(v, u))
            .sum()
    }

    fn push(&mut self, v: usize) {
        if !self.queued[v] {
            self.queued[v] = true;
            self.queue.push_back(v);
        }
    }

    /// Queues everyone whose affinities a step on `v` between `a` and `b` changed.
    fn touch(&mut self, v: usize, a: usize, b: usize) {
        for g in [a, b] {
            for i in 0..self.members[g].len() {
                let u = self.members[g][i];
                self.push(u);
            }
        }
        for i in self.offsets[v]..self.offsets[v + 1] {
            let u = self.nbrs[i];
            self.push(u);
        }
    }

    fn relocate(&mut self, v: usize, to: usize) {
        let from = self.group_of[v];
        self.obj += self.aff(v, to) - self.aff(v, from);
        let p = self.pos[v];
        self.members[from].swap_remove(p);
        if let Some(&moved) = self.members[from].get(p) {
            self.pos[moved] = p;
        }
        self.pos[v] = self.members[to].len();
        self.members[to].push(v);
        self.group_of[v] = to;
    }

    fn swap(&mut self, u: usize, v: usize) {
        let (a, b) = (self.group_of[u], self.group_of[v]);
        self.relocate(u, b);
        self.relocate(v, a);
        self.touch(u, a, b);
        self.touch(v, a, b);
    }

    fn apply_move(&mut self, v: usize, b: usize) {
        let a = self.group_of[v];
        self.relocate(v, b);
        self.touch(v, a, b);
    }

    /// The best improving step for `v`, if any.
    fn best_step(&mut self, v: usize, rng: &mut ChaCha8Rng) -> Option<(i64, usize, Option<usize>)> {
        let a = self.group_of[v];
        let k = self.members.len();
        self.stamp += 1;
        let stamp = self.stamp;
        self.mark[a] = stamp;
        let mut cand: Vec<usize> = Vec::new();
        for i in self.offsets[v]..self.offsets[v + 1] {
            let g = self.group_of[self.nbrs[i]];
            if self.mark[g] != stamp {
                self.mark[g] = stamp;
                cand.push(g);
            }
        }
        for _ in 0..RANDOM_GROUPS {
            let g = rng.random_range(0..k);
            if self.mark[g] != stamp {
                self.mark[g] = stamp;
                cand.push(g);
            }
        }
        let fa = self.aff(v, a);
        let mut scored: Vec<(i64, usize)> = cand.iter().map(|&g| (self.aff(v, g), g)).collect();
        let mut best: Option<(i64, usize, Option<usize>)> = None;
        if self.members[a].len() > self.lo[a] {
            for &(f, g) in &scored {
                let d = f - fa;
                if d > 0 && self.members[g].len() < self.hi[g] && best.map_or(true, |b| d > b.0) {
                    best = Some((d, g, None));
                }
            }
        }
        scored.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(f, g) in scored.iter().take(SWAP_GROUPS) {
            for &u in &self.members[g] {
                let d = f - fa + self.aff(u, a) - self.aff(u, g) - 2 * self.w.weight(u, v);
                if d > 0 && best.map_or(true, |b| d > b.0) {
                    best = Some((d, g, Some(u)));
                }
            }
        }
        best
    }
}

impl Engine for SparseEngine<'_> {
    fn local_search(&mut self, rng: &mut ChaCha8Rng, cap: usize) -> usize {
        let n = self.group_of.len();
        if self.queue.is_empty() {
            let mut all: Vec<usize> = (0..n).collect();
            all.shuffle(rng);
            for v in all {
                self.push(v);
            }
        }
        let limit = cap.saturating_mul(n.max(1));
        let mut pops = 0usize;
        while let Some(v) = self.queue.pop_front() {
            self.queued[v] = false;
            pops += 1;
            match self.best_step(v, rng) {
                Some((_, g, None)) => self.apply_move(v, g),
                Some((_, _, Some(u))) => self.swap(v, u),
                None => {}
            }
            if pops >= limit {
                break;
            }
        }
        pops.div_ceil(n.max(1))
    }

    fn perturb(&mut self, steps: usize, rng: &mut ChaCha8Rng) {
        let n = self.group_of.len();
        let k = self.members.len();
        if k < 2 {
            return;
        }
        for _ in 0..steps {
            let mut best: Option<(i64, usize, usize, bool)> = None;
            for _ in 0..SAMPLES {
                let u = rng.random_range(0..n);
                let a = self.group_of[u];
                if rng.random_bool(0.5) {
                    let b = rng.random_range(0..k);
                    if b != a
                        && self.members[a].len() > self.lo[a]
                        && self.members[b].len() < self.hi[b]
                    {
                        let d = self.aff(u, b) - self.aff(u, a);
                        if best.map_or(true, |x| d > x.0) {
                            best = Some((d, u, b, false));
                        }
                    }
                } else {
                    let v = rng.random_range(0..n);
                    let b = self.group_of[v];
                    if b != a {
                        let d = self.aff(u, b) - self.aff(u, a) + self.aff(v, a)
                            - self.aff(v, b)
                            - 2 * self.w.weight(u, v);
                        if best.map_or(true, |x| d > x.0) {
                            best = Some((d, u, v, true));
                        }
                    }
                }
            }
            match best {
                Some((_, u, v, true)) => self.swap(u, v),
                Some((_, u, b, false)) => self.apply_move(u, b),
                None => {}
            }
        }
    }

    fn objective(&self) -> i64 {
        self.obj
    }

    fn group_of(&self) -> &[usize] {
        &self.group_of
    }

    fn reset(&mut self, target: &[usize]) {
        for (v, &g) in target.iter().enumerate() {
            if self.group_of[v] != g {
                let a = self.group_of[v];
                self.relocate(v, g);
                self.touch(v, a, g);
            }
        }
    }
}
