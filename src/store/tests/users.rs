//! User attributes belong to the user (docs/behaviour.md#user-attributes): every endpoint of a
//! user shows the user's one set, whenever it joined, and the set lives while the user has an
//! endpoint.

use super::*;

fn user_attrs(user: &str, pairs: &[(&str, &[&str])]) -> EndpointPatch {
    let mut p = with_user(EndpointPatch::default(), user);
    p.user.as_mut().unwrap().user_attributes = Some(attrs(pairs));
    p
}

fn joined(mut p: EndpointPatch, user: &str, pairs: &[(&str, &[&str])]) -> EndpointPatch {
    p.user = user_attrs(user, pairs).user;
    p
}

#[test]
fn an_endpoint_that_joins_later_shows_the_users_attributes() {
    let s = store();
    let items = vec![
        (
            "ana-mail".to_string(),
            joined(email("ana@x.com"), "ana", &[("tier", &["gold"])]),
        ),
        ("ana-sms".to_string(), with_user(email("ana2@x.com"), "ana")),
    ];
    s.update_endpoints(&scope(), APP, items, "r").unwrap();
    assert_eq!(
        s.get("ana-sms").user_attributes,
        attrs(&[("tier", &["gold"])])
    );
    s.put("ana-push", with_user(email("ana3@x.com"), "ana"))
        .unwrap();
    assert_eq!(
        s.get("ana-push").user_attributes,
        attrs(&[("tier", &["gold"])])
    );
    s.check();
}

#[test]
fn every_endpoint_of_a_user_shows_one_set_merged_per_key() {
    let s = store();
    s.put(
        "a",
        joined(email("a@x.com"), "u", &[("k1", &["1"]), ("k2", &["2"])]),
    )
    .unwrap();
    s.put(
        "b",
        joined(email("b@x.com"), "u", &[("k2", &["two"]), ("k3", &["3"])]),
    )
    .unwrap();
    s.put("c", user_attrs("u", &[("k1", &[])])).unwrap();
    let want = attrs(&[("k2", &["two"]), ("k3", &["3"])]);
    for id in ["a", "b", "c"] {
        assert_eq!(s.get(id).user_attributes, want, "{id}");
    }
    s.check();
}

#[test]
fn an_endpoint_that_changes_user_shows_the_new_users_set_and_one_without_a_user_none() {
    let s = store();
    s.put("a", joined(email("a@x.com"), "u", &[("team", &["red"])]))
        .unwrap();
    s.put("b", joined(email("b@x.com"), "v", &[("team", &["blue"])]))
        .unwrap();
    s.put("c", with_user(email("c@x.com"), "u")).unwrap();
    s.put("c", with_user(EndpointPatch::default(), "v"))
        .unwrap();
    assert_eq!(s.get("c").user_attributes, attrs(&[("team", &["blue"])]));
    assert_eq!(s.get("a").user_attributes, attrs(&[("team", &["red"])]));
    s.put("c", with_user(EndpointPatch::default(), "")).unwrap();
    assert!(s.get("c").user_attributes.is_empty());
    assert_eq!(s.get("b").user_attributes, attrs(&[("team", &["blue"])]));
    s.check();
}

#[test]
fn user_attributes_sent_without_a_user_are_not_kept() {
    let s = store();
    let mut p = email("a@x.com");
    p.user = Some(UserPatch {
        user_id: None,
        user_attributes: Some(attrs(&[("k", &["v"])])),
    });
    s.put("a", p).unwrap();
    assert!(s.get("a").user_attributes.is_empty());
    s.put("a", with_user(EndpointPatch::default(), "u"))
        .unwrap();
    assert!(s.get("a").user_attributes.is_empty());
    s.check();
}

#[test]
fn the_set_goes_with_the_users_last_endpoint() {
    let s = store();
    s.put("a", joined(email("a@x.com"), "u", &[("k", &["v"])]))
        .unwrap();
    s.delete_endpoint(&scope(), APP, "a").unwrap();
    s.put("b", with_user(email("b@x.com"), "u")).unwrap();
    assert!(s.get("b").user_attributes.is_empty());
    s.check();
}

#[test]
fn a_refused_batch_leaves_the_users_set_as_it_was() {
    let s = store();
    s.put("a", joined(email("a@x.com"), "u", &[("k", &["v"])]))
        .unwrap();
    let items = vec![
        (
            "a".to_string(),
            user_attrs("u", &[("k", &["changed"]), ("n", &["new"])]),
        ),
        // The user's only endpoint moves away: the set would go with it.
        ("a".to_string(), with_user(EndpointPatch::default(), "w")),
        ("bad$".to_string(), EndpointPatch::default()),
    ];
    bad(s.update_endpoints(&scope(), APP, items, "r"));
    let a = s.get("a");
    assert_eq!(a.user_id.as_deref(), Some("u"));
    assert_eq!(a.user_attributes, attrs(&[("k", &["v"])]));
    s.check();
}

#[test]
fn deleted_endpoints_answer_with_their_users_attributes() {
    let s = store();
    s.put("a", joined(email("a@x.com"), "u", &[("k", &["v"])]))
        .unwrap();
    let gone = s.delete_user_endpoints(&scope(), APP, "u").unwrap();
    assert_eq!(gone[0].user_attributes, attrs(&[("k", &["v"])]));
    s.check();
}
