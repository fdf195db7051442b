//! Times the planner's stages on one cohort file, as `propose_pairs` runs them without
//! `--out`: load, graph, solve, audit, what would help, the printed summary. Each stage's
//! CPU time (user + system, from `/proc/self/stat`, 10 ms ticks on Linux; wall time
//! elsewhere) is summed over `--reps` runs and divided by `--reps`, in milliseconds; the
//! CPU time is the fair measure on a shared, loaded machine.
//!
//! ```sh
//! cargo run --release --example build_graph -- --generate 20000 --seed 1 --write-csv /tmp/c20k.csv
//! cargo run --release --example plan_stages -- --cohort /tmp/c20k.csv --objective max-cardinality --reps 5
//! ```

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use peermatch::cohort::Cohort;
use peermatch::compat::Policy;
use peermatch::plan::{Objective, PlanStage, Planner, PlannerOptions};
use peermatch::report;
use peermatch::report::bundle;

/// Per-stage timings of the planner.
#[derive(Parser, Debug)]
struct Args {
    /// Cohort file (.json or .csv).
    #[arg(long)]
    cohort: PathBuf,
    /// Objective: participation, max-weight, max-cardinality, stable, min-regret.
    #[arg(long, default_value = "participation")]
    objective: String,
    /// Runs; each stage reports its fastest.
    #[arg(long, default_value_t = 3)]
    reps: usize,
}

const OBJECTIVES: [Objective; 5] = [
    Objective::Participation,
    Objective::MaxWeight,
    Objective::MaxCardinalityThenWeight,
    Objective::Stable,
    Objective::MinRegret,
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let objective = OBJECTIVES
        .into_iter()
        .find(|o| o.to_string() == args.objective)
        .ok_or_else(|| format!("unknown objective {}", args.objective))?;
    let options = PlannerOptions {
        objective,
        round: 1,
        ..PlannerOptions::default()
    };
    let reps = args.reps.max(1);
    let mut sum: Vec<(String, f64)> = Vec::new();
    for _ in 0..reps {
        let mut times: Vec<(String, f64)> = Vec::new();
        let mut t = cpu_ms();
        let cohort = Cohort::from_path(&args.cohort)?;
        times.push(("load".into(), cpu_ms() - t));
        let planner = Planner::new(cohort, Policy::default()).with_options(options.clone());
        let mut stage = "start".to_string();
        t = cpu_ms();
        let proposal = planner.plan_with_progress(&options, &mut |s: PlanStage| {
            times.push((stage.clone(), cpu_ms() - t));
            stage = s.to_string();
            t = cpu_ms();
        })?;
        times.push((stage, cpu_ms() - t));
        t = cpu_ms();
        let (p, roster, _) = bundle::prepare(&proposal, planner.cohort(), None);
        let text = report::markdown::summary_with(&p, &roster);
        times.push(("summary".into(), cpu_ms() - t));
        std::hint::black_box(text.len());
        times.retain(|(s, _)| s != "start");
        if sum.is_empty() {
            sum = times;
        } else {
            for (b, x) in sum.iter_mut().zip(times) {
                b.1 += x.1;
            }
        }
    }
    let total: f64 = sum.iter().map(|x| x.1).sum();
    for (s, d) in &sum {
        println!("{s:>16} {:9.1} ms", d / reps as f64);
    }
    println!("{:>16} {:9.1} ms", "total", total / reps as f64);
    Ok(())
}

/// CPU milliseconds of this process so far (user + system), or wall milliseconds since
/// the first call where `/proc/self/stat` is missing.
fn cpu_ms() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces) start at ") ".
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after it.
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        });
    match ticks {
        // USER_HZ is 100 on every Linux the crate is built for.
        Some(t) => t as f64 * 10.0,
        None => start.elapsed().as_secs_f64() * 1e3,
    }
}
