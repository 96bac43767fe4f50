//! A whole custom campaign run without a network (docs/behaviour.md#custom-channel): the
//! members EndpointTypes picks, the POST a run makes through the fake webhooks, the activity,
//! the `_campaign.send` records and the sent log.

use serde_json::{json, Value};

use super::campaigns::body;
use super::custom_channel::{custom, endpoints, fixture, Fake};
use super::*;
use crate::store::messaging::messages::sent::SentFilter;

#[test]
fn a_custom_campaign_run_posts_its_targeted_members_and_records_custom_sends() {
    let fake = Fake::new("000000000000", 200);
    let (s, seg) = fixture(&fake, &[]);
    endpoints(&s, 3, ChannelType::CUSTOM);
    let mut p = email("sms@x.com");
    p.channel_type = Some(ChannelType::SMS);
    p.address = Some("+12065550100".into());
    s.put("sms", p).unwrap();
    let mut b = custom(&seg, "http://127.0.0.1:7000/in");
    b["CustomDeliveryConfiguration"]["EndpointTypes"] = json!(["CUSTOM", "EMAIL"]);
    let id = s.create_campaign(&scope(), APP, body(b)).unwrap().id;
    assert_eq!(fake.take()[0].method, "HEAD");
    let to = crate::time::parse_iso8601("2026-02-02T00:00:00Z").unwrap();
    s.advance_clock(&scope(), to).unwrap();
    let posts = fake.take();
    assert_eq!(posts.len(), 1);
    let payload: Value = serde_json::from_slice(&posts[0].body.as_ref().unwrap().1).unwrap();
    let (c, _) = s.campaign(&scope(), APP, &id).unwrap();
    let a = &c.activities[0];
    assert_eq!(payload["ActivityId"], a.id.as_str());
    assert_eq!(payload["CampaignId"], id.as_str());
    assert_eq!(payload["ScheduledTime"], "2026-02-01T00:00:00.000Z");
    let got: Vec<&String> = payload["Endpoints"].as_object().unwrap().keys().collect();
    // The seed EMAIL endpoint and the CUSTOM ones; the SMS one is not among EndpointTypes.
    assert_eq!(got, ["c00", "c01", "c02", "seed"]);
    assert_eq!(
        (a.total_endpoint_count, a.successful_endpoint_count),
        (4, 4)
    );
    assert_eq!(a.execution_metrics["ENDPOINT_CHANNEL_MISMATCH"], 1);
    let sends: Vec<Value> = s
        .events
        .query(&Default::default())
        .0
        .iter()
        .map(|e| serde_json::to_value(&**e).unwrap())
        .filter(|e| e["Event"]["EventType"] == "_campaign.send")
        .collect();
    assert_eq!(sends.len(), 4);
    assert!(sends
        .iter()
        .all(|e| e["Event"]["Attributes"]["delivery_type"] == "CUSTOM"
            && e["Event"]["Attributes"]["campaign_send_status"] == "SUCCESS"));
    let (log, _) = s.sent.query(&SentFilter::default());
    assert_eq!(log.len(), 4);
    assert_eq!(log[3].settings.endpoint_type.as_deref(), Some("EMAIL"));
}
