//! Messaging requests: MessageRequest, SendUsersMessageRequest, SendOTPMessageRequestParameters
//! and VerifyOTPMessageRequestParameters (the answers are in [`super::message_results`]).
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-messages.html>

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::parse_enum;
use crate::model::Ordered;
use crate::model::SendOTPMessageRequestParameters;
use crate::store::endpoints::model::ChannelType;
use crate::store::messaging::messages::otp::OtpRequest;
use crate::store::messaging::messages::{AddressIn, Message, Overrides, TemplateRef};
use crate::store::messaging::templates::TemplateKind;
use crate::store::{StoreError, StoreResult};

/// `EndpointSendConfiguration` (and the shared members of `AddressConfiguration`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendConfiguration {
    pub body_override: Option<String>,
    pub channel_type: Option<String>,
    pub context: Option<BTreeMap<String, String>>,
    pub raw_content: Option<String>,
    pub substitutions: Option<BTreeMap<String, Vec<String>>>,
    pub title_override: Option<String>,
}

impl SendConfiguration {
    fn overrides(self) -> Overrides {
        Overrides {
            body: self.body_override,
            title: self.title_override,
            raw: self.raw_content,
            substitutions: self.substitutions.unwrap_or_default(),
            context: self.context.unwrap_or_default(),
        }
    }
}

/// `Template`: a name and an optional version.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TemplateIn {
    pub name: Option<String>,
    pub version: Option<String>,
}

/// `TemplateConfiguration`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TemplateConfiguration {
    pub email_template: Option<TemplateIn>,
    pub in_app_template: Option<TemplateIn>,
    pub push_template: Option<TemplateIn>,
    #[serde(rename = "SMSTemplate")]
    pub sms_template: Option<TemplateIn>,
    pub voice_template: Option<TemplateIn>,
}

impl TemplateConfiguration {
    fn refs(self) -> StoreResult<BTreeMap<TemplateKind, TemplateRef>> {
        let all = [
            (TemplateKind::EMAIL, "EmailTemplate", self.email_template),
            (TemplateKind::INAPP, "InAppTemplate", self.in_app_template),
            (TemplateKind::PUSH, "PushTemplate", self.push_template),
            (TemplateKind::SMS, "SMSTemplate", self.sms_template),
            (TemplateKind::VOICE, "VoiceTemplate", self.voice_template),
        ];
        let mut out = BTreeMap::new();
        for (kind, member, t) in all {
            let Some(t) = t else { continue };
            let name = t.name.filter(|n| !n.is_empty()).ok_or_else(|| {
                StoreError::invalid(format!(
                    "Missing TemplateConfiguration.{member}.Name: a template is named by its Name"
                ))
            })?;
            out.insert(
                kind,
                TemplateRef {
                    name,
                    version: t.version,
                },
            );
        }
        Ok(out)
    }
}

/// The members of DirectMessageConfiguration.
const MESSAGES: &[&str] = &[
    "ADMMessage",
    "APNSMessage",
    "BaiduMessage",
    "DefaultMessage",
    "DefaultPushNotificationMessage",
    "EmailMessage",
    "GCMMessage",
    "SMSMessage",
    "VoiceMessage",
];

/// Checks the type of one member of a channel message that the emulator reads.
fn check_member(at: &str, key: &str, v: &Value) -> StoreResult<()> {
    let bad = |what: &str| {
        Err(StoreError::invalid(format!(
            "Invalid MessageConfiguration.{at}.{key}: it must be {what}"
        )))
    };
    let strings = |m: &Map<String, Value>, list: bool| {
        m.values().all(|v| match v {
            Value::Array(items) if list => items.iter().all(Value::is_string),
            other => !list && other.is_string(),
        })
    };
    match key {
        "SilentPush" => {
            if v.is_boolean() {
                Ok(())
            } else {
                bad("true or false")
            }
        }
        "Substitutions" => match v {
            Value::Object(m) if strings(m, true) => Ok(()),
            _ => bad("an object of lists of strings"),
        },
        "Data" => match v {
            Value::Object(m) if strings(m, false) => Ok(()),
            _ => bad("an object of strings"),
        },
        "SimpleEmail" | "RawEmail" => match v {
            Value::Object(m) => {
                for (part, p) in m {
                    let ok = match part.as_str() {
                        "Subject" | "HtmlPart" | "TextPart" => p
                            .as_object()
                            .is_some_and(|o| o.values().all(Value::is_string)),
                        "Headers" => p.is_array(),
                        _ => true,
                    } && (key != "RawEmail" || part != "Data" || p.is_string());
                    if !ok {
                        return bad("an object whose parts hold string Charset and Data members");
                    }
                }
                Ok(())
            }
            _ => bad("an object"),
        },
        "Action" => match v.as_str() {
            Some("OPEN_APP" | "DEEP_LINK" | "URL") => Ok(()),
            _ => bad("one of OPEN_APP, DEEP_LINK, URL"),
        },
        "MessageType" => match v.as_str() {
            Some("TRANSACTIONAL" | "PROMOTIONAL") => Ok(()),
            _ => bad("one of TRANSACTIONAL, PROMOTIONAL"),
        },
        "Body" | "Title" | "RawContent" | "FromAddress" | "OriginationNumber" | "SenderId"
        | "Keyword" | "LanguageCode" | "VoiceId" | "Url" | "MediaUrl" | "ImageUrl" => {
            if v.is_string() {
                Ok(())
            } else {
                bad("a string")
            }
        }
        _ => Ok(()),
    }
}

