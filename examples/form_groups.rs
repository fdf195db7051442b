//! Forms peer groups (4–6 teachers by default) from a cohort and prints them.
//!
//! ```sh
//! cargo run --example form_groups
//! cargo run --example form_groups -- --cohort examples/data/pilot_cohort.json --min 3 --max 4 --seed 7
//! cargo run --example form_groups -- --json
//! ```
//!
//! Exit status 2 on bad input (unreadable or invalid files, impossible group sizes).

#[path = "support/output.rs"]
mod output;

use std::process::ExitCode;

use clap::Parser;
use peermatch::cohort::Cohort;
use peermatch::compat::{CandidateMode, Policy, SCALE};
use peermatch::graph::CompatibilityGraph;
use peermatch::groups::{form_groups, GroupOptions};

#[derive(Parser)]
#[command(about = "Form peer groups of teachers with high compatibility and a mix of schools")]
struct Args {
    /// Cohort file (.json or .csv).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/pilot_cohort.json"))]
    cohort: String,
    /// Policy file (.toml or .json); built-in defaults when omitted.
    #[arg(long)]
    policy: Option<String>,
    /// Smallest group.
    #[arg(long, default_value_t = 4)]
    min: usize,
    /// Largest group.
    #[arg(long, default_value_t = 6)]
    max: usize,
    /// Penalty in points for each same-school pair in a group.
    #[arg(long, default_value_t = 10)]
    school_mix: i64,
    /// Seed for tie-breaking and perturbation.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Print the plan as JSON instead of text.
    #[arg(long)]
    json: bool,
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    output::quiet_on_closed_stdout();
    let args = Args::parse();
    let cohort = match Cohort::from_path(&args.cohort) {
        Ok(c) => c,
        Err(e) => return fail(format_args!("cannot load cohort {}: {e}", args.cohort)),
    };
    let policy = match &args.policy {
        Some(p) => match Policy::from_path(p) {
            Ok(p) => p,
            Err(e) => return fail(format_args!("cannot load policy {p}: {e}")),
        },
        None => Policy::default(),
    };
    let graph = match CompatibilityGraph::build(&cohort, &policy, CandidateMode::Exact) {
        Ok(g) => g,
        Err(e) => return fail(e),
    };
    let Some(mix) = args.school_mix.checked_mul(SCALE) else {
        return fail(format_args!(
            "--school-mix {} is too large",
            args.school_mix
        ));
    };
    let opts = GroupOptions {
        min_size: args.min,
        max_size: args.max,
        school_mix_weight: mix,
        seed: args.seed,
        ..GroupOptions::default()
    };
    let plan = match form_groups(&graph, &opts) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if args.json {
        match serde_json::to_string_pretty(&plan) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(e),
        }
        return ExitCode::SUCCESS;
    }
    let pts = |u: i64| u as f64 / SCALE as f64;
    println!(
        "{} teachers in {} groups of {}–{} (objective {:.1} points, {} local-search passes{})",
        graph.node_count(),
        plan.groups.len(),
        opts.min_size,
        opts.max_size,
        pts(plan.objective),
        plan.passes,
        if plan.local_optimum {
            ", local optimum"
        } else {
            ""
        }
    );
    for (i, g) in plan.groups.iter().enumerate() {
        println!(
            "\nGroup {} — score {:.1} points, {} school(s), {} same-school pair(s), {} infeasible pair(s)",
            i + 1,
            pts(g.score),
            g.schools.len(),
            g.same_school_pairs,
            g.infeasible_pairs
        );
        for &m in &g.members {
            let t = &cohort.teachers[m];
            let school = cohort
                .school_index(&t.school)
                .map_or(t.school.as_str(), |s| cohort.schools[s].name.as_str());
            println!(
                "  {:<8} {:<24} {:<28} {}",
                t.id,
                t.label(),
                school,
                t.subjects.join(", ")
            );
        }
    }
    for n in &plan.notices {
        println!("note: {n}");
    }
    ExitCode::SUCCESS
}
