//! An app and its lock, and the one way a rule reaches an app's data: look the app up in its
//! scope, take its lock, run the rule, and count a change after a successful write; and the
//! listings of scopes and their apps. A missing app is
//! [`AppNotFound`](super::StoreError::AppNotFound) ("Application not found").

use std::sync::Arc;

use parking_lot::RwLock;

use super::app::{AppData, AppMeta};
use super::{Scope, Store, StoreResult};

/// One app: fixed metadata and its lockable data. Only the store takes the write lock.
#[derive(Debug)]
pub struct App {
    pub meta: AppMeta,
    pub(in crate::store) data: RwLock<AppData>,
}

impl App {
    /// An app; the metadata's tags move into its data, where they can change.
    pub(crate) fn new(mut meta: AppMeta, mut data: AppData) -> Self {
        *data.tags_mut() = std::mem::take(&mut meta.tags);
        Self {
            meta,
            data: RwLock::new(data),
        }
    }

    /// The app's metadata with its current tags.
    pub fn info(&self) -> AppMeta {
        AppMeta {
            tags: self.data.read().tags().clone(),
            ..self.meta.clone()
        }
    }

    /// The app's data under its read lock.
    pub fn read(&self) -> parking_lot::RwLockReadGuard<'_, AppData> {
        self.data.read()
    }

    /// The app's data under its write lock, for the writes that come in streams (endpoint
    /// updates, events). Another request holds the lock for a microsecond or two, so a writer
    /// that finds it taken first waits on the CPU for a few microseconds, reading the lock's
    /// state, before it lets the lock yield and park it: going to sleep and being woken costs
    /// more than that wait (measured in benches/README.md).
    pub(crate) fn write(&self) -> parking_lot::RwLockWriteGuard<'_, AppData> {
        for _ in 0..WRITE_SPINS {
            if let Some(guard) = self.data.try_write() {
                return guard;
            }
            for _ in 0..32 {
                if !self.data.is_locked() {
                    break;
                }
                std::hint::spin_loop();
            }
        }
        self.data.write()
    }
}

/// How many times [`App::write`] tries the lock before it waits the lock's own way.
const WRITE_SPINS: usize = 8;

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
