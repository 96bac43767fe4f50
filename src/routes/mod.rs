//! The route table. Every operation of the Pinpoint model is mounted at its method and URI
//! template from the model's [`catalog::OPERATIONS`]: the ones we serve with their handler, the
//! rest with a 501 naming the operation (docs/behaviour.md#unserved-operation). The success
//! status of every served operation also comes from the catalog, so no handler carries a status
//! literal. The emulator's own `/_pinpoint/` routes are put together in [`admin_routes`].

pub mod admin;
pub mod admin_browse;
pub mod admin_faults;
pub mod admin_logs;
pub mod admin_messages;
pub mod admin_segments;
pub mod admin_ui;
pub mod apps;
pub mod attributes;
pub mod campaigns;
pub mod channels;
pub mod endpoints;
pub mod event_stream;
pub mod events;
mod guard;
pub mod jobs;
pub mod journeys;
pub mod kpis;
pub mod messages;
pub mod phone;
pub mod recommenders;
pub mod segments;
pub mod settings;
pub mod tags;
pub mod templates;
pub mod users;

use axum::response::Response;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;

use crate::error::ApiError;
use crate::protocol::catalog;
use crate::protocol::operations::TRAILING_SLASH;
use crate::protocol::validate;
use crate::AppState;

/// The last segment of a matched route: the channel or template type of the routes that serve
/// every type with one handler.
pub fn last_segment(route: &axum::extract::MatchedPath) -> &str {
    route.as_str().rsplit('/').next().unwrap_or_default()
}

/// A JSON body already serialized (for answers built while a store lock is held).
pub fn json_body<T: serde::Serialize>(value: &T) -> Result<Response, ApiError> {
    // An endpoint answer is about 500 bytes: one allocation instead of growing from nothing.
    let mut bytes = Vec::with_capacity(1024);
    serde_json::to_writer(&mut bytes, value)
        .map_err(|e| ApiError::Internal(format!("serializing a response: {e}")))?;
    let mut resp = Response::new(axum::body::Body::from(bytes));
    resp.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    Ok(resp)
}

/// Mounts one operation's handler at the method the catalog gives.
pub type Mount = fn(MethodFilter) -> MethodRouter<AppState>;

