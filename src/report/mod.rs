//! Reports for people and tools: JSON (serde of [`Proposal`]), CSV of the pairs, a
//! Markdown summary for coordinators, and SVG pictures ([`svg`]: hand-written, a map of the
//! proposed pairs and a histogram of pair scores).
//!
//! People are named through a [`Roster`] (display names and schools from the cohort);
//! [`html`] writes the self-contained page, [`letters`] one letter per teacher, [`ics`] one
//! calendar file per pair, and [`bundle`] the whole `--out` directory. For pseudonymous
//! reports use [`pseudonym::Pseudonyms`] (random seeded codes, a key file, small cells
//! suppressed); [`Proposal::pseudonymised`] (`T001`, … in cohort order) remains for
//! compatibility but hides little.

pub mod bundle;
pub mod compare;
pub mod csv;
pub mod groups;
pub mod html;
pub mod ics;
pub mod letters;
pub mod markdown;
mod projection;
pub mod pseudonym;
pub mod svg;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::cohort::Cohort;
use crate::plan::Proposal;

/// One line describing a pair's meeting plan, as the summary and the HTML table show it:
/// minutes a week, the meeting mode, who travels, and up to `max_windows` windows (the rest
/// counted as "and N more"; `None` lists them all).
///
/// # Example
/// ```
/// use peermatch::compat::CommonTime;
/// use peermatch::report::{meeting_line, Roster};
/// let ct = CommonTime {
///     minutes: 60,
///     travel_minutes: Some(12),
///     traveller: Some("T01".into()),
///     windows: vec![],
///     plan: None,
/// };
/// assert_eq!(
///     meeting_line(&ct, &Roster::default(), None),
///     "60 min/week (T01 travels 12 min)"
/// );
/// ```
#[must_use]
pub fn meeting_line(
    ct: &crate::compat::CommonTime,
    roster: &Roster,
    max_windows: Option<usize>,
) -> String {
    let mut line = format!("{} min/week", ct.minutes);
    if let Some(plan) = &ct.plan {
        line.push_str(&format!(", {}", plan.mode));
    }
    if let (Some(t), Some(m)) = (&ct.traveller, ct.travel_minutes) {
        line.push_str(&format!(" ({} travels {m} min)", roster.name(t)));
    }
    let shown = max_windows
        .unwrap_or(ct.windows.len())
        .min(ct.windows.len());
    if shown > 0 {
        let windows: Vec<String> = ct.windows[..shown].iter().map(|w| w.to_string()).collect();
        line.push_str(": ");
        line.push_str(&windows.join(", "));
    }
    if ct.windows.len() > shown {
        line.push_str(&format!(" and {} more", ct.windows.len() - shown));
    }
    line
}

/// The proposal as pretty-printed JSON.
///
/// # Errors
/// Only if serde fails (it does not for a [`Proposal`]).
pub fn to_json(proposal: &Proposal) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(proposal)
}

/// Reads a proposal back from JSON (e.g. the previous round for a re-match).
///
/// # Errors
/// The JSON error, with line and column.
pub fn from_json(text: &str) -> Result<Proposal, serde_json::Error> {
    serde_json::from_str(text)
}

/// The reason an unmatched teacher has no partner, with the colleagues it lists (the
/// typed `full_partners` / `candidates` / best-time colleague) named instead of given by id.
pub(crate) fn unmatched_words(u: &crate::plan::UnmatchedTeacher, roster: &Roster) -> String {
    use crate::plan::Reason;
    let mut ids: Vec<&String> = match &u.reason {
        Reason::Capacity { full_partners: v } | Reason::LostOut { candidates: v } => {
            v.iter().collect()
        }
        _ => Vec::new(),
    };
    ids.extend(
        u.blockers
            .as_ref()
            .and_then(|b| b.best_time.as_ref())
            .map(|(o, _)| o),
    );
    // Longest first, whole words only, so "T1" never rewrites part of "T12".
    ids.sort_by_key(|id| std::cmp::Reverse(id.len()));
    ids.dedup();
    let mut msg = u.message.clone();
    for id in ids {
        let name = roster.name(id);
        if name == id.as_str() {
            continue;
        }
        let mut out = String::with_capacity(msg.len());
        let mut rest = msg.as_str();
        while let Some(k) = rest.find(id.as_str()) {
            let before = rest[..k].chars().next_back();
            let after = rest[k + id.len()..].chars().next();
            let word =
                |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
            out.push_str(&rest[..k]);
            if word(before) || word(after) {
                out.push_str(id);
            } else {
                out.push_str(name);
            }
            rest = &rest[k + id.len()..];
        }
        out.push_str(rest);
        msg = out;
    }
    msg
}

