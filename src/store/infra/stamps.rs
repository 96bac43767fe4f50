//! An endpoint's CreationDate, EffectiveDate and RequestId, kept compact when they are in the
//! form the emulator writes: a date as `2026-11-23T10:00:00.000Z` is kept as milliseconds since
//! the epoch, a request id as a lowercase hyphenated UUID as its 16 bytes. Anything else (a date
//! a client sent in another ISO-8601 form, a RequestId of its own) is kept verbatim, so every value
//! reads back byte for byte as it was written.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::ser::{Error as _, Serialize, Serializer};

/// Marks a date kept verbatim.
const VERBATIM: i64 = i64::MIN;

/// The three values; 40 bytes when all are in the canonical form.
#[derive(Clone, PartialEq)]
pub struct Stamps {
    creation: i64,
    effective: i64,
    request_id: [u8; 16],
    /// The values not in the canonical form.
    verbatim: Option<Box<Verbatim>>,
}

#[derive(Clone, Default, PartialEq)]
struct Verbatim {
    creation: Option<Box<str>>,
    effective: Option<Box<str>>,
    request_id: Option<Box<str>>,
}

/// One of the values, to read: displays (and serializes) as the string it was written as.
#[derive(Clone, Copy)]
pub enum Stamp<'a> {
    Millis(i64),
    Uuid(&'a [u8; 16]),
    Text(&'a str),
}

impl Stamps {
    pub fn new(creation: &str, effective: &str, request_id: &str) -> Self {
        let mut s = Self {
            creation: VERBATIM,
            effective: VERBATIM,
            request_id: [0; 16],
            verbatim: None,
        };
        s.set_creation_date(creation);
        s.set_effective_date(effective);
        s.set_request_id(request_id);
        s
    }

    fn verbatim(&mut self) -> &mut Verbatim {
        self.verbatim.get_or_insert_with(Default::default)
    }

    /// Drops the verbatim box once it holds nothing.
    fn tidy(&mut self) {
        if self.verbatim.as_deref() == Some(&Verbatim::default()) {
            self.verbatim = None;
        }
    }

    pub fn set_creation_date(&mut self, s: &str) {
        self.creation = canonical_millis(s).unwrap_or(VERBATIM);
        let text = (self.creation == VERBATIM).then(|| s.into());
        if text.is_some() || self.verbatim.is_some() {
            self.verbatim().creation = text;
            self.tidy();
        }
    }

    pub fn set_effective_date(&mut self, s: &str) {
        self.effective = canonical_millis(s).unwrap_or(VERBATIM);
        let text = (self.effective == VERBATIM).then(|| s.into());
        if text.is_some() || self.verbatim.is_some() {
            self.verbatim().effective = text;
            self.tidy();
        }
    }

    pub fn set_request_id(&mut self, s: &str) {
        let bytes = canonical_uuid(s);
        self.request_id = bytes.unwrap_or([0; 16]);
        let text = bytes.is_none().then(|| s.into());
        if text.is_some() || self.verbatim.is_some() {
            self.verbatim().request_id = text;
            self.tidy();
        }
    }

    pub fn creation_date(&self) -> Stamp<'_> {
        match self.verbatim.as_ref().and_then(|v| v.creation.as_deref()) {
            Some(t) => Stamp::Text(t),
            None => Stamp::Millis(self.creation),
        }
    }

    pub fn effective_date(&self) -> Stamp<'_> {
        match self.verbatim.as_ref().and_then(|v| v.effective.as_deref()) {
            Some(t) => Stamp::Text(t),
            None => Stamp::Millis(self.effective),
        }
    }

    pub fn request_id(&self) -> Stamp<'_> {
        match self.verbatim.as_ref().and_then(|v| v.request_id.as_deref()) {
            Some(t) => Stamp::Text(t),
            None => Stamp::Uuid(&self.request_id),
        }
    }

    /// The EffectiveDate as a time, without formatting and parsing it when it is canonical.
    pub fn effective_time(&self) -> Option<DateTime<Utc>> {
        match self.effective_date() {
            Stamp::Millis(ms) => DateTime::from_timestamp_millis(ms),
            other => crate::time::parse_iso8601(&other.to_string()),
        }
    }
}

/// Milliseconds since the epoch of a date in exactly the form `YYYY-MM-DDTHH:MM:SS.mmmZ`, which
/// [`Stamp`] prints back identically.
fn canonical_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 24 || b[23] != b'Z' {
        return None;
    }
    for (i, sep) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
    ] {
        if b[i] != sep {
            return None;
        }
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let (h, m, sec, ms) = (num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?);
    if sec > 59 {
        return None;
    }
    let t = date.and_hms_milli_opt(h, m, sec, ms)?.and_utc();
    Some(t.timestamp_millis()).filter(|ms| *ms != VERBATIM)
}

