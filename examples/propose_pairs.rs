//! Proposes mentoring pairs for a cohort and prints (or writes) the reports.
//!
//! ```sh
//! cargo run --release --example propose_pairs                 # bundled pilot cohort
//! cargo run --release --example propose_pairs -- --cohort my.json --policy policy.toml --out out/
//! cargo run --release --example propose_pairs -- --compare            # every objective side by side
//! ```
//!
//! Runs longer than a second show a spinner per stage on stderr (load, graph, solve, audit,
//! what would help, compare, reports; terminals only; `--quiet`
//! turns it off).
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
use peermatch::plan::{Objective, OddPolicy, PastPair, PlanStage, Planner, PlannerOptions};
use peermatch::report;
use peermatch::report::bundle::{self, BundleOptions, PseudonymOptions};
use peermatch::report::compare::{objective_name, Comparison, OBJECTIVES};

#[path = "support/progress.rs"]
mod progress;
#[path = "support/term.rs"]
mod support;

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
    /// Write the bundle into this directory instead of printing the summary:
    /// proposal.json, pairs.csv, summary.md, map.svg, scores.svg, report.html, letters/,
    /// calendar/ (and pseudonym-key.csv with --pseudonymise).
    #[arg(long)]
    out: Option<PathBuf>,
    /// What to optimise (default: participation, the most teachers with a partner, then
    /// the best total score).
    #[arg(long, value_enum, default_value = "participation")]
    objective: Obj,
    /// Odd cohorts: form a trio instead of leaving someone out.
    #[arg(long)]
    trio: bool,
    /// Replace teacher and school ids and names by random seeded codes (seed: --seed),
    /// suppress per-school counts below the policy's `report.min_cell_size` (default 3),
    /// draw the map as a schematic without real positions, and write pseudonym-key.csv.
    #[arg(long)]
    pseudonymise: bool,
    /// First day of the term for the calendar files (YYYY-MM-DD; default: today).
    #[arg(long)]
    term_start: Option<String>,
    /// Last day of the term (YYYY-MM-DD; default: the Friday of the tenth week).
    #[arg(long)]
    term_end: Option<String>,
    /// Earlier proposal (JSON) whose pairs met in the previous round; needs
    /// `--cooldown` and/or `--history-penalty` to have any effect.
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
    /// Plan every objective on the same cohort and print them side by side (pairs,
    /// teachers matched, total score, weakest pair, blocking pairs under stated
    /// preferences, first choices) before the summary; with --out the table is also a
    /// section of report.html (the rest of the bundle shows --objective).
    #[arg(long)]
    compare: bool,
    /// No progress spinner on stderr (it is only drawn on a terminal, after a second).
    #[arg(long)]
    quiet: bool,
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
    let mut progress = progress::Progress::new(args.quiet);
    progress.stage("load", "reading the cohort and the policy");
    let cohort = Cohort::from_path(&args.cohort)
        .map_err(|e| bad(format!("{}: {e}", args.cohort.display())))?;
    let policy = load_policy(args.policy.as_deref()).map_err(bad)?;
    let mut history = Vec::new();
    if args.history.is_some() && args.cooldown == 0 && args.history_penalty == 0 {
        return Err(bad(
            "--history needs a rule: --cooldown N forbids pairs that met within the last N rounds, --history-penalty P subtracts P points from every pair that met before"
                .into(),
        ));
    }
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
    let min_cell = policy.report.min_cell_size;
    let planner = Planner::new(cohort, policy).with_options(options);
    let plan_error = |e: peermatch::plan::PlanError| {
        let file = args.cohort.display();
        match e {
            peermatch::plan::PlanError::Build(_) => bad(format!("{file}: {e}")),
            _ => (1, e.to_string()),
        }
    };
    let proposal = planner
        .plan_with_progress(planner.options(), &mut |stage| {
            let what = match stage {
                PlanStage::Graph => "scoring the candidate pairs",
                PlanStage::Solve => "solving the objective",
                PlanStage::Audit => "fairness audit and explanations",
                PlanStage::Sensitivity => "re-planning with each rule relaxed one step",
                _ => "planning",
            };
            progress.stage(&stage.to_string(), what);
        })
        .map_err(plan_error)?;
    let comparison = if args.compare {
        let mut all = Vec::with_capacity(OBJECTIVES.len());
        for objective in OBJECTIVES {
            progress.stage(
                "compare",
                &format!("graph, solve and audit: {}", objective_name(objective)),
            );
            let o = peermatch::plan::PlannerOptions {
                objective,
                ..planner.options().clone()
            };
            all.push(if objective == proposal.objective {
                proposal.clone()
            } else {
                planner.plan_with(&o).map_err(plan_error)?
            });
        }
        Some(Comparison::new(planner.cohort(), &all, proposal.objective))
    } else {
        None
    };
    progress.stage("reports", "writing the reports");
    let pseudonymise = args.pseudonymise.then_some(PseudonymOptions {
        seed: args.seed,
        min_cell: min_cell as usize,
    });
    match &args.out {
        None => {
            let (p, roster, _) = bundle::prepare(&proposal, planner.cohort(), pseudonymise);
            if let Some(c) = &comparison {
                println!("{}", c.table());
            }
            print!("{}", report::markdown::summary_with(&p, &roster));
        }
        Some(dir) => {
            let term =
                support::term(args.term_start.as_deref(), args.term_end.as_deref()).map_err(bad)?;
            let options = BundleOptions { term, pseudonymise };
            bundle::write_bundle_with(
                dir,
                &proposal,
                planner.cohort(),
                &options,
                comparison.as_ref(),
            )
            .map_err(|e| (1, e.to_string()))?;
            if let Some(c) = &comparison {
                println!("{}", c.table());
            }
            println!(
                "wrote {} pairs to {}/{{proposal.json,pairs.csv,summary.md,map.svg,scores.svg,report.html,letters/,calendar/}}",
                proposal.pairs.len(),
                dir.display()
            );
        }
    }
    progress.finish();
    Ok(())
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
