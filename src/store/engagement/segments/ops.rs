//! CreateSegment, GetSegment(s), UpdateSegment, DeleteSegment and the versions
//! (docs/behaviour.md#segment-versions).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::eval::Evaluator;
use super::{validate, Segment, SegmentType, SegmentVersion, SegmentWrite};
use crate::store::app::AppData;
use crate::store::endpoints::model::fold_id;
use crate::store::events::recorded::{EventHead, Origin};
use crate::store::infra::versions::Versions;
use crate::store::{Scope, Store, StoreError, StoreResult};
use crate::time;

/// Checks that every base segment a write names exists (with the version it names) and is not
/// the segment being written.
fn check_sources(data: &AppData, this: Option<&str>, w: &SegmentWrite) -> StoreResult<()> {
    let Some(groups) = &w.segment_groups else {
        return Ok(());
    };
    for r in groups.groups.iter().flat_map(|g| &g.source_segments) {
        if Some(r.id.as_str()) == this {
            return Err(StoreError::invalid(format!(
                "Invalid SourceSegments: segment {} cannot be its own base segment",
                r.id
            )));
        }
        let seg = data
            .segments()
            .get(&r.id)
            .ok_or_else(|| StoreError::Missing(format!("Segment {} not found", r.id)))?;
        if let Some(v) = r.version {
            seg.versions.get(v).map_err(|_| {
                StoreError::Missing(format!("Version {v} of segment {} not found", r.id))
            })?;
        }
        if let Some(this) = this {
            if reaches(data, &r.id, this) {
                return Err(StoreError::invalid(format!(
                    "Invalid SourceSegments: segment {} has segment {this} among its own base segments",
                    r.id
                )));
            }
        }
    }
    Ok(())
}

/// Whether segment `from` (any version) has `target` among its base segments, at any depth.
fn reaches(data: &AppData, from: &str, target: &str) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(id) = todo.pop() {
        if id == target {
            return true;
        }
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(seg) = data.segments().get(&id) {
            let refs = seg
                .versions
                .values()
                .filter_map(|v| v.segment_groups.as_ref())
                .flat_map(|l| &l.groups)
                .flat_map(|g| &g.source_segments);
            todo.extend(refs.map(|r| r.id.clone()));
        }
    }
    false
}

impl Store {
    /// CreateSegment: version 1 of a new DIMENSIONAL segment.
    pub fn create_segment(
        &self,
        scope: &Scope,
        app_id: &str,
        w: SegmentWrite,
    ) -> StoreResult<Segment> {
        if let Some(tags) = &w.tags {
            crate::store::resources::tags::check_tags(tags)?;
        }
        self.write_segment(scope, app_id, None, w, |data, now, w| {
            let id = self.ids.resource_id();
            let segment = Segment {
                id: id.clone(),
                segment_type: SegmentType::DIMENSIONAL,
                creation_date: now.clone(),
                versions: Versions::first(SegmentVersion {
                    name: w.name,
                    dimensions: w.dimensions,
                    segment_groups: w.segment_groups,
                    last_modified_date: now,
                }),
                tags: w.tags.unwrap_or_default(),
                imported: None,
                imported_users: None,
                import: None,
            };
            data.segments_mut().insert(id, segment.clone());
            Ok(segment)
        })
    }

    /// A copy of a segment; unknown → 404.
    pub fn segment(&self, scope: &Scope, app_id: &str, id: &str) -> StoreResult<Segment> {
        self.read_app(scope, app_id, |data| {
            data.segments().get(id).cloned().ok_or(StoreError::NotFound)
        })?
    }

    /// Every segment of the app, oldest first (ties by id).
    pub fn segments(&self, scope: &Scope, app_id: &str) -> StoreResult<Vec<Segment>> {
        let mut all: Vec<Segment> =
            self.read_app(scope, app_id, |d| d.segments().values().cloned().collect())?;
        all.sort_by(|a, b| (&a.creation_date, &a.id).cmp(&(&b.creation_date, &b.id)));
        Ok(all)
    }

