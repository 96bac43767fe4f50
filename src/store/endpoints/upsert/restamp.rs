//! The update that changes nothing but the stamps. An app that registers its endpoint on each
//! launch (as the mobile and web SDKs do) sends again the values the endpoint already has; under
//! the rules of [`super`] such an update moves only EffectiveDate and RequestId. This
//! path recognises it before the general one copies the endpoint, checks what the general path
//! would check (the quotas on what was sent, the consistency of the endpoint, its size), in the
//! same order, and sets the two stamps in place. Whenever the update could change anything
//! else (a value, the user, the status, the address's holder), it answers `None` and the general
//! path runs. A property test below checks that both paths leave the same app and the same
//! answer.

use super::{check_consistency, check_sent_quotas, check_size, UpsertCtx};
use crate::store::app::{address_key, AppData, Txn};
use crate::store::endpoints::merge::{attrs_change, metrics_change, SharedMerge};
use crate::store::endpoints::model::{attrs_size, AttrMap, Endpoint, EndpointPatch, Status};
use crate::store::error::StoreResult;

/// The update applied in place, when it changes nothing but the stamps of the endpoint stored
/// under `key`; `None` when the general path must run.
pub(super) fn try_restamp(
    txn: &mut Txn<'_>,
    ctx: &UpsertCtx<'_>,
    id: &str,
    key: &str,
    patch: &EndpointPatch,
) -> Option<StoreResult<()>> {
    let data = txn.data();
    let ep = data.endpoint(key)?;
    let user_attributes = data.user_attributes(ep.user_id.as_deref());
    if !changes_only_stamps(data, key, ep, user_attributes, patch) {
        return None;
    }
    // The endpoint keeps its user, so user attributes sent count when it has one.
    let keep_user_attrs = ep.user_id.is_some();
    // Judged from the endpoint as it stays, and answered after the quotas, as in the general
    // path (steps 5, 8 and 11; step 10 is the stamps set in place).
    let consistent = check_consistency(ep);
    let user_size = attrs_size(user_attributes);
    let checked = check_sent_quotas(txn, ctx.limits, patch, keep_user_attrs).and(consistent);
    Some(checked.and_then(|()| {
        let own_size = txn.restamp(key, |stamps| {
            stamps.set_effective_date(patch.effective_date.as_deref().unwrap_or(ctx.now));
            stamps.set_request_id(patch.request_id.as_deref().unwrap_or(ctx.request_id));
        });
        check_size(ctx, id, own_size.unwrap_or(0) + user_size)
    }))
}

/// Whether merging `patch` into the stored `ep` would leave every member, the user, the user's
/// attributes, the status and the address's holder as they are.
fn changes_only_stamps(
    data: &AppData,
    key: &str,
    ep: &Endpoint,
    user_attributes: &AttrMap,
    patch: &EndpointPatch,
) -> bool {
    let same_user = patch.user.as_ref().is_none_or(|u| {
        let id_kept = u
            .user_id
            .as_deref()
            .is_none_or(|id| !id.is_empty() && ep.user_id.as_deref() == Some(id));
        let attrs_kept = u
            .user_attributes
            .as_ref()
            .is_none_or(|sent| ep.user_id.is_none() || !attrs_change(user_attributes, sent));
        id_kept && attrs_kept
    });
    let holds_its_address = address_key(ep, data.dedup_by_channel())
        .is_none_or(|a| data.active_holder(&a).is_none_or(|holder| holder == key));
    patch.address.as_ref().is_none_or(|a| ep.address.as_ref() == Some(a))
        && patch.channel_type.is_none_or(|c| ep.channel_type == Some(c))
        && patch
            .attributes
            .as_ref()
            .is_none_or(|a| !attrs_change(&ep.attributes, a))
        && patch.demographic.as_ref().is_none_or(|d| {
            ep.demographic
                .as_deref()
                .is_some_and(|have| !have.changed_by(d))
        })
        && patch.location.as_ref().is_none_or(|l| {
            ep.location
                .as_deref()
                .is_some_and(|have| !have.changed_by(l))
        })
        && patch
            .metrics
            .as_ref()
            .is_none_or(|m| ep.metrics.as_ref().is_some_and(|have| !metrics_change(have, m)))
        && patch.opt_out.is_none_or(|o| o == ep.opt_out)
        && same_user
        // An INACTIVE endpoint's update has a same-address rule of its own (the general path).
        && ep.status == Status::ACTIVE
        && patch.status.unwrap_or(Status::ACTIVE) == Status::ACTIVE
        && holds_its_address
}

#[cfg(test)]
mod tests;
