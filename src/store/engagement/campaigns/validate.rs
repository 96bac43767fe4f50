//! What a campaign must be to be stored (docs/behaviour.md#campaign-validation,
//! docs/behaviour.md#campaign-rules): the checks that
//! need nothing but the campaign itself. The checks that read the app or the account (the
//! segment's type, the templates) are in `ops`, on what these functions pick out. Members'
//! JSON types and enum values (such as `Schedule.Frequency`) are the model check's, before a
//! request reaches the store.

use crate::model::{
    CustomDeliveryConfiguration, Frequency, MessageConfiguration, Schedule, Template,
    TemplateConfiguration, WriteCampaignRequest,
};
use crate::store::engagement::settings::{check_limits, is_hh_mm, CampaignLimits};
use crate::store::messaging::templates::TemplateKind;
use crate::store::{StoreError, StoreResult};
use crate::time;

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
fn template_members(
    tc: &TemplateConfiguration,
) -> [(&'static str, TemplateKind, Option<&Template>); 4] {
    [
        (
            "EmailTemplate",
            TemplateKind::EMAIL,
            tc.email_template.as_ref(),
        ),
        ("SMSTemplate", TemplateKind::SMS, tc.sms_template.as_ref()),
        (
            "PushTemplate",
            TemplateKind::PUSH,
            tc.push_template.as_ref(),
        ),
        (
            "InAppTemplate",
            TemplateKind::INAPP,
            tc.in_app_template.as_ref(),
        ),
    ]
}

/// A template a campaign (or one of its treatments) names: where, which type, name, version.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateUse {
    /// The member's path, such as `TemplateConfiguration.SMSTemplate`.
    pub at: String,
    pub kind: TemplateKind,
    pub name: String,
    pub version: Option<String>,
}

/// What the campaign and each of its treatments carry that the rules read.
struct Part<'a> {
    /// `""` for the campaign, `AdditionalTreatments[i].` for a treatment.
    prefix: String,
    schedule: Option<&'a Schedule>,
    messages: Option<&'a MessageConfiguration>,
    templates: Option<&'a TemplateConfiguration>,
    delivery: Option<&'a CustomDeliveryConfiguration>,
}

/// The campaign itself and each of its treatments.
fn parts(body: &WriteCampaignRequest) -> Vec<Part<'_>> {
    let mut out = vec![Part {
        prefix: String::new(),
        schedule: body.schedule.as_ref(),
        messages: body.message_configuration.as_ref(),
        templates: body.template_configuration.as_ref(),
        delivery: body.custom_delivery_configuration.as_ref(),
    }];
    for (i, t) in body.additional_treatments.iter().flatten().enumerate() {
        out.push(Part {
            prefix: format!("AdditionalTreatments[{i}]."),
            schedule: t.schedule.as_ref(),
            messages: t.message_configuration.as_ref(),
            templates: t.template_configuration.as_ref(),
            delivery: t.custom_delivery_configuration.as_ref(),
        });
    }
    out
}

/// Checks a `Schedule` found at `at`: its StartTime, EndTime, QuietTime and Timezone.
fn check_schedule(at: &str, schedule: &Schedule) -> StoreResult<()> {
    let start = schedule.start_time.as_deref().ok_or_else(|| {
        StoreError::invalid(format!(
            "Missing {at}.StartTime: IMMEDIATE or an ISO-8601 date-time"
        ))
    })?;
    if start != "IMMEDIATE" && time::parse_iso8601(start).is_none() {
        return Err(StoreError::invalid(format!(
            "Invalid {at}.StartTime {start:?}: it must be IMMEDIATE or an ISO-8601 date-time"
        )));
    }
    if let Some(end) = &schedule.end_time {
        if time::parse_iso8601(end).is_none() {
            return Err(StoreError::invalid(format!(
                "Invalid {at}.EndTime: it must be an ISO-8601 date-time"
            )));
        }
    }
    if let Some(q) = &schedule.quiet_time {
        for (k, v) in [("Start", &q.start), ("End", &q.end)] {
            if let Some(v) = v.as_deref().filter(|v| !is_hh_mm(v)) {
                return Err(StoreError::invalid(format!(
                    "Invalid {at}.QuietTime.{k} {v:?}: a 24-hour time HH:MM"
                )));
            }
        }
    }
    if let Some(tz) = &schedule.timezone {
        if !TIMEZONES.iter().any(|t| t.eq_ignore_ascii_case(tz)) {
            return Err(StoreError::invalid(format!(
                "Invalid {at}.Timezone {tz:?}: must be one of {} (in any letter case)",
                TIMEZONES.join(", ")
            )));
        }
    }
    Ok(())
}

