//! One application's endpoints, their secondary indexes, and the transaction that keeps them
//! consistent.
//!
//! Every change to an endpoint goes through [`Txn::put`], which updates the user index and the
//! active-address index from the old and new versions, and records the old version so a failed
//! request can be rolled back. A request is one transaction: it either commits whole or leaves
//! nothing behind (docs/behaviour.md#atomic). The caller holds the app's write lock for the whole transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::model::{ChannelType, Endpoint, Status};

/// The three attribute namespaces that count against the app-wide name quota and that
/// RemoveAttributes can block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AttrKind {
    /// `Attributes` (`endpoint-custom-attributes`).
    Custom,
    /// `Metrics` (`endpoint-metric-attributes`).
    Metric,
    /// `User.UserAttributes` (`endpoint-user-attributes`).
    User,
}

impl AttrKind {
    /// Parses the RemoveAttributes `attribute-type` path label.
    pub fn from_path(s: &str) -> Option<Self> {
        match s {
            "endpoint-custom-attributes" => Some(Self::Custom),
            "endpoint-metric-attributes" => Some(Self::Metric),
            "endpoint-user-attributes" => Some(Self::User),
            _ => None,
        }
    }
}

/// Application metadata (the ApplicationResponse fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppMeta {
    pub id: String,
    pub name: String,
    pub tags: BTreeMap<String, String>,
    pub creation_date: String,
}

/// The mutable data of one app. Its fields are private: code outside this module reads through
/// the accessors below and changes anything only through a [`Txn`].
#[derive(Debug, Default, Clone)]
pub struct AppData {
    /// Endpoints keyed by their case-folded id.
    /// Boxed, so the table's slack (up to half its slots at some sizes) costs a pointer per slot,
    /// not a whole endpoint.
    endpoints: HashMap<Box<str>, Box<Endpoint>>,
    /// UserId → case-folded ids of the endpoints linked to it (at most 15).
    by_user: HashMap<String, Vec<String>>,
    /// Address key → the one ACTIVE endpoint holding that address.
    active_by_address: HashMap<String, String>,
    /// Attribute names ever written, per kind: the app-wide quota counts these.
    names: BTreeMap<AttrKind, BTreeSet<String>>,
    /// RemoveAttributes patterns per kind: later writes to matching names are dropped.
    blocked: BTreeMap<AttrKind, Vec<String>>,
    /// Next creation sequence number.
    next_seq: u64,
    /// The same-address rule only applies within one ChannelType (`--dedup-by-channel`).
    dedup_by_channel: bool,
}

/// The key of the active-address index for an endpoint, if it has an address.
pub fn address_key(ep: &Endpoint, by_channel: bool) -> Option<String> {
    let addr = ep.address()?;
    Some(if by_channel {
        let ch = ep.channel_type.map_or("", ChannelType::as_str);
        format!("{addr}\u{0}{ch}")
    } else {
        addr.to_string()
    })
}

/// Case-folds an endpoint id for lookup (docs/behaviour.md#endpoint-id-case).
pub fn fold_id(id: &str) -> String {
    id.to_lowercase()
}

impl AppData {
    /// An empty app.
    pub fn new(dedup_by_channel: bool) -> Self {
        Self {
            dedup_by_channel,
            ..Default::default()
        }
    }

    /// The endpoint stored under a case-folded id.
    pub fn endpoint(&self, key: &str) -> Option<&Endpoint> {
        self.endpoints.get(key).map(|b| &**b)
    }