    /// UpdateSegment: a new version; members left out keep their value. An IMPORT segment may
    /// only be renamed.
    pub fn update_segment(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        w: SegmentWrite,
    ) -> StoreResult<Segment> {
        let updated = self.write_segment(scope, app_id, Some(id), w, |data, now, w| {
            let seg = data
                .segments_mut()
                .get_mut(id)
                .ok_or(StoreError::NotFound)?;
            if seg.segment_type == SegmentType::IMPORT
                && (w.dimensions.is_some() || w.segment_groups.is_some())
            {
                return Err(StoreError::invalid(
                    "Imported segments can't be modified: only the Name of an IMPORT segment can change",
                ));
            }
            let (_, latest) = seg.versions.latest();
            let next = SegmentVersion {
                name: w.name.or_else(|| latest.name.clone()),
                dimensions: w.dimensions.or_else(|| latest.dimensions.clone()),
                segment_groups: w.segment_groups.or_else(|| latest.segment_groups.clone()),
                last_modified_date: now,
            };
            seg.versions.push(next);
            Ok(seg.clone())
        })?;
        self.segment_updated(scope, app_id, id);
        Ok(updated)
    }

    /// A segment write: the definition checked, the app's write lock held while its base
    /// segments are checked and `f` applies the write, the store touched once it has succeeded.
    fn write_segment<R>(
        &self,
        scope: &Scope,
        app_id: &str,
        this: Option<&str>,
        w: SegmentWrite,
        f: impl FnOnce(&mut AppData, String, SegmentWrite) -> StoreResult<R>,
    ) -> StoreResult<R> {
        validate(&w)?;
        self.write_app(scope, app_id, |data| {
            let now = self.now_iso(scope);
            check_sources(data, this, &w)?;
            let out = f(data, now, w)?;
            Ok(out)
        })
    }

    /// DeleteSegment: the segment as it was.
    pub fn delete_segment(&self, scope: &Scope, app_id: &str, id: &str) -> StoreResult<Segment> {
        self.write_app(scope, app_id, |d| {
            d.segments_mut().remove(id).ok_or(StoreError::NotFound)
        })
    }

    /// The ids of a segment's members at a version (the latest when `None`), in creation
    /// order (docs/behaviour.md#segment-membership).
    pub fn segment_members(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        version: Option<u32>,
    ) -> StoreResult<Vec<String>> {
        self.read_app(scope, app_id, |data| {
            let seg = data.segments().get(id).ok_or(StoreError::NotFound)?;
            let events = || self.last_event_times(scope, app_id);
            let ev = Evaluator::new(data, self.now(scope), &events);
            Ok(ev
                .members(seg, version)?
                .into_iter()
                .map(|e| e.id.clone())
                .collect())
        })?
    }

    /// Each endpoint's latest Timestamp among the events its clients recorded with PutEvents,
    /// by case-folded id. What the emulator records itself (deliveries, engagement) is not the
    /// endpoint's activity (docs/behaviour.md#service-events-no-activity).
    pub(crate) fn last_event_times(
        &self,
        scope: &Scope,
        app_id: &str,
    ) -> HashMap<String, DateTime<Utc>> {
        let (events, _) = self.events.select(
            |e| {
                e.origin == Origin::PutEvents
                    && *e.application_id == *app_id
                    && *e.account_id == *scope.account
                    && *e.region == *scope.region
            },
            None,
        );
        let mut last: HashMap<String, DateTime<Utc>> = HashMap::new();
        for e in events {
            let head = EventHead::of(&e.event);
            let Some(endpoint) = e.endpoint_id.as_deref() else {
                continue;
            };
            if let Some(at) = head.timestamp.as_deref().and_then(time::parse_iso8601) {
                let slot = last.entry(fold_id(endpoint).into_owned()).or_insert(at);
                *slot = (*slot).max(at);
            }
        }
        last
    }
}
