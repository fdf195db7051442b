//! The peer-group report: [`write_groups_bundle`] writes `groups.json` (the
//! [`GroupPlan`]), `meetings.json` (the [`GroupMeeting`]s of
//! [`crate::groups::plan_meetings`]), `groups.csv` (one row per member, with venue,
//! travel and slot), `summary.md` (the groups with members' names, schools, venue, slot
//! and travel), `groups.svg` (per group: score bar and school mix) and
//! `report.html` (self-contained: the page shell and CSS of [`super::html`], the SVG
//! inline, no script, no external asset).
//!
//! Members are named through a [`Roster`]; a plan from
//! [`crate::groups::form_groups_scores`] has no ids, so its members are named by index.
//!
//! ```
//! use peermatch::cohort::Cohort;
//! use peermatch::compat::{CandidateMode, Policy};
//! use peermatch::graph::CompatibilityGraph;
//! use peermatch::groups::{form_groups, GroupOptions};
//! use peermatch::report::{groups, Roster};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
//! let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact)?;
//! let plan = form_groups(&g, &GroupOptions::default())?;
//! let meetings = peermatch::groups::plan_meetings(&g, &plan);
//! let roster = Roster::from_cohort(&cohort);
//! let csv = groups::groups_csv(&plan, &meetings, &roster)?;
//! assert_eq!(csv.lines().count(), 1 + cohort.teachers.len());
//! let page = groups::report_html(&plan, &meetings, &roster);
//! assert!(page.starts_with("<!DOCTYPE html>") && !page.contains("http"));
//! # Ok(())
//! # }
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::groups::notice::Wording;
use crate::groups::{Group, GroupMeeting, GroupNotice, GroupPlan, Participant};

use super::bundle::BundleError;
use super::html::{escape_html, STYLE};
use super::svg::escape_xml;
use super::{pts, Roster};

/// The member ids of a group: its `ids`, or the indices when it has none.
fn member_ids(g: &Group) -> Vec<String> {
    if g.ids.len() == g.members.len() {
        g.ids.clone()
    } else {
        g.members.iter().map(|m| m.to_string()).collect()
    }
}

/// A teacher as `Name (id)` (just the id when the roster has no name).
fn person(roster: &Roster, id: &str) -> String {
    let name = roster.name(id);
    if name == id || name.is_empty() {
        id.to_string()
    } else {
        format!("{name} ({id})")
    }
}

/// A notice in the coordinator's words: teachers as `Name (id)`, schools by name,
/// groups by their printed number (see [`GroupNotice::for_coordinator`]).
fn notice_text(n: &GroupNotice, plan: &GroupPlan, roster: &Roster) -> String {
    let teacher = |p: &Participant| {
        p.id.as_deref()
            .map_or(p.to_string(), |id| person(roster, id))
    };
    let school = |id: &str| roster.school_name(id).to_string();
    let words = Wording {
        teacher: &teacher,
        school: &school,
        groups: &plan.groups,
    };
    n.for_coordinator(&words).to_string()
}

/// Group `i`'s infeasible pairs in plain words, or `None` when there are none (or no
/// such group): `"2 of the 15 pairs in this group could not be mentoring pairs under the
/// policy's rules (…), so they add no points to the group's score."` The count is
/// [`Group::infeasible_pairs`]: pairs of members that a hard rule of the policy (travel
/// time, common free time, shared subject, an avoid request) forbids as a mentoring pair.
/// When the plan's notices say some feasible pairs were not scored (a top-k graph,
/// groups-only teachers on the sparse path), the words say so too.
///
/// ```
/// use peermatch::groups::{Group, GroupPlan};
/// let g = Group { members: vec![0, 1, 2, 3], ids: vec![], score: 0, objective: 0,
///     schools: vec![], same_school_pairs: 0, infeasible_pairs: 1 };
/// let plan = GroupPlan { groups: vec![g], objective: 0, passes: 1, local_optimum: true,
///     notices: vec![] };
/// let text = peermatch::report::groups::infeasible_pairs_words(&plan, 0).unwrap();
/// assert!(text.starts_with("1 of the 6 pairs in this group could not be a mentoring pair"));
/// ```
#[must_use]
pub fn infeasible_pairs_words(plan: &GroupPlan, i: usize) -> Option<String> {
    let g = plan.groups.get(i)?;
    let k = g.infeasible_pairs;
    if k == 0 {
        return None;
    }
    let n = g.members.len();
    let pairs = n * n.saturating_sub(1) / 2;
    let unscored = plan.notices.iter().any(|n| {
        matches!(
            n,
            GroupNotice::InexactGraph { .. } | GroupNotice::GroupsOnlySparse
        )
    });
    Some(format!(
        "{k} of the {pairs} pairs in this group could not be {} under the policy's rules (travel time, common free time, shared subject, avoid lists){}, so {} no points to the group's score.",
        if k == 1 { "a mentoring pair" } else { "mentoring pairs" },
        if unscored {
            " or were not scored in this run (see the notes)"
        } else {
            ""
        },
        if k == 1 { "it adds" } else { "they add" }
    ))
}

