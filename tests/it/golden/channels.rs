//! Golden cases of the channel operations: every type's Get, Update and Delete, and GetChannels.

use super::endpoints::endpoint;
use super::{case, req, Case, APP};

/// A valid request body for each channel type, its operation-name stem and its path name.
const CHANNELS: &[(&str, &str, &str)] = &[
    (
        "Adm",
        "adm",
        r#"{"ClientId":"client","ClientSecret":"secret"}"#,
    ),
    (
        "Apns",
        "apns",
        r#"{"Certificate":"cert","PrivateKey":"key"}"#,
    ),
    (
        "ApnsSandbox",
        "apns_sandbox",
        r#"{"TokenKey":"tk","TokenKeyId":"tkid","BundleId":"com.example","TeamId":"team"}"#,
    ),
    (
        "ApnsVoip",
        "apns_voip",
        r#"{"Certificate":"cert","PrivateKey":"key","DefaultAuthenticationMethod":"CERTIFICATE"}"#,
    ),
    (
        "ApnsVoipSandbox",
        "apns_voip_sandbox",
        r#"{"Certificate":"cert","PrivateKey":"key","Enabled":false}"#,
    ),
    ("Baidu", "baidu", r#"{"ApiKey":"api","SecretKey":"secret"}"#),
    (
        "Email",
        "email",
        r#"{"FromAddress":"shop@example.com","Identity":"arn:aws:ses:us-east-1:000000000000:identity/example.com","RoleArn":"arn:aws:iam::000000000000:role/pinpoint"}"#,
    ),
    (
        "Gcm",
        "gcm",
        r#"{"ServiceJson":"{}","DefaultAuthenticationMethod":"TOKEN"}"#,
    ),
    ("Sms", "sms", r#"{"SenderId":"ACME","Enabled":true}"#),
    ("Voice", "voice", r#"{}"#),
];

/// Get, Update and Delete of every channel type: success and each distinct error.
pub(crate) fn cases() -> Vec<Case> {
    let app = || endpoint("e1");
    let mut cases = Vec::new();
    for (stem, path, body) in CHANNELS {
        let url = format!("{APP}/channels/{path}");
        let set_up = || req("PUT", &url, body);
        let (get, update, delete) = (
            format!("Get{stem}Channel"),
            format!("Update{stem}Channel"),
            format!("Delete{stem}Channel"),
        );
        cases.push(case(&update, "created", vec![app()], set_up()));
        cases.push(case(
            &update,
            "updated",
            vec![app(), set_up()],
            req("PUT", &url, r#"{"Enabled":false}"#),
        ));
        cases.push(case(&update, "unknown-app", vec![], set_up()));
        cases.push(case(
            &update,
            "wrong-type",
            vec![app()],
            req("PUT", &url, r#"{"Enabled":"yes"}"#),
        ));
        if !["Sms", "Voice"].contains(stem) {
            cases.push(case(
                &update,
                "missing-credentials",
                vec![app()],
                req("PUT", &url, "{}"),
            ));
        }
        cases.push(case(
            &get,
            "found",
            vec![app(), set_up()],
            req("GET", &url, ""),
        ));
        cases.push(case(&get, "not-set-up", vec![app()], req("GET", &url, "")));
        cases.push(case(
            &delete,
            "deleted",
            vec![app(), set_up()],
            req("DELETE", &url, ""),
        ));
        cases.push(case(
            &delete,
            "not-set-up",
            vec![app()],
            req("DELETE", &url, ""),
        ));
    }
    let sms = req("PUT", &format!("{APP}/channels/sms"), "{}");
    let gcm = req("PUT", &format!("{APP}/channels/gcm"), r#"{"ApiKey":"k"}"#);
    cases.push(case(
        "GetChannels",
        "listed",
        vec![app(), sms, gcm],
        req("GET", &format!("{APP}/channels"), ""),
    ));
    cases.push(case(
        "GetChannels",
        "unknown-app",
        vec![],
        req("GET", &format!("{APP}/channels"), ""),
    ));
    cases
}
