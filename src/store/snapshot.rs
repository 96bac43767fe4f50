//! The state file and fixture format, and loading and exporting it.
//!
//! One JSON document: `{"Version":1,"Apps":[…],"Events":[…]}`. An app record holds its
//! ApplicationResponse fields, its account and region, its endpoints (GetEndpoint's shape, so
//! output can be pasted into a fixture), and its RemoveAttributes patterns. Server-assigned
//! endpoint fields may be left out of a fixture and get the same defaults a first UpdateEndpoint
//! would give. Loading validates everything first and applies nothing on error.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::app::{fold_id, AppData, AppMeta, AttrKind};
use super::events::RecordedEvent;
use super::model::{
    AttrMap, ChannelType, Demographic, Endpoint, Location, MetricMap, OptOut, Status,
};
use super::upsert::validate_endpoint_id;
use super::{cohort, valid_app_id, App, Limits, Scope, Store, MAX_APPS, MAX_ENDPOINTS_PER_USER};

/// The current format version.
pub const VERSION: u32 = 1;

fn version_one() -> u32 {
    VERSION
}

/// A whole state file or fixture.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Snapshot {
    #[serde(default = "version_one")]
    pub version: u32,
    /// When a save began: every write acknowledged before this time is in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_at: Option<String>,
    #[serde(default)]
    pub apps: Vec<AppRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<RecordedEvent>,
}

/// One app.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AppRecord {
    /// Defaults to 000000000000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Defaults to the server's `--region`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "tags", default)]
    pub tags: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<String>,
    #[serde(default)]
    pub endpoints: Vec<EndpointRecord>,
    /// RemoveAttributes patterns by attribute type (`endpoint-custom-attributes`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub removed_attributes: BTreeMap<String, Vec<String>>,
}

/// `EndpointUser` in a record.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UserRecord {
    #[serde(default, skip_serializing_if = "AttrMap::is_empty")]
    pub user_attributes: AttrMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// One endpoint: GetEndpoint's shape; only `Id` is required.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointRecord {
    pub id: String,
    #[serde(default, skip_serializing)]
    pub application_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<ChannelType>,
    #[serde(default)]
    pub attributes: AttrMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demographic: Option<Demographic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<MetricMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<OptOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohort_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default)]
    pub user: UserRecord,
}

fn kind_name(kind: AttrKind) -> &'static str {
    match kind {
        AttrKind::Custom => "endpoint-custom-attributes",
        AttrKind::Metric => "endpoint-metric-attributes",
        AttrKind::User => "endpoint-user-attributes",
    }
}

impl EndpointRecord {
    fn from_endpoint(ep: &Endpoint) -> Self {
        Self {
            id: ep.id.clone(),
            application_id: None,
            address: ep.address.clone(),
            channel_type: ep.channel_type,
            attributes: ep.attributes.clone(),
            demographic: ep.demographic.as_deref().cloned(),
            location: ep.location.as_deref().cloned(),
            metrics: ep.metrics.clone(),
            opt_out: Some(ep.opt_out),
            endpoint_status: Some(ep.status),
            cohort_id: Some(ep.cohort_id.to_string()),
            creation_date: Some(ep.creation_date.clone()),
            effective_date: Some(ep.effective_date.clone()),
            request_id: Some(ep.request_id.clone()),
            user: UserRecord {
                user_attributes: ep.user_attributes.clone(),
                user_id: ep.user_id.clone(),
            },
        }
    }

