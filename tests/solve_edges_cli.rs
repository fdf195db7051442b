//! The `solve_edges` example: its edge-list reader (tested directly, through the same source
//! file the example includes) and the built binary end to end.
//!
//! `cargo test` builds the examples before running tests, so the binary is found next to the
//! test executable (`target/<profile>/examples/solve_edges`). Running this test file alone
//! with `cargo test --test solve_edges_cli` does not build examples: build it first with
//! `cargo build --example solve_edges` (same profile), or the end-to-end tests fail saying so.

#[path = "../examples/support/edge_list.rs"]
mod edge_list;
#[path = "../benches/support/gen.rs"]
mod gen;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use edge_list::{parse_capacities, parse_edge_list, ParseError};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn perr(text: &str) -> ParseError {
    parse_edge_list(text).expect_err("input should be rejected")
}

#[test]
fn parses_header_edges_comments_and_blank_lines() {
    let text = "# a comment\n\n4 3\n0 1 5\n\t1 2 -7   # trailing comment\n\n2 3 0\n\n";
    let list = parse_edge_list(text).unwrap();
    assert_eq!(list.n, 4);
    assert_eq!(list.edges, vec![(0, 1, 5), (1, 2, -7), (2, 3, 0)]);
    assert_eq!(list.lines, vec![4, 5, 7]);
    assert_eq!(list.header_line, 3);
    let g = list.to_graph().unwrap();
    assert_eq!(g.edge_count(), 3);
    // No edges at all; CRLF line ends.
    assert_eq!(parse_edge_list("0 0\r\n").unwrap().edges, vec![]);
    assert_eq!(
        parse_edge_list("3 1\r\n0 2 1\r\n").unwrap().edges,
        vec![(0, 2, 1)]
    );
}

#[test]
fn malformed_input_names_the_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, "empty input"),
        ("\n# only a comment\n", 2, "empty input"),
        ("3\n", 1, "two integers"),
        ("3 1 7\n", 1, "two integers"),
        ("x 1\n0 1 1\n", 1, "vertex count"),
        ("-3 1\n", 1, "vertex count"),
        ("3 2\n0 1 1\n1 2\n", 3, "three integers"),
        ("3 2\n0 1 1\n1 2 3 4\n", 3, "three integers"),
        ("3 1\n0 1 1.5\n", 2, "weight"),
        ("3 1\n0 1 99999999999999999999\n", 2, "weight"),
        ("3 1\n0 -1 1\n", 2, "vertex v"),
        ("3 1\n0 3 1\n", 2, "out of range"),
        ("3 1\n2 2 1\n", 2, "self-loop"),
        ("3 1\n0 1 1\n1 2 1\n", 3, "more edge lines"),
        ("3 3\n0 1 1\n\n1 2 1\n\n", 5, "ends after 2"),
    ];
    for &(text, line, needle) in cases {
        let e = perr(text);
        assert_eq!(e.line, line, "{text:?}: {e}");
        assert!(e.message.contains(needle), "{text:?}: {e}");
    }
    assert_eq!(
        perr("3 1\n0 3 1\n").to_string(),
        "line 2: vertex 3 is out of range: the header says n = 3 (vertices 0..3)"
    );
}

#[test]
fn graph_errors_are_translated_to_lines() {
    let big = (1i64 << 58) + 1;
    let text = format!("3 2\n0 1 1\n\n1 2 {big}\n");
    let e = parse_edge_list(&text).unwrap().to_graph().unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("weight"), "{e}");
    // Whole-graph errors point at the header.
    let text = format!("# c\n64 1\n0 1 {}\n", 1i64 << 58);
    let e = parse_edge_list(&text).unwrap().to_graph().unwrap_err();
    assert_eq!(e.line, 2, "{e}");
}

fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/solve_edges_cli-<hash>
    let dir = exe.parent().unwrap().parent().unwrap();
    let bin = dir
        .join("examples")
        .join(format!("solve_edges{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} not found: run `cargo test` (which builds the examples) or \
         `cargo build --example solve_edges` with the same profile first",
        bin.display()
    );
    bin
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(binary());
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let input = stdin.unwrap_or("").to_owned();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn field<'a>(stdout: &'a str, key: &str) -> &'a str {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .unwrap_or_else(|| panic!("no `{key}` line in:\n{stdout}"))
        .trim()
}

/// A 5-cycle (an odd cycle, so the max-weight solve needs a blossom) with a pendant edge;
/// the expected optimum comes from the exhaustive search in `best_weight_small`.
const SMALL: &str = "6 6\n0 1 4\n1 2 5\n2 3 4\n3 4 5\n4 0 4\n0 5 1\n";

fn best_weight_small(maxcard: bool) -> (i64, usize) {
    // Exhaustive over the 6 edges' subsets.
    let edges = [
        (0, 1, 4),
        (1, 2, 5),
        (2, 3, 4),
        (3, 4, 5),
        (4, 0, 4),
        (0, 5, 1),
    ];
    let mut best = (i64::MIN, 0usize);
    for mask in 0u32..64 {
        let mut used = [false; 6];
        let (mut w, mut c, mut ok) = (0i64, 0usize, true);
        for (i, &(a, b, x)) in edges.iter().enumerate() {
            if mask >> i & 1 == 1 {
                ok &= !used[a] && !used[b];
                used[a] = true;
                used[b] = true;
                w += x;
                c += 1;
            }
        }
        if ok {
            let better = if maxcard {
                (c, w) > (best.1, best.0)
            } else {
                w > best.0
            };
            if better {
                best = (w, c);
            }
        }
    }
    best
}

#[test]
fn end_to_end_stdin_file_and_flags() {
    for (args, maxcard) in [
        (vec!["--verify", "--pairs"], false),
        (vec!["-", "--max-cardinality", "--verify", "--pairs"], true),
    ] {
        let out = run(&args, Some(SMALL));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{args:?}: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (w, c) = best_weight_small(maxcard);
        assert_eq!(field(&stdout, "total weight:"), w.to_string(), "{stdout}");
        assert_eq!(field(&stdout, "cardinality:"), c.to_string(), "{stdout}");
        assert!(field(&stdout, "certificate:").starts_with("OK"), "{stdout}");
        assert!(field(&stdout, "solve time:").ends_with("ms"));
        assert!(field(&stdout, "parse time:").ends_with("ms"));
        // The pairs: c lines `u v w`, weights summing to the total, each an input edge.
        let pairs: Vec<Vec<i64>> = stdout
            .lines()
            .filter(|l| {
                l.split_whitespace().count() == 3
                    && l.split_whitespace().all(|t| t.parse::<i64>().is_ok())
            })
            .map(|l| l.split_whitespace().map(|t| t.parse().unwrap()).collect())
            .collect();
        assert_eq!(pairs.len(), c, "{stdout}");
        assert_eq!(pairs.iter().map(|p| p[2]).sum::<i64>(), w);
        for p in &pairs {
            assert!(p[0] < p[1]);
            let line = format!("{} {} {}", p[0], p[1], p[2]);
            let back = format!("{} {} {}", p[1], p[0], p[2]);
            assert!(
                SMALL.lines().any(|l| l == line || l == back),
                "{line} is not an input edge"
            );
        }
    }
}

