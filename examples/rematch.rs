//! Re-plans after dropouts or joins: reads the previous proposal (JSON written by
//! `propose_pairs --out`) and the changed cohort, keeps every pair the change leaves
//! intact, re-optimises the rest and prints what changed and why.
//!
//! ```sh
//! cargo run --example propose_pairs -- --out out/
//! cargo run --example rematch -- --previous out/proposal.json --cohort changed.json
//! cargo run --example rematch -- --previous out/proposal.json --cohort changed.json --previous-cohort cohort.json
//! ```
//!
//! `--previous-cohort` (the cohort file of the previous round) names the teachers who left
//! (`Eli Morgan (T05, Te Aro High School)` instead of `T05`).
//!
//! Exit codes: 0 success, 2 bad input, 1 other failures.

#[path = "support/output.rs"]
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use peermatch::cohort::Cohort;
use peermatch::plan::{Planner, PlannerOptions};
use peermatch::report;

#[path = "support/progress.rs"]
mod progress;
#[path = "support/term.rs"]
mod support;

/// Re-match after teachers left or joined.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// The previous proposal (proposal.json).
    #[arg(long)]
    previous: PathBuf,
    /// The changed cohort (.json or .csv).
    #[arg(long)]
    cohort: PathBuf,
    /// The previous round's cohort file (optional): names the teachers who left, who
    /// are otherwise shown by id only (the proposal and the new cohort hold no names for
    /// them).
    #[arg(long)]
    previous_cohort: Option<PathBuf>,
    /// At most this many kept pairs may change for a better plan (0 = keep all).
    #[arg(long, default_value_t = 0)]
    budget: usize,
    /// Write the bundle here instead of printing: proposal.json, pairs.csv, summary.md,
    /// map.svg, scores.svg, report.html (with the changes), letters/, calendar/.
    #[arg(long)]
    out: Option<PathBuf>,
    /// First day of the term for the calendar files (YYYY-MM-DD; default: today).
    #[arg(long)]
    term_start: Option<String>,
    /// Last day of the term (YYYY-MM-DD; default: the Friday of the tenth week).
    #[arg(long)]
    term_end: Option<String>,
    /// No progress spinner on stderr (it is only drawn on a terminal, after a second).
    #[arg(long)]
    quiet: bool,
}

fn run(args: &Args) -> Result<(), (u8, String)> {
    let bad = |m: String| (2u8, m);
    let mut progress = progress::Progress::new(args.quiet);
    progress.stage("load", "reading the previous proposal and the cohort");
    let text = std::fs::read_to_string(&args.previous)
        .map_err(|e| bad(format!("{}: {e}", args.previous.display())))?;
    let previous =
        report::from_json(&text).map_err(|e| bad(format!("{}: {e}", args.previous.display())))?;
    // The policy comes from the previous proposal: a bad one is that file's problem.
    previous
        .policy
        .check()
        .map_err(|e| bad(format!("{}: {e}", args.previous.display())))?;
    let cohort = Cohort::from_path(&args.cohort)
        .map_err(|e| bad(format!("{}: {e}", args.cohort.display())))?;
    let former = match &args.previous_cohort {
        Some(path) => {
            Some(Cohort::from_path(path).map_err(|e| bad(format!("{}: {e}", path.display())))?)
        }
        None => None,
    };
    // Same policy and objective as the previous round.
    let options = PlannerOptions {
        objective: previous.objective,
        odd: previous.odd,
        seed: previous.seed,
        ..Default::default()
    };
    let planner = Planner::new(cohort, previous.policy.clone()).with_options(options);
    progress.stage("plan", "graph, solve and audit (kept pairs pinned)");
    let p = planner
        .rematch(&previous, Some(args.budget))
        .map_err(|e| match e {
            peermatch::plan::PlanError::Build(_) => bad(format!("{}: {e}", args.cohort.display())),
            _ => (1, e.to_string()),
        })?;
    progress.stage("reports", "writing the reports");
    match &args.out {
        None => {
            let mut roster = report::Roster::from_cohort(planner.cohort());
            if let Some(former) = &former {
                roster.add_missing(&report::Roster::from_cohort(former));
            }
            print!("{}", report::markdown::summary_with(&p, &roster));
        }
        Some(dir) => {
            let term =
                support::term(args.term_start.as_deref(), args.term_end.as_deref()).map_err(bad)?;
            let options = report::bundle::BundleOptions {
                term,
                pseudonymise: None,
            };
            match &former {
                Some(former) => {
                    report::bundle::write_bundle_former(dir, &p, planner.cohort(), former, &options)
                }
                None => report::bundle::write_bundle(dir, &p, planner.cohort(), &options),
            }
            .map_err(|e| (1, e.to_string()))?;
            println!(
                "wrote {}/{{proposal.json,pairs.csv,summary.md,map.svg,scores.svg,report.html,letters/,calendar/}}",
                dir.display()
            );
        }
    }
    progress.finish();
    Ok(())
}

fn main() -> ExitCode {
    output::quiet_on_closed_stdout();
    match run(&Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(code)
        }
    }
}