    /// The stored endpoint this record describes, with first-write defaults for what it omits.
    fn to_endpoint(
        &self,
        app_id: &str,
        seq: u64,
        now: &str,
        limits: &Limits,
    ) -> Result<Endpoint, String> {
        validate_endpoint_id(&self.id).map_err(|e| e.to_string())?;
        let has_address = self.address.as_deref().is_some_and(|a| !a.is_empty());
        let cohort_id = match &self.cohort_id {
            None => cohort::cohort_id(app_id, &fold_id(&self.id)),
            Some(c) => u8::from_str(c)
                .ok()
                .filter(|c| *c < 100)
                .ok_or(format!("CohortId {c:?} is not 0-99"))?,
        };
        for (label, date) in [
            ("CreationDate", &self.creation_date),
            ("EffectiveDate", &self.effective_date),
        ] {
            if let Some(d) = date {
                crate::time::parse_iso8601(d)
                    .ok_or(format!("{label} {d:?} is not an ISO-8601 date-time"))?;
            }
        }
        for (label, attrs) in [
            ("Attributes", &self.attributes),
            ("UserAttributes", &self.user.user_attributes),
        ] {
            for (name, values) in attrs {
                if name.chars().count() > limits.max_name_len
                    || values.len() > limits.max_values_per_attribute
                    || values
                        .iter()
                        .any(|v| v.chars().count() > limits.max_value_len)
                {
                    return Err(format!("{label} {name:?} is over the attribute quotas"));
                }
            }
        }
        let creation_date = self
            .creation_date
            .clone()
            .unwrap_or_else(|| now.to_string());
        let ep = Endpoint {
            id: self.id.clone(),
            address: self.address.clone(),
            channel_type: self.channel_type,
            attributes: self.attributes.clone(),
            demographic: self.demographic.clone().map(Box::new),
            location: self.location.clone().map(Box::new),
            metrics: self.metrics.clone(),
            opt_out: self.opt_out.unwrap_or(if has_address {
                OptOut::NONE
            } else {
                OptOut::ALL
            }),
            request_id: self.request_id.clone().unwrap_or_default(),
            effective_date: self
                .effective_date
                .clone()
                .unwrap_or_else(|| creation_date.clone()),
            status: self.endpoint_status.unwrap_or(Status::ACTIVE),
            user_id: self.user.user_id.clone().filter(|u| !u.is_empty()),
            user_attributes: self.user.user_attributes.clone(),
            cohort_id,
            creation_date,
            seq,
        };
        if ep.address().is_some() && ep.channel_type.is_none() {
            return Err("Missing ChannelType".into());
        }
        if ep.opt_out == OptOut::NONE && ep.address().is_none() {
            return Err("Missing Address".into());
        }
        Ok(ep)
    }
}

impl Store {
    /// Exports every app, endpoint, attribute setting and recorded event.
    pub fn snapshot(&self) -> Snapshot {
        let apps = self
            .all_apps()
            .into_iter()
            .map(|(scope, app)| {
                let data = app.read();
                let mut eps: Vec<&Endpoint> = data.endpoints().collect();
                eps.sort_by_key(|e| e.seq);
                AppRecord {
                    account_id: Some(scope.account.clone()),
                    region: Some(scope.region.clone()),
                    id: app.meta.id.clone(),
                    name: Some(app.meta.name.clone()),
                    tags: app.meta.tags.clone(),
                    creation_date: Some(app.meta.creation_date.clone()),
                    endpoints: eps.into_iter().map(EndpointRecord::from_endpoint).collect(),
                    removed_attributes: data
                        .blocked()
                        .iter()
                        .map(|(k, pats)| (kind_name(*k).to_string(), pats.clone()))
                        .collect(),
                }
            })
            .collect();
        Snapshot {
            version: VERSION,
            saved_at: None,
            apps,
            events: self.events.all(),
        }
    }

