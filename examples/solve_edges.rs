//! Solves maximum-weight matching on a text edge list and prints the result.
//!
//! ```sh
//! cargo run --release --example solve_edges -- examples/data/sample_graph.txt --verify
//! cargo run --release --example solve_edges -- --max-cardinality --pairs < graph.txt
//! cargo run --release --example solve_edges -- graph.txt --capacity caps.txt --pairs
//! ```
//!
//! With `--capacity FILE` (one non-negative integer per vertex, one per line) the program
//! solves exact maximum-weight b-matching instead: vertex `v` takes up to `b_v` partners,
//! every pair at most once.
//!
//! Input format: a header line `n m`, then `m` lines `u v w` (0-based vertices, integer
//! weights). Blank lines and `#` comments are ignored. Malformed input is reported with its
//! line number and exit code 2; a certificate that fails to verify gives exit code 1.

#[path = "support/output.rs"]
mod output;

#[path = "support/edge_list.rs"]
mod edge_list;

#[path = "support/sparse_ids.rs"]
mod sparse_ids;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use peermatch::matching::reductions::max_weight_b_matching;
use peermatch::matching::{
    max_weight_matching, max_weight_matching_with_certificate, verify, Mode, WeightedGraph,
};

/// Exact maximum-weight matching of a text edge list.
///
/// The input starts with a header line `n m` (vertex count, edge count) followed by m lines
/// `u v w`: an edge between 0-based vertices u and v with integer weight w. Blank lines and
/// `#` comments are ignored; parallel edges keep the heaviest weight. Prints the total weight,
/// the number of pairs and the time taken to parse and to solve (the library call only).
///
/// Exit codes: 0 success, 1 the certificate failed to verify, 2 unreadable or malformed input.
#[derive(Parser, Debug)]
#[command(version, about, long_about)]
struct Args {
    /// Edge-list file; `-` or nothing reads standard input.
    input: Option<PathBuf>,

    /// Maximise the number of pairs first, then the weight (negative edges may be used).
    #[arg(long)]
    max_cardinality: bool,

    /// Print the matched pairs, one `u v w` line each (u < v), after the summary.
    #[arg(long)]
    pairs: bool,

    /// Compute the LP dual certificate with the matching and check it with the independent
    /// verifier; the solve time then includes building the certificate.
    #[arg(long)]
    verify: bool,

    /// Solve maximum-weight b-matching: FILE holds one non-negative integer capacity per
    /// vertex, one per line, in vertex order (0 allowed; blank lines and `#` comments
    /// ignored). `--pairs` then prints every chosen edge once. The b-matching is solved by
    /// Tutte's gadget and its certificate is always checked inside the solve; `--verify`
    /// reports the outcome. A capacity above a vertex's degree is solved as its degree (the
    /// same optimum) and the summary says how many were.
    #[arg(long, value_name = "FILE")]
    capacity: Option<PathBuf>,

    /// Solve R times (for benchmarking) and report the median as the solve time, with a
    /// `solve repeats:` line giving R, the minimum and the maximum. Default 1.
    #[arg(long, value_name = "R", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    repeat: u32,
}

/// Runs `solve` `r` times; returns the last result, the median and the (min, max) times.
fn timed<T>(r: u32, mut solve: impl FnMut() -> T) -> (T, f64, f64, f64) {
    let mut times = Vec::with_capacity(r as usize);
    let mut last = None;
    for _ in 0..r {
        let t = Instant::now();
        let out = solve();
        times.push(t.elapsed().as_secs_f64());
        last = Some(out);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let (min, max) = (times[0], times[times.len() - 1]);
    (last.expect("r >= 1"), median, min, max)
}

fn print_solve_time(r: u32, median: f64, min: f64, max: f64) {
    println!("solve time: {:.3} ms", median * 1e3);
    if r > 1 {
        println!(
            "solve repeats: {r} (median above; min {:.3} ms, max {:.3} ms)",
            min * 1e3,
            max * 1e3
        );
    }
}

fn read_input(path: Option<&PathBuf>) -> Result<(String, String), String> {
    match path {
        Some(p) if p.as_os_str() != "-" => std::fs::read_to_string(p)
            .map(|t| (t, p.display().to_string()))
            .map_err(|e| format!("cannot read {}: {e}", p.display())),
        _ => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok((text, "<stdin>".to_string()))
        }
    }
}

