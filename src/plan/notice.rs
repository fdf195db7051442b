//! Typed planner notices: what the planner interpreted or decided.
//!
//! Every notice is a [`Notice`] value with typed fields (teacher ids, counts, points);
//! the words are made by [`Display`](std::fmt::Display) at the edge. In JSON each notice
//! is an object with a `kind` tag, the typed fields, and a human `message` beside them,
//! so tools can read either:
//!
//! ```json
//! {"kind": "HistoryPenalised", "pairs": 1, "points": 2,
//!  "message": "1 earlier pair(s) penalised by 2 points"}
//! ```
//!
//! Code never reads its own messages back: [`super::Planner::rematch`] matches on
//! [`Notice::PinDropped`] and its [`PinDropReason`], and
//! [`super::Proposal::pseudonymised`] renames the id fields only.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::compat::SCALE;

/// Why a pin (must-pair or kept pair) was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PinDropReason {
    /// One of the two has no capacity left (capacity reduced, or earlier pins took it).
    NoCapacity,
    /// The two are no longer a feasible pair (a hard rule, an avoid list, or a teacher
    /// missing from the cohort).
    NotFeasible,
}

/// Why a mutual first choice could not be kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MutualDropReason {
    /// The pair breaks a hard rule of the policy or an avoid list (not a graph edge).
    NotFeasible,
    /// The pair met within the history cooldown.
    Cooldown,
    /// One of the two has no capacity left after the must-pairs and kept pairs.
    NoCapacity,
}

/// Why no trio was formed under [`super::OddPolicy::Trio`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoTrioReason {
    /// Every teacher who can pair has a partner.
    NobodyUnmatched,
    /// There are no pairs to join.
    NoPairs,
    /// None of these unmatched teachers has a feasible pairing with both members of
    /// any proposed pair.
    NoCompatiblePair {
        /// The unmatched teachers considered.
        teachers: Vec<String>,
    },
    /// Some of these unmatched teachers could pair with both members of a pair, but
    /// never in a weekly window all three can use.
    NoCommonWindow {
        /// The unmatched teachers considered.
        teachers: Vec<String>,
    },
}

/// One thing the planner interpreted or decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Notice {
    /// A notice from cohort validation.
    Validation {
        /// The validation notice.
        notice: crate::cohort::Notice,
    },
    /// Large cohort: candidate pairs limited to each teacher's `k` best.
    TopK {
        /// Teachers in the cohort.
        teachers: usize,
        /// Candidates kept per teacher.
        k: usize,
    },
    /// A must-pair kept although the two met within the cooldown.
    MustPairWithinCooldown {
        /// One teacher.
        a: String,
        /// The other.
        b: String,
    },
    /// A pin (must-pair or kept pair) was dropped.
    PinDropped {
        /// One teacher.
        a: String,
        /// The other.
        b: String,
        /// Why.
        why: PinDropReason,
    },
    /// Mutual first choices kept like pins.
    MutualChoicesKept {
        /// The pairs kept, `(a, b)` in cohort order.
        pairs: Vec<(String, String)>,
    },
    /// A mutual first choice that could not be kept.
    MutualChoiceDropped {
        /// One teacher.
        a: String,
        /// The other.
        b: String,
        /// Why.
        why: MutualDropReason,
    },
    /// Earlier pairs lost points.
    HistoryPenalised {
        /// How many pairs.
        pairs: usize,
        /// Points subtracted from each.
        points: u32,
    },
    /// Earlier pairs forbidden by the cooldown.
    HistoryForbidden {
        /// How many pairs.
        pairs: usize,
        /// The cooldown in rounds.
        cooldown_rounds: u32,
    },
    /// Odd cohort: who was left out.
    OddLeftOut {
        /// Teachers who can pair (capacity > 0).
        eligible: usize,
        /// Those left out.
        teachers: Vec<String>,
    },
    /// A trio was formed.
    TrioFormed {
        /// The third member.
        third: String,
        /// The pair's first member.
        a: String,
        /// The pair's second member.
        b: String,
        /// The third's summed score to both members, in fixed-point units.
        summed_score: i64,
    },
    /// No trio was formed, and why.
    NoTrio {
        /// Why.
        why: NoTrioReason,
    },
    /// A re-match dropped an entry naming a teacher who left the cohort from a remaining
    /// teacher's list (the caller's cohort is not changed; the plan uses a copy).
    LeaverEntryDropped {
        /// The teacher whose list named the leaver.
        teacher: String,
        /// The list: `preferences`, `avoid` or `must_pair`.
        list: String,
        /// The teacher who left.
        left: String,
    },
    /// [`super::Objective::Stable`]: the rankings (stated first, then scores) admit no
    /// stable matching, so the greedy by score was used; the stability check counts its
    /// blocking pairs. The proof is Irving's (capacities 1) or Irving and Scott's
    /// (capacities above 1): eliminating `rotation` leaves `teacher` with `left` feasible
    /// partners, but it would have `needed` in every stable matching.
    NoStableMatching {
        /// The teacher whose list became too short.
        teacher: String,
        /// Partners it has in every stable matching, if one existed.
        needed: usize,
        /// Partners left on its list.
        left: usize,
        /// The rotation `(x_i, y_i)`: `y_i` held `x_i`, who moves on to `y_{i+1}`.
        rotation: Vec<(String, String)>,
    },
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "nobody".into()
    } else {
        v.join(", ")
    }
}

