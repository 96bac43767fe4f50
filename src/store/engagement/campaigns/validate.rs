//! What a campaign must be to be stored (docs/behaviour.md#campaign-validation,
//! docs/behaviour.md#campaign-rules): the checks that
//! need nothing but the campaign itself. The checks that read the app or the account (the
//! segment's type, the templates) are in `ops`, on what these functions pick out.

use serde_json::{Map, Value};

use crate::store::engagement::settings::{check_limits, is_hh_mm, CampaignLimits};
use crate::store::messaging::templates::TemplateKind;
use crate::store::{StoreError, StoreResult};
use crate::time;

/// The frequencies a schedule may have.
const FREQUENCIES: &[&str] = &[
    "ONCE",
    "HOURLY",
    "DAILY",
    "WEEKLY",
    "MONTHLY",
    "EVENT",
    "IN_APP_EVENT",
];

/// The values `Schedule.Timezone` may take (in any letter case: the service's own answers show
/// `utc`).
pub const TIMEZONES: &[&str] = &[
    "UTC",
    "UTC+01",
    "UTC+02",
    "UTC+03",
    "UTC+03:30",
    "UTC+04",
    "UTC+04:30",
    "UTC+05",
    "UTC+05:30",
    "UTC+05:45",
    "UTC+06",
    "UTC+06:30",
    "UTC+07",
    "UTC+08",
    "UTC+09",
    "UTC+09:30",
    "UTC+10",
    "UTC+10:30",
    "UTC+11",
    "UTC+12",
    "UTC+13",
    "UTC-02",
    "UTC-03",
    "UTC-04",
    "UTC-05",
    "UTC-06",
    "UTC-07",
    "UTC-08",
    "UTC-09",
    "UTC-10",
    "UTC-11",
];

/// The members of a TemplateConfiguration that may name a template for a campaign, with the
/// template type each names. `VoiceTemplate` is not among them: campaigns refuse it.
const TEMPLATE_MEMBERS: &[(&str, TemplateKind)] = &[
    ("EmailTemplate", TemplateKind::EMAIL),
    ("SMSTemplate", TemplateKind::SMS),
    ("PushTemplate", TemplateKind::PUSH),
    ("InAppTemplate", TemplateKind::INAPP),
];

/// A template a campaign (or one of its treatments) names: where, which type, name, version.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateUse {
    /// The member's path, such as `TemplateConfiguration.SMSTemplate`.
    pub at: String,
    pub kind: TemplateKind,
    pub name: String,
    pub version: Option<String>,
}

fn int(body: &Map<String, Value>, k: &str) -> StoreResult<Option<i64>> {
    match body.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| StoreError::invalid(format!("Invalid {k}: it must be a whole number"))),
    }
}

/// A member of an object that is there: present and not `null`.
fn given<'a>(obj: &'a Map<String, Value>, k: &str) -> Option<&'a Value> {
    obj.get(k).filter(|v| !v.is_null())
}

/// A member of a nested object that is there.
fn inner<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.get(k).filter(|v| !v.is_null())
}

/// The campaign itself (prefix `""`) and each of its treatments (`AdditionalTreatments[i].`),
/// as objects; a treatment that is not an object is skipped (the size check refuses it).
fn parts(body: &Map<String, Value>) -> Vec<(String, &Map<String, Value>)> {
    let mut out = vec![(String::new(), body)];
    if let Some(ts) = body.get("AdditionalTreatments").and_then(Value::as_array) {
        for (i, t) in ts.iter().enumerate() {
            if let Some(t) = t.as_object() {
                out.push((format!("AdditionalTreatments[{i}]."), t));
            }
        }
    }
    out
}

