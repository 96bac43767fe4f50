//! Where a journey's waits and splits send each participant (docs/behaviour.md#journey-splits):
//! waits, yes/no and multi-condition splits on segments, dimensions and the events of a
//! message the journey sent, random splits and holdouts by the fixed bucket of each entry.

use serde_json::{json, Value};

use super::journey_runs::*;
use super::*;
use crate::store::engagement::journeys::progress::Place;
use crate::store::engagement::journeys::walk::bucket;
use crate::store::engagement::segments::SegmentWrite;
use crate::store::messaging::messages::engagement::EngagementIn;

/// A wait of nine days: where a path is seen to go.
fn park() -> Value {
    json!({"Wait": {"WaitTime": {"WaitFor": "P9D"}}})
}

/// (endpoint, activity, state) of every participant.
fn places(s: &Store, j: &str) -> Vec<(String, Option<String>, Place)> {
    s.journey_positions(&scope(), APP, j)
        .unwrap()
        .into_iter()
        .map(|p| (p.endpoint_id, p.activity_id, p.state))
        .collect()
}

fn on(s: &Store, j: &str, activity: &str) -> Vec<String> {
    let mut out: Vec<String> = places(s, j)
        .into_iter()
        .filter(|(_, a, _)| a.as_deref() == Some(activity))
        .map(|(e, _, _)| e)
        .collect();
    out.sort();
    out
}

fn flow(seg: &str, start: &str, activities: Value) -> Value {
    json!({
        "StartActivity": start,
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "Activities": activities
    })
}

fn gold(s: &Store, id: &str, extra: &[(&str, &[&str])]) {
    let mut p = email(&format!("{id}@x.com"));
    let mut a = vec![("plan", &["gold"][..])];
    a.extend_from_slice(extra);
    p.attributes = Some(attrs(&a));
    s.put(id, p).unwrap();
}

#[test]
fn wait_until_wins_over_wait_for_and_an_empty_wait_passes_at_once() {
    let (s, seg) = fixture();
    let acts = json!({
        "w": {"Wait": {"WaitTime": {"WaitFor": "PT1H", "WaitUntil": t("PT3H")}, "NextActivity": "n"}},
        "n": {"Wait": {"NextActivity": "end"}},
        "end": park()
    });
    let id = journey(&s, flow(&seg, "w", acts));
    go(&s, T);
    assert_eq!(on(&s, &id, "w"), ["e1", "e2", "e5"]);
    go(&s, &t("PT2H59M"));
    assert_eq!(on(&s, &id, "w"), ["e1", "e2", "e5"]);
    go(&s, &t("PT3H"));
    assert_eq!(on(&s, &id, "end"), ["e1", "e2", "e5"]);
    assert_eq!(
        metrics(&s, &id, None, Some("w")),
        pairs(&[("COMPLETED", "3")])
    );
    assert_eq!(
        metrics(&s, &id, None, Some("end")),
        pairs(&[("INFLIGHT", "3")])
    );
}

#[test]
fn conditional_splits_read_dimensions_at_arrival_and_segments_after_the_wait() {
    let (s, seg) = fixture();
    let vip = SegmentWrite {
        dimensions: Some(
            serde_json::from_value(json!({"Attributes": {"vip": {"Values": ["yes"]}}})).unwrap(),
        ),
        ..Default::default()
    };
    let vip = s.create_segment(&scope(), APP, vip).unwrap().id;
    let acts = json!({
        "named": {"ConditionalSplit": {
            "Condition": {"Conditions": [{"SegmentDimensions":
                {"Attributes": {"FirstName": {"Values": ["Ana"]}}}}]},
            "TrueActivity": "ana", "FalseActivity": "later"}},
        "ana": park(),
        "later": {"ConditionalSplit": {
            "Condition": {"Conditions": [{"SegmentCondition": {"SegmentId": vip}}]},
            "EvaluationWaitTime": {"WaitFor": "PT2H"},
            "TrueActivity": "vip", "FalseActivity": "plain"}},
        "vip": park(),
        "plain": park()
    });
    let id = journey(&s, flow(&seg, "named", acts));
    go(&s, T);
    assert_eq!(on(&s, &id, "ana"), ["e1"]);
    assert_eq!(on(&s, &id, "later"), ["e2", "e5"]);
    assert_eq!(
        metrics(&s, &id, None, Some("named")),
        pairs(&[("Branch_1", "1"), ("Branch_2", "2")])
    );
    assert_eq!(
        metrics(&s, &id, None, Some("later")),
        pairs(&[("INFLIGHT", "2")])
    );
    // e2 joins the segment during the evaluation wait: the later data decides.
    go(&s, &t("PT1H"));
    gold(&s, "e2", &[("vip", &["yes"])]);
    go(&s, &t("PT2H"));
    assert_eq!(on(&s, &id, "vip"), ["e2"]);
    assert_eq!(on(&s, &id, "plain"), ["e5"]);
    assert_eq!(
        metrics(&s, &id, None, Some("later")),
        pairs(&[("Branch_1", "1"), ("Branch_2", "1")])
    );
}

