//! A monotone priority queue (radix heap) for the blossom solver's event clock.
//!
//! Event times never lie before the last popped time (the dual clock only moves forward and
//! every event is pushed at `now + non-negative slack`), which is exactly the contract of a
//! radix heap: keys are bucketed by the highest byte in which they differ from the last
//! popped key and by their value of that byte, a push is O(1), and a pop redistributes one
//! bucket at a time, at most 8 moves per element (a binary radix heap, bucketing by bit, moved
//! an element once per bit of the key range: a third of the solve on weights near 2^40).
//! Unlike a binary heap with millions of mostly far-future entries, it touches memory
//! sequentially, which made the solver several times faster on candidate graphs.

/// Number of bucket levels: one per byte of the key (the highest byte in which a key
/// differs from the last popped key).
const DIGIT_BITS: usize = 8;
const LEVELS: usize = 64 / DIGIT_BITS;
/// Buckets per level: one per value of that byte.
const DIGITS: usize = 1 << DIGIT_BITS;
const WORDS: usize = DIGITS.div_ceil(64);
/// Largest emptied bucket allocation kept for reuse, in entries (4 KiB).
const KEPT_CAPACITY: usize = 256;

/// Radix heap of `(key, payload)` with `u64` keys, popping in non-decreasing key order.
/// Entries with equal keys pop first in, first out (the solver relies on this for speed,
/// not for correctness: equal-time growth events then extend all alternating trees
/// breadth-first instead of one tree depth-first).
///
/// Base-256 buckets: an entry whose key differs from the last popped key first in byte `j`
/// waits in bucket `(j, byte j of the key)`. Moving the lowest bucket down re-sorts it around
/// its minimum into lower levels only, so an entry moves at most 8 times (a binary radix
/// heap moves it up to 64 times, once per bit of the key range: a third of a whole solve on
/// weights near 2^40). Occupancy bitmaps find the lowest bucket without scanning.
pub(crate) struct RadixHeap {
    last: u64,
    len: usize,
    /// Entries of bucket 0 before this index have been popped (bucket 0 pops first in, first
    /// out, so equal-time events are handled in the order they were created).
    head: usize,
    /// Bucket 0 holds keys equal to `last`; bucket `1 + j * DIGITS + d` the keys that first
    /// differ from `last` in byte `j`, where their byte is `d`.
    buckets: Vec<Vec<(u64, u64)>>,
    /// Non-empty buckets of each level, one bit per digit.
    occupied: [[u64; WORDS]; LEVELS],
    /// Levels with a non-empty bucket, one bit per level.
    levels: u32,
}

impl RadixHeap {
    pub(crate) fn new() -> Self {
        RadixHeap {
            last: 0,
            len: 0,
            head: 0,
            buckets: (0..1 + LEVELS * DIGITS).map(|_| Vec::new()).collect(),
            occupied: [[0; WORDS]; LEVELS],
            levels: 0,
        }
    }

    /// `(level, digit)` of `key` relative to `last`, or `None` for `key == last`.
    #[inline(always)]
    fn slot(last: u64, key: u64) -> Option<(usize, usize)> {
        let x = key ^ last;
        if x == 0 {
            return None;
        }
        let j = (63 - x.leading_zeros() as usize) / DIGIT_BITS;
        Some((j, ((key >> (DIGIT_BITS * j)) as usize) & (DIGITS - 1)))
    }

    #[inline(always)]
    fn put(&mut self, key: u64, payload: u64) {
        match Self::slot(self.last, key) {
            None => self.buckets[0].push((key, payload)),
            Some((j, d)) => {
                self.buckets[1 + j * DIGITS + d].push((key, payload));
                self.occupied[j][d / 64] |= 1 << (d % 64);
                self.levels |= 1 << j;
            }
        }
    }

