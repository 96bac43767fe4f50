//! Golden cases of the campaign operations: create, read, update (a new version each time), the
//! versions, the listing, the activities, delete, and their errors.

use super::{case, req, Case, Req, APP};

/// The segment is the first resource id, the campaign the second.
const SEG: &str = "00000000000000000000000000000001";
pub(crate) const CAMP: &str = "00000000000000000000000000000002";
/// After the segment, an import job (the second id) defines an IMPORT segment (the third).
const IMPORTED: &str = "00000000000000000000000000000003";

fn campaign_body(start: &str) -> String {
    format!(
        r#"{{"Name":"spring sale","SegmentId":"{SEG}","Schedule":{{"StartTime":"{start}","Frequency":"ONCE","Timezone":"UTC"}},"MessageConfiguration":{{"SMSMessage":{{"Body":"Sale starts now","MessageType":"PROMOTIONAL"}}}},"HoldoutPercent":10,"tags":{{"team":"growth"}}}}"#
    )
}

pub(crate) fn setup(start: &str) -> Vec<Req> {
    vec![
        req(
            "PUT",
            &format!("{APP}/endpoints/e1"),
            r#"{"Address":"+12065550100","ChannelType":"SMS","Attributes":{"plan":["gold"]}}"#,
        ),
        req("PUT", &format!("{APP}/channels/sms"), r#"{"Enabled":true}"#),
        req(
            "POST",
            &format!("{APP}/segments"),
            r#"{"Name":"gold","Dimensions":{"Attributes":{"plan":{"Values":["gold"]}}}}"#,
        ),
        req("POST", &format!("{APP}/campaigns"), &campaign_body(start)),
    ]
}

fn camp(path: &str) -> String {
    format!("{APP}/campaigns/{CAMP}{path}")
}

pub(crate) fn cases() -> Vec<Case> {
    let future = "2027-06-01T00:00:00Z";
    let segment_only = || {
        let mut s = setup(future);
        s.pop();
        s
    };
    let ran = || {
        let mut s = setup("IMMEDIATE");
        s.push(req("POST", "/_pinpoint/campaigns/run", ""));
        s
    };
    let updated = || {
        let mut s = setup(future);
        s.push(req("PUT", &camp(""), r#"{"Name":"spring sale v2"}"#));
        s
    };
    let in_app = || {
        let mut s = segment_only();
        s.push(req("POST", &format!("{APP}/campaigns"), &format!(
            r##"{{"Name":"banner","SegmentId":"{SEG}","Priority":1,"Limits":{{"Daily":2,"Session":1}},"Schedule":{{"StartTime":"IMMEDIATE","Frequency":"IN_APP_EVENT","EndTime":"2027-01-01T00:00:00Z","EventFilter":{{"FilterType":"ENDPOINT","Dimensions":{{"EventType":{{"DimensionType":"INCLUSIVE","Values":["app_open"]}}}}}}}},"MessageConfiguration":{{"InAppMessage":{{"Layout":"TOP_BANNER","Content":[{{"BodyConfig":{{"Alignment":"CENTER","Body":"Welcome back","TextColor":"#000000"}}}}]}}}}}}"##
        )));
        s
    };
    let treatments = || {
        let mut s = setup(future);
        s.push(req(
            "PUT",
            &camp(""),
            r#"{"AdditionalTreatments":[{"SizePercent":40,"TreatmentName":"B","MessageConfiguration":{"SMSMessage":{"Body":"Sale starts today"}}}]}"#,
        ));
        s
    };
    let imported = || {
        let mut s = segment_only();
        s.push(req(
            "POST",
            &format!("{APP}/jobs/import"),
            r#"{"Format":"CSV","S3Url":"s3://audience/vip.csv","RoleArn":"arn:aws:iam::123456789012:role/import","DefineSegment":true,"SegmentName":"vip"}"#,
        ));
        s
    };
    let list = format!("{APP}/campaigns");
    vec![
        case(
            "CreateCampaign",
            "created",
            segment_only(),
            req("POST", &list, &campaign_body(future)),
        ),
        case(
            "CreateCampaign",
            "missing-schedule",
            segment_only(),
            req(
                "POST",
                &list,
                &format!(
                    r#"{{"SegmentId":"{SEG}","MessageConfiguration":{{"SMSMessage":{{"Body":"x"}}}}}}"#
                ),
            ),
        ),
        case(
            "CreateCampaign",
            "unknown-segment",
            segment_only(),
            req(
                "POST",
                &list,
                r#"{"SegmentId":"nope","Schedule":{"StartTime":"IMMEDIATE"},"MessageConfiguration":{"SMSMessage":{"Body":"x"}}}"#,
            ),
        ),
        case(
            "CreateCampaign",
            "unknown-template",
            segment_only(),
            req(
                "POST",
                &list,
                &format!(
                    r#"{{"SegmentId":"{SEG}","Schedule":{{"StartTime":"IMMEDIATE"}},"TemplateConfiguration":{{"SMSTemplate":{{"Name":"nope"}}}}}}"#
                ),
            ),
        ),
        case(
            "CreateCampaign",
            "voice-template",
            segment_only(),
            req(
                "POST",
                &list,
                &format!(
                    r#"{{"SegmentId":"{SEG}","Schedule":{{"StartTime":"IMMEDIATE"}},"TemplateConfiguration":{{"VoiceTemplate":{{"Name":"call"}}}}}}"#
                ),
            ),
        ),
        case(
            "CreateCampaign",
            "limits-out-of-range",
            segment_only(),
            req(
                "POST",
                &list,
                &format!(
                    r#"{{"SegmentId":"{SEG}","Schedule":{{"StartTime":"IMMEDIATE"}},"Limits":{{"Daily":500}},"MessageConfiguration":{{"SMSMessage":{{"Body":"x"}}}}}}"#
                ),
            ),
        ),
        case(
            "CreateCampaign",
            "custom-message-without-delivery",
            segment_only(),
            req(
                "POST",
                &list,
                &format!(
                    r#"{{"SegmentId":"{SEG}","Schedule":{{"StartTime":"IMMEDIATE"}},"MessageConfiguration":{{"CustomMessage":{{"Data":"hi"}}}}}}"#
                ),
            ),
        ),
        case(
            "CreateCampaign",
            "event-on-imported-segment",
            imported(),
            req(
                "POST",
                &list,
                &format!(
                    r#"{{"SegmentId":"{IMPORTED}","Schedule":{{"StartTime":"IMMEDIATE","Frequency":"EVENT","EventFilter":{{"FilterType":"ENDPOINT","Dimensions":{{}}}}}},"MessageConfiguration":{{"SMSMessage":{{"Body":"x"}}}}}}"#
                ),
            ),
        ),
        case(
            "GetCampaign",
            "scheduled",
            setup(future),
            req("GET", &camp(""), ""),
        ),
        case(
            "GetCampaign",
            "with-treatments",
            treatments(),
            req("GET", &camp(""), ""),
        ),
        case(
            "GetCampaign",
            "completed-after-a-run",
            ran(),
            req("GET", &camp(""), ""),
        ),
        case(
            "GetCampaign",
            "not-found",
            segment_only(),
            req("GET", &camp(""), ""),
        ),
        case(
            "GetCampaigns",
            "listed",
            setup(future),
            req("GET", &list, ""),
        ),
        case(
            "GetCampaigns",
            "bad-token",
            setup(future),
            req("GET", &format!("{list}?token=zz"), ""),
        ),
        case("GetCampaigns", "unknown-app", vec![], req("GET", &list, "")),
        case(
            "UpdateCampaign",
            "new-version",
            setup(future),
            req("PUT", &camp(""), r#"{"Name":"spring sale v2"}"#),
        ),
        case(
            "UpdateCampaign",
            "completed",
            ran(),
            req("PUT", &camp(""), r#"{"Name":"too late"}"#),
        ),
        case(
            "UpdateCampaign",
            "unknown-timezone",
            setup(future),
            req(
                "PUT",
                &camp(""),
                r#"{"Schedule":{"StartTime":"2027-06-01T00:00:00Z","Timezone":"UTC+14","QuietTime":{"Start":"22:00","End":"07:00"}}}"#,
            ),
        ),
        case(
            "UpdateCampaign",
            "holdout-over-100",
            setup(future),
            req("PUT", &camp(""), r#"{"HoldoutPercent":101}"#),
        ),
        case(
            "DeleteCampaign",
            "deleted",
            setup(future),
            req("DELETE", &camp(""), ""),
        ),
        case(
            "DeleteCampaign",
            "not-found",
            segment_only(),
            req("DELETE", &camp(""), ""),
        ),
        case(
            "GetCampaignVersion",
            "first-version",
            updated(),
            req("GET", &camp("/versions/1"), ""),
        ),
        case(
            "GetCampaignVersion",
            "not-found",
            updated(),
            req("GET", &camp("/versions/7"), ""),
        ),
        case(
            "GetCampaignVersions",
            "newest-first",
            updated(),
            req("GET", &camp("/versions"), ""),
        ),
        case(
            "GetCampaignVersions",
            "not-found",
            segment_only(),
            req("GET", &camp("/versions"), ""),
        ),
        case(
            "GetCampaignActivities",
            "after-a-run",
            ran(),
            req("GET", &camp("/activities"), ""),
        ),
        case(
            "GetCampaignActivities",
            "not-found",
            segment_only(),
            req("GET", &camp("/activities"), ""),
        ),
        case(
            "GetInAppMessages",
            "in-a-campaign",
            in_app(),
            req("GET", &format!("{APP}/endpoints/e1/inappmessages"), ""),
        ),
        case(
            "GetInAppMessages",
            "unknown-endpoint",
            in_app(),
            req("GET", &format!("{APP}/endpoints/nobody/inappmessages"), ""),
        ),
        case(
            "GetInAppMessages",
            "unknown-app",
            vec![],
            req("GET", &format!("{APP}/endpoints/e1/inappmessages"), ""),
        ),
    ]
}
