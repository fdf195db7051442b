//! The `--out` bundle of the example programs, written in one place so `propose_pairs`
//! and `rematch` write the same layout:
//!
//! ```text
//! DIR/proposal.json        the Proposal (serde), unchanged format
//! DIR/pairs.csv            one row per pair; names, schools, traveller, travel minutes appended
//! DIR/summary.md           Markdown summary with names and schools
//! DIR/map.svg, scores.svg  map of the pairs between schools, histogram of pair scores
//! DIR/report.html          one self-contained page (see `html`)
//! DIR/letters/ID.md        one letter per teacher
//! DIR/calendar/A--B.ics    one iCalendar file per pair (weekly events in the term)
//! DIR/pseudonym-key.csv    only with pseudonyms: code -> original id and name (keep it
//!                          separate; everything else in DIR holds codes only)
//! ```

use std::path::{Path, PathBuf};

use crate::cohort::Cohort;
use crate::plan::Proposal;

use super::compare::Comparison;
use super::ics::Term;
use super::pseudonym::Pseudonyms;
use super::svg::{map_svg_with, score_histogram_from_zero_svg, MapOptions, MapPair, MapSchool};
use super::Roster;

/// Pseudonymisation settings of a bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PseudonymOptions {
    /// Seed of the code stream.
    pub seed: u64,
    /// Group statistics below this many members are suppressed (default 3).
    pub min_cell: usize,
}

impl Default for PseudonymOptions {
    fn default() -> Self {
        PseudonymOptions {
            seed: 0,
            min_cell: 3,
        }
    }
}

/// What to write.
#[derive(Clone, Debug)]
pub struct BundleOptions {
    /// The term of the calendar files.
    pub term: Term,
    /// Replace every id and name by a seeded code (and write the key).
    pub pseudonymise: Option<PseudonymOptions>,
}

/// Why a bundle could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// A file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// Serialising failed.
    #[error("{0}")]
    Format(String),
}

/// The proposal as it goes into the bundle, with the roster to name people by: the
/// original with names from `cohort`, or the pseudonymised copy with codes.
#[must_use]
pub fn prepare(
    proposal: &Proposal,
    cohort: &Cohort,
    pseudonymise: Option<PseudonymOptions>,
) -> (Proposal, Roster, Option<Pseudonyms>) {
    match pseudonymise {
        None => (proposal.clone(), Roster::from_cohort(cohort), None),
        Some(o) => {
            let ps = Pseudonyms::new(cohort, o.seed);
            (
                ps.apply(proposal, o.min_cell),
                ps.roster(o.min_cell),
                Some(ps),
            )
        }
    }
}

/// The map and the score histogram of `proposal` (already prepared; school ids in the map
/// are codes when `ps` is given, and the map is then a schematic without positions).
#[must_use]
pub fn pictures(cohort: &Cohort, proposal: &Proposal, ps: Option<&Pseudonyms>) -> (String, String) {
    let code = |id: &str| -> String {
        ps.and_then(|p| p.school(id))
            .map_or_else(|| id.to_string(), str::to_string)
    };
    let mut schools: Vec<MapSchool> = cohort
        .schools
        .iter()
        .filter_map(|s| {
            // Pseudonymised: every school, no coordinates, in code order (the schematic
            // must depend on neither the positions nor the cohort order).
            if ps.is_some() {
                return Some(MapSchool::new(code(&s.id), code(&s.id), 0.0, 0.0));
            }
            let l = s.location.as_ref()?;
            let name = if s.name.is_empty() { &s.id } else { &s.name };
            Some(MapSchool::new(s.id.clone(), name.clone(), l.lat, l.lon))
        })
        .collect();
    if ps.is_some() {
        schools.sort_by(|a, b| a.id.cmp(&b.id));
    }
    // The proposal keeps the cohort order, so look teachers up by position (one index:
    // a linear search per lookup was quadratic, 6% of a 20,000-teacher `--out` run).
    let position: std::collections::HashMap<&str, usize> = proposal
        .teachers
        .iter()
        .enumerate()
        .rev() // a repeated id keeps its first position, as the linear search did
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let school_of = |id: &str| {
        position
            .get(id)
            .and_then(|&i| cohort.teachers.get(i))
            .map(|t| code(&t.school))
            .unwrap_or_default()
    };
    let pairs: Vec<MapPair> = proposal
        .pairs
        .iter()
        .map(|p| match &p.third {
            Some(t) => MapPair::trio(
                school_of(&p.a),
                school_of(&p.b),
                school_of(&t.id),
                p.score.total,
            ),
            None => MapPair::new(school_of(&p.a), school_of(&p.b), p.score.total),
        })
        .collect();
    // Under pseudonyms the map is a schematic: real positions could identify a school.
    let mut opts = MapOptions {
        schematic: ps.is_some(),
        ..MapOptions::default()
    };
    for u in &proposal.unmatched {
        *opts.unmatched.entry(school_of(&u.id)).or_insert(0) += 1;
    }
    let scores: Vec<i64> = proposal.pairs.iter().map(|p| p.score.total).collect();
    (
        map_svg_with(&schools, &pairs, &opts),
        score_histogram_from_zero_svg(&scores, 10),
    )
}

