//! Golden cases of the event stream setting: put, get, delete, and their errors.

use super::{case, req, Case, Req, APP};

const STREAM: &str = r#"{"DestinationStreamArn":"arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events","RoleArn":"arn:aws:iam::123456789012:role/pinpoint-events"}"#;

fn setup(with_stream: bool) -> Vec<Req> {
    let mut s = vec![req(
        "PUT",
        &format!("{APP}/endpoints/e1"),
        r#"{"Address":"a@example.com","ChannelType":"EMAIL"}"#,
    )];
    if with_stream {
        s.push(req("POST", &format!("{APP}/eventstream"), STREAM));
    }
    s
}

pub(crate) fn cases() -> Vec<Case> {
    let path = format!("{APP}/eventstream");
    vec![
        case(
            "PutEventStream",
            "set",
            setup(false),
            req("POST", &path, STREAM),
        ),
        case(
            "PutEventStream",
            "not-a-stream-arn",
            setup(false),
            req(
                "POST",
                &path,
                r#"{"DestinationStreamArn":"arn:aws:s3:::bucket","RoleArn":"arn:aws:iam::123456789012:role/r"}"#,
            ),
        ),
        case(
            "PutEventStream",
            "unknown-app",
            vec![],
            req("POST", &path, STREAM),
        ),
        case(
            "GetEventStream",
            "found",
            setup(true),
            req("GET", &path, ""),
        ),
        case(
            "GetEventStream",
            "none-set",
            setup(false),
            req("GET", &path, ""),
        ),
        case(
            "DeleteEventStream",
            "deleted",
            setup(true),
            req("DELETE", &path, ""),
        ),
        case(
            "DeleteEventStream",
            "none-set",
            setup(false),
            req("DELETE", &path, ""),
        ),
    ]
}