/// A notice as people read it: every teacher id in a typed field becomes `Name (id)` when
/// the roster knows the name (the notice's own `Display` prints ids). A validation notice
/// reads `line 12: Aroha Ngata (T01), free_periods: …` (no quotes around the teacher), and
/// a "no trio" notice gives the count of unmatched teachers and at most
/// [`LISTED_TEACHERS`] of their names.
pub(crate) fn notice_words(n: &crate::plan::Notice, roster: &Roster) -> String {
    use crate::cohort::NoticeKind;
    use crate::plan::{NoTrioReason, Notice};
    let mut n = n.clone();
    n.rename(&|id: &String| roster.name_and_id(id));
    match &n {
        Notice::Validation { notice: v } => {
            let mut s = String::new();
            if let Some(l) = v.line {
                s.push_str(&format!("line {l}: "));
            }
            if let Some(t) = &v.teacher {
                s.push_str(&format!("{t}, "));
            }
            let kind = match &v.kind {
                NoticeKind::OneSidedMustPair { other } => format!(
                    "must-pair with {other} is listed by this teacher only; treated as mutual"
                ),
                k => k.to_string(),
            };
            format!("{s}{}: {kind}", v.field)
        }
        Notice::NoTrio {
            why: NoTrioReason::NoCompatiblePair { teachers },
        } => match teachers.as_slice() {
            [one] => format!(
                "no trio formed: the only unmatched teacher, {one}, cannot pair with both members of any proposed pair"
            ),
            _ => format!(
                "no trio formed: none of the {} can pair with both members of any proposed pair",
                unmatched_list(teachers)
            ),
        },
        Notice::NoTrio {
            why: NoTrioReason::NoCommonWindow { teachers },
        } => match teachers.as_slice() {
            [one] => format!(
                "no trio formed: the only unmatched teacher, {one}, shares no weekly meeting window with both members of any pair they could join"
            ),
            _ => format!(
                "no trio formed: the {} share no weekly meeting window with both members of any pair they could join",
                unmatched_list(teachers)
            ),
        },
        Notice::OddLeftOut { eligible, teachers } => {
            let who = match teachers.as_slice() {
                [one] => format!("{one} is"),
                _ => format!("{} are", unmatched_list(teachers)),
            };
            format!(
                "odd cohort ({eligible} teachers who can pair): {who} left without a partner \
                 (the plan's total is the best over every choice of who sits out); the --trio \
                 option would add them to a pair as a third member"
            )
        }
        other => other.to_string(),
    }
}

/// The "What would help" table's opening sentence (summary and page).
pub(crate) fn sensitivity_intro(t: &crate::plan::Sensitivity) -> String {
    format!(
        "Each rule relaxed one step on its own (the plan re-run); {} teachers have a partner now.",
        t.matched
    )
}

/// A row's gain as the table shows it: `+2`, or why the relaxed policy gave no plan.
pub(crate) fn sensitivity_more(r: &crate::plan::SensitivityRow) -> String {
    match r.matched {
        Some(_) => format!("+{}", r.more),
        None => "(policy not plannable)".to_string(),
    }
}

/// What the table means when no row helps anyone (`None` when one does): a teacher left
/// over by parity ([`parity_left_over`]) needs a trio or one more teacher, not a rule
/// change; otherwise more than one rule would have to change.
pub(crate) fn sensitivity_conclusion(
    t: &crate::plan::Sensitivity,
    parity: bool,
) -> Option<&'static str> {
    if t.rows.iter().any(|r| r.more > 0) {
        None
    } else if parity {
        Some(
            "No rule change gives another teacher a partner: an odd number of teachers can \
             pair, so one is left over whatever the rules. A trio (the --trio option: the teacher joins \
             a pair as a third member) or one more teacher would.",
        )
    } else {
        Some(
            "No single one-step relaxation gives another teacher a partner: the teachers above \
             need more than one rule changed, or a partner from outside this cohort.",
        )
    }
}

/// The one teacher an odd cohort leaves over (the plan's odd-cohort notice names exactly
/// one), if that is why someone has no partner: no rule change can help them, a trio can.
pub(crate) fn parity_left_over(p: &Proposal) -> Option<&str> {
    p.notices.iter().find_map(|n| match n {
        crate::plan::Notice::OddLeftOut { teachers, .. } if teachers.len() == 1 => {
            Some(teachers[0].as_str())
        }
        _ => None,
    })
}

/// The Notes section as people read it: one line per notice ([`notice_words`]), except
/// that validation notices of one repeated kind about different teachers (for example ten
/// teachers with touching free periods) become one line naming each of those teachers
/// once (up to [`SUMMARISED_NAMES`], then counted), at the place of the first. The typed notices themselves (and so the
/// JSON) are not changed.
pub(crate) fn notes_words(notices: &[crate::plan::Notice], roster: &Roster) -> Vec<String> {
    // Each notice classified once; kind heading -> the teachers (with line numbers), in
    // notice order.
    let heads: Vec<Option<(&'static str, String)>> =
        notices.iter().map(|n| summarised(n, roster)).collect();
    let mut groups: BTreeMap<&'static str, Vec<&str>> = BTreeMap::new();
    for (heading, who) in heads.iter().flatten() {
        groups.entry(heading).or_default().push(who);
    }
    let mut out = Vec::new();
    let mut done: Vec<&'static str> = Vec::new();
    for (n, head) in notices.iter().zip(&heads) {
        match head {
            Some((heading, _)) if groups[heading].len() > 1 => {
                if done.contains(heading) {
                    continue;
                }
                done.push(heading);
                let who = &groups[heading];
                // Named up to SUMMARISED_NAMES, then counted: at 20,000 teachers the line
                // named 7,929 of them (171 kB).
                let shown = who[..who.len().min(SUMMARISED_NAMES)].join(", ");
                let more = match who.len().saturating_sub(SUMMARISED_NAMES) {
                    0 => String::new(),
                    k => format!(" and {k} more"),
                };
                out.push(format!(
                    "{heading}: {} teachers ({shown}{more}){}",
                    who.len(),
                    summary_tail(n)
                ));
            }
            _ => out.push(notice_words(n, roster)),
        }
    }
    out
}

/// Cohort validation notices (for example [`crate::compat::Scorer::notices`]) as people
/// read them, with names: one line per notice, except that notices of one repeated kind
/// about different teachers become one line naming each of them once (the same wording
/// as the Notes of a proposal's summary). The notices themselves are not changed.
///
/// ```
/// use peermatch::cohort::Cohort;
/// use peermatch::compat::{Policy, Scorer};
/// use peermatch::report::{validation_notes, Roster};
/// let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
/// let scorer = Scorer::new(&cohort, &Policy::default())?;
/// let lines = validation_notes(scorer.notices(), &Roster::from_cohort(&cohort));
/// // Ten teachers with touching free periods: one line, not ten.
/// assert_eq!(lines.len(), 1);
/// assert!(lines[0].starts_with("Free periods touching: 10 teachers (Aroha Ngata (T01"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn validation_notes(notices: &[crate::cohort::Notice], roster: &Roster) -> Vec<String> {
    let wrapped: Vec<crate::plan::Notice> = notices
        .iter()
        .map(|n| crate::plan::Notice::Validation { notice: n.clone() })
        .collect();
    notes_words(&wrapped, roster)
}

