//! Forms peer groups (4–6 teachers by default) from a cohort and prints them.
//!
//! ```sh
//! cargo run --example form_groups
//! cargo run --example form_groups -- --cohort examples/data/pilot_cohort.json --min 3 --max 4 --seed 7
//! cargo run --example form_groups -- --json
//! cargo run --example form_groups -- --out groups-report
//! cargo run --example form_groups -- --max-travel 30 --min-schools 3
//! cargo run --example form_groups -- --pairs out/proposal.json --pairs-mode apart
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
//! The text output lists each group's venue (the member school with the least total
//! travel, or under `--max-travel` the fewest members over the cap), its suggested
//! meeting slot (or why there is none), each member's travel minutes, and notices naming
//! teachers by name. Optional constraints: `--max-travel MINUTES` (each member's one-way
//! travel to the venue), `--pairs proposal.json --pairs-mode together|apart` (the
//! mentoring pairs of a `propose_pairs` proposal, trio thirds with their pair) and
//! `--min-schools K`; constraints that cannot be met are listed as notes. A member whose
//! one-way travel to the venue is more than `--long-travel MINUTES` (default 45, or the
//! `--max-travel` cap when given) gets a note too (advice only: the groups do not change).
//!
//! Exit status 2 on bad input (unreadable or invalid files with the line number,
//! impossible group sizes, a pair naming a teacher not in the cohort).

#[path = "support/output.rs"]
mod output;
#[path = "support/progress.rs"]
mod progress;

use std::process::ExitCode;

use clap::Parser;
use peermatch::cohort::Cohort;
use peermatch::compat::{CandidateMode, Policy, SCALE};
use peermatch::graph::CompatibilityGraph;
use peermatch::groups::notice::{
    long_travel_notices, TravelAdvice, Wording, DEFAULT_LONG_TRAVEL_MINUTES,
};
use peermatch::groups::{
    form_groups_constrained, parse_mdgplib, plan_meetings_with, search, GroupConstraints,
    GroupNotice, GroupOptions, MeetingOptions, PairsMode, Participant, SearchOptions,
};

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
    /// Cap on each member's one-way travel minutes to the group's venue.
    #[arg(long, value_name = "MINUTES")]
    max_travel: Option<u32>,
    /// A proposal.json written by propose_pairs: keep its mentoring pairs (and trio
    /// thirds) together or apart (see --pairs-mode).
    #[arg(long, value_name = "PROPOSAL")]
    pairs: Option<std::path::PathBuf>,
    /// With --pairs: `together` (each pair in one group) or `apart` (in different groups).
    #[arg(long, value_enum, default_value = "together")]
    pairs_mode: PairsModeArg,
    /// At least K distinct schools in each group.
    #[arg(long, value_name = "K")]
    min_schools: Option<usize>,
    /// Flag (as a note; the groups do not change) each member whose one-way travel to
    /// the group's venue is more than this many minutes. Default: the --max-travel cap
    /// when one is given (members over it are already noted), else 45
    /// (peermatch::groups::notice::DEFAULT_LONG_TRAVEL_MINUTES).
    #[arg(long, value_name = "MINUTES")]
    long_travel: Option<u32>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PairsModeArg {
    Together,
    Apart,
}

