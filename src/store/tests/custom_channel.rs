//! The custom channel without a network (docs/behaviour.md#custom-channel): the DeliveryUri
//! rules, the HEAD check of a new webhook, which members a custom run targets, and the POSTs of
//! a delivery, through a fake that records each call and answers as told.

use std::sync::Arc;

use parking_lot::Mutex;
use serde_json::{json, Value};

use super::campaigns::body;
use super::*;
use crate::store::engagement::campaigns::custom::{Custom, CustomOutcome, Sender, DEFAULT_TYPES};
use crate::store::engagement::campaigns::message::Ids;
use crate::store::engagement::segments::SegmentWrite;
use crate::store::messaging::messages::sent::SentFilter;
use crate::webhook::{WebhookAnswer, WebhookCall, Webhooks};

type Answer = Box<dyn Fn(&WebhookCall) -> Result<WebhookAnswer, String> + Send + Sync>;

/// Records every call and answers with `answer`.
pub(super) struct Fake {
    calls: Mutex<Vec<WebhookCall>>,
    answer: Mutex<Answer>,
}

impl Webhooks for Fake {
    fn call(&self, call: &WebhookCall) -> Result<WebhookAnswer, String> {
        self.calls.lock().push(call.clone());
        (self.answer.lock())(call)
    }
}

impl Fake {
    /// HEAD answered 200 with the account header of `account`; POST answered `post`.
    pub(super) fn new(account: &'static str, post: u16) -> Arc<Fake> {
        Arc::new(Fake {
            calls: Mutex::new(Vec::new()),
            answer: Mutex::new(Box::new(move |c| {
                Ok(match c.method {
                    "HEAD" => WebhookAnswer {
                        status: 200,
                        headers: vec![("x-amz-pinpoint-accountid".into(), account.into())],
                    },
                    _ => WebhookAnswer {
                        status: post,
                        headers: Vec::new(),
                    },
                })
            })),
        })
    }

    fn answer(
        &self,
        f: impl Fn(&WebhookCall) -> Result<WebhookAnswer, String> + Send + Sync + 'static,
    ) {
        *self.answer.lock() = Box::new(f);
    }

    pub(super) fn take(&self) -> Vec<WebhookCall> {
        std::mem::take(&mut *self.calls.lock())
    }
}

/// A store whose webhooks are `fake` (and the `--webhook-hosts` given), with a segment of
/// every endpoint.
pub(super) fn fixture(fake: &Arc<Fake>, hosts: &[&str]) -> (Store, String) {
    let options = StoreOptions {
        webhook_hosts: hosts.iter().map(|h| h.to_string()).collect(),
        ..Default::default()
    };
    let s = store_with(options).with_webhooks(fake.clone());
    s.put("seed", email("seed@x.com")).unwrap();
    let seg = SegmentWrite {
        dimensions: Some(serde_json::from_value(json!({"Demographic": {}})).unwrap()),
        ..Default::default()
    };
    let seg = s.create_segment(&scope(), APP, seg).unwrap();
    (s, seg.id)
}

/// A custom campaign on `seg` delivering to `uri`.
pub(super) fn custom(seg: &str, uri: &str) -> Value {
    json!({"Name": "c", "SegmentId": seg, "Schedule": {"StartTime": "2026-02-01T00:00:00Z"},
        "MessageConfiguration": {"CustomMessage": {"Data": "{\"hi\":1}"}},
        "CustomDeliveryConfiguration": {"DeliveryUri": uri}})
}

fn refused(r: StoreResult<impl std::fmt::Debug>, needle: &str) {
    match r {
        Err(StoreError::Invalid(m)) => assert!(m.contains(needle), "{m:?} lacks {needle:?}"),
        other => panic!("expected a 400 naming {needle:?}, got {other:?}"),
    }
}

fn campaign_count(s: &Store) -> usize {
    s.campaigns(&scope(), APP).unwrap().len()
}

