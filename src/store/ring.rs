//! A bounded, in-memory log shared across the server (recorded events, sent messages): when
//! full, the oldest items are dropped and counted. Optionally mirrored to an NDJSON file, off the
//! request path ([`super::ndjson`]).

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;

use parking_lot::Mutex;
use serde::Serialize;

use super::ndjson::NdjsonFile;

struct Inner<T> {
    items: VecDeque<Arc<T>>,
    dropped: u64,
}

/// The log: at most `max` items, oldest first.
pub struct Ring<T> {
    inner: Mutex<Inner<T>>,
    max: usize,
    file: Option<NdjsonFile<T>>,
}

impl<T: Serialize + Clone + Send + Sync + 'static> Ring<T> {
    /// A log holding at most `max` items, optionally mirrored to an NDJSON file (appended).
    pub fn new(max: usize, file: Option<&Path>) -> std::io::Result<Self> {
        let file = file.map(NdjsonFile::open).transpose()?;
        Ok(Self {
            inner: Mutex::new(Inner {
                items: VecDeque::new(),
                dropped: 0,
            }),
            max,
            file,
        })
    }

    /// Appends items, dropping the oldest beyond the bound.
    pub fn record(&self, batch: Vec<T>) {
        if batch.is_empty() {
            return;
        }
        let batch: Vec<Arc<T>> = batch.into_iter().map(Arc::new).collect();
        if let Some(f) = &self.file {
            f.append(batch.clone());
        }
        let mut inner = self.inner.lock();
        inner.items.extend(batch);
        let evicted = Self::trim(&mut inner, self.max);
        drop(inner);
        // Freed after the lock is released.
        drop(evicted);
    }

    /// Drops the oldest items beyond `max`, returning them so the caller frees them unlocked.
    fn trim(inner: &mut Inner<T>, max: usize) -> Vec<Arc<T>> {
        let over = inner.items.len().saturating_sub(max);
        inner.dropped += over as u64;
        inner.items.drain(..over).collect()
    }

    /// The items `pred` selects in arrival order (at most `limit`), and how many were dropped
    /// so far.
    pub fn select(&self, pred: impl Fn(&T) -> bool, limit: Option<usize>) -> (Vec<Arc<T>>, u64) {
        let inner = self.inner.lock();
        let it = inner.items.iter().filter(|e| pred(e)).cloned();
        let items = match limit {
            Some(n) => it.take(n).collect(),
            None => it.collect(),
        };
        (items, inner.dropped)
    }

    /// Writes what the file has queued and stops its writer (at shutdown).
    pub fn close_file(&self) {
        if let Some(f) = &self.file {
            f.close();
        }
    }

    /// Clears the whole log, including the drop count.
    pub fn clear_all(&self) {
        let mut inner = self.inner.lock();
        inner.items.clear();
        inner.dropped = 0;
    }

    /// Removes the items `pred` selects.
    pub fn clear_where(&self, pred: impl Fn(&T) -> bool) {
        self.inner.lock().items.retain(|e| !pred(e));
    }

    /// Every item, for snapshots.
    pub fn all(&self) -> Vec<T> {
        self.inner
            .lock()
            .items
            .iter()
            .map(|e| (**e).clone())
            .collect()
    }

    /// Adds items without writing them to the file (a fixture or restored state), keeping the
    /// bound.
    pub fn restore(&self, items: Vec<T>, clear: bool) {
        let mut inner = self.inner.lock();
        if clear {
            inner.items.clear();
            inner.dropped = 0;
        }
        inner.items.extend(items.into_iter().map(Arc::new));
        let evicted = Self::trim(&mut inner, self.max);
        drop(inner);
        drop(evicted);
    }
}

/// The server-wide logs tests read back.
pub struct Logs {
    pub events: super::events::EventLog,
    pub sent: super::messages::sent::SentLog,
}

impl Logs {
    /// Logs of at most `max` items each, kept in memory only.
    pub fn in_memory(max: usize) -> Self {
        Self {
            events: super::events::EventLog::new(max, None).expect("no file to open"),
            sent: super::messages::sent::SentLog::new(max, None).expect("no file to open"),
        }
    }
}
