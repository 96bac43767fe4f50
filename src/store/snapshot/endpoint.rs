//! An endpoint record of the state file: built from a stored endpoint, and turned back into one
//! with the defaults a first UpdateEndpoint would give to what a fixture leaves out.

use std::str::FromStr;
use std::sync::Arc;

use super::{EndpointRecord, UserRecord};
use crate::store::app::{AttrKind, Txn};
use crate::store::endpoints::cohort;
use crate::store::endpoints::model::{
    fold_id, AttrMap, Endpoint, EndpointView, OptOut, Stamps, Status,
};
use crate::store::endpoints::upsert::validate_endpoint_id;
use crate::store::Limits;

pub(super) fn kind_name(kind: AttrKind) -> &'static str {
    match kind {
        AttrKind::Custom => "endpoint-custom-attributes",
        AttrKind::Metric => "endpoint-metric-attributes",
        AttrKind::User => "endpoint-user-attributes",
    }
}

impl EndpointRecord {
    pub(super) fn from_endpoint(view: EndpointView<'_>) -> Self {
        let ep = view.endpoint;
        Self {
            id: ep.id.clone(),
            application_id: None,
            address: ep.address.clone(),
            channel_type: ep.channel_type,
            attributes: ep.attributes.clone(),
            demographic: ep.demographic.as_deref().cloned(),
            location: ep.location.as_deref().cloned(),
            metrics: ep.metrics.clone(),
            opt_out: Some(ep.opt_out),
            endpoint_status: Some(ep.status),
            cohort_id: Some(ep.cohort_id.to_string()),
            creation_date: Some(ep.creation_date().to_string()),
            effective_date: Some(ep.effective_date().to_string()),
            request_id: Some(ep.request_id().to_string()),
            user: UserRecord {
                user_attributes: view.user_attributes.clone(),
                user_id: ep.user_id.clone(),
            },
        }
    }

    /// The stored endpoint this record describes, with first-write defaults for what it omits.
    pub(super) fn to_endpoint(
        &self,
        app_id: &str,
        seq: u64,
        now: &str,
        limits: &Limits,
    ) -> Result<Endpoint, String> {
        validate_endpoint_id(&self.id).map_err(|e| e.to_string())?;
        let has_address = self.address.as_deref().is_some_and(|a| !a.is_empty());
        let cohort_id = match &self.cohort_id {
            None => cohort::cohort_id(app_id, &fold_id(&self.id)),
            Some(c) => u8::from_str(c)
                .ok()
                .filter(|c| *c < 100)
                .ok_or(format!("CohortId {c:?} is not 0-99"))?,
        };
        for (label, date) in [
            ("CreationDate", &self.creation_date),
            ("EffectiveDate", &self.effective_date),
        ] {
            if let Some(d) = date {
                crate::time::parse_iso8601(d)
                    .ok_or(format!("{label} {d:?} is not an ISO-8601 date-time"))?;
            }
        }
        for (label, attrs) in [
            ("Attributes", &self.attributes),
            ("UserAttributes", &self.user.user_attributes),
        ] {
            for (name, values) in attrs {
                if name.chars().count() > limits.max_name_len
                    || values.len() > limits.max_values_per_attribute
                    || values
                        .iter()
                        .any(|v| v.chars().count() > limits.max_value_len)
                {
                    return Err(format!("{label} {name:?} is over the attribute quotas"));
                }
            }
        }
        let now = now.to_string();
        let creation_date = self.creation_date.as_ref().unwrap_or(&now);
        let ep = Endpoint {
            id: self.id.clone(),
            address: self.address.clone(),
            channel_type: self.channel_type,
            attributes: self.attributes.clone(),
            demographic: self.demographic.clone().map(Arc::new),
            location: self.location.clone().map(Arc::new),
            metrics: self.metrics.clone(),
            opt_out: self.opt_out.unwrap_or(if has_address {
                OptOut::NONE
            } else {
                OptOut::ALL
            }),
            status: self.endpoint_status.unwrap_or(Status::ACTIVE),
            user_id: self.user.user_id.clone().filter(|u| !u.is_empty()),
            cohort_id,
            stamps: Stamps::new(
                creation_date,
                self.effective_date.as_ref().unwrap_or(creation_date),
                self.request_id.as_deref().unwrap_or_default(),
            ),
            seq,
        };
        if ep.address().is_some() && ep.channel_type.is_none() {
            return Err("Missing ChannelType".into());
        }
        if ep.opt_out == OptOut::NONE && ep.address().is_none() {
            return Err("Missing Address".into());
        }
        Ok(ep)
    }
}

/// Registers the attribute names a restored endpoint and its user's attributes hold, except names
/// RemoveAttributes blocked.
pub(super) fn register_names(txn: &mut Txn<'_>, ep: &Endpoint, user_attributes: &AttrMap) {
    let mut names: Vec<(AttrKind, String)> = Vec::new();
    names.extend(
        ep.attributes
            .keys()
            .map(|k| (AttrKind::Custom, k.to_string())),
    );
    names.extend(
        user_attributes
            .keys()
            .map(|k| (AttrKind::User, k.to_string())),
    );
    names.extend(
        ep.metrics
            .iter()
            .flat_map(|m| m.keys())
            .map(|k| (AttrKind::Metric, k.to_string())),
    );
    for (kind, name) in names {
        if !txn.data().is_blocked(kind, &name) {
            txn.register_name(kind, &name);
        }
    }
}
