//! Hand-written SVG pictures: a map of proposed pairs between schools ([`map_svg`]) and a
//! histogram of pair scores ([`score_histogram_svg`]).
//!
//! No drawing crate: the pictures are a few dozen element kinds, and writing them by hand
//! keeps the output stable (tests compare it) and the dependency tree small. All text is
//! escaped with [`escape_xml`]; every number written is finite (degenerate inputs — no
//! points, one point, all scores equal, coordinates out of range — have explicit cases),
//! so the output never contains `NaN` or `inf`.
//!
//! Scores are in fixed-point units and labelled in points ([`crate::compat::SCALE`] units
//! per point).
//!
//! ```
//! use peermatch::report::svg::{map_svg, score_histogram_svg, MapPair, MapSchool};
//! let schools = vec![
//!     MapSchool::new("S1", "North & Co", -41.25, 174.77),
//!     MapSchool::new("S2", "South", -41.30, 174.78),
//! ];
//! let pairs = vec![MapPair::new("S1", "S2", 52_000), MapPair::new("S1", "S1", 40_000)];
//! let svg = map_svg(&schools, &pairs);
//! assert!(svg.contains("North &amp; Co"));
//! assert_eq!(svg.matches("class=\"pair").count(), 2);
//! let hist = score_histogram_svg(&[10_000, 20_000, 20_500], 4);
//! assert!(hist.starts_with("<svg") && !hist.contains("NaN"));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::compat::SCALE;

use super::projection;

/// A school on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapSchool {
    /// School id (what [`MapPair`] refers to).
    pub id: String,
    /// Label drawn next to the point.
    pub name: String,
    /// Latitude in degrees (−90..=90; other or non-finite values are not drawn).
    pub lat: f64,
    /// Longitude in degrees (−180..=180; other or non-finite values are not drawn).
    pub lon: f64,
}

impl MapSchool {
    /// A school at `(lat, lon)`.
    pub fn new(id: impl Into<String>, name: impl Into<String>, lat: f64, lon: f64) -> Self {
        MapSchool {
            id: id.into(),
            name: name.into(),
            lat,
            lon,
        }
    }
}

/// A proposed pair, by the schools of its two teachers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapPair {
    /// School id of the first teacher.
    pub school_a: String,
    /// School id of the second teacher.
    pub school_b: String,
    /// Pair score in units.
    pub score: i64,
    /// School id of a trio's third member (drawn as a triangle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third: Option<String>,
}

impl MapPair {
    /// A pair between schools `a` and `b` (equal for a same-school pair).
    pub fn new(a: impl Into<String>, b: impl Into<String>, score: i64) -> Self {
        MapPair {
            school_a: a.into(),
            school_b: b.into(),
            score,
            third: None,
        }
    }

