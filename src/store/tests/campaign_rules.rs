//! What CreateCampaign and UpdateCampaign refuse beyond the basics, and what a campaign
//! answers about its treatments (docs/behaviour.md#campaign-validation,
//! docs/behaviour.md#campaign-versions).

use std::sync::Arc;

use serde_json::json;

use super::campaigns::{campaign, shop};
use super::*;

#[test]
fn default_state_belongs_only_to_a_campaign_with_several_treatments() {
    let (s, seg) = shop(Arc::default());
    let one = s
        .create_campaign(
            &scope(),
            APP,
            campaign(&seg, json!({"StartTime": "IMMEDIATE"})),
            Default::default(),
        )
        .unwrap();
    assert_eq!(one.latest().1.treatments(), 1);
    let mut ab = campaign(&seg, json!({"StartTime": "IMMEDIATE"}));
    ab.insert(
        "AdditionalTreatments".into(),
        json!([{"SizePercent": 30}, {"SizePercent": 20}]),
    );
    let ab = s
        .create_campaign(&scope(), APP, ab, Default::default())
        .unwrap();
    assert_eq!(ab.latest().1.treatments(), 3);
    let response = crate::dto::campaigns::campaign_response;
    let (c, st) = s.campaign(&scope(), APP, &one.id).unwrap();
    let plain = response(&scope(), APP, &c, 1, st);
    assert!(plain.get("DefaultState").is_none(), "{plain}");
    assert_eq!(plain["State"], json!({"CampaignStatus": "COMPLETED"}));
    let (c, st) = s.campaign(&scope(), APP, &ab.id).unwrap();
    let split = response(&scope(), APP, &c, 1, st);
    assert_eq!(
        split["DefaultState"],
        json!({"CampaignStatus": "COMPLETED"})
    );
}