/// Up to this many schools, the summary and the page show every school's match count.
pub(crate) const LISTED_SCHOOLS: usize = 20;
/// Past [`LISTED_SCHOOLS`], they show this many schools with the lowest match rates.
pub(crate) const LOWEST_SCHOOLS: usize = 10;

/// The schools the summary and the page show, and whether that is all of them: every
/// school (in id order) up to [`LISTED_SCHOOLS`], otherwise the [`LOWEST_SCHOOLS`] with the
/// lowest match rates (ties by id). One line or one bar per school was unreadable at 2,000
/// schools (a 36 kB line, a 36,000-pixel chart). Only schools shown with numbers are
/// ranked: a small school's hidden count must not show by its place in the list.
pub(crate) fn school_rows<'a>(
    schools: &'a BTreeMap<String, crate::fairness::GroupStats>,
    roster: &Roster,
) -> (Vec<(&'a String, &'a crate::fairness::GroupStats)>, bool) {
    if schools.len() <= LISTED_SCHOOLS {
        return (schools.iter().collect(), true);
    }
    let mut ranked: Vec<(&String, &crate::fairness::GroupStats)> = schools
        .iter()
        .filter(|(_, g)| g.members >= roster.min_cell)
        .collect();
    // matched / members ascending, compared exactly by cross-multiplication.
    ranked.sort_by(|x, y| {
        (x.1.matched * y.1.members)
            .cmp(&(y.1.matched * x.1.members))
            .then_with(|| x.0.cmp(y.0))
    });
    ranked.truncate(LOWEST_SCHOOLS);
    (ranked, false)
}

/// Teachers named on one summarised notes line ([`notes_words`]); the rest are counted.
pub(crate) const SUMMARISED_NAMES: usize = 12;

/// For a validation notice of a kind that [`notes_words`] summarises: the line's heading
/// and the teacher as the line names them (`Name (id)`, with `line N` when known).
fn summarised(n: &crate::plan::Notice, roster: &Roster) -> Option<(&'static str, String)> {
    use crate::cohort::NoticeKind;
    let crate::plan::Notice::Validation { notice: v } = n else {
        return None;
    };
    let heading = match v.kind {
        NoticeKind::TouchingPeriods { .. } => "Free periods touching",
        _ => return None,
    };
    let id = v.teacher.as_ref()?;
    let name = roster.name(id);
    let who = match (v.line, name == id.as_str()) {
        (Some(l), false) => format!("{name} ({id}, line {l})"),
        (Some(l), true) => format!("{id} (line {l})"),
        (None, _) => roster.name_and_id(id),
    };
    Some((heading, who))
}

/// What a summarised line adds after the list of teachers: what was done about it.
fn summary_tail(n: &crate::plan::Notice) -> &'static str {
    use crate::cohort::NoticeKind;
    match n {
        crate::plan::Notice::Validation { notice: v } => match v.kind {
            NoticeKind::TouchingPeriods { .. } => {
                "; free periods that follow each other without a gap are treated as one longer period"
            }
            _ => "",
        },
        _ => "",
    }
}

/// Names listed in a summarised list of teachers ([`notice_words`]); the rest are counted.
pub(crate) const LISTED_TEACHERS: usize = 5;

/// `"3 unmatched teachers (A, B, C)"`, or past [`LISTED_TEACHERS`] names
/// `"12 unmatched teachers (A, B, C, D, E and 7 more)"`.
fn unmatched_list(teachers: &[String]) -> String {
    let n = teachers.len();
    let noun = if n == 1 { "teacher" } else { "teachers" };
    if n == 0 {
        return "unmatched teachers".to_string();
    }
    let shown = teachers[..n.min(LISTED_TEACHERS)].join(", ");
    if n > LISTED_TEACHERS {
        format!(
            "{n} unmatched {noun} ({shown} and {} more)",
            n - LISTED_TEACHERS
        )
    } else {
        format!("{n} unmatched {noun} ({shown})")
    }
}

/// Why a previous pair ended, teachers who left shown as `Name (id)` when the roster
/// knows them (the reason's own `Display` prints ids).
pub(crate) fn break_words(r: &crate::plan::BreakReason, roster: &Roster) -> String {
    let mut r = r.clone();
    if let crate::plan::BreakReason::Left { teachers } = &mut r {
        for t in teachers.iter_mut() {
            *t = roster.name_and_id(t);
        }
    }
    r.to_string()
}