    /// A trio: the pair `a`–`b` with a third member at school `c`.
    pub fn trio(
        a: impl Into<String>,
        b: impl Into<String>,
        c: impl Into<String>,
        score: i64,
    ) -> Self {
        MapPair {
            third: Some(c.into()),
            ..MapPair::new(a, b, score)
        }
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'` for XML text and attribute values, and drops
/// characters XML 1.0 forbids (control characters other than tab, newline, return).
#[must_use]
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

const MAP_W: f64 = 800.0;
const MAP_H: f64 = 600.0;
const MARGIN: f64 = 60.0;
const LEGEND_H: f64 = 95.0;
/// At most this many flows are drawn on an aggregated map (the lightest are counted in a note).
const MAX_FLOWS: usize = 1500;

/// Colour of `t` in `[0, 1]`: red (low) through amber to green (high).
fn colour(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (lo, mid, hi) = (
        (215.0, 48.0, 39.0),
        (254.0, 196.0, 79.0),
        (26.0, 152.0, 80.0),
    );
    let (a, b, u): ((f64, f64, f64), (f64, f64, f64), f64) = if t < 0.5 {
        (lo, mid, t * 2.0)
    } else {
        (mid, hi, (t - 0.5) * 2.0)
    };
    let mix = |x: f64, y: f64| (x + (y - x) * u).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

fn points(units: i64) -> f64 {
    units as f64 / SCALE as f64
}

/// Draws the schools on a Lambert azimuthal equal-area map centred on their median
/// position and fitted to the drawing area (60 px margins); a school far from all the
/// others (beyond three times the median distance from the centre) is drawn at the edge
/// in its direction, labelled with its distance, with dashed lines and a note;
/// one line per cross-school pair coloured by score, one ring around the school per
/// same-school pair, and a colour-scale legend.
///
/// Every drawn pair is an element with `class="pair ..."` (a `<line>` or a ring
/// `<circle>`), with a `<title>` giving its schools and score. Pairs naming a school that
/// is not drawn (unknown id, or invalid coordinates) are counted in a note instead.
/// Empty inputs give a valid picture with a note.
///
/// # Complexity
/// O((points + pairs) · log points) time, output size linear in the input.
#[must_use]
pub fn map_svg(points_in: &[MapSchool], pairs: &[MapPair]) -> String {
    map_svg_with(points_in, pairs, &MapOptions::default())
}

/// Options of [`map_svg_with`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapOptions {
    /// The visible title.
    pub title: String,
    /// School id → teachers there without a partner (marked on the map, with a legend).
    pub unmatched: BTreeMap<String, usize>,
    /// Above this many drawn schools, schools are clustered on a grid and pairs drawn as
    /// flows between clusters (line width = number of pairs).
    pub aggregate_above: usize,
    /// Draw the schools evenly on a circle instead of at their positions (no distance
    /// scale): for pseudonymised reports, where a school's position could identify it.
    pub schematic: bool,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            title: "Proposed pairs between schools".into(),
            unmatched: BTreeMap::new(),
            aggregate_above: 60,
            schematic: false,
        }
    }
}

/// A flow on an aggregated map: (node pair, (pairs, summed score)).
type FlowRef<'a> = (&'a (usize, usize), &'a (usize, f64));

/// Estimated box of a label at 11 px (x0, y0, x1, y1).
type Bbox = (f64, f64, f64, f64);

fn overlaps(a: &Bbox, b: &Bbox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Greedy label placement: for each point in order, the first of six positions around it
/// whose box stays on the canvas and overlaps no placed label and no other point; labels
/// that fit nowhere are left out (the top 56 px hold the title and two note lines) (the point's tooltip still names it). Returns
/// `(x, y, anchor)` per point, `None` when left out.
fn place_labels(
    pts: &[(f64, f64)],
    names: &[&str],
    max_labels: usize,
) -> Vec<Option<(f64, f64, &'static str)>> {
    let dots: Vec<Bbox> = pts
        .iter()
        .map(|&(x, y)| (x - 4.5, y - 4.5, x + 4.5, y + 4.5))
        .collect();
    // Points bucketed by 40 px cells so the point test is local.
    let cell = |v: f64| (v / 40.0).floor() as i64;
    let mut grid: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    for (i, &(x, y)) in pts.iter().enumerate() {
        grid.entry((cell(x), cell(y))).or_default().push(i);
    }
    let mut placed: Vec<Bbox> = Vec::new();
    let mut out = vec![None; pts.len()];
    for (i, (&(x, y), name)) in pts.iter().zip(names).enumerate() {
        if placed.len() >= max_labels {
            break;
        }
        let w = 6.2 * name.chars().count() as f64;
        let cands = [
            (x + 7.0, y - 7.0, "start", x + 7.0, y - 17.0),
            (x + 7.0, y + 14.0, "start", x + 7.0, y + 4.0),
            (x - 7.0, y - 7.0, "end", x - 7.0 - w, y - 17.0),
            (x - 7.0, y + 14.0, "end", x - 7.0 - w, y + 4.0),
            (x, y - 9.0, "middle", x - w / 2.0, y - 19.0),
            (x, y + 18.0, "middle", x - w / 2.0, y + 8.0),
        ];
        for (tx, ty, anchor, bx, by) in cands {
            let b = (bx, by, bx + w, by + 12.0);
            if b.0 < 2.0 || b.2 > MAP_W - 2.0 || b.1 < 56.0 || b.3 > MAP_H {
                continue;
            }
            if placed.iter().any(|p| overlaps(p, &b)) {
                continue;
            }
            let mut hit = false;
            for cx in cell(b.0) - 1..=cell(b.2) + 1 {
                for cy in cell(b.1) - 1..=cell(b.3) + 1 {
                    if let Some(v) = grid.get(&(cx, cy)) {
                        hit |= v.iter().any(|&j| j != i && overlaps(&dots[j], &b));
                    }
                }
            }
            if hit {
                continue;
            }
            placed.push(b);
            out[i] = Some((tx, ty, anchor));
            break;
        }
    }
    out
}

/// A "nice" length (1, 2 or 5 × 10^k) not above `v`.
fn nice_below(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 0.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&c| c <= v)
        .unwrap_or(p)
}

