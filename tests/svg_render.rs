//! SVG pictures: well-formed (a tiny XML checker), one element per pair, escaped text,
//! no NaN, degenerate inputs.

use peermatch::report::svg::{escape_xml, map_svg, score_histogram_svg, MapPair, MapSchool};

/// Checks that tags balance and attributes are quoted; returns the element names in
/// document order. Panics with the position of the first problem.
fn check_xml(s: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let end = s[i..]
                    .find('>')
                    .unwrap_or_else(|| panic!("unclosed tag at {i}"))
                    + i;
                let tag = &s[i + 1..end];
                assert!(!tag.contains('<'), "'<' inside tag at {i}");
                if let Some(name) = tag.strip_prefix('/') {
                    let open = stack
                        .pop()
                        .unwrap_or_else(|| panic!("stray </{name}> at {i}"));
                    assert_eq!(open, name, "mismatched close at {i}");
                } else {
                    let self_closing = tag.ends_with('/');
                    let body = tag.trim_end_matches('/');
                    let name = body
                        .split_whitespace()
                        .next()
                        .unwrap_or_else(|| panic!("empty tag at {i}"));
                    assert_eq!(body.matches('"').count() % 2, 0, "unbalanced quotes at {i}");
                    names.push(name.to_string());
                    if !self_closing {
                        stack.push(name.to_string());
                    }
                }
                i = end + 1;
            }
            b'&' => {
                let end = s[i..].find(';').unwrap_or_else(|| panic!("bare & at {i}")) + i;
                let ent = &s[i + 1..end];
                assert!(
                    ["amp", "lt", "gt", "quot", "apos"].contains(&ent),
                    "entity {ent} at {i}"
                );
                i = end + 1;
            }
            b'>' => panic!("bare > at {i}"),
            _ => i += 1,
        }
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    assert_eq!(names.first().map(String::as_str), Some("svg"));
    names
}

fn no_bad_numbers(s: &str) {
    for bad in ["NaN", "inf"] {
        assert!(!s.contains(bad), "{bad} in output");
    }
}

fn schools() -> Vec<MapSchool> {
    vec![
        MapSchool::new("S1", "Harbour <College> & \"Sons\"", -41.2955, 174.786),
        MapSchool::new("S2", "Northern Heights", -41.247, 174.772),
        MapSchool::new("S3", "O'Brien School", -41.32, 174.81),
    ]
}

#[test]
fn map_has_one_element_per_pair_and_escapes_labels() {
    let pairs = vec![
        MapPair::new("S1", "S2", 60_000),
        MapPair::new("S2", "S3", 45_500),
        MapPair::new("S1", "S1", 30_000),
        MapPair::new("S1", "S1", 31_000),
    ];
    let svg = map_svg(&schools(), &pairs);
    let names = check_xml(&svg);
    no_bad_numbers(&svg);
    assert_eq!(
        svg.matches("class=\"pair\"").count(),
        2,
        "two cross-school lines"
    );
    assert_eq!(
        svg.matches("class=\"pair same-school\"").count(),
        2,
        "two rings"
    );
    assert_eq!(names.iter().filter(|n| *n == "line").count(), 2);
    assert!(svg.contains("Harbour &lt;College&gt; &amp; &quot;Sons&quot;"));
    assert!(svg.contains("O&apos;Brien School"));
    assert!(svg.contains("<linearGradient"), "legend colour scale");
    assert!(
        svg.contains(">30.0<") && svg.contains(">60.0<"),
        "legend min and max in points"
    );
    // The best and the worst pair get different colours.
    let colour = |needle: &str| {
        let at = svg.find(needle).unwrap();
        let s = &svg[at..];
        let c = s.find("stroke=\"").unwrap() + 8;
        s[c..c + 7].to_string()
    };
    assert_ne!(colour("60.0 points"), colour("30.0 points"));
    // Every coordinate lies inside the canvas.
    for part in svg.split(['"']) {
        if let Ok(v) = part.parse::<f64>() {
            assert!((-1.0..=900.0).contains(&v), "{v}");
        }
    }
}