/// The notices about member `id` of group `i` (its group's travel cap and school count,
/// its pairs, a member without a feasible partner), in words, joined by `"; "`.
fn member_notes(plan: &GroupPlan, i: usize, id: &str, roster: &Roster) -> String {
    let is = |p: &Participant| p.id.as_deref() == Some(id);
    plan.notices
        .iter()
        .filter(|n| match n {
            GroupNotice::TravelCapExceeded { group, .. }
            | GroupNotice::TooFewSchools { group, .. } => *group == i,
            GroupNotice::PairSplit { a, b, .. } | GroupNotice::PairTogether { a, b, .. } => {
                is(a) || is(b)
            }
            GroupNotice::NoFeasiblePartner { member, .. }
            | GroupNotice::LongTravel { member, .. } => is(member),
            _ => false,
        })
        .map(|n| notice_text(n, plan, roster))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The meeting of group `i`, if `meetings` has one.
fn meeting(meetings: &[GroupMeeting], i: usize) -> Option<&GroupMeeting> {
    meetings.iter().find(|m| m.group == i)
}

/// `(venue school name, slot text)` of a group: empty without a meeting plan, the
/// reason in place of a missing slot.
fn venue_and_slot(m: Option<&GroupMeeting>, roster: &Roster) -> (String, String) {
    let Some(m) = m else {
        return (String::new(), String::new());
    };
    let venue = m.venue.as_ref().map_or(String::new(), |v| {
        roster.school_name(&v.school_id).to_string()
    });
    let slot = match (&m.slot, &m.why) {
        (Some(s), _) => s.to_string(),
        (None, Some(why)) => format!("no slot: {}", why.named(&|id| person(roster, id))),
        (None, None) => String::new(),
    };
    (venue, slot)
}

/// Member `k`'s travel minutes to the venue, as text (empty when unknown).
fn travel(m: Option<&GroupMeeting>, k: usize) -> String {
    m.and_then(|m| m.venue.as_ref())
        .and_then(|v| v.travel_minutes.get(k))
        .map_or(String::new(), |t| t.to_string())
}

/// A word for member `id`'s trip to the venue of group `i` when a notice flags it:
/// `over the cap` ([`GroupNotice::TravelCapExceeded`]) or `long trip`
/// ([`GroupNotice::LongTravel`]).
fn travel_flag(plan: &GroupPlan, i: usize, id: &str) -> Option<&'static str> {
    let is = |p: &Participant| p.id.as_deref() == Some(id);
    plan.notices.iter().find_map(|n| match n {
        GroupNotice::TravelCapExceeded { group, over, .. }
            if *group == i && over.iter().any(|t| is(&t.member)) =>
        {
            Some("over the cap")
        }
        GroupNotice::LongTravel { group, member, .. } if *group == i && is(member) => {
            Some("long trip")
        }
        _ => None,
    })
}

/// Member `k`'s travel with its flag, for the tables: `98 (long trip)`.
fn travel_cell(plan: &GroupPlan, m: Option<&GroupMeeting>, i: usize, k: usize, id: &str) -> String {
    let t = travel(m, k);
    match travel_flag(plan, i, id) {
        Some(flag) if !t.is_empty() => format!("{t} ({flag})"),
        _ => t,
    }
}

