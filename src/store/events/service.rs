//! Events the emulator records itself (docs/behaviour.md#event-origin): what a delivery
//! records (`_email.send`, `_SMS.BUFFERED`, `_campaign.send`) and what the engagement route
//! records. They go to the same recorded-events log as PutEvents records, shaped the same way,
//! with their [`Origin`]; unlike PutEvents they never create or change an endpoint, and segment
//! Recency does not count them as the endpoint's activity.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Number, Value};

use super::recorded::{Origin, RecordedEvent};
use crate::store::{Scope, Store};

/// One event the service records: its type, attributes and metrics, and who recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceEvent {
    /// [`Origin::Delivery`] or [`Origin::Engagement`].
    pub origin: Origin,
    pub event_type: String,
    pub attributes: BTreeMap<String, String>,
    pub metrics: BTreeMap<String, f64>,
    /// The endpoint's UserId, when the caller knows it (a delivery to an endpoint of a user).
    pub user_id: Option<String>,
}

impl ServiceEvent {
    /// A delivery's event of `event_type` with these attributes, no metrics and no user.
    pub fn delivery(event_type: &str, attributes: BTreeMap<String, String>) -> Self {
        Self {
            origin: Origin::Delivery,
            event_type: event_type.to_string(),
            attributes,
            metrics: BTreeMap::new(),
            user_id: None,
        }
    }
}

/// A service event's body as the log keeps it (members in byte order, as it always was).
#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct Body<'a, A: serde::Serialize> {
    attributes: &'a A,
    event_type: &'a str,
    metrics: Metrics<'a>,
    timestamp: &'a str,
}

/// Attributes as name–value pairs sorted by name, written as the JSON object a map of them
/// would be: what a delivery records for each message, borrowed from the message rather than
/// copied into a map per record.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Pairs<'a>(Vec<(&'a str, Cow<'a, str>)>);

impl<'a> Pairs<'a> {
    /// No pairs yet, with room for `n`.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Pairs(Vec::with_capacity(n))
    }

    /// Sets `name` to `value`, in place of an earlier value.
    pub(crate) fn set(&mut self, name: &'a str, value: impl Into<Cow<'a, str>>) {
        let value = value.into();
        match self.0.binary_search_by(|(n, _)| (*n).cmp(name)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (name, value)),
        }
    }

    /// The pairs as an owned map.
    pub(crate) fn to_map(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

impl serde::Serialize for Pairs<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The metrics, each written as [`metric`] says.
struct Metrics<'a>(&'a BTreeMap<String, f64>);

impl serde::Serialize for Metrics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, metric(*v))))
    }
}