/// Checks what one part sends in its messages: no VoiceTemplate, and a CustomMessage only with
/// a CustomDeliveryConfiguration (its own, or for a treatment the campaign's, `fallback`) that
/// has a DeliveryUri.
fn check_messages(part: &Part, fallback: Option<&CustomDeliveryConfiguration>) -> StoreResult<()> {
    let prefix = &part.prefix;
    if part.templates.is_some_and(|tc| tc.voice_template.is_some()) {
        return Err(StoreError::invalid(format!(
            "Invalid {prefix}TemplateConfiguration.VoiceTemplate: voice templates are not supported for campaigns"
        )));
    }
    if part.messages.is_none_or(|mc| mc.custom_message.is_none()) {
        return Ok(());
    }
    let Some(delivery) = part.delivery.or(fallback) else {
        return Err(StoreError::invalid(format!(
            "Missing {prefix}CustomDeliveryConfiguration: a MessageConfiguration with a CustomMessage needs a CustomDeliveryConfiguration with a DeliveryUri"
        )));
    };
    if delivery.delivery_uri.as_deref().is_none_or(str::is_empty) {
        return Err(StoreError::invalid(format!(
            "Missing {prefix}CustomDeliveryConfiguration.DeliveryUri: a custom channel needs the Lambda function or URL to deliver to"
        )));
    }
    Ok(())
}

/// Most `AdditionalTreatments` a campaign may have: five treatments in all.
pub const MAX_ADDITIONAL_TREATMENTS: usize = 4;

/// EVENT is the campaign's choice, not a treatment's: a treatment of an EVENT campaign may not
/// have a timed schedule, and a treatment of a timed campaign may not be EVENT.
fn check_event_treatments(body: &WriteCampaignRequest) -> StoreResult<()> {
    let frequency = |s: Option<&Schedule>| s.and_then(|s| s.frequency).unwrap_or(Frequency::Once);
    let campaign_event = frequency(body.schedule.as_ref()) == Frequency::Event;
    if campaign_event {
        // An event campaign says which events trigger it (docs/behaviour.md#event-campaigns).
        let filter = body.schedule.as_ref().and_then(|s| s.event_filter.as_ref());
        let complete = filter.is_some_and(|f| f.filter_type.is_some() && f.dimensions.is_some());
        if !complete {
            return Err(StoreError::invalid(
                "Missing Schedule.EventFilter: an EVENT campaign needs an EventFilter with FilterType (ENDPOINT or SYSTEM) and Dimensions",
            ));
        }
    }
    for (i, t) in body.additional_treatments.iter().flatten().enumerate() {
        let Some(s) = t.schedule.as_ref() else {
            continue;
        };
        let event = frequency(Some(s)) == Frequency::Event;
        if event != campaign_event {
            return Err(StoreError::invalid(format!(
                "Invalid AdditionalTreatments[{i}].Schedule.Frequency: {} campaign's treatments must {}",
                if campaign_event { "an EVENT" } else { "a timed" },
                if campaign_event { "also be EVENT" } else { "not be EVENT" }
            )));
        }
    }
    Ok(())
}

/// A percentage member that must be 0 to 100.
fn percent(at: &str, p: i32) -> StoreResult<i64> {
    if !(0..=100).contains(&p) {
        return Err(StoreError::invalid(format!(
            "Invalid {at} {p}: it must be 0 to 100"
        )));
    }
    Ok(i64::from(p))
}

