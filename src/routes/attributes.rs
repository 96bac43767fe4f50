//! RemoveAttributes.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-attributes-attribute-type.html>

use axum::extract::State;
use axum::Json;

use crate::dto::apps::{AttributesResource, UpdateAttributesRequest};
use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson};
use crate::store::app::AttrKind;
use crate::AppState;

pub async fn remove_attributes(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, attribute_type)): Labels<(String, String)>,
    PinpointJson(req): PinpointJson<UpdateAttributesRequest>,
) -> Result<Json<AttributesResource>, ApiError> {
    let kind = AttrKind::from_path(&attribute_type).ok_or_else(|| {
        ApiError::bad(format!(
            "Invalid attribute type {attribute_type:?}: must be endpoint-custom-attributes, endpoint-metric-attributes or endpoint-user-attributes"
        ))
    })?;
    let patterns = req.blacklist.unwrap_or_default();
    let removed = st
        .store
        .remove_attributes(&ctx.scope, &app_id, kind, patterns)?;
    Ok(Json(AttributesResource {
        application_id: app_id,
        attribute_type,
        attributes: removed,
    }))
}
