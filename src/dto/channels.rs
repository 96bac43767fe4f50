//! The channel shapes: `{Type}ChannelRequest` in, `{Type}ChannelResponse` and `ChannelsResponse`
//! out. [`ChannelShape`] ties a channel type to its two model shapes; what a channel answers is
//! worked out once, for every type, in [`view`], without secrets
//! (docs/behaviour.md#channel-output).
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-channels.html>

use std::collections::BTreeMap;

use crate::model;
use crate::store::messaging::channels::{Channel, ChannelKind, ChannelPatch, ChannelSettings};

/// One channel type: its kind in the store and its request and response shapes.
pub trait ChannelShape {
    const KIND: ChannelKind;
    type Request;
    type Response;
    /// The request as a store update (unknown and `null` members are already gone).
    fn patch(req: Self::Request) -> ChannelPatch;
    /// The channel as the type's response shape.
    fn response(app_id: &str, ch: &Channel) -> Self::Response;
}

/// Everything a channel of any type can answer; each response shape takes its own members.
#[derive(Debug, Default)]
pub struct ChannelView {
    pub application_id: Option<String>,
    pub creation_date: Option<String>,
    pub enabled: Option<bool>,
    pub has_credential: Option<bool>,
    pub id: Option<String>,
    pub is_archived: Option<bool>,
    pub last_modified_date: Option<String>,
    pub platform: Option<String>,
    pub version: Option<i32>,
    pub default_authentication_method: Option<String>,
    pub has_token_key: Option<bool>,
    pub has_fcm_service_credentials: Option<bool>,
    pub messages_per_second: Option<i32>,
    pub promotional_messages_per_second: Option<i32>,
    pub transactional_messages_per_second: Option<i32>,
    pub sender_id: Option<String>,
    pub short_code: Option<String>,
    pub configuration_set: Option<String>,
    pub from_address: Option<String>,
    pub identity: Option<String>,
    pub orchestration_sending_role_arn: Option<String>,
    pub role_arn: Option<String>,
}

/// What a channel answers: the common members, then its type's own (secrets never).
pub fn view(app_id: &str, kind: ChannelKind, ch: &Channel) -> ChannelView {
    let s = &ch.settings;
    let mut v = ChannelView {
        application_id: Some(app_id.to_string()),
        creation_date: Some(ch.creation_date.clone()),
        enabled: Some(ch.enabled),
        has_credential: kind.is_push().then_some(true),
        id: Some(kind.path_name()),
        is_archived: Some(false),
        last_modified_date: Some(ch.last_modified_date.clone()),
        platform: Some(kind.platform().to_string()),
        version: Some(ch.version as i32),
        default_authentication_method: ch.default_authentication_method(kind).map(str::to_string),
        has_token_key: kind.is_apns().then_some(s.token_key.is_some()),
        ..Default::default()
    };
    match kind {
        ChannelKind::GCM => v.has_fcm_service_credentials = Some(s.service_json.is_some()),
        ChannelKind::SMS => {
            v.promotional_messages_per_second = Some(20);
            v.transactional_messages_per_second = Some(20);
            v.sender_id = s.sender_id.clone();
            v.short_code = s.short_code.clone();
        }
        ChannelKind::EMAIL => {
            v.messages_per_second = Some(1);
            v.configuration_set = s.configuration_set.clone();
            v.from_address = s.from_address.clone();
            v.identity = s.identity.clone();
            v.orchestration_sending_role_arn = s.orchestration_sending_role_arn.clone();
            v.role_arn = s.role_arn.clone();
        }
        _ => {}
    }
    v
}

