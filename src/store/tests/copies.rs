//! An update edits a copy of the stored endpoint that shares its larger members (attributes,
//! metrics, Demographic, Location) until it changes one: a refused update must leave every one
//! of them, and the endpoint the copy came from, as they were.

use super::*;
use crate::store::endpoints::model::{Demographic, Location};

fn full(platform: &str, city: &str, plan: &str, orders: f64) -> EndpointPatch {
    EndpointPatch {
        attributes: Some(attrs(&[("Plan", &[plan])])),
        demographic: Some(Demographic {
            platform: Some(platform.into()),
            ..Default::default()
        }),
        location: Some(Location {
            city: Some(city.into()),
            latitude: Some(42.36),
            ..Default::default()
        }),
        metrics: Some([("orders", orders)].into_iter().collect()),
        ..email("a@x.com")
    }
}

#[test]
fn a_refused_update_leaves_every_shared_member_as_it_was() {
    let s = store();
    s.put("a", full("ios", "Boston", "gold", 1.0)).unwrap();
    let before = s.get("a");
    // Every member changes, then a rule that runs after the merge refuses the update: the user
    // it joins already has 15 endpoints.
    fill_user_with_email_endpoints(&s, "u");
    bad(s.put("a", with_user(full("android", "Lima", "free", 2.0), "u")));
    assert_eq!(s.get("a"), before);
    // The same in a batch whose later item is refused.
    let items = vec![
        ("a".to_string(), full("android", "Lima", "free", 2.0)),
        ("bad$".to_string(), EndpointPatch::default()),
    ];
    bad(s.update_endpoints(&scope(), APP, items, "r"));
    assert_eq!(s.get("a"), before);
    // The same values sent again are kept; a changed one replaces only itself.
    s.put("a", full("ios", "Boston", "gold", 1.0)).unwrap();
    assert_eq!(s.get("a").demographic, before.demographic);
    s.put("a", full("ios", "Boston", "free", 1.0)).unwrap();
    let after = s.get("a");
    assert_eq!(after.attributes, attrs(&[("Plan", &["free"])]));
    assert_eq!(after.location, before.location);
    assert_eq!(after.metrics, before.metrics);
    s.check();
}
