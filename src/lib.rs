//! # peermatch
//!
//! Proposes peer-mentoring partners for school teachers: a cohort of teachers becomes a
//! weighted compatibility graph, and exact matching algorithms propose pairs with
//! explanations, optimality certificates and a fairness audit.
//!
//! Data flows one way:
//!
//! ```text
//! cohort (JSON / CSV) -> compat (scores under a Policy) -> graph -> matching -> plan -> report
//! ```
//!
//! The [`matching`] module is domain-free: plain integer graphs in, plain results out.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cohort;
pub mod compat;
pub mod fairness;
pub mod graph;
pub mod groups;
pub mod matching;
pub mod plan;
pub mod report;
