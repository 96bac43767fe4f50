//! `--events-file`: every accepted event appended to a file as one JSON line, by a writer thread
//! fed through a channel, so no request waits for the disk.
//!
//! The guarantee: an acknowledged event reaches the file (written and flushed to the operating
//! system, so it survives the emulator being killed) at the latest [`FLUSH_EVERY`] after the
//! writer takes it from the channel, which it does as soon as it is idle, and in any case before
//! the emulator exits normally: dropping the [`EventsFile`] drains the channel and flushes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use super::events::RecordedEvent;

/// The longest the writer holds written lines before it flushes them.
pub const FLUSH_EVERY: Duration = Duration::from_millis(100);

type Batch = Vec<Arc<RecordedEvent>>;

/// The writer thread and the channel that feeds it.
pub struct EventsFile {
    tx: Mutex<Option<Sender<Batch>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl EventsFile {
    /// Opens `path` for appending (created when missing) and starts the writer.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        let (tx, rx) = channel();
        let thread = std::thread::Builder::new()
            .name("events-file".into())
            .spawn(move || write_until_closed(&rx, BufWriter::new(file)))?;
        Ok(Self {
            tx: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Queues accepted events for the file; never blocks on I/O.
    pub fn append(&self, batch: Batch) {
        if let Some(tx) = &*self.tx.lock() {
            if tx.send(batch).is_err() {
                tracing::error!("the events file writer has stopped; events are not written");
            }
        }
    }

    /// Writes everything queued so far and stops the writer. Later appends are ignored.
    pub fn close(&self) {
        drop(self.tx.lock().take());
        if let Some(thread) = self.thread.lock().take() {
            let _ = thread.join();
        }
    }
}

impl Drop for EventsFile {
    fn drop(&mut self) {
        self.close();
    }
}

fn write_batch(w: &mut BufWriter<File>, batch: &Batch) -> std::io::Result<()> {
    for e in batch {
        serde_json::to_writer(&mut *w, &**e)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The writer loop: waits for a batch, writes what else is queued for up to [`FLUSH_EVERY`],
/// flushes; ends when every sender is gone and the channel is empty.
fn write_until_closed(rx: &Receiver<Batch>, mut w: BufWriter<File>) {
    let report = |r: std::io::Result<()>| {
        if let Err(err) = r {
            tracing::error!(%err, "could not append to the events file");
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
