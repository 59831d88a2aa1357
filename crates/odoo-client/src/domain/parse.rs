//! Parsing a domain from untrusted JSON, with limits.

/// Limits applied when parsing untrusted JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DomainLimits {
    /// Deepest nesting of `any`/`not any` sub-domains and JSON arrays.
    pub max_depth: usize,
    /// Most elements (operators and conditions) in the whole domain.
    pub max_elements: usize,
}

/// A domain that could not be parsed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid domain: {0}")]
pub struct DomainError(pub(crate) String);
