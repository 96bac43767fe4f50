//! The endpoint upsert: Pinpoint's rules for creating or updating one endpoint, in the order of
//! the store's rule order (docs/behaviour.md#endpoints). Used by UpdateEndpoint, every UpdateEndpointsBatch item and every PutEvents
//! endpoint.

use super::cohort;
use super::merge::{merge_attrs, merge_metrics, merge_shared};
use super::model::{attrs_size, fold_id, AttrMap, Endpoint, EndpointPatch, OptOut, Stamps, Status};
use crate::store::app::{address_key, AttrKind, Txn};
use crate::store::error::{StoreError, StoreResult};
use crate::store::{Limits, MAX_ENDPOINTS_PER_USER};
use crate::time;

mod restamp;

/// Per-call facts the rules need.
pub struct UpsertCtx<'a> {
    pub app_id: &'a str,
    /// This call's request id: the endpoint's RequestId when the client sends none (docs/behaviour.md#request-id-field).
    pub request_id: &'a str,
    /// Server time, already formatted (docs/behaviour.md#dates-format).
    pub now: &'a str,
    pub limits: &'a Limits,
}

/// Checks an endpoint id (docs/behaviour.md#endpoint-id): non-empty, at most 1,024 characters, no `$ { }` and no control
/// characters.
pub fn validate_endpoint_id(id: &str) -> StoreResult<()> {
    if id.is_empty() {
        return Err(StoreError::invalid("Endpoint ID must not be empty"));
    }
    if id.chars().count() > 1024 {
        return Err(StoreError::invalid(format!(
            "Endpoint ID is {} characters long; the maximum is 1024",
            id.chars().count()
        )));
    }
    if let Some(c) = id
        .chars()
        .find(|c| matches!(c, '$' | '{' | '}') || c.is_control())
    {
        return Err(StoreError::invalid(format!(
            "Endpoint ID must not contain {c:?}: the characters $, {{ and }} and control characters are not allowed"
        )));
    }
    Ok(())
}

/// Creates or updates the endpoint `id` inside `txn`. On error the caller drops the transaction,
/// which undoes everything this call did.
pub fn upsert(
    txn: &mut Txn<'_>,
    ctx: &UpsertCtx<'_>,
    id: &str,
    patch: EndpointPatch,
) -> StoreResult<()> {
    let (key, patch) = prepare(txn, id, patch)?;
    if let Some(done) = restamp::try_restamp(txn, ctx, id, &key, &patch) {
        return done;
    }
    merged(txn, ctx, id, &key, patch)
}

/// Steps 1 to 3: the id and dates checked, blocked names dropped; the endpoint's key.
fn prepare<'i>(
    txn: &Txn<'_>,
    id: &'i str,
    mut patch: EndpointPatch,
) -> StoreResult<(std::borrow::Cow<'i, str>, EndpointPatch)> {
    // 1. The id.
    validate_endpoint_id(id)?;
    if let Some(d) = &patch.effective_date {
        time::parse_iso8601(d).ok_or_else(|| {
            StoreError::invalid(format!("EffectiveDate {d:?} is not an ISO-8601 date-time"))
        })?;
    }
    // 3. Writes to attribute names blocked by RemoveAttributes are dropped.
    drop_blocked(txn, &mut patch);
    Ok((fold_id(id), patch))
}

/// Steps 4 to 11: the update merged into a copy of the endpoint (or a new one), checked, and
/// put in the endpoint's place.
fn merged(
    txn: &mut Txn<'_>,
    ctx: &UpsertCtx<'_>,
    id: &str,
    key: &str,
    mut patch: EndpointPatch,
) -> StoreResult<()> {
    // 4. Load or create.
    let existing = txn.data().endpoint(key).cloned();
    let created = existing.is_none();
    let mut ep = match existing {
        Some(ep) => ep,
        None => new_endpoint(txn, ctx, id, &patch),
    };
    // Whether this call moves the endpoint to another user (the per-user limit's check).
    let joins_user = patch
        .user
        .as_ref()
        .and_then(|u| u.user_id.as_deref())
        .is_some_and(|u| !u.is_empty() && ep.user_id.as_deref() != Some(u));

    // 5. Quotas on what was sent. User attributes belong to the user: an endpoint that ends
    // without one keeps none, so their names do not count then.
    let keep_user_attrs = ends_with_user(&ep, &patch);
    check_sent_quotas(txn, ctx.limits, &patch, keep_user_attrs)?;
    let user_attrs = patch
        .user
        .as_mut()
        .and_then(|u| u.user_attributes.take())
        .filter(|_| keep_user_attrs);
    let (status, opt_out_sent) = (patch.status, patch.opt_out.is_some());
    let effective_date = patch.effective_date.take();
    let request_id = patch.request_id.take();

    // 6. Merge.
    merge(&mut ep, patch);

    // 7. Defaults.
    if created && !opt_out_sent {
        ep.opt_out = if ep.address().is_some() {
            OptOut::NONE
        } else {
            OptOut::ALL
        };
    }
    ep.status = status.unwrap_or(Status::ACTIVE);
    ep.stamps
        .set_effective_date(effective_date.as_deref().unwrap_or(ctx.now));
    ep.stamps
        .set_request_id(request_id.as_deref().unwrap_or(ctx.request_id));

    // 8. Consistency.
    check_consistency(&ep)?;

    // 9. At most 15 endpoints per user.
    if let Some(user) = ep.user_id.as_deref().filter(|_| joins_user) {
        make_room_for_user(txn, &ep, user)?;
    }

    // 10. Commit this endpoint, then the rules that touch other endpoints and the user.
    let address_holder_to_clear = same_address_others(txn, &ep, key);
    let own_size = ep.approx_size();
    txn.put(key, Some(ep));
    for other in address_holder_to_clear {
        txn.deactivate(&other);
    }
    if let Some(attrs) = &user_attrs {
        txn.merge_user_attributes(key, attrs);
    }

    // 11. The endpoint's size (measured before the put), with its user's attributes.
    check_size(
        ctx,
        id,
        own_size + attrs_size(txn.data().user_attributes_of(key)),
    )
}

