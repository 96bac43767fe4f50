//! CreateCampaign, GetCampaign(s), UpdateCampaign, DeleteCampaign, the versions and the
//! activities (docs/behaviour.md#campaign-versions).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::validate::{event_frequency, template_uses, TemplateUse};
use super::{status, validate, Campaign, CampaignVersion, Status};
use crate::store::app::AppData;
use crate::store::engagement::segments::SegmentType;
use crate::store::{Scope, Store, StoreError, StoreResult};
use crate::time;

/// The segment version a body targets: the one it names, else the segment's latest; the
/// segment and the version must exist.
fn segment_version(data: &AppData, body: &Map<String, Value>) -> StoreResult<u32> {
    let id = body
        .get("SegmentId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let seg = data
        .segments()
        .get(id)
        .ok_or_else(|| StoreError::Missing(format!("Segment {id} not found")))?;
    match body.get("SegmentVersion") {
        None | Some(Value::Null) => Ok(seg.latest().0),
        Some(v) => {
            let n = v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| {
                    StoreError::invalid(
                        "Invalid SegmentVersion: it must be a positive whole number",
                    )
                })?;
            seg.version(Some(n)).map_err(|_| {
                StoreError::Missing(format!("Version {n} of segment {id} not found"))
            })?;
            Ok(n)
        }
    }
}

/// An event-based campaign (or treatment) needs a dynamic segment: an IMPORT one is a 400.
fn check_event_segment(data: &AppData, body: &Map<String, Value>) -> StoreResult<()> {
    let Some(at) = event_frequency(body) else {
        return Ok(());
    };
    let id = body
        .get("SegmentId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let imported = data
        .segments()
        .get(id)
        .is_some_and(|s| s.segment_type == SegmentType::IMPORT);
    if imported {
        return Err(StoreError::invalid(format!(
            "Event-based campaigns can only use dynamic segments: {at} is EVENT and segment {id} is an imported segment"
        )));
    }
    Ok(())
}

impl Store {
    /// Every template a campaign names must exist in the account and region, with the version
    /// it names if any (docs/behaviour.md#campaign-rules).
    fn check_campaign_templates(&self, scope: &Scope, uses: &[TemplateUse]) -> StoreResult<()> {
        for u in uses {
            let kind = u.kind.name();
            let t = self.template(scope, &u.name, u.kind).map_err(|_| {
                StoreError::invalid(format!(
                    "Invalid {}.Name {:?}: it must match the name of an existing {kind} template",
                    u.at, u.name
                ))
            })?;
            if let Some(v) = &u.version {
                t.version(Some(v)).map_err(|_| {
                    StoreError::invalid(format!(
                        "Invalid {}.Version {v:?}: the {kind} template {:?} has no such version",
                        u.at, u.name
                    ))
                })?;
            }
        }
        Ok(())
    }

    /// A campaign's status now.
    pub fn campaign_status(&self, data: &AppData, c: &Campaign, n: u32) -> Status {
        let v = &c.versions[&n];
        let seg = v
            .body
            .get("SegmentId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let created = time::parse_iso8601(&c.creation_date).unwrap_or_else(|| self.clock().now());
        status(
            &v.body,
            created,
            self.clock().now(),
            data.segments().contains_key(seg),
        )
    }

    /// CreateCampaign: version 1.
    pub fn create_campaign(
        &self,
        scope: &Scope,
        app_id: &str,
        body: Map<String, Value>,
        tags: BTreeMap<String, String>,
    ) -> StoreResult<Campaign> {
        validate(&body)?;
        let templates = template_uses(&body)?;
        crate::store::resources::tags::check_tags(&tags)?;
        self.write_app(scope, app_id, |data| {
            let now = self.clock().now_iso();
            let segment_version = segment_version(data, &body)?;
            check_event_segment(data, &body)?;
            self.check_campaign_templates(scope, &templates)?;
            let id = self.ids.resource_id();
            let c = Campaign {
                id: id.clone(),
                creation_date: now.clone(),
                versions: BTreeMap::from([(
                    1,
                    CampaignVersion {
                        body,
                        segment_version,
                        last_modified_date: now,
                    },
                )]),
                tags,
                activities: Vec::new(),
            };
            data.campaigns_mut().insert(id, c.clone());
            Ok(c)
        })
    }

    /// UpdateCampaign: a new version with the members sent replacing the stored ones. A
    /// COMPLETED or DELETED campaign cannot change.
    pub fn update_campaign(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        patch: Map<String, Value>,
    ) -> StoreResult<Campaign> {
        self.write_app(scope, app_id, |data| {
            let now = self.clock().now_iso();
            let c = data.campaigns().get(id).ok_or(StoreError::NotFound)?;
            let (n, latest) = c.latest();
            let st = self.campaign_status(data, c, n);
            if matches!(st, Status::COMPLETED | Status::DELETED) {
                return Err(StoreError::invalid(format!(
                    "Campaign {id} is {st:?} and can no longer be changed"
                )));
            }
            let new_segment = patch.contains_key("SegmentId");
            // Only the templates the update names are looked up: one deleted since the campaign was
            // written does not block other changes.
            let templates = template_uses(&patch)?;
            let mut body = latest.body.clone();
            body.extend(patch);
            validate(&body)?;
            let segment_version = if new_segment || body.contains_key("SegmentVersion") {
                segment_version(data, &body)?
            } else {
                latest.segment_version
            };
            check_event_segment(data, &body)?;
            self.check_campaign_templates(scope, &templates)?;
            let c = data
                .campaigns_mut()
                .get_mut(id)
                .ok_or(StoreError::NotFound)?;
            c.versions.insert(
                n + 1,
                CampaignVersion {
                    body,
                    segment_version,
                    last_modified_date: now,
                },
            );
            let out = c.clone();
            Ok(out)
        })
    }

    /// A copy of a campaign and its status now; unknown → 404.
    pub fn campaign(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
    ) -> StoreResult<(Campaign, Status)> {
        self.read_app(scope, app_id, |data| {
            let c = data.campaigns().get(id).ok_or(StoreError::NotFound)?;
            let st = self.campaign_status(data, c, c.latest().0);
            Ok((c.clone(), st))
        })?
    }

    /// Every campaign of the app with its status, oldest first (ties by id).
    pub fn campaigns(&self, scope: &Scope, app_id: &str) -> StoreResult<Vec<(Campaign, Status)>> {
        self.read_app(scope, app_id, |data| {
            let mut all: Vec<(Campaign, Status)> = data
                .campaigns()
                .values()
                .map(|c| (c.clone(), self.campaign_status(data, c, c.latest().0)))
                .collect();
            all.sort_by(|a, b| (&a.0.creation_date, &a.0.id).cmp(&(&b.0.creation_date, &b.0.id)));
            all
        })
    }

    /// DeleteCampaign: the campaign as it was.
    pub fn delete_campaign(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
    ) -> StoreResult<(Campaign, Status)> {
        self.write_app(scope, app_id, |data| {
            let c = data.campaigns().get(id).ok_or(StoreError::NotFound)?;
            let st = self.campaign_status(data, c, c.latest().0);
            let c = data
                .campaigns_mut()
                .remove(id)
                .ok_or(StoreError::NotFound)?;
            Ok((c, st))
        })
    }
}
