//! The per-recipient rules (docs/behaviour.md#message-outcomes): the first rule that matches
//! decides a recipient's outcome; a successful one is rendered, given a MessageId and logged.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::content::{self, Sources};
use super::sent::{SentData, SentMessage, SentSettings, TemplateUsed};
use super::{DeliveryStatus, Message, Outcome, Overrides, Request, ResolvedTemplate};
use crate::model::DirectMessageConfiguration;
use crate::store::app::AppData;
use crate::store::endpoints::model::{fold_id, ChannelType, Endpoint, OptOut, Status};
use crate::store::messaging::channels::ChannelKind;
use crate::store::messaging::templates::TemplateKind;
use crate::store::Store;

/// Is `s` an E.164 number: `+`, a non-zero digit, at most 15 digits in all?
pub fn is_e164(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or("");
    (2..=15).contains(&digits.len())
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a raw address can be sent to on its channel: E.164 for SMS and voice, an `@` for
/// email (docs/behaviour.md#message-outcomes).
fn valid_address(ct: ChannelType, address: &str) -> bool {
    match ct {
        ChannelType::SMS | ChannelType::VOICE => is_e164(address),
        ChannelType::EMAIL => address.contains('@'),
        _ => !address.is_empty(),
    }
}

fn outcome(status: DeliveryStatus, code: u16, message: impl Into<String>) -> Outcome {
    Outcome {
        status,
        code,
        message: message.into(),
        message_id: None,
        address: None,
    }
}

fn failure(code: u16, message: impl Into<String>) -> Outcome {
    outcome(DeliveryStatus::PERMANENT_FAILURE, code, message)
}

/// The addresses a delivery has sent to, by channel (hashed on every recipient).
pub(super) type Seen = HashSet<(ChannelType, String), foldhash::fast::RandomState>;

/// One request's deliveries: what they share, the destinations already used, the log entries.
pub(super) struct Delivery<'a> {
    store: &'a Store,
    req: Request<'a>,
    data: &'a AppData,
    message: &'a Message,
    config: &'a DirectMessageConfiguration,
    templates: &'a BTreeMap<TemplateKind, ResolvedTemplate>,
    seen: Seen,
    /// Each channel's settings and unrendered content, for recipients without overrides.
    shared: Vec<(ChannelType, Arc<SentSettings>, content::Content)>,
    sent: Vec<SentMessage>,
    /// The request's Context, shared by the entries of recipients without one of their own.
    context: Arc<BTreeMap<String, String>>,
    names: Names,
}

/// The names every log entry of one delivery shares, each kept once.
struct Names {
    account: Arc<str>,
    region: Arc<str>,
    app: Arc<str>,
    operation: Arc<str>,
    request_id: Arc<str>,
    now: Arc<str>,
    channels: Vec<(ChannelType, Arc<str>)>,
}

impl Names {
    fn new(store: &Store, req: &Request<'_>) -> Self {
        Names {
            account: req.scope.account.as_str().into(),
            region: req.scope.region.as_str().into(),
            app: req.app_id.into(),
            operation: req.operation.into(),
            request_id: req.request_id.into(),
            now: store.now_iso(req.scope).into(),
            channels: Vec::new(),
        }
    }

    fn channel(&mut self, ct: ChannelType) -> Arc<str> {
        if let Some((_, name)) = self.channels.iter().find(|(c, _)| *c == ct) {
            return name.clone();
        }
        let name: Arc<str> = ct.as_str().into();
        self.channels.push((ct, name.clone()));
        name
    }
}

impl<'a> Delivery<'a> {
    pub(super) fn new(
        store: &'a Store,
        req: Request<'a>,
        data: &'a AppData,
        message: &'a Message,
        config: &'a DirectMessageConfiguration,
        templates: &'a BTreeMap<TemplateKind, ResolvedTemplate>,
    ) -> Self {
        Self {
            store,
            req,
            data,
            message,
            config,
            templates,
            seen: Seen::default(),
            shared: Vec::new(),
            sent: Vec::new(),
            context: Arc::new(message.context.clone()),
            names: Names::new(store, &req),
        }
    }

