//! Re-plans after dropouts or joins: reads the previous proposal (JSON written by
//! `propose_pairs --out`) and the changed cohort, keeps every pair the change leaves
//! intact, re-optimises the rest and prints what changed and why.
//!
//! ```sh
//! cargo run --example propose_pairs -- --out out/
//! cargo run --example rematch -- --previous out/proposal.json --cohort changed.json
//! ```
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
    /// At most this many kept pairs may change for a better plan (0 = keep all).
    #[arg(long, default_value_t = 0)]
    budget: usize,
    /// Write proposal.json, pairs.csv and summary.md here instead of printing.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn run(args: &Args) -> Result<(), (u8, String)> {
    let bad = |m: String| (2u8, m);
    let text = std::fs::read_to_string(&args.previous)
        .map_err(|e| bad(format!("{}: {e}", args.previous.display())))?;
    let previous =
        report::from_json(&text).map_err(|e| bad(format!("{}: {e}", args.previous.display())))?;
    let cohort = Cohort::from_path(&args.cohort)
        .map_err(|e| bad(format!("{}: {e}", args.cohort.display())))?;
    // Same policy and objective as the previous round.
    let options = PlannerOptions {
        objective: previous.objective,
        odd: previous.odd,
        seed: previous.seed,
        ..Default::default()
    };
    let planner = Planner::new(cohort, previous.policy.clone()).with_options(options);
    let p = planner
        .rematch(&previous, Some(args.budget))
        .map_err(|e| match e {
            peermatch::plan::PlanError::Build(_) => bad(format!("{}: {e}", args.cohort.display())),
            _ => (1, e.to_string()),
        })?;
    let summary = report::markdown::summary(&p);
    match &args.out {
        None => print!("{summary}"),
        Some(dir) => {
            let io = |e: std::io::Error| (1u8, format!("{}: {e}", dir.display()));
            std::fs::create_dir_all(dir).map_err(io)?;
            let json = report::to_json(&p).map_err(|e| (1, e.to_string()))?;
            std::fs::write(dir.join("proposal.json"), json).map_err(io)?;
            let csv = report::csv::pairs_csv(&p).map_err(|e| (1, e.to_string()))?;
            std::fs::write(dir.join("pairs.csv"), csv).map_err(io)?;
            std::fs::write(dir.join("summary.md"), &summary).map_err(io)?;
            println!(
                "wrote {}/{{proposal.json,pairs.csv,summary.md}}",
                dir.display()
            );
        }
    }
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
