//! Messaging requests in the store's terms: the model's MessageRequest, SendUsersMessageRequest
//! and SendOTPMessageRequestParameters (the answers are in [`super::message_results`]).
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-messages.html>

use std::collections::BTreeMap;

use super::endpoint_shapes::channel_in;
use crate::model::{
    AddressConfiguration, EndpointSendConfiguration, MessageRequest, Ordered,
    SendOTPMessageRequestParameters, SendUsersMessageRequest, Template, TemplateConfiguration,
};
use crate::store::messaging::messages::otp::OtpRequest;
use crate::store::messaging::messages::{AddressIn, Message, Overrides, TemplateRef};
use crate::store::messaging::templates::TemplateKind;
use crate::store::{StoreError, StoreResult};

/// `EndpointSendConfiguration` as the store's per-recipient settings.
fn overrides(c: EndpointSendConfiguration) -> Overrides {
    Overrides {
        body: c.body_override,
        title: c.title_override,
        raw: c.raw_content,
        substitutions: c.substitutions.unwrap_or_default(),
        context: c.context.unwrap_or_default(),
    }
}

/// `AddressConfiguration` as an address to send to.
fn address(address: String, c: AddressConfiguration) -> AddressIn {
    AddressIn {
        address,
        channel: c.channel_type.map(channel_in),
        overrides: Overrides {
            body: c.body_override,
            title: c.title_override,
            raw: c.raw_content,
            substitutions: c.substitutions.unwrap_or_default(),
            context: c.context.unwrap_or_default(),
        },
    }
}

/// `TemplateConfiguration`'s templates, each named by its Name.
fn templates(tc: TemplateConfiguration) -> StoreResult<BTreeMap<TemplateKind, TemplateRef>> {
    let all = [
        (TemplateKind::EMAIL, "EmailTemplate", tc.email_template),
        (TemplateKind::INAPP, "InAppTemplate", tc.in_app_template),
        (TemplateKind::PUSH, "PushTemplate", tc.push_template),
        (TemplateKind::SMS, "SMSTemplate", tc.sms_template),
        (TemplateKind::VOICE, "VoiceTemplate", tc.voice_template),
    ];
    let mut out = BTreeMap::new();
    for (kind, member, t) in all {
        let Some(Template { name, version }) = t else {
            continue;
        };
        let name = name.filter(|n| !n.is_empty()).ok_or_else(|| {
            StoreError::invalid(format!(
                "Missing TemplateConfiguration.{member}.Name: a template is named by its Name"
            ))
        })?;
        out.insert(kind, TemplateRef { name, version });
    }
    Ok(out)
}

/// Endpoints or users with their settings, in request order.
fn recipients(map: Option<Ordered<EndpointSendConfiguration>>) -> Vec<(String, Overrides)> {
    map.unwrap_or_default()
        .into_iter()
        .map(|(k, c)| (k, overrides(c)))
        .collect()
}

/// A send request in the store's terms.
pub type SendIn = (Message, Vec<AddressIn>, Vec<(String, Overrides)>);

/// SendMessages' `MessageRequest` in the store's terms.
pub fn send_request(r: MessageRequest) -> StoreResult<SendIn> {
    let message = Message {
        config: r.message_configuration,
        templates: templates(r.template_configuration.unwrap_or_default())?,
        context: r.context.unwrap_or_default(),
        trace_id: r.trace_id,
    };
    let addresses = r
        .addresses
        .unwrap_or_default()
        .into_iter()
        .map(|(a, c)| address(a, c))
        .collect();
    Ok((message, addresses, recipients(r.endpoints)))
}

/// SendUsersMessages' `SendUsersMessageRequest` in the store's terms.
pub fn send_users_request(
    r: SendUsersMessageRequest,
) -> StoreResult<(Message, Vec<(String, Overrides)>)> {
    let message = Message {
        config: r.message_configuration,
        templates: templates(r.template_configuration.unwrap_or_default())?,
        context: r.context.unwrap_or_default(),
        trace_id: r.trace_id,
    };
    Ok((message, recipients(r.users)))
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
