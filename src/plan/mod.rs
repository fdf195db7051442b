//! The planner: from a cohort and a policy to a [`Proposal`] of mentoring pairs.
//!
//! # What [`Planner::plan`] does
//! The pipeline is a chain of named stages (files in `src/plan/`), each with a typed
//! input and output:
//! 1. **Graph + history** (`history.rs`): builds the
//!    [`CompatibilityGraph`](crate::graph::CompatibilityGraph) (exact candidates up to
//!    [`AUTO_EXACT_LIMIT`] teachers, the top-30 per teacher beyond, unless
//!    [`PlannerOptions::candidate_mode`] says otherwise); a pair met within the last
//!    [`PlannerOptions::cooldown_rounds`] rounds is forbidden, an older one loses
//!    [`PlannerOptions::history_penalty_points`] points.
//! 2. **Pins** (`pins.rs`): every must-pair, then (in a re-match) every kept pair, then
//!    every *mutual first choice* is fixed, in cohort order, using one unit of each
//!    teacher's capacity. A pin that no longer fits is reported as a typed
//!    [`Notice`]. Avoid lists never reach the graph.
//! 3. **Residual graph** (`residual.rs`): remaining capacities, pinned pairs removed.
//! 4. **Optimise** (`optimise.rs`) for the chosen [`Objective`]. With all residual
//!    capacities at most 1 the matching core runs on the graph directly; otherwise the
//!    exact b-matching reduction of [`bmatching`] is used.
//! 5. **Odd cohorts** (`odd.rs`): [`OddPolicy::LeaveOut`] keeps the optimum (which already
//!    leaves out the teacher whose absence costs least) and reports who is out;
//!    [`OddPolicy::Trio`] forms one trio: of the unmatched teachers who can pair, the one
//!    with the largest summed score to both members of some pair joins that pair (found
//!    by walking adjacency, near-linear); when none can, [`Notice::NoTrio`] says why.
//! 6. **Assemble** (`assemble.rs`): audits the result ([`crate::fairness::audit`] on the
//!    effective scores: history applied, pins included; with the teachers' stated
//!    rankings whenever any were given) and checks it: LP certificate
//!    ([`crate::matching::verify`]) for the weight objectives, blocking pairs for
//!    [`Objective::Stable`].
//!
//! # Stated choices first
//! Two teachers who each list the other first are a *mutual first choice*. By default
//! ([`PlannerOptions::keep_mutual_choices`]) such a pair is kept like a pin, so it is
//! never traded for score, however small or large the gain: the rule is a constraint,
//! not a weight. It is dropped only when it is infeasible (hard rule or avoid list),
//! forbidden by the history cooldown, or out of capacity after must-pairs and kept pairs,
//! and [`Notice::MutualChoiceDropped`] then says which. Lower stated choices still count
//! through the policy's preference weight.
//!
//! # Participation
//! [`Objective::Participation`] (the default) maximises the number of teachers with at
//! least one partner, then the total score. With capacities at most 1 that is maximum
//! cardinality, then maximum weight. With larger capacities it is an exact reduction to
//! one maximum-weight b-matching with a first-partner bonus (absorber vertices); the
//! construction and its proof are in the `optimise` stage's docs: every edge gets
//! `w + 2B`, each teacher of capacity `c >= 2` gets `c - 1` private absorbers joined to it
//! with weight `B`, and the optimum weighs `w(M) + B·(teachers with a partner) +
//! const`, with `B` larger than any difference in total score.
//!
//! Everything is deterministic: ties follow the cohort's teacher order. The seed is
//! recorded in the proposal; no current objective draws random numbers.

/// Exact maximum-weight b-matching; moved to [`crate::matching::reductions::bmatching`] and
/// re-exported here for existing callers.
pub use crate::matching::reductions::bmatching;
mod assemble;
mod history;
mod notice;
mod odd;
mod optimise;
mod pins;
mod rematch;
mod residual;
pub mod sensitivity;
mod solve;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::cohort::{Cohort, Focus};
use crate::compat::{BuildError, CandidateMode, CommonTime, PairScore, Policy, Shared};
use crate::fairness::{Audit, AuditError};
use crate::matching::MatchingError;

pub use notice::{MutualDropReason, NoTrioReason, Notice, PinDropReason};
pub use rematch::{BreakReason, BrokenPair, Changes, Strategy};
pub use sensitivity::{Relaxation, Sensitivity, SensitivityRow};

