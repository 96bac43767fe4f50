//! The store: every app, endpoint, index and recorded event, and every Pinpoint rule.
//!
//! Locking model: apps live in a [`DashMap`] keyed by (account, region, app id). Each app's data
//! sits behind its own `RwLock`; a request takes the write lock of one app for the whole of its
//! (synchronous, short) work, which is what makes a request atomic: a batch, the same-address
//! rule and the 15-per-user rule see and leave a consistent app. Reads take the read lock. No
//! method is `async`, so no guard can be held across an `.await`. App creation and deletion take
//! a small global mutex so the 100-apps quota cannot be raced. Every write marks the store
//! changed, which persistence asks to know when to save.

mod access;
pub mod app;
pub mod endpoints;
pub mod engagement;
pub mod error;
pub mod events;
pub mod faults;
pub mod infra;
mod logs;
pub mod messaging;
mod options;
pub mod resources;
pub mod snapshot;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use dashmap::DashMap;
use parking_lot::{Mutex, RwLock};

use chrono::{DateTime, Utc};

use crate::clock::{Clocks, SharedClock};
use crate::ids::SharedIds;
use crate::render::Renderer;
use crate::webhook::{HttpWebhooks, SharedWebhooks};
use app::{AppData, AppMeta};
pub use error::{StoreError, StoreResult};
pub use logs::Logs;
pub use options::{Limits, StoreOptions};

/// At most this many endpoints share one UserId (docs/behaviour.md#per-user-limit).
pub const MAX_ENDPOINTS_PER_USER: usize = 15;
/// At most this many apps per account and region.
pub const MAX_APPS: usize = 100;
/// At most this many items in one UpdateEndpointsBatch.
pub const MAX_BATCH_ITEMS: usize = 100;

/// The account of a request whose access key id is not a 12-digit account number, and of
/// records in a state file that name none (docs/behaviour.md#scope-account).
pub const DEFAULT_ACCOUNT: &str = "000000000000";

/// The partition a request belongs to (docs/behaviour.md#scope).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    pub account: String,
    pub region: String,
}

impl Scope {
    /// The ARN of an app in this scope.
    pub fn app_arn(&self, app_id: &str) -> String {
        format!(
            "arn:aws:mobiletargeting:{}:{}:apps/{app_id}",
            self.region, self.account
        )
    }
}

/// One app: fixed metadata and its lockable data. Only the store takes the write lock.
#[derive(Debug)]
pub struct App {
    pub meta: AppMeta,
    data: RwLock<AppData>,
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

/// The apps of one account and region.
type Partition = HashMap<String, Arc<App>>;

/// The whole emulator state.
pub struct Store {
    /// Apps by scope, then id: looked up with borrowed keys, so no request allocates to find
    /// its app.
    apps: DashMap<Scope, Partition>,
    app_lock: Mutex<()>,
    options: StoreOptions,
    /// Set by every write, taken by the state file's saver ([`Store::take_changed`]).
    changed: AtomicBool,
    /// The recorded-events log.
    pub events: events::recorded::EventLog,
    /// The sent-message log.
    pub sent: messaging::messages::sent::SentLog,
    /// Message templates, per account and region (not per app).
    templates:
        infra::scoped::Book<messaging::templates::TemplateKey, messaging::templates::Template>,
    /// Recommender configurations, per account and region.
    recommenders: infra::scoped::Book<String, resources::recommenders::Recommender>,
    /// One-time passwords in flight.
    otps: Mutex<messaging::messages::otp::OtpBook>,
    /// The opt-out list, per account.
    opt_outs: Mutex<messaging::messages::opt_outs::OptOuts>,
    /// Fault-injection rules (`/_pinpoint/faults`, `--faults`).
    pub faults: faults::Faults,
    /// Renders message templates; compiled templates are cached here.
    pub renderer: Renderer,
    /// Every scope's test clock (docs/behaviour.md#test-clock).
    clocks: Clocks,
    /// Sends queued by events for event-triggered campaigns, per scope.
    pub(crate) triggers: engagement::campaigns::trigger::TriggerQueue,
    /// Held while a journey runs or its progress is read or changed, so a step works on the
    /// whole of it (docs/behaviour.md#journeys-that-run).
    pub(crate) journey_lock: Mutex<()>,
    /// The emulator's own records on their way to SYSTEM event filters.
    pub(crate) system: engagement::system_events::SystemEvents,
    ids: SharedIds,
    /// Where custom channels' HTTP calls go (docs/behaviour.md#custom-channel).
    webhooks: SharedWebhooks,
}

/// Is `id` a well-formed application id, one a first write may create (docs/behaviour.md#unknown-app-id)?
pub fn valid_app_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Store {
    /// A store on `clock`; every scope starts frozen at `options.start_clock` when it is set.
    pub fn new(options: StoreOptions, logs: Logs, clock: SharedClock, ids: SharedIds) -> Self {
        let renderer = Renderer::new(
            clock.clone(),
            ids.clone(),
            options.messaging.strict_template_variables,
        );
        Self {
            apps: DashMap::new(),
            app_lock: Mutex::new(()),
            changed: AtomicBool::new(false),
            events: logs.events,
            sent: logs.sent,
            templates: Mutex::default(),
            recommenders: Mutex::default(),
            otps: Mutex::default(),
            opt_outs: Mutex::default(),
            faults: faults::Faults::default(),
            renderer,
            clocks: Clocks::new(clock, options.start_clock),
            triggers: Default::default(),
            journey_lock: Mutex::new(()),
            system: Default::default(),
            options,
            ids,
            webhooks: Arc::new(HttpWebhooks),
        }
    }

    /// The store with its custom channels' HTTP calls going to `webhooks` instead of the
    /// network (store tests give it a fake).
    pub fn with_webhooks(mut self, webhooks: SharedWebhooks) -> Self {
        self.webhooks = webhooks;
        self
    }

    /// Where custom channels' HTTP calls go.
    pub(crate) fn webhooks(&self) -> &SharedWebhooks {
        &self.webhooks
    }

    /// Every scope's test clock.
    pub fn clocks(&self) -> &Clocks {
        &self.clocks
    }

    /// A scope's current time: what every date the store writes or compares reads.
    pub fn now(&self, scope: &Scope) -> DateTime<Utc> {
        self.clocks.now(&scope.account, &scope.region)
    }

    /// A scope's current time as Pinpoint writes dates.
    pub fn now_iso(&self, scope: &Scope) -> String {
        crate::time::format_iso(self.now(scope))
    }

    pub fn options(&self) -> &StoreOptions {
        &self.options
    }

    /// Whether anything was written since the last call (or since the start), clearing the
    /// mark: persistence saves when it is set. A write the snapshot that follows misses marks
    /// the store again, for the next save: the write's app lock orders it after this call.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::AcqRel)
    }

