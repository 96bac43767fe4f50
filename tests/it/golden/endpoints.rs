//! Golden cases of the app, endpoint, user, event and attribute operations, and of the
//! protocol's own answers.

use super::{case, req, Case, Req, APP};
use crate::common::events_body;

const EMAIL: &str = r#"{"ChannelType":"EMAIL","Address":"ana@example.com","Attributes":{"plan":["pro"]},"User":{"UserId":"ana","UserAttributes":{"tier":["gold"]}}}"#;

pub(crate) fn endpoint(id: &str) -> Req {
    req("PUT", &format!("{APP}/endpoints/{id}"), EMAIL)
}

/// A batch of `n` EMAIL endpoints of user `u`.
fn user_batch(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"Id":"m{i}","ChannelType":"EMAIL","Address":"m{i}@example.com","User":{{"UserId":"u"}}}}"#
            )
        })
        .collect();
    format!(r#"{{"Item":[{}]}}"#, items.join(","))
}

/// One event with `a` attributes and `m` metrics, beside one plain event.
fn keyed_events(a: usize, m: usize) -> String {
    let attrs: Vec<String> = (0..a).map(|i| format!(r#""a{i}":"v""#)).collect();
    let metrics: Vec<String> = (0..m).map(|i| format!(r#""m{i}":1"#)).collect();
    format!(
        r#"{{"BatchItem":{{"e1":{{"Endpoint":{{}},"Events":{{"keys":{{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z","Attributes":{{{}}},"Metrics":{{{}}}}},"plain":{{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z"}}}}}}}}}}"#,
        attrs.join(","),
        metrics.join(",")
    )
}

/// One event of 1.1 MB (a long AppTitle), beside one plain event.
fn big_event() -> String {
    format!(
        r#"{{"BatchItem":{{"e1":{{"Endpoint":{{}},"Events":{{"big":{{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z","AppTitle":"{}"}},"plain":{{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z"}}}}}}}}}}"#,
        "x".repeat(1_100_000)
    )
}

pub(crate) fn cases() -> Vec<Case> {
    let create = || {
        req(
            "POST",
            "/v1/apps",
            r#"{"Name":"shop","tags":{"team":"web"}}"#,
        )
    };
    let app1 = "/v1/apps/00000000000000000000000000000001";
    vec![
        case("CreateApp", "created", vec![], create()),
        case(
            "CreateApp",
            "missing-name",
            vec![],
            req("POST", "/v1/apps", "{}"),
        ),
        case(
            "CreateApp",
            "malformed-json",
            vec![],
            req("POST", "/v1/apps", r#"{"Name":"#),
        ),
        case(
            "CreateApp",
            "wrong-member-type",
            vec![],
            req("POST", "/v1/apps", r#"{"Name":7}"#),
        ),
        case("GetApp", "found", vec![create()], req("GET", app1, "")),
        case(
            "GetApp",
            "not-found",
            vec![],
            req("GET", "/v1/apps/nope", ""),
        ),
        case(
            "GetApps",
            "page",
            vec![create(), create()],
            req("GET", "/v1/apps?page-size=1", ""),
        ),
        case(
            "GetApps",
            "bad-page-size",
            vec![],
            req("GET", "/v1/apps?page-size=0", ""),
        ),
        case(
            "DeleteApp",
            "deleted",
            vec![create()],
            req("DELETE", app1, ""),
        ),
        case(
            "DeleteApp",
            "not-found",
            vec![],
            req("DELETE", "/v1/apps/nope", ""),
        ),
        case("UpdateEndpoint", "accepted", vec![], endpoint("e1")),
        case(
            "UpdateEndpoint",
            "bad-channel-type",
            vec![],
            req(
                "PUT",
                &format!("{APP}/endpoints/e1"),
                r#"{"ChannelType":"PIGEON"}"#,
            ),
        ),
        case(
            "UpdateEndpoint",
            "missing-channel-type",
            vec![],
            req(
                "PUT",
                &format!("{APP}/endpoints/e1"),
                r#"{"Address":"a@example.com"}"#,
            ),
        ),
        case(
            "UpdateEndpoint",
            "invalid-id",
            vec![],
            req("PUT", &format!("{APP}/endpoints/a$b"), "{}"),
        ),
        case(
            "UpdateEndpoint",
            "empty-body",
            vec![],
            req("PUT", &format!("{APP}/endpoints/e1"), ""),
        ),
        case(
            "UpdateEndpoint",
            "empty-endpoint-id",
            vec![],
            req("PUT", &format!("{APP}/endpoints/"), EMAIL),
        ),
        case(
            "UpdateEndpoint",
            "effective-date-in-minutes",
            vec![],
            req(
                "PUT",
                &format!("{APP}/endpoints/e1"),
                r#"{"EffectiveDate":"2026-01-01T02:00+02:00"}"#,
            ),
        ),
        case(
            "UpdateEndpointsBatch",
            "accepted",
            vec![],
            req("PUT", &format!("{APP}/endpoints"), &user_batch(2)),
        ),
        case(
            "UpdateEndpointsBatch",
            "per-user-limit",
            vec![],
            req("PUT", &format!("{APP}/endpoints"), &user_batch(16)),
        ),
        case(
            "UpdateEndpointsBatch",
            "too-many-items",
            vec![],
            req("PUT", &format!("{APP}/endpoints"), &user_batch(101)),
        ),
        case(
            "UpdateEndpointsBatch",
            "missing-item",
            vec![],
            req("PUT", &format!("{APP}/endpoints"), "{}"),
        ),
        case(
            "GetEndpoint",
            "found",
            vec![endpoint("e1")],
            req("GET", &format!("{APP}/endpoints/E1"), ""),
        ),
        case(
            "GetEndpoint",
            "not-found",
            vec![endpoint("e1")],
            req("GET", &format!("{APP}/endpoints/e2"), ""),
        ),
        case(
            "GetEndpoint",
            "unknown-app",
            vec![],
            req("GET", &format!("{APP}/endpoints/e1"), ""),
        ),
        case(
            "GetEndpoint",
            "invalid-id",
            vec![endpoint("e1")],
            req("GET", &format!("{APP}/endpoints/%7B"), ""),
        ),
        case(
            "DeleteEndpoint",
            "deleted",
            vec![endpoint("e1")],
            req("DELETE", &format!("{APP}/endpoints/e1"), ""),
        ),
        case(
            "DeleteEndpoint",
            "not-found",
            vec![endpoint("e1")],
            req("DELETE", &format!("{APP}/endpoints/e2"), ""),
        ),
        case(
            "GetUserEndpoints",
            "found",
            vec![endpoint("e1"), endpoint("e2")],
            req("GET", &format!("{APP}/users/ana"), ""),
        ),
        case(
            "GetUserEndpoints",
            "user-attributes-of-a-later-endpoint",
            vec![req(
                "PUT",
                &format!("{APP}/endpoints"),
                r#"{"Item":[{"Id":"ana-mail","ChannelType":"EMAIL","Address":"ana@example.com","User":{"UserId":"ana","UserAttributes":{"tier":["gold"]}}},{"Id":"ana-sms","ChannelType":"SMS","Address":"+15550100","User":{"UserId":"ana"}}]}"#,
            )],
            req("GET", &format!("{APP}/users/ana"), ""),
        ),
        case(
            "GetUserEndpoints",
            "not-found",
            vec![endpoint("e1")],
            req("GET", &format!("{APP}/users/bob"), ""),
        ),
        case(
            "DeleteUserEndpoints",
            "deleted",
            vec![endpoint("e1")],
            req("DELETE", &format!("{APP}/users/ana"), ""),
        ),
        case(
            "DeleteUserEndpoints",
            "not-found",
            vec![endpoint("e1")],
            req("DELETE", &format!("{APP}/users/bob"), ""),
        ),
        case(
            "PutEvents",
            "per-item-results",
            vec![],
            req(
                "POST",
                &format!("{APP}/events"),
                r#"{"BatchItem":{"e1":{"Endpoint":{"ChannelType":"EMAIL","Address":"a@example.com"},"Events":{"ok":{"EventType":"_session.start","Timestamp":"2026-01-01T00:00:00Z","Session":{"Id":"s1","StartTimestamp":"2026-01-01T00:00:00Z"}},"no-type":{"Timestamp":"2026-01-01T00:00:00Z"}}},"e2":{"Endpoint":{"Address":"b@example.com"},"Events":{"bad-date":{"EventType":"t","Timestamp":"yesterday"}}}}}"#,
            ),
        ),
        case(
            "PutEvents",
            "minutes-only-timestamps",
            vec![],
            req(
                "POST",
                &format!("{APP}/events"),
                r#"{"BatchItem":{"e1":{"Endpoint":{},"Events":{"z":{"EventType":"t","Timestamp":"2026-01-01T00:00Z"},"offset":{"EventType":"t","Timestamp":"2026-01-01T02:00+02:00"}}}}}"#,
            ),
        ),
        case(
            "PutEvents",
            "forty-keys-together",
            vec![],
            req("POST", &format!("{APP}/events"), &keyed_events(25, 25)),
        ),
        case(
            "PutEvents",
            "event-over-1000-kb",
            vec![],
            req("POST", &format!("{APP}/events"), &big_event()),
        ),
        case(
            "PutEvents",
            "too-many-events",
            vec![],
            req("POST", &format!("{APP}/events"), &events_body(101)),
        ),
        case(
            "PutEvents",
            "missing-batch-item",
            vec![],
            req("POST", &format!("{APP}/events"), "{}"),
        ),
        case(
            "PutEvents",
            "body-too-large",
            vec![],
            req(
                "POST",
                &format!("{APP}/events"),
                &" ".repeat(4 * 1024 * 1024 + 1),
            ),
        ),
        case(
            "RemoveAttributes",
            "removed",
            vec![endpoint("e1")],
            req(
                "PUT",
                &format!("{APP}/attributes/endpoint-custom-attributes"),
                r#"{"Blacklist":["pl*"]}"#,
            ),
        ),
        case(
            "RemoveAttributes",
            "bad-attribute-type",
            vec![endpoint("e1")],
            req(
                "PUT",
                &format!("{APP}/attributes/endpoint-colours"),
                r#"{"Blacklist":["x"]}"#,
            ),
        ),
        case(
            "RemoveAttributes",
            "unknown-app",
            vec![],
            req(
                "PUT",
                &format!("{APP}/attributes/endpoint-custom-attributes"),
                r#"{"Blacklist":["x"]}"#,
            ),
        ),
        // The protocol's own answers, shared by every operation.
        case(
            "_protocol",
            "unknown-path",
            vec![],
            req("GET", "/v2/nothing", ""),
        ),
        case(
            "_protocol",
            "wrong-method",
            vec![],
            req("PATCH", "/v1/apps", ""),
        ),
        case(
            "_protocol",
            "unserved-operation",
            vec![],
            req("GET", &format!("{APP}/segments"), ""),
        ),
        case(
            "_protocol",
            "empty-label",
            vec![],
            req("GET", "/v1/apps/", ""),
        ),
        case(
            "_protocol",
            "cors-preflight",
            vec![],
            Req {
                headers: vec![
                    ("origin", "http://localhost:3000"),
                    ("access-control-request-method", "PUT"),
                    (
                        "access-control-request-headers",
                        "authorization,content-type,x-amz-date",
                    ),
                ],
                ..req("OPTIONS", &format!("{APP}/endpoints/e1"), "")
            },
        ),
    ]
}
