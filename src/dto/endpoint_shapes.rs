//! Endpoints between the store and the generated shapes: a model `EndpointBatchItem` as the
//! store's [`EndpointPatch`] (UpdateEndpointsBatch and import files), and a stored endpoint as
//! the model's `EndpointResponse` (DeleteEndpoint, GetUserEndpoints, DeleteUserEndpoints).
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-endpoints.html>

use std::collections::BTreeMap;

use super::parse_enum;
use crate::model::{
    self, EndpointBatchItem, EndpointDemographic, EndpointLocation, EndpointResponse, EndpointUser,
};
use crate::store::endpoints::model::{
    AttrMap, ChannelType, Demographic, EndpointPatch, EndpointView, Location, MetricMap, OptOut,
    Status, UserPatch,
};
use crate::store::StoreError;

/// A model channel type as the store's (the two name the same thirteen).
pub fn channel_in(c: model::ChannelType) -> ChannelType {
    use model::ChannelType as M;
    match c {
        M::Push => ChannelType::PUSH,
        M::Gcm => ChannelType::GCM,
        M::Apns => ChannelType::APNS,
        M::ApnsSandbox => ChannelType::APNS_SANDBOX,
        M::ApnsVoip => ChannelType::APNS_VOIP,
        M::ApnsVoipSandbox => ChannelType::APNS_VOIP_SANDBOX,
        M::Adm => ChannelType::ADM,
        M::Sms => ChannelType::SMS,
        M::Voice => ChannelType::VOICE,
        M::Email => ChannelType::EMAIL,
        M::Baidu => ChannelType::BAIDU,
        M::Custom => ChannelType::CUSTOM,
        M::InApp => ChannelType::IN_APP,
    }
}

/// A store channel type as the model's.
pub fn channel_out(c: ChannelType) -> model::ChannelType {
    use model::ChannelType as M;
    match c {
        ChannelType::PUSH => M::Push,
        ChannelType::GCM => M::Gcm,
        ChannelType::APNS => M::Apns,
        ChannelType::APNS_SANDBOX => M::ApnsSandbox,
        ChannelType::APNS_VOIP => M::ApnsVoip,
        ChannelType::APNS_VOIP_SANDBOX => M::ApnsVoipSandbox,
        ChannelType::ADM => M::Adm,
        ChannelType::SMS => M::Sms,
        ChannelType::VOICE => M::Voice,
        ChannelType::EMAIL => M::Email,
        ChannelType::BAIDU => M::Baidu,
        ChannelType::CUSTOM => M::Custom,
        ChannelType::IN_APP => M::InApp,
    }
}

fn attrs_in(m: BTreeMap<String, Vec<String>>) -> AttrMap {
    m.into_iter()
        .map(|(k, v)| (k, v.into_iter().map(Into::into).collect()))
        .collect()
}

fn attrs_out(m: &AttrMap) -> BTreeMap<String, Vec<String>> {
    m.into_iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
        .collect()
}

fn demographic_in(d: EndpointDemographic) -> Demographic {
    Demographic {
        app_version: d.app_version.map(Into::into),
        locale: d.locale.map(Into::into),
        make: d.make.map(Into::into),
        model: d.model.map(Into::into),
        model_version: d.model_version.map(Into::into),
        platform: d.platform.map(Into::into),
        platform_version: d.platform_version.map(Into::into),
        timezone: d.timezone.map(Into::into),
    }
}

/// An interned member as a string.
fn s<T: ToString>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(ToString::to_string)
}

fn demographic_out(d: &Demographic) -> EndpointDemographic {
    EndpointDemographic {
        app_version: s(&d.app_version),
        locale: s(&d.locale),
        make: s(&d.make),
        model: s(&d.model),
        model_version: s(&d.model_version),
        platform: s(&d.platform),
        platform_version: s(&d.platform_version),
        timezone: s(&d.timezone),
    }
}

