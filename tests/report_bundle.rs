//! The `--out` bundle of `propose_pairs`: report.html rendered by headless Chromium
//! (every pair and unmatched teacher present, title and landmarks, no script error), the
//! calendar files parsed by the `ical` crate, and a pseudonymised bundle searched for every
//! original id, name and school name.
//!
//! The browser test FAILS when no Chromium is installed (`apt-get install chromium`;
//! `.ci/run` does this), rather than passing without having looked.
//! `cargo test` builds the examples first; running this file alone needs
//! `cargo build --examples` with the same profile.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;

use peermatch::cohort::Cohort;
use peermatch::plan::Proposal;
use peermatch::report::ics::Date;

#[path = "support/examples.rs"]
mod examples_support;
use examples_support::example;

const COHORT: &str = "examples/data/pilot_cohort.json";

fn out_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("peermatch-bundle-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn propose(dir: &Path, extra: &[&str]) -> Proposal {
    let mut args = vec![
        "--out",
        dir.to_str().unwrap(),
        "--term-start",
        "2027-02-01",
        "--term-end",
        "2027-04-09",
    ];
    args.extend_from_slice(extra);
    let out = Command::new(example("propose_pairs"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("proposal.json")).unwrap();
    peermatch::report::from_json(&text).unwrap()
}

fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
        if let Ok(out) = Command::new("which").arg(name).output() {
            if out.status.success() {
                let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
                if !p.is_empty() {
                    return PathBuf::from(p);
                }
            }
        }
    }
    panic!(
        "headless Chromium not found (tried chromium, chromium-browser, google-chrome): \
         install it with `apt-get install -y chromium` (.ci/run does) — this test does not \
         pass without a browser"
    );
}

fn html_escape(s: &str) -> String {
    peermatch::report::html::escape_html(s)
}

