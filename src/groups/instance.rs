//! The MDGPLIB text format (the benchmark of the maximally diverse grouping problem).
//!
//! First line `n m ss|ds a_1 b_1 … a_m b_m` (group `g` has size bounds `[a_g, b_g]`), then
//! one line `i j d_ij` per pair (0-based; either order; a pair not listed weighs 0).
//! Values are decimal numbers with an optional sign and fraction (`12`, `4.937`, `7.`,
//! `-0.5`); they are scaled **exactly** to integers by `10^decimals`, `decimals` being
//! the most fraction digits of any value (at most [`MAX_DECIMALS`]), so the search is
//! exact and [`MdgpInstance::format_value`] prints results in the original units.

use std::fmt;

use super::search::{Problem, SearchError, Shape, Weights};

/// Most fraction digits accepted in a value.
pub const MAX_DECIMALS: u32 = 9;

/// An MDGPLIB instance, values scaled to integers.
#[derive(Clone, Debug)]
pub struct MdgpInstance {
    /// Participants.
    pub n: usize,
    /// `(a_g, b_g)` per group.
    pub bounds: Vec<(usize, usize)>,
    /// `true` for "ss" (same bounds for every group), `false` for "ds".
    pub same_size: bool,
    /// Values were multiplied by `10^decimals`.
    pub decimals: u32,
    /// The dense scaled matrix, `n × n`, symmetric, zero diagonal.
    pub weights: Vec<i64>,
}

/// What is wrong with an instance file, and on which (1-based) line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct InstanceError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub kind: InstanceErrorKind,
}

/// The kinds of [`InstanceError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstanceErrorKind {
    /// The file has no header line.
    Empty,
    /// A header that is not `n m ss|ds a_1 b_1 … a_m b_m`.
    Header(String),
    /// A pair line that is not `i j value`.
    PairLine(String),
    /// An index not below `n`, or `i = j`.
    Index {
        /// First index.
        i: usize,
        /// Second index.
        j: usize,
        /// Participants.
        n: usize,
    },
    /// The pair appeared before (on the given line).
    Duplicate {
        /// First index.
        i: usize,
        /// Second index.
        j: usize,
        /// Line of the first occurrence.
        first_line: usize,
    },
    /// A value that is not a decimal number, has too many decimals or is too large.
    Value(String),
}

impl fmt::Display for InstanceErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstanceErrorKind::Empty => write!(
                f,
                "empty file (expected the header `n m ss|ds a_1 b_1 ...`)"
            ),
            InstanceErrorKind::Header(s) => write!(f, "bad header: {s}"),
            InstanceErrorKind::PairLine(s) => write!(f, "expected `i j value`, found `{s}`"),
            InstanceErrorKind::Index { i, j, n } => {
                write!(
                    f,
                    "pair ({i}, {j}) is not two distinct indices below n = {n}"
                )
            }
            InstanceErrorKind::Duplicate { i, j, first_line } => {
                write!(f, "pair ({i}, {j}) already given on line {first_line}")
            }
            InstanceErrorKind::Value(s) => write!(
                f,
                "bad value `{s}` (a decimal number with at most {MAX_DECIMALS} decimals)"
            ),
        }
    }
}

/// A parsed decimal: `mantissa / 10^decimals`.
fn parse_decimal(s: &str) -> Option<(i128, u32)> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let decimals = u32::try_from(frac.len())
        .ok()
        .filter(|&d| d <= MAX_DECIMALS)?;
    if int.len() + frac.len() > 30 {
        return None;
    }
    let mut m: i128 = 0;
    for c in int.bytes().chain(frac.bytes()) {
        m = m * 10 + i128::from(c - b'0');
    }
    Some((if neg { -m } else { m }, decimals))
}

