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
}