/// Step 8: an address needs a ChannelType, and an endpoint that takes messages an address.
fn check_consistency(ep: &Endpoint) -> StoreResult<()> {
    if ep.address().is_some() && ep.channel_type.is_none() {
        return Err(StoreError::invalid("Missing ChannelType"));
    }
    if ep.opt_out == OptOut::NONE && ep.address().is_none() {
        return Err(StoreError::invalid("Missing Address"));
    }
    Ok(())
}

/// Step 11: the endpoint's own size and its user's attributes, within the 15 KB quota.
fn check_size(ctx: &UpsertCtx<'_>, id: &str, size: usize) -> StoreResult<()> {
    if size > ctx.limits.max_endpoint_bytes {
        return Err(StoreError::limit(format!(
            "Endpoint {id} would be {size} bytes; the maximum endpoint size is {} bytes (15 KB)",
            ctx.limits.max_endpoint_bytes
        )));
    }
    Ok(())
}

/// Whether the endpoint has a user once the patch is applied.
fn ends_with_user(ep: &Endpoint, patch: &EndpointPatch) -> bool {
    match patch.user.as_ref().and_then(|u| u.user_id.as_deref()) {
        Some(u) => !u.is_empty(),
        None => ep.user_id.is_some(),
    }
}

fn new_endpoint(
    txn: &mut Txn<'_>,
    ctx: &UpsertCtx<'_>,
    id: &str,
    patch: &EndpointPatch,
) -> Endpoint {
    Endpoint {
        id: id.to_string(),
        address: None,
        channel_type: None,
        attributes: AttrMap::new(),
        demographic: None,
        location: None,
        metrics: None,
        opt_out: patch.opt_out.unwrap_or(OptOut::ALL),
        status: Status::ACTIVE,
        user_id: None,
        cohort_id: cohort::cohort_id(ctx.app_id, &fold_id(id)),
        // EffectiveDate and RequestId are set by every upsert.
        stamps: Stamps::new(ctx.now, ctx.now, ctx.request_id),
        seq: txn.next_seq(),
    }
}

/// Applies the patch's members to `ep` (docs/behaviour.md#partial-update). User attributes are
/// the user's and are merged by the caller.
fn merge(ep: &mut Endpoint, patch: EndpointPatch) {
    if let Some(a) = patch.address {
        ep.address = Some(a);
    }
    if let Some(c) = patch.channel_type {
        ep.channel_type = Some(c);
    }
    if let Some(attrs) = patch.attributes {
        merge_attrs(&mut ep.attributes, &attrs);
    }
    if let Some(d) = patch.demographic {
        merge_shared(&mut ep.demographic, d);
    }
    if let Some(l) = patch.location {
        merge_shared(&mut ep.location, l);
    }
    if let Some(m) = patch.metrics {
        merge_metrics(&mut ep.metrics, m);
    }
    if let Some(o) = patch.opt_out {
        ep.opt_out = o;
    }
    match patch.user.and_then(|u| u.user_id) {
        Some(u) if u.is_empty() => ep.user_id = None,
        Some(u) if ep.user_id.as_deref() != Some(&*u) => ep.user_id = Some(u),
        _ => {}
    }
}

fn drop_blocked(txn: &Txn<'_>, patch: &mut EndpointPatch) {
    let data = txn.data();
    if !data.has_blocked() {
        return;
    }
    if let Some(a) = &mut patch.attributes {
        a.retain(|k, _| !data.is_blocked(AttrKind::Custom, k));
    }
    if let Some(m) = &mut patch.metrics {
        m.retain(|k, _| !data.is_blocked(AttrKind::Metric, k));
    }
    if let Some(ua) = patch.user.as_mut().and_then(|u| u.user_attributes.as_mut()) {
        ua.retain(|k, _| !data.is_blocked(AttrKind::User, k));
    }
}