/// Parses the MDGPLIB text format (see the [module docs](self)).
///
/// # Errors
/// [`InstanceError`] with the 1-based line number.
///
/// # Complexity
/// O(n² + file size) time and memory (the instances are complete graphs).
pub fn parse_mdgplib(text: &str) -> Result<MdgpInstance, InstanceError> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let (hline, header) = loop {
        match lines.next() {
            Some((_, l)) if l.trim().is_empty() => {}
            Some(x) => break x,
            None => {
                return Err(InstanceError {
                    line: 1,
                    kind: InstanceErrorKind::Empty,
                })
            }
        }
    };
    let herr = |s: String| InstanceError {
        line: hline,
        kind: InstanceErrorKind::Header(s),
    };
    let tok: Vec<&str> = header.split_whitespace().collect();
    if tok.len() < 3 {
        return Err(herr("expected `n m ss|ds a_1 b_1 ...`".into()));
    }
    let num = |s: &str, what: &str| {
        s.parse::<usize>()
            .map_err(|_| herr(format!("{what} `{s}` is not a non-negative integer")))
    };
    let n = num(tok[0], "n")?;
    let m = num(tok[1], "m")?;
    let same_size = match tok[2] {
        "ss" => true,
        "ds" => false,
        t => return Err(herr(format!("third field `{t}` is neither ss nor ds"))),
    };
    if tok.len() != 3 + 2 * m {
        return Err(herr(format!(
            "{} bound values for m = {m} groups (need {})",
            tok.len() - 3,
            2 * m
        )));
    }
    if m == 0 || n > 1 << 16 {
        return Err(herr(format!(
            "n = {n}, m = {m}: need m >= 1 and n <= 65536"
        )));
    }
    let mut bounds = Vec::with_capacity(m);
    for g in 0..m {
        let a = num(tok[3 + 2 * g], "a")?;
        let b = num(tok[4 + 2 * g], "b")?;
        if a > b {
            return Err(herr(format!("group {g} has a = {a} > b = {b}")));
        }
        bounds.push((a, b));
    }
    let mut raw: Vec<(usize, usize, i128, u32, usize)> = Vec::new();
    let mut seen = vec![0u32; n * n];
    let mut decimals = 0u32;
    for (no, l) in lines {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        let f: Vec<&str> = t.split_whitespace().collect();
        let perr = || InstanceError {
            line: no,
            kind: InstanceErrorKind::PairLine(t.chars().take(60).collect()),
        };
        if f.len() != 3 {
            return Err(perr());
        }
        let (Ok(i), Ok(j)) = (f[0].parse::<usize>(), f[1].parse::<usize>()) else {
            return Err(perr());
        };
        if i >= n || j >= n || i == j {
            return Err(InstanceError {
                line: no,
                kind: InstanceErrorKind::Index { i, j, n },
            });
        }
        let (a, b) = (i.min(j), i.max(j));
        if seen[a * n + b] != 0 {
            return Err(InstanceError {
                line: no,
                kind: InstanceErrorKind::Duplicate {
                    i,
                    j,
                    first_line: seen[a * n + b] as usize,
                },
            });
        }
        seen[a * n + b] = u32::try_from(no).unwrap_or(u32::MAX);
        let Some((mant, d)) = parse_decimal(f[2]) else {
            return Err(InstanceError {
                line: no,
                kind: InstanceErrorKind::Value(f[2].to_string()),
            });
        };
        decimals = decimals.max(d);
        raw.push((a, b, mant, d, no));
    }
    drop(seen);
    let mut weights = vec![0i64; n * n];
    let limit = i128::from(super::search::MAX_ABS_WEIGHT);
    for &(a, b, mant, d, line) in &raw {
        let v = mant * 10i128.pow(decimals - d);
        if v.abs() > limit {
            return Err(InstanceError {
                line,
                kind: InstanceErrorKind::Value(format!(
                    "value of pair ({a}, {b}) is beyond 2^40 once scaled by 10^{decimals}"
                )),
            });
        }
        let v = v as i64;
        weights[a * n + b] = v;
        weights[b * n + a] = v;
    }
    Ok(MdgpInstance {
        n,
        bounds,
        same_size,
        decimals,
        weights,
    })
}

impl MdgpInstance {
    /// The problem to pass to [`super::search::search`]: exactly `m` groups, group `g`
    /// within `[a_g, b_g]`.
    ///
    /// # Errors
    /// None in practice (the matrix is symmetric and in range by construction).
    pub fn problem(&self) -> Result<Problem, SearchError> {
        Ok(Problem {
            weights: Weights::dense(self.n, self.weights.clone())?,
            shape: Shape::Fixed(self.bounds.clone()),
        })
    }

    /// A scaled value in the original units, exactly (`decimals` fraction digits).
    #[must_use]
    pub fn format_value(&self, v: i64) -> String {
        if self.decimals == 0 {
            return v.to_string();
        }
        let p = 10u64.pow(self.decimals);
        let sign = if v < 0 { "-" } else { "" };
        let a = v.unsigned_abs();
        format!(
            "{sign}{}.{:0width$}",
            a / p,
            a % p,
            width = self.decimals as usize
        )
    }
}
