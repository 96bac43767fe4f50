//! The transaction: every change to an app's endpoints and users goes through [`Txn`], which
//! keeps the user and active-address indexes right and records how to undo each change, so a
//! failed request leaves nothing behind.

use std::sync::Arc;

use super::{address_key, AppData, AttrKind};
use crate::store::endpoints::merge::merge_attrs;
use crate::store::endpoints::model::{AttrMap, Endpoint, Stamps, Status};
use crate::store::messaging::channels::{Channel, ChannelKind};

/// One change a transaction can undo.
#[derive(Debug)]
enum Undo {
    /// The endpoint stored under a key before the change (`None`: there was none).
    Endpoint(String, Option<Box<Endpoint>>),
    /// An endpoint's stamps before an update that changed nothing else ([`Txn::restamp`]).
    Stamps(String, Stamps),
    /// A user's attributes before the change.
    UserAttributes(String, AttrMap),
    /// A channel before the change.
    Channel(ChannelKind, Option<Box<Channel>>),
}

/// What a committed transaction replaced, to be dropped outside the app's lock.
pub struct Replaced(#[allow(dead_code)] Vec<Undo>);

/// A set of changes to one app that commits whole or not at all.
pub struct Txn<'a> {
    data: &'a mut AppData,
    undo: Vec<Undo>,
    /// Set while rolling back, so undoing records no new undo entries.
    rolling_back: bool,
    new_names: Vec<(AttrKind, String)>,
}

