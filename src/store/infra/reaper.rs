//! Freeing off the appender's thread: a full log drops as many items as it takes, and freeing
//! each (a handful of allocations) costs about as much as making it. A [`Reaper`] hands what is
//! dropped to a thread of its own, started on the first drop and ended with the reaper, so a
//! campaign run's logging thread (or a request) does not pay for it.

use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::sync::OnceLock;

/// How many batches may wait for the reaper; beyond that the caller frees its batch itself.
const QUEUED: usize = 64;

/// A smaller batch is freed by the caller: waking the reaper costs more than freeing a few
/// items (a request that logs one message drops one).
const WORTH_A_WAKE: usize = 256;

pub struct Reaper<T> {
    /// The reaper thread's queue, once started (`None`: it could not be started).
    queue: OnceLock<Option<SyncSender<Vec<T>>>>,
}

impl<T> Default for Reaper<T> {
    fn default() -> Self {
        Reaper {
            queue: OnceLock::new(),
        }
    }
}

impl<T: Send + 'static> Reaper<T> {
    /// Frees `items` on the reaper's thread, or here when they are few or its queue is full.
    pub fn free(&self, items: Vec<T>) {
        if items.len() < WORTH_A_WAKE {
            drop(items);
            return;
        }
        let queue = self.queue.get_or_init(|| {
            let (tx, rx) = sync_channel::<Vec<T>>(QUEUED);
            std::thread::Builder::new()
                .name("log-reaper".into())
                .spawn(move || rx.into_iter().for_each(drop))
                .ok()
                .map(|_| tx)
        });
        if let Some(queue) = queue {
            if let Err(TrySendError::Full(items) | TrySendError::Disconnected(items)) =
                queue.try_send(items)
            {
                drop(items);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Reaper;

    #[test]
    fn what_it_is_given_is_freed() {
        let item = Arc::new(7);
        let reaper = Reaper::default();
        reaper.free(vec![Arc::clone(&item); 1000]);
        // The reaper's thread ends when the reaper does, having freed everything queued.
        drop(reaper);
        for _ in 0..1000 {
            if Arc::strong_count(&item) == 1 {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("the items were not freed");
    }

    #[test]
    fn a_few_are_freed_at_once() {
        let item = Arc::new(7);
        Reaper::default().free(vec![Arc::clone(&item); 3]);
        assert_eq!(Arc::strong_count(&item), 1);
    }
}
