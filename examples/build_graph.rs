//! Loads a cohort (JSON or CSV) or generates one, prints a validation report and graph
//! statistics, explains why isolated teachers can meet nobody, and writes the graph.
//!
//! ```sh
//! cargo run --example build_graph -- examples/data/pilot_cohort.json --policy examples/data/policy.toml
//! cargo run --release --example build_graph -- --generate 20000 --seed 1 --top-k 30
//! cargo run --example build_graph -- examples/data/city_maths_cohort.json --plans
//! ```
//!
//! Exit codes: 0 success, 2 bad input or arguments, 1 other failures (writing outputs).

#[path = "support/output.rs"]
mod output;

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Parser;
use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::cohort::{Cohort, LoadError};
use peermatch::compat::{BuildError, CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;
use peermatch::plan::Blockers;
use peermatch::report::{validation_notes, Roster};

#[derive(Parser)]
#[command(about = "Build a compatibility graph from a cohort file")]
struct Args {
    /// Cohort file (.json or .csv). Omit with --generate.
    cohort: Option<String>,
    /// Policy file (.toml or .json); defaults built in.
    #[arg(long)]
    policy: Option<String>,
    /// Keep only each teacher's k best partners (default: exact mode, all feasible pairs).
    #[arg(long)]
    top_k: Option<usize>,
    /// Generate a regional cohort of this many teachers instead of reading a file.
    #[arg(long)]
    generate: Option<usize>,
    /// Seed for --generate.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the graph as JSON here.
    #[arg(long)]
    out: Option<String>,
    /// Write the (loaded or generated) cohort in CSV form here.
    #[arg(long)]
    write_csv: Option<String>,
    /// Print the explanation of every edge.
    #[arg(long)]
    explain: bool,
    /// Print how the feasible pairs meet: a tally per meeting mode, then every edge's
    /// meeting plan (mode, windows, minutes a week, robust minutes, who travels where).
    #[arg(long)]
    plans: bool,
}

/// Exit status for bad input or arguments (a cohort or policy that does not load or
/// validate); 1 stays for failures writing the outputs.
fn bad_input() -> ExitCode {
    ExitCode::from(2)
}

fn main() -> ExitCode {
    output::quiet_on_closed_stdout();
    let args = Args::parse();
    let cohort = match (&args.cohort, args.generate) {
        (_, Some(n)) => generate(&GeneratorConfig::region(n, args.seed)),
        (Some(path), None) => match Cohort::from_path(path) {
            Ok(c) => c,
            Err(LoadError::Invalid(e)) => {
                eprintln!("{e}");
                return bad_input();
            }
            Err(e) => {
                eprintln!("error: {e}");
                return bad_input();
            }
        },
        (None, None) => {
            eprintln!("give a cohort file or --generate N");
            return bad_input();
        }
    };
    if let Some(p) = &args.write_csv {
        if let Err(e) = std::fs::write(p, cohort.to_csv_string()) {
            eprintln!("cannot write {p}: {e}");
            return ExitCode::FAILURE;
        }
    }
    let policy = match &args.policy {
        Some(p) => match Policy::from_path_with_notices(p) {
            Ok((p, notes)) => {
                for n in notes {
                    eprintln!("policy note: {n}");
                }
                p
            }
            Err(e) => {
                eprintln!("error: {e}");
                return bad_input();
            }
        },
        None => Policy::default(),
    };
    let mode = match args.top_k {
        Some(k) => CandidateMode::TopK { k },
        None => CandidateMode::Exact,
    };
    println!(
        "cohort: {} teachers, {} schools",
        cohort.teachers.len(),
        cohort.schools.len()
    );
    let start = std::time::Instant::now();
    let graph = match CompatibilityGraph::build(&cohort, &policy, mode) {
        Ok(g) => g,
        Err(BuildError::Invalid(e)) => {
            println!("validation: FAILED");
            println!("{e}");
            return bad_input();
        }
        // A policy out of range, or an exact graph over the pair budget: bad input (2).
        Err(e) => {
            eprintln!("error: {e}");
            return bad_input();
        }
    };
    let elapsed = start.elapsed();
    let notices = graph.scorer().notices();
    println!("validation: ok, {} notice(s)", notices.len());
    // In words, with names; notices of one kind about many teachers share one line.
    let roster = Roster::from_cohort(&cohort);
    let notes = validation_notes(notices, &roster);
    for n in notes.iter().take(20) {
        println!("  note: {n}");
    }
    if notes.len() > 20 {
        println!("  … {} more", notes.len() - 20);
    }
    let s = graph.stats();
    println!("graph ({mode:?}) built in {elapsed:.2?}:");
    println!("  edges            {}", s.edges);
    println!("  isolated         {}", s.isolated);
    println!("  components       {}", s.components);
    println!(
        "  degree           min {} / mean {:.1} / max {}",
        s.degree_min, s.degree_mean, s.degree_max
    );
    println!("  mean score       {:.1} points", s.mean_score_points);
    println!(
        "  candidates       {} school pairs, {} pairs scored, {} feasible",
        s.candidates.school_pairs, s.candidates.pairs_scored, s.candidates.pairs_feasible
    );
    // Why can isolated teachers meet nobody? The rules that block them, counted over their
    // colleagues (small cohorts: O(n) pair explanations per isolated teacher).
    if graph.node_count() <= 2000 {
        for a in 0..graph.node_count() {
            if graph.neighbours(a).next().is_some() {
                continue;
            }
            if let Some(b) = Blockers::of(&graph, a) {
                let best = b.best_time.as_ref().map(|(id, m)| (roster.label(id), *m));
                let b = Blockers {
                    best_time: best,
                    ..b
                };
                println!(
                    "  {} can meet nobody: {b}",
                    roster.label(graph.teacher_id(a))
                );
            }
        }
    }
    if args.plans {
        let mut tally: BTreeMap<String, (usize, u32)> = BTreeMap::new();
        for (_, _, sc) in graph.edges() {
            let key = sc
                .meeting
                .map_or("no plan (pinned)".to_string(), |m| m.mode.to_string());
            let e = tally.entry(key).or_insert((0, u32::MAX));
            e.0 += 1;
            e.1 = e.1.min(sc.meeting.map_or(0, |m| m.robust_minutes));
        }
        println!("meeting plans:");
        for (mode, (n, robust)) in &tally {
            println!("  {mode:<26} {n:>7} pair(s), fewest robust minutes {robust}");
        }
        for (a, b, _) in graph.edges() {
            if let Some(plan) = graph.scorer().meeting_plan(a, b) {
                let windows: Vec<String> = plan.windows.iter().map(|w| w.to_string()).collect();
                println!(
                    "  {} + {}: {} [{}]",
                    roster.name_and_id(graph.teacher_id(a)),
                    roster.name_and_id(graph.teacher_id(b)),
                    plan.named(&roster),
                    windows.join(", ")
                );
            }
        }
    }
    if args.explain {
        for (a, b, _) in graph.edges() {
            if let Ok(e) = graph.explain_index(a, b) {
                println!("{}", e.named(&roster)); // an edge: a < b, both in range
            }
        }
    }
    if let Some(p) = &args.out {
        let json = serde_json::to_string_pretty(&graph).expect("graph serialises");
        if let Err(e) = std::fs::write(p, json) {
            eprintln!("cannot write {p}: {e}");
            return ExitCode::FAILURE;
        }
        println!("graph written to {p}");
    }
    ExitCode::SUCCESS
}
