//! When a campaign runs and what its status is (docs/behaviour.md#campaign-runs,
//! docs/behaviour.md#campaign-status): each treatment's run times from its own schedule (or the
//! campaign's), the runs still to come after an update or a pause, and the status the schedule
//! and the clock give.

use std::ops::Range;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::{Campaign, CampaignVersion, Status};
use crate::model::{
    self, CustomDeliveryConfiguration, Frequency, MessageConfiguration, TemplateConfiguration,
};
use crate::time;

/// One treatment of a version as a run reads it: `"0"` is the default treatment, `"1"`… the
/// additional ones in list order. Members a treatment leaves out are the campaign's.
#[derive(Debug, Clone)]
pub struct Treatment<'a> {
    pub index: usize,
    pub schedule: Option<&'a model::Schedule>,
    pub messages: Option<&'a MessageConfiguration>,
    pub templates: Option<&'a TemplateConfiguration>,
    /// Where a CustomMessage goes (docs/behaviour.md#custom-channel).
    pub delivery: Option<&'a CustomDeliveryConfiguration>,
    /// The CohortIds (0–99) whose endpoints this treatment sends to.
    pub cohorts: Range<u32>,
}

impl Treatment<'_> {
    /// The treatment's id: `"0"` for the default one.
    pub fn id(&self) -> String {
        self.index.to_string()
    }
}

/// A percentage as stored (checked 0–100 on write).
fn pct(p: Option<i32>) -> u32 {
    u32::try_from(p.unwrap_or(0).clamp(0, 100)).unwrap_or(0)
}

/// The treatments of a version with the cohorts each gets: CohortId below HoldoutPercent is the
/// holdout; the default treatment takes the next `100 − HoldoutPercent − Σ SizePercent`, then each
/// additional treatment its SizePercent, in list order.
pub fn treatments(v: &CampaignVersion) -> Vec<Treatment<'_>> {
    let b = &v.body;
    let extra = b.additional_treatments.as_deref().unwrap_or_default();
    let holdout = pct(b.holdout_percent);
    let sizes: u32 = extra.iter().map(|t| pct(t.size_percent)).sum();
    let default = 100u32.saturating_sub(holdout + sizes);
    let mut from = holdout + default;
    let mut out = vec![Treatment {
        index: 0,
        schedule: b.schedule.as_ref(),
        messages: b.message_configuration.as_ref(),
        templates: b.template_configuration.as_ref(),
        delivery: b.custom_delivery_configuration.as_ref(),
        cohorts: holdout..from,
    }];
    for (i, t) in extra.iter().enumerate() {
        let to = (from + pct(t.size_percent)).min(100);
        out.push(Treatment {
            index: i + 1,
            schedule: t.schedule.as_ref().or(b.schedule.as_ref()),
            messages: t
                .message_configuration
                .as_ref()
                .or(b.message_configuration.as_ref()),
            templates: t
                .template_configuration
                .as_ref()
                .or(b.template_configuration.as_ref()),
            delivery: t
                .custom_delivery_configuration
                .as_ref()
                .or(b.custom_delivery_configuration.as_ref()),
            cohorts: from..to,
        });
        from = to;
    }
    out
}

/// The run times of one schedule: from `start` every period (or calendar month) up to `end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    pub frequency: Frequency,
}

/// The same UTC day of month (clamped to the month's last day) and UTC time, `k` calendar months
/// after `start`.
fn months_after(start: DateTime<Utc>, k: i64) -> Option<DateTime<Utc>> {
    let m0 = i64::from(start.year()) * 12 + i64::from(start.month0()) + k;
    let (y, m) = (i32::try_from(m0.div_euclid(12)).ok()?, m0.rem_euclid(12));
    let m = u32::try_from(m).ok()? + 1;
    let first_next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    let last = first_next.pred_opt()?.day();
    let day = NaiveDate::from_ymd_opt(y, m, start.day().min(last))?;
    Some(day.and_time(start.time()).and_utc())
}

