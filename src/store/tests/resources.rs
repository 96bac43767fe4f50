//! Settings, tags, recommenders, jobs and KPIs without HTTP (docs/behaviour.md#application-settings,
//! #tags, #recommenders, #jobs, #kpis).

use chrono::{Duration, TimeZone, Utc};

use super::messages::{config, messaging_store, to_endpoints};
use super::*;
use crate::store::engagement::kpis::{date_range, valid_kpi_name, KpiSubject};
use crate::store::engagement::settings::{CampaignLimits, QuietTime, SettingsWrite};
use crate::store::resources::jobs::{
    ExportJobDefinition, ImportJobDefinition, ImportRecord, Piece,
};
use crate::store::resources::recommenders::{self, RecommenderWrite};
use crate::store::resources::tags_by_arn::{parse_arn, Resource};

#[test]
fn settings_are_replaced_member_by_member_and_bad_ones_change_nothing() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let fresh = s.settings(&scope(), APP).unwrap();
    assert_eq!(fresh.limits, CampaignLimits::default());
    let limits = SettingsWrite {
        limits: Some(CampaignLimits {
            daily: Some(5),
            ..Default::default()
        }),
        ..Default::default()
    };
    s.update_settings(&scope(), APP, limits).unwrap();
    let quiet = SettingsWrite {
        quiet_time: Some(QuietTime {
            start: Some("22:00".into()),
            end: Some("07:00".into()),
        }),
        ..Default::default()
    };
    let both = s.update_settings(&scope(), APP, quiet).unwrap();
    assert_eq!(both.limits.daily, Some(5));
    assert_eq!(both.quiet_time.start.as_deref(), Some("22:00"));
    for bad in ["24:00", "7:00", "07:60", "ab:cd", "07:000"] {
        let w = SettingsWrite {
            quiet_time: Some(QuietTime {
                start: Some(bad.into()),
                end: None,
            }),
            ..Default::default()
        };
        assert!(s.update_settings(&scope(), APP, w).is_err(), "{bad}");
    }
    assert_eq!(s.settings(&scope(), APP).unwrap(), both);
}

