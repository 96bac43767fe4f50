//! Property test of segment membership: random endpoints and random segments (dimensions,
//! groups, base segments) evaluated by the store and by a deliberately simple reference written
//! straight from docs/behaviour.md#segment-membership; both must name the same members.

use std::collections::BTreeSet;

use pinpoint_local::store::endpoints::model::{
    AttrMap, ChannelType, Demographic, EndpointPatch, IStr,
};
use pinpoint_local::store::engagement::segments::SegmentWrite;
use pinpoint_local::store::{Logs, Scope, Store, StoreOptions};
use proptest::prelude::*;
use serde_json::{json, Value};

const APP: &str = "segmodel";

#[derive(Debug, Clone)]
struct Ep {
    plan: Vec<&'static str>,
    platform: Option<&'static str>,
    orders: Option<f64>,
    channel: ChannelType,
}

/// One SegmentDimensions: each criterion optional.
#[derive(Debug, Clone)]
struct Dims {
    plan: Option<(&'static str, Vec<&'static str>)>,
    platform: Option<(&'static str, Vec<&'static str>)>,
    orders: Option<(&'static str, f64)>,
    channel: Option<Vec<&'static str>>,
}

#[derive(Debug, Clone)]
struct Group {
    sources: Vec<usize>,
    source_type: &'static str,
    dims: Vec<Dims>,
    kind: &'static str,
}

#[derive(Debug, Clone)]
struct Seg {
    dims: Option<Dims>,
    groups: Option<(&'static str, Vec<Group>)>,
}

fn dims_json(d: &Dims) -> Value {
    let mut v = json!({});
    if let Some((t, vals)) = &d.plan {
        v["Attributes"] = json!({"plan": {"AttributeType": t, "Values": vals}});
    }
    if let Some((t, vals)) = &d.platform {
        v["Demographic"] = json!({"Platform": {"DimensionType": t, "Values": vals}});
    }
    if let Some(ch) = &d.channel {
        v["Demographic"]["Channel"] = json!({"Values": ch});
    }
    if let Some((op, x)) = d.orders {
        v["Metrics"] = json!({"orders": {"ComparisonOperator": op, "Value": x}});
    }
    v
}

/// The reference: one criterion at a time, by the documented rules.
fn dims_match(d: &Dims, e: &Ep) -> bool {
    let plan = d.plan.as_ref().is_none_or(|(t, vals)| match *t {
        "EXCLUSIVE" => !e.plan.iter().any(|p| vals.contains(p)),
        "CONTAINS" => e.plan.iter().any(|p| vals.iter().any(|v| p.contains(v))),
        _ => e.plan.iter().any(|p| vals.contains(p)),
    });
    let platform = d.platform.as_ref().is_none_or(|(t, vals)| {
        let found = e
            .platform
            .is_some_and(|p| vals.iter().any(|v| v.to_lowercase() == p.to_lowercase()));
        if *t == "EXCLUSIVE" {
            !found
        } else {
            found
        }
    });
    let channel = d.channel.as_ref().is_none_or(|vals| {
        vals.iter()
            .any(|v| *v == e.channel.as_str() || (*v == "PUSH" && e.channel == ChannelType::GCM))
    });
    let orders = d.orders.is_none_or(|(op, x)| {
        e.orders.is_some_and(|o| match op {
            "GREATER_THAN" => o > x,
            "LESS_THAN" => o < x,
            "GREATER_THAN_OR_EQUAL" => o >= x,
            "LESS_THAN_OR_EQUAL" => o <= x,
            _ => o == x,
        })
    });
    plan && platform && channel && orders
}

fn combine(how: &str, hits: Vec<bool>, empty_means_all: bool) -> bool {
    if hits.is_empty() && empty_means_all {
        return true;
    }
    match how {
        "ALL" => hits.iter().all(|h| *h),
        "ANY" => hits.iter().any(|h| *h),
        _ => !hits.iter().any(|h| *h),
    }
}

fn reference(segs: &[Seg], i: usize, eps: &[Ep]) -> BTreeSet<usize> {
    let s = &segs[i];
    let bases: Vec<BTreeSet<usize>> = s
        .groups
        .iter()
        .flat_map(|(_, gs)| gs)
        .flat_map(|g| g.sources.iter().map(|j| reference(segs, *j, eps)))
        .collect();
    let mut next_base = 0;
    let group_sets: Vec<Vec<&BTreeSet<usize>>> = s
        .groups
        .iter()
        .flat_map(|(_, gs)| gs)
        .map(|g| {
            let v = bases[next_base..next_base + g.sources.len()]
                .iter()
                .collect();
            next_base += g.sources.len();
            v
        })
        .collect();
    (0..eps.len())
        .filter(|k| {
            let e = &eps[*k];
            s.dims.as_ref().is_none_or(|d| dims_match(d, e))
                && s.groups.as_ref().is_none_or(|(include, gs)| {
                    let hits = gs
                        .iter()
                        .zip(&group_sets)
                        .map(|(g, sets)| {
                            let base = sets.is_empty()
                                || combine(
                                    g.source_type,
                                    sets.iter().map(|s| s.contains(k)).collect(),
                                    false,
                                );
                            let dims = combine(
                                g.kind,
                                g.dims.iter().map(|d| dims_match(d, e)).collect(),
                                true,
                            );
                            base && dims
                        })
                        .collect();
                    combine(include, hits, true)
                })
        })
        .collect()
}

fn ep() -> impl Strategy<Value = Ep> {
    (
        prop::sample::subsequence(vec!["gold", "free", "vip"], 0..=2),
        prop::option::of(prop::sample::select(vec!["ios", "IOS", "android"])),
        prop::option::of((1..5u8).prop_map(f64::from)),
        prop::sample::select(vec![ChannelType::EMAIL, ChannelType::SMS, ChannelType::GCM]),
    )
        .prop_map(|(plan, platform, orders, channel)| Ep {
            plan,
            platform,
            orders,
            channel,
        })
}

fn dims() -> impl Strategy<Value = Dims> {
    let kind = || prop::sample::select(vec!["INCLUSIVE", "EXCLUSIVE"]);
    (
        prop::option::of((
            prop::sample::select(vec!["INCLUSIVE", "EXCLUSIVE", "CONTAINS"]),
            prop::sample::subsequence(vec!["gold", "old", "vip"], 1..=2),
        )),
        prop::option::of((
            kind(),
            prop::sample::subsequence(vec!["ios", "Android"], 1..=2),
        )),
        prop::option::of((
            prop::sample::select(vec![
                "GREATER_THAN",
                "LESS_THAN",
                "GREATER_THAN_OR_EQUAL",
                "LESS_THAN_OR_EQUAL",
                "EQUAL",
            ]),
            (1..5u8).prop_map(f64::from),
        )),
        prop::option::of(prop::sample::subsequence(
            vec!["SMS", "PUSH", "EMAIL"],
            1..=2,
        )),
    )
        .prop_map(|(plan, platform, orders, channel)| Dims {
            plan,
            platform,
            orders,
            channel,
        })
}

fn combine_how() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["ALL", "ANY", "NONE"])
}

