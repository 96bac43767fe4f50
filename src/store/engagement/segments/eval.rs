//! Who is in a segment (docs/behaviour.md#segment-membership): every endpoint of the app,
//! INACTIVE ones included, matched against the top-level dimensions and the segment groups, with
//! the endpoint data as it is at call time.

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{
    AttributeDimension, AttributeType, Combine, DimensionType, Dimensions, Duration, RecencyType,
    Segment, SegmentType, SetDimension,
};
use crate::store::app::AppData;
use crate::store::endpoints::model::{fold_id, ChannelType, Endpoint, IStr, Values};
use crate::store::{StoreError, StoreResult};
use crate::time;

/// Base segments nest at most this deep.
pub const MAX_DEPTH: usize = 16;

/// The mean Earth radius the GPS distance uses, in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// What an evaluation reads besides the endpoints: the time, and each endpoint's last activity
/// (computed on first use, only for segments with a recency dimension).
pub struct Evaluator<'a> {
    data: &'a AppData,
    now: DateTime<Utc>,
    events: &'a dyn Fn() -> HashMap<String, DateTime<Utc>>,
    activity: OnceCell<HashMap<String, DateTime<Utc>>>,
}

impl<'a> Evaluator<'a> {
    /// `events` gives each endpoint's latest event Timestamp, by case-folded id.
    pub fn new(
        data: &'a AppData,
        now: DateTime<Utc>,
        events: &'a dyn Fn() -> HashMap<String, DateTime<Utc>>,
    ) -> Self {
        Self {
            data,
            now,
            events,
            activity: OnceCell::new(),
        }
    }

