//! A custom run's delivery (docs/behaviour.md#custom-channel): the targeted endpoints go to the
//! webhook in POSTs of at most [`BATCH`], in endpoint-id order; each endpoint of a batch the
//! webhook accepts (2xx) is a success, and so is each endpoint of a Lambda or of a URL the
//! emulator does not call. Each success is one sent-log entry on the `CUSTOM` channel.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

use super::super::message::Ids;
use super::Custom;
use crate::store::endpoints::model::{fold_id, AttrMap, EndpointView};
use crate::store::messaging::messages::sent::SentMessage;
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
    message: Map<String, Value>,
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
    endpoints: BTreeMap<&'a str, &'a Value>,
}

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
    json: Value,
}

/// A number as GetEndpoint writes it: a whole number without a fraction.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

fn attributes(a: &AttrMap) -> Map<String, Value> {
    a.iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(Value::from).collect()))
        .collect()
}

/// An endpoint as GetEndpoint answers it, without Id, ApplicationId and CohortId, and with its
/// cohort as the attribute `CohortId`.
fn endpoint_json(view: EndpointView<'_>) -> Value {
    let e = view.endpoint;
    let mut m = Map::new();
    if let Some(a) = &e.address {
        m.insert("Address".into(), a.clone().into());
    }
    let mut attrs = attributes(&e.attributes);
    attrs.insert("CohortId".into(), vec![e.cohort_id.to_string()].into());
    m.insert("Attributes".into(), attrs.into());
    if let Some(ct) = e.channel_type {
        m.insert("ChannelType".into(), ct.as_str().into());
    }
    m.insert("CreationDate".into(), e.creation_date().into());
    if let Some(d) = &e.demographic {
        m.insert(
            "Demographic".into(),
            serde_json::to_value(&**d).unwrap_or_default(),
        );
    }
    m.insert("EffectiveDate".into(), e.effective_date().into());
    m.insert("EndpointStatus".into(), e.status.as_str().into());
    if let Some(l) = &e.location {
        m.insert(
            "Location".into(),
            serde_json::to_value(&**l).unwrap_or_default(),
        );
    }
    if let Some(metrics) = &e.metrics {
        let metrics: Map<String, Value> = metrics
            .iter()
            .map(|(k, v)| (k.to_string(), number(*v)))
            .collect();
        m.insert("Metrics".into(), metrics.into());
    }
    m.insert("OptOut".into(), e.opt_out.as_str().into());
    m.insert("RequestId".into(), e.request_id().into());
    let mut user = Map::new();
    if !view.user_attributes.is_empty() {
        user.insert(
            "UserAttributes".into(),
            attributes(view.user_attributes).into(),
        );
    }
    if let Some(u) = &e.user_id {
        user.insert("UserId".into(), u.clone().into());
    }
    m.insert("User".into(), user.into());
    Value::Object(m)
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
                    json: endpoint_json(data.view(e)),
                });
            }
        }
        let url = self.invokable_url(&custom.uri);
        let now = self.now_iso(scope);
        let log_data = custom
            .data
            .as_deref()
            .and_then(|d| serde_json::from_str::<Map<String, Value>>(d).ok());
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
                    message: Map::new(),
                    data: custom.data.as_deref(),
                    application_id: app_id,
                    campaign_id,
                    treatment_id,
                    journey_id,
                    journey_run_id,
                    activity_id,
                    scheduled_time: &now,
                    endpoints: batch.iter().map(|m| (m.id.as_str(), &m.json)).collect(),
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
                    let mut settings = Map::new();
                    settings.insert("DeliveryUri".into(), custom.uri.clone().into());
                    settings.insert("EndpointType".into(), m.channel.into());
                    settings.insert("Invoked".into(), status.is_some().into());
                    if let Some(Some(code)) = status {
                        settings.insert("HttpStatus".into(), code.into());
                    }
                    sent.push(SentMessage {
                        account_id: scope.account.clone(),
                        region: scope.region.clone(),
                        application_id: app_id.to_string(),
                        operation: sender.operation().into(),
                        channel: "CUSTOM".into(),
                        address: m.address.clone(),
                        endpoint_id: Some(m.id.clone()),
                        user_id: m.user_id.clone(),
                        message_id: message_id.clone(),
                        request_id: request_id.to_string(),
                        trace_id: None,
                        context: sender.context(),
                        title: None,
                        subject: None,
                        body: None,
                        html_body: None,
                        text_body: None,
                        raw_content: raw.clone(),
                        data: log_data.clone(),
                        settings,
                        template: None,
                        sent_at: now.clone(),
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
