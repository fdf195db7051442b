//! A per-stage spinner on stderr for the example programs (`propose_pairs`, `rematch`,
//! `form_groups`): `Progress::new(quiet)`, then `stage("load")`, `stage("graph")`, …, and
//! `finish()` (also on drop).
//!
//! The spinner appears only when the run takes longer than [`DELAY`] (a quick run prints
//! nothing extra), only when stderr is a terminal, and never with `--quiet`; so piped or
//! redirected output, and every test that captures stderr, is byte-for-byte what it was
//! without it. It is cleared when the run ends, leaving one line per stage that took at
//! least [`DELAY`]: `stage: 2.4 s`.
//!
//! Shared through `#[path = "support/progress.rs"]`.
#![allow(dead_code)]

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs shorter than this show no spinner.
pub const DELAY: Duration = Duration::from_secs(1);

/// The delay before the spinner shows: [`DELAY`], or `PEERMATCH_PROGRESS_AFTER_MS`
/// milliseconds when that variable is set (tests use 0 to see the spinner at once).
fn delay() -> Duration {
    std::env::var("PEERMATCH_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(DELAY, Duration::from_millis)
}

/// The spinner of one program run (see the module docs).
pub struct Progress {
    /// `None` when switched off (quiet, or stderr not a terminal).
    bar: Option<ProgressBar>,
    stage: Option<(String, Instant)>,
    /// When the run started and how long before the spinner shows.
    started: Instant,
    after: Duration,
}

/// True when progress may be drawn: not quiet and stderr is a terminal.
pub fn enabled(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

impl Progress {
    /// A spinner, drawn only if [`enabled`]`(quiet)` and once [`DELAY`] has passed.
    pub fn new(quiet: bool) -> Progress {
        if !enabled(quiet) {
            return Progress {
                bar: None,
                stage: None,
                started: Instant::now(),
                after: DELAY,
            };
        }
        // Hidden first; a timer thread shows it after DELAY unless the run has ended.
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix}: {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        let after = delay();
        if after.is_zero() {
            show(&bar);
        } else {
            let shown = bar.clone();
            std::thread::spawn(move || {
                std::thread::sleep(after);
                if !shown.is_finished() {
                    show(&shown);
                }
            });
        }
        Progress {
            bar: Some(bar),
            stage: None,
            started: Instant::now(),
            after,
        }
    }

    /// Starts stage `name` (e.g. "load", "graph", "solve", "audit", "reports") with a
    /// short description; ends the previous stage.
    pub fn stage(&mut self, name: &str, what: &str) {
        self.end_stage();
        if let Some(bar) = &self.bar {
            bar.set_prefix(name.to_string());
            bar.set_message(what.to_string());
            self.stage = Some((name.to_string(), Instant::now()));
        }
    }

    fn end_stage(&mut self) {
        if let (Some(bar), Some((name, t))) = (&self.bar, self.stage.take()) {
            let took = t.elapsed();
            if took >= DELAY.min(self.after) {
                // The timer thread may not have run yet on a busy machine (a stage of a
                // second or more then went unreported): once the delay has passed, show the
                // bar here rather than wait for it.
                if bar.is_hidden() && self.started.elapsed() >= self.after {
                    show(bar);
                }
                // Printed directly (not queued behind the bar's redraw rate limit).
                if !bar.is_hidden() {
                    bar.suspend(|| eprintln!("{name}: {:.1} s", took.as_secs_f64()));
                }
            }
        }
    }

    /// Ends the last stage and clears the spinner.
    pub fn finish(&mut self) {
        self.end_stage();
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Draws the spinner on stderr from now on.
fn show(bar: &ProgressBar) {
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar.enable_steady_tick(Duration::from_millis(120));
}