#[test]
fn a_delivery_uri_is_a_lambda_an_https_url_or_http_on_a_host_the_emulator_calls() {
    let fake = Fake::new("000000000000", 200);
    let (s, seg) = fixture(&fake, &["hooks.test"]);
    let create = |uri: &str| s.create_campaign(&scope(), APP, body(custom(&seg, uri)));
    for ok in [
        "deliver",
        "arn:aws:lambda:us-east-1:123456789012:function:deliver",
        "https://example.com/hook",
        "https://localhost:8443/hook",
    ] {
        create(ok).unwrap();
        assert!(
            fake.take().is_empty(),
            "{ok}: Lambdas and https:// are never called"
        );
    }
    for (bad, says) in [
        ("http://example.com/hook", "https://"),
        ("https://example.com/a b", "not allowed"),
        ("https://example.com/hook?a=1&b=2", "not allowed"),
        ("https://example.com:0/", "full URL"),
        ("ftp://example.com/", "full URL"),
        (
            "arn:aws:sns:us-east-1:123456789012:t",
            "Lambda function ARN",
        ),
    ] {
        refused(create(bad), says);
    }
    // A treatment's DeliveryUri follows the same rules, and its CustomMessage needs one.
    let mut b = custom(&seg, "deliver");
    b["AdditionalTreatments"] = json!([{"SizePercent": 10,
        "CustomDeliveryConfiguration": {"DeliveryUri": "http://example.com/"}}]);
    refused(
        s.create_campaign(&scope(), APP, body(b)),
        "AdditionalTreatments[0].CustomDeliveryConfiguration.DeliveryUri",
    );
    let mut b = json!({"Name": "c", "SegmentId": seg, "Schedule": {"StartTime": "IMMEDIATE"},
        "MessageConfiguration": {"SMSMessage": {"Body": "x"}}});
    b["AdditionalTreatments"] =
        json!([{"SizePercent": 10, "MessageConfiguration": {"CustomMessage": {"Data": "x"}}}]);
    refused(
        s.create_campaign(&scope(), APP, body(b)),
        "AdditionalTreatments[0].CustomDeliveryConfiguration",
    );
    assert_eq!(campaign_count(&s), 4);
    // http:// on a --webhook-hosts host is called, as on a loopback one.
    create("http://HOOKS.test:8080/in#x").unwrap();
    let calls = fake.take();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (
            calls[0].method,
            calls[0].host.as_str(),
            calls[0].port,
            calls[0].target.as_str()
        ),
        ("HEAD", "hooks.test", 8080, "/in")
    );
}

#[test]
fn a_webhook_must_answer_head_with_the_account_or_nothing_is_stored() {
    let fake = Fake::new("000000000000", 200);
    let (s, seg) = fixture(&fake, &[]);
    let create = |uri: &str| s.create_campaign(&scope(), APP, body(custom(&seg, uri)));
    fake.answer(|_| Err("connection refused".into()));
    refused(
        create("http://127.0.0.1:9/hook"),
        "did not answer HEAD within 5 seconds",
    );
    fake.answer(|_| {
        Ok(WebhookAnswer {
            status: 200,
            headers: vec![],
        })
    });
    refused(
        create("http://localhost:9/hook"),
        "X-Amz-Pinpoint-AccountId: 000000000000",
    );
    fake.answer(|_| {
        Ok(WebhookAnswer {
            status: 200,
            headers: vec![("X-Amz-Pinpoint-AccountId".into(), "111111111111".into())],
        })
    });
    refused(create("http://[::1]:9/hook"), "it sent \"111111111111\"");
    assert_eq!(campaign_count(&s), 0);
    let calls = fake.take();
    assert_eq!(calls.len(), 3);
    assert!(calls
        .iter()
        .all(|c| c.method == "HEAD" && c.timeout.as_secs() == 5));
    assert_eq!(calls[2].host, "[::1]");

    // An update checks a URL it changes, and only then.
    let fake = Fake::new("000000000000", 200);
    let (s, seg) = fixture(&fake, &[]);
    let id = s
        .create_campaign(&scope(), APP, body(custom(&seg, "http://127.0.0.1:9/a")))
        .unwrap()
        .id;
    assert_eq!(fake.take().len(), 1);
    let update = |v: Value| s.update_campaign(&scope(), APP, &id, body(v));
    update(json!({"Name": "renamed"})).unwrap();
    update(
        json!({"CustomDeliveryConfiguration": {"DeliveryUri": "http://127.0.0.1:9/a",
        "EndpointTypes": ["CUSTOM"]}}),
    )
    .unwrap();
    assert!(fake.take().is_empty(), "the same URL is not checked again");
    fake.answer(|_| Err("no answer in time".into()));
    let r = update(json!({"CustomDeliveryConfiguration": {"DeliveryUri": "http://127.0.0.1:9/b"}}));
    refused(r, "did not answer HEAD");
    assert_eq!(fake.take().len(), 1);
    let (c, _) = s.campaign(&scope(), APP, &id).unwrap();
    assert_eq!(
        c.versions.latest().0,
        3,
        "the refused update stored nothing"
    );
}

