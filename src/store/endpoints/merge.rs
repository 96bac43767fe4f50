//! How the members an update sends merge into a stored endpoint (docs/behaviour.md#partial-update).
//!
//! An update edits a copy of the stored endpoint, so that a rule failing later leaves the stored
//! one untouched. The copy shares the endpoint's larger members (attributes, metrics,
//! Demographic, Location) with the stored one, and each merge here copies a member only when the
//! update changes it: an update that sends again what is stored (as an app does on each launch)
//! copies nothing but the endpoint's own strings.

use std::sync::Arc;

use super::model::{AttrMap, Demographic, Location, MetricMap, Values};

/// A member an endpoint shares with its copies (its Demographic and Location), merged field by field: copied only when a sent field changes it.
pub trait SharedMerge: Clone + Default {
    /// Whether merging `sent` would change anything.
    fn changed_by(&self, sent: &Self) -> bool;
    /// Field-by-field merge: a field present in `sent` overwrites.
    fn merge(&mut self, sent: Self);
}

/// The two halves of a field-by-field merge over the named optional fields, from one list.
macro_rules! by_field {
    ($($f:ident),*) => {
        /// Whether any of the fields `sent` has differs from this one's.
        fn fields_changed_by(&self, sent: &Self) -> bool {
            false $(|| (sent.$f.is_some() && sent.$f != self.$f))*
        }

        /// Takes each of the fields `sent` has.
        fn take_fields(&mut self, sent: &mut Self) {
            $(if sent.$f.is_some() { self.$f = sent.$f.take(); })*
        }
    };
}

impl Demographic {
    by_field!(
        app_version,
        locale,
        make,
        model,
        model_version,
        platform,
        platform_version,
        timezone
    );
}

impl Location {
    by_field!(city, country, postal_code, region);
}

impl SharedMerge for Demographic {
    fn changed_by(&self, sent: &Self) -> bool {
        self.fields_changed_by(sent)
    }

    fn merge(&mut self, mut sent: Self) {
        self.take_fields(&mut sent);
    }
}

impl SharedMerge for Location {
    /// Coordinates are compared as they would be stored, bit for bit.
    fn changed_by(&self, sent: &Self) -> bool {
        let coord = |sent: Option<f64>, have: Option<f64>| {
            sent.is_some_and(|v| Some(round1(v).to_bits()) != have.map(f64::to_bits))
        };
        self.fields_changed_by(sent)
            || coord(sent.latitude, self.latitude)
            || coord(sent.longitude, self.longitude)
    }

    /// Coordinates are rounded to one decimal as the service does.
    fn merge(&mut self, mut sent: Self) {
        self.take_fields(&mut sent);
        if let Some(v) = sent.latitude {
            self.latitude = Some(round1(v));
        }
        if let Some(v) = sent.longitude {
            self.longitude = Some(round1(v));
        }
    }
}

