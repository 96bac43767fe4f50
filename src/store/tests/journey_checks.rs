//! The write checks journeys add for their splits, holdouts, waits and durations
//! (docs/behaviour.md#journey-validation): each refused with a 400 that names the member, and
//! nothing stored or changed.

use serde_json::{json, Value};

use super::*;
use crate::model::WriteJourneyRequest;

/// A WriteJourneyRequest from its JSON, as the model check lets it through.
fn body(v: Value) -> WriteJourneyRequest {
    serde_json::from_value(v).unwrap()
}

/// A journey named `j` starting at `s` whose activities are `activities` plus three plain
/// ones, `x`, `y` and `z`, for paths to lead to.
fn journey(activities: Value) -> Value {
    let mut all = json!({"x": {}, "y": {}, "z": {}});
    all.as_object_mut()
        .unwrap()
        .extend(activities.as_object().unwrap().clone());
    json!({"Name": "j", "StartActivity": "s", "Activities": all})
}

fn random(percentages: &[i64]) -> Value {
    let branches: Vec<Value> = percentages
        .iter()
        .map(|p| json!({"NextActivity": "x", "Percentage": p}))
        .collect();
    journey(json!({"s": {"RandomSplit": {"Branches": branches}}}))
}

fn multi(branches: usize, default: &str) -> Value {
    let branches: Vec<Value> = (0..branches)
        .map(
            |_| json!({"NextActivity": "y", "Condition": {"SegmentCondition": {"SegmentId": "g"}}}),
        )
        .collect();
    journey(json!({"s": {"MultiCondition": {"Branches": branches, "DefaultActivity": default}}}))
}

fn wait(w: Value) -> Value {
    journey(json!({"s": {"Wait": {"WaitTime": w, "NextActivity": "x"}}}))
}

fn with(mut v: Value, member: &str, value: Value) -> Value {
    v[member] = value;
    v
}

/// Each bad body and a piece of the message that names what is wrong.
fn bad_bodies() -> Vec<(Value, &'static str)> {
    let split_wait = |w: Value| {
        journey(json!({"s": {"ConditionalSplit": {"EvaluationWaitTime": w,
            "TrueActivity": "x", "FalseActivity": "y"}}}))
    };
    let multi_wait = |w: Value| {
        journey(json!({"s": {"MultiCondition": {"EvaluationWaitTime": w, "DefaultActivity": "x"}}}))
    };
    vec![
        (
            random(&[20; 6]),
            "Activities.s.RandomSplit.Branches: 6 branches",
        ),
        (random(&[50, 40]), "add up to 90"),
        (random(&[60, 50]), "add up to 110"),
        (random(&[101, -1]), "Branches[0].Percentage 101"),
        (random(&[50, -10, 60]), "Branches[1].Percentage -10"),
        (
            journey(json!({"s": {"RandomSplit": {"Branches": [{"NextActivity": "x"}]}}})),
            "Missing Activities.s.RandomSplit.Branches[0].Percentage",
        ),
        (journey(json!({"s": {"RandomSplit": {}}})), "add up to 0"),
        (
            journey(json!({"s": {"Holdout": {"Percentage": 101, "NextActivity": "x"}}})),
            "Activities.s.Holdout.Percentage 101",
        ),
        (
            journey(json!({"s": {"Holdout": {"Percentage": -1}}})),
            "Activities.s.Holdout.Percentage -1",
        ),
        (
            multi(5, "z"),
            "Activities.s.MultiCondition.Branches: 5 branches",
        ),
        (multi(2, "nowhere"), "leads to activity \"nowhere\""),
        (
            journey(json!({"s": {"MultiCondition": {"Branches": [{"NextActivity": "gone"}]}}})),
            "leads to activity \"gone\"",
        ),
        (
            journey(
                json!({"s": {"RandomSplit": {"Branches": [{"NextActivity": "gone", "Percentage": 100}]}}}),
            ),
            "leads to activity \"gone\"",
        ),
        (
            wait(json!({"WaitFor": "1 day"})),
            "Activities.s.Wait.WaitTime.WaitFor \"1 day\"",
        ),
        (
            wait(json!({"WaitFor": "P1M"})),
            "Wait.WaitTime.WaitFor \"P1M\"",
        ),
        (
            wait(json!({"WaitUntil": "next tuesday"})),
            "Activities.s.Wait.WaitTime.WaitUntil \"next tuesday\"",
        ),
        (
            split_wait(json!({"WaitFor": "PT"})),
            "Activities.s.ConditionalSplit.EvaluationWaitTime.WaitFor \"PT\"",
        ),
        (
            split_wait(json!({"WaitUntil": "2030-13-01T00:00:00Z"})),
            "ConditionalSplit.EvaluationWaitTime.WaitUntil",
        ),
        (
            multi_wait(json!({"WaitFor": "-PT1H"})),
            "Activities.s.MultiCondition.EvaluationWaitTime.WaitFor \"-PT1H\"",
        ),
        (
            multi_wait(json!({"WaitUntil": "tomorrow"})),
            "MultiCondition.EvaluationWaitTime.WaitUntil",
        ),
        (
            with(
                journey(json!({"s": {}})),
                "RefreshFrequency",
                json!("hourly"),
            ),
            "Invalid RefreshFrequency \"hourly\"",
        ),
        (
            with(
                journey(json!({"s": {}})),
                "Limits",
                json!({"EndpointReentryInterval": "P1Y"}),
            ),
            "Invalid Limits.EndpointReentryInterval \"P1Y\"",
        ),
    ]
}

