//! Whether an event matches an event-triggered campaign's `EventFilter`
//! (docs/behaviour.md#event-campaigns): the event type against the `EventType` set, each
//! `Attributes` entry against the event attribute of that name, each `Metrics` entry against the
//! event metric of that name; every dimension must match.

use std::collections::{BTreeMap, VecDeque};

use chrono::{DateTime, Utc};
use parking_lot::Mutex;

use super::schedule;
use crate::model::{
    AttributeDimension, AttributeType, CampaignEventFilter, DimensionType, EventDimensions,
    FilterType, SetDimension,
};
use crate::store::endpoints::model::fold_id;
use crate::store::engagement::segments::eval::{compare, Evaluator};
use crate::store::{Scope, Store};
use crate::time;

/// A send an event queued: due at the event's arrival (docs/behaviour.md#event-campaigns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub app_id: String,
    pub campaign_id: String,
    pub endpoint_id: String,
    pub due: DateTime<Utc>,
}

/// The queued sends of every scope, each scope's in arrival order (a scope's clock never runs
/// backwards, so arrival order is due-time order). Not part of the state file; the reset
/// forgets it.
#[derive(Debug, Default)]
pub struct TriggerQueue(Mutex<BTreeMap<Scope, VecDeque<Queued>>>);

impl TriggerQueue {
    /// The scope's next queued send.
    pub fn front(&self, scope: &Scope) -> Option<Queued> {
        self.0.lock().get(scope).and_then(|q| q.front().cloned())
    }

    /// Takes the scope's next queued send.
    pub fn pop(&self, scope: &Scope) -> Option<Queued> {
        self.0.lock().get_mut(scope).and_then(VecDeque::pop_front)
    }

    fn push(&self, scope: &Scope, q: Vec<Queued>) {
        if !q.is_empty() {
            self.0.lock().entry(scope.clone()).or_default().extend(q);
        }
    }

    pub fn clear(&self) {
        self.0.lock().clear();
    }
}

/// How late a queued send may be processed: later, it is dropped as EXPIRED.
pub const EXPIRES_AFTER: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// One accepted event, as PutEvents hands it to the triggers.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub endpoint_id: String,
    pub event_type: String,
    pub attributes: BTreeMap<String, String>,
    pub metrics: BTreeMap<String, f64>,
}

impl Store {
    /// Queues, for each event of `arrivals` (accepted by PutEvents at the scope clock: filter
    /// type ENDPOINT; or recorded by the emulator itself: SYSTEM), one send of every
    /// event-triggered campaign of the app it triggers: a filter of that type, not paused, its
    /// segment still there, the arrival within [StartTime, EndTime], the filter matching, and
    /// the endpoint a member of the segment (after the batch's endpoint updates). A record about
    /// a campaign's own message never triggers that campaign.
    pub fn trigger_campaigns(
        &self,
        scope: &Scope,
        app_id: &str,
        arrivals: &[Arrival],
        kind: FilterType,
    ) {
        if arrivals.is_empty() {
            return;
        }
        let Ok(app) = self.app(scope, app_id) else {
            return;
        };
        let at = self.now(scope);
        let data = app.read();
        let armed: Vec<(&String, &super::CampaignVersion, &CampaignEventFilter)> = data
            .campaigns()
            .values()
            .filter_map(|c| {
                let (_, v) = c.versions.latest();
                let filter = v.body.schedule.as_ref()?.event_filter.as_ref()?;
                let window = schedule::event_window(c)?;
                (!v.is_paused()
                    && filter.filter_type == Some(kind)
                    && data.segments().contains_key(v.segment_id())
                    && window.0 <= at
                    && window.1.is_none_or(|end| at <= end))
                .then_some((&c.id, v, filter))
            })
            .collect();
        if armed.is_empty() {
            return;
        }
        let events = || self.last_event_times(scope, app_id);
        let eval = Evaluator::new(&data, at, &events);
        let mut queued = Vec::new();
        for a in arrivals {
            let Some(e) = data.endpoint(&fold_id(&a.endpoint_id)) else {
                continue;
            };
            let view = EventView {
                event_type: &a.event_type,
                attributes: &a.attributes,
                metrics: &a.metrics,
            };
            let own = a.attributes.get("campaign_id");
            for (id, v, filter) in &armed {
                if own == Some(*id) || !self.system.may_fire(scope, id, &e.id, at, kind) {
                    continue;
                }
                let member = data.segments().get(v.segment_id()).is_some_and(|s| {
                    eval.contains(s, Some(v.segment_version), e)
                        .unwrap_or(false)
                });
                if member && event_matches(filter.dimensions.as_ref(), view) {
                    queued.push(Queued {
                        app_id: app_id.to_string(),
                        campaign_id: (*id).clone(),
                        endpoint_id: e.id.to_string(),
                        due: at,
                    });
                }
            }
        }
        drop(data);
        self.triggers.push(scope, queued);
    }
}

/// One event as a filter reads it.
#[derive(Debug, Clone, Copy)]
pub struct EventView<'a> {
    pub event_type: &'a str,
    pub attributes: &'a BTreeMap<String, String>,
    pub metrics: &'a BTreeMap<String, f64>,
}

