//! What a segment may hold (docs/behaviour.md#segment-validation): the quotas, BETWEEN, dates,
//! comparison operators and GPS ranges. Base segments are checked where the app's segments are
//! visible ([`super::ops`]).

use super::{AttributeDimension, AttributeType, Dimensions, SegmentWrite};
use crate::store::{StoreError, StoreResult};
use crate::time;

/// At most this many criteria in one segment, and values across them.
pub const MAX_DIMENSIONS: usize = 100;
pub const MAX_VALUES: usize = 100;
/// The longest value.
pub const MAX_VALUE_LEN: usize = 100;
/// The comparison operators of a metric dimension.
pub const OPERATORS: &[&str] = &[
    "GREATER_THAN",
    "LESS_THAN",
    "GREATER_THAN_OR_EQUAL",
    "LESS_THAN_OR_EQUAL",
    "EQUAL",
];

/// Counts criteria and values while checking each (docs/behaviour.md#segment-validation).
#[derive(Default)]
struct Tally {
    criteria: usize,
    values: usize,
}

impl Tally {
    fn values(&mut self, at: &str, values: &[String]) -> StoreResult<()> {
        self.criteria += 1;
        self.values += values.len();
        if let Some(v) = values.iter().find(|v| v.chars().count() > MAX_VALUE_LEN) {
            return Err(StoreError::invalid(format!(
                "Invalid {at}: the value {:?}… is longer than {MAX_VALUE_LEN} characters",
                v.chars().take(20).collect::<String>()
            )));
        }
        Ok(())
    }

    fn attribute(&mut self, at: &str, d: &AttributeDimension) -> StoreResult<()> {
        self.values(at, &d.values)?;
        let t = d.attribute_type.unwrap_or(AttributeType::INCLUSIVE);
        match t {
            AttributeType::BETWEEN if d.values.len() != 2 => {
                return Err(StoreError::invalid(format!(
                    "Invalid {at}: BETWEEN needs exactly 2 values, not {}",
                    d.values.len()
                )))
            }
            AttributeType::BEFORE
            | AttributeType::AFTER
            | AttributeType::ON
            | AttributeType::BETWEEN => {
                if d.values.is_empty() {
                    return Err(StoreError::invalid(format!(
                        "Invalid {at}: {t:?} needs a date value"
                    )));
                }
                if let Some(v) = d.values.iter().find(|v| time::parse_iso8601(v).is_none()) {
                    return Err(StoreError::invalid(format!(
                        "Invalid {at}: {v:?} is not an ISO-8601 date-time, which {t:?} compares with"
                    )));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn dimensions(&mut self, at: &str, d: &Dimensions) -> StoreResult<()> {
        for (kind, map) in [
            ("Attributes", &d.attributes),
            ("UserAttributes", &d.user_attributes),
        ] {
            for (k, a) in map {
                self.attribute(&format!("{at}.{kind}.{k}"), a)?;
            }
        }
        for (k, m) in &d.metrics {
            self.criteria += 1;
            if !OPERATORS.contains(&m.comparison_operator.as_str()) {
                return Err(StoreError::invalid(format!(
                    "Invalid {at}.Metrics.{k}.ComparisonOperator {:?}: must be one of {}",
                    m.comparison_operator,
                    OPERATORS.join(", ")
                )));
            }
            if !m.value.is_finite() {
                return Err(StoreError::invalid(format!(
                    "Invalid {at}.Metrics.{k}.Value: not a number"
                )));
            }
        }
        if let Some(demo) = &d.demographic {
            for (name, set) in demo.sets() {
                if let Some(s) = set {
                    self.values(&format!("{at}.Demographic.{name}"), &s.values)?;
                }
            }
        }
        if let Some(loc) = &d.location {
            if let Some(c) = &loc.country {
                self.values(&format!("{at}.Location.Country"), &c.values)?;
            }
            if let Some(g) = &loc.gps_point {
                self.criteria += 1;
                let c = &g.coordinates;
                if !(-90.0..=90.0).contains(&c.latitude) || !(-180.0..=180.0).contains(&c.longitude)
                {
                    return Err(StoreError::invalid(format!(
                        "Invalid {at}.Location.GPSPoint.Coordinates: latitude must be -90 to 90 and longitude -180 to 180"
                    )));
                }
                match g.range_in_kilometers {
                    Some(r) if r.is_finite() && r >= 0.0 => {}
                    _ => {
                        return Err(StoreError::invalid(format!(
                            "Missing {at}.Location.GPSPoint.RangeInKilometers: a GPS point needs a range of 0 km or more"
                        )))
                    }
                }
            }
        }
        if d.behavior.as_ref().is_some_and(|b| b.recency.is_some()) {
            self.criteria += 1;
        }
        Ok(())
    }
}

/// Checks a write's dimensions and groups: the quotas, BETWEEN, dates, operators, GPS ranges.
/// Base segments are checked by the caller, which can see the app's segments.
pub fn validate(w: &SegmentWrite) -> StoreResult<()> {
    if let Some(name) = &w.name {
        if name.chars().count() > 64 * 1024 {
            return Err(StoreError::invalid("Invalid Name: too long"));
        }
    }
    let mut t = Tally::default();
    if let Some(d) = &w.dimensions {
        t.dimensions("Dimensions", d)?;
    }
    if let Some(g) = &w.segment_groups {
        for (i, group) in g.groups.iter().enumerate() {
            t.criteria += group.source_segments.len();
            for (j, d) in group.dimensions.iter().enumerate() {
                t.dimensions(&format!("SegmentGroups.Groups[{i}].Dimensions[{j}]"), d)?;
            }
        }
    }
    if t.criteria > MAX_DIMENSIONS {
        return Err(StoreError::limit(format!(
            "The segment has {} dimensions; the maximum is {MAX_DIMENSIONS}",
            t.criteria
        )));
    }
    if t.values > MAX_VALUES {
        return Err(StoreError::limit(format!(
            "The segment has {} values across its dimensions; the maximum is {MAX_VALUES}",
            t.values
        )));
    }
    Ok(())
}
