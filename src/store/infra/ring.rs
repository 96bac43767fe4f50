//! A bounded, in-memory log shared across the server (recorded events, sent messages): when
//! full, the oldest items are dropped and counted. Optionally mirrored to an NDJSON file, off the
//! request path ([`super::ndjson`]).
//!
//! Every item gets a sequence number, increasing for the life of the server (a clear does not
//! restart it), and the log publishes its latest number on a [`watch`] channel: a live reader
//! (the dashboard's event stream) waits on it and then asks for the items after the last number
//! it saw. Publishing is one uncontended store when nobody listens.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;

use parking_lot::Mutex;
use serde::Serialize;
use tokio::sync::watch;

use super::ndjson::NdjsonFile;
use super::reaper::Reaper;

struct Inner<T> {
    /// Items with their sequence numbers, oldest first.
    items: VecDeque<(u64, Arc<T>)>,
    dropped: u64,
    /// The number of the last item ever added (0: none yet).
    last_seq: u64,
}

impl<T> Inner<T> {
    fn push(&mut self, item: Arc<T>) {
        self.last_seq += 1;
        self.items.push_back((self.last_seq, item));
    }
}

/// The log: at most `max` items, oldest first.
pub struct Ring<T> {
    inner: Mutex<Inner<T>>,
    max: usize,
    file: Option<NdjsonFile<T>>,
    /// The latest sequence number, for live readers.
    latest: watch::Sender<u64>,
    /// Frees what the bound drops.
    reaper: Reaper<(u64, Arc<T>)>,
}

/// Items picked out of the log with their sequence numbers, and the log's latest number when
/// they were picked.
pub struct Picked<T> {
    pub items: Vec<(u64, Arc<T>)>,
    pub last_seq: u64,
}

impl<T: Serialize + Clone + Send + Sync + 'static> Ring<T> {
    /// A log holding at most `max` items, optionally mirrored to an NDJSON file (appended).
    pub fn new(max: usize, file: Option<&Path>) -> std::io::Result<Self> {
        let file = file.map(NdjsonFile::open).transpose()?;
        Ok(Self {
            inner: Mutex::new(Inner {
                items: VecDeque::new(),
                dropped: 0,
                last_seq: 0,
            }),
            max,
            file,
            latest: watch::Sender::new(0),
            reaper: Reaper::default(),
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
        for item in batch {
            inner.push(item);
        }
        let last = inner.last_seq;
        let evicted = Self::trim(&mut inner, self.max);
        drop(inner);
        self.reaper.free(evicted);
        if self.latest.receiver_count() > 0 {
            self.latest.send_replace(last);
        }
    }

    /// The latest sequence number given (0 before the first item): how many items were ever
    /// recorded, whatever was dropped or cleared since.
    pub fn last_seq(&self) -> u64 {
        self.inner.lock().last_seq
    }

    /// A receiver of the latest sequence number: it changes whenever items are added.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.latest.subscribe()
    }

    /// The items `pred` selects among those numbered after `seq`, oldest first, at most `limit`.
    pub fn after(&self, seq: u64, pred: impl Fn(&T) -> bool, limit: usize) -> Picked<T> {
        let inner = self.inner.lock();
        let start = inner.items.partition_point(|(n, _)| *n <= seq);
        let items = inner
            .items
            .range(start..)
            .filter(|(_, e)| pred(e))
            .take(limit)
            .cloned()
            .collect();
        Picked {
            items,
            last_seq: inner.last_seq,
        }
    }

    /// The items `pred` selects among those numbered before `before` (all when `None`),
    /// newest first, at most `limit`.
    pub fn newest(
        &self,
        pred: impl Fn(&T) -> bool,
        before: Option<u64>,
        limit: usize,
    ) -> Picked<T> {
        let inner = self.inner.lock();
        let end = before.map_or(inner.items.len(), |b| {
            inner.items.partition_point(|(n, _)| *n < b)
        });
        let items = inner
            .items
            .range(..end)
            .rev()
            .filter(|(_, e)| pred(e))
            .take(limit)
            .cloned()
            .collect();
        Picked {
            items,
            last_seq: inner.last_seq,
        }
    }

    /// Drops the oldest items beyond `max`, returning them so the caller frees them unlocked.
    fn trim(inner: &mut Inner<T>, max: usize) -> Vec<(u64, Arc<T>)> {
        let over = inner.items.len().saturating_sub(max);
        inner.dropped += over as u64;
        inner.items.drain(..over).collect()
    }

    /// The items `pred` selects in arrival order (at most `limit`), and how many were dropped
    /// so far.
    pub fn select(&self, pred: impl Fn(&T) -> bool, limit: Option<usize>) -> (Vec<Arc<T>>, u64) {
        let inner = self.inner.lock();
        let it = inner
            .items
            .iter()
            .map(|(_, e)| e)
            .filter(|e| pred(e))
            .cloned();
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
        self.inner.lock().items.retain(|(_, e)| !pred(e));
    }

    /// Every item, for snapshots.
    pub fn all(&self) -> Vec<T> {
        self.inner
            .lock()
            .items
            .iter()
            .map(|(_, e)| (**e).clone())
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
        for item in items {
            inner.push(Arc::new(item));
        }
        let evicted = Self::trim(&mut inner, self.max);
        drop(inner);
        drop(evicted);
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;

    fn values(picked: &super::Picked<u32>) -> Vec<(u64, u32)> {
        picked.items.iter().map(|(n, v)| (*n, **v)).collect()
    }

    #[test]
    fn numbers_keep_rising_through_drops_and_clears() {
        let ring: Ring<u32> = Ring::new(3, None).unwrap();
        let mut rx = ring.subscribe();
        ring.record(vec![10, 11, 12, 13]);
        assert!(rx.has_changed().unwrap());
        assert_eq!(*rx.borrow_and_update(), 4);
        assert_eq!(
            values(&ring.after(0, |_| true, 10)),
            [(2, 11), (3, 12), (4, 13)]
        );
        assert_eq!(values(&ring.after(3, |_| true, 10)), [(4, 13)]);
        assert_eq!(
            values(&ring.newest(|v| v % 2 == 1, None, 10)),
            [(4, 13), (2, 11)]
        );
        assert_eq!(values(&ring.newest(|_| true, Some(4), 1)), [(3, 12)]);
        ring.clear_all();
        ring.record(vec![20]);
        let picked = ring.after(4, |_| true, 10);
        assert_eq!((values(&picked), picked.last_seq), (vec![(5, 20)], 5));
    }
}
