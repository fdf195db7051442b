//! Mentor–mentee stable assignment from the command line.
//!
//! Reads `{"mentee_prefs": [[...]], "mentor_prefs": [[...]], "capacities": [...]}` from a
//! file or stdin and prints `{"assignment": [...]}`: each mentee's mentor, or -1.
//! `--optimal mentee` (default) or `--optimal mentor` picks the side whose optimal stable
//! assignment is returned. Bad input: a message on stderr, exit code 2.
//!
//! ```sh
//! echo '{"mentee_prefs": [[0,1],[0]], "mentor_prefs": [[1,0],[0]], "capacities": [1,1]}' \
//!   | cargo run --example stable_assign -- --optimal mentor
//! ```

#[path = "support/output.rs"]
mod output;

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use peermatch::matching::{stable_assignment, Acceptability, MentoringPrefs, Optimal};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, ValueEnum)]
enum Side {
    Mentee,
    Mentor,
}

/// Mentor–mentee stable assignment with capacities (deferred acceptance).
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Input JSON file; reads stdin when absent or "-".
    input: Option<String>,
    /// Whose optimal stable assignment to return.
    #[arg(long, value_enum, default_value = "mentee")]
    optimal: Side,
    /// Drop one-sided entries instead of rejecting the input (reported on stderr).
    #[arg(long)]
    drop_one_sided: bool,
}

#[derive(Deserialize)]
struct Input {
    mentee_prefs: Vec<Vec<usize>>,
    mentor_prefs: Vec<Vec<usize>>,
    capacities: Vec<u32>,
}

#[derive(Serialize)]
struct Output {
    assignment: Vec<i64>,
}

fn run(args: &Args) -> Result<String, String> {
    let mut text = String::new();
    match args.input.as_deref() {
        None | Some("-") => {
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
        }
        Some(p) => {
            text = std::fs::read_to_string(p).map_err(|e| format!("cannot read {p}: {e}"))?
        }
    }
    let input: Input = serde_json::from_str(&text).map_err(|e| {
        format!("bad input: expected {{\"mentee_prefs\": [[...]], \"mentor_prefs\": [[...]], \"capacities\": [...]}} with 0-based non-negative ids: {e}")
    })?;
    let policy = if args.drop_one_sided {
        Acceptability::DropOneSided
    } else {
        Acceptability::Strict
    };
    let prefs = MentoringPrefs::new(
        &input.mentee_prefs,
        &input.mentor_prefs,
        &input.capacities,
        policy,
    )
    .map_err(|e| format!("bad input: {e}"))?;
    for d in prefs.dropped() {
        eprintln!(
            "notice: dropped one-sided entry: {} {} lists {} at position {}, who does not list it back",
            d.party, d.agent, d.listed, d.position
        );
    }
    let optimal = match args.optimal {
        Side::Mentee => Optimal::Mentee,
        Side::Mentor => Optimal::Mentor,
    };
    let a = stable_assignment(&prefs, optimal);
    serde_json::to_string(&Output {
        assignment: a
            .mentors()
            .iter()
            .map(|h| h.map_or(-1, |h| h as i64))
            .collect(),
    })
    .map_err(|e| format!("cannot write JSON: {e}"))
}

fn main() -> ExitCode {
    output::quiet_on_closed_stdout();
    let args = Args::parse();
    match run(&args) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