fn check_sent_quotas(
    txn: &mut Txn<'_>,
    limits: &Limits,
    patch: &EndpointPatch,
    keep_user_attrs: bool,
) -> StoreResult<()> {
    let user_attrs = patch.user.as_ref().and_then(|u| u.user_attributes.as_ref());
    let mut first_new: Option<String> = None;
    for (kind, label, attrs) in [
        (AttrKind::Custom, "Attributes", patch.attributes.as_ref()),
        (AttrKind::User, "UserAttributes", user_attrs),
    ] {
        for (name, values) in attrs.into_iter().flatten() {
            check_name(label, name, limits)?;
            if values.len() > limits.max_values_per_attribute {
                return Err(StoreError::limit(format!(
                    "{label} {name:?} has {} values; the maximum is {} values per attribute",
                    values.len(),
                    limits.max_values_per_attribute
                )));
            }
            if let Some(v) = values
                .iter()
                .find(|v| v.chars().count() > limits.max_value_len)
            {
                return Err(StoreError::limit(format!(
                    "{label} {name:?} has a value of {} characters; the maximum value length is {}",
                    v.chars().count(),
                    limits.max_value_len
                )));
            }
            let kept = kind != AttrKind::User || keep_user_attrs;
            if kept && !values.is_empty() && txn.register_name(kind, name) && first_new.is_none() {
                first_new = Some(name.to_string());
            }
        }
    }
    for name in patch.metrics.iter().flat_map(|m| m.keys()) {
        check_name("Metrics", name, limits)?;
        if txn.register_name(AttrKind::Metric, name) && first_new.is_none() {
            first_new = Some(name.to_string());
        }
    }
    let count = txn.data().name_count();
    if count > limits.max_attribute_names {
        return Err(StoreError::limit(format!(
            "Too many custom attributes: adding {:?} would bring the application to {count} attribute names across Attributes, Metrics and UserAttributes; the maximum is {}",
            first_new.unwrap_or_default(),
            limits.max_attribute_names
        )));
    }
    Ok(())
}

fn check_name(label: &str, name: &str, limits: &Limits) -> StoreResult<()> {
    let len = name.chars().count();
    if len == 0 {
        return Err(StoreError::invalid(format!(
            "{label} names must not be empty"
        )));
    }
    if len > limits.max_name_len {
        return Err(StoreError::limit(format!(
            "{label} name {name:?} is {len} characters long; the maximum attribute name length is {}",
            limits.max_name_len
        )));
    }
    Ok(())
}

/// The 15-endpoints-per-user rule (docs/behaviour.md#per-user-limit), run when `ep` is about to join `user`.
fn make_room_for_user(txn: &mut Txn<'_>, ep: &Endpoint, user: &str) -> StoreResult<()> {
    let members = txn.data().user_endpoints(user);
    if members.len() < MAX_ENDPOINTS_PER_USER {
        return Ok(());
    }
    let exceeded = || {
        StoreError::limit(format!(
            "Exceeded maximum endpoint per user count:{MAX_ENDPOINTS_PER_USER}"
        ))
    };
    if !ep.channel_type.is_some_and(|c| c.evicts_oldest()) {
        return Err(exceeded());
    }
    let victim = members
        .iter()
        .filter(|e| e.channel_type.is_some_and(|c| c.evicts_oldest()))
        .min_by(|a, b| {
            let ka = (
                a.stamps.effective_time(),
                a.creation_date().to_string(),
                a.seq,
            );
            let kb = (
                b.stamps.effective_time(),
                b.creation_date().to_string(),
                b.seq,
            );
            ka.cmp(&kb)
        })
        .map(|e| (fold_id(&e.id).into_owned(), (*e).clone()));
    let Some((key, mut victim)) = victim else {
        return Err(exceeded());
    };
    victim.status = Status::INACTIVE;
    victim.user_id = None;
    txn.put(&key, Some(victim));
    Ok(())
}

/// The other endpoints the same-address rule turns INACTIVE (docs/behaviour.md#same-address): the ACTIVE holder of this
/// endpoint's address, if it is not this endpoint. `Txn::put` handles the case where this
/// endpoint ends ACTIVE; this covers an update that sets INACTIVE explicitly.
fn same_address_others(txn: &Txn<'_>, ep: &Endpoint, key: &str) -> Vec<String> {
    if ep.status == Status::ACTIVE {
        return Vec::new();
    }
    let data = txn.data();
    let Some(lookup) = address_key(ep, data.dedup_by_channel()) else {
        return Vec::new();
    };
    data.active_holder(&lookup)
        .filter(|k| *k != key)
        .map(str::to_string)
        .into_iter()
        .collect()
}
