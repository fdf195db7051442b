//! Common meeting time of two weekly timetables.
//!
//! Each teacher's free time is a sorted list of disjoint, non-touching half-open week-minute
//! ranges. For two teachers in one school the common time is the intersection of the two
//! lists. Across schools one of them travels: a meeting at the host's school needs the
//! traveller free for the trip there, the meeting and the trip back, so the traveller's
//! ranges shrink by the one-way travel time at both ends before intersecting; the better
//! direction counts. In both cases only windows of at least the minimum meeting length
//! count. Shrinking and intersecting are monotone, which gives the two properties the tests
//! check: more free time never reduces common time, and longer travel never increases it.
//!
//! The sweep is O(|a| + |b|) and allocates nothing.

/// Calls `f(start, end)` for every common window of at least `min_len` minutes, in week
/// order, when the owner of `a` travels `shrink` minutes each way (0 within a school).
#[inline]
pub(crate) fn for_each_window(
    a: &[(u32, u32)],
    shrink: u32,
    b: &[(u32, u32)],
    min_len: u32,
    f: impl FnMut(u32, u32),
) {
    for_each_window_asym(a, shrink, shrink, b, min_len, f)
}

/// [`for_each_window`] with the traveller's ranges shrunk by `s0` at the start and `s1`
/// at the end (after school the trip home is the traveller's own time: `s1 = 0`).
#[inline]
pub(crate) fn for_each_window_asym(
    a: &[(u32, u32)],
    s0: u32,
    s1: u32,
    b: &[(u32, u32)],
    min_len: u32,
    mut f: impl FnMut(u32, u32),
) {
    let (mut i, mut j) = (0, 0);
    let min_len = min_len.max(1);
    while i < a.len() && j < b.len() {
        let (s, e) = (a[i].0.saturating_add(s0), a[i].1.saturating_sub(s1));
        if s >= e {
            i += 1;
            continue;
        }
        let (bs, be) = b[j];
        let lo = s.max(bs);
        let hi = e.min(be);
        if hi >= lo.saturating_add(min_len) {
            f(lo, hi);
        }
        if e <= be {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// Both travel directions in one sweep: calls `fa(start, end)` for every window of
/// [`for_each_window_asym`]`(a, s0, s1, b, ..)` (the owner of `a` travels) and
/// `fb(start, end)` for every window of [`for_each_window_asym`]`(b, s0, s1, a, ..)` (the
/// owner of `b` travels), each in week order, the same windows in the same order as the
/// two separate sweeps.
///
/// # Why one sweep finds both
/// A window of either direction is `shrunk(A_i) ∩ B_j` or `A_i ∩ shrunk(B_j)` for one
/// range `A_i` of `a` and one `B_j` of `b`; shrinking only takes time away, so the window
/// lies inside `A_i ∩ B_j`, and that intersection is non-empty. This sweep runs the merge
/// on the *unshrunk* ranges, which visits every pair `(i, j)` whose ranges intersect, each
/// once, in increasing `i` and `j` (the usual merge invariant: from `(i', j)` with
/// `i' < i`, `A_{i'}` ends before `A_i` starts and so before `B_j` ends, and `i'` moves;
/// symmetrically for `j`; and `i` cannot move past an `A_i` that intersects `B_j` while
/// the pointer is below `j`, since `B_{j'}` ends before `B_j` starts, before `A_i` ends).
/// At each visited pair it emits each direction's clipped window when it is at least
/// `min_len` long — exactly the test of [`for_each_window_asym`], whose own merge (on the
/// shrunk ranges) visits the same intersecting pairs that can hold a window. A pair can
/// hold at most one window per direction, and windows of distinct pairs are disjoint and
/// ordered like the pairs, so both orders are week order.
#[inline]
pub(crate) fn for_each_window_both(
    a: &[(u32, u32)],
    b: &[(u32, u32)],
    s0: u32,
    s1: u32,
    min_len: u32,
    mut fa: impl FnMut(u32, u32),
    mut fb: impl FnMut(u32, u32),
) {
    let (mut i, mut j) = (0, 0);
    let min_len = min_len.max(1);
    while i < a.len() && j < b.len() {
        let ((as_, ae), (bs, be)) = (a[i], b[j]);
        let (lo, hi) = (
            as_.saturating_add(s0).max(bs),
            ae.saturating_sub(s1).min(be),
        );
        if hi >= lo.saturating_add(min_len) {
            fa(lo, hi);
        }
        let (lo, hi) = (
            bs.saturating_add(s0).max(as_),
            be.saturating_sub(s1).min(ae),
        );
        if hi >= lo.saturating_add(min_len) {
            fb(lo, hi);
        }
        if ae <= be {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// Total minutes of common windows of at least `min_len` minutes.
#[inline]
pub(crate) fn common_minutes(a: &[(u32, u32)], shrink: u32, b: &[(u32, u32)], min_len: u32) -> u32 {
    let mut total = 0;
    for_each_window(a, shrink, b, min_len, |s, e| total += e - s);
    total
}

/// Common minutes between two teachers `travel` minutes apart (0: same school), and who
/// travels: `Some(false)` when the owner of `a` does, `Some(true)` for `b`, `None` when
/// nobody travels. On equal totals `a` travels.
#[inline]
pub(crate) fn best_common(
    a: &[(u32, u32)],
    b: &[(u32, u32)],
    travel: u32,
    same_school: bool,
    min_len: u32,
) -> (u32, Option<bool>) {
    if same_school {
        return (common_minutes(a, 0, b, min_len), None);
    }
    let x = common_minutes(a, travel, b, min_len);
    let y = common_minutes(b, travel, a, min_len);
    if y > x {
        (y, Some(true))
    } else {
        (x, Some(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minute-by-minute oracle.
    fn brute(a: &[(u32, u32)], shrink: u32, b: &[(u32, u32)], min_len: u32) -> u32 {
        let inside =
            |r: &[(u32, u32)], m: u32, k: u32| r.iter().any(|&(s, e)| m >= s + k && m + k < e);
        let mut total = 0;
        let mut run = 0;
        for m in 0..2000 {
            if inside(a, m, shrink) && inside(b, m, 0) {
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

    #[test]
    fn against_brute_force() {
        let a = [(10, 50), (60, 100), (200, 400), (500, 520)];
        let b = [(0, 30), (40, 70), (90, 300), (505, 600)];
        for shrink in [0, 3, 10, 40] {
            for min_len in [0, 1, 10, 25, 100] {
                assert_eq!(
                    common_minutes(&a, shrink, &b, min_len),
                    brute(&a, shrink, &b, min_len),
                    "shrink {shrink} min_len {min_len}"
                );
            }
        }
    }
}