/// Cohorts up to this many teachers use [`CandidateMode::Exact`] by default; larger ones
/// use `TopK { k: 30 }`.
pub const AUTO_EXACT_LIMIT: usize = 2000;

/// What the planner optimises.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Objective {
    /// The default: as many teachers with at least one partner as possible, then the
    /// maximum total score. With capacities above 1 nobody gets a second partner while
    /// a teacher who could pair has none, whenever an exchange would fix it (that
    /// exchange would raise the number of teachers with a partner). Exact; see
    /// [Participation](#participation) in the module docs.
    #[default]
    Participation,
    /// Maximum total score (pairs with score `<= 0` are never proposed).
    MaxWeight,
    /// As many pairs as possible, then maximum total score.
    MaxCardinalityThenWeight,
    /// A stable matching: no two teachers would both rather be together than with their
    /// partners. Each teacher ranks partners by their own stated `preferences` first (in
    /// the stated order); score-derived ranks (score desc, smaller index on ties) only
    /// break ties and extend partial lists. With every residual capacity at most 1 this
    /// is Irving's stable roommates algorithm on those lists; with capacities above 1 it
    /// is Irving and Scott's stable fixtures algorithm
    /// ([`crate::matching::stable_fixtures`]), a stable b-matching. When no stable
    /// (b-)matching exists, the global greedy by score is the documented fallback:
    /// [`Notice::NoStableMatching`] gives the proof (a rotation) and
    /// [`Check::Stability`] counts the greedy's blocking pairs under the rankings.
    Stable,
    /// Minimum regret: maximum number of pairs, then the weakest pair as strong as
    /// possible, then maximum total score.
    MinRegret,
}

/// What to do with the teacher(s) left without a partner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OddPolicy {
    /// Leave them out and report why (the optimum already picks the least-loss leave-out).
    #[default]
    LeaveOut,
    /// One trio: the unmatched teacher and pair with the largest summed score to both
    /// members.
    Trio,
}

/// A pair from an earlier round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastPair {
    /// One teacher id.
    pub a: String,
    /// The other teacher id.
    pub b: String,
    /// The round in which they were paired.
    pub round: u32,
}

/// Planner settings beyond the scoring policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannerOptions {
    /// The objective.
    pub objective: Objective,
    /// Recorded in the proposal (reserved for randomised tie-breaks; unused today).
    pub seed: u64,
    /// Odd-cohort handling.
    pub odd: OddPolicy,
    /// Candidate pairs; `None` = automatic (see [`AUTO_EXACT_LIMIT`]).
    pub candidate_mode: Option<CandidateMode>,
    /// Pairs from earlier rounds.
    pub history: Vec<PastPair>,
    /// The current round number (for the cooldown).
    pub round: u32,
    /// A past pair with `round - past.round <= cooldown_rounds` is forbidden (0 = never).
    pub cooldown_rounds: u32,
    /// Points subtracted from the score of every other past pair.
    pub history_penalty_points: u32,
    /// Keep mutual first choices like pins (the default): two teachers who each list the
    /// other first are paired before the optimisation, unless the pair is infeasible,
    /// forbidden by the cooldown, or out of capacity ([`Notice::MutualChoiceDropped`]
    /// says which). Ignored under [`Objective::Stable`], where a feasible mutual first
    /// choice is part of every stable matching anyway.
    #[serde(default = "yes")]
    pub keep_mutual_choices: bool,
}

fn yes() -> bool {
    true
}

impl Default for PlannerOptions {
    fn default() -> Self {
        PlannerOptions {
            objective: Objective::Participation,
            seed: 0,
            odd: OddPolicy::LeaveOut,
            candidate_mode: None,
            history: Vec::new(),
            round: 0,
            cooldown_rounds: 0,
            history_penalty_points: 0,
            keep_mutual_choices: true,
        }
    }
}

/// The third member of a trio.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThirdMember {
    /// Teacher id.
    pub id: String,
    /// Score with the pair's first member.
    pub score_with_a: i64,
    /// Score with the pair's second member.
    pub score_with_b: i64,
    /// The weekly windows all three can use (the pair's planned windows cut to the
    /// third's availability at the meeting place; see
    /// [`crate::compat::Scorer::trio_windows`]). The pair's `common_time` holds the same
    /// windows.
    #[serde(default)]
    pub windows: Vec<crate::compat::MeetingWindow>,
}

