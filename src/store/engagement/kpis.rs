//! KPIs (docs/behaviour.md#kpis): the date-range KPIs are computed from the sent-message log
//! and the engagement recorded against its messages where a KPI has a plain meaning there
//! ([`super::kpi_measures`]), and answer "no data" otherwise. A journey's execution metrics are
//! its own (`journeys::metrics`).

use chrono::{DateTime, Duration, Utc};

use super::kpi_measures::{computed, engagement_by_message, rows, Counted, Grouping};
pub use super::kpi_measures::{Row, RowValue};
use crate::store::events::recorded::Origin;
use crate::store::messaging::messages::sent::SentFilter;
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
        let (base, grouping) = Grouping::split(name);
        let rows = if computed(base) {
            self.kpi_rows(scope, app_id, subject, base, grouping, (from, to))
        } else {
            vec![]
        };
        Ok(KpiAnswer {
            start: stamp(from),
            end: stamp(to),
            rows,
        })
    }

    /// A computed KPI's rows over the messages of its subject sent in the range, with the
    /// engagement recorded against each, whenever it was recorded.
    fn kpi_rows(
        &self,
        scope: &Scope,
        app_id: &str,
        subject: KpiSubject<'_>,
        base: &str,
        grouping: Grouping,
        (from, to): (DateTime<Utc>, DateTime<Utc>),
    ) -> Vec<Row> {
        let (all, _) = self.sent.query(&SentFilter {
            application_id: Some(app_id.to_string()),
            ..SentFilter::default()
        });
        let (events, _) = self.events.select(
            |e| {
                e.origin == Origin::Engagement
                    && *e.application_id == *app_id
                    && *e.account_id == *scope.account
                    && *e.region == *scope.region
            },
            None,
        );
        let engagement = engagement_by_message(&events);
        let counted: Vec<Counted<'_>> = all
            .iter()
            .map(|m| &**m)
            .filter(|m| *m.account_id == *scope.account && *m.region == *scope.region)
            .filter(|m| {
                let (key, id) = match subject {
                    KpiSubject::App => return true,
                    KpiSubject::Campaign(id) => ("CampaignId", id),
                    KpiSubject::Journey(id) => ("JourneyId", id),
                };
                m.context.get(key).map(String::as_str) == Some(id)
            })
            .filter_map(|m| {
                let sent_at = time::parse_iso8601(&m.sent_at)?;
                (from..=to).contains(&sent_at).then(|| Counted {
                    sent_at,
                    message: m,
                    engagement: engagement.get(&m.message_id).copied().unwrap_or_default(),
                })
            })
            .collect();
        rows(base, grouping, &counted)
    }
}
