//! Dates as Pinpoint writes them and the ISO-8601 forms it accepts. The current time comes from
//! [`crate::clock`].

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

/// Formats a time as ISO-8601 UTC with milliseconds and `Z`: chrono's RFC 3339 form, written
/// digit by digit for the years 0 to 9999 (every write stamps the time, so this runs on every
/// request), by chrono for the rest and for a leap second.
pub fn format_iso(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let millis = t.nanosecond() / 1_000_000;
    let year = t.year();
    if !(0..=9999).contains(&year) || millis > 999 {
        return t.to_rfc3339_opts(SecondsFormat::Millis, true);
    }
    let mut out = *b"0000-00-00T00:00:00.000Z";
    let mut put = |at: usize, width: usize, mut v: u32| {
        for i in (at..at + width).rev() {
            out[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, year as u32);
    put(5, 2, t.month());
    put(8, 2, t.day());
    put(11, 2, t.hour());
    put(14, 2, t.minute());
    put(17, 2, t.second());
    put(20, 3, millis);
    out.iter().map(|&b| char::from(b)).collect()
}

/// Parses the ISO-8601 forms clients send, with one parser for every date the API accepts
/// (docs/behaviour.md#dates-accepted): a date and a time with minutes, optional seconds and
/// optional fractions, and an optional zone (`Z`, `±hh:mm`, `±hhmm` or `±hh`; none means UTC); or
/// a bare date. `2026-01-01T00:00Z` is what Java's `OffsetDateTime.toString()` prints.
pub fn parse_iso8601(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    // The form SDKs send almost always, parsed without a format string.
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let Some(t) = s.find('T') else {
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    };
    let (local, zone) = split_zone(s, t)?;
    let naive = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(local, f).ok())?;
    let utc = naive.and_utc();
    Some(utc - chrono::Duration::seconds(i64::from(zone)))
}

/// Splits `s` (whose `T` is at byte `t`) into the local date-time and the zone's offset east of
/// UTC in seconds.
fn split_zone(s: &str, t: usize) -> Option<(&str, i32)> {
    if let Some(local) = s.strip_suffix(['Z', 'z']) {
        return Some((local, 0));
    }
    let Some(at) = s[t..].rfind(['+', '-']).map(|i| t + i) else {
        return Some((s, 0));
    };
    let (local, zone) = s.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let (hh, mm) = match zone[1..].split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if zone.len() == 5 => zone[1..].split_at(2),
        None => (&zone[1..], ""),
    };
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if hh.len() != 2 || !digits(hh) || !digits(mm) {
        return None;
    }
    let hours: i32 = hh.parse().ok()?;
    let minutes: i32 = if mm.is_empty() { 0 } else { mm.parse().ok()? };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((local, sign * (hours * 3600 + minutes * 60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_millis_and_z() {
        let t = parse_iso8601("2026-11-23T06:18:48.123456Z").unwrap();
        assert_eq!(format_iso(t), "2026-11-23T06:18:48.123Z");
    }

    #[test]
    fn formats_as_chrono_does() {
        let mut t = parse_iso8601("0000-01-01T00:00:00Z").unwrap();
        let end = parse_iso8601("9999-12-31T23:59:59.999Z").unwrap();
        // Steps of a prime number of milliseconds cover every field's range.
        while t < end {
            assert_eq!(
                format_iso(t),
                t.to_rfc3339_opts(SecondsFormat::Millis, true)
            );
            t += chrono::Duration::milliseconds(7_919_333_777);
        }
        for year in [-1, 10_000] {
            let day = NaiveDate::from_ymd_opt(year, 6, 1).unwrap();
            let t = day.and_hms_milli_opt(1, 2, 3, 4).unwrap().and_utc();
            assert_eq!(
                format_iso(t),
                t.to_rfc3339_opts(SecondsFormat::Millis, true)
            );
        }
    }

    #[test]
    fn accepts_the_forms_clients_send() {
        for s in [
            "2024-01-01T00:00:00.000Z",
            "2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00.123456",
            "2024-01-01T00:00:00",
            "2024-01-01T02:00:00+02:00",
            "2024-01-01T02:00:00.5+0200",
            "2024-01-01",
        ] {
            assert!(parse_iso8601(s).is_some(), "{s}");
        }
        assert_eq!(
            parse_iso8601("2024-01-01T02:00:00+02:00"),
            parse_iso8601("2024-01-01T00:00:00Z")
        );
    }

    #[test]
    fn minutes_without_seconds_are_accepted_with_any_zone() {
        let midnight = parse_iso8601("2026-01-01T00:00:00Z");
        for s in [
            "2026-01-01T00:00Z",
            "2026-01-01T02:00+02:00",
            "2026-01-01T02:00+0200",
            "2026-01-01T02:00+02",
            "2025-12-31T19:00-05:00",
            "2026-01-01T00:00",
        ] {
            assert_eq!(parse_iso8601(s), midnight, "{s}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for s in [
            "",
            "yesterday",
            "2024-13-01T00:00:00Z",
            "1700000000",
            "2024-01-01T25:00:00Z",
            "2024-01-01T00:00+2:00",
            "2024-01-01T00:00+24:00",
            "2024-01-01T00:00+02:0x",
            "2024-01-01T",
        ] {
            assert!(parse_iso8601(s).is_none(), "{s}");
        }
    }
}

/// An ISO-8601 duration of weeks, days, hours, minutes and seconds (`PT15M`, `P3D`, `P1DT2H`,
/// `P1W`, `PT0.5S`, `PT0S`), as the test clock's `By` takes it (docs/behaviour.md#test-clock).
/// Years and months (their length depends on the date), a sign, an empty duration (`P`, `PT`),
/// a unit out of order or repeated, and anything else are `None`.
pub fn parse_duration(s: &str) -> Option<chrono::Duration> {
    let rest = s.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (rest, None),
    };
    if date.is_empty() && time.is_none() {
        return None;
    }
    let mut millis: i128 = 0;
    let mut add = |part: &str, units: &[(char, i128)], fraction: bool| -> Option<()> {
        let mut last = 0;
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || (fraction && c == '.' && !num.contains('.')) {
                num.push(c);
                continue;
            }
            let at = units.iter().position(|(u, _)| *u == c)?;
            if at < last || num.is_empty() || num.ends_with('.') || num.starts_with('.') {
                return None;
            }
            last = at + 1;
            let per = units[at].1;
            let value = if let Some((whole, frac)) = num.split_once('.') {
                if c != 'S' {
                    return None;
                }
                let frac3 = format!("{frac:0<3}");
                whole.parse::<i128>().ok()? * per + frac3.get(..3)?.parse::<i128>().ok()?
            } else {
                num.parse::<i128>().ok()? * per
            };
            millis = millis.checked_add(value)?;
            num.clear();
        }
        num.is_empty().then_some(())
    };
    add(date, &[('W', 604_800_000), ('D', 86_400_000)], false)?;
    if let Some(t) = time {
        add(t, &[('H', 3_600_000), ('M', 60_000), ('S', 1_000)], true)?;
    }
    chrono::Duration::try_milliseconds(i64::try_from(millis).ok()?)
}

#[cfg(test)]
mod duration_tests {
    use super::parse_duration;

    #[test]
    fn weeks_days_hours_minutes_and_seconds_are_read() {
        let ms = |s: &str| parse_duration(s).map(|d| d.num_milliseconds());
        assert_eq!(ms("PT15M"), Some(900_000));
        assert_eq!(ms("P3D"), Some(3 * 86_400_000));
        assert_eq!(ms("P1DT2H"), Some(26 * 3_600_000));
        assert_eq!(ms("P1W"), Some(7 * 86_400_000));
        assert_eq!(ms("PT0.5S"), Some(500));
        assert_eq!(ms("PT0S"), Some(0));
        assert_eq!(ms("P1WT1H1M1.25S"), Some(604_800_000 + 3_661_250));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "P",
            "PT",
            "P1Y",
            "P1M",
            "-PT1H",
            "PT-1H",
            "15 minutes",
            "PT1H30",
            "PT1M1H",
            "P1D1W",
            "PT1.5H",
            "PT.5S",
            "PT1.S",
            "P1DT",
            "pt1h",
            "PT1HH",
            "P99999999999999999999D",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