/// The operations pinpoint-local serves, one row each: operation name → handler. Method, path
/// and success code come from [`catalog::OPERATIONS`]; every catalog operation without a row
/// answers 501 naming itself.
pub const SERVED: &[(&str, Mount)] = &[
    ("CreateApp", |m| on(m, apps::create_app)),
    // Import and export jobs: one handler for each job's Get and one for the four listings.
    ("CreateExportJob", |m| on(m, jobs::create_export_job)),
    ("CreateImportJob", |m| on(m, jobs::create_import_job)),
    ("GetExportJob", |m| on(m, jobs::get_job)),
    ("GetExportJobs", |m| on(m, jobs::get_jobs)),
    ("GetImportJob", |m| on(m, jobs::get_job)),
    ("GetImportJobs", |m| on(m, jobs::get_jobs)),
    ("GetSegmentExportJobs", |m| on(m, jobs::get_jobs)),
    ("GetSegmentImportJobs", |m| on(m, jobs::get_jobs)),
    // Campaigns.
    ("CreateCampaign", |m| on(m, campaigns::create_campaign)),
    ("DeleteCampaign", |m| on(m, campaigns::delete_campaign)),
    ("GetCampaign", |m| on(m, campaigns::get_campaign)),
    ("GetCampaignActivities", |m| {
        on(m, campaigns::get_campaign_activities)
    }),
    ("GetCampaignVersion", |m| {
        on(m, campaigns::get_campaign_version)
    }),
    ("GetCampaignVersions", |m| {
        on(m, campaigns::get_campaign_versions)
    }),
    ("GetCampaigns", |m| on(m, campaigns::get_campaigns)),
    ("UpdateCampaign", |m| on(m, campaigns::update_campaign)),
    ("DeleteApp", |m| on(m, apps::delete_app)),
    // Channels: one handler per verb for all ten types.
    ("DeleteAdmChannel", |m| on(m, channels::delete_channel)),
    ("GetAdmChannel", |m| on(m, channels::get_channel)),
    ("UpdateAdmChannel", |m| on(m, channels::update_channel)),
    ("DeleteApnsChannel", |m| on(m, channels::delete_channel)),
    ("GetApnsChannel", |m| on(m, channels::get_channel)),
    ("UpdateApnsChannel", |m| on(m, channels::update_channel)),
    ("DeleteApnsSandboxChannel", |m| {
        on(m, channels::delete_channel)
    }),
    ("GetApnsSandboxChannel", |m| on(m, channels::get_channel)),
    ("UpdateApnsSandboxChannel", |m| {
        on(m, channels::update_channel)
    }),
    ("DeleteApnsVoipChannel", |m| on(m, channels::delete_channel)),
    ("GetApnsVoipChannel", |m| on(m, channels::get_channel)),
    ("UpdateApnsVoipChannel", |m| on(m, channels::update_channel)),
    ("DeleteApnsVoipSandboxChannel", |m| {
        on(m, channels::delete_channel)
    }),
    ("GetApnsVoipSandboxChannel", |m| {
        on(m, channels::get_channel)
    }),
    ("UpdateApnsVoipSandboxChannel", |m| {
        on(m, channels::update_channel)
    }),
    ("DeleteBaiduChannel", |m| on(m, channels::delete_channel)),
    ("GetBaiduChannel", |m| on(m, channels::get_channel)),
    ("UpdateBaiduChannel", |m| on(m, channels::update_channel)),
    ("DeleteEmailChannel", |m| on(m, channels::delete_channel)),
    ("GetEmailChannel", |m| on(m, channels::get_channel)),
    ("UpdateEmailChannel", |m| on(m, channels::update_channel)),
    ("DeleteGcmChannel", |m| on(m, channels::delete_channel)),
    ("GetGcmChannel", |m| on(m, channels::get_channel)),
    ("UpdateGcmChannel", |m| on(m, channels::update_channel)),
    ("DeleteSmsChannel", |m| on(m, channels::delete_channel)),
    ("GetSmsChannel", |m| on(m, channels::get_channel)),
    ("UpdateSmsChannel", |m| on(m, channels::update_channel)),
    ("DeleteVoiceChannel", |m| on(m, channels::delete_channel)),
    ("GetVoiceChannel", |m| on(m, channels::get_channel)),
    ("UpdateVoiceChannel", |m| on(m, channels::update_channel)),
    ("GetChannels", |m| on(m, channels::get_channels)),
    ("DeleteEndpoint", |m| on(m, endpoints::delete_endpoint)),
    // The event stream setting.
    ("DeleteEventStream", |m| {
        on(m, event_stream::delete_event_stream)
    }),
    ("GetEventStream", |m| on(m, event_stream::get_event_stream)),
    ("PutEventStream", |m| on(m, event_stream::put_event_stream)),
    ("DeleteUserEndpoints", |m| {
        on(m, users::delete_user_endpoints)
    }),
    // Templates: one handler per verb for all five types.
    ("CreateEmailTemplate", |m| on(m, templates::create_template)),
    ("DeleteEmailTemplate", |m| on(m, templates::delete_template)),
    ("GetEmailTemplate", |m| on(m, templates::get_template)),
    ("UpdateEmailTemplate", |m| on(m, templates::update_template)),
    ("CreateInAppTemplate", |m| on(m, templates::create_template)),
    ("DeleteInAppTemplate", |m| on(m, templates::delete_template)),
    ("GetInAppTemplate", |m| on(m, templates::get_template)),
    ("UpdateInAppTemplate", |m| on(m, templates::update_template)),
    ("CreatePushTemplate", |m| on(m, templates::create_template)),
    ("DeletePushTemplate", |m| on(m, templates::delete_template)),
    ("GetPushTemplate", |m| on(m, templates::get_template)),
    ("UpdatePushTemplate", |m| on(m, templates::update_template)),
    ("CreateSmsTemplate", |m| on(m, templates::create_template)),
    ("DeleteSmsTemplate", |m| on(m, templates::delete_template)),
    ("GetSmsTemplate", |m| on(m, templates::get_template)),
    ("UpdateSmsTemplate", |m| on(m, templates::update_template)),
    ("CreateVoiceTemplate", |m| on(m, templates::create_template)),
    ("DeleteVoiceTemplate", |m| on(m, templates::delete_template)),
    ("GetVoiceTemplate", |m| on(m, templates::get_template)),
    ("UpdateVoiceTemplate", |m| on(m, templates::update_template)),
    ("ListTemplates", |m| on(m, templates::list_templates)),
    ("ListTemplateVersions", |m| {
        on(m, templates::list_template_versions)
    }),
    ("UpdateTemplateActiveVersion", |m| {
        on(m, templates::update_template_active_version)
    }),
    ("GetApp", |m| on(m, apps::get_app)),
    // Application settings.
    ("GetApplicationSettings", |m| {
        on(m, settings::get_application_settings)
    }),
    ("UpdateApplicationSettings", |m| {
        on(m, settings::update_application_settings)
    }),
    ("GetApps", |m| on(m, apps::get_apps)),
    ("GetEndpoint", |m| on(m, endpoints::get_endpoint)),
    ("GetInAppMessages", |m| {
        on(m, campaigns::get_in_app_messages)
    }),
    // Journeys.
    ("CreateJourney", |m| on(m, journeys::create_journey)),
    ("DeleteJourney", |m| on(m, journeys::delete_journey)),
    ("GetJourney", |m| on(m, journeys::get_journey)),
    ("ListJourneys", |m| on(m, journeys::list_journeys)),
    ("UpdateJourney", |m| on(m, journeys::update_journey)),
    ("UpdateJourneyState", |m| {
        on(m, journeys::update_journey_state)
    }),
    // KPIs, journey runs, and one handler for the four journey execution metrics.
    ("GetApplicationDateRangeKpi", |m| {
        on(m, kpis::get_application_date_range_kpi)
    }),
    ("GetCampaignDateRangeKpi", |m| {
        on(m, kpis::get_campaign_date_range_kpi)
    }),
    ("GetJourneyDateRangeKpi", |m| {
        on(m, kpis::get_journey_date_range_kpi)
    }),
    ("GetJourneyExecutionActivityMetrics", |m| {
        on(m, kpis::journey_metrics)
    }),
    ("GetJourneyExecutionMetrics", |m| {
        on(m, kpis::journey_metrics)
    }),
    ("GetJourneyRunExecutionActivityMetrics", |m| {
        on(m, kpis::journey_metrics)
    }),
    ("GetJourneyRunExecutionMetrics", |m| {
        on(m, kpis::journey_metrics)
    }),
    ("GetJourneyRuns", |m| on(m, kpis::get_journey_runs)),
    ("GetUserEndpoints", |m| on(m, users::get_user_endpoints)),
    ("PhoneNumberValidate", |m| {
        on(m, phone::phone_number_validate)
    }),
    ("PutEvents", |m| on(m, events::put_events)),
    ("RemoveAttributes", |m| on(m, attributes::remove_attributes)),
    // Recommender configurations.
    ("CreateRecommenderConfiguration", |m| {
        on(m, recommenders::create_recommender_configuration)
    }),
    ("DeleteRecommenderConfiguration", |m| {
        on(m, recommenders::delete_recommender_configuration)
    }),
    ("GetRecommenderConfiguration", |m| {
        on(m, recommenders::get_recommender_configuration)
    }),
    ("GetRecommenderConfigurations", |m| {
        on(m, recommenders::get_recommender_configurations)
    }),
    ("UpdateRecommenderConfiguration", |m| {
        on(m, recommenders::update_recommender_configuration)
    }),
    // Segments.
    ("CreateSegment", |m| on(m, segments::create_segment)),
    ("DeleteSegment", |m| on(m, segments::delete_segment)),
    ("GetSegment", |m| on(m, segments::get_segment)),
    ("GetSegmentVersion", |m| {
        on(m, segments::get_segment_version)
    }),
    ("GetSegmentVersions", |m| {
        on(m, segments::get_segment_versions)
    }),
    ("GetSegments", |m| on(m, segments::get_segments)),
    ("UpdateSegment", |m| on(m, segments::update_segment)),
    ("SendMessages", |m| on(m, messages::send_messages)),
    // Tags, by ARN.
    ("ListTagsForResource", |m| {
        on(m, tags::list_tags_for_resource)
    }),
    ("TagResource", |m| on(m, tags::tag_resource)),
    ("UntagResource", |m| on(m, tags::untag_resource)),
    ("SendOTPMessage", |m| on(m, messages::send_otp_message)),
    ("SendUsersMessages", |m| {
        on(m, messages::send_users_messages)
    }),
    ("UpdateEndpoint", |m| on(m, endpoints::update_endpoint)),
    ("UpdateEndpointsBatch", |m| {
        on(m, endpoints::update_endpoints_batch)
    }),
    ("VerifyOTPMessage", |m| on(m, messages::verify_otp_message)),
];