#[test]
fn end_to_end_sample_graph_quick_start() {
    let out = run(&["examples/data/sample_graph.txt", "--verify"], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(field(&stdout, "certificate:").starts_with("OK"), "{stdout}");
    assert_eq!(field(&stdout, "graph:"), "47 vertices, 76 distinct edges");
}

#[test]
fn end_to_end_errors_exit_2_with_line() {
    let out = run(&[], Some("3 2\n0 1 1\n1 1 4\n"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3") && stderr.contains("self-loop"),
        "{stderr}"
    );
    let out = run(&["no/such/file.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let out = run(&["--no-such-flag"], None);
    assert_eq!(out.status.code(), Some(2), "clap usage errors also exit 2");
    let out = run(&["--help"], None);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--max-cardinality"));
}

#[test]
fn huge_declared_counts_do_not_allocate_from_the_header() {
    // n = 20 million and m = 16 million declared, one edge present: the parser keeps only
    // what the input holds (its reservations are bounded by the input length).
    let list = parse_edge_list("20000000 1\n0 1 5\n").unwrap();
    assert_eq!(list.n, 20_000_000);
    assert_eq!(list.edges, vec![(0, 1, 5)]);
    assert!(list.edges.capacity() <= 16, "{}", list.edges.capacity());
    let e = perr("20000000 16000000\n0 1 5\n");
    assert!(e.message.contains("ends after 1"), "{e}");
    // The capacity reader likewise does not size anything by n.
    let e = parse_capacities("1\n2\n", 20_000_000).unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("ends after 2"), "{e}");
}

#[test]
fn capacity_files_parse_and_bad_ones_name_the_line() {
    assert_eq!(
        parse_capacities("# caps\n2\n\n0 # none\n 4294967295\r\n", 3).unwrap(),
        vec![2, 0, u32::MAX]
    );
    assert_eq!(parse_capacities("", 0).unwrap(), Vec::<u32>::new());
    let cases: &[(&str, usize, usize, &str)] = &[
        ("1\nx\n", 2, 2, "non-negative integer"),
        ("1\n1.5\n", 2, 2, "non-negative integer"),
        ("1\n+1\n", 2, 2, "non-negative integer"),
        ("1\n\n-3\n", 2, 3, "non-negative, found -3"),
        ("4294967296\n", 1, 1, "out of range"),
        ("99999999999999999999999\n", 1, 1, "out of range"),
        ("1 2\n", 1, 1, "one integer"),
        ("1\n2\n3\n", 2, 3, "more capacities"),
        ("1\n\n", 2, 2, "ends after 1"),
        ("", 2, 1, "ends after 0"),
    ];
    for &(text, n, line, needle) in cases {
        let e = parse_capacities(text, n).expect_err(text);
        assert_eq!(e.line, line, "{text:?}: {e}");
        assert!(e.message.contains(needle), "{text:?}: {e}");
    }
}

/// Best (weight, cardinality) of a b-matching by exhaustive search over edge subsets; in
/// max-cardinality mode the order is (cardinality, weight).
fn brute_b(n: usize, edges: &[(usize, usize, i64)], caps: &[u32], maxcard: bool) -> (i64, usize) {
    let mut best: Option<(i64, usize)> = None;
    for mask in 0u32..1 << edges.len() {
        let mut deg = vec![0u32; n];
        let (mut w, mut c) = (0i64, 0usize);
        for (i, &(a, b, x)) in edges.iter().enumerate() {
            if mask >> i & 1 == 1 {
                deg[a] += 1;
                deg[b] += 1;
                w += x;
                c += 1;
            }
        }
        if deg.iter().zip(caps).any(|(d, c)| d > c) {
            continue;
        }
        let better = match best {
            None => true,
            Some((bw, bc)) if maxcard => (c, w) > (bc, bw),
            Some((bw, _)) => w > bw,
        };
        if better {
            best = Some((w, c));
        }
    }
    best.unwrap()
}

fn write_temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("solve_edges_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn printed_pairs(stdout: &str) -> Vec<(usize, usize, i64)> {
    stdout
        .lines()
        .filter(|l| {
            l.split_whitespace().count() == 3
                && l.split_whitespace().all(|t| t.parse::<i64>().is_ok())
        })
        .map(|l| {
            let t: Vec<i64> = l.split_whitespace().map(|t| t.parse().unwrap()).collect();
            (t[0] as usize, t[1] as usize, t[2])
        })
        .collect()
}

#[test]
fn b_matching_end_to_end_against_brute_force() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    for case in 0..24 {
        let n = rng.random_range(2..=6usize);
        let mut all: Vec<(usize, usize)> = (0..n)
            .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
            .collect();
        // A seeded shuffle, then a prefix: distinct pairs.
        for i in (1..all.len()).rev() {
            all.swap(i, rng.random_range(0..=i));
        }
        all.truncate(rng.random_range(1..=all.len().min(9)));
        // Case 0..8: tie-heavy weights; then a wider range with negative weights.
        let edges: Vec<(usize, usize, i64)> = all
            .iter()
            .map(|&(u, v)| {
                let w = if case < 8 {
                    rng.random_range(1..=2)
                } else {
                    rng.random_range(-3..=9)
                };
                (u, v, w)
            })
            .collect();
        let caps: Vec<u32> = (0..n).map(|_| rng.random_range(0..=3)).collect();
        let mut graph_text = format!("{n} {}\n", edges.len());
        for &(u, v, w) in &edges {
            // Alternate the orientation: the reader normalises it.
            if u % 2 == 0 {
                graph_text += &format!("{u} {v} {w}\n");
            } else {
                graph_text += &format!("{v} {u} {w}\n");
            }
        }
        let cap_text: String = caps.iter().map(|c| format!("{c}\n")).collect();
        let gpath = write_temp(&format!("g{case}.txt"), &graph_text);
        let cpath = write_temp(&format!("c{case}.txt"), &cap_text);
        for maxcard in [false, true] {
            let mut args = vec![
                gpath.to_str().unwrap(),
                "--capacity",
                cpath.to_str().unwrap(),
                "--verify",
                "--pairs",
            ];
            if maxcard {
                args.push("--max-cardinality");
            }
            let out = run(&args, None);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "case {case}: {stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let ctx = format!("case {case} maxcard {maxcard}: {graph_text}caps {caps:?}\n{stdout}");
            let (w, c) = brute_b(n, &edges, &caps, maxcard);
            assert_eq!(field(&stdout, "total weight:"), w.to_string(), "{ctx}");
            if maxcard {
                assert_eq!(field(&stdout, "cardinality:"), c.to_string(), "{ctx}");
            }
            assert!(field(&stdout, "certificate:").starts_with("OK"), "{ctx}");
            assert!(field(&stdout, "capacity:").contains("b-matching"), "{ctx}");
            // The pairs: each an input edge with its weight, printed once, within the
            // capacities, summing to the total and counting the cardinality.
            let pairs = printed_pairs(&stdout);
            assert_eq!(
                pairs.len().to_string(),
                field(&stdout, "cardinality:"),
                "{ctx}"
            );
            assert_eq!(pairs.iter().map(|p| p.2).sum::<i64>(), w, "{ctx}");
            let mut deg = vec![0u32; n];
            for (i, p) in pairs.iter().enumerate() {
                assert!(p.0 < p.1, "{ctx}");
                assert!(edges.contains(p), "{p:?} is not an input edge: {ctx}");
                assert!(!pairs[..i].contains(p), "{p:?} printed twice: {ctx}");
                deg[p.0] += 1;
                deg[p.1] += 1;
            }
            assert!(deg.iter().zip(&caps).all(|(d, c)| d <= c), "{ctx}");
        }
    }
}

#[test]
fn b_matching_parallel_edges_and_capacities_above_degree() {
    // Parallel edges 0-1 (weights 2 and 7): the pair is used once, at weight 7; vertex 0's
    // capacity 1000 is above its degree 2 and is solved as 2.
    let g = write_temp("par.txt", "3 3\n0 1 2\n1 0 7\n0 2 3\n");
    let c = write_temp("par_caps.txt", "1000\n5\n1\n");
    let out = run(
        &[
            g.to_str().unwrap(),
            "--capacity",
            c.to_str().unwrap(),
            "--pairs",
        ],
        None,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(field(&stdout, "total weight:"), "10", "{stdout}");
    assert_eq!(
        printed_pairs(&stdout),
        vec![(0, 1, 7), (0, 2, 3)],
        "{stdout}"
    );
    assert!(
        field(&stdout, "capacity:").contains("2 capacities above the vertex degree"),
        "{stdout}"
    );
}

#[test]
fn bad_capacity_files_exit_2_with_the_line() {
    let g = write_temp("bad_g.txt", SMALL);
    for (name, text, needle) in [
        ("neg.txt", "1\n1\n-1\n1\n1\n1\n", "line 3"),
        ("word.txt", "1\n1\n1\nmany\n1\n1\n", "line 4"),
        ("short.txt", "1\n1\n1\n", "line 3"),
        ("long.txt", "1\n1\n1\n1\n1\n1\n1\n", "line 7"),
        ("big.txt", "1\n1\n1\n1\n1\n4294967296\n", "line 6"),
    ] {
        let c = write_temp(name, text);
        let out = run(
            &[g.to_str().unwrap(), "--capacity", c.to_str().unwrap()],
            None,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(needle), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: nothing printed on stdout");
    }
    let out = run(
        &[g.to_str().unwrap(), "--capacity", "no/such/caps.txt"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn benchmark_generators_are_deterministic_simple_and_readable() {
    // The small sizes of every family (the large ones only in release benches), and each
    // family at a tiny size: simple graphs, the same edges twice from the same seed, and a
    // file round-trip through the edge-list reader.
    let mut specs: Vec<gen::Spec> = gen::catalog()
        .into_iter()
        .filter(|s| s.size == gen::Size::Small && s.family != "complete")
        .collect();
    specs.extend(gen::FAMILIES.iter().map(|f| gen::spec(f.0, 60)));
    for spec in specs {
        let a = gen::generate(&spec);
        let b = gen::generate(&spec);
        assert_eq!(a, b, "{}: same seed, same instance", a.name);
        assert!(!a.edges.is_empty(), "{}", a.name);
        assert!(
            a.n <= spec.n && a.n + 3 >= spec.n || spec.family == "grid",
            "{}",
            a.name
        );
        let mut pairs: Vec<(usize, usize)> = a.edges.iter().map(|e| (e.0, e.1)).collect();
        assert!(pairs.iter().all(|&(u, v)| u < v && v < a.n), "{}", a.name);
        pairs.sort_unstable();
        pairs.dedup();
        assert_eq!(pairs.len(), a.edges.len(), "{}: parallel edges", a.name);
        let w_ok = |w: i64| match spec.family {
            "unit" => w == 1,
            "adv_equal" => w == 1000,
            "twovalued" => (1..=2).contains(&w),
            "ties" => (1..=5).contains(&w),
            "mixed" => (-500..=1000).contains(&w),
            "huge" => (1..=1i64 << 40).contains(&w),
            _ => w >= 1,
        };
        assert!(a.edges.iter().all(|e| w_ok(e.2)), "{}: weights", a.name);
        if spec.n == 60 {
            let path = write_temp(&format!("{}.txt", a.name), "");
            gen::write_edge_list(&path, &a).unwrap();
            let list = parse_edge_list(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!((list.n, &list.edges), (a.n, &a.edges), "{}", a.name);
        }
    }
    // The bipartite family has no edge inside a half; the huge family uses big weights.
    let bip = gen::generate(&gen::spec("bipartite", 1000));
    assert!(bip.edges.iter().all(|e| e.0 < 500 && e.1 >= 500));
    let huge = gen::generate(&gen::spec("huge", 1000));
    assert!(huge.edges.iter().any(|e| e.2 > 1i64 << 32));
}

#[test]
fn repeat_reports_the_median_and_keeps_the_result() {
    let out = run(&["--repeat", "3", "--verify"], Some(SMALL));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(
        field(&stdout, "total weight:"),
        best_weight_small(false).0.to_string()
    );
    assert!(
        field(&stdout, "solve repeats:").starts_with("3 "),
        "{stdout}"
    );
    assert!(field(&stdout, "certificate:").starts_with("OK"), "{stdout}");
    // One run (the default) prints no repeats line: the old output is unchanged.
    let out = run(&[], Some(SMALL));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("solve repeats"));
    let out = run(&["--repeat", "0"], Some(SMALL));
    assert_eq!(out.status.code(), Some(2));
}
