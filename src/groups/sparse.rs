//! The sparse engine of [`super::search`]: no matrix and no gain table, memory
//! O(n + edges).
//!
//! * **Affinities by scratch accumulation.** To look at a participant `v`, one pass over
//!   its neighbours adds each edge weight into a per-group scratch array (reset through a
//!   touched list): after O(deg v) work, `acc[g]` is `v`'s edge weight to every group it
//!   has a neighbour in. The school penalty is a scan of the group's few members.
//! * **Own-group affinity kept incrementally.** `own[v] = aff(v, group_of[v])` is updated
//!   on every relocation (the moved participant's neighbours and same-school group mates
//!   only), so a move's gain is `acc[g] − own[v]` and a swap partner `u` costs
//!   O(1) plus its weight to `v`'s group, read from a second scratch array filled from the
//!   neighbour lists of `v`'s group mates.
//! * **Candidates.** Move targets are the groups of `v`'s neighbours plus
//!   [`RANDOM_GROUPS`] random groups; swap partners are the members of the
//!   [`SWAP_GROUPS`] candidate groups `v` is most attached to.
//! * **Work queue.** After a step only the members of the two groups it changed are looked
//!   at again (not the moved participants' neighbours elsewhere: see `SparseEngine::touch`),
//!   so a round after a small perturbation costs a few dozen participant scans even at
//!   100,000 participants.
//! * **Perturbation where it can pay.** A perturbation step moves a participant towards
//!   a neighbour's group; the participant is the one with the most *slack* (its best
//!   `max size − 1` positive edge weights minus its current own-group affinity) among
//!   [`TOURNAMENT`] drawn at random. At national scale most participants already sit in
//!   near-cliques, where a perturbation is almost always rolled back; the slack steers
//!   the rounds to the participants whose groups can still improve, and skips those
//!   without edges (no slack) altogether.
//! * **Undo log.** A round that ends below where it began can be rolled back exactly
//!   ([`Engine::undo`]): at national scale a perturbation is local, and keeping only
//!   non-worsening rounds lets the improvements of different regions add up.

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
/// Participants drawn per perturbation candidate; the one with the most slack
/// (`potential − own`) is perturbed. 20,000 generated teachers, default 19,200 rounds,
/// seed 0: 1 (uniform) 3,757,277 points, 2: 3,766,129, 4: 3,770,358, 8: 3,781,336,
/// 16: 3,782,003 (with 15% more CPU time).
const TOURNAMENT: usize = 8;

pub(super) struct SparseEngine<'a> {
    offsets: &'a [usize],
    nbrs: &'a [usize],
    ws: &'a [i64],
    /// School per participant and the penalty per same-school pair (0 without schools).
    schools: Option<&'a [usize]>,
    penalty: i64,
    lo: Vec<usize>,
    hi: Vec<usize>,
    group_of: Vec<usize>,
    members: Vec<Vec<usize>>,
    pos: Vec<usize>,
    /// `own[v]`: Σ w(v, u) over the other members `u` of `v`'s group, penalty included.
    own: Vec<i64>,
    obj: i64,
    queue: VecDeque<usize>,
    queued: Vec<bool>,
    /// Per-group scratch: edge weight of the participant looked at to each group.
    acc: Vec<i64>,
    acc_on: Vec<bool>,
    touched: Vec<usize>,
    /// Per-participant scratch: edge weight to the looked-at participant's group mates.
    to_home: Vec<i64>,
    home_touched: Vec<usize>,
    /// Per-participant scratch: edge weight to the looked-at participant.
    to_v: Vec<i64>,
    cand: Vec<(i64, usize)>,
    /// Relocations `(participant, from)` since [`Engine::mark`], when logging.
    log: Option<Vec<(usize, usize)>>,
    /// Whether the first local search (over everyone) has run; later ones only look at
    /// the queued participants.
    started: bool,
    /// `potential[v]`: the sum of `v`'s best `max size − 1` positive edge weights, an
    /// upper bound on its edge affinity to any group.
    potential: Vec<i64>,
}

