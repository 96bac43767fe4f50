//! The five template types' Create, Get, Update and Delete (one generic rule per verb over
//! [`TemplateShape`], a thin typed handler per operation), ListTemplates, ListTemplateVersions
//! and UpdateTemplateActiveVersion.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/templates.html>

use crate::dto::templates::{
    accepted, template_arn, template_summary, template_version, Email, InApp, Push, Sms,
    TemplateHead, TemplateShape, Voice,
};
use crate::error::ApiError;
use crate::model::{
    self, ListTemplateVersionsRequest, ListTemplateVersionsResponse, ListTemplatesRequest,
    ListTemplatesResponse, TemplateVersionsResponse, TemplatesResponse,
    UpdateTemplateActiveVersionRequest, UpdateTemplateActiveVersionResponse,
};
use crate::protocol::Ctx;
use crate::store::messaging::templates::{TemplateKind, VersionChoice};
use crate::{paging, AppState};

/// The type a `{template-type}` label or `template-type` query names.
fn kind_named(s: &str) -> Result<TemplateKind, ApiError> {
    TemplateKind::parse(s).ok_or_else(|| {
        ApiError::bad(format!(
            "Invalid template type {s:?}: must be EMAIL, SMS, PUSH, VOICE or INAPP"
        ))
    })
}

/// Create*Template: version 1 of a new template of type `T`.
fn create<T: TemplateShape>(
    st: &AppState,
    ctx: &Ctx,
    name: &str,
    req: T::Request,
) -> Result<model::CreateTemplateMessageBody, ApiError> {
    let t = T::read(req);
    st.store
        .create_template(&ctx.scope, name, T::KIND, t.content, t.tags)?;
    Ok(model::CreateTemplateMessageBody {
        arn: Some(template_arn(&ctx.scope, name, T::KIND)),
        message: Some("Created".into()),
        request_id: Some(ctx.request_id.to_string()),
    })
}

/// Get*Template: the active version of a template of type `T`, or the one asked for.
fn get<T: TemplateShape>(
    st: &AppState,
    ctx: &Ctx,
    name: &str,
    version: Option<&str>,
) -> Result<T::Response, ApiError> {
    let t = st.store.template(&ctx.scope, name, T::KIND)?;
    let (n, v) = t.version(version)?;
    let head = TemplateHead::new(&ctx.scope, name, T::KIND, &t, (n, v));
    Ok(T::response(head, &v.content))
}

/// Update*Template: a new version or the latest one rewritten.
fn update<T: TemplateShape>(
    st: &AppState,
    ctx: &Ctx,
    name: &str,
    req: T::Request,
    choice: VersionChoice,
) -> Result<model::MessageBody, ApiError> {
    let t = T::read(req);
    st.store
        .update_template(&ctx.scope, name, T::KIND, t.content, choice)?;
    Ok(accepted(&ctx.request_id))
}

/// Delete*Template: the whole template of type `T`, or one version.
fn delete<T: TemplateShape>(
    st: &AppState,
    ctx: &Ctx,
    name: &str,
    version: Option<&str>,
) -> Result<model::MessageBody, ApiError> {
    st.store
        .delete_template(&ctx.scope, name, T::KIND, version)?;
    Ok(accepted(&ctx.request_id))
}

/// The four typed handlers of one template type: each names its operation's input and output
/// and calls the generic rule above.
macro_rules! template_handlers {
    (
        $shape:ty, $request:ident, $response:ident,
        $create:ident($create_in:ident -> $create_out:ident . $created:ident : $body:ident),
        $get:ident($get_in:ident -> $get_out:ident),
        $update:ident($update_in:ident -> $update_out:ident),
        $delete:ident($delete_in:ident -> $delete_out:ident)
    ) => {
        pub async fn $create(
            st: AppState,
            ctx: Ctx,
            input: model::$create_in,
        ) -> Result<model::$create_out, ApiError> {
            let b = create::<$shape>(&st, &ctx, &input.template_name, input.$request)?;
            Ok(model::$create_out {
                $created: model::$body {
                    arn: b.arn,
                    message: b.message,
                    request_id: b.request_id,
                },
            })
        }

        pub async fn $get(
            st: AppState,
            ctx: Ctx,
            input: model::$get_in,
        ) -> Result<model::$get_out, ApiError> {
            let version = input.version.as_deref();
            Ok(model::$get_out {
                $response: get::<$shape>(&st, &ctx, &input.template_name, version)?,
            })
        }

        pub async fn $update(
            st: AppState,
            ctx: Ctx,
            input: model::$update_in,
        ) -> Result<model::$update_out, ApiError> {
            let choice = VersionChoice {
                create_new_version: input.create_new_version.unwrap_or(false),
                version: input.version,
            };
            let name = input.template_name;
            Ok(model::$update_out {
                message_body: update::<$shape>(&st, &ctx, &name, input.$request, choice)?,
            })
        }

        pub async fn $delete(
            st: AppState,
            ctx: Ctx,
            input: model::$delete_in,
        ) -> Result<model::$delete_out, ApiError> {
            let version = input.version.as_deref();
            Ok(model::$delete_out {
                message_body: delete::<$shape>(&st, &ctx, &input.template_name, version)?,
            })
        }
    };
}

