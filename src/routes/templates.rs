//! The five template types' Create, Get, Update and Delete (one handler per verb, the type read
//! from the matched route), ListTemplates, ListTemplateVersions and UpdateTemplateActiveVersion.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/templates.html>

use axum::extract::{MatchedPath, State};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::dto::templates::{
    template_arn, template_in, template_response, template_summary, ActiveVersionRequest,
    ListQuery, UpdateQuery, VersionQuery, VersionsQuery,
};
use crate::dto::MessageBody;
use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson, PinpointQuery};
use crate::store::messaging::templates::{TemplateKind, VersionChoice};
use crate::{paging, AppState};

/// The type a matched route names (`…/{template-name}/email` → EMAIL).
fn kind_of(route: &MatchedPath) -> Result<TemplateKind, ApiError> {
    TemplateKind::parse(super::last_segment(route))
        .ok_or_else(|| ApiError::Internal(format!("no template type for route {}", route.as_str())))
}

/// The type a `{template-type}` label or `template-type` query names.
fn kind_named(s: &str) -> Result<TemplateKind, ApiError> {
    TemplateKind::parse(s).ok_or_else(|| {
        ApiError::bad(format!(
            "Invalid template type {s:?}: must be EMAIL, SMS, PUSH, VOICE or INAPP"
        ))
    })
}

pub async fn create_template(
    State(st): State<AppState>,
    ctx: Ctx,
    route: MatchedPath,
    Labels(name): Labels<String>,
    PinpointJson(body): PinpointJson<Map<String, Value>>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind_of(&route)?;
    let t = template_in(kind, body)?;
    st.store
        .create_template(&ctx.scope, &name, kind, t.content, t.tags)?;
    Ok(Json(json!({
        "Arn": template_arn(&ctx.scope, &name, kind),
        "Message": "Created",
        "RequestID": &*ctx.request_id,
    })))
}

pub async fn get_template(
    State(st): State<AppState>,
    ctx: Ctx,
    route: MatchedPath,
    Labels(name): Labels<String>,
    PinpointQuery(q): PinpointQuery<VersionQuery>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind_of(&route)?;
    let t = st.store.template(&ctx.scope, &name, kind)?;
    let version = t.version(q.version.as_deref())?;
    Ok(Json(template_response(
        &ctx.scope, &name, kind, &t, version,
    )))
}

pub async fn update_template(
    State(st): State<AppState>,
    ctx: Ctx,
    route: MatchedPath,
    Labels(name): Labels<String>,
    PinpointQuery(q): PinpointQuery<UpdateQuery>,
    PinpointJson(body): PinpointJson<Map<String, Value>>,
) -> Result<Json<MessageBody>, ApiError> {
    let kind = kind_of(&route)?;
    let create_new_version = match q.create_new_version.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ApiError::bad(format!(
                "Invalid create-new-version {other:?}: must be true or false"
            )))
        }
    };
    let t = template_in(kind, body)?;
    let choice = VersionChoice {
        create_new_version,
        version: q.version,
    };
    st.store
        .update_template(&ctx.scope, &name, kind, t.content, choice)?;
    Ok(Json(MessageBody::accepted(&ctx.request_id)))
}

pub async fn delete_template(
    State(st): State<AppState>,
    ctx: Ctx,
    route: MatchedPath,
    Labels(name): Labels<String>,
    PinpointQuery(q): PinpointQuery<VersionQuery>,
) -> Result<Json<MessageBody>, ApiError> {
    let kind = kind_of(&route)?;
    st.store
        .delete_template(&ctx.scope, &name, kind, q.version.as_deref())?;
    Ok(Json(MessageBody::accepted(&ctx.request_id)))
}

pub async fn list_templates(
    State(st): State<AppState>,
    ctx: Ctx,
    PinpointQuery(q): PinpointQuery<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let only = q.template_type.as_deref().map(kind_named).transpose()?;
    let prefix = q.prefix.unwrap_or_default();
    let all: Vec<Value> = st
        .store
        .templates(&ctx.scope)
        .into_iter()
        .filter(|((name, kind), _)| name.starts_with(&prefix) && only.is_none_or(|k| k == *kind))
        .filter_map(|((name, kind), t)| {
            let v = t.active_version()?;
            Some(template_summary(&name, kind, (t.active, v), false))
        })
        .collect();
    let page = paging::page(all, q.page_size.as_deref(), q.next_token.as_deref(), |v| {
        format!("{}\u{0}{}", v["TemplateName"], v["TemplateType"])
    })?;
    Ok(Json(page.into_json()))
}

pub async fn list_template_versions(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((name, kind)): Labels<(String, String)>,
    PinpointQuery(q): PinpointQuery<VersionsQuery>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind_named(&kind)?;
    let t = st.store.template(&ctx.scope, &name, kind)?;
    let newest_first: Vec<Value> = t
        .versions
        .iter()
        .rev()
        .map(|(n, v)| template_summary(&name, kind, (*n, v), true))
        .collect();
    // Newest first: the token key counts down, so page by the distance from the top.
    let top = t.latest;
    let page = paging::page(
        newest_first,
        q.page_size.as_deref(),
        q.next_token.as_deref(),
        |v| {
            let n: u32 = v["Version"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            format!("{:010}", top - n.min(top))
        },
    )?;
    let mut out = page.into_json();
    out["RequestID"] = ctx.request_id.as_ref().into();
    Ok(Json(out))
}

pub async fn update_template_active_version(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((name, kind)): Labels<(String, String)>,
    PinpointJson(req): PinpointJson<ActiveVersionRequest>,
) -> Result<Json<MessageBody>, ApiError> {
    let kind = kind_named(&kind)?;
    let version = req.version.filter(|v| !v.is_empty()).ok_or_else(|| {
        ApiError::bad("Missing Version: TemplateActiveVersionRequest needs a Version ('latest' or a version number)")
    })?;
    st.store
        .set_active_template_version(&ctx.scope, &name, kind, &version)?;
    Ok(Json(MessageBody::accepted(&ctx.request_id)))
}