#[test]
fn an_event_condition_reads_the_events_of_the_message_the_activity_sent() {
    let (s, seg) = fixture();
    gold(&s, "g3", &[]);
    gold(&s, "g4", &[]);
    let acts = json!({
        "mail": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "opened"}},
        "opened": {"ConditionalSplit": {
            "Condition": {"Conditions": [{"EventCondition": {"MessageActivity": "mail",
                "Dimensions": {"EventType": {"DimensionType": "INCLUSIVE", "Values": ["_email.open"]}}}}]},
            "EvaluationWaitTime": {"WaitFor": "P1D"},
            "TrueActivity": "yes", "FalseActivity": "no"}},
        "yes": park(),
        "no": park()
    });
    let id = journey(&s, flow(&seg, "mail", acts));
    go(&s, T);
    let log = sent(&s, &id);
    assert_eq!(log.len(), 4);
    let message = |e: &str| {
        log.iter()
            .find(|m| m.endpoint_id.as_deref() == Some(e))
            .unwrap()
            .message_id
            .clone()
    };
    let engage = |e: &str, what: &str| {
        let input = EngagementIn {
            event_type: Some(what.into()),
            ..Default::default()
        };
        s.record_engagement(&scope(), &message(e), input).unwrap();
    };
    go(&s, &t("PT3H"));
    engage("e1", "_email.open");
    engage("e2", "_email.open");
    engage("g3", "_email.click");
    let (opens, _) = s
        .events
        .select(|e| e.event_type.as_deref() == Some("_email.open"), None);
    assert_eq!(opens.len(), 2);
    let v: Value = serde_json::from_str(opens[0].event.get()).unwrap();
    let run = &s.journey_runs(&scope(), APP, &id).unwrap()[0].run_id;
    assert_eq!(v["Attributes"]["journey_id"], id.as_str());
    assert_eq!(v["Attributes"]["journey_activity_id"], "mail");
    assert_eq!(v["Attributes"]["journey_run_id"], run.as_str());
    assert_eq!(on(&s, &id, "opened").len(), 5);
    assert_eq!(
        metrics(&s, &id, None, Some("opened")),
        pairs(&[("INFLIGHT", "5")])
    );
    go(&s, &t("P1D"));
    assert_eq!(on(&s, &id, "yes"), ["e1", "e2"]);
    assert_eq!(on(&s, &id, "no"), ["e5", "g3", "g4"]);
    // A later open changes nothing.
    engage("g4", "_email.open");
    go(&s, &t("P1DT1H"));
    assert_eq!(on(&s, &id, "no"), ["e5", "g3", "g4"]);
    assert_eq!(
        metrics(&s, &id, None, Some("opened")),
        pairs(&[("Branch_1", "2"), ("Branch_2", "3")])
    );
}

#[test]
fn a_multi_condition_split_takes_the_first_branch_that_holds() {
    let (s, seg) = fixture();
    let acts = json!({
        "pick": {"MultiCondition": {
            "Branches": [
                {"Condition": {"SegmentDimensions": {"Attributes": {"FirstName": {"Values": ["Ana"]}}}},
                 "NextActivity": "b1"},
                {"Condition": {"SegmentDimensions": {"Demographic": {"Channel": {"Values": ["EMAIL"]}}}},
                 "NextActivity": "b2"}
            ],
            "DefaultActivity": "other"}},
        "b1": park(), "b2": park(), "other": park()
    });
    let id = journey(&s, flow(&seg, "pick", acts));
    go(&s, T);
    assert_eq!(on(&s, &id, "b1"), ["e1"]);
    assert_eq!(on(&s, &id, "b2"), ["e2"]);
    assert_eq!(on(&s, &id, "other"), ["e5"]);
    assert_eq!(
        metrics(&s, &id, None, Some("pick")),
        pairs(&[("Branch_1", "1"), ("Branch_2", "1"), ("Branch_3", "1")])
    );
}

