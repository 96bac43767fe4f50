//! Golden cases of the app settings, tags by ARN and recommender configurations, and their
//! errors.

use super::{case, req, Case, Req, APP};

const SETTINGS: &str = r#"{"Limits":{"Daily":10,"MessagesPerSecond":50},"QuietTime":{"Start":"22:00","End":"07:00"},"CampaignHook":{"Mode":"FILTER","LambdaFunctionName":"filter"},"CloudWatchMetricsEnabled":true}"#;
const APP_ARN: &str = "arn%3Aaws%3Amobiletargeting%3Aus-east-1%3A000000000000%3Aapps%2Fgolden";
const RECOMMENDER: &str = r#"{"Name":"picks","RecommendationProviderRoleArn":"arn:aws:iam::123456789012:role/personalize","RecommendationProviderUri":"arn:aws:personalize:us-east-1:123456789012:campaign/picks","Attributes":{"Recommendations.Title":"Title"},"RecommendationsPerMessage":3}"#;
const R: &str = "/v1/recommenders/00000000000000000000000000000001";

fn an_app() -> Vec<Req> {
    vec![req(
        "PUT",
        &format!("{APP}/endpoints/e1"),
        r#"{"Address":"a@example.com","ChannelType":"EMAIL"}"#,
    )]
}

fn with(mut s: Vec<Req>, r: Req) -> Vec<Req> {
    s.push(r);
    s
}

fn settings() -> Vec<Case> {
    let path = format!("{APP}/settings");
    vec![
        case(
            "GetApplicationSettings",
            "fresh",
            an_app(),
            req("GET", &path, ""),
        ),
        case(
            "GetApplicationSettings",
            "after-update",
            with(an_app(), req("PUT", &path, SETTINGS)),
            req("GET", &path, ""),
        ),
        case(
            "GetApplicationSettings",
            "unknown-app",
            vec![],
            req("GET", &path, ""),
        ),
        case(
            "UpdateApplicationSettings",
            "updated",
            an_app(),
            req("PUT", &path, SETTINGS),
        ),
        case(
            "UpdateApplicationSettings",
            "daily-over-100",
            an_app(),
            req("PUT", &path, r#"{"Limits":{"Daily":101}}"#),
        ),
        case(
            "UpdateApplicationSettings",
            "quiet-time-not-hh-mm",
            an_app(),
            req("PUT", &path, r#"{"QuietTime":{"Start":"10pm"}}"#),
        ),
    ]
}

fn tags() -> Vec<Case> {
    let path = format!("/v1/tags/{APP_ARN}");
    let tagged = || {
        with(
            an_app(),
            req("POST", &path, r#"{"tags":{"team":"growth","stage":"dev"}}"#),
        )
    };
    vec![
        case(
            "ListTagsForResource",
            "app",
            tagged(),
            req("GET", &path, ""),
        ),
        case(
            "ListTagsForResource",
            "malformed-arn",
            an_app(),
            req("GET", "/v1/tags/not-an-arn", ""),
        ),
        case(
            "ListTagsForResource",
            "unknown-app",
            vec![],
            req("GET", &path, ""),
        ),
        case(
            "TagResource",
            "app",
            an_app(),
            req("POST", &path, r#"{"tags":{"team":"growth"}}"#),
        ),
        case(
            "TagResource",
            "reserved-prefix",
            an_app(),
            req("POST", &path, r#"{"tags":{"aws:team":"growth"}}"#),
        ),
        case(
            "UntagResource",
            "two-keys",
            tagged(),
            req("DELETE", &format!("{path}?tagKeys=team&tagKeys=absent"), ""),
        ),
        case(
            "UntagResource",
            "no-keys",
            tagged(),
            req("DELETE", &path, ""),
        ),
    ]
}

fn recommenders() -> Vec<Case> {
    let created = || vec![req("POST", "/v1/recommenders", RECOMMENDER)];
    vec![
        case(
            "CreateRecommenderConfiguration",
            "created",
            vec![],
            req("POST", "/v1/recommenders", RECOMMENDER),
        ),
        case(
            "CreateRecommenderConfiguration",
            "per-message-over-5",
            vec![],
            req(
                "POST",
                "/v1/recommenders",
                r#"{"RecommendationProviderRoleArn":"arn:aws:iam::123456789012:role/p","RecommendationProviderUri":"arn:aws:personalize:us-east-1:123456789012:campaign/c","RecommendationsPerMessage":6}"#,
            ),
        ),
        case(
            "CreateRecommenderConfiguration",
            "no-provider",
            vec![],
            req("POST", "/v1/recommenders", r#"{"Name":"picks"}"#),
        ),
        case(
            "GetRecommenderConfiguration",
            "found",
            created(),
            req("GET", R, ""),
        ),
        case(
            "GetRecommenderConfiguration",
            "unknown",
            vec![],
            req("GET", R, ""),
        ),
        case(
            "GetRecommenderConfigurations",
            "one",
            created(),
            req("GET", "/v1/recommenders", ""),
        ),
        case(
            "GetRecommenderConfigurations",
            "bad-page-size",
            created(),
            req("GET", "/v1/recommenders?page-size=0", ""),
        ),
        case(
            "UpdateRecommenderConfiguration",
            "replaced",
            created(),
            req(
                "PUT",
                R,
                r#"{"RecommendationProviderRoleArn":"arn:aws:iam::123456789012:role/p2","RecommendationProviderUri":"arn:aws:personalize:us-east-1:123456789012:campaign/c2"}"#,
            ),
        ),
        case(
            "UpdateRecommenderConfiguration",
            "unknown",
            vec![],
            req("PUT", R, RECOMMENDER),
        ),
        case(
            "DeleteRecommenderConfiguration",
            "deleted",
            created(),
            req("DELETE", R, ""),
        ),
        case(
            "DeleteRecommenderConfiguration",
            "unknown",
            vec![],
            req("DELETE", R, ""),
        ),
    ]
}

pub(crate) fn cases() -> Vec<Case> {
    let mut all = settings();
    all.extend(tags());
    all.extend(recommenders());
    all
}