/// A metric as JSON: a whole value as an integer (`2`, not `2.0`), as PutEvents records keep
/// what clients send; a value JSON cannot hold (NaN, infinity) as null.
fn metric(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::Number(Number::from(v as i64))
    } else {
        Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// What the records of one app of a scope made at one instant share: their names and the
/// instant, each kept once and shared by every record (a campaign run records one per targeted
/// endpoint).
pub(crate) struct Stamp {
    account: Arc<str>,
    region: Arc<str>,
    app: Arc<str>,
    now: Arc<str>,
}

impl Stamp {
    /// A stamp at `now` sharing names the caller already holds.
    pub(crate) fn of(
        account: &Arc<str>,
        region: &Arc<str>,
        app: &Arc<str>,
        now: &Arc<str>,
    ) -> Self {
        Stamp {
            account: account.clone(),
            region: region.clone(),
            app: app.clone(),
            now: now.clone(),
        }
    }

    /// Whether records of app `app` of this account and region, at `now`, can share this
    /// stamp (the same names, usually the very same shared strings).
    pub(crate) fn fits(
        &self,
        account: &Arc<str>,
        region: &Arc<str>,
        app: &Arc<str>,
        now: &Arc<str>,
    ) -> bool {
        let same = |a: &Arc<str>, b: &Arc<str>| Arc::ptr_eq(a, b) || a == b;
        same(&self.account, account)
            && same(&self.region, region)
            && same(&self.app, app)
            && same(&self.now, now)
    }

    /// The record of a service event, not yet in the log.
    pub(crate) fn record(
        &self,
        store: &Store,
        endpoint_id: Option<&str>,
        event: ServiceEvent,
    ) -> RecordedEvent {
        let body = Body {
            attributes: &event.attributes,
            event_type: &event.event_type,
            metrics: Metrics(&event.metrics),
            timestamp: &self.now,
        };
        let id = store.ids.event_id();
        self.made(
            id,
            endpoint_id,
            event.user_id.as_deref(),
            event.origin,
            body,
        )
    }

    /// The record of a delivery's event of `event_type` with these attributes and no metrics,
    /// without its EventId yet: records are made ahead of the log's order and numbered by
    /// [`Store::record_numbered`] when they are appended, so ids keep the log's order.
    pub(crate) fn delivery_unnumbered(
        &self,
        endpoint_id: Option<&str>,
        user_id: Option<&str>,
        event_type: &str,
        attributes: &Pairs<'_>,
    ) -> RecordedEvent {
        let body = Body {
            attributes,
            event_type,
            metrics: Metrics(&BTreeMap::new()),
            timestamp: &self.now,
        };
        self.made(String::new(), endpoint_id, user_id, Origin::Delivery, body)
    }

    /// The record of an event whose body is `body`: written straight from the caller's
    /// values, no intermediate JSON value per record.
    fn made<A: serde::Serialize>(
        &self,
        event_id: String,
        endpoint_id: Option<&str>,
        user_id: Option<&str>,
        origin: Origin,
        body: Body<'_, A>,
    ) -> RecordedEvent {
        let text = serde_json::value::to_raw_value(&body)
            .expect("an event of strings and numbers is valid JSON text");
        RecordedEvent {
            account_id: self.account.clone(),
            region: self.region.clone(),
            application_id: self.app.clone(),
            endpoint_id: endpoint_id.map(Arc::from),
            event_id,
            user_id: user_id.map(Arc::from),
            received_at: self.now.clone(),
            origin,
            event: text,
            event_type: Some(body.event_type.into()),
        }
    }
}

impl Store {
    /// The stamp of records for app `app_id` of `scope` made now, at the scope clock.
    pub(crate) fn stamp(&self, scope: &Scope, app_id: &str) -> Stamp {
        Stamp {
            account: scope.account.as_str().into(),
            region: scope.region.as_str().into(),
            app: app_id.into(),
            now: self.now_iso(scope).into(),
        }
    }

    /// The record of a service event, stamped with the scope clock, not yet in the log.
    pub(crate) fn service_record(
        &self,
        scope: &Scope,
        app_id: &str,
        endpoint_id: Option<&str>,
        event: ServiceEvent,
    ) -> RecordedEvent {
        self.stamp(scope, app_id).record(self, endpoint_id, event)
    }

    /// Records an event the service makes itself: for app `app_id` of `scope`, for endpoint
    /// `endpoint_id` (`None` when the message went to a raw address), at the scope clock
    /// (`ReceivedAt` and the event's `Timestamp` are both `Store::now(scope)`), and returns the
    /// record as `GET /_pinpoint/events` shows it.
    ///
    /// It only appends to the recorded-events log: it neither creates nor changes the app or
    /// the endpoint, checks neither exists, and takes no app lock, so a caller may hold one.
    /// Segment Recency ignores these records. Use [`ServiceEvent::delivery`] for
    /// `_campaign.send` and the other delivery records.
    pub fn record_service_event(
        &self,
        scope: &Scope,
        app_id: &str,
        endpoint_id: Option<&str>,
        event: ServiceEvent,
    ) -> RecordedEvent {
        let record = self.service_record(scope, app_id, endpoint_id, event);
        self.record_service_events(vec![record.clone()]);
        record
    }

    /// Numbers records made by [`Stamp::delivery_unnumbered`], in order, and appends them.
    pub(crate) fn record_numbered(&self, mut records: Vec<RecordedEvent>) {
        for r in &mut records {
            r.event_id = self.ids.event_id();
        }
        self.record_service_events(records);
    }

    /// Appends records made by [`Store::service_record`], in order.
    pub(crate) fn record_service_events(&self, records: Vec<RecordedEvent>) {
        if records.is_empty() {
            return;
        }
        self.touch();
        self.system.push(&records);
        self.events.record(records);
    }
}
