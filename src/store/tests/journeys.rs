//! Journeys without HTTP: validation and the state machine (docs/behaviour.md#journeys).

use serde_json::{json, Map, Value};

use super::*;
use crate::store::engagement::journeys::JourneyState;

fn body(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn journey() -> Map<String, Value> {
    body(
        json!({"Name": "welcome", "StartActivity": "a", "RefreshFrequency": "PT1H",
        "Activities": {"a": {"EMAIL": {"NextActivity": "b"}}, "b": {"Wait": {}}}}),
    )
}

#[test]
fn journeys_are_validated() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let too_many: Map<String, Value> = (0..41).map(|i| (format!("a{i}"), json!({}))).collect();
    let bad = [
        json!({}),
        json!({"Name": "two words"}),
        json!({"Name": "x".repeat(151)}),
        json!({"Name": "x", "Activities": {"not-alnum": {}}}),
        json!({"Name": "x", "Activities": {"a": {"Wait": {"NextActivity": "nowhere"}}}}),
        json!({"Name": "x", "StartActivity": "nowhere"}),
        json!({"Name": "x", "State": "PAUSED"}),
        json!({"Name": "x", "Activities": too_many}),
    ];
    for b in bad {
        let e = s
            .create_journey(&scope(), APP, body(b.clone()), Default::default())
            .unwrap_err();
        assert!(
            matches!(e, StoreError::Invalid(_) | StoreError::LimitExceeded(_)),
            "{b}: {e:?}"
        );
    }
    assert!(s.journeys(&scope(), APP).unwrap().is_empty());
    let j = s
        .create_journey(&scope(), APP, journey(), Default::default())
        .unwrap();
    assert_eq!(j.state, JourneyState::DRAFT);
    let mut active = journey();
    active.insert("State".into(), json!("ACTIVE"));
    assert_eq!(
        s.create_journey(&scope(), APP, active, Default::default())
            .unwrap()
            .state,
        JourneyState::ACTIVE
    );
}

#[test]
fn the_state_machine_and_the_conflicts() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let id = s
        .create_journey(&scope(), APP, journey(), Default::default())
        .unwrap()
        .id;
    let to = |st: &str| {
        s.update_journey_state(&scope(), APP, &id, Some(st))
            .map(|j| j.state)
    };
    assert!(to("PAUSED").is_err(), "a draft cannot pause");
    assert!(to("COMPLETED").is_err(), "not a state a request may set");
    assert_eq!(to("ACTIVE").unwrap(), JourneyState::ACTIVE);
    // An ACTIVE journey may be renamed but its activities cannot change.
    let mut renamed = journey();
    renamed.insert("Name".into(), json!("welcome2"));
    assert!(s.update_journey(&scope(), APP, &id, renamed).is_ok());
    let changed = body(json!({"Name": "welcome", "Activities": {"x": {}}, "StartActivity": "x"}));
    assert!(matches!(
        s.update_journey(&scope(), APP, &id, changed),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(to("PAUSED").unwrap(), JourneyState::PAUSED);
    assert!(matches!(
        s.update_journey(&scope(), APP, &id, journey()),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(to("ACTIVE").unwrap(), JourneyState::ACTIVE);
    assert_eq!(to("CANCELLED").unwrap(), JourneyState::CANCELLED);
    assert!(to("ACTIVE").is_err(), "cancelled is final");
    // Without a RefreshFrequency a journey cannot pause.
    let mut plain = journey();
    plain.remove("RefreshFrequency");
    let other = s
        .create_journey(&scope(), APP, plain, Default::default())
        .unwrap()
        .id;
    s.update_journey_state(&scope(), APP, &other, Some("ACTIVE"))
        .unwrap();
    assert!(s
        .update_journey_state(&scope(), APP, &other, Some("PAUSED"))
        .is_err());
    s.delete_journey(&scope(), APP, &other).unwrap();
    assert!(matches!(
        s.journey(&scope(), APP, &other),
        Err(StoreError::NotFound)
    ));
}
