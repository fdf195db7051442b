//! Objectives side by side: one [`CompareRow`] per planned [`Proposal`] of the same
//! cohort (e.g. every [`Objective`] through [`crate::plan::Planner::plan_with`]), printed
//! as a text table ([`Comparison::table`]) and as a section of `report.html`
//! ([`Comparison::html_section`]).
//!
//! ```
//! use peermatch::cohort::Cohort;
//! use peermatch::compat::Policy;
//! use peermatch::plan::{Objective, Planner, PlannerOptions};
//! use peermatch::report::compare::{Comparison, OBJECTIVES};
//! let planner = Planner::new(Cohort::from_path("examples/data/pilot_cohort.json")?, Policy::default());
//! let mut proposals = Vec::new();
//! for objective in OBJECTIVES {
//!     proposals.push(planner.plan_with(&PlannerOptions { objective, ..Default::default() })?);
//! }
//! let c = Comparison::new(planner.cohort(), &proposals, Objective::Participation);
//! assert_eq!(c.rows.len(), OBJECTIVES.len());
//! assert!(c.table().starts_with("objective"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::cohort::Cohort;
use crate::plan::{Objective, Proposal};

use super::html::escape_html;
use super::pts;

/// Every objective, in the order `propose_pairs --compare` lists them.
pub const OBJECTIVES: [Objective; 5] = [
    Objective::Participation,
    Objective::MaxWeight,
    Objective::MaxCardinalityThenWeight,
    Objective::Stable,
    Objective::MinRegret,
];

/// The objective's name as `propose_pairs --objective` spells it.
pub fn objective_name(o: Objective) -> &'static str {
    match o {
        Objective::Participation => "participation",
        Objective::MaxWeight => "max-weight",
        Objective::MaxCardinalityThenWeight => "max-cardinality",
        Objective::Stable => "stable",
        Objective::MinRegret => "min-regret",
    }
}

/// What the objective aims for, in plain words, as the summaries' headline says it
/// (`"Aim: …"`): no internal names, no command-line spelling.
///
/// ```
/// use peermatch::plan::Objective;
/// use peermatch::report::compare::objective_words;
/// assert_eq!(
///     objective_words(Objective::Participation),
///     "as many teachers as possible with a partner, then the highest total score"
/// );
/// ```
#[must_use]
pub fn objective_words(o: Objective) -> &'static str {
    match o {
        Objective::Participation => {
            "as many teachers as possible with a partner, then the highest total score"
        }
        Objective::MaxWeight => "the highest total score",
        Objective::MaxCardinalityThenWeight => {
            "as many pairs as possible, then the highest total score"
        }
        Objective::Stable => {
            "stable pairs: no two teachers would both rather be paired with each other than with their partners"
        }
        Objective::MinRegret => {
            "as many pairs as possible, then the weakest pair as strong as possible, then the highest total score"
        }
    }
}

/// The figures of one objective's proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareRow {
    /// The objective planned.
    pub objective: Objective,
    /// Pairs (a trio counts as one pair).
    pub pairs: usize,
    /// Teachers with at least one partner (trio thirds included).
    pub matched: usize,
    /// Teachers in the cohort.
    pub teachers: usize,
    /// [`Proposal::total_score`] (units).
    pub total_score: i64,
    /// The weakest pair's score (units); `None` without pairs.
    pub weakest: Option<i64>,
    /// Blocking pairs under the stated preferences (from the audit); `None` when nobody
    /// stated preferences.
    pub blocking_stated: Option<usize>,
    /// Teachers whose first stated preference is one of their partners (trio included).
    pub first_choice: usize,
    /// Teachers who stated at least one preference.
    pub with_preferences: usize,
}

impl CompareRow {
    /// The row of `p`, planned on `cohort` (whose preference lists give the first choices).
    pub fn new(cohort: &Cohort, p: &Proposal) -> CompareRow {
        let mut partners: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for pair in &p.pairs {
            let mut members = vec![pair.a.as_str(), pair.b.as_str()];
            if let Some(t) = &pair.third {
                members.push(t.id.as_str());
            }
            for &x in &members {
                for &y in &members {
                    if x != y {
                        partners.entry(x).or_default().insert(y);
                    }
                }
            }
        }
        let stated: Vec<_> = cohort
            .teachers
            .iter()
            .filter(|t| !t.preferences.is_empty())
            .collect();
        let first_choice = stated
            .iter()
            .filter(|t| {
                partners
                    .get(t.id.as_str())
                    .is_some_and(|s| s.contains(t.preferences[0].as_str()))
            })
            .count();
        CompareRow {
            objective: p.objective,
            pairs: p.pairs.len(),
            matched: partners.len(),
            teachers: p.teachers.len(),
            total_score: p.total_score,
            weakest: p.pairs.iter().map(|x| x.score.total).min(),
            blocking_stated: p.audit.blocking_pairs_stated.as_ref().map(Vec::len),
            first_choice,
            with_preferences: stated.len(),
        }
    }