#[test]
fn report_html_renders_in_headless_chromium() {
    let dir = out_dir("html");
    let p = propose(&dir, &["--trio"]);
    let cohort = Cohort::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(COHORT)).unwrap();
    let roster = peermatch::report::Roster::from_cohort(&cohort);
    let page = dir.join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: no external reference (the only URL is the SVG namespace).
    let without_ns = html.replace("http://www.w3.org/2000/svg", "");
    for bad in ["http://", "https://", " src=", "@import"] {
        assert!(!without_ns.contains(bad), "report.html references {bad}");
    }
    // Every id is unique (the inline SVGs and the page share one id space), and every
    // in-page link has a target.
    let ids: Vec<&str> = html
        .match_indices(" id=\"")
        .map(|(k, _)| {
            let rest = &html[k + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids in {ids:?}");
    for (k, _) in html.match_indices("href=\"#") {
        let rest = &html[k + 7..];
        let target = &rest[..rest.find('"').unwrap()];
        assert!(ids.contains(&target), "link to missing #{target}");
    }
    // Only in-page references (`url(#gradient)`).
    assert_eq!(html.matches("url(").count(), html.matches("url(#").count());

    let browser = chromium();
    let profile = dir.join("profile");
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
    ];
    let out = Command::new(&browser)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "chromium failed: {log}");
    for bad in ["Uncaught", "SyntaxError", "ReferenceError", "TypeError"] {
        assert!(!log.contains(bad), "script error in the browser log: {log}");
    }
    assert!(dom.contains("<title>Mentoring pairs"), "no title");
    for landmark in ["<header", "<main", "<nav", "<section"] {
        assert!(dom.contains(landmark), "{landmark} missing");
    }
    // The script ran (the sort handlers attach) and the table is intact: every pair and
    // every unmatched teacher is in the rendered DOM, with names.
    assert_eq!(dom.matches("<tr class=\"pair\"").count(), p.pairs.len());
    for pair in &p.pairs {
        let row = format!(
            "data-a=\"{}\" data-b=\"{}\"",
            html_escape(&pair.a),
            html_escape(&pair.b)
        );
        assert!(dom.contains(&row), "pair {} + {} missing", pair.a, pair.b);
        for id in [&pair.a, &pair.b] {
            assert!(dom.contains(&html_escape(roster.name(id))), "name of {id}");
        }
        if let Some(t) = &pair.third {
            assert!(
                dom.contains(&html_escape(roster.name(&t.id))),
                "trio {}",
                t.id
            );
        }
    }
    assert!(!p.unmatched.is_empty() || p.pairs.len() * 2 == p.teachers.len());
    for u in &p.unmatched {
        let li = format!("data-id=\"{}\"", html_escape(&u.id));
        assert!(dom.contains(&li), "unmatched {} missing", u.id);
    }

    let png = dir.join("report.png");
    let out = Command::new(&browser)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,2400")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 10_000);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn calendar_files_parse_and_recur_weekly_in_the_term() {
    let dir = out_dir("ics");
    let p = propose(&dir, &[]);
    let start = Date::parse("2027-02-01").unwrap();
    let end = Date::parse("2027-04-09").unwrap();
    assert!(!p.pairs.is_empty());
    for pair in &p.pairs {
        let path = dir
            .join("calendar")
            .join(format!("{}--{}.ics", pair.a, pair.b));
        let raw = std::fs::read(&path).unwrap();
        let text = String::from_utf8(raw).unwrap();
        // Framing: CRLF only, no line longer than 75 octets.
        assert!(text.ends_with("\r\n"));
        for line in text.split("\r\n") {
            assert!(!line.contains('\n') && !line.contains('\r'));
            assert!(line.len() <= 75, "line over 75 octets: {line:?}");
        }
        let mut cals = ical::IcalParser::new(BufReader::new(text.as_bytes()));
        let cal = cals.next().expect("one calendar").expect("parses");
        assert!(cals.next().is_none());
        let prop = |props: &[ical::property::Property], name: &str| {
            props
                .iter()
                .find(|x| x.name == name)
                .and_then(|x| x.value.clone())
        };
        assert_eq!(prop(&cal.properties, "VERSION").as_deref(), Some("2.0"));
        assert!(prop(&cal.properties, "PRODID").is_some());
        // One event per window (all windows fall in a ten-week term).
        assert_eq!(cal.events.len(), pair.common_time.windows.len());
        for (ev, w) in cal.events.iter().zip(&pair.common_time.windows) {
            let dtstart = prop(&ev.properties, "DTSTART").unwrap();
            let dtend = prop(&ev.properties, "DTEND").unwrap();
            let d = Date::parse(&format!(
                "{}-{}-{}",
                &dtstart[0..4],
                &dtstart[4..6],
                &dtstart[6..8]
            ))
            .unwrap();
            assert_eq!(d.weekday(), w.day.index(), "{dtstart} is not a {}", w.day);
            assert!(d >= start && d.days() - start.days() < 7);
            let hm =
                |s: &str| s[9..11].parse::<u16>().unwrap() * 60 + s[11..13].parse::<u16>().unwrap();
            assert_eq!((hm(&dtstart), hm(&dtend)), (w.start, w.end));
            assert_eq!(
                prop(&ev.properties, "RRULE").as_deref(),
                Some("FREQ=WEEKLY;UNTIL=20270409T235959")
            );
            let _ = end;
            assert!(prop(&ev.properties, "UID").is_some());
            assert!(prop(&ev.properties, "DTSTAMP").is_some());
            let summary = prop(&ev.properties, "SUMMARY").unwrap();
            assert!(summary.starts_with("Peer mentoring: "), "{summary}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every file below `dir` (recursively), except the key.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.file_name().unwrap() != "pseudonym-key.csv" {
            out.push(p);
        }
    }
}

/// `needle` occurs in `text` not preceded or followed by a letter or digit (so the id
/// `T11` is not found inside the time stamp `20270201T115000`, but is found in `T11,` or
/// `"T11"`). Every occurrence is checked.
fn has_word(text: &str, needle: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    text.match_indices(needle).any(|(k, _)| {
        !alnum(text[..k].chars().next_back()) && !alnum(text[k + needle.len()..].chars().next())
    })
}

#[test]
fn pseudonymised_bundle_contains_no_original_id_or_name() {
    let cohort = Cohort::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(COHORT)).unwrap();
    let mut originals: Vec<String> = Vec::new();
    for t in &cohort.teachers {
        originals.push(t.id.clone());
        originals.extend(t.name.clone());
    }
    for s in &cohort.schools {
        originals.push(s.id.clone());
        originals.push(s.name.clone());
    }
    // Escaped forms too (HTML, XML, iCalendar), and every word of a multi-word name
    // longer than 3 letters (a surname alone identifies someone).
    let mut needles: Vec<String> = Vec::new();
    for o in &originals {
        needles.push(o.clone());
        needles.push(peermatch::report::html::escape_html(o));
        needles.push(peermatch::report::svg::escape_xml(o));
        needles.push(peermatch::report::ics::escape_text(o));
    }
    for t in &cohort.teachers {
        for w in t.name.iter().flat_map(|n| n.split_whitespace()) {
            if w.len() > 3 {
                needles.push(w.to_string());
            }
        }
    }
    needles.sort();
    needles.dedup();

    let dir = out_dir("pseudo");
    let p = propose(&dir, &["--pseudonymise", "--seed", "11", "--trio"]);
    let mut all = Vec::new();
    files(&dir, &mut all);
    assert!(all.len() > 10, "bundle too small: {all:?}");
    for f in &all {
        let rel = f.strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
        for n in &needles {
            assert!(!has_word(&rel, n), "file name {rel} contains {n:?}");
            assert!(!has_word(&text, n), "{rel} contains {n:?}");
        }
    }
    // The key maps every code back; codes are not in cohort order.
    let key = std::fs::read_to_string(dir.join("pseudonym-key.csv")).unwrap();
    for o in &originals {
        assert!(key.contains(o.as_str()), "key lacks {o}");
    }
    let codes: Vec<&String> = p.teachers.iter().collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_ne!(codes, sorted, "codes follow cohort order");
    assert!(p.teachers.iter().all(|c| c.starts_with("T-")));
    // Small cells: the pilot's schools have 1-2 teachers each, so no per-school count.
    let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    assert!(md.contains("< 3"), "{md}");
    assert!(p.audit.groups["school"].values().all(|g| g.members >= 3));
    // Another seed, other codes.
    let dir2 = out_dir("pseudo2");
    let q = propose(&dir2, &["--pseudonymise", "--seed", "12"]);
    assert_ne!(p.teachers, q.teachers);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir2);
}

