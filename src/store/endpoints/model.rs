//! Domain types of the store: an endpoint as Pinpoint keeps it, and a validated partial update.
//!
//! These are not wire types: the wire layer above the store (docs/architecture.md) converts
//! requests into [`EndpointPatch`] and [`Endpoint`] into responses. They derive serde only so
//! the state file can hold them.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::store::infra::intern::IStr;
pub use crate::store::infra::stamps::{Stamp, Stamps};
pub use crate::store::infra::vecmap::VecMap;

/// One attribute's values, interned (they repeat across endpoints), exactly as long as the list.
pub type Values = Box<[IStr]>;
/// Attribute lists keyed by name (`Attributes`, `User.UserAttributes`).
pub type AttrMap = VecMap<Values>;
/// Metric values keyed by name.
pub type MetricMap = VecMap<f64>;

/// Case-folds an endpoint id for lookup (docs/behaviour.md#endpoint-id-case). An id with no
/// upper-case letter (the usual case) is its own key, borrowed rather than copied.
pub fn fold_id(id: &str) -> Cow<'_, str> {
    if id.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Cow::Owned(id.to_lowercase())
    } else {
        Cow::Borrowed(id)
    }
}

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every accepted spelling, for error messages.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($variant)),+];
            /// Every variant, in the order [`Self::NAMES`] lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => stringify!($variant)),+ }
            }
        }

        impl FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s { $(stringify!($variant) => Ok(Self::$variant),)+ _ => Err(()) }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// The model's `ChannelType` enum.
    ChannelType {
        PUSH, GCM, APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX, ADM, SMS, VOICE, EMAIL, BAIDU,
        CUSTOM, IN_APP
    }
);

string_enum!(
    /// `EndpointStatus`: a plain string in the model, documented as ACTIVE or INACTIVE.
    Status { ACTIVE, INACTIVE }
);

string_enum!(
    /// `OptOut`: ALL or NONE.
    OptOut { ALL, NONE }
);

impl ChannelType {
    /// The channels whose 16th endpoint for a user evicts the oldest push endpoint instead of
    /// failing (docs/behaviour.md#per-user-limit). APNS_SANDBOX is deliberately absent.
    pub fn evicts_oldest(self) -> bool {
        matches!(
            self,
            Self::ADM
                | Self::GCM
                | Self::APNS
                | Self::APNS_VOIP
                | Self::APNS_VOIP_SANDBOX
                | Self::BAIDU
        )
    }
}

/// `EndpointDemographic`: every field optional, merged field by field (docs/behaviour.md#nested-merge).
/// The values are interned: a million endpoints share a handful of platforms and locales.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Demographic {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_version: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub make: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_version: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<IStr>,
}

/// `EndpointLocation`: merged field by field; coordinates rounded to one decimal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<IStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<IStr>,
}

/// The bytes an attribute map adds to an endpoint's size.
pub fn attrs_size(m: &AttrMap) -> usize {
    m.iter()
        .map(|(k, v)| k.len() + 6 + v.iter().map(|s| s.len() + 3).sum::<usize>())
        .sum()
}

/// An endpoint as clients see it: its own data and its user's attributes.
#[derive(Debug, Clone, Copy)]
pub struct EndpointView<'a> {
    pub endpoint: &'a Endpoint,
    pub user_attributes: &'a AttrMap,
}

impl EndpointView<'_> {
    /// An owned copy.
    pub fn to_owned(self) -> FullEndpoint {
        FullEndpoint {
            endpoint: self.endpoint.clone(),
            user_attributes: self.user_attributes.clone(),
        }
    }
}

/// An owned endpoint with its user's attributes (GetEndpoint's copy, DeleteEndpoint's answer).
#[derive(Debug, Clone, PartialEq)]
pub struct FullEndpoint {
    pub endpoint: Endpoint,
    pub user_attributes: AttrMap,
}

impl FullEndpoint {
    /// A view of it.
    pub fn view(&self) -> EndpointView<'_> {
        EndpointView {
            endpoint: &self.endpoint,
            user_attributes: &self.user_attributes,
        }
    }
}

impl std::ops::Deref for FullEndpoint {
    type Target = Endpoint;
    fn deref(&self) -> &Endpoint {
        &self.endpoint
    }
}