    /// Pushes an entry; `key` must not be below the last popped key (it is clamped to it,
    /// which the solver never relies on).
    #[inline]
    pub(crate) fn push(&mut self, key: u64, payload: u64) {
        let key = key.max(self.last);
        self.put(key, payload);
        self.len += 1;
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Pops an entry with the smallest key.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(u64, u64)> {
        if self.len == 0 {
            return None;
        }
        if self.head == self.buckets[0].len() && !self.refill() {
            return None;
        }
        self.len -= 1;
        let e = self.buckets[0][self.head];
        self.head += 1;
        Some(e)
    }

    /// Bucket 0 is used up: moves the lowest non-empty bucket down, redistributing it
    /// around its minimum key. Out of line, so the common pop (bucket 0 not yet used up)
    /// inlines into the caller's loop. False only if no entry is left (not reached while
    /// `len > 0`).
    #[inline(never)]
    fn refill(&mut self) -> bool {
        self.buckets[0].clear();
        self.head = 0;
        if self.levels == 0 {
            return false;
        }
        let j = self.levels.trailing_zeros() as usize;
        let words = &mut self.occupied[j];
        let w = words.iter().position(|&x| x != 0).unwrap_or(0);
        let d = w * 64 + words[w].trailing_zeros() as usize;
        words[w] &= !(1 << (d % 64));
        if words.iter().all(|&x| x == 0) {
            self.levels &= !(1 << j);
        }
        let idx = 1 + j * DIGITS + d;
        let mut moved = std::mem::take(&mut self.buckets[idx]);
        let new_last = moved.iter().map(|e| e.0).min().unwrap_or(self.last);
        self.last = new_last;
        // Every moved key agrees with `new_last` above byte `j`, so each lands in bucket 0
        // or a level below `j`: never back in `idx`.
        for &(k, p) in &moved {
            self.put(k, p);
        }
        // Keep a small (now empty) allocation for reuse; a large one is freed, so the
        // buckets together never hold more than KEPT_CAPACITY entries' worth of spare room
        // each (with 2,048 buckets, keeping every high-water mark cost 8 MB more on a
        // 100,000-vertex graph).
        if moved.capacity() <= KEPT_CAPACITY {
            moved.clear();
            self.buckets[idx] = moved;
        }
        true
    }

    /// Keeps only the entries for which `keep` is true.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(u64, u64) -> bool) {
        self.buckets[0].drain(..self.head);
        self.head = 0;
        let mut len = 0;
        self.occupied = [[0; WORDS]; LEVELS];
        self.levels = 0;
        for (i, b) in self.buckets.iter_mut().enumerate() {
            b.retain(|&(k, p)| keep(k, p));
            len += b.len();
            if i > 0 && !b.is_empty() {
                let (j, d) = ((i - 1) / DIGITS, (i - 1) % DIGITS);
                self.occupied[j][d / 64] |= 1 << (d % 64);
                self.levels |= 1 << j;
            }
        }
        self.len = len;
    }
}

#[cfg(test)]
mod tests {
    use super::RadixHeap;

    #[test]
    fn pops_in_order_with_interleaved_pushes() {
        // Deterministic pseudo-random monotone workload against a sorted oracle.
        let mut h = RadixHeap::new();
        let mut oracle: Vec<u64> = Vec::new();
        let mut x: u64 = 12345;
        let mut now = 0u64;
        for step in 0..5000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if step % 3 != 2 || oracle.is_empty() {
                let k = now + (x >> 40) % 1000;
                h.push(k, step);
                oracle.push(k);
            } else {
                oracle.sort_unstable_by(|a, b| b.cmp(a));
                let want = oracle.pop().unwrap();
                let (k, _) = h.pop().unwrap();
                assert_eq!(k, want);
                now = k;
            }
        }
        oracle.sort_unstable();
        for want in oracle {
            assert_eq!(h.pop().unwrap().0, want);
        }
        assert!(h.pop().is_none());
    }

    /// Keys spread over many bytes (the solver's clock reaches 2^60 on huge weights in
    /// maximum-cardinality mode), with runs of equal keys and retains in between, against
    /// a sorted oracle; equal keys keep their push order.
    #[test]
    fn wide_keys_pop_in_order_and_equal_keys_in_push_order() {
        let mut h = RadixHeap::new();
        let mut oracle: Vec<(u64, u64)> = Vec::new();
        let mut x: u64 = 987654321;
        let mut now = 0u64;
        for step in 0..20000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            match step % 7 {
                0..=3 => {
                    // A gap of 0 to 2^60, on a log scale, so every level is used.
                    let bits = (x >> 58) as u32; // 0..63
                    let gap = if bits.is_multiple_of(5) {
                        0
                    } else {
                        (x >> 3) & ((1u64 << (bits % 61)) - 1)
                    };
                    let k = now + gap;
                    h.push(k, step);
                    oracle.push((k, step));
                }
                4 if step % 1000 == 4 => {
                    h.retain(|_, p| p % 3 != 0);
                    oracle.retain(|&(_, p)| p % 3 != 0);
                }
                _ if !oracle.is_empty() => {
                    // The oracle's minimum key, earliest pushed among equals.
                    let i = (0..oracle.len()).min_by_key(|&i| oracle[i]).unwrap();
                    let want = oracle.remove(i);
                    assert_eq!(h.pop(), Some(want));
                    now = want.0;
                }
                _ => {}
            }
            assert_eq!(h.len(), oracle.len());
        }
        oracle.sort_unstable();
        for want in oracle {
            assert_eq!(h.pop(), Some(want));
        }
        assert!(h.pop().is_none());
    }

    #[test]
    fn equal_keys_pop_first_in_first_out() {
        let mut h = RadixHeap::new();
        for p in 0..5 {
            h.push(10, p);
        }
        h.push(3, 100);
        assert_eq!(h.pop(), Some((3, 100)));
        // Pushed at the current minimum while bucket 0 is being drained: still after the
        // earlier entries of that key.
        assert_eq!(h.pop(), Some((10, 0)));
        h.push(10, 5);
        let rest: Vec<u64> = std::iter::from_fn(|| h.pop()).map(|(_, p)| p).collect();
        assert_eq!(rest, vec![1, 2, 3, 4, 5]);
        // Compaction keeps the order of the survivors.
        for p in 0..6 {
            h.push(20, p);
        }
        assert_eq!(h.pop(), Some((20, 0)));
        h.retain(|_, p| p % 2 == 1);
        let rest: Vec<u64> = std::iter::from_fn(|| h.pop()).map(|(_, p)| p).collect();
        assert_eq!(rest, vec![1, 3, 5]);
    }
}