#[test]
fn map_degenerate_inputs() {
    let empty = map_svg(&[], &[]);
    check_xml(&empty);
    no_bad_numbers(&empty);
    assert!(empty.contains("no schools"));

    let one = vec![MapSchool::new("S1", "Only", 10.0, 20.0)];
    let svg = map_svg(&one, &[MapPair::new("S1", "S1", 5)]);
    check_xml(&svg);
    no_bad_numbers(&svg);
    assert_eq!(svg.matches("class=\"pair").count(), 1);

    // Same latitude (zero height), a pole, invalid coordinates and unknown schools.
    let pts = vec![
        MapSchool::new("A", "a", 0.0, 0.0),
        MapSchool::new("B", "b", 0.0, 1.0),
        MapSchool::new("C", "c", f64::NAN, 1.0),
        MapSchool::new("D", "d", 95.0, 1.0),
        MapSchool::new("E", "e", 90.0, 1.0),
    ];
    let pairs = vec![
        MapPair::new("A", "B", 1),
        MapPair::new("A", "C", 2),
        MapPair::new("X", "B", 3),
        MapPair::new("E", "A", i64::MAX),
        MapPair::new("E", "B", i64::MIN),
    ];
    let svg = map_svg(&pts, &pairs);
    check_xml(&svg);
    no_bad_numbers(&svg);
    assert_eq!(svg.matches("class=\"pair").count(), 3);
    assert!(svg.contains("2 pair(s) with a school not on the map not drawn"));
    assert!(svg.contains("2 school(s) without valid coordinates not drawn"));
}