/// One stored endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The id as spelled when the endpoint was created (docs/behaviour.md#endpoint-id-case).
    pub id: String,
    pub address: Option<String>,
    pub channel_type: Option<ChannelType>,
    pub attributes: AttrMap,
    /// Shared with the copies of the endpoint (an update edits a copy): see [`merge_shared`].
    pub demographic: Option<Arc<Demographic>>,
    pub location: Option<Arc<Location>>,
    pub metrics: Option<MetricMap>,
    pub opt_out: OptOut,
    pub status: Status,
    /// The user it belongs to; the user's attributes live with the user (see
    /// [`EndpointView`]).
    pub user_id: Option<String>,
    pub cohort_id: u8,
    /// CreationDate, EffectiveDate and RequestId (read them through the methods below).
    pub stamps: Stamps,
    /// Creation order within the app; breaks ties and orders user listings.
    pub seq: u64,
}

impl Endpoint {
    /// `CreationDate`.
    pub fn creation_date(&self) -> Stamp<'_> {
        self.stamps.creation_date()
    }

    /// `EffectiveDate`.
    pub fn effective_date(&self) -> Stamp<'_> {
        self.stamps.effective_date()
    }

    /// `RequestId`.
    pub fn request_id(&self) -> Stamp<'_> {
        self.stamps.request_id()
    }

    /// The Address when it is set and not empty.
    pub fn address(&self) -> Option<&str> {
        self.address.as_deref().filter(|a| !a.is_empty())
    }

    /// Rough size of the endpoint's data in bytes, the measure behind the 15 KB quota.
    /// The user's attributes count too: add [`attrs_size`] of them.
    pub fn approx_size(&self) -> usize {
        let attrs = attrs_size;
        fn opt<S: AsRef<str>>(s: &Option<S>) -> usize {
            s.as_ref().map_or(0, |s| s.as_ref().len() + 4)
        }
        let demo = self.demographic.as_ref().map_or(0, |d| {
            [
                &d.app_version,
                &d.locale,
                &d.make,
                &d.model,
                &d.model_version,
                &d.platform,
                &d.platform_version,
                &d.timezone,
            ]
            .iter()
            .map(|s| opt(s) + 12)
            .sum()
        });
        let loc = self.location.as_ref().map_or(0, |l| {
            opt(&l.city) + opt(&l.country) + opt(&l.postal_code) + opt(&l.region) + 60
        });
        let metrics = self
            .metrics
            .as_ref()
            .map_or(0, |m| m.keys().map(|k| k.len() + 26).sum());
        self.id.len()
            + opt(&self.address)
            + opt(&self.user_id)
            + request_id_len(self.request_id())
            + attrs(&self.attributes)
            + demo
            + loc
            + metrics
            + 260
    }
}

fn request_id_len(id: Stamp<'_>) -> usize {
    match id {
        Stamp::Text(t) => t.len(),
        _ => 36,
    }
}

/// The `User` member of an update.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserPatch {
    /// `None`: keep; `Some("")`: unlink from the user; `Some(u)`: link to `u`.
    pub user_id: Option<String>,
    pub user_attributes: Option<AttrMap>,
}

/// A validated partial update of one endpoint: `None` members are left as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EndpointPatch {
    pub address: Option<String>,
    pub channel_type: Option<ChannelType>,
    pub attributes: Option<AttrMap>,
    pub demographic: Option<Demographic>,
    pub location: Option<Location>,
    pub metrics: Option<MetricMap>,
    pub opt_out: Option<OptOut>,
    pub request_id: Option<String>,
    pub effective_date: Option<String>,
    pub status: Option<Status>,
    pub user: Option<UserPatch>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_their_wire_spelling() {
        for s in ChannelType::NAMES {
            assert_eq!(ChannelType::from_str(s).unwrap().as_str(), *s);
        }
        assert!(ChannelType::from_str("gcm").is_err());
        assert_eq!(OptOut::from_str("NONE"), Ok(OptOut::NONE));
        assert!(Status::from_str("DELETED").is_err());
    }

    #[test]
    fn push_channels_that_evict() {
        assert!(ChannelType::GCM.evicts_oldest());
        assert!(ChannelType::APNS.evicts_oldest());
        assert!(!ChannelType::APNS_SANDBOX.evicts_oldest());
        assert!(!ChannelType::EMAIL.evicts_oldest());
        assert!(!ChannelType::IN_APP.evicts_oldest());
    }
}
