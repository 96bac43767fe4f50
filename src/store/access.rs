//! The one way a rule reaches an app's data: look the app up in its scope, take its lock, run
//! the rule, and count a change after a successful write. A missing app is
//! [`AppNotFound`](super::StoreError::AppNotFound) ("Application not found").

use super::app::AppData;
use super::{Scope, Store, StoreResult};

impl Store {
    /// Runs `f` on an app's data under its read lock; a missing app is
    /// [`AppNotFound`](super::StoreError::AppNotFound).
    pub fn read_app<R>(
        &self,
        scope: &Scope,
        app_id: &str,
        f: impl FnOnce(&AppData) -> R,
    ) -> StoreResult<R> {
        let app = self.app(scope, app_id)?;
        let data = app.read();
        Ok(f(&data))
    }

    /// Runs `f` on an app's data under its write lock and, when it succeeds, counts a change;
    /// a missing app is [`AppNotFound`](super::StoreError::AppNotFound).
    pub(crate) fn write_app<R>(
        &self,
        scope: &Scope,
        app_id: &str,
        f: impl FnOnce(&mut AppData) -> StoreResult<R>,
    ) -> StoreResult<R> {
        let app = self.app(scope, app_id)?;
        let r = f(&mut app.data.write())?;
        self.touch();
        Ok(r)
    }
}
