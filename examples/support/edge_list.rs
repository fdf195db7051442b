//! Reader of the text edge-list format used by `solve_edges` and the benchmarks.
//!
//! Shared by `examples/solve_edges.rs`, `tests/solve_edges_cli.rs` and `benches/matching.rs`
//! through `#[path]`, so the format has exactly one implementation.
//!
//! # Format
//! ```text
//! # comment lines start with '#'; blank lines are ignored anywhere
//! n m          <- header: vertex count and edge count
//! u v w        <- m lines: 0-based endpoints and an integer weight
//! ```
//! Tokens are separated by spaces or tabs; a trailing `#` comment on a line is allowed.
//! Every error names the 1-based line it was found on.
#![allow(dead_code)]

use std::fmt;

use peermatch::matching::{MatchingError, WeightedGraph};

/// A parsed edge list, remembering the line of every edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeList {
    /// Vertex count from the header.
    pub n: usize,
    /// The edges in file order.
    pub edges: Vec<(usize, usize, i64)>,
    /// `lines[i]` is the 1-based line of `edges[i]`.
    pub lines: Vec<usize>,
    /// The 1-based line of the header.
    pub header_line: usize,
}

/// A malformed input: the 1-based line and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number; for "too few edges", the last line of the input; 0 for an
    /// empty input.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for ParseError {}

fn err(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

/// The meaningful tokens of a line: everything before a `#`, split on whitespace.
fn tokens(line: &str) -> impl Iterator<Item = &str> {
    line.split('#')
        .next()
        .unwrap_or("")
        .split_ascii_whitespace()
}

fn parse_num<T: std::str::FromStr>(tok: &str, line: usize, what: &str) -> Result<T, ParseError> {
    tok.parse::<T>().map_err(|_| {
        err(
            line,
            format!("{what} must be a non-negative integer in range, found {tok:?}"),
        )
    })
}

/// Parses the whole input.
///
/// Checks token counts, integer syntax, that exactly `m` edge lines follow the header, that
/// vertices are `< n` and that no edge is a self-loop; weight bounds are checked by
/// [`EdgeList::to_graph`].
pub fn parse_edge_list(text: &str) -> Result<EdgeList, ParseError> {
    let mut header: Option<(usize, usize)> = None;
    let mut header_line = 0;
    let mut edges = Vec::new();
    let mut lines = Vec::new();
    let mut last_line = 0;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        last_line = line;
        let toks: Vec<&str> = tokens(raw).collect();
        if toks.is_empty() {
            continue;
        }
        let Some((n, m)) = header else {
            if toks.len() != 2 {
                return Err(err(
                    line,
                    format!(
                        "the header must be two integers `n m`, found {} tokens",
                        toks.len()
                    ),
                ));
            }
            let n = parse_num::<usize>(toks[0], line, "the vertex count n")?;
            let m = parse_num::<usize>(toks[1], line, "the edge count m")?;
            header = Some((n, m));
            header_line = line;
            edges.reserve(m.min(1 << 24));
            lines.reserve(m.min(1 << 24));
            continue;
        };
        if edges.len() == m {
            return Err(err(
                line,
                format!("more edge lines than the m = {m} announced in the header"),
            ));
        }
        if toks.len() != 3 {
            return Err(err(
                line,
                format!(
                    "an edge line must be three integers `u v w`, found {} tokens",
                    toks.len()
                ),
            ));
        }
        let u = parse_num::<usize>(toks[0], line, "vertex u")?;
        let v = parse_num::<usize>(toks[1], line, "vertex v")?;
        let w = toks[2].parse::<i64>().map_err(|_| {
            err(
                line,
                format!("the weight must be an integer (i64), found {:?}", toks[2]),
            )
        })?;
        for x in [u, v] {
            if x >= n {
                return Err(err(
                    line,
                    format!(
                        "vertex {x} is out of range: the header says n = {n} (vertices 0..{n})"
                    ),
                ));
            }
        }
        if u == v {
            return Err(err(line, format!("self-loop on vertex {u}")));
        }
        edges.push((u, v, w));
        lines.push(line);
    }
    let Some((n, m)) = header else {
        return Err(err(last_line, "empty input: expected a header line `n m`"));
    };
    if edges.len() != m {
        return Err(err(
            last_line,
            format!(
                "the header announces m = {m} edges, but the input ends after {}",
                edges.len()
            ),
        ));
    }
    Ok(EdgeList {
        n,
        edges,
        lines,
        header_line,
    })
}

impl EdgeList {
    /// Builds the graph, translating the edge index of a [`MatchingError`] to a file line.
    pub fn to_graph(&self) -> Result<WeightedGraph, ParseError> {
        WeightedGraph::new(self.n, self.edges.iter().copied()).map_err(|e| {
            let line = match &e {
                MatchingError::SelfLoop { edge, .. }
                | MatchingError::VertexOutOfRange { edge, .. }
                | MatchingError::WeightOutOfRange { edge, .. } => self.lines[*edge],
                _ => self.header_line,
            };
            err(line, e.to_string())
        })
    }
}
