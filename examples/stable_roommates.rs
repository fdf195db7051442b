//! Stable roommates from the command line.
//!
//! Reads `{"prefs": [[...], ...]}` (0-based agents, each list most preferred first,
//! possibly incomplete) from a file or stdin and prints
//! `{"stable": true, "partner": [...]}` (-1 for unmatched) or
//! `{"stable": false, "reason": "..."}`. Bad input: a message on stderr, exit code 2.
//!
//! ```sh
//! echo '{"prefs": [[1,2,3],[2,0,3],[0,1,3],[0,1,2]]}' | cargo run --example stable_roommates
//! ```

#[path = "support/output.rs"]
mod output;

use std::io::Read;
use std::process::ExitCode;

use clap::Parser;
use peermatch::matching::{stable_roommates, Acceptability, Preferences, RoommatesOutcome};
use serde::{Deserialize, Serialize};

/// Stable roommates (Irving's algorithm, incomplete lists allowed).
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Input JSON file; reads stdin when absent or "-".
    input: Option<String>,
    /// Drop one-sided entries (i lists j, j does not list i) instead of rejecting the input;
    /// each dropped entry is reported on stderr.
    #[arg(long)]
    drop_one_sided: bool,
}

#[derive(Deserialize)]
struct Input {
    prefs: Vec<Vec<usize>>,
}

#[derive(Serialize)]
struct Stable {
    stable: bool,
    partner: Vec<i64>,
}

#[derive(Serialize)]
struct Unstable {
    stable: bool,
    reason: String,
}

fn read_input(path: Option<&str>) -> Result<String, String> {
    let mut s = String::new();
    match path {
        None | Some("-") => std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read stdin: {e}"))?,
        Some(p) => {
            s = std::fs::read_to_string(p).map_err(|e| format!("cannot read {p}: {e}"))?;
            0
        }
    };
    Ok(s)
}

fn run(args: &Args) -> Result<String, String> {
    let text = read_input(args.input.as_deref())?;
    let input: Input = serde_json::from_str(&text)
        .map_err(|e| format!("bad input: expected {{\"prefs\": [[agent, ...], ...]}} with 0-based non-negative ids: {e}"))?;
    let policy = if args.drop_one_sided {
        Acceptability::DropOneSided
    } else {
        Acceptability::Strict
    };
    let prefs =
        Preferences::with_policy(&input.prefs, policy).map_err(|e| format!("bad input: {e}"))?;
    for d in prefs.dropped() {
        eprintln!(
            "notice: dropped one-sided entry: agent {} lists {} at position {}, but {} does not list {}",
            d.agent, d.listed, d.position, d.listed, d.agent
        );
    }
    let out = match stable_roommates(&prefs) {
        RoommatesOutcome::Stable(m) => serde_json::to_string(&Stable {
            stable: true,
            partner: m
                .partners()
                .iter()
                .map(|p| p.map_or(-1, |j| j as i64))
                .collect(),
        }),
        RoommatesOutcome::NoStableMatching(why) => serde_json::to_string(&Unstable {
            stable: false,
            reason: why.reason(),
        }),
    };
    out.map_err(|e| format!("cannot write JSON: {e}"))
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
