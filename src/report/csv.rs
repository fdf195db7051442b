//! The pairs as CSV: one row per pair (trio thirds in their own columns).

use crate::plan::Proposal;

use super::Roster;

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
    write_pairs(proposal, None)
}

/// Columns [`pairs_csv_with`] appends after [`PAIR_COLUMNS`]: names and schools of the
/// members, who travels to meet and how far (one-way minutes; empty when nobody travels).
pub const NAME_COLUMNS: [&str; 9] = [
    "a_name",
    "a_school",
    "b_name",
    "b_school",
    "third_name",
    "third_school",
    "traveller",
    "traveller_name",
    "travel_minutes",
];

/// [`pairs_csv`] with the [`NAME_COLUMNS`] appended (names and schools from `roster`,
/// falling back to ids). The first [`PAIR_COLUMNS`] columns are exactly those of
/// [`pairs_csv`].
///
/// # Errors
/// Only if the csv writer fails (it writes to memory).
pub fn pairs_csv_with(proposal: &Proposal, roster: &Roster) -> Result<String, csv::Error> {
    write_pairs(proposal, Some(roster))
}

fn write_pairs(proposal: &Proposal, roster: Option<&Roster>) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = PAIR_COLUMNS.to_vec();
    if roster.is_some() {
        header.extend(NAME_COLUMNS);
    }
    w.write_record(&header)?;
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
        let mut row = vec![
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
        ];
        if let Some(r) = roster {
            let third = p.third.as_ref().map(|t| t.id.as_str());
            let ct = &p.common_time;
            row.extend([
                r.name(&p.a).to_string(),
                r.school(&p.a).to_string(),
                r.name(&p.b).to_string(),
                r.school(&p.b).to_string(),
                third.map(|t| r.name(t).to_string()).unwrap_or_default(),
                third.map(|t| r.school(t).to_string()).unwrap_or_default(),
                ct.traveller.clone().unwrap_or_default(),
                ct.traveller
                    .as_deref()
                    .map(|t| r.name(t).to_string())
                    .unwrap_or_default(),
                ct.travel_minutes.map(|m| m.to_string()).unwrap_or_default(),
            ]);
        }
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
