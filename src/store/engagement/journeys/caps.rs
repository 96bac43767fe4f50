//! A journey's message caps (docs/behaviour.md#journey-limits): DailyCap, TotalCap and
//! TimeframeCap, each the journey's own when positive, else the app's `JourneyLimits`; and the
//! app's campaign Daily limit, which journey messages count against too.

use chrono::TimeDelta;

use super::progress::{instant, Ms};
use super::Journey;
use crate::store::app::AppData;

const DAY: TimeDelta = TimeDelta::days(1);

/// The caps in force for one journey.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JourneyCaps {
    /// DailyCap, and whether it counts every journey of the app (the app's) or this one.
    daily: Option<(u64, bool)>,
    total: Option<u64>,
    /// TimeframeCap: messages of all journeys of the app in `days` × 24 h.
    timeframe: Option<(u64, i64)>,
    /// The app's campaign `Limits.Daily`.
    app_daily: Option<u64>,
}

fn positive(v: Option<i64>) -> Option<u64> {
    v.and_then(|n| u64::try_from(n).ok()).filter(|n| *n > 0)
}

impl JourneyCaps {
    pub fn of(j: &Journey, data: &AppData) -> JourneyCaps {
        let own = j.definition.limits.clone().unwrap_or_default();
        let app = data.settings().journey_limits.clone().unwrap_or_default();
        let daily = match positive(own.daily_cap.map(i64::from)) {
            Some(n) => Some((n, false)),
            None => positive(app.daily_cap).map(|n| (n, true)),
        };
        let frame =
            |cap: Option<i64>, days: Option<i64>| Some((positive(cap)?, days.filter(|d| *d > 0)?));
        let own_frame = own
            .timeframe_cap
            .as_ref()
            .and_then(|t| frame(t.cap.map(i64::from), t.days.map(i64::from)));
        let app_frame = app
            .timeframe_cap
            .as_ref()
            .and_then(|t| frame(t.cap, t.days));
        JourneyCaps {
            daily,
            total: positive(own.total_cap.map(i64::from)).or(positive(app.total_cap)),
            timeframe: own_frame.or(app_frame),
            app_daily: positive(data.settings().limits.daily),
        }
    }

    /// The cap a message to `endpoint` at `now` would break: DAILY_CAP, TOTAL_CAP or
    /// TIMEFRAME_CAP. `j` is the journey sending (its progress is out of `data` while it runs).
    pub fn check(
        &self,
        data: &AppData,
        j: &Journey,
        endpoint: &str,
        now: Ms,
    ) -> Option<&'static str> {
        if *self == JourneyCaps::default() {
            return None;
        }
        let mine = j.progress.participants.get(endpoint);
        let own = |w: TimeDelta| mine.map_or(0, |p| p.sent_within(now, w));
        let all = |w: TimeDelta| {
            own(w)
                + data
                    .journeys()
                    .values()
                    .filter(|o| o.id != j.id)
                    .filter_map(|o| o.progress.participants.get(endpoint))
                    .map(|p| p.sent_within(now, w))
                    .sum::<u64>()
        };
        if let Some((cap, every)) = self.daily {
            let n = if every { all(DAY) } else { own(DAY) };
            if n >= cap {
                return Some("DAILY_CAP");
            }
        }
        if let Some(cap) = self.app_daily {
            let campaigns: u64 = data
                .campaigns()
                .values()
                .map(|c| c.book.sent_in_day(endpoint, instant(now)))
                .sum();
            if campaigns + all(DAY) >= cap {
                return Some("DAILY_CAP");
            }
        }
        if let Some(cap) = self.total {
            if mine.map_or(0, |p| p.sent.len() as u64) >= cap {
                return Some("TOTAL_CAP");
            }
        }
        if let Some((cap, days)) = self.timeframe {
            if all(TimeDelta::days(days)) >= cap {
                return Some("TIMEFRAME_CAP");
            }
        }
        None
    }
}