/// One proposed pair (or trio) with its explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedPair {
    /// First teacher id (earlier in cohort order).
    pub a: String,
    /// Second teacher id.
    pub b: String,
    /// The score and its per-criterion breakdown (before any history penalty).
    pub score: PairScore,
    /// Points-scale units subtracted because the pair met in an earlier round.
    pub history_penalty: i64,
    /// A must-pair from the cohort file.
    pub pinned: bool,
    /// Kept unchanged from the previous proposal by a re-match.
    pub kept: bool,
    /// A mutual first choice kept like a pin ([`PlannerOptions::keep_mutual_choices`]).
    #[serde(default)]
    pub mutual_choice: bool,
    /// Suggested shared goals: the focus areas both chose.
    pub suggested_focus: Vec<Focus>,
    /// Everything the two share (subjects, year levels, focus, tags).
    pub shared: Shared,
    /// When they can meet (windows after travel).
    pub common_time: CommonTime,
    /// Expected meeting minutes a week when each window is lost with the policy's
    /// [`Policy::period_loss_percent`] chance (see
    /// [`crate::compat::Scorer::expected_minutes`]), beside the worst-single-loss figure
    /// in `score.meeting`; `None` without a meeting plan (a pinned pair).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_minutes: Option<u32>,
    /// A third teacher joining under [`OddPolicy::Trio`].
    pub third: Option<ThirdMember>,
}

/// Why a teacher has no partner (ids instead of indices; see
/// [`crate::fairness::UnmatchedReason`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// No feasible partner at all under the policy.
    NoFeasiblePartner,
    /// Capacity 0: groups only.
    ZeroCapacity,
    /// Every feasible partner is full with partners it scores at least as high.
    Capacity {
        /// Those partners.
        full_partners: Vec<String>,
    },
    /// Feasible partners existed, but the objective preferred other pairings.
    LostOut {
        /// Partners that would have scored this teacher at least as high as a current one.
        candidates: Vec<String>,
    },
}

/// A hard rule that forbids a pair (the kind of a [`crate::compat::Violation`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// Capacity 0 (groups only).
    GroupsOnly,
    /// An avoid list.
    Avoid,
    /// No subject in common.
    NoSharedSubject,
    /// No year level in common.
    NoSharedYearLevel,
    /// Travel time unknown.
    TravelUnknown,
    /// Travel longer than the maximum.
    TravelTooLong,
    /// Not enough common meeting time.
    NotEnoughCommonTime,
    /// No meeting mode of the policy is open to both.
    NoMeetingMode,
    /// Any other rule.
    Other,
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Rule::GroupsOnly => "groups only (capacity 0)",
            Rule::Avoid => "avoid list",
            Rule::NoSharedSubject => "no subject in common",
            Rule::NoSharedYearLevel => "no year level in common",
            Rule::TravelUnknown => "travel time unknown",
            Rule::TravelTooLong => "travel too long",
            Rule::NotEnoughCommonTime => "not enough common meeting time",
            Rule::NoMeetingMode => "no meeting mode open to both",
            Rule::Other => "another hard rule",
        })
    }
}

/// For a teacher with no feasible partner: how many of the other teachers each hard rule
/// rules out (a teacher pair counts once per rule it breaks, so every count is at most
/// the number of other teachers), and the colleague with the most common meeting time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blockers {
    /// Other teachers in the cohort.
    pub others: usize,
    /// `(rule, other teachers it rules out)`, most frequent first.
    pub rules: Vec<(Rule, usize)>,
    /// The colleague with the most common meeting minutes, and those minutes.
    pub best_time: Option<(String, u32)>,
}

impl From<&crate::compat::Violation> for Rule {
    fn from(v: &crate::compat::Violation) -> Self {
        use crate::compat::Violation;
        match v {
            Violation::GroupsOnly { .. } => Rule::GroupsOnly,
            Violation::Avoid { .. } => Rule::Avoid,
            Violation::NoSharedSubject => Rule::NoSharedSubject,
            Violation::NoSharedYearLevel => Rule::NoSharedYearLevel,
            Violation::TravelUnknown => Rule::TravelUnknown,
            Violation::TravelTooLong { .. } => Rule::TravelTooLong,
            Violation::NotEnoughCommonTime { .. } => Rule::NotEnoughCommonTime,
            Violation::NoMeetingMode => Rule::NoMeetingMode,
            #[allow(unreachable_patterns)]
            _ => Rule::Other,
        }
    }
}

