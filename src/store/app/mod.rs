//! One application's endpoints, their secondary indexes, and the transaction that keeps them
//! consistent.
//!
//! Every change to an endpoint goes through [`Txn::put`], which updates the user index and the
//! active-address index from the old and new versions, and records the old version so a failed
//! request can be rolled back. A request is one transaction: it either commits whole or leaves
//! nothing behind (docs/behaviour.md#atomic). The caller holds the app's write lock for the whole transaction.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The app's hash maps use foldhash: endpoint ids, user ids and addresses are hashed on every
/// request, where std's SipHash showed in profiles.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use serde::{Deserialize, Serialize};

use super::endpoints::model::{fold_id, AttrMap, ChannelType, Endpoint, EndpointView, Status};
use super::engagement::campaigns::Campaign;
use super::engagement::journeys::Journey;
use super::engagement::segments::Segment;
use super::engagement::settings::Settings;
use super::events::stream::EventStream;
use super::messaging::channels::{Channel, ChannelKind};
use super::resources::jobs::Job;

mod txn;
pub use txn::Txn;

/// The user attributes of an endpoint without a user: none.
static NO_ATTRIBUTES: std::sync::LazyLock<AttrMap> = std::sync::LazyLock::new(AttrMap::new);

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

/// Application metadata (the ApplicationResponse fields). An app's tags change after its
/// creation, so the live ones are kept in its [`AppData`]; [`crate::store::App::info`] gives the
/// metadata with them.
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
    /// not a whole endpoint. The key is shared (not copied) by the user and address indexes.
    endpoints: HashMap<Arc<str>, Box<Endpoint>>,
    /// UserId → the user: its endpoints and its attributes. A user exists while it has an
    /// endpoint.
    by_user: HashMap<Box<str>, User>,
    /// Address key → the one ACTIVE endpoint holding that address (its shared key).
    active_by_address: HashMap<Box<str>, Arc<str>>,
    /// Attribute names ever written, per kind: the app-wide quota counts these.
    names: BTreeMap<AttrKind, BTreeSet<String>>,
    /// RemoveAttributes patterns per kind: later writes to matching names are dropped.
    blocked: BTreeMap<AttrKind, Vec<String>>,
    /// Next creation sequence number.
    next_seq: u64,
    /// The same-address rule only applies within one ChannelType (`--dedup-by-channel`).
    dedup_by_channel: bool,
    /// The channels set up for the app.
    channels: BTreeMap<ChannelKind, Channel>,
    /// The app's segments by id.
    segments: BTreeMap<String, Segment>,
    /// The app's campaigns by id.
    campaigns: BTreeMap<String, Campaign>,
    /// The app's journeys by id.
    journeys: BTreeMap<String, Journey>,
    /// The app's event stream setting.
    event_stream: Option<EventStream>,
    /// The app's import and export jobs by id.
    jobs: BTreeMap<String, Job>,
    /// The app's settings (GetApplicationSettings).
    settings: Settings,
    /// The app's tags.
    tags: BTreeMap<String, String>,
}

/// A user of an app: the endpoints linked to it and the user attributes they all show.
#[derive(Debug, Default, Clone)]
struct User {
    /// Case-folded ids of the user's endpoints (at most 15), shared with the endpoints table and
    /// exactly as long as the list.
    endpoints: Box<[Arc<str>]>,
    /// `User.UserAttributes`: the user's, not any one endpoint's.
    attributes: AttrMap,
}

/// The key of the active-address index for an endpoint, if it has an address.
pub fn address_key(ep: &Endpoint, by_channel: bool) -> Option<Cow<'_, str>> {
    let addr = ep.address()?;
    Some(if by_channel {
        let ch = ep.channel_type.map_or("", ChannelType::as_str);
        Cow::Owned(format!("{addr}\u{0}{ch}"))
    } else {
        Cow::Borrowed(addr)
    })
}

impl AppData {
    /// An empty app.
    pub fn new(dedup_by_channel: bool) -> Self {
        Self {
            dedup_by_channel,
            ..Default::default()
        }
    }

    /// The app's segments by id.
    pub fn segments(&self) -> &BTreeMap<String, Segment> {
        &self.segments
    }

    /// The segments, to change (segment writes are single operations with no undo log).
    pub(crate) fn segments_mut(&mut self) -> &mut BTreeMap<String, Segment> {
        &mut self.segments
    }

    /// The app's campaigns by id.
    pub fn campaigns(&self) -> &BTreeMap<String, Campaign> {
        &self.campaigns
    }

    /// The campaigns, to change.
    pub(crate) fn campaigns_mut(&mut self) -> &mut BTreeMap<String, Campaign> {
        &mut self.campaigns
    }

    /// The app's journeys by id.
    pub fn journeys(&self) -> &BTreeMap<String, Journey> {
        &self.journeys
    }

    /// The journeys, to change.
    pub(crate) fn journeys_mut(&mut self) -> &mut BTreeMap<String, Journey> {
        &mut self.journeys
    }

    /// The app's event stream setting.
    pub fn event_stream(&self) -> Option<&EventStream> {
        self.event_stream.as_ref()
    }

    /// The event stream setting, to change.
    pub(crate) fn event_stream_mut(&mut self) -> &mut Option<EventStream> {
        &mut self.event_stream
    }

    /// The app's import and export jobs by id.
    pub fn jobs(&self) -> &BTreeMap<String, Job> {
        &self.jobs
    }

    /// The jobs, to change.
    pub(crate) fn jobs_mut(&mut self) -> &mut BTreeMap<String, Job> {
        &mut self.jobs
    }

    /// The app's settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The settings, to change.
    pub(crate) fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// The app's tags.
    pub fn tags(&self) -> &BTreeMap<String, String> {
        &self.tags
    }

