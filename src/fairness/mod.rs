//! Fairness audit for any matching: who is short-changed, and would any pair rather
//! break away?
//!
//! The audit works on plain indexed data ([`AuditInput`]): agents `0..n`, the feasible
//! pairs and their scores as a [`WeightedGraph`](crate::matching::WeightedGraph),
//! optional stated preference lists, optional capacities (several partners per agent)
//! and optional group labels per agent ([`GroupLabels`], e.g. school `"S1"`, subject
//! `"maths"`, keyed by the typed [`GroupKey`]).
//! A matching is given as a list of pairs, so the same audit serves roommates pairings,
//! mentor–mentee assignments (number mentees `0..n` and mentors `n..n+m` in one index
//! space) and maximum-weight or fair-objective plans. The result ([`Audit`]) is
//! serde-serialisable.
//!
//! # What is reported
//! * **Blocking pairs** under stated preferences (when given) and under score-derived
//!   preferences. A pair `{i, j}` can block only if it is *feasible* (an edge of the
//!   score graph: hard constraints are respected) and not matched together. Agent `i`
//!   *wants* `j` when `i` has a free place (fewer partners than its capacity) or
//!   prefers `j` to its least-preferred current partner. Under scores, `i` prefers `j` to
//!   `k` iff `score(i, j) > score(i, k)` (ties never block: weak stability). Under stated
//!   preferences both must list each other, and a partner missing from `i`'s list ranks
//!   below every listed agent. The pair blocks when each wants the other.
//! * **Per agent**: each partner's rank in the agent's stated list, its *score rank*
//!   (how many feasible partners score strictly higher) and the pair's score.
//! * **Worst-off agents**: the matched agent with the lowest pair score, and (with stated
//!   preferences) the one with the worst stated rank.
//! * **Per group** (every label key and value): members, matched members, match rate,
//!   mean pair score.
//! * **Unmatched agents with a reason** ([`UnmatchedReason`]), defined on scores:
//!   - `NoFeasiblePartner`: the agent has no feasible pair at all;
//!   - `ZeroCapacity`: its own capacity is 0;
//!   - `Capacity`: every feasible partner is full, with partners it scores at least as
//!     high as this agent: nobody had room for it;
//!   - `LostOut`: at least one feasible partner had room or would have scored this agent
//!     higher than one of its partners (so the agent and that candidate form a blocking
//!     pair): the plan chose other pairings that serve its objective better (e.g. total
//!     weight, cardinality, or the weakest pair). The candidates are listed.

mod audit;
mod index;
mod labels;
mod metrics;
#[cfg(test)]
mod reference;

pub(crate) use audit::checked_partners;
pub use audit::{
    audit, pairs_from_partners, AgentAudit, Audit, AuditError, AuditInput, BlockingPair,
    PartnerAudit, StatedPrefsProblem, UnmatchedAgent, UnmatchedReason, WorstOff,
};
pub use labels::{GroupKey, GroupLabels};
pub use metrics::GroupStats;