impl Blockers {
    /// What keeps teacher `teacher` (an index) from every other teacher of the graph: for
    /// each hard rule, how many colleagues it rules out (a colleague counts once per rule
    /// it breaks), and the colleague with the most common meeting time.
    ///
    /// `None` unless the graph was built in exact candidate mode (top-k graphs do not
    /// score every pair), or when `teacher` is out of range. O(n) pair explanations.
    ///
    /// ```
    /// use peermatch::cohort::Cohort;
    /// use peermatch::compat::{CandidateMode, Policy};
    /// use peermatch::graph::CompatibilityGraph;
    /// use peermatch::plan::{Blockers, Rule};
    /// let cohort = Cohort::from_path("examples/data/pilot_cohort.json")?;
    /// let graph = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact)?;
    /// let t12 = cohort.teacher_index("T12").expect("in the pilot");
    /// let b = Blockers::of(&graph, t12).expect("exact mode");
    /// assert_eq!(b.others, 11);
    /// assert!(b.rules.iter().any(|&(r, _)| r == Rule::TravelTooLong));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn of(graph: &crate::graph::CompatibilityGraph, teacher: usize) -> Option<Blockers> {
        let n = graph.node_count();
        if graph.mode() != CandidateMode::Exact || teacher >= n {
            return None;
        }
        let mut counts: BTreeMap<Rule, usize> = BTreeMap::new();
        let mut best: Option<(u32, usize)> = None;
        for j in (0..n).filter(|&j| j != teacher) {
            let Ok(e) = graph.explain_index(teacher, j) else {
                continue;
            }; // j != teacher, both in range
            let mut seen: Vec<Rule> = e.violations.iter().map(Rule::from).collect();
            seen.sort_unstable();
            seen.dedup();
            for r in seen {
                *counts.entry(r).or_insert(0) += 1;
            }
            let m = e.common_time.minutes;
            if best.is_none_or(|(bm, _)| m > bm) {
                best = Some((m, j));
            }
        }
        let mut rules: Vec<(Rule, usize)> = counts.into_iter().collect();
        rules.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        Some(Blockers {
            others: n.saturating_sub(1),
            rules,
            best_time: best.map(|(m, j)| (graph.teacher_id(j).to_string(), m)),
        })
    }
}

/// The rules with their counts, most frequent first, as `"travel too long: 11 of 11;
/// not enough common meeting time: 11 of 11 (most common time: 45 min, with T03)"`: the
/// best common time follows the common-time rule.
impl std::fmt::Display for Blockers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, &(r, k)) in self.rules.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{r}: {k} of {}", self.others)?;
            if r == Rule::NotEnoughCommonTime {
                if let Some((o, m)) = self.best_time.as_ref().filter(|(_, m)| *m > 0) {
                    write!(f, " (most common time: {m} min, with {o})")?;
                }
            }
        }
        Ok(())
    }
}

/// An unmatched teacher and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedTeacher {
    /// Teacher id.
    pub id: String,
    /// The reason.
    pub reason: Reason,
    /// The reason in words.
    pub message: String,
    /// For [`Reason::NoFeasiblePartner`] (exact candidate mode): what blocks, in numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blockers: Option<Blockers>,
    /// For [`Reason::Capacity`] and [`Reason::LostOut`]: every feasible partner and where
    /// it went (the binding reason, with names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contested: Option<Contested>,
}

/// A feasible partner of an unmatched teacher, and the pairs it is in instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakenPartner {
    /// Its id.
    pub id: String,
    /// Its display name, when the cohort gives one.
    pub name: Option<String>,
    /// Its partners in the plan (ids).
    pub paired_with: Vec<String>,
    /// It has no room left and scores every current partner at least as high as the
    /// unmatched teacher (so no exchange with it would be a gain for it).
    pub prefers_current: bool,
}

impl TakenPartner {
    fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// Why a teacher with feasible partners has none: where each of them went. `Display`
/// gives the coordinator's sentence, e.g. "both feasible partners (Ana Lee, Bo Chen) are
/// paired with teachers they score at least as high".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contested {
    /// The feasible partners, in cohort order.
    pub partners: Vec<TakenPartner>,
}

