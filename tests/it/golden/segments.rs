//! Golden cases of the segment operations: create, read, update (a new version each time), the
//! versions, the listing, delete, and their errors.

use super::{case, req, Case, Req, APP};

const SEG: &str = "00000000000000000000000000000001";

const GOLD: &str = r#"{"Name":"gold buyers","Dimensions":{"Attributes":{"plan":{"AttributeType":"INCLUSIVE","Values":["gold"]}},"Demographic":{"Platform":{"DimensionType":"INCLUSIVE","Values":["ios"]}},"Metrics":{"orders":{"ComparisonOperator":"GREATER_THAN_OR_EQUAL","Value":2}}},"tags":{"team":"growth"}}"#;

fn setup() -> Vec<Req> {
    vec![
        req(
            "PUT",
            &format!("{APP}/endpoints/e1"),
            r#"{"Address":"a@example.com","ChannelType":"EMAIL","Attributes":{"plan":["gold"]},"Metrics":{"orders":3}}"#,
        ),
        req("POST", &format!("{APP}/segments"), GOLD),
    ]
}

fn seg(path: &str) -> String {
    format!("{APP}/segments/{SEG}{path}")
}

pub(crate) fn cases() -> Vec<Case> {
    let app_only = || vec![setup().remove(0)];
    let updated = || {
        let mut s = setup();
        s.push(req("PUT", &seg(""), r#"{"Name":"gold buyers v2"}"#));
        s
    };
    let list = format!("{APP}/segments");
    vec![
        case(
            "CreateSegment",
            "created",
            app_only(),
            req("POST", &list, GOLD),
        ),
        case(
            "CreateSegment",
            "unknown-operator",
            app_only(),
            req(
                "POST",
                &list,
                r#"{"Dimensions":{"Metrics":{"orders":{"ComparisonOperator":"BIGGER","Value":1}}}}"#,
            ),
        ),
        case(
            "CreateSegment",
            "unknown-base-segment",
            app_only(),
            req(
                "POST",
                &list,
                r#"{"SegmentGroups":{"Groups":[{"SourceSegments":[{"Id":"nope"}]}]}}"#,
            ),
        ),
        case(
            "CreateSegment",
            "unknown-app",
            vec![],
            req("POST", &list, GOLD),
        ),
        case("GetSegment", "found", setup(), req("GET", &seg(""), "")),
        case(
            "GetSegment",
            "not-found",
            app_only(),
            req("GET", &seg(""), ""),
        ),
        case(
            "GetSegments",
            "listed",
            setup(),
            req("GET", &format!("{list}?page-size=10"), ""),
        ),
        case("GetSegments", "unknown-app", vec![], req("GET", &list, "")),
        case(
            "GetSegments",
            "bad-page-size",
            setup(),
            req("GET", &format!("{list}?page-size=0"), ""),
        ),
        case(
            "UpdateSegment",
            "new-version",
            setup(),
            req("PUT", &seg(""), r#"{"Name":"gold buyers v2"}"#),
        ),
        case(
            "UpdateSegment",
            "between-needs-two-values",
            setup(),
            req(
                "PUT",
                &seg(""),
                r#"{"Dimensions":{"Attributes":{"signup":{"AttributeType":"BETWEEN","Values":["2026-01-01T00:00:00Z"]}}}}"#,
            ),
        ),
        case(
            "UpdateSegment",
            "not-found",
            app_only(),
            req("PUT", &seg(""), r#"{"Name":"x"}"#),
        ),
        case(
            "DeleteSegment",
            "deleted",
            setup(),
            req("DELETE", &seg(""), ""),
        ),
        case(
            "DeleteSegment",
            "not-found",
            app_only(),
            req("DELETE", &seg(""), ""),
        ),
        case(
            "GetSegmentVersion",
            "first-version",
            updated(),
            req("GET", &seg("/versions/1"), ""),
        ),
        case(
            "GetSegmentVersion",
            "not-found",
            updated(),
            req("GET", &seg("/versions/9"), ""),
        ),
        case(
            "GetSegmentVersions",
            "newest-first",
            updated(),
            req("GET", &seg("/versions"), ""),
        ),
        case(
            "GetSegmentVersions",
            "not-found",
            app_only(),
            req("GET", &seg("/versions"), ""),
        ),
    ]
}
