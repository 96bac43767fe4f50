//! The store's own failures. They say what went wrong in the domain's terms; the HTTP edge
//! ([`crate::error`]) decides the status and the wire format, in one place.

/// Why the store refused a request. The message of every variant is what a client reads.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// The app the request names does not exist in the request's scope
    /// (docs/behaviour.md#app-not-found-text).
    #[error("Application not found")]
    AppNotFound,
    /// The endpoint, user or other resource the request names does not exist.
    #[error("Resource not found")]
    NotFound,
    /// A resource the request refers to does not exist; the message names it.
    #[error("{0}")]
    Missing(String),
    /// The input breaks a rule; the message names the member that is wrong.
    #[error("{0}")]
    Invalid(String),
    /// A quota would be exceeded; the message names the quota.
    #[error("{0}")]
    LimitExceeded(String),
    /// The request conflicts with the resource's current state.
    #[error("{0}")]
    Conflict(String),
    /// One item of a batch failed: the item's own error first (clients match the service's
    /// wording with a prefix test), then which item it was.
    #[error("{source}; item {index} (endpoint {id:?}), no endpoint in the batch was updated")]
    Item {
        index: usize,
        id: String,
        source: Box<StoreError>,
    },
}

/// The store's result type.
pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// Shorthand for a broken rule.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Self::Invalid(msg.into())
    }

    /// Shorthand for an exceeded quota.
    pub fn limit(msg: impl Into<String>) -> Self {
        Self::LimitExceeded(msg.into())
    }

    /// This error, as the failure of item `index` (endpoint `id`) of a batch. The one place a
    /// batch item's error is worded.
    pub fn in_item(self, index: usize, id: &str) -> Self {
        Self::Item {
            index,
            id: id.to_string(),
            source: Box::new(self),
        }
    }

    /// The error an item failed with, without the item's name.
    pub fn root(&self) -> &Self {
        match self {
            Self::Item { source, .. } => source.root(),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_error_starts_with_the_rule_and_then_names_the_item() {
        let e = StoreError::limit("Exceeded maximum endpoint per user count:15").in_item(15, "m15");
        assert_eq!(
            e.to_string(),
            "Exceeded maximum endpoint per user count:15; item 15 (endpoint \"m15\"), no endpoint in the batch was updated"
        );
        assert!(matches!(e.root(), StoreError::LimitExceeded(_)));
    }
}
