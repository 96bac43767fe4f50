//! Golden cases of the template operations: every type's Create, Get, Update and Delete, the
//! listings and the active version.

use super::{case, req, Case};

/// Each type: its operation-name stem, its path name and a valid request body.
const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "Email",
        "email",
        r#"{"Subject":"Hi {{User.UserAttributes.FirstName}}","HtmlPart":"<p>Welcome</p>","TextPart":"Welcome","DefaultSubstitutions":"{\"User\":{\"UserAttributes\":{\"FirstName\":\"there\"}}}","tags":{"team":"growth"}}"#,
    ),
    (
        "InApp",
        "inapp",
        r##"{"Content":[{"BodyConfig":{"Alignment":"CENTER","Body":"Hello","TextColor":"#000000"}}],"Layout":"BOTTOM_BANNER"}"##,
    ),
    (
        "Push",
        "push",
        r#"{"Default":{"Title":"Hi","Body":"Your order shipped"},"TemplateDescription":"shipping"}"#,
    ),
    (
        "Sms",
        "sms",
        r#"{"Body":"Your code is {{Attributes.Code}}","TemplateDescription":"codes"}"#,
    ),
    (
        "Voice",
        "voice",
        r#"{"Body":"Hello","LanguageCode":"en-US","VoiceId":"Joanna"}"#,
    ),
];

pub(crate) fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (stem, path, body) in TEMPLATES {
        let url = format!("/v1/templates/welcome/{path}");
        let create = || req("POST", &url, body);
        let (c, g, u, d) = (
            format!("Create{stem}Template"),
            format!("Get{stem}Template"),
            format!("Update{stem}Template"),
            format!("Delete{stem}Template"),
        );
        cases.push(case(&c, "created", vec![], create()));
        cases.push(case(&c, "exists", vec![create()], create()));
        cases.push(case(&g, "found", vec![create()], req("GET", &url, "")));
        cases.push(case(&g, "not-found", vec![], req("GET", &url, "")));
        let new_version = format!("{url}?create-new-version=true");
        cases.push(case(
            &u,
            "new-version",
            vec![create()],
            req("PUT", &new_version, body),
        ));
        cases.push(case(
            &u,
            "not-latest",
            vec![create()],
            req("PUT", &format!("{url}?version=7"), body),
        ));
        cases.push(case(&d, "deleted", vec![create()], req("DELETE", &url, "")));
        cases.push(case(&d, "not-found", vec![], req("DELETE", &url, "")));
    }
    let sms = "/v1/templates/welcome/sms";
    let sms_body = TEMPLATES[3].2;
    let two_versions = || {
        vec![
            req("POST", sms, sms_body),
            req("PUT", &format!("{sms}?create-new-version=true"), sms_body),
        ]
    };
    cases.extend([
        case(
            "CreateSmsTemplate",
            "bad-name",
            vec![],
            req("POST", "/v1/templates/-bad/sms", sms_body),
        ),
        case(
            "CreateSmsTemplate",
            "bad-default-substitutions",
            vec![],
            req(
                "POST",
                sms,
                r#"{"Body":"x","DefaultSubstitutions":"not json"}"#,
            ),
        ),
        case(
            "GetSmsTemplate",
            "version",
            two_versions(),
            req("GET", &format!("{sms}?version=2"), ""),
        ),
        case(
            "DeleteSmsTemplate",
            "active-version",
            two_versions(),
            req("DELETE", &format!("{sms}?version=1"), ""),
        ),
        case(
            "ListTemplates",
            "listed",
            vec![
                req("POST", sms, sms_body),
                req("POST", "/v1/templates/promo/email", TEMPLATES[0].2),
            ],
            req("GET", "/v1/templates?template-type=sms", ""),
        ),
        case(
            "ListTemplates",
            "bad-type",
            vec![],
            req("GET", "/v1/templates?template-type=fax", ""),
        ),
        case(
            "ListTemplateVersions",
            "listed",
            two_versions(),
            req("GET", "/v1/templates/welcome/SMS/versions", ""),
        ),
        case(
            "ListTemplateVersions",
            "not-found",
            vec![],
            req("GET", "/v1/templates/welcome/SMS/versions", ""),
        ),
        case(
            "UpdateTemplateActiveVersion",
            "latest",
            two_versions(),
            req(
                "PUT",
                "/v1/templates/welcome/SMS/active-version",
                r#"{"Version":"latest"}"#,
            ),
        ),
        case(
            "UpdateTemplateActiveVersion",
            "unknown-version",
            two_versions(),
            req(
                "PUT",
                "/v1/templates/welcome/SMS/active-version",
                r#"{"Version":"9"}"#,
            ),
        ),
    ]);
    cases
}