    /// Builds the apps a snapshot describes, without touching the store. `Err` names the app,
    /// the endpoint and the reason.
    fn build_apps(
        &self,
        snap: &Snapshot,
        default_region: &str,
    ) -> Result<Vec<(Scope, Arc<App>)>, String> {
        if snap.version != VERSION {
            return Err(format!(
                "unsupported Version {} (this build reads {VERSION})",
                snap.version
            ));
        }
        let now = self.clock().now_iso();
        let mut built: Vec<(Scope, Arc<App>)> = Vec::new();
        for (i, rec) in snap.apps.iter().enumerate() {
            let here = |msg: String| format!("Apps[{i}] (Id {:?}): {msg}", rec.id);
            if !valid_app_id(&rec.id) {
                return Err(here(
                    "Id must be 1-64 characters of letters, digits, '-' and '_'".into(),
                ));
            }
            let scope = Scope {
                account: rec
                    .account_id
                    .clone()
                    .unwrap_or_else(|| crate::protocol::context::DEFAULT_ACCOUNT.into()),
                region: rec
                    .region
                    .clone()
                    .unwrap_or_else(|| default_region.to_string()),
            };
            if built
                .iter()
                .any(|(s, a)| *s == scope && a.meta.id == rec.id)
            {
                return Err(here("the same app appears twice".into()));
            }
            if built.iter().filter(|(s, _)| *s == scope).count() >= MAX_APPS {
                return Err(here(format!(
                    "more than {MAX_APPS} apps in one account and region"
                )));
            }
            if let Some(d) = &rec.creation_date {
                crate::time::parse_iso8601(d)
                    .ok_or_else(|| here(format!("CreationDate {d:?} is not ISO-8601")))?;
            }
            let mut data = AppData::new(self.options().dedup_by_channel);
            {
                let mut txn = data.txn();
                for (kind_str, pats) in &rec.removed_attributes {
                    let kind = AttrKind::from_path(kind_str).ok_or_else(|| {
                        here(format!(
                            "RemovedAttributes has an unknown attribute type {kind_str:?}"
                        ))
                    })?;
                    txn.block(kind, pats.clone());
                }
                for (j, er) in rec.endpoints.iter().enumerate() {
                    let at = |msg: String| here(format!("Endpoints[{j}] (Id {:?}): {msg}", er.id));
                    let key = fold_id(&er.id);
                    if txn.data().endpoint(key.as_str()).is_some() {
                        return Err(at("the same endpoint id appears twice".into()));
                    }
                    let seq = txn.next_seq();
                    let ep = er
                        .to_endpoint(&rec.id, seq, &now, &self.options().limits)
                        .map_err(at)?;
                    if let Some(u) = &ep.user_id {
                        if txn.data().user_len(u) >= MAX_ENDPOINTS_PER_USER {
                            return Err(at(format!("user {u:?} would have more than {MAX_ENDPOINTS_PER_USER} endpoints")));
                        }
                    }
                    register_names(&mut txn, &ep);
                    txn.put(&key, Some(ep));
                }
                if txn.data().name_count() > self.options().limits.max_attribute_names {
                    return Err(here(
                        "more distinct attribute names than the app quota allows".into(),
                    ));
                }
                txn.commit();
            }
            let meta = AppMeta {
                id: rec.id.clone(),
                name: rec.name.clone().unwrap_or_else(|| rec.id.clone()),
                tags: rec.tags.clone(),
                creation_date: rec.creation_date.clone().unwrap_or_else(|| now.clone()),
            };
            built.push((scope, Arc::new(App::new(meta, data))));
        }
        Ok(built)
    }

    /// Replaces the whole state with a snapshot (`PUT /_pinpoint/state`, `--state-file`).
    /// Nothing changes when the snapshot is invalid.
    pub fn replace_state(&self, snap: Snapshot, default_region: &str) -> Result<(), String> {
        let built = self.build_apps(&snap, default_region)?;
        self.swap_apps(built, true);
        self.events.replace(snap.events);
        Ok(())
    }

    /// Adds a fixture's apps; an app that already exists in its scope is left as it is.
    /// Returns how many apps were added.
    pub fn add_fixture(&self, snap: Snapshot, default_region: &str) -> Result<usize, String> {
        let built = self.build_apps(&snap, default_region)?;
        let fresh: Vec<(Scope, Arc<App>)> = built
            .into_iter()
            .filter(|(s, a)| self.app(s, &a.meta.id).is_err())
            .collect();
        let added = fresh.len();
        self.swap_apps(fresh, false);
        let events = snap.events;
        if !events.is_empty() {
            self.events.record(events);
        }
        Ok(added)
    }
}

/// Registers the attribute names a restored endpoint holds, except names RemoveAttributes blocked.
fn register_names(txn: &mut super::app::Txn<'_>, ep: &Endpoint) {
    let mut names: Vec<(AttrKind, String)> = Vec::new();
    names.extend(
        ep.attributes
            .keys()
            .map(|k| (AttrKind::Custom, k.to_string())),
    );
    names.extend(
        ep.user_attributes
            .keys()
            .map(|k| (AttrKind::User, k.to_string())),
    );
    names.extend(
        ep.metrics
            .iter()
            .flat_map(|m| m.keys())
            .map(|k| (AttrKind::Metric, k.to_string())),
    );
    for (kind, name) in names {
        if !txn.data().is_blocked(kind, &name) {
            txn.register_name(kind, &name);
        }
    }
}
