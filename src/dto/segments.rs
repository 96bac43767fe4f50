//! Segments between the store and the wire: the model's `WriteSegmentRequest` as the store's
//! [`SegmentWrite`], and a version of a [`Segment`] as the model's `SegmentResponse`. The
//! store's dimension shapes read and write the same JSON as the model's (docs/behaviour.md#segments),
//! so the conversion goes through that JSON: the model check has already refused what the model
//! does not allow.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-segments.html>

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::ApiError;
use crate::model::{self, SegmentResponse, WriteSegmentRequest};
use crate::store::engagement::segments::{Segment, SegmentType, SegmentVersion, SegmentWrite};
use crate::store::{Scope, StoreError};

/// One shape as another that reads the same JSON.
fn same_json<A: Serialize, B: DeserializeOwned>(a: &A) -> Result<B, String> {
    serde_json::to_value(a)
        .and_then(serde_json::from_value)
        .map_err(|e| e.to_string())
}

/// A member the client wrote, as the store's shape; what the store's shape cannot hold is a 400.
fn written<A: Serialize, B: DeserializeOwned>(
    member: &str,
    a: Option<A>,
) -> Result<Option<B>, StoreError> {
    a.map(|a| same_json(&a).map_err(|e| StoreError::invalid(format!("Invalid {member}: {e}"))))
        .transpose()
}

/// A member the store keeps, as the model's shape.
fn kept<A: Serialize, B: DeserializeOwned>(a: Option<&A>) -> Result<Option<B>, ApiError> {
    a.map(|a| same_json(a).map_err(|e| ApiError::Internal(format!("a segment's member: {e}"))))
        .transpose()
}

/// A WriteSegmentRequest as the store's write.
pub fn segment_write(r: WriteSegmentRequest) -> Result<SegmentWrite, StoreError> {
    Ok(SegmentWrite {
        name: r.name,
        dimensions: written("Dimensions", r.dimensions)?,
        segment_groups: written("SegmentGroups", r.segment_groups)?,
        tags: r.tags,
    })
}

/// `SegmentResponse`: version `n` of a segment (`v` is that version).
pub fn segment_response(
    scope: &Scope,
    app_id: &str,
    seg: &Segment,
    (n, v): (u32, &SegmentVersion),
) -> Result<SegmentResponse, ApiError> {
    Ok(SegmentResponse {
        application_id: Some(app_id.to_string()),
        arn: Some(format!("{}/segments/{}", scope.app_arn(app_id), seg.id)),
        creation_date: Some(seg.creation_date.clone()),
        dimensions: kept(v.dimensions.as_ref())?,
        id: Some(seg.id.clone()),
        import_definition: kept(seg.import.as_ref())?,
        last_modified_date: Some(v.last_modified_date.clone()),
        name: v.name.clone(),
        segment_groups: kept(v.segment_groups.as_ref())?,
        segment_type: Some(match seg.segment_type {
            SegmentType::DIMENSIONAL => model::SegmentType::Dimensional,
            SegmentType::IMPORT => model::SegmentType::Import,
        }),
        version: Some(n as i32),
        tags: Some(seg.tags.clone()),
    })
}

/// The latest version of a segment as `SegmentResponse`.
pub fn latest_segment_response(
    scope: &Scope,
    app_id: &str,
    seg: &Segment,
) -> Result<SegmentResponse, ApiError> {
    segment_response(scope, app_id, seg, seg.versions.latest())
}
