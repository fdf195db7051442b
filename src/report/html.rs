//! One self-contained HTML report: summary header, the map, a sortable and searchable
//! table of the pairs, unmatched teachers with reasons, the fairness audit with small
//! charts, what changed in a re-match, and the notices.
//!
//! The page has no external assets and makes no network requests: CSS, the SVG pictures
//! and a small script (sorting and filtering only) are inline, so teacher data never leaves
//! the file. Everything is rendered server-side, so the page reads the same with scripting
//! disabled. Hand-written rather than templated: the page is one function of a dozen
//! sections, and every piece of text goes through [`escape_html`], which is easy to audit
//! in one place.
//!
//! ```
//! use peermatch::cohort::Cohort;
//! use peermatch::compat::Policy;
//! use peermatch::plan::Planner;
//! use peermatch::report::{html, Roster};
//! let cohort = Cohort::from_path("examples/data/pilot_cohort.json").unwrap();
//! let roster = Roster::from_cohort(&cohort);
//! let p = Planner::new(cohort, Policy::default()).plan().unwrap();
//! let page = html::report(&p, &roster, "", "");
//! assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<title>"));
//! assert_eq!(page.matches("<tr class=\"pair\"").count(), p.pairs.len());
//! ```

use std::fmt::Write as _;

use crate::plan::Proposal;

use super::compare::{objective_words, Comparison};
use super::{pts, Roster};

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values and drops
/// control characters other than tab and newline.
#[must_use]
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

pub(crate) const STYLE: &str =
    "body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}\
header{background:#1f3b57;color:#fff;padding:1em 2em}header a{color:#cde}\
nav ul{list-style:none;padding:0;display:flex;gap:1.2em;flex-wrap:wrap}\
main{padding:0 2em 2em}section{margin:1.5em 0}\
table{border-collapse:collapse;width:100%;font-size:0.9em;background:#fff}\
th,td{border:1px solid #ccc;padding:0.3em 0.5em;text-align:left;vertical-align:top}\
th{background:#e8eef4;cursor:pointer}td.num{text-align:right}\
.pics svg{max-width:100%;height:auto}.small{color:#555;font-size:0.85em}\
input[type=search]{padding:0.3em;width:20em;margin-bottom:0.5em}.nw{white-space:nowrap}";

const SCRIPT: &str = "(function(){\
var t=document.getElementById('pairs-table');if(!t){return;}\
var body=t.tBodies[0];\
var f=document.getElementById('pair-filter');\
if(f){f.addEventListener('input',function(){var q=f.value.toLowerCase();\
for(var i=0;i<body.rows.length;i++){var r=body.rows[i];\
r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';}});}\
var hs=t.tHead.rows[0].cells;\
for(var j=0;j<hs.length;j++){(function(c){var asc=true;hs[c].addEventListener('click',function(){\
var rows=Array.prototype.slice.call(body.rows);\
rows.sort(function(x,y){var a=x.cells[c].getAttribute('data-v')||x.cells[c].textContent;\
var b=y.cells[c].getAttribute('data-v')||y.cells[c].textContent;\
var na=parseFloat(a),nb=parseFloat(b);var r=(!isNaN(na)&&!isNaN(nb))?na-nb:a.localeCompare(b);\
return asc?r:-r;});asc=!asc;rows.forEach(function(r){body.appendChild(r);});});})(j);}\
})();";

/// The whole page. `map_svg` and `scores_svg` are inline SVG documents (e.g. from
/// [`super::svg::map_svg`] and [`super::svg::score_histogram_svg`]); pass `""` to leave a
/// picture out. Names and schools come from `roster` (ids when unknown); per-school
/// counts below `roster.min_cell` are shown as "< n".
#[must_use]
pub fn report(p: &Proposal, roster: &Roster, map_svg: &str, scores_svg: &str) -> String {
    report_with(p, roster, map_svg, scores_svg, None)
}