/// Whether `e` matches a filter's dimensions (a filter without dimensions matches every event).
/// Campaigns (`CampaignEventFilter`) and journeys (`EventFilter`) share the dimensions' shape.
pub fn event_matches(dimensions: Option<&EventDimensions>, e: EventView<'_>) -> bool {
    let Some(d) = dimensions else {
        return true;
    };
    d.event_type
        .as_ref()
        .is_none_or(|s| set_matches(s, e.event_type))
        && d.attributes
            .iter()
            .flatten()
            .all(|(name, a)| attribute_matches(a, e.attributes.get(name).map(String::as_str)))
        && d.metrics.iter().flatten().all(|(name, m)| {
            let (Some(x), Some(op), Some(v)) = (
                e.metrics.get(name),
                m.comparison_operator.as_deref(),
                m.value,
            ) else {
                return false;
            };
            compare(op, *x, v)
        })
}

/// The event type in (INCLUSIVE) or out of (EXCLUSIVE) the set, exactly as written.
fn set_matches(s: &SetDimension, event_type: &str) -> bool {
    let found = s.values.iter().flatten().any(|v| v == event_type);
    match s.dimension_type.unwrap_or(DimensionType::Inclusive) {
        DimensionType::Inclusive => found,
        DimensionType::Exclusive => !found,
    }
}

/// One attribute criterion against the event's value of that attribute; a missing attribute
/// matches only EXCLUSIVE.
fn attribute_matches(a: &AttributeDimension, value: Option<&str>) -> bool {
    let values = a.values.as_deref().unwrap_or_default();
    let t = a.attribute_type.unwrap_or(AttributeType::Inclusive);
    let Some(x) = value else {
        return t == AttributeType::Exclusive;
    };
    let date = |i: usize| values.get(i).and_then(|v| time::parse_iso8601(v));
    let at = || time::parse_iso8601(x);
    match t {
        AttributeType::Inclusive => values.iter().any(|v| v == x),
        AttributeType::Exclusive => !values.iter().any(|v| v == x),
        AttributeType::Contains => values.iter().any(|v| x.contains(v.as_str())),
        AttributeType::Before => at().zip(date(0)).is_some_and(|(t, d)| t < d),
        AttributeType::After => at().zip(date(0)).is_some_and(|(t, d)| t > d),
        AttributeType::On => at()
            .zip(date(0))
            .is_some_and(|(t, d)| t.date_naive() == d.date_naive()),
        AttributeType::Between => at()
            .zip(date(0).zip(date(1)))
            .is_some_and(|(t, (lo, hi))| lo <= t && t <= hi),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::EventFilter;

    fn filter(v: serde_json::Value) -> EventFilter {
        serde_json::from_value(v).unwrap()
    }

    fn matches(
        f: &EventFilter,
        event_type: &str,
        attrs: &[(&str, &str)],
        metrics: &[(&str, f64)],
    ) -> bool {
        let attributes = attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let metrics = metrics.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        event_matches(
            f.dimensions.as_ref(),
            EventView {
                event_type,
                attributes: &attributes,
                metrics: &metrics,
            },
        )
    }

    /// The checklist's filter: purchase, sku INCLUSIVE A1, price > 10.
    #[test]
    fn every_dimension_must_match() {
        let f = filter(json!({"FilterType": "ENDPOINT", "Dimensions": {
            "EventType": {"DimensionType": "INCLUSIVE", "Values": ["purchase"]},
            "Attributes": {"sku": {"AttributeType": "INCLUSIVE", "Values": ["A1"]}},
            "Metrics": {"price": {"ComparisonOperator": "GREATER_THAN", "Value": 10.0}}}}));
        assert!(matches(
            &f,
            "purchase",
            &[("sku", "A1")],
            &[("price", 12.0)]
        ));
        assert!(
            !matches(&f, "refund", &[("sku", "A1")], &[("price", 12.0)]),
            "another type"
        );
        assert!(
            !matches(&f, "purchase", &[("sku", "B2")], &[("price", 12.0)]),
            "another sku"
        );
        assert!(
            !matches(&f, "purchase", &[("sku", "A1")], &[("price", 5.0)]),
            "too cheap"
        );
        assert!(
            !matches(&f, "purchase", &[("sku", "A1")], &[]),
            "a missing metric never matches"
        );
        assert!(
            !matches(&f, "purchase", &[], &[("price", 12.0)]),
            "a missing attribute"
        );
    }

    #[test]
    fn exclusive_sets_and_attributes_and_dates() {
        let f = filter(json!({"FilterType": "ENDPOINT", "Dimensions": {
            "EventType": {"DimensionType": "EXCLUSIVE", "Values": ["_session.stop"]},
            "Attributes": {"tier": {"AttributeType": "EXCLUSIVE", "Values": ["free"]},
                           "when": {"AttributeType": "BETWEEN", "Values": ["2030-01-01T00:00:00Z", "2030-02-01T00:00:00Z"]}}}}));
        assert!(
            matches(&f, "purchase", &[("when", "2030-01-15T00:00:00Z")], &[]),
            "no tier is not free"
        );
        assert!(!matches(
            &f,
            "purchase",
            &[("tier", "free"), ("when", "2030-01-15T00:00:00Z")],
            &[]
        ));
        assert!(!matches(
            &f,
            "_session.stop",
            &[("when", "2030-01-15T00:00:00Z")],
            &[]
        ));
        assert!(
            !matches(&f, "purchase", &[("when", "2030-03-01T00:00:00Z")], &[]),
            "outside BETWEEN"
        );
        let contains = filter(json!({"FilterType": "ENDPOINT", "Dimensions": {
            "Attributes": {"page": {"AttributeType": "CONTAINS", "Values": ["/checkout"]}}}}));
        assert!(matches(
            &contains,
            "view",
            &[("page", "/shop/checkout/2")],
            &[]
        ));
        assert!(matches(
            &filter(json!({"FilterType": "ENDPOINT"})),
            "anything",
            &[],
            &[]
        ));
    }
}
