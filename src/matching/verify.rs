//! Independent checker of matching certificates. (Placeholder: being written.)

use thiserror::Error;

use super::{Certificate, Matching, WeightedGraph};

/// Why a certificate does not prove a matching optimal.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CertificateError {
    /// Placeholder.
    #[error("not yet implemented")]
    Unchecked,
}

/// Checks that `cert` proves `matching` optimal for `graph`.
///
/// # Errors
/// Names the first violated condition.
pub fn verify(
    _graph: &WeightedGraph,
    _matching: &Matching,
    _cert: &Certificate,
) -> Result<(), CertificateError> {
    Err(CertificateError::Unchecked)
}
