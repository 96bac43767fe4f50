//! GetInAppMessages (docs/behaviour.md#in-app-messages): the in-app campaigns an endpoint is
//! in, computed from its segments at the time of the call.

use super::{Campaign, Status};
use crate::store::endpoints::model::fold_id;
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::{Scope, Store, StoreResult};

impl Store {
    /// Every campaign of the app whose latest version has an InAppMessage, not paused,
    /// completed or deleted, whose segment holds the endpoint, oldest campaign first. An unknown
    /// endpoint has none.
    pub fn in_app_campaigns(
        &self,
        scope: &Scope,
        app_id: &str,
        endpoint_id: &str,
    ) -> StoreResult<Vec<Campaign>> {
        let app = self.app(scope, app_id)?;
        let data = app.read();
        let Some(ep) = data.endpoint(&fold_id(endpoint_id)) else {
            return Ok(Vec::new());
        };
        let events = || self.last_event_times(scope, app_id);
        let ev = Evaluator::new(&data, self.now(scope), &events);
        let mut campaigns: Vec<_> = data.campaigns().values().collect();
        campaigns.sort_by(|a, b| (&a.creation_date, &a.id).cmp(&(&b.creation_date, &b.id)));
        let mut out = Vec::new();
        for c in campaigns {
            let (_, v) = c.versions.latest();
            let in_app = v
                .body
                .message_configuration
                .as_ref()
                .is_some_and(|m| m.in_app_message.is_some());
            if !in_app {
                continue;
            }
            if matches!(
                self.campaign_states(scope, &data, c).campaign,
                Status::PAUSED | Status::COMPLETED | Status::DELETED
            ) {
                continue;
            }
            let Some(seg) = data.segments().get(v.segment_id()) else {
                continue;
            };
            if ev.contains(seg, Some(v.segment_version), ep)? {
                out.push(c.clone());
            }
        }
        Ok(out)
    }
}