/// The handler of a served operation.
fn mount_of(name: &str) -> Option<Mount> {
    SERVED.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// Whether pinpoint-local serves the operation.
pub fn is_served(name: &str) -> bool {
    mount_of(name).is_some()
}

/// The route of an operation of the model without a handler: a 501 naming it. Every operation
/// of the committed model is served; this keeps a refreshed model's new ones loud.
fn unserved(name: &'static str, method: MethodFilter) -> MethodRouter<AppState> {
    on(method, move || async move {
        ApiError::NotImplemented(format!(
            "{name} is not implemented by pinpoint-local; see the README for the operations it serves"
        ))
    })
}

/// The emulator's own routes under `/_pinpoint/`: state, logs, fault rules, the dashboard.
pub fn admin_routes() -> Router<AppState> {
    Router::new()
        .merge(admin::routes())
        .merge(admin_messages::routes())
        .merge(admin_segments::routes())
        .merge(admin_faults::routes())
        .merge(admin_browse::routes())
        .merge(admin_logs::routes())
        .merge(admin_ui::routes())
}

/// The Pinpoint API: one route per operation of the model, each served one inside its
/// [`guard::Guard`].
pub fn pinpoint_routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new();
    for op in catalog::OPERATIONS {
        let route = match mount_of(op.name) {
            Some(mount) => {
                let input = validate::input_of(op.name)
                    .filter(|i| i.body.is_some() || !i.params.is_empty());
                mount(op.method.filter()).layer(guard::Guard::layer(state, op, input))
            }
            None => unserved(op.name, op.method.filter()),
        };
        if TRAILING_SLASH.contains(&op.name) {
            router = router.route(&format!("{}/", op.uri), route.clone());
        }
        router = router.route(op.uri, route);
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::operations::is_trailing_slash_of;

    #[tokio::test]
    async fn an_operation_without_a_handler_answers_501_naming_itself() {
        use tower::ServiceExt;
        let app = Router::new()
            .route(
                "/v1/new",
                unserved("CreateSomethingNew", MethodFilter::POST),
            )
            .with_state(AppState::for_tests());
        let req = axum::http::Request::post("/v1/new")
            .body(axum::body::Body::empty())
            .unwrap();
        let resp = app.oneshot(req).await.unwrap();
        assert_eq!(resp.status(), axum::http::StatusCode::NOT_IMPLEMENTED);
        let body = axum::body::to_bytes(resp.into_body(), 1 << 16)
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&body).contains("CreateSomethingNew"));
    }

    #[test]
    fn a_documented_trailing_slash_names_a_served_path_without_labels() {
        for name in TRAILING_SLASH {
            let op = catalog::OPERATIONS
                .iter()
                .find(|o| o.name == *name)
                .unwrap();
            assert!(is_served(name) && !op.uri.contains('{'), "{name}");
            assert!(is_trailing_slash_of(op, &format!("{}/", op.uri)));
            assert!(!is_trailing_slash_of(op, op.uri));
        }
    }

    #[test]
    fn every_served_operation_is_in_the_catalog_once() {
        for (i, (name, _)) in SERVED.iter().enumerate() {
            assert!(
                catalog::OPERATIONS.iter().any(|o| o.name == *name),
                "{name} is not in the catalog"
            );
            assert!(
                SERVED[..i].iter().all(|(n, _)| n != name),
                "{name} is served twice"
            );
        }
    }
}
