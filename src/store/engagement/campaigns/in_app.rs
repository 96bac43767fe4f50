//! GetInAppMessages (docs/behaviour.md#in-app-messages): the in-app campaigns an endpoint is
//! in, computed from its segments at the time of the call.

use serde_json::{json, Map, Value};

use super::Status;
use crate::store::endpoints::model::fold_id;
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::{Scope, Store, StoreResult};

impl Store {
    /// Every campaign of the app with an InAppMessage, not paused, completed or deleted, whose
    /// segment holds the endpoint, as `InAppMessageCampaign`s, oldest campaign first. An
    /// unknown endpoint has none.
    pub fn in_app_messages(
        &self,
        scope: &Scope,
        app_id: &str,
        endpoint_id: &str,
    ) -> StoreResult<Vec<Value>> {
        let app = self.app(scope, app_id)?;
        let data = app.read();
        let Some(ep) = data.endpoint(&fold_id(endpoint_id)) else {
            return Ok(Vec::new());
        };
        let events = || self.last_event_times(scope, app_id);
        let ev = Evaluator::new(&data, self.clock().now(), &events);
        let mut campaigns: Vec<_> = data.campaigns().values().collect();
        campaigns.sort_by(|a, b| (&a.creation_date, &a.id).cmp(&(&b.creation_date, &b.id)));
        let mut out = Vec::new();
        for c in campaigns {
            let (n, v) = c.latest();
            let body = &v.body;
            let Some(msg) = body
                .get("MessageConfiguration")
                .and_then(|m| m.get("InAppMessage"))
            else {
                continue;
            };
            if matches!(
                self.campaign_status(&data, c, n),
                Status::PAUSED | Status::COMPLETED | Status::DELETED
            ) {
                continue;
            }
            let seg_id = body
                .get("SegmentId")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let Some(seg) = data.segments().get(seg_id) else {
                continue;
            };
            if !ev.contains(seg, Some(v.segment_version), ep)? {
                continue;
            }
            let limit = |k: &str| {
                body.get("Limits")
                    .and_then(|l| l.get(k))
                    .cloned()
                    .unwrap_or(json!(0))
            };
            let schedule = body.get("Schedule").cloned().unwrap_or_default();
            let pick = |from: &Value, keys: &[(&str, &str)]| -> Value {
                let m: Map<String, Value> = keys
                    .iter()
                    .filter_map(|(to, k)| from.get(*k).map(|v| (to.to_string(), v.clone())))
                    .collect();
                Value::Object(m)
            };
            out.push(json!({
                "CampaignId": c.id,
                "DailyCap": limit("Daily"),
                "InAppMessage": pick(msg, &[("Content", "Content"), ("CustomConfig", "CustomConfig"), ("Layout", "Layout")]),
                "Priority": body.get("Priority").cloned().unwrap_or(json!(0)),
                "Schedule": pick(&schedule, &[("EndDate", "EndTime"), ("EventFilter", "EventFilter"), ("QuietTime", "QuietTime")]),
                "SessionCap": limit("Session"),
                "TotalCap": limit("Total"),
                "TreatmentId": "0",
            }));
        }
        Ok(out)
    }
}