/// Teachers with at least one partner, trio thirds included (the audit counts the pairs
/// only), and that share of all teachers in percent.
pub(crate) fn matched_teachers(p: &Proposal) -> (usize, f64) {
    let mut ids: Vec<&str> = Vec::new();
    for pair in &p.pairs {
        ids.extend([pair.a.as_str(), pair.b.as_str()]);
        ids.extend(pair.third.as_ref().map(|t| t.id.as_str()));
    }
    ids.sort_unstable();
    ids.dedup();
    let share = if p.teachers.is_empty() {
        0.0
    } else {
        100.0 * ids.len() as f64 / p.teachers.len() as f64
    };
    (ids.len(), share)
}

/// Points of a score in scale units, formatted with one decimal.
pub(crate) fn pts(units: i64) -> String {
    format!("{:.1}", units as f64 / crate::compat::SCALE as f64)
}

pub use crate::compat::criterion_words;

/// The non-zero criteria of a pair's score as `"same subject 40.0, …"`; `unit` follows
/// each number (`""` or `" points"`).
pub(crate) fn why_words(b: &crate::compat::Breakdown, unit: &str) -> Vec<String> {
    b.items()
        .iter()
        .filter(|(_, u)| *u != 0)
        .map(|(name, u)| format!("{} {}{unit}", criterion_words(name), pts(*u)))
        .collect()
}

/// For every pair (in order), the members who have more than one partner in the plan:
/// `(id, k, n)` — this is their `k`-th pair of `n` (in the order the pairs are listed).
pub(crate) fn partner_positions(p: &Proposal) -> Vec<Vec<(String, usize, usize)>> {
    let members = |pair: &crate::plan::ProposedPair| {
        let mut v = vec![pair.a.clone(), pair.b.clone()];
        v.extend(pair.third.as_ref().map(|t| t.id.clone()));
        v
    };
    let mut total: BTreeMap<String, usize> = BTreeMap::new();
    for pair in &p.pairs {
        for m in members(pair) {
            *total.entry(m).or_default() += 1;
        }
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    p.pairs
        .iter()
        .map(|pair| {
            members(pair)
                .into_iter()
                .filter_map(|m| {
                    let n = total[&m];
                    let k = seen.entry(m.clone()).or_default();
                    *k += 1;
                    (n > 1).then_some((m, *k, n))
                })
                .collect()
        })
        .collect()
}

/// `"(1 of 2 partners)"`: the marker after a teacher with several partners.
pub(crate) fn partner_marker(k: usize, n: usize) -> String {
    format!("({k} of {n} partners)")
}

/// Why an unmatched teacher has no partner, in the plain words of their letter: no rule
/// names, no counts of colleagues, the policy's own limits (minutes) where a rule has one,
/// and one piece of advice. The coordinator's pages and the JSON keep the counts
/// ([`unmatched_words`], [`crate::plan::Blockers`]).
pub(crate) fn unmatched_letter_words(u: &crate::plan::UnmatchedTeacher, p: &Proposal) -> String {
    use crate::plan::{Reason, Rule};
    let hard = &p.policy.hard;
    let mut s = String::new();
    match (&u.reason, &u.blockers) {
        (Reason::NoFeasiblePartner, Some(b)) if !b.rules.is_empty() => {
            s.push_str(
                "This round no other teacher in the programme could be your mentoring partner under the programme's rules:\n\n",
            );
            for &(rule, count) in &b.rules {
                let (who, plural) = if count >= b.others {
                    ("Every other teacher in the programme", false)
                } else if 2 * count > b.others {
                    ("Most other teachers in the programme", true)
                } else {
                    ("Some other teachers in the programme", true)
                };
                let verb = |one: &str, many: &str| if plural { many.to_string() } else { one.to_string() };
                let line = match rule {
                    Rule::TravelTooLong => match hard.max_travel_minutes {
                        Some(m) => format!(
                            "{who} {} more than {m} minutes' travel from your school.",
                            verb("is", "are")
                        ),
                        None => format!("{who} {} too far from your school.", verb("is", "are")),
                    },
                    Rule::TravelUnknown => format!(
                        "For {} the travel time from your school is not known.",
                        if plural { "some other teachers" } else { "every other teacher" }
                    ),
                    Rule::NotEnoughCommonTime => {
                        let mut l = format!(
                            "{who} {} less than {} minutes a week of free time with you (counting only times of at least {} minutes, after any travel)",
                            verb("shares", "share"),
                            hard.min_common_minutes,
                            hard.min_meeting_minutes
                        );
                        if let Some((_, m)) = b.best_time.as_ref().filter(|(_, m)| *m > 0) {
                            l.push_str(&format!("; the most with anyone is {m} minutes"));
                        }
                        l.push('.');
                        l
                    }
                    Rule::NoSharedSubject => {
                        format!("{who} {} none of your subjects.", verb("teaches", "teach"))
                    }
                    Rule::NoSharedYearLevel => {
                        format!("{who} {} none of your year levels.", verb("teaches", "teach"))
                    }
                    Rule::Avoid => format!(
                        "{who} cannot be paired with you because one of you asked not to be."
                    ),
                    Rule::GroupsOnly => format!(
                        "{who} {} part in peer groups only this round.",
                        verb("takes", "take")
                    ),
                    Rule::NoMeetingMode => format!(
                        "{who} {} no way of meeting with you that the programme offers.",
                        verb("has", "have")
                    ),
                    Rule::Other => format!("{who} {} ruled out by another programme rule.", verb("is", "are")),
                };
                let _ = writeln!(s, "- {line}");
            }
            s.push('\n');
            s.push_str(&letter_advice(b, p));
        }
        (Reason::NoFeasiblePartner, _) => s.push_str(
            "This round no other teacher in the programme could be your mentoring partner under the programme's rules (travel time, common free time, shared subject).\n\nAsk your coordinator about joining a peer group instead.",
        ),
        (Reason::ZeroCapacity, _) => s.push_str(
            "You are down for peer groups only this round, so no mentoring partner was proposed.\n\nIf you would like a partner next round, tell your coordinator.",
        ),
        (Reason::Capacity { .. }, _) => s.push_str(
            "This round every colleague who could be your partner already has as many partners as they can take.\n\nAsk your coordinator about joining a peer group, or about a partner next round.",
        ),
        (Reason::LostOut { .. }, _) => s.push_str(
            "This round each colleague who could be your partner was paired with someone else, so that the plan works best for the programme as a whole.\n\nAsk your coordinator about joining a peer group, or about a partner next round.",
        ),
    }
    s
}

/// One piece of advice for an unmatched teacher's letter, from the rule that rules out the
/// most colleagues; when two rules each rule out everyone, or the planner's
/// [`crate::plan::Sensitivity`] found no single one-step relaxation that helps anyone, the
/// letter says no single change would do and points to a peer group.
fn letter_advice(b: &crate::plan::Blockers, p: &Proposal) -> String {
    use crate::plan::Rule;
    let everyone = b.rules.iter().filter(|(_, c)| *c >= b.others).count();
    let nothing_helps = p
        .sensitivity
        .as_ref()
        .is_some_and(|t| !t.rows.is_empty() && t.rows.iter().all(|r| r.more == 0));
    if everyone >= 2 || nothing_helps {
        return "No single change to the programme's rules would give you a partner this round: ask your coordinator about joining a peer group instead, or about a partner from outside this programme.".to_string();
    }
    let m = &p.policy.meetings;
    let top = b.rules.first().map(|(r, _)| *r);
    let ask = match top {
        Some(Rule::TravelTooLong | Rule::TravelUnknown) if !m.online.enabled => {
            "meeting a partner online"
        }
        Some(Rule::TravelTooLong | Rule::TravelUnknown) => "a partner nearer to your school",
        Some(Rule::NotEnoughCommonTime) if !m.after_school.enabled => "after-school meetings",
        Some(Rule::NotEnoughCommonTime) if !m.online.enabled => "meeting a partner online",
        Some(Rule::NotEnoughCommonTime) => "freeing a period for mentoring",
        Some(Rule::NoSharedSubject | Rule::NoSharedYearLevel) => {
            "a partner who teaches a related subject or year level"
        }
        _ => return "Ask your coordinator about joining a peer group.".to_string(),
    };
    format!("Ask your coordinator about {ask}, or about joining a peer group.")
}

/// Who is who: display names and schools for the teacher ids of a proposal, so reports
/// can name people instead of printing ids. Anything not known falls back to the id (and
/// no school), so [`Roster::default`] reproduces the id-only reports.
///
/// ```
/// use peermatch::cohort::Cohort;
/// use peermatch::report::Roster;
/// let cohort = Cohort::from_path("examples/data/pilot_cohort.json").unwrap();
/// let r = Roster::from_cohort(&cohort);
/// let t = &cohort.teachers[0];
/// assert_eq!(r.name(&t.id), t.name.as_deref().unwrap_or(&t.id));
/// assert_eq!(Roster::default().name("T99"), "T99");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    /// Teacher id → (display name, school id).
    teachers: BTreeMap<String, (String, String)>,
    /// School id → school name.
    schools: BTreeMap<String, String>,
    /// Group statistics with fewer members than this are shown as "< n" (0 = show all).
    pub min_cell: usize,
}

