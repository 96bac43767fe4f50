//! App and attribute shapes: CreateApplicationRequest, ApplicationResponse, ApplicationsResponse,
//! UpdateAttributesRequest, AttributesResource.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps.html>

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::store::app::AppMeta;
use crate::store::Scope;

/// `CreateApplicationRequest`; `tags` is lowercase in the model.
#[derive(Debug, Deserialize)]
pub struct CreateApplicationRequest {
    #[serde(rename = "Name")]
    pub name: Option<String>,
    #[serde(rename = "tags")]
    pub tags: Option<BTreeMap<String, String>>,
}

/// `ApplicationResponse`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ApplicationResponse {
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "tags")]
    pub tags: BTreeMap<String, String>,
    #[serde(rename = "CreationDate")]
    pub creation_date: String,
}

impl ApplicationResponse {
    pub fn new(scope: &Scope, meta: AppMeta) -> Self {
        Self {
            arn: scope.app_arn(&meta.id),
            id: meta.id,
            name: meta.name,
            tags: meta.tags,
            creation_date: meta.creation_date,
        }
    }
}

/// `ApplicationsResponse`: NextToken is absent on the last page.
#[derive(Debug, Serialize)]
pub struct ApplicationsResponse {
    #[serde(rename = "Item")]
    pub item: Vec<ApplicationResponse>,
    #[serde(rename = "NextToken", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// GetApps query string.
#[derive(Debug, Deserialize)]
pub struct GetAppsQuery {
    #[serde(rename = "page-size")]
    pub page_size: Option<String>,
    pub token: Option<String>,
}

/// `UpdateAttributesRequest`.
#[derive(Debug, Deserialize)]
pub struct UpdateAttributesRequest {
    #[serde(rename = "Blacklist")]
    pub blacklist: Option<Vec<String>>,
}

/// `AttributesResource`.
#[derive(Debug, Serialize)]
pub struct AttributesResource {
    #[serde(rename = "ApplicationId")]
    pub application_id: String,
    #[serde(rename = "AttributeType")]
    pub attribute_type: String,
    #[serde(rename = "Attributes")]
    pub attributes: Vec<String>,
}