impl<'a> SparseEngine<'a> {
    /// `w` must be [`Weights::Sparse`].
    pub(super) fn new(w: &'a Weights, bounds: &[(usize, usize)], init: &[usize]) -> Self {
        let (offsets, nbrs, ws, schools, penalty): (&[usize], &[usize], &[i64], _, i64) = match w {
            Weights::Sparse {
                offsets,
                nbrs,
                ws,
                schools,
                ..
            } => (
                offsets,
                nbrs,
                ws,
                schools.as_ref().map(|s| s.0.as_slice()),
                schools.as_ref().map_or(0, |s| s.1),
            ),
            Weights::Dense { .. } => (&[0], &[], &[], None, 0),
        };
        let n = init.len();
        let k = bounds.len();
        let mut members = vec![Vec::new(); k];
        let mut pos = vec![0; n];
        for (v, &g) in init.iter().enumerate() {
            pos[v] = members[g].len();
            members[g].push(v);
        }
        let mut e = SparseEngine {
            offsets,
            nbrs,
            ws,
            schools,
            penalty,
            lo: bounds.iter().map(|b| b.0).collect(),
            hi: bounds.iter().map(|b| b.1).collect(),
            group_of: init.to_vec(),
            members,
            pos,
            own: vec![0; n],
            obj: 0,
            queue: VecDeque::new(),
            queued: vec![false; n],
            acc: vec![0; k],
            acc_on: vec![false; k],
            touched: Vec::new(),
            to_home: vec![0; n],
            home_touched: Vec::new(),
            to_v: vec![0; n],
            cand: Vec::new(),
            log: None,
            started: false,
            potential: Vec::new(),
        };
        let room = e.hi.iter().copied().max().unwrap_or(1).saturating_sub(1);
        let mut row: Vec<i64> = Vec::new();
        e.potential = (0..n)
            .map(|v| {
                row.clear();
                row.extend(
                    e.ws[e.offsets[v]..e.offsets[v + 1]]
                        .iter()
                        .filter(|&&w| w > 0),
                );
                row.sort_unstable_by(|a, b| b.cmp(a));
                row.iter().take(room).sum()
            })
            .collect();
        for v in 0..n {
            e.own[v] = e.aff_scan(v, e.group_of[v]);
        }
        e.obj = e.own.iter().sum::<i64>() / 2;
        e
    }

    /// Penalty part of `v`'s affinity to group `g`: −penalty per other member of `v`'s
    /// school.
    fn school_part(&self, v: usize, g: usize) -> i64 {
        match self.schools {
            Some(s) if self.penalty != 0 => {
                let same = self.members[g]
                    .iter()
                    .filter(|&&u| u != v && s[u] == s[v])
                    .count();
                -self.penalty * same as i64
            }
            _ => 0,
        }
    }

    /// `v`'s affinity to group `g` (members other than `v`) from one scan of its
    /// neighbours: O(deg v + |g|).
    fn aff_scan(&self, v: usize, g: usize) -> i64 {
        let (s, e) = (self.offsets[v], self.offsets[v + 1]);
        let edges: i64 = self.nbrs[s..e]
            .iter()
            .zip(&self.ws[s..e])
            .filter(|(&u, _)| self.group_of[u] == g)
            .map(|(_, &w)| w)
            .sum();
        edges + self.school_part(v, g)
    }

    /// Edge weight of `{a, b}` (0 when not an edge), without the penalty.
    fn edge(&self, a: usize, b: usize) -> i64 {
        let (s, e) = (self.offsets[a], self.offsets[a + 1]);
        self.nbrs[s..e]
            .binary_search(&b)
            .map_or(0, |i| self.ws[s + i])
    }

    fn push(&mut self, v: usize) {
        if !self.queued[v] {
            self.queued[v] = true;
            self.queue.push_back(v);
        }
    }

    /// Queues the members of the two groups a step between `a` and `b` changed.
    ///
    /// The moved participants' neighbours elsewhere also see their affinities to `a` and
    /// `b` change, but queueing them (about 35 each on a top-30 graph) made a round about
    /// five times dearer for little: the perturbation reaches them anyway, and at equal CPU
    /// time the search ends higher without them (20,000 teachers, 3 CPU-s: 3,719,779
    /// against 3,695,619 points).
    fn touch(&mut self, a: usize, b: usize) {
        for g in [a, b] {
            for i in 0..self.members[g].len() {
                let u = self.members[g][i];
                self.push(u);
            }
        }
    }

