//! The events a delivery records (docs/behaviour.md#delivery-events): `_email.send` for each
//! email and `_SMS.BUFFERED` for each SMS in the sent-message log; push and voice record
//! nothing. Also the attributes that tie any later event about a message to its send, which the
//! engagement route shares ([`send_attributes`]).

use std::collections::BTreeMap;

use super::sent::SentMessage;
use crate::model::MessageType;
use crate::store::events::recorded::RecordedEvent;
use crate::store::events::service::{Pairs, Stamp};
use crate::store::Store;

/// The operations that send direct (transactional) messages: their events carry no campaign or
/// journey attributes, whatever the request's Context holds.
const DIRECT: [&str; 3] = ["SendMessages", "SendUsersMessages", "SendOTPMessage"];

/// The sent log's Context keys a campaign or journey delivery sets, and the event attribute
/// each becomes.
const CONTEXT_ATTRIBUTES: [(&str, &str); 6] = [
    ("CampaignId", "campaign_id"),
    ("CampaignActivityId", "campaign_activity_id"),
    ("TreatmentId", "treatment_id"),
    ("JourneyId", "journey_id"),
    ("JourneyActivityId", "journey_activity_id"),
    ("JourneyRunId", "journey_run_id"),
];

impl Store {
    /// Appends delivered messages to the sent log, and the event each records
    /// (docs/behaviour.md#delivery-events) to the recorded-events log. Every delivery goes
    /// through here: direct sends, OTP and campaign runs alike.
    pub(super) fn log_sent(&self, sent: Vec<SentMessage>) {
        let records = delivery_records(&sent);
        self.log_with_records(sent, records);
    }

    /// [`Store::log_sent`] with the records already made by [`delivery_records`]: they are
    /// numbered now, in order.
    pub(super) fn log_with_records(&self, sent: Vec<SentMessage>, records: Vec<RecordedEvent>) {
        self.sent.record(sent);
        self.record_numbered(records);
    }
}

/// The events delivered messages record, in order, not yet numbered.
pub(super) fn delivery_records(sent: &[SentMessage]) -> Vec<RecordedEvent> {
    // The messages of one delivery share their scope, app and instant: one stamp for all.
    let mut stamp: Option<Stamp> = None;
    sent.iter()
        .filter_map(|m| {
            let (event_type, attributes) = delivery_event(m)?;
            let names = (&m.account_id, &m.region, &m.application_id, &m.sent_at);
            if !stamp
                .as_ref()
                .is_some_and(|s| s.fits(names.0, names.1, names.2, names.3))
            {
                stamp = Some(Stamp::of(names.0, names.1, names.2, names.3));
            }
            Some(stamp.as_ref()?.delivery_unnumbered(
                m.endpoint_id.as_deref(),
                m.user_id.as_deref(),
                event_type,
                &attributes,
            ))
        })
        .collect()
}

/// Whether a logged message came from SendMessages, SendUsersMessages or SendOTPMessage.
pub(crate) fn is_direct(m: &SentMessage) -> bool {
    DIRECT.contains(&&*m.operation)
}

/// What every event about a message carries: `treatment_id` (`"0"` unless a campaign set
/// another), `message_id`, and for a campaign or journey delivery the ids its Context holds.
pub(crate) fn send_attributes(m: &SentMessage) -> BTreeMap<String, String> {
    send_pairs(m).to_map()
}

/// [`send_attributes`], borrowed from the message.
fn send_pairs(m: &SentMessage) -> Pairs<'_> {
    let mut out = Pairs::with_capacity(10);
    out.set("treatment_id", "0");
    out.set("message_id", m.message_id.as_str());
    if !is_direct(m) {
        for (key, attribute) in CONTEXT_ATTRIBUTES {
            if let Some(v) = m.context.get(key) {
                out.set(attribute, v.as_str());
            }
        }
    }
    out
}

/// The event a logged message records when it is sent, if its channel records one: its type
/// and attributes.
pub(crate) fn delivery_event(m: &SentMessage) -> Option<(&'static str, Pairs<'_>)> {
    let mut attributes = send_pairs(m);
    let event_type = match &*m.channel {
        "EMAIL" => {
            attributes.set("feedback", "received");
            "_email.send"
        }
        "SMS" => {
            sms_attributes(m, &mut attributes);
            "_SMS.BUFFERED"
        }
        _ => return None,
    };
    Some((event_type, attributes))
}

/// What `_SMS.BUFFERED` adds for an SMS.
fn sms_attributes<'a>(m: &'a SentMessage, out: &mut Pairs<'a>) {
    let message_type = match m.settings.message_type {
        Some(MessageType::Transactional) => "Transactional",
        Some(MessageType::Promotional) => "Promotional",
        None if &*m.operation == "SendOTPMessage" => "Transactional",
        None => "Promotional",
    };
    out.set("record_status", "SUCCESSFUL");
    out.set("destination_phone_number", m.address.as_str());
    out.set("message_type", message_type);
    out.set(
        "number_of_message_parts",
        sms_parts(m.body.as_deref().unwrap_or("")).to_string(),
    );
    if let Some(from) = m
        .settings
        .origination_number
        .as_ref()
        .filter(|s| !s.is_empty())
    {
        out.set("origination_phone_number", from.as_str());
    }
    let reading = crate::phone::validate(&m.address, None, &Default::default());
    if let Some(iso) = reading.country_code_iso2 {
        out.set("iso_country_code", iso);
    }
}

/// The GSM 03.38 basic alphabet: each of these is one 7-bit unit.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Its extension table: each of these takes two units (an escape and the character).
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// How many SMS parts a body is sent in: GSM-7 when every character is in the GSM alphabet
/// (160 units in one part, 153 per part of a longer message), else UCS-2 (70 UTF-16 units, 67
/// per part). An empty body is one part.
pub(crate) fn sms_parts(body: &str) -> usize {
    let gsm: Option<usize> = body
        .chars()
        .map(|c| {
            if GSM_BASIC.contains(c) {
                Some(1)
            } else if GSM_EXTENDED.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (units, single, each) = match gsm {
        Some(n) => (n, 160, 153),
        None => (body.encode_utf16().count(), 70, 67),
    };
    if units <= single {
        1
    } else {
        units.div_ceil(each)
    }
}
