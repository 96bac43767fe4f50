//! The template shapes: `{Type}TemplateRequest` in; `{Type}TemplateResponse`,
//! `CreateTemplateMessageBody`, `TemplatesResponse` and `TemplateVersionsResponse` out.
//! [`TemplateShape`] ties a template type to its two model shapes; a template's content is
//! answered as it was sent, with the template's identity ([`TemplateHead`]) around it.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/templates.html>

use std::collections::BTreeMap;

use crate::model::{self, TemplateType};
use crate::store::messaging::templates::{
    Template, TemplateContent, TemplateKind, TemplateVersion,
};
use crate::store::Scope;

/// A template request read: its content and its tags.
pub struct TemplateIn {
    pub content: TemplateContent,
    pub tags: BTreeMap<String, String>,
}

/// What every template response holds around the content.
pub struct TemplateHead {
    pub arn: String,
    pub creation_date: String,
    pub last_modified_date: String,
    pub tags: BTreeMap<String, String>,
    pub template_name: String,
    pub template_type: TemplateType,
    pub version: String,
}

impl TemplateHead {
    /// The head of version `n` of template `name`.
    pub fn new(
        scope: &Scope,
        name: &str,
        kind: TemplateKind,
        t: &Template,
        (n, v): (u32, &TemplateVersion),
    ) -> Self {
        TemplateHead {
            arn: template_arn(scope, name, kind),
            creation_date: v.creation_date.clone(),
            last_modified_date: v.last_modified_date.clone(),
            tags: t.tags.clone(),
            template_name: name.to_string(),
            template_type: template_type(kind),
            version: n.to_string(),
        }
    }
}

/// One template type: its kind in the store and its request and response shapes.
pub trait TemplateShape {
    const KIND: TemplateKind;
    type Request;
    type Response;
    /// The request's content and tags.
    fn read(req: Self::Request) -> TemplateIn;
    /// A version's content, with the template around it, as the type's response shape.
    fn response(head: TemplateHead, content: &TemplateContent) -> Self::Response;
}

/// A template type's [`TemplateShape`]: its marker, kind, request and response shapes and
/// content members.
macro_rules! template_shape {
    ($marker:ident, $kind:ident, $req:ident, $resp:ident { $($m:ident),* }) => {
        pub struct $marker;

        impl TemplateShape for $marker {
            const KIND: TemplateKind = TemplateKind::$kind;
            type Request = model::$req;
            type Response = model::$resp;

            fn read(req: model::$req) -> TemplateIn {
                TemplateIn {
                    content: TemplateContent {
                        $($m: req.$m,)*
                        ..Default::default()
                    },
                    tags: req.tags.unwrap_or_default(),
                }
            }

            fn response(h: TemplateHead, c: &TemplateContent) -> model::$resp {
                model::$resp {
                    arn: Some(h.arn),
                    creation_date: Some(h.creation_date),
                    last_modified_date: Some(h.last_modified_date),
                    tags: Some(h.tags),
                    template_name: Some(h.template_name),
                    template_type: Some(h.template_type),
                    version: Some(h.version),
                    $($m: c.$m.clone(),)*
                }
            }
        }
    };
}

template_shape!(
    Email,
    EMAIL,
    EmailTemplateRequest,
    EmailTemplateResponse {
        default_substitutions,
        headers,
        html_part,
        recommender_id,
        subject,
        template_description,
        text_part
    }
);
template_shape!(
    InApp,
    INAPP,
    InAppTemplateRequest,
    InAppTemplateResponse {
        content,
        custom_config,
        layout,
        template_description
    }
);
template_shape!(
    Push,
    PUSH,
    PushNotificationTemplateRequest,
    PushNotificationTemplateResponse {
        adm,
        apns,
        baidu,
        default,
        default_substitutions,
        gcm,
        recommender_id,
        template_description
    }
);
template_shape!(
    Sms,
    SMS,
    SMSTemplateRequest,
    SMSTemplateResponse {
        body,
        default_substitutions,
        recommender_id,
        template_description
    }
);
template_shape!(
    Voice,
    VOICE,
    VoiceTemplateRequest,
    VoiceTemplateResponse {
        body,
        default_substitutions,
        language_code,
        template_description,
        voice_id
    }
);

/// The model's `TemplateType` of a kind.
pub fn template_type(kind: TemplateKind) -> TemplateType {
    match kind {
        TemplateKind::EMAIL => TemplateType::Email,
        TemplateKind::INAPP => TemplateType::Inapp,
        TemplateKind::PUSH => TemplateType::Push,
        TemplateKind::SMS => TemplateType::Sms,
        TemplateKind::VOICE => TemplateType::Voice,
    }
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

/// One entry of ListTemplates: the active version, without its content.
pub fn template_summary(
    name: &str,
    kind: TemplateKind,
    (n, v): (u32, &TemplateVersion),
) -> model::TemplateResponse {
    model::TemplateResponse {
        creation_date: Some(v.creation_date.clone()),
        last_modified_date: Some(v.last_modified_date.clone()),
        template_name: Some(name.to_string()),
        template_type: Some(template_type(kind)),
        version: Some(n.to_string()),
        ..Default::default()
    }
}

/// One entry of ListTemplateVersions: with the version's description and default
/// substitutions.
pub fn template_version(
    name: &str,
    kind: TemplateKind,
    (n, v): (u32, &TemplateVersion),
) -> model::TemplateVersionResponse {
    model::TemplateVersionResponse {
        creation_date: Some(v.creation_date.clone()),
        default_substitutions: v.content.default_substitutions.clone(),
        last_modified_date: Some(v.last_modified_date.clone()),
        template_description: v.content.template_description.clone(),
        template_name: Some(name.to_string()),
        template_type: Some(kind.name().to_string()),
        version: Some(n.to_string()),
    }
}

/// The `MessageBody` an update or delete answers.
pub fn accepted(request_id: &str) -> model::MessageBody {
    model::MessageBody {
        message: Some("Accepted".into()),
        request_id: Some(request_id.to_string()),
    }
}
