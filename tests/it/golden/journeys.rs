//! Golden cases of the journey operations: create, read, list, update, the state machine,
//! delete, and their errors (the only 409 in the API among them).

use super::{case, req, Case, Req, APP};

const J: &str = "00000000000000000000000000000001";

const JOURNEY: &str = r#"{"Name":"welcome-series","StartActivity":"first","RefreshFrequency":"PT1H","Activities":{"first":{"EMAIL":{"NextActivity":"pause"}},"pause":{"Wait":{"WaitTime":{"WaitFor":"P1D"}}}},"Schedule":{"Timezone":"UTC"},"tags":{"team":"growth"}}"#;

fn setup(active: bool) -> Vec<Req> {
    let mut s = vec![
        req(
            "PUT",
            &format!("{APP}/endpoints/e1"),
            r#"{"Address":"a@example.com","ChannelType":"EMAIL"}"#,
        ),
        req("POST", &format!("{APP}/journeys"), JOURNEY),
    ];
    if active {
        s.push(req(
            "PUT",
            &format!("{APP}/journeys/{J}/state"),
            r#"{"State":"ACTIVE"}"#,
        ));
    }
    s
}

fn j(path: &str) -> String {
    format!("{APP}/journeys/{J}{path}")
}

pub(crate) fn cases() -> Vec<Case> {
    let app_only = || vec![setup(false).remove(0)];
    let list = format!("{APP}/journeys");
    vec![
        case(
            "CreateJourney",
            "created",
            app_only(),
            req("POST", &list, JOURNEY),
        ),
        case(
            "CreateJourney",
            "unknown-start-activity",
            app_only(),
            req(
                "POST",
                &list,
                r#"{"Name":"x","StartActivity":"nowhere","Activities":{"a":{"Wait":{}}}}"#,
            ),
        ),
        case(
            "CreateJourney",
            "name-with-a-space",
            app_only(),
            req("POST", &list, r#"{"Name":"two words"}"#),
        ),
        case("GetJourney", "found", setup(false), req("GET", &j(""), "")),
        case(
            "GetJourney",
            "not-found",
            app_only(),
            req("GET", &j(""), ""),
        ),
        case(
            "ListJourneys",
            "listed",
            setup(false),
            req("GET", &list, ""),
        ),
        case("ListJourneys", "unknown-app", vec![], req("GET", &list, "")),
        case(
            "UpdateJourney",
            "draft-changed",
            setup(false),
            req(
                "PUT",
                &j(""),
                r#"{"Name":"welcome-series-v2","Activities":{"only":{"Wait":{}}},"StartActivity":"only"}"#,
            ),
        ),
        case(
            "UpdateJourney",
            "active-activities-conflict",
            setup(true),
            req(
                "PUT",
                &j(""),
                r#"{"Name":"welcome-series","Activities":{"only":{"Wait":{}}},"StartActivity":"only"}"#,
            ),
        ),
        case(
            "UpdateJourneyState",
            "activated",
            setup(false),
            req("PUT", &j("/state"), r#"{"State":"ACTIVE"}"#),
        ),
        case(
            "UpdateJourneyState",
            "draft-cannot-pause",
            setup(false),
            req("PUT", &j("/state"), r#"{"State":"PAUSED"}"#),
        ),
        case(
            "DeleteJourney",
            "deleted",
            setup(false),
            req("DELETE", &j(""), ""),
        ),
        case(
            "DeleteJourney",
            "not-found",
            app_only(),
            req("DELETE", &j(""), ""),
        ),
    ]
}