#[test]
fn arns_name_the_taggable_resources() {
    let (sc, r) =
        parse_arn("arn:aws:mobiletargeting:eu-west-1:123456789012:apps/a1/segments/s1").unwrap();
    assert_eq!(
        (sc.region.as_str(), sc.account.as_str()),
        ("eu-west-1", "123456789012")
    );
    assert_eq!(r, Resource::Segment("a1".into(), "s1".into()));
    let (_, t) = parse_arn("arn:aws:mobiletargeting:us-east-1:1:templates/welcome/EMAIL").unwrap();
    assert_eq!(
        t,
        Resource::Template(
            "welcome".into(),
            crate::store::messaging::templates::TemplateKind::EMAIL
        )
    );
    for bad in [
        "",
        "arn:aws:s3:::bucket",
        "arn:aws:mobiletargeting:us-east-1:1:apps/",
        "arn:aws:mobiletargeting:us-east-1:1:apps/a/endpoints/e",
        "arn:aws:mobiletargeting:us-east-1:1:templates/t/FAX",
        "arn:aws:mobiletargeting::1:apps/a",
    ] {
        assert!(parse_arn(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn tags_merge_check_the_whole_and_follow_their_resource() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let arn = scope().app_arn(APP);
    let tags = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    s.tag_resource(&scope(), &arn, tags(&[("a", "1"), ("b", "2")]))
        .unwrap();
    s.tag_resource(&scope(), &arn, tags(&[("a", "one")]))
        .unwrap();
    assert_eq!(
        s.list_tags(&scope(), &arn).unwrap(),
        tags(&[("a", "one"), ("b", "2")])
    );
    // 49 more would make 51: refused whole.
    let many: BTreeMap<String, String> = (0..49).map(|i| (format!("k{i}"), "v".into())).collect();
    assert!(s.tag_resource(&scope(), &arn, many).is_err());
    assert_eq!(s.list_tags(&scope(), &arn).unwrap().len(), 2);
    s.untag_resource(&scope(), &arn, &["a".into(), "zz".into()])
        .unwrap();
    assert_eq!(
        s.app(&scope(), APP).unwrap().info().tags,
        tags(&[("b", "2")])
    );
    s.delete_app(&scope(), APP).unwrap();
    assert_eq!(s.list_tags(&scope(), &arn), Err(StoreError::AppNotFound));
}

fn recommender(uri: &str) -> RecommenderWrite {
    RecommenderWrite {
        recommendation_provider_role_arn: Some("arn:aws:iam::1:role/r".into()),
        recommendation_provider_uri: Some(uri.into()),
        ..Default::default()
    }
}

#[test]
fn recommenders_are_per_scope_with_a_quota_and_full_replace() {
    let s = store();
    let good = "arn:aws:personalize:us-east-1:1:campaign/c";
    let r = s.create_recommender(&scope(), recommender(good)).unwrap();
    assert_eq!(r.recommendations_per_message, 5);
    let named = RecommenderWrite {
        name: Some("picks".into()),
        ..recommender(good)
    };
    s.update_recommender(&scope(), &r.id, named).unwrap();
    let replaced = s
        .update_recommender(&scope(), &r.id, recommender(good))
        .unwrap();
    assert_eq!(
        (replaced.name, replaced.creation_date),
        (None, r.creation_date)
    );
    assert!(s
        .create_recommender(&scope(), recommender("arn:aws:lambda:x"))
        .is_err());
    for _ in 1..recommenders::MAX_RECOMMENDERS {
        s.create_recommender(&scope(), recommender(good)).unwrap();
    }
    let over = s
        .create_recommender(&scope(), recommender(good))
        .unwrap_err();
    assert!(matches!(over, StoreError::LimitExceeded(_)), "{over:?}");
    let other = Scope {
        region: "eu-west-1".into(),
        ..scope()
    };
    assert!(s.recommenders(&other).is_empty());
    assert_eq!(s.recommender(&other, &r.id), Err(StoreError::NotFound));
}

fn import(format: &str, define: bool) -> ImportJobDefinition {
    ImportJobDefinition {
        format: format.into(),
        s3_url: "s3://b/k".into(),
        role_arn: "arn:aws:iam::1:role/r".into(),
        define_segment: define.then_some(true),
        segment_name: define.then(|| "imported".into()),
        ..Default::default()
    }
}

#[test]
fn an_import_applies_each_line_on_its_own_and_defines_its_segment() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    let lines = vec![
        (
            1,
            Ok(ImportRecord::Endpoint(Some("ok".into()), email("ok@x.com"))),
        ),
        (2, Err("not JSON".to_string())),
        (3, Ok(ImportRecord::Endpoint(None, email("new@x.com")))),
        (
            4,
            Ok(ImportRecord::Endpoint(None, EndpointPatch::default())),
        ),
    ];
    let job = s
        .create_import_job(&scope(), APP, import("JSON", true), "req", |_| {
            Some(vec![Piece {
                name: "s3://b/k".into(),
                lines: Ok(Box::new(lines.into_iter())),
            }])
        })
        .unwrap();
    assert_eq!(
        (
            job.job_status.as_str(),
            job.total_processed,
            job.total_failures
        ),
        ("COMPLETED", 2, 2)
    );
    assert!(job.failures[1].contains("line 4") && job.failures[1].contains("Address"));
    let seg_id = job.segment_id().unwrap().to_string();
    let members = s.segment_members(&scope(), APP, &seg_id, None).unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(
        s.segment(&scope(), APP, &seg_id)
            .unwrap()
            .import
            .unwrap()
            .size,
        2
    );
    // A second job that redefines the segment gives it a new version.
    let again = ImportJobDefinition {
        segment_id: Some(seg_id.clone()),
        ..import("JSON", true)
    };
    s.create_import_job(&scope(), APP, again, "req", |_| None)
        .unwrap();
    assert_eq!(s.segment(&scope(), APP, &seg_id).unwrap().versions.len(), 2);
    // Bad definitions are refused before anything is read.
    for bad in [
        import("XML", false),
        ImportJobDefinition {
            role_arn: String::new(),
            ..import("CSV", false)
        },
    ] {
        let e = s
            .create_import_job(&scope(), APP, bad, "req", |_| panic!("read"))
            .unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    }
    assert_eq!(s.jobs(&scope(), APP, "IMPORT", None).unwrap().len(), 2);
}

#[test]
fn an_export_hands_the_members_to_the_writer_and_records_its_failure() {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    s.put("e2", email("b@x.com")).unwrap();
    let d = ExportJobDefinition {
        role_arn: "arn:aws:iam::1:role/r".into(),
        s3_url_prefix: "s3://b/p/".into(),
        ..Default::default()
    };
    let job = s
        .create_export_job(&scope(), APP, d.clone(), |_, pick| {
            assert_eq!(pick.picked(), 2);
            let mut ids = Vec::new();
            let n = pick.each(|ep| {
                ids.push(ep.endpoint.id.clone());
                Ok(())
            })?;
            assert_eq!(ids, ["e1", "e2"], "in the order they were made");
            Ok(Some((1, n)))
        })
        .unwrap();
    assert_eq!(
        (job.job_status.as_str(), job.total_processed),
        ("COMPLETED", 2)
    );
    let failed = s
        .create_export_job(&scope(), APP, d, |_, _| Err("disk full".into()))
        .unwrap();
    assert_eq!(
        (failed.job_status.as_str(), failed.failures.clone()),
        ("FAILED", vec!["disk full".to_string()])
    );
    assert_eq!(s.job(&scope(), APP, "EXPORT", &job.id).unwrap(), job);
    assert_eq!(
        s.job(&scope(), APP, "IMPORT", &job.id),
        Err(StoreError::NotFound)
    );
}

#[test]
fn kpi_names_and_date_ranges_are_checked() {
    for good in ["unique-deliveries", "txn-sms-sent", "a-1"] {
        assert!(valid_kpi_name(good), "{good}");
    }
    for bad in ["deliveries", "Unique-deliveries", "a--b", "-a-b", "a_b-c"] {
        assert!(!valid_kpi_name(bad), "{bad}");
    }
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let (from, to) = date_range(now, None, None).unwrap();
    assert_eq!((to, to - from), (now, Duration::days(31)));
    assert!(date_range(
        now,
        Some("2026-11-01T00:00:00Z"),
        Some("2026-12-01T00:00:00Z")
    )
    .is_ok());
    assert!(date_range(
        now,
        Some("2026-10-01T00:00:00Z"),
        Some("2026-11-02T00:00:00Z")
    )
    .is_err());
    assert!(date_range(
        now,
        Some("2026-11-20T00:00:00Z"),
        Some("2026-11-10T00:00:00Z")
    )
    .is_err());
    assert!(date_range(
        now,
        Some("2026-09-02T12:00:00Z"),
        Some("2026-09-03T00:00:00Z")
    )
    .is_err());
    assert!(date_range(
        now,
        Some("2026-09-02T12:00:01Z"),
        Some("2026-09-03T00:00:00Z")
    )
    .is_ok());
}

#[test]
fn kpis_count_the_sent_log_of_their_subject() {
    let s = messaging_store(Default::default());
    let kpi = |name: &str| {
        s.kpi(&scope(), APP, KpiSubject::App, name, None, None)
            .unwrap()
            .rows
    };
    assert!(kpi("successful-deliveries").is_empty());
    let m = config(serde_json::json!({"SMSMessage": {"Body": "hi"}}));
    to_endpoints(&s, &m, &["e1"]).unwrap();
    to_endpoints(&s, &m, &["e1"]).unwrap();
    // Direct sends are not campaign deliveries (docs/behaviour.md#kpis-from-events).
    assert!(kpi("successful-deliveries").is_empty() && kpi("unique-deliveries").is_empty());
    assert_eq!(kpi("txn-sms-sent")[0].values[0].key, "TxnSmsSent");
    assert_eq!(kpi("txn-sms-sent")[0].values[0].value, "2.0");
    let by_date = kpi("txn-sms-sent-grouped-by-date");
    assert_eq!(by_date[0].grouped_bys[0].value, "2026-01-01");
    assert!(kpi("txn-emails-sent").is_empty() && kpi("email-open-rate").is_empty());
    let unknown = s.kpi(
        &scope(),
        APP,
        KpiSubject::Campaign("nope"),
        "unique-deliveries",
        None,
        None,
    );
    assert_eq!(unknown.unwrap_err(), StoreError::NotFound);
}
