//! Hostile and malformed input: every case gets the right 4xx Pinpoint error and changes nothing.
//! Plus a fuzz property: arbitrary requests through the router never panic and never get a 5xx.

use axum::body::Body;
use pinpoint_local::protocol::catalog::OPERATIONS;
use pinpoint_local::AppState;
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::common::{json, raw, Raw};

const APP: &str = "0123456789abcdef0123456789abcdef";

/// One case: method, path, body, extra headers, expected status and exception.
struct Case {
    name: &'static str,
    method: &'static str,
    path: String,
    body: Vec<u8>,
    headers: Vec<(&'static str, &'static str)>,
    status: u16,
    error: &'static str,
}

fn case(
    name: &'static str,
    method: &'static str,
    path: &str,
    body: impl Into<Vec<u8>>,
    status: u16,
    error: &'static str,
) -> Case {
    Case {
        name,
        method,
        path: path.to_string(),
        body: body.into(),
        headers: Vec::new(),
        status,
        error,
    }
}

fn ep(id: &str) -> String {
    format!("/v1/apps/{APP}/endpoints/{id}")
}

fn nested(depth: usize) -> String {
    format!(
        "{{\"Attributes\":{}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

fn cases() -> Vec<Case> {
    const BAD: u16 = 400;
    const BR: &str = "BadRequestException";
    let e1 = ep("e1");
    let events = format!("/v1/apps/{APP}/events");
    let batch = format!("/v1/apps/{APP}/endpoints");
    let many_attrs: serde_json::Map<String, Value> = (0..10_000)
        .map(|i| (format!("a{i}"), json!(["v"])))
        .collect();
    let big_endpoint: serde_json::Map<String, Value> = (0..40)
        .map(|i| (format!("k{i}"), json!(vec!["v".repeat(100); 5])))
        .collect();
    let item = |v: Value| json!({"BatchItem": {"e1": v}}).to_string();
    let one_event = |ev: Value| item(json!({"Endpoint": {}, "Events": {"x": ev}}));
    let hundred_one: serde_json::Map<String, Value> = (0..101)
        .map(|i| {
            (
                i.to_string(),
                json!({"EventType":"t","Timestamp":"2026-01-01T00:00:00Z"}),
            )
        })
        .collect();
    let batch_of = |n: usize| {
        json!({"Item": (0..n).map(|i| json!({"Id": format!("b{i}")})).collect::<Vec<_>>()})
            .to_string()
    };
    let mut v = vec![
        // Encoding and syntax.
        case(
            "invalid UTF-8 in a string",
            "PUT",
            &e1,
            b"{\"Address\":\"\xff\xfe\"}".to_vec(),
            BAD,
            BR,
        ),
        case(
            "invalid UTF-8 outside strings",
            "PUT",
            &e1,
            b"\xff{}".to_vec(),
            BAD,
            BR,
        ),
        case("truncated JSON", "PUT", &e1, "{\"Address\":\"a", BAD, BR),
        case(
            "truncated after key",
            "PUT",
            &e1,
            "{\"Attributes\":",
            BAD,
            BR,
        ),
        case("deeply nested arrays", "PUT", &e1, nested(100_000), BAD, BR),
        case(
            "deeply nested objects",
            "PUT",
            &e1,
            format!("{}{}", "{\"a\":".repeat(5000), "}".repeat(5000)),
            BAD,
            BR,
        ),
        case("top level string", "PUT", &e1, "\"endpoint\"", BAD, BR),
        case("top level number", "PUT", &e1, "42", BAD, BR),
        case("top level null", "PUT", &e1, "null", BAD, BR),
        case("top level array", "PUT", &e1, "[]", BAD, BR),
        case("trailing garbage", "PUT", &e1, "{} {}", BAD, BR),
        case("empty body", "PUT", &e1, "", BAD, BR),
        case("whitespace body", "PUT", &e1, " \n\t ", BAD, BR),
        case("XML body", "PUT", &e1, "<EndpointRequest/>", BAD, BR),
        case(
            "form body",
            "PUT",
            &e1,
            "Address=a&ChannelType=EMAIL",
            BAD,
            BR,
        ),
        case(
            "NaN literal",
            "PUT",
            &e1,
            "{\"Metrics\":{\"m\":NaN}}",
            BAD,
            BR,
        ),
        case(
            "Infinity literal",
            "PUT",
            &e1,
            "{\"Metrics\":{\"m\":Infinity}}",
            BAD,
            BR,
        ),
        case(
            "huge number",
            "PUT",
            &e1,
            "{\"Metrics\":{\"m\":1e400}}",
            BAD,
            BR,
        ),
        case(
            "huge negative number",
            "PUT",
            &e1,
            "{\"Metrics\":{\"m\":-1e400}}",
            BAD,
            BR,
        ),
        case(
            "duplicate member",
            "PUT",
            &e1,
            "{\"Address\":\"a@b.c\",\"Address\":\"d@e.f\"}",
            BAD,
            BR,
        ),
        // Wrong types at every level.
        case(
            "Address is a number",
            "PUT",
            &e1,
            "{\"Address\":5}",
            BAD,
            BR,
        ),
        case(
            "Address is an object",
            "PUT",
            &e1,
            "{\"Address\":{}}",
            BAD,
            BR,
        ),
        case(
            "Attributes is a list",
            "PUT",
            &e1,
            "{\"Attributes\":[\"a\"]}",
            BAD,
            BR,
        ),
        case(
            "attribute value is a string",
            "PUT",
            &e1,
            "{\"Attributes\":{\"a\":\"b\"}}",
            BAD,
            BR,
        ),
        case(
            "attribute value has numbers",
            "PUT",
            &e1,
            "{\"Attributes\":{\"a\":[1,2]}}",
            BAD,
            BR,
        ),
        case(
            "attribute value has null",
            "PUT",
            &e1,
            "{\"Attributes\":{\"a\":[null]}}",
            BAD,
            BR,
        ),
        case(
            "Metrics value is a string",
            "PUT",
            &e1,
            "{\"Metrics\":{\"m\":\"1\"}}",
            BAD,
            BR,
        ),
        case(
            "Metrics is a list",
            "PUT",
            &e1,
            "{\"Metrics\":[1]}",
            BAD,
            BR,
        ),
        case(
            "Latitude is a string",
            "PUT",
            &e1,
            "{\"Location\":{\"Latitude\":\"47\"}}",
            BAD,
            BR,
        ),
        case(
            "Demographic is a list",
            "PUT",
            &e1,
            "{\"Demographic\":[]}",
            BAD,
            BR,
        ),
        case(
            "Demographic member is a number",
            "PUT",
            &e1,
            "{\"Demographic\":{\"Make\":1}}",
            BAD,
            BR,
        ),
        case("User is a string", "PUT", &e1, "{\"User\":\"u\"}", BAD, BR),
        case(
            "UserId is a number",
            "PUT",
            &e1,
            "{\"User\":{\"UserId\":7}}",
            BAD,
            BR,
        ),
        case(
            "UserAttributes is a list",
            "PUT",
            &e1,
            "{\"User\":{\"UserAttributes\":[]}}",
            BAD,
            BR,
        ),
        case(
            "ChannelType lowercase",
            "PUT",
            &e1,
            "{\"ChannelType\":\"email\"}",
            BAD,
            BR,
        ),
        case(
            "ChannelType unknown",
            "PUT",
            &e1,
            "{\"ChannelType\":\"CARRIER_PIGEON\"}",
            BAD,
            BR,
        ),
        case(
            "OptOut unknown",
            "PUT",
            &e1,
            "{\"OptOut\":\"SOME\"}",
            BAD,
            BR,
        ),
        case(
            "EndpointStatus empty",
            "PUT",
            &e1,
            "{\"EndpointStatus\":\"\"}",
            BAD,
            BR,
        ),
        case(
            "EffectiveDate not a date",
            "PUT",
            &e1,
            "{\"EffectiveDate\":\"soon\"}",
            BAD,
            BR,
        ),
        case(
            "EffectiveDate impossible day",
            "PUT",
            &e1,
            "{\"EffectiveDate\":\"2024-02-30T00:00:00Z\"}",
            BAD,
            BR,
        ),
        case(
            "EffectiveDate beyond year 262143",
            "PUT",
            &e1,
            "{\"EffectiveDate\":\"+275760-09-13T00:00:00Z\"}",
            BAD,
            BR,
        ),
        case(
            "EffectiveDate as epoch number",
            "PUT",
            &e1,
            "{\"EffectiveDate\":1700000000}",
            BAD,
            BR,
        ),
        // Rules and quotas.
        case(
            "10,000 attributes",
            "PUT",
            &e1,
            json!({"Attributes": many_attrs}).to_string(),
            BAD,
            BR,
        ),
        case(
            "attribute name of 51 characters",
            "PUT",
            &e1,
            json!({"Attributes": {"n".repeat(51): ["v"]}}).to_string(),
            BAD,
            BR,
        ),
        case(
            "attribute value of 101 characters",
            "PUT",
            &e1,
            json!({"Attributes": {"k": ["v".repeat(101)]}}).to_string(),
            BAD,
            BR,
        ),
        case(
            "51 values in one attribute",
            "PUT",
            &e1,
            json!({"Attributes": {"k": vec!["v"; 51]}}).to_string(),
            BAD,
            BR,
        ),
        case(
            "empty attribute name",
            "PUT",
            &e1,
            "{\"Attributes\":{\"\":[\"v\"]}}",
            BAD,
            BR,
        ),
        case(
            "endpoint over 15 KB",
            "PUT",
            &e1,
            json!({"Attributes": big_endpoint}).to_string(),
            BAD,
            BR,
        ),
        case(
            "OptOut NONE without Address",
            "PUT",
            &ep("new"),
            "{\"OptOut\":\"NONE\"}",
            BAD,
            BR,
        ),
        case(
            "Address without ChannelType",
            "PUT",
            &ep("new"),
            "{\"Address\":\"x@y.z\"}",
            BAD,
            BR,
        ),
        // Identifiers.
        case("endpoint id with $", "PUT", &ep("a$b"), "{}", BAD, BR),
        case("endpoint id with {", "PUT", &ep("a%7Bb"), "{}", BAD, BR),
        case("endpoint id with }", "PUT", &ep("a%7Db"), "{}", BAD, BR),
        case("endpoint id with NUL", "PUT", &ep("a%00b"), "{}", BAD, BR),
        case(
            "endpoint id with newline",
            "PUT",
            &ep("a%0Ab"),
            "{}",
            BAD,
            BR,
        ),
        case(
            "endpoint id of 1,025 characters",
            "PUT",
            &ep(&"x".repeat(1025)),
            "{}",
            BAD,
            BR,
        ),
        case(
            "endpoint id of 5,000 characters",
            "PUT",
            &ep(&"y".repeat(5000)),
            "{}",
            BAD,
            BR,
        ),
        case(
            "endpoint id with invalid UTF-8",
            "PUT",
            &ep("a%FF%FEb"),
            "{}",
            BAD,
            BR,
        ),
        case(
            "user id with invalid UTF-8",
            "GET",
            &format!("/v1/apps/{APP}/users/%C0%AF"),
            "",
            BAD,
            BR,
        ),
        case(
            "app id with $ on a write",
            "PUT",
            "/v1/apps/bad$app/endpoints/e",
            "{}",
            404,
            "NotFoundException",
        ),
        case(
            "app id of 65 characters",
            "PUT",
            &format!("/v1/apps/{}/endpoints/e", "a".repeat(65)),
            "{}",
            404,
            "NotFoundException",
        ),
        // Batches.
        case(
            "batch Item is an object",
            "PUT",
            &batch,
            "{\"Item\":{}}",
            BAD,
            BR,
        ),
        case("batch without Item", "PUT", &batch, "{}", BAD, BR),
        case("batch of 101", "PUT", &batch, batch_of(101), BAD, BR),
        case(
            "batch item without Id",
            "PUT",
            &batch,
            "{\"Item\":[{\"Address\":\"x\"}]}",
            BAD,
            BR,
        ),
        case(
            "batch item with a bad enum",
            "PUT",
            &batch,
            "{\"Item\":[{\"Id\":\"a\"},{\"Id\":\"b\",\"OptOut\":\"X\"}]}",
            BAD,
            BR,
        ),
        case(
            "batch item with a bad id",
            "PUT",
            &batch,
            "{\"Item\":[{\"Id\":\"ok\"},{\"Id\":\"no$\"}]}",
            BAD,
            BR,
        ),
        // Events.
        case("events without BatchItem", "POST", &events, "{}", BAD, BR),
        case(
            "BatchItem is a list",
            "POST",
            &events,
            "{\"BatchItem\":[]}",
            BAD,
            BR,
        ),
        case(
            "item without Endpoint",
            "POST",
            &events,
            item(json!({"Events": {}})),
            BAD,
            BR,
        ),
        case(
            "item without Events",
            "POST",
            &events,
            item(json!({"Endpoint": {}})),
            BAD,
            BR,
        ),
        case(
            "101 events",
            "POST",
            &events,
            item(json!({"Endpoint": {}, "Events": hundred_one})),
            BAD,
            BR,
        ),
        case(
            "event attribute value is a number",
            "POST",
            &events,
            one_event(
                json!({"EventType":"t","Timestamp":"2026-01-01T00:00:00Z","Attributes":{"a":1}}),
            ),
            BAD,
            BR,
        ),
        case(
            "event is a string",
            "POST",
            &events,
            item(json!({"Endpoint": {}, "Events": {"x": "click"}})),
            BAD,
            BR,
        ),
        case(
            "Session is a list",
            "POST",
            &events,
            one_event(json!({"EventType":"t","Timestamp":"2026-01-01T00:00:00Z","Session":[]})),
            BAD,
            BR,
        ),
        case(
            "Session Duration is a string",
            "POST",
            &events,
            one_event(
                json!({"EventType":"t","Timestamp":"2026-01-01T00:00:00Z","Session":{"Id":"s","StartTimestamp":"2026-01-01T00:00:00Z","Duration":"long"}}),
            ),
            BAD,
            BR,
        ),
        // Apps and attributes.
        case("CreateApp without Name", "POST", "/v1/apps", "{}", BAD, BR),
        case(
            "CreateApp with blank Name",
            "POST",
            "/v1/apps",
            "{\"Name\":\"  \"}",
            BAD,
            BR,
        ),
        case(
            "CreateApp Name is a number",
            "POST",
            "/v1/apps",
            "{\"Name\":1}",
            BAD,
            BR,
        ),
        case(
            "CreateApp tags is a list",
            "POST",
            "/v1/apps",
            "{\"Name\":\"n\",\"tags\":[]}",
            BAD,
            BR,
        ),
        case(
            "GetApps page-size 0",
            "GET",
            "/v1/apps?page-size=0",
            "",
            BAD,
            BR,
        ),
        case(
            "GetApps page-size words",
            "GET",
            "/v1/apps?page-size=ten",
            "",
            BAD,
            BR,
        ),
        case(
            "GetApps garbled token",
            "GET",
            "/v1/apps?token=zz",
            "",
            BAD,
            BR,
        ),
        case(
            "RemoveAttributes unknown type",
            "PUT",
            &format!("/v1/apps/{APP}/attributes/endpoint-pet-attributes"),
            "{\"Blacklist\":[\"a\"]}",
            BAD,
            BR,
        ),
        case(
            "RemoveAttributes Blacklist is a string",
            "PUT",
            &format!("/v1/apps/{APP}/attributes/endpoint-custom-attributes"),
            "{\"Blacklist\":\"a\"}",
            BAD,
            BR,
        ),
        // Routing and sizes.
        case(
            "unknown path",
            "GET",
            "/v1/apps/a/b/c/d/e/f",
            "",
            404,
            "NotFoundException",
        ),
        case(
            "path traversal",
            "GET",
            "/v1/apps/../../etc/passwd",
            "",
            404,
            "NotFoundException",
        ),
        case(
            "wrong method",
            "PATCH",
            &e1,
            "{}",
            405,
            "MethodNotAllowedException",
        ),
        case(
            "body over 7 MB",
            "PUT",
            &e1,
            vec![b' '; 7 * 1024 * 1024 + 1],
            413,
            "PayloadTooLargeException",
        ),
        case(
            "events body over 4 MB",
            "POST",
            &events,
            vec![b' '; 4 * 1024 * 1024 + 1],
            413,
            "PayloadTooLargeException",
        ),
        case(
            "admin events bad since",
            "GET",
            "/_pinpoint/events?since=last-week",
            "",
            BAD,
            BR,
        ),
        case(
            "admin state replace with garbage",
            "PUT",
            "/_pinpoint/state",
            "{\"Apps\":5}",
            BAD,
            BR,
        ),
    ];
    let ch = |t: &str| format!("/v1/apps/{APP}/channels/{t}");
    v.extend([
        case(
            "channel Enabled as a string",
            "PUT",
            &ch("sms"),
            r#"{"Enabled":"yes"}"#,
            BAD,
            BR,
        ),
        case(
            "channel string member as a number",
            "PUT",
            &ch("sms"),
            r#"{"SenderId":5}"#,
            BAD,
            BR,
        ),
        case(
            "channel body not an object",
            "PUT",
            &ch("gcm"),
            "[1]",
            BAD,
            BR,
        ),
        case(
            "APNS without credentials",
            "PUT",
            &ch("apns"),
            r#"{"Certificate":""}"#,
            BAD,
            BR,
        ),
        case(
            "APNS token set incomplete",
            "PUT",
            &ch("apns_voip"),
            r#"{"TokenKey":"k","TeamId":"t"}"#,
            BAD,
            BR,
        ),
        case(
            "GCM unknown auth method",
            "PUT",
            &ch("gcm"),
            r#"{"ApiKey":"k","DefaultAuthenticationMethod":"NONE"}"#,
            BAD,
            BR,
        ),
        case(
            "email without Identity",
            "PUT",
            &ch("email"),
            r#"{"FromAddress":"a@example.com"}"#,
            BAD,
            BR,
        ),
        case(
            "ADM without secret",
            "PUT",
            &ch("adm"),
            r#"{"ClientId":"id"}"#,
            BAD,
            BR,
        ),
        case(
            "Baidu with empty keys",
            "PUT",
            &ch("baidu"),
            r#"{"ApiKey":"","SecretKey":""}"#,
            BAD,
            BR,
        ),
        case(
            "channel of an unknown app",
            "PUT",
            "/v1/apps/ffffffffffffffffffffffffffffffff/channels/sms",
            "{}",
            404,
            "NotFoundException",
        ),
        case(
            "channel not set up",
            "GET",
            &ch("voice"),
            "",
            404,
            "NotFoundException",
        ),
        case(
            "delete a channel not set up",
            "DELETE",
            &ch("baidu"),
            "",
            404,
            "NotFoundException",
        ),
        case(
            "channels of an unknown app",
            "GET",
            "/v1/apps/ffffffffffffffffffffffffffffffff/channels",
            "",
            404,
            "NotFoundException",
        ),
    ]);
    let tpl = "/v1/templates/seeded/sms";
    let headers: Vec<Value> = (0..16)
        .map(|i| json!({"Name": format!("h{i}"), "Value": "v"}))
        .collect();
    v.extend([
        case(
            "template name starting with a hyphen",
            "POST",
            "/v1/templates/-x/sms",
            r#"{"Body":"x"}"#,
            BAD,
            BR,
        ),
        case(
            "template that exists",
            "POST",
            tpl,
            r#"{"Body":"x"}"#,
            BAD,
            BR,
        ),
        case(
            "template Body as a number",
            "POST",
            "/v1/templates/fresh/sms",
            r#"{"Body":5}"#,
            BAD,
            BR,
        ),
        case(
            "DefaultSubstitutions not an object",
            "POST",
            "/v1/templates/fresh/sms",
            r#"{"DefaultSubstitutions":"[1]"}"#,
            BAD,
            BR,
        ),
        case(
            "sixteen email headers",
            "POST",
            "/v1/templates/fresh/email",
            json!({"Headers": headers}).to_string(),
            BAD,
            BR,
        ),
        case(
            "update naming an old version",
            "PUT",
            "/v1/templates/seeded/sms?version=0",
            r#"{"Body":"x"}"#,
            BAD,
            BR,
        ),
        case(
            "version with create-new-version",
            "PUT",
            "/v1/templates/seeded/sms?version=1&create-new-version=true",
            r#"{"Body":"x"}"#,
            BAD,
            BR,
        ),
        case(
            "create-new-version not a boolean",
            "PUT",
            "/v1/templates/seeded/sms?create-new-version=maybe",
            r#"{"Body":"x"}"#,
            BAD,
            BR,
        ),
        case(
            "update of an unknown template",
            "PUT",
            "/v1/templates/nothing/sms",
            r#"{"Body":"x"}"#,
            404,
            "NotFoundException",
        ),
        case(
            "unknown template type",
            "GET",
            "/v1/templates/seeded/fax/versions",
            "",
            BAD,
            BR,
        ),
        case(
            "active version missing",
            "PUT",
            "/v1/templates/seeded/SMS/active-version",
            "{}",
            BAD,
            BR,
        ),
        case(
            "active version unknown",
            "PUT",
            "/v1/templates/seeded/SMS/active-version",
            r#"{"Version":"3"}"#,
            404,
            "NotFoundException",
        ),
        case(
            "template version not a number",
            "GET",
            "/v1/templates/seeded/sms?version=one",
            "",
            404,
            "NotFoundException",
        ),
        case(
            "list with a bad token",
            "GET",
            "/v1/templates?next-token=zz",
            "",
            BAD,
            BR,
        ),
    ]);
    v.extend(messaging_cases());
    v.extend(segment_cases());
    v.extend(campaign_cases());
    v.extend(journey_cases());
    v.extend(resource_cases());
    v.extend(model_cases());
    let stream = format!("/v1/apps/{APP}/eventstream");
    v.extend([
        case(
            "event stream without a body",
            "POST",
            &stream,
            "",
            400,
            "BadRequestException",
        ),
        case(
            "event stream without a role",
            "POST",
            &stream,
            r#"{"DestinationStreamArn":"arn:aws:kinesis:us-east-1:1:stream/s"}"#,
            400,
            "BadRequestException",
        ),
        case(
            "event stream ARN not a string",
            "POST",
            &stream,
            r#"{"DestinationStreamArn":1,"RoleArn":"arn:aws:iam::1:role/r"}"#,
            400,
            "BadRequestException",
        ),
        case(
            "event stream to S3",
            "POST",
            &stream,
            r#"{"DestinationStreamArn":"arn:aws:s3:::b","RoleArn":"arn:aws:iam::1:role/r"}"#,
            400,
            "BadRequestException",
        ),
        case(
            "no event stream to read",
            "GET",
            &stream,
            "",
            404,
            "NotFoundException",
        ),
        case(
            "no event stream to delete",
            "DELETE",
            &stream,
            "",
            404,
            "NotFoundException",
        ),
    ]);
    let mut wrong_ct = case(
        "JSON declared as XML, but malformed",
        "PUT",
        &e1,
        "{oops",
        BAD,
        BR,
    );
    wrong_ct.headers.push(("content-type", "application/xml"));
    v.push(wrong_ct);
    v
}

/// Messaging: every whole-request error of the four operations and the emulator's own routes.
fn messaging_cases() -> Vec<Case> {
    const BAD: u16 = 400;
    const BR: &str = "BadRequestException";
    const NF: &str = "NotFoundException";
    let send = format!("/v1/apps/{APP}/messages");
    let users = format!("/v1/apps/{APP}/users-messages");
    let otp = format!("/v1/apps/{APP}/otp");
    let verify = format!("/v1/apps/{APP}/verify-otp");
    let with = |extra: Value| {
        let mut m = json!({"MessageConfiguration": {"SMSMessage": {"Body": "hi"}}, "Endpoints": {"e2": {}}});
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        m.to_string()
    };
    let config = |c: Value| with(json!({"MessageConfiguration": c}));
    let many: serde_json::Map<String, Value> =
        (0..101).map(|i| (format!("x{i}"), json!({}))).collect();
    let otp_with = |k: &str, v: Value| {
        let mut m = json!({"BrandName": "B", "Channel": "SMS", "DestinationIdentity": "+15550100", "OriginationIdentity": "+15550199", "ReferenceId": "r"});
        if v.is_null() {
            m.as_object_mut().unwrap().remove(k);
        } else {
            m[k] = v;
        }
        m.to_string()
    };
    vec![
        case("send without a body", "POST", &send, "", BAD, BR),
        case(
            "send without MessageConfiguration",
            "POST",
            &send,
            r#"{"Endpoints":{"e2":{}}}"#,
            BAD,
            BR,
        ),
        case(
            "send to nobody",
            "POST",
            &send,
            r#"{"MessageConfiguration":{"SMSMessage":{"Body":"hi"}}}"#,
            BAD,
            BR,
        ),
        case(
            "send with empty maps",
            "POST",
            &send,
            r#"{"MessageConfiguration":{},"Addresses":{},"Endpoints":{}}"#,
            BAD,
            BR,
        ),
        case(
            "MessageConfiguration not an object",
            "POST",
            &send,
            config(json!("hi")),
            BAD,
            BR,
        ),
        case(
            "unknown channel message",
            "POST",
            &send,
            config(json!({"FaxMessage": {}})),
            BAD,
            BR,
        ),
        case(
            "channel message not an object",
            "POST",
            &send,
            config(json!({"SMSMessage": "hi"})),
            BAD,
            BR,
        ),
        case(
            "Body not a string",
            "POST",
            &send,
            config(json!({"SMSMessage": {"Body": 7}})),
            BAD,
            BR,
        ),
        case(
            "Substitutions not lists",
            "POST",
            &send,
            config(json!({"SMSMessage": {"Substitutions": {"a": "b"}}})),
            BAD,
            BR,
        ),
        case(
            "Data not strings",
            "POST",
            &send,
            config(json!({"GCMMessage": {"Data": {"a": 1}}})),
            BAD,
            BR,
        ),
        case(
            "SilentPush not a boolean",
            "POST",
            &send,
            config(json!({"APNSMessage": {"SilentPush": "yes"}})),
            BAD,
            BR,
        ),
        case(
            "bad Action",
            "POST",
            &send,
            config(json!({"GCMMessage": {"Action": "LAUNCH"}})),
            BAD,
            BR,
        ),
        case(
            "bad MessageType",
            "POST",
            &send,
            config(json!({"SMSMessage": {"MessageType": "URGENT"}})),
            BAD,
            BR,
        ),
        case(
            "RawContent not JSON",
            "POST",
            &send,
            config(json!({"GCMMessage": {"RawContent": "{oops"}})),
            BAD,
            BR,
        ),
        case(
            "SimpleEmail part without Data string",
            "POST",
            &send,
            config(json!({"EmailMessage": {"SimpleEmail": {"Subject": {"Data": 1}}}})),
            BAD,
            BR,
        ),
        case(
            "Addresses not an object",
            "POST",
            &send,
            with(json!({"Addresses": ["+15550100"]})),
            BAD,
            BR,
        ),
        case(
            "address without ChannelType",
            "POST",
            &send,
            with(json!({"Addresses": {"+15550100": {}}})),
            BAD,
            BR,
        ),
        case(
            "address with ChannelType PUSH",
            "POST",
            &send,
            with(json!({"Addresses": {"tok": {"ChannelType": "PUSH"}}})),
            BAD,
            BR,
        ),
        case(
            "address with an unknown ChannelType",
            "POST",
            &send,
            with(json!({"Addresses": {"tok": {"ChannelType": "FAX"}}})),
            BAD,
            BR,
        ),
        case(
            "101 recipients",
            "POST",
            &send,
            with(json!({"Endpoints": many.clone()})),
            BAD,
            BR,
        ),
        case(
            "Substitutions of an endpoint not lists",
            "POST",
            &send,
            with(json!({"Endpoints": {"e2": {"Substitutions": {"a": 1}}}})),
            BAD,
            BR,
        ),
        case(
            "Context values not strings",
            "POST",
            &send,
            with(json!({"Context": {"a": 1}})),
            BAD,
            BR,
        ),
        case(
            "InAppTemplate",
            "POST",
            &send,
            with(json!({"TemplateConfiguration": {"InAppTemplate": {"Name": "seeded"}}})),
            BAD,
            BR,
        ),
        case(
            "template without a name",
            "POST",
            &send,
            with(json!({"TemplateConfiguration": {"SMSTemplate": {}}})),
            BAD,
            BR,
        ),
        case(
            "unknown template",
            "POST",
            &send,
            with(json!({"TemplateConfiguration": {"SMSTemplate": {"Name": "nothing"}}})),
            404,
            NF,
        ),
        case(
            "unknown template version",
            "POST",
            &send,
            with(
                json!({"TemplateConfiguration": {"SMSTemplate": {"Name": "seeded", "Version": "9"}}}),
            ),
            404,
            NF,
        ),
        case(
            "send on an unknown app",
            "POST",
            "/v1/apps/nothing-here/messages",
            with(json!({})),
            404,
            NF,
        ),
        case(
            "users send without Users",
            "POST",
            &users,
            r#"{"MessageConfiguration":{"SMSMessage":{"Body":"hi"}}}"#,
            BAD,
            BR,
        ),
        case(
            "users send with no users",
            "POST",
            &users,
            r#"{"MessageConfiguration":{"SMSMessage":{"Body":"hi"}},"Users":{}}"#,
            BAD,
            BR,
        ),
        case(
            "101 users",
            "POST",
            &users,
            json!({"MessageConfiguration": {"SMSMessage": {"Body": "hi"}}, "Users": many})
                .to_string(),
            BAD,
            BR,
        ),
        case(
            "users send without MessageConfiguration",
            "POST",
            &users,
            r#"{"Users":{"u":{}}}"#,
            BAD,
            BR,
        ),
        case(
            "users without endpoints",
            "POST",
            &users,
            r#"{"MessageConfiguration":{"SMSMessage":{"Body":"hi"}},"Users":{"ghost":{}}}"#,
            404,
            NF,
        ),
        case(
            "OTP without BrandName",
            "POST",
            &otp,
            otp_with("BrandName", Value::Null),
            BAD,
            BR,
        ),
        case(
            "OTP CodeLength not a number",
            "POST",
            &otp,
            otp_with("CodeLength", json!("six")),
            BAD,
            BR,
        ),
        case(
            "OTP CodeLength 9",
            "POST",
            &otp,
            otp_with("CodeLength", json!(9)),
            BAD,
            BR,
        ),
        case(
            "OTP ValidityPeriod 61",
            "POST",
            &otp,
            otp_with("ValidityPeriod", json!(61)),
            BAD,
            BR,
        ),
        case(
            "OTP AllowedAttempts 0",
            "POST",
            &otp,
            otp_with("AllowedAttempts", json!(0)),
            BAD,
            BR,
        ),
        case(
            "OTP on EMAIL",
            "POST",
            &otp,
            otp_with("Channel", json!("EMAIL")),
            BAD,
            BR,
        ),
        case(
            "OTP in en-AU",
            "POST",
            &otp,
            otp_with("Language", json!("en-AU")),
            BAD,
            BR,
        ),
        case(
            "OTP to a number that is not E.164",
            "POST",
            &otp,
            otp_with("DestinationIdentity", json!("5550100")),
            BAD,
            BR,
        ),
        case(
            "OTP on an unknown app",
            "POST",
            "/v1/apps/nothing-here/otp",
            otp_with("Language", json!("en-US")),
            404,
            NF,
        ),
        case(
            "verify without Otp",
            "POST",
            &verify,
            r#"{"DestinationIdentity":"+15550100","ReferenceId":"r"}"#,
            BAD,
            BR,
        ),
        case(
            "verify with a numeric Otp",
            "POST",
            &verify,
            r#"{"DestinationIdentity":"+15550100","ReferenceId":"r","Otp":123456}"#,
            BAD,
            BR,
        ),
        case(
            "verify on an unknown app",
            "POST",
            "/v1/apps/nothing-here/verify-otp",
            r#"{"DestinationIdentity":"+15550100","ReferenceId":"r","Otp":"1"}"#,
            404,
            NF,
        ),
        case(
            "opt-out that is not an address",
            "PUT",
            "/_pinpoint/opt-outs",
            r#"{"Addresses":["+15550100","nobody"]}"#,
            BAD,
            BR,
        ),
        case(
            "opt-outs without Addresses",
            "PUT",
            "/_pinpoint/opt-outs",
            "{}",
            BAD,
            BR,
        ),
        case(
            "sent log since not a date",
            "GET",
            "/_pinpoint/sent-messages?since=yesterday",
            "",
            BAD,
            BR,
        ),
        case(
            "sent log limit not a number",
            "GET",
            "/_pinpoint/sent-messages?limit=many",
            "",
            BAD,
            BR,
        ),
        case(
            "sent log unknown filter",
            "GET",
            "/_pinpoint/sent-messages?colour=red",
            "",
            BAD,
            BR,
        ),
        case(
            "otp listing unknown filter",
            "GET",
            "/_pinpoint/otp?code=1",
            "",
            BAD,
            BR,
        ),
    ]
}

/// Segments: malformed and oversized definitions, unknown references, bad paging.
fn segment_cases() -> Vec<Case> {
    const BAD: u16 = 400;
    const BR: &str = "BadRequestException";
    const NF: &str = "NotFoundException";
    let list = format!("/v1/apps/{APP}/segments");
    let d = |v: Value| json!({ "Dimensions": v }).to_string();
    let attr = |a: Value| d(json!({"Attributes": {"plan": a}}));
    let many_values: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    let many_refs: Vec<Value> = (0..1000).map(|i| json!({"Id": format!("s{i}")})).collect();
    let deep = format!(
        "{{\"Dimensions\":{}{}}}",
        "{\"Attributes\":".repeat(500),
        "}".repeat(500)
    );
    vec![
        case("segment without a body", "POST", &list, "", BAD, BR),
        case(
            "Dimensions not an object",
            "POST",
            &list,
            r#"{"Dimensions":"plan"}"#,
            BAD,
            BR,
        ),
        case(
            "unknown AttributeType",
            "POST",
            &list,
            attr(json!({"AttributeType": "LIKE", "Values": ["a"]})),
            BAD,
            BR,
        ),
        case(
            "attribute without Values",
            "POST",
            &list,
            attr(json!({"AttributeType": "INCLUSIVE"})),
            BAD,
            BR,
        ),
        case(
            "Values not a list",
            "POST",
            &list,
            attr(json!({"Values": "gold"})),
            BAD,
            BR,
        ),
        case(
            "ten thousand values",
            "POST",
            &list,
            attr(json!({"Values": many_values})),
            BAD,
            BR,
        ),
        case(
            "a value of 101 characters",
            "POST",
            &list,
            attr(json!({"Values": ["x".repeat(101)]})),
            BAD,
            BR,
        ),
        case(
            "BETWEEN with one value",
            "POST",
            &list,
            attr(json!({"AttributeType": "BETWEEN", "Values": ["2026-01-01T00:00:00Z"]})),
            BAD,
            BR,
        ),
        case(
            "BEFORE a non-date",
            "POST",
            &list,
            attr(json!({"AttributeType": "BEFORE", "Values": ["soon"]})),
            BAD,
            BR,
        ),
        case(
            "unknown comparison operator",
            "POST",
            &list,
            d(json!({"Metrics": {"m": {"ComparisonOperator": "ABOUT", "Value": 1}}})),
            BAD,
            BR,
        ),
        case(
            "metric value not a number",
            "POST",
            &list,
            d(json!({"Metrics": {"m": {"ComparisonOperator": "EQUAL", "Value": "one"}}})),
            BAD,
            BR,
        ),
        case(
            "GPS point without a range",
            "POST",
            &list,
            d(json!({"Location": {"GPSPoint": {"Coordinates": {"Latitude": 1, "Longitude": 1}}}})),
            BAD,
            BR,
        ),
        case(
            "unknown recency duration",
            "POST",
            &list,
            d(json!({"Behavior": {"Recency": {"Duration": "DAY_90", "RecencyType": "ACTIVE"}}})),
            BAD,
            BR,
        ),
        case(
            "unknown DimensionType",
            "POST",
            &list,
            d(json!({"Demographic": {"Platform": {"DimensionType": "MAYBE", "Values": ["ios"]}}})),
            BAD,
            BR,
        ),
        case(
            "unknown Include",
            "POST",
            &list,
            r#"{"SegmentGroups":{"Include":"SOME","Groups":[]}}"#,
            BAD,
            BR,
        ),
        case("deeply nested dimensions", "POST", &list, deep, BAD, BR),
        case(
            "unknown base segment",
            "POST",
            &list,
            json!({"SegmentGroups": {"Groups": [{"SourceSegments": [{"Id": "nope"}]}]}})
                .to_string(),
            404,
            NF,
        ),
        case(
            "a thousand base segments",
            "POST",
            &list,
            json!({"SegmentGroups": {"Groups": [{"SourceSegments": many_refs}]}}).to_string(),
            BAD,
            BR,
        ),
        case(
            "segment on an unknown app",
            "POST",
            "/v1/apps/nothing-here/segments",
            "{}",
            404,
            NF,
        ),
        case(
            "update of an unknown segment",
            "PUT",
            &format!("{list}/nope"),
            r#"{"Name":"x"}"#,
            404,
            NF,
        ),
        case(
            "version that is not a number",
            "GET",
            &format!("{list}/nope/versions/one"),
            "",
            404,
            NF,
        ),
        case(
            "segment listing with page-size 5000",
            "GET",
            &format!("{list}?page-size=5000"),
            "",
            BAD,
            BR,
        ),
        case(
            "segment listing with a bad token",
            "GET",
            &format!("{list}?token=zz"),
            "",
            BAD,
            BR,
        ),
        case(
            "members without a segment id",
            "GET",
            &format!("/_pinpoint/segments?application-id={APP}"),
            "",
            BAD,
            BR,
        ),
        case(
            "members of an unknown segment",
            "GET",
            &format!("/_pinpoint/segments?application-id={APP}&segment-id=nope"),
            "",
            404,
            NF,
        ),
        case(
            "members at a version that is not a number",
            "GET",
            &format!("/_pinpoint/segments?application-id={APP}&segment-id=nope&version=x"),
            "",
            BAD,
            BR,
        ),
    ]
}

/// A campaign body for an unknown segment, with the members of `extra` set over it.
fn campaign_body(extra: Value) -> String {
    let mut b = json!({"SegmentId": "nope", "Schedule": {"StartTime": "IMMEDIATE"}, "MessageConfiguration": {"SMSMessage": {"Body": "x"}}});
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b.to_string()
}

/// Campaigns: missing and mistyped members, bad schedules, unknown references.
fn campaign_cases() -> Vec<Case> {
    const BAD: u16 = 400;
    const BR: &str = "BadRequestException";
    const NF: &str = "NotFoundException";
    let list = format!("/v1/apps/{APP}/campaigns");
    let with = campaign_body;
    vec![
        case(
            "in-app messages of an unknown app",
            "GET",
            "/v1/apps/nothing-here/endpoints/e1/inappmessages",
            "",
            404,
            NF,
        ),
        case("campaign without a body", "POST", &list, "", BAD, BR),
        case("campaign body not an object", "POST", &list, "[]", BAD, BR),
        case(
            "campaign without a segment",
            "POST",
            &list,
            r#"{"Schedule":{"StartTime":"IMMEDIATE"},"MessageConfiguration":{"SMSMessage":{"Body":"x"}}}"#,
            BAD,
            BR,
        ),
        case(
            "campaign with a bad StartTime",
            "POST",
            &list,
            with(json!({"Schedule": {"StartTime": "soon"}})),
            BAD,
            BR,
        ),
        case(
            "campaign with a bad Frequency",
            "POST",
            &list,
            with(json!({"Schedule": {"StartTime": "IMMEDIATE", "Frequency": "YEARLY"}})),
            BAD,
            BR,
        ),
        case(
            "campaign with a bad EndTime",
            "POST",
            &list,
            with(json!({"Schedule": {"StartTime": "IMMEDIATE", "EndTime": 5}})),
            BAD,
            BR,
        ),
        case(
            "campaign Name not a string",
            "POST",
            &list,
            with(json!({"Name": 7})),
            BAD,
            BR,
        ),
        case(
            "campaign IsPaused not a boolean",
            "POST",
            &list,
            with(json!({"IsPaused": "yes"})),
            BAD,
            BR,
        ),
        case(
            "campaign tags not strings",
            "POST",
            &list,
            with(json!({"tags": {"a": 1}})),
            BAD,
            BR,
        ),
        case(
            "holdout of 101",
            "POST",
            &list,
            with(json!({"HoldoutPercent": 101})),
            BAD,
            BR,
        ),
        case(
            "treatment without a size",
            "POST",
            &list,
            with(json!({"AdditionalTreatments": [{}]})),
            BAD,
            BR,
        ),
        case(
            "campaign on an unknown segment",
            "POST",
            &list,
            with(json!({})),
            404,
            NF,
        ),
        case(
            "campaign on an unknown app",
            "POST",
            "/v1/apps/nothing-here/campaigns",
            with(json!({})),
            404,
            NF,
        ),
        case(
            "update of an unknown campaign",
            "PUT",
            &format!("{list}/nope"),
            r#"{"Name":"x"}"#,
            404,
            NF,
        ),
        case(
            "activities of an unknown campaign",
            "GET",
            &format!("{list}/nope/activities"),
            "",
            404,
            NF,
        ),
        case(
            "campaign version that is not a number",
            "GET",
            &format!("{list}/nope/versions/x"),
            "",
            404,
            NF,
        ),
        case(
            "campaign listing with page-size 0",
            "GET",
            &format!("{list}?page-size=0"),
            "",
            BAD,
            BR,
        ),
    ]
}

/// Requests only the model check refuses (docs/behaviour.md#model-validation): members deep in
/// what the operations store as written.
fn model_cases() -> Vec<Case> {
    const BAD: u16 = 400;
    const BR: &str = "BadRequestException";
    let campaigns = format!("/v1/apps/{APP}/campaigns");
    let campaign = campaign_body;
    vec![
        case(
            "campaign SMS MessageType outside its enum",
            "POST",
            &campaigns,
            campaign(
                json!({"MessageConfiguration": {"SMSMessage": {"Body": "x", "MessageType": "LOUD"}}}),
            ),
            BAD,
            BR,
        ),
        case(
            "campaign Limits.Daily not a number",
            "POST",
            &campaigns,
            campaign(json!({"Limits": {"Daily": "ten"}})),
            BAD,
            BR,
        ),
        case(
            "campaign CustomDeliveryConfiguration without its DeliveryUri",
            "POST",
            &campaigns,
            campaign(json!({"CustomDeliveryConfiguration": {"EndpointTypes": ["SMS"]}})),
            BAD,
            BR,
        ),
        case(
            "journey wait activity with a numeric WaitFor",
            "POST",
            &format!("/v1/apps/{APP}/journeys"),
            r#"{"Name":"j","Activities":{"a":{"Wait":{"WaitTime":{"WaitFor":5}}}},"StartActivity":"a"}"#,
            BAD,
            BR,
        ),
        case(
            "batch item with a list where an object goes",
            "PUT",
            &format!("/v1/apps/{APP}/endpoints"),
            r#"{"Item":[{"Id":"n1","Demographic":[]}]}"#,
            BAD,
            BR,
        ),
    ]
}

/// Journeys: bad names, activities and states, unknown references.
fn journey_cases() -> Vec<Case> {
    const BAD: u16 = 400;
    const BR: &str = "BadRequestException";
    const NF: &str = "NotFoundException";
    let list = format!("/v1/apps/{APP}/journeys");
    let many: serde_json::Map<String, Value> =
        (0..1000).map(|i| (format!("a{i}"), json!({}))).collect();
    vec![
        case("journey without a body", "POST", &list, "", BAD, BR),
        case("journey without a name", "POST", &list, "{}", BAD, BR),
        case(
            "journey name with a space",
            "POST",
            &list,
            r#"{"Name":"a b"}"#,
            BAD,
            BR,
        ),
        case(
            "journey name not a string",
            "POST",
            &list,
            r#"{"Name":5}"#,
            BAD,
            BR,
        ),
        case(
            "a thousand activities",
            "POST",
            &list,
            json!({"Name": "x", "Activities": many}).to_string(),
            BAD,
            BR,
        ),
        case(
            "activity id with a dash",
            "POST",
            &list,
            r#"{"Name":"x","Activities":{"a-b":{}}}"#,
            BAD,
            BR,
        ),
        case(
            "activity not an object",
            "POST",
            &list,
            r#"{"Name":"x","Activities":{"a":[]}}"#,
            BAD,
            BR,
        ),
        case(
            "unknown next activity",
            "POST",
            &list,
            r#"{"Name":"x","Activities":{"a":{"Wait":{"NextActivity":"z"}}}}"#,
            BAD,
            BR,
        ),
        case(
            "journey created PAUSED",
            "POST",
            &list,
            r#"{"Name":"x","State":"PAUSED"}"#,
            BAD,
            BR,
        ),
        case(
            "journey on an unknown app",
            "POST",
            "/v1/apps/nothing-here/journeys",
            r#"{"Name":"x"}"#,
            404,
            NF,
        ),
        case(
            "state of an unknown journey",
            "PUT",
            &format!("{list}/nope/state"),
            r#"{"State":"ACTIVE"}"#,
            404,
            NF,
        ),
        case(
            "state not a string",
            "PUT",
            &format!("{list}/nope/state"),
            r#"{"State":1}"#,
            BAD,
            BR,
        ),
        case(
            "state that requests cannot set",
            "PUT",
            &format!("{list}/nope/state"),
            r#"{"State":"CLOSED"}"#,
            BAD,
            BR,
        ),
        case(
            "update of an unknown journey",
            "PUT",
            &format!("{list}/nope"),
            r#"{"Name":"x"}"#,
            404,
            NF,
        ),
    ]
}

/// Settings, tags, recommenders, jobs and KPIs: each bad request is refused whole.
fn resource_cases() -> Vec<Case> {
    const BAD: u16 = 400;
    const BR: &str = "BadRequestException";
    const NF: &str = "NotFoundException";
    let settings = format!("/v1/apps/{APP}/settings");
    let arn = format!("arn%3Aaws%3Amobiletargeting%3Aus-east-1%3A000000000000%3Aapps%2F{APP}");
    let tags = format!("/v1/tags/{arn}");
    let many: serde_json::Map<String, Value> =
        (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
    let import = format!("/v1/apps/{APP}/jobs/import");
    let export = format!("/v1/apps/{APP}/jobs/export");
    const ROLE: &str = "arn:aws:iam::123456789012:role/r";
    const PROVIDER: &str = r#""RecommendationProviderRoleArn":"arn:aws:iam::1:role/r","RecommendationProviderUri":"arn:aws:personalize:us-east-1:1:campaign/c""#;
    vec![
        case("settings daily cap 101", "PUT", &settings, r#"{"Limits":{"Daily":101}}"#, BAD, BR),
        case("settings limits not an object", "PUT", &settings, r#"{"Limits":"daily"}"#, BAD, BR),
        case("settings limits a list", "PUT", &settings, r#"{"Limits":[1]}"#, BAD, BR),
        case("settings quiet time 24:00", "PUT", &settings, r#"{"QuietTime":{"End":"24:00"}}"#, BAD, BR),
        case("settings hook mode lower case", "PUT", &settings, r#"{"CampaignHook":{"Mode":"filter"}}"#, BAD, BR),
        case("settings timeframe of 31 days", "PUT", &settings, r#"{"JourneyLimits":{"TimeframeCap":{"Days":31}}}"#, BAD, BR),
        case("settings of an unknown app", "PUT", "/v1/apps/nope/settings", "{}", 404, NF),
        case("tag 51 keys", "POST", &tags, json!({"tags": many}).to_string(), BAD, BR),
        case("tag aws: key", "POST", &tags, r#"{"tags":{"AWS:x":"1"}}"#, BAD, BR),
        case("tag without tags", "POST", &tags, "{}", BAD, BR),
        case("tag value not a string", "POST", &tags, r#"{"tags":{"a":1}}"#, BAD, BR),
        case("tag malformed arn", "POST", "/v1/tags/arn%3Aaws%3As3%3A%3A%3Ab", r#"{"tags":{"a":"1"}}"#, BAD, BR),
        case("tag another region", "POST", &tags.replace("us-east-1", "eu-west-1"), r#"{"tags":{"a":"1"}}"#, 404, NF),
        case("tag a missing segment", "POST", &format!("{tags}%2Fsegments%2Fnope"), r#"{"tags":{"a":"1"}}"#, 404, NF),
        case("untag without keys", "DELETE", &tags, "", BAD, BR),
        case("recommender without provider", "POST", "/v1/recommenders", r#"{"Name":"x"}"#, BAD, BR),
        case("recommender 0 per message", "POST", "/v1/recommenders", format!("{{{PROVIDER},\"RecommendationsPerMessage\":0}}"), BAD, BR),
        case("recommender 11 attributes", "POST", "/v1/recommenders", format!("{{{PROVIDER},\"Attributes\":{}}}", json!((0..11).map(|i| (format!("a{i}"), json!("x"))).collect::<serde_json::Map<String, Value>>())), BAD, BR),
        case("recommender update unknown", "PUT", "/v1/recommenders/nope", format!("{{{PROVIDER}}}"), 404, NF),
        case("import without format", "POST", &import, format!(r#"{{"S3Url":"s3://b/k","RoleArn":"{ROLE}"}}"#), BAD, BR),
        case("import format lower case", "POST", &import, format!(r#"{{"Format":"csv","S3Url":"s3://b/k","RoleArn":"{ROLE}"}}"#), BAD, BR),
        case("import url without bucket", "POST", &import, format!(r#"{{"Format":"CSV","S3Url":"s3:///k","RoleArn":"{ROLE}"}}"#), BAD, BR),
        case("import into a dimensional segment", "POST", &import, format!(r#"{{"Format":"CSV","S3Url":"s3://b/k","RoleArn":"{ROLE}","DefineSegment":true,"SegmentId":"nope"}}"#), 404, NF),
        case("export without role", "POST", &export, r#"{"S3UrlPrefix":"s3://b/"}"#, BAD, BR),
        case("export version without segment", "POST", &export, format!(r#"{{"S3UrlPrefix":"s3://b/","RoleArn":"{ROLE}","SegmentVersion":1}}"#), BAD, BR),
        case("export version not a number", "POST", &export, format!(r#"{{"S3UrlPrefix":"s3://b/","RoleArn":"{ROLE}","SegmentVersion":"1"}}"#), BAD, BR),
        case("kpi one term", "GET", &format!("/v1/apps/{APP}/kpis/daterange/deliveries"), "", BAD, BR),
        case("kpi bad start time", "GET", &format!("/v1/apps/{APP}/kpis/daterange/unique-deliveries?start-time=yesterday"), "", BAD, BR),
        case("kpi start over 90 days ago", "GET", &format!("/v1/apps/{APP}/kpis/daterange/unique-deliveries?start-time=2025-06-01T00:00:00Z&end-time=2025-06-02T00:00:00Z"), "", BAD, BR),
        case("journey runs of an unknown journey", "GET", &format!("/v1/apps/{APP}/journeys/nope/runs"), "", 404, NF),
        case("journey runs page size 0", "GET", &format!("/v1/apps/{APP}/journeys/nope/runs?page-size=0"), "", 404, NF),
    ]
}

async fn seeded() -> AppState {
    let st = AppState::for_tests();
    let r = json(&st, "PUT", &format!("/v1/apps/{APP}/endpoints"), json!({"Item": [
        {"Id": "e1", "ChannelType": "EMAIL", "Address": "a@example.com", "Attributes": {"k": ["v"]}, "User": {"UserId": "u"}},
        {"Id": "e2", "ChannelType": "SMS", "Address": "+15550100", "User": {"UserId": "u"}},
    ]}))
    .await;
    assert_eq!(r.status.as_u16(), 202);
    let sms = json(
        &st,
        "PUT",
        &format!("/v1/apps/{APP}/channels/sms"),
        json!({"SenderId": "ACME"}),
    )
    .await;
    assert_eq!(sms.status.as_u16(), 200);
    let tpl = json(
        &st,
        "POST",
        "/v1/templates/seeded/sms",
        json!({"Body": "hi"}),
    )
    .await;
    assert_eq!(tpl.status.as_u16(), 201);
    json(&st, "POST", &format!("/v1/apps/{APP}/events"), json!({"BatchItem": {"e1": {"Endpoint": {}, "Events": {"x": {"EventType": "t", "Timestamp": "2026-01-01T00:00:00Z"}}}}})).await;
    st
}

async fn state_of(st: &AppState) -> Value {
    raw(st, "GET", "/_pinpoint/state", "", &[]).await.json()
}

#[tokio::test]
async fn every_hostile_request_gets_its_4xx_and_changes_nothing() {
    let st = seeded().await;
    let before = state_of(&st).await;
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    for c in &cases {
        let headers: Vec<(&str, &str)> = c.headers.clone();
        let r: Raw = raw(&st, c.method, &c.path, Body::from(c.body.clone()), &headers).await;
        assert_eq!(
            r.status.as_u16(),
            c.status,
            "{}: {}",
            c.name,
            String::from_utf8_lossy(&r.body)
        );
        let msg = r.assert_error(c.status, c.error);
        assert!(!msg.is_empty(), "{}", c.name);
    }
    assert_eq!(
        state_of(&st).await,
        before,
        "a rejected request changed the state"
    );
}

/// Every operation of the model, called with labels that name nothing and a truncated body:
/// a 4xx, never a 5xx, and nothing changes.
#[tokio::test]
async fn every_operation_refuses_a_malformed_call_and_changes_nothing() {
    let st = seeded().await;
    let before = state_of(&st).await;
    // A listing without labels (GetApps, ListTemplates, …) has nothing to name wrongly.
    let labelled = OPERATIONS
        .iter()
        .filter(|o| o.uri.contains('{') || o.method.as_str() != "GET");
    for op in labelled {
        let path: String = op
            .uri
            .split('/')
            .map(|seg| if seg.starts_with('{') { "nope" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        let r = raw(&st, op.method.as_str(), &path, r#"{"Name": ["#, &[]).await;
        let status = r.status.as_u16();
        assert!(
            (400..500).contains(&status),
            "{} {} {path} → {status} {}",
            op.name,
            op.method.as_str(),
            String::from_utf8_lossy(&r.body)
        );
        assert!(!r.header("x-amzn-ErrorType").is_empty(), "{}", op.name);
    }
    assert_eq!(
        state_of(&st).await,
        before,
        "a refused call changed the state"
    );
}

#[tokio::test]
async fn unusual_but_valid_ids_and_unknown_members_are_accepted() {
    let st = seeded().await;
    for id in ["..", "50%", "%25", "a b", "ü-ñ-字", "x:y@z!*'()", "+1"] {
        let path = ep(&id.replace('%', "%25").replace(' ', "%20"));
        let r = json(
            &st,
            "PUT",
            &path,
            json!({"Unknown": {"Deeply": [1, 2]}, "Address": "x", "ChannelType": "CUSTOM"}),
        )
        .await;
        assert_eq!(
            r.status.as_u16(),
            202,
            "{id}: {}",
            String::from_utf8_lossy(&r.body)
        );
        let got = raw(&st, "GET", &path, "", &[]).await;
        assert_eq!(got.json()["Id"], id);
    }
}

/// JSON values built from the members the API knows, so fuzzing reaches deep into the rules.
fn json_value() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "Address",
        "ChannelType",
        "Attributes",
        "Metrics",
        "User",
        "UserId",
        "UserAttributes",
        "OptOut",
        "EndpointStatus",
        "EffectiveDate",
        "RequestId",
        "Location",
        "Latitude",
        "Demographic",
        "Make",
        "Item",
        "Id",
        "BatchItem",
        "Endpoint",
        "Events",
        "EventType",
        "Timestamp",
        "Session",
        "Name",
        "tags",
        "Blacklist",
        "Limits",
        "Daily",
        "QuietTime",
        "Start",
        "Format",
        "S3Url",
        "S3UrlPrefix",
        "RoleArn",
        "DefineSegment",
        "SegmentId",
        "SegmentName",
        "RecommendationProviderUri",
        "RecommendationProviderRoleArn",
        "RecommendationsPerMessage",
        "x",
        "",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "EMAIL",
            "GCM",
            "APNS",
            "NONE",
            "ALL",
            "ACTIVE",
            "2026-01-01T00:00:00Z",
            "a@b.c",
            "u1",
            "",
            "$"
        ])
        .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone().prop_map(str::to_string), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn request() -> impl Strategy<Value = (String, String, Vec<u8>)> {
    let method = prop::sample::select(vec![
        "GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD",
    ]);
    let segment = prop_oneof![
        Just(APP.to_string()),
        prop::sample::select(vec![
            "v1",
            "apps",
            "endpoints",
            "users",
            "events",
            "attributes",
            "endpoint-custom-attributes",
            "channels",
            "templates",
            "messages",
            "segments",
            "campaigns",
            "journeys",
            "state",
            "activities",
            "versions",
            "users-messages",
            "otp",
            "verify-otp",
            "sent-messages",
            "opt-outs",
            "sms",
            "apns",
            "gcm",
            "_pinpoint",
            "state",
            "e1",
            "u",
            "settings",
            "jobs",
            "import",
            "export",
            "kpis",
            "daterange",
            "unique-deliveries",
            "recommenders",
            "tags",
            "runs",
            "execution-metrics"
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9%$.{}:+ -]{0,10}".prop_map(|s| s.replace(' ', "%20")),
    ];
    let random =
        prop::collection::vec(segment, 0..6).prop_map(|segs| format!("/{}", segs.join("/")));
    // Every operation of the model: its URI with each label filled from a few likely values.
    let label = prop::sample::select(vec![APP, "e1", "u", "x", "sms", "SMS", "1", ""]);
    let of_model = (
        prop::sample::select(OPERATIONS.to_vec()),
        prop::collection::vec(label, 6),
    )
        .prop_map(|(op, labels)| {
            let mut labels = labels.into_iter();
            op.uri
                .split('/')
                .map(|seg| {
                    if seg.starts_with('{') {
                        labels.next().unwrap_or("x")
                    } else {
                        seg
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        });
    let path = prop_oneof![random, of_model];
    let body = prop_oneof![
        json_value().prop_map(|v| v.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..64),
    ];
    (method.prop_map(str::to_string), path, body)
}

proptest! {
    // Default 300 cases keep `cargo test` quick; FUZZ_CASES raises it for a longer run (the
    // README gives the figures of one).
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]
    #[test]
    fn arbitrary_requests_never_panic_or_get_a_5xx((method, path, body) in request()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let r = rt.block_on(async {
            let st = seeded().await;
            raw(&st, &method, &path, Body::from(body), &[]).await
        });
        prop_assert!(r.status.as_u16() < 500, "{method} {path} → {} {}", r.status, String::from_utf8_lossy(&r.body));
        if !r.status.is_success() && method != "HEAD" && method != "OPTIONS" {
            let v: Value = serde_json::from_slice(&r.body).expect("error bodies are JSON");
            prop_assert!(v["Message"].is_string());
            prop_assert!(!r.header("x-amzn-ErrorType").is_empty());
        }
    }
}
