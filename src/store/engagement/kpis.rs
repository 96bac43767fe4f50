//! KPIs and journey metrics (docs/behaviour.md#kpis): the date-range KPIs are computed from the
//! sent-message log where a KPI has a plain meaning there, and answer "no data" otherwise. The
//! emulator does not execute journeys, so their execution metrics are empty.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use super::journeys::{self, Journey, JourneyState};
use crate::model::JourneyRunStatus;
use crate::store::messaging::messages::sent::{SentFilter, SentMessage};
use crate::store::{Scope, Store, StoreError, StoreResult};
use crate::time;

/// The longest date range, in days.
const MAX_RANGE_DAYS: i64 = 31;
/// How far back a range may start, in days.
const MAX_AGE_DAYS: i64 = 90;

/// What a KPI is about: the app, one campaign or one journey.
#[derive(Debug, Clone, Copy)]
pub enum KpiSubject<'a> {
    App,
    Campaign(&'a str),
    Journey(&'a str),
}

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

/// A KPI's answer: the range it covers and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiAnswer {
    pub start: String,
    pub end: String,
    pub rows: Vec<Row>,
}

/// Is `name` a KPI name: two or more lower-case alphanumeric terms joined by hyphens?
pub fn valid_kpi_name(name: &str) -> bool {
    let terms: Vec<&str> = name.split('-').collect();
    terms.len() >= 2
        && terms.iter().all(|t| {
            !t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn parse_time(member: &str, v: Option<&str>) -> StoreResult<Option<DateTime<Utc>>> {
    v.map(|s| {
        time::parse_iso8601(s).ok_or_else(|| {
            StoreError::invalid(format!("Invalid {member} {s:?}: an ISO-8601 date-time"))
        })
    })
    .transpose()
}

/// The range a query covers (docs/behaviour.md#kpis): by default the 31 days before now.
pub fn date_range(
    now: DateTime<Utc>,
    start: Option<&str>,
    end: Option<&str>,
) -> StoreResult<(DateTime<Utc>, DateTime<Utc>)> {
    let start = parse_time("start-time", start)?;
    let end = parse_time("end-time", end)?;
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, now.min(s + Duration::days(MAX_RANGE_DAYS))),
        (None, Some(e)) => (e - Duration::days(MAX_RANGE_DAYS), e),
        (None, None) => (now - Duration::days(MAX_RANGE_DAYS), now),
    };
    if start > end {
        return Err(StoreError::invalid(format!(
            "Invalid date range: start-time {} is after end-time {}",
            stamp(start),
            stamp(end)
        )));
    }
    if end - start > Duration::days(MAX_RANGE_DAYS) {
        return Err(StoreError::invalid(format!(
            "Invalid date range: {} to {} is longer than {MAX_RANGE_DAYS} days",
            stamp(start),
            stamp(end)
        )));
    }
    if now - start >= Duration::days(MAX_AGE_DAYS) {
        return Err(StoreError::invalid(format!(
            "Invalid start-time {}: a range must start fewer than {MAX_AGE_DAYS} days ago",
            stamp(start)
        )));
    }
    Ok((start, end))
}

/// The KPIs computed from the sent log: the base name and which messages it counts.
fn measure(base: &str) -> Option<fn(&SentMessage) -> bool> {
    fn any(_: &SentMessage) -> bool {
        true
    }
    fn txn_sms(m: &SentMessage) -> bool {
        m.operation != "Campaign" && m.channel == "SMS"
    }
    fn txn_email(m: &SentMessage) -> bool {
        m.operation != "Campaign" && m.channel == "EMAIL"
    }
    Some(match base {
        "successful-deliveries" | "unique-deliveries" => any,
        "txn-sms-sent" => txn_sms,
        "txn-emails-sent" => txn_email,
        _ => return None,
    })
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

fn double(n: usize) -> String {
    format!("{n}.0")
}

/// The rows of a computed KPI over the messages of its subject and range.
fn rows(base: &str, by_date: bool, messages: &[(DateTime<Utc>, &SentMessage)]) -> Vec<Row> {
    let unique = base == "unique-deliveries";
    let mut groups: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    for (t, m) in messages {
        let group = if by_date {
            t.format("%Y-%m-%d").to_string()
        } else {
            String::new()
        };
        let g = groups.entry(group).or_default();
        g.0 += 1;
        g.1.insert(m.endpoint_id.clone().unwrap_or_else(|| m.address.clone()));
    }
    groups
        .into_iter()
        .map(|(date, (count, recipients))| Row {
            grouped_bys: if by_date {
                vec![RowValue {
                    key: "Date".into(),
                    kind: "String",
                    value: date,
                }]
            } else {
                vec![]
            },
            values: vec![RowValue {
                key: value_key(base),
                kind: "Double",
                value: double(if unique { recipients.len() } else { count }),
            }],
        })
        .collect()
}

impl Store {
    /// Get{Application,Campaign,Journey}DateRangeKpi.
    pub fn kpi(
        &self,
        scope: &Scope,
        app_id: &str,
        subject: KpiSubject<'_>,
        name: &str,
        start: Option<&str>,
        end: Option<&str>,
    ) -> StoreResult<KpiAnswer> {
        if !valid_kpi_name(name) {
            return Err(StoreError::invalid(format!(
                "Invalid kpi-name {name:?}: two or more lower-case alphanumeric terms joined by hyphens"
            )));
        }
        let (from, to) = date_range(self.now(scope), start, end)?;
        let app = self.app(scope, app_id)?;
        {
            let data = app.read();
            let known = match subject {
                KpiSubject::App => true,
                KpiSubject::Campaign(id) => data.campaigns().contains_key(id),
                KpiSubject::Journey(id) => data.journeys().contains_key(id),
            };
            if !known {
                return Err(StoreError::NotFound);
            }
        }
        let (base, by_date) = match name.strip_suffix("-grouped-by-date") {
            Some(b) => (b, true),
            None => (name, false),
        };
        let rows = match measure(base) {
            None => vec![],
            Some(counts) => {
                let (all, _) = self.sent.query(&SentFilter {
                    application_id: Some(app_id.to_string()),
                    ..SentFilter::default()
                });
                let picked: Vec<(DateTime<Utc>, &SentMessage)> = all
                    .iter()
                    .map(|m| &**m)
                    .filter(|m| {
                        m.account_id == scope.account
                            && m.region == scope.region
                            && counts(m)
                            && match subject {
                                KpiSubject::App => true,
                                KpiSubject::Campaign(id) => {
                                    m.context.get("CampaignId").map(String::as_str) == Some(id)
                                }
                                KpiSubject::Journey(id) => {
                                    m.context.get("JourneyId").map(String::as_str) == Some(id)
                                }
                            }
                    })
                    .filter_map(|m| Some((time::parse_iso8601(&m.sent_at)?, m)))
                    .filter(|(t, _)| (from..=to).contains(t))
                    .collect();
                rows(base, by_date, &picked)
            }
        };
        Ok(KpiAnswer {
            start: stamp(from),
            end: stamp(to),
            rows,
        })
    }

    /// GetJourneyRuns: the runs of a journey; unknown → 404.
    pub fn journey_runs(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
    ) -> StoreResult<Vec<JourneyRun>> {
        Ok(journey_runs(&self.journey(scope, app_id, id)?))
    }

    /// Get{Journey,JourneyRun}Execution{,Activity}Metrics: the journey, and the run and the
    /// activity when the operation names them; any of them unknown → 404.
    pub fn journey_metrics(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        run: Option<&str>,
        activity: Option<&str>,
    ) -> StoreResult<JourneyMetrics> {
        let j = self.journey(scope, app_id, id)?;
        let last_evaluated_time = self.now_iso(scope);
        if let Some(run) = run {
            if !journey_runs(&j).iter().any(|r| r.run_id == run) {
                return Err(StoreError::NotFound);
            }
        }
        let activity_type = activity
            .map(|a| {
                j.definition
                    .activities
                    .as_ref()
                    .and_then(|all| all.get(a))
                    .map(journeys::activity_type)
                    .ok_or(StoreError::NotFound)
            })
            .transpose()?;
        Ok(JourneyMetrics {
            last_evaluated_time,
            activity_type,
        })
    }
}

/// A journey's execution metrics: when they were evaluated, and the type of the activity they
/// are about, if any. The emulator does not execute journeys: there are no metrics to give.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyMetrics {
    pub last_evaluated_time: String,
    pub activity_type: Option<&'static str>,
}

/// A journey's run (`JourneyRunResponse`).
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyRun {
    pub creation_time: String,
    pub last_update_time: String,
    pub run_id: String,
    pub status: JourneyRunStatus,
}

/// A journey's runs: none while it is a DRAFT, else the one run the emulator records, which
/// carries the journey's id (docs/behaviour.md#journey-runs).
pub fn journey_runs(j: &Journey) -> Vec<JourneyRun> {
    let status = match j.state {
        JourneyState::DRAFT => return vec![],
        JourneyState::ACTIVE | JourneyState::PAUSED => JourneyRunStatus::Running,
        JourneyState::COMPLETED | JourneyState::CLOSED => JourneyRunStatus::Completed,
        JourneyState::CANCELLED => JourneyRunStatus::Cancelled,
    };
    vec![JourneyRun {
        creation_time: j.creation_date.clone(),
        last_update_time: j.last_modified_date.clone(),
        run_id: j.id.clone(),
        status,
    }]
}
