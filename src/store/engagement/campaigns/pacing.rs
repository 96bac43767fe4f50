//! What may hold a campaign message back (docs/behaviour.md#campaign-limits): the quiet-time
//! window in the endpoint's own time zone, and the Daily, Total and run-capacity limits. The
//! checks are pure: the runner asks them, in the order Total, Daily, quiet time, capacity, for
//! each targeted endpoint, and records what was sent in each campaign's [`SendBook`].

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model;
use crate::store::engagement::settings;

/// A quiet-time window, in minutes of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    start: u32,
    end: u32,
}

/// `HH:MM` as minutes of the day.
fn minutes(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

impl Window {
    fn parse(start: Option<&str>, end: Option<&str>) -> Option<Window> {
        Some(Window {
            start: minutes(start?)?,
            end: minutes(end?)?,
        })
    }

    /// The campaign's window when it has both ends, else the app's when it has both, else none.
    pub fn of(campaign: Option<&model::QuietTime>, app: &settings::QuietTime) -> Option<Window> {
        campaign
            .and_then(|q| Self::parse(q.start.as_deref(), q.end.as_deref()))
            .or_else(|| Self::parse(app.start.as_deref(), app.end.as_deref()))
    }

    /// Whether an endpoint in time zone `tz` (an IANA name) is in quiet time at `at`: its local
    /// time of day, to the minute, within Start..=End (or, when the window crosses midnight, at
    /// or after Start or at or before End). An endpoint without a valid zone never is.
    pub fn is_quiet(&self, tz: Option<&str>, at: DateTime<Utc>) -> bool {
        let Some(zone) = tz.and_then(|t| Tz::from_str(t).ok()) else {
            return false;
        };
        let local = at.with_timezone(&zone);
        let t = local.hour() * 60 + local.minute();
        if self.start <= self.end {
            self.start <= t && t <= self.end
        } else {
            t >= self.start || t <= self.end
        }
    }
}

/// The limits in force for one campaign: each a positive campaign value, else a positive app
/// value, else none. `app_daily` is the app's own Daily, a cap on all campaigns together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Caps {
    pub daily: Option<u64>,
    pub total: Option<u64>,
    /// MessagesPerSecond × MaximumDuration, when both are in force.
    pub capacity: Option<u64>,
    pub app_daily: Option<u64>,
}

impl Caps {
    pub fn of(campaign: Option<&model::CampaignLimits>, app: &settings::CampaignLimits) -> Caps {
        let positive = |v: Option<i64>| v.and_then(|n| u64::try_from(n).ok()).filter(|n| *n > 0);
        let pick = |c: Option<i32>, a: Option<i64>| positive(c.map(i64::from)).or(positive(a));
        let c = campaign.cloned().unwrap_or_default();
        let mps = pick(c.messages_per_second, app.messages_per_second);
        let duration = pick(c.maximum_duration, app.maximum_duration);
        Caps {
            daily: pick(c.daily, app.daily),
            total: pick(c.total, app.total),
            capacity: mps.zip(duration).map(|(m, d)| m.saturating_mul(d)),
            app_daily: positive(app.daily),
        }
    }
}

/// Why a targeted endpoint got no message (its `_campaign.send` status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// Over Total: `MESSAGES_PER_CAMPAIGN`.
    Total,
    /// Over Daily (the campaign's or the app's): `DAILY_CAP`.
    Daily,
    /// In quiet time: `QUIET_TIME`.
    Quiet,
    /// Past the run's capacity: `EXPIRED`.
    Capacity,
}

impl Held {
    /// The `campaign_send_status` it records.
    pub fn status(self) -> &'static str {
        match self {
            Held::Total => "MESSAGES_PER_CAMPAIGN",
            Held::Daily => "DAILY_CAP",
            Held::Quiet => "QUIET_TIME",
            Held::Capacity => "EXPIRED",
        }
    }
}

/// What one campaign did to each endpoint: when it sent (for Daily) and how often it targeted
/// it (for Total: messages sent and quiet-time drops). Kept with the campaign in the state file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendBook {
    /// Endpoint id → the instants (milliseconds) of the messages sent to it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sent: BTreeMap<String, Vec<i64>>,
    /// Endpoint id → how many messages or quiet-time drops targeted it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub targeted: BTreeMap<String, u64>,
}

const DAY_MS: i64 = 86_400_000;

/// Adds a send at `now` to an endpoint's instants, forgetting those a day old (Daily looks back
/// 24 hours, so the book holds at most a day of sends per endpoint).
fn sent_at(instants: &mut Vec<i64>, now: i64) {
    instants.retain(|t| *t > now - DAY_MS);
    instants.push(now);
}