    /// The members of a segment at a version (the latest when `None`), in creation order.
    pub fn members(&self, seg: &Segment, version: Option<u32>) -> StoreResult<Vec<&'a Endpoint>> {
        let mut out = self.unordered(seg, version)?;
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    /// [`Evaluator::members`] in endpoint-id order (a campaign run's order).
    pub fn members_by_id(
        &self,
        seg: &Segment,
        version: Option<u32>,
    ) -> StoreResult<Vec<&'a Endpoint>> {
        let mut out = self.unordered(seg, version)?;
        sort_by_id(&mut out);
        Ok(out)
    }

    fn unordered(&self, seg: &Segment, version: Option<u32>) -> StoreResult<Vec<&'a Endpoint>> {
        Ok(match self.member_ids(seg, version, &mut Vec::new())? {
            Members::All(pred) => self.data.endpoints().filter(|e| pred(e)).collect(),
            Members::Ids(ids) => ids.iter().filter_map(|k| self.data.endpoint(k)).collect(),
        })
    }

    /// Whether one endpoint is a member of a segment at a version.
    pub fn contains(&self, seg: &Segment, version: Option<u32>, e: &Endpoint) -> StoreResult<bool> {
        Ok(match self.member_ids(seg, version, &mut Vec::new())? {
            Members::All(pred) => pred(e),
            Members::Ids(ids) => ids.contains(&*fold_id(&e.id)),
        })
    }

    fn member_ids<'s>(
        &'s self,
        seg: &'s Segment,
        version: Option<u32>,
        path: &mut Vec<String>,
    ) -> StoreResult<Members<'s>> {
        if path.len() >= MAX_DEPTH || path.contains(&seg.id) {
            return Err(StoreError::invalid(format!(
                "Segment {} refers back to itself, or its base segments nest more than {MAX_DEPTH} deep",
                seg.id
            )));
        }
        let (_, v) = seg.versions.at(version)?;
        if seg.segment_type == SegmentType::IMPORT {
            let listed = seg.imported.iter().flatten().map(|id| fold_id(id));
            let of_users = seg
                .imported_users
                .iter()
                .flatten()
                .flat_map(|u| self.data.user_endpoints(u))
                .map(|e| fold_id(&e.id));
            let ids = listed.chain(of_users).map(|k| k.into_owned()).collect();
            return Ok(Members::Ids(ids));
        }
        path.push(seg.id.clone());
        let mut groups = Vec::new();
        if let Some(list) = &v.segment_groups {
            for g in &list.groups {
                let mut sources = Vec::new();
                for r in &g.source_segments {
                    let base = self.data.segments().get(&r.id).ok_or_else(|| {
                        StoreError::Missing(format!("Segment {} not found", r.id))
                    })?;
                    let set: HashSet<String> = match self.member_ids(base, r.version, path)? {
                        Members::Ids(ids) => ids,
                        Members::All(pred) => self
                            .data
                            .endpoints()
                            .filter(|e| pred(e))
                            .map(|e| fold_id(&e.id).into_owned())
                            .collect(),
                    };
                    sources.push(set);
                }
                groups.push((g, sources));
            }
        }
        path.pop();
        let include = v.segment_groups.as_ref().and_then(|l| l.include);
        let dims = v.dimensions.as_ref();
        Ok(Members::All(Box::new(move |e: &Endpoint| {
            if let Some(d) = dims {
                if !self.matches(d, e) {
                    return false;
                }
            }
            if groups.is_empty() {
                return true;
            }
            let key = OnceCell::new();
            let mut each = groups.iter().map(|(g, sources)| {
                let in_base = sources.is_empty() || {
                    let k: &String = key.get_or_init(|| fold_id(&e.id).into_owned());
                    let mut hits = sources.iter().map(|s| s.contains(k));
                    match g.source_type.unwrap_or(Combine::ANY) {
                        Combine::ANY => hits.any(|h| h),
                        Combine::ALL => hits.all(|h| h),
                        Combine::NONE => !hits.any(|h| h),
                    }
                };
                in_base && {
                    let mut dims = g.dimensions.iter().map(|d| self.matches(d, e));
                    match g.kind.unwrap_or(Combine::ALL) {
                        Combine::ALL => dims.all(|m| m),
                        Combine::ANY => g.dimensions.is_empty() || dims.any(|m| m),
                        Combine::NONE => !dims.any(|m| m),
                    }
                }
            });
            match include.unwrap_or(Combine::ALL) {
                Combine::ALL => each.all(|m| m),
                Combine::ANY => each.any(|m| m),
                Combine::NONE => !each.any(|m| m),
            }
        })))
    }

    /// Whether an endpoint matches every criterion of one SegmentDimensions. The user's
    /// attributes are looked up only when a criterion needs them.
    pub fn matches(&self, d: &Dimensions, e: &Endpoint) -> bool {
        d.attributes
            .iter()
            .all(|(k, a)| attribute_matches(a, e.attributes.get(k)))
            && (d.user_attributes.is_empty() || {
                let user = self.data.user_attributes(e.user_id.as_deref());
                d.user_attributes
                    .iter()
                    .all(|(k, a)| attribute_matches(a, user.get(k)))
            })
            && d.metrics.iter().all(|(k, m)| {
                e.metrics
                    .as_ref()
                    .and_then(|ms| ms.get(k))
                    .is_some_and(|x| compare(&m.comparison_operator, *x, m.value))
            })
            && d.demographic.as_ref().is_none_or(|demo| {
                let field =
                    |f: fn(&crate::store::endpoints::model::Demographic) -> &Option<IStr>| {
                        e.demographic.as_deref().and_then(|d| f(d).as_deref())
                    };
                demo.app_version
                    .as_ref()
                    .is_none_or(|s| set_matches(s, field(|d| &d.app_version)))
                    && demo
                        .make
                        .as_ref()
                        .is_none_or(|s| set_matches(s, field(|d| &d.make)))
                    && demo
                        .model
                        .as_ref()
                        .is_none_or(|s| set_matches(s, field(|d| &d.model)))
                    && demo
                        .platform
                        .as_ref()
                        .is_none_or(|s| set_matches(s, field(|d| &d.platform)))
                    && demo
                        .device_type
                        .as_ref()
                        .is_none_or(|s| set_matches(s, None))
                    && demo
                        .channel
                        .as_ref()
                        .is_none_or(|s| channel_matches(s, e.channel_type))
            })
            && d.location.as_ref().is_none_or(|loc| {
                let l = e.location.as_deref();
                loc.country
                    .as_ref()
                    .is_none_or(|s| set_matches(s, l.and_then(|l| l.country.as_deref())))
                    && loc.gps_point.as_ref().is_none_or(|g| {
                        let here = l.and_then(|l| Some((l.latitude?, l.longitude?)));
                        here.is_some_and(|(lat, lon)| {
                            distance_km(g.coordinates.latitude, g.coordinates.longitude, lat, lon)
                                <= g.range_in_kilometers.unwrap_or(0.0)
                        })
                    })
            })
            && d.behavior
                .as_ref()
                .and_then(|b| b.recency.as_ref())
                .is_none_or(|r| {
                    let window = match r.duration {
                        Duration::HR_24 => chrono::Duration::hours(24),
                        Duration::DAY_7 => chrono::Duration::days(7),
                        Duration::DAY_14 => chrono::Duration::days(14),
                        Duration::DAY_30 => chrono::Duration::days(30),
                    };
                    let active = self
                        .last_activity(e)
                        .is_some_and(|t| self.now - t <= window);
                    active == (r.recency_type == RecencyType::ACTIVE)
                })
    }

    /// The latest of the endpoint's EffectiveDate and its recorded events' Timestamps.
    fn last_activity(&self, e: &Endpoint) -> Option<DateTime<Utc>> {
        let events = self.activity.get_or_init(|| (self.events)());
        let effective = e.stamps.effective_time();
        let event = events.get(&*fold_id(&e.id)).copied();
        effective.max(event)
    }
}

/// A segment's members: a predicate over the app's endpoints, or a fixed set of case-folded ids.
enum Members<'a> {
    All(Box<dyn Fn(&Endpoint) -> bool + 'a>),
    Ids(HashSet<String>),
}

