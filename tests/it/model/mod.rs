//! Model-based property test: random sequences of writes run against the real store and against
//! a deliberately simple reference implementation of the same rules (linear scans over a list, no
//! indexes, whole-state copies for atomicity). After every step both agree on every endpoint and
//! every user, and the store's indexes and invariants hold. Channels are switched on and off and
//! messages sent to random endpoints: each recipient's outcome must be the one the reference
//! judges by docs/behaviour.md#message-outcomes.

use std::collections::BTreeMap;

use pinpoint_local::store::app::AttrKind;
use pinpoint_local::store::endpoints::model::{
    AttrMap, ChannelType, EndpointPatch, IStr, MetricMap, OptOut, Status, UserPatch, Values,
};
use pinpoint_local::store::events::recorded::BatchIn;
use pinpoint_local::store::infra::glob;
use pinpoint_local::store::messaging::channels::{ChannelKind, ChannelPatch, ChannelSettings};
use pinpoint_local::store::messaging::messages::{DeliveryStatus, Message, Overrides};
use pinpoint_local::store::StoreError;
use pinpoint_local::store::{Logs, Scope, Store, StoreOptions};
use proptest::prelude::*;

mod ops;

use ops::*;

const APP: &str = "modelapp";
const IDS: usize = 24;

/// The reference endpoint: only what the rules decide.
#[derive(Debug, Clone, PartialEq)]
struct RefEp {
    id: String,
    address: Option<String>,
    channel: Option<ChannelType>,
    attributes: AttrMap,
    metrics: Option<MetricMap>,
    opt_out: OptOut,
    status: Status,
    user: Option<String>,
    effective: String,
    seq: u64,
}

#[derive(Debug, Clone, Default)]
struct Reference {
    eps: Vec<RefEp>,
    /// User attributes belong to the user: one set per UserId that has an endpoint.
    users: BTreeMap<String, AttrMap>,
    blocked: Vec<(AttrKind, String)>,
    seq: u64,
    /// Channels set up, and whether each is enabled.
    channels: BTreeMap<ChannelKind, bool>,
}

fn merge(target: &mut AttrMap, sent: &AttrMap) {
    for (k, v) in sent {
        if v.is_empty() {
            target.remove(k);
        } else {
            target.insert(k, v.clone());
        }
    }
}

fn evicts(c: Option<ChannelType>) -> bool {
    matches!(
        c,
        Some(
            ChannelType::ADM
                | ChannelType::GCM
                | ChannelType::APNS
                | ChannelType::APNS_VOIP
                | ChannelType::APNS_VOIP_SANDBOX
                | ChannelType::BAIDU
        )
    )
}

impl Reference {
    fn find(&self, id: &str) -> Option<usize> {
        self.eps
            .iter()
            .position(|e| e.id.to_lowercase() == id.to_lowercase())
    }

    fn blocked(&self, kind: AttrKind, name: &str) -> bool {
        self.blocked
            .iter()
            .any(|(k, p)| *k == kind && glob::matches(p, name))
    }