/// Checks a `Schedule` found at `at`: its StartTime, EndTime, Frequency, QuietTime and Timezone.
fn check_schedule(at: &str, schedule: &Map<String, Value>) -> StoreResult<()> {
    let start = schedule
        .get("StartTime")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            StoreError::invalid(format!(
                "Missing {at}.StartTime: IMMEDIATE or an ISO-8601 date-time"
            ))
        })?;
    if start != "IMMEDIATE" && time::parse_iso8601(start).is_none() {
        return Err(StoreError::invalid(format!(
            "Invalid {at}.StartTime {start:?}: it must be IMMEDIATE or an ISO-8601 date-time"
        )));
    }
    if let Some(end) = schedule.get("EndTime") {
        let ok = end
            .as_str()
            .is_some_and(|e| time::parse_iso8601(e).is_some());
        if !ok {
            return Err(StoreError::invalid(format!(
                "Invalid {at}.EndTime: it must be an ISO-8601 date-time"
            )));
        }
    }
    if let Some(f) = schedule.get("Frequency") {
        if !f.as_str().is_some_and(|f| FREQUENCIES.contains(&f)) {
            return Err(StoreError::invalid(format!(
                "Invalid {at}.Frequency {f}: must be one of {}",
                FREQUENCIES.join(", ")
            )));
        }
    }
    if let Some(q) = schedule.get("QuietTime").and_then(Value::as_object) {
        for k in ["Start", "End"] {
            if let Some(v) = q.get(k).filter(|v| !v.is_null()) {
                if !v.as_str().is_some_and(is_hh_mm) {
                    return Err(StoreError::invalid(format!(
                        "Invalid {at}.QuietTime.{k} {v}: a 24-hour time HH:MM"
                    )));
                }
            }
        }
    }
    if let Some(tz) = schedule.get("Timezone").filter(|v| !v.is_null()) {
        let known = tz
            .as_str()
            .is_some_and(|tz| TIMEZONES.iter().any(|t| t.eq_ignore_ascii_case(tz)));
        if !known {
            return Err(StoreError::invalid(format!(
                "Invalid {at}.Timezone {tz}: must be one of {} (in any letter case)",
                TIMEZONES.join(", ")
            )));
        }
    }
    Ok(())
}

/// A campaign's `Limits` as numbers, each a whole number when given.
fn limits(l: &Map<String, Value>) -> StoreResult<CampaignLimits> {
    let num = |k: &str| -> StoreResult<Option<i64>> {
        let Some(v) = l.get(k).filter(|v| !v.is_null()) else {
            return Ok(None);
        };
        #[allow(clippy::cast_possible_truncation)]
        let whole = v
            .as_i64()
            .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64));
        whole.map(Some).ok_or_else(|| {
            StoreError::invalid(format!("Invalid Limits.{k} {v}: it must be a whole number"))
        })
    };
    Ok(CampaignLimits {
        daily: num("Daily")?,
        maximum_duration: num("MaximumDuration")?,
        messages_per_second: num("MessagesPerSecond")?,
        session: num("Session")?,
        total: num("Total")?,
    })
}

/// Checks what one part (the campaign, or a treatment at `prefix`) sends in its messages: no
/// VoiceTemplate, and a CustomMessage only with a CustomDeliveryConfiguration (its own, or for a
/// treatment the campaign's, `fallback`) that has a DeliveryUri.
fn check_messages(
    prefix: &str,
    part: &Map<String, Value>,
    fallback: Option<&Value>,
) -> StoreResult<()> {
    let tc = given(part, "TemplateConfiguration");
    if tc.and_then(|tc| inner(tc, "VoiceTemplate")).is_some() {
        return Err(StoreError::invalid(format!(
            "Invalid {prefix}TemplateConfiguration.VoiceTemplate: voice templates are not supported for campaigns"
        )));
    }
    let mc = given(part, "MessageConfiguration");
    if mc.and_then(|mc| inner(mc, "CustomMessage")).is_none() {
        return Ok(());
    }
    let Some(delivery) = given(part, "CustomDeliveryConfiguration").or(fallback) else {
        return Err(StoreError::invalid(format!(
            "Missing {prefix}CustomDeliveryConfiguration: a MessageConfiguration with a CustomMessage needs a CustomDeliveryConfiguration with a DeliveryUri"
        )));
    };
    if inner(delivery, "DeliveryUri")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return Err(StoreError::invalid(format!(
            "Missing {prefix}CustomDeliveryConfiguration.DeliveryUri: a custom channel needs the Lambda function or URL to deliver to"
        )));
    }
    Ok(())
}

