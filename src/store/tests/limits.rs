//! The 15-per-user rule, quotas, batches, unknown apps, scopes, deletes and RemoveAttributes.

use super::*;

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
        .map(|i| (format!("a{i}"), Box::new(["v".into()]) as model::Values))
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
    assert_eq!(app.read().name_count(), 250);
}

#[test]
fn an_endpoint_over_15_kb_is_refused() {
    let s = store();
    let big: model::AttrMap = (0..40)
        .map(|i| (format!("k{i}"), vec!["v".repeat(100).into(); 5].into()))
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
    assert!(m.starts_with("Endpoint ID must not contain"), "{m}");
    assert!(m.contains("item 2 (endpoint \"bad$\")"), "{m}");
    assert!(s.get_endpoint(&scope(), APP, "new1").is_err());
    assert!(s.get("keep").attributes.is_empty());
    s.check();
}

#[test]
fn unknown_apps_first_write_creates_reads_are_404_and_strict_refuses() {
    let s = store();
    assert!(matches!(
        s.get_endpoint(&scope(), "fresh", "e"),
        Err(StoreError::AppNotFound)
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
        Err(StoreError::AppNotFound)
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
        Err(StoreError::AppNotFound)
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
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_endpoint(&scope(), APP, "c"),
        Err(StoreError::NotFound)
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
        app.read().name_count(),
        1,
        "removed names free their quota slots"
    );
}

#[test]
fn a_refused_first_write_creates_no_app() {
    let s = store();
    bad(s.put("bad$", EndpointPatch::default()));
    let no_address = EndpointPatch {
        opt_out: Some(OptOut::NONE),
        ..Default::default()
    };
    bad(s.put("e1", no_address));
    assert!(matches!(s.app(&scope(), APP), Err(StoreError::AppNotFound)));
    s.put("e1", email("a@x.com")).unwrap();
    assert_eq!(s.get("e1").address.as_deref(), Some("a@x.com"));
    s.check();
}

#[test]
fn the_event_stream_is_set_read_replaced_and_deleted() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    assert!(matches!(
        s.event_stream(&scope(), APP),
        Err(StoreError::NotFound)
    ));
    let kinesis = "arn:aws:kinesis:us-east-1:1:stream/s";
    let role = "arn:aws:iam::1:role/r";
    for (d, r) in [
        (None, Some(role)),
        (Some(kinesis), None),
        (Some("arn:aws:s3:::b"), Some(role)),
        (Some(kinesis), Some("role")),
    ] {
        assert!(matches!(
            s.put_event_stream(&scope(), APP, d, r),
            Err(StoreError::Invalid(_))
        ));
    }
    assert!(
        matches!(s.event_stream(&scope(), APP), Err(StoreError::NotFound)),
        "a refused put sets nothing"
    );
    s.put_event_stream(&scope(), APP, Some(kinesis), Some(role))
        .unwrap();
    let firehose = "arn:aws:firehose:us-east-1:1:deliverystream/f";
    s.put_event_stream(&scope(), APP, Some(firehose), Some(role))
        .unwrap();
    assert_eq!(
        s.event_stream(&scope(), APP)
            .unwrap()
            .destination_stream_arn,
        firehose
    );
    let snap = s.snapshot();
    assert_eq!(
        s.delete_event_stream(&scope(), APP)
            .unwrap()
            .destination_stream_arn,
        firehose
    );
    assert!(matches!(
        s.delete_event_stream(&scope(), APP),
        Err(StoreError::NotFound)
    ));
    s.replace_state(snap, "us-east-1").unwrap();
    assert_eq!(s.event_stream(&scope(), APP).unwrap().role_arn, role);
}
