//! Journeys without HTTP: validation and the state machine (docs/behaviour.md#journeys).

use serde_json::{json, Value};

use super::*;
use crate::model::{State, WriteJourneyRequest};
use crate::store::engagement::journeys::JourneyState;

/// A WriteJourneyRequest from its JSON, as the model check lets it through.
fn body(v: Value) -> WriteJourneyRequest {
    serde_json::from_value(v).unwrap()
}

fn journey() -> WriteJourneyRequest {
    body(
        json!({"Name": "welcome", "StartActivity": "a", "RefreshFrequency": "PT1H",
        "Activities": {"a": {"EMAIL": {"NextActivity": "b"}}, "b": {"Wait": {}}}}),
    )
}

#[test]
fn journeys_are_validated() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let too_many: serde_json::Map<String, Value> =
        (0..41).map(|i| (format!("a{i}"), json!({}))).collect();
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
            "{b:?}: {e:?}"
        );
    }
    assert!(s.journeys(&scope(), APP).unwrap().is_empty());
    let j = s
        .create_journey(&scope(), APP, journey(), Default::default())
        .unwrap();
    assert_eq!(j.state, JourneyState::DRAFT);
    let mut active = journey();
    active.state = Some(State::Active);
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
    let to = |st: JourneyState| {
        s.update_journey_state(&scope(), APP, &id, Some(st))
            .map(|j| j.state)
    };
    assert!(to(JourneyState::PAUSED).is_err(), "a draft cannot pause");
    assert!(
        to(JourneyState::COMPLETED).is_err(),
        "not a state a request may set"
    );
    assert_eq!(to(JourneyState::ACTIVE).unwrap(), JourneyState::ACTIVE);
    // An ACTIVE journey may be renamed but its activities cannot change.
    let mut renamed = journey();
    renamed.name = Some("welcome2".into());
    assert!(s.update_journey(&scope(), APP, &id, renamed).is_ok());
    let changed = body(json!({"Name": "welcome", "Activities": {"x": {}}, "StartActivity": "x"}));
    assert!(matches!(
        s.update_journey(&scope(), APP, &id, changed),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(to(JourneyState::PAUSED).unwrap(), JourneyState::PAUSED);
    assert!(matches!(
        s.update_journey(&scope(), APP, &id, journey()),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(to(JourneyState::ACTIVE).unwrap(), JourneyState::ACTIVE);
    assert_eq!(
        to(JourneyState::CANCELLED).unwrap(),
        JourneyState::CANCELLED
    );
    assert!(to(JourneyState::ACTIVE).is_err(), "cancelled is final");
    // Without a RefreshFrequency a journey cannot pause.
    let mut plain = journey();
    plain.refresh_frequency = None;
    let other = s
        .create_journey(&scope(), APP, plain, Default::default())
        .unwrap()
        .id;
    s.update_journey_state(&scope(), APP, &other, Some(JourneyState::ACTIVE))
        .unwrap();
    assert!(s
        .update_journey_state(&scope(), APP, &other, Some(JourneyState::PAUSED))
        .is_err());
    s.delete_journey(&scope(), APP, &other).unwrap();
    assert!(matches!(
        s.journey(&scope(), APP, &other),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn execution_metrics_name_a_known_run_and_activity() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let id = s
        .create_journey(&scope(), APP, journey(), Default::default())
        .unwrap()
        .id;
    let metrics = |run: Option<&str>, activity: Option<&str>| {
        s.journey_metrics(&scope(), APP, &id, run, activity)
    };
    assert!(metrics(None, None).unwrap().activity_type.is_none());
    // A DRAFT has no run; an activated journey has its first run, with an id of its own.
    assert!(matches!(
        metrics(Some(&id), None),
        Err(StoreError::NotFound)
    ));
    assert!(s.journey_runs(&scope(), APP, &id).unwrap().is_empty());
    s.update_journey_state(&scope(), APP, &id, Some(JourneyState::ACTIVE))
        .unwrap();
    let runs = s.journey_runs(&scope(), APP, &id).unwrap();
    assert_eq!(runs.len(), 1);
    let run = runs[0].run_id.clone();
    assert_ne!(run, id);
    assert!(metrics(Some(&run), None).is_ok());
    for other in [id.as_str(), "other"] {
        assert!(matches!(
            metrics(Some(other), None),
            Err(StoreError::NotFound)
        ));
    }
    // An activity's metric type: MESSAGE for a message activity, WAIT for a wait.
    assert_eq!(
        metrics(None, Some("a")).unwrap().activity_type,
        Some("MESSAGE")
    );
    assert_eq!(
        metrics(Some(&run), Some("b")).unwrap().activity_type,
        Some("WAIT")
    );
    assert!(matches!(
        metrics(None, Some("zz")),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.journey_metrics(&scope(), APP, "nope", None, None),
        Err(StoreError::NotFound)
    ));
    // UpdateJourneyState without a State asks for nothing it may do.
    assert!(s.update_journey_state(&scope(), APP, &id, None).is_err());
}

#[test]
fn a_journey_saved_before_it_was_typed_loads_with_the_same_content() {
    // A state file's journey, as the store saved it when it kept the body as written.
    let old = json!({"Id": "j1", "CreationDate": "2026-01-01T00:00:00.000Z",
        "LastModifiedDate": "2026-01-01T00:00:00.000Z", "State": "ACTIVE",
        "Body": {"Name": "welcome", "StartActivity": "a", "RefreshFrequency": "PT1H",
            "Activities": {"a": {"EMAIL": {"NextActivity": "b"}},
                "b": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}}},
            "Limits": {"DailyCap": 5}, "Schedule": {"Timezone": "UTC"}},
        "tags": {"team": "growth"}});
    let j: crate::store::engagement::journeys::Journey =
        serde_json::from_value(old.clone()).unwrap();
    assert_eq!(j.state, JourneyState::ACTIVE);
    assert_eq!(j.definition.name.as_deref(), Some("welcome"));
    assert_eq!(serde_json::to_value(&j).unwrap(), old);
}
