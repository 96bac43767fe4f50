//! The model test's operations: what a random step does (`Op`), the strategies that draw
//! steps, and how a step is applied to the real store.

use super::*;

#[derive(Debug, Clone)]
pub(super) enum Op {
    Update(String, Box<EndpointPatch>),
    Batch(Vec<(String, EndpointPatch)>),
    EventsEndpoint(Vec<(String, EndpointPatch)>),
    Delete(String),
    DeleteUser(String),
    RemoveAttributes(AttrKind, String),
    DeleteApp,
    /// Update*Channel with `Enabled`.
    Channel(ChannelKind, bool),
    /// SendMessages to these endpoint ids.
    Send(Vec<String>),
}

pub(super) fn id() -> impl Strategy<Value = String> {
    (0..IDS, any::<bool>()).prop_map(|(i, upper)| {
        if upper {
            format!("EP{i}")
        } else {
            format!("ep{i}")
        }
    })
}

pub(super) fn attrs() -> impl Strategy<Value = AttrMap> {
    prop::collection::btree_map(
        prop::sample::select(vec!["k1", "k2", "tmp_a"]).prop_map(str::to_string),
        prop::sample::select(vec![
            vec![],
            vec!["v".to_string()],
            vec!["w".to_string(), "x".to_string()],
        ]),
        0..3,
    )
    .prop_map(|m| {
        m.into_iter()
            .map(|(k, v)| (k, v.into_iter().map(IStr::from).collect::<Values>()))
            .collect()
    })
}

pub(super) fn patch() -> impl Strategy<Value = EndpointPatch> {
    let channel = prop::option::of(prop::sample::select(vec![
        ChannelType::EMAIL,
        ChannelType::SMS,
        ChannelType::GCM,
        ChannelType::APNS,
        ChannelType::APNS_SANDBOX,
    ]));
    // Mostly u1, so sequences reach the 15-endpoints-per-user limit.
    let user_id = prop_oneof![
        6 => Just(Some("u1".to_string())),
        1 => Just(Some("u2".to_string())),
        1 => Just(Some(String::new())),
        1 => Just(None),
    ];
    let user = prop_oneof![
        1 => Just(None),
        4 => (user_id, prop::option::of(attrs()))
            .prop_map(|(user_id, user_attributes)| Some(UserPatch { user_id, user_attributes })),
    ];
    (
        prop::option::of(prop::sample::select(vec!["a", "b", "c", ""]).prop_map(str::to_string)),
        channel,
        prop::option::of(attrs()),
        prop::option::of(prop::collection::btree_map(
            prop::sample::select(vec!["m1", "m2"]).prop_map(str::to_string),
            0.0..10.0f64,
            0..2,
        )),
        prop::option::of(prop::sample::select(vec![OptOut::ALL, OptOut::NONE])),
        prop::option::of(prop::sample::select(vec![Status::ACTIVE, Status::INACTIVE])),
        user,
        prop::option::of(prop::sample::select(vec![
            "2026-01-01T00:00:00.000Z",
            "2026-01-02T00:00:00.000Z",
            "2026-01-03T00:00:00.000Z",
        ])),
    )
        .prop_map(
            |(address, channel_type, attributes, metrics, opt_out, status, user, eff)| {
                EndpointPatch {
                    address,
                    channel_type,
                    attributes,
                    metrics: metrics.map(|m: BTreeMap<String, f64>| {
                        m.into_iter()
                            .map(|(k, v)| (k, (v * 4.0).round() / 4.0))
                            .collect()
                    }),
                    opt_out,
                    status,
                    user,
                    // Always dated, so "oldest EffectiveDate" never depends on the wall clock.
                    effective_date: Some(eff.unwrap_or("2026-01-01T00:00:00.000Z").to_string()),
                    ..Default::default()
                }
            },
        )
}

