//! SendOTPMessage and VerifyOTPMessage (docs/behaviour.md#otp): codes kept per
//! (app, destination, reference id), replaced by a newer send, used once, dead after too many
//! wrong guesses or when they expire.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::deliver::is_e164;
use super::sent::{SentMessage, SentSettings};
use super::{DeliveryStatus, Outcome};
use crate::store::messaging::channels::ChannelKind;
use crate::store::{Scope, Store, StoreError, StoreResult};
use crate::time;

/// The languages SendOTPMessage accepts.
pub const LANGUAGES: &[&str] = &[
    "de-DE", "en-GB", "en-US", "es-419", "es-ES", "fr-CA", "fr-FR", "it-IT", "ja-JP", "ko-KR",
    "pt-BR", "zh-CN", "zh-TW",
];

/// SendOTPMessageRequestParameters, as sent.
#[derive(Debug, Clone, Default)]
pub struct OtpRequest {
    pub brand_name: Option<String>,
    pub channel: Option<String>,
    pub destination_identity: Option<String>,
    pub origination_identity: Option<String>,
    pub reference_id: Option<String>,
    pub allowed_attempts: Option<i64>,
    pub code_length: Option<i64>,
    pub validity_period: Option<i64>,
    pub language: Option<String>,
    pub entity_id: Option<String>,
    pub template_id: Option<String>,
}

/// A code in flight, as `/_pinpoint/otp` and the state file show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OtpCode {
    pub account_id: String,
    pub region: String,
    pub application_id: String,
    pub destination_identity: String,
    pub reference_id: String,
    pub code: String,
    pub created_at: String,
    pub expires_at: String,
    pub allowed_attempts: u32,
    pub failed_attempts: u32,
}

/// Codes by (account, region, app, destination, reference id).
pub type OtpKey = (String, String, String, String, String);
pub type OtpBook = BTreeMap<OtpKey, OtpCode>;

fn key(scope: &Scope, app: &str, dest: &str, reference: &str) -> OtpKey {
    (
        scope.account.clone(),
        scope.region.clone(),
        app.to_string(),
        dest.to_string(),
        reference.to_string(),
    )
}

fn required<'a>(v: &'a Option<String>, member: &str) -> StoreResult<&'a str> {
    v.as_deref().filter(|s| !s.is_empty()).ok_or_else(|| {
        StoreError::invalid(format!(
            "Missing {member}: the request must include {member}"
        ))
    })
}

fn in_range(v: Option<i64>, member: &str, lo: i64, hi: i64, default: i64) -> StoreResult<u32> {
    let n = v.unwrap_or(default);
    if !(lo..=hi).contains(&n) {
        return Err(StoreError::invalid(format!(
            "Invalid {member} {n}: it must be from {lo} to {hi}"
        )));
    }
    Ok(n as u32)
}

/// The checked parameters of a send.
struct Checked<'a> {
    brand: &'a str,
    dest: &'a str,
    origination: &'a str,
    reference: &'a str,
    attempts: u32,
    length: u32,
    validity: u32,
    language: &'a str,
}

fn check(r: &OtpRequest) -> StoreResult<Checked<'_>> {
    let brand = required(&r.brand_name, "BrandName")?;
    let channel = required(&r.channel, "Channel")?;
    let dest = required(&r.destination_identity, "DestinationIdentity")?;
    let origination = required(&r.origination_identity, "OriginationIdentity")?;
    let reference = required(&r.reference_id, "ReferenceId")?;
    if channel != "SMS" {
        return Err(StoreError::invalid(format!(
            "Invalid Channel {channel:?}: SMS is the only channel one-time passwords are sent on"
        )));
    }
    if brand.chars().count() > 20 {
        return Err(StoreError::invalid(
            "Invalid BrandName: it must be 1 to 20 characters",
        ));
    }
    if reference.chars().count() > 48 {
        return Err(StoreError::invalid(
            "Invalid ReferenceId: it must be 1 to 48 characters",
        ));
    }
    if !is_e164(dest) {
        return Err(StoreError::invalid(format!(
            "Invalid DestinationIdentity {dest:?}: it must be an E.164 phone number"
        )));
    }
    let language = r.language.as_deref().unwrap_or("en-US");
    if !LANGUAGES.contains(&language) {
        return Err(StoreError::invalid(format!(
            "Invalid Language {language:?}: must be one of {}",
            LANGUAGES.join(", ")
        )));
    }
    Ok(Checked {
        brand,
        dest,
        origination,
        reference,
        attempts: in_range(r.allowed_attempts, "AllowedAttempts", 1, 5, 3)?,
        length: in_range(r.code_length, "CodeLength", 5, 8, 6)?,
        validity: in_range(r.validity_period, "ValidityPeriod", 5, 60, 15)?,
        language,
    })
}

