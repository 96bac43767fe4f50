//! The clock every part of the emulator reads. The server uses the system clock; tests use a
//! [`ManualClock`] so dates in answers, golden files and campaign schedules are exact. No other
//! code reads the wall clock.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use parking_lot::Mutex;

use crate::time::format_iso;

/// A source of the current time.
pub trait Clock: Send + Sync + 'static {
    /// Now.
    fn now(&self) -> DateTime<Utc>;

    /// Now, as Pinpoint writes dates (`2026-11-23T06:18:48.123Z`).
    fn now_iso(&self) -> String {
        format_iso(self.now())
    }
}

/// The shared handle the application state carries.
pub type SharedClock = Arc<dyn Clock>;

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that moves only when told to.
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    /// The time golden files and tests start at: 2026-01-01T00:00:00Z.
    pub fn fixed() -> DateTime<Utc> {
        DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default()
    }

    /// A clock showing `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }

    /// Sets the time.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock() = at;
    }

    /// Moves the time forward.
    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock();
        *t += by;
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new(Self::fixed())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let c = ManualClock::default();
        assert_eq!(c.now_iso(), "2026-01-01T00:00:00.000Z");
        c.advance(chrono::Duration::milliseconds(1500));
        assert_eq!(c.now_iso(), "2026-01-01T00:00:01.500Z");
        c.set(ManualClock::fixed());
        assert_eq!(c.now(), ManualClock::fixed());
    }
}