impl Roster {
    /// Names and schools from the cohort (a missing teacher name falls back to the id, a
    /// missing school name to the school id).
    #[must_use]
    pub fn from_cohort(cohort: &Cohort) -> Roster {
        let mut r = Roster::default();
        for s in &cohort.schools {
            let name = if s.name.trim().is_empty() {
                s.id.clone()
            } else {
                s.name.clone()
            };
            r.schools.insert(s.id.clone(), name);
        }
        for t in &cohort.teachers {
            let name = t
                .name
                .as_deref()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(&t.id)
                .to_string();
            r.teachers.insert(t.id.clone(), (name, t.school.clone()));
        }
        r
    }

    /// Adds (or replaces) one teacher: id, display name and school id.
    pub fn insert_teacher(&mut self, id: &str, name: &str, school: &str) {
        self.teachers
            .insert(id.to_string(), (name.to_string(), school.to_string()));
    }

    /// Adds (or replaces) one school: id and name.
    pub fn insert_school(&mut self, id: &str, name: &str) {
        self.schools.insert(id.to_string(), name.to_string());
    }

    /// Adds the teachers and schools of `other` that this roster does not know (for
    /// example the teachers who left, from the previous round's cohort); known ones keep
    /// their names.
    pub fn add_missing(&mut self, other: &Roster) {
        for (id, v) in &other.teachers {
            self.teachers.entry(id.clone()).or_insert_with(|| v.clone());
        }
        for (id, name) in &other.schools {
            self.schools
                .entry(id.clone())
                .or_insert_with(|| name.clone());
        }
    }

