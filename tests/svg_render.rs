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