impl fmt::Display for PinDropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PinDropReason::NoCapacity => "no capacity left",
            PinDropReason::NotFeasible => "not a feasible pair",
        })
    }
}

impl fmt::Display for MutualDropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MutualDropReason::NotFeasible => {
                "the pair breaks a hard rule of the policy or an avoid list"
            }
            MutualDropReason::Cooldown => "they met within the history cooldown",
            MutualDropReason::NoCapacity => "no capacity left after the must-pairs and kept pairs",
        })
    }
}

impl fmt::Display for NoTrioReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoTrioReason::NobodyUnmatched => f.write_str("every teacher who can pair has a partner"),
            NoTrioReason::NoPairs => f.write_str("there is no pair to join"),
            NoTrioReason::NoCompatiblePair { teachers } => write!(
                f,
                "none of the unmatched teachers ({}) can pair with both members of any proposed pair",
                list(teachers)
            ),
            NoTrioReason::NoCommonWindow { teachers } => write!(
                f,
                "the unmatched teachers ({}) share no weekly meeting window with both members of any pair they could join",
                list(teachers)
            ),
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Validation { notice } => write!(f, "{notice}"),
            Notice::TopK { teachers, k } => write!(
                f,
                "{teachers} teachers: candidate pairs limited to each teacher's {k} best (top-k mode)"
            ),
            Notice::MustPairWithinCooldown { a, b } => write!(
                f,
                "must-pair {a} + {b} kept although they met within the cooldown"
            ),
            Notice::PinDropped { a, b, why } => write!(f, "pin {a} + {b} dropped: {why}"),
            Notice::MutualChoicesKept { pairs } => {
                let v: Vec<String> = pairs.iter().map(|(a, b)| format!("{a} + {b}")).collect();
                write!(
                    f,
                    "{} mutual first choice(s) kept like pins: {}",
                    pairs.len(),
                    v.join(", ")
                )
            }
            Notice::MutualChoiceDropped { a, b, why } => write!(
                f,
                "mutual first choice {a} + {b} not kept: {why}"
            ),
            Notice::HistoryPenalised { pairs, points } => {
                write!(f, "{pairs} earlier pair(s) penalised by {points} points")
            }
            Notice::HistoryForbidden {
                pairs,
                cooldown_rounds,
            } => write!(
                f,
                "{pairs} earlier pair(s) forbidden by the {cooldown_rounds}-round cooldown"
            ),
            Notice::OddLeftOut { eligible, teachers } => write!(
                f,
                "odd cohort ({eligible} teachers who can pair): left out {}; the plan's total is maximal over every choice of who sits out",
                list(teachers)
            ),
            Notice::TrioFormed {
                third,
                a,
                b,
                summed_score,
            } => write!(
                f,
                "trio: {third} joins {a} + {b} (summed score {:.1})",
                *summed_score as f64 / SCALE as f64
            ),
            Notice::NoTrio { why } => write!(f, "no trio formed: {why}"),
            Notice::LeaverEntryDropped {
                teacher,
                list,
                left,
            } => write!(
                f,
                "{teacher}'s {list} named {left}, who left the cohort: entry dropped for this re-match"
            ),
            Notice::NoStableMatching {
                teacher,
                needed,
                left,
                rotation,
            } => {
                let v: Vec<String> = rotation.iter().map(|(x, y)| format!("{x} -> {y}")).collect();
                write!(
                    f,
                    "no stable matching exists under the teachers' rankings: after the rotation [{}], {teacher} is left with {left} acceptable partner(s) but needs {needed} in any stable matching; the greedy by score was used instead (its blocking pairs are listed)",
                    v.join(", ")
                )
            }
        }
    }
}

impl Notice {
    /// Renames every teacher id held in a typed field (used by pseudonymisation; a
    /// validation notice renames its own typed fields, see [`crate::cohort::Notice::rename`]).
    pub fn rename(&mut self, m: &dyn Fn(&String) -> String) {
        let one = |x: &mut String| *x = m(x);
        match self {
            Notice::Validation { notice } => notice.rename(m),
            Notice::TopK { .. }
            | Notice::HistoryPenalised { .. }
            | Notice::HistoryForbidden { .. } => {}
            Notice::MustPairWithinCooldown { a, b }
            | Notice::PinDropped { a, b, .. }
            | Notice::MutualChoiceDropped { a, b, .. } => {
                one(a);
                one(b);
            }
            Notice::MutualChoicesKept { pairs } => {
                for (a, b) in pairs {
                    one(a);
                    one(b);
                }
            }
            Notice::OddLeftOut { teachers, .. } => teachers.iter_mut().for_each(one),
            Notice::TrioFormed { third, a, b, .. } => {
                one(third);
                one(a);
                one(b);
            }
            Notice::NoTrio { why } => {
                if let NoTrioReason::NoCompatiblePair { teachers }
                | NoTrioReason::NoCommonWindow { teachers } = why
                {
                    teachers.iter_mut().for_each(one);
                }
            }
            Notice::LeaverEntryDropped { teacher, left, .. } => {
                one(teacher);
                one(left);
            }
            Notice::NoStableMatching {
                teacher, rotation, ..
            } => {
                one(teacher);
                for (x, y) in rotation {
                    one(x);
                    one(y);
                }
            }
        }
    }
}