/// Updates the entry of each of `keys` (in order, no repeats) with `update`, or adds `fresh()`
/// for one the map does not hold: one walk along the map instead of a lookup per key.
fn merge_sorted<V>(
    map: &mut BTreeMap<String, V>,
    keys: &[&String],
    mut update: impl FnMut(&mut V),
    fresh: impl Fn() -> V,
) {
    let mut added = Vec::new();
    let mut entries = map.iter_mut().peekable();
    for key in keys {
        while entries.next_if(|(k, _)| k < key).is_some() {}
        match entries.next_if(|(k, _)| k == key) {
            Some((_, v)) => update(v),
            None => added.push(((*key).clone(), fresh())),
        }
    }
    map.extend(added);
}

impl SendBook {
    pub fn is_empty(&self) -> bool {
        self.sent.is_empty() && self.targeted.is_empty()
    }

    /// Messages sent to `endpoint` in the 24 hours ending at `at`.
    pub fn sent_in_day(&self, endpoint: &str, at: DateTime<Utc>) -> u64 {
        let now = at.timestamp_millis();
        self.sent.get(endpoint).map_or(0, |v| {
            v.iter()
                .filter(|t| **t > now - DAY_MS && **t <= now)
                .count() as u64
        })
    }

    /// Records a message sent to `endpoint` at `at`; instants a day old are forgotten (Daily
    /// looks back 24 hours), so the book holds at most a day of sends per endpoint.
    pub fn record_sent(&mut self, endpoint: &str, at: DateTime<Utc>) {
        let now = at.timestamp_millis();
        match self.sent.get_mut(endpoint) {
            Some(v) => sent_at(v, now),
            None => {
                self.sent.insert(endpoint.to_string(), vec![now]);
            }
        }
        self.record_targeted(endpoint);
    }

    /// [`SendBook::record_sent`] for each of `endpoints`: a run's endpoints, in id order, are
    /// merged into the book in one pass instead of looked up one by one, when they are enough
    /// for a walk along the book to cost less than their lookups (one triggered send is not).
    pub fn record_sent_all(&mut self, endpoints: &[&String], at: DateTime<Utc>) {
        let depth = (usize::BITS - self.sent.len().leading_zeros()) as usize;
        let walk_pays = self.sent.len() <= endpoints.len() * depth;
        if !walk_pays || !endpoints.is_sorted_by(|a, b| a < b) {
            endpoints.iter().for_each(|e| self.record_sent(e, at));
            return;
        }
        let now = at.timestamp_millis();
        merge_sorted(&mut self.sent, endpoints, |v| sent_at(v, now), || vec![now]);
        merge_sorted(&mut self.targeted, endpoints, |n| *n += 1, || 1);
    }

    /// Records a quiet-time drop for `endpoint` (it counts towards Total).
    pub fn record_targeted(&mut self, endpoint: &str) {
        match self.targeted.get_mut(endpoint) {
            Some(n) => *n += 1,
            None => {
                self.targeted.insert(endpoint.to_string(), 1);
            }
        }
    }
}