impl Plan {
    /// The period of an HOURLY, DAILY or WEEKLY schedule.
    fn period(&self) -> Option<Duration> {
        match self.frequency {
            Frequency::Hourly => Some(Duration::hours(1)),
            Frequency::Daily => Some(Duration::days(1)),
            Frequency::Weekly => Some(Duration::weeks(1)),
            _ => None,
        }
    }

    /// Whether the schedule repeats.
    pub fn recurring(&self) -> bool {
        self.period().is_some() || self.frequency == Frequency::Monthly
    }

    /// Whether the campaign runs on events (or in the app) rather than on the clock.
    pub fn on_events(&self) -> bool {
        matches!(self.frequency, Frequency::Event | Frequency::InAppEvent)
    }

    /// The `k`-th run time (from 0), if the schedule has it: ONCE has one and ignores EndTime,
    /// recurring ones stop after EndTime, event-based ones have none.
    fn nth(&self, k: i64) -> Option<DateTime<Utc>> {
        let t = match (self.frequency, self.period()) {
            (Frequency::Once, _) => return (k == 0).then_some(self.start),
            (Frequency::Monthly, _) => months_after(self.start, k)?,
            (_, Some(p)) => self.start + p * i32::try_from(k).ok()?,
            _ => return None,
        };
        self.end.is_none_or(|e| t <= e).then_some(t)
    }

    /// The first run time strictly after `after` and at or after `from`.
    pub fn first_run(
        &self,
        after: Option<DateTime<Utc>>,
        from: Option<DateTime<Utc>>,
    ) -> Option<DateTime<Utc>> {
        let ok = |t: DateTime<Utc>| after.is_none_or(|a| t > a) && from.is_none_or(|f| t >= f);
        let bound = match (after, from) {
            (Some(a), Some(f)) => Some(a.max(f)),
            (a, f) => a.or(f),
        };
        // A first guess of k that is never past the answer, then step forward.
        let mut k = match (bound, self.period()) {
            (Some(b), Some(p)) if b > self.start => {
                let n = (b - self.start).num_seconds() / p.num_seconds().max(1);
                n.max(0)
            }
            (Some(b), None) if self.frequency == Frequency::Monthly && b > self.start => {
                let months = (i64::from(b.year()) - i64::from(self.start.year())) * 12
                    + i64::from(b.month0())
                    - i64::from(self.start.month0());
                (months - 1).max(0)
            }
            _ => 0,
        };
        loop {
            let t = self.nth(k)?;
            if ok(t) {
                return Some(t);
            }
            k += 1;
        }
    }

    /// The status this schedule gives at `now` (the campaign being neither deleted nor paused).
    pub fn status(&self, now: DateTime<Utc>) -> Status {
        if self.on_events() {
            return if self.end.is_some_and(|e| e <= now) {
                Status::COMPLETED
            } else {
                Status::SCHEDULED
            };
        }
        if self.start > now {
            return Status::SCHEDULED;
        }
        if !self.recurring() {
            return Status::COMPLETED;
        }
        match self.first_run(Some(now), None) {
            Some(_) => Status::PENDING_NEXT_RUN,
            None => Status::COMPLETED,
        }
    }
}

/// The schedule treatment `i` of a version runs on, if it has that treatment.
fn schedule_of(v: &CampaignVersion, i: usize) -> Option<Option<&model::Schedule>> {
    treatments(v).get(i).map(|t| t.schedule)
}