/// One row per member: `group` (1-based), `id`, `name`, `school`, `group_score`
/// (points), and from `meetings` (pass `&[]` for none) `venue` (school name),
/// `travel_minutes` (one way, to the venue) and `slot` (or why there is none), then
/// `notes`: the plan's notices about this member or their group (a constraint not met,
/// no feasible partner), teachers by name.
///
/// # Errors
/// A [`csv::Error`] from the writer (not expected for in-memory output).
pub fn groups_csv(
    plan: &GroupPlan,
    meetings: &[GroupMeeting],
    roster: &Roster,
) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "group",
        "id",
        "name",
        "school",
        "group_score",
        "venue",
        "travel_minutes",
        "slot",
        "notes",
    ])?;
    for (i, g) in plan.groups.iter().enumerate() {
        let score = pts(g.score);
        let m = meeting(meetings, i);
        let (venue, slot) = venue_and_slot(m, roster);
        for (k, id) in member_ids(g).into_iter().enumerate() {
            let group = (i + 1).to_string();
            let notes = member_notes(plan, i, &id, roster);
            w.write_record([
                group.as_str(),
                id.as_str(),
                roster.name(&id),
                roster.school(&id),
                score.as_str(),
                venue.as_str(),
                travel(m, k).as_str(),
                slot.as_str(),
                notes.as_str(),
            ])?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Markdown table cell text: `|` and line breaks would break the table.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The Markdown summary: a header line, then per group its score, school count, venue
/// and slot (from `meetings`; `&[]` for none) and a table of members (id, name, school,
/// travel minutes to the venue), then the notices.
pub fn summary_md(plan: &GroupPlan, meetings: &[GroupMeeting], roster: &Roster) -> String {
    let members: usize = plan.groups.iter().map(|g| g.members.len()).sum();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Peer groups\n\n{members} teachers in {} groups, total score {} points (the sum of the groups' scores).\n",
        plan.groups.len(),
        pts(plan.objective)
    );
    for (i, g) in plan.groups.iter().enumerate() {
        let _ = writeln!(
            s,
            "## Group {} — score {} points, {} school(s), {} same-school pair(s)\n",
            i + 1,
            pts(g.score),
            g.schools.len(),
            g.same_school_pairs
        );
        if let Some(words) = infeasible_pairs_words(plan, i) {
            let _ = writeln!(s, "{words}\n");
        }
        let m = meeting(meetings, i);
        let (venue, slot) = venue_and_slot(m, roster);
        if m.is_some() {
            let _ = writeln!(
                s,
                "Venue: {}. Meeting: {}.\n",
                if venue.is_empty() {
                    "none"
                } else {
                    venue.as_str()
                },
                slot
            );
        }
        s.push_str("| id | name | school | travel (min) |\n|---|---|---|---|\n");
        for (k, id) in member_ids(g).into_iter().enumerate() {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                md_cell(&id),
                md_cell(roster.name(&id)),
                md_cell(roster.school(&id)),
                travel_cell(plan, m, i, k, &id)
            );
        }
        s.push('\n');
    }
    if !plan.notices.is_empty() {
        s.push_str("## Notices\n\n");
        for n in &plan.notices {
            let _ = writeln!(s, "- {}", md_cell(&notice_text(n, plan, roster)));
        }
    }
    s
}

/// Colours for the schools of the mix bars, with a word for each (the picture's
/// description names the colour beside the school). Tableau's ten plus two of its light
/// tones; with more schools than colours they repeat (see [`groups_svg`]).
const PALETTE: [(&str, &str); 12] = [
    ("#4e79a7", "blue"),
    ("#f28e2b", "orange"),
    ("#e15759", "red"),
    ("#76b7b2", "teal"),
    ("#59a14f", "green"),
    ("#edc948", "yellow"),
    ("#b07aa1", "purple"),
    ("#ff9da7", "pink"),
    ("#9c755f", "brown"),
    ("#bab0ac", "grey"),
    ("#a0cbe8", "light blue"),
    ("#ffbe7d", "light orange"),
];

/// A school in the mix bars: `(name, school id)` of member `id` (an unknown school is
/// `("unknown school", "")`).
fn mix_school(roster: &Roster, id: &str) -> (String, String) {
    match roster.school_id(id) {
        Some(sid) => (roster.school_name(sid).to_string(), sid.to_string()),
        None => ("unknown school".to_string(), String::new()),
    }
}

/// The schools of the plan's members, sorted by name then id: the legend's order, and
/// a school's colour is `PALETTE[position % PALETTE.len()]`.
fn legend_schools(plan: &GroupPlan, roster: &Roster) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = plan
        .groups
        .iter()
        .flat_map(member_ids)
        .map(|id| mix_school(roster, &id))
        .collect();
    all.sort();
    all.dedup();
    all
}

