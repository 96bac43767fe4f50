//! A custom run's delivery (docs/behaviour.md#custom-channel): the targeted endpoints go to the
//! webhook in POSTs of at most [`BATCH`], in endpoint-id order; each endpoint of a batch the
//! webhook accepts (2xx) is a success, and so is each endpoint of a Lambda or of a URL the
//! emulator does not call. Each success is one sent-log entry on the `CUSTOM` channel.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use super::super::message::Ids;
use super::Custom;
use crate::model::EndpointUser;
use crate::store::endpoints::model::{fold_id, AttrMap, Demographic, EndpointView, Location};
use crate::store::messaging::messages::sent::{SentData, SentMessage, SentSettings};
use crate::store::messaging::messages::{DeliveryStatus, Outcome};
use crate::store::{Scope, Store};
use crate::webhook::WebhookCall;

/// Most endpoints in one POST.
pub const BATCH: usize = 50;

/// How long one POST may take.
pub const POST_TIMEOUT: Duration = Duration::from_secs(10);

/// What became of one targeted endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomOutcome {
    pub endpoint_id: String,
    pub success: bool,
    /// The sent-log entry's MessageId, on success.
    pub message_id: Option<String>,
}

impl CustomOutcome {
    /// The outcome as a run counts it: SUCCESSFUL with the message id, or a failure.
    pub fn into_outcome(self) -> Outcome {
        let (status, code, message) = if self.success {
            let m = format!(
                "MessageId: {}",
                self.message_id.as_deref().unwrap_or_default()
            );
            (DeliveryStatus::SUCCESSFUL, 200, m)
        } else {
            let m = "The custom channel's webhook did not accept the message".to_string();
            (DeliveryStatus::TEMPORARY_FAILURE, 500, m)
        };
        Outcome {
            status,
            code,
            message,
            message_id: self.message_id,
            address: None,
        }
    }
}

/// The body of one POST.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Payload<'a> {
    message: NoMessage,
    data: Option<&'a str>,
    application_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    campaign_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    treatment_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    journey_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    journey_run_id: Option<&'a str>,
    activity_id: &'a str,
    scheduled_time: &'a str,
    endpoints: BTreeMap<&'a str, &'a PayloadEndpoint>,
}

/// The payload's `Message`: always `{}` (a custom message has no members but its `Data`,
/// which the payload carries beside it).
#[derive(Serialize)]
struct NoMessage {}

/// Who sends a custom delivery: a campaign's run, or a journey's custom activity (whose
/// payload names the journey, its run and the activity instead of the campaign and treatment).
pub enum Sender<'a> {
    Campaign(&'a Ids<'a>),
    Journey {
        journey: &'a str,
        run: &'a str,
        activity: &'a str,
    },
}

impl Sender<'_> {
    /// The log's Context.
    fn context(&self) -> BTreeMap<String, String> {
        match self {
            Sender::Campaign(ids) => ids.context(),
            Sender::Journey {
                journey,
                run,
                activity,
            } => BTreeMap::from([
                ("JourneyId".to_string(), journey.to_string()),
                ("JourneyActivityId".to_string(), activity.to_string()),
                ("JourneyRunId".to_string(), run.to_string()),
            ]),
        }
    }

    /// The log's Operation.
    fn operation(&self) -> &'static str {
        match self {
            Sender::Campaign(_) => "Campaign",
            Sender::Journey { .. } => "Journey",
        }
    }
}

/// What a targeted endpoint contributes: its payload entry and what its log entry names.
struct Member {
    id: String,
    address: String,
    channel: &'static str,
    user_id: Option<String>,
    endpoint: PayloadEndpoint,
}

/// An endpoint as GetEndpoint answers it, without Id, ApplicationId and CohortId, and with its
/// cohort as the attribute `CohortId`. The members are declared in the byte order of their
/// names, the order the payload has always listed them in.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PayloadEndpoint {
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    attributes: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel_type: Option<&'static str>,
    creation_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    demographic: Option<Arc<Demographic>>,
    effective_date: String,
    endpoint_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Arc<Location>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metrics: Option<BTreeMap<String, Metric>>,
    opt_out: &'static str,
    request_id: String,
    user: EndpointUser,
}

/// A metric as GetEndpoint writes it: a whole number without a fraction.
struct Metric(f64);