/// Merges `sent` into a shared member; a member not there yet is created (even from nothing
/// sent, as `"Demographic": {}` creates an empty one).
pub fn merge_shared<T: SharedMerge>(slot: &mut Option<Arc<T>>, sent: T) {
    if slot.as_deref().is_none_or(|have| have.changed_by(&sent)) {
        Arc::make_mut(slot.get_or_insert_with(Default::default)).merge(sent);
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Per-key replace; a key sent with `[]` is removed (docs/behaviour.md#attributes-empty-list).
/// A map that is shared with copies of the endpoint is copied only when a key changes. Returns
/// whether anything changed.
pub fn merge_attrs(target: &mut AttrMap, sent: &AttrMap) -> bool {
    let changed = attrs_change(target, sent);
    if changed {
        target.merge(sent, |v| v.is_empty());
    }
    changed
}

/// Whether [`merge_attrs`] would change `target`.
pub fn attrs_change(target: &AttrMap, sent: &AttrMap) -> bool {
    sent.iter()
        .any(|(k, v): (&str, &Values)| match target.get(k) {
            Some(have) => v.is_empty() || have != v,
            None => !v.is_empty(),
        })
}

/// Per-key replace of metrics; a map shared with copies of the endpoint is copied only when a
/// value changes (compared bit for bit, so `-0.0` replaces `0.0`).
pub fn merge_metrics(target: &mut Option<MetricMap>, sent: MetricMap) {
    let have = target.get_or_insert_with(Default::default);
    if metrics_change(have, &sent) {
        have.extend(sent);
    }
}

/// Whether [`merge_metrics`] would change a map that is there.
pub fn metrics_change(have: &MetricMap, sent: &MetricMap) -> bool {
    sent.iter()
        .any(|(k, v)| have.get(k).map(|h| h.to_bits()) != Some(v.to_bits()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_merge_rounds_coordinates_to_one_decimal() {
        let mut loc = Location {
            city: Some("Seattle".into()),
            ..Default::default()
        };
        loc.merge(Location {
            latitude: Some(47.61),
            longitude: Some(-122.33),
            ..Default::default()
        });
        assert_eq!(loc.latitude, Some(47.6));
        assert_eq!(loc.longitude, Some(-122.3));
        assert_eq!(loc.city.as_deref(), Some("Seattle"));
    }

    #[test]
    fn demographic_merge_keeps_fields_left_out() {
        let mut d = Demographic {
            make: Some("apple".into()),
            model: Some("iPhone".into()),
            ..Default::default()
        };
        d.merge(Demographic {
            model: Some("iPad".into()),
            ..Default::default()
        });
        assert_eq!(d.make.as_deref(), Some("apple"));
        assert_eq!(d.model.as_deref(), Some("iPad"));
    }

    fn demographic(platform: &str) -> Demographic {
        Demographic {
            platform: Some(platform.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_copy_shares_its_members_until_an_update_changes_one() {
        let stored = Arc::new(demographic("ios"));
        let mut copy = Some(Arc::clone(&stored));
        merge_shared(&mut copy, demographic("ios"));
        assert!(Arc::ptr_eq(&stored, copy.as_ref().unwrap()));
        merge_shared(&mut copy, demographic("android"));
        assert_eq!(stored.platform.as_deref(), Some("ios"));
        assert_eq!(copy.unwrap().platform.as_deref(), Some("android"));

        let mut none = None;
        merge_shared(&mut none, Demographic::default());
        assert_eq!(none.as_deref(), Some(&Demographic::default()));
    }

    #[test]
    fn coordinates_are_compared_as_they_would_be_stored() {
        let stored = Arc::new(Location {
            latitude: Some(47.6),
            ..Default::default()
        });
        let mut copy = Some(Arc::clone(&stored));
        let sent = |lat| Location {
            latitude: Some(lat),
            ..Default::default()
        };
        merge_shared(&mut copy, sent(47.61));
        assert!(Arc::ptr_eq(&stored, copy.as_ref().unwrap()));
        merge_shared(&mut copy, sent(47.66));
        assert_eq!(copy.unwrap().latitude, Some(47.7));
    }

    #[test]
    fn a_changed_key_or_metric_leaves_the_stored_map_as_it_was() {
        let values = |v: &str| -> Values { vec![v.into()].into_boxed_slice() };
        let stored: AttrMap = [("Plan", values("gold")), ("Tier", values("1"))]
            .into_iter()
            .collect();
        let mut copy = stored.clone();
        merge_attrs(&mut copy, &stored.clone());
        assert!(copy.shares_entries_with(&stored));
        let sent: AttrMap = [("Plan", values("free")), ("Tier", Box::default())]
            .into_iter()
            .collect();
        merge_attrs(&mut copy, &sent);
        assert_eq!(stored.get("Plan").map(|v| &*v[0]), Some("gold"));
        assert_eq!(copy.get("Plan").map(|v| &*v[0]), Some("free"));
        assert!(!copy.contains_key("Tier") && stored.contains_key("Tier"));

        let zero: MetricMap = [("n", 0.0)].into_iter().collect();
        let mut metrics = Some(zero.clone());
        merge_metrics(&mut metrics, zero.clone());
        assert!(metrics.as_ref().unwrap().shares_entries_with(&zero));
        merge_metrics(&mut metrics, [("n", -0.0)].into_iter().collect());
        assert!(metrics.unwrap()["n"].is_sign_negative());
    }
}
