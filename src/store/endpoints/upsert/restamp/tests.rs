//! The in-place path against the general one: for updates drawn from a small vocabulary (so
//! that most of them send again what is stored), both leave the same app and give the same
//! answer, and a rolled-back in-place update leaves the app as it was.

use proptest::prelude::*;

use crate::store::app::AppData;
use crate::store::endpoints::model::{
    AttrMap, ChannelType, Demographic, EndpointPatch, Location, MetricMap, OptOut, Status,
    UserPatch, Values,
};
use crate::store::endpoints::upsert::{self, UpsertCtx};
use crate::store::Limits;

fn values(v: &[&str]) -> Values {
    v.iter().map(|s| (*s).into()).collect()
}

fn attrs(pick: u8) -> Option<AttrMap> {
    match pick {
        0 => None,
        1 => Some([("Plan", values(&["gold"]))].into_iter().collect()),
        2 => Some([("Plan", values(&["free"]))].into_iter().collect()),
        3 => Some([("Plan", values(&[]))].into_iter().collect()),
        _ => Some(AttrMap::new()),
    }
}

fn patch() -> impl Strategy<Value = EndpointPatch> {
    let address = prop_oneof![
        Just(None),
        Just(Some("x@example.com".to_string())),
        Just(Some("y@example.com".to_string())),
        Just(Some(String::new())),
    ];
    let channel = prop_oneof![
        Just(None),
        Just(Some(ChannelType::EMAIL)),
        Just(Some(ChannelType::SMS)),
        Just(Some(ChannelType::GCM)),
    ];
    let demographic = (0u8..4).prop_map(|p| match p {
        0 => None,
        1 => Some(Demographic {
            platform: Some("ios".into()),
            ..Default::default()
        }),
        2 => Some(Demographic {
            platform: Some("android".into()),
            ..Default::default()
        }),
        _ => Some(Demographic::default()),
    });
    let location = (0u8..3).prop_map(|p| match p {
        0 => None,
        1 => Some(Location {
            city: Some("Boston".into()),
            ..Default::default()
        }),
        _ => Some(Location {
            latitude: Some(42.36),
            ..Default::default()
        }),
    });
    let metrics = (0u8..4).prop_map(|p| match p {
        0 => None,
        1 => Some([("n", 1.0)].into_iter().collect::<MetricMap>()),
        2 => Some([("n", 2.0)].into_iter().collect::<MetricMap>()),
        _ => Some(MetricMap::new()),
    });
    let opt_out = prop_oneof![
        Just(None),
        Just(Some(OptOut::ALL)),
        Just(Some(OptOut::NONE))
    ];
    let stamps = (0u8..3, 0u8..3).prop_map(|(r, e)| {
        let request_id = (r == 1).then(|| "custom-request".to_string());
        let effective_date = match e {
            1 => Some("2026-01-01T00:00:00Z".to_string()),
            2 => Some("2026-01-01T00:00:00.000Z".to_string()),
            _ => None,
        };
        (request_id, effective_date)
    });
    let status = prop_oneof![
        Just(None),
        Just(Some(Status::ACTIVE)),
        Just(Some(Status::INACTIVE))
    ];
    let user = (0u8..5, 0u8..3).prop_map(|(id, a)| {
        let user_id = match id {
            0 => return None,
            1 => None,
            2 => Some("u1".to_string()),
            3 => Some("u2".to_string()),
            _ => Some(String::new()),
        };
        let user_attributes = match a {
            0 => None,
            1 => Some([("Name", values(&["Ana"]))].into_iter().collect()),
            _ => Some([("Name", values(&["Bo"]))].into_iter().collect()),
        };
        Some(UserPatch {
            user_id,
            user_attributes,
        })
    });
    (
        (address, channel, 0u8..5, demographic, location),
        (metrics, opt_out, stamps, status, user),
    )
        .prop_map(
            |(
                (address, channel_type, a, demographic, location),
                (metrics, opt_out, (request_id, effective_date), status, user),
            )| {
                EndpointPatch {
                    address,
                    channel_type,
                    attributes: attrs(a),
                    demographic,
                    location,
                    metrics,
                    opt_out,
                    request_id,
                    effective_date,
                    status,
                    user,
                }
            },
        )
}