impl std::fmt::Display for Contested {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names =
            |v: &[&TakenPartner]| v.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ");
        let all: Vec<&TakenPartner> = self.partners.iter().collect();
        let what = match all.len() {
            1 => "the only feasible partner".to_string(),
            2 => "both feasible partners".to_string(),
            k => format!("all {k} feasible partners"),
        };
        let (held, traded): (Vec<&TakenPartner>, Vec<&TakenPartner>) =
            all.iter().partition(|t| t.prefers_current);
        if traded.is_empty() {
            let verb = if all.len() == 1 { "is" } else { "are" };
            write!(
                f,
                "{what} ({}) {verb} paired with teachers they score at least as high",
                names(&all)
            )
        } else if held.is_empty() {
            write!(
                f,
                "{what} ({}) went to other pairings: each would score this teacher at least as high as a current partner, but the objective's overall result is better without the exchange",
                names(&all)
            )
        } else {
            write!(
                f,
                "{what} ({}) are taken: {} paired with teachers they score at least as high; {} paired elsewhere for a better overall result",
                names(&all),
                names(&held),
                names(&traded)
            )
        }
    }
}

/// The words for an unmatched teacher: the reason, then the binding rules with numbers.
pub(crate) fn unmatched_message(
    id: &str,
    r: &Reason,
    b: Option<&Blockers>,
    c: Option<&Contested>,
) -> String {
    if let Some(c) = c.filter(|c| !c.partners.is_empty()) {
        return c.to_string();
    }
    let mut s = reason_message(r);
    if let Some(b) = b {
        let best = b
            .best_time
            .as_ref()
            .filter(|(_, m)| *m > 0)
            .map(|(o, m)| format!(" (most common time: {m} min, with {o})"))
            .unwrap_or_default();
        match b.rules.first() {
            Some(&(Rule::NotEnoughCommonTime, k)) if k == b.others && b.rules.len() == 1 => {
                s = format!("none of {id}'s free periods leaves enough common meeting time with any colleague's{best}");
            }
            // The best common time follows the common-time rule (see `Display for Blockers`).
            _ => s = format!("{s}: {b}"),
        }
    }
    s
}

/// How the result was checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    /// The LP-dual certificate of the residual problem (the matching graph, or the
    /// b-matching gadget graph) was checked with [`crate::matching::verify`].
    Certificate {
        /// True when it verified.
        verified: bool,
        /// Which graph was certified (serialised as `"matching"` or `"b-matching gadget"`).
        graph: CertifiedGraph,
        /// The checker's typed reason when it failed.
        error: Option<crate::matching::CertificateError>,
    },
    /// Stability under score-derived preferences, checked by the audit.
    Stability {
        /// Blocking pairs found (0 = stable).
        blocking_pairs: usize,
    },
    /// Minimum regret: exact by threshold search; the weakest pair's score.
    Bottleneck {
        /// The weakest optimised pair's score.
        weakest_pair: Option<i64>,
    },
}

impl Check {
    /// True when the check passed (certificate verified, or no blocking pair).
    #[must_use]
    pub fn passed(&self) -> bool {
        match self {
            Check::Certificate { verified, .. } => *verified,
            Check::Stability { blocking_pairs } => *blocking_pairs == 0,
            Check::Bottleneck { .. } => true,
        }
    }
}

/// A stage of the planning pipeline, reported by [`Planner::plan_with_progress`] when it
/// starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlanStage {
    /// Scoring the candidate pairs and building the compatibility graph.
    Graph,
    /// History, pins and the objective's solve on the residual graph.
    Solve,
    /// The fairness audit, the check, the trio and the explanations.
    Audit,
    /// Re-plans with each rule relaxed one step (the "what would help" table).
    Sensitivity,
}

impl std::fmt::Display for PlanStage {
    /// A short lower-case name: `graph`, `solve`, `audit`, `what would help`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PlanStage::Graph => "graph",
            PlanStage::Solve => "solve",
            PlanStage::Audit => "audit",
            PlanStage::Sensitivity => "what would help",
        })
    }
}

/// Which graph's LP certificate a [`Check::Certificate`] covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertifiedGraph {
    /// The residual problem solved as a plain matching (every capacity at most 1).
    #[serde(rename = "matching")]
    Matching,
    /// The residual problem solved as a b-matching through Tutte's gadget graph.
    #[serde(rename = "b-matching gadget")]
    BMatchingGadget,
}