/// Checks a campaign as a whole (after an update's merge): what it needs, the schedules,
/// the messages, the limits, the holdout and the treatments' sizes
/// (docs/behaviour.md#campaign-validation, docs/behaviour.md#campaign-rules).
pub fn validate(body: &WriteCampaignRequest) -> StoreResult<()> {
    if body.segment_id.as_deref().is_none_or(str::is_empty) {
        return Err(StoreError::invalid(
            "Missing SegmentId: a campaign needs a segment",
        ));
    }
    let schedule = body.schedule.as_ref().ok_or_else(|| {
        StoreError::invalid("Missing Schedule: a campaign needs a Schedule with a StartTime")
    })?;
    check_schedule("Schedule", schedule)?;
    let all = parts(body);
    check_messages(&all[0], None)?;
    let has_messages = body
        .message_configuration
        .as_ref()
        .is_some_and(|m| *m != MessageConfiguration::default());
    let has_templates = body
        .template_configuration
        .as_ref()
        .is_some_and(|t| *t != TemplateConfiguration::default());
    if !has_messages && !has_templates {
        return Err(StoreError::invalid(
            "Missing MessageConfiguration: a campaign needs a MessageConfiguration or a TemplateConfiguration",
        ));
    }
    if let Some(l) = &body.limits {
        check_limits(&CampaignLimits {
            daily: l.daily.map(i64::from),
            maximum_duration: l.maximum_duration.map(i64::from),
            messages_per_second: l.messages_per_second.map(i64::from),
            session: l.session.map(i64::from),
            total: l.total.map(i64::from),
        })?;
    }
    let extra = body.additional_treatments.as_ref().map_or(0, Vec::len);
    if extra > MAX_ADDITIONAL_TREATMENTS {
        return Err(StoreError::invalid(format!(
            "Invalid AdditionalTreatments: {extra} treatments; a campaign has at most {MAX_ADDITIONAL_TREATMENTS} besides the default one"
        )));
    }
    check_event_treatments(body)?;
    let mut total = percent("HoldoutPercent", body.holdout_percent.unwrap_or(0))?;
    for (i, t) in body.additional_treatments.iter().flatten().enumerate() {
        let size = t.size_percent.ok_or_else(|| {
            StoreError::invalid(format!(
                "Missing AdditionalTreatments[{i}].SizePercent: a treatment needs its size"
            ))
        })?;
        total += percent(&format!("AdditionalTreatments[{i}].SizePercent"), size)?;
    }
    if total > 100 {
        return Err(StoreError::invalid(format!(
            "HoldoutPercent and the treatments' SizePercent add up to {total}; they may add up to 100 at most"
        )));
    }
    let fallback = body.custom_delivery_configuration.as_ref();
    for part in all.iter().skip(1) {
        if let Some(s) = part.schedule {
            check_schedule(&format!("{}Schedule", part.prefix), s)?;
        }
        check_messages(part, fallback)?;
    }
    Ok(())
}

/// Every template the campaign and its treatments name, in order; a template member without a
/// `Name` is a 400.
pub fn template_uses(body: &WriteCampaignRequest) -> StoreResult<Vec<TemplateUse>> {
    let mut out = Vec::new();
    for part in parts(body) {
        let Some(tc) = part.templates else {
            continue;
        };
        for (member, kind, t) in template_members(tc) {
            let Some(t) = t else {
                continue;
            };
            let at = format!("{}TemplateConfiguration.{member}", part.prefix);
            let name = t.name.as_deref().filter(|n| !n.is_empty()).ok_or_else(|| {
                StoreError::invalid(format!(
                    "Missing {at}.Name: it must name an existing {} template",
                    kind.name()
                ))
            })?;
            out.push(TemplateUse {
                at,
                kind,
                name: name.to_string(),
                version: t.version.clone(),
            });
        }
    }
    Ok(out)
}

/// Where the campaign or one of its treatments is event-based (`Frequency` `EVENT`): the path of
/// the first such `Frequency`, if any.
pub fn event_frequency(body: &WriteCampaignRequest) -> Option<String> {
    parts(body).into_iter().find_map(|part| {
        let f = part.schedule?.frequency?;
        (f == Frequency::Event).then(|| format!("{}Schedule.Frequency", part.prefix))
    })
}

/// Whether a campaign is triggered by the emulator's own records (an event filter of type
/// SYSTEM, docs/behaviour.md#system-events).
pub fn system_filter(body: &WriteCampaignRequest) -> bool {
    let filter = body.schedule.as_ref().and_then(|s| s.event_filter.as_ref());
    filter.and_then(|f| f.filter_type) == Some(crate::model::FilterType::System)
}