/// Treatment `i`'s plan in the campaign's latest version, and the instant from which its runs
/// are still to come (`None`: every run time counts). `IMMEDIATE` is the time the version that
/// set the schedule was written: the oldest of the latest versions that all have the same
/// schedule for the treatment. Runs are still to come from the time the schedule last changed
/// by an update, or the campaign was last resumed, whichever is later; a campaign never changed
/// or paused since it was created has every run time of its schedule.
pub fn plan(c: &Campaign, i: usize) -> Option<(Plan, Option<DateTime<Utc>>)> {
    let all: Vec<&CampaignVersion> = c.versions.values().collect();
    let latest = *all.last()?;
    let schedule = schedule_of(latest, i)?;
    let written = |v: &CampaignVersion| time::parse_iso8601(&v.last_modified_date);
    // The oldest version of the latest stretch with this schedule, and of the latest stretch
    // with it that is not paused.
    let mut set = all.len() - 1;
    while set > 0 && schedule_of(all[set - 1], i) == Some(schedule) {
        set -= 1;
    }
    let mut resumed = all.len() - 1;
    while resumed > 0
        && schedule_of(all[resumed - 1], i) == Some(schedule)
        && !all[resumed - 1].is_paused()
    {
        resumed -= 1;
    }
    let s = schedule?;
    let start = match s.start_time.as_deref() {
        Some("IMMEDIATE") | None => written(all[set])?,
        Some(t) => time::parse_iso8601(t)?,
    };
    let plan = Plan {
        start,
        end: s.end_time.as_deref().and_then(time::parse_iso8601),
        frequency: s.frequency.unwrap_or(Frequency::Once),
    };
    let from = if resumed == 0 {
        None
    } else {
        written(all[resumed])
    };
    Some((plan, from))
}

/// When treatment `i` of a campaign next runs, made or not: the first run time of its schedule
/// strictly after its last run and not before its runs are still to come. `None` when it has
/// none (paused, on events, a ONCE that ran, past EndTime, no such treatment).
pub fn next_run(c: &Campaign, i: usize) -> Option<DateTime<Utc>> {
    let (_, v) = c.versions.latest();
    if v.is_paused() {
        return None;
    }
    let (plan, from) = plan(c, i)?;
    if plan.on_events() {
        return None;
    }
    let last = c.last_run(&i.to_string());
    plan.first_run(last, from)
}

/// The statuses of a campaign at `now`: the campaign's, and each treatment's in order (the
/// default one first).
#[derive(Debug, Clone, PartialEq)]
pub struct States {
    pub campaign: Status,
    pub treatments: Vec<Status>,
}

impl States {
    /// Treatment `i`'s status, or the campaign's when the latest version has no such treatment.
    pub fn of(&self, i: usize) -> Status {
        self.treatments.get(i).copied().unwrap_or(self.campaign)
    }
}

/// The statuses of a campaign from its latest version, the clock and its schedules: DELETED
/// (segment gone) › PAUSED › EXECUTING (a local-time run under way) › COMPLETED ›
/// PENDING_NEXT_RUN › SCHEDULED for each treatment; the campaign is COMPLETED only when every
/// treatment is, EXECUTING when any is, else PENDING_NEXT_RUN when any is, else SCHEDULED.
pub fn states(c: &Campaign, now: DateTime<Utc>, segment_exists: bool) -> States {
    let (_, v) = c.versions.latest();
    let n = v.treatments();
    let same = |s: Status| States {
        campaign: s,
        treatments: vec![s; n],
    };
    if !segment_exists {
        return same(Status::DELETED);
    }
    if v.is_paused() {
        return same(Status::PAUSED);
    }
    let executing = |i: usize| {
        let id = i.to_string();
        c.activities
            .iter()
            .any(|a| a.treatment_id == id && a.is_executing(now))
    };
    let treatments: Vec<Status> = (0..n)
        .map(|i| match plan(c, i) {
            _ if executing(i) => Status::EXECUTING,
            Some((p, _)) => p.status(now),
            None => Status::COMPLETED,
        })
        .collect();
    let campaign = if treatments.iter().all(|s| *s == Status::COMPLETED) {
        Status::COMPLETED
    } else if treatments.contains(&Status::EXECUTING) {
        Status::EXECUTING
    } else if treatments.contains(&Status::PENDING_NEXT_RUN) {
        Status::PENDING_NEXT_RUN
    } else {
        Status::SCHEDULED
    };
    States {
        campaign,
        treatments,
    }
}

/// When an event-triggered campaign takes events: from its StartTime (`IMMEDIATE`: when the
/// schedule was written) to its EndTime, if it has one.
pub fn event_window(c: &Campaign) -> Option<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    let (p, _) = plan(c, 0)?;
    p.on_events().then_some((p.start, p.end))
}
