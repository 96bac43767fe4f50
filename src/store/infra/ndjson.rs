//! `--events-file` and `--messages-file`: every recorded item appended to a file as one JSON
//! line, by a writer thread fed through a channel, so no request waits for the disk.
//!
//! The guarantee: an acknowledged item reaches the file (written and flushed to the operating
//! system, so it survives the emulator being killed) at the latest [`FLUSH_EVERY`] after the
//! writer takes it from the channel, which it does as soon as it is idle, and in any case before
//! the emulator exits normally: dropping the [`NdjsonFile`] drains the channel and flushes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use serde::Serialize;

/// The longest the writer holds written lines before it flushes them.
pub const FLUSH_EVERY: Duration = Duration::from_millis(100);

type Batch<T> = Vec<Arc<T>>;

/// The writer thread and the channel that feeds it.
pub struct NdjsonFile<T> {
    tx: Mutex<Option<Sender<Batch<T>>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl<T: Serialize + Send + Sync + 'static> NdjsonFile<T> {
    /// Opens `path` for appending (created when missing) and starts the writer.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        let (tx, rx) = channel();
        let thread = std::thread::Builder::new()
            .name("ndjson-file".into())
            .spawn(move || write_until_closed(&rx, BufWriter::new(file)))?;
        Ok(Self {
            tx: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Queues items for the file; never blocks on I/O.
    pub fn append(&self, batch: Batch<T>) {
        if let Some(tx) = &*self.tx.lock() {
            if tx.send(batch).is_err() {
                tracing::error!("a log file writer has stopped; its items are not written");
            }
        }
    }
}

impl<T> NdjsonFile<T> {
    /// Writes everything queued so far and stops the writer. Later appends are ignored.
    pub fn close(&self) {
        drop(self.tx.lock().take());
        if let Some(thread) = self.thread.lock().take() {
            let _ = thread.join();
        }
    }
}

impl<T> Drop for NdjsonFile<T> {
    fn drop(&mut self) {
        self.close();
    }
}

fn write_batch<T: Serialize>(w: &mut BufWriter<File>, batch: &Batch<T>) -> std::io::Result<()> {
    for e in batch {
        serde_json::to_writer(&mut *w, &**e)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The writer loop: waits for a batch, writes what else is queued for up to [`FLUSH_EVERY`],
/// flushes; ends when every sender is gone and the channel is empty.
fn write_until_closed<T: Serialize>(rx: &Receiver<Batch<T>>, mut w: BufWriter<File>) {
    let report = |r: std::io::Result<()>| {
        if let Err(err) = r {
            tracing::error!(%err, "could not append to a log file");
        }
    };
    while let Ok(batch) = rx.recv() {
        let started = Instant::now();
        report(write_batch(&mut w, &batch));
        while started.elapsed() < FLUSH_EVERY {
            match rx.try_recv() {
                Ok(batch) => report(write_batch(&mut w, &batch)),
                Err(_) => break,
            }
        }
        report(w.flush());
    }
    report(w.flush());
}
