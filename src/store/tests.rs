//! Unit tests of every rule in the store, without HTTP.

use std::collections::BTreeMap;

use super::events::{BatchIn, EventIn, EventLog};
use super::model::{ChannelType, Demographic, EndpointPatch, Location, OptOut, Status, UserPatch};
use super::*;

const APP: &str = "0123456789abcdef0123456789abcdef";

fn store_with(options: StoreOptions) -> Store {
    Store::new(options, EventLog::new(1000, None).unwrap())
}

fn store() -> Store {
    store_with(StoreOptions::default())
}

fn scope() -> Scope {
    Scope {
        account: "000000000000".into(),
        region: "us-east-1".into(),
    }
}

fn attrs(pairs: &[(&str, &[&str])]) -> model::AttrMap {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
        .collect()
}

fn email(addr: &str) -> EndpointPatch {
    EndpointPatch {
        channel_type: Some(ChannelType::EMAIL),
        address: Some(addr.into()),
        ..Default::default()
    }
}

fn with_user(mut p: EndpointPatch, user: &str) -> EndpointPatch {
    p.user = Some(UserPatch {
        user_id: Some(user.into()),
        user_attributes: None,
    });
    p
}

fn push(channel: ChannelType, addr: &str, user: &str) -> EndpointPatch {
    with_user(
        EndpointPatch {
            channel_type: Some(channel),
            address: Some(addr.into()),
            ..Default::default()
        },
        user,
    )
}

impl Store {
    fn put(&self, id: &str, p: EndpointPatch) -> Result<(), ApiError> {
        self.update_endpoints(&scope(), APP, vec![(id.into(), p)], "req-1")
    }
    fn get(&self, id: &str) -> model::Endpoint {
        self.get_endpoint(&scope(), APP, id).unwrap()
    }
    fn check(&self) {
        let app = self.app(&scope(), APP).unwrap();
        app.data.read().check_invariants().unwrap();
    }
}

/// Links 15 EMAIL endpoints (`e0`…`e14`) to `user`: the per-user limit.
fn fill_user_with_email_endpoints(s: &Store, user: &str) {
    for i in 0..15 {
        s.put(
            &format!("e{i}"),
            with_user(email(&format!("{i}@x.com")), user),
        )
        .unwrap();
    }
}