/// The mentoring pairs of a proposal.json, each trio third paired with both members.
fn proposal_pairs(path: &std::path::Path) -> Result<Vec<(String, String)>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let proposal = peermatch::report::from_json(&text)
        .map_err(|e| format!("{}: not a proposal: {e}", path.display()))?;
    let mut pairs = Vec::new();
    for p in &proposal.pairs {
        pairs.push((p.a.clone(), p.b.clone()));
        if let Some(t) = &p.third {
            pairs.push((p.a.clone(), t.id.clone()));
            pairs.push((p.b.clone(), t.id.clone()));
        }
    }
    Ok(pairs)
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
    let pairs = match &args.pairs {
        Some(path) => match proposal_pairs(path) {
            Ok(p) => p,
            Err(e) => return fail(e),
        },
        None => Vec::new(),
    };
    let constraints = GroupConstraints {
        max_travel_minutes: args.max_travel,
        pairs,
        pairs_mode: match args.pairs_mode {
            PairsModeArg::Together => PairsMode::Together,
            PairsModeArg::Apart => PairsMode::Apart,
        },
        min_schools: args.min_schools,
    };
    progress.stage("solve", "forming the groups");
    let all: Vec<usize> = (0..graph.node_count()).collect();
    let mut plan = match form_groups_constrained(&graph, &all, &opts, &constraints) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    progress.finish();
    let meetings = plan_meetings_with(
        &graph,
        &plan,
        &MeetingOptions {
            max_travel_minutes: args.max_travel,
        },
    );
    let advice = TravelAdvice {
        long_travel_minutes: args
            .long_travel
            .or(args.max_travel)
            .unwrap_or(DEFAULT_LONG_TRAVEL_MINUTES),
    };
    let advisories = long_travel_notices(&plan, &meetings, &advice);
    plan.notices.extend(advisories);
    if let Some(dir) = &args.out {
        let roster = peermatch::report::Roster::from_cohort(&cohort);
        match peermatch::report::groups::write_groups_bundle(dir, &plan, &meetings, &roster) {
            Ok(files) => eprintln!("wrote {} files to {}", files.len(), dir.display()),
            Err(e) => return fail(format_args!("cannot write the report: {e}")),
        }
    }
    if args.json {
        match peermatch::report::groups::groups_json(&plan) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(e),
        }
        return ExitCode::SUCCESS;
    }
    let pts = |u: i64| u as f64 / SCALE as f64;
    // Plain words for the coordinator; the search's own counters (passes, whether it ended
    // at a local optimum) stay in groups.json, and an early stop is a note below.
    println!(
        "{} teachers in {} groups of {}–{}, total score {:.1} points (the sum of the groups' scores)",
        graph.node_count(),
        plan.groups.len(),
        opts.min_size,
        opts.max_size,
        pts(plan.objective),
    );
    let name_of = |id: &str| match cohort.teachers.iter().find(|t| t.id == id) {
        Some(t) if t.name.is_some() => format!("{} ({id})", t.label()),
        _ => id.to_string(),
    };
    let school_name = |sid: &str| {
        cohort
            .school_index(sid)
            .map_or(sid.to_string(), |s| cohort.schools[s].name.clone())
    };
    for (i, g) in plan.groups.iter().enumerate() {
        println!(
            "\nGroup {} — score {:.1} points, {} school(s), {} same-school pair(s)",
            i + 1,
            pts(g.score),
            g.schools.len(),
            g.same_school_pairs
        );
        if let Some(words) = peermatch::report::groups::infeasible_pairs_words(&plan, i) {
            println!("  {words}");
        }
        let m = meetings.iter().find(|m| m.group == i);
        let venue = m.and_then(|m| m.venue.as_ref());
        let slot = match m {
            Some(m) => match (&m.slot, &m.why) {
                (Some(s), _) => s.to_string(),
                (None, Some(why)) => format!("none: {}", why.named(&name_of)),
                (None, None) => "none".to_string(),
            },
            None => "none".to_string(),
        };
        println!(
            "  Venue: {}. Meeting: {slot}.",
            venue.map_or("none".to_string(), |v| format!(
                "{} ({} min travel in total)",
                school_name(&v.school_id),
                v.total_travel_minutes
            ))
        );
        for (k, &m) in g.members.iter().enumerate() {
            let t = &cohort.teachers[m];
            let travel = venue
                .and_then(|v| v.travel_minutes.get(k))
                .map_or("  ? min".to_string(), |t| format!("{t:>3} min"));
            // The trip flagged by a note (a cap or the long-trip advice), at the line's end.
            let flag = plan.notices.iter().find_map(|n| match n {
                GroupNotice::TravelCapExceeded { group, over, .. }
                    if *group == i && over.iter().any(|o| o.member.index == m) =>
                {
                    Some("  (over the travel cap)")
                }
                GroupNotice::LongTravel { group, member, .. }
                    if *group == i && member.index == m =>
                {
                    Some("  (long trip)")
                }
                _ => None,
            });
            println!(
                "  {:<8} {:<24} {:<28} {travel}  {}{}",
                t.id,
                t.label(),
                school_name(&t.school),
                t.subjects.join(", "),
                flag.unwrap_or("")
            );
        }
    }
    let named = |p: &Participant| p.id.as_deref().map_or(p.to_string(), name_of);
    let school = |sid: &str| school_name(sid);
    let words = Wording {
        teacher: &named,
        school: &school,
        groups: &plan.groups,
    };
    for n in &plan.notices {
        println!("note: {}", n.for_coordinator(&words));
    }
    ExitCode::SUCCESS
}