    /// One upsert by the rules, by the rules of docs/behaviour.md#endpoints, in the store's order.
    fn upsert(&mut self, id: &str, p: &EndpointPatch) -> Result<(), ()> {
        if id.is_empty() || id.contains(['$', '{', '}']) {
            return Err(());
        }
        let mut p = p.clone();
        if let Some(a) = &mut p.attributes {
            a.retain(|k, _| !self.blocked(AttrKind::Custom, k));
        }
        if let Some(m) = &mut p.metrics {
            m.retain(|k, _| !self.blocked(AttrKind::Metric, k));
        }
        if let Some(ua) = p.user.as_mut().and_then(|u| u.user_attributes.as_mut()) {
            ua.retain(|k, _| !self.blocked(AttrKind::User, k));
        }
        let existing = self.find(id);
        let mut ep = match existing {
            Some(i) => self.eps[i].clone(),
            None => RefEp {
                id: id.to_string(),
                address: None,
                channel: None,
                attributes: AttrMap::new(),
                metrics: None,
                opt_out: OptOut::ALL,
                status: Status::ACTIVE,
                user: None,
                effective: String::new(),
                seq: self.seq + 1,
            },
        };
        let old_user = ep.user.clone();
        if let Some(a) = &p.address {
            ep.address = Some(a.clone());
        }
        if p.channel_type.is_some() {
            ep.channel = p.channel_type;
        }
        if let Some(a) = &p.attributes {
            merge(&mut ep.attributes, a);
        }
        if let Some(m) = &p.metrics {
            ep.metrics
                .get_or_insert_with(Default::default)
                .extend(m.clone());
        }
        let has_address = ep.address.as_deref().is_some_and(|a| !a.is_empty());
        ep.opt_out = match (p.opt_out, existing) {
            (Some(o), _) => o,
            (None, Some(_)) => ep.opt_out,
            (None, None) => {
                if has_address {
                    OptOut::NONE
                } else {
                    OptOut::ALL
                }
            }
        };
        let mut sent_user_attrs = None;
        if let Some(u) = &p.user {
            match u.user_id.as_deref() {
                Some("") => ep.user = None,
                Some(x) => ep.user = Some(x.to_string()),
                None => {}
            }
            sent_user_attrs = u.user_attributes.clone();
        }
        ep.status = p.status.unwrap_or(Status::ACTIVE);
        ep.effective = p.effective_date.clone().unwrap_or_default();
        if has_address && ep.channel.is_none() {
            return Err(());
        }
        if ep.opt_out == OptOut::NONE && !has_address {
            return Err(());
        }
        if let Some(u) = ep.user.clone() {
            if old_user.as_deref() != Some(u.as_str()) {
                let members: Vec<usize> = (0..self.eps.len())
                    .filter(|i| self.eps[*i].user.as_deref() == Some(u.as_str()))
                    .collect();
                if members.len() >= 15 {
                    if !evicts(ep.channel) {
                        return Err(());
                    }
                    let victim = members
                        .into_iter()
                        .filter(|i| evicts(self.eps[*i].channel))
                        .min_by(|a, b| {
                            (&self.eps[*a].effective, self.eps[*a].seq)
                                .cmp(&(&self.eps[*b].effective, self.eps[*b].seq))
                        })
                        .ok_or(())?;
                    self.eps[victim].status = Status::INACTIVE;
                    self.eps[victim].user = None;
                }
            }
        }
        if existing.is_none() {
            self.seq += 1;
        }
        if has_address {
            for other in self.eps.iter_mut() {
                if other.id.to_lowercase() != id.to_lowercase() && other.address == ep.address {
                    other.status = Status::INACTIVE;
                }
            }
        }
        let user = ep.user.clone();
        match self.find(id) {
            Some(i) => self.eps[i] = ep,
            None => self.eps.push(ep),
        }
        self.forget_users_without_endpoints();
        if let (Some(u), Some(ua)) = (user, &sent_user_attrs) {
            merge(self.users.entry(u).or_default(), ua);
        }
        Ok(())
    }

    /// A user's attributes go with its last endpoint.
    fn forget_users_without_endpoints(&mut self) {
        let eps = &self.eps;
        self.users
            .retain(|u, _| eps.iter().any(|e| e.user.as_ref() == Some(u)));
    }

    /// The user attributes an endpoint shows: its user's.
    fn user_attributes(&self, ep: &RefEp) -> AttrMap {
        ep.user
            .as_ref()
            .and_then(|u| self.users.get(u))
            .cloned()
            .unwrap_or_default()
    }

    fn apply(&mut self, op: &Op) -> bool {
        match op {
            Op::Update(id, p) => self.atomically(|r| r.upsert(id, p)),
            Op::Batch(items) => {
                self.atomically(|r| items.iter().try_for_each(|(id, p)| r.upsert(id, p)))
            }
            Op::EventsEndpoint(items) => {
                for (id, p) in items {
                    self.atomically(|r| r.upsert(id, p));
                }
                true
            }
            Op::Delete(id) => match self.find(id) {
                Some(i) => {
                    self.eps.remove(i);
                    self.forget_users_without_endpoints();
                    true
                }
                None => false,
            },
            Op::DeleteUser(u) => {
                let before = self.eps.len();
                self.eps.retain(|e| e.user.as_deref() != Some(u.as_str()));
                self.forget_users_without_endpoints();
                before != self.eps.len()
            }
            Op::RemoveAttributes(kind, pattern) => {
                self.blocked.push((*kind, pattern.clone()));
                true
            }
            Op::DeleteApp => {
                *self = Reference::default();
                true
            }
            Op::Channel(kind, enabled) => {
                self.channels.insert(*kind, *enabled);
                true
            }
            Op::Send(_) => true,
        }
    }

    /// Each recipient's outcome, in request order (the rules of #message-outcomes, judged by
    /// linear scans).
    fn judge(&self, ids: &[String]) -> Vec<(DeliveryStatus, u16)> {
        use DeliveryStatus::*;
        let mut seen: Vec<(ChannelType, String)> = Vec::new();
        ids.iter()
            .map(|id| {
                let Some(e) = self.find(id).map(|i| &self.eps[i]) else {
                    return (PERMANENT_FAILURE, 404);
                };
                let (Some(ct), Some(addr)) =
                    (e.channel, e.address.clone().filter(|a| !a.is_empty()))
                else {
                    return (PERMANENT_FAILURE, 400);
                };
                if e.opt_out == OptOut::ALL {
                    return (OPT_OUT, 400);
                }
                let enabled =
                    ChannelKind::of(ct).is_some_and(|k| self.channels.get(&k) == Some(&true));
                if e.status == Status::INACTIVE || !enabled {
                    return (PERMANENT_FAILURE, 400);
                }
                if seen.contains(&(ct, addr.clone())) {
                    return (DUPLICATE, 400);
                }
                seen.push((ct, addr));
                (SUCCESSFUL, 200)
            })
            .collect()
    }