/// `n` endpoints `c00`… of channel `ct`, in the fixture's segment.
pub(super) fn endpoints(s: &Store, n: usize, ct: ChannelType) {
    for i in 0..n {
        let mut p = email(&format!("u{i}@x.com"));
        p.channel_type = Some(ct);
        p.address = Some(format!("addr-{i}"));
        p.attributes = Some(attrs(&[("plan", &["gold"])]));
        p.metrics = Some([("score".to_string(), 2.0)].into_iter().collect());
        let p = if i == 0 { with_user(p, "u") } else { p };
        s.put(&format!("c{i:02}"), p).unwrap();
    }
}

fn ids<'a>() -> Ids<'a> {
    Ids {
        campaign: "camp",
        treatment: "0",
        activity: "act",
    }
}

fn deliver(s: &Store, uri: &str, targeted: &[String]) -> Vec<CustomOutcome> {
    let custom = Custom {
        uri: uri.to_string(),
        types: ["CUSTOM"].into_iter().collect(),
        data: Some("{\"hi\":1}".to_string()),
    };
    s.deliver_custom(
        &scope(),
        APP,
        &Sender::Campaign(&ids()),
        &custom,
        targeted,
        "req-9",
    )
}

#[test]
fn a_run_posts_batches_of_fifty_in_endpoint_id_order_and_logs_each_success() {
    let fake = Fake::new("000000000000", 202);
    let (s, _) = fixture(&fake, &[]);
    endpoints(&s, 55, ChannelType::CUSTOM);
    let targeted: Vec<String> = (0..55).map(|i| format!("c{i:02}")).collect();
    let out = deliver(&s, "http://127.0.0.1:7000/in?k", &targeted);
    assert_eq!(out.len(), 55);
    assert!(out.iter().all(|o| o.success && o.message_id.is_some()));
    let calls = fake.take();
    let bodies: Vec<Value> = calls
        .iter()
        .map(|c| {
            assert_eq!((c.method, c.target.as_str()), ("POST", "/in?k"));
            assert_eq!(c.timeout.as_secs(), 10);
            let (ct, b) = c.body.as_ref().unwrap();
            assert_eq!(*ct, "application/json");
            serde_json::from_slice(b).unwrap()
        })
        .collect();
    let sizes: Vec<usize> = bodies
        .iter()
        .map(|b| b["Endpoints"].as_object().unwrap().len())
        .collect();
    assert_eq!(sizes, [50, 5]);
    let first = &bodies[0];
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 8, "{keys:?}");
    assert_eq!(first["Message"], json!({}));
    assert_eq!(first["Data"], json!("{\"hi\":1}"));
    assert_eq!(first["ApplicationId"], APP);
    assert_eq!(first["CampaignId"], "camp");
    assert_eq!(first["TreatmentId"], "0");
    assert_eq!(first["ActivityId"], "act");
    assert_eq!(first["ScheduledTime"], "2026-01-01T00:00:00.000Z");
    let e0 = &first["Endpoints"]["c00"];
    assert_eq!(e0["Address"], "addr-0");
    assert_eq!(e0["ChannelType"], "CUSTOM");
    assert_eq!(e0["EndpointStatus"], "ACTIVE");
    assert_eq!(e0["OptOut"], "NONE");
    assert_eq!(e0["Metrics"], json!({"score": 2}));
    assert_eq!(e0["User"], json!({"UserId": "u"}));
    assert_eq!(e0["Attributes"]["plan"], json!(["gold"]));
    let cohort = s.get("c00").cohort_id.to_string();
    assert_eq!(e0["Attributes"]["CohortId"], json!([cohort]));
    for gone in ["Id", "ApplicationId", "CohortId"] {
        assert!(e0.get(gone).is_none(), "{gone} is left out");
    }
    assert!(bodies[1]["Endpoints"].get("c50").is_some());

    let (log, _) = s.sent.query(&SentFilter::default());
    assert_eq!(log.len(), 55);
    let m = &log[0];
    assert_eq!(
        (&*m.channel, &*m.operation, m.endpoint_id.as_deref()),
        ("CUSTOM", "Campaign", Some("c00"))
    );
    assert_eq!(m.address, "addr-0");
    assert_eq!(m.context["CampaignActivityId"], "act");
    assert_eq!(serde_json::to_value(&m.data).unwrap(), json!({"hi": 1}));
    assert_eq!(
        serde_json::to_value(&m.settings).unwrap(),
        json!({"DeliveryUri": "http://127.0.0.1:7000/in?k", "EndpointType": "CUSTOM",
            "Invoked": true, "HttpStatus": 202})
    );
    assert_eq!(log[54].endpoint_id.as_deref(), Some("c54"));
}

