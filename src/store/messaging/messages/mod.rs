//! Messaging (docs/behaviour.md#messages): SendMessages, SendUsersMessages, OTP, the opt-out
//! list and the sent-message log. Every recipient is judged on its own by the rules in
//! [`deliver`]; only a malformed request is refused as a whole
//! (docs/behaviour.md#message-request-errors).

pub mod content;
mod deliver;
pub mod engagement;
pub mod opt_outs;
pub mod otp;
mod parts;
mod restore;
pub mod send_events;
mod slices;
pub use slices::SliceTail;
pub mod sent;
mod vars;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::DirectMessageConfiguration;

use super::templates::{TemplateContent, TemplateKind};
use crate::render::limits::RequestBudget;
use crate::store::app::AppData;
use crate::store::endpoints::model::ChannelType;
pub use crate::store::options::MessagingOptions;
use crate::store::{Scope, Store, StoreError, StoreResult};
use deliver::Delivery;

/// At most this many recipients (Addresses and Endpoints together) or users per request.
pub const MAX_RECIPIENTS: usize = 100;

/// `DeliveryStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[allow(non_camel_case_types)]
pub enum DeliveryStatus {
    SUCCESSFUL,
    PERMANENT_FAILURE,
    OPT_OUT,
    DUPLICATE,
    /// The next three only ever come from a fault rule (docs/behaviour.md#faults).
    THROTTLED,
    TEMPORARY_FAILURE,
    UNKNOWN_FAILURE,
}

/// One recipient's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: DeliveryStatus,
    pub code: u16,
    pub message: String,
    pub message_id: Option<String>,
    /// The endpoint's address (EndpointResult only).
    pub address: Option<String>,
}

/// Per-recipient settings: AddressConfiguration or EndpointSendConfiguration.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub body: Option<String>,
    pub title: Option<String>,
    pub raw: Option<String>,
    pub substitutions: BTreeMap<String, Vec<String>>,
    pub context: BTreeMap<String, String>,
}

impl Overrides {
    /// Whether the recipient's content is the request's: no body, title, raw content or
    /// substitutions of its own (its Context is not content).
    pub fn shares_content(&self) -> bool {
        self.body.is_none()
            && self.title.is_none()
            && self.raw.is_none()
            && self.substitutions.is_empty()
    }
}

/// A template named by TemplateConfiguration.
#[derive(Debug, Clone)]
pub struct TemplateRef {
    pub name: String,
    pub version: Option<String>,
}

/// What every recipient of one request shares.
#[derive(Debug, Clone, Default)]
pub struct Message {
    /// DirectMessageConfiguration as sent; `None` when the request has none.
    pub config: Option<DirectMessageConfiguration>,
    pub templates: BTreeMap<TemplateKind, TemplateRef>,
    pub context: BTreeMap<String, String>,
    pub trace_id: Option<String>,
}

/// One entry of `Addresses`.
#[derive(Debug, Clone)]
pub struct AddressIn {
    pub address: String,
    pub channel: Option<ChannelType>,
    pub overrides: Overrides,
}

/// SendMessages' answer: results keyed as the request keyed its recipients, in request order.
#[derive(Debug, Clone, Default)]
pub struct SendOutcome {
    pub addresses: Vec<(String, Outcome)>,
    pub endpoints: Vec<(String, Outcome)>,
}

/// SendUsersMessages' answer: per user, per endpoint.
pub type UsersOutcome = Vec<(String, Vec<(String, Outcome)>)>;

/// Who a send is for, and how the log names the operation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Request<'a> {
    pub scope: &'a Scope,
    pub app_id: &'a str,
    pub request_id: &'a str,
    pub operation: &'static str,
}

/// A template resolved for a send: its content and parsed defaults.
#[derive(Debug, Clone)]
pub struct ResolvedTemplate {
    pub name: String,
    pub version: u32,
    pub content: TemplateContent,
    pub defaults: Value,
}

impl Message {
    /// The whole-request checks every send shares (docs/behaviour.md#message-request-errors).
    fn check(&self) -> StoreResult<&DirectMessageConfiguration> {
        let config = self.config.as_ref().ok_or_else(|| {
            StoreError::invalid(
                "Missing MessageConfiguration: the request needs a MessageConfiguration",
            )
        })?;
        if self.templates.contains_key(&TemplateKind::INAPP) {
            return Err(StoreError::invalid(
                "TemplateConfiguration.InAppTemplate is not supported for sending messages",
            ));
        }
        let push = [
            ChannelType::ADM,
            ChannelType::APNS,
            ChannelType::BAIDU,
            ChannelType::GCM,
        ];
        for ct in push {
            let raw = parts::channel_part(config, ct).and_then(|p| p.raw);
            if let Some(raw) = raw {
                if !matches!(serde_json::from_str::<Value>(raw), Ok(Value::Object(_))) {
                    return Err(StoreError::invalid(format!(
                        "Invalid MessageConfiguration.{}.RawContent: it must be a JSON object",
                        content::message_member(ct)
                    )));
                }
            }
        }
        Ok(config)
    }
}

