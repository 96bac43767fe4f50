//! What an import file may hold beyond one endpoint per line (docs/behaviour.md#jobs-s3-root,
//! docs/behaviour.md#jobs-user-ids): replicated custom attribute columns, and files of user ids
//! that define a segment of those users' endpoints.

use super::*;
use crate::dto::import_files::{parse_csv, parse_json_lines};
use crate::store::resources::jobs::{ImportJobDefinition, Job, Lines, Piece};

fn definition(format: &str) -> ImportJobDefinition {
    ImportJobDefinition {
        format: format.into(),
        s3_url: "s3://audience/people".into(),
        role_arn: "arn:aws:iam::123456789012:role/import".into(),
        define_segment: Some(true),
        segment_name: Some("people".into()),
        ..Default::default()
    }
}

/// Runs an import of one file whose lines are `lines`.
fn import(s: &Store, format: &str, lines: Lines) -> Job {
    s.create_import_job(&scope(), APP, definition(format), "req", |_| {
        Some(vec![Piece {
            name: "s3://audience/people".into(),
            lines: Ok(lines),
        }])
    })
    .unwrap()
}

/// A store with the app and no endpoint.
fn with_app() -> Store {
    let s = store();
    let meta = AppMeta {
        id: APP.into(),
        name: "crm".into(),
        tags: BTreeMap::new(),
        creation_date: "2026-01-01T00:00:00.000Z".into(),
    };
    s.insert_app(&scope(), meta).unwrap();
    s
}

fn csv(text: &'static str) -> Lines {
    parse_csv(text.as_bytes())
}

fn members(s: &Store, job: &Job) -> Vec<String> {
    let seg = job.segment_id().unwrap();
    s.segment_members(&scope(), APP, seg, None).unwrap()
}

fn endpoint_count(s: &Store) -> usize {
    s.app(&scope(), APP).unwrap().read().endpoint_count()
}

#[test]
fn a_replicated_header_gives_a_custom_attribute_one_value_per_column() {
    let s = with_app();
    let job = import(
        &s,
        "CSV",
        csv("Id,ChannelType,Address,User.UserId,User.UserAttributes.pets,User.UserAttributes.pets,Attributes.Team,Attributes.Team\n\
             e1,SMS,+12065550100,u1,cat,dog,red,blue\n\
             e2,SMS,+12065550101,u2,fish,,green,\n"),
    );
    assert_eq!((job.total_processed, job.total_failures), (2, 0));
    let e1 = s.get("e1");
    assert_eq!(
        e1.attributes,
        attrs(&[("Team", &["red", "blue"])]),
        "both values, in column order"
    );
    assert_eq!(e1.user_attributes, attrs(&[("pets", &["cat", "dog"])]));
    assert_eq!(s.get("e2").attributes, attrs(&[("Team", &["green"])]));
    // Any other column may not repeat: the header fails, and nothing is written.
    let job = import(
        &with_app(),
        "CSV",
        csv("Id,ChannelType,Address,Address\ne9,SMS,+12065550109,+12065550108\n"),
    );
    assert_eq!((job.total_processed, job.total_failures), (0, 1));
    assert!(
        job.failures[0].contains("line 1") && job.failures[0].contains("repeats column Address")
    );
}

#[test]
fn a_file_of_user_ids_defines_a_segment_of_their_endpoints_and_writes_none() {
    let s = store();
    s.put("a1", with_user(email("a1@x.com"), "u1")).unwrap();
    s.put("b1", push(ChannelType::SMS, "+12065550100", "u2"))
        .unwrap();
    s.put("b2", with_user(email("b2@x.com"), "u2")).unwrap();
    s.put("other", with_user(email("o@x.com"), "u9")).unwrap();
    let before = endpoint_count(&s);
    // The user guide's example: a header of User.UserId alone, ids separated by spaces.
    let job = import(&s, "CSV", csv("User.UserId\nu1 u2\nnobody-yet\n"));
    assert_eq!(
        (
            job.job_status.as_str(),
            job.total_processed,
            job.total_failures
        ),
        ("COMPLETED", 2, 0),
        "{:?}",
        job.failures
    );
    assert_eq!(
        endpoint_count(&s),
        before,
        "no endpoint is created or changed"
    );
    assert_eq!(members(&s, &job), ["a1", "b1", "b2"]);
    let seg = s.segment(&scope(), APP, job.segment_id().unwrap()).unwrap();
    let def = seg.import.unwrap();
    assert_eq!(def.size, 3);
    assert_eq!(
        def.channel_counts,
        BTreeMap::from([("EMAIL".to_string(), 2), ("SMS".to_string(), 1)])
    );
    // The users are what was imported: an endpoint that joins one of them later is a member.
    s.put("late", with_user(email("late@x.com"), "nobody-yet"))
        .unwrap();
    assert_eq!(members(&s, &job), ["a1", "b1", "b2", "late"]);
    // The same as newline-delimited JSON, one user per line.
    let json = "{\"User\":{\"UserId\":\"u1\"}}\n{\"User\":{\"UserId\":\"u2\"}}\n";
    let job = import(&s, "JSON", parse_json_lines(json.as_bytes()));
    assert_eq!((job.total_processed, job.total_failures), (2, 0));
    assert_eq!(members(&s, &job), ["a1", "b1", "b2"]);
}