/// The checks for one targeted endpoint, in order: Total, Daily (the campaign's, then the
/// app's over `app_sent_in_day`, every campaign's messages to it in the window), quiet time,
/// then the run's capacity (`position` is the endpoint's place among the run's targeted
/// endpoints, from 0).
#[allow(clippy::too_many_arguments)]
pub fn check(
    caps: &Caps,
    book: &SendBook,
    endpoint: &str,
    app_sent_in_day: u64,
    quiet: Option<&Window>,
    tz: Option<&str>,
    at: DateTime<Utc>,
    position: u64,
) -> Result<(), Held> {
    if caps
        .total
        .is_some_and(|t| book.targeted.get(endpoint).copied().unwrap_or(0) >= t)
    {
        return Err(Held::Total);
    }
    if caps
        .daily
        .is_some_and(|d| book.sent_in_day(endpoint, at) >= d)
        || caps.app_daily.is_some_and(|d| app_sent_in_day >= d)
    {
        return Err(Held::Daily);
    }
    if quiet.is_some_and(|w| w.is_quiet(tz, at)) {
        return Err(Held::Quiet);
    }
    if caps.capacity.is_some_and(|c| position >= c) {
        return Err(Held::Capacity);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_iso8601;

    fn at(s: &str) -> DateTime<Utc> {
        parse_iso8601(s).unwrap()
    }

    fn window(start: &str, end: &str) -> Window {
        Window::parse(Some(start), Some(end)).unwrap()
    }

    #[test]
    fn a_run_recorded_at_once_is_the_book_of_each_send_recorded_alone() {
        let ids: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        let (day1, day2) = (at("2030-01-01T09:00:00Z"), at("2030-01-02T09:30:00Z"));
        let mut one_by_one = SendBook::default();
        let mut at_once = SendBook::default();
        for (run, when) in [
            (vec![1, 3], day1),
            (vec![0, 1, 2, 4], day2),
            (vec![3, 1], day2),
            // One endpoint against a book of five: looked up, not walked to.
            (vec![2], day2),
        ] {
            let run: Vec<&String> = run.iter().map(|i| &ids[*i]).collect();
            run.iter().for_each(|e| one_by_one.record_sent(e, when));
            at_once.record_sent_all(&run, when);
            assert_eq!(at_once, one_by_one);
        }
        assert_eq!((at_once.targeted["b"], at_once.targeted["c"]), (3, 2));
        assert_eq!(at_once.sent["b"].len(), 2, "the send of day 1 is forgotten");
    }

    #[test]
    fn quiet_time_is_read_in_the_endpoints_own_zone_and_may_cross_midnight() {
        let night = window("22:00", "07:00");
        // 06:00Z is 22:00 in Los Angeles (PST) and 15:00 in Tokyo.
        let t = at("2030-01-02T06:00:00Z");
        assert!(night.is_quiet(Some("America/Los_Angeles"), t));
        assert!(!night.is_quiet(Some("Asia/Tokyo"), t));
        assert!(!night.is_quiet(None, t), "no zone, no quiet time");
        assert!(
            !night.is_quiet(Some("Mars/Olympus"), t),
            "an unknown zone neither"
        );
        assert!(
            night.is_quiet(Some("UTC"), at("2030-01-02T07:00:59Z")),
            "End is inclusive to the minute"
        );
        assert!(!night.is_quiet(Some("UTC"), at("2030-01-02T07:01:00Z")));
        let day = window("14:00", "16:00");
        assert!(day.is_quiet(Some("UTC"), at("2030-01-02T15:00:00Z")));
        assert!(!day.is_quiet(Some("UTC"), at("2030-01-02T22:30:00Z")));
    }

    #[test]
    fn the_campaign_window_wins_when_it_has_both_ends() {
        let app = settings::QuietTime {
            start: Some("22:00".into()),
            end: Some("07:00".into()),
        };
        let half = model::QuietTime {
            start: Some("14:00".into()),
            end: None,
        };
        assert_eq!(
            Window::of(Some(&half), &app),
            Some(window("22:00", "07:00"))
        );
        let both = model::QuietTime {
            start: Some("14:00".into()),
            end: Some("16:00".into()),
        };
        assert_eq!(
            Window::of(Some(&both), &app),
            Some(window("14:00", "16:00"))
        );
        assert_eq!(Window::of(None, &settings::QuietTime::default()), None);
    }

    #[test]
    fn campaign_limits_win_over_the_apps_and_zero_means_unset() {
        let app = settings::CampaignLimits {
            daily: Some(1),
            total: Some(9),
            messages_per_second: Some(50),
            maximum_duration: Some(60),
            ..Default::default()
        };
        let c = model::CampaignLimits {
            daily: Some(2),
            total: Some(0),
            messages_per_second: Some(1),
            ..Default::default()
        };
        let caps = Caps::of(Some(&c), &app);
        assert_eq!(caps.daily, Some(2));
        assert_eq!(caps.total, Some(9), "0 falls back to the app's");
        assert_eq!(
            caps.capacity,
            Some(60),
            "1 per second over the app's 60 seconds"
        );
        assert_eq!(caps.app_daily, Some(1));
        assert_eq!(Caps::of(None, &Default::default()), Caps::default());
    }

    #[test]
    fn checks_run_total_daily_quiet_then_capacity() {
        let caps = Caps {
            daily: Some(2),
            total: Some(3),
            capacity: Some(60),
            app_daily: None,
        };
        let mut book = SendBook::default();
        let t = at("2030-01-01T10:00:00Z");
        let ok =
            |book: &SendBook, at, position| check(&caps, book, "e1", 0, None, None, at, position);
        assert_eq!(ok(&book, t, 0), Ok(()));
        book.record_sent("e1", t);
        book.record_sent("e1", t);
        assert_eq!(ok(&book, t, 0), Err(Held::Daily));
        let next_day = at("2030-01-02T10:00:01Z");
        assert_eq!(ok(&book, next_day, 0), Ok(()), "the window rolls");
        book.record_sent("e1", next_day);
        assert_eq!(ok(&book, at("2030-01-09T00:00:00Z"), 0), Err(Held::Total));
        let fresh = SendBook::default();
        assert_eq!(
            ok(&fresh, t, 60),
            Err(Held::Capacity),
            "the 61st endpoint of a run"
        );
        let w = window("00:00", "23:59");
        assert_eq!(
            check(&caps, &fresh, "e1", 0, Some(&w), Some("UTC"), t, 0),
            Err(Held::Quiet)
        );
        let app = Caps {
            app_daily: Some(1),
            ..Caps::default()
        };
        assert_eq!(
            check(&app, &fresh, "e1", 1, None, None, t, 0),
            Err(Held::Daily),
            "the app's Daily spans campaigns"
        );
    }
}
