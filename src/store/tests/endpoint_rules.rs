//! The endpoint update rules without HTTP: partial updates and merges, users, the same-address
//! rule, server fields and the default OptOut (docs/behaviour.md#nested-merge and the Endpoints
//! section around it).

use super::*;

#[test]
fn partial_update_keeps_members_left_out() {
    let s = store();
    s.put(
        "e1",
        EndpointPatch {
            attributes: Some(attrs(&[("a", &["1"]), ("b", &["2"])])),
            demographic: Some(Demographic {
                make: Some("apple".into()),
                ..Default::default()
            }),
            ..email("x@example.com")
        },
    )
    .unwrap();
    s.put(
        "e1",
        EndpointPatch {
            attributes: Some(attrs(&[("a", &["9", "10"])])),
            ..Default::default()
        },
    )
    .unwrap();
    let ep = s.get("e1");
    assert_eq!(ep.attributes, attrs(&[("a", &["9", "10"]), ("b", &["2"])]));
    assert_eq!(ep.address.as_deref(), Some("x@example.com"));
    assert_eq!(
        ep.demographic.as_ref().unwrap().make.as_deref(),
        Some("apple")
    );
    s.check();
}

#[test]
fn empty_list_removes_an_attribute_key() {
    let s = store();
    s.put(
        "e1",
        EndpointPatch {
            attributes: Some(attrs(&[("a", &["1"]), ("b", &["2"])])),
            ..Default::default()
        },
    )
    .unwrap();
    s.put(
        "e1",
        EndpointPatch {
            attributes: Some(attrs(&[("a", &[])])),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(s.get("e1").attributes, attrs(&[("b", &["2"])]));
}

#[test]
fn nested_objects_merge_field_by_field_and_metrics_per_key() {
    let s = store();
    s.put(
        "e1",
        EndpointPatch {
            location: Some(Location {
                city: Some("Seattle".into()),
                latitude: Some(47.61),
                ..Default::default()
            }),
            metrics: Some(model::MetricMap::from_iter([("m1", 1.0), ("m2", 2.0)])),
            ..Default::default()
        },
    )
    .unwrap();
    s.put(
        "e1",
        EndpointPatch {
            location: Some(Location {
                longitude: Some(-122.33),
                ..Default::default()
            }),
            metrics: Some(model::MetricMap::from_iter([("m2", 5.0)])),
            ..Default::default()
        },
    )
    .unwrap();
    let ep = s.get("e1");
    let loc = ep.location.as_ref().unwrap();
    assert_eq!(
        (loc.city.as_deref(), loc.latitude, loc.longitude),
        (Some("Seattle"), Some(47.6), Some(-122.3))
    );
    assert_eq!(
        ep.metrics.clone().unwrap(),
        model::MetricMap::from_iter([("m1", 1.0), ("m2", 5.0)])
    );
}

#[test]
fn empty_user_id_unlinks_and_absent_user_id_keeps() {
    let s = store();
    s.put("e1", with_user(email("a@x.com"), "u1")).unwrap();
    s.put(
        "e1",
        EndpointPatch {
            user: Some(UserPatch::default()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(s.get("e1").user_id.as_deref(), Some("u1"));
    s.put("e1", with_user(EndpointPatch::default(), ""))
        .unwrap();
    assert_eq!(s.get("e1").user_id, None);
    assert!(matches!(
        s.user_endpoints(&scope(), APP, "u1"),
        Err(StoreError::NotFound)
    ));
    s.check();
}

#[test]
fn user_attributes_are_shared_by_every_endpoint_of_the_user() {
    let s = store();
    s.put("e1", with_user(email("a@x.com"), "u1")).unwrap();
    s.put("e2", with_user(email("b@x.com"), "u1")).unwrap();
    s.put("e3", with_user(email("c@x.com"), "u2")).unwrap();
    let mut p = with_user(EndpointPatch::default(), "u1");
    p.user.as_mut().unwrap().user_attributes = Some(attrs(&[("plan", &["gold"])]));
    s.put("e2", p).unwrap();
    assert_eq!(s.get("e1").user_attributes, attrs(&[("plan", &["gold"])]));
    assert_eq!(s.get("e2").user_attributes, attrs(&[("plan", &["gold"])]));
    assert!(s.get("e3").user_attributes.is_empty());
    s.check();
}

#[test]
fn same_address_makes_the_other_endpoint_inactive() {
    let s = store();
    s.put("a", email("same@x.com")).unwrap();
    s.put(
        "b",
        EndpointPatch {
            channel_type: Some(ChannelType::SMS),
            address: Some("+15550100".into()),
            ..Default::default()
        },
    )
    .unwrap();
    s.put(
        "b",
        EndpointPatch {
            address: Some("same@x.com".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(s.get("a").status, Status::INACTIVE);
    assert_eq!(s.get("b").status, Status::ACTIVE);
    // Updating A again makes it ACTIVE and B INACTIVE.
    s.put("a", EndpointPatch::default()).unwrap();
    assert_eq!(s.get("a").status, Status::ACTIVE);
    assert_eq!(s.get("b").status, Status::INACTIVE);
    s.check();
}

#[test]
fn explicit_status_is_applied_and_others_with_the_address_still_turn_inactive() {
    let s = store();
    s.put("a", email("same@x.com")).unwrap();
    s.put(
        "b",
        EndpointPatch {
            status: Some(Status::INACTIVE),
            ..email("same@x.com")
        },
    )
    .unwrap();
    assert_eq!(s.get("a").status, Status::INACTIVE);
    assert_eq!(s.get("b").status, Status::INACTIVE);
    s.check();
}

#[test]
fn dedup_by_channel_narrows_the_same_address_rule() {
    let s = store_with(StoreOptions {
        dedup_by_channel: true,
        ..Default::default()
    });
    s.put("a", email("same")).unwrap();
    s.put(
        "b",
        EndpointPatch {
            channel_type: Some(ChannelType::SMS),
            address: Some("same".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(s.get("a").status, Status::ACTIVE);
    s.put("c", email("same")).unwrap();
    assert_eq!(s.get("a").status, Status::INACTIVE);
    assert_eq!(s.get("b").status, Status::ACTIVE);
    s.check();
}

#[test]
fn cohort_creation_date_fixed_effective_date_and_request_id_follow_updates() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let first = s.get("e1");
    assert!(first.cohort_id < 100);
    assert_eq!(
        first.effective_date().to_string(),
        first.creation_date().to_string()
    );
    assert_eq!(first.request_id(), "req-1");
    s.put(
        "e1",
        EndpointPatch {
            effective_date: Some("2030-01-01T00:00:00.000Z".into()),
            request_id: Some("client-req".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let second = s.get("e1");
    assert_eq!(second.cohort_id, first.cohort_id);
    assert_eq!(
        second.creation_date().to_string(),
        first.creation_date().to_string()
    );
    assert_eq!(second.effective_date(), "2030-01-01T00:00:00.000Z");
    assert_eq!(second.request_id(), "client-req");
    let m = bad(s.put(
        "e1",
        EndpointPatch {
            effective_date: Some("soon".into()),
            ..Default::default()
        },
    ));
    assert!(m.contains("EffectiveDate"), "{m}");
}

#[test]
fn opt_out_defaults_and_the_missing_address_and_channel_checks() {
    let s = store();
    s.put("bare", EndpointPatch::default()).unwrap();
    assert_eq!(s.get("bare").opt_out, OptOut::ALL);
    s.put("mail", email("a@x.com")).unwrap();
    assert_eq!(s.get("mail").opt_out, OptOut::NONE);
    // Adding an address later keeps ALL (docs/behaviour.md#opt-out-default).
    s.put("bare", email("b@x.com")).unwrap();
    assert_eq!(s.get("bare").opt_out, OptOut::ALL);
    assert_eq!(
        bad(s.put(
            "n",
            EndpointPatch {
                opt_out: Some(OptOut::NONE),
                ..Default::default()
            }
        )),
        "Missing Address"
    );
    assert_eq!(
        bad(s.put(
            "n",
            EndpointPatch {
                address: Some("x".into()),
                ..Default::default()
            }
        )),
        "Missing ChannelType"
    );
    assert!(
        s.get_endpoint(&scope(), APP, "n").is_err(),
        "a rejected create leaves nothing"
    );
}
