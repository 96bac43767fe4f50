//! Segments (docs/behaviour.md#segments): dimensional segments and segment groups, versioned,
//! kept per app. Their shapes are the model's, used both on the wire and here, as Demographic and
//! Location are; the rules (validation, versions, membership in [`eval`]) live in the store.

pub mod eval;
mod ops;
mod validate;

pub use validate::{validate, MAX_DIMENSIONS, MAX_VALUES, MAX_VALUE_LEN, OPERATORS};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::store::infra::versions::Versions;

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        pub enum $name { $($variant),+ }
    };
}

wire_enum!(
    /// `AttributeType`.
    AttributeType { INCLUSIVE, EXCLUSIVE, CONTAINS, BEFORE, AFTER, ON, BETWEEN }
);
wire_enum!(
    /// `DimensionType`.
    DimensionType { INCLUSIVE, EXCLUSIVE }
);
wire_enum!(
    /// `Duration` of a recency dimension.
    Duration { HR_24, DAY_7, DAY_14, DAY_30 }
);
wire_enum!(
    /// `RecencyType`.
    RecencyType { ACTIVE, INACTIVE }
);
wire_enum!(
    /// `Include`, `SourceType` and `Type`: how several things combine.
    Combine { ALL, ANY, NONE }
);
wire_enum!(
    /// `SegmentType`.
    SegmentType { DIMENSIONAL, IMPORT }
);

/// `AttributeDimension`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeDimension {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_type: Option<AttributeType>,
    pub values: Vec<String>,
}

/// `SetDimension`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetDimension {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension_type: Option<DimensionType>,
    pub values: Vec<String>,
}

/// `MetricDimension`: the operator is a plain string in the model, checked on write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDimension {
    pub comparison_operator: String,
    pub value: f64,
}

/// `SegmentDemographics`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Demographics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<SetDimension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<SetDimension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_type: Option<SetDimension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<SetDimension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<SetDimension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<SetDimension>,
}

impl Demographics {
    /// Each set dimension with its name.
    pub fn sets(&self) -> [(&'static str, Option<&SetDimension>); 6] {
        [
            ("AppVersion", self.app_version.as_ref()),
            ("Channel", self.channel.as_ref()),
            ("DeviceType", self.device_type.as_ref()),
            ("Make", self.make.as_ref()),
            ("Model", self.model.as_ref()),
            ("Platform", self.platform.as_ref()),
        ]
    }
}

/// `GPSCoordinates`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

/// `GPSPointDimension`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GpsPoint {
    pub coordinates: Coordinates,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_in_kilometers: Option<f64>,
}

/// `SegmentLocation`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SegmentLocation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<SetDimension>,
    #[serde(default, rename = "GPSPoint", skip_serializing_if = "Option::is_none")]
    pub gps_point: Option<GpsPoint>,
}

/// `RecencyDimension`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Recency {
    pub duration: Duration,
    pub recency_type: RecencyType,
}

/// `SegmentBehaviors`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Behavior {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recency: Option<Recency>,
}

/// `SegmentDimensions`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimensions {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeDimension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behavior: Option<Behavior>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demographic: Option<Demographics>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SegmentLocation>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metrics: BTreeMap<String, MetricDimension>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub user_attributes: BTreeMap<String, AttributeDimension>,
}

/// `SegmentReference`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SegmentReference {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// `SegmentGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SegmentGroup {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimensions>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_segments: Vec<SegmentReference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_type: Option<Combine>,
    #[serde(default, rename = "Type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Combine>,
}

/// `SegmentGroupList`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SegmentGroupList {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<SegmentGroup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include: Option<Combine>,
}

/// One version of a segment: what a write set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SegmentVersion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_groups: Option<SegmentGroupList>,
    pub last_modified_date: String,
}

/// A segment: every version, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Segment {
    pub id: String,
    pub segment_type: SegmentType,
    pub creation_date: String,
    pub versions: Versions<SegmentVersion>,
    #[serde(rename = "tags", default)]
    pub tags: BTreeMap<String, String>,
    /// An IMPORT segment's endpoint ids (as imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Vec<String>>,
    /// An IMPORT segment's user ids (as imported): each user's endpoints are members, as they are
    /// when the segment is evaluated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_users: Option<Vec<String>>,
    /// An IMPORT segment's `ImportDefinition`, from the job that defined it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<SegmentImport>,
}

/// `SegmentImportResource`: where an IMPORT segment came from and its size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SegmentImport {
    pub channel_counts: BTreeMap<String, u64>,
    pub external_id: String,
    pub format: String,
    pub role_arn: String,
    #[serde(rename = "S3Url")]
    pub s3_url: String,
    pub size: u64,
}

/// What CreateSegment and UpdateSegment send.
#[derive(Debug, Clone, Default)]
pub struct SegmentWrite {
    pub name: Option<String>,
    pub dimensions: Option<Dimensions>,
    pub segment_groups: Option<SegmentGroupList>,
    pub tags: Option<BTreeMap<String, String>>,
}