/// [`report`] with the objectives side by side (`propose_pairs --compare`) as the first
/// section when `comparison` is given.
pub fn report_with(
    p: &Proposal,
    roster: &Roster,
    map_svg: &str,
    scores_svg: &str,
    comparison: Option<&Comparison>,
) -> String {
    let e = escape_html;
    let mut s = String::with_capacity(16_384 + 1_024 * p.pairs.len());
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        s,
        "<title>Mentoring pairs: {} pairs for {} teachers</title>",
        p.pairs.len(),
        p.teachers.len()
    );
    let _ = writeln!(s, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(s, "<header>\n<h1>Mentoring pairs</h1>");
    let _ = writeln!(
        s,
        "<p><strong>{} pairs</strong> for {} teachers ({} matched, {:.0}%), total score {}. Aim: {}. Check: {}.</p>",
        p.pairs.len(),
        p.teachers.len(),
        super::matched_teachers(p).0,
        super::matched_teachers(p).1,
        pts(p.total_score),
        e(objective_words(p.objective)),
        e(&p.check.to_string())
    );
    s.push_str("<nav aria-label=\"Sections\"><ul>");
    let mut links = Vec::new();
    if comparison.is_some() {
        links.push(("compare", "Objectives"));
    }
    links.extend([
        ("map", "Map"),
        ("pairs", "Pairs"),
        ("unmatched", "Without a partner"),
        ("fairness", "Fairness"),
    ]);
    if p.changes.is_some() {
        links.push(("changes", "Changes"));
    }
    links.push(("notices", "Notes"));
    for (id, label) in links {
        let _ = write!(s, "<li><a href=\"#sec-{id}\">{label}</a></li>");
    }
    s.push_str("</ul></nav>\n</header>\n<main>\n");
    if let Some(c) = comparison {
        s.push_str(&c.html_section());
    }

    // Map and histogram.
    s.push_str("<section id=\"sec-map\" aria-labelledby=\"map-h\">\n<h2 id=\"map-h\">Map</h2>\n<div class=\"pics\">\n");
    if map_svg.is_empty() {
        s.push_str("<p>No map (no school locations).</p>\n");
    } else {
        s.push_str(strip_prolog(map_svg));
        s.push('\n');
    }
    s.push_str("</div>\n</section>\n");

    pairs_table(&mut s, p, roster);

    // Unmatched.
    s.push_str("<section id=\"sec-unmatched\" aria-labelledby=\"unmatched-h\">\n<h2 id=\"unmatched-h\">Without a partner</h2>\n");
    if p.unmatched.is_empty() {
        s.push_str("<p>Everyone has a partner.</p>\n");
    } else {
        s.push_str("<ul>\n");
        for u in &p.unmatched {
            let _ = writeln!(
                s,
                "<li class=\"unmatched\" data-id=\"{}\"><strong>{}</strong>: {}</li>",
                e(&u.id),
                e(&roster.label(&u.id)),
                e(&super::unmatched_words(u, roster))
            );
        }
        s.push_str("</ul>\n");
    }
    if let Some(t) = &p.sensitivity {
        let _ = writeln!(
            s,
            "<h3>What would help</h3>\n<p>{}</p>\n<table class=\"sensitivity\"><thead><tr><th>relax</th><th>more teachers with a partner</th></tr></thead>\n<tbody>",
            e(&super::sensitivity_intro(t))
        );
        for r in &t.rows {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
                e(&r.relaxation.to_string()),
                e(&super::sensitivity_more(r))
            );
        }
        s.push_str("</tbody></table>\n");
        let parity = super::parity_left_over(p).is_some();
        if let Some(end) = super::sensitivity_conclusion(t, parity) {
            let _ = writeln!(s, "<p>{}</p>", e(end));
        }
    }
    s.push_str("</section>\n");

    fairness(&mut s, p, roster, scores_svg);

    if let Some(c) = &p.changes {
        s.push_str("<section id=\"sec-changes\" aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">Changes since the previous round</h2>\n<ul>\n");
        let _ = writeln!(s, "<li>{}</li>", e(&c.strategy.to_string()));
        let names = |v: &[String]| {
            v.iter()
                .map(|x| e(&roster.label(x)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !c.left.is_empty() {
            let _ = writeln!(s, "<li>left: {}</li>", names(&c.left));
        }
        if !c.joined.is_empty() {
            let _ = writeln!(s, "<li>joined: {}</li>", names(&c.joined));
        }
        let _ = writeln!(s, "<li>kept: {} pair(s)</li>", c.kept.len());
        for b in &c.broken {
            let _ = writeln!(
                s,
                "<li>ended: {} + {}: {}</li>",
                e(&roster.label(&b.a)),
                e(&roster.label(&b.b)),
                e(&super::break_words(&b.reason, roster))
            );
        }
        for (x, y) in &c.new_pairs {
            let _ = writeln!(
                s,
                "<li>new: {} + {}</li>",
                e(&roster.label(x)),
                e(&roster.label(y))
            );
        }
        s.push_str("</ul>\n</section>\n");
    }

    s.push_str(
        "<section id=\"sec-notices\" aria-labelledby=\"notices-h\">\n<h2 id=\"notices-h\">Notes</h2>\n",
    );
    if p.notices.is_empty() {
        s.push_str("<p>No notes.</p>\n");
    } else {
        s.push_str("<ul>\n");
        for line in super::notes_words(&p.notices, roster) {
            let _ = writeln!(s, "<li class=\"notice\">{}</li>", e(&line));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</section>\n</main>\n");
    let _ = writeln!(s, "<script>{SCRIPT}</script>\n</body>\n</html>");
    s
}

/// The SVG documents start with `<svg`; drop an XML prolog if one is there.
fn strip_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(k) => &svg[k..],
        None => svg,
    }
}

fn pairs_table(s: &mut String, p: &Proposal, roster: &Roster) {
    let e = escape_html;
    s.push_str(
        "<section id=\"sec-pairs\" aria-labelledby=\"pairs-h\">\n<h2 id=\"pairs-h\">Pairs</h2>\n",
    );
    if p.pairs.is_empty() {
        s.push_str("<p>No pairs could be proposed.</p>\n</section>\n");
        return;
    }
    s.push_str("<p class=\"small\">Click a column heading to sort; type to filter (needs scripting; the full table is shown without it).</p>\n");
    let positions = super::partner_positions(p);
    if positions.iter().any(|v| !v.is_empty()) {
        s.push_str("<p class=\"small\">Some teachers have room for more than one partner: they appear in one row per partner, marked (1 of 2 partners), (2 of 2 partners).</p>\n");
    }
    s.push_str("<label for=\"pair-filter\">Filter pairs </label><input type=\"search\" id=\"pair-filter\" placeholder=\"name, school, focus…\">\n");
    s.push_str("<table id=\"pairs-table\">\n<thead><tr>");
    for h in [
        "#",
        "Teacher",
        "School",
        "Partner",
        "Partner's school",
        "Score",
        "Why (points)",
        "Suggested focus",
        "Meeting plan",
    ] {
        let _ = write!(s, "<th scope=\"col\">{h}</th>");
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for (i, pair) in p.pairs.iter().enumerate() {
        let who = |id: &str| {
            let name = roster.name(id);
            let mut cell = if name == id {
                format!("<span class=\"nw\">{}</span>", e(id))
            } else {
                format!("{} <span class=\"small nw\">({})</span>", e(name), e(id))
            };
            if let Some((_, k, n)) = positions[i].iter().find(|(x, _, _)| x == id) {
                let _ = write!(
                    cell,
                    " <span class=\"small nw partners\">{}</span>",
                    super::partner_marker(*k, *n)
                );
            }
            cell
        };
        let mut partner = who(&pair.b);
        if let Some(t) = &pair.third {
            partner.push_str(&format!(" + {}", who(&t.id)));
        }
        // One-word names (codes such as "S-4WGV") must not break at the hyphen.
        let school = |id: &str| {
            let n = roster.school(id);
            if n.contains(char::is_whitespace) {
                e(n)
            } else {
                format!("<span class=\"nw\">{}</span>", e(n))
            }
        };
        let mut school_b = school(&pair.b);
        if let Some(t) = &pair.third {
            school_b.push_str(&format!(" + {}", school(&t.id)));
        }
        let why = super::why_words(&pair.score.breakdown, "");
        let mut focus: Vec<String> = pair
            .suggested_focus
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        focus.extend(pair.shared.tags.iter().cloned());
        let mut plan = super::meeting_line(&pair.common_time, roster, None);
        let mut tags = Vec::new();
        if pair.pinned {
            tags.push("must-pair");
        }
        if pair.kept {
            tags.push("kept");
        }
        if !tags.is_empty() {
            plan.push_str(&format!(" ({})", tags.join(", ")));
        }
        let mut score = pts(pair.score.total);
        if let Some(t) = &pair.third {
            score.push_str(&format!(
                "<br><span class=\"small\">trio: {} scores {} with {}, {} with {}</span>",
                e(roster.name(&t.id)),
                pts(t.score_with_a),
                e(roster.name(&pair.a)),
                pts(t.score_with_b),
                e(roster.name(&pair.b))
            ));
        }
        let _ = writeln!(
            s,
            "<tr class=\"pair\" data-a=\"{}\" data-b=\"{}\"{}><td class=\"num\" data-v=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\" data-v=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e(&pair.a),
            e(&pair.b),
            pair.third
                .as_ref()
                .map(|t| format!(" data-c=\"{}\"", e(&t.id)))
                .unwrap_or_default(),
            i + 1,
            i + 1,
            who(&pair.a),
            school(&pair.a),
            partner,
            school_b,
            pair.score.total,
            score,
            e(&why.join(", ")),
            e(&focus.join(", ")),
            e(&plan)
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
}

fn fairness(s: &mut String, p: &Proposal, roster: &Roster, scores_svg: &str) {
    let a = &p.audit;
    s.push_str("<section id=\"sec-fairness\" aria-labelledby=\"fairness-h\">\n<h2 id=\"fairness-h\">Fairness</h2>\n<ul>\n");
    if let Some(min) = a.min_pair_score {
        let _ = writeln!(
            s,
            "<li>weakest pair scores {}, mean {}</li>",
            pts(min),
            a.mean_pair_score
                .map(|m| pts(m.round() as i64))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        s,
        "<li>{} pair(s) of teachers would both score each other higher than a current partner</li>",
        a.blocking_pairs_scores.len()
    );
    s.push_str("</ul>\n");
    if !scores_svg.is_empty() {
        s.push_str("<h3>Pair scores</h3>\n<div class=\"pics\">");
        s.push_str(strip_prolog(scores_svg));
        s.push_str("</div>\n");
    }
    if let Some(schools) = a.groups.get("school") {
        let (rows, all) = super::school_rows(schools, roster);
        if all {
            s.push_str("<h3>Matched per school</h3>\n");
        } else {
            let _ = writeln!(
                s,
                "<h3>Matched per school: the {} lowest of {} schools</h3>\n<p>Every school's count is in proposal.json (audit.groups.school).</p>",
                rows.len(),
                schools.len()
            );
        }
        s.push_str(&rate_chart(
            rows.into_iter()
                .map(|(k, g)| {
                    let small = g.members < roster.min_cell;
                    (
                        roster.school_name(k).to_string(),
                        if small { None } else { Some(g.match_rate) },
                        roster.cell(g.matched, g.members),
                    )
                })
                .collect(),
        ));
    }
    s.push_str("</section>\n");
}

/// A small horizontal bar chart of match rates (0–100%); `None` = suppressed (no bar).
fn rate_chart(rows: Vec<(String, Option<f64>, String)>) -> String {
    let e = escape_html;
    let (label_w, bar_w, row_h) = (220.0, 300.0, 18.0);
    let h = row_h * rows.len() as f64 + 24.0;
    let w = label_w + bar_w + 80.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Share of teachers matched per school\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-size=\"11\" font-family=\"sans-serif\">"
    );
    for (i, (name, rate, cell)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_w - 6.0,
            y + 12.0,
            e(name)
        );
        if let Some(r) = rate.filter(|r| r.is_finite()) {
            let bw = (r.clamp(0.0, 1.0) * bar_w * 10.0).round() / 10.0;
            let _ = writeln!(
                s,
                "<rect class=\"rate\" x=\"{label_w}\" y=\"{y}\" width=\"{bw}\" height=\"{}\" fill=\"#4a7fb0\"/>",
                row_h - 4.0
            );
        }
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            label_w + bar_w + 6.0,
            y + 12.0,
            e(cell)
        );
    }
    let axis_y = row_h * rows.len() as f64 + 8.0;
    let _ = writeln!(
        s,
        "<line x1=\"{label_w}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\" stroke=\"#888\"/><text x=\"{label_w}\" y=\"{}\">0%</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">100%</text>",
        label_w + bar_w,
        axis_y + 12.0,
        label_w + bar_w,
        axis_y + 12.0
    );
    s.push_str("</svg>\n");
    s
}
