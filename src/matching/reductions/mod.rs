//! Problems solved by reduction to maximum-weight matching: b-matching (Tutte's gadget),
//! the bottleneck and leximin objectives (threshold searches over weighted solves) and the
//! capacitated mentor–mentee assignment.

mod assignment;
pub mod bmatching;
mod bottleneck;

pub use assignment::{
    max_weight_assignment, AssignmentError, AssignmentMethod, CapacitatedAssignment,
};
pub use bmatching::{b_matching_gadget_size, max_weight_b_matching, BGadgetSize, BMatching};
pub use bottleneck::{
    bottleneck_b_matching, bottleneck_matching, leximin_matching, BottleneckBMatching,
    BottleneckMatching, LeximinError,
};
