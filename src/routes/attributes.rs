//! RemoveAttributes.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-attributes-attribute-type.html>

use crate::error::ApiError;
use crate::model::{AttributesResource, RemoveAttributesRequest, RemoveAttributesResponse};
use crate::protocol::Ctx;
use crate::store::app::AttrKind;
use crate::AppState;

pub async fn remove_attributes(
    st: AppState,
    ctx: Ctx,
    input: RemoveAttributesRequest,
) -> Result<RemoveAttributesResponse, ApiError> {
    let attribute_type = input.attribute_type;
    let kind = AttrKind::from_path(&attribute_type).ok_or_else(|| {
        ApiError::bad(format!(
            "Invalid attribute type {attribute_type:?}: must be endpoint-custom-attributes, endpoint-metric-attributes or endpoint-user-attributes"
        ))
    })?;
    let patterns = input
        .update_attributes_request
        .blacklist
        .unwrap_or_default();
    let removed = st
        .store
        .remove_attributes(&ctx.scope, &input.application_id, kind, patterns)?;
    Ok(RemoveAttributesResponse {
        attributes_resource: AttributesResource {
            application_id: Some(input.application_id),
            attribute_type: Some(attribute_type),
            attributes: Some(removed),
        },
    })
}
