//! The two server-wide logs, handed to [`super::Store::new`] together: recorded events and sent
//! messages, each a [`super::infra::ring`] log.

use super::events::recorded::EventLog;
use super::messaging::messages::sent::SentLog;

/// The server-wide logs tests read back.
pub struct Logs {
    pub events: EventLog,
    pub sent: SentLog,
}

impl Logs {
    /// Logs of at most `max` items each, kept in memory only.
    pub fn in_memory(max: usize) -> Self {
        Self {
            events: EventLog::new(max, None).expect("no file to open"),
            sent: SentLog::new(max, None).expect("no file to open"),
        }
    }
}
