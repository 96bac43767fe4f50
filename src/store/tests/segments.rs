//! Segments without HTTP: versions, validation and membership (docs/behaviour.md#segments).

use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::clock::Clock;
use crate::store::engagement::segments::{SegmentWrite, MAX_DIMENSIONS};
use crate::time;

fn dims(v: serde_json::Value) -> SegmentWrite {
    SegmentWrite {
        name: Some("s".into()),
        dimensions: Some(serde_json::from_value(v).unwrap()),
        ..Default::default()
    }
}

fn groups(v: serde_json::Value) -> SegmentWrite {
    SegmentWrite {
        segment_groups: Some(serde_json::from_value(v).unwrap()),
        ..Default::default()
    }
}

/// e1 gold/ios/3 orders/Seattle; e2 gold/android/1; e3 free/ios/5, SMS; e4 nothing.
fn shop() -> Store {
    let s = store();
    let ep = |addr: &str, plan: &[&str], platform: Option<&str>, orders: Option<f64>| {
        let mut p = email(addr);
        if !plan.is_empty() {
            p.attributes = Some(attrs(&[("plan", plan)]));
        }
        p.demographic = platform.map(|pl| Demographic {
            platform: Some(pl.into()),
            ..Default::default()
        });
        p.metrics = orders.map(|o| [("orders".to_string(), o)].into_iter().collect());
        p
    };
    let mut e1 = ep("a@x.com", &["gold"], Some("ios"), Some(3.0));
    e1.location = Some(Location {
        city: Some("Seattle".into()),
        country: Some("US".into()),
        latitude: Some(47.6),
        longitude: Some(-122.3),
        ..Default::default()
    });
    s.put("e1", e1).unwrap();
    s.put(
        "e2",
        ep("b@x.com", &["gold", "vip"], Some("android"), Some(1.0)),
    )
    .unwrap();
    let mut e3 = ep("+12065550100", &["free"], Some("iOS"), Some(5.0));
    e3.channel_type = Some(ChannelType::SMS);
    s.put("e3", e3).unwrap();
    s.put("e4", ep("d@x.com", &[], None, None)).unwrap();
    s
}

fn members(s: &Store, w: SegmentWrite) -> Vec<String> {
    let seg = s.create_segment(&scope(), APP, w).unwrap();
    s.segment_members(&scope(), APP, &seg.id, None).unwrap()
}

#[test]
fn updates_make_versions_and_keep_what_is_left_out() {
    let s = shop();
    let seg = s
        .create_segment(
            &scope(),
            APP,
            dims(json!({"Attributes": {"plan": {"Values": ["gold"]}}})),
        )
        .unwrap();
    assert_eq!(seg.versions.latest().0, 1);
    assert_eq!(seg.versions[1].last_modified_date, seg.creation_date);
    let renamed = SegmentWrite {
        name: Some("gold".into()),
        ..Default::default()
    };
    let v2 = s.update_segment(&scope(), APP, &seg.id, renamed).unwrap();
    let (n, latest) = v2.versions.latest();
    assert_eq!((n, latest.name.as_deref()), (2, Some("gold")));
    assert_eq!(latest.dimensions, seg.versions[1].dimensions);
    assert_eq!(v2.versions.get(1).unwrap().1.name.as_deref(), Some("s"));
    assert!(v2.versions.get(3).is_err());
    assert_eq!(v2.versions.labelled("1").unwrap().0, 1);
    assert!(["3", "x", "-1", ""]
        .iter()
        .all(|l| v2.versions.labelled(l).is_err()));
    assert_eq!(s.segments(&scope(), APP).unwrap().len(), 1);
    s.delete_segment(&scope(), APP, &seg.id).unwrap();
    assert!(matches!(
        s.segment(&scope(), APP, &seg.id),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.create_segment(&scope(), "nope", dims(json!({}))),
        Err(StoreError::AppNotFound)
    ));
}

