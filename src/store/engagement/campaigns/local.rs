//! Runs in each recipient's local time (docs/behaviour.md#local-time-runs): with
//! `Schedule.IsLocalTime` a run time is a wall-clock time, the run time read at the schedule's
//! `Timezone` offset. Each targeted endpoint gets the run when its own `Demographic.Timezone`
//! reaches that wall-clock time, so one run becomes one zone step per time zone, each due at its
//! own instant, all recorded in one activity.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::Schedule;
use crate::store::endpoints::model::Endpoint;
use crate::time;

/// The earliest zone (UTC+14) reaches a wall-clock time this long before UTC does.
const EARLIEST: i64 = 14;

/// What one zone step of a local-time run does: send the treatment's message to these endpoints
/// at this instant. Kept with the activity until it is done, so a restart keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ZoneStep {
    /// When the zone reaches the run's wall-clock time (ISO-8601).
    pub due: String,
    /// The IANA name of the zone (empty for the one step of a run that is not local-time).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zone: String,
    /// The endpoint ids, in id order.
    pub endpoints: Vec<String>,
}

impl ZoneStep {
    pub fn due(&self) -> Option<DateTime<Utc>> {
        time::parse_iso8601(&self.due)
    }
}

/// `Schedule.Timezone` as an offset: `UTC`, `UTC+01`, `UTC-11`, `UTC+05:45`… in any letter
/// case (the values validation accepts); absent means UTC.
fn offset(tz: Option<&str>) -> Option<FixedOffset> {
    let Some(tz) = tz else {
        return FixedOffset::east_opt(0);
    };
    tz.get(..3).filter(|p| p.eq_ignore_ascii_case("UTC"))?;
    let rest = &tz[3..];
    if rest.is_empty() {
        return FixedOffset::east_opt(0);
    }
    let (sign, hm) = match rest.split_at(1) {
        ("+", hm) => (1, hm),
        ("-", hm) => (-1, hm),
        _ => return None,
    };
    let (h, m) = hm.split_once(':').unwrap_or((hm, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// The wall-clock time of a run of a local-time schedule: `scheduled` read at the schedule's
/// `Timezone` offset. `None` when the schedule is not local-time.
pub fn wall_clock(schedule: Option<&Schedule>, scheduled: DateTime<Utc>) -> Option<NaiveDateTime> {
    let s = schedule.filter(|s| s.is_local_time == Some(true))?;
    Some(
        scheduled
            .with_timezone(&offset(s.timezone.as_deref())?)
            .naive_local(),
    )
}

/// When a run scheduled for `scheduled` is due: for a local-time schedule, when its earliest
/// possible zone (UTC+14) reaches the wall-clock time; else `scheduled`.
pub fn run_due(schedule: Option<&Schedule>, scheduled: DateTime<Utc>) -> DateTime<Utc> {
    match wall_clock(schedule, scheduled) {
        Some(wall) => wall.and_utc() - Duration::hours(EARLIEST),
        None => scheduled,
    }
}

/// An endpoint's time zone, when it has a valid IANA name.
pub fn zone_of(e: &Endpoint) -> Option<Tz> {
    let name = e.demographic.as_ref()?.timezone.as_deref()?;
    Tz::from_str(name).ok()
}

/// When zone `tz` reaches wall-clock time `wall`: in a DST overlap the first time; in a gap
/// (that wall-clock time does not exist there) the instant the gap ends.
fn instant(tz: Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    let mut t = wall;
    for _ in 0..4 {
        if let Some(at) = tz.from_local_datetime(&t).earliest() {
            return at.with_timezone(&Utc);
        }
        t += Duration::minutes(30);
    }
    wall.and_utc()
}

/// The zone steps of a local-time run over its targeted endpoints (each with a valid zone, in
/// id order): one per zone, earliest first (ties: zone name).
pub fn steps(targeted: &[&Endpoint], wall: NaiveDateTime) -> Vec<ZoneStep> {
    let mut by_zone: BTreeMap<&str, (Tz, Vec<String>)> = BTreeMap::new();
    for e in targeted {
        if let Some(tz) = zone_of(e) {
            let entry = by_zone.entry(tz.name()).or_insert((tz, Vec::new()));
            entry.1.push(e.id.clone());
        }
    }
    let mut steps: Vec<(DateTime<Utc>, ZoneStep)> = by_zone
        .into_iter()
        .map(|(name, (tz, endpoints))| {
            let at = instant(tz, wall);
            let step = ZoneStep {
                due: time::format_iso(at),
                zone: name.to_string(),
                endpoints,
            };
            (at, step)
        })
        .collect();
    steps.sort_by(|a, b| (a.0, &a.1.zone).cmp(&(b.0, &b.1.zone)));
    steps.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_timezones_read_as_offsets_in_any_case() {
        let h = |s: &str| offset(Some(s)).map(|o| o.local_minus_utc());
        assert_eq!(h("UTC"), Some(0));
        assert_eq!(h("utc+01"), Some(3600));
        assert_eq!(h("UTC-11"), Some(-11 * 3600));
        assert_eq!(h("UTC+05:45"), Some(5 * 3600 + 45 * 60));
        assert_eq!(offset(None).map(|o| o.local_minus_utc()), Some(0));
        assert_eq!(h("GMT+1"), None);
    }

    #[test]
    fn the_wall_clock_time_is_the_run_time_at_the_schedules_offset_and_only_in_local_time() {
        let schedule = |local: Option<bool>, tz: &str| Schedule {
            is_local_time: local,
            timezone: Some(tz.into()),
            ..Default::default()
        };
        let t = time::parse_iso8601("2030-01-01T00:00:00Z").unwrap();
        let wall = wall_clock(Some(&schedule(Some(true), "utc+09")), t).unwrap();
        assert_eq!(wall.to_string(), "2030-01-01 09:00:00");
        assert_eq!(wall_clock(Some(&schedule(None, "UTC+09")), t), None);
        assert_eq!(wall_clock(Some(&schedule(Some(false), "UTC")), t), None);
        // Due when UTC+14 reaches 09:00: 19:00Z the day before.
        let due = run_due(Some(&schedule(Some(true), "UTC+09")), t);
        assert_eq!(time::format_iso(due), "2029-12-31T19:00:00.000Z");
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        assert_eq!(
            time::format_iso(instant(tokyo, wall)),
            "2030-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn a_zone_reaches_a_missing_wall_clock_time_when_its_gap_ends() {
        let ny: Tz = "America/New_York".parse().unwrap();
        // 2030-03-10 02:30 does not exist in New York (clocks jump from 02:00 to 03:00 EDT).
        let wall = time::parse_iso8601("2030-03-10T02:30:00Z")
            .unwrap()
            .naive_utc();
        assert_eq!(
            time::format_iso(instant(ny, wall)),
            "2030-03-10T07:00:00.000Z"
        );
    }
}
