//! One short Markdown letter per teacher: who the partner is and where they teach, why
//! they were paired, the suggested focus and the meeting plan; for a teacher without a
//! partner, the reason.
//!
//! ```
//! use peermatch::cohort::Cohort;
//! use peermatch::compat::Policy;
//! use peermatch::plan::Planner;
//! use peermatch::report::{letters, Roster};
//! let cohort = Cohort::from_path("examples/data/pilot_cohort.json").unwrap();
//! let roster = Roster::from_cohort(&cohort);
//! let p = Planner::new(cohort, Policy::default()).plan().unwrap();
//! let all = letters::letters(&p, &roster);
//! assert_eq!(all.len(), p.teachers.len()); // every teacher here is paired or unmatched
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::plan::{Proposal, ProposedPair};

use super::{pts, Roster};

/// A file-name-safe form of an id: ASCII letters, digits, `-` and `_` kept, anything else
/// becomes `_`.
#[must_use]
pub fn file_stem(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "_".into()
    } else {
        s
    }
}

/// Every letter as `(teacher id, Markdown)`, one per teacher: the members of every pair
/// (and trio) in order of first appearance, then the unmatched teachers. A teacher with
/// several partners (capacity > 1) gets one letter that names them all first and then has
/// a section per partner, headed "Partner 1 of 2: …". An unmatched teacher's letter says
/// why in plain words with one piece of advice (the counts of colleagues each rule rules
/// out stay in the coordinator's summary and the JSON).
#[must_use]
pub fn letters(p: &Proposal, roster: &Roster) -> Vec<(String, String)> {
    // Each teacher's pairs, in order, with the other members of each.
    let mut order: Vec<String> = Vec::new();
    let mut sections: BTreeMap<String, Vec<(Vec<String>, &ProposedPair)>> = BTreeMap::new();
    for pair in &p.pairs {
        let mut members = vec![pair.a.clone(), pair.b.clone()];
        if let Some(t) = &pair.third {
            members.push(t.id.clone());
        }
        for m in &members {
            let others: Vec<String> = members.iter().filter(|x| *x != m).cloned().collect();
            let list = sections.entry(m.clone()).or_default();
            if list.is_empty() {
                order.push(m.clone());
            }
            list.push((others, pair));
        }
    }
    let mut out: Vec<(String, String)> = Vec::with_capacity(order.len() + p.unmatched.len());
    for me in order {
        let list = &sections[&me];
        let mut s = String::new();
        let _ = writeln!(s, "# Peer mentoring: {}\n", roster.name(&me));
        let _ = writeln!(s, "Dear {},\n", roster.name(&me));
        if let [(others, pair)] = list.as_slice() {
            let partners = partner_names(others, roster);
            let _ = writeln!(
                s,
                "Your proposed mentoring partner{} this round: **{}**.\n",
                if partners.len() > 1 { "s" } else { "" },
                partners.join(" and ")
            );
            pair_sections(&mut s, &me, pair, roster, "##");
        } else {
            let all: Vec<String> = list
                .iter()
                .map(|(others, _)| partner_names(others, roster).join(" and "))
                .collect();
            let _ = writeln!(
                s,
                "This round you have {} proposed mentoring partners, each with a section below: **{}**.\n",
                list.len(),
                all.join("** and **")
            );
            for (k, (others, pair)) in list.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "---\n\n## Partner {} of {}: {}\n",
                    k + 1,
                    list.len(),
                    partner_names(others, roster).join(" and ")
                );
                pair_sections(&mut s, &me, pair, roster, "###");
                s.push('\n');
            }
            while s.ends_with("\n\n") {
                s.pop();
            }
        }
        let _ = writeln!(
            s,
            "\nA calendar file with these times is in the `calendar/` folder of this report."
        );
        out.push((me, s));
    }
    for u in &p.unmatched {
        let mut s = String::new();
        let _ = writeln!(s, "# Peer mentoring: {}\n", roster.name(&u.id));
        let _ = writeln!(s, "Dear {},\n", roster.name(&u.id));
        let _ = writeln!(s, "{}\n", super::unmatched_letter_words(u, p));
        let _ = writeln!(s, "Your coordinator will be in touch.");
        out.push((u.id.clone(), s));
    }
    out
}

/// `Name (School)` for each of `ids`.
fn partner_names(ids: &[String], roster: &Roster) -> Vec<String> {
    ids.iter()
        .map(|o| {
            let school = roster.school(o);
            if school.is_empty() {
                roster.name(o).to_string()
            } else {
                format!("{} ({school})", roster.name(o))
            }
        })
        .collect()
}

/// Why, focus and meeting plan of one pair for `me`, headings at level `h` (`"##"`).
fn pair_sections(s: &mut String, me: &str, pair: &ProposedPair, roster: &Roster, h: &str) {
    let why = super::why_words(&pair.score.breakdown, " points");
    let _ = writeln!(s, "{h} Why you were paired\n");
    if !pair.shared.subjects.is_empty() {
        let _ = writeln!(s, "- You both teach {}.", pair.shared.subjects.join(", "));
    }
    let _ = writeln!(
        s,
        "- Score {}: {}.",
        pts(pair.score.total),
        if why.is_empty() {
            "no single criterion stood out".to_string()
        } else {
            why.join(", ")
        }
    );
    let mut focus: Vec<String> = pair
        .suggested_focus
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    focus.extend(pair.shared.tags.iter().cloned());
    let _ = writeln!(s, "\n{h} Suggested focus\n");
    if focus.is_empty() {
        let _ = writeln!(s, "Agree a focus together at your first meeting.");
    } else {
        let _ = writeln!(s, "{}.", focus.join(", "));
    }
    let ct = &pair.common_time;
    let _ = writeln!(s, "\n{h} Meeting plan\n");
    let _ = writeln!(s, "- {} minutes a week in common.", ct.minutes);
    if let Some(plan) = &ct.plan {
        let _ = writeln!(s, "- How: {}.", plan.mode);
    }
    if let (Some(t), Some(m)) = (&ct.traveller, ct.travel_minutes) {
        if t == me {
            let _ = writeln!(s, "- You travel ({m} min each way).");
        } else {
            let _ = writeln!(s, "- {} travels to you ({m} min each way).", roster.name(t));
        }
    }
    for w in &ct.windows {
        let _ = writeln!(s, "- {w}");
    }
}