#[test]
fn named_bundle_has_names_and_a_letter_per_teacher() {
    let dir = out_dir("names");
    let p = propose(&dir, &[]);
    let cohort = Cohort::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(COHORT)).unwrap();
    let csv = std::fs::read_to_string(dir.join("pairs.csv")).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let old = peermatch::report::csv::PAIR_COLUMNS;
    assert_eq!(&header[..old.len()], &old[..], "existing columns changed");
    assert_eq!(
        &header[old.len()..],
        &peermatch::report::csv::NAME_COLUMNS[..]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), p.pairs.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, pair) in rows.iter().zip(&p.pairs) {
        let t = cohort.teachers.iter().find(|t| t.id == pair.a).unwrap();
        assert_eq!(&row[col("a_name")], t.name.as_deref().unwrap_or(&t.id));
        let school = cohort.schools.iter().find(|s| s.id == t.school).unwrap();
        assert_eq!(&row[col("a_school")], school.name.as_str());
        let ct = &pair.common_time;
        assert_eq!(
            &row[col("traveller")],
            ct.traveller.as_deref().unwrap_or("")
        );
        assert_eq!(
            &row[col("travel_minutes")],
            ct.travel_minutes.map(|m| m.to_string()).unwrap_or_default()
        );
    }
    // One letter per teacher, naming every partner.
    for t in &cohort.teachers {
        let letter = std::fs::read_to_string(dir.join("letters").join(format!("{}.md", t.id)))
            .unwrap_or_else(|_| panic!("no letter for {}", t.id));
        for pair in p.pairs.iter().filter(|x| x.a == t.id || x.b == t.id) {
            let other = if pair.a == t.id { &pair.b } else { &pair.a };
            let o = cohort.teachers.iter().find(|x| &x.id == other).unwrap();
            assert!(
                letter.contains(o.name.as_deref().unwrap_or(&o.id)),
                "{letter}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The calendar's date arithmetic against a day-by-day walk of the Gregorian calendar
/// (an independent oracle: no formula, just month lengths), 1900-01-01 to 2200-12-31, and
/// the weekday against a known anchor (2000-01-03 was a Monday).
#[test]
fn dates_match_a_day_by_day_walk() {
    let leap = |y: i32| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut d = Date::parse("1900-01-01").unwrap();
    let first = d.days();
    let anchor = Date::parse("2000-01-03").unwrap().days();
    let mut k = first;
    while d.year <= 2200 {
        assert_eq!(d.days(), k, "{d}");
        assert_eq!(Date::from_days(k), d);
        assert_eq!(d.weekday() as i64, (k - anchor).rem_euclid(7), "{d}");
        assert_eq!(Date::parse(&d.to_string()), Ok(d));
        let len = match d.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if leap(d.year) => 29,
            _ => 28,
        };
        d = if d.day < len {
            Date {
                day: d.day + 1,
                ..d
            }
        } else if d.month < 12 {
            Date {
                month: d.month + 1,
                day: 1,
                ..d
            }
        } else {
            Date {
                year: d.year + 1,
                month: 1,
                day: 1,
            }
        };
        k += 1;
    }
    assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
    for bad in [
        "2027-02-29",
        "2027-13-01",
        "2027-1-01",
        "27-01-01",
        "2027-01-01-",
        "x",
    ] {
        assert!(Date::parse(bad).is_err(), "{bad}");
    }
    assert!(Date::parse("2028-02-29").is_ok());
}

/// Folding: every physical line is at most 75 octets, continuation lines start with one
/// space, multi-byte characters are never split, and unfolding restores the line.
#[test]
fn ics_lines_fold_at_75_octets_without_splitting_characters() {
    use peermatch::report::ics::{escape_text, push_folded};
    for n in [0usize, 1, 74, 75, 76, 200] {
        for unit in ["a", "é", "語", "🙂"] {
            let line = format!("DESCRIPTION:{}", unit.repeat(n));
            let mut out = String::new();
            push_folded(&mut out, &line);
            assert!(out.ends_with("\r\n"));
            let phys: Vec<&str> = out[..out.len() - 2].split("\r\n").collect();
            for (i, p) in phys.iter().enumerate() {
                assert!(p.len() <= 75, "{} octets", p.len());
                assert_eq!(i > 0, p.starts_with(' '));
            }
            let unfolded: String = phys
                .iter()
                .enumerate()
                .map(|(i, p)| if i > 0 { &p[1..] } else { p })
                .collect();
            assert_eq!(unfolded, line);
        }
    }
    assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
}

/// Under `--pseudonymise` the map carries no school position: mirroring every school's
/// longitude around the cohort's mean (which keeps every distance, hence every travel time
/// and pair, exactly) leaves the pseudonymised map.svg byte-for-byte the same, while the
/// named map does change (the control). No school coordinate appears in any file.
#[test]
fn pseudonymised_map_reveals_no_school_position() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(COHORT)).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let schools = json["schools"].as_array_mut().unwrap();
    let lons: Vec<f64> = schools
        .iter()
        .map(|s| s["location"]["lon"].as_f64().unwrap())
        .collect();
    let mid = lons.iter().sum::<f64>() / lons.len() as f64;
    let mut coords = Vec::new();
    for s in schools.iter_mut() {
        let l = &mut s["location"];
        coords.push(l["lat"].to_string());
        coords.push(l["lon"].to_string());
        l["lon"] = serde_json::json!(2.0 * mid - l["lon"].as_f64().unwrap());
    }
    let mirrored =
        std::env::temp_dir().join(format!("peermatch-mirror-{}.json", std::process::id()));
    std::fs::write(&mirrored, serde_json::to_string(&json).unwrap()).unwrap();
    let m = mirrored.to_str().unwrap();

    let run = |tag: &str, extra: &[&str]| {
        let dir = out_dir(tag);
        let p = propose(&dir, extra);
        let map = std::fs::read_to_string(dir.join("map.svg")).unwrap();
        (dir, p, map)
    };
    let (d1, p1, pseudo) = run("pos1", &["--pseudonymise", "--seed", "5"]);
    let (d2, p2, pseudo_m) = run("pos2", &["--pseudonymise", "--seed", "5", "--cohort", m]);
    assert_eq!(p1.pair_ids(), p2.pair_ids(), "mirroring changed the pairs");
    assert_eq!(
        pseudo, pseudo_m,
        "the pseudonymised map depends on school positions"
    );
    assert!(pseudo.contains("schematic") && !pseudo.contains("distance-scale"));
    let (d3, _, named) = run("pos3", &[]);
    let (d4, _, named_m) = run("pos4", &["--cohort", m]);
    assert_ne!(
        named, named_m,
        "control: the named map should follow the positions"
    );
    let mut all = Vec::new();
    files(&d1, &mut all);
    for f in &all {
        let text = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
        for c in &coords {
            assert!(
                !text.contains(c.as_str()),
                "{} contains the coordinate {c}",
                f.display()
            );
        }
    }
    for d in [d1, d2, d3, d4] {
        let _ = std::fs::remove_dir_all(d);
    }
    let _ = std::fs::remove_file(mirrored);
}

