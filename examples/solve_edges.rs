//! Solves maximum-weight matching on a text edge list and prints the result.
//!
//! ```sh
//! cargo run --release --example solve_edges -- examples/data/sample_graph.txt --verify
//! cargo run --release --example solve_edges -- --max-cardinality --pairs < graph.txt
//! ```
//!
//! Input format: a header line `n m`, then `m` lines `u v w` (0-based vertices, integer
//! weights). Blank lines and `#` comments are ignored. Malformed input is reported with its
//! line number and exit code 2; a certificate that fails to verify gives exit code 1.

#[path = "support/output.rs"]
mod output;

#[path = "support/edge_list.rs"]
mod edge_list;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use peermatch::matching::{
    max_weight_matching, max_weight_matching_with_certificate, verify, Mode,
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
    let parse_secs = t_parse.elapsed().as_secs_f64();

    let t_solve = Instant::now();
    let result = if args.verify {
        max_weight_matching_with_certificate(&graph, mode).map(|(m, c)| (m, Some(c)))
    } else {
        max_weight_matching(&graph, mode).map(|m| (m, None))
    };
    let solve_secs = t_solve.elapsed().as_secs_f64();
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
    println!(
        "mode: {}",
        match mode {
            Mode::MaxWeight => "maximum weight",
            Mode::MaxCardinality => "maximum cardinality, then maximum weight",
        }
    );
    println!("total weight: {}", matching.weight());
    println!("cardinality: {}", matching.len());
    println!("parse time: {:.3} ms", parse_secs * 1e3);
    println!("solve time: {:.3} ms", solve_secs * 1e3);

    let mut code = ExitCode::SUCCESS;
    if let Some(cert) = cert {
        let t_verify = Instant::now();
        let outcome = if cert.mode != mode {
            Err(format!(
                "the certificate is for mode {:?}, not {mode:?}",
                cert.mode
            ))
        } else {
            verify(&graph, &matching, &cert).map_err(|e| e.to_string())
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
        // One pass over the edges gives each matched vertex its pair's weight.
        let mut pair_weight = vec![0i64; graph.vertex_count()];
        for e in graph.edges() {
            if matching.mate(e.u as usize) == Some(e.v as usize) {
                pair_weight[e.u as usize] = e.weight;
            }
        }
        for (u, v) in matching.pairs() {
            // A closed stdout (e.g. `| head`) is not an error worth a panic.
            if writeln!(out, "{u} {v} {}", pair_weight[u]).is_err() {
                break;
            }
        }
    }
    code
}