/// A channel type's [`ChannelShape`]: its marker, kind, request shape with its settings, and
/// response shape with the members beyond the common ones.
macro_rules! channel_shape {
    ($marker:ident, $kind:ident, $req:ident { $($set:ident),* }, $resp:ident { $($extra:ident),* }) => {
        pub struct $marker;

        impl ChannelShape for $marker {
            const KIND: ChannelKind = ChannelKind::$kind;
            type Request = model::$req;
            type Response = model::$resp;

            fn patch(req: model::$req) -> ChannelPatch {
                ChannelPatch {
                    enabled: req.enabled,
                    settings: ChannelSettings {
                        $($set: req.$set,)*
                        ..Default::default()
                    },
                }
            }

            fn response(app_id: &str, ch: &Channel) -> model::$resp {
                let v = view(app_id, Self::KIND, ch);
                model::$resp {
                    application_id: v.application_id,
                    creation_date: v.creation_date,
                    enabled: v.enabled,
                    has_credential: v.has_credential,
                    id: v.id,
                    is_archived: v.is_archived,
                    last_modified_date: v.last_modified_date,
                    platform: v.platform,
                    version: v.version,
                    $($extra: v.$extra,)*
                    ..Default::default()
                }
            }
        }
    };
}

channel_shape!(
    Adm,
    ADM,
    ADMChannelRequest {
        client_id,
        client_secret
    },
    ADMChannelResponse {}
);
channel_shape!(
    Baidu,
    BAIDU,
    BaiduChannelRequest {
        api_key,
        secret_key
    },
    BaiduChannelResponse {}
);
channel_shape!(
    Email,
    EMAIL,
    EmailChannelRequest {
        configuration_set,
        from_address,
        identity,
        orchestration_sending_role_arn,
        role_arn
    },
    EmailChannelResponse {
        configuration_set,
        from_address,
        identity,
        messages_per_second,
        orchestration_sending_role_arn,
        role_arn
    }
);
channel_shape!(
    Gcm,
    GCM,
    GCMChannelRequest {
        api_key,
        default_authentication_method,
        service_json
    },
    GCMChannelResponse {
        default_authentication_method,
        has_fcm_service_credentials
    }
);
channel_shape!(
    Sms,
    SMS,
    SMSChannelRequest {
        sender_id,
        short_code
    },
    SMSChannelResponse {
        promotional_messages_per_second,
        sender_id,
        short_code,
        transactional_messages_per_second
    }
);
channel_shape!(
    Voice,
    VOICE,
    VoiceChannelRequest {},
    VoiceChannelResponse {}
);

/// The four APNs types share their request and response members.
macro_rules! apns_shape {
    ($marker:ident, $kind:ident, $req:ident, $resp:ident) => {
        channel_shape!(
            $marker,
            $kind,
            $req {
                bundle_id,
                certificate,
                default_authentication_method,
                private_key,
                team_id,
                token_key,
                token_key_id
            },
            $resp {
                default_authentication_method,
                has_token_key
            }
        );
    };
}

apns_shape!(Apns, APNS, APNSChannelRequest, APNSChannelResponse);
apns_shape!(
    ApnsSandbox,
    APNS_SANDBOX,
    APNSSandboxChannelRequest,
    APNSSandboxChannelResponse
);
apns_shape!(
    ApnsVoip,
    APNS_VOIP,
    APNSVoipChannelRequest,
    APNSVoipChannelResponse
);
apns_shape!(
    ApnsVoipSandbox,
    APNS_VOIP_SANDBOX,
    APNSVoipSandboxChannelRequest,
    APNSVoipSandboxChannelResponse
);

/// `ChannelsResponse`: every channel set up, by type, with the generic `ChannelResponse`'s
/// members, and the in-app channel every app has.
pub fn channels_response(
    app_id: &str,
    channels: &[(ChannelKind, Channel)],
) -> model::ChannelsResponse {
    let mut map = BTreeMap::new();
    for (kind, ch) in channels {
        let v = view(app_id, *kind, ch);
        let generic = model::ChannelResponse {
            application_id: v.application_id,
            creation_date: v.creation_date,
            enabled: v.enabled,
            has_credential: v.has_credential,
            id: v.id,
            is_archived: v.is_archived,
            last_modified_by: None,
            last_modified_date: v.last_modified_date,
            version: v.version,
        };
        map.insert(kind.platform().to_string(), generic);
    }
    map.insert(
        "IN_APP".into(),
        model::ChannelResponse {
            enabled: Some(true),
            is_archived: Some(false),
            version: Some(0),
            ..Default::default()
        },
    );
    model::ChannelsResponse {
        channels: Some(map),
    }
}
