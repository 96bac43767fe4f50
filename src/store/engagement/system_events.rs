//! The emulator's own records reaching event filters of type SYSTEM
//! (docs/behaviour.md#system-events): every delivery and engagement record (`_email.send`,
//! `_SMS.BUFFERED`, `_campaign.send`, `_journey.send`, `_email.open`…) is an event that an
//! event-triggered campaign (or journey) with a SYSTEM filter may match. Records are queued when
//! they are made (the maker may hold an app lock) and handed to the filters by the due-work
//! runner, at the instant it processes them.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use serde::Deserialize;

use super::campaigns::trigger::Arrival;
use crate::model::FilterType;
use crate::store::events::recorded::RecordedEvent;
use crate::store::{Scope, Store};
use crate::time;

/// The SYSTEM-triggered sends made at one instant: (scope, campaign or journey, endpoint).
type Fired = (i64, HashSet<(Scope, String, String)>);

/// The queued records, and which SYSTEM-triggered sends were made at the current instant.
#[derive(Debug, Default)]
pub struct SystemEvents {
    /// Set once any campaign or journey with a SYSTEM filter has been written: until then no
    /// record is queued.
    armed: AtomicBool,
    queued: Mutex<Vec<RecordedEvent>>,
    /// (scope, campaign or journey, endpoint) fired at `instant`: one send each per instant.
    fired: Mutex<Fired>,
}

#[derive(Deserialize)]
struct Body {
    #[serde(rename = "EventType", default)]
    event_type: String,
    #[serde(rename = "Attributes", default)]
    attributes: BTreeMap<String, String>,
    #[serde(rename = "Metrics", default)]
    metrics: BTreeMap<String, f64>,
}

impl SystemEvents {
    /// Starts queueing records when `system` says a SYSTEM filter exists.
    pub fn arm_for(&self, system: bool) {
        if system {
            self.armed.store(true, Ordering::Relaxed);
        }
    }

    /// Queues the records of an endpoint, when a SYSTEM filter may read them.
    pub fn push(&self, records: &[RecordedEvent]) {
        if !self.armed.load(Ordering::Relaxed) {
            return;
        }
        let mut q = self.queued.lock();
        q.extend(records.iter().filter(|r| r.endpoint_id.is_some()).cloned());
    }

    /// When the scope's earliest queued record arrived.
    pub fn first_due(&self, scope: &Scope) -> Option<DateTime<Utc>> {
        self.queued
            .lock()
            .iter()
            .filter(|r| *r.account_id == *scope.account && *r.region == *scope.region)
            .filter_map(|r| time::parse_iso8601(&r.received_at))
            .min()
    }

    fn take(&self, scope: &Scope) -> Vec<RecordedEvent> {
        let mut q = self.queued.lock();
        let (mine, rest) = std::mem::take(&mut *q)
            .into_iter()
            .partition(|r| *r.account_id == *scope.account && *r.region == *scope.region);
        *q = rest;
        mine
    }

    /// Whether a SYSTEM-triggered send of `source` to `endpoint` may still be made at `at`: at
    /// most one per instant, so two filters that match each other's records cannot loop. Other
    /// filter types always may.
    pub fn may_fire(
        &self,
        scope: &Scope,
        source: &str,
        endpoint: &str,
        at: DateTime<Utc>,
        kind: FilterType,
    ) -> bool {
        if kind != FilterType::System {
            return true;
        }
        let mut f = self.fired.lock();
        let instant = at.timestamp_millis();
        if f.0 != instant {
            *f = (instant, HashSet::new());
        }
        f.1.insert((scope.clone(), source.to_string(), endpoint.to_string()))
    }

    pub fn clear(&self) {
        self.queued.lock().clear();
        *self.fired.lock() = (0, HashSet::new());
    }
}

impl Store {
    /// Starts queueing records when a loaded app has a campaign or journey with a SYSTEM filter.
    pub(crate) fn arm_system_events(&self, apps: &[(Scope, std::sync::Arc<crate::store::App>)]) {
        for (_, app) in apps {
            let data = app.read();
            let campaigns = data
                .campaigns()
                .values()
                .any(|c| super::campaigns::system_filter(&c.versions.latest().1.body));
            let journeys = data.journeys().values().any(|j| {
                j.event_start()
                    .and_then(|c| c.event_filter.as_ref())
                    .and_then(|f| f.filter_type)
                    == Some(FilterType::System)
            });
            self.system.arm_for(campaigns || journeys);
        }
    }

    /// Hands the scope's queued records to the SYSTEM filters of their apps' campaigns and
    /// journeys; returns whether there were any.
    pub(crate) fn run_system_events(&self, scope: &Scope) -> bool {
        let records = self.system.take(scope);
        if records.is_empty() {
            return false;
        }
        let mut by_app: BTreeMap<String, Vec<Arrival>> = BTreeMap::new();
        for r in records {
            let Ok(body) = serde_json::from_str::<Body>(r.event.get()) else {
                continue;
            };
            let Some(endpoint_id) = r.endpoint_id.as_deref() else {
                continue;
            };
            by_app
                .entry(r.application_id.to_string())
                .or_default()
                .push(Arrival {
                    endpoint_id: endpoint_id.to_string(),
                    event_type: body.event_type,
                    attributes: body.attributes,
                    metrics: body.metrics,
                });
        }
        for (app_id, arrivals) in by_app {
            self.trigger_campaigns(scope, &app_id, &arrivals, FilterType::System);
            self.trigger_journeys(scope, &app_id, &arrivals, FilterType::System);
        }
        true
    }
}