impl std::fmt::Display for CertifiedGraph {
    /// `matching` or `b-matching gadget`, as in the JSON.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CertifiedGraph::Matching => "matching",
            CertifiedGraph::BMatchingGadget => "b-matching gadget",
        })
    }
}

/// The planner's result. Serialisable with serde (the JSON report).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// Teacher ids in cohort order (pseudonyms follow this order).
    pub teachers: Vec<String>,
    /// Proposed pairs, in order of their first member.
    pub pairs: Vec<ProposedPair>,
    /// Teachers without a partner (trio members are not listed), with the reason.
    pub unmatched: Vec<UnmatchedTeacher>,
    /// Sum of the pair scores (before history penalties; trio thirds not counted).
    pub total_score: i64,
    /// The fairness audit of the pairs (indices follow `teachers`).
    pub audit: Audit,
    /// The optimality or stability check.
    pub check: Check,
    /// The objective used.
    pub objective: Objective,
    /// Odd-cohort handling used.
    pub odd: OddPolicy,
    /// The seed recorded.
    pub seed: u64,
    /// The scoring policy used.
    pub policy: Policy,
    /// The candidate mode used.
    pub candidate_mode: CandidateMode,
    /// What the planner interpreted or decided (validation notices, pins dropped, odd
    /// cohort decisions, history), typed; in JSON each carries a `message` too.
    #[serde(with = "crate::with_message")]
    pub notices: Vec<Notice>,
    /// For a re-match: what changed and why.
    pub changes: Option<Changes>,
    /// When teachers are left without a partner (cohorts up to [`AUTO_EXACT_LIMIT`]
    /// teachers): how many more would get one if each binding rule or meeting mode were
    /// relaxed one step (see [`sensitivity`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Sensitivity>,
}

impl Proposal {
    /// The pairs as `(a, b)` id tuples (trio thirds not included).
    #[must_use]
    pub fn pair_ids(&self) -> Vec<(String, String)> {
        self.pairs
            .iter()
            .map(|p| (p.a.clone(), p.b.clone()))
            .collect()
    }

    /// A copy with every teacher id replaced by `T001`, `T002`, … in cohort order
    /// (a stable, hash-free mapping; the width grows with the cohort).
    #[must_use]
    pub fn pseudonymised(&self) -> Proposal {
        let width = self.teachers.len().to_string().len().max(3);
        let map: BTreeMap<String, String> = self
            .teachers
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), format!("T{:0width$}", i + 1)))
            .collect();
        let m = |s: &String| map.get(s).cloned().unwrap_or_else(|| s.clone());
        let mut p = self.clone();
        p.teachers = p.teachers.iter().map(m).collect();
        for pair in &mut p.pairs {
            pair.a = m(&pair.a);
            pair.b = m(&pair.b);
            if let Some(t) = &mut pair.common_time.traveller {
                *t = m(t);
            }
            if let Some(t) = &mut pair.third {
                t.id = m(&t.id);
            }
        }
        for u in &mut p.unmatched {
            u.id = m(&u.id);
            match &mut u.reason {
                Reason::Capacity { full_partners: v } | Reason::LostOut { candidates: v } => {
                    for x in v.iter_mut() {
                        *x = m(x);
                    }
                }
                _ => {}
            }
            if let Some(b) = &mut u.blockers {
                if let Some((o, _)) = &mut b.best_time {
                    *o = m(o);
                }
            }
            if let Some(c) = &mut u.contested {
                for t in &mut c.partners {
                    t.id = m(&t.id);
                    t.name = None;
                    t.paired_with.iter_mut().for_each(|x| *x = m(x));
                }
            }
            u.message =
                unmatched_message(&u.id, &u.reason, u.blockers.as_ref(), u.contested.as_ref());
        }
        for n in &mut p.notices {
            n.rename(&m);
        }
        if let Some(c) = &mut p.changes {
            c.rename(&m);
        }
        p
    }
}

pub(crate) fn reason_message(r: &Reason) -> String {
    match r {
        Reason::NoFeasiblePartner => {
            "no feasible partner under the policy (hard rules, avoid lists, history)".into()
        }
        Reason::ZeroCapacity => "capacity 0: peer groups only".into(),
        Reason::Capacity { full_partners } => format!(
            "every feasible partner ({}) is already paired with someone they score at least as high",
            full_partners.join(", ")
        ),
        Reason::LostOut { candidates } => format!(
            "feasible partners ({}) went to pairings with a better overall result",
            candidates.join(", ")
        ),
    }
}

