//! Proposes mentoring pairs for a cohort and prints (or writes) the reports.
//!
//! ```sh
//! cargo run --release --example propose_pairs                 # bundled pilot cohort
//! cargo run --release --example propose_pairs -- --cohort my.json --policy policy.toml --out out/
//! ```
//!
//! Exit codes: 0 success, 2 bad input (the message names the file, teacher, field and line),
//! 1 other failures (e.g. cannot write the output).

#[path = "support/output.rs"]
mod output;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use peermatch::cohort::Cohort;
use peermatch::compat::Policy;
use peermatch::plan::{Objective, OddPolicy, PastPair, Planner, PlannerOptions};
use peermatch::report;

/// Objective choices on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Obj {
    /// Most teachers with a partner, then maximum total score.
    Participation,
    /// Maximum total score.
    MaxWeight,
    /// Most pairs, then maximum total score.
    MaxCardinality,
    /// Stable under score-derived preferences.
    Stable,
    /// Most pairs, then the strongest weakest pair.
    MinRegret,
}

/// Propose peer-mentoring pairs.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Cohort file (.json or .csv).
    #[arg(long, default_value = "examples/data/pilot_cohort.json")]
    cohort: PathBuf,
    /// Policy file (.toml or .json); default: examples/data/policy.toml if present,
    /// otherwise the built-in policy.
    #[arg(long)]
    policy: Option<PathBuf>,
    /// Write proposal.json, pairs.csv, summary.md (and SVG pictures) into this directory
    /// instead of printing the summary.
    #[arg(long)]
    out: Option<PathBuf>,
    /// What to optimise.
    #[arg(long, value_enum, default_value = "max-weight")]
    objective: Obj,
    /// Odd cohorts: form a trio instead of leaving someone out.
    #[arg(long)]
    trio: bool,
    /// Replace teacher ids by T001, T002, … in cohort order.
    #[arg(long)]
    pseudonymise: bool,
    /// Earlier proposal (JSON) whose pairs count as history of round `--round - 1`.
    #[arg(long)]
    history: Option<PathBuf>,
    /// Points subtracted from pairs that met before.
    #[arg(long, default_value_t = 0)]
    history_penalty: u32,
    /// Rounds during which earlier pairs are forbidden (0 = never).
    #[arg(long, default_value_t = 0)]
    cooldown: u32,
    /// Recorded seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

fn load_policy(path: Option<&Path>) -> Result<Policy, String> {
    let default = Path::new("examples/data/policy.toml");
    let path = match path {
        Some(p) => p,
        None if default.exists() => default,
        None => return Ok(Policy::default()),
    };
    Policy::from_path(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn run(args: &Args) -> Result<(), (u8, String)> {
    let bad = |m: String| (2u8, m);
    let cohort = Cohort::from_path(&args.cohort)
        .map_err(|e| bad(format!("{}: {e}", args.cohort.display())))?;
    let policy = load_policy(args.policy.as_deref()).map_err(bad)?;
    let mut history = Vec::new();
    if let Some(h) = &args.history {
        let text = std::fs::read_to_string(h).map_err(|e| bad(format!("{}: {e}", h.display())))?;
        let prev = report::from_json(&text).map_err(|e| bad(format!("{}: {e}", h.display())))?;
        history = prev
            .pairs
            .iter()
            .map(|p| PastPair {
                a: p.a.clone(),
                b: p.b.clone(),
                round: 0,
            })
            .collect();
    }
    let options = PlannerOptions {
        objective: match args.objective {
            Obj::Participation => Objective::Participation,
            Obj::MaxWeight => Objective::MaxWeight,
            Obj::MaxCardinality => Objective::MaxCardinalityThenWeight,
            Obj::Stable => Objective::Stable,
            Obj::MinRegret => Objective::MinRegret,
        },
        seed: args.seed,
        odd: if args.trio {
            OddPolicy::Trio
        } else {
            OddPolicy::LeaveOut
        },
        history,
        round: 1,
        cooldown_rounds: args.cooldown,
        history_penalty_points: args.history_penalty,
        ..PlannerOptions::default()
    };
    let planner = Planner::new(cohort, policy).with_options(options);
    let mut proposal = planner.plan().map_err(|e| {
        let file = args.cohort.display();
        match e {
            peermatch::plan::PlanError::Build(_) => bad(format!("{file}: {e}")),
            _ => (1, e.to_string()),
        }
    })?;
    if args.pseudonymise {
        proposal = proposal.pseudonymised();
    }
    let summary = report::markdown::summary(&proposal);
    match &args.out {
        None => print!("{summary}"),
        Some(dir) => {
            let io = |e: std::io::Error| (1u8, format!("{}: {e}", dir.display()));
            std::fs::create_dir_all(dir).map_err(io)?;
            let json = report::to_json(&proposal).map_err(|e| (1, e.to_string()))?;
            std::fs::write(dir.join("proposal.json"), json).map_err(io)?;
            let csv = report::csv::pairs_csv(&proposal).map_err(|e| (1, e.to_string()))?;
            std::fs::write(dir.join("pairs.csv"), csv).map_err(io)?;
            std::fs::write(dir.join("summary.md"), &summary).map_err(io)?;
            let (map, scores) = pictures(planner.cohort(), &proposal);
            std::fs::write(dir.join("map.svg"), map).map_err(io)?;
            std::fs::write(dir.join("scores.svg"), scores).map_err(io)?;
            println!(
                "wrote {} pairs to {}/{{proposal.json,pairs.csv,summary.md,map.svg,scores.svg}}",
                proposal.pairs.len(),
                dir.display()
            );
        }
    }
    Ok(())
}

/// The map of the pairs (by school) and the histogram of pair scores.
fn pictures(cohort: &Cohort, proposal: &peermatch::plan::Proposal) -> (String, String) {
    use peermatch::report::svg::{map_svg, score_histogram_svg, MapPair, MapSchool};
    let schools: Vec<MapSchool> = cohort
        .schools
        .iter()
        .filter_map(|s| {
            let l = s.location.as_ref()?;
            let name = if s.name.is_empty() {
                s.id.clone()
            } else {
                s.name.clone()
            };
            Some(MapSchool::new(s.id.clone(), name, l.lat, l.lon))
        })
        .collect();
    // Pseudonymised proposals keep the cohort order, so look teachers up by position.
    let school_of = |id: &str| {
        proposal
            .teachers
            .iter()
            .position(|t| t == id)
            .map(|i| cohort.teachers[i].school.clone())
            .unwrap_or_default()
    };
    let pairs: Vec<MapPair> = proposal
        .pairs
        .iter()
        .map(|p| MapPair::new(school_of(&p.a), school_of(&p.b), p.score.total))
        .collect();
    let scores: Vec<i64> = proposal.pairs.iter().map(|p| p.score.total).collect();
    (map_svg(&schools, &pairs), score_histogram_svg(&scores, 10))
}

fn main() -> ExitCode {
    output::quiet_on_closed_stdout();
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(code)
        }
    }
}