    /// The display name of teacher `id` (the id itself when unknown).
    #[must_use]
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.teachers.get(id).map_or(id, |(n, _)| n.as_str())
    }

    /// The school id of teacher `id`, when known.
    #[must_use]
    pub fn school_id(&self, id: &str) -> Option<&str> {
        self.teachers.get(id).map(|(_, s)| s.as_str())
    }

    /// The school name of teacher `id` (empty when unknown).
    #[must_use]
    pub fn school(&self, id: &str) -> &str {
        self.school_id(id).map_or("", |s| self.school_name(s))
    }

    /// The name of school `school_id` (the id itself when unknown).
    #[must_use]
    pub fn school_name<'a>(&'a self, school_id: &'a str) -> &'a str {
        self.schools
            .get(school_id)
            .map_or(school_id, |n| n.as_str())
    }

    /// `Name (id)` when the name is known, else the id.
    #[must_use]
    pub fn name_and_id(&self, id: &str) -> String {
        let name = self.name(id);
        if name == id {
            id.to_string()
        } else {
            format!("{name} ({id})")
        }
    }

    /// `Name (id, School)`, `id (School)` or just `id`, depending on what is known.
    #[must_use]
    pub fn label(&self, id: &str) -> String {
        let name = self.name(id);
        let school = self.school(id);
        match (name != id, school.is_empty()) {
            (true, false) => format!("{name} ({id}, {school})"),
            (true, true) => format!("{name} ({id})"),
            (false, false) => format!("{id} ({school})"),
            (false, true) => id.to_string(),
        }
    }

    /// A group count for people: `"< n"` when `members < min_cell`, else
    /// `"matched/members"`.
    #[must_use]
    pub fn cell(&self, matched: usize, members: usize) -> String {
        if members < self.min_cell {
            format!("< {}", self.min_cell)
        } else {
            format!("{matched}/{members}")
        }
    }
}

