//! Real pseudonyms for a report bundle: random, seeded codes for teacher and school ids
//! and names, a separate key for the coordinator, and suppression of small cells.
//!
//! [`Pseudonyms::new`] draws one code per teacher (`T-` + 5 characters) and per school
//! (`S-` + 4 characters) from a ChaCha8 stream seeded by the caller, over an alphabet
//! without look-alike characters. Codes do not follow cohort order: the code of a
//! teacher says nothing about where they are in the file. Codes are unique and never equal
//! an original id or name.
//!
//! [`Pseudonyms::apply`] rewrites a [`Proposal`] through its JSON form: every string
//! value (ids, reasons, notices, changes) has every original teacher name and school name
//! replaced by the code, and every whole-word original id likewise; map keys equal to a
//! school id (the audit's per-school groups) are renamed. Group statistics with fewer
//! than `min_cell` members are merged into one `"< min_cell"` group, so a line such as
//! "S09 0/1" can no longer single out a teacher. [`Pseudonyms::roster`] gives the codes
//! as display names for the other reports, and [`Pseudonyms::key_csv`] the key
//! (`kind,code,id,name`), which belongs to the coordinator and not in a shared bundle.
//!
//! ```
//! use peermatch::cohort::Cohort;
//! use peermatch::compat::Policy;
//! use peermatch::plan::Planner;
//! use peermatch::report::pseudonym::Pseudonyms;
//! let cohort = Cohort::from_path("examples/data/pilot_cohort.json").unwrap();
//! let ps = Pseudonyms::new(&cohort, 7);
//! let p = Planner::new(cohort.clone(), Policy::default()).plan().unwrap();
//! let q = ps.apply(&p, 3);
//! let json = peermatch::report::to_json(&q).unwrap();
//! assert!(!json.contains("Aroha Ngata") && !json.contains("\"T01\""));
//! assert_eq!(q.pairs.len(), p.pairs.len());
//! ```

use std::collections::{BTreeMap, BTreeSet};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

use crate::cohort::Cohort;
use crate::fairness::GroupStats;
use crate::plan::Proposal;

use super::Roster;

/// Characters of the codes: digits and capitals without 0/O, 1/I/L, U.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// One pseudonymised entity.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    id: String,
    name: String,
    code: String,
}

/// The seeded code tables of one cohort (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pseudonyms {
    teachers: Vec<Entry>,
    schools: Vec<Entry>,
    /// Teacher code → school code.
    teacher_school: BTreeMap<String, String>,
}

