//! Forms peer groups (4–6 teachers by default) from a cohort and prints them.
//!
//! ```sh
//! cargo run --example form_groups
//! cargo run --example form_groups -- --cohort examples/data/pilot_cohort.json --min 3 --max 4 --seed 7
//! cargo run --example form_groups -- --json
//! cargo run --example form_groups -- --out groups-report
//! cargo run --release --example form_groups -- --instance RanReal_n120_ss_01.txt --time-limit 3 --seed 1 --json
//! ```
//!
//! With `--instance FILE` the program is a solver for the MDGPLIB benchmark format
//! (`peermatch::groups::instance`): exactly `m` groups, group `g` within `[a_g, b_g]`; it
//! prints `objective VALUE` (recomputed from the groups, in the file's units) and
//! `seconds T`, or with `--json` one object
//! `{"objective": VALUE, "seconds": T, "groups": [[0-based members], ...]}`.
//! `--time-limit SECONDS` (wall clock), `--cpu-time-limit SECONDS` (the solving thread's
//! CPU time) and/or `--rounds N` set the budget (default: the library's default rounds).
//!
//! Exit status 2 on bad input (unreadable or invalid files with the line number,
//! impossible group sizes).

#[path = "support/output.rs"]
mod output;
#[path = "support/progress.rs"]
mod progress;

use std::process::ExitCode;

use clap::Parser;
use peermatch::cohort::Cohort;
use peermatch::compat::{CandidateMode, Policy, SCALE};
use peermatch::graph::CompatibilityGraph;
use peermatch::groups::{form_groups, parse_mdgplib, search, GroupOptions, SearchOptions};

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
    /// No progress spinner on stderr (it is only drawn on a terminal, after a second).
    #[arg(long)]
    quiet: bool,
    /// Perturbation rounds (kicks) of the group search (default: the library's).
    #[arg(long)]
    kicks: Option<usize>,
    /// Keep only each teacher's K best partners in the graph (default: every feasible
    /// pair); needed for large cohorts, where groups then use the sparse search.
    #[arg(long)]
    top_k: Option<usize>,
    /// Solve an MDGPLIB instance file instead of a cohort.
    #[arg(long)]
    instance: Option<String>,
    /// Time budget in seconds (with --instance).
    #[arg(long)]
    time_limit: Option<f64>,
    /// CPU-time budget in seconds of the solving thread (with --instance; machine load
    /// does not shrink it, unlike --time-limit).
    #[arg(long)]
    cpu_time_limit: Option<f64>,
    /// Budget in perturbation rounds (with --instance; deterministic under --seed).
    #[arg(long)]
    rounds: Option<u64>,
    /// Perturbation steps per round (with --instance; default max(2, n / (2m))).
    #[arg(long)]
    strength: Option<usize>,
    /// Also write groups.json, meetings.json, groups.csv, summary.md, groups.svg and
    /// report.html (with each group's venue, travel and suggested slot) into this folder
    /// (created if missing).
    #[arg(long)]
    out: Option<std::path::PathBuf>,
}

fn solve_instance(path: &str, args: &Args) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return fail(format_args!("cannot read instance {path}: {e}")),
    };
    let start = std::time::Instant::now();
    let inst = match parse_mdgplib(&text) {
        Ok(i) => i,
        Err(e) => return fail(format_args!("{path}: {e}")),
    };
    let time_limit = match args.time_limit {
        None => None,
        Some(t) if (0.0..1e9).contains(&t) => Some(std::time::Duration::from_secs_f64(t)),
        Some(t) => return fail(format_args!("--time-limit {t} is not a number of seconds")),
    };
    let cpu_time_limit = match args.cpu_time_limit {
        None => None,
        Some(t) if (0.0..1e9).contains(&t) => Some(std::time::Duration::from_secs_f64(t)),
        Some(t) => {
            return fail(format_args!(
                "--cpu-time-limit {t} is not a number of seconds"
            ))
        }
    };
    let problem = match inst.problem() {
        Ok(p) => p,
        Err(e) => return fail(format_args!("{path}: {e}")),
    };
    let opts = SearchOptions {
        seed: args.seed,
        time_limit,
        cpu_time_limit,
        max_rounds: args.rounds,
        strength: args.strength,
        ..SearchOptions::default()
    };
    let sol = match search(&problem, &opts) {
        Ok(s) => s,
        Err(e) => return fail(format_args!("{path}: {e}")),
    };
    let seconds = start.elapsed().as_secs_f64();
    let objective = inst.format_value(sol.objective);
    if args.json {
        let groups = serde_json::to_string(&sol.groups).unwrap_or_default();
        println!("{{\"objective\": {objective}, \"seconds\": {seconds:.3}, \"groups\": {groups}}}");
    } else {
        println!("objective {objective}");
        println!("seconds {seconds:.3}");
        println!(
            "{} participants in {} groups ({} rounds, {} local-search passes)",
            inst.n,
            sol.groups.len(),
            sol.rounds,
            sol.passes
        );
        for (g, m) in sol.groups.iter().enumerate() {
            let (lo, hi) = inst.bounds[g];
            let list: Vec<String> = m.iter().map(|v| v.to_string()).collect();
            println!("group {g} ({} in {lo}..={hi}): {}", m.len(), list.join(" "));
        }
    }
    ExitCode::SUCCESS
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    output::quiet_on_closed_stdout();
    let args = Args::parse();
    if let Some(path) = &args.instance {
        return solve_instance(path, &args);
    }
    let mut progress = progress::Progress::new(args.quiet);
    progress.stage("load", "reading the cohort and the policy");
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
    let mode = match args.top_k {
        Some(k) => CandidateMode::TopK { k },
        None => CandidateMode::Exact,
    };
    progress.stage("graph", "scoring the pairs");
    let graph = match CompatibilityGraph::build(&cohort, &policy, mode) {
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
        kicks: args.kicks.unwrap_or(peermatch::groups::DEFAULT_KICKS),
        ..GroupOptions::default()
    };
    progress.stage("solve", "forming the groups");
    let plan = match form_groups(&graph, &opts) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    progress.finish();
    if let Some(dir) = &args.out {
        let roster = peermatch::report::Roster::from_cohort(&cohort);
        let meetings = peermatch::groups::plan_meetings(&graph, &plan);
        match peermatch::report::groups::write_groups_bundle(dir, &plan, &meetings, &roster) {
            Ok(files) => eprintln!("wrote {} files to {}", files.len(), dir.display()),
            Err(e) => return fail(format_args!("cannot write the report: {e}")),
        }
    }
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
