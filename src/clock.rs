//! The clock every part of the emulator reads. The server uses the system clock; tests use a
//! [`ManualClock`] so dates in answers, golden files and campaign schedules are exact. No other
//! code reads the wall clock.
//!
//! On top of that base clock every scope (account and region) has its own test clock
//! ([`Clocks`], docs/behaviour.md#test-clock): it shows the base clock until a test freezes it,
//! then moves only when told to.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
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

/// What a scope's clock shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shows {
    /// The base clock.
    System,
    /// A fixed instant.
    Frozen(DateTime<Utc>),
}

/// Why a scope's clock would not move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// Time does not run backwards.
    #[error("{wanted} is earlier than the clock's current time {now}", wanted = format_iso(*.wanted), now = format_iso(*.now))]
    Earlier {
        now: DateTime<Utc>,
        wanted: DateTime<Utc>,
    },
    /// Leaving frozen time would move the clock backwards.
    #[error("the clock is frozen at {frozen}, ahead of system time {system}; time must not run backwards under scheduled work", frozen = format_iso(*.frozen), system = format_iso(*.system))]
    Ahead {
        frozen: DateTime<Utc>,
        system: DateTime<Utc>,
    },
}

/// The test clocks of every scope, over one base clock. A scope never seen shows the start
/// instant when the server was started frozen (`--clock`), else the base clock.
pub struct Clocks {
    base: SharedClock,
    /// Whether any scope may be frozen: while false, reading a clock takes no lock.
    any: AtomicBool,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Where unseen scopes start (`--clock`).
    start: Option<DateTime<Utc>>,
    scopes: HashMap<(String, String), Shows>,
}

impl Clocks {
    /// Every scope on `base`; frozen at `start` when given.
    pub fn new(base: SharedClock, start: Option<DateTime<Utc>>) -> Self {
        Self {
            base,
            any: AtomicBool::new(start.is_some()),
            inner: Mutex::new(Inner {
                start,
                scopes: HashMap::new(),
            }),
        }
    }

    /// The base clock (what the operating system says, or a test's [`ManualClock`]).
    pub fn base(&self) -> &SharedClock {
        &self.base
    }

    fn shows(&self, account: &str, region: &str) -> Shows {
        if !self.any.load(Ordering::Acquire) {
            return Shows::System;
        }
        let inner = self.inner.lock();
        match inner.scopes.get(&(account.to_string(), region.to_string())) {
            Some(s) => *s,
            None => inner.start.map_or(Shows::System, Shows::Frozen),
        }
    }

    /// The scope's current time.
    pub fn now(&self, account: &str, region: &str) -> DateTime<Utc> {
        match self.shows(account, region) {
            Shows::System => self.base.now(),
            Shows::Frozen(t) => t,
        }
    }

    /// Whether the scope's clock is frozen.
    pub fn is_frozen(&self, account: &str, region: &str) -> bool {
        matches!(self.shows(account, region), Shows::Frozen(_))
    }

    /// Freezes the scope at `at`; an instant earlier than the scope's current time is refused.
    pub fn freeze(&self, account: &str, region: &str, at: DateTime<Utc>) -> Result<(), ClockError> {
        let now = self.now(account, region);
        if at < now {
            return Err(ClockError::Earlier { now, wanted: at });
        }
        self.set(account, region, at);
        Ok(())
    }

    /// Shows `at` in the scope, with no check (the runner moves time forward in steps).
    pub fn set(&self, account: &str, region: &str, at: DateTime<Utc>) {
        self.any.store(true, Ordering::Release);
        self.inner
            .lock()
            .scopes
            .insert((account.to_string(), region.to_string()), Shows::Frozen(at));
    }

    /// Returns the scope to system time; refused while its frozen time is ahead of it.
    pub fn unfreeze(&self, account: &str, region: &str) -> Result<(), ClockError> {
        let system = self.base.now();
        if let Shows::Frozen(frozen) = self.shows(account, region) {
            if frozen > system {
                return Err(ClockError::Ahead { frozen, system });
            }
        }
        self.inner
            .lock()
            .scopes
            .insert((account.to_string(), region.to_string()), Shows::System);
        Ok(())
    }

    /// Every scope back on system time, the start instant forgotten (the state reset).
    pub fn reset(&self) {
        let mut inner = self.inner.lock();
        inner.start = None;
        inner.scopes.clear();
        self.any.store(false, Ordering::Release);
    }
}

impl std::fmt::Debug for Clocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clocks").finish_non_exhaustive()
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

    fn at(s: &str) -> DateTime<Utc> {
        crate::time::parse_iso8601(s).unwrap()
    }

    #[test]
    fn a_scope_shows_the_base_clock_until_frozen_and_scopes_never_share() {
        let base = Arc::new(ManualClock::default());
        let clocks = Clocks::new(base.clone(), None);
        assert!(!clocks.is_frozen("a", "r"));
        base.advance(chrono::Duration::seconds(5));
        assert_eq!(clocks.now("a", "r"), base.now());
        clocks.freeze("a", "r", at("2030-01-01T00:00:00Z")).unwrap();
        base.advance(chrono::Duration::seconds(5));
        assert_eq!(clocks.now("a", "r"), at("2030-01-01T00:00:00Z"));
        assert_eq!(clocks.now("b", "r"), base.now());
        assert_eq!(clocks.now("a", "q"), base.now());
    }

    #[test]
    fn time_does_not_run_backwards() {
        let clocks = Clocks::new(Arc::new(ManualClock::default()), None);
        clocks.freeze("a", "r", at("2030-01-01T00:00:00Z")).unwrap();
        let e = clocks
            .freeze("a", "r", at("2029-12-31T23:59:59Z"))
            .unwrap_err();
        assert!(matches!(e, ClockError::Earlier { .. }));
        assert!(e.to_string().contains("2029-12-31T23:59:59.000Z"), "{e}");
        assert!(e.to_string().contains("2030-01-01T00:00:00.000Z"), "{e}");
        clocks.freeze("a", "r", at("2030-01-01T00:00:00Z")).unwrap();
        let e = clocks.unfreeze("a", "r").unwrap_err();
        assert!(matches!(e, ClockError::Ahead { .. }));
        assert!(clocks.is_frozen("a", "r"));
    }

    #[test]
    fn unfreezing_behind_system_time_and_the_reset_return_to_system_time() {
        let base = Arc::new(ManualClock::default());
        let clocks = Clocks::new(base.clone(), Some(ManualClock::fixed()));
        assert!(clocks.is_frozen("any", "where"));
        base.advance(chrono::Duration::hours(1));
        clocks.unfreeze("any", "where").unwrap();
        assert_eq!(clocks.now("any", "where"), base.now());
        assert!(clocks.is_frozen("other", "where"));
        clocks.reset();
        assert!(!clocks.is_frozen("other", "where"));
    }
}
