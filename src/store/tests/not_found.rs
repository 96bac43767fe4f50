//! Which 404 a missing thing gets (docs/behaviour.md#app-not-found-text,
//! docs/behaviour.md#not-found-text): an app that does not exist is "Application not found",
//! anything missing inside an app that exists is "Resource not found".

use super::*;

#[test]
fn a_missing_app_is_application_not_found_wherever_it_is_named() {
    let s = store();
    let sc = scope();
    assert_eq!(StoreError::AppNotFound.to_string(), "Application not found");
    // The calls the service is seen answering so: DeleteApp, GetApp, GetCampaigns,
    // GetImportJobs and GetSegments.
    assert_eq!(s.delete_app(&sc, APP).unwrap_err(), StoreError::AppNotFound);
    assert_eq!(s.app(&sc, APP).unwrap_err(), StoreError::AppNotFound);
    assert_eq!(s.campaigns(&sc, APP).unwrap_err(), StoreError::AppNotFound);
    assert_eq!(
        s.jobs(&sc, APP, "IMPORT", None).unwrap_err(),
        StoreError::AppNotFound
    );
    assert_eq!(s.segments(&sc, APP).unwrap_err(), StoreError::AppNotFound);
    // And every other call whose app is missing.
    assert_eq!(
        s.get_endpoint(&sc, APP, "e1").unwrap_err(),
        StoreError::AppNotFound
    );
    assert_eq!(
        s.user_endpoints(&sc, APP, "u1").unwrap_err(),
        StoreError::AppNotFound
    );
    assert_eq!(s.settings(&sc, APP).unwrap_err(), StoreError::AppNotFound);
    // An app of the same id in another scope does not count.
    s.put("e1", email("a@x.com")).unwrap();
    let other = Scope {
        region: "eu-west-1".into(),
        ..scope()
    };
    assert_eq!(s.app(&other, APP).unwrap_err(), StoreError::AppNotFound);
}

#[test]
fn a_missing_thing_inside_an_existing_app_stays_resource_not_found() {
    let s = store();
    let sc = scope();
    s.put("e1", with_user(email("a@x.com"), "u1")).unwrap();
    assert_eq!(StoreError::NotFound.to_string(), "Resource not found");
    assert_eq!(
        s.get_endpoint(&sc, APP, "nobody").unwrap_err(),
        StoreError::NotFound
    );
    assert_eq!(
        s.user_endpoints(&sc, APP, "nobody").unwrap_err(),
        StoreError::NotFound
    );
    assert_eq!(
        s.segment(&sc, APP, "nope").unwrap_err(),
        StoreError::NotFound
    );
    assert_eq!(
        s.campaign(&sc, APP, "nope").unwrap_err(),
        StoreError::NotFound
    );
    assert_eq!(
        s.job(&sc, APP, "IMPORT", "nope").unwrap_err(),
        StoreError::NotFound
    );
}