#[test]
fn histogram_bins_axes_and_degenerate_inputs() {
    let scores: Vec<i64> = (0..100).map(|i| 20_000 + i * 400).collect();
    let svg = score_histogram_svg(&scores, 10);
    check_xml(&svg);
    no_bad_numbers(&svg);
    assert_eq!(svg.matches("class=\"bar\"").count(), 10);
    assert!(svg.contains("pair score (points)") && svg.contains(">pairs<"));
    let counts: usize = svg
        .match_indices(" pair(s)</title>")
        .map(|(at, _)| {
            let head = &svg[..at];
            head[head.rfind(": ").unwrap() + 2..]
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(counts, 100, "bars count every score once");

    for (scores, bins, bars) in [
        (vec![], 10, 0),
        (vec![5_000], 10, 1),
        (vec![7, 7, 7], 0, 1),
        (vec![1, 2, 3], 10, 3),
        (vec![i64::MIN, 0, i64::MAX], 4, 4),
    ] {
        let svg = score_histogram_svg(&scores, bins);
        check_xml(&svg);
        no_bad_numbers(&svg);
        assert_eq!(svg.matches("class=\"bar\"").count(), bars, "{scores:?}");
    }
    assert!(score_histogram_svg(&[], 5).contains("no scores"));
}

#[test]
fn escape_handles_all_specials_and_control_characters() {
    assert_eq!(
        escape_xml("a<b>&\"c'\u{1}\n"),
        "a&lt;b&gt;&amp;&quot;c&apos;\n"
    );
}

/// A national-scale picture: 2,000 schools and 10,000 pairs (the size of a 20,000-teacher
/// cohort) aggregate into cluster flows; the output stays under 300 KB, every pair is
/// counted in exactly one flow, and labels never overlap.
#[test]
fn large_maps_aggregate_into_flows_under_300_kb() {
    use peermatch::report::svg::{map_svg_with, MapOptions};
    // A seeded LCG: reproducible without a dependency.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    // Schools on a jittered 50 x 40 grid, so nearby indices are nearby places and pairs
    // between index neighbours are local, as pairs within travel reach are.
    let schools: Vec<MapSchool> = (0..2000)
        .map(|i| {
            MapSchool::new(
                format!("S{i}"),
                format!("School number {i}"),
                -47.0 + 0.3 * (i / 50) as f64 + 0.2 * next(),
                166.0 + 0.24 * (i % 50) as f64 + 0.2 * next(),
            )
        })
        .collect();
    let pairs: Vec<MapPair> = (0..10_000)
        .map(|_| {
            let a = (next() * 2000.0) as usize;
            let b = (a + (next() * 3.0) as usize + 50 * (next() * 2.0) as usize) % 2000;
            MapPair::new(
                format!("S{a}"),
                format!("S{b}"),
                (next() * 120_000.0) as i64,
            )
        })
        .collect();
    let svg = map_svg_with(&schools, &pairs, &MapOptions::default());
    check_xml(&svg);
    no_bad_numbers(&svg);
    assert!(svg.len() < 300_000, "{} bytes", svg.len());
    assert_eq!(svg.matches("class=\"pair").count(), 0, "no per-pair lines");
    let counted: usize = svg
        .match_indices(" pair(s), mean ")
        .map(|(at, _)| {
            let head = &svg[..at];
            head[head.rfind('>').unwrap() + 1..]
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    let left_out = if let Some(k) = svg.find(" lightest flow(s) (") {
        let s = &svg[k + 19..];
        s[..s.find(' ').unwrap()].parse::<usize>().unwrap()
    } else {
        0
    };
    assert_eq!(
        counted + left_out,
        pairs.len(),
        "every pair in one flow or the note"
    );
    eprintln!("20,000-teacher-scale map: {} bytes", svg.len());
    assert!(svg.contains("clusters"));
    labels_do_not_overlap(&svg);
}

/// Parses the `<text class="label">` elements and checks their estimated boxes (6.2 px
/// per character, 12 px high, by anchor) are pairwise disjoint and inside the canvas.
fn labels_do_not_overlap(svg: &str) {
    let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (at, _) in svg.match_indices("<text class=\"label\"") {
        let s = &svg[at..];
        let attr = |name: &str| {
            let k = s.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            s[k..k + s[k..].find('"').unwrap()].to_string()
        };
        let (x, y): (f64, f64) = (attr("x").parse().unwrap(), attr("y").parse().unwrap());
        let text = &s[s.find('>').unwrap() + 1..s.find("</text>").unwrap()];
        let w = 6.2 * text.chars().count() as f64;
        let x0 = match attr("text-anchor").as_str() {
            "end" => x - w,
            "middle" => x - w / 2.0,
            _ => x,
        };
        boxes.push((x0, y - 10.0, x0 + w, y + 2.0));
    }
    for (i, a) in boxes.iter().enumerate() {
        assert!(a.0 >= 0.0 && a.2 <= 800.0, "label off the canvas: {a:?}");
        for b in &boxes[..i] {
            let overlap = a.0 < b.2 - 0.5 && b.0 < a.2 - 0.5 && a.1 < b.3 - 0.5 && b.1 < a.3 - 0.5;
            assert!(!overlap, "labels overlap: {a:?} {b:?}");
        }
    }
}

/// Close schools (the pilot's "Te Aro" and "Harbour City" case) get non-overlapping
/// labels; the colour scale is absolute; an empty proposal says so instead of "0.0 – 0.0".
#[test]
fn close_labels_absolute_colours_and_empty_legend() {
    let schools = vec![
        MapSchool::new("S01", "Harbour City College", -41.2900, 174.7770),
        MapSchool::new("S04", "Te Aro High School", -41.2905, 174.7760),
        MapSchool::new("S02", "Far Away College", -40.0, 176.0),
    ];
    let pairs = vec![
        MapPair::new("S01", "S04", 90_000),
        MapPair::new("S01", "S02", 85_000),
    ];
    let svg = map_svg(&schools, &pairs);
    check_xml(&svg);
    labels_do_not_overlap(&svg);
    // Two good pairs (85 and 90 points) are both green-ish: the weakest is not red.
    let stroke = |needle: &str| {
        let at = svg.find(needle).unwrap();
        let s = &svg[..at];
        let c = s.rfind("stroke=\"").unwrap() + 8;
        s[c..c + 7].to_string()
    };
    let weak = stroke("85.0 points");
    let g = u8::from_str_radix(&weak[3..5], 16).unwrap();
    let r = u8::from_str_radix(&weak[1..3], 16).unwrap();
    assert!(g > r, "85 points drawn as {weak}");
    assert!(svg.contains("distance-scale") && svg.contains(" km<"));
    assert!(svg.contains("same-school pair") && svg.contains("unmatched"));
    let empty = map_svg(&schools, &[]);
    assert!(empty.contains("no pairs drawn") && !empty.contains("0.0 – 0.0"));
    // The histogram used by the bundle starts at 0 points.
    let hist = peermatch::report::svg::score_histogram_from_zero_svg(&[50_000, 90_000], 10);
    assert!(hist.contains(">0.0<"), "x-axis starts at 0");
    // Round bins: 0–104.3 points in at most 10 bins is 20-point bins, every tick a multiple
    // of 20 and every score in the bin its value falls in.
    let scores = [77_500, 81_100, 94_000, 104_300, 83_500, 102_300];
    let hist = peermatch::report::svg::score_histogram_from_zero_svg(&scores, 10);
    let bars: Vec<&str> = hist
        .match_indices("<rect class=\"bar\"")
        .map(|(i, _)| &hist[i..i + hist[i..].find("</rect>").unwrap()])
        .collect();
    assert_eq!(bars.len(), 6, "{hist}");
    for (k, b) in bars.iter().enumerate() {
        let lo = 20.0 * k as f64;
        assert!(b.contains(&format!("<title>{lo:.1} to ")), "{b}");
        let want = scores
            .iter()
            .filter(|&&s| (s as f64 / 1000.0) >= lo && (s as f64 / 1000.0) < lo + 20.0)
            .count();
        assert!(b.ends_with(&format!(": {want} pair(s)</title>")), "{b}");
    }
}

/// Attribute `name` of the element starting at `el`.
fn attr<'a>(el: &'a str, name: &str) -> &'a str {
    let k = el
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("no {name} in {el}"))
        + name.len()
        + 3;
    &el[k..k + el[k..].find('"').unwrap()]
}

/// School points as (title, x, y).
fn school_points(svg: &str) -> Vec<(String, f64, f64)> {
    svg.match_indices("<circle class=\"school\"")
        .map(|(i, _)| {
            let el = &svg[i..i + svg[i..].find("</circle>").unwrap()];
            let t = &el[el.find("<title>").unwrap() + 7..el.find("</title>").unwrap()];
            let t = t
                .replace("&apos;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            (
                t,
                attr(el, "cx").parse().unwrap(),
                attr(el, "cy").parse().unwrap(),
            )
        })
        .collect()
}

/// Great-circle distance (km), written out here independently of the crate.
fn great_circle_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let (dp, dl) = (p2 - p1, (b.1 - a.1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

fn cohort_schools(file: &str) -> Vec<MapSchool> {
    let c = peermatch::cohort::Cohort::from_path(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/data")
            .join(file),
    )
    .unwrap();
    c.schools
        .iter()
        .filter_map(|s| {
            let l = s.location?;
            Some(MapSchool::new(s.id.clone(), s.name.clone(), l.lat, l.lon))
        })
        .collect()
}

/// The distance bar is right: for every two schools drawn to scale on the bundled
/// samples, their pixel distance divided by the bar's pixels per km is their great-circle
/// distance within 1%. (On the city cohort the bar used to read "1 km" over 64 px; the
/// check is that whatever it reads, it is true.)
#[test]
fn distance_bar_matches_great_circle_distances() {
    for file in ["city_maths_cohort.json", "pilot_cohort.json"] {
        let schools = cohort_schools(file);
        let svg = peermatch::report::svg::map_svg_with(&schools, &[], &Default::default());
        check_xml(&svg);
        let g = svg
            .find("<g class=\"distance-scale\"")
            .expect("a distance bar");
        let el = &svg[g..];
        let (km, px): (f64, f64) = (
            attr(el, "data-km").parse().unwrap(),
            attr(el, "data-px").parse().unwrap(),
        );
        let label = &el[el.find("middle\">").unwrap() + 8..el.find(" km</text>").unwrap()];
        assert_eq!(
            label.parse::<f64>().unwrap(),
            km,
            "{file}: label and length disagree"
        );
        assert!((60.0..=180.0).contains(&px), "{file}: bar of {px} px");
        let pts = school_points(&svg);
        let mut checked = 0;
        for (i, a) in pts.iter().enumerate() {
            for b in &pts[i + 1..] {
                if a.0.contains("off the map") || b.0.contains("off the map") {
                    continue;
                }
                let sa = schools.iter().find(|s| a.0.starts_with(&s.name)).unwrap();
                let sb = schools.iter().find(|s| b.0.starts_with(&s.name)).unwrap();
                let truth = great_circle_km((sa.lat, sa.lon), (sb.lat, sb.lon));
                let drawn = (a.1 - b.1).hypot(a.2 - b.2) / (px / km);
                // Coordinates are written with one decimal: allow 0.1 px of rounding.
                let tol = 0.01 * truth + 0.15 * km / px;
                assert!(
                    (drawn - truth).abs() <= tol,
                    "{file}: {} – {}: drawn {drawn:.3} km, true {truth:.3} km",
                    a.0,
                    b.0
                );
                checked += 1;
            }
        }
        assert!(checked >= 36, "{file}: only {checked} pairs checked");
    }
}

/// One distant school (the pilot's Coastline College, ~38 km from the rest) is drawn on
/// the edge with its distance and a note, and no longer squeezes the others: they span the
/// full height or width of the drawing area (680 × 480 px inside 60 px margins).
#[test]
fn a_distant_school_goes_to_the_edge_and_the_rest_fill_the_map() {
    let schools = cohort_schools("pilot_cohort.json");
    let pairs = vec![
        MapPair::new("S10", "S01", 80_000),
        MapPair::new("S02", "S05", 90_000),
    ];
    let svg = peermatch::report::svg::map_svg_with(&schools, &pairs, &Default::default());
    check_xml(&svg);
    let pts = school_points(&svg);
    let off: Vec<_> = pts.iter().filter(|p| p.0.contains("off the map")).collect();
    assert_eq!(off.len(), 1, "{pts:?}");
    assert!(off[0].0.starts_with("Coastline College ("), "{}", off[0].0);
    let truth = great_circle_km((-40.913, 175.006), (-41.2955, 174.786));
    assert!(truth > 30.0);
    let (x, y) = (off[0].1, off[0].2);
    assert!(
        [x - 60.0, 740.0 - x, y - 60.0, 540.0 - y]
            .iter()
            .any(|d| d.abs() < 0.11),
        "not on the edge: {x} {y}"
    );
    let rest: Vec<_> = pts
        .iter()
        .filter(|p| !p.0.contains("off the map"))
        .collect();
    let span = |f: fn(&&(String, f64, f64)) -> f64| {
        rest.iter().map(f).fold(f64::MIN, f64::max) - rest.iter().map(f).fold(f64::MAX, f64::min)
    };
    let (w, h) = (span(|p| p.1), span(|p| p.2));
    assert!(w > 679.0 || h > 479.0, "the rest span only {w} × {h} px");
    assert!(svg.contains("drawn at the edge in their direction"));
    // The pair to the distant school is dashed, the other is not.
    let lines: Vec<&str> = svg
        .match_indices("<line class=\"pair\"")
        .map(|(i, _)| &svg[i..i + svg[i..].find("</line>").unwrap()])
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("stroke-dasharray"))
            .count(),
        1
    );
}

/// A trio is one triangle (`class="pair trio"`), named in its tooltip, with a legend entry.
#[test]
fn trios_are_triangles() {
    let schools = cohort_schools("pilot_cohort.json");
    let pairs = vec![
        MapPair::trio("S01", "S02", "S03", 80_000),
        MapPair::new("S04", "S05", 70_000),
        MapPair::trio("S06", "S06", "S06", 60_000),
    ];
    let svg = peermatch::report::svg::map_svg_with(&schools, &pairs, &Default::default());
    check_xml(&svg);
    assert_eq!(svg.matches("class=\"pair").count(), 3);
    assert_eq!(svg.matches("<polygon class=\"pair trio\"").count(), 1);
    assert_eq!(svg.matches("class=\"pair same-school trio\"").count(), 1);
    assert!(
        svg.contains("Harbour City College – Northern Heights College – Southbay College (trio)")
    );
    assert!(svg.contains("trio (three teachers)"));
}

/// The pseudonymised (schematic) map depends on nothing but the ids and pairs: moving
/// every school gives the same picture, it has no distance bar, and it says why.
#[test]
fn schematic_map_carries_no_positions() {
    let opts = peermatch::report::svg::MapOptions {
        schematic: true,
        ..Default::default()
    };
    let a = cohort_schools("pilot_cohort.json");
    let b: Vec<MapSchool> = a
        .iter()
        .enumerate()
        .map(|(i, s)| {
            MapSchool::new(
                s.id.clone(),
                s.name.clone(),
                10.0 + i as f64,
                -50.0 * i as f64 / 7.0,
            )
        })
        .collect();
    let pairs = vec![
        MapPair::new("S01", "S02", 80_000),
        MapPair::new("S10", "S10", 70_000),
    ];
    let (sa, sb) = (
        peermatch::report::svg::map_svg_with(&a, &pairs, &opts),
        peermatch::report::svg::map_svg_with(&b, &pairs, &opts),
    );
    check_xml(&sa);
    assert_eq!(sa, sb);
    assert!(!sa.contains("distance-scale"));
    assert!(sa.contains("schematic"));
}
