//! Whether an event matches an event-triggered campaign's `EventFilter`
//! (docs/behaviour.md#event-campaigns): the event type against the `EventType` set, each
//! `Attributes` entry against the event attribute of that name, each `Metrics` entry against the
//! event metric of that name; every dimension must match.

use std::collections::BTreeMap;

use crate::model::{AttributeDimension, AttributeType, DimensionType, EventFilter, SetDimension};
use crate::store::engagement::segments::eval::compare;
use crate::time;

/// One event as a filter reads it.
#[derive(Debug, Clone, Copy)]
pub struct EventView<'a> {
    pub event_type: &'a str,
    pub attributes: &'a BTreeMap<String, String>,
    pub metrics: &'a BTreeMap<String, f64>,
}

/// Whether `e` matches `filter` (a filter without dimensions matches every event).
pub fn event_matches(filter: &EventFilter, e: EventView<'_>) -> bool {
    let Some(d) = &filter.dimensions else {
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
            f,
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
