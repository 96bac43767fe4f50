//! The endpoint id rules: case-insensitive lookup, creation spelling, what an id may hold.

use super::*;

#[test]
fn endpoint_ids_are_case_insensitive_and_keep_their_creation_spelling() {
    let s = store();
    s.put("AbC", email("a@x.com")).unwrap();
    s.put(
        "abc",
        EndpointPatch {
            attributes: Some(attrs(&[("k", &["v"])])),
            ..Default::default()
        },
    )
    .unwrap();
    let ep = s.get("ABC");
    assert_eq!(ep.id, "AbC");
    assert_eq!(ep.attributes, attrs(&[("k", &["v"])]));
}

#[test]
fn endpoint_id_rules() {
    let s = store();
    for id in ["", "a$b", "a{b", "a}b", "tab\there"] {
        bad(s.put(id, EndpointPatch::default()));
    }
    bad(s.put(&"x".repeat(1025), EndpointPatch::default()));
    s.put(&"x".repeat(1024), EndpointPatch::default()).unwrap();
    for id in ["a$b", "{", "}"] {
        assert!(
            matches!(
                s.get_endpoint(&scope(), APP, id),
                Err(StoreError::Invalid(_))
            ),
            "{id}"
        );
        assert!(
            matches!(
                s.delete_endpoint(&scope(), APP, id),
                Err(StoreError::Invalid(_))
            ),
            "{id}"
        );
    }
    s.put("us-east-1:abc/def+1 ü", EndpointPatch::default())
        .unwrap();
}
