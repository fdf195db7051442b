//! Planning one meeting mode over two teachers' week ranges, without the cohort: the
//! windows come from the sweep of `compat::windows`, the plan takes them longest first
//! under the session cap and the time budgets (see the module docs of
//! `compat::meeting`, which calls these for each mode).
//!
//! Two planners give the same plan where both apply: [`plan_general`] collects the
//! windows and runs the greedy (needed for budgets and for the windows themselves), and
//! [`plan_streaming`] tallies the window lengths as they come (no budgets, numbers only).
//! [`plan_directions`] plans a cross-school mode both ways, with shortcuts proved in its
//! docs; the tests compare it with a minute-by-minute reference.

use super::windows::{for_each_window_asym, for_each_window_both};

/// One mode planned in one direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Planned {
    pub(crate) minutes: u32,
    pub(crate) sessions: u32,
    pub(crate) robust: u32,
}

/// No budget, no session cap.
pub(crate) const NO_LIMIT: u32 = u32::MAX;

/// The streaming plan of one direction without budgets, fed one window length at a time:
/// the `cap` longest windows (all when `cap` is `NO_LIMIT`); robust = sum of the
/// `cap + 1` longest minus the longest.
#[derive(Clone, Copy, Debug)]
struct Tally {
    cap: u32,
    total: u32,
    max: u32,
    count: u32,
    /// `cap < 8`: the `cap + 1` longest, descending.
    top: [u32; 8],
}

impl Tally {
    fn new(cap: u32) -> Self {
        Tally {
            cap,
            total: 0,
            max: 0,
            count: 0,
            top: [0; 8],
        }
    }

    #[inline]
    fn push(&mut self, len: u32) {
        self.count += 1;
        if self.cap >= 8 {
            self.total += len;
            self.max = self.max.max(len);
            return;
        }
        // Insert into the descending array of the k + 1 longest.
        let mut i = (self.cap as usize).min(7);
        if len <= self.top[i] {
            return;
        }
        self.top[i] = len;
        while i > 0 && self.top[i] > self.top[i - 1] {
            self.top.swap(i, i - 1);
            i -= 1;
        }
    }

    fn planned(&self) -> Planned {
        if self.cap >= 8 {
            return Planned {
                minutes: self.total,
                sessions: self.count,
                robust: self.total - self.max,
            };
        }
        let (k, count) = (self.cap as usize, self.count as usize);
        let taken = count.min(k);
        let minutes: u32 = self.top[..taken].iter().sum();
        let upto = count.min(k + 1);
        let robust = self.top[..upto].iter().sum::<u32>() - self.top[0];
        Planned {
            minutes,
            sessions: taken as u32,
            robust,
        }
    }
}

/// Streaming plan without budgets in one direction (`x` travels): see [`Tally`].
pub(crate) fn plan_streaming(
    x: &[(u32, u32)],
    s0: u32,
    s1: u32,
    y: &[(u32, u32)],
    min_len: u32,
    cap: u32,
) -> Planned {
    let mut t = Tally::new(cap);
    for_each_window_asym(x, s0, s1, y, min_len, |s, e| t.push(e - s));
    t.planned()
}

/// [`plan_streaming`] in both directions at once, `(x travels, y travels)`: one sweep
/// ([`for_each_window_both`]) feeds both tallies the windows the two separate sweeps
/// would, in the same order, so the plans are the same.
fn plan_streaming_both(
    x: &[(u32, u32)],
    y: &[(u32, u32)],
    s0: u32,
    s1: u32,
    min_len: u32,
    cap: u32,
) -> (Planned, Planned) {
    let (mut tx, mut ty) = (Tally::new(cap), Tally::new(cap));
    for_each_window_both(
        x,
        y,
        s0,
        s1,
        min_len,
        |s, e| tx.push(e - s),
        |s, e| ty.push(e - s),
    );
    (tx.planned(), ty.planned())
}

