//! The coordinator's view of `form_groups` (text and `--out`): the school-mix legend of
//! `groups.svg` / `report.html`, notices that name groups by the number the reports print,
//! the long-trip advice, and infeasible pairs in plain words. Expected values come from the
//! cohort files read here (serde_json, not the crate's loader) and from recomputation.
//!
//! `cargo test` builds the examples first; running this file alone needs
//! `cargo build --examples` with the same profile.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use peermatch::cohort::Cohort;
use peermatch::compat::{CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;
use peermatch::groups::{GroupMeeting, GroupNotice, GroupPlan};

#[path = "support/examples.rs"]
mod examples_support;
#[path = "support/travel.rs"]
mod travel;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
/// The bundled cohorts the coordinator runs.
const COHORTS: [&str; 3] = [
    "pilot_cohort.json",
    "pilot_cohort.csv",
    "city_maths_cohort.json",
];

fn form_groups(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(examples_support::example("form_groups"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// What a run wrote: the printed text, the plan and meetings read back, and the folder.
struct Run {
    text: String,
    plan: GroupPlan,
    meetings: Vec<GroupMeeting>,
    dir: PathBuf,
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Run {
    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(name)).unwrap()
    }
}

/// `form_groups --quiet --cohort DATA/cohort --out DIR extra…`.
fn run(tag: &str, cohort: &str, extra: &[&str]) -> Run {
    let dir = std::env::temp_dir().join(format!(
        "peermatch_groups_report_{tag}_{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let cohort = format!("{DATA}/{cohort}");
    let mut args = vec![
        "--quiet",
        "--cohort",
        &cohort,
        "--out",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, text, err) = form_groups(&args);
    assert_eq!(code, 0, "{err}");
    let plan =
        serde_json::from_str(&std::fs::read_to_string(dir.join("groups.json")).unwrap()).unwrap();
    let meetings =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meetings.json")).unwrap()).unwrap();
    Run {
        text,
        plan,
        meetings,
        dir,
    }
}

/// Teacher id → (name, school id), school id → school name, read from the JSON file
/// (the CSV file holds the same people as the pilot JSON).
fn people(cohort: &str) -> (BTreeMap<String, (String, String)>, BTreeMap<String, String>) {
    let json = cohort.replace(".csv", ".json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DATA}/{json}")).unwrap()).unwrap();
    let schools = v["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let teachers = v["teachers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                (
                    t["name"].as_str().unwrap().to_string(),
                    t["school"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect();
    (teachers, schools)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the first tag of `s`.
fn attr<'a>(s: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let at = s.find(&key).unwrap_or_else(|| panic!("no {name} in {s}")) + key.len();
    &s[at..at + s[at..].find('"').unwrap()]
}

/// The text between the first `<tag…>` and `</tag>` of `s`.
fn inner<'a>(s: &'a str, tag: &str) -> &'a str {
    let open = s.find(&format!("<{tag}")).unwrap();
    let start = open + s[open..].find('>').unwrap() + 1;
    &s[start..start + s[start..].find(&format!("</{tag}>")).unwrap()]
}

/// `(school name, fill)` of every legend entry, in order.
fn legend(svg: &str) -> Vec<(String, String)> {
    svg.split("<g class=\"legend-item\">")
        .skip(1)
        .map(|item| {
            let rect = &item[item.find("<rect").unwrap()..];
            (
                unescape(inner(item, "text")),
                attr(rect, "fill").to_string(),
            )
        })
        .collect()
}

/// Per group row: `(school name, fill, members from it, group size)` of each mix segment.
fn mix_rows(svg: &str) -> Vec<Vec<(String, String, usize, usize)>> {
    let body = &svg[..svg.find("<g class=\"legend\">").unwrap()];
    body.split("<text x=\"4\" y=\"")
        .skip(1)
        .map(|row| {
            row.split("<rect class=\"mix\"")
                .skip(1)
                .map(|seg| {
                    let title = unescape(inner(seg, "title"));
                    // "NAME: c of n members"
                    let (name, counts) = title.rsplit_once(": ").unwrap();
                    let words: Vec<&str> = counts.split(' ').collect();
                    assert_eq!((words[1], words[3]), ("of", "members"), "{title}");
                    (
                        name.to_string(),
                        attr(seg, "fill").to_string(),
                        words[0].parse().unwrap(),
                        words[2].parse().unwrap(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn legend_names_each_school_once_in_name_order_with_its_bar_colour() {
    for (k, cohort) in COHORTS.iter().enumerate() {
        let r = run(&format!("legend{k}"), cohort, &[]);
        let (teachers, schools) = people(cohort);
        let school_of = |id: &str| schools[&teachers[id].1].clone();
        let svg = r.file("groups.svg");
        // The legend: every member school exactly once, sorted by name, distinct colours.
        let entries = legend(&svg);
        let mut expected: Vec<String> = r
            .plan
            .groups
            .iter()
            .flat_map(|g| g.ids.iter().map(|id| school_of(id)))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        expected.sort();
        let names: Vec<String> = entries.iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(names, expected, "{cohort}");
        let fills: BTreeSet<&String> = entries.iter().map(|(_, f)| f).collect();
        assert_eq!(
            fills.len(),
            entries.len(),
            "one colour per school: {entries:?}"
        );
        let colour: BTreeMap<&String, &String> = entries.iter().map(|(n, f)| (n, f)).collect();
        // Every bar segment: the legend's colour for its school, the right count, the
        // segments of a row in legend order.
        let rows = mix_rows(&svg);
        assert_eq!(rows.len(), r.plan.groups.len());
        for (g, row) in r.plan.groups.iter().zip(&rows) {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for id in &g.ids {
                *counts.entry(school_of(id)).or_default() += 1;
            }
            let got: BTreeMap<String, usize> =
                row.iter().map(|(n, _, c, _)| (n.clone(), *c)).collect();
            assert_eq!(got, counts, "{cohort}");
            let order: Vec<&String> = row.iter().map(|(n, ..)| n).collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
            for (name, fill, _, size) in row {
                assert_eq!(colour[name], fill, "{name} in {cohort}");
                assert_eq!(*size, g.ids.len());
            }
        }
        // Words for people who cannot see the colours: the description names each
        // group's schools with their counts and colour words.
        let desc = unescape(inner(&svg, "desc"));
        for (i, row) in rows.iter().enumerate() {
            assert!(desc.contains(&format!("Group {}:", i + 1)), "{desc}");
            for (name, _, c, _) in row {
                assert!(desc.contains(&format!("{name} {c} (")), "{name} in {desc}");
            }
        }
        assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby="));
        // The page carries the same picture.
        let html = r.file("report.html");
        assert_eq!(legend(&html), entries);
    }
}

#[test]
fn many_schools_get_a_note_instead_of_a_legend_that_would_repeat_colours() {
    use peermatch::cohort::generate::{generate, GeneratorConfig};
    let cohort = generate(&GeneratorConfig {
        teachers_per_school: 2,
        ..GeneratorConfig::city(60, 4)
    });
    let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact).unwrap();
    let plan = peermatch::groups::form_groups(&g, &Default::default()).unwrap();
    let roster = peermatch::report::Roster::from_cohort(&cohort);
    let svg = peermatch::report::groups::groups_svg(&plan, &roster);
    let schools: BTreeSet<&str> = cohort.teachers.iter().map(|t| t.school.as_str()).collect();
    assert!(schools.len() > 12, "{} schools", schools.len());
    assert!(legend(&svg).is_empty());
    assert!(
        svg.contains(&format!(
            "{} schools, more than the 12 colours",
            schools.len()
        )),
        "{svg}"
    );
    // Each segment still names its school.
    let named: usize = mix_rows(&svg).iter().map(Vec::len).sum();
    let expected: usize = plan.groups.iter().map(|g| g.schools.len()).sum();
    assert_eq!(named, expected);
}

fn chromium() -> String {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| {
            let o = Command::new("which").arg(n).output().ok()?;
            let p = String::from_utf8_lossy(&o.stdout).trim().to_string();
            (o.status.success() && !p.is_empty()).then_some(p)
        })
        .expect("headless Chromium not found: install it with `apt-get install -y chromium`")
}

/// Renders `page` in headless Chromium and returns the DOM after its scripts ran.
fn dump_dom(page: &Path, profile: &Path) -> String {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Laid out by a browser, the legend's entries (swatch and name) lie inside the picture,
/// clear of each other and of the bars, each name in full or shortened with an ellipsis.
#[test]
fn legend_lays_out_inside_the_picture_without_overlaps_in_chromium() {
    let r = run("chromium", "pilot_cohort.json", &[]);
    let svg = r.file("groups.svg");
    let script = r#"
const svg = document.querySelector('svg');
const box = b => ({x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height});
const meet = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const vb = svg.viewBox.baseVal;
const items = [...svg.querySelectorAll('.legend-item')].map(g => ({
  text: box(g.querySelector('text').getBBox()),
  swatch: box(g.querySelector('rect').getBBox()),
  name: g.querySelector('text').textContent,
}));
const bars = [...svg.querySelectorAll('rect.mix, rect.score')].map(r => box(r.getBBox()));
let bad = [];
items.forEach((a, i) => {
  for (const b of [a.text, a.swatch]) {
    if (b.x0 < 0 || b.y0 < 0 || b.x1 > vb.width || b.y1 > vb.height) bad.push('outside ' + a.name);
    if (bars.some(r => meet(r, b))) bad.push('over a bar ' + a.name);
  }
  if (meet(a.text, a.swatch)) bad.push('swatch on text ' + a.name);
  items.slice(i + 1).forEach(c => {
    for (const x of [a.text, a.swatch]) for (const y of [c.text, c.swatch])
      if (meet(x, y)) bad.push(a.name + ' / ' + c.name);
  });
});
const out = document.createElement('pre');
out.id = 'result';
out.textContent = 'items=' + items.length + ' bad=' + JSON.stringify(bad);
document.body.appendChild(out);
"#;
    let page = r.dir.join("legend-check.html");
    std::fs::write(
        &page,
        format!("<!DOCTYPE html><html><body>{svg}<script>{script}</script></body></html>"),
    )
    .unwrap();
    let dom = dump_dom(&page, &r.dir.join("profile"));
    let result = inner(&dom[dom.find("id=\"result\"").unwrap() - 5..], "pre").to_string();
    let schools = legend(&svg).len();
    assert!(schools >= 10, "{svg}");
    assert_eq!(result, format!("items={schools} bad=[]"));
}

/// The group numbers in notes are the printed ones: the group whose member list shows
/// the teacher.
#[test]
fn notes_name_groups_by_their_printed_number() {
    for (k, cohort) in COHORTS.iter().enumerate() {
        for extra in [&[][..], &["--max-travel", "10", "--min-schools", "4"][..]] {
            let r = run(&format!("numbers{k}"), cohort, extra);
            // Printed groups: number -> member ids.
            let mut printed: BTreeMap<usize, Vec<String>> = BTreeMap::new();
            for block in r.text.split("\nGroup ").skip(1) {
                let n: usize = block.split(' ').next().unwrap().parse().unwrap();
                let ids = block
                    .lines()
                    .skip(1)
                    .filter(|l| l.starts_with("  T"))
                    .map(|l| l.split_whitespace().next().unwrap().to_string())
                    .collect();
                printed.insert(n, ids);
            }
            let group_of = |id: &str| {
                *printed
                    .iter()
                    .find(|(_, ids)| ids.iter().any(|x| x == id))
                    .unwrap()
                    .0
            };
            let notes: Vec<&str> = r.text.lines().filter(|l| l.starts_with("note: ")).collect();
            assert_eq!(notes.len(), r.plan.notices.len());
            for (note, n) in notes.iter().zip(&r.plan.notices) {
                assert!(!note.contains("the group with"), "{note}");
                match n {
                    GroupNotice::NoFeasiblePartner { member, .. } => {
                        let id = member.id.as_deref().unwrap();
                        let g = group_of(id);
                        assert!(
                            note.contains(&format!("({id}) has no feasible partner in Group {g}:")),
                            "{note}"
                        );
                    }
                    GroupNotice::TravelCapExceeded { over, .. } => {
                        let id = over[0].member.id.as_deref().unwrap();
                        let g = group_of(id);
                        assert!(
                            note.starts_with(&format!("note: Group {g} cannot meet")),
                            "{note}"
                        );
                    }
                    GroupNotice::TooFewSchools { first, .. } => {
                        let g = group_of(first.id.as_deref().unwrap());
                        assert!(note.starts_with(&format!("note: Group {g} has members")));
                    }
                    GroupNotice::LongTravel { member, .. } => {
                        let g = group_of(member.id.as_deref().unwrap());
                        assert!(note.contains(&format!("to Group {g}'s venue")), "{note}");
                    }
                    _ => {}
                }
            }
            // The files say the same as the printed notes.
            let md = r.file("summary.md");
            let html = r.file("report.html");
            for note in &notes {
                let words = &note["note: ".len()..];
                assert!(md.contains(words), "{words} not in summary.md");
                assert!(
                    html.contains(&peermatch::report::html::escape_html(words)),
                    "{words} not in report.html"
                );
            }
        }
    }
}

/// One-way minutes between two schools: the cohort's travel-time entries for the pair
/// (either direction, the shortest), else by distance (`tests/support/travel.rs`).
fn minutes(c: &Cohort, p: &Policy, a: &str, b: &str) -> u64 {
    c.travel_times
        .iter()
        .filter(|t| (t.from == a && t.to == b) || (t.from == b && t.to == a))
        .map(|t| u64::from(t.minutes))
        .min()
        .unwrap_or_else(|| travel::minutes(c, p, a, b))
}

/// `LongTravel` notices are exactly the members whose recomputed one-way travel to their
/// group's venue is over the threshold, minus those a travel-cap notice already names;
/// the groups and meetings do not depend on the threshold.
#[test]
fn long_trips_are_flagged_exactly_and_change_nothing_else() {
    for (k, cohort) in COHORTS.iter().enumerate() {
        let c = Cohort::from_path(format!("{DATA}/{cohort}")).unwrap();
        let policy = Policy::default();
        let base = run(&format!("long{k}"), cohort, &["--long-travel", "100000"]);
        assert!(!base
            .plan
            .notices
            .iter()
            .any(|n| matches!(n, GroupNotice::LongTravel { .. })));
        for (threshold, args) in [
            (45, vec![]),
            (45, vec!["--long-travel", "45"]),
            (20, vec!["--long-travel", "20"]),
            (10, vec!["--long-travel", "10"]),
            (0, vec!["--long-travel", "0"]),
        ] {
            let r = run(&format!("long{k}_{threshold}"), cohort, &args);
            assert_eq!(r.plan.groups, base.plan.groups, "groups changed");
            assert_eq!(r.plan.objective, base.plan.objective);
            assert_eq!(r.meetings, base.meetings, "meetings changed");
            let mut expected = Vec::new();
            for (gi, g) in r.plan.groups.iter().enumerate() {
                let venue = r.meetings[gi].venue.as_ref().unwrap();
                for id in &g.ids {
                    let school = &c.teachers.iter().find(|t| &t.id == id).unwrap().school;
                    let m = minutes(&c, &policy, school, &venue.school_id);
                    if m > threshold {
                        expected.push((gi, id.clone(), m as u32));
                    }
                }
            }
            let got: Vec<(usize, String, u32)> = r
                .plan
                .notices
                .iter()
                .filter_map(|n| match n {
                    GroupNotice::LongTravel {
                        group,
                        member,
                        minutes,
                        threshold_minutes,
                        venue,
                    } => {
                        assert_eq!(u64::from(*threshold_minutes), threshold);
                        assert_eq!(venue, &r.meetings[*group].venue.as_ref().unwrap().school_id);
                        Some((*group, member.id.clone().unwrap(), *minutes))
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(got, expected, "{cohort} over {threshold} min");
            // Other notices are those of the run without advice, in the same order.
            let others: Vec<&GroupNotice> = r
                .plan
                .notices
                .iter()
                .filter(|n| !matches!(n, GroupNotice::LongTravel { .. }))
                .collect();
            assert_eq!(others, base.plan.notices.iter().collect::<Vec<_>>());
            // The tables flag exactly those trips: the printed member line, summary.md
            // and report.html.
            let md = r.file("summary.md");
            let html = r.file("report.html");
            assert_eq!(md.matches(" (long trip) |").count(), expected.len());
            assert_eq!(html.matches(" (long trip)</td>").count(), expected.len());
            for (_, id, m) in &expected {
                let line = r
                    .text
                    .lines()
                    .find(|l| l.starts_with(&format!("  {id} ")))
                    .unwrap();
                assert!(line.ends_with("  (long trip)"), "{line}");
                assert!(line.contains(&format!("{m:>3} min  ")), "{line}");
                assert!(md.contains(&format!("| {m} (long trip) |")));
                assert!(html.contains(&format!("<td class=\"num\">{m} (long trip)</td>")));
            }
            assert_eq!(
                r.text
                    .lines()
                    .filter(|l| l.ends_with("(long trip)"))
                    .count(),
                expected.len()
            );
            // Each flagged member's row in groups.csv carries the note.
            let csv_text = r.file("groups.csv");
            let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
            for row in rdr.records() {
                let row = row.unwrap();
                let flagged = expected.iter().any(|(_, id, _)| id == &row[1]);
                assert_eq!(row[8].contains("long trip: "), flagged, "{row:?}");
            }
        }
    }
}

/// Under `--max-travel`, members over the cap are named by the cap's notice only, and the
/// advice defaults to the cap.
#[test]
fn a_travel_cap_is_not_repeated_as_advice() {
    let r = run("cap", "pilot_cohort.json", &["--max-travel", "30"]);
    let capped: BTreeSet<(usize, String)> = r
        .plan
        .notices
        .iter()
        .filter_map(|n| match n {
            GroupNotice::TravelCapExceeded { group, over, .. } => Some(
                over.iter()
                    .map(|t| (*group, t.member.id.clone().unwrap()))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(!capped.is_empty(), "the pilot's far school is over 30 min");
    let advised: Vec<&GroupNotice> = r
        .plan
        .notices
        .iter()
        .filter(|n| matches!(n, GroupNotice::LongTravel { .. }))
        .collect();
    // Over the cap at the venue <=> named by the cap notice; so no advice is left.
    for (gi, g) in r.plan.groups.iter().enumerate() {
        let v = r.meetings[gi].venue.as_ref().unwrap();
        for (k, id) in g.ids.iter().enumerate() {
            assert_eq!(
                v.travel_minutes[k] > 30,
                capped.contains(&(gi, id.clone())),
                "{id}"
            );
        }
    }
    assert!(advised.is_empty(), "{advised:?}");
    // The tables flag those members' trips as over the cap.
    let lines: BTreeSet<String> = r
        .text
        .lines()
        .filter(|l| l.ends_with("  (over the travel cap)"))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let ids: BTreeSet<String> = capped.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(lines, ids);
    assert_eq!(
        r.file("summary.md").matches(" (over the cap) |").count(),
        ids.len()
    );
    assert_eq!(
        r.file("report.html")
            .matches(" (over the cap)</td>")
            .count(),
        ids.len()
    );
    // An explicit lower threshold advises the members between it and the cap only.
    let r = run(
        "cap20",
        "pilot_cohort.json",
        &["--max-travel", "30", "--long-travel", "20"],
    );
    for n in &r.plan.notices {
        if let GroupNotice::LongTravel {
            group,
            member,
            minutes,
            ..
        } = n
        {
            assert!((21..=30).contains(minutes), "{n:?}");
            assert!(!r.plan.notices.iter().any(|m| matches!(m,
                GroupNotice::TravelCapExceeded { group: g, over, .. }
                    if g == group && over.iter().any(|t| t.member == *member))));
        }
    }
}

/// The header's count of pairs that cannot be mentoring pairs, in words: the count is the
/// group's member pairs without an edge in the compatibility graph (the pilot has no
/// groups-only teacher), out of all its member pairs; no line when there are none.
#[test]
fn infeasible_pairs_are_counted_in_plain_words() {
    for (k, cohort) in COHORTS.iter().enumerate() {
        let r = run(&format!("words{k}"), cohort, &[]);
        let c = Cohort::from_path(format!("{DATA}/{cohort}")).unwrap();
        let g = CompatibilityGraph::build(&c, &Policy::default(), CandidateMode::Exact).unwrap();
        assert!(c.teachers.iter().all(|t| t.capacity != 0));
        let edges: BTreeSet<(usize, usize)> = g.edges().map(|(a, b, _)| (a, b)).collect();
        let blocks: Vec<&str> = r.text.split("\nGroup ").skip(1).collect();
        let md = r.file("summary.md");
        let html = r.file("report.html");
        for (i, (grp, block)) in r.plan.groups.iter().zip(&blocks).enumerate() {
            let m = &grp.members;
            let pairs = m.len() * (m.len() - 1) / 2;
            let mut missing = 0;
            for (x, &a) in m.iter().enumerate() {
                for &b in &m[x + 1..] {
                    missing += usize::from(!edges.contains(&(a.min(b), a.max(b))));
                }
            }
            assert_eq!(missing, grp.infeasible_pairs);
            let line = block.lines().nth(1).unwrap();
            assert!(!block.contains("infeasible"), "{block}");
            if missing == 0 {
                assert!(line.starts_with("  Venue: "), "{block}");
            } else {
                let want = format!("  {missing} of the {pairs} pairs in this group could not be");
                assert!(line.starts_with(&want), "{line} / {want}");
                let words = peermatch::report::groups::infeasible_pairs_words(&r.plan, i).unwrap();
                assert_eq!(line.trim(), words);
                let section = md.split("## Group ").nth(i + 1).unwrap();
                assert!(section.contains(&words), "{section}");
                let section = html.split("<section class=\"group\"").nth(i + 1).unwrap();
                assert!(section.contains(&peermatch::report::html::escape_html(&words)));
            }
        }
    }
}

/// On a top-k graph the count includes feasible pairs the graph did not keep: the words
/// say so, and only then.
#[test]
fn infeasible_pair_words_mention_unscored_pairs_of_a_top_k_graph() {
    use peermatch::cohort::generate::{generate, GeneratorConfig};
    let cohort = generate(&GeneratorConfig::city(30, 2));
    for (mode, unscored) in [
        (CandidateMode::TopK { k: 1 }, true),
        (CandidateMode::Exact, false),
    ] {
        let g = CompatibilityGraph::build(&cohort, &Policy::default(), mode).unwrap();
        let plan = peermatch::groups::form_groups(&g, &Default::default()).unwrap();
        let mut seen = 0;
        for (i, grp) in plan.groups.iter().enumerate() {
            let words = peermatch::report::groups::infeasible_pairs_words(&plan, i);
            assert_eq!(words.is_some(), grp.infeasible_pairs > 0);
            if let Some(w) = words {
                seen += 1;
                assert!(w.starts_with(&format!("{} of the ", grp.infeasible_pairs)));
                assert_eq!(
                    w.contains("or were not scored in this run"),
                    unscored,
                    "{w}"
                );
            }
        }
        assert!(seen > 0, "{mode:?}: some group has an infeasible pair");
    }
}

/// One notice of every kind (the `match` in `kind_of` is exhaustive: a new kind does not
/// compile here until it is added, and so to the documentation check below).
fn every_notice_kind() -> Vec<GroupNotice> {
    use peermatch::groups::{MemberTravel, Participant};
    let p = |i: usize| Participant {
        index: i,
        id: Some(format!("T{i:02}")),
    };
    let all = vec![
        GroupNotice::IterationCap { max_iterations: 3 },
        GroupNotice::NoFeasiblePartner {
            member: p(2),
            group: p(0),
        },
        GroupNotice::ScoresSparse {
            participants: 9000,
            cap: 8192,
            top_pairs: 30,
            pairs: 200_000,
        },
        GroupNotice::GraphSparse {
            participants: 2000,
            edges: 30_000,
        },
        GroupNotice::GroupsOnlySparse,
        GroupNotice::SearchFailed {
            error: peermatch::groups::search::SearchError::Asymmetric { a: 0, b: 1 },
        },
        GroupNotice::InexactGraph {
            mode: CandidateMode::TopK { k: 30 },
        },
        GroupNotice::TravelCapExceeded {
            group: 1,
            first: p(1),
            cap_minutes: 30,
            venue: Some("S01".into()),
            over: vec![MemberTravel {
                member: p(5),
                minutes: Some(52),
            }],
        },
        GroupNotice::PairSplit {
            a: p(1),
            b: p(2),
            group_a: 0,
            group_b: 1,
        },
        GroupNotice::PairTogether {
            a: p(1),
            b: p(2),
            group: 0,
        },
        GroupNotice::TooFewSchools {
            group: 0,
            first: p(0),
            schools: 1,
            min_schools: 2,
        },
        GroupNotice::ConstraintRepair {
            swaps: 1,
            moves: 0,
            kicks: 0,
            budget_hit: false,
            objective_change: -1500,
            violations_before: 1,
            violations_after: 0,
        },
        GroupNotice::LongTravel {
            group: 0,
            member: p(11),
            minutes: 98,
            venue: "S01".into(),
            threshold_minutes: 45,
        },
    ];
    let kinds: BTreeSet<&str> = all.iter().map(kind_of).collect();
    assert_eq!(kinds.len(), all.len(), "one of each kind");
    all
}

fn kind_of(n: &GroupNotice) -> &'static str {
    match n {
        GroupNotice::IterationCap { .. } => "IterationCap",
        GroupNotice::NoFeasiblePartner { .. } => "NoFeasiblePartner",
        GroupNotice::ScoresSparse { .. } => "ScoresSparse",
        GroupNotice::GraphSparse { .. } => "GraphSparse",
        GroupNotice::GroupsOnlySparse => "GroupsOnlySparse",
        GroupNotice::SearchFailed { .. } => "SearchFailed",
        GroupNotice::InexactGraph { .. } => "InexactGraph",
        GroupNotice::TravelCapExceeded { .. } => "TravelCapExceeded",
        GroupNotice::PairSplit { .. } => "PairSplit",
        GroupNotice::PairTogether { .. } => "PairTogether",
        GroupNotice::TooFewSchools { .. } => "TooFewSchools",
        GroupNotice::ConstraintRepair { .. } => "ConstraintRepair",
        GroupNotice::LongTravel { .. } => "LongTravel",
    }
}

/// The table row of `docs/groups-json.md` whose first cell is `` `name` `` (optionally
/// followed by words, as in "`LongTravel` (version 2)").
fn doc_row<'a>(doc: &'a str, name: &str) -> Option<&'a str> {
    doc.lines().find(|l| l.starts_with(&format!("| `{name}`")))
}

#[test]
fn groups_json_is_documented_and_carries_its_format_version() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/groups-json.md"))
        .unwrap();
    // Every notice kind has a row naming each of its fields as JSON writes them.
    for n in every_notice_kind() {
        let v = serde_json::to_value(&n).unwrap();
        let kind = v["kind"].as_str().unwrap();
        assert_eq!(kind, kind_of(&n));
        let row = doc_row(&doc, kind).unwrap_or_else(|| panic!("{kind} not documented"));
        for field in v.as_object().unwrap().keys() {
            if field != "kind" && field != "message" {
                assert!(row.contains(&format!("`{field}`")), "{kind}.{field}: {row}");
            }
        }
    }
    // The file as written: the version first, every top-level and group field documented.
    let r = run("format", "pilot_cohort.json", &[]);
    let text = r.file("groups.json");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["format_version"],
        peermatch::report::groups::GROUPS_JSON_FORMAT_VERSION
    );
    assert!(
        text.trim_start().starts_with("{\n  \"format_version\": "),
        "the version is the first field"
    );
    let mut fields: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    fields.extend(v["groups"][0].as_object().unwrap().keys().cloned());
    for f in fields {
        assert!(doc_row(&doc, &f).is_some(), "field {f} not documented");
    }
    // `LongTravel` is in this very file (the pilot's far-away teacher), and `--json`
    // prints the same object.
    assert!(text.contains("\"kind\": \"LongTravel\""));
    let (code, printed, err) = form_groups(&[
        "--quiet",
        "--cohort",
        &format!("{DATA}/pilot_cohort.json"),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&printed).unwrap(),
        v
    );
    // An old file (no version, no LongTravel) still reads as a plan, and the example in
    // the documentation reads too.
    let mut old = v.clone();
    old.as_object_mut().unwrap().remove("format_version");
    old["notices"]
        .as_array_mut()
        .unwrap()
        .retain(|n| n["kind"] != "LongTravel");
    let old_plan: GroupPlan = serde_json::from_value(old).unwrap();
    assert_eq!(old_plan.groups, r.plan.groups);
    let start = doc.find("```json\n").unwrap() + "```json\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let ex: GroupPlan = serde_json::from_str(example).unwrap();
    assert_eq!(
        ex.groups[0], r.plan.groups[0],
        "the doc's example is the pilot's Group 1"
    );
    assert!(example.contains(
        &r.plan
            .notices
            .iter()
            .find(|n| kind_of(n) == "LongTravel")
            .unwrap()
            .to_string()
    ));
}