/// The minimum cell size comes from the policy (`[report] min_cell_size`): 1 shows
/// every per-school count, 5 suppresses schools below 5 as "< 5".
#[test]
fn min_cell_size_is_a_policy_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = std::fs::read_to_string(root.join("examples/data/policy.toml")).unwrap();
    for (size, expect) in [(1usize, None), (5, Some("< 5"))] {
        let policy =
            std::env::temp_dir().join(format!("peermatch-cell-{size}-{}.toml", std::process::id()));
        std::fs::write(
            &policy,
            format!("{base}\n[report]\nmin_cell_size = {size}\n"),
        )
        .unwrap();
        let dir = out_dir(&format!("cell{size}"));
        let p = propose(
            &dir,
            &["--pseudonymise", "--policy", policy.to_str().unwrap()],
        );
        let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
        let smallest = p.audit.groups["school"]
            .values()
            .map(|g| g.members)
            .min()
            .unwrap();
        match expect {
            None => {
                assert!(!md.contains("< "), "{md}");
                assert!(smallest < 3, "counts below 3 shown with min_cell_size = 1");
            }
            Some(s) => {
                assert!(md.contains(s), "{md}");
                assert!(smallest >= size);
            }
        }
        let _ = std::fs::remove_dir_all(dir);
        let _ = std::fs::remove_file(policy);
    }
    // Validation: 0 is rejected with the field's name.
    let bad =
        peermatch::compat::Policy::from_toml_str("[report]\nmin_cell_size = 0\n").unwrap_err();
    assert!(bad.to_string().contains("report.min_cell_size"), "{bad}");
}