impl Pseudonyms {
    /// Draws the codes for every teacher and school of `cohort` from a ChaCha8 stream
    /// seeded with `seed` (the same cohort and seed give the same codes).
    #[must_use]
    pub fn new(cohort: &Cohort, seed: u64) -> Pseudonyms {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7073_6575_646f_6e79);
        let mut taken: BTreeSet<String> = BTreeSet::new();
        for t in &cohort.teachers {
            taken.insert(t.id.clone());
            taken.extend(t.name.clone());
            taken.insert(t.school.clone());
        }
        for s in &cohort.schools {
            taken.insert(s.id.clone());
            taken.insert(s.name.clone());
        }
        let mut draw = |prefix: &str, len: usize| loop {
            let body: String = (0..len)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                .collect();
            let code = format!("{prefix}-{body}");
            if taken.insert(code.clone()) {
                return code;
            }
        };
        let mut schools: Vec<Entry> = Vec::new();
        let mut school_code: BTreeMap<String, String> = BTreeMap::new();
        for s in &cohort.schools {
            let code = draw("S", 4);
            school_code.insert(s.id.clone(), code.clone());
            schools.push(Entry {
                id: s.id.clone(),
                name: s.name.clone(),
                code,
            });
        }
        let mut teachers = Vec::new();
        let mut teacher_school = BTreeMap::new();
        for t in &cohort.teachers {
            let code = draw("T", 5);
            let sc = match school_code.get(&t.school) {
                Some(c) => c.clone(),
                None => {
                    // A school referenced by a teacher but not listed: give it a code too.
                    let c = draw("S", 4);
                    school_code.insert(t.school.clone(), c.clone());
                    schools.push(Entry {
                        id: t.school.clone(),
                        name: String::new(),
                        code: c.clone(),
                    });
                    c
                }
            };
            teacher_school.insert(code.clone(), sc);
            teachers.push(Entry {
                id: t.id.clone(),
                name: t.name.clone().unwrap_or_default(),
                code,
            });
        }
        Pseudonyms {
            teachers,
            schools,
            teacher_school,
        }
    }

    /// The code of teacher `id`.
    #[must_use]
    pub fn teacher(&self, id: &str) -> Option<&str> {
        self.teachers
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.code.as_str())
    }

    /// The code of school `id`.
    #[must_use]
    pub fn school(&self, id: &str) -> Option<&str> {
        self.schools
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.code.as_str())
    }

    /// A roster whose names are the codes (teacher code → itself, school code → itself),
    /// with group counts below `min_cell` suppressed.
    #[must_use]
    pub fn roster(&self, min_cell: usize) -> Roster {
        let mut r = Roster {
            min_cell,
            ..Roster::default()
        };
        for s in &self.schools {
            r.insert_school(&s.code, &s.code);
        }
        for (t, s) in &self.teacher_school {
            r.insert_teacher(t, t, s);
        }
        r
    }

    /// Every original string a pseudonymised bundle must not contain: teacher and school
    /// ids and non-empty names.
    #[must_use]
    pub fn originals(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for e in self.teachers.iter().chain(&self.schools) {
            v.push(e.id.clone());
            if !e.name.trim().is_empty() {
                v.push(e.name.clone());
            }
        }
        v
    }

    /// The key for the coordinator: `kind,code,id,name`, one row per teacher and school
    /// (CSV quoting by the csv crate).
    #[must_use]
    pub fn key_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["kind", "code", "id", "name"]);
        for (kind, list) in [("teacher", &self.teachers), ("school", &self.schools)] {
            for e in list {
                let _ = w.write_record([kind, &e.code, &e.id, &e.name]);
            }
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Rewrites `text` (any report text): names (longest first), then whole-word ids.
    #[must_use]
    pub fn scrub(&self, text: &str) -> String {
        let mut names: Vec<(&str, &str)> = self
            .teachers
            .iter()
            .chain(&self.schools)
            .filter(|e| !e.name.trim().is_empty())
            .map(|e| (e.name.as_str(), e.code.as_str()))
            .collect();
        names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        let mut s = text.to_string();
        for (from, to) in names {
            if s.contains(from) {
                s = s.replace(from, to);
            }
        }
        let mut ids: Vec<(&str, &str)> = self
            .teachers
            .iter()
            .chain(&self.schools)
            .map(|e| (e.id.as_str(), e.code.as_str()))
            .collect();
        ids.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        for (from, to) in ids {
            if s.contains(from) {
                s = replace_word(&s, from, to);
            }
        }
        s
    }

    /// The proposal with every id and name replaced (see the module docs), and group
    /// statistics below `min_cell` members merged into one group named `"< min_cell"`.
    #[must_use]
    pub fn apply(&self, p: &Proposal, min_cell: usize) -> Proposal {
        let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
        let school_ids: BTreeMap<&str, &str> = self
            .schools
            .iter()
            .map(|e| (e.id.as_str(), e.code.as_str()))
            .collect();
        let teacher_ids: BTreeMap<&str, &str> = self
            .teachers
            .iter()
            .map(|e| (e.id.as_str(), e.code.as_str()))
            .collect();
        self.walk(&mut v, &school_ids, &teacher_ids);
        let mut q: Proposal = serde_json::from_value(v).unwrap_or_else(|_| p.clone());
        for groups in q.audit.groups.values_mut() {
            merge_small(groups, min_cell);
        }
        q
    }

    fn walk(&self, v: &mut Value, schools: &BTreeMap<&str, &str>, teachers: &BTreeMap<&str, &str>) {
        match v {
            Value::String(s) => *s = self.scrub(s),
            Value::Array(a) => a.iter_mut().for_each(|x| self.walk(x, schools, teachers)),
            Value::Object(m) => {
                let old = std::mem::take(m);
                for (k, mut x) in old {
                    self.walk(&mut x, schools, teachers);
                    let k = match schools.get(k.as_str()).or(teachers.get(k.as_str())) {
                        Some(c) => (*c).to_string(),
                        None => self.scrub(&k),
                    };
                    m.insert(k, x);
                }
            }
            _ => {}
        }
    }
}

/// Merges every group with fewer than `min_cell` members into one group `"< min_cell"`
/// (members and matched summed; mean score weighted by matched members).
fn merge_small(groups: &mut BTreeMap<String, GroupStats>, min_cell: usize) {
    let small: Vec<String> = groups
        .iter()
        .filter(|(_, g)| g.members < min_cell)
        .map(|(k, _)| k.clone())
        .collect();
    if small.is_empty() {
        return;
    }
    let (mut members, mut matched, mut sum, mut weight) = (0usize, 0usize, 0.0f64, 0usize);
    for k in &small {
        if let Some(g) = groups.remove(k) {
            members += g.members;
            matched += g.matched;
            if let Some(m) = g.mean_score {
                sum += m * g.matched as f64;
                weight += g.matched;
            }
        }
    }
    groups.insert(
        format!("< {min_cell}"),
        GroupStats {
            members,
            matched,
            match_rate: if members == 0 {
                0.0
            } else {
                matched as f64 / members as f64
            },
            mean_score: (weight > 0).then(|| sum / weight as f64),
        },
    );
}

/// Replaces whole-word occurrences of `from` in `s` (ids are word-like tokens).
fn replace_word(s: &str, from: &str, to: &str) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find(from) {
        let before_ok = rest[..k].chars().next_back().is_none_or(|c| !is_word(c));
        let after = &rest[k + from.len()..];
        let after_ok = after.chars().next().is_none_or(|c| !is_word(c));
        out.push_str(&rest[..k]);
        out.push_str(if before_ok && after_ok { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    out
}