/// Why planning failed.
#[derive(Debug, Error)]
pub enum PlanError {
    /// The cohort or the policy is invalid (every problem is listed).
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The matching core rejected the problem (out of its numeric range).
    #[error("matching: {0}")]
    Matching(#[from] MatchingError),
    /// The audit rejected the result (an internal inconsistency).
    #[error("audit: {0}")]
    Audit(#[from] AuditError),
}

/// Plans mentoring pairs for one cohort under one policy.
///
/// # Example
/// ```
/// use peermatch::cohort::Cohort;
/// use peermatch::compat::Policy;
/// use peermatch::plan::{Planner, PlannerOptions, Objective};
/// let cohort = Cohort::from_path("examples/data/pilot_cohort.json").unwrap();
/// let options = PlannerOptions { objective: Objective::MaxWeight, ..Default::default() };
/// let proposal = Planner::new(cohort, Policy::default()).with_options(options).plan().unwrap();
/// assert!(proposal.check.passed());
/// assert!(!proposal.pairs.is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct Planner {
    cohort: Cohort,
    policy: Policy,
    options: PlannerOptions,
}

impl Planner {
    /// A planner with default options.
    #[must_use]
    pub fn new(cohort: Cohort, policy: Policy) -> Self {
        Planner {
            cohort,
            policy,
            options: PlannerOptions::default(),
        }
    }

    /// Replaces the options.
    #[must_use]
    pub fn with_options(mut self, options: PlannerOptions) -> Self {
        self.options = options;
        self
    }

    /// The options.
    #[must_use]
    pub fn options(&self) -> &PlannerOptions {
        &self.options
    }

    /// The cohort.
    #[must_use]
    pub fn cohort(&self) -> &Cohort {
        &self.cohort
    }

    /// Plans the pairs. See the module docs for every step.
    ///
    /// # Errors
    /// [`PlanError::Build`] for an invalid cohort or policy (all problems listed);
    /// [`PlanError::Matching`] / [`PlanError::Audit`] only on numeric overflow or an
    /// internal inconsistency.
    ///
    /// # Complexity
    /// Graph building (see [`CompatibilityGraph::build`]) plus one solver call on the
    /// residual graph (O(n·m·log n)); [`Objective::MinRegret`] adds O(log d) calls for
    /// `d` distinct scores; the b-matching reduction enlarges the graph as described in
    /// [`bmatching`].
    ///
    /// [`CompatibilityGraph::build`]: crate::graph::CompatibilityGraph::build
    pub fn plan(&self) -> Result<Proposal, PlanError> {
        self.plan_with(&self.options)
    }

    /// Plans with other `options` than the planner's own, without cloning the cohort
    /// (e.g. to compare objectives).
    ///
    /// # Example
    /// ```
    /// use peermatch::cohort::Cohort;
    /// use peermatch::compat::Policy;
    /// use peermatch::plan::{Objective, Planner, PlannerOptions};
    /// let planner = Planner::new(Cohort::from_path("examples/data/pilot_cohort.json")?, Policy::default());
    /// for objective in [Objective::Participation, Objective::MaxWeight, Objective::Stable] {
    ///     let p = planner.plan_with(&PlannerOptions { objective, ..Default::default() })?;
    ///     assert_eq!(p.objective, objective);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`plan`](Self::plan).
    pub fn plan_with(&self, options: &PlannerOptions) -> Result<Proposal, PlanError> {
        solve::solve(&self.cohort, &self.policy, options, &[], &mut |_| {})
    }

    /// [`plan_with`](Self::plan_with), telling `on_stage` when each stage of the pipeline
    /// starts ([`PlanStage`], in order; `Sensitivity` only when the "what would help"
    /// table is computed). For progress displays on long runs; the result is the same.
    ///
    /// # Example
    /// ```
    /// use peermatch::cohort::Cohort;
    /// use peermatch::compat::Policy;
    /// use peermatch::plan::{PlanStage, Planner, PlannerOptions};
    /// let planner = Planner::new(Cohort::from_path("examples/data/pilot_cohort.json")?, Policy::default());
    /// let mut seen = Vec::new();
    /// let p = planner.plan_with_progress(&PlannerOptions::default(), &mut |s| seen.push(s))?;
    /// assert_eq!(&seen[..3], &[PlanStage::Graph, PlanStage::Solve, PlanStage::Audit]);
    /// assert_eq!(p, planner.plan()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`plan`](Self::plan).
    pub fn plan_with_progress(
        &self,
        options: &PlannerOptions,
        on_stage: &mut dyn FnMut(PlanStage),
    ) -> Result<Proposal, PlanError> {
        solve::solve(&self.cohort, &self.policy, options, &[], on_stage)
    }

