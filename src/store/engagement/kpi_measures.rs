//! What each computed date-range KPI counts (docs/behaviour.md#kpis-from-events): the messages
//! of the sent log, joined with the engagement recorded against each (opens, clicks, bounces,
//! rejections, complaints, unsubscribes), grouped as the KPI's name asks.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::store::events::recorded::RecordedEvent;
use crate::store::messaging::messages::send_events::is_direct;
use crate::store::messaging::messages::sent::SentMessage;

/// `ResultRowValue`.
#[derive(Debug, Clone, PartialEq)]
pub struct RowValue {
    pub key: String,
    pub kind: &'static str,
    pub value: String,
}

/// `ResultRow`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub grouped_bys: Vec<RowValue>,
    pub values: Vec<RowValue>,
}

/// What the engagement route recorded about one message.
#[derive(Debug, Clone, Copy, Default)]
pub struct Engagement {
    pub hard_bounced: bool,
    pub soft_bounced: bool,
    pub rejected: bool,
    pub complained: bool,
    pub opened: bool,
    pub push_opened: bool,
    pub clicks: usize,
    pub unsubscribes: usize,
}

/// A message in a KPI's range, with what was recorded about it.
pub struct Counted<'a> {
    pub sent_at: DateTime<Utc>,
    pub message: &'a SentMessage,
    pub engagement: Engagement,
}

#[derive(Deserialize)]
struct EventBody {
    #[serde(rename = "Attributes", default)]
    attributes: BTreeMap<String, serde_json::Value>,
}

/// The engagement of each message, by MessageId, from engagement records.
pub fn engagement_by_message(events: &[Arc<RecordedEvent>]) -> HashMap<String, Engagement> {
    let mut out: HashMap<String, Engagement> = HashMap::new();
    for e in events {
        let Ok(body) = serde_json::from_str::<EventBody>(e.event.get()) else {
            continue;
        };
        let Some(id) = body.attributes.get("message_id").and_then(|v| v.as_str()) else {
            continue;
        };
        let g = out.entry(id.to_string()).or_default();
        match e.event_type.as_deref() {
            Some("_email.hardbounce") => g.hard_bounced = true,
            Some("_email.softbounce") => g.soft_bounced = true,
            Some("_email.rejected") => g.rejected = true,
            Some("_email.complaint") => g.complained = true,
            Some("_email.unsubscribe") => g.unsubscribes += 1,
            Some("_email.open") => g.opened = true,
            Some("_email.click") => g.clicks += 1,
            Some("_campaign.opened_notification" | "_journey.opened_notification") => {
                g.push_opened = true
            }
            _ => {}
        }
    }
    out
}

/// How a KPI's rows are grouped, from the suffix of its name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Grouping {
    None,
    Date,
    CampaignActivity,
    Campaign,
    JourneyActivity,
}

impl Grouping {
    /// The KPI's base name and its grouping.
    pub fn split(name: &str) -> (&str, Self) {
        for (suffix, g) in [
            ("-grouped-by-date", Self::Date),
            ("-grouped-by-campaign-activity", Self::CampaignActivity),
            ("-grouped-by-campaign", Self::Campaign),
            ("-grouped-by-journey-activity", Self::JourneyActivity),
        ] {
            if let Some(base) = name.strip_suffix(suffix) {
                return (base, g);
            }
        }
        (name, Self::None)
    }

    /// The GroupedBys key and this message's value of it; `None` when the message has none.
    fn of(self, c: &Counted<'_>) -> Option<(&'static str, String)> {
        let context = |k: &str| c.message.context.get(k).cloned();
        match self {
            Self::None => Some(("", String::new())),
            Self::Date => Some(("Date", c.sent_at.format("%Y-%m-%d").to_string())),
            Self::CampaignActivity => Some(("CampaignActivityId", context("CampaignActivityId")?)),
            Self::Campaign => Some(("CampaignId", context("CampaignId")?)),
            Self::JourneyActivity => Some(("JourneyActivityId", context("JourneyActivityId")?)),
        }
    }
}

const PUSH: [&str; 7] = [
    "GCM",
    "APNS",
    "APNS_SANDBOX",
    "APNS_VOIP",
    "APNS_VOIP_SANDBOX",
    "ADM",
    "BAIDU",
];

