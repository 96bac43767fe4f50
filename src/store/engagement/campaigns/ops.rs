//! CreateCampaign, GetCampaign(s), UpdateCampaign, DeleteCampaign, the versions and the
//! activities (docs/behaviour.md#campaign-versions).

use super::validate::{event_frequency, template_uses, TemplateUse};
use super::{states, validate, Campaign, CampaignVersion, States, Status};
use crate::model::WriteCampaignRequest;
use crate::store::app::AppData;
use crate::store::engagement::segments::SegmentType;
use crate::store::infra::versions::Versions;
use crate::store::{Scope, Store, StoreError, StoreResult};

/// The segment version a campaign targets: the one it names, else the segment's latest; the
/// segment and the version must exist.
fn segment_version(data: &AppData, body: &WriteCampaignRequest) -> StoreResult<u32> {
    let id = body.segment_id.as_deref().unwrap_or_default();
    let seg = data
        .segments()
        .get(id)
        .ok_or_else(|| StoreError::Missing(format!("Segment {id} not found")))?;
    match body.segment_version {
        None => Ok(seg.versions.latest().0),
        Some(v) => {
            let n = u32::try_from(v).map_err(|_| {
                StoreError::invalid("Invalid SegmentVersion: it must be a positive whole number")
            })?;
            seg.versions.get(n).map_err(|_| {
                StoreError::Missing(format!("Version {n} of segment {id} not found"))
            })?;
            Ok(n)
        }
    }
}