/// [`map_svg`] with options: a visible title, schools with unmatched teachers marked,
/// clusters and flows above `aggregate_above` schools. Colours are on an absolute scale:
/// 0 points red, 50 amber, 100 or more green, so a good weakest pair is not red. The
/// legend shows that scale with the weakest and the best drawn pair marked, the
/// same-school ring, the unmatched marker (and the flow width when aggregated), and a
/// distance scale in km. Labels are placed without overlapping each other or the points
/// and never run off the canvas; labels that do not fit are counted in a note.
///
/// # Complexity
/// O((points + pairs) · log points) time plus the label placement (O(labels) per
/// label); the output is bounded by the number of grid cells when aggregated.
pub fn map_svg_with(points_in: &[MapSchool], pairs: &[MapPair], opts: &MapOptions) -> String {
    let valid: Vec<&MapSchool> = points_in
        .iter()
        .filter(|p| {
            p.lat.is_finite() && p.lon.is_finite() && p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0
        })
        .collect();
    let mut out = String::new();
    let total_h = MAP_H + LEGEND_H;
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{MAP_W}" height="{total_h}" viewBox="0 0 {MAP_W} {total_h}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(out, "<title>{}</title>", escape_xml(&opts.title));
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{MAP_W}" height="{total_h}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        out,
        r#"<text class="map-title" x="{MARGIN}" y="22" font-size="15" font-weight="bold">{}</text>"#,
        escape_xml(&opts.title)
    );

    // Projection (see `projection`): equal-area, fitted, outliers at the edge; or a
    // schematic circle under pseudonyms.
    let area = (MARGIN, MARGIN, MAP_W - MARGIN, MAP_H - MARGIN);
    let layout = if opts.schematic {
        projection::schematic(valid.len(), area)
    } else {
        let ll: Vec<(f64, f64)> = valid.iter().map(|p| (p.lat, p.lon)).collect();
        projection::fit(&ll, area)
    };
    let aggregate = valid.len() > opts.aggregate_above;
    // Nodes: one per school, or one per 40 px grid cell when aggregating.
    struct Node {
        x: f64,
        y: f64,
        label: String,
        title: String,
        schools: usize,
        unmatched: usize,
        off_map: bool,
    }
    let mut nodes: Vec<Node> = Vec::new();
    let mut node_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut cell_node: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    for (i, p) in valid.iter().enumerate() {
        if node_of.contains_key(p.id.as_str()) {
            continue;
        }
        let (x, y) = layout.pos[i];
        let off = layout.off_map[i].as_ref();
        let label = match off {
            Some(o) => format!("{} ({:.0} km {}, off the map)", p.name, o.km, o.bearing),
            None => p.name.clone(),
        };
        let un = opts.unmatched.get(&p.id).copied().unwrap_or(0);
        let k = if aggregate {
            let key = ((x / 40.0).floor() as i64, (y / 40.0).floor() as i64);
            match cell_node.get(&key) {
                Some(&k) => {
                    let n = &mut nodes[k];
                    let s = n.schools as f64;
                    n.x = (n.x * s + x) / (s + 1.0);
                    n.y = (n.y * s + y) / (s + 1.0);
                    n.schools += 1;
                    n.unmatched += un;
                    n.off_map |= off.is_some();
                    k
                }
                None => {
                    cell_node.insert(key, nodes.len());
                    nodes.push(Node {
                        x,
                        y,
                        label: label.clone(),
                        title: label,
                        schools: 1,
                        unmatched: un,
                        off_map: off.is_some(),
                    });
                    nodes.len() - 1
                }
            }
        } else {
            nodes.push(Node {
                x,
                y,
                title: if p.name == p.id {
                    label.clone()
                } else {
                    format!("{label} ({})", p.id)
                },
                label,
                schools: 1,
                unmatched: un,
                off_map: off.is_some(),
            });
            nodes.len() - 1
        };
        node_of.insert(p.id.as_str(), k);
    }
    for n in &mut nodes {
        if n.schools > 1 {
            n.label = format!("{} schools", n.schools);
            n.title = format!("{} schools", n.schools);
        }
    }

    let drawn: Vec<&MapPair> = pairs
        .iter()
        .filter(|p| {
            node_of.contains_key(p.school_a.as_str()) && node_of.contains_key(p.school_b.as_str())
        })
        .collect();
    let smin = drawn.iter().map(|p| p.score).min();
    let smax = drawn.iter().map(|p| p.score).max();
    // Absolute colour scale: 0 points red, 100 points (or more) green.
    let t_of = |s: f64| points_f(s) / 100.0;

    out.push_str("<g id=\"pairs\">\n");
    let mut left_out_flows = (0usize, 0usize);
    if aggregate {
        let mut flows: BTreeMap<(usize, usize), (usize, f64)> = BTreeMap::new();
        for p in &drawn {
            let (a, b) = (node_of[p.school_a.as_str()], node_of[p.school_b.as_str()]);
            let e = flows.entry((a.min(b), a.max(b))).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += p.score as f64;
        }
        let mut order: Vec<FlowRef<'_>> = flows.iter().collect();
        order.sort_by(|x, y| y.1 .0.cmp(&x.1 .0).then(x.0.cmp(y.0)));
        if order.len() > MAX_FLOWS {
            let rest = &order[MAX_FLOWS..];
            left_out_flows = (rest.len(), rest.iter().map(|f| f.1 .0).sum());
            order.truncate(MAX_FLOWS);
        }
        for (&(a, b), &(count, sum)) in order {
            let mean = sum / count as f64;
            let c = colour(t_of(mean));
            let w = (1.0 + (count as f64).sqrt()).min(12.0);
            let title = format!("{count} pair(s), mean {:.1} points", points_f(mean));
            let (na, nb) = (&nodes[a], &nodes[b]);
            if a == b {
                let _ = writeln!(
                    out,
                    r#"<circle class="flow same-school" cx="{:.1}" cy="{:.1}" r="9" fill="none" stroke="{c}" stroke-width="{w:.1}"><title>{title}</title></circle>"#,
                    na.x, na.y
                );
            } else {
                let _ = writeln!(
                    out,
                    r#"<line class="flow" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{c}" stroke-width="{w:.1}" stroke-opacity="0.7"><title>{title}</title></line>"#,
                    na.x, na.y, nb.x, nb.y
                );
            }
        }
    } else {
        let mut rings: BTreeMap<&str, usize> = BTreeMap::new();
        for p in &drawn {
            let (ia, ib) = (node_of[p.school_a.as_str()], node_of[p.school_b.as_str()]);
            let third = p.third.as_deref().and_then(|t| node_of.get(t).copied());
            let (na, nb) = (&nodes[ia], &nodes[ib]);
            let c = colour(t_of(p.score as f64));
            let mut title = format!("{} – {}", escape_xml(&na.label), escape_xml(&nb.label));
            if let Some(k) = third {
                title.push_str(&format!(" – {} (trio)", escape_xml(&nodes[k].label)));
            }
            title.push_str(&format!(": {:.1} points", points(p.score)));
            let dash = if na.off_map || nb.off_map || third.is_some_and(|k| nodes[k].off_map) {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            };
            let all_same = ia == ib && third.is_none_or(|k| k == ia);
            if all_same {
                let k = rings.entry(p.school_a.as_str()).or_insert(0);
                *k += 1;
                let r = 6.0 + 3.0 * (*k as f64);
                let trio = if third.is_some() { " trio" } else { "" };
                let _ = writeln!(
                    out,
                    r#"<circle class="pair same-school{trio}" cx="{:.1}" cy="{:.1}" r="{r:.1}" fill="none" stroke="{c}" stroke-width="2"><title>{title}</title></circle>"#,
                    na.x, na.y
                );
            } else if let Some(k) = third {
                let nc = &nodes[k];
                let _ = writeln!(
                    out,
                    r#"<polygon class="pair trio" points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{c}" fill-opacity="0.15" stroke="{c}" stroke-width="2" stroke-opacity="0.8"{dash}><title>{title}</title></polygon>"#,
                    na.x, na.y, nb.x, nb.y, nc.x, nc.y
                );
            } else {
                let _ = writeln!(
                    out,
                    r#"<line class="pair" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{c}" stroke-width="2" stroke-opacity="0.8"{dash}><title>{title}</title></line>"#,
                    na.x, na.y, nb.x, nb.y
                );
            }
        }
    }
    out.push_str("</g>\n<g id=\"schools\">\n");
    for n in &nodes {
        let _ = writeln!(
            out,
            r##"<circle class="school" cx="{:.1}" cy="{:.1}" r="4" fill="#333333"><title>{}</title></circle>"##,
            n.x,
            n.y,
            escape_xml(&n.title)
        );
        if n.unmatched > 0 {
            let _ = writeln!(
                out,
                r##"<rect class="unmatched-school" x="{:.1}" y="{:.1}" width="12" height="12" fill="none" stroke="#c0392b" stroke-width="1.5"><title>{} teacher(s) without a partner</title></rect>"##,
                n.x - 6.0,
                n.y - 6.0,
                n.unmatched
            );
        }
    }
    let pts: Vec<(f64, f64)> = nodes.iter().map(|n| (n.x, n.y)).collect();
    let names: Vec<&str> = nodes.iter().map(|n| n.label.as_str()).collect();
    let max_labels = if aggregate { 60 } else { usize::MAX };
    let labels = place_labels(&pts, &names, max_labels);
    let mut hidden = 0usize;
    for (n, l) in nodes.iter().zip(&labels) {
        match l {
            Some((x, y, anchor)) => {
                let _ = writeln!(
                    out,
                    r#"<text class="label" x="{x:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
                    escape_xml(&n.label)
                );
            }
            None => hidden += 1,
        }
    }
    out.push_str("</g>\n");

    // Notes.
    let mut notes = Vec::new();
    if valid.is_empty() {
        notes.push("no schools with valid coordinates".to_string());
    }
    if points_in.len() > valid.len() && !valid.is_empty() {
        notes.push(format!(
            "{} school(s) without valid coordinates not drawn",
            points_in.len() - valid.len()
        ));
    }
    if drawn.len() < pairs.len() {
        notes.push(format!(
            "{} pair(s) with a school not on the map not drawn",
            pairs.len() - drawn.len()
        ));
    }
    if hidden > 0 {
        notes.push(format!(
            "{hidden} label(s) left out to avoid overlaps (hover a point for its name)"
        ));
    }
    if left_out_flows.0 > 0 {
        notes.push(format!(
            "{} lightest flow(s) ({} pair(s)) not drawn",
            left_out_flows.0, left_out_flows.1
        ));
    }
    if let Some(r) = layout.outlier_radius_km {
        let k = layout.off_map.iter().filter(|o| o.is_some()).count();
        notes.push(format!(
            "{k} school(s) more than {r:.0} km from the centre drawn at the edge in their direction (dashed lines, not to scale)"
        ));
    }
    if opts.schematic {
        notes.push(
            "schematic: schools evenly on a circle, not at their positions (pseudonymised)".into(),
        );
    }
    let trios = drawn.iter().filter(|p| p.third.is_some()).count();
    if aggregate && trios > 0 {
        notes.push(format!(
            "{trios} trio(s): flows show the first two members only"
        ));
    }
    if aggregate {
        notes.push(format!(
            "{} schools grouped into {} clusters (40 px grid); lines are flows between clusters",
            valid.len(),
            nodes.len()
        ));
    }
    for (i, n) in notes.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<text class="note" x="{MARGIN}" y="{:.1}">{}</text>"#,
            38.0 + 14.0 * i as f64,
            escape_xml(n)
        );
    }

    // Legend: the absolute 0–100 point scale with the weakest and best drawn pair marked.
    let ly = MAP_H + 10.0;
    let (gx, gw) = (MARGIN + 130.0, 200.0);
    out.push_str("<defs><linearGradient id=\"scale\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">");
    for i in 0..=4 {
        let t = i as f64 / 4.0;
        let _ = write!(
            out,
            r#"<stop offset="{:.2}" stop-color="{}"/>"#,
            t,
            colour(t)
        );
    }
    out.push_str("</linearGradient></defs>\n<g id=\"legend\">\n");
    let _ = writeln!(
        out,
        r##"<text x="{MARGIN}" y="{:.1}">pair score (points)</text><rect x="{gx:.1}" y="{ly:.1}" width="{gw}" height="12" fill="url(#scale)" stroke="#999999"/><text x="{gx:.1}" y="{:.1}" text-anchor="middle">0</text><text x="{:.1}" y="{:.1}" text-anchor="middle">50</text><text x="{:.1}" y="{:.1}" text-anchor="middle">100+</text>"##,
        ly + 10.0,
        ly + 24.0,
        gx + gw / 2.0,
        ly + 24.0,
        gx + gw,
        ly + 24.0
    );
    match (smin, smax) {
        (Some(lo), Some(hi)) => {
            let at = |s: i64| gx + gw * t_of(s as f64).clamp(0.0, 1.0);
            let _ = writeln!(
                out,
                r##"<path d="M{:.1},{:.1} l-4,-6 h8 z" fill="#333333"/><text x="{:.1}" y="{:.1}">weakest</text><text x="{:.1}" y="{:.1}">{:.1}</text><path d="M{:.1},{:.1} l-4,-6 h8 z" fill="#333333"/><text x="{:.1}" y="{:.1}">best</text><text x="{:.1}" y="{:.1}">{:.1}</text>"##,
                at(lo),
                ly,
                gx + gw + 30.0,
                ly + 10.0,
                gx + gw + 80.0,
                ly + 10.0,
                points(lo),
                at(hi),
                ly,
                gx + gw + 130.0,
                ly + 10.0,
                gx + gw + 160.0,
                ly + 10.0,
                points(hi)
            );
        }
        _ => {
            let _ = writeln!(
                out,
                r#"<text x="{:.1}" y="{:.1}">no pairs drawn</text>"#,
                gx + gw + 30.0,
                ly + 10.0
            );
        }
    }
    let ry = ly + 44.0;
    let _ = writeln!(
        out,
        r##"<circle cx="{:.1}" cy="{:.1}" r="7" fill="none" stroke="#555555" stroke-width="2"/><text x="{:.1}" y="{:.1}">same-school pair</text><rect x="{:.1}" y="{:.1}" width="12" height="12" fill="none" stroke="#c0392b" stroke-width="1.5"/><text x="{:.1}" y="{:.1}">school with unmatched teachers</text>"##,
        MARGIN + 7.0,
        ry - 4.0,
        MARGIN + 20.0,
        ry,
        MARGIN + 130.0,
        ry - 10.0,
        MARGIN + 148.0,
        ry
    );
    if aggregate {
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}">line width = number of pairs</text>"#,
            MARGIN + 330.0,
            ry
        );
    }
    let ty = ry + 18.0;
    if trios > 0 && !aggregate {
        let _ = writeln!(
            out,
            r##"<polygon class="legend-trio" points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="#555555" fill-opacity="0.15" stroke="#555555" stroke-width="2"/><text x="{:.1}" y="{ty:.1}">trio (three teachers)</text>"##,
            MARGIN + 1.0,
            ty + 1.0,
            MARGIN + 13.0,
            ty + 1.0,
            MARGIN + 7.0,
            ty - 10.0,
            MARGIN + 20.0
        );
    }
    if layout.outlier_radius_km.is_some() {
        let _ = writeln!(
            out,
            r##"<line class="legend-off-map" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#555555" stroke-width="2" stroke-dasharray="6 4"/><text x="{:.1}" y="{ty:.1}">to a school off the map (drawn at the edge)</text>"##,
            MARGIN + 130.0,
            ty - 4.0,
            MARGIN + 160.0,
            ty - 4.0,
            MARGIN + 166.0
        );
    }
    if let Some(px_per_km) = layout.px_per_km {
        // A round length (1, 2 or 5 × 10^k km) of at most 180 px.
        let km = nice_below(180.0 / px_per_km);
        let len = km * px_per_km;
        if len.is_finite() && len > 1.0 {
            let x_end = MAP_W - MARGIN;
            let _ = writeln!(
                out,
                r##"<g class="distance-scale" data-km="{km}" data-px="{len:.3}"><rect x="{:.1}" y="{:.1}" width="{len:.1}" height="3" fill="#333333"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{} km</text></g>"##,
                x_end - len,
                ry - 5.0,
                x_end - len / 2.0,
                ry - 8.0,
                if km >= 1.0 {
                    format!("{km:.0}")
                } else {
                    format!("{km}")
                }
            );
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

fn points_f(units: f64) -> f64 {
    units / SCALE as f64
}

const HIST_W: f64 = 640.0;
const HIST_H: f64 = 400.0;
const HL: f64 = 60.0; // left margin (y labels)
const HR: f64 = 20.0;
const HT: f64 = 30.0;
const HB: f64 = 50.0; // bottom margin (x labels)

/// A histogram of pair scores: `bins` equal-width integer bins over `[min, max]` (fewer
/// when the scores span fewer distinct values; `bins = 0` counts as 1), one
/// `<rect class="bar">` per bin with a `<title>` giving its range and count, axes with
/// tick labels in points, and axis titles. No scores: axes and a note.
///
/// # Complexity
/// O(scores + bins).
#[must_use]
pub fn score_histogram_svg(scores: &[i64], bins: usize) -> String {
    histogram(scores, bins, false)
}

/// [`score_histogram_svg`] with the x-axis starting at 0 points (or at the lowest score
/// when it is negative), so the bars show how far the scores are from nothing, and round
/// bin widths (1, 2 or 5 × 10^k units; at most `bins` bins); used by the report bundle.
#[must_use]
pub fn score_histogram_from_zero_svg(scores: &[i64], bins: usize) -> String {
    histogram(scores, bins, true)
}

fn histogram(scores: &[i64], bins: usize, from_zero: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{HIST_W}" height="{HIST_H}" viewBox="0 0 {HIST_W} {HIST_H}" font-family="sans-serif" font-size="11">"#
    );
    out.push_str("<title>Pair scores</title>\n");
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{HIST_W}" height="{HIST_H}" fill="#ffffff"/>"##
    );
    let (pw, ph) = (HIST_W - HL - HR, HIST_H - HT - HB);
    let base = HT + ph;
    let _ = writeln!(
        out,
        r##"<g id="axes" stroke="#333333"><line x1="{HL}" y1="{base}" x2="{:.1}" y2="{base}"/><line x1="{HL}" y1="{HT}" x2="{HL}" y2="{base}"/></g>"##,
        HL + pw
    );
    let _ = writeln!(
        out,
        r#"<text class="axis-title" x="{:.1}" y="{:.1}" text-anchor="middle">pair score (points)</text>"#,
        HL + pw / 2.0,
        HIST_H - 10.0
    );
    let _ = writeln!(
        out,
        r#"<text class="axis-title" x="14" y="{:.1}" text-anchor="middle" transform="rotate(-90 14 {:.1})">pairs</text>"#,
        HT + ph / 2.0,
        HT + ph / 2.0
    );
    let (Some(&min), Some(&max)) = (scores.iter().min(), scores.iter().max()) else {
        let _ = writeln!(
            out,
            r#"<text class="note" x="{:.1}" y="{:.1}" text-anchor="middle">no scores</text>"#,
            HL + pw / 2.0,
            HT + ph / 2.0
        );
        out.push_str("</svg>\n");
        return out;
    };
    let min = if from_zero { min.min(0) } else { min };
    // Integer bins in i128 (no overflow for any i64 range).
    let range = max as i128 - min as i128 + 1;
    let want = bins.max(1) as i128;
    let mut width = (range + want - 1) / want;
    if from_zero {
        // Round bins (1, 2 or 5 × 10^k units, e.g. 10 points) so the tick labels read
        // 0, 10, 20, … rather than 0, 10.4, 20.9, …
        let mut p = 1i128;
        width = loop {
            if let Some(&m) = [1, 2, 5].iter().find(|&&m| m * p >= width) {
                break m * p;
            }
            p *= 10;
        };
    }
    let nb = ((range + width - 1) / width) as usize;
    let mut counts = vec![0usize; nb];
    for &s in scores {
        let i = ((s as i128 - min as i128) / width) as usize;
        counts[i.min(nb - 1)] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1);
    let bw = pw / nb as f64;
    out.push_str("<g id=\"bars\">\n");
    for (i, &c) in counts.iter().enumerate() {
        let lo = min as i128 + width * i as i128;
        let hi = (lo + width - 1).min(max as i128);
        let h = ph * c as f64 / top as f64;
        let _ = writeln!(
            out,
            r##"<rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="#4a7ab5" stroke="#ffffff"><title>{:.1} to {:.1} points: {c} pair(s)</title></rect>"##,
            HL + bw * i as f64,
            base - h,
            bw,
            lo as f64 / SCALE as f64,
            hi as f64 / SCALE as f64
        );
    }
    out.push_str("</g>\n<g id=\"ticks\">\n");
    // x ticks: at most 10 labelled bin edges.
    let step = nb.div_ceil(10).max(1);
    for i in (0..=nb).step_by(step) {
        let v = (min as i128 + width * i as i128) as f64 / SCALE as f64;
        let x = HL + bw * i as f64;
        let _ = writeln!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle">{v:.1}</text>"#,
            base + 16.0
        );
    }
    // y ticks: 0, top/2, top (integers, distinct).
    let mut ys = vec![0, top / 2, top];
    ys.dedup();
    for v in ys {
        let y = base - ph * v as f64 / top as f64;
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{v}</text>"#,
            HL - 6.0,
            y + 4.0
        );
    }
    out.push_str("</g>\n</svg>\n");
    out
}