/// `s` cut to `max` characters with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// A bar chart, one row per group: the group score as a bar (scaled to the largest
/// absolute score) and the school mix as a stacked bar, one segment per member school
/// (width ∝ members from it, in legend order), each with a `<title>` naming the school
/// and count. Below, a legend names the school of each colour (schools sorted by name);
/// with more schools than the 12 colours the colours repeat and the legend says so
/// instead (each segment still names its school on hover). The picture has a `<title>`
/// and a `<desc>` giving every group's score and mix in words, colours named.
pub fn groups_svg(plan: &GroupPlan, roster: &Roster) -> String {
    const ROW: f64 = 26.0;
    const LABEL_W: f64 = 80.0;
    const BAR_W: f64 = 300.0;
    const MIX_X: f64 = LABEL_W + BAR_W + 90.0;
    const MIX_W: f64 = 240.0;
    const LEGEND_ROW: f64 = 18.0;
    const LEGEND_COLS: usize = 3;
    let width = MIX_X + MIX_W + 20.0;
    let schools = legend_schools(plan, roster);
    let colour = |key: &(String, String)| {
        let k = schools.binary_search(key).unwrap_or(0);
        PALETTE[k % PALETTE.len()]
    };
    let listed = schools.len() <= PALETTE.len();
    let legend_rows = if listed {
        schools.len().div_ceil(LEGEND_COLS)
    } else {
        1
    };
    let legend_y = 28.0 + ROW * plan.groups.len() as f64 + 16.0;
    let height = legend_y + 10.0 + LEGEND_ROW * legend_rows as f64;
    let max = plan
        .groups
        .iter()
        .map(|g| g.score.unsigned_abs())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    // Members per school of each group, in legend order.
    let mixes: Vec<Vec<((String, String), usize)>> = plan
        .groups
        .iter()
        .map(|g| {
            let mut mix: Vec<((String, String), usize)> = Vec::new();
            for id in member_ids(g) {
                let key = mix_school(roster, &id);
                match mix.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, c)) => *c += 1,
                    None => mix.push((key, 1)),
                }
            }
            mix.sort();
            mix
        })
        .collect();
    let mut desc = String::from(
        "One row per group: the group score in points, then the school mix (members per school).",
    );
    for (i, (g, mix)) in plan.groups.iter().zip(&mixes).enumerate() {
        let parts: Vec<String> = mix
            .iter()
            .map(|(k, c)| format!("{} {c} ({})", k.0, colour(k).1))
            .collect();
        let _ = write!(
            desc,
            " Group {}: {} points; {}.",
            i + 1,
            pts(g.score),
            parts.join(", ")
        );
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-labelledby=\"groups-svg-title groups-svg-desc\">"
    );
    let _ = writeln!(
        s,
        "<title id=\"groups-svg-title\">Group scores and school mix</title><desc id=\"groups-svg-desc\">{}</desc>",
        escape_xml(&desc)
    );
    let _ = writeln!(
        s,
        "<text x=\"{LABEL_W}\" y=\"16\" font-weight=\"bold\">group score (points)</text><text x=\"{MIX_X}\" y=\"16\" font-weight=\"bold\">school mix (members per school)</text>"
    );
    for (i, (g, mix)) in plan.groups.iter().zip(&mixes).enumerate() {
        let y = 28.0 + ROW * i as f64;
        let w = BAR_W * g.score.unsigned_abs() as f64 / max;
        let _ = writeln!(
            s,
            "<text x=\"4\" y=\"{:.1}\">Group {}</text><rect class=\"score\" x=\"{LABEL_W}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"><title>Group {}: {} points</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y + 14.0,
            i + 1,
            ROW - 8.0,
            if g.score < 0 { "#c44" } else { "#1f3b57" },
            i + 1,
            pts(g.score),
            LABEL_W + w + 4.0,
            y + 14.0,
            pts(g.score)
        );
        let total = g.members.len().max(1);
        let mut x = MIX_X;
        for (key, count) in mix {
            let w = MIX_W * *count as f64 / total as f64;
            let _ = writeln!(
                s,
                "<rect class=\"mix\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#fff\"><title>{}: {count} of {total} members</title></rect>",
                ROW - 8.0,
                colour(key).0,
                escape_xml(&key.0)
            );
            x += w;
        }
    }
    let _ = writeln!(
        s,
        "<g class=\"legend\"><text x=\"4\" y=\"{legend_y:.1}\" font-weight=\"bold\">Schools in the school mix</text>"
    );
    if listed {
        let col_w = (width - 8.0) / LEGEND_COLS as f64;
        for (k, key) in schools.iter().enumerate() {
            let x = 4.0 + col_w * (k % LEGEND_COLS) as f64;
            let y = legend_y + 8.0 + LEGEND_ROW * (k / LEGEND_COLS) as f64;
            let (fill, word) = colour(key);
            let _ = writeln!(
                s,
                "<g class=\"legend-item\"><title>{} ({word})</title><rect class=\"swatch\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"12\" height=\"12\" fill=\"{fill}\" stroke=\"#555\" stroke-width=\"0.5\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
                escape_xml(&key.0),
                x + 18.0,
                y + 10.5,
                escape_xml(&shorten(&key.0, 32))
            );
        }
    } else {
        let _ = writeln!(
            s,
            "<text class=\"legend-note\" x=\"4\" y=\"{:.1}\">{} schools, more than the {} colours: colours repeat, so hover over a segment to see its school.</text>",
            legend_y + 18.5,
            schools.len(),
            PALETTE.len()
        );
    }
    s.push_str("</g>\n</svg>\n");
    s
}

