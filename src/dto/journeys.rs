//! Journeys, their runs and the KPIs between the store and the wire.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-journeys.html>

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::model::{
    BaseKpiResult, CreateJourneyRequest, JourneyResponse, JourneyRunResponse, ResultRow,
    ResultRowValue, WriteJourneyRequest,
};
use crate::store::engagement::journeys::metrics::JourneyRun;
use crate::store::engagement::journeys::Journey;
use crate::store::engagement::kpis::{Row, RowValue};
use crate::store::StoreError;
use crate::wire::{Operation, OperationInput, RequestParts};

/// CreateJourney's input: the generated [`CreateJourneyRequest`] and the `tags` a journey may be
/// given at creation (docs/behaviour.md#tags), which the model's `WriteJourneyRequest` lacks.
/// The model check and the route table treat it as CreateJourney's input.
#[derive(Debug, Clone)]
pub struct CreateJourneyInput {
    pub request: CreateJourneyRequest,
    pub tags: Option<TagsMember>,
}

/// CreateJourney's body: the model's `WriteJourneyRequest`, and `tags`.
#[derive(Debug, Deserialize)]
pub struct CreateJourneyBody {
    #[serde(flatten)]
    request: WriteJourneyRequest,
    #[serde(default)]
    tags: Option<TagsMember>,
}

/// A body's `tags` member as written: an object of strings, or anything else (a 400 of its own).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TagsMember {
    Tags(BTreeMap<String, String>),
    Other(IgnoredAny),
}

impl OperationInput for CreateJourneyInput {
    const OPERATION: Operation = Operation::CreateJourney;
    type Body = CreateJourneyBody;
    const HAS_BODY: bool = true;
    fn assemble(parts: &mut RequestParts, body: Self::Body) -> Self {
        Self {
            request: CreateJourneyRequest::assemble(parts, body.request),
            tags: body.tags,
        }
    }
}

impl CreateJourneyInput {
    /// The tags asked for: none when the body has no `tags`.
    pub fn tags(&self) -> Result<BTreeMap<String, String>, StoreError> {
        match &self.tags {
            None => Ok(BTreeMap::new()),
            Some(TagsMember::Tags(t)) => Ok(t.clone()),
            Some(TagsMember::Other(_)) => {
                Err(StoreError::invalid("Invalid tags: an object of strings"))
            }
        }
    }
}

/// `JourneyResponse`: the definition as written, with the journey's identity, state, dates and
/// tags; `LocalTime` false when unset.
pub fn journey_response(app_id: &str, j: Journey) -> JourneyResponse {
    let d = j.definition;
    JourneyResponse {
        activities: d.activities,
        application_id: Some(app_id.to_string()),
        closed_days: d.closed_days,
        creation_date: Some(j.creation_date),
        id: Some(j.id),
        journey_channel_settings: d.journey_channel_settings,
        last_modified_date: Some(j.last_modified_date),
        limits: d.limits,
        local_time: Some(d.local_time.unwrap_or(false)),
        name: d.name,
        open_hours: d.open_hours,
        quiet_time: d.quiet_time,
        refresh_frequency: d.refresh_frequency,
        refresh_on_segment_update: d.refresh_on_segment_update,
        schedule: d.schedule,
        sending_schedule: d.sending_schedule,
        start_activity: d.start_activity,
        start_condition: d.start_condition,
        state: Some(j.state.into()),
        timezone_estimation_methods: d.timezone_estimation_methods,
        wait_for_quiet_time: d.wait_for_quiet_time,
        tags: Some(j.tags),
    }
}

/// `JourneyRunResponse`.
pub fn journey_run_response(r: JourneyRun) -> JourneyRunResponse {
    JourneyRunResponse {
        creation_time: Some(r.creation_time),
        last_update_time: Some(r.last_update_time),
        run_id: Some(r.run_id),
        status: Some(r.status),
    }
}

fn row_value(v: RowValue) -> ResultRowValue {
    ResultRowValue {
        key: Some(v.key),
        r#type: Some(v.kind.to_string()),
        value: Some(v.value),
    }
}

/// A KPI's rows as `BaseKpiResult`.
pub fn kpi_result(rows: Vec<Row>) -> BaseKpiResult {
    BaseKpiResult {
        rows: Some(
            rows.into_iter()
                .map(|r| ResultRow {
                    grouped_bys: Some(r.grouped_bys.into_iter().map(row_value).collect()),
                    values: Some(r.values.into_iter().map(row_value).collect()),
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(body: &str) -> CreateJourneyInput {
        let mut parts = RequestParts {
            labels: vec![("application-id", "a1".into())],
            query: vec![],
            body_len: 0,
        };
        CreateJourneyInput::assemble(&mut parts, serde_json::from_str(body).unwrap())
    }

    #[test]
    fn create_journey_reads_the_model_body_and_its_tags() {
        let body = r#"{"Name":"j","StartActivity":"a","Activities":{"a":{"Wait":{}}}}"#;
        let plain: WriteJourneyRequest = serde_json::from_str(body).unwrap();
        let i = input(body);
        assert_eq!(i.request.application_id, "a1");
        assert_eq!(i.request.write_journey_request, plain);
        assert!(i.tags().unwrap().is_empty());
        let tagged = input(r#"{"Name":"j","tags":{"team":"growth"},"State":"ACTIVE"}"#);
        assert_eq!(tagged.tags().unwrap()["team"], "growth");
        assert!(tagged.request.write_journey_request.state.is_some());
        assert!(input(r#"{"Name":"j","tags":null}"#)
            .tags()
            .unwrap()
            .is_empty());
        for bad in [r#"{"tags":5}"#, r#"{"tags":{"k":1}}"#, r#"{"tags":[]}"#] {
            let e = input(bad).tags().unwrap_err();
            assert_eq!(e.to_string(), "Invalid tags: an object of strings", "{bad}");
        }
    }
}