    /// Moves `v` to `to`, keeping `own`, the objective and the member lists exact.
    fn relocate(&mut self, v: usize, to: usize) {
        let from = self.group_of[v];
        if from == to {
            return;
        }
        let new_own = self.aff_scan(v, to);
        self.obj += new_own - self.own[v];
        for i in self.offsets[v]..self.offsets[v + 1] {
            let (u, w) = (self.nbrs[i], self.ws[i]);
            let g = self.group_of[u];
            if g == from {
                self.own[u] -= w;
            } else if g == to {
                self.own[u] += w;
            }
        }
        if let Some(s) = self.schools.filter(|_| self.penalty != 0) {
            for &u in &self.members[from] {
                if u != v && s[u] == s[v] {
                    self.own[u] += self.penalty;
                }
            }
            for &u in &self.members[to] {
                if s[u] == s[v] {
                    self.own[u] -= self.penalty;
                }
            }
        }
        self.own[v] = new_own;
        let p = self.pos[v];
        self.members[from].swap_remove(p);
        if let Some(&moved) = self.members[from].get(p) {
            self.pos[moved] = p;
        }
        self.pos[v] = self.members[to].len();
        self.members[to].push(v);
        self.group_of[v] = to;
        if let Some(log) = &mut self.log {
            log.push((v, from));
        }
    }

    fn swap(&mut self, u: usize, v: usize) {
        let (a, b) = (self.group_of[u], self.group_of[v]);
        self.relocate(u, b);
        self.relocate(v, a);
        self.touch(a, b);
    }

    fn apply_move(&mut self, v: usize, b: usize) {
        let a = self.group_of[v];
        self.relocate(v, b);
        self.touch(a, b);
    }

    /// Fills `acc` with `v`'s edge weight to each group of its neighbours (and the
    /// random groups), listing them in `touched`.
    fn accumulate(&mut self, v: usize, rng: &mut ChaCha8Rng) {
        for i in self.offsets[v]..self.offsets[v + 1] {
            let u = self.nbrs[i];
            self.to_v[u] = self.ws[i];
            let g = self.group_of[u];
            if !self.acc_on[g] {
                self.acc_on[g] = true;
                self.acc[g] = 0;
                self.touched.push(g);
            }
            self.acc[g] += self.ws[i];
        }
        let k = self.members.len();
        for _ in 0..RANDOM_GROUPS {
            let g = rng.random_range(0..k);
            if !self.acc_on[g] {
                self.acc_on[g] = true;
                self.acc[g] = 0;
                self.touched.push(g);
            }
        }
    }

    /// Fills `to_home[u]` with u's edge weight to the members of group `a` other than `v`
    /// (for the participants `u` adjacent to them; others stay 0).
    fn fill_home(&mut self, v: usize, a: usize) {
        for &x in &self.members[a] {
            if x == v {
                continue;
            }
            for i in self.offsets[x]..self.offsets[x + 1] {
                let u = self.nbrs[i];
                if self.to_home[u] == 0 {
                    self.home_touched.push(u);
                }
                self.to_home[u] += self.ws[i];
            }
        }
    }

    fn clear_scratch(&mut self, v: usize) {
        for i in self.offsets[v]..self.offsets[v + 1] {
            self.to_v[self.nbrs[i]] = 0;
        }
        for &g in &self.touched {
            self.acc_on[g] = false;
        }
        self.touched.clear();
        for &u in &self.home_touched {
            self.to_home[u] = 0;
        }
        self.home_touched.clear();
    }

