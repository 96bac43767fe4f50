//! The id of the request being answered, in scope for the whole request (set by [`super::front`]),
//! so an error body can name it wherever it is rendered.

use std::sync::Arc;

tokio::task_local! {
    pub(super) static REQUEST_ID: Arc<str>;
}

/// Runs `f` with the id of the request being answered (empty outside a request).
pub fn current<R>(f: impl FnOnce(&str) -> R) -> R {
    match REQUEST_ID.try_with(Arc::clone) {
        Ok(id) => f(&id),
        Err(_) => f(""),
    }
}