/// DirectMessageConfiguration, checked member by member and kept as sent.
fn message_configuration(
    config: Option<Map<String, Value>>,
) -> StoreResult<Option<Map<String, Value>>> {
    let Some(config) = config else {
        return Ok(None);
    };
    for (member, m) in &config {
        if !MESSAGES.contains(&member.as_str()) {
            return Err(StoreError::invalid(format!(
                "Unknown member MessageConfiguration.{member}: must be one of {}",
                MESSAGES.join(", ")
            )));
        }
        let Value::Object(fields) = m else {
            return Err(StoreError::invalid(format!(
                "Invalid MessageConfiguration.{member}: it must be an object"
            )));
        };
        for (k, v) in fields {
            check_member(member, k, v)?;
        }
    }
    Ok(Some(config))
}

/// The members SendMessages and SendUsersMessages share: MessageConfiguration,
/// TemplateConfiguration, Context and TraceId.
type Shared = (
    Option<Map<String, Value>>,
    Option<TemplateConfiguration>,
    Option<BTreeMap<String, String>>,
    Option<String>,
);

/// The shared members as one message.
fn message((config, templates, context, trace_id): Shared) -> StoreResult<Message> {
    Ok(Message {
        config: message_configuration(config)?,
        templates: templates.unwrap_or_default().refs()?,
        context: context.unwrap_or_default(),
        trace_id,
    })
}

/// Endpoints or users with their settings, in request order.
fn recipients(map: Option<Ordered<SendConfiguration>>) -> Vec<(String, Overrides)> {
    map.map(|o| o.0)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, c)| (k, c.overrides()))
        .collect()
}

/// `MessageRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MessageRequest {
    pub addresses: Option<Ordered<SendConfiguration>>,
    pub context: Option<BTreeMap<String, String>>,
    pub endpoints: Option<Ordered<SendConfiguration>>,
    pub message_configuration: Option<Map<String, Value>>,
    pub template_configuration: Option<TemplateConfiguration>,
    pub trace_id: Option<String>,
}

/// A send request in the store's terms.
pub type SendIn = (Message, Vec<AddressIn>, Vec<(String, Overrides)>);

impl MessageRequest {
    pub fn into_send(self) -> StoreResult<SendIn> {
        let mut addresses = Vec::new();
        for (address, c) in self.addresses.map(|o| o.0).unwrap_or_default() {
            let channel = c
                .channel_type
                .as_deref()
                .map(|t| parse_enum::<ChannelType>("ChannelType", t, ChannelType::NAMES))
                .transpose()?;
            addresses.push(AddressIn {
                address,
                channel,
                overrides: c.overrides(),
            });
        }
        let message = message((
            self.message_configuration,
            self.template_configuration,
            self.context,
            self.trace_id,
        ))?;
        Ok((message, addresses, recipients(self.endpoints)))
    }
}

/// `SendUsersMessageRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendUsersMessageRequest {
    pub context: Option<BTreeMap<String, String>>,
    pub message_configuration: Option<Map<String, Value>>,
    pub template_configuration: Option<TemplateConfiguration>,
    pub trace_id: Option<String>,
    pub users: Option<Ordered<SendConfiguration>>,
}

impl SendUsersMessageRequest {
    pub fn into_send(self) -> StoreResult<(Message, Vec<(String, Overrides)>)> {
        let shared = (
            self.message_configuration,
            self.template_configuration,
            self.context,
            self.trace_id,
        );
        Ok((message(shared)?, recipients(self.users)))
    }
}

/// `SendOTPMessageRequestParameters` as the store's request.
pub fn otp_request(r: SendOTPMessageRequestParameters) -> OtpRequest {
    OtpRequest {
        brand_name: r.brand_name,
        channel: r.channel,
        destination_identity: r.destination_identity,
        origination_identity: r.origination_identity,
        reference_id: r.reference_id,
        allowed_attempts: r.allowed_attempts.map(i64::from),
        code_length: r.code_length.map(i64::from),
        validity_period: r.validity_period.map(i64::from),
        language: r.language,
        entity_id: r.entity_id,
        template_id: r.template_id,
    }
}
