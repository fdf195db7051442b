//! # The resource contract
//!
//! What each entry point costs in time and memory, as a function of the input, and what
//! happens at the limits. Memory is O(input + output): no small file may cost gigabytes.
//! Every limit below fails *up front* with a typed error naming the number and the way
//! out (the example programs exit with status 2), or switches mode with a typed notice —
//! never by running out of memory.
//!
//! The measures:
//!
//! * `n` — teachers in the cohort (or vertices with an edge, for the matching core);
//! * `N` — vertices a [`WeightedGraph`](crate::matching::WeightedGraph) *declares*;
//! * `m` — edges (feasible pairs kept in the compatibility graph);
//! * `F` — feasible pairs of a cohort under its policy (all of them, before top-k);
//! * `B = Σ_v min(capacity_v, deg v)` — capacities clamped to the number of feasible
//!   partners;
//! * `L` — total length of the preference lists (stable matching);
//! * `g` — group participants.
//!
//! ## The matching core
//!
//! | entry point | time | memory |
//! | --- | --- | --- |
//! | [`WeightedGraph::new`](crate::matching::WeightedGraph::new) | O(m log m) | O(m); nothing per declared vertex |
//! | [`max_weight_matching`](crate::matching::max_weight_matching) (and `_with_certificate`) | O(n·m·log n) worst case | O(n + m) working; output 4 bytes (mate) + 8 bytes (dual) per *declared* vertex |
//! | [`max_weight_b_matching`](crate::matching::reductions::max_weight_b_matching) | the solver on a gadget of `B + 2m ≤ 4m` vertices | O(B + m + Σ_uv (b_u + b_v)) |
//! | [`verify`](crate::matching::verify) | O((N + m)·α) | O(N + m) |
//! | stable roommates, hospitals–residents | O(n + L) | O(n + L) |
//!
//! * A declared vertex without a usable edge costs the solver nothing: when at least a
//!   quarter of the `N` declared vertices are isolated they are compacted away before the
//!   solve. The [`Matching`](crate::matching::Matching) and the
//!   [`Certificate`](crate::matching::Certificate) are dense over declared vertices (their
//!   public, serialised form), so the *output* is 12 bytes per declared vertex. A caller
//!   with sparse vertex ids renumbers first: `solve_edges` does (it solves on the vertices
//!   with an edge and prints the declared ids), so `4294967294 1` / `0 1 5` runs in 2.5 MB.
//! * A capacity counts as `min(capacity, degree)`: `capacity = 4294967295` on a teacher
//!   with one feasible partner costs as much as capacity 1.
//! * Limits: `N ≤` [`MAX_VERTICES`](crate::matching::MAX_VERTICES) (`2^32 − 2`), `|w| ≤`
//!   [`MAX_WEIGHT`](crate::matching::MAX_WEIGHT) and `⌊N/2⌋·max|w|` within `i64`; each is a
//!   [`MatchingError`](crate::matching::MatchingError) naming the edge or the count.
//!
//! ## Cohorts, graphs and plans
//!
//! | entry point | time | memory |
//! | --- | --- | --- |
//! | [`Cohort::from_path`](crate::cohort::Cohort::from_path), JSON/CSV loading | O(file size) | O(file size) |
//! | [`validate`](crate::cohort::validate()) | O(n log n + list lengths) | O(n + list lengths) |
//! | [`Scorer::new`](crate::compat::Scorer::new) | O(cohort size × log) | O(cohort size) |
//! | [`Scorer::explain`](crate::compat::Scorer::explain) (`explain_pair`) | O(the two teachers' data) after the scorer | no graph is built |
//! | [`CompatibilityGraph::build`](crate::graph::CompatibilityGraph::build), exact | O(n + mask tests of nearby school pairs + F scores) | ≈ 250 bytes per feasible pair, at most [`Policy::max_exact_pairs`](crate::compat::Policy::max_exact_pairs) pairs |
//! | the same, top-k | the same scoring, plus O(F log k) | O(n·k) |
//! | [`Planner::plan`](crate::plan::Planner::plan) | graph building plus one solver call on the residual graph (b-matching gadget when capacities exceed 1) | O(n + m) plus the b-matching gadget (≤ 4m vertices) |
//! | the trio ([`OddPolicy::Trio`](crate::plan::OddPolicy::Trio)) | O(Σ_u (deg u + Σ_{a∈N(u)} pairs(a))) ≤ O(m·max capacity) | O(n + m) |
//! | groups ([`crate::groups`]) | see the module | dense below [`SPARSE_FROM`](crate::groups::SPARSE_FROM) participants (`8g² + 8gk` bytes), O(g + edges) above |
//! | reports ([`crate::report`]) | O(n + pairs) | O(n + pairs) |
//!
//! * **The exact-graph budget.** An exact graph holds every feasible pair, about 250 bytes
//!   each (measured: 2,000 mutually compatible teachers, 1,999,000 pairs, 490 MB peak).
//!   [`CompatibilityGraph::build`](crate::graph::CompatibilityGraph::build) first checks
//!   [`check_pair_budget`](crate::compat::check_pair_budget): when `n(n−1)/2` exceeds
//!   [`Policy::max_exact_pairs`](crate::compat::Policy::max_exact_pairs) (default
//!   [`DEFAULT_MAX_EXACT_PAIRS`](crate::compat::DEFAULT_MAX_EXACT_PAIRS) = 4,000,000, about
//!   1 GB) it counts the feasible pairs without keeping them, stopping at the budget + 1.
//!   Over budget it fails with
//!   [`BuildError::PairBudget`](crate::compat::BuildError::PairBudget):
//!
//!   ```text
//!   an exact compatibility graph of these 8000 teachers would hold more than 4000000
//!   feasible pairs (the policy's max_exact_pairs; about 256 bytes each): use top-k
//!   candidates (--top-k 30, or CandidateMode::TopK { k: 30 }), split the cohort by
//!   region, or raise max_exact_pairs
//!   ```
//!
//!   The planner's automatic mode is exact only up to
//!   [`AUTO_EXACT_LIMIT`](crate::plan::AUTO_EXACT_LIMIT) = 2,000 teachers (at most
//!   1,999,000 pairs, inside the default budget) and top-30 beyond, with a
//!   [`Notice::TopK`](crate::plan::Notice::TopK).
//! * **Candidate scoring** is quadratic in the teachers of school pairs within travel reach
//!   (with no travel limit, in all teachers), with a small constant (bit-mask tests before
//!   a full score). Split a national cohort by region first.
//! * **Capacities** count as `min(capacity, feasible partners)` here too, so the gadget of
//!   the b-matching is at most 4 vertices per edge.
//!
//! ## Processes
//!
//! Every example program exits 0 on success, 2 for bad input or arguments (with the file,
//! line, teacher or field named), 1 for a certificate that fails to verify or an internal
//! inconsistency that is reported; a closed standard output (`program | head`) ends it
//! quietly with the status it would have had, never a panic.
//!
//! The claims above that can be measured in-process are tested with a capped allocator in
//! `tests/resources.rs`: 20,000,000 declared vertices solve within 12 bytes per declared
//! vertex + 1 MiB; `solve_edges`'s path on 4,294,967,294 declared vertices within 64 KiB;
//! huge capacities within 64 KiB; 8,000 mutually compatible teachers in exact mode fail
//! with the budget error within 64 MiB, and the budget is exact at its boundary.