fn check_count(n: usize, what: &str) -> StoreResult<()> {
    if n == 0 {
        return Err(StoreError::invalid(format!(
            "The request has no {what}: give at least one"
        )));
    }
    if n > MAX_RECIPIENTS {
        return Err(StoreError::limit(format!(
            "The request has {n} {what}; the maximum is {MAX_RECIPIENTS}"
        )));
    }
    Ok(())
}

impl Store {
    /// The templates a message names, each resolved to a version; unknown → 404.
    fn resolve_templates(
        &self,
        scope: &Scope,
        refs: &BTreeMap<TemplateKind, TemplateRef>,
    ) -> StoreResult<BTreeMap<TemplateKind, ResolvedTemplate>> {
        refs.iter()
            .map(|(kind, r)| {
                let t = self.template(scope, &r.name, *kind)?;
                let (n, v) = t.version(r.version.as_deref())?;
                let defaults = vars::template_defaults(v.content.default_substitutions.as_deref());
                Ok((
                    *kind,
                    ResolvedTemplate {
                        name: r.name.clone(),
                        version: n,
                        content: v.content.clone(),
                        defaults,
                    },
                ))
            })
            .collect()
    }

    /// Runs one request's deliveries: the app (never created here), its templates, the app's
    /// read lock held throughout, and the log entries recorded once `f` has succeeded.
    fn deliver<R>(
        &self,
        req: Request<'_>,
        message: &Message,
        config: &DirectMessageConfiguration,
        f: impl FnOnce(&mut Delivery<'_>, &AppData) -> StoreResult<R>,
    ) -> StoreResult<R> {
        let app = self.app(req.scope, req.app_id)?;
        let templates = self.resolve_templates(req.scope, &message.templates)?;
        let data = app.read();
        let mut d = Delivery::new(self, req, &data, message, config, &templates);
        let out = f(&mut d, &data)?;
        let sent = d.finish();
        drop(data);
        self.log_sent(sent);
        Ok(out)
    }

    /// SendMessages (docs/behaviour.md#messages).
    pub fn send_messages(
        &self,
        scope: &Scope,
        app_id: &str,
        message: &Message,
        addresses: Vec<AddressIn>,
        endpoints: Vec<(String, Overrides)>,
        request_id: &str,
    ) -> StoreResult<SendOutcome> {
        let config = message.check()?;
        check_count(
            addresses.len() + endpoints.len(),
            "recipients (Addresses and Endpoints)",
        )?;
        for a in &addresses {
            match a.channel {
                None => {
                    return Err(StoreError::invalid(format!(
                        "Missing ChannelType for address {:?}: every AddressConfiguration needs a ChannelType",
                        a.address
                    )))
                }
                Some(ct @ (ChannelType::PUSH | ChannelType::CUSTOM | ChannelType::IN_APP)) => {
                    return Err(StoreError::invalid(format!(
                        "Invalid ChannelType {ct} for address {:?}: SendMessages cannot send to {ct} addresses",
                        a.address
                    )))
                }
                Some(_) => {}
            }
        }
        let req = Request {
            scope,
            app_id,
            request_id,
            operation: "SendMessages",
        };
        let _budget = RequestBudget::start(addresses.len() + endpoints.len());
        self.deliver(req, message, config, |d, _| {
            let mut out = SendOutcome::default();
            for a in addresses {
                let ct = a.channel.unwrap_or(ChannelType::SMS);
                let outcome = d.send_to_address(&a.address, ct, &a.overrides);
                out.addresses.push((a.address, outcome));
            }
            for (id, over) in endpoints {
                let outcome = d.send_to_endpoint(&id, &over);
                out.endpoints.push((id, outcome));
            }
            Ok(out)
        })
    }

    /// SendUsersMessages (docs/behaviour.md#send-users-messages): every endpoint of each user,
    /// judged as SendMessages judges an endpoint.
    pub fn send_users_messages(
        &self,
        scope: &Scope,
        app_id: &str,
        message: &Message,
        users: Vec<(String, Overrides)>,
        request_id: &str,
    ) -> StoreResult<UsersOutcome> {
        let config = message.check()?;
        check_count(users.len(), "users")?;
        let req = Request {
            scope,
            app_id,
            request_id,
            operation: "SendUsersMessages",
        };
        let _budget = RequestBudget::start(users.len());
        self.deliver(req, message, config, |d, data| {
            let mut out = Vec::with_capacity(users.len());
            let mut any = false;
            for (user, over) in users {
                let ids: Vec<String> = data
                    .user_endpoints(&user)
                    .iter()
                    .map(|e| e.id.clone())
                    .collect();
                any |= !ids.is_empty();
                let results = ids
                    .into_iter()
                    .map(|id| {
                        let outcome = d.send_to_endpoint(&id, &over);
                        (id, outcome)
                    })
                    .collect();
                out.push((user, results));
            }
            if !any {
                return Err(StoreError::NotFound);
            }
            Ok(out)
        })
    }
}
