//! The operation table: one row per operation pinpoint-local serves, the operation's name and
//! its typed handler (`routes::operation::typed`). Method, path and success code come from the
//! model's catalog; the route table in [`super`] mounts each row inside its guard.

use axum::routing::MethodFilter;

use super::operation::{typed, Mounted};
use super::{
    apps, attributes, campaigns, channels, endpoints, event_stream, events, jobs, journeys, kpis,
    messages, phone, recommenders, segments, settings, tags, templates, users,
};

/// Mounts one operation's handler at the method the catalog gives.
pub type Mount = fn(MethodFilter) -> Mounted;

/// The operations pinpoint-local serves, one row each: operation name → handler. Method, path
/// and success code come from [`catalog::OPERATIONS`]; every catalog operation without a row
/// answers 501 naming itself.
pub const SERVED: &[(&str, Mount)] = &[
    ("CreateApp", |m| typed(m, apps::create_app)),
    // Import and export jobs.
    ("CreateExportJob", |m| typed(m, jobs::create_export_job)),
    ("CreateImportJob", |m| typed(m, jobs::create_import_job)),
    ("GetExportJob", |m| typed(m, jobs::get_export_job)),
    ("GetExportJobs", |m| typed(m, jobs::get_export_jobs)),
    ("GetImportJob", |m| typed(m, jobs::get_import_job)),
    ("GetImportJobs", |m| typed(m, jobs::get_import_jobs)),
    ("GetSegmentExportJobs", |m| {
        typed(m, jobs::get_segment_export_jobs)
    }),
    ("GetSegmentImportJobs", |m| {
        typed(m, jobs::get_segment_import_jobs)
    }),
    // Campaigns.
    ("CreateCampaign", |m| typed(m, campaigns::create_campaign)),
    ("DeleteCampaign", |m| typed(m, campaigns::delete_campaign)),
    ("GetCampaign", |m| typed(m, campaigns::get_campaign)),
    ("GetCampaignActivities", |m| {
        typed(m, campaigns::get_campaign_activities)
    }),
    ("GetCampaignVersion", |m| {
        typed(m, campaigns::get_campaign_version)
    }),
    ("GetCampaignVersions", |m| {
        typed(m, campaigns::get_campaign_versions)
    }),
    ("GetCampaigns", |m| typed(m, campaigns::get_campaigns)),
    ("UpdateCampaign", |m| typed(m, campaigns::update_campaign)),
    ("DeleteApp", |m| typed(m, apps::delete_app)),
    // Channels: one generic rule per verb, a typed handler per type.
    ("DeleteAdmChannel", |m| {
        typed(m, channels::delete_adm_channel)
    }),
    ("GetAdmChannel", |m| typed(m, channels::get_adm_channel)),
    ("UpdateAdmChannel", |m| {
        typed(m, channels::update_adm_channel)
    }),
    ("DeleteApnsChannel", |m| {
        typed(m, channels::delete_apns_channel)
    }),
    ("GetApnsChannel", |m| typed(m, channels::get_apns_channel)),
    ("UpdateApnsChannel", |m| {
        typed(m, channels::update_apns_channel)
    }),
    ("DeleteApnsSandboxChannel", |m| {
        typed(m, channels::delete_apns_sandbox_channel)
    }),
    ("GetApnsSandboxChannel", |m| {
        typed(m, channels::get_apns_sandbox_channel)
    }),
    ("UpdateApnsSandboxChannel", |m| {
        typed(m, channels::update_apns_sandbox_channel)
    }),
    ("DeleteApnsVoipChannel", |m| {
        typed(m, channels::delete_apns_voip_channel)
    }),
    ("GetApnsVoipChannel", |m| {
        typed(m, channels::get_apns_voip_channel)
    }),
    ("UpdateApnsVoipChannel", |m| {
        typed(m, channels::update_apns_voip_channel)
    }),
    ("DeleteApnsVoipSandboxChannel", |m| {
        typed(m, channels::delete_apns_voip_sandbox_channel)
    }),
    ("GetApnsVoipSandboxChannel", |m| {
        typed(m, channels::get_apns_voip_sandbox_channel)
    }),
    ("UpdateApnsVoipSandboxChannel", |m| {
        typed(m, channels::update_apns_voip_sandbox_channel)
    }),
    ("DeleteBaiduChannel", |m| {
        typed(m, channels::delete_baidu_channel)
    }),
    ("GetBaiduChannel", |m| typed(m, channels::get_baidu_channel)),
    ("UpdateBaiduChannel", |m| {
        typed(m, channels::update_baidu_channel)
    }),
    ("DeleteEmailChannel", |m| {
        typed(m, channels::delete_email_channel)
    }),
    ("GetEmailChannel", |m| typed(m, channels::get_email_channel)),
    ("UpdateEmailChannel", |m| {
        typed(m, channels::update_email_channel)
    }),
    ("DeleteGcmChannel", |m| {
        typed(m, channels::delete_gcm_channel)
    }),
    ("GetGcmChannel", |m| typed(m, channels::get_gcm_channel)),
    ("UpdateGcmChannel", |m| {
        typed(m, channels::update_gcm_channel)
    }),
    ("DeleteSmsChannel", |m| {
        typed(m, channels::delete_sms_channel)
    }),
    ("GetSmsChannel", |m| typed(m, channels::get_sms_channel)),
    ("UpdateSmsChannel", |m| {
        typed(m, channels::update_sms_channel)
    }),
    ("DeleteVoiceChannel", |m| {
        typed(m, channels::delete_voice_channel)
    }),
    ("GetVoiceChannel", |m| typed(m, channels::get_voice_channel)),
    ("UpdateVoiceChannel", |m| {
        typed(m, channels::update_voice_channel)
    }),
    ("GetChannels", |m| typed(m, channels::get_channels)),
    ("DeleteEndpoint", |m| typed(m, endpoints::delete_endpoint)),
    // The event stream setting.
    ("DeleteEventStream", |m| {
        typed(m, event_stream::delete_event_stream)
    }),
    ("GetEventStream", |m| {
        typed(m, event_stream::get_event_stream)
    }),
    ("PutEventStream", |m| {
        typed(m, event_stream::put_event_stream)
    }),
    ("DeleteUserEndpoints", |m| {
        typed(m, users::delete_user_endpoints)
    }),
    // Templates: one generic rule per verb, a typed handler per type.
    ("CreateEmailTemplate", |m| {
        typed(m, templates::create_email_template)
    }),
    ("DeleteEmailTemplate", |m| {
        typed(m, templates::delete_email_template)
    }),
    ("GetEmailTemplate", |m| {
        typed(m, templates::get_email_template)
    }),
    ("UpdateEmailTemplate", |m| {
        typed(m, templates::update_email_template)
    }),
    ("CreateInAppTemplate", |m| {
        typed(m, templates::create_in_app_template)
    }),
    ("DeleteInAppTemplate", |m| {
        typed(m, templates::delete_in_app_template)
    }),
    ("GetInAppTemplate", |m| {
        typed(m, templates::get_in_app_template)
    }),
    ("UpdateInAppTemplate", |m| {
        typed(m, templates::update_in_app_template)
    }),
    ("CreatePushTemplate", |m| {
        typed(m, templates::create_push_template)
    }),
    ("DeletePushTemplate", |m| {
        typed(m, templates::delete_push_template)
    }),
    ("GetPushTemplate", |m| {
        typed(m, templates::get_push_template)
    }),
    ("UpdatePushTemplate", |m| {
        typed(m, templates::update_push_template)
    }),
    ("CreateSmsTemplate", |m| {
        typed(m, templates::create_sms_template)
    }),
    ("DeleteSmsTemplate", |m| {
        typed(m, templates::delete_sms_template)
    }),
    ("GetSmsTemplate", |m| typed(m, templates::get_sms_template)),
    ("UpdateSmsTemplate", |m| {
        typed(m, templates::update_sms_template)
    }),
    ("CreateVoiceTemplate", |m| {
        typed(m, templates::create_voice_template)
    }),
    ("DeleteVoiceTemplate", |m| {
        typed(m, templates::delete_voice_template)
    }),
    ("GetVoiceTemplate", |m| {
        typed(m, templates::get_voice_template)
    }),
    ("UpdateVoiceTemplate", |m| {
        typed(m, templates::update_voice_template)
    }),
    ("ListTemplates", |m| typed(m, templates::list_templates)),
    ("ListTemplateVersions", |m| {
        typed(m, templates::list_template_versions)
    }),
    ("UpdateTemplateActiveVersion", |m| {
        typed(m, templates::update_template_active_version)
    }),
    ("GetApp", |m| typed(m, apps::get_app)),
    // Application settings.
    ("GetApplicationSettings", |m| {
        typed(m, settings::get_application_settings)
    }),
    ("UpdateApplicationSettings", |m| {
        typed(m, settings::update_application_settings)
    }),
    ("GetApps", |m| typed(m, apps::get_apps)),
    ("GetEndpoint", |m| typed(m, endpoints::get_endpoint)),
    ("GetInAppMessages", |m| {
        typed(m, campaigns::get_in_app_messages)
    }),
    // Journeys.
    ("CreateJourney", |m| typed(m, journeys::create_journey)),
    ("DeleteJourney", |m| typed(m, journeys::delete_journey)),
    ("GetJourney", |m| typed(m, journeys::get_journey)),
    ("ListJourneys", |m| typed(m, journeys::list_journeys)),
    ("UpdateJourney", |m| typed(m, journeys::update_journey)),
    ("UpdateJourneyState", |m| {
        typed(m, journeys::update_journey_state)
    }),
    // KPIs, journey runs and the four journey execution metrics.
    ("GetApplicationDateRangeKpi", |m| {
        typed(m, kpis::get_application_date_range_kpi)
    }),
    ("GetCampaignDateRangeKpi", |m| {
        typed(m, kpis::get_campaign_date_range_kpi)
    }),
    ("GetJourneyDateRangeKpi", |m| {
        typed(m, kpis::get_journey_date_range_kpi)
    }),
    ("GetJourneyExecutionActivityMetrics", |m| {
        typed(m, kpis::get_journey_execution_activity_metrics)
    }),
    ("GetJourneyExecutionMetrics", |m| {
        typed(m, kpis::get_journey_execution_metrics)
    }),
    ("GetJourneyRunExecutionActivityMetrics", |m| {
        typed(m, kpis::get_journey_run_execution_activity_metrics)
    }),
    ("GetJourneyRunExecutionMetrics", |m| {
        typed(m, kpis::get_journey_run_execution_metrics)
    }),
    ("GetJourneyRuns", |m| typed(m, kpis::get_journey_runs)),
    ("GetUserEndpoints", |m| typed(m, users::get_user_endpoints)),
    ("PhoneNumberValidate", |m| {
        typed(m, phone::phone_number_validate)
    }),
    ("PutEvents", |m| typed(m, events::put_events)),
    ("RemoveAttributes", |m| {
        typed(m, attributes::remove_attributes)
    }),
    // Recommender configurations.
    ("CreateRecommenderConfiguration", |m| {
        typed(m, recommenders::create_recommender_configuration)
    }),
    ("DeleteRecommenderConfiguration", |m| {
        typed(m, recommenders::delete_recommender_configuration)
    }),
    ("GetRecommenderConfiguration", |m| {
        typed(m, recommenders::get_recommender_configuration)
    }),
    ("GetRecommenderConfigurations", |m| {
        typed(m, recommenders::get_recommender_configurations)
    }),
    ("UpdateRecommenderConfiguration", |m| {
        typed(m, recommenders::update_recommender_configuration)
    }),
    // Segments.
    ("CreateSegment", |m| typed(m, segments::create_segment)),
    ("DeleteSegment", |m| typed(m, segments::delete_segment)),
    ("GetSegment", |m| typed(m, segments::get_segment)),
    ("GetSegmentVersion", |m| {
        typed(m, segments::get_segment_version)
    }),
    ("GetSegmentVersions", |m| {
        typed(m, segments::get_segment_versions)
    }),
    ("GetSegments", |m| typed(m, segments::get_segments)),
    ("UpdateSegment", |m| typed(m, segments::update_segment)),
    ("SendMessages", |m| typed(m, messages::send_messages)),
    // Tags, by ARN.
    ("ListTagsForResource", |m| {
        typed(m, tags::list_tags_for_resource)
    }),
    ("TagResource", |m| typed(m, tags::tag_resource)),
    ("UntagResource", |m| typed(m, tags::untag_resource)),
    ("SendOTPMessage", |m| typed(m, messages::send_otp_message)),
    ("SendUsersMessages", |m| {
        typed(m, messages::send_users_messages)
    }),
    ("UpdateEndpoint", |m| typed(m, endpoints::update_endpoint)),
    ("UpdateEndpointsBatch", |m| {
        typed(m, endpoints::update_endpoints_batch)
    }),
    ("VerifyOTPMessage", |m| {
        typed(m, messages::verify_otp_message)
    }),
];