/// The self-contained HTML page: summary header, the picture, one table per group
/// (id, name, school, travel minutes; venue and slot from `meetings`, `&[]` for none) and
/// the notices.
pub fn report_html(plan: &GroupPlan, meetings: &[GroupMeeting], roster: &Roster) -> String {
    let e = escape_html;
    let members: usize = plan.groups.iter().map(|g| g.members.len()).sum();
    let mut s = String::with_capacity(8_192 + 256 * members);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        s,
        "<title>Peer groups: {} groups for {members} teachers</title>",
        plan.groups.len()
    );
    let _ = writeln!(s, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(
        s,
        "<header>\n<h1>Peer groups</h1>\n<p><strong>{} groups</strong> for {members} teachers, total score {} points.</p>\n</header>\n<main>",
        plan.groups.len(),
        pts(plan.objective)
    );
    // The picture is inline; drop its namespace URL so the page names no address at all
    // (inline SVG in HTML needs no xmlns).
    let svg = groups_svg(plan, roster).replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
    let _ = writeln!(
        s,
        "<section class=\"pics\" id=\"picture\">\n<h2>Scores and school mix</h2>\n{svg}</section>"
    );
    for (i, g) in plan.groups.iter().enumerate() {
        let _ = writeln!(
            s,
            "<section class=\"group\" id=\"group-{}\">\n<h2>Group {}</h2>\n<p class=\"small\">score {} points, {} school(s), {} same-school pair(s)</p>",
            i + 1,
            i + 1,
            pts(g.score),
            g.schools.len(),
            g.same_school_pairs
        );
        if let Some(words) = infeasible_pairs_words(plan, i) {
            let _ = writeln!(s, "<p class=\"small infeasible\">{}</p>", e(&words));
        }
        let m = meeting(meetings, i);
        let (venue, slot) = venue_and_slot(m, roster);
        if m.is_some() {
            let venue = if venue.is_empty() {
                "none".to_string()
            } else {
                e(&venue)
            };
            let _ = writeln!(
                s,
                "<p class=\"meeting\">Venue: {venue}. Meeting: {}.</p>",
                e(&slot)
            );
        }
        s.push_str("<table>\n<thead><tr><th>id</th><th>name</th><th>school</th><th>travel (min)</th></tr></thead>\n<tbody>\n");
        for (k, id) in member_ids(g).into_iter().enumerate() {
            let _ = writeln!(
                s,
                "<tr class=\"member\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                e(&id),
                e(roster.name(&id)),
                e(roster.school(&id)),
                travel_cell(plan, m, i, k, &id)
            );
        }
        s.push_str("</tbody>\n</table>\n</section>\n");
    }
    if !plan.notices.is_empty() {
        s.push_str("<section id=\"notices\">\n<h2>Notices</h2>\n<ul>\n");
        for n in &plan.notices {
            let _ = writeln!(s, "<li>{}</li>", e(&notice_text(n, plan, roster)));
        }
        s.push_str("</ul>\n</section>\n");
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

/// The version of the `groups.json` format that [`groups_json`] writes, as its first
/// field `format_version`.
///
/// * absent (files written before the field existed): version 1, the same fields, but
///   no notice of kind `LongTravel`;
/// * 2: adds `format_version` and notices of kind `LongTravel` (`group`, `member`,
///   `minutes`, `venue`, `threshold_minutes`, `message`).
///
/// Fields are only ever added, never removed or renamed; a reader that deserialises the
/// notices into a closed set of kinds should check this number (or ignore unknown
/// kinds). The format is described in `docs/groups-json.md`.
pub const GROUPS_JSON_FORMAT_VERSION: u32 = 2;

/// `groups.json` as written by [`write_groups_bundle`] and `form_groups --json`: the
/// [`GroupPlan`] (pretty-printed) with `format_version` ([`GROUPS_JSON_FORMAT_VERSION`])
/// as its first field. It reads back as a [`GroupPlan`] (the version is ignored there).
///
/// ```
/// use peermatch::groups::GroupPlan;
/// use peermatch::report::groups::{groups_json, GROUPS_JSON_FORMAT_VERSION};
/// let plan = GroupPlan { groups: vec![], objective: 0, passes: 0, local_optimum: true,
///     notices: vec![] };
/// let text = groups_json(&plan)?;
/// let v: serde_json::Value = serde_json::from_str(&text)?;
/// assert_eq!(v["format_version"], GROUPS_JSON_FORMAT_VERSION);
/// assert_eq!(serde_json::from_str::<GroupPlan>(&text)?, plan);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
/// Only if serde fails (it does not for a [`GroupPlan`]).
pub fn groups_json(plan: &GroupPlan) -> Result<String, serde_json::Error> {
    #[derive(serde::Serialize)]
    struct File<'a> {
        format_version: u32,
        #[serde(flatten)]
        plan: &'a GroupPlan,
    }
    serde_json::to_string_pretty(&File {
        format_version: GROUPS_JSON_FORMAT_VERSION,
        plan,
    })
}

/// Writes `groups.json` (the plan, see [`groups_json`]), `meetings.json` (the meetings), `groups.csv`,
/// `summary.md`, `groups.svg` and `report.html` into `dir` (created if missing) and
/// returns the paths written.
///
/// # Errors
/// [`BundleError::Io`] naming the file that could not be written, [`BundleError::Format`]
/// when serialising fails.
pub fn write_groups_bundle(
    dir: &Path,
    plan: &GroupPlan,
    meetings: &[GroupMeeting],
    roster: &Roster,
) -> Result<Vec<PathBuf>, BundleError> {
    std::fs::create_dir_all(dir).map_err(|source| BundleError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let json = groups_json(plan).map_err(|e| BundleError::Format(e.to_string()))?;
    let csv = groups_csv(plan, meetings, roster).map_err(|e| BundleError::Format(e.to_string()))?;
    let meetings_json =
        serde_json::to_string_pretty(meetings).map_err(|e| BundleError::Format(e.to_string()))?;
    let files = [
        ("groups.json", json),
        ("meetings.json", meetings_json),
        ("groups.csv", csv),
        ("summary.md", summary_md(plan, meetings, roster)),
        ("groups.svg", groups_svg(plan, roster)),
        ("report.html", report_html(plan, meetings, roster)),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|source| BundleError::Io {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