    /// The tags, to change.
    pub(crate) fn tags_mut(&mut self) -> &mut BTreeMap<String, String> {
        &mut self.tags
    }

    /// The endpoint stored under a case-folded id.
    pub fn endpoint(&self, key: &str) -> Option<&Endpoint> {
        self.endpoints.get(key).map(|b| &**b)
    }

    /// Every endpoint, in no particular order.
    pub fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.endpoints.values().map(|b| &**b)
    }

    /// Every endpoint with its key (the case-folded id), in no particular order.
    pub fn keyed_endpoints(&self) -> impl Iterator<Item = (&Arc<str>, &Endpoint)> {
        self.endpoints.iter().map(|(k, b)| (k, &**b))
    }

    /// How many endpoints the app has.
    pub fn endpoint_count(&self) -> usize {
        self.endpoints.len()
    }

    /// Every user: its id, how many endpoints it has, its attributes; in no particular order.
    pub fn users(&self) -> impl Iterator<Item = (&str, usize, &AttrMap)> {
        self.by_user
            .iter()
            .map(|(id, u)| (&**id, u.endpoints.len(), &u.attributes))
    }

    /// How many users the app has.
    pub fn user_count(&self) -> usize {
        self.by_user.len()
    }

    /// How many endpoints `user_id` has.
    pub fn user_len(&self, user_id: &str) -> usize {
        self.by_user.get(user_id).map_or(0, |u| u.endpoints.len())
    }

    /// A user's attributes (none for an endpoint without a user).
    pub fn user_attributes(&self, user_id: Option<&str>) -> &AttrMap {
        user_id
            .and_then(|u| self.by_user.get(u))
            .map_or(&NO_ATTRIBUTES, |u| &u.attributes)
    }

    /// The attributes of the user the endpoint stored under `key` belongs to (none when it has
    /// no user or there is no such endpoint).
    pub fn user_attributes_of(&self, key: &str) -> &AttrMap {
        self.user_attributes(self.endpoint(key).and_then(|e| e.user_id.as_deref()))
    }

    /// The channel of a type, if the app has set it up.
    pub fn channel(&self, kind: ChannelKind) -> Option<&Channel> {
        self.channels.get(&kind)
    }

    /// The channels the app has set up, by type.
    pub fn channels(&self) -> impl Iterator<Item = (ChannelKind, &Channel)> {
        self.channels.iter().map(|(k, c)| (*k, c))
    }

    /// An endpoint as clients see it: with its user's attributes.
    pub fn view<'a>(&'a self, ep: &'a Endpoint) -> EndpointView<'a> {
        EndpointView {
            endpoint: ep,
            user_attributes: self.user_attributes(ep.user_id.as_deref()),
        }
    }

    /// The key of the ACTIVE endpoint holding an address key, if any.
    pub fn active_holder(&self, address_key: &str) -> Option<&str> {
        self.active_by_address.get(address_key).map(|k| &**k)
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
            .flat_map(|u| u.endpoints.iter())
            .filter_map(|k| self.endpoints.get(&**k).map(|b| &**b))
            .collect();
        eps.sort_by_key(|e| e.seq);
        eps
    }

    /// The endpoints linked to `user_id` as clients see them, in creation order, from one lookup
    /// of the user for both its endpoints and its attributes.
    pub fn user_views(&self, user_id: &str) -> Vec<EndpointView<'_>> {
        let Some(user) = self.by_user.get(user_id) else {
            return Vec::new();
        };
        let mut views: Vec<EndpointView<'_>> = user
            .endpoints
            .iter()
            .filter_map(|k| self.endpoints.get(&**k))
            .map(|endpoint| EndpointView {
                endpoint,
                user_attributes: &user.attributes,
            })
            .collect();
        views.sort_by_key(|v| v.endpoint.seq);
        views
    }

    /// Total distinct attribute names in the app, across the three kinds.
    pub fn name_count(&self) -> usize {
        self.names.values().map(BTreeSet::len).sum()
    }

    /// Whether `name` of `kind` is blocked by RemoveAttributes.
    pub fn is_blocked(&self, kind: AttrKind, name: &str) -> bool {
        self.blocked
            .get(&kind)
            .is_some_and(|pats| pats.iter().any(|p| super::infra::glob::matches(p, name)))
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
                    .get(u.as_str())
                    .is_some_and(|v| v.endpoints.iter().any(|k| **k == **key))
                {
                    return Err(format!("endpoint {key} not in user index of {u}"));
                }
            }
            if ep.status == Status::ACTIVE {
                if let Some(a) = address_key(ep, self.dedup_by_channel) {
                    if self.active_by_address.get(&*a).map(|k| &**k) != Some(&**key) {
                        return Err(format!("active endpoint {key} not indexed by address"));
                    }
                }
            }
        }
        for (u, user) in &self.by_user {
            let keys = &user.endpoints;
            if keys.is_empty() || keys.len() > super::MAX_ENDPOINTS_PER_USER {
                return Err(format!("user {u} has {} endpoints", keys.len()));
            }
            for k in keys {
                if self.endpoints.get(&**k).and_then(|e| e.user_id.as_deref()) != Some(u) {
                    return Err(format!("user index {u} → {k} is stale"));
                }
            }
        }
        for (a, k) in &self.active_by_address {
            let ok = self.endpoints.get(&**k).is_some_and(|e| {
                e.status == Status::ACTIVE
                    && address_key(e, self.dedup_by_channel).as_deref() == Some(&**a)
            });
            if !ok {
                return Err(format!("address index {a:?} → {k} is stale"));
            }
        }
        Ok(())
    }
}