/// Writes the whole bundle (layout in the module docs) and returns the prepared
/// proposal (pseudonymised if asked).
///
/// # Errors
/// [`BundleError::Io`] naming the file that could not be written.
pub fn write_bundle(
    dir: &Path,
    proposal: &Proposal,
    cohort: &Cohort,
    options: &BundleOptions,
) -> Result<Proposal, BundleError> {
    write_bundle_with(dir, proposal, cohort, options, None)
}

/// [`write_bundle`] with the objectives side by side (`propose_pairs --compare`) as a
/// section of `report.html` (the comparison holds figures only, no names or ids).
///
/// # Errors
/// As [`write_bundle`].
pub fn write_bundle_with(
    dir: &Path,
    proposal: &Proposal,
    cohort: &Cohort,
    options: &BundleOptions,
    comparison: Option<&Comparison>,
) -> Result<Proposal, BundleError> {
    write_all(dir, proposal, cohort, None, options, comparison)
}

/// [`write_bundle`] for a re-match, with `former` (the previous round's cohort) naming the
/// teachers who left: the changes then read `Eli Morgan (T05, Te Aro High School)` where
/// the new cohort alone only knows `T05`. Teachers and schools of `cohort` win; nothing
/// else is taken from `former`. Ignored under pseudonyms (codes name nobody).
///
/// # Errors
/// As [`write_bundle`].
pub fn write_bundle_former(
    dir: &Path,
    proposal: &Proposal,
    cohort: &Cohort,
    former: &Cohort,
    options: &BundleOptions,
) -> Result<Proposal, BundleError> {
    write_all(dir, proposal, cohort, Some(former), options, None)
}

/// The bundle writer behind [`write_bundle_with`] and [`write_bundle_former`].
fn write_all(
    dir: &Path,
    proposal: &Proposal,
    cohort: &Cohort,
    former: Option<&Cohort>,
    options: &BundleOptions,
    comparison: Option<&Comparison>,
) -> Result<Proposal, BundleError> {
    let (p, mut roster, ps) = prepare(proposal, cohort, options.pseudonymise);
    if let (Some(former), None) = (former, &ps) {
        roster.add_missing(&Roster::from_cohort(former));
    }
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| BundleError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| BundleError::Io { path, source })
    };
    let json = super::to_json(&p).map_err(|e| BundleError::Format(e.to_string()))?;
    write("proposal.json", &json)?;
    let csv =
        super::csv::pairs_csv_with(&p, &roster).map_err(|e| BundleError::Format(e.to_string()))?;
    write("pairs.csv", &csv)?;
    write("summary.md", &super::markdown::summary_with(&p, &roster))?;
    let (map, scores) = pictures(cohort, &p, ps.as_ref());
    write("map.svg", &map)?;
    write("scores.svg", &scores)?;
    write(
        "report.html",
        &super::html::report_with(&p, &roster, &map, &scores, comparison),
    )?;
    for (id, text) in super::letters::letters(&p, &roster) {
        write(
            &format!("letters/{}.md", super::letters::file_stem(&id)),
            &text,
        )?;
    }
    for pair in &p.pairs {
        let name = format!(
            "calendar/{}--{}.ics",
            super::letters::file_stem(&pair.a),
            super::letters::file_stem(&pair.b)
        );
        write(&name, &super::ics::pair_ics(pair, &roster, &options.term))?;
    }
    if let Some(ps) = &ps {
        write("pseudonym-key.csv", &ps.key_csv())?;
    }
    Ok(p)
}