fn bad(r: Result<(), ApiError>) -> String {
    match r {
        Err(ApiError::BadRequest(m)) => m,
        other => panic!("expected a 400, got {other:?}"),
    }
}

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
    assert_eq!(ep.demographic.unwrap().make.as_deref(), Some("apple"));
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
    let loc = ep.location.unwrap();
    assert_eq!(
        (loc.city.as_deref(), loc.latitude, loc.longitude),
        (Some("Seattle"), Some(47.6), Some(-122.3))
    );
    assert_eq!(
        ep.metrics.unwrap(),
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
        Err(ApiError::NotFound(_))
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
    assert_eq!(first.effective_date, first.creation_date);
    assert_eq!(first.request_id, "req-1");
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
    assert_eq!(second.creation_date, first.creation_date);
    assert_eq!(second.effective_date, "2030-01-01T00:00:00.000Z");
    assert_eq!(second.request_id, "client-req");
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
    // Adding an address later keeps ALL (D2).
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

#[test]
fn endpoint_ids_are_case_insensitive_and_keep_their_creation_spelling() {
    let s = store();
    s.put("AbC", email("a@x.com")).unwrap();
    s.put(
        "abc",
        EndpointPatch {
            attributes: Some(attrs(&[("k", &["v"])])),
            ..Default::default()
        },
    )
    .unwrap();
    let ep = s.get("ABC");
    assert_eq!(ep.id, "AbC");
    assert_eq!(ep.attributes, attrs(&[("k", &["v"])]));
}

#[test]
fn endpoint_id_rules() {
    let s = store();
    for id in ["", "a$b", "a{b", "a}b", "tab\there"] {
        bad(s.put(id, EndpointPatch::default()));
    }
    bad(s.put(&"x".repeat(1025), EndpointPatch::default()));
    s.put(&"x".repeat(1024), EndpointPatch::default()).unwrap();
    for id in ["a$b", "{", "}"] {
        assert!(
            matches!(
                s.get_endpoint(&scope(), APP, id),
                Err(ApiError::BadRequest(_))
            ),
            "{id}"
        );
        assert!(
            matches!(
                s.delete_endpoint(&scope(), APP, id),
                Err(ApiError::BadRequest(_))
            ),
            "{id}"
        );
    }
    s.put("us-east-1:abc/def+1 ü", EndpointPatch::default())
        .unwrap();
}

#[test]
fn sixteenth_email_endpoint_of_a_user_is_refused_and_changes_nothing() {
    let s = store();
    fill_user_with_email_endpoints(&s, "u");
    let m = bad(s.put("e15", with_user(email("15@x.com"), "u")));
    assert!(
        m.starts_with("Exceeded maximum endpoint per user count"),
        "{m}"
    );
    assert!(s.get_endpoint(&scope(), APP, "e15").is_err());
    assert_eq!(s.user_endpoints(&scope(), APP, "u").unwrap().len(), 15);
    // Re-updating a member never trips the rule.
    s.put("e3", with_user(EndpointPatch::default(), "u"))
        .unwrap();
    s.check();
}

#[test]
fn sixteenth_push_endpoint_evicts_the_oldest_push_endpoint() {
    let s = store();
    s.put(
        "old-apns",
        EndpointPatch {
            effective_date: Some("2020-01-01T00:00:00Z".into()),
            ..push(ChannelType::APNS, "tok-old", "u")
        },
    )
    .unwrap();
    s.put(
        "newer-gcm",
        EndpointPatch {
            effective_date: Some("2021-01-01T00:00:00Z".into()),
            ..push(ChannelType::GCM, "tok-newer", "u")
        },
    )
    .unwrap();
    for i in 0..13 {
        s.put(
            &format!("e{i}"),
            with_user(email(&format!("{i}@x.com")), "u"),
        )
        .unwrap();
    }
    s.put("new-gcm", push(ChannelType::GCM, "tok-new", "u"))
        .unwrap();
    let evicted = s.get("old-apns");
    assert_eq!(evicted.status, Status::INACTIVE);
    assert_eq!(evicted.user_id, None);
    assert_eq!(s.get("newer-gcm").user_id.as_deref(), Some("u"));
    let members = s.user_endpoints(&scope(), APP, "u").unwrap();
    assert_eq!(members.len(), 15);
    assert!(members.iter().any(|e| e.id == "new-gcm"));
    s.check();
}

#[test]
fn sixteenth_push_endpoint_without_push_members_or_for_apns_sandbox_is_refused() {
    let s = store();
    fill_user_with_email_endpoints(&s, "u");
    bad(s.put("g", push(ChannelType::GCM, "tok", "u")));
    let s = store();
    for i in 0..15 {
        s.put(
            &format!("p{i}"),
            push(ChannelType::APNS, &format!("t{i}"), "u"),
        )
        .unwrap();
    }
    bad(s.put("sb", push(ChannelType::APNS_SANDBOX, "tok", "u")));
    s.check();
}

#[test]
fn quotas_are_bad_requests_naming_the_limit() {
    let s = store();
    let long = "n".repeat(51);
    assert!(bad(s.put(
        "e",
        EndpointPatch {
            attributes: Some(attrs(&[(&long, &["v"])])),
            ..Default::default()
        }
    ))
    .contains("50"));
    let value = "v".repeat(101);
    assert!(bad(s.put(
        "e",
        EndpointPatch {
            attributes: Some(attrs(&[("k", &[&value])])),
            ..Default::default()
        }
    ))
    .contains("100"));
    let many: Vec<String> = (0..51).map(|i| i.to_string()).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert!(bad(s.put(
        "e",
        EndpointPatch {
            attributes: Some(attrs(&[("k", &many)])),
            ..Default::default()
        }
    ))
    .contains("50 values"));
    let metric_name = "m".repeat(51);
    bad(s.put(
        "e",
        EndpointPatch {
            metrics: Some(model::MetricMap::from_iter([(metric_name, 1.0)])),
            ..Default::default()
        },
    ));
}

#[test]
fn the_app_holds_at_most_250_attribute_names_and_a_failed_write_registers_none() {
    let s = store();
    let names: model::AttrMap = (0..200)
        .map(|i| (format!("a{i}"), vec!["v".to_string()]))
        .collect();
    s.put(
        "e1",
        EndpointPatch {
            attributes: Some(names),
            ..Default::default()
        },
    )
    .unwrap();
    let metrics: model::MetricMap = (0..50).map(|i| (format!("m{i}"), 1.0)).collect();
    s.put(
        "e2",
        EndpointPatch {
            metrics: Some(metrics),
            ..Default::default()
        },
    )
    .unwrap();
    let m = bad(s.put(
        "e3",
        EndpointPatch {
            attributes: Some(attrs(&[("one-more", &["v"])])),
            ..Default::default()
        },
    ));
    assert!(m.contains("250") && m.contains("one-more"), "{m}");
    // Reusing a known name is fine.
    s.put(
        "e3",
        EndpointPatch {
            attributes: Some(attrs(&[("a7", &["v"])])),
            ..Default::default()
        },
    )
    .unwrap();
    let app = s.app(&scope(), APP).unwrap();
    assert_eq!(app.data.read().name_count(), 250);
}

#[test]
fn an_endpoint_over_15_kb_is_refused() {
    let s = store();
    let big: model::AttrMap = (0..40)
        .map(|i| (format!("k{i}"), vec!["v".repeat(100); 5]))
        .collect();
    let m = bad(s.put(
        "e",
        EndpointPatch {
            attributes: Some(big),
            ..Default::default()
        },
    ));
    assert!(m.contains("15 KB"), "{m}");
}

#[test]
fn a_batch_with_one_bad_item_applies_nothing() {
    let s = store();
    s.put("keep", email("keep@x.com")).unwrap();
    let items = vec![
        ("new1".to_string(), email("n1@x.com")),
        (
            "keep".to_string(),
            EndpointPatch {
                attributes: Some(attrs(&[("k", &["v"])])),
                ..Default::default()
            },
        ),
        ("bad$".to_string(), EndpointPatch::default()),
    ];
    let m = bad(s.update_endpoints(&scope(), APP, items, "r"));
    assert!(m.contains("Item 2"), "{m}");
    assert!(s.get_endpoint(&scope(), APP, "new1").is_err());
    assert!(s.get("keep").attributes.is_empty());
    s.check();
}

#[test]
fn unknown_apps_first_write_creates_reads_are_404_and_strict_refuses() {
    let s = store();
    assert!(matches!(
        s.get_endpoint(&scope(), "fresh", "e"),
        Err(ApiError::NotFound(_))
    ));
    s.update_endpoints(
        &scope(),
        "fresh",
        vec![("e".into(), EndpointPatch::default())],
        "r",
    )
    .unwrap();
    assert!(s.app(&scope(), "fresh").is_ok());
    assert!(matches!(
        s.update_endpoints(
            &scope(),
            "bad id!",
            vec![("e".into(), EndpointPatch::default())],
            "r"
        ),
        Err(ApiError::NotFound(_))
    ));
    let strict = store_with(StoreOptions {
        strict_apps: true,
        ..Default::default()
    });
    assert!(matches!(
        strict.update_endpoints(
            &scope(),
            "fresh",
            vec![("e".into(), EndpointPatch::default())],
            "r"
        ),
        Err(ApiError::NotFound(_))
    ));
}

#[test]
fn scopes_are_isolated() {
    let s = store();
    s.put("e", EndpointPatch::default()).unwrap();
    let other_region = Scope {
        region: "eu-west-1".into(),
        ..scope()
    };
    let other_account = Scope {
        account: "111122223333".into(),
        ..scope()
    };
    assert!(s.get_endpoint(&other_region, APP, "e").is_err());
    assert!(s.get_endpoint(&other_account, APP, "e").is_err());
}

#[test]
fn delete_endpoint_and_delete_user_endpoints_return_what_they_removed() {
    let s = store();
    s.put("a", with_user(email("a@x.com"), "u")).unwrap();
    s.put("b", with_user(email("b@x.com"), "u")).unwrap();
    s.put("c", email("c@x.com")).unwrap();
    assert_eq!(s.delete_endpoint(&scope(), APP, "C").unwrap().id, "c");
    assert!(s.get_endpoint(&scope(), APP, "c").is_err());
    let gone = s.delete_user_endpoints(&scope(), APP, "u").unwrap();
    assert_eq!(
        gone.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert!(matches!(
        s.delete_user_endpoints(&scope(), APP, "u"),
        Err(ApiError::NotFound(_))
    ));
    assert!(matches!(
        s.delete_endpoint(&scope(), APP, "c"),
        Err(ApiError::NotFound(_))
    ));
    s.check();
}

#[test]
fn remove_attributes_blocks_later_writes_and_keeps_values() {
    let s = store();
    s.put(
        "e",
        EndpointPatch {
            attributes: Some(attrs(&[
                ("temp_a", &["1"]),
                ("temp_b", &["2"]),
                ("keep", &["3"]),
            ])),
            ..Default::default()
        },
    )
    .unwrap();
    let removed = s
        .remove_attributes(&scope(), APP, AttrKind::Custom, vec!["temp_*".into()])
        .unwrap();
    assert_eq!(removed, ["temp_a", "temp_b"]);
    s.put(
        "e",
        EndpointPatch {
            attributes: Some(attrs(&[
                ("temp_a", &["new"]),
                ("temp_c", &["x"]),
                ("keep", &["4"]),
            ])),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        s.get("e").attributes,
        attrs(&[("keep", &["4"]), ("temp_a", &["1"]), ("temp_b", &["2"])])
    );
    let app = s.app(&scope(), APP).unwrap();
    assert_eq!(
        app.data.read().name_count(),
        1,
        "removed names free their quota slots"
    );
}

fn event(id: &str, event_type: Option<&str>, ts: Option<&str>) -> EventIn {
    EventIn {
        id: id.into(),
        event_type: event_type.map(Into::into),
        timestamp: ts.map(Into::into),
        session: None,
        attributes: BTreeMap::new(),
        metrics: BTreeMap::new(),
        raw: serde_json::json!({ "EventType": event_type }),
    }
}

#[test]
fn put_events_upserts_endpoints_and_judges_each_event_alone() {
    let s = store();
    s.put(
        "known",
        EndpointPatch {
            attributes: Some(attrs(&[("k", &["v"])])),
            ..with_user(email("k@x.com"), "u")
        },
    )
    .unwrap();
    let mut too_many = event("e3", Some("custom"), Some("2024-01-01T00:00:00Z"));
    too_many.attributes = (0..41)
        .map(|i| (format!("a{i}"), "v".to_string()))
        .collect();
    let batches = vec![
        BatchIn {
            endpoint_id: "Fresh".into(),
            endpoint: Ok(EndpointPatch::default()),
            events: vec![event(
                "e1",
                Some("_session.start"),
                Some("2024-01-01T00:00:00.000Z"),
            )],
        },
        BatchIn {
            endpoint_id: "known".into(),
            endpoint: Ok(EndpointPatch::default()),
            events: vec![
                event("e2", None, Some("2024-01-01T00:00:00Z")),
                too_many,
                event("e4", Some("x"), Some("2024-01-01T00:00:00Z")),
            ],
        },
    ];
    let out = s.put_events(&scope(), APP, batches, "r").unwrap();
    assert_eq!(out[0].endpoint, Ok(()));
    assert_eq!(out[0].events[0].1, Ok(()));
    assert!(out[1].events[0]
        .1
        .as_ref()
        .unwrap_err()
        .contains("EventType"));
    assert!(out[1].events[1]
        .1
        .as_ref()
        .unwrap_err()
        .starts_with("Number of attributes per event submitted should be less than 40."));
    assert_eq!(out[1].events[2].1, Ok(()));
    assert_eq!(s.get("fresh").opt_out, OptOut::ALL);
    let known = s.get("known");
    assert_eq!(known.attributes, attrs(&[("k", &["v"])]));
    assert_eq!(known.user_id.as_deref(), Some("u"));
    let (events, _) = s.events.query(&Default::default());
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].user_id.as_deref(), Some("u"));
    s.check();
}

#[test]
fn put_events_endpoint_failure_is_per_item() {
    let s = store();
    fill_user_with_email_endpoints(&s, "u");
    let batches = vec![BatchIn {
        endpoint_id: "sixteen".into(),
        endpoint: Ok(with_user(email("16@x.com"), "u")),
        events: vec![event("ev", Some("t"), Some("2024-01-01T00:00:00Z"))],
    }];
    let out = s.put_events(&scope(), APP, batches, "r").unwrap();
    assert!(out[0]
        .endpoint
        .as_ref()
        .unwrap_err()
        .starts_with("Exceeded maximum endpoint per user count"));
    assert_eq!(out[0].events[0].1, Ok(()));
    s.check();
}

#[test]
fn put_events_over_100_events_is_refused_whole() {
    let s = store();
    let events: Vec<EventIn> = (0..101)
        .map(|i| event(&i.to_string(), Some("t"), Some("2024-01-01T00:00:00Z")))
        .collect();
    let r = s.put_events(
        &scope(),
        APP,
        vec![BatchIn {
            endpoint_id: "e".into(),
            endpoint: Ok(EndpointPatch::default()),
            events,
        }],
        "r",
    );
    assert!(matches!(r, Err(ApiError::BadRequest(_))));
    assert!(
        s.app(&scope(), APP).is_err(),
        "nothing applied, not even the app"
    );
}

#[test]
fn the_events_log_is_bounded_and_counts_drops() {
    let log = EventLog::new(3, None).unwrap();
    let rec = |i: usize| events::RecordedEvent {
        account_id: "a".into(),
        region: "r".into(),
        application_id: APP.into(),
        endpoint_id: "e".into(),
        event_id: i.to_string(),
        user_id: None,
        received_at: "2024-01-01T00:00:00.000Z".into(),
        event: serde_json::json!({}),
    };
    log.record((0..5).map(rec).collect());
    let (events, dropped) = log.query(&Default::default());
    assert_eq!(
        events
            .iter()
            .map(|e| e.event_id.as_str())
            .collect::<Vec<_>>(),
        ["2", "3", "4"]
    );
    assert_eq!(dropped, 2);
}

#[test]
fn delete_app_drops_endpoints_and_events() {
    let s = store();
    let b = vec![BatchIn {
        endpoint_id: "e".into(),
        endpoint: Ok(EndpointPatch::default()),
        events: vec![event("x", Some("t"), Some("2024-01-01T00:00:00Z"))],
    }];
    s.put_events(&scope(), APP, b, "r").unwrap();
    s.delete_app(&scope(), APP).unwrap();
    assert!(s.get_endpoint(&scope(), APP, "e").is_err());
    assert!(s.events.query(&Default::default()).0.is_empty());
}
