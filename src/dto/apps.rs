//! Apps between the store and the wire: an app's metadata as the model's `ApplicationResponse`.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps.html>

use crate::model::ApplicationResponse;
use crate::store::app::AppMeta;
use crate::store::Scope;

/// An app's metadata as the model's `ApplicationResponse`, with its ARN in `scope`.
pub fn application_response(scope: &Scope, meta: AppMeta) -> ApplicationResponse {
    ApplicationResponse {
        arn: Some(scope.app_arn(&meta.id)),
        creation_date: Some(meta.creation_date),
        id: Some(meta.id),
        name: Some(meta.name),
        tags: Some(meta.tags),
    }
}
