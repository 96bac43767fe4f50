//! A template version's content: the members of its type's request shape, as the client wrote
//! them (each type sets only its own members). Saved under `Content` in the state file by the
//! members' own names, so a state file from before it was typed reads back the same.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{
    APNSPushNotificationTemplate, AndroidPushNotificationTemplate, DefaultPushNotificationTemplate,
    InAppMessageContent, Layout, MessageHeader,
};
use crate::render::Renderer;
use crate::store::{StoreError, StoreResult};

/// At most this many email headers.
pub const MAX_HEADERS: usize = 15;

/// The content members of the five template request shapes (all but `tags`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TemplateContent {
    #[serde(rename = "ADM", default, skip_serializing_if = "Option::is_none")]
    pub adm: Option<AndroidPushNotificationTemplate>,
    #[serde(rename = "APNS", default, skip_serializing_if = "Option::is_none")]
    pub apns: Option<APNSPushNotificationTemplate>,
    #[serde(rename = "Baidu", default, skip_serializing_if = "Option::is_none")]
    pub baidu: Option<AndroidPushNotificationTemplate>,
    #[serde(rename = "Body", default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(rename = "Content", default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<InAppMessageContent>>,
    #[serde(
        rename = "CustomConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_config: Option<BTreeMap<String, String>>,
    #[serde(rename = "Default", default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultPushNotificationTemplate>,
    #[serde(
        rename = "DefaultSubstitutions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_substitutions: Option<String>,
    #[serde(rename = "GCM", default, skip_serializing_if = "Option::is_none")]
    pub gcm: Option<AndroidPushNotificationTemplate>,
    #[serde(rename = "Headers", default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Vec<MessageHeader>>,
    #[serde(rename = "HtmlPart", default, skip_serializing_if = "Option::is_none")]
    pub html_part: Option<String>,
    #[serde(
        rename = "LanguageCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub language_code: Option<String>,
    #[serde(rename = "Layout", default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    #[serde(
        rename = "RecommenderId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub recommender_id: Option<String>,
    #[serde(rename = "Subject", default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(
        rename = "TemplateDescription",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub template_description: Option<String>,
    #[serde(rename = "TextPart", default, skip_serializing_if = "Option::is_none")]
    pub text_part: Option<String>,
    #[serde(rename = "VoiceId", default, skip_serializing_if = "Option::is_none")]
    pub voice_id: Option<String>,
}

impl TemplateContent {
    /// Checks content a create or update sends (`shape` names the request shape in messages):
    /// `DefaultSubstitutions` must be a JSON object written as a string; at most 15 email
    /// headers.
    pub fn check(&self, shape: &str) -> StoreResult<()> {
        if let Some(s) = &self.default_substitutions {
            let object = serde_json::from_str::<serde_json::Value>(s).is_ok_and(|v| v.is_object());
            if !object {
                return Err(StoreError::invalid(format!(
                    "Invalid {shape}.DefaultSubstitutions: it must be a JSON object written as a string, such as \"{{\\\"name\\\":\\\"there\\\"}}\""
                )));
            }
        }
        if self.headers.as_ref().is_some_and(|h| h.len() > MAX_HEADERS) {
            return Err(StoreError::limit(format!(
                "Invalid {shape}.Headers: at most 15 headers"
            )));
        }
        Ok(())
    }

    /// Refuses content with a part that can never render: text nested past the rendering
    /// limits, or an inline partial that always calls itself. Every text of the content is
    /// walked (by its path as written), but for the members that hold no template text
    /// (docs/behaviour.md#render-limits).
    pub fn check_renderable(&self) -> StoreResult<()> {
        use serde_json::Value;
        fn walk(path: &str, v: &Value) -> StoreResult<()> {
            match v {
                Value::String(text) => Renderer::check(text).map_err(|why| {
                    StoreError::invalid(format!(
                        "The template part {path} can never be rendered: {why}"
                    ))
                }),
                Value::Object(m) => m
                    .iter()
                    .try_for_each(|(k, v)| walk(&format!("{path}.{k}"), v)),
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, v)| walk(&format!("{path}[{i}]"), v)),
                _ => Ok(()),
            }
        }
        let rendered = TemplateContent {
            default_substitutions: None,
            template_description: None,
            recommender_id: None,
            ..self.clone()
        };
        let Ok(Value::Object(parts)) = serde_json::to_value(&rendered) else {
            return Ok(());
        };
        parts.iter().try_for_each(|(k, v)| walk(k, v))
    }
}
