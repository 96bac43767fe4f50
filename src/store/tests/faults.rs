//! Fault rules without HTTP (docs/behaviour.md#faults): counts, order, recipient matching, and
//! an invalid set changing nothing.

use crate::store::faults::{FaultSet, Faults};
use crate::store::messaging::messages::DeliveryStatus;

fn any_op(_: &str) -> bool {
    true
}

fn rules(v: serde_json::Value) -> FaultSet {
    serde_json::from_value(serde_json::json!({ "Rules": v })).unwrap()
}

#[test]
fn a_count_limits_firing_and_the_first_rule_that_fires_wins() {
    let f = Faults::default();
    assert!(!f.is_active());
    f.replace(
        rules(serde_json::json!([
            {"Operation": "GetApp", "Error": {"Status": 429}, "Count": 1},
            {"Operation": "GetApp", "LatencyMs": 5},
        ])),
        &any_op,
    )
    .unwrap();
    let first = f.on_call("GetApp", Some("a"), None).unwrap();
    assert_eq!(
        first.error.map(|e| (e.0, e.1)),
        Some((429, "TooManyRequestsException"))
    );
    let second = f.on_call("GetApp", Some("a"), None).unwrap();
    assert_eq!((second.error, second.latency_ms), (None, 5));
    assert!(f.on_call("GetApps", None, None).is_none());
    let listed = f.list();
    assert_eq!((listed.rules[0].matched, listed.rules[0].fired), (2, 1));
}

#[test]
fn recipients_match_by_endpoint_id_in_any_case_or_by_address() {
    let f = Faults::default();
    f.replace(
        rules(serde_json::json!([
            {"EndpointId": "Ana", "DeliveryStatus": "THROTTLED"},
            {"Address": "b@x.com", "DeliveryStatus": "PERMANENT_FAILURE", "ApplicationId": "app"},
        ])),
        &any_op,
    )
    .unwrap();
    let ana = f.on_recipient("SendMessages", "app", Some("ana"), Some("a@x.com"));
    assert_eq!(
        ana.map(|o| (o.0, o.1)),
        Some((DeliveryStatus::THROTTLED, 429))
    );
    assert!(f
        .on_recipient("SendMessages", "other", None, Some("b@x.com"))
        .is_none());
    assert!(f
        .on_recipient("SendMessages", "app", None, Some("b@x.com"))
        .is_some());
    // Call-level matching ignores recipient rules.
    assert!(f.on_call("SendMessages", Some("app"), None).is_none());
}

#[test]
fn an_invalid_set_changes_nothing() {
    let f = Faults::default();
    f.replace(rules(serde_json::json!([{"LatencyMs": 1}])), &any_op)
        .unwrap();
    let bad = rules(serde_json::json!([{"LatencyMs": 1}, {"Error": {"Status": 302}}]));
    assert!(f.replace(bad, &any_op).is_err());
    assert_eq!(f.list().rules.len(), 1);
    f.remove("fault-1").unwrap();
    assert!(!f.is_active());
}