/// Segment `i` may use segments `0..i` as bases.
fn seg(i: usize) -> impl Strategy<Value = Seg> {
    let group = (
        prop::sample::subsequence((0..i).collect::<Vec<_>>(), 0..=i.min(2)),
        combine_how(),
        prop::collection::vec(dims(), 0..3),
        combine_how(),
    )
        .prop_map(|(sources, source_type, dims, kind)| Group {
            sources,
            source_type,
            dims,
            kind,
        });
    (
        prop::option::of(dims()),
        prop::option::of((combine_how(), prop::collection::vec(group, 0..3))),
    )
        .prop_map(|(dims, groups)| Seg { dims, groups })
}

fn scenario() -> impl Strategy<Value = (Vec<Ep>, Vec<Seg>)> {
    (
        prop::collection::vec(ep(), 1..25),
        (seg(0), seg(1), seg(2), seg(3)),
    )
        .prop_map(|(eps, (a, b, c, d))| (eps, vec![a, b, c, d]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("MODEL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]
    #[test]
    fn segment_members_agree_with_the_reference((eps, segs) in scenario()) {
        let store = Store::new(
            StoreOptions::default(),
            Logs::in_memory(10),
            std::sync::Arc::new(pinpoint_local::clock::ManualClock::default()),
            std::sync::Arc::new(pinpoint_local::ids::SequentialIds::default()),
        );
        let scope = Scope { account: "000000000000".into(), region: "us-east-1".into() };
        let items = eps.iter().enumerate().map(|(k, e)| {
            let mut attributes = AttrMap::new();
            if !e.plan.is_empty() {
                attributes.insert("plan", e.plan.iter().map(|p| IStr::new(p)).collect());
            }
            let patch = EndpointPatch {
                channel_type: Some(e.channel),
                address: Some(format!("addr-{k}")),
                attributes: Some(attributes),
                demographic: e.platform.map(|p| Demographic { platform: Some(p.into()), ..Default::default() }),
                metrics: e.orders.map(|o| [("orders".to_string(), o)].into_iter().collect()),
                ..Default::default()
            };
            (format!("ep{k:02}"), patch)
        });
        store.update_endpoints(&scope, APP, items.collect(), "r").unwrap();
        let mut ids = Vec::new();
        for s in &segs {
            let groups = s.groups.as_ref().map(|(include, gs)| json!({
                "Include": include,
                "Groups": gs.iter().map(|g| json!({
                    "SourceSegments": g.sources.iter().map(|j| json!({"Id": ids[*j]})).collect::<Vec<_>>(),
                    "SourceType": g.source_type,
                    "Dimensions": g.dims.iter().map(dims_json).collect::<Vec<_>>(),
                    "Type": g.kind,
                })).collect::<Vec<_>>(),
            }));
            let w = SegmentWrite {
                dimensions: s.dims.as_ref().map(|d| serde_json::from_value(dims_json(d)).unwrap()),
                segment_groups: groups.map(|g| serde_json::from_value(g).unwrap()),
                ..Default::default()
            };
            ids.push(store.create_segment(&scope, APP, w).unwrap().id);
        }
        for (i, id) in ids.iter().enumerate() {
            let got: BTreeSet<String> = store.segment_members(&scope, APP, id, None).unwrap().into_iter().collect();
            let want: BTreeSet<String> = reference(&segs, i, &eps).into_iter().map(|k| format!("ep{k:02}")).collect();
            prop_assert_eq!(got, want, "segment {} of {:?}", i, segs);
        }
    }
}
