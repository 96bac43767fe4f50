//! Segment shapes: WriteSegmentRequest in; SegmentResponse, SegmentsResponse out. The dimension
//! shapes are the store's own ([`crate::store::engagement::segments`]): their wire shape is their domain shape.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-segments.html>

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::store::engagement::segments::{
    Dimensions, Segment, SegmentGroupList, SegmentImport, SegmentType, SegmentVersion, SegmentWrite,
};
use crate::store::Scope;

/// `WriteSegmentRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WriteSegmentRequest {
    pub dimensions: Option<Dimensions>,
    pub name: Option<String>,
    pub segment_groups: Option<SegmentGroupList>,
    #[serde(rename = "tags")]
    pub tags: Option<BTreeMap<String, String>>,
}

impl From<WriteSegmentRequest> for SegmentWrite {
    fn from(r: WriteSegmentRequest) -> Self {
        SegmentWrite {
            name: r.name,
            dimensions: r.dimensions,
            segment_groups: r.segment_groups,
            tags: r.tags,
        }
    }
}

/// `SegmentResponse`: one version of a segment.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SegmentResponse<'a> {
    pub application_id: &'a str,
    pub arn: String,
    pub creation_date: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<&'a Dimensions>,
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_definition: Option<&'a SegmentImport>,
    pub last_modified_date: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment_groups: Option<&'a SegmentGroupList>,
    pub segment_type: SegmentType,
    #[serde(rename = "tags")]
    pub tags: &'a BTreeMap<String, String>,
    pub version: u32,
}

impl<'a> SegmentResponse<'a> {
    /// Version `n` of a segment (`v` is that version).
    pub fn new(
        scope: &Scope,
        app_id: &'a str,
        seg: &'a Segment,
        (n, v): (u32, &'a SegmentVersion),
    ) -> Self {
        Self {
            application_id: app_id,
            arn: format!("{}/segments/{}", scope.app_arn(app_id), seg.id),
            creation_date: &seg.creation_date,
            dimensions: v.dimensions.as_ref(),
            id: &seg.id,
            import_definition: seg.import.as_ref(),
            last_modified_date: &v.last_modified_date,
            name: v.name.as_deref(),
            segment_groups: v.segment_groups.as_ref(),
            segment_type: seg.segment_type,
            tags: &seg.tags,
            version: n,
        }
    }

    /// The latest version of a segment.
    pub fn latest(scope: &Scope, app_id: &'a str, seg: &'a Segment) -> Self {
        Self::new(scope, app_id, seg, seg.latest())
    }
}

/// The query of the segment listings.
#[derive(Debug, Deserialize)]
pub struct SegmentsQuery {
    #[serde(rename = "page-size")]
    pub page_size: Option<String>,
    pub token: Option<String>,
}