    fn atomically(&mut self, f: impl FnOnce(&mut Self) -> Result<(), ()>) -> bool {
        let saved = self.clone();
        let ok = f(self).is_ok();
        if !ok {
            *self = saved;
        }
        ok
    }
}

fn agree(store: &Store, reference: &Reference) -> Result<(), TestCaseError> {
    let s = scope();
    if let Ok(app) = store.app(&s, APP) {
        app.read().check_invariants().map_err(TestCaseError::fail)?;
    }
    for i in 0..IDS {
        let id = format!("ep{i}");
        let got = store.get_endpoint(&s, APP, &id);
        match (got, reference.find(&id).map(|j| &reference.eps[j])) {
            // Missing: the endpoint, or the whole app (after DeleteApp, before any write).
            (Err(StoreError::NotFound | StoreError::AppNotFound), None) => {}
            (Ok(ep), Some(r)) => {
                prop_assert_eq!(&ep.id, &r.id);
                prop_assert_eq!(&ep.address, &r.address, "address of {}", id);
                prop_assert_eq!(ep.channel_type, r.channel, "channel of {}", id);
                prop_assert_eq!(&ep.attributes, &r.attributes, "attributes of {}", id);
                prop_assert_eq!(&ep.metrics, &r.metrics, "metrics of {}", id);
                prop_assert_eq!(
                    &ep.user_attributes,
                    &reference.user_attributes(r),
                    "user attributes of {}",
                    id
                );
                prop_assert_eq!(ep.opt_out, r.opt_out, "opt-out of {}", id);
                prop_assert_eq!(ep.status, r.status, "status of {}", id);
                prop_assert_eq!(&ep.user_id, &r.user, "user of {}", id);
            }
            (got, r) => prop_assert!(false, "{id}: store {got:?} vs reference {r:?}"),
        }
    }
    let mut active_by_address: BTreeMap<&str, usize> = BTreeMap::new();
    for e in reference.eps.iter().filter(|e| e.status == Status::ACTIVE) {
        if let Some(a) = e.address.as_deref().filter(|a| !a.is_empty()) {
            *active_by_address.entry(a).or_default() += 1;
        }
    }
    prop_assert!(
        active_by_address.values().all(|n| *n <= 1),
        "two ACTIVE endpoints share an address"
    );
    for u in ["u1", "u2"] {
        let mut want: Vec<String> = reference
            .eps
            .iter()
            .filter(|e| e.user.as_deref() == Some(u))
            .map(|e| e.id.clone())
            .collect();
        want.sort();
        prop_assert!(want.len() <= 15);
        let mut got: Vec<String> = store
            .user_endpoints(&s, APP, u)
            .map(|v| v.into_iter().map(|e| e.endpoint.id).collect())
            .unwrap_or_default();
        got.sort();
        prop_assert_eq!(got, want, "endpoints of {}", u);
    }
    Ok(())
}

proptest! {
    // 256 sequences of up to 150 steps in `cargo test`; MODEL_CASES raises it.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("MODEL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]
    #[test]
    fn the_store_agrees_with_the_reference_model(ops in prop::collection::vec(op(), 1..150)) {
        let store = Store::new(
            StoreOptions::default(),
            Logs::in_memory(100_000),
            std::sync::Arc::new(pinpoint_local::clock::ManualClock::default()),
            std::sync::Arc::new(pinpoint_local::ids::SequentialIds::default()),
        );
        let mut reference = Reference::default();
        for op in &ops {
            if let Op::Send(ids) = op {
                let (got, logged) = send_store(&store, ids);
                let want = reference.judge(ids);
                let successes = want.iter().filter(|(st, _)| *st == DeliveryStatus::SUCCESSFUL).count();
                prop_assert_eq!(got, want, "outcomes of sending to {:?}", ids);
                prop_assert_eq!(logged, successes, "messages logged for {:?}", ids);
                continue;
            }
            let ok_store = apply_store(&store, op);
            let ok_ref = reference.apply(op);
            prop_assert_eq!(ok_store, ok_ref, "outcome of {:?}", op);
            agree(&store, &reference)?;
        }
    }
}