/// Checks a campaign body as a whole (after an update's merge): what it needs, the schedules,
/// the messages, the limits, the holdout and the treatments' sizes
/// (docs/behaviour.md#campaign-validation, docs/behaviour.md#campaign-rules).
pub fn validate(body: &Map<String, Value>) -> StoreResult<()> {
    if body
        .get("SegmentId")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return Err(StoreError::invalid(
            "Missing SegmentId: a campaign needs a segment",
        ));
    }
    let schedule = body
        .get("Schedule")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            StoreError::invalid("Missing Schedule: a campaign needs a Schedule with a StartTime")
        })?;
    check_schedule("Schedule", schedule)?;
    check_messages("", body, None)?;
    let has = |k: &str| {
        body.get(k)
            .is_some_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
    };
    if !has("MessageConfiguration") && !has("TemplateConfiguration") {
        return Err(StoreError::invalid(
            "Missing MessageConfiguration: a campaign needs a MessageConfiguration or a TemplateConfiguration",
        ));
    }
    if let Some(l) = body.get("Limits").and_then(Value::as_object) {
        check_limits(&limits(l)?)?;
    }
    let holdout = int(body, "HoldoutPercent")?.unwrap_or(0);
    if !(0..=100).contains(&holdout) {
        return Err(StoreError::invalid(format!(
            "Invalid HoldoutPercent {holdout}: it must be 0 to 100"
        )));
    }
    let mut total = holdout;
    if let Some(ts) = body.get("AdditionalTreatments") {
        let ts = ts.as_array().ok_or_else(|| {
            StoreError::invalid("Invalid AdditionalTreatments: it must be a list")
        })?;
        for (i, t) in ts.iter().enumerate() {
            let size = t
                .get("SizePercent")
                .and_then(Value::as_i64)
                .ok_or_else(|| {
                    StoreError::invalid(format!(
                        "Missing AdditionalTreatments[{i}].SizePercent: a treatment needs its size"
                    ))
                })?;
            if !(0..=100).contains(&size) {
                return Err(StoreError::invalid(format!(
                    "Invalid AdditionalTreatments[{i}].SizePercent {size}: it must be 0 to 100"
                )));
            }
            total += size;
        }
    }
    if total > 100 {
        return Err(StoreError::invalid(format!(
            "HoldoutPercent and the treatments' SizePercent add up to {total}; they may add up to 100 at most"
        )));
    }
    let fallback = given(body, "CustomDeliveryConfiguration");
    for (prefix, t) in parts(body).into_iter().skip(1) {
        if let Some(s) = t.get("Schedule").and_then(Value::as_object) {
            check_schedule(&format!("{prefix}Schedule"), s)?;
        }
        check_messages(&prefix, t, fallback)?;
    }
    Ok(())
}

/// Every template the campaign and its treatments name, in order; a template member without a
/// `Name` is a 400.
pub fn template_uses(body: &Map<String, Value>) -> StoreResult<Vec<TemplateUse>> {
    let mut out = Vec::new();
    for (prefix, part) in parts(body) {
        let Some(tc) = given(part, "TemplateConfiguration") else {
            continue;
        };
        for (member, kind) in TEMPLATE_MEMBERS {
            let Some(t) = inner(tc, member) else {
                continue;
            };
            let at = format!("{prefix}TemplateConfiguration.{member}");
            let name = inner(t, "Name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
                .ok_or_else(|| {
                    StoreError::invalid(format!(
                        "Missing {at}.Name: it must name an existing {} template",
                        kind.name()
                    ))
                })?;
            out.push(TemplateUse {
                at,
                kind: *kind,
                name: name.to_string(),
                version: inner(t, "Version")
                    .and_then(Value::as_str)
                    .map(String::from),
            });
        }
    }
    Ok(out)
}

/// Where the campaign or one of its treatments is event-based (`Frequency` `EVENT`): the path of
/// the first such `Frequency`, if any.
pub fn event_frequency(body: &Map<String, Value>) -> Option<String> {
    parts(body).into_iter().find_map(|(prefix, part)| {
        let f = part.get("Schedule")?.get("Frequency")?.as_str()?;
        (f == "EVENT").then(|| format!("{prefix}Schedule.Frequency"))
    })
}