    /// Re-plans after teachers left or joined, keeping what still works; see
    /// [`Changes`] for the report and [`rematch`](Self::rematch) semantics:
    ///
    /// * every previous pair whose two teachers are still in the cohort, still feasible
    ///   and still within capacity is kept (pinned), the rest is re-optimised;
    /// * with `disruption_budget = Some(k)`, `k > 0`, the unconstrained optimum is also
    ///   computed; it is taken when it changes at most `k` keepable pairs and scores
    ///   higher. This is *not* the exact best plan under "at most k changes" (that is a
    ///   constrained matching problem); it is exact at the two ends (k = 0, k ≥ all).
    ///
    /// # Errors
    /// As [`plan`](Self::plan).
    pub fn rematch(
        &self,
        previous: &Proposal,
        disruption_budget: Option<usize>,
    ) -> Result<Proposal, PlanError> {
        rematch::rematch(self, previous, disruption_budget)
    }
}

/// Points with one decimal, for the `Display` impls below.
fn points(units: i64) -> String {
    format!("{:.1}", crate::units::units_to_points(units))
}

impl std::fmt::Display for Objective {
    /// The objective's command-line name (`propose_pairs --objective NAME`):
    /// `participation`, `max-weight`, `max-cardinality`, `stable`, `min-regret`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Objective::Participation => "participation",
            Objective::MaxWeight => "max-weight",
            Objective::MaxCardinalityThenWeight => "max-cardinality",
            Objective::Stable => "stable",
            Objective::MinRegret => "min-regret",
        })
    }
}

impl std::fmt::Display for Reason {
    /// The reason in words, as in [`UnmatchedTeacher::message`] (without the blockers).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&reason_message(self))
    }
}

impl std::fmt::Display for UnmatchedTeacher {
    /// `id: message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.id, self.message)
    }
}

impl std::fmt::Display for Check {
    /// One line, e.g. `optimality certificate verified (matching)`, `stable: no blocking
    /// pair`, `minimum regret: weakest pair scores 41.5` (points).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Check::Certificate {
                verified: true,
                graph,
                ..
            } => write!(f, "optimality certificate verified ({graph})"),
            Check::Certificate {
                verified: false,
                graph,
                error,
            } => write!(
                f,
                "optimality certificate FAILED ({graph}): {}",
                error
                    .as_ref()
                    .map_or_else(|| "no reason given".to_string(), ToString::to_string)
            ),
            Check::Stability { blocking_pairs: 0 } => f.write_str("stable: no blocking pair"),
            Check::Stability { blocking_pairs } => {
                write!(f, "not stable: {blocking_pairs} blocking pair(s)")
            }
            Check::Bottleneck {
                weakest_pair: Some(w),
            } => write!(f, "minimum regret: weakest pair scores {}", points(*w)),
            Check::Bottleneck { weakest_pair: None } => {
                f.write_str("minimum regret: no optimised pair")
            }
        }
    }
}

impl std::fmt::Display for Proposal {
    /// A short human summary: a headline (pairs, teachers, matched, total score in
    /// points, objective), the check, one line per pair (`a + b: score`, trio thirds
    /// after `+`) and one line per unmatched teacher with the reason. Ids, not names
    /// (the reports in [`crate::report`] add names and schools).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} pair(s) for {} teacher(s), {} matched, total score {}, objective {}",
            self.pairs.len(),
            self.teachers.len(),
            self.audit.matched_agents,
            points(self.total_score),
            self.objective
        )?;
        write!(f, "\ncheck: {}", self.check)?;
        for p in &self.pairs {
            write!(f, "\n  {} + {}", p.a, p.b)?;
            if let Some(t) = &p.third {
                write!(f, " + {}", t.id)?;
            }
            write!(f, ": {}", points(p.score.total))?;
        }
        for u in &self.unmatched {
            write!(f, "\nunmatched {u}")?;
        }
        if !self.notices.is_empty() {
            write!(f, "\n{} notice(s)", self.notices.len())?;
        }
        Ok(())
    }
}