pub(super) fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        20 => (id(), patch()).prop_map(|(i, p)| Op::Update(i, Box::new(p))),
        8 => prop::collection::vec((id(), patch()), 1..8).prop_map(Op::Batch),
        6 => prop::collection::vec((id(), patch()), 1..6).prop_map(Op::EventsEndpoint),
        2 => id().prop_map(Op::Delete),
        1 => prop::sample::select(vec!["u1", "u2"]).prop_map(|u| Op::DeleteUser(u.to_string())),
        2 => (prop::sample::select(vec![AttrKind::Custom, AttrKind::Metric, AttrKind::User]), prop::sample::select(vec!["tmp_*", "k?", "m2"]))
            .prop_map(|(k, p)| Op::RemoveAttributes(k, p.to_string())),
        1 => Just(Op::DeleteApp),
        3 => (prop::sample::select(vec![ChannelKind::SMS, ChannelKind::EMAIL, ChannelKind::GCM, ChannelKind::APNS, ChannelKind::APNS_SANDBOX]), any::<bool>())
            .prop_map(|(k, on)| Op::Channel(k, on)),
        5 => prop::collection::vec(id(), 1..8).prop_map(Op::Send),
    ]
}

/// The settings each channel needs to be valid.
pub(super) fn channel_patch(kind: ChannelKind, enabled: bool) -> ChannelPatch {
    let key = |v: &str| Some(v.to_string());
    let settings = match kind {
        ChannelKind::EMAIL => ChannelSettings {
            from_address: key("a@x.com"),
            identity: key("arn:aws:ses:us-east-1:1:identity/x.com"),
            ..Default::default()
        },
        ChannelKind::GCM => ChannelSettings {
            api_key: key("k"),
            ..Default::default()
        },
        ChannelKind::APNS | ChannelKind::APNS_SANDBOX => ChannelSettings {
            certificate: key("c"),
            private_key: key("p"),
            ..Default::default()
        },
        _ => ChannelSettings::default(),
    };
    ChannelPatch {
        enabled: Some(enabled),
        settings,
    }
}

/// SendMessages to endpoints with a DefaultMessage: each outcome, and how many were logged.
pub(super) fn send_store(store: &Store, ids: &[String]) -> (Vec<(DeliveryStatus, u16)>, usize) {
    let s = scope();
    let _ = store.app_for_write(&s, APP, "2026-01-01T00:00:00.000Z");
    let config = pinpoint_local::model::DirectMessageConfiguration {
        default_message: Some(pinpoint_local::model::DefaultMessage {
            body: Some("hi {{Address}}".into()),
            substitutions: None,
        }),
        ..Default::default()
    };
    let message = Message {
        config: Some(config),
        ..Default::default()
    };
    let before = store.sent.query(&Default::default()).0.len();
    let eps = ids
        .iter()
        .map(|i| (i.clone(), Overrides::default()))
        .collect();
    let out = store
        .send_messages(&s, APP, &message, vec![], eps, "r")
        .unwrap();
    let got = out
        .endpoints
        .iter()
        .map(|(_, o)| (o.status, o.code))
        .collect();
    (got, store.sent.query(&Default::default()).0.len() - before)
}

pub(super) fn scope() -> Scope {
    Scope {
        account: "000000000000".into(),
        region: "us-east-1".into(),
    }
}

pub(super) fn apply_store(store: &Store, op: &Op) -> bool {
    let s = scope();
    match op {
        Op::Update(id, p) => store
            .update_endpoints(&s, APP, vec![(id.clone(), (**p).clone())], "r")
            .is_ok(),
        Op::Batch(items) => store.update_endpoints(&s, APP, items.clone(), "r").is_ok(),
        Op::EventsEndpoint(items) => {
            let batches = items
                .iter()
                .map(|(id, p)| BatchIn {
                    endpoint_id: id.clone(),
                    endpoint: Ok(p.clone()),
                    events: vec![],
                })
                .collect();
            store.put_events(&s, APP, batches, "r").is_ok()
        }
        Op::Delete(id) => store.delete_endpoint(&s, APP, id).is_ok(),
        Op::DeleteUser(u) => store.delete_user_endpoints(&s, APP, u).is_ok(),
        Op::RemoveAttributes(kind, p) => {
            // The reference has no app to be missing; create it the way a first write would.
            let _ = store.app_for_write(&s, APP, "2026-01-01T00:00:00.000Z");
            store
                .remove_attributes(&s, APP, *kind, vec![p.clone()])
                .is_ok()
        }
        Op::DeleteApp => {
            let _ = store.delete_app(&s, APP);
            true
        }
        Op::Channel(kind, enabled) => {
            let _ = store.app_for_write(&s, APP, "2026-01-01T00:00:00.000Z");
            store
                .update_channel(&s, APP, *kind, channel_patch(*kind, *enabled))
                .is_ok()
        }
        Op::Send(_) => true,
    }
}