impl AppData {
    /// Starts a transaction over this app.
    pub fn txn(&mut self) -> Txn<'_> {
        Txn {
            data: self,
            undo: Vec::new(),
            rolling_back: false,
            new_names: Vec::new(),
        }
    }
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
            .filter(|n| {
                patterns
                    .iter()
                    .any(|p| crate::store::infra::glob::matches(p, n))
            })
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
            if let Some(holder) = self.data.active_by_address.get(&*addr).cloned() {
                if *holder != *key {
                    self.deactivate(&holder);
                }
            }
        }
        let old = match new {
            // The common update: same user, same address and activeness, so the indexes
            // already say the right thing and only the endpoint itself is replaced.
            Some(ep) => match self.data.endpoints.get_mut(key) {
                Some(slot) if same_index_entries(slot, &ep, by_channel) => {
                    Some(std::mem::replace(slot, Box::new(ep)))
                }
                _ => self.replace(key, Some(Box::new(ep))),
            },
            None => self.replace(key, None),
        };
        self.undo.push(Undo::Endpoint(key.to_string(), old));
    }

    /// Replaces the endpoint under `key` and moves its index entries; returns the old one. The
    /// key's shared copy is kept while the key holds an endpoint.
    fn replace(&mut self, key: &str, new: Option<Box<Endpoint>>) -> Option<Box<Endpoint>> {
        let (shared, old) = match self.data.endpoints.remove_entry(key) {
            Some((k, old)) => (k, Some(old)),
            None => (Arc::from(key), None),
        };
        self.reindex(&shared, old.as_deref(), new.as_deref());
        if let Some(ep) = new {
            self.data.endpoints.insert(shared, ep);
        }
        old
    }

    /// Sets up, replaces or (with `None`) removes a channel.
    pub fn set_channel(&mut self, kind: ChannelKind, channel: Option<Channel>) {
        let before = self.set_channel_raw(kind, channel);
        self.undo.push(Undo::Channel(kind, before.map(Box::new)));
    }

    fn set_channel_raw(&mut self, kind: ChannelKind, channel: Option<Channel>) -> Option<Channel> {
        match channel {
            Some(c) => self.data.channels.insert(kind, c),
            None => self.data.channels.remove(&kind),
        }
    }

    /// Merges sent user attributes into the set of the user the endpoint stored under `key`
    /// belongs to, per key (`[]` removes a key). Put the endpoint first; an endpoint without a
    /// user has no set to merge into.
    pub fn merge_user_attributes(&mut self, key: &str, sent: &AttrMap) {
        let Some(user_id) = self
            .data
            .endpoints
            .get(key)
            .and_then(|e| e.user_id.as_deref())
        else {
            return;
        };
        let Some(user) = self.data.by_user.get_mut(user_id) else {
            return;
        };
        // A copy shares the set until the merge changes it, so taking one first costs nothing.
        let before = user.attributes.clone();
        if merge_attrs(&mut user.attributes, sent) {
            self.undo
                .push(Undo::UserAttributes(user_id.to_string(), before));
        }
    }

    /// Changes the stamps (EffectiveDate, RequestId) of the endpoint stored under `key` in
    /// place: an update that changes nothing else moves no index entry and copies nothing.
    /// Answers the endpoint's size afterwards (the size rule's measure), `None` when there is no
    /// such endpoint.
    pub fn restamp(&mut self, key: &str, f: impl FnOnce(&mut Stamps)) -> Option<usize> {
        let ep = self.data.endpoints.get_mut(key)?;
        let before = ep.stamps.clone();
        f(&mut ep.stamps);
        let size = ep.approx_size();
        self.undo.push(Undo::Stamps(key.to_string(), before));
        Some(size)
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

    /// Moves the index entries of `key` from the endpoint it held to the one it holds now. A
    /// user it stays with keeps its entry (and so its attributes) untouched.
    fn reindex(&mut self, key: &Arc<str>, old: Option<&Endpoint>, new: Option<&Endpoint>) {
        let same_user =
            old.and_then(|e| e.user_id.as_ref()) == new.and_then(|e| e.user_id.as_ref());
        if let Some(old) = old {
            self.unindex(key, old, !same_user);
        }
        if let Some(new) = new {
            self.index(key, new, !same_user);
        }
    }

    fn unindex(&mut self, key: &str, old: &Endpoint, user: bool) {
        if let Some(u) = old.user_id.as_ref().filter(|_| user) {
            if let Some(user) = self.data.by_user.get_mut(u.as_str()) {
                let mut keys = std::mem::take(&mut user.endpoints).into_vec();
                keys.retain(|k| **k != *key);
                user.endpoints = keys.into_boxed_slice();
                if user.endpoints.is_empty() {
                    // The user's last endpoint is gone, and its attributes with it. (A rollback
                    // that gives it an endpoint back restores them from the entry pushed here.)
                    let gone = self
                        .data
                        .by_user
                        .remove(u.as_str())
                        .map(|user| user.attributes);
                    if let Some(attrs) = gone.filter(|a| !a.is_empty() && !self.rolling_back) {
                        self.undo.push(Undo::UserAttributes(u.clone(), attrs));
                    }
                }
            }
        }
        if let Some(a) = address_key(old, self.data.dedup_by_channel) {
            if self
                .data
                .active_by_address
                .get(&*a)
                .is_some_and(|k| **k == *key)
            {
                self.data.active_by_address.remove(&*a);
            }
        }
    }

    fn index(&mut self, key: &Arc<str>, ep: &Endpoint, user: bool) {
        if let Some(u) = ep.user_id.as_deref().filter(|_| user) {
            match self.data.by_user.get_mut(u) {
                Some(user) => {
                    let mut keys = std::mem::take(&mut user.endpoints).into_vec();
                    keys.push(Arc::clone(key));
                    user.endpoints = keys.into_boxed_slice();
                }
                None => {
                    let user = super::User {
                        endpoints: Box::new([Arc::clone(key)]),
                        attributes: AttrMap::new(),
                    };
                    self.data.by_user.insert(u.into(), user);
                }
            }
        }
        if ep.status == Status::ACTIVE {
            if let Some(a) = address_key(ep, self.data.dedup_by_channel) {
                self.data
                    .active_by_address
                    .insert(Box::from(a), Arc::clone(key));
            }
        }
    }

    /// Keeps every change. Gives back what the changes replaced (the old endpoints), for the
    /// caller to drop once it has released the app's lock, so freeing them does not hold up
    /// the next writer; dropped at once, it is freed at once.
    pub fn commit(mut self) -> Replaced {
        self.new_names.clear();
        Replaced(std::mem::take(&mut self.undo))
    }

    fn rollback(&mut self) {
        self.rolling_back = true;
        while let Some(undo) = self.undo.pop() {
            match undo {
                Undo::Endpoint(key, old) => {
                    self.replace(&key, old);
                }
                Undo::Stamps(key, before) => {
                    if let Some(ep) = self.data.endpoints.get_mut(key.as_str()) {
                        ep.stamps = before;
                    }
                }
                Undo::Channel(kind, before) => {
                    self.set_channel_raw(kind, before.map(|c| *c));
                }
                Undo::UserAttributes(user, before) => {
                    if let Some(u) = self.data.by_user.get_mut(user.as_str()) {
                        u.attributes = before;
                    }
                }
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

/// Whether the stored endpoint `old` has the index entries `new` would have. Compares the parts
/// of `address_key` rather than building both keys: this runs on every update.
fn same_index_entries(old: &Endpoint, new: &Endpoint, by_channel: bool) -> bool {
    old.user_id == new.user_id
        && (old.status == Status::ACTIVE) == (new.status == Status::ACTIVE)
        && old.address() == new.address()
        && (!by_channel || old.address().is_none() || old.channel_type == new.channel_type)
}
