//! Writes the matching benchmark families as text edge lists, so external peers (LEMON,
//! `integer-blossom`, …) run on the same files as `cargo bench --bench matching`.
//!
//! ```sh
//! cargo run --release --example gen_instances -- --out target/instances
//! cargo run --release --example gen_instances -- --out DIR --size small --only unit,ties
//! cargo run --release --example gen_instances -- --list
//! ```
//!
//! Files are `DIR/<family>_<n>.txt` in the `solve_edges` format (`n m`, then `u v w`).
//! The generators are `benches/support/gen.rs` (seeded ChaCha8; identical files on every
//! run and platform).

#[path = "../benches/support/gen.rs"]
mod gen;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Which {
    Small,
    Large,
    All,
}

/// Writes the benchmark instance families as edge-list files.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Output directory (created if missing).
    #[arg(long, default_value = "target/instances")]
    out: PathBuf,

    /// Which sizes to write.
    #[arg(long, value_enum, default_value = "all")]
    size: Which,

    /// Comma-separated family names (default: every family).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,

    /// Print `name family size n seed` for the selected entries and write nothing.
    #[arg(long)]
    list: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    for f in &args.only {
        if !gen::FAMILIES.iter().any(|x| x.0 == f) {
            let known: Vec<&str> = gen::FAMILIES.iter().map(|x| x.0).collect();
            eprintln!(
                "error: unknown family {f:?}; families: {}",
                known.join(", ")
            );
            return ExitCode::from(2);
        }
    }
    let selected: Vec<gen::Spec> = gen::catalog()
        .into_iter()
        .filter(|s| args.only.is_empty() || args.only.iter().any(|f| f == s.family))
        .filter(|s| match args.size {
            Which::All => true,
            Which::Small => s.size == gen::Size::Small,
            Which::Large => s.size == gen::Size::Large,
        })
        .collect();
    if args.list {
        for s in &selected {
            println!("{} {} {:?} {} {}", s.name(), s.family, s.size, s.n, s.seed);
        }
        return ExitCode::SUCCESS;
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    for s in &selected {
        let inst = gen::generate(s);
        let path = args.out.join(format!("{}.txt", inst.name));
        if let Err(e) = gen::write_edge_list(&path, &inst) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!(
            "{}: n = {}, m = {} -> {}",
            inst.name,
            inst.n,
            inst.edges.len(),
            path.display()
        );
    }
    ExitCode::SUCCESS
}
