//! The whole report bundle in one call: what `propose_pairs --out DIR` writes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::cohort::Cohort;
use crate::plan::Proposal;

use super::svg::{map_svg, score_histogram_svg, MapPair, MapSchool};

/// The file names of the bundle, in the order [`write_bundle`] writes them.
pub const BUNDLE_FILES: [&str; 5] = [
    "proposal.json",
    "pairs.csv",
    "summary.md",
    "map.svg",
    "scores.svg",
];

/// Writes the report bundle of `proposal` into `dir` (created if missing): `proposal.json`
/// ([`super::to_json`]), `pairs.csv` ([`super::csv::pairs_csv`]), `summary.md`
/// ([`super::markdown::summary`]), `map.svg` (the pairs on a map of `cohort`'s schools)
/// and `scores.svg` (a histogram of the pair scores, 10 bins), the same files
/// `propose_pairs --out DIR` writes.
///
/// `cohort` is the cohort the proposal was planned for (teacher `i` of the proposal is
/// teacher `i` of the cohort, also after [`Proposal::pseudonymised`]); it gives the map its
/// school locations.
///
/// # Returns
/// The paths written, in [`BUNDLE_FILES`] order.
///
/// # Errors
/// [`crate::Error::Io`] when the directory or a file cannot be written (files written
/// before the failure stay); [`crate::Error::Json`] / [`crate::Error::Csv`] if
/// serialisation fails (it does not for a planned proposal).
///
/// # Complexity
/// O(n + p + s) for n teachers, p pairs and s schools, plus the size of the files.
///
/// # Example
/// ```
/// use peermatch::prelude::*;
/// let mon = FreePeriod::new(Day::Mon, 600, 660);
/// let t = |id: &str| Teacher::new(id, "S1").with_subjects(["maths"]).with_free_periods([mon]);
/// let cohort = Cohort::new(vec![School::new("S1", "Hill")], vec![t("a"), t("b")]);
/// let proposal = Planner::new(cohort.clone(), Policy::default()).plan()?;
/// let dir = std::env::temp_dir().join(format!("peermatch-bundle-doc-{}", std::process::id()));
/// let written = peermatch::report::write_bundle(&dir, &proposal, &cohort)?;
/// assert_eq!(written.len(), 5);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), peermatch::Error>(())
/// ```
pub fn write_bundle(
    dir: impl AsRef<Path>,
    proposal: &Proposal,
    cohort: &Cohort,
) -> Result<Vec<PathBuf>, crate::Error> {
    let dir = dir.as_ref();
    std::fs::create_dir_all(dir)?;
    let (map, scores) = pictures(cohort, proposal);
    let contents = [
        super::to_json(proposal)?,
        super::csv::pairs_csv(proposal)?,
        super::markdown::summary(proposal),
        map,
        scores,
    ];
    let mut written = Vec::with_capacity(BUNDLE_FILES.len());
    for (name, text) in BUNDLE_FILES.iter().zip(contents) {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// The map and the score histogram, as `propose_pairs` draws them.
fn pictures(cohort: &Cohort, proposal: &Proposal) -> (String, String) {
    let schools: Vec<MapSchool> = cohort
        .schools
        .iter()
        .filter_map(|s| {
            let l = s.location.as_ref()?;
            let name = if s.name.is_empty() {
                s.id.clone()
            } else {
                s.name.clone()
            };
            Some(MapSchool::new(s.id.clone(), name, l.lat, l.lon))
        })
        .collect();
    // Pseudonymised proposals keep the cohort order, so look teachers up by position.
    let position: HashMap<&str, usize> = proposal
        .teachers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let school_of = |id: &str| {
        position
            .get(id)
            .and_then(|&i| cohort.teachers.get(i))
            .map(|t| t.school.clone())
            .unwrap_or_default()
    };
    let pairs: Vec<MapPair> = proposal
        .pairs
        .iter()
        .map(|p| MapPair::new(school_of(&p.a), school_of(&p.b), p.score.total))
        .collect();
    let scores: Vec<i64> = proposal.pairs.iter().map(|p| p.score.total).collect();
    (map_svg(&schools, &pairs), score_histogram_svg(&scores, 10))
}