    /// Marks the store changed again, after a save that failed.
    pub fn mark_changed(&self) {
        self.changed.store(true, Ordering::Release);
    }

    /// Marks a write. Read first: while the mark is set (most of the time between two saves),
    /// writers only read its cache line instead of taking it from each other on every write.
    fn touch(&self) {
        if !self.changed.load(Ordering::Relaxed) {
            self.changed.store(true, Ordering::Release);
        }
    }

    /// The app, or 404 "Application not found" (docs/behaviour.md#app-not-found-text).
    pub fn app(&self, scope: &Scope, app_id: &str) -> StoreResult<Arc<App>> {
        self.apps
            .get(scope)
            .and_then(|p| p.get(app_id).cloned())
            .ok_or(StoreError::AppNotFound)
    }

    /// Every app of a scope, oldest first (ties by id).
    pub fn list_apps(&self, scope: &Scope) -> Vec<AppMeta> {
        let mut apps: Vec<AppMeta> = self
            .apps
            .get(scope)
            .map(|p| p.values().map(|a| a.info()).collect())
            .unwrap_or_default();
        apps.sort_by(|a, b| (&a.creation_date, &a.id).cmp(&(&b.creation_date, &b.id)));
        apps
    }

    /// Removes an app with all its endpoints, attribute settings, channels, recorded events,
    /// sent messages and one-time passwords.
    pub fn delete_app(&self, scope: &Scope, app_id: &str) -> StoreResult<AppMeta> {
        let _guard = self.app_lock.lock();
        let app = self
            .apps
            .get_mut(scope)
            .and_then(|mut p| p.remove(app_id))
            .ok_or(StoreError::AppNotFound)?;
        self.events.clear_where(|e| {
            *e.application_id == *app_id
                && *e.account_id == *scope.account
                && *e.region == *scope.region
        });
        self.sent.clear_where(|m| {
            *m.application_id == *app_id
                && *m.account_id == *scope.account
                && *m.region == *scope.region
        });
        self.otps.lock().retain(|(account, region, app, _, _), _| {
            !(app == app_id && *account == scope.account && *region == scope.region)
        });
        self.touch();
        Ok(app.info())
    }

    /// Installs prepared apps, after dropping every existing app when `clear` is set.
    fn swap_apps(&self, apps: Vec<(Scope, Arc<App>)>, clear: bool) {
        let _guard = self.app_lock.lock();
        if clear {
            self.apps.clear();
        }
        for (scope, app) in apps {
            self.apps
                .entry(scope)
                .or_default()
                .insert(app.meta.id.clone(), app);
        }
        self.touch();
    }

    /// Drops every app, template, recommender, recorded event, sent message, one-time password and opt-out.
    pub fn reset(&self) {
        let _guard = self.app_lock.lock();
        self.apps.clear();
        self.templates.lock().clear();
        self.recommenders.lock().clear();
        self.otps.lock().clear();
        self.opt_outs.lock().clear();
        self.events.clear_all();
        self.sent.clear_all();
        self.clocks.reset();
        self.triggers.clear();
        self.system.clear();
        self.touch();
    }
}

#[cfg(test)]
mod tests;