/// The bytes of a request id in exactly the lowercase hyphenated UUID form.
fn canonical_uuid(s: &str) -> Option<[u8; 16]> {
    let ok = s.len() == 36
        && s.bytes().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        });
    ok.then(|| uuid::Uuid::try_parse(s).ok().map(|u| *u.as_bytes()))
        .flatten()
}

impl Stamp<'_> {
    /// Runs `f` on the text of the stamp, formatted on the stack: this runs for every endpoint an
    /// answer holds, where the formatting machinery showed in profiles. `None` for a time
    /// outside the range a date can be written in, which no stored stamp holds.
    pub fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> Option<R> {
        let mut buf = [0u8; 36];
        let text: &str = match *self {
            Stamp::Text(t) => t,
            Stamp::Uuid(b) => uuid::Uuid::from_bytes(*b)
                .hyphenated()
                .encode_lower(&mut buf),
            Stamp::Millis(ms) => {
                let t = DateTime::from_timestamp_millis(ms)?;
                let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
                let out = &mut buf[..24];
                out.copy_from_slice(b"0000-00-00T00:00:00.000Z");
                for (at, width, v) in [
                    (0, 4, year),
                    (5, 2, t.month()),
                    (8, 2, t.day()),
                    (11, 2, t.hour()),
                    (14, 2, t.minute()),
                    (17, 2, t.second()),
                    (20, 3, t.timestamp_subsec_millis()),
                ] {
                    let mut v = v;
                    for slot in out[at..at + width].iter_mut().rev() {
                        *slot = b'0' + (v % 10) as u8;
                        v /= 10;
                    }
                }
                std::str::from_utf8(out).ok()?
            }
        };
        Some(f(text))
    }
}

impl fmt::Display for Stamp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_text(|t| f.write_str(t))
            .unwrap_or(Err(fmt::Error))
    }
}

impl fmt::Debug for Stamp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl PartialEq<&str> for Stamp<'_> {
    fn eq(&self, other: &&str) -> bool {
        match self {
            Stamp::Text(t) => t == other,
            _ => self.to_string().as_str() == *other,
        }
    }
}

impl From<Stamp<'_>> for serde_json::Value {
    fn from(s: Stamp<'_>) -> Self {
        Self::String(s.to_string())
    }
}

impl Serialize for Stamp<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.with_text(|t| s.serialize_str(t))
            .unwrap_or_else(|| Err(S::Error::custom("a date outside the years 0000 to 9999")))
    }
}

impl fmt::Debug for Stamps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stamps")
            .field("creation_date", &self.creation_date())
            .field("effective_date", &self.effective_date())
            .field("request_id", &self.request_id())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_values_are_compact_and_read_back_identically() {
        let s = Stamps::new(
            "2026-11-23T10:00:00.000Z",
            "1999-02-28T23:59:59.999Z",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
        );
        assert!(s.verbatim.is_none());
        assert_eq!(s.creation_date().to_string(), "2026-11-23T10:00:00.000Z");
        assert_eq!(s.effective_date().to_string(), "1999-02-28T23:59:59.999Z");
        assert_eq!(
            s.request_id().to_string(),
            "0f8fad5b-d9cb-469f-a165-70867728950e"
        );
        assert_eq!(
            serde_json::to_string(&s.creation_date()).unwrap(),
            r#""2026-11-23T10:00:00.000Z""#
        );
        assert_eq!(
            s.effective_time(),
            crate::time::parse_iso8601("1999-02-28T23:59:59.999Z")
        );
    }

    #[test]
    fn the_first_and_last_canonical_dates_print_back_identically() {
        for date in ["0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"] {
            let s = Stamps::new(date, date, "x");
            assert_eq!(s.creation, canonical_millis(date).unwrap());
            assert_eq!(s.creation_date().to_string(), date);
            assert_eq!(
                serde_json::to_string(&s.effective_date()).unwrap(),
                format!("{date:?}")
            );
        }
    }

    #[test]
    fn other_forms_are_kept_verbatim() {
        for (date, id) in [
            ("2026-11-23T10:00:00Z", "my-request"),
            (
                "2026-11-23T10:00:00.000+00:00",
                "0F8FAD5B-D9CB-469F-A165-70867728950E",
            ),
            ("2026-02-30T10:00:00.000Z", ""),
            (
                "2026-11-23T10:00:60.000Z",
                "{0f8fad5b-d9cb-469f-a165-70867728950e}",
            ),
            ("2026-11-23", "0f8fad5bd9cb469fa16570867728950e"),
        ] {
            let mut s = Stamps::new(date, date, id);
            assert_eq!(s.creation_date().to_string(), date);
            assert_eq!(s.effective_date().to_string(), date);
            assert_eq!(s.request_id().to_string(), id);
            s.set_effective_date("2026-11-23T10:00:00.000Z");
            s.set_creation_date("2026-11-23T10:00:00.000Z");
            s.set_request_id("0f8fad5b-d9cb-469f-a165-70867728950e");
            assert!(s.verbatim.is_none(), "{date} {id}");
        }
    }
}
