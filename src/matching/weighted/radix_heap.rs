//! A monotone priority queue (radix heap) for the blossom solver's event clock.
//!
//! Event times never lie before the last popped time (the dual clock only moves forward and
//! every event is pushed at `now + non-negative slack`), which is exactly the contract of a
//! radix heap: keys are bucketed by the highest bit in which they differ from the last popped
//! key, a push is O(1), and a pop redistributes one bucket at a time, O(log C) amortised per
//! element. Unlike a binary heap with millions of mostly far-future entries, it touches memory
//! sequentially, which made the solver several times faster on candidate graphs.

/// Radix heap of `(key, payload)` with `u64` keys, popping in non-decreasing key order.
/// Entries with equal keys pop first in, first out (the solver relies on this for speed,
/// not for correctness: equal-time growth events then extend all alternating trees
/// breadth-first instead of one tree depth-first).
pub(crate) struct RadixHeap {
    last: u64,
    len: usize,
    /// Entries of bucket 0 before this index have been popped (bucket 0 pops first in, first
    /// out, so equal-time events are handled in the order they were created).
    head: usize,
    buckets: Vec<Vec<(u64, u64)>>,
}

impl RadixHeap {
    pub(crate) fn new() -> Self {
        RadixHeap {
            last: 0,
            len: 0,
            head: 0,
            buckets: (0..65).map(|_| Vec::new()).collect(),
        }
    }

    #[inline]
    fn bucket(last: u64, key: u64) -> usize {
        if key == last {
            0
        } else {
            64 - (key ^ last).leading_zeros() as usize
        }
    }

    /// Pushes an entry; `key` must not be below the last popped key (it is clamped to it,
    /// which the solver never relies on).
    #[inline]
    pub(crate) fn push(&mut self, key: u64, payload: u64) {
        let key = key.max(self.last);
        self.buckets[Self::bucket(self.last, key)].push((key, payload));
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
        let Some(i) = (1..65).find(|&i| !self.buckets[i].is_empty()) else {
            return false;
        };
        let moved = std::mem::take(&mut self.buckets[i]);
        let new_last = moved.iter().map(|e| e.0).min().unwrap_or(self.last);
        self.last = new_last;
        for &(k, p) in &moved {
            self.buckets[Self::bucket(new_last, k)].push((k, p));
        }
        // Keep the (now empty) allocation for reuse.
        let mut moved = moved;
        moved.clear();
        if self.buckets[i].is_empty() {
            self.buckets[i] = moved;
        }
        true
    }

    /// Keeps only the entries for which `keep` is true.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(u64, u64) -> bool) {
        self.buckets[0].drain(..self.head);
        self.head = 0;
        let mut len = 0;
        for b in &mut self.buckets {
            b.retain(|&(k, p)| keep(k, p));
            len += b.len();
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