    /// Every endpoint, in no particular order.
    pub fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.endpoints.values().map(|b| &**b)
    }

    /// How many endpoints `user_id` has.
    pub fn user_len(&self, user_id: &str) -> usize {
        self.by_user.get(user_id).map_or(0, Vec::len)
    }

    /// The key of the ACTIVE endpoint holding an address key, if any.
    pub fn active_holder(&self, address_key: &str) -> Option<&str> {
        self.active_by_address.get(address_key).map(String::as_str)
    }

    /// Whether the same-address rule only applies within one ChannelType.
    pub fn dedup_by_channel(&self) -> bool {
        self.dedup_by_channel
    }

    /// Whether RemoveAttributes has blocked any name.
    pub fn has_blocked(&self) -> bool {
        !self.blocked.is_empty()
    }

    /// The RemoveAttributes patterns, by kind.
    pub fn blocked(&self) -> &BTreeMap<AttrKind, Vec<String>> {
        &self.blocked
    }

    /// The endpoints linked to `user_id`, in creation order.
    pub fn user_endpoints(&self, user_id: &str) -> Vec<&Endpoint> {
        let mut eps: Vec<&Endpoint> = self
            .by_user
            .get(user_id)
            .into_iter()
            .flatten()
            .filter_map(|k| self.endpoints.get(k.as_str()).map(|b| &**b))
            .collect();
        eps.sort_by_key(|e| e.seq);
        eps
    }

    /// Total distinct attribute names in the app, across the three kinds.
    pub fn name_count(&self) -> usize {
        self.names.values().map(BTreeSet::len).sum()
    }

    /// Whether `name` of `kind` is blocked by RemoveAttributes.
    pub fn is_blocked(&self, kind: AttrKind, name: &str) -> bool {
        self.blocked
            .get(&kind)
            .is_some_and(|pats| pats.iter().any(|p| super::glob::matches(p, name)))
    }

    /// Starts a transaction over this app.
    pub fn txn(&mut self) -> Txn<'_> {
        Txn {
            data: self,
            undo: Vec::new(),
            new_names: Vec::new(),
        }
    }

    /// Checks that the indexes agree with the endpoints; used by tests.
    pub fn check_invariants(&self) -> Result<(), String> {
        for (key, ep) in &self.endpoints {
            if **key != *fold_id(&ep.id) {
                return Err(format!("endpoint {} stored under {key}", ep.id));
            }
            if let Some(u) = &ep.user_id {
                if !self
                    .by_user
                    .get(u)
                    .is_some_and(|v| v.iter().any(|k| **k == **key))
                {
                    return Err(format!("endpoint {key} not in user index of {u}"));
                }
            }
            if ep.status == Status::ACTIVE {
                if let Some(a) = address_key(ep, self.dedup_by_channel) {
                    if self.active_by_address.get(&a).map(String::as_str) != Some(&**key) {
                        return Err(format!("active endpoint {key} not indexed by address"));
                    }
                }
            }
        }
        for (u, keys) in &self.by_user {
            if keys.is_empty() || keys.len() > super::MAX_ENDPOINTS_PER_USER {
                return Err(format!("user {u} has {} endpoints", keys.len()));
            }
            for k in keys {
                if self
                    .endpoints
                    .get(k.as_str())
                    .and_then(|e| e.user_id.as_deref())
                    != Some(u)
                {
                    return Err(format!("user index {u} → {k} is stale"));
                }
            }
        }
        for (a, k) in &self.active_by_address {
            let ok = self.endpoints.get(k.as_str()).is_some_and(|e| {
                e.status == Status::ACTIVE
                    && address_key(e, self.dedup_by_channel).as_ref() == Some(a)
            });
            if !ok {
                return Err(format!("address index {a:?} → {k} is stale"));
            }
        }
        Ok(())
    }
}

/// A set of changes to one app that commits whole or not at all.
pub struct Txn<'a> {
    data: &'a mut AppData,
    undo: Vec<(String, Option<Box<Endpoint>>)>,
    new_names: Vec<(AttrKind, String)>,
}

