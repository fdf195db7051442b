//! Explains one pair: score and breakdown, or the hard rules that forbid it and which
//! single one-step relaxation of the policy would make it feasible; shared subjects and
//! goals; common meeting windows.
//!
//! ```sh
//! cargo run --example explain_pair -- T01 T04
//! cargo run --example explain_pair -- --cohort my.json --policy policy.toml A17 B03
//! ```
//!
//! Only the one pair is scored (the cohort is validated and indexed, no graph over all
//! pairs is built), so the cost is O(cohort size) however many teachers are compatible.
//!
//! Exit codes: 0 success, 2 bad input (unknown teacher, the same teacher twice, invalid
//! file).

#[path = "support/output.rs"]
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use peermatch::cohort::Cohort;
use peermatch::compat::{Policy, Scorer};

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
    if args.a == args.b {
        return Err(format!(
            "{:?} and {:?} are the same teacher: give two different teacher ids",
            args.a, args.b
        ));
    }
    let index = |id: &str| {
        cohort.teacher_index(id).ok_or_else(|| {
            format!(
                "{}: no teacher with id {id:?} in the cohort",
                args.cohort.display()
            )
        })
    };
    let (a, b) = (index(&args.a)?, index(&args.b)?);
    // Score the one pair: the scorer validates the cohort and prepares per-teacher arrays
    // (O(cohort size)); no graph over all pairs is built.
    let scorer =
        Scorer::new(&cohort, &policy).map_err(|e| format!("{}: {e}", args.cohort.display()))?;
    let ex = scorer.explain(a, b);
    // Who the ids are, as the coordinator knows them; the explanation below uses names.
    let roster = peermatch::report::Roster::from_cohort(&cohort);
    println!("{} and {}", roster.label(&args.a), roster.label(&args.b));
    println!("{}", ex.named(&roster));
    let focus: Vec<&str> = ex.shared.focus.iter().map(|f| f.name()).collect();
    if !focus.is_empty() {
        println!("  suggested focus: {}", focus.join(", "));
    }
    if ex.score.is_none() {
        let help = peermatch::plan::sensitivity::pair_relaxations(&cohort, &policy, a, b)
            .map_err(|e| format!("{}: {e}", args.cohort.display()))?;
        if help.is_empty() {
            println!("  no single one-step relaxation of the policy makes this pair feasible");
        } else {
            let v: Vec<String> = help.iter().map(ToString::to_string).collect();
            println!("  feasible if one rule were relaxed: {}", v.join("; "));
        }
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
