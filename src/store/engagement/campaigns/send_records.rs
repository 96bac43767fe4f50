//! `_campaign.send` for every targeted endpoint of a run's step, in endpoint-id order, after
//! the step's messages (docs/behaviour.md#delivery-events): SUCCESS with the message id,
//! FAILURE, or why the limits or quiet time held it back. Made slice by slice as the delivery
//! builds them ([`SliceTail`]); the delivery numbers and appends them after its messages.

use super::pacing::Held;
use super::run::send_attributes;
use crate::store::events::recorded::RecordedEvent;
use crate::store::events::service::Stamp;
use crate::store::messaging::messages::sent::SentMessage;
use crate::store::messaging::messages::SliceTail;
use crate::store::{Scope, Store};

/// What `_campaign.send` says of a targeted endpoint besides its status.
pub(super) struct Target {
    pub(super) ct: &'static str,
    pub(super) user: Option<String>,
}

/// The `_campaign.send` records of one step, made as its results come in.
pub(super) struct CampaignSends<'a> {
    stamp: Stamp,
    campaign: &'a str,
    treatment: &'a str,
    activity: &'a str,
    /// Every targeted endpoint, with why it was held back if it was.
    targeted: &'a [(String, Option<Held>)],
    /// Each targeted endpoint's ChannelType and UserId.
    who: &'a [Target],
    /// The first targeted endpoint without its record yet.
    next: usize,
    records: Vec<RecordedEvent>,
}

impl<'a> CampaignSends<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        store: &'a Store,
        scope: &Scope,
        app_id: &str,
        campaign: &'a str,
        treatment: &'a str,
        activity: &'a str,
        targeted: &'a [(String, Option<Held>)],
        who: &'a [Target],
    ) -> Self {
        CampaignSends {
            stamp: store.stamp(scope, app_id),
            campaign,
            treatment,
            activity,
            targeted,
            who,
            next: 0,
            records: Vec::new(),
        }
    }

    /// The next targeted endpoint's record.
    fn push(&mut self, status: &str, message_id: Option<&str>) {
        let (Some((e, _)), Some(who)) = (self.targeted.get(self.next), self.who.get(self.next))
        else {
            return;
        };
        let attributes = send_attributes(
            self.campaign,
            self.treatment,
            Some(self.activity),
            who.ct,
            status,
            message_id,
        );
        self.records.push(self.stamp.delivery_unnumbered(
            Some(e),
            who.user.as_deref(),
            "_campaign.send",
            &attributes,
        ));
        self.next += 1;
    }

    /// The held-back endpoints before the next one sent to.
    fn held_ones(&mut self) {
        while let Some((_, Some(why))) = self.targeted.get(self.next) {
            self.push(why.status(), None);
        }
    }

    /// The results of the next endpoints sent to, in order: whether each was delivered, with
    /// its message id.
    pub(super) fn results<'m>(
        &mut self,
        results: impl IntoIterator<Item = (bool, Option<&'m str>)>,
    ) {
        for (delivered, message_id) in results {
            self.held_ones();
            match delivered {
                true => self.push("SUCCESS", message_id),
                false => self.push("FAILURE", None),
            }
        }
    }
}

impl SliceTail for CampaignSends<'_> {
    fn slice(&mut self, sent_to: &[bool], sent: &[SentMessage]) -> Vec<RecordedEvent> {
        let mut ids = sent.iter().map(|m| &*m.message_id);
        let results: Vec<(bool, Option<&str>)> = sent_to
            .iter()
            .map(|ok| (*ok, ok.then(|| ids.next()).flatten()))
            .collect();
        self.results(results);
        let n = self.records.len();
        std::mem::replace(&mut self.records, Vec::with_capacity(n))
    }

    /// The rest: held back, or never reached by a delivery that failed as a whole (FAILURE).
    fn finish(&mut self) -> Vec<RecordedEvent> {
        while let Some((_, held)) = self.targeted.get(self.next) {
            match held {
                Some(why) => self.push(why.status(), None),
                None => self.push("FAILURE", None),
            }
        }
        std::mem::take(&mut self.records)
    }
}
