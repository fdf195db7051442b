//! CPU time of the calling thread, for budgets that machine load does not distort.
//!
//! Read without `unsafe` from Linux procfs: `/proc/thread-self/schedstat` (nanoseconds
//! on CPU), else `/proc/thread-self/stat` (user + system clock ticks, assumed 100 per
//! second, the `USER_HZ` of every mainstream Linux build). `None` elsewhere: the
//! caller then falls back to wall time.

use std::time::Duration;

/// CPU time used by the calling thread so far.
pub(super) fn thread_cpu_time() -> Option<Duration> {
    if let Ok(s) = std::fs::read_to_string("/proc/thread-self/schedstat") {
        if let Some(ns) = s
            .split_whitespace()
            .next()
            .and_then(|x| x.parse::<u64>().ok())
        {
            if ns > 0 {
                return Some(Duration::from_nanos(ns));
            }
        }
    }
    let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name in parentheses; utime and stime are fields 14 and 15.
    let rest = s.rsplit_once(')')?.1;
    let mut f = rest.split_whitespace().skip(11);
    let utime: u64 = f.next()?.parse().ok()?;
    let stime: u64 = f.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}