fn main() -> ExitCode {
    output::quiet_on_closed_stdout();
    let args = Args::parse();
    let mode = if args.max_cardinality {
        Mode::MaxCardinality
    } else {
        Mode::MaxWeight
    };

    let t_parse = Instant::now();
    let (text, source) = match read_input(args.input.as_ref()) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let graph = match edge_list::parse_edge_list(&text).and_then(|list| list.to_graph()) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {source}: {e}");
            return ExitCode::from(2);
        }
    };
    let caps = match &args.capacity {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => match edge_list::parse_capacities(&text, graph.vertex_count()) {
                Ok(c) => Some((c, path.display().to_string())),
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            },
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
    };
    let parse_secs = t_parse.elapsed().as_secs_f64();
    if let Some((caps, cap_source)) = caps {
        return solve_b(&args, mode, &graph, &source, caps, &cap_source, parse_secs);
    }

    // Memory follows the input, not the header: with many declared vertices without an
    // edge (`4294967294 1`), solve on the vertices that have one (support/sparse_ids.rs).
    let compacted = match sparse_ids::compact(&graph) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {source}: {e}");
            return ExitCode::from(2);
        }
    };
    let solved = compacted.as_ref().map_or(&graph, |c| &c.graph);
    let (result, solve_secs, min_secs, max_secs) = timed(args.repeat, || {
        if args.verify {
            max_weight_matching_with_certificate(solved, mode).map(|(m, c)| (m, Some(c)))
        } else {
            max_weight_matching(solved, mode).map(|m| (m, None))
        }
    });
    let (matching, cert) = match result {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {source}: {e}");
            return ExitCode::from(2);
        }
    };

    println!("input: {source}");
    println!(
        "graph: {} vertices, {} distinct edges",
        graph.vertex_count(),
        graph.edge_count()
    );
    if let Some(c) = &compacted {
        println!(
            "solved on: the {} vertices with an edge (the other {} are unmatched)",
            c.ids.len(),
            graph.vertex_count() - c.ids.len()
        );
    }
    println!("mode: {}", mode_text(mode));
    println!("total weight: {}", matching.weight());
    println!("cardinality: {}", matching.len());
    println!("parse time: {:.3} ms", parse_secs * 1e3);
    print_solve_time(args.repeat, solve_secs, min_secs, max_secs);

    let mut code = ExitCode::SUCCESS;
    if let Some(cert) = cert {
        let t_verify = Instant::now();
        let outcome = if cert.mode != mode {
            Err(format!(
                "the certificate is for mode {:?}, not {mode:?}",
                cert.mode
            ))
        } else {
            verify(solved, &matching, &cert).map_err(|e| e.to_string())
        };
        let verify_secs = t_verify.elapsed().as_secs_f64();
        match outcome {
            Ok(()) => println!(
                "certificate: OK ({} blossoms with positive dual; verified in {:.3} ms)",
                cert.blossoms.iter().filter(|b| b.dual > 0).count(),
                verify_secs * 1e3
            ),
            Err(e) => {
                println!("certificate: FAILED: {e}");
                code = ExitCode::from(1);
            }
        }
    }

    if args.pairs {
        use std::io::Write;
        let out = std::io::stdout();
        let mut out = std::io::BufWriter::new(out.lock());
        // One pass over the edges gives each matched pair its weight (memory follows the
        // number of pairs, not the declared vertex count; the printed order is unchanged).
        let pairs: Vec<(usize, usize)> = matching.pairs().collect();
        let mut sorted: Vec<(usize, usize, usize)> = pairs
            .iter()
            .enumerate()
            .map(|(i, &(u, v))| (u.min(v), u.max(v), i))
            .collect();
        sorted.sort_unstable();
        let mut pair_weight = vec![0i64; pairs.len()];
        for e in solved.edges() {
            let key = (e.u as usize, e.v as usize);
            if let Ok(k) = sorted.binary_search_by(|p| (p.0, p.1).cmp(&key)) {
                pair_weight[sorted[k].2] = e.weight;
            }
        }
        for (&(u, v), w) in pairs.iter().zip(&pair_weight) {
            let (u, v) = compacted.as_ref().map_or((u, v), |c| c.declared(u, v));
            // A closed stdout (e.g. `| head`) is not an error worth a panic.
            if writeln!(out, "{u} {v} {w}").is_err() {
                break;
            }
        }
    }
    code
}

