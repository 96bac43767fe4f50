//! The one way a rule reaches an app's data: look the app up in its scope, take its lock, run
//! the rule, and mark a change after a successful write; the listings of scopes and their apps;
//! and an app's creation (on a first write, by CreateApp, from a state file). A missing app is
//! [`AppNotFound`](super::StoreError::AppNotFound) ("Application not found").

use std::collections::BTreeMap;
use std::sync::Arc;

use super::app::{AppData, AppMeta};
use super::{valid_app_id, App, Scope, Store, StoreError, StoreResult, MAX_APPS};

/// An app made for a first write, not yet visible: [`NewApp::publish`] adds it to the store;
/// dropping it instead discards the app. It holds the app-creation lock meanwhile.
pub(crate) struct NewApp<'s> {
    store: &'s Store,
    scope: Scope,
    _guard: parking_lot::MutexGuard<'s, ()>,
}

impl NewApp<'_> {
    /// Makes the app visible.
    pub(crate) fn publish(self, app: &Arc<App>) {
        self.store
            .apps
            .entry(self.scope)
            .or_default()
            .insert(app.meta.id.clone(), Arc::clone(app));
        self.store.touch();
    }
}

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

/// App creation: on a first write, or by CreateApp and a state file.
impl Store {
    /// The app for an endpoint or event write: created on first write unless strict
    /// (docs/behaviour.md#unknown-app-write).
    pub fn app_for_write(&self, scope: &Scope, app_id: &str, now: &str) -> StoreResult<Arc<App>> {
        let (app, new) = self.app_to_write(scope, app_id, now)?;
        if let Some(new) = new {
            new.publish(&app);
        }
        Ok(app)
    }

    /// The app a write goes to. An app that does not exist yet comes with a [`NewApp`]: the
    /// caller publishes it once its write has succeeded, so a refused first write creates
    /// nothing. Until then, no other request can create the same app.
    pub(super) fn app_to_write(
        &self,
        scope: &Scope,
        app_id: &str,
        now: &str,
    ) -> StoreResult<(Arc<App>, Option<NewApp<'_>>)> {
        if let Ok(app) = self.app(scope, app_id) {
            return Ok((app, None));
        }
        if self.options.strict_apps || !valid_app_id(app_id) {
            return Err(StoreError::AppNotFound);
        }
        let guard = self.app_lock.lock();
        if let Ok(app) = self.app(scope, app_id) {
            return Ok((app, None));
        }
        self.check_app_quota(scope)?;
        let meta = AppMeta {
            id: app_id.to_string(),
            name: app_id.to_string(),
            tags: BTreeMap::new(),
            creation_date: now.to_string(),
        };
        let app = Arc::new(App::new(meta, AppData::new(self.options.dedup_by_channel)));
        let new = NewApp {
            store: self,
            scope: scope.clone(),
            _guard: guard,
        };
        Ok((app, Some(new)))
    }

    fn check_app_quota(&self, scope: &Scope) -> StoreResult<()> {
        let count = self.apps.get(scope).map_or(0, |p| p.len());
        if count >= MAX_APPS {
            return Err(StoreError::limit(format!(
                "The maximum number of applications ({MAX_APPS}) for account {} in region {} has been reached",
                scope.account, scope.region
            )));
        }
        Ok(())
    }

    /// Adds an app, enforcing the per-scope quota. An app that already exists is returned as is.
    pub fn insert_app(&self, scope: &Scope, meta: AppMeta) -> StoreResult<Arc<App>> {
        super::resources::tags::check_tags(&meta.tags)?;
        let _guard = self.app_lock.lock();
        if let Ok(app) = self.app(scope, &meta.id) {
            return Ok(app);
        }
        self.check_app_quota(scope)?;
        let app = Arc::new(App::new(
            meta.clone(),
            AppData::new(self.options.dedup_by_channel),
        ));
        self.apps
            .entry(scope.clone())
            .or_default()
            .insert(meta.id.clone(), Arc::clone(&app));
        self.touch();
        Ok(app)
    }
}