fn refused(r: StoreResult<impl std::fmt::Debug>, b: &Value, part: &str) {
    match r {
        Err(StoreError::Invalid(m)) => assert!(m.contains(part), "{b}: {m:?} lacks {part:?}"),
        other => panic!("{b}: expected a 400, got {other:?}"),
    }
}

#[test]
fn bad_splits_holdouts_waits_and_durations_are_refused_at_create() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    for (b, part) in bad_bodies() {
        refused(
            s.create_journey(&scope(), APP, body(b.clone()), Default::default()),
            &b,
            part,
        );
    }
    assert!(s.journeys(&scope(), APP).unwrap().is_empty());
}

#[test]
fn bad_splits_holdouts_waits_and_durations_are_refused_at_update_and_change_nothing() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let j = s
        .create_journey(
            &scope(),
            APP,
            body(wait(json!({"WaitFor": "P1D"}))),
            Default::default(),
        )
        .unwrap();
    for (b, part) in bad_bodies() {
        refused(
            s.update_journey(&scope(), APP, &j.id, body(b.clone())),
            &b,
            part,
        );
    }
    let after = s.journey(&scope(), APP, &j.id).unwrap();
    assert_eq!(after.definition, j.definition);
    assert_eq!(after.last_modified_date, j.last_modified_date);
}

#[test]
fn splits_holdouts_waits_and_durations_within_the_rules_are_accepted() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let good = [
        random(&[50, 30, 20]),
        random(&[20; 5]),
        random(&[0, 100]),
        random(&[100]),
        journey(json!({"s": {"Holdout": {"Percentage": 0, "NextActivity": "x"}}})),
        journey(json!({"s": {"Holdout": {"Percentage": 100}}})),
        multi(4, "z"),
        multi(0, "z"),
        journey(json!({"s": {"MultiCondition": {"Branches": [{"NextActivity": "y"}]}}})),
        wait(json!({"WaitFor": "PT0S"})),
        wait(json!({"WaitFor": "P1WT1H"})),
        wait(json!({"WaitUntil": "2030-01-07T09:00:00Z"})),
        wait(json!({"WaitUntil": "2030-01-07T10:00:00+01:00", "WaitFor": "PT1H"})),
        journey(json!({"s": {"ConditionalSplit": {
            "EvaluationWaitTime": {"WaitFor": "PT2H"}, "TrueActivity": "x"}}})),
        journey(json!({"s": {"MultiCondition": {
            "EvaluationWaitTime": {"WaitUntil": "2030-01-08T00:00:00.000Z"}}}})),
        with(
            with(journey(json!({"s": {}})), "RefreshFrequency", json!("P1W")),
            "Limits",
            json!({"EndpointReentryInterval": "PT2H", "EndpointReentryCap": 0}),
        ),
    ];
    for (i, b) in good.iter().enumerate() {
        let j = s
            .create_journey(&scope(), APP, body(b.clone()), Default::default())
            .unwrap_or_else(|e| panic!("{b}: {e:?}"));
        let mut renamed = b.clone();
        renamed["Name"] = json!(format!("j{i}"));
        s.update_journey(&scope(), APP, &j.id, body(renamed))
            .unwrap_or_else(|e| panic!("{b}: {e:?}"));
    }
    assert_eq!(s.journeys(&scope(), APP).unwrap().len(), good.len());
}
