//! The test clock of a scope and the work it runs (docs/behaviour.md#test-clock,
//! docs/behaviour.md#due-work): dates read the scope's clock, an advance processes what falls
//! due in time order at each piece's due time, and a frozen scope runs nothing by wall time.

use std::sync::Arc;

use serde_json::json;

use super::campaigns::{campaign, shop, w};
use super::*;
use crate::clock::{ClockError, ManualClock};
use crate::store::engagement::due::Ran;
use crate::store::messaging::messages::otp::OtpRequest;
use crate::time::{format_iso, parse_iso8601};

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_iso8601(s).unwrap()
}

fn other() -> Scope {
    Scope {
        account: "111111111111".into(),
        region: scope().region,
    }
}

#[test]
fn dates_the_store_writes_read_the_scope_clock() {
    let s = store();
    s.clocks()
        .freeze(
            &scope().account,
            &scope().region,
            at("2030-01-01T00:00:00Z"),
        )
        .unwrap();
    s.put("e1", email("a@x.com")).unwrap();
    let e = s.get_endpoint(&scope(), APP, "e1").unwrap();
    assert_eq!(
        e.endpoint.effective_date().to_string(),
        "2030-01-01T00:00:00.000Z"
    );
    assert_eq!(
        s.now_iso(&other()),
        "2026-01-01T00:00:00.000Z",
        "scopes never share"
    );
}

#[test]
fn an_advance_runs_each_daily_run_at_its_own_time_and_stops_at_end_time() {
    let clock = Arc::new(ManualClock::default());
    let (s, seg) = shop(clock);
    let c = s
        .create_campaign(
            &scope(),
            APP,
            w(campaign(
                &seg,
                json!({"StartTime": "2026-01-01T10:00:00Z", "Frequency": "DAILY",
                       "EndTime": "2026-01-03T12:00:00Z"}),
            )),
        )
        .unwrap();
    let ran = s
        .advance_clock(&scope(), at("2026-01-01T09:00:00Z"))
        .unwrap();
    assert_eq!(ran, Ran::default(), "nothing is due before the first run");
    let ran = s
        .advance_clock(&scope(), at("2026-01-10T00:00:00Z"))
        .unwrap();
    assert_eq!((ran.campaign_runs, ran.messages), (3, 3));
    let (log, _) = s.sent.query(&Default::default());
    let sent: Vec<&str> = log.iter().map(|m| &*m.sent_at).collect();
    assert_eq!(
        sent,
        [
            "2026-01-01T10:00:00.000Z",
            "2026-01-02T10:00:00.000Z",
            "2026-01-03T10:00:00.000Z"
        ]
    );
    assert_eq!(s.now_iso(&scope()), "2026-01-10T00:00:00.000Z");
    let (c, _) = s.campaign(&scope(), APP, &c.id).unwrap();
    assert_eq!(c.activities.len(), 3);
    assert_eq!(c.activities[2].scheduled_start, "2026-01-03T10:00:00.000Z");
}

#[test]
fn an_advance_refuses_to_go_back_and_moves_nothing() {
    let s = store();
    s.clocks()
        .freeze(
            &scope().account,
            &scope().region,
            at("2030-01-01T00:00:00Z"),
        )
        .unwrap();
    let e = s
        .advance_clock(&scope(), at("2029-12-31T00:00:00Z"))
        .unwrap_err();
    assert!(matches!(e, ClockError::Earlier { .. }));
    assert_eq!(s.now_iso(&scope()), "2030-01-01T00:00:00.000Z");
    s.advance_clock(&scope(), at("2030-01-01T00:00:00Z"))
        .unwrap();
}

#[test]
fn a_frozen_scope_runs_nothing_by_wall_time_and_the_run_route_runs_it_in_place() {
    let clock = Arc::new(ManualClock::default());
    let (s, seg) = shop(clock.clone());
    s.clocks()
        .freeze(
            &scope().account,
            &scope().region,
            at("2026-01-01T00:00:00Z"),
        )
        .unwrap();
    s.create_campaign(
        &scope(),
        APP,
        w(campaign(&seg, json!({"StartTime": "IMMEDIATE"}))),
    )
    .unwrap();
    clock.advance(chrono::Duration::days(1));
    assert_eq!(
        s.run_due_everywhere(true),
        Ran::default(),
        "frozen: wall time does nothing"
    );
    let ran = s.run_due_everywhere(false);
    assert_eq!((ran.campaign_runs, ran.messages), (1, 1));
    let (log, _) = s.sent.query(&Default::default());
    assert_eq!(&*log[0].sent_at, "2026-01-01T00:00:00.000Z");
    assert_eq!(
        s.now_iso(&scope()),
        "2026-01-01T00:00:00.000Z",
        "the run moves no clock"
    );
}

#[test]
fn a_code_expires_when_the_clock_reaches_its_expiry() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    s.update_channel(
        &scope(),
        APP,
        crate::store::messaging::channels::ChannelKind::SMS,
        crate::store::messaging::channels::ChannelPatch {
            enabled: Some(true),
            settings: Default::default(),
        },
    )
    .unwrap();
    let start = at("2030-01-01T00:00:00Z");
    s.clocks()
        .freeze(&scope().account, &scope().region, start)
        .unwrap();
    let req = OtpRequest {
        brand_name: Some("B".into()),
        channel: Some("SMS".into()),
        destination_identity: Some("+12065550100".into()),
        origination_identity: Some("+18005550100".into()),
        reference_id: Some("login".into()),
        validity_period: Some(5),
        ..Default::default()
    };
    let verify = |code: &str| {
        s.verify_otp(
            &scope(),
            APP,
            Some("+12065550100"),
            Some(code),
            Some("login"),
        )
        .unwrap()
    };
    s.send_otp(&scope(), APP, &req, "r").unwrap();
    s.advance_clock(&scope(), start + chrono::Duration::minutes(4))
        .unwrap();
    assert!(verify("000001"), "valid before it expires");
    s.send_otp(&scope(), APP, &req, "r").unwrap();
    let sent = s.now(&scope());
    s.advance_clock(&scope(), sent + chrono::Duration::minutes(5))
        .unwrap();
    assert!(!verify("000002"), "invalid from the instant it expires");
    assert_eq!(format_iso(s.now(&scope())), "2030-01-01T00:09:00.000Z");
}

#[test]
fn the_reset_returns_every_scope_to_system_time() {
    let s = store();
    s.clocks()
        .freeze(
            &other().account,
            &other().region,
            at("2030-01-01T00:00:00Z"),
        )
        .unwrap();
    s.reset();
    assert!(!s.clocks().is_frozen(&other().account, &other().region));
}