    fn cells(&self) -> [String; 7] {
        [
            objective_name(self.objective).to_string(),
            self.pairs.to_string(),
            format!("{}/{}", self.matched, self.teachers),
            pts(self.total_score),
            self.weakest.map_or_else(|| "-".into(), pts),
            self.blocking_stated
                .map_or_else(|| "-".into(), |b| b.to_string()),
            format!("{}/{}", self.first_choice, self.with_preferences),
        ]
    }
}

/// Every objective's row, and the objective the bundle was written for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// One row per proposal, in the order given.
    pub rows: Vec<CompareRow>,
    /// The objective of the proposal the rest of the report shows.
    pub chosen: Objective,
}

const HEADINGS: [&str; 7] = [
    "objective",
    "pairs",
    "teachers matched",
    "total score",
    "weakest pair",
    "blocking pairs (stated)",
    "first choice",
];

impl Comparison {
    /// Rows of `proposals`, all planned on `cohort`.
    pub fn new(cohort: &Cohort, proposals: &[Proposal], chosen: Objective) -> Comparison {
        Comparison {
            rows: proposals
                .iter()
                .map(|p| CompareRow::new(cohort, p))
                .collect(),
            chosen,
        }
    }

    /// A fixed-width text table with a header line and one line per row (columns as
    /// [`Comparison::html_section`]), then a line explaining the columns.
    pub fn table(&self) -> String {
        let cells: Vec<[String; 7]> = self.rows.iter().map(CompareRow::cells).collect();
        let mut width: Vec<usize> = HEADINGS.iter().map(|h| h.chars().count()).collect();
        for r in &cells {
            for (w, c) in width.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut s = String::new();
        let line = |s: &mut String, cols: &[&str]| {
            let parts: Vec<String> = cols
                .iter()
                .zip(&width)
                .enumerate()
                .map(|(i, (c, &w))| {
                    if i == 0 {
                        format!("{c:<w$}")
                    } else {
                        format!("{c:>w$}")
                    }
                })
                .collect();
            let _ = writeln!(s, "{}", parts.join("  ").trim_end());
        };
        line(&mut s, &HEADINGS);
        for r in &cells {
            let cols: Vec<&str> = r.iter().map(String::as_str).collect();
            line(&mut s, &cols);
        }
        s.push_str(NOTE);
        s.push('\n');
        s
    }

    /// The `<section id="sec-compare">` of `report.html`: the same table, the chosen
    /// objective's row marked.
    pub fn html_section(&self) -> String {
        let mut s = String::from(
            "<section id=\"sec-compare\" aria-labelledby=\"compare-h\">\n<h2 id=\"compare-h\">Objectives side by side</h2>\n",
        );
        let _ = writeln!(
            s,
            "<p class=\"small\">The same cohort planned under every objective; this report shows <strong>{}</strong>. {}</p>",
            escape_html(objective_name(self.chosen)),
            escape_html(NOTE)
        );
        s.push_str("<table id=\"compare-table\">\n<thead><tr>");
        for h in HEADINGS {
            let _ = write!(s, "<th scope=\"col\">{h}</th>");
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            let chosen = r.objective == self.chosen;
            let _ = write!(
                s,
                "<tr class=\"objective{}\" data-objective=\"{}\">",
                if chosen { " chosen" } else { "" },
                escape_html(objective_name(r.objective))
            );
            for (i, c) in r.cells().iter().enumerate() {
                let c = escape_html(c);
                if i == 0 {
                    let mark = if chosen { " (shown)" } else { "" };
                    let _ = write!(s, "<th scope=\"row\">{c}{mark}</th>");
                } else {
                    let _ = write!(s, "<td class=\"num\">{c}</td>");
                }
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n</table>\n</section>\n");
        s
    }
}

const NOTE: &str = "Scores in points. Teachers matched: with at least one partner, of all. \
Blocking pairs (stated): two teachers who list each other and would both rather be together \
(\"-\" when nobody stated preferences). First choice: teachers paired with the first teacher \
on their list, of those with a list.";