fn location_in(l: EndpointLocation) -> Location {
    Location {
        city: l.city.map(Into::into),
        country: l.country.map(Into::into),
        latitude: l.latitude,
        longitude: l.longitude,
        postal_code: l.postal_code.map(Into::into),
        region: l.region.map(Into::into),
    }
}

fn location_out(l: &Location) -> EndpointLocation {
    EndpointLocation {
        city: s(&l.city),
        country: s(&l.country),
        latitude: l.latitude,
        longitude: l.longitude,
        postal_code: s(&l.postal_code),
        region: s(&l.region),
    }
}

/// A batch item (or an import file's line) as its Id and the store's patch; an OptOut or
/// EndpointStatus the store does not know is refused naming the member.
pub fn batch_item_patch(
    item: EndpointBatchItem,
) -> Result<(Option<String>, EndpointPatch), StoreError> {
    let opt_out = item
        .opt_out
        .map(|v| parse_enum::<OptOut>("OptOut", &v, OptOut::NAMES))
        .transpose()?;
    let status = item
        .endpoint_status
        .map(|v| parse_enum::<Status>("EndpointStatus", &v, Status::NAMES))
        .transpose()?;
    let patch = EndpointPatch {
        address: item.address,
        channel_type: item.channel_type.map(channel_in),
        attributes: item.attributes.map(attrs_in),
        demographic: item.demographic.map(demographic_in),
        location: item.location.map(location_in),
        metrics: item.metrics.map(|m| m.into_iter().collect::<MetricMap>()),
        opt_out,
        request_id: item.request_id,
        effective_date: item.effective_date,
        status,
        user: item.user.map(|u| UserPatch {
            user_id: u.user_id,
            user_attributes: u.user_attributes.map(attrs_in),
        }),
    };
    Ok((item.id, patch))
}

/// A stored endpoint as the model's `EndpointResponse`: the members GetEndpoint's hand-written
/// answer writes, with `Attributes` and `User` always there.
pub fn endpoint_response(app_id: &str, view: EndpointView<'_>) -> EndpointResponse {
    let ep = view.endpoint;
    EndpointResponse {
        address: ep.address.as_ref().map(|a| a.to_string()),
        application_id: Some(app_id.to_string()),
        attributes: Some(attrs_out(&ep.attributes)),
        channel_type: ep.channel_type.map(channel_out),
        cohort_id: Some(ep.cohort_id.to_string()),
        creation_date: Some(ep.creation_date().to_string()),
        demographic: ep.demographic.as_deref().map(demographic_out),
        effective_date: Some(ep.effective_date().to_string()),
        endpoint_status: Some(ep.status.as_str().to_string()),
        id: Some(ep.id.to_string()),
        location: ep.location.as_deref().map(location_out),
        metrics: ep
            .metrics
            .as_ref()
            .map(|m| m.into_iter().map(|(k, v)| (k.to_string(), *v)).collect()),
        opt_out: Some(ep.opt_out.as_str().to_string()),
        request_id: Some(ep.request_id().to_string()),
        user: Some(EndpointUser {
            user_attributes: (!view.user_attributes.is_empty())
                .then(|| attrs_out(view.user_attributes)),
            user_id: ep.user_id.as_ref().map(|u| u.to_string()),
        }),
    }
}

/// Endpoints as the model's `EndpointsResponse`.
pub fn endpoints_response<'a>(
    app_id: &str,
    eps: impl IntoIterator<Item = EndpointView<'a>>,
) -> model::EndpointsResponse {
    model::EndpointsResponse {
        item: Some(
            eps.into_iter()
                .map(|e| endpoint_response(app_id, e))
                .collect(),
        ),
    }
}

/// The `MessageBody` answer of UpdateEndpoint and UpdateEndpointsBatch.
pub fn accepted(request_id: &str) -> model::MessageBody {
    model::MessageBody {
        message: Some("Accepted".into()),
        request_id: Some(request_id.to_string()),
    }
}