/// Greedy plan over explicit windows, longest first, under budgets and a session cap;
/// `skip` leaves one window out. Calls `take(window index, minutes)` for each chosen.
#[allow(clippy::too_many_arguments)]
pub(crate) fn greedy(
    ws: &[(u32, u32)],
    order: &[usize],
    skip: Option<usize>,
    cap: u32,
    host_budget: u32,
    trav_budget: u32,
    cost: u32,
    min_len: u32,
    mut take: impl FnMut(usize, u32),
) -> Planned {
    let (mut host, mut trav) = (host_budget, trav_budget);
    let mut p = Planned::default();
    for &i in order {
        if p.sessions >= cap {
            break;
        }
        if Some(i) == skip {
            continue;
        }
        let len = ws[i].1 - ws[i].0;
        let m = len.min(host).min(trav.saturating_sub(cost));
        if m >= min_len.max(1) {
            host -= m;
            trav = trav.saturating_sub(m + cost);
            p.minutes += m;
            p.sessions += 1;
            take(i, m);
        }
    }
    p
}

/// A full plan in one direction (windows collected); `out` receives the chosen windows.
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan_general(
    x: &[(u32, u32)],
    s0: u32,
    s1: u32,
    y: &[(u32, u32)],
    min_len: u32,
    cap: u32,
    host_budget: u32,
    trav_budget: u32,
    cost: u32,
    out: Option<&mut Vec<(u32, u32)>>,
) -> Planned {
    let mut ws = Vec::new();
    for_each_window_asym(x, s0, s1, y, min_len, |s, e| ws.push((s, e)));
    let mut order: Vec<usize> = (0..ws.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(ws[i].1 - ws[i].0), ws[i].0));
    let mut chosen = Vec::new();
    let mut p = greedy(
        &ws,
        &order,
        None,
        cap,
        host_budget,
        trav_budget,
        cost,
        min_len,
        |i, m| chosen.push((ws[i].0, ws[i].0 + m)),
    );
    p.robust = (0..ws.len())
        .map(|k| {
            greedy(
                &ws,
                &order,
                Some(k),
                cap,
                host_budget,
                trav_budget,
                cost,
                min_len,
                |_, _| {},
            )
            .minutes
        })
        .min()
        .unwrap_or(0);
    if let Some(out) = out {
        chosen.sort_unstable();
        *out = chosen;
    }
    p
}

/// One cross-school mode planned in both directions: `[a travels, b travels]`, each the
/// plan (and, with `want`, the chosen windows) that [`plan_general`] (or, without
/// budgets and windows, [`plan_streaming`]) makes with that teacher travelling. `ranges`
/// and `budgets` are `[a's, b's]`; `trip` is `(s0, s1, cost)`: the traveller's range
/// shrinks by `s0` at the start and `s1` at the end, and each session costs the
/// traveller `cost` minutes of budget.
///
/// `longest` are the two teachers' longest ranges. Three shortcuts give the same plans
/// as planning each direction on its own:
/// * **Too short to travel.** A window of the traveller lies inside one of their ranges
///   shrunk by `s0` and `s1`, so a teacher whose longest range is below
///   `s0 + s1 + min_len` has no window when travelling: that direction is the empty plan
///   (what both planners return without windows) and is not swept.
/// * **Equal timetables.** When both ranges and both budgets are equal (after school,
///   where most teachers have the policy's windows), "b travels" is computed from exactly
///   the inputs of "a travels" — `(ranges[1], ranges[0], budgets[1], budgets[0])` equals
///   `(ranges[0], ranges[1], budgets[0], budgets[1])` — so it is the same plan; it is
///   planned once and copied.
/// * **One sweep.** Without budgets or windows, both directions are tallied in one sweep
///   ([`plan_streaming_both`]), which feeds each tally the windows its own sweep would.
pub(crate) fn plan_directions(
    ranges: [&[(u32, u32)]; 2],
    longest: [u32; 2],
    budgets: [u32; 2],
    (s0, s1, cost): (u32, u32, u32),
    min_len: u32,
    cap: u32,
    want: bool,
) -> [(Planned, Vec<(u32, u32)>); 2] {
    let [ra, rb] = ranges;
    let [ba, bb] = budgets;
    let streaming = !want && ba == NO_LIMIT && bb == NO_LIMIT;
    let one = |x: &[(u32, u32)], y: &[(u32, u32)], bx: u32, by: u32| {
        let mut w = Vec::new();
        let p = if streaming {
            plan_streaming(x, s0, s1, y, min_len, cap)
        } else {
            plan_general(
                x,
                s0,
                s1,
                y,
                min_len,
                cap,
                by,
                bx,
                cost,
                want.then_some(&mut w),
            )
        };
        (p, w)
    };
    // A window of the traveller lies inside one of their ranges shrunk by `s0 + s1`, so
    // a traveller whose longest range is shorter than that plus the minimum meeting has
    // no window at all: their plan is the empty plan, which both planners return for no
    // windows (0 minutes, 0 sessions, 0 robust, no windows).
    let reach = u64::from(s0) + u64::from(s1) + u64::from(min_len.max(1));
    let [ha, hb] = longest.map(|l| u64::from(l) >= reach);
    let none = || (Planned::default(), Vec::new());
    match (ha, hb) {
        (false, false) => return [none(), none()],
        (true, false) => return [one(ra, rb, ba, bb), none()],
        (false, true) => return [none(), one(rb, ra, bb, ba)],
        (true, true) => {}
    }
    if ra == rb && ba == bb {
        let pa = one(ra, rb, ba, bb);
        return [pa.clone(), pa];
    }
    if streaming {
        let (pa, pb) = plan_streaming_both(ra, rb, s0, s1, min_len, cap);
        return [(pa, Vec::new()), (pb, Vec::new())];
    }
    [one(ra, rb, ba, bb), one(rb, ra, bb, ba)]
}

