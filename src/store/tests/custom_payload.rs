//! The custom channel's webhook payload (docs/behaviour.md#custom-channel) pinned as the exact
//! bytes POSTed: each endpoint as GetEndpoint answers it, without Id, ApplicationId and
//! CohortId, its cohort as the attribute CohortId, whole metrics without a fraction.

use super::custom_channel::{fixture, Fake};
use super::*;
use crate::store::engagement::campaigns::custom::{Custom, Sender};

#[test]
fn the_payload_of_a_full_endpoint_is_pinned_byte_for_byte() {
    let fake = Fake::new("000000000000", 202);
    let (s, _) = fixture(&fake, &[]);
    let mut p = with_user(email("addr"), "u1");
    p.channel_type = Some(ChannelType::CUSTOM);
    p.attributes = Some(attrs(&[("plan", &["gold", "b"]), ("a", &["1"])]));
    p.user.as_mut().unwrap().user_attributes = Some(attrs(&[("name", &["Ana"])]));
    p.metrics = Some(
        [("score".to_string(), 2.0), ("avg".to_string(), 1.5)]
            .into_iter()
            .collect(),
    );
    p.demographic = Some(Demographic {
        platform: Some("ios".into()),
        locale: Some("en_US".into()),
        ..Default::default()
    });
    p.location = Some(Location {
        city: Some("Seattle".into()),
        latitude: Some(47.6),
        longitude: Some(-122.0),
        ..Default::default()
    });
    s.put("Full", p).unwrap();
    s.put("bare", Default::default()).unwrap();
    let custom = Custom {
        uri: "http://127.0.0.1:7000/in".to_string(),
        types: ["CUSTOM"].into_iter().collect(),
        data: Some("free text".to_string()),
    };
    let sender = Sender::Journey {
        journey: "j",
        run: "r",
        activity: "a",
    };
    let targeted = ["Full".to_string(), "bare".to_string()];
    s.deliver_custom(&scope(), APP, &sender, &custom, &targeted, "req");
    let calls = fake.take();
    let post = calls.iter().find(|c| c.method == "POST").unwrap();
    let body = String::from_utf8(post.body.as_ref().unwrap().1.clone()).unwrap();
    let want = concat!(
        r#"{"Message":{},"Data":"free text","ApplicationId":"0123456789abcdef0123456789abcd"#,
        r#"ef","JourneyId":"j","JourneyRunId":"r","ActivityId":"a","ScheduledTime":"2026-01"#,
        r#"-01T00:00:00.000Z","Endpoints":{"Full":{"Address":"addr","Attributes":{"CohortId"#,
        r#"":["31"],"a":["1"],"plan":["gold","b"]},"ChannelType":"CUSTOM","CreationDate":"2"#,
        r#"026-01-01T00:00:00.000Z","Demographic":{"Locale":"en_US","Platform":"ios"},"Effe"#,
        r#"ctiveDate":"2026-01-01T00:00:00.000Z","EndpointStatus":"ACTIVE","Location":{"Cit"#,
        r#"y":"Seattle","Latitude":47.6,"Longitude":-122.0},"Metrics":{"avg":1.5,"score":2}"#,
        r#","OptOut":"NONE","RequestId":"req-1","User":{"UserAttributes":{"name":["Ana"]},""#,
        r#"UserId":"u1"}},"bare":{"Attributes":{"CohortId":["6"]},"CreationDate":"2026-01-0"#,
        r#"1T00:00:00.000Z","EffectiveDate":"2026-01-01T00:00:00.000Z","EndpointStatus":"AC"#,
        r#"TIVE","OptOut":"ALL","RequestId":"req-1","User":{}}}}"#,
    );
    assert_eq!(body, want);
}
