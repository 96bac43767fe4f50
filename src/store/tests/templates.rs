//! Templates: per account and region, keyed by name and type, versioned with one active version
//! (docs/behaviour.md#templates).

use crate::store::templates::{Content, TemplateKind, VersionChoice};

use super::*;

fn body(text: &str) -> Content {
    let mut c = Content::new();
    c.insert("Body".into(), text.into());
    c
}

fn new_version() -> VersionChoice {
    VersionChoice {
        create_new_version: true,
        version: None,
    }
}

fn at(version: &str) -> VersionChoice {
    VersionChoice {
        create_new_version: false,
        version: Some(version.into()),
    }
}

const SMS: TemplateKind = TemplateKind::SMS;

#[test]
fn names_are_unique_per_type_and_checked() {
    let s = store();
    s.create_template(&scope(), "welcome", SMS, body("hi"), Default::default())
        .unwrap();
    let m = bad(s.create_template(&scope(), "welcome", SMS, body("hi"), Default::default()));
    assert_eq!(m, "Template welcome of type SMS already exists");
    s.create_template(
        &scope(),
        "welcome",
        TemplateKind::EMAIL,
        Content::new(),
        Default::default(),
    )
    .unwrap();
    for name in ["", "-x", "a b", &"x".repeat(129)] {
        bad(s.create_template(&scope(), name, SMS, body("hi"), Default::default()));
    }
    let other = Scope {
        account: "111111111111".into(),
        region: "us-east-1".into(),
    };
    assert!(matches!(
        s.template(&other, "welcome", SMS),
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.templates(&scope()).len(), 2);
}

#[test]
fn versions_count_up_and_the_active_one_is_answered() {
    let s = store();
    s.create_template(&scope(), "t", SMS, body("v1"), Default::default())
        .unwrap();
    // An update without options overwrites the latest version.
    s.update_template(&scope(), "t", SMS, body("v1b"), VersionChoice::default())
        .unwrap();
    s.update_template(&scope(), "t", SMS, body("v2"), new_version())
        .unwrap();
    let t = s.template(&scope(), "t", SMS).unwrap();
    assert_eq!((t.active, t.latest), (1, 2));
    assert_eq!(t.version(None).unwrap().1.content, body("v1b"));
    assert_eq!(t.version(Some("2")).unwrap().1.content, body("v2"));
    assert!(matches!(t.version(Some("9")), Err(StoreError::NotFound)));
    // `version` must name the latest; with create-new-version it is refused.
    bad(s.update_template(&scope(), "t", SMS, body("x"), at("1")));
    s.update_template(&scope(), "t", SMS, body("v2b"), at("2"))
        .unwrap();
    let both = VersionChoice {
        create_new_version: true,
        version: Some("2".into()),
    };
    bad(s.update_template(&scope(), "t", SMS, body("x"), both));
    s.set_active_template_version(&scope(), "t", SMS, "latest")
        .unwrap();
    assert_eq!(s.template(&scope(), "t", SMS).unwrap().active, 2);
    assert!(matches!(
        s.set_active_template_version(&scope(), "t", SMS, "7"),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn deleting_versions_keeps_the_active_one_and_numbers_are_never_reused() {
    let s = store();
    s.create_template(&scope(), "t", SMS, body("v1"), Default::default())
        .unwrap();
    s.update_template(&scope(), "t", SMS, body("v2"), new_version())
        .unwrap();
    let m = bad(s.delete_template(&scope(), "t", SMS, Some("1")));
    assert!(m.contains("active"), "{m}");
    s.delete_template(&scope(), "t", SMS, Some("2")).unwrap();
    s.update_template(&scope(), "t", SMS, body("v3"), new_version())
        .unwrap();
    let t = s.template(&scope(), "t", SMS).unwrap();
    assert_eq!(t.versions.keys().copied().collect::<Vec<_>>(), [1, 3]);
    // Deleting the only version, or the template, removes it.
    s.delete_template(&scope(), "t", SMS, Some("3")).unwrap();
    s.delete_template(&scope(), "t", SMS, Some("1")).unwrap();
    assert!(matches!(
        s.template(&scope(), "t", SMS),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_template(&scope(), "t", SMS, None),
        Err(StoreError::NotFound)
    ));
}
