//! The one way a rule reaches an app's data: look the app up in its scope, take its lock, run
//! the rule, and count a change after a successful write; and the listings of scopes and their
//! apps. A missing app is
//! [`AppNotFound`](super::StoreError::AppNotFound) ("Application not found").

use std::sync::Arc;

use super::app::AppData;
use super::{App, Scope, Store, StoreResult};

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
        let r = f(&mut app.write())?;
        self.touch();
        Ok(r)
    }

    /// The scopes that hold apps, in order.
    pub fn scopes(&self) -> Vec<Scope> {
        let mut v: Vec<Scope> = self.apps.iter().map(|p| p.key().clone()).collect();
        v.sort();
        v
    }

    /// A scope's apps, oldest first (ties by id).
    pub fn apps_of(&self, scope: &Scope) -> Vec<Arc<App>> {
        let mut v: Vec<Arc<App>> = self
            .apps
            .get(scope)
            .map(|p| p.values().cloned().collect())
            .unwrap_or_default();
        v.sort_by(|a, b| {
            (&a.meta.creation_date, &a.meta.id).cmp(&(&b.meta.creation_date, &b.meta.id))
        });
        v
    }

    /// Every app of every scope, scope by scope, each scope's oldest first (for snapshots).
    pub fn all_apps(&self) -> Vec<(Scope, Arc<App>)> {
        self.scopes()
            .into_iter()
            .flat_map(|scope| {
                self.apps_of(&scope)
                    .into_iter()
                    .map(move |a| (scope.clone(), a))
            })
            .collect()
    }
}
