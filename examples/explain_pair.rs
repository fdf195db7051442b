//! Explains one pair: score and breakdown, or the hard rules that forbid it; shared
//! subjects and goals; common meeting windows.
//!
//! ```sh
//! cargo run --example explain_pair -- T01 T04
//! cargo run --example explain_pair -- --cohort my.json --policy policy.toml A17 B03
//! ```
//!
//! Exit codes: 0 success, 2 bad input (unknown teacher, invalid file).

#[path = "support/output.rs"]
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use peermatch::cohort::Cohort;
use peermatch::compat::{CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;

/// Explain why two teachers would (or would not) be paired.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// First teacher id.
    a: String,
    /// Second teacher id.
    b: String,
    /// Cohort file (.json or .csv).
    #[arg(long, default_value = "examples/data/pilot_cohort.json")]
    cohort: PathBuf,
    /// Policy file (.toml or .json); default examples/data/policy.toml if present.
    #[arg(long)]
    policy: Option<PathBuf>,
}

fn run(args: &Args) -> Result<(), String> {
    let cohort =
        Cohort::from_path(&args.cohort).map_err(|e| format!("{}: {e}", args.cohort.display()))?;
    let default = PathBuf::from("examples/data/policy.toml");
    let policy = match &args.policy {
        Some(p) => Policy::from_path(p).map_err(|e| format!("{}: {e}", p.display()))?,
        None if default.exists() => {
            Policy::from_path(&default).map_err(|e| format!("{}: {e}", default.display()))?
        }
        None => Policy::default(),
    };
    let graph = CompatibilityGraph::build(&cohort, &policy, CandidateMode::Exact)
        .map_err(|e| format!("{}: {e}", args.cohort.display()))?;
    let ex = graph
        .explain(&args.a, &args.b)
        .map_err(|e| format!("{}: {e}", args.cohort.display()))?;
    println!("{ex}");
    let focus: Vec<&str> = ex.shared.focus.iter().map(|f| f.name()).collect();
    if !focus.is_empty() {
        println!("  suggested focus: {}", focus.join(", "));
    }
    Ok(())
}

fn main() -> ExitCode {
    output::quiet_on_closed_stdout();
    match run(&Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