    /// The best improving step for `v`, if any: `(gain, group, swap partner)`.
    ///
    /// Candidates are ranked by their edge weight `acc[g]`; with a positive penalty the
    /// school part (≤ 0, a scan of the group's members) is only computed where it can
    /// matter: for moves whose edge gain is positive and for the swap groups.
    fn best_step(&mut self, v: usize, rng: &mut ChaCha8Rng) -> Option<(i64, usize, Option<usize>)> {
        let a = self.group_of[v];
        self.accumulate(v, rng);
        let lazy = self.penalty >= 0;
        let mut cand = std::mem::take(&mut self.cand);
        cand.clear();
        for &g in &self.touched {
            if g != a {
                let sp = if lazy { 0 } else { self.school_part(v, g) };
                cand.push((self.acc[g] + sp, g));
            }
        }
        let fa = self.own[v];
        let mut best: Option<(i64, usize, Option<usize>)> = None;
        if self.members[a].len() > self.lo[a] {
            for &(f, g) in &cand {
                if f - fa <= 0 || self.members[g].len() >= self.hi[g] {
                    continue;
                }
                let d = if lazy { f + self.school_part(v, g) } else { f } - fa;
                if d > 0 && best.is_none_or(|b| d > b.0) {
                    best = Some((d, g, None));
                }
            }
        }
        let top = SWAP_GROUPS.min(cand.len());
        if top > 0 {
            cand.select_nth_unstable_by(top - 1, |x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            self.fill_home(v, a);
            for &(f, g) in &cand[..top] {
                let f = if lazy { f + self.school_part(v, g) } else { f };
                for &u in &self.members[g] {
                    // u's affinity to a without v: edges to a's other members plus penalty.
                    let home = self.to_home[u] + self.school_part_without(u, a, v);
                    let d = f - fa + home - self.own[u] - self.to_v[u] + self.pen_pair(u, v);
                    if d > 0 && best.is_none_or(|b| d > b.0) {
                        best = Some((d, g, Some(u)));
                    }
                }
            }
        }
        self.clear_scratch(v);
        self.cand = cand;
        best
    }

    /// The penalty of the pair `{u, v}` (0 unless same school).
    fn pen_pair(&self, u: usize, v: usize) -> i64 {
        match self.schools {
            Some(s) if s[u] == s[v] => self.penalty,
            _ => 0,
        }
    }

    /// `w(u, v)` including the penalty, counted once (`f` already holds `w(v, u)` in
    /// `acc`, which stays in `v`'s new group without `u`).
    fn edge_to_v(&self, u: usize, v: usize) -> i64 {
        let pen = match self.schools {
            Some(s) if s[u] == s[v] => self.penalty,
            _ => 0,
        };
        self.edge(u, v) - pen
    }

    /// Penalty part of `u`'s affinity to group `a` without `v`.
    fn school_part_without(&self, u: usize, a: usize, v: usize) -> i64 {
        match self.schools {
            Some(s) if self.penalty != 0 => {
                let same = self.members[a]
                    .iter()
                    .filter(|&&x| x != v && s[x] == s[u])
                    .count();
                -self.penalty * same as i64
            }
            _ => 0,
        }
    }
}

impl Engine for SparseEngine<'_> {
    fn local_search(&mut self, rng: &mut ChaCha8Rng, cap: usize) -> usize {
        let n = self.group_of.len();
        if !self.started {
            self.started = true;
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
                let mut u = rng.random_range(0..n);
                for _ in 1..TOURNAMENT {
                    let x = rng.random_range(0..n);
                    if self.potential[x] - self.own[x] > self.potential[u] - self.own[u] {
                        u = x;
                    }
                }
                let a = self.group_of[u];
                // The target group: a neighbour's (a plausible place), else a random one.
                let (s, e) = (self.offsets[u], self.offsets[u + 1]);
                let b = if e > s {
                    self.group_of[self.nbrs[rng.random_range(s..e)]]
                } else {
                    rng.random_range(0..k)
                };
                if b == a {
                    continue;
                }
                if self.members[a].len() > self.lo[a] && self.members[b].len() < self.hi[b] {
                    let d = self.aff_scan(u, b) - self.own[u];
                    if best.is_none_or(|x| d > x.0) {
                        best = Some((d, u, b, false));
                    }
                } else {
                    let v = self.members[b][rng.random_range(0..self.members[b].len())];
                    let d = self.aff_scan(u, b) - self.own[u] + self.aff_scan(v, a)
                        - self.own[v]
                        - 2 * self.edge_to_v(u, v);
                    if best.is_none_or(|x| d > x.0) {
                        best = Some((d, u, v, true));
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
                self.touch(a, g);
            }
        }
    }

    fn mark(&mut self) -> bool {
        match &mut self.log {
            Some(log) => log.clear(),
            None => self.log = Some(Vec::new()),
        }
        true
    }

    fn undo(&mut self) {
        let Some(mut log) = self.log.take() else {
            return;
        };
        while let Some((v, from)) = log.pop() {
            self.relocate(v, from);
        }
        self.queue.clear();
        self.queued.fill(false);
        self.log = Some(log);
    }
}