/// `p` with the members whose bit is set in `cleared` left out, and new stamps.
fn resent(mut p: EndpointPatch, cleared: u16, stamps: u8) -> EndpointPatch {
    let bit = |n: u16| cleared & (1 << n) != 0;
    macro_rules! leave_out {
        ($($n:literal $member:ident),*) => {$(
            if bit($n) {
                p.$member = None;
            }
        )*};
    }
    leave_out!(0 address, 1 channel_type, 2 attributes, 3 demographic, 4 location, 5 metrics,
        6 opt_out, 7 status, 8 user);
    if bit(9) {
        if let Some(u) = &mut p.user {
            u.user_attributes = None;
        }
    }
    p.request_id = (stamps == 1).then(|| "another-request".to_string());
    p.effective_date = (stamps == 2).then(|| "2026-02-01T00:00:00Z".to_string());
    p
}

fn id() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("a"), Just("b"), Just("C"), Just("d")]
}

/// Everything an update can change, in an order that does not depend on the tables' history.
fn state(data: &AppData) -> String {
    let mut endpoints: Vec<String> = data
        .keyed_endpoints()
        .map(|(k, e)| {
            let holder = crate::store::app::address_key(e, data.dedup_by_channel())
                .and_then(|a| data.active_holder(&a).map(str::to_string));
            format!("{k}: {e:?} holder {holder:?}")
        })
        .collect();
    endpoints.sort();
    let mut users: Vec<String> = data.users().map(|u| format!("{u:?}")).collect();
    users.sort();
    data.check_invariants()
        .expect("indexes agree with the endpoints");
    format!("{endpoints:#?}\n{users:#?}\nnames {}", data.name_count())
}

fn apply(
    data: &mut AppData,
    ctx: &UpsertCtx<'_>,
    id: &str,
    patch: EndpointPatch,
    general: bool,
) -> String {
    let mut txn = data.txn();
    let result = if general {
        upsert::prepare(&txn, id, patch)
            .and_then(|(key, patch)| upsert::merged(&mut txn, ctx, id, &key, patch))
    } else {
        upsert::upsert(&mut txn, ctx, id, patch)
    };
    if result.is_ok() {
        txn.commit();
    }
    format!("{result:?}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_in_place_path_leaves_what_the_general_path_leaves(
        history in proptest::collection::vec((id(), patch()), 0..6),
        fresh in (id(), patch()),
        (repeat, cleared, stamps) in (0usize..8, any::<u16>(), 0u8..3),
        small in any::<bool>(),
        by_channel in any::<bool>(),
    ) {
        let limits = Limits {
            max_endpoint_bytes: if small { 560 } else { Limits::default().max_endpoint_bytes },
            ..Limits::default()
        };
        let ctx = UpsertCtx {
            app_id: "app",
            request_id: "5f3c1a52-5a8e-4a3b-9d64-1f2e3d4c5b6a",
            now: "2026-11-23T10:00:00.000Z",
            limits: &limits,
        };
        let mut data = AppData::new(by_channel);
        for (id, p) in &history {
            apply(&mut data, &ctx, id, p.clone(), true);
        }
        // Mostly an update sent before, again (as an app sends its endpoint on each launch),
        // with some members left out and other stamps: the updates the in-place path is for.
        let last = match history.get(repeat) {
            Some((id, p)) => (*id, resent(p.clone(), cleared, stamps)),
            None => fresh,
        };
        let before = state(&data);
        let (id, p) = last;
        let (mut fast, mut general) = (data.clone(), data.clone());
        let answered = apply(&mut fast, &ctx, id, p.clone(), false);
        prop_assert_eq!(&answered, &apply(&mut general, &ctx, id, p.clone(), true));
        prop_assert_eq!(state(&fast), state(&general));

        // Undone, the in-place update leaves nothing behind.
        let mut undone = data.clone();
        {
            let mut txn = undone.txn();
            let _ = upsert::upsert(&mut txn, &ctx, id, p);
        }
        prop_assert_eq!(state(&undone), before);
    }
}