    /// Carries on from an earlier part of the same request: the addresses it already sent to
    /// count as seen (a later endpoint with one of them is a duplicate).
    pub(super) fn seen_before(mut self, seen: Seen) -> Self {
        self.seen = seen;
        self
    }

    /// The log entries of the successful deliveries, and the addresses sent to so far.
    pub(super) fn finish_part(self) -> (Vec<SentMessage>, Seen) {
        (self.sent, self.seen)
    }

    /// The log entries of the successful deliveries.
    pub(super) fn finish(self) -> Vec<SentMessage> {
        self.sent
    }

    /// An entry of `Addresses`: the address rules, then those every recipient shares.
    pub(super) fn send_to_address(
        &mut self,
        address: &str,
        ct: ChannelType,
        over: &Overrides,
    ) -> Outcome {
        if !valid_address(ct, address) {
            return failure(400, format!("Invalid address {address:?} for channel {ct}"));
        }
        if let Some(forced) = self.forced(None, Some(address)) {
            return forced;
        }
        if self.store.is_opted_out(&self.req.scope.account, address) {
            return outcome(
                DeliveryStatus::OPT_OUT,
                400,
                "Address is on the opt-out list",
            );
        }
        self.deliver(ct, address, None, over)
    }

    /// The outcome a fault rule forces on this recipient, if one fires (docs/behaviour.md#faults).
    fn forced(&self, endpoint: Option<&str>, address: Option<&str>) -> Option<Outcome> {
        let (status, code, message) = self.store.faults.on_recipient(
            self.req.operation,
            self.req.app_id,
            endpoint,
            address,
        )?;
        Some(outcome(status, code, message))
    }

    /// An endpoint, by id: the endpoint rules, then those every recipient shares.
    pub(super) fn send_to_endpoint(&mut self, id: &str, over: &Overrides) -> Outcome {
        let Some(ep) = self.data.endpoint(&fold_id(id)) else {
            return failure(404, format!("Endpoint {id} not found"));
        };
        let address = ep.address().map(str::to_string);
        if let Some(mut forced) = self.forced(Some(id), address.as_deref()) {
            forced.address = address;
            return forced;
        }
        let mut result = match (ep.channel_type, &address) {
            (None, _) => failure(400, format!("Endpoint {id} has no ChannelType")),
            (Some(ct @ (ChannelType::PUSH | ChannelType::CUSTOM | ChannelType::IN_APP)), _) => {
                failure(400, format!("Endpoint {id} has ChannelType {ct}, which direct messages cannot be sent to"))
            }
            (Some(_), None) => failure(400, format!("Endpoint {id} has no Address")),
            (Some(_), Some(_)) if ep.opt_out == OptOut::ALL => {
                outcome(DeliveryStatus::OPT_OUT, 400, "Endpoint is opted out")
            }
            (Some(_), Some(a)) if self.store.is_opted_out(&self.req.scope.account, a) => {
                outcome(DeliveryStatus::OPT_OUT, 400, "Address is on the opt-out list")
            }
            (Some(_), Some(_)) if ep.status == Status::INACTIVE => failure(400, "Endpoint is inactive"),
            (Some(ct), Some(a)) => self.deliver(ct, a, Some(ep), over),
        };
        result.address = address;
        result
    }

