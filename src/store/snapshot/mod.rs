//! The state file and fixture format, and loading and exporting it.
//!
//! One JSON document: `{"Version":1,"Apps":[…],"Events":[…]}`. An app record holds its
//! ApplicationResponse fields, its account and region, its endpoints (GetEndpoint's shape, so
//! output can be pasted into a fixture), and its RemoveAttributes patterns. Server-assigned
//! endpoint fields may be left out of a fixture and get the same defaults a first UpdateEndpoint
//! would give. Loading validates everything first and applies nothing on error.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::app::{AppData, AppMeta, AttrKind};
use super::endpoints::model::{
    fold_id, AttrMap, ChannelType, Demographic, Endpoint, Location, MetricMap, OptOut, Status,
};
use super::events::recorded::RecordedEvent;
use super::messaging::messages::opt_outs::OptOutRecord;
use super::messaging::messages::otp::OtpCode;
use super::messaging::messages::sent::SentMessage;
use super::{valid_app_id, App, Scope, Store, DEFAULT_ACCOUNT, MAX_APPS, MAX_ENDPOINTS_PER_USER};

/// The current format version.
pub const VERSION: u32 = 1;

use super::engagement::campaigns::Campaign;
use super::engagement::journeys::Journey;
use super::engagement::segments::Segment;
use super::engagement::settings::Settings;
use super::events::stream::EventStream;
use super::messaging::channels::{validate as validate_channel, Channel, ChannelKind};
use super::resources::jobs::Job;
use super::resources::recommenders::RecommenderRecord;

mod endpoint;
mod templates;
use endpoint::{kind_name, register_names};
pub use templates::TemplateRecord;

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
    /// Message templates (account- and region-wide).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<TemplateRecord>,
    /// Recommender configurations (account- and region-wide).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommenders: Vec<RecommenderRecord>,
    /// The sent-message log.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sent_messages: Vec<SentMessage>,
    /// One-time passwords in flight.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub otp_codes: Vec<OtpCode>,
    /// The opt-out list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opt_outs: Vec<OptOutRecord>,
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
    /// The channels set up, by type (`SMS`, `APNS`, …), secrets included.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channels: BTreeMap<ChannelKind, Channel>,
    /// The app's segments, every version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
    /// The app's campaigns, every version and activity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<Campaign>,
    /// The app's journeys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journeys: Vec<Journey>,
    /// The app's event stream setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_stream: Option<EventStream>,
    /// The app's import and export jobs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jobs: Vec<Job>,
    /// The app's settings, as last updated.
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
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
                    tags: data.tags().clone(),
                    creation_date: Some(app.meta.creation_date.clone()),
                    endpoints: eps
                        .into_iter()
                        .map(|ep| EndpointRecord::from_endpoint(data.view(ep)))
                        .collect(),
                    removed_attributes: data
                        .blocked()
                        .iter()
                        .map(|(k, pats)| (kind_name(*k).to_string(), pats.clone()))
                        .collect(),
                    channels: data.channels().map(|(k, c)| (k, c.clone())).collect(),
                    segments: data.segments().values().cloned().collect(),
                    campaigns: data.campaigns().values().cloned().collect(),
                    journeys: data.journeys().values().cloned().collect(),
                    event_stream: data.event_stream().cloned(),
                    jobs: data.jobs().values().cloned().collect(),
                    settings: data.settings().clone(),
                }
            })
            .collect();
        Snapshot {
            version: VERSION,
            saved_at: None,
            apps,
            events: self.events.all(),
            templates: self.template_records(),
            recommenders: self.recommender_records(),
            sent_messages: self.sent.all(),
            otp_codes: self.otp_codes(None, None, None),
            opt_outs: self.opt_outs(None),
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
        // Dates a state file leaves out come from system time: a file belongs to no one scope.
        let now = crate::time::format_iso(self.clocks().base().now());
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
                    .unwrap_or_else(|| DEFAULT_ACCOUNT.into()),
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
                for (kind, ch) in &rec.channels {
                    validate_channel(*kind, ch)
                        .map_err(|e| here(format!("Channels.{}: {e}", kind.platform())))?;
                    txn.set_channel(*kind, Some(ch.clone()));
                }
                for (j, er) in rec.endpoints.iter().enumerate() {
                    let at = |msg: String| here(format!("Endpoints[{j}] (Id {:?}): {msg}", er.id));
                    let key = fold_id(&er.id);
                    if txn.data().endpoint(&key).is_some() {
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
                    let user_attributes = &er.user.user_attributes;
                    register_names(&mut txn, &ep, user_attributes);
                    txn.put(&key, Some(ep));
                    // A user's attributes: merged from every record of the user, in order.
                    txn.merge_user_attributes(&key, user_attributes);
                }
                if txn.data().name_count() > self.options().limits.max_attribute_names {
                    return Err(here(
                        "more distinct attribute names than the app quota allows".into(),
                    ));
                }
                txn.commit();
            }
            for seg in &rec.segments {
                if seg.versions.is_empty() || seg.id.is_empty() {
                    return Err(here(format!(
                        "Segments: segment {:?} needs an Id and a version",
                        seg.id
                    )));
                }
                data.segments_mut().insert(seg.id.clone(), seg.clone());
            }
            for c in &rec.campaigns {
                if c.versions.is_empty() || c.id.is_empty() {
                    return Err(here(format!(
                        "Campaigns: campaign {:?} needs an Id and a version",
                        c.id
                    )));
                }
                data.campaigns_mut().insert(c.id.clone(), c.clone());
            }
            *data.event_stream_mut() = rec.event_stream.clone();
            *data.settings_mut() = rec.settings.clone();
            for j in &rec.jobs {
                data.jobs_mut().insert(j.id.clone(), j.clone());
            }
            for j in &rec.journeys {
                data.journeys_mut().insert(j.id.clone(), j.clone());
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
        let templates = Self::build_templates(&snap.templates, default_region)?;
        let recommenders = Self::build_recommenders(&snap.recommenders, default_region)?;
        Self::check_messaging(&snap.otp_codes, &snap.opt_outs)?;
        self.arm_system_events(&built);
        self.swap_apps(built, true);
        self.install_templates(templates, true);
        self.install_recommenders(recommenders, true);
        self.events.restore(snap.events, true);
        self.install_messaging(snap.sent_messages, snap.otp_codes, snap.opt_outs, true);
        Ok(())
    }

    /// Adds a fixture's apps; an app that already exists in its scope is left as it is.
    /// Returns how many apps were added.
    pub fn add_fixture(&self, snap: Snapshot, default_region: &str) -> Result<usize, String> {
        let built = self.build_apps(&snap, default_region)?;
        let templates = Self::build_templates(&snap.templates, default_region)?;
        let recommenders = Self::build_recommenders(&snap.recommenders, default_region)?;
        Self::check_messaging(&snap.otp_codes, &snap.opt_outs)?;
        self.install_templates(templates, false);
        self.install_recommenders(recommenders, false);
        self.install_messaging(snap.sent_messages, snap.otp_codes, snap.opt_outs, false);
        let fresh: Vec<(Scope, Arc<App>)> = built
            .into_iter()
            .filter(|(s, a)| self.app(s, &a.meta.id).is_err())
            .collect();
        let added = fresh.len();
        self.arm_system_events(&fresh);
        self.swap_apps(fresh, false);
        let events = snap.events;
        if !events.is_empty() {
            self.events.record(events);
        }
        Ok(added)
    }
}