template_handlers!(
    Email, email_template_request, email_template_response,
    create_email_template(CreateEmailTemplateRequest -> CreateEmailTemplateResponse.create_template_message_body: CreateTemplateMessageBody),
    get_email_template(GetEmailTemplateRequest -> GetEmailTemplateResponse),
    update_email_template(UpdateEmailTemplateRequest -> UpdateEmailTemplateResponse),
    delete_email_template(DeleteEmailTemplateRequest -> DeleteEmailTemplateResponse)
);
template_handlers!(
    InApp, in_app_template_request, in_app_template_response,
    create_in_app_template(CreateInAppTemplateRequest -> CreateInAppTemplateResponse.template_create_message_body: TemplateCreateMessageBody),
    get_in_app_template(GetInAppTemplateRequest -> GetInAppTemplateResponse),
    update_in_app_template(UpdateInAppTemplateRequest -> UpdateInAppTemplateResponse),
    delete_in_app_template(DeleteInAppTemplateRequest -> DeleteInAppTemplateResponse)
);
template_handlers!(
    Push, push_notification_template_request, push_notification_template_response,
    create_push_template(CreatePushTemplateRequest -> CreatePushTemplateResponse.create_template_message_body: CreateTemplateMessageBody),
    get_push_template(GetPushTemplateRequest -> GetPushTemplateResponse),
    update_push_template(UpdatePushTemplateRequest -> UpdatePushTemplateResponse),
    delete_push_template(DeletePushTemplateRequest -> DeletePushTemplateResponse)
);
template_handlers!(
    Sms, sms_template_request, sms_template_response,
    create_sms_template(CreateSmsTemplateRequest -> CreateSmsTemplateResponse.create_template_message_body: CreateTemplateMessageBody),
    get_sms_template(GetSmsTemplateRequest -> GetSmsTemplateResponse),
    update_sms_template(UpdateSmsTemplateRequest -> UpdateSmsTemplateResponse),
    delete_sms_template(DeleteSmsTemplateRequest -> DeleteSmsTemplateResponse)
);
template_handlers!(
    Voice, voice_template_request, voice_template_response,
    create_voice_template(CreateVoiceTemplateRequest -> CreateVoiceTemplateResponse.create_template_message_body: CreateTemplateMessageBody),
    get_voice_template(GetVoiceTemplateRequest -> GetVoiceTemplateResponse),
    update_voice_template(UpdateVoiceTemplateRequest -> UpdateVoiceTemplateResponse),
    delete_voice_template(DeleteVoiceTemplateRequest -> DeleteVoiceTemplateResponse)
);

pub async fn list_templates(
    st: AppState,
    ctx: Ctx,
    input: ListTemplatesRequest,
) -> Result<ListTemplatesResponse, ApiError> {
    let only = input.template_type.as_deref().map(kind_named).transpose()?;
    let prefix = input.prefix.unwrap_or_default();
    let all: Vec<model::TemplateResponse> = st
        .store
        .templates(&ctx.scope)
        .into_iter()
        .filter(|((name, kind), _)| name.starts_with(&prefix) && only.is_none_or(|k| k == *kind))
        .filter_map(|((name, kind), t)| {
            let v = t.active_version()?;
            Some(template_summary(&name, kind, (t.active, v)))
        })
        .collect();
    // The token's key is the name and type each in double quotes (as it has always been).
    let page = paging::page(
        all,
        input.page_size.as_deref(),
        input.next_token.as_deref(),
        |v| {
            let name = v.template_name.as_deref().unwrap_or_default();
            let kind = v.template_type.map(|t| t.as_str()).unwrap_or_default();
            format!("\"{name}\"\u{0}\"{kind}\"")
        },
    )?;
    Ok(ListTemplatesResponse {
        templates_response: TemplatesResponse {
            item: Some(page.items),
            next_token: page.next_token,
        },
    })
}

pub async fn list_template_versions(
    st: AppState,
    ctx: Ctx,
    input: ListTemplateVersionsRequest,
) -> Result<ListTemplateVersionsResponse, ApiError> {
    let name = input.template_name;
    let kind = kind_named(&input.template_type)?;
    let t = st.store.template(&ctx.scope, &name, kind)?;
    // Newest first: the token key counts down, so page by the distance from the top.
    let newest_first: Vec<(u32, model::TemplateVersionResponse)> = t
        .versions
        .newest_first()
        .into_iter()
        .map(|n| (n, template_version(&name, kind, (n, &t.versions[n]))))
        .collect();
    let top = t.latest;
    let page = paging::page(
        newest_first,
        input.page_size.as_deref(),
        input.next_token.as_deref(),
        |(n, _)| format!("{:010}", top - (*n).min(top)),
    )?;
    Ok(ListTemplateVersionsResponse {
        template_versions_response: TemplateVersionsResponse {
            item: Some(page.items.into_iter().map(|(_, v)| v).collect()),
            message: None,
            next_token: page.next_token,
            request_id: Some(ctx.request_id.to_string()),
        },
    })
}

pub async fn update_template_active_version(
    st: AppState,
    ctx: Ctx,
    input: UpdateTemplateActiveVersionRequest,
) -> Result<UpdateTemplateActiveVersionResponse, ApiError> {
    let kind = kind_named(&input.template_type)?;
    let req = input.template_active_version_request;
    let version = req.version.filter(|v| !v.is_empty()).ok_or_else(|| {
        ApiError::bad("Missing Version: TemplateActiveVersionRequest needs a Version ('latest' or a version number)")
    })?;
    st.store
        .set_active_template_version(&ctx.scope, &input.template_name, kind, &version)?;
    Ok(UpdateTemplateActiveVersionResponse {
        message_body: accepted(&ctx.request_id),
    })
}