fn mode_text(mode: Mode) -> &'static str {
    match mode {
        Mode::MaxWeight => "maximum weight",
        Mode::MaxCardinality => "maximum cardinality, then maximum weight",
    }
}

/// The `--capacity` path: exact maximum-weight b-matching, same summary lines as the
/// matching path plus one `capacity:` line.
fn solve_b(
    args: &Args,
    mode: Mode,
    graph: &WeightedGraph,
    source: &str,
    mut caps: Vec<u32>,
    cap_source: &str,
    parse_secs: f64,
) -> ExitCode {
    // A vertex never takes more partners than it has distinct neighbours, so capping the
    // capacity at the degree gives the same optimum and keeps the gadget graph O(n + m).
    let mut degree = vec![0u32; graph.vertex_count()];
    for e in graph.edges() {
        degree[e.u as usize] += 1;
        degree[e.v as usize] += 1;
    }
    let mut capped = 0usize;
    for (c, &d) in caps.iter_mut().zip(&degree) {
        if *c > d {
            *c = d;
            capped += 1;
        }
    }
    drop(degree);
    let total_cap: u64 = caps.iter().map(|&c| u64::from(c)).sum();

    let (result, solve_secs, min_secs, max_secs) =
        timed(args.repeat, || max_weight_b_matching(graph, &caps, mode));
    let b = match result {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {source}: {e}");
            return ExitCode::from(2);
        }
    };

    println!("input: {source}");
    println!(
        "graph: {} vertices, {} distinct edges",
        graph.vertex_count(),
        graph.edge_count()
    );
    println!(
        "capacity: {cap_source} (b-matching; total capacity {total_cap}; \
         {capped} capacities above the vertex degree solved as the degree)"
    );
    println!("mode: {}", mode_text(mode));
    println!("total weight: {}", b.weight);
    println!("cardinality: {}", b.pairs.len());
    println!("parse time: {:.3} ms", parse_secs * 1e3);
    print_solve_time(args.repeat, solve_secs, min_secs, max_secs);

    let mut code = ExitCode::SUCCESS;
    if args.verify {
        match &b.certificate {
            Ok(()) => println!(
                "certificate: OK (LP certificate of the b-matching gadget graph; verified \
                 inside the solve)"
            ),
            Err(e) => {
                println!("certificate: FAILED: {e}");
                code = ExitCode::from(1);
            }
        }
    }

    if args.pairs {
        use std::io::Write;
        // `b.pairs` is sorted and each pair is one distinct edge: one pass over the edges
        // with a binary search finds every chosen pair's weight.
        let mut weight = vec![0i64; b.pairs.len()];
        for e in graph.edges() {
            if let Ok(i) = b.pairs.binary_search(&(e.u as usize, e.v as usize)) {
                weight[i] = e.weight;
            }
        }
        let out = std::io::stdout();
        let mut out = std::io::BufWriter::new(out.lock());
        for (&(u, v), w) in b.pairs.iter().zip(&weight) {
            if writeln!(out, "{u} {v} {w}").is_err() {
                break;
            }
        }
    }
    code
}