#[cfg(test)]
mod tests {
    //! [`plan_directions`] against a slow reference that shares no code with it: windows
    //! found minute by minute, each direction planned on its own by the greedy as the
    //! module docs of `compat::meeting` state it.
    use super::*;
    use proptest::prelude::*;

    /// The windows when the owner of `x` travels: maximal runs of minutes inside one of
    /// `x`'s ranges shrunk by `s0` / `s1` and inside one of `y`'s, at least `min_len`
    /// (and 1) long. (Ranges of one teacher never touch, so runs never join two pieces.)
    fn ref_windows(
        x: &[(u32, u32)],
        y: &[(u32, u32)],
        s0: u32,
        s1: u32,
        min_len: u32,
    ) -> Vec<(u32, u32)> {
        let inside_x = |m: u32| x.iter().any(|&(s, e)| m >= s + s0 && m + s1 < e);
        let inside_y = |m: u32| y.iter().any(|&(s, e)| m >= s && m < e);
        let end = x.iter().chain(y).map(|r| r.1).max().unwrap_or(0);
        let mut out = Vec::new();
        let mut start = None;
        for m in 0..=end {
            match (inside_x(m) && inside_y(m), start) {
                (true, None) => start = Some(m),
                (false, Some(s)) => {
                    if m - s >= min_len.max(1) {
                        out.push((s, m));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    /// Longest first (earlier first on ties), each window cut to what both budgets
    /// allow (the traveller also pays `cost` per session), kept when it still lasts the
    /// minimum, at most `cap` windows. Returns the minutes, sessions and windows taken.
    fn ref_greedy(
        ws: &[(u32, u32)],
        cap: u32,
        host: u32,
        trav: u32,
        cost: u32,
        min_len: u32,
    ) -> (u32, u32, Vec<(u32, u32)>) {
        let mut sorted = ws.to_vec();
        sorted.sort_by(|p, q| (q.1 - q.0).cmp(&(p.1 - p.0)).then(p.0.cmp(&q.0)));
        let (mut host, mut trav) = (u64::from(host), u64::from(trav));
        let (mut minutes, mut taken) = (0u32, Vec::new());
        for (s, e) in sorted {
            if taken.len() as u64 >= u64::from(cap) {
                break;
            }
            let room = trav.saturating_sub(u64::from(cost));
            let m = u64::from(e - s).min(host).min(room);
            if m >= u64::from(min_len.max(1)) {
                host -= m;
                trav = trav.saturating_sub(m + u64::from(cost));
                minutes += m as u32;
                taken.push((s, s + m as u32));
            }
        }
        taken.sort_unstable();
        (minutes, taken.len() as u32, taken)
    }

    /// One direction on its own: the plan, its robust minutes (the least over every
    /// window lost of the plan of the rest) and its windows.
    #[allow(clippy::too_many_arguments)]
    fn ref_plan(
        x: &[(u32, u32)],
        y: &[(u32, u32)],
        (s0, s1, cost): (u32, u32, u32),
        min_len: u32,
        cap: u32,
        bx: u32,
        by: u32,
    ) -> (Planned, Vec<(u32, u32)>) {
        let ws = ref_windows(x, y, s0, s1, min_len);
        let (minutes, sessions, taken) = ref_greedy(&ws, cap, by, bx, cost, min_len);
        let robust = (0..ws.len())
            .map(|k| {
                let rest: Vec<_> = ws
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i != k)
                    .map(|(_, &w)| w)
                    .collect();
                ref_greedy(&rest, cap, by, bx, cost, min_len).0
            })
            .min()
            .unwrap_or(0);
        let p = Planned {
            minutes,
            sessions,
            robust,
        };
        (p, taken)
    }

    /// Sorted, disjoint ranges with gaps (as merged timetables are) within 0..600.
    fn ranges() -> impl Strategy<Value = Vec<(u32, u32)>> {
        prop::collection::vec((1u32..60, 1u32..90), 0..7).prop_map(|v| {
            let mut out = Vec::new();
            let mut t = 0;
            for (gap, len) in v {
                let s = t + gap;
                out.push((s, s + len));
                t = s + len;
            }
            out
        })
    }

    fn budget() -> impl Strategy<Value = u32> {
        prop_oneof![Just(NO_LIMIT), 0u32..300]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn plan_directions_matches_planning_each_direction(
            ra in ranges(),
            rb in ranges(),
            same_ranges in prop::bool::weighted(0.25),
            (ba, bb) in (budget(), budget()),
            same_budgets in prop::bool::weighted(0.25),
            t in 0u32..40,
            after in any::<bool>(),
            min_len in 0u32..45,
            cap in prop_oneof![Just(NO_LIMIT), 0u32..4, 7u32..10],
            want in any::<bool>(),
        ) {
            let rb = if same_ranges { ra.clone() } else { rb };
            let bb = if same_budgets { ba } else { bb };
            // Visits shrink both ends and cost two trips; after school only the start.
            let trip = if after { (t, 0, t) } else { (t, t, 2 * t) };
            let longest = |r: &[(u32, u32)]| r.iter().map(|&(s, e)| e - s).max().unwrap_or(0);
            let got = plan_directions(
                [&ra, &rb],
                [longest(&ra), longest(&rb)],
                [ba, bb],
                trip,
                min_len,
                cap,
                want,
            );
            let want_a = ref_plan(&ra, &rb, trip, min_len, cap, ba, bb);
            let want_b = ref_plan(&rb, &ra, trip, min_len, cap, bb, ba);
            prop_assert_eq!(got[0].0, want_a.0, "a travels");
            prop_assert_eq!(got[1].0, want_b.0, "b travels");
            if want {
                prop_assert_eq!(&got[0].1, &want_a.1);
                prop_assert_eq!(&got[1].1, &want_b.1);
            } else {
                prop_assert!(got[0].1.is_empty() && got[1].1.is_empty());
            }
        }

        /// The streaming planner and the general one agree wherever both apply.
        #[test]
        fn streaming_equals_general_without_budgets(
            x in ranges(),
            y in ranges(),
            (s0, s1) in (0u32..30, 0u32..30),
            min_len in 0u32..45,
            cap in prop_oneof![Just(NO_LIMIT), 0u32..4, 7u32..10],
        ) {
            let s = plan_streaming(&x, s0, s1, &y, min_len, cap);
            let g = plan_general(&x, s0, s1, &y, min_len, cap, NO_LIMIT, NO_LIMIT, 0, None);
            prop_assert_eq!(s, g);
        }
    }
}
