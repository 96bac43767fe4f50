//! The custom channel (docs/behaviour.md#custom-channel): a campaign's (or treatment's)
//! `CustomMessage` goes to its `CustomDeliveryConfiguration.DeliveryUri`, a Lambda function
//! (never called) or a webhook URL. Here: the DeliveryUri rules and the HEAD check of a new
//! webhook on write, and which members a custom run targets. The run's POSTs are in
//! [`deliver`].

mod deliver;
pub mod uri;

pub use deliver::{CustomOutcome, Sender};

use std::collections::BTreeSet;
use std::time::Duration;

use super::schedule::Treatment;
use crate::model::WriteCampaignRequest;
use crate::store::endpoints::model::{ChannelType, Endpoint, OptOut, Status as EpStatus};
use crate::store::{Scope, Store, StoreError, StoreResult};
use crate::webhook::WebhookCall;
use uri::{destination, Destination, WebUrl};

/// The endpoint types a custom delivery targets when its `EndpointTypes` names none: every
/// channel type an endpoint of a segment may have.
pub const DEFAULT_TYPES: [ChannelType; 11] = [
    ChannelType::ADM,
    ChannelType::APNS,
    ChannelType::APNS_SANDBOX,
    ChannelType::APNS_VOIP,
    ChannelType::APNS_VOIP_SANDBOX,
    ChannelType::BAIDU,
    ChannelType::CUSTOM,
    ChannelType::EMAIL,
    ChannelType::GCM,
    ChannelType::SMS,
    ChannelType::VOICE,
];

/// How long the HEAD check of a new webhook waits for an answer.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// The header a webhook's answer to HEAD must carry, with the account id as its value.
pub const ACCOUNT_HEADER: &str = "X-Amz-Pinpoint-AccountId";

/// A treatment's custom delivery, as a run reads it.
#[derive(Debug, Clone)]
pub struct Custom {
    pub uri: String,
    /// The endpoint types targeted (wire spelling).
    pub types: BTreeSet<&'static str>,
    /// The CustomMessage's Data, as written.
    pub data: Option<String>,
}

impl Custom {
    /// The custom delivery of a treatment whose message is a CustomMessage; `None` for any other
    /// treatment (or one without a DeliveryUri, which writes refuse).
    pub fn of(t: &Treatment<'_>) -> Option<Custom> {
        let message = t.messages?.custom_message.as_ref()?;
        let delivery = t.delivery?;
        let uri = delivery.delivery_uri.as_deref()?;
        let types = match delivery.endpoint_types.as_deref() {
            Some(list) if !list.is_empty() => list.iter().map(|t| t.as_str()).collect(),
            _ => DEFAULT_TYPES.iter().map(|t| t.as_str()).collect(),
        };
        Some(Custom {
            uri: uri.to_string(),
            types,
            data: message.data.clone(),
        })
    }

    /// Whether endpoints of this channel type are targeted.
    pub fn targets(&self, ct: ChannelType) -> bool {
        self.types.contains(ct.as_str())
    }
}

/// A CustomDeliveryConfiguration's DeliveryUri.
fn uri(d: &Option<crate::model::CustomDeliveryConfiguration>) -> Option<&str> {
    d.as_ref().and_then(|d| d.delivery_uri.as_deref())
}

/// Every DeliveryUri a campaign names, with where: the campaign's, then each treatment's.
fn delivery_uris(body: &WriteCampaignRequest) -> Vec<(String, &str)> {
    let campaign = uri(&body.custom_delivery_configuration)
        .map(|u| ("CustomDeliveryConfiguration.DeliveryUri".to_string(), u));
    let treatments = body
        .additional_treatments
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, t)| {
            let at = format!("AdditionalTreatments[{i}].CustomDeliveryConfiguration.DeliveryUri");
            uri(&t.custom_delivery_configuration).map(|u| (at, u))
        });
    campaign.into_iter().chain(treatments).collect()
}

impl Store {
    /// The URL the emulator calls for a DeliveryUri, if it calls one: a well-formed `http://` URL
    /// on a loopback host or one of `--webhook-hosts`.
    pub(crate) fn invokable_url(&self, uri: &str) -> Option<WebUrl> {
        let allowed = &self.options().webhook_hosts;
        match destination("DeliveryUri", uri, allowed) {
            Ok(Destination::Url(u)) if u.invokable(allowed) => Some(u),
            _ => None,
        }
    }

    /// Checks the DeliveryUris of a campaign about to be written, then sends HEAD to each
    /// webhook the emulator may call that `before` (the version it replaces) did not name: the
    /// answer must come within [`HEAD_TIMEOUT`] and carry [`ACCOUNT_HEADER`] equal to the
    /// account. Any failure is a 400.
    pub(crate) fn check_deliveries(
        &self,
        scope: &Scope,
        body: &WriteCampaignRequest,
        before: Option<&WriteCampaignRequest>,
    ) -> StoreResult<()> {
        let allowed = &self.options().webhook_hosts;
        let old: Vec<&str> = before
            .map(|b| delivery_uris(b).into_iter().map(|(_, u)| u).collect())
            .unwrap_or_default();
        let mut checked = BTreeSet::new();
        for (at, uri) in delivery_uris(body) {
            let Destination::Url(url) = destination(&at, uri, allowed)? else {
                continue;
            };
            if !url.invokable(allowed) || old.contains(&uri) || !checked.insert(uri) {
                continue;
            }
            self.check_webhook(scope, &at, uri, &url)?;
        }
        Ok(())
    }

    /// The HEAD check of one webhook.
    fn check_webhook(&self, scope: &Scope, at: &str, uri: &str, url: &WebUrl) -> StoreResult<()> {
        let call = WebhookCall {
            method: "HEAD",
            host: url.host.clone(),
            port: url.port,
            target: url.target.clone(),
            body: None,
            timeout: HEAD_TIMEOUT,
        };
        let answer = self.webhooks().call(&call).map_err(|why| {
            StoreError::invalid(format!(
                "Invalid {at} {uri:?}: the webhook did not answer HEAD within {} seconds ({why})",
                HEAD_TIMEOUT.as_secs()
            ))
        })?;
        match answer.header(ACCOUNT_HEADER) {
            Some(v) if v == scope.account => Ok(()),
            got => Err(StoreError::invalid(format!(
                "Invalid {at} {uri:?}: the webhook's answer to HEAD must carry the header {ACCOUNT_HEADER}: {}{}",
                scope.account,
                got.map(|v| format!(" (it sent {v:?})")).unwrap_or_default()
            ))),
        }
    }

    /// Whether a member can be sent a custom message, or the ExecutionMetrics key that
    /// excludes it: no ChannelType, opted out (the endpoint, or its address on the opt-out
    /// list), INACTIVE, or a ChannelType the delivery's EndpointTypes leave out. No Address is
    /// needed and no channel needs enabling. Duplicates are judged by the caller.
    pub(crate) fn custom_exclusion(
        &self,
        scope: &Scope,
        e: &Endpoint,
        custom: &Custom,
    ) -> Option<&'static str> {
        let Some(ct) = e.channel_type else {
            return Some("ENDPOINT_MISSING_CHANNEL");
        };
        let listed = e
            .address()
            .is_some_and(|a| self.is_opted_out(&scope.account, a));
        if e.opt_out == OptOut::ALL || listed {
            return Some("ENDPOINT_OPT_OUT");
        }
        if e.status == EpStatus::INACTIVE {
            return Some("ENDPOINT_INACTIVE");
        }
        if !custom.targets(ct) {
            return Some("ENDPOINT_CHANNEL_MISMATCH");
        }
        None
    }
}
