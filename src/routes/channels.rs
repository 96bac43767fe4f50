//! Get, Update and Delete for the ten channel types, and GetChannels. One generic rule per verb
//! over [`ChannelShape`]; each operation is a thin typed handler naming its type.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-channels.html>

use crate::dto::channels::{
    channels_response, Adm, Apns, ApnsSandbox, ApnsVoip, ApnsVoipSandbox, Baidu, ChannelShape,
    Email, Gcm, Sms, Voice,
};
use crate::error::ApiError;
use crate::model::{self, GetChannelsRequest, GetChannelsResponse};
use crate::protocol::Ctx;
use crate::AppState;

/// Get*Channel: the app's channel of type `C`.
fn get<C: ChannelShape>(st: &AppState, ctx: &Ctx, app_id: &str) -> Result<C::Response, ApiError> {
    let ch = st.store.channel(&ctx.scope, app_id, C::KIND)?;
    Ok(C::response(app_id, &ch))
}

/// Update*Channel: creates or merges the app's channel of type `C`.
fn update<C: ChannelShape>(
    st: &AppState,
    ctx: &Ctx,
    app_id: &str,
    req: C::Request,
) -> Result<C::Response, ApiError> {
    let ch = st
        .store
        .update_channel(&ctx.scope, app_id, C::KIND, C::patch(req))?;
    Ok(C::response(app_id, &ch))
}

/// Delete*Channel: removes the app's channel of type `C`, answering it as it was.
fn delete<C: ChannelShape>(
    st: &AppState,
    ctx: &Ctx,
    app_id: &str,
) -> Result<C::Response, ApiError> {
    let ch = st.store.delete_channel(&ctx.scope, app_id, C::KIND)?;
    Ok(C::response(app_id, &ch))
}

/// The three typed handlers of one channel type: each names its operation's input and output
/// and calls the generic rule above.
macro_rules! channel_handlers {
    (
        $shape:ty,
        $get:ident($get_in:ident -> $get_out:ident),
        $update:ident($update_in:ident -> $update_out:ident),
        $delete:ident($delete_in:ident -> $delete_out:ident),
        $request:ident,
        $response:ident
    ) => {
        pub async fn $get(
            st: AppState,
            ctx: Ctx,
            input: model::$get_in,
        ) -> Result<model::$get_out, ApiError> {
            Ok(model::$get_out {
                $response: get::<$shape>(&st, &ctx, &input.application_id)?,
            })
        }

        pub async fn $update(
            st: AppState,
            ctx: Ctx,
            input: model::$update_in,
        ) -> Result<model::$update_out, ApiError> {
            let app_id = input.application_id;
            Ok(model::$update_out {
                $response: update::<$shape>(&st, &ctx, &app_id, input.$request)?,
            })
        }

        pub async fn $delete(
            st: AppState,
            ctx: Ctx,
            input: model::$delete_in,
        ) -> Result<model::$delete_out, ApiError> {
            Ok(model::$delete_out {
                $response: delete::<$shape>(&st, &ctx, &input.application_id)?,
            })
        }
    };
}

channel_handlers!(
    Adm,
    get_adm_channel(GetAdmChannelRequest -> GetAdmChannelResponse),
    update_adm_channel(UpdateAdmChannelRequest -> UpdateAdmChannelResponse),
    delete_adm_channel(DeleteAdmChannelRequest -> DeleteAdmChannelResponse),
    adm_channel_request,
    adm_channel_response
);
channel_handlers!(
    Apns,
    get_apns_channel(GetApnsChannelRequest -> GetApnsChannelResponse),
    update_apns_channel(UpdateApnsChannelRequest -> UpdateApnsChannelResponse),
    delete_apns_channel(DeleteApnsChannelRequest -> DeleteApnsChannelResponse),
    apns_channel_request,
    apns_channel_response
);
channel_handlers!(
    ApnsSandbox,
    get_apns_sandbox_channel(GetApnsSandboxChannelRequest -> GetApnsSandboxChannelResponse),
    update_apns_sandbox_channel(UpdateApnsSandboxChannelRequest -> UpdateApnsSandboxChannelResponse),
    delete_apns_sandbox_channel(DeleteApnsSandboxChannelRequest -> DeleteApnsSandboxChannelResponse),
    apns_sandbox_channel_request,
    apns_sandbox_channel_response
);
channel_handlers!(
    ApnsVoip,
    get_apns_voip_channel(GetApnsVoipChannelRequest -> GetApnsVoipChannelResponse),
    update_apns_voip_channel(UpdateApnsVoipChannelRequest -> UpdateApnsVoipChannelResponse),
    delete_apns_voip_channel(DeleteApnsVoipChannelRequest -> DeleteApnsVoipChannelResponse),
    apns_voip_channel_request,
    apns_voip_channel_response
);
channel_handlers!(
    ApnsVoipSandbox,
    get_apns_voip_sandbox_channel(GetApnsVoipSandboxChannelRequest -> GetApnsVoipSandboxChannelResponse),
    update_apns_voip_sandbox_channel(UpdateApnsVoipSandboxChannelRequest -> UpdateApnsVoipSandboxChannelResponse),
    delete_apns_voip_sandbox_channel(DeleteApnsVoipSandboxChannelRequest -> DeleteApnsVoipSandboxChannelResponse),
    apns_voip_sandbox_channel_request,
    apns_voip_sandbox_channel_response
);
channel_handlers!(
    Baidu,
    get_baidu_channel(GetBaiduChannelRequest -> GetBaiduChannelResponse),
    update_baidu_channel(UpdateBaiduChannelRequest -> UpdateBaiduChannelResponse),
    delete_baidu_channel(DeleteBaiduChannelRequest -> DeleteBaiduChannelResponse),
    baidu_channel_request,
    baidu_channel_response
);
channel_handlers!(
    Email,
    get_email_channel(GetEmailChannelRequest -> GetEmailChannelResponse),
    update_email_channel(UpdateEmailChannelRequest -> UpdateEmailChannelResponse),
    delete_email_channel(DeleteEmailChannelRequest -> DeleteEmailChannelResponse),
    email_channel_request,
    email_channel_response
);
channel_handlers!(
    Gcm,
    get_gcm_channel(GetGcmChannelRequest -> GetGcmChannelResponse),
    update_gcm_channel(UpdateGcmChannelRequest -> UpdateGcmChannelResponse),
    delete_gcm_channel(DeleteGcmChannelRequest -> DeleteGcmChannelResponse),
    gcm_channel_request,
    gcm_channel_response
);
channel_handlers!(
    Sms,
    get_sms_channel(GetSmsChannelRequest -> GetSmsChannelResponse),
    update_sms_channel(UpdateSmsChannelRequest -> UpdateSmsChannelResponse),
    delete_sms_channel(DeleteSmsChannelRequest -> DeleteSmsChannelResponse),
    sms_channel_request,
    sms_channel_response
);
channel_handlers!(
    Voice,
    get_voice_channel(GetVoiceChannelRequest -> GetVoiceChannelResponse),
    update_voice_channel(UpdateVoiceChannelRequest -> UpdateVoiceChannelResponse),
    delete_voice_channel(DeleteVoiceChannelRequest -> DeleteVoiceChannelResponse),
    voice_channel_request,
    voice_channel_response
);

pub async fn get_channels(
    st: AppState,
    ctx: Ctx,
    input: GetChannelsRequest,
) -> Result<GetChannelsResponse, ApiError> {
    let channels = st.store.channels(&ctx.scope, &input.application_id)?;
    Ok(GetChannelsResponse {
        channels_response: channels_response(&input.application_id, &channels),
    })
}