    /// The rules every recipient shares: channel enabled, origination number, content,
    /// rendering, duplicates; then the delivery itself.
    fn deliver(
        &mut self,
        ct: ChannelType,
        address: &str,
        endpoint: Option<&Endpoint>,
        over: &Overrides,
    ) -> Outcome {
        let options = &self.store.options().messaging;
        let Some(kind) = ChannelKind::of(ct) else {
            return failure(400, format!("ChannelType {ct} cannot be sent to"));
        };
        let channel = self.data.channel(kind);
        if !options.assume_channels_enabled && !channel.is_some_and(|c| c.enabled) {
            return failure(
                400,
                format!(
                    "The {} channel is not enabled for this application.",
                    kind.platform()
                ),
            );
        }
        let template = self.templates.get(&content::template_kind(ct));
        let sources = Sources {
            channel: ct,
            config: self.config,
            template,
            overrides: over,
        };
        // Without per-recipient content, every recipient on a channel shares its settings and
        // unrendered content: worked out for the first and copied for the rest.
        let (settings, unrendered) = if over.shares_content() {
            match self.shared.iter().find(|s| s.0 == ct) {
                Some((_, settings, content)) => (settings.clone(), content.clone()),
                None => {
                    let settings = Arc::new(sources.settings(channel));
                    let content = sources.unrendered();
                    self.shared.push((ct, settings.clone(), content.clone()));
                    (settings, content)
                }
            }
        } else {
            (Arc::new(sources.settings(channel)), sources.unrendered())
        };
        let from = match ct {
            ChannelType::SMS => self
                .config
                .sms_message
                .as_ref()
                .map(|m| &m.origination_number),
            ChannelType::VOICE => self
                .config
                .voice_message
                .as_ref()
                .map(|m| &m.origination_number),
            _ => None,
        };
        if let Err(o) = self
            .store
            .check_origination(from.and_then(Option::as_deref))
        {
            return o;
        }
        if unrendered.is_empty(ct) {
            return failure(400, format!("No message content for channel {ct}"));
        }
        let rendered = if content::needs_rendering(&unrendered) {
            // The endpoint's user attributes are looked up only for content that renders.
            let vars = sources.variables(endpoint.map(|ep| self.data.view(ep)));
            let now = self.store.now(self.req.scope);
            match crate::render::at(now, || {
                content::render(&self.store.renderer, unrendered, vars)
            }) {
                Ok(c) => c,
                Err(e) => return failure(400, format!("Template rendering failed: {e}")),
            }
        } else {
            unrendered
        };
        if !self.seen.insert((ct, address.to_string())) {
            return outcome(DeliveryStatus::DUPLICATE, 400, "Duplicate address");
        }
        let message_id = self.store.ids.message_id();
        let context = if over.context.is_empty() {
            self.context.clone()
        } else {
            let mut context = self.message.context.clone();
            context.extend(over.context.clone());
            Arc::new(context)
        };
        self.sent.push(SentMessage {
            account_id: self.names.account.clone(),
            region: self.names.region.clone(),
            application_id: self.names.app.clone(),
            operation: self.names.operation.clone(),
            channel: self.names.channel(ct),
            address: address.to_string(),
            endpoint_id: endpoint.map(|e| e.id.clone()),
            user_id: endpoint.and_then(|e| e.user_id.clone()),
            message_id: message_id.clone(),
            request_id: self.names.request_id.clone(),
            trace_id: self.message.trace_id.clone(),
            context,
            title: rendered.title,
            subject: rendered.subject,
            body: rendered.body,
            html_body: rendered.html,
            text_body: rendered.text,
            raw_content: rendered.raw,
            data: rendered.data.map(SentData::Strings),
            settings,
            template: template.map(|t| TemplateUsed {
                name: t.name.clone(),
                version: t.version.to_string(),
            }),
            sent_at: self.names.now.clone(),
        });
        self.store.touch();
        Store::delivered(message_id)
    }
}

impl Store {
    /// A successful delivery's outcome: `SUCCESSFUL` 200 with its MessageId.
    pub(super) fn delivered(message_id: String) -> Outcome {
        Outcome {
            status: DeliveryStatus::SUCCESSFUL,
            code: 200,
            message: format!("MessageId: {message_id}"),
            message_id: Some(message_id),
            address: None,
        }
    }

    /// With `--origination-numbers`, only those numbers may send.
    pub(super) fn check_origination(&self, from: Option<&str>) -> Result<(), Outcome> {
        let allowed = &self.options().messaging.origination_numbers;
        match from {
            Some(n) if !allowed.is_empty() && !allowed.iter().any(|a| a == n) => Err(failure(
                400,
                "The provided number does not exist or does not belong to the account",
            )),
            _ => Ok(()),
        }
    }
}
