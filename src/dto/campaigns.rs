//! Campaign shapes: WriteCampaignRequest in (its members kept as written, each with its JSON
//! type checked); CampaignResponse, CampaignsResponse and ActivitiesResponse out.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-campaigns.html>

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{split_tags, WithTags};
use crate::store::engagement::campaigns::{Activity, Campaign, Status};
use crate::store::{Scope, StoreError};

/// The members of WriteCampaignRequest and the JSON type each must have.
const MEMBERS: &[(&str, &str)] = &[
    ("AdditionalTreatments", "list"),
    ("CustomDeliveryConfiguration", "object"),
    ("Description", "string"),
    ("HoldoutPercent", "integer"),
    ("Hook", "object"),
    ("IsPaused", "boolean"),
    ("Limits", "object"),
    ("MessageConfiguration", "object"),
    ("Name", "string"),
    ("Priority", "integer"),
    ("Schedule", "object"),
    ("SegmentId", "string"),
    ("SegmentVersion", "integer"),
    ("TemplateConfiguration", "object"),
    ("TreatmentDescription", "string"),
    ("TreatmentName", "string"),
];

/// A WriteCampaignRequest: the known members (type-checked; unknown ones dropped) and the tags.
pub fn campaign_in(body: Map<String, Value>) -> Result<WithTags, StoreError> {
    let (body, tags) = split_tags(body)?;
    let mut out = Map::new();
    for (k, v) in body {
        let Some((_, want)) = MEMBERS.iter().find(|(m, _)| *m == k) else {
            continue;
        };
        let ok = match *want {
            "list" => v.is_array(),
            "object" => v.is_object(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            _ => v.is_boolean(),
        };
        if !ok && !v.is_null() {
            return Err(StoreError::invalid(format!(
                "Invalid {k}: it must be a {want}"
            )));
        }
        if !v.is_null() {
            out.insert(k, v);
        }
    }
    Ok((out, tags))
}

/// `CampaignResponse` of version `n`.
pub fn campaign_response(
    scope: &Scope,
    app_id: &str,
    c: &Campaign,
    n: u32,
    status: Status,
) -> Value {
    let v = &c.versions[&n];
    let mut out = v.body.clone();
    let treatments: Vec<Value> = out
        .get("AdditionalTreatments")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, mut t)| {
            t["Id"] = json!((i + 1).to_string());
            t["State"] = json!({ "CampaignStatus": status });
            t
        })
        .collect();
    out.insert("AdditionalTreatments".into(), json!(treatments));
    out.entry("HoldoutPercent").or_insert(json!(0));
    out.entry("IsPaused").or_insert(json!(false));
    out.entry("TemplateConfiguration").or_insert(json!({}));
    out.insert("ApplicationId".into(), json!(app_id));
    out.insert(
        "Arn".into(),
        json!(format!("{}/campaigns/{}", scope.app_arn(app_id), c.id)),
    );
    out.insert("CreationDate".into(), json!(c.creation_date));
    out.insert("Id".into(), json!(c.id));
    out.insert("LastModifiedDate".into(), json!(v.last_modified_date));
    out.insert("SegmentVersion".into(), json!(v.segment_version));
    out.insert("State".into(), json!({ "CampaignStatus": status }));
    if v.treatments() > 1 {
        out.insert("DefaultState".into(), json!({ "CampaignStatus": status }));
    }
    out.insert("Version".into(), json!(n));
    out.insert("tags".into(), json!(c.tags));
    Value::Object(out)
}

/// `ActivityResponse`.
pub fn activity_response(app_id: &str, campaign_id: &str, a: &Activity) -> Value {
    json!({
        "ApplicationId": app_id,
        "CampaignId": campaign_id,
        "End": a.end,
        "Id": a.id,
        "Result": "SUCCESS",
        "ScheduledStart": a.scheduled_start,
        "Start": a.start,
        "State": "COMPLETED",
        "SuccessfulEndpointCount": a.successful_endpoint_count,
        "TimezonesCompletedCount": 1,
        "TimezonesTotalCount": 1,
        "TotalEndpointCount": a.total_endpoint_count,
        "TreatmentId": "0",
    })
}

/// The query of the campaign listings.
#[derive(Debug, Deserialize)]
pub struct CampaignsQuery {
    #[serde(rename = "page-size")]
    pub page_size: Option<String>,
    pub token: Option<String>,
}
