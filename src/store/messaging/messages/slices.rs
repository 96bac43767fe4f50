//! A campaign's or a journey's delivery: endpoints by id, each judged as SendMessages judges an
//! endpoint, built and logged [`DELIVERY_SLICE`] endpoints at a time.

use super::deliver::Delivery;
use super::sent::SentMessage;
use super::{DeliveryStatus, Message, Outcome, Overrides, Request};
use crate::render::limits::RequestBudget;
use crate::store::{Scope, Store, StoreResult};

/// How many endpoints of a campaign or journey delivery are built and logged together.
const DELIVERY_SLICE: usize = 1000;

/// What a caller does with each slice of its delivery once the slice is built, on the thread
/// that logs the slices, in slice order: the records it makes about its sends are made beside
/// the building of the next slice rather than after the whole delivery.
pub trait SliceTail: Send {
    /// Before the slice's messages are logged: whether each endpoint of the slice was sent to,
    /// and the slice's log entries (one per endpoint sent to, in the same order).
    fn slice(&mut self, sent_to: &[bool], sent: &[SentMessage]);
    /// Once, after the last slice's messages are logged (also when the delivery failed as a
    /// whole and no slice was built).
    fn finish(&mut self);
}

/// A tail that does nothing.
struct NoTail;

impl SliceTail for NoTail {
    fn slice(&mut self, _: &[bool], _: &[SentMessage]) {}
    fn finish(&mut self) {}
}

impl Store {
    /// Sends a message to endpoints by id, each judged as SendMessages judges an endpoint (a
    /// campaign's or a journey's delivery), [`DELIVERY_SLICE`] endpoints at a time.
    pub(crate) fn deliver_to_endpoints(
        &self,
        scope: &Scope,
        app_id: &str,
        message: &Message,
        ids: &[String],
        request_id: &str,
        operation: &'static str,
    ) -> StoreResult<Vec<Outcome>> {
        self.deliver_slices(
            scope,
            app_id,
            message,
            ids,
            request_id,
            operation,
            &mut NoTail,
        )
    }

    /// [`Store::deliver_to_endpoints`], handing each built slice to `tail`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn deliver_slices(
        &self,
        scope: &Scope,
        app_id: &str,
        message: &Message,
        ids: &[String],
        request_id: &str,
        operation: &'static str,
        tail: &mut dyn SliceTail,
    ) -> StoreResult<Vec<Outcome>> {
        let req = Request {
            scope,
            app_id,
            request_id,
            operation,
        };
        let out = self.build_and_log(req, message, ids, tail);
        if out.is_err() {
            tail.finish();
        }
        out
    }

    fn build_and_log(
        &self,
        req: Request<'_>,
        message: &Message,
        ids: &[String],
        tail: &mut dyn SliceTail,
    ) -> StoreResult<Vec<Outcome>> {
        let config = message.check()?;
        let _budget = RequestBudget::start(ids.len());
        let app = self.app(req.scope, req.app_id)?;
        let templates = self.resolve_templates(req.scope, &message.templates)?;
        // A slice at a time: what a delivery builds for its endpoints lives until it is logged,
        // so slices keep a run's memory small and warm. The addresses sent to carry over, so
        // duplicates are judged across the whole list. A delivery of more than one slice logs
        // each slice (and runs the tail) on a second thread while this one builds the next:
        // building takes the message ids (in endpoint order, on this thread alone) and logging
        // takes the event ids (in slice order, on the other), so the logs are the same as one
        // thread would make.
        let mut out = Vec::with_capacity(ids.len());
        let mut seen = Default::default();
        let none = Overrides::default();
        let mut build = |slice: &[String]| {
            let data = app.read();
            let mut d = Delivery::new(self, req, &data, message, config, &templates)
                .seen_before(std::mem::take(&mut seen));
            let from = out.len();
            out.extend(slice.iter().map(|id| d.send_to_endpoint(id, &none)));
            let sent_to: Vec<bool> = out[from..]
                .iter()
                .map(|o| o.status == DeliveryStatus::SUCCESSFUL)
                .collect();
            let (sent, addresses) = d.finish_part();
            seen = addresses;
            (sent_to, sent)
        };
        let log = |tail: &mut dyn SliceTail, (sent_to, sent): (Vec<bool>, Vec<SentMessage>)| {
            tail.slice(&sent_to, &sent);
            self.log_sent(sent);
        };
        if ids.len() <= DELIVERY_SLICE {
            log(tail, build(ids));
            tail.finish();
        } else {
            std::thread::scope(|s| {
                let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<bool>, Vec<SentMessage>)>(1);
                let logger = s.spawn(|| {
                    rx.into_iter().for_each(|part| log(&mut *tail, part));
                    tail.finish();
                });
                for slice in ids.chunks(DELIVERY_SLICE) {
                    if tx.send(build(slice)).is_err() {
                        break;
                    }
                }
                drop(tx);
                if logger.join().is_err() {
                    tracing::error!("logging a delivery's slices panicked");
                }
            });
        }
        Ok(out)
    }
}
