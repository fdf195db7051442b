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
}

impl MapPair {
    /// A pair between schools `a` and `b` (equal for a same-school pair).
    pub fn new(a: impl Into<String>, b: impl Into<String>, score: i64) -> Self {
        MapPair {
            school_a: a.into(),
            school_b: b.into(),
            score,
        }
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'` for XML text and attribute values, and drops
/// characters XML 1.0 forbids (control characters other than tab, newline, return).
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
const LEGEND_H: f64 = 50.0;

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

/// Draws the schools on an equirectangular map fitted to their bounding box (longitude
/// scaled by the cosine of the mean latitude, equal scale on both axes, 60 px margins),
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
pub fn map_svg(points_in: &[MapSchool], pairs: &[MapPair]) -> String {
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
    out.push_str("<title>Proposed pairs between schools</title>\n");
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{MAP_W}" height="{total_h}" fill="#ffffff"/>"##
    );

    // Projection.
    let mean_lat = if valid.is_empty() {
        0.0
    } else {
        valid.iter().map(|p| p.lat).sum::<f64>() / valid.len() as f64
    };
    let kx = mean_lat.to_radians().cos().max(0.01);
    let xs: Vec<f64> = valid.iter().map(|p| p.lon * kx).collect();
    let ys: Vec<f64> = valid.iter().map(|p| p.lat).collect();
    let fold = |v: &[f64], f: fn(f64, f64) -> f64, init: f64| v.iter().copied().fold(init, f);
    let (x0, x1) = (
        fold(&xs, f64::min, f64::INFINITY),
        fold(&xs, f64::max, f64::NEG_INFINITY),
    );
    let (y0, y1) = (
        fold(&ys, f64::min, f64::INFINITY),
        fold(&ys, f64::max, f64::NEG_INFINITY),
    );
    let (pw, ph) = (MAP_W - 2.0 * MARGIN, MAP_H - 2.0 * MARGIN);
    let (sx, sy) = (x1 - x0, y1 - y0);
    let scale = match (sx > 1e-12, sy > 1e-12) {
        (true, true) => (pw / sx).min(ph / sy),
        (true, false) => pw / sx,
        (false, true) => ph / sy,
        (false, false) => 0.0,
    };
    // Centre the fitted box.
    let (ox, oy) = (
        MARGIN + (pw - if scale > 0.0 { sx * scale } else { 0.0 }) / 2.0,
        MARGIN + (ph - if scale > 0.0 { sy * scale } else { 0.0 }) / 2.0,
    );
    let mut pos: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for (i, p) in valid.iter().enumerate() {
        let x = if scale > 0.0 {
            ox + (xs[i] - x0) * scale
        } else {
            MAP_W / 2.0
        };
        let y = if scale > 0.0 {
            oy + (y1 - ys[i]) * scale
        } else {
            MAP_H / 2.0
        };
        pos.entry(p.id.as_str()).or_insert((x, y));
    }

    // Colour scale over the drawn pairs.
    let drawn: Vec<&MapPair> = pairs
        .iter()
        .filter(|p| pos.contains_key(p.school_a.as_str()) && pos.contains_key(p.school_b.as_str()))
        .collect();
    let smin = drawn.iter().map(|p| p.score).min().unwrap_or(0);
    let smax = drawn.iter().map(|p| p.score).max().unwrap_or(0);
    let t_of = |s: i64| {
        if smax > smin {
            (s as f64 - smin as f64) / (smax as f64 - smin as f64)
        } else {
            1.0
        }
    };

    out.push_str("<g id=\"pairs\">\n");
    let mut rings: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &drawn {
        let (a, b) = (pos[p.school_a.as_str()], pos[p.school_b.as_str()]);
        let c = colour(t_of(p.score));
        let title = format!(
            "{} – {}: {:.1} points",
            escape_xml(&p.school_a),
            escape_xml(&p.school_b),
            points(p.score)
        );
        if p.school_a == p.school_b {
            let k = rings.entry(p.school_a.as_str()).or_insert(0);
            *k += 1;
            let r = 6.0 + 3.0 * (*k as f64);
            let _ = writeln!(
                out,
                r#"<circle class="pair same-school" cx="{:.1}" cy="{:.1}" r="{r:.1}" fill="none" stroke="{c}" stroke-width="2"><title>{title}</title></circle>"#,
                a.0, a.1
            );
        } else {
            let _ = writeln!(
                out,
                r#"<line class="pair" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{c}" stroke-width="2" stroke-opacity="0.8"><title>{title}</title></line>"#,
                a.0, a.1, b.0, b.1
            );
        }
    }
    out.push_str("</g>\n<g id=\"schools\">\n");
    for p in &valid {
        let Some(&(x, y)) = pos.get(p.id.as_str()) else {
            continue;
        };
        let _ = writeln!(
            out,
            r##"<circle class="school" cx="{x:.1}" cy="{y:.1}" r="4" fill="#333333"><title>{}</title></circle>"##,
            escape_xml(&p.id)
        );
        let _ = writeln!(
            out,
            r#"<text class="label" x="{:.1}" y="{:.1}">{}</text>"#,
            x + 7.0,
            y - 7.0,
            escape_xml(&p.name)
        );
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
    for (i, n) in notes.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<text class="note" x="{MARGIN}" y="{:.1}">{}</text>"#,
            20.0 + 14.0 * i as f64,
            escape_xml(n)
        );
    }

    // Legend: a gradient bar from the lowest to the highest drawn score.
    let ly = MAP_H + 10.0;
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
    out.push_str("</linearGradient></defs>\n");
    let _ = writeln!(
        out,
        r##"<g id="legend"><text x="{MARGIN}" y="{:.1}">pair score (points)</text><rect x="{:.1}" y="{ly:.1}" width="200" height="12" fill="url(#scale)" stroke="#999999"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{:.1}</text><text x="{:.1}" y="{:.1}" text-anchor="middle">{:.1}</text></g>"##,
        ly + 10.0,
        MARGIN + 130.0,
        MARGIN + 130.0,
        ly + 26.0,
        points(smin),
        MARGIN + 330.0,
        ly + 26.0,
        points(smax)
    );
    out.push_str("</svg>\n");
    out
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
pub fn score_histogram_svg(scores: &[i64], bins: usize) -> String {
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
    // Integer bins in i128 (no overflow for any i64 range).
    let range = max as i128 - min as i128 + 1;
    let want = bins.max(1) as i128;
    let width = (range + want - 1) / want;
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
