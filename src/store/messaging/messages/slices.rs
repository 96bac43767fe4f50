//! A campaign's or a journey's delivery: endpoints by id, each judged as SendMessages judges an
//! endpoint, built and logged [`DELIVERY_SLICE`] endpoints at a time.

use super::deliver::Delivery;
use super::send_events::delivery_records;
use super::sent::SentMessage;
use super::{DeliveryStatus, Message, Outcome, Overrides, Request};
use crate::render::limits::RequestBudget;
use crate::store::events::recorded::RecordedEvent;
use crate::store::{Scope, Store, StoreResult};

/// How many endpoints of a campaign or journey delivery are built and logged together.
const DELIVERY_SLICE: usize = 1000;

/// The records a caller makes about its delivery, slice by slice, in slice order, beside the
/// building and the logging of the slices. They are numbered and appended after the delivery's
/// last messages are logged.
pub trait SliceTail: Send {
    /// The records about one built slice, not yet numbered: whether each endpoint of the
    /// slice was sent to, and the slice's log entries (one per endpoint sent to, in order).
    fn slice(&mut self, sent_to: &[bool], sent: &[SentMessage]) -> Vec<RecordedEvent>;
    /// The records left once the last slice is built (also when the delivery failed as a whole
    /// and no slice was built).
    fn finish(&mut self) -> Vec<RecordedEvent>;
}

/// A tail that records nothing.
struct NoTail;

impl SliceTail for NoTail {
    fn slice(&mut self, _: &[bool], _: &[SentMessage]) -> Vec<RecordedEvent> {
        Vec::new()
    }
    fn finish(&mut self) -> Vec<RecordedEvent> {
        Vec::new()
    }
}

/// One built slice on its way to the log: its log entries, the records they make, and the
/// tail's records about it.
type Built = (Vec<SentMessage>, Vec<RecordedEvent>, Vec<RecordedEvent>);

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
            self.record_numbered(tail.finish());
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
        // duplicates are judged across the whole list. Building takes the message ids (in
        // endpoint order, on this thread alone) and logging takes the event ids (in log order,
        // on one other), so the logs are the same however the stages are spread.
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
        // The slices' messages are logged in order; the tail's records after the last of them.
        let log = |parts: &mut dyn Iterator<Item = Built>| {
            let mut records = Vec::new();
            for (sent, delivery, mut made) in parts {
                self.log_with_records(sent, delivery);
                records.append(&mut made);
            }
            self.record_numbered(records);
        };
        if ids.len() <= DELIVERY_SLICE {
            let (sent_to, sent) = build(ids);
            let (delivery, made) = (delivery_records(&sent), tail.slice(&sent_to, &sent));
            let last = (Vec::new(), Vec::new(), tail.finish());
            log(&mut [(sent, delivery, made), last].into_iter());
            return Ok(out);
        }
        // Three stages, each on its own thread, a slice apart: this one builds, the next makes
        // the records (the delivery's and the tail's), the last numbers and logs them.
        std::thread::scope(|s| {
            let (to_tail, built) =
                std::sync::mpsc::sync_channel::<(Vec<bool>, Vec<SentMessage>)>(1);
            let (to_log, recorded) = std::sync::mpsc::sync_channel::<Built>(1);
            let tailer = s.spawn(move || {
                for (sent_to, sent) in built {
                    let (delivery, made) = (delivery_records(&sent), tail.slice(&sent_to, &sent));
                    if to_log.send((sent, delivery, made)).is_err() {
                        return;
                    }
                }
                let _ = to_log.send((Vec::new(), Vec::new(), tail.finish()));
            });
            let logger = s.spawn(|| log(&mut recorded.into_iter()));
            for slice in ids.chunks(DELIVERY_SLICE) {
                if to_tail.send(build(slice)).is_err() {
                    break;
                }
            }
            drop(to_tail);
            let (tailed, logged) = (tailer.join(), logger.join());
            if tailed.is_err() || logged.is_err() {
                tracing::error!("recording or logging a delivery's slices panicked");
            }
        });
        Ok(out)
    }
}