/// The fixture plus `n` EMAIL members `r000`… of a segment of their own, whose id is returned.
fn crowd(n: usize) -> (Store, String) {
    let (s, _) = fixture();
    for i in 0..n {
        let mut p = email(&format!("r{i:03}@x.com"));
        p.attributes = Some(attrs(&[("plan", &["crowd"])]));
        s.put(&format!("r{i:03}"), p).unwrap();
    }
    let seg = SegmentWrite {
        dimensions: Some(
            serde_json::from_value(json!({"Attributes": {"plan": {"Values": ["crowd"]}}})).unwrap(),
        ),
        ..Default::default()
    };
    let seg = s.create_segment(&scope(), APP, seg).unwrap().id;
    (s, seg)
}

fn three_way(seg: &str, pcts: [i64; 3]) -> Value {
    flow(
        seg,
        "r",
        json!({
            "r": {"RandomSplit": {"Branches": [
                {"Percentage": pcts[0], "NextActivity": "a"},
                {"Percentage": pcts[1], "NextActivity": "b"},
                {"Percentage": pcts[2], "NextActivity": "c"}]}},
            "a": park(), "b": park(), "c": park()
        }),
    )
}

#[test]
fn a_random_split_follows_the_bucket_of_each_entry_on_every_store() {
    let mut seen = Vec::new();
    for _ in 0..2 {
        let (s, seg) = crowd(200);
        let id = journey(&s, three_way(&seg, [50, 30, 20]));
        go(&s, T);
        let got: Vec<Vec<String>> = ["a", "b", "c"].iter().map(|a| on(&s, &id, a)).collect();
        let mut want = vec![Vec::new(), Vec::new(), Vec::new()];
        for i in 0..200 {
            let e = format!("r{i:03}");
            let b = bucket("r", &e, 1);
            let way = if b < 50 {
                0
            } else if b < 80 {
                1
            } else {
                2
            };
            want[way].push(e);
        }
        assert_eq!(got, want);
        for (n, pct) in got.iter().zip([50, 30, 20]) {
            let share = (n.len() * 100 / 200) as i64;
            assert!((share - pct).abs() <= 10, "{share} vs {pct}");
        }
        let counts: Vec<(String, String)> = (1..=3)
            .map(|i| (format!("Branch_{i}"), got[i - 1].len().to_string()))
            .collect();
        assert_eq!(metrics(&s, &id, None, Some("r")), counts);
        seen.push(got);
        // Percentages adding to 90 are refused.
        let mut bad = three_way(&seg, [50, 30, 10]);
        bad["Name"] = json!("x");
        let body = serde_json::from_value(bad).unwrap();
        assert!(matches!(
            s.create_journey(&scope(), APP, body, Default::default()),
            Err(StoreError::Invalid(_))
        ));
    }
    assert_eq!(seen[0], seen[1]);
}

#[test]
fn a_holdout_ends_the_journey_of_its_low_buckets() {
    let (s, seg) = crowd(200);
    let acts = json!({
        "h": {"Holdout": {"Percentage": 25, "NextActivity": "m"}},
        "m": {"EMAIL": {"TemplateName": "welcome"}}
    });
    let id = journey(&s, flow(&seg, "h", acts));
    go(&s, T);
    let held: Vec<String> = (0..200)
        .map(|i| format!("r{i:03}"))
        .filter(|e| bucket("h", e, 1) < 25)
        .collect();
    let mailed: Vec<String> = sent(&s, &id)
        .into_iter()
        .filter_map(|m| m.endpoint_id)
        .collect();
    assert_eq!(mailed.len(), 200 - held.len());
    assert!(held.iter().all(|e| !mailed.contains(e)));
    assert!(places(&s, &id)
        .iter()
        .all(|(_, a, p)| a.is_none() && *p == Place::EXITED));
    let n = held.len().to_string();
    let rest = (200 - held.len()).to_string();
    assert_eq!(
        metrics(&s, &id, None, Some("h")),
        pairs(&[("Branch_1", &rest), ("HOLDOUT", &n)])
    );
    let left = metrics(&s, &id, None, None);
    assert!(left.contains(&("ENDPOINT_LEFT".to_string(), "200".to_string())));
    let mut bad = flow(&seg, "h", acts_holdout(101));
    bad["Name"] = json!("x");
    let body = serde_json::from_value(bad).unwrap();
    assert!(matches!(
        s.create_journey(&scope(), APP, body, Default::default()),
        Err(StoreError::Invalid(_))
    ));
}

fn acts_holdout(pct: i64) -> Value {
    json!({"h": {"Holdout": {"Percentage": pct}}})
}
