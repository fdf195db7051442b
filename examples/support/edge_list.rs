//! Reader of the text edge-list format used by `solve_edges` and the benchmarks.
//!
//! Shared by `examples/solve_edges.rs`, `tests/solve_edges_cli.rs` and `benches/matching.rs`
//! through `#[path]`, so the format has exactly one implementation. The capacity files of
//! `solve_edges --capacity` are read by [`parse_capacities`].
//!
//! Memory follows the length of the input, never the counts its header announces: a
//! header `20000000 1` followed by one edge allocates nothing per declared vertex here.
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
            // The header's m is only a claim: reserve no more than the rest of the input
            // can hold (an edge line takes at least 6 bytes, `0 1 5\n`), so a header such
            // as `20000000 16000000` on a tiny input costs nothing. Nothing here is sized
            // by n either: memory follows the input's length.
            let room = text.len() / 6 + 1;
            edges.reserve(m.min(room));
            lines.reserve(m.min(room));
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

/// Parses a capacity file for a graph of `n` vertices: one non-negative integer per vertex,
/// one per line, in vertex order (capacity 0 is allowed). Blank lines and `#` comments are
/// ignored, as in edge lists.
///
/// # Errors
/// A [`ParseError`] naming the 1-based line: a token that is not an integer, a negative
/// value, a value above `u32::MAX`, more than one value on a line, more values than `n`
/// (the first extra line), or fewer (the last line of the file, or line 1 when it is empty).
pub fn parse_capacities(text: &str, n: usize) -> Result<Vec<u32>, ParseError> {
    // At most n values are kept, and the file holds at least two bytes per value.
    let mut caps = Vec::with_capacity(n.min(text.len() / 2 + 1));
    let mut last_line = 0;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        last_line = line;
        let toks: Vec<&str> = tokens(raw).collect();
        match toks.as_slice() {
            [] => continue,
            [tok] => {
                if caps.len() == n {
                    return Err(err(
                        line,
                        format!("more capacities than the graph's n = {n} vertices"),
                    ));
                }
                let value = if let Some(digits) = tok.strip_prefix('-') {
                    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(err(
                            line,
                            format!(
                                "the capacity of vertex {} must be non-negative, found {tok}",
                                caps.len()
                            ),
                        ));
                    }
                    None
                } else if !tok.is_empty() && tok.bytes().all(|b| b.is_ascii_digit()) {
                    match tok.parse::<u32>() {
                        Ok(c) => Some(c),
                        Err(_) => {
                            return Err(err(
                                line,
                                format!(
                                    "the capacity of vertex {} is out of range (at most {}), \
                                     found {tok}",
                                    caps.len(),
                                    u32::MAX
                                ),
                            ))
                        }
                    }
                } else {
                    None
                };
                let Some(c) = value else {
                    return Err(err(
                        line,
                        format!(
                            "the capacity of vertex {} must be a non-negative integer, found {tok:?}",
                            caps.len()
                        ),
                    ));
                };
                caps.push(c);
            }
            _ => {
                return Err(err(
                    line,
                    format!(
                        "a capacity line must hold one integer, found {} tokens",
                        toks.len()
                    ),
                ))
            }
        }
    }
    if caps.len() != n {
        return Err(err(
            last_line.max(1),
            format!(
                "the capacity file ends after {} values, but the graph has n = {n} vertices",
                caps.len()
            ),
        ));
    }
    Ok(caps)
}