/// An event-based campaign (or treatment) needs a dynamic segment: an IMPORT one is a 400.
fn check_event_segment(data: &AppData, body: &WriteCampaignRequest) -> StoreResult<()> {
    let Some(at) = event_frequency(body) else {
        return Ok(());
    };
    let id = body.segment_id.as_deref().unwrap_or_default();
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

/// An update's members over the stored ones: each member the update has replaces the stored
/// one, the others stay. Tags are not part of a version (they are set by CreateCampaign and
/// TagResource), so an update's are ignored.
fn merged(mut body: WriteCampaignRequest, patch: WriteCampaignRequest) -> WriteCampaignRequest {
    fn over<T>(to: &mut Option<T>, from: Option<T>) {
        if from.is_some() {
            *to = from;
        }
    }
    let b = &mut body;
    over(&mut b.additional_treatments, patch.additional_treatments);
    over(
        &mut b.custom_delivery_configuration,
        patch.custom_delivery_configuration,
    );
    over(&mut b.description, patch.description);
    over(&mut b.holdout_percent, patch.holdout_percent);
    over(&mut b.hook, patch.hook);
    over(&mut b.is_paused, patch.is_paused);
    over(&mut b.limits, patch.limits);
    over(&mut b.message_configuration, patch.message_configuration);
    over(&mut b.name, patch.name);
    over(&mut b.priority, patch.priority);
    over(&mut b.schedule, patch.schedule);
    over(&mut b.segment_id, patch.segment_id);
    over(&mut b.segment_version, patch.segment_version);
    over(&mut b.template_configuration, patch.template_configuration);
    over(&mut b.treatment_description, patch.treatment_description);
    over(&mut b.treatment_name, patch.treatment_name);
    body
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

    /// A campaign's statuses now, from its latest version (docs/behaviour.md#campaign-status).
    pub fn campaign_states(&self, scope: &Scope, data: &AppData, c: &Campaign) -> States {
        let (_, v) = c.versions.latest();
        states(
            c,
            self.now(scope),
            data.segments().contains_key(v.segment_id()),
        )
    }

    /// CreateCampaign: version 1, and the campaign's tags from the request's `tags`.
    pub fn create_campaign(
        &self,
        scope: &Scope,
        app_id: &str,
        mut body: WriteCampaignRequest,
    ) -> StoreResult<Campaign> {
        let tags = body.tags.take().unwrap_or_default();
        validate(&body)?;
        self.system.arm_for(super::validate::system_filter(&body));
        let templates = template_uses(&body)?;
        crate::store::resources::tags::check_tags(&tags)?;
        // Before any lock is taken: the HEAD check of a webhook waits on the network.
        self.check_deliveries(scope, &body, None)?;
        self.write_app(scope, app_id, |data| {
            let now = self.now_iso(scope);
            let segment_version = segment_version(data, &body)?;
            check_event_segment(data, &body)?;
            self.check_campaign_templates(scope, &templates)?;
            let id = self.ids.resource_id();
            let c = Campaign {
                id: id.clone(),
                creation_date: now.clone(),
                versions: Versions::first(CampaignVersion {
                    body,
                    segment_version,
                    last_modified_date: now,
                }),
                tags,
                activities: Vec::new(),
                last_runs: Default::default(),
                book: Default::default(),
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
        patch: WriteCampaignRequest,
    ) -> StoreResult<Campaign> {
        // The DeliveryUri rules, and the HEAD check of a webhook the update brings in, on the
        // merged campaign before any lock is taken (the check waits on the network). Only an
        // update the other rules accept gets that far; they are checked under the lock below.
        let before = self
            .read_app(scope, app_id, |data| {
                let c = data.campaigns().get(id)?;
                let st = self.campaign_states(scope, data, c).campaign;
                let open = !matches!(st, Status::COMPLETED | Status::DELETED);
                open.then(|| c.versions.latest().1.body.clone())
            })
            .ok()
            .flatten();
        if let Some(before) = before {
            let body = merged(before.clone(), patch.clone());
            if template_uses(&patch).is_ok() && validate(&body).is_ok() {
                self.check_deliveries(scope, &body, Some(&before))?;
            }
        }
        self.write_app(scope, app_id, |data| {
            let now = self.now_iso(scope);
            let c = data.campaigns().get(id).ok_or(StoreError::NotFound)?;
            let (_, latest) = c.versions.latest();
            let st = self.campaign_states(scope, data, c).campaign;
            if matches!(st, Status::COMPLETED | Status::DELETED) {
                return Err(StoreError::invalid(format!(
                    "Campaign {id} is {st:?} and can no longer be changed"
                )));
            }
            let new_segment = patch.segment_id.is_some();
            // Only the templates the update names are looked up: one deleted since the campaign was
            // written does not block other changes.
            let templates = template_uses(&patch)?;
            let body = merged(latest.body.clone(), patch);
            validate(&body)?;
            self.system.arm_for(super::validate::system_filter(&body));
            let segment_version = if new_segment || body.segment_version.is_some() {
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
            c.versions.push(CampaignVersion {
                body,
                segment_version,
                last_modified_date: now,
            });
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
    ) -> StoreResult<(Campaign, States)> {
        self.read_app(scope, app_id, |data| {
            let c = data.campaigns().get(id).ok_or(StoreError::NotFound)?;
            let st = self.campaign_states(scope, data, c);
            Ok((c.clone(), st))
        })?
    }

    /// A copy of a campaign, the version a `version` label names and the campaign's status now;
    /// an unknown campaign or version, or a label that is not a version number → 404.
    pub fn campaign_version(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        version: &str,
    ) -> StoreResult<(Campaign, u32, States)> {
        let (c, status) = self.campaign(scope, app_id, id)?;
        let n = version.parse().map_err(|_| StoreError::NotFound)?;
        c.versions.get(n)?;
        Ok((c, n, status))
    }

    /// Every campaign of the app with its status, oldest first (ties by id).
    pub fn campaigns(&self, scope: &Scope, app_id: &str) -> StoreResult<Vec<(Campaign, States)>> {
        self.read_app(scope, app_id, |data| {
            let mut all: Vec<(Campaign, States)> = data
                .campaigns()
                .values()
                .map(|c| (c.clone(), self.campaign_states(scope, data, c)))
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
    ) -> StoreResult<(Campaign, States)> {
        self.write_app(scope, app_id, |data| {
            let c = data.campaigns().get(id).ok_or(StoreError::NotFound)?;
            let st = self.campaign_states(scope, data, c);
            let c = data
                .campaigns_mut()
                .remove(id)
                .ok_or(StoreError::NotFound)?;
            Ok((c, st))
        })
    }
}