impl Serialize for Metric {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

/// Attribute lists by name, sorted.
fn attribute_lists(a: &AttrMap) -> BTreeMap<String, Vec<String>> {
    a.iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
        .collect()
}

impl PayloadEndpoint {
    fn of(view: EndpointView<'_>) -> Self {
        let e = view.endpoint;
        let mut attributes = attribute_lists(&e.attributes);
        attributes.insert("CohortId".into(), vec![e.cohort_id.to_string()]);
        PayloadEndpoint {
            address: e.address.clone(),
            attributes,
            channel_type: e.channel_type.map(|ct| ct.as_str()),
            creation_date: e.creation_date().to_string(),
            demographic: e.demographic.clone(),
            effective_date: e.effective_date().to_string(),
            endpoint_status: e.status.as_str(),
            location: e.location.clone(),
            metrics: e
                .metrics
                .as_ref()
                .map(|m| m.iter().map(|(k, v)| (k.to_string(), Metric(*v))).collect()),
            opt_out: e.opt_out.as_str(),
            request_id: e.request_id().to_string(),
            user: EndpointUser {
                user_attributes: (!view.user_attributes.is_empty())
                    .then(|| attribute_lists(view.user_attributes)),
                user_id: e.user_id.clone(),
            },
        }
    }
}
impl Store {
    /// Delivers a custom treatment's run to the `targeted` endpoints (endpoint ids, in order):
    /// POSTs to the webhook when the emulator calls it, one sent-log entry per success, and
    /// what became of each endpoint, in the same order. An endpoint gone since it was targeted
    /// is a failure.
    pub(crate) fn deliver_custom(
        &self,
        scope: &Scope,
        app_id: &str,
        sender: &Sender<'_>,
        custom: &Custom,
        targeted: &[String],
        request_id: &str,
    ) -> Vec<CustomOutcome> {
        let mut members = Vec::with_capacity(targeted.len());
        if let Ok(app) = self.app(scope, app_id) {
            let data = app.read();
            for e in targeted.iter().filter_map(|id| data.endpoint(&fold_id(id))) {
                members.push(Member {
                    id: e.id.clone(),
                    address: e.address.clone().unwrap_or_default(),
                    channel: e.channel_type.map_or("", |c| c.as_str()),
                    user_id: e.user_id.clone(),
                    endpoint: PayloadEndpoint::of(data.view(e)),
                });
            }
        }
        let url = self.invokable_url(&custom.uri);
        let now = self.now_iso(scope);
        let log_data = custom.data.as_deref().and_then(SentData::from_json);
        let raw = custom.data.clone().filter(|_| log_data.is_none());
        let mut sent = Vec::new();
        let mut outcomes = BTreeMap::new();
        for batch in members.chunks(BATCH) {
            let status = url.as_ref().map(|u| {
                let (campaign_id, treatment_id, journey_id, journey_run_id, activity_id) =
                    match sender {
                        Sender::Campaign(ids) => {
                            (Some(ids.campaign), Some(ids.treatment), None, None, ids.activity)
                        }
                        Sender::Journey {
                            journey,
                            run,
                            activity,
                        } => (None, None, Some(*journey), Some(*run), *activity),
                    };
                let payload = Payload {
                    message: NoMessage {},
                    data: custom.data.as_deref(),
                    application_id: app_id,
                    campaign_id,
                    treatment_id,
                    journey_id,
                    journey_run_id,
                    activity_id,
                    scheduled_time: &now,
                    endpoints: batch.iter().map(|m| (m.id.as_str(), &m.endpoint)).collect(),
                };
                let call = WebhookCall {
                    method: "POST",
                    host: u.host.clone(),
                    port: u.port,
                    target: u.target.clone(),
                    body: Some((
                        "application/json",
                        serde_json::to_vec(&payload).unwrap_or_default(),
                    )),
                    timeout: POST_TIMEOUT,
                };
                match self.webhooks().call(&call) {
                    Ok(a) => Some(a.status),
                    Err(why) => {
                        tracing::info!(url = %custom.uri, %why, "a custom channel's webhook did not answer");
                        None
                    }
                }
            });
            let success = match status {
                None => true,
                Some(s) => s.is_some_and(|s| (200..300).contains(&s)),
            };
            for m in batch {
                let message_id = success.then(|| self.ids.message_id());
                if let Some(message_id) = &message_id {
                    let settings = SentSettings {
                        delivery_uri: Some(custom.uri.clone()),
                        endpoint_type: Some(m.channel.into()),
                        invoked: Some(status.is_some()),
                        http_status: status.flatten(),
                        ..SentSettings::default()
                    };
                    sent.push(SentMessage {
                        account_id: scope.account.as_str().into(),
                        region: scope.region.as_str().into(),
                        application_id: app_id.into(),
                        operation: sender.operation().into(),
                        channel: "CUSTOM".into(),
                        address: m.address.clone(),
                        endpoint_id: Some(m.id.clone()),
                        user_id: m.user_id.clone(),
                        message_id: message_id.clone(),
                        request_id: request_id.into(),
                        trace_id: None,
                        context: sender.context().into(),
                        title: None,
                        subject: None,
                        body: None,
                        html_body: None,
                        text_body: None,
                        raw_content: raw.clone(),
                        data: log_data.clone(),
                        settings: settings.into(),
                        template: None,
                        sent_at: now.as_str().into(),
                    });
                }
                outcomes.insert(fold_id(&m.id).into_owned(), (success, message_id));
            }
        }
        if !sent.is_empty() {
            self.sent.record(sent);
            self.touch();
        }
        targeted
            .iter()
            .map(|id| {
                let (success, message_id) = outcomes
                    .remove(fold_id(id).as_ref())
                    .unwrap_or((false, None));
                CustomOutcome {
                    endpoint_id: id.clone(),
                    success,
                    message_id,
                }
            })
            .collect()
    }
}