/// An attribute criterion against an endpoint's values for that name.
fn attribute_matches(a: &AttributeDimension, values: Option<&Values>) -> bool {
    let t = a.attribute_type.unwrap_or(AttributeType::INCLUSIVE);
    if t == AttributeType::EXCLUSIVE {
        return values.is_none_or(|vs| !vs.iter().any(|x| a.values.iter().any(|v| x == v)));
    }
    let Some(vs) = values else { return false };
    let date = |i: usize| a.values.get(i).and_then(|v| time::parse_iso8601(v));
    vs.iter().any(|x| match t {
        AttributeType::INCLUSIVE => a.values.iter().any(|v| x == v),
        AttributeType::CONTAINS => a.values.iter().any(|v| x.contains(v.as_str())),
        _ => {
            let Some(at) = time::parse_iso8601(x) else {
                return false;
            };
            match t {
                AttributeType::BEFORE => date(0).is_some_and(|d| at < d),
                AttributeType::AFTER => date(0).is_some_and(|d| at > d),
                AttributeType::ON => date(0).is_some_and(|d| at.date_naive() == d.date_naive()),
                _ => date(0)
                    .zip(date(1))
                    .is_some_and(|(lo, hi)| lo <= at && at <= hi),
            }
        }
    })
}

/// A set criterion (Demographic fields, Country), case-insensitive; a missing value is not in.
fn set_matches(s: &SetDimension, value: Option<&str>) -> bool {
    let found = value.is_some_and(|v| s.values.iter().any(|x| x.eq_ignore_ascii_case(v)));
    match s.dimension_type.unwrap_or(DimensionType::INCLUSIVE) {
        DimensionType::INCLUSIVE => found,
        DimensionType::EXCLUSIVE => !found,
    }
}

/// The Channel criterion: `PUSH` stands for every push channel.
fn channel_matches(s: &SetDimension, ct: Option<ChannelType>) -> bool {
    let push = ct.is_some_and(|c| {
        !matches!(
            c,
            ChannelType::SMS
                | ChannelType::EMAIL
                | ChannelType::VOICE
                | ChannelType::CUSTOM
                | ChannelType::IN_APP
        )
    });
    let found = ct.is_some_and(|c| {
        s.values
            .iter()
            .any(|x| x.eq_ignore_ascii_case(c.as_str()) || (push && x.eq_ignore_ascii_case("PUSH")))
    });
    match s.dimension_type.unwrap_or(DimensionType::INCLUSIVE) {
        DimensionType::INCLUSIVE => found,
        DimensionType::EXCLUSIVE => !found,
    }
}

/// A metric comparison; the operator was checked on write.
pub(crate) fn compare(op: &str, x: f64, value: f64) -> bool {
    match op {
        "GREATER_THAN" => x > value,
        "LESS_THAN" => x < value,
        "GREATER_THAN_OR_EQUAL" => x >= value,
        "LESS_THAN_OR_EQUAL" => x <= value,
        _ => x == value,
    }
}

/// The great-circle distance between two points, in kilometres (haversine).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

/// Sorts endpoints by id (ids are unique in an app, so any sort gives the same order).
fn sort_by_id(v: &mut [&Endpoint]) {
    sort_in_halves(v, |a, b| a.id.cmp(&b.id));
}

/// Sorts `v` by `cmp`, under which no two items are equal. A large list is sorted in two
/// halves on two threads and merged: a run of a big segment sorts its members before anything
/// else can start.
fn sort_in_halves<T: Copy + Send>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering + Sync) {
    const ALONE: usize = 16_384;
    if v.len() < ALONE {
        v.sort_unstable_by(&cmp);
        return;
    }
    let (left, right) = v.split_at_mut(v.len() / 2);
    std::thread::scope(|s| {
        s.spawn(|| left.sort_unstable_by(&cmp));
        right.sort_unstable_by(&cmp);
    });
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if cmp(&left[i], &right[j]) == Ordering::Greater {
            merged.push(right[j]);
            j += 1;
        } else {
            merged.push(left[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&left[i..]);
    merged.extend_from_slice(&right[j..]);
    v.copy_from_slice(&merged);
}

#[cfg(test)]
mod tests {
    use super::sort_in_halves;

    #[test]
    fn a_list_sorted_in_halves_is_in_the_order_of_a_plain_sort() {
        for n in [0, 1, 5, 16_383, 16_384, 40_001] {
            // Distinct keys in a scrambled order.
            let keys: Vec<String> = (0..n)
                .map(|i| format!("e-{}", (i * 7_919) % n.max(1)))
                .collect();
            let mut halves: Vec<&String> = keys.iter().collect();
            sort_in_halves(&mut halves, |a, b| a.cmp(b));
            let mut plain: Vec<&String> = keys.iter().collect();
            plain.sort();
            assert_eq!(halves, plain, "{n} keys");
        }
    }
}