impl Store {
    /// SendOTPMessage: the result under the destination number, as for an SMS address.
    pub fn send_otp(
        &self,
        scope: &Scope,
        app_id: &str,
        r: &OtpRequest,
        request_id: &str,
    ) -> StoreResult<Outcome> {
        let c = check(r)?;
        let app = self.app(scope, app_id)?;
        let enabled = self.options().messaging.assume_channels_enabled
            || app
                .read()
                .channel(ChannelKind::SMS)
                .is_some_and(|ch| ch.enabled);
        if !enabled {
            return Ok(Outcome {
                status: DeliveryStatus::PERMANENT_FAILURE,
                code: 400,
                message: "The SMS channel is not enabled for this application.".into(),
                message_id: None,
                address: None,
            });
        }
        if let Err(o) = self.check_origination(Some(c.origination)) {
            return Ok(o);
        }
        if self.is_opted_out(&scope.account, c.dest) {
            return Ok(Outcome {
                status: DeliveryStatus::OPT_OUT,
                code: 400,
                message: "Address is on the opt-out list".into(),
                message_id: None,
                address: None,
            });
        }
        let now = self.now(scope);
        let code = match &self.options().messaging.otp_code {
            Some(fixed) => fixed.clone(),
            None => self.ids.otp_code(c.length as usize),
        };
        let entry = OtpCode {
            account_id: scope.account.as_str().into(),
            region: scope.region.as_str().into(),
            application_id: app_id.into(),
            destination_identity: c.dest.to_string(),
            reference_id: c.reference.to_string(),
            code: code.clone(),
            created_at: time::format_iso(now),
            expires_at: time::format_iso(now + chrono::Duration::minutes(c.validity.into())),
            allowed_attempts: c.attempts,
            failed_attempts: 0,
        };
        self.otps
            .lock()
            .insert(key(scope, app_id, c.dest, c.reference), entry);
        let message_id = self.ids.message_id();
        let settings = SentSettings {
            origination_number: Some(c.origination.to_string()),
            brand_name: Some(c.brand.to_string()),
            reference_id: Some(c.reference.to_string()),
            language: Some(c.language.to_string()),
            entity_id: r.entity_id.clone(),
            template_id: r.template_id.clone(),
            ..SentSettings::default()
        };
        self.log_sent(vec![SentMessage {
            account_id: scope.account.as_str().into(),
            region: scope.region.as_str().into(),
            application_id: app_id.into(),
            operation: "SendOTPMessage".into(),
            channel: "SMS".into(),
            address: c.dest.to_string(),
            endpoint_id: None,
            user_id: None,
            message_id: message_id.clone(),
            request_id: request_id.into(),
            trace_id: None,
            context: Default::default(),
            title: None,
            subject: None,
            body: Some(format!(
                "This is your One Time Password: {code} from {}",
                c.brand
            )),
            html_body: None,
            text_body: None,
            raw_content: None,
            data: None,
            settings: settings.into(),
            template: None,
            sent_at: time::format_iso(now).into(),
        }]);
        self.touch();
        Ok(Self::delivered(message_id))
    }

    /// VerifyOTPMessage: `Ok(true)` only for the right, unexpired, unused code with attempts
    /// left; a success uses the code up, a wrong guess counts against it.
    pub fn verify_otp(
        &self,
        scope: &Scope,
        app_id: &str,
        dest: Option<&str>,
        otp: Option<&str>,
        reference: Option<&str>,
    ) -> StoreResult<bool> {
        let [dest, otp, reference] = [
            ("DestinationIdentity", dest),
            ("Otp", otp),
            ("ReferenceId", reference),
        ]
        .map(|(member, v)| required(&v.map(str::to_string), member).map(str::to_string));
        let (dest, otp, reference) = (dest?, otp?, reference?);
        self.app(scope, app_id)?;
        let k = key(scope, app_id, &dest, &reference);
        let mut book = self.otps.lock();
        let Some(entry) = book.get_mut(&k) else {
            return Ok(false);
        };
        let expired = time::parse_iso8601(&entry.expires_at).is_none_or(|t| self.now(scope) >= t);
        let valid = if expired || entry.failed_attempts >= entry.allowed_attempts {
            book.remove(&k);
            false
        } else if entry.code == otp {
            book.remove(&k);
            true
        } else {
            entry.failed_attempts += 1;
            if entry.failed_attempts >= entry.allowed_attempts {
                book.remove(&k);
            }
            false
        };
        drop(book);
        self.touch();
        Ok(valid)
    }

    /// The codes in flight, narrowed by app, destination and reference id.
    pub fn otp_codes(
        &self,
        app_id: Option<&str>,
        dest: Option<&str>,
        reference: Option<&str>,
    ) -> Vec<OtpCode> {
        let eq = |want: Option<&str>, have: &str| want.is_none_or(|w| w == have);
        self.otps
            .lock()
            .values()
            .filter(|c| {
                eq(app_id, &c.application_id)
                    && eq(dest, &c.destination_identity)
                    && eq(reference, &c.reference_id)
            })
            .cloned()
            .collect()
    }
}