#[test]
fn a_refused_or_unanswered_batch_fails_and_a_lambda_is_never_called() {
    let fake = Fake::new("000000000000", 500);
    let (s, _) = fixture(&fake, &[]);
    endpoints(&s, 3, ChannelType::EMAIL);
    let targeted: Vec<String> = (0..3).map(|i| format!("c{i:02}")).collect();
    let out = deliver(&s, "http://localhost:7000/", &targeted);
    assert!(out.iter().all(|o| !o.success && o.message_id.is_none()));
    fake.answer(|_| Err("no answer in time".into()));
    assert!(deliver(&s, "http://localhost:7000/", &targeted)
        .iter()
        .all(|o| !o.success));
    assert_eq!(fake.take().len(), 2, "one POST each, no retry");
    assert!(s.sent.query(&SentFilter::default()).0.is_empty());

    // A Lambda, an https:// URL and a host the emulator may not call: no call, each a success.
    for uri in [
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        "https://127.0.0.1/h",
        "http://elsewhere.test/h",
    ] {
        let out = deliver(&s, uri, &targeted);
        assert!(out.iter().all(|o| o.success), "{uri}");
    }
    assert!(fake.take().is_empty());
    let (log, _) = s.sent.query(&SentFilter::default());
    assert_eq!(log.len(), 9);
    assert_eq!(
        serde_json::to_value(&log[0].settings).unwrap(),
        json!({"DeliveryUri": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "EndpointType": "EMAIL", "Invoked": false})
    );
}

#[test]
fn endpoint_types_pick_the_members_and_no_channel_needs_enabling() {
    let fake = Fake::new("000000000000", 200);
    let (s, _) = fixture(&fake, &[]);
    let custom = |types: &[&'static str]| Custom {
        uri: "deliver".to_string(),
        types: if types.is_empty() {
            DEFAULT_TYPES.iter().map(|t| t.as_str()).collect()
        } else {
            types.iter().copied().collect()
        },
        data: None,
    };
    // An EMAIL endpoint, the email channel not enabled.
    s.put("email", email("a@x.com")).unwrap();
    let mut p = email("c@x.com");
    p.opt_out = Some(OptOut::ALL);
    s.put("opted-out", p).unwrap();
    let mut p = email("d@x.com");
    p.channel_type = Some(ChannelType::IN_APP);
    s.put("in-app", p).unwrap();
    let judge = |id: &str, c: &Custom| s.custom_exclusion(&scope(), &s.get(id), c);
    let all = custom(&[]);
    assert_eq!(judge("email", &all), None);
    assert_eq!(judge("opted-out", &all), Some("ENDPOINT_OPT_OUT"));
    assert_eq!(judge("in-app", &all), Some("ENDPOINT_CHANNEL_MISMATCH"));
    let sms_only = custom(&["SMS"]);
    assert_eq!(judge("email", &sms_only), Some("ENDPOINT_CHANNEL_MISMATCH"));
    assert_eq!(DEFAULT_TYPES.len(), 11);
}