#[test]
fn invalid_segments_are_refused_and_change_nothing() {
    let s = shop();
    let too_many: BTreeMap<String, serde_json::Value> = (0..=MAX_DIMENSIONS)
        .map(|i| {
            (
                format!("m{i}"),
                json!({"ComparisonOperator": "EQUAL", "Value": 1}),
            )
        })
        .collect();
    let values: Vec<String> = (0..101).map(|i| i.to_string()).collect();
    let bad = [
        dims(json!({"Metrics": too_many})),
        dims(json!({"Attributes": {"a": {"Values": values}}})),
        dims(json!({"Attributes": {"a": {"Values": ["x".repeat(101)]}}})),
        dims(
            json!({"Attributes": {"a": {"AttributeType": "BETWEEN", "Values": ["2026-01-01T00:00:00Z"]}}}),
        ),
        dims(json!({"Attributes": {"a": {"AttributeType": "BEFORE", "Values": ["soon"]}}})),
        dims(json!({"Metrics": {"m": {"ComparisonOperator": "BIGGER", "Value": 1}}})),
        dims(json!({"Location": {"GPSPoint": {"Coordinates": {"Latitude": 1, "Longitude": 2}}}})),
        dims(
            json!({"Location": {"GPSPoint": {"Coordinates": {"Latitude": 91, "Longitude": 2}, "RangeInKilometers": 1}}}),
        ),
    ];
    for w in bad {
        let e = s.create_segment(&scope(), APP, w).unwrap_err();
        assert!(
            matches!(e, StoreError::Invalid(_) | StoreError::LimitExceeded(_)),
            "{e:?}"
        );
    }
    let missing = groups(json!({"Groups": [{"SourceSegments": [{"Id": "nope"}]}]}));
    assert_eq!(
        s.create_segment(&scope(), APP, missing).unwrap_err(),
        StoreError::Missing("Segment nope not found".into())
    );
    assert!(s.segments(&scope(), APP).unwrap().is_empty());
    // A cycle through base segments is refused.
    let a = s.create_segment(&scope(), APP, dims(json!({}))).unwrap();
    let b = s
        .create_segment(
            &scope(),
            APP,
            groups(json!({"Groups": [{"SourceSegments": [{"Id": a.id}]}]})),
        )
        .unwrap();
    let back = groups(json!({"Groups": [{"SourceSegments": [{"Id": b.id}]}]}));
    assert!(matches!(
        s.update_segment(&scope(), APP, &a.id, back),
        Err(StoreError::Invalid(_))
    ));
    let own = groups(json!({"Groups": [{"SourceSegments": [{"Id": a.id}]}]}));
    assert!(matches!(
        s.update_segment(&scope(), APP, &a.id, own),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn attribute_metric_and_demographic_criteria() {
    let s = shop();
    let m = |v| members(&s, dims(v));
    assert_eq!(
        m(json!({"Attributes": {"plan": {"Values": ["gold"]}}})),
        ["e1", "e2"]
    );
    assert_eq!(
        m(json!({"Attributes": {"plan": {"Values": ["Gold"]}}})),
        Vec::<String>::new()
    );
    assert_eq!(
        m(json!({"Attributes": {"plan": {"AttributeType": "EXCLUSIVE", "Values": ["gold"]}}})),
        ["e3", "e4"]
    );
    assert_eq!(
        m(json!({"Attributes": {"plan": {"AttributeType": "CONTAINS", "Values": ["ol", "ip"]}}})),
        ["e1", "e2"]
    );
    assert_eq!(
        m(
            json!({"Metrics": {"orders": {"ComparisonOperator": "GREATER_THAN_OR_EQUAL", "Value": 3}}})
        ),
        ["e1", "e3"]
    );
    assert_eq!(
        m(json!({"Demographic": {"Platform": {"Values": ["IOS"]}}})),
        ["e1", "e3"]
    );
    assert_eq!(
        m(json!({"Demographic": {"Platform": {"DimensionType": "EXCLUSIVE", "Values": ["ios"]}}})),
        ["e2", "e4"]
    );
    assert_eq!(
        m(json!({"Demographic": {"Channel": {"Values": ["SMS"]}}})),
        ["e3"]
    );
    assert_eq!(
        m(json!({"Demographic": {"DeviceType": {"Values": ["phone"]}}})),
        Vec::<String>::new()
    );
    assert_eq!(
        m(json!({"Location": {"Country": {"Values": ["us"]}}})),
        ["e1"]
    );
    let near = json!({"Location": {"GPSPoint": {"Coordinates": {"Latitude": 47.62, "Longitude": -122.35}, "RangeInKilometers": 10}}});
    assert_eq!(m(near), ["e1"]);
    let three = json!({"Attributes": {"plan": {"Values": ["gold"]}}, "Demographic": {"Platform": {"Values": ["ios"]}},
        "Metrics": {"orders": {"ComparisonOperator": "GREATER_THAN", "Value": 2}}});
    assert_eq!(m(three), ["e1"]);
    assert_eq!(m(json!({})), ["e1", "e2", "e3", "e4"]);
}

#[test]
fn date_criteria_compare_instants() {
    let s = shop();
    let mut p = email("z@x.com");
    p.attributes = Some(attrs(&[
        ("signup", &["2026-03-04T10:00:00Z"]),
        ("bad", &["soon"]),
    ]));
    s.put("dated", p).unwrap();
    let m = |t: &str, v: serde_json::Value| {
        members(
            &s,
            dims(json!({"Attributes": {"signup": {"AttributeType": t, "Values": v}}})),
        )
    };
    assert_eq!(m("BEFORE", json!(["2026-03-05T00:00:00Z"])), ["dated"]);
    assert!(m("AFTER", json!(["2026-03-05T00:00:00Z"])).is_empty());
    assert_eq!(m("ON", json!(["2026-03-04T23:59:00Z"])), ["dated"]);
    assert_eq!(
        m(
            "BETWEEN",
            json!(["2026-03-04T10:00:00Z", "2026-03-04T10:00:00Z"])
        ),
        ["dated"]
    );
    let never = members(
        &s,
        dims(
            json!({"Attributes": {"bad": {"AttributeType": "AFTER", "Values": ["2000-01-01T00:00:00Z"]}}}),
        ),
    );
    assert!(never.is_empty());
}

#[test]
fn groups_combine_their_bases_and_dimensions() {
    let s = shop();
    let gold = s
        .create_segment(
            &scope(),
            APP,
            dims(json!({"Attributes": {"plan": {"Values": ["gold"]}}})),
        )
        .unwrap();
    let ios = s
        .create_segment(
            &scope(),
            APP,
            dims(json!({"Demographic": {"Platform": {"Values": ["ios"]}}})),
        )
        .unwrap();
    let g = |v| members(&s, groups(v));
    let src = json!([{"Id": gold.id}, {"Id": ios.id}]);
    assert_eq!(
        g(json!({"Groups": [{"SourceSegments": src, "SourceType": "ANY"}]})),
        ["e1", "e2", "e3"]
    );
    assert_eq!(
        g(json!({"Groups": [{"SourceSegments": src, "SourceType": "ALL"}]})),
        ["e1"]
    );
    assert_eq!(
        g(json!({"Groups": [{"SourceSegments": src, "SourceType": "NONE"}]})),
        ["e4"]
    );
    let orders = json!([{"Metrics": {"orders": {"ComparisonOperator": "GREATER_THAN", "Value": 2}}}, {"Attributes": {"plan": {"Values": ["vip"]}}}]);
    assert_eq!(
        g(json!({"Groups": [{"Dimensions": orders, "Type": "ANY"}]})),
        ["e1", "e2", "e3"]
    );
    assert_eq!(
        g(json!({"Groups": [{"Dimensions": orders, "Type": "NONE"}]})),
        ["e4"]
    );
    let two = json!({"Include": "ANY", "Groups": [
        {"SourceSegments": [{"Id": gold.id}], "Dimensions": [{"Demographic": {"Platform": {"Values": ["android"]}}}]},
        {"Dimensions": [{"Demographic": {"Channel": {"Values": ["SMS"]}}}]}]});
    assert_eq!(g(two), ["e2", "e3"]);
    let excluded = json!({"Include": "NONE", "Groups": [{"SourceSegments": [{"Id": gold.id}]}]});
    assert_eq!(g(excluded), ["e3", "e4"]);
    // A base segment at an older version.
    let v2 = SegmentWrite {
        dimensions: Some(
            serde_json::from_value(json!({"Attributes": {"plan": {"Values": ["free"]}}})).unwrap(),
        ),
        ..Default::default()
    };
    s.update_segment(&scope(), APP, &gold.id, v2).unwrap();
    assert_eq!(
        g(json!({"Groups": [{"SourceSegments": [{"Id": gold.id, "Version": 1}]}]})),
        ["e1", "e2"]
    );
    assert_eq!(
        g(json!({"Groups": [{"SourceSegments": [{"Id": gold.id}]}]})),
        ["e3"]
    );
}

#[test]
fn recency_reads_effective_dates_and_events_against_the_clock() {
    let clock = std::sync::Arc::new(crate::clock::ManualClock::default());
    let s = Store::new(
        StoreOptions::default(),
        Logs::in_memory(100),
        clock.clone(),
        std::sync::Arc::new(crate::ids::SequentialIds::default()),
    );
    s.put("old", email("o@x.com")).unwrap();
    clock.advance(chrono::Duration::days(10));
    s.put("new", email("n@x.com")).unwrap();
    let event = EventIn {
        id: "ev".into(),
        event_type: Some("t".into()),
        timestamp: Some(time::format_iso(clock.now())),
        session: None,
        attributes: BTreeMap::new(),
        metrics: BTreeMap::new(),
        size: 0,
        raw: serde_json::value::to_raw_value(
            &json!({"EventType": "t", "Timestamp": time::format_iso(clock.now())}),
        )
        .unwrap(),
    };
    clock.advance(chrono::Duration::days(5));
    let active = |d: &str, t: &str| {
        members(
            &s,
            dims(json!({"Behavior": {"Recency": {"Duration": d, "RecencyType": t}}})),
        )
    };
    assert_eq!(active("DAY_7", "ACTIVE"), ["new"]);
    assert_eq!(active("DAY_7", "INACTIVE"), ["old"]);
    assert_eq!(active("DAY_30", "ACTIVE"), ["old", "new"]);
    // An event recorded for "old" counts as activity without changing its EffectiveDate.
    let b = BatchIn {
        endpoint_id: "old".into(),
        endpoint: Ok(Default::default()),
        events: vec![event],
    };
    s.put_events(&scope(), APP, vec![b], "r").unwrap();
    assert_eq!(active("DAY_7", "ACTIVE"), ["old", "new"]);
}

#[test]
fn an_imported_segment_can_only_be_renamed_and_holds_its_endpoints() {
    let s = shop();
    let mut snap = s.snapshot();
    let seg: crate::store::engagement::segments::Segment = serde_json::from_value(json!({
        "Id": "imported", "SegmentType": "IMPORT", "CreationDate": "2026-01-01T00:00:00.000Z",
        "Versions": {"1": {"Name": "list", "LastModifiedDate": "2026-01-01T00:00:00.000Z"}},
        "Imported": ["E2", "gone"]
    }))
    .unwrap();
    snap.apps[0].segments.push(seg);
    s.replace_state(snap, "us-east-1").unwrap();
    assert_eq!(
        s.segment_members(&scope(), APP, "imported", None).unwrap(),
        ["e2"]
    );
    let change = dims(json!({"Attributes": {"plan": {"Values": ["gold"]}}}));
    let e = s
        .update_segment(&scope(), APP, "imported", change)
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("Imported segments can't be modified"),
        "{e}"
    );
    let rename = SegmentWrite {
        name: Some("renamed".into()),
        ..Default::default()
    };
    let v2 = s.update_segment(&scope(), APP, "imported", rename).unwrap();
    assert_eq!(v2.versions.latest().1.name.as_deref(), Some("renamed"));
}