impl Txn<'_> {
    /// Read access to the app inside the transaction.
    pub fn data(&self) -> &AppData {
        self.data
    }

    /// Allocates the next creation sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.data.next_seq += 1;
        self.data.next_seq
    }

    /// RemoveAttributes: blocks later writes to names matching `patterns` and frees the quota
    /// slots of the known names that match, which it returns. Not undone by a rollback: callers
    /// validate first and call this last.
    pub fn block(&mut self, kind: AttrKind, patterns: Vec<String>) -> Vec<String> {
        let known = self.data.names.entry(kind).or_default();
        let matched: Vec<String> = known
            .iter()
            .filter(|n| patterns.iter().any(|p| super::glob::matches(p, n)))
            .cloned()
            .collect();
        for n in &matched {
            known.remove(n);
        }
        let blocked = self.data.blocked.entry(kind).or_default();
        for p in patterns {
            if !blocked.contains(&p) {
                blocked.push(p);
            }
        }
        matched
    }

    /// Records an attribute name as known to the app (rolled back with the transaction).
    /// Returns whether the name is new to the app.
    pub fn register_name(&mut self, kind: AttrKind, name: &str) -> bool {
        let names = self.data.names.entry(kind).or_default();
        if names.contains(name) {
            return false;
        }
        names.insert(name.to_string());
        self.new_names.push((kind, name.to_string()));
        true
    }

    /// Replaces (or with `None` removes) the endpoint stored under `key`, keeping every index
    /// right. An ACTIVE endpoint that takes an address held by another ACTIVE endpoint turns that
    /// one INACTIVE, so the one-active-per-address invariant holds whatever the caller does.
    pub fn put(&mut self, key: &str, new: Option<Endpoint>) {
        let by_channel = self.data.dedup_by_channel;
        if let Some(addr) = new
            .as_ref()
            .filter(|e| e.status == Status::ACTIVE)
            .and_then(|e| address_key(e, by_channel))
        {
            if let Some(holder) = self.data.active_by_address.get(&addr).cloned() {
                if holder != key {
                    self.deactivate(&holder);
                }
            }
        }
        let old = match new {
            // The common update: same user, same address and activeness, so the indexes
            // already say the right thing and only the endpoint itself is replaced.
            Some(ep) if self.same_index_entries(key, &ep) => {
                let slot = self
                    .data
                    .endpoints
                    .get_mut(key)
                    .expect("same_index_entries found it");
                Some(std::mem::replace(slot, Box::new(ep)))
            }
            new => {
                let old = self.data.endpoints.remove(key);
                self.unindex(key, old.as_deref());
                if let Some(ep) = new {
                    self.index(key, &ep);
                    self.data.endpoints.insert(key.into(), Box::new(ep));
                }
                old
            }
        };
        self.undo.push((key.to_string(), old));
    }

    /// Whether the endpoint stored under `key` has the index entries `new` would have. Compares
    /// the parts of `address_key` rather than building both keys: this runs on every update.
    fn same_index_entries(&self, key: &str, new: &Endpoint) -> bool {
        let by_channel = self.data.dedup_by_channel;
        self.data.endpoints.get(key).is_some_and(|old| {
            old.user_id == new.user_id
                && (old.status == Status::ACTIVE) == (new.status == Status::ACTIVE)
                && old.address() == new.address()
                && (!by_channel || old.address().is_none() || old.channel_type == new.channel_type)
        })
    }

    /// Sets another endpoint INACTIVE (the same-address rule).
    pub fn deactivate(&mut self, key: &str) {
        if let Some(mut ep) = self.data.endpoints.get(key).map(|b| (**b).clone()) {
            if ep.status != Status::INACTIVE {
                ep.status = Status::INACTIVE;
                self.put(key, Some(ep));
            }
        }
    }

    fn unindex(&mut self, key: &str, old: Option<&Endpoint>) {
        let Some(old) = old else { return };
        if let Some(u) = &old.user_id {
            if let Some(v) = self.data.by_user.get_mut(u) {
                v.retain(|k| k != key);
                if v.is_empty() {
                    self.data.by_user.remove(u);
                }
            }
        }
        if let Some(a) = address_key(old, self.data.dedup_by_channel) {
            if self
                .data
                .active_by_address
                .get(&a)
                .is_some_and(|k| k == key)
            {
                self.data.active_by_address.remove(&a);
            }
        }
    }

    fn index(&mut self, key: &str, ep: &Endpoint) {
        if let Some(u) = &ep.user_id {
            self.data
                .by_user
                .entry(u.clone())
                .or_default()
                .push(key.to_string());
        }
        if ep.status == Status::ACTIVE {
            if let Some(a) = address_key(ep, self.data.dedup_by_channel) {
                self.data.active_by_address.insert(a, key.to_string());
            }
        }
    }

    /// Keeps every change.
    pub fn commit(mut self) {
        self.undo.clear();
        self.new_names.clear();
    }

    fn rollback(&mut self) {
        while let Some((key, old)) = self.undo.pop() {
            let current = self.data.endpoints.remove(key.as_str());
            self.unindex(&key, current.as_deref());
            if let Some(ep) = old {
                self.index(&key, &ep);
                self.data.endpoints.insert(key.into(), ep);
            }
        }
        for (kind, name) in self.new_names.drain(..) {
            if let Some(set) = self.data.names.get_mut(&kind) {
                set.remove(&name);
            }
        }
    }
}

impl Drop for Txn<'_> {
    /// A transaction dropped without [`Txn::commit`] (an error, or a panic) is rolled back.
    fn drop(&mut self) {
        self.rollback();
    }
}
