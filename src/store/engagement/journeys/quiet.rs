//! When a journey may send on a channel (docs/behaviour.md#journey-quiet-time): outside the
//! quiet-time window in the endpoint's own zone and, with SendingSchedule, inside the channel's
//! OpenHours and outside its ClosedDays. A message due at another time is held until the first
//! minute it may go, or dropped.

use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDateTime, TimeDelta, Timelike, Utc};
use chrono_tz::Tz;

use crate::model::{ClosedDays, ClosedDaysRule, OpenHours, OpenHoursRule, WriteJourneyRequest};
use crate::store::engagement::campaigns::pacing::Window;
use crate::store::engagement::settings::QuietTime;
use crate::time;

/// How far ahead a held message looks for a minute it may go in; beyond, it is dropped.
const HORIZON: i64 = 14 * 24 * 60;

/// What governs when one message activity's channel may send.
pub struct Sending<'a> {
    pub window: Option<Window>,
    open: Option<&'a Vec<(String, Vec<OpenHoursRule>)>>,
    closed: Option<&'a Vec<ClosedDaysRule>>,
}

/// `HH:MM` (or a longer ISO time of day, read to the minute) as minutes of the day.
fn minutes(s: &str) -> Option<u32> {
    let s = s.trim_start_matches('T');
    let (h, rest) = s.split_once(':')?;
    let m = rest.get(..2)?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60).then_some(h * 60 + m)
}

/// A ClosedDays date-time: an instant when it carries an offset, else a wall-clock time.
fn wall(s: &str, tz: Tz) -> Option<NaiveDateTime> {
    if let Some(t) = time::parse_iso8601(s).filter(|_| s.ends_with('Z') || s.contains('+')) {
        return Some(t.with_timezone(&tz).naive_local());
    }
    NaiveDateTime::parse_from_str(s.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
}

/// The channel's member of a per-channel settings object.
fn member<'a, T>(
    channel: &str,
    email: &'a T,
    sms: &'a T,
    push: &'a T,
    voice: &'a T,
    custom: &'a T,
) -> &'a T {
    match channel {
        "EMAIL" => email,
        "SMS" => sms,
        "PUSH" => push,
        "CONTACT_CENTER" | "VOICE" => voice,
        _ => custom,
    }
}

impl<'a> Sending<'a> {
    /// `channel`: EMAIL, SMS, PUSH, CUSTOM or CONTACT_CENTER. `open` is the journey's OpenHours
    /// flattened for the channel by [`open_hours`].
    pub fn of(
        j: &'a WriteJourneyRequest,
        app_quiet: &QuietTime,
        channel: &str,
        open: &'a Option<Vec<(String, Vec<OpenHoursRule>)>>,
    ) -> Sending<'a> {
        let scheduled = j.sending_schedule == Some(true);
        let closed = j
            .closed_days
            .as_ref()
            .filter(|_| scheduled)
            .and_then(|c: &ClosedDays| {
                member(channel, &c.email, &c.sms, &c.push, &c.voice, &c.custom).as_ref()
            });
        Sending {
            window: Window::of(j.quiet_time.as_ref(), app_quiet),
            open: open.as_ref().filter(|_| scheduled),
            closed,
        }
    }

    /// Whether anything restricts sending.
    pub fn is_set(&self) -> bool {
        self.window.is_some() || self.open.is_some_and(|o| !o.is_empty()) || self.closed.is_some()
    }

    /// Whether a message may go at `at` to an endpoint in `tz`.
    pub fn allowed(&self, tz: Tz, at: DateTime<Utc>) -> bool {
        if self.window.is_some_and(|w| w.is_quiet(Some(tz.name()), at)) {
            return false;
        }
        let local = at.with_timezone(&tz).naive_local();
        if let Some(open) = self.open.filter(|o| !o.is_empty()) {
            let day = local.weekday().to_string().to_uppercase();
            let t = local.hour() * 60 + local.minute();
            let ok = open
                .iter()
                .filter(|(d, _)| d.starts_with(&day[..3]))
                .any(|(_, rules)| {
                    rules.iter().any(|r| {
                        let s = r.start_time.as_deref().and_then(minutes);
                        let e = r.end_time.as_deref().and_then(minutes);
                        matches!((s, e), (Some(s), Some(e)) if s <= t && t < e)
                    })
                });
            if !ok {
                return false;
            }
        }
        if let Some(closed) = self.closed {
            let inside = closed.iter().any(|c| {
                let s = c.start_date_time.as_deref().and_then(|s| wall(s, tz));
                let e = c.end_date_time.as_deref().and_then(|s| wall(s, tz));
                matches!((s, e), (Some(s), Some(e)) if s <= local && local < e)
            });
            if inside {
                return false;
            }
        }
        true
    }

    /// The first whole minute after `at` when a message may go to an endpoint in `tz`.
    pub fn release(&self, tz: Tz, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let start = at.with_second(0)?.with_nanosecond(0)? + TimeDelta::minutes(1);
        (0..HORIZON)
            .map(|m| start + TimeDelta::minutes(m))
            .find(|t| self.allowed(tz, *t))
    }
}

/// The journey's OpenHours for one channel: each weekday's rules.
pub fn open_hours(
    j: &WriteJourneyRequest,
    channel: &str,
) -> Option<Vec<(String, Vec<OpenHoursRule>)>> {
    let o: &OpenHours = j.open_hours.as_ref()?;
    let days = member(channel, &o.email, &o.sms, &o.push, &o.voice, &o.custom).as_ref()?;
    Some(
        days.iter()
            .map(|(d, r)| (d.to_uppercase(), r.clone()))
            .collect(),
    )
}

/// An endpoint's zone, when its Demographic.Timezone is a valid IANA name.
pub fn zone(name: Option<&str>) -> Option<Tz> {
    Tz::from_str(name?).ok()
}
