//! The pairs as CSV: one row per pair (trio thirds in their own columns).

use crate::plan::Proposal;

/// Column names of [`pairs_csv`], in order.
pub const PAIR_COLUMNS: [&str; 14] = [
    "a",
    "b",
    "third",
    "score",
    "subject",
    "year_level",
    "common_time",
    "goals",
    "preference",
    "experience",
    "locality",
    "common_minutes",
    "suggested_focus",
    "windows",
];

/// Writes the pairs of `proposal` as CSV (header [`PAIR_COLUMNS`]; scores in points with
/// one decimal; lists separated by `;`). Quoting is done by the csv crate.
///
/// # Errors
/// Only if the csv writer fails (it writes to memory).
pub fn pairs_csv(proposal: &Proposal) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PAIR_COLUMNS)?;
    for p in &proposal.pairs {
        let b = &p.score.breakdown;
        let focus: Vec<&str> = p.suggested_focus.iter().map(|f| f.name()).collect();
        let windows: Vec<String> = p
            .common_time
            .windows
            .iter()
            .map(|w| w.to_string())
            .collect();
        let pts = super::pts;
        w.write_record([
            p.a.clone(),
            p.b.clone(),
            p.third.as_ref().map(|t| t.id.clone()).unwrap_or_default(),
            pts(p.score.total),
            pts(b.subject),
            pts(b.year_level),
            pts(b.common_time),
            pts(b.goals),
            pts(b.preference),
            pts(b.experience),
            pts(b.locality),
            p.score.common_minutes.to_string(),
            focus.join(";"),
            windows.join(";"),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
