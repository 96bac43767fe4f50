//! The template shapes: `{Type}TemplateRequest` in; `{Type}TemplateResponse`,
//! `CreateTemplateMessageBody`, `TemplatesResponse` and `TemplateVersionsResponse` out. A
//! template's content is answered as it was sent, with the template's identity around it.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/templates.html>

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::store::messaging::templates::{Content, Template, TemplateKind, TemplateVersion};
use crate::store::{Scope, StoreError};

/// The content members of each type's request shape (all but `tags`).
fn members(kind: TemplateKind) -> &'static [&'static str] {
    match kind {
        TemplateKind::EMAIL => &[
            "DefaultSubstitutions",
            "Headers",
            "HtmlPart",
            "RecommenderId",
            "Subject",
            "TemplateDescription",
            "TextPart",
        ],
        TemplateKind::SMS => &[
            "Body",
            "DefaultSubstitutions",
            "RecommenderId",
            "TemplateDescription",
        ],
        TemplateKind::PUSH => &[
            "ADM",
            "APNS",
            "Baidu",
            "Default",
            "DefaultSubstitutions",
            "GCM",
            "RecommenderId",
            "TemplateDescription",
        ],
        TemplateKind::VOICE => &[
            "Body",
            "DefaultSubstitutions",
            "LanguageCode",
            "TemplateDescription",
            "VoiceId",
        ],
        TemplateKind::INAPP => &["Content", "CustomConfig", "Layout", "TemplateDescription"],
    }
}

/// The JSON type each content member must have.
fn expected(member: &str) -> (&'static str, fn(&Value) -> bool) {
    match member {
        "Headers" | "Content" => ("a list", Value::is_array),
        "ADM" | "APNS" | "Baidu" | "Default" | "GCM" | "CustomConfig" => {
            ("an object", Value::is_object)
        }
        _ => ("a string", Value::is_string),
    }
}

/// A template request read: its content and its tags.
pub struct TemplateIn {
    pub content: Content,
    pub tags: BTreeMap<String, String>,
}

/// Reads a template request: the type's members, checked for their JSON type (unknown members
/// are ignored); `DefaultSubstitutions` must be a JSON object written as a string; at most 15
/// email headers.
pub fn template_in(kind: TemplateKind, body: Map<String, Value>) -> Result<TemplateIn, StoreError> {
    let shape = kind.request_shape();
    let mut content = Content::new();
    let mut tags = BTreeMap::new();
    for (member, value) in body {
        if value.is_null() {
            continue;
        }
        if member == "tags" {
            tags = serde_json::from_value(value).map_err(|_| {
                StoreError::invalid(format!(
                    "Invalid request body at {shape}.tags: expected an object of strings"
                ))
            })?;
            continue;
        }
        if !members(kind).contains(&member.as_str()) {
            continue;
        }
        let (want, ok) = expected(&member);
        if !ok(&value) {
            return Err(StoreError::invalid(format!(
                "Invalid request body at {shape}.{member}: expected {want}"
            )));
        }
        content.insert(member, value);
    }
    if let Some(Value::String(s)) = content.get("DefaultSubstitutions") {
        if !matches!(serde_json::from_str::<Value>(s), Ok(Value::Object(_))) {
            return Err(StoreError::invalid(format!(
                "Invalid {shape}.DefaultSubstitutions: it must be a JSON object written as a string, such as \"{{\\\"name\\\":\\\"there\\\"}}\""
            )));
        }
    }
    if content
        .get("Headers")
        .and_then(Value::as_array)
        .is_some_and(|h| h.len() > 15)
    {
        return Err(StoreError::limit(format!(
            "Invalid {shape}.Headers: at most 15 headers"
        )));
    }
    Ok(TemplateIn { content, tags })
}

/// A template's ARN.
pub fn template_arn(scope: &Scope, name: &str, kind: TemplateKind) -> String {
    format!(
        "arn:aws:mobiletargeting:{}:{}:templates/{name}/{}",
        scope.region,
        scope.account,
        kind.name()
    )
}

/// `{Type}TemplateResponse`: the version's content, and the template around it.
pub fn template_response(
    scope: &Scope,
    name: &str,
    kind: TemplateKind,
    t: &Template,
    (n, v): (u32, &TemplateVersion),
) -> Value {
    let mut m = v.content.clone();
    m.insert("Arn".into(), template_arn(scope, name, kind).into());
    m.insert("CreationDate".into(), v.creation_date.as_str().into());
    m.insert(
        "LastModifiedDate".into(),
        v.last_modified_date.as_str().into(),
    );
    m.insert("tags".into(), json!(t.tags));
    m.insert("TemplateName".into(), name.into());
    m.insert("TemplateType".into(), kind.name().into());
    m.insert("Version".into(), n.to_string().into());
    Value::Object(m)
}

/// One entry of ListTemplates (the active version) or ListTemplateVersions (with the version's
/// description and default substitutions).
pub fn template_summary(
    name: &str,
    kind: TemplateKind,
    (n, v): (u32, &TemplateVersion),
    with_content: bool,
) -> Value {
    let mut m = Map::new();
    m.insert("CreationDate".into(), v.creation_date.as_str().into());
    m.insert(
        "LastModifiedDate".into(),
        v.last_modified_date.as_str().into(),
    );
    m.insert("TemplateName".into(), name.into());
    m.insert("TemplateType".into(), kind.name().into());
    m.insert("Version".into(), n.to_string().into());
    if with_content {
        for member in ["DefaultSubstitutions", "TemplateDescription"] {
            if let Some(value) = v.content.get(member) {
                m.insert(member.into(), value.clone());
            }
        }
    }
    Value::Object(m)
}

/// The query of Get*Template and Delete*Template.
#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    pub version: Option<String>,
}

/// The query of Update*Template.
#[derive(Debug, Deserialize)]
pub struct UpdateQuery {
    #[serde(rename = "create-new-version")]
    pub create_new_version: Option<String>,
    pub version: Option<String>,
}

/// The query of ListTemplates.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(rename = "page-size")]
    pub page_size: Option<String>,
    #[serde(rename = "next-token")]
    pub next_token: Option<String>,
    pub prefix: Option<String>,
    #[serde(rename = "template-type")]
    pub template_type: Option<String>,
}

/// The query of ListTemplateVersions.
#[derive(Debug, Deserialize)]
pub struct VersionsQuery {
    #[serde(rename = "page-size")]
    pub page_size: Option<String>,
    #[serde(rename = "next-token")]
    pub next_token: Option<String>,
}

/// `TemplateActiveVersionRequest`.
#[derive(Debug, Deserialize)]
pub struct ActiveVersionRequest {
    #[serde(rename = "Version")]
    pub version: Option<String>,
}