/// Renderings such as [`crate::compat::Explanation::named`] name teachers and schools
/// through the roster (the id when unknown).
impl crate::compat::Names for Roster {
    fn teacher<'a>(&'a self, id: &'a str) -> &'a str {
        self.name(id)
    }
    fn school<'a>(&'a self, id: &'a str) -> &'a str {
        self.school_name(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Reason, UnmatchedTeacher};

    #[test]
    fn unmatched_words_name_whole_ids_only() {
        let mut r = Roster::default();
        r.insert_teacher("T1", "Ana Lee", "S1");
        r.insert_teacher("T12", "Bo Chan", "S1");
        let u = UnmatchedTeacher {
            id: "T3".into(),
            reason: Reason::LostOut {
                candidates: vec!["T1".into(), "T12".into(), "T7".into()],
            },
            message: "feasible partners (T1, T12, T7) went to pairings; not T1x".into(),
            blockers: None,
            contested: None,
        };
        assert_eq!(
            unmatched_words(&u, &r),
            "feasible partners (Ana Lee, Bo Chan, T7) went to pairings; not T1x"
        );
    }

    #[test]
    fn notices_name_the_teachers_and_keep_the_ids() {
        let mut r = Roster::default();
        r.insert_teacher("T1", "Ana Lee", "S1");
        r.insert_teacher("T12", "Bo Chan", "S1");
        let n = crate::plan::Notice::MutualChoicesKept {
            pairs: vec![("T1".into(), "T12".into()), ("T1".into(), "T7".into())],
        };
        assert_eq!(
            notice_words(&n, &r),
            "2 mutual first choice(s) kept like pins: Ana Lee (T1) + Bo Chan (T12), Ana Lee (T1) + T7"
        );
        // The notice itself is not changed: its JSON and Display keep the ids.
        assert_eq!(
            n.to_string(),
            "2 mutual first choice(s) kept like pins: T1 + T12, T1 + T7"
        );
    }

    fn roster(n: usize) -> Roster {
        let mut r = Roster::default();
        for i in 1..=n {
            r.insert_teacher(&format!("T{i}"), &format!("Name {i}"), "S1");
        }
        r
    }

    #[test]
    fn validation_notices_read_without_quotes_and_keep_line_and_field() {
        use crate::cohort::{Notice as VNotice, NoticeKind};
        let r = roster(2);
        let v = |teacher: Option<&str>, line, kind| crate::plan::Notice::Validation {
            notice: VNotice::new(teacher.map(str::to_string), "free_periods", line, kind),
        };
        let touching = v(
            Some("T1"),
            Some(12),
            NoticeKind::TouchingPeriods { joins: 2 },
        );
        assert_eq!(
            notice_words(&touching, &r),
            "line 12: Name 1 (T1), free_periods: 2 pair(s) of touching free periods are treated as one longer period"
        );
        // Display (and so the JSON message) is unchanged.
        assert!(touching
            .to_string()
            .contains("teacher \"T1\", field `free_periods`"));
        let one_sided = v(
            Some("T1"),
            None,
            NoticeKind::OneSidedMustPair { other: "T2".into() },
        );
        assert_eq!(
            notice_words(&one_sided, &r),
            "Name 1 (T1), free_periods: must-pair with Name 2 (T2) is listed by this teacher only; treated as mutual"
        );
        // An unknown teacher stays an id, still without quotes.
        let unknown = v(Some("X9"), None, NoticeKind::TouchingPeriods { joins: 1 });
        assert!(notice_words(&unknown, &r).starts_with("X9, free_periods: "));
        let no_teacher = v(None, Some(1), NoticeKind::ByteOrderMark);
        assert!(notice_words(&no_teacher, &r).starts_with("line 1: free_periods: the file starts"));
        for n in [&touching, &one_sided, &unknown, &no_teacher] {
            assert!(!notice_words(n, &r).contains('"'), "{n}");
        }
    }

    #[test]
    fn school_rows_show_all_small_lists_and_the_lowest_rates_of_long_ones() {
        use crate::fairness::GroupStats;
        let stats = |matched: usize, members: usize| GroupStats {
            members,
            matched,
            match_rate: matched as f64 / members as f64,
            mean_score: None,
        };
        let mut x: u64 = 7;
        for (count, min_cell) in [
            (LISTED_SCHOOLS, 0),
            (LISTED_SCHOOLS + 1, 0),
            (300, 0),
            (300, 5),
        ] {
            let mut schools = BTreeMap::new();
            for i in 0..count {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let members = 1 + (x >> 59) as usize; // 1..=32
                let matched = (x >> 33) as usize % (members + 1);
                schools.insert(format!("S{i:03}"), stats(matched, members));
            }
            let roster = Roster {
                min_cell,
                ..Roster::default()
            };
            let (rows, all) = school_rows(&schools, &roster);
            if count <= LISTED_SCHOOLS {
                assert!(all);
                assert_eq!(rows.len(), count);
                continue;
            }
            assert!(!all);
            assert_eq!(rows.len(), LOWEST_SCHOOLS);
            // Oracle: shown schools by rate (as floats), then id.
            let mut want: Vec<(&String, &GroupStats)> = schools
                .iter()
                .filter(|(_, g)| g.members >= min_cell)
                .collect();
            want.sort_by(|a, b| {
                a.1.match_rate
                    .partial_cmp(&b.1.match_rate)
                    .unwrap()
                    .then_with(|| a.0.cmp(b.0))
            });
            let ids =
                |v: &[(&String, &GroupStats)]| v.iter().map(|r| r.0.clone()).collect::<Vec<_>>();
            assert_eq!(ids(&rows), ids(&want[..LOWEST_SCHOOLS]));
            assert!(rows.iter().all(|r| r.1.members >= min_cell));
        }
    }

    #[test]
    fn summarised_notes_name_each_teacher_once_up_to_the_cap() {
        use crate::cohort::{Notice as VNotice, NoticeKind};
        for n in [2usize, SUMMARISED_NAMES, SUMMARISED_NAMES + 1, 40] {
            let r = roster(n);
            let notices: Vec<crate::plan::Notice> = (1..=n)
                .map(|i| crate::plan::Notice::Validation {
                    notice: VNotice {
                        teacher: Some(format!("T{i}")),
                        line: None,
                        field: "free_periods".into(),
                        kind: NoticeKind::TouchingPeriods { joins: 1 },
                    },
                })
                .collect();
            let lines = notes_words(&notices, &r);
            assert_eq!(lines.len(), 1, "{lines:?}");
            let text = &lines[0];
            assert!(text.starts_with(&format!("Free periods touching: {n} teachers (")));
            let named = (1..=n)
                .filter(|i| text.contains(&format!("Name {i} (T{i})")))
                .count();
            assert_eq!(named, n.min(SUMMARISED_NAMES), "{text}");
            let more = format!(" and {} more)", n.saturating_sub(SUMMARISED_NAMES));
            assert_eq!(text.contains(&more), n > SUMMARISED_NAMES, "{text}");
        }
    }

    #[test]
    fn no_trio_notices_count_the_unmatched_and_name_at_most_five() {
        use crate::plan::{NoTrioReason, Notice};
        let r = roster(12);
        for n in [0usize, 1, 2, 5, 6, 12] {
            let ids: Vec<String> = (1..=n).map(|i| format!("T{i}")).collect();
            for why in [
                NoTrioReason::NoCompatiblePair {
                    teachers: ids.clone(),
                },
                NoTrioReason::NoCommonWindow {
                    teachers: ids.clone(),
                },
            ] {
                let text = notice_words(&Notice::NoTrio { why }, &r);
                let named = (1..=n)
                    .filter(|i| text.contains(&format!("Name {i} (T{i})")))
                    .count();
                assert_eq!(named, n.min(LISTED_TEACHERS), "{text}");
                match n {
                    0 => assert!(!text.contains("0 unmatched"), "{text}"),
                    1 => assert!(
                        text.contains("the only unmatched teacher, Name 1 (T1),"),
                        "{text}"
                    ),
                    _ => assert!(
                        text.contains(&format!("{n} unmatched teachers (")),
                        "{text}"
                    ),
                }
                assert_eq!(
                    text.contains(&format!("and {} more)", n.saturating_sub(LISTED_TEACHERS))),
                    n > LISTED_TEACHERS,
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn repeated_touching_notes_are_one_line_and_a_single_one_stays_whole() {
        use crate::cohort::{Notice as VNotice, NoticeKind};
        use crate::plan::Notice;
        let r = roster(3);
        let touching = |id: &str, line| Notice::Validation {
            notice: VNotice::new(
                Some(id.to_string()),
                "free_periods",
                line,
                NoticeKind::TouchingPeriods { joins: 1 },
            ),
        };
        let kept = Notice::MutualChoicesKept {
            pairs: vec![("T1".into(), "T2".into())],
        };
        // One: the full line, as before.
        let one = notes_words(&[touching("T1", None), kept.clone()], &r);
        assert_eq!(one[0], notice_words(&touching("T1", None), &r));
        assert_eq!(one.len(), 2);
        // Three: one line at the first one's place, each teacher once, lines kept.
        let three = notes_words(
            &[
                touching("T1", Some(4)),
                kept.clone(),
                touching("T2", None),
                touching("T3", Some(9)),
            ],
            &r,
        );
        assert_eq!(three.len(), 2, "{three:?}");
        assert!(
            three[0].starts_with(
                "Free periods touching: 3 teachers (Name 1 (T1, line 4), Name 2 (T2), Name 3 (T3, line 9));"
            ),
            "{}",
            three[0]
        );
        assert_eq!(three[1], notice_words(&kept, &r));
    }

    /// The pilot's proposal under the built-in policy (travel cap 30 min, online off).
    fn pilot() -> Proposal {
        let cohort = crate::cohort::Cohort::from_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/pilot_cohort.json"
        ))
        .unwrap();
        crate::plan::Planner::new(cohort, crate::compat::Policy::default())
            .plan()
            .unwrap()
    }

    #[test]
    fn an_unmatched_letter_says_every_most_or_some_without_counts() {
        use crate::plan::{Blockers, Rule};
        let mut p = pilot();
        p.sensitivity = None;
        let max = p.policy.hard.max_travel_minutes.unwrap();
        let u = |rules: Vec<(Rule, usize)>| UnmatchedTeacher {
            id: "T12".into(),
            reason: Reason::NoFeasiblePartner,
            message: String::new(),
            blockers: Some(Blockers {
                others: 10,
                rules,
                best_time: Some(("T1".into(), 25)),
            }),
            contested: None,
        };
        let text = unmatched_letter_words(
            &u(vec![(Rule::TravelTooLong, 7), (Rule::NoSharedSubject, 2)]),
            &p,
        );
        assert!(
            text.contains(&format!("- Most other teachers in the programme are more than {max} minutes' travel from your school.")),
            "{text}"
        );
        assert!(
            text.contains("- Some other teachers in the programme teach none of your subjects."),
            "{text}"
        );
        assert!(!p.policy.meetings.online.enabled);
        assert!(text.ends_with("Ask your coordinator about meeting a partner online, or about joining a peer group."), "{text}");
        assert!(
            !text.contains("7") && !text.contains("10"),
            "no counts: {text}"
        );
        // Everyone ruled out by two rules: no single change helps.
        let text = unmatched_letter_words(
            &u(vec![
                (Rule::TravelTooLong, 10),
                (Rule::NotEnoughCommonTime, 10),
            ]),
            &p,
        );
        assert!(
            text.contains("- Every other teacher in the programme is more than"),
            "{text}"
        );
        assert!(
            text.contains("shares less than 30 minutes a week of free time with you (counting only times of at least 30 minutes, after any travel); the most with anyone is 25 minutes."),
            "{text}"
        );
        assert!(
            text.contains("No single change to the programme's rules"),
            "{text}"
        );
        // The other reasons name nobody and count nothing.
        for reason in [
            Reason::ZeroCapacity,
            Reason::Capacity {
                full_partners: vec!["T1".into()],
            },
            Reason::LostOut {
                candidates: vec!["T1".into()],
            },
        ] {
            let v = UnmatchedTeacher {
                reason,
                blockers: None,
                ..u(vec![])
            };
            let text = unmatched_letter_words(&v, &p);
            assert!(!text.contains("T1") && !text.contains("Name"), "{text}");
            assert!(text.contains("coordinator"), "{text}");
        }
    }

    #[test]
    fn partner_positions_count_each_teacher_in_pair_order() {
        let mut p = pilot();
        let base = p.pairs[0].clone();
        let mk = |a: &str, b: &str| crate::plan::ProposedPair {
            a: a.into(),
            b: b.into(),
            ..base.clone()
        };
        p.pairs = vec![mk("A", "B"), mk("B", "C"), mk("D", "E"), mk("B", "E")];
        let pos = partner_positions(&p);
        assert_eq!(pos[0], vec![("B".to_string(), 1, 3)]);
        assert_eq!(pos[1], vec![("B".to_string(), 2, 3)]);
        assert_eq!(pos[2], vec![("E".to_string(), 1, 2)]);
        assert_eq!(
            pos[3],
            vec![("B".to_string(), 3, 3), ("E".to_string(), 2, 2)]
        );
    }

    #[test]
    fn a_former_cohort_names_the_teachers_who_left() {
        use crate::plan::BreakReason;
        let mut now = Roster::default();
        now.insert_teacher("T1", "Ana Lee", "S1");
        now.insert_school("S1", "North");
        let mut before = Roster::default();
        before.insert_teacher("T1", "Old Name", "S9");
        before.insert_teacher("T5", "Eli Morgan", "S2");
        before.insert_school("S1", "Old North");
        before.insert_school("S2", "South");
        let left = BreakReason::Left {
            teachers: vec!["T5".into()],
        };
        assert_eq!(break_words(&left, &now), "T5 left the cohort");
        now.add_missing(&before);
        assert_eq!(break_words(&left, &now), "Eli Morgan (T5) left the cohort");
        assert_eq!(now.label("T5"), "Eli Morgan (T5, South)");
        // What the new cohort knows wins.
        assert_eq!(now.label("T1"), "Ana Lee (T1, North)");
        assert_eq!(left.to_string(), "T5 left the cohort");
    }
}