/// One computed KPI: which messages it looks at, and what it makes of them.
enum Measure {
    /// How many of the messages pass the test.
    Count(fn(&Counted<'_>) -> bool),
    /// How many distinct recipients (endpoint, else address) pass the test.
    Distinct(fn(&Counted<'_>) -> bool),
    /// Among the messages passing the test, the sum of a number recorded about each (clicks,
    /// unsubscribes: each event counts).
    Total(fn(&Counted<'_>) -> bool, fn(&Engagement) -> usize),
    /// Those passing the first test among those passing the second, as a fraction.
    Rate(fn(&Counted<'_>) -> bool, fn(&Counted<'_>) -> bool),
}

fn campaign(c: &Counted<'_>) -> bool {
    !is_direct(c.message)
}
fn delivered(c: &Counted<'_>) -> bool {
    campaign(c) && !c.engagement.hard_bounced
}
fn email(c: &Counted<'_>) -> bool {
    campaign(c) && &*c.message.channel == "EMAIL"
}
fn push(c: &Counted<'_>) -> bool {
    campaign(c) && PUSH.contains(&&*c.message.channel)
}
/// An email a journey sent.
fn journey_email(c: &Counted<'_>) -> bool {
    email(c) && c.message.context.contains_key("JourneyId")
}

/// The measure of a journey engagement KPI, `journey-emails-<what>` or `emails-<what>` (the
/// name the service gives its grouped-by-journey-activity form): a journey email is delivered
/// unless it soft-bounced, hard-bounced or was rejected.
fn journey_measure(what: &str) -> Option<Measure> {
    use Measure::*;
    Some(match what {
        "sent" => Count(journey_email),
        "delivered" => Count(|c| {
            let e = &c.engagement;
            journey_email(c) && !(e.soft_bounced || e.hard_bounced || e.rejected)
        }),
        "opened" => Count(|c| journey_email(c) && c.engagement.opened),
        "clicked" => Total(journey_email, |e| e.clicks),
        "hardbounced" => Count(|c| journey_email(c) && c.engagement.hard_bounced),
        "softbounced" => Count(|c| journey_email(c) && c.engagement.soft_bounced),
        "complained" => Count(|c| journey_email(c) && c.engagement.complained),
        "unsubscribed" => Total(journey_email, |e| e.unsubscribes),
        "rejected" => Count(|c| journey_email(c) && c.engagement.rejected),
        _ => return None,
    })
}

/// The measure of a base name. The `txn-*` KPIs count direct sends; every other one counts
/// campaign and journey deliveries; the `journey-emails-*` ones journey emails only.
fn measure(base: &str) -> Option<Measure> {
    use Measure::*;
    let journey = base.strip_prefix("journey-").unwrap_or(base);
    if let Some(what) = journey.strip_prefix("emails-") {
        return journey_measure(what);
    }
    Some(match base {
        "attempted-deliveries" => Count(campaign),
        "successful-deliveries" => Count(delivered),
        "successful-delivery-rate" => Rate(delivered, campaign),
        "unique-deliveries" => Distinct(delivered),
        "email-open-rate" => Rate(
            |c| email(c) && c.engagement.opened,
            |c| email(c) && delivered(c),
        ),
        "direct-email-opens" => Count(|c| email(c) && c.engagement.opened),
        "clicks" => Total(email, |e| e.clicks),
        "hard-bounce-rate" => Rate(|c| email(c) && c.engagement.hard_bounced, email),
        "push-open-rate" => Rate(
            |c| push(c) && c.engagement.push_opened,
            |c| push(c) && delivered(c),
        ),
        "direct-push-opens" => Count(|c| push(c) && c.engagement.push_opened),
        "txn-sms-sent" => Count(|c| is_direct(c.message) && &*c.message.channel == "SMS"),
        "txn-emails-sent" => Count(|c| is_direct(c.message) && &*c.message.channel == "EMAIL"),
        _ => return None,
    })
}

/// Whether the emulator computes this base name.
pub fn computed(base: &str) -> bool {
    measure(base).is_some()
}

/// Which messages make a group: the population of the measure.
fn population(m: &Measure) -> fn(&Counted<'_>) -> bool {
    match m {
        Measure::Count(f) | Measure::Distinct(f) => *f,
        Measure::Total(of, _) => *of,
        Measure::Rate(_, of) => *of,
    }
}

/// `unique-deliveries` → `UniqueDeliveries`.
fn value_key(base: &str) -> String {
    base.split('-')
        .map(|t| {
            let mut c = t.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A whole count as the service writes it: `3.0`.
fn count(n: usize) -> String {
    format!("{n}.0")
}

/// The rows of KPI `base` over `messages`, grouped: one row per group with at least one message
/// of the measure's population; a rate whose denominator is zero gives no row.
pub fn rows(base: &str, grouping: Grouping, messages: &[Counted<'_>]) -> Vec<Row> {
    let Some(m) = measure(base) else {
        return vec![];
    };
    let mut groups: BTreeMap<(&str, String), Vec<&Counted<'_>>> = BTreeMap::new();
    let of = population(&m);
    for c in messages.iter().filter(|c| of(c)) {
        if let Some(key) = grouping.of(c) {
            groups.entry(key).or_default().push(c);
        }
    }
    groups
        .into_iter()
        .filter_map(|((key, value), members)| {
            let result = match &m {
                Measure::Count(f) => count(members.iter().filter(|c| f(c)).count()),
                Measure::Distinct(f) => {
                    let who: BTreeSet<&str> = members
                        .iter()
                        .filter(|c| f(c))
                        .map(|c| {
                            let m = c.message;
                            m.endpoint_id.as_deref().unwrap_or(&m.address)
                        })
                        .collect();
                    count(who.len())
                }
                Measure::Total(_, n) => count(members.iter().map(|c| n(&c.engagement)).sum()),
                Measure::Rate(part, whole) => {
                    let whole = members.iter().filter(|c| whole(c)).count();
                    if whole == 0 {
                        return None;
                    }
                    let part = members.iter().filter(|c| part(c)).count();
                    format!("{:?}", part as f64 / whole as f64)
                }
            };
            let grouped_bys = if grouping == Grouping::None {
                vec![]
            } else {
                vec![RowValue {
                    key: key.to_string(),
                    kind: "String",
                    value,
                }]
            };
            Some(Row {
                grouped_bys,
                values: vec![RowValue {
                    key: value_key(base),
                    kind: "Double",
                    value: result,
                }],
            })
        })
        .collect()
}
