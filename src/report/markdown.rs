//! A Markdown summary a coordinator can read: headline, pairs with the reasons, suggested
//! focus and meeting times, unmatched teachers with the reason, fairness, notices.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::plan::Proposal;

use super::{pts, Roster};

/// Renders the summary.
///
/// ```
/// use peermatch::cohort::Cohort;
/// use peermatch::compat::Policy;
/// use peermatch::plan::Planner;
/// let cohort = Cohort::from_path("examples/data/pilot_cohort.json").unwrap();
/// let p = Planner::new(cohort, Policy::default()).plan().unwrap();
/// let md = peermatch::report::markdown::summary(&p);
/// assert!(md.starts_with("# Mentoring pairs"));
/// ```
#[must_use]
pub fn summary(p: &Proposal) -> String {
    summary_with(p, &Roster::default())
}

/// Renders the summary with display names and schools from `roster` (ids in brackets;
/// unknown ids fall back to the id alone, so an empty roster gives [`summary`]). Per-school
/// counts below `roster.min_cell` are shown as "< n", and schools are named.
///
/// ```
/// use peermatch::cohort::Cohort;
/// use peermatch::compat::Policy;
/// use peermatch::plan::Planner;
/// use peermatch::report::{markdown, Roster};
/// let cohort = Cohort::from_path("examples/data/pilot_cohort.json").unwrap();
/// let roster = Roster::from_cohort(&cohort);
/// let p = Planner::new(cohort, Policy::default()).plan().unwrap();
/// let md = markdown::summary_with(&p, &roster);
/// assert!(md.contains(roster.name(&p.pairs[0].a)));
/// ```
pub fn summary_with(p: &Proposal, roster: &Roster) -> String {
    let mut s = String::new();
    let a = &p.audit;
    let _ = writeln!(s, "# Mentoring pairs\n");
    let _ = writeln!(
        s,
        "**{} pairs** for {} teachers ({} matched, {:.0}%), total score {}.\nAim: {}.",
        p.pairs.len(),
        p.teachers.len(),
        super::matched_teachers(p).0,
        super::matched_teachers(p).1,
        pts(p.total_score),
        super::compare::objective_words(p.objective)
    );
    let check = p.check.to_string();
    let _ = writeln!(s, "Check: {check}.\n");

    let _ = writeln!(s, "## Pairs\n");
    if p.pairs.is_empty() {
        let _ = writeln!(s, "No pairs could be proposed.\n");
    }
    let positions = super::partner_positions(p);
    // The pairs of each teacher with several partners, in pair order: one pass, so the
    // "the other is pair N" lines cost O(pairs), not a scan of every pair per teacher.
    let mut pairs_of: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (j, v) in positions.iter().enumerate() {
        for (x, _, _) in v {
            pairs_of.entry(x.as_str()).or_default().push(j);
        }
    }
    if positions.iter().any(|v| !v.is_empty()) {
        let _ = writeln!(
            s,
            "Some teachers have room for more than one partner: they appear once per partner, \
             marked \"1 of 2 partners\", \"2 of 2 partners\".\n"
        );
    }
    for (i, pair) in p.pairs.iter().enumerate() {
        let third = pair
            .third
            .as_ref()
            .map(|t| format!(" + {}", roster.label(&t.id)))
            .unwrap_or_default();
        let mut tags = Vec::new();
        if pair.pinned {
            tags.push("must-pair");
        }
        if pair.kept {
            tags.push("kept");
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" ({})", tags.join(", "))
        };
        let _ = writeln!(
            s,
            "{}. **{} + {}{}**{} — score {}",
            i + 1,
            roster.label(&pair.a),
            roster.label(&pair.b),
            third,
            tags,
            pts(pair.score.total)
        );
        for (id, k, n) in &positions[i] {
            let others: Vec<String> = pairs_of
                .get(id.as_str())
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter(|&&j| j != i)
                .map(|j| (j + 1).to_string())
                .collect();
            let others = match others.split_last() {
                Some((last, [])) => format!("the other is pair {last}"),
                Some((last, rest)) => {
                    format!("the others are pairs {} and {last}", rest.join(", "))
                }
                None => String::new(),
            };
            let _ = writeln!(
                s,
                "   - {} {}: {others}",
                roster.name(id),
                super::partner_marker(*k, *n),
            );
        }
        let why = super::why_words(&pair.score.breakdown, "");
        let _ = writeln!(s, "   - why: {}", why.join(", "));
        if !pair.shared.subjects.is_empty() {
            let _ = writeln!(
                s,
                "   - shared subjects: {}",
                pair.shared.subjects.join(", ")
            );
        }
        if !pair.suggested_focus.is_empty() || !pair.shared.tags.is_empty() {
            let focus: Vec<&str> = pair.suggested_focus.iter().map(|f| f.name()).collect();
            let mut goals = focus.join(", ");
            if !pair.shared.tags.is_empty() {
                if !goals.is_empty() {
                    goals.push_str("; ");
                }
                goals.push_str(&pair.shared.tags.join(", "));
            }
            let _ = writeln!(s, "   - suggested focus: {goals}");
        }
        let _ = writeln!(
            s,
            "   - meet: {}",
            super::meeting_line(&pair.common_time, roster, Some(4))
        );
        if pair.history_penalty > 0 {
            let _ = writeln!(
                s,
                "   - met before: score reduced by {}",
                pts(pair.history_penalty)
            );
        }
    }

    let _ = writeln!(s, "\n## Without a partner\n");
    if p.unmatched.is_empty() {
        let _ = writeln!(s, "Everyone has a partner.");
    }
    for u in &p.unmatched {
        let _ = writeln!(
            s,
            "- **{}**: {}",
            roster.label(&u.id),
            super::unmatched_words(u, roster)
        );
    }
    if let Some(t) = &p.sensitivity {
        sensitivity_section(&mut s, t, super::parity_left_over(p).is_some());
    }

    let _ = writeln!(s, "\n## Fairness\n");
    if let Some(min) = a.min_pair_score {
        let _ = writeln!(
            s,
            "- weakest pair scores {}, mean {}",
            pts(min),
            a.mean_pair_score
                .map(|m| pts(m.round() as i64))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        s,
        "- {} pair(s) of teachers would both score each other higher than a current partner",
        a.blocking_pairs_scores.len()
    );
    let id = |i: usize| p.teachers.get(i).map_or("?", String::as_str);
    for bp in a.blocking_pairs_scores.iter().take(20) {
        let _ = writeln!(
            s,
            "  - {} and {} (score {} together): each scores the other above a current partner",
            roster.name(id(bp.a)),
            roster.name(id(bp.b)),
            pts(bp.score)
        );
    }
    if a.blocking_pairs_scores.len() > 20 {
        let _ = writeln!(s, "  - and {} more", a.blocking_pairs_scores.len() - 20);
    }
    if let Some(schools) = a.groups.get("school") {
        let (rows, all) = super::school_rows(schools, roster);
        let rates: Vec<String> = rows
            .iter()
            .map(|(k, g)| {
                format!(
                    "{} {}",
                    roster.school_name(k),
                    roster.cell(g.matched, g.members)
                )
            })
            .collect();
        if all {
            let _ = writeln!(s, "- matched per school: {}", rates.join(", "));
        } else {
            let _ = writeln!(
                s,
                "- matched per school, the {} lowest of {} schools: {} (every school is in proposal.json, audit.groups.school)",
                rates.len(),
                schools.len(),
                rates.join(", ")
            );
        }
    }

    if let Some(c) = &p.changes {
        let _ = writeln!(s, "\n## Changes since the previous round\n");
        let _ = writeln!(s, "- {}", c.strategy);
        let labels = |v: &[String]| {
            v.iter()
                .map(|x| roster.label(x))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !c.left.is_empty() {
            let _ = writeln!(s, "- left: {}", labels(&c.left));
        }
        if !c.joined.is_empty() {
            let _ = writeln!(s, "- joined: {}", labels(&c.joined));
        }
        let _ = writeln!(s, "- kept: {} pair(s)", c.kept.len());
        for b in &c.broken {
            let _ = writeln!(
                s,
                "- ended: {} + {}: {}",
                roster.label(&b.a),
                roster.label(&b.b),
                super::break_words(&b.reason, roster)
            );
        }
        for (x, y) in &c.new_pairs {
            let _ = writeln!(s, "- new: {} + {}", roster.label(x), roster.label(y));
        }
    }

    if !p.notices.is_empty() {
        let _ = writeln!(s, "\n## Notes\n");
        for line in super::notes_words(&p.notices, roster) {
            let _ = writeln!(s, "- {line}");
        }
    }
    s
}

/// The "what would help" table of the feasibility report (the planner's
/// [`crate::plan::Sensitivity`]): one row per binding rule or meeting mode relaxed one step.
fn sensitivity_section(s: &mut String, t: &crate::plan::Sensitivity, parity: bool) {
    let _ = writeln!(s, "\n### What would help\n");
    let _ = writeln!(s, "{}\n", super::sensitivity_intro(t));
    let _ = writeln!(s, "| relax | more teachers with a partner |");
    let _ = writeln!(s, "|---|---:|");
    for r in &t.rows {
        let _ = writeln!(s, "| {} | {} |", r.relaxation, super::sensitivity_more(r));
    }
    if let Some(end) = super::sensitivity_conclusion(t, parity) {
        let _ = writeln!(s, "\n{end}");
    }
}
