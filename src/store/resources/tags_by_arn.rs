//! Tags by ARN (docs/behaviour.md#tags): TagResource, UntagResource and ListTagsForResource on
//! apps, segments, campaigns, journeys and templates. The tags live on the resources themselves,
//! so a resource's Get answer and ListTagsForResource always agree, and deleting a resource
//! deletes its tags.

use super::tags::{check_tags, Tags};
use crate::store::app::AppData;
use crate::store::messaging::templates::TemplateKind;
use crate::store::{Scope, Store, StoreError, StoreResult};

/// A taggable resource, as its ARN names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    App(String),
    Segment(String, String),
    Campaign(String, String),
    Journey(String, String),
    Template(String, TemplateKind),
}

fn malformed(arn: &str) -> StoreError {
    StoreError::invalid(format!(
        "Invalid resource-arn {arn:?}: the ARN of an app, segment, campaign, journey or template (arn:aws:mobiletargeting:REGION:ACCOUNT:apps/APP-ID…)"
    ))
}

/// Parses a Pinpoint ARN into the scope it names and the resource; malformed → 400.
pub fn parse_arn(arn: &str) -> StoreResult<(Scope, Resource)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [a, partition, service, region, account, rest] = parts[..] else {
        return Err(malformed(arn));
    };
    if a != "arn" || !partition.starts_with("aws") || service != "mobiletargeting" {
        return Err(malformed(arn));
    }
    if region.is_empty() || account.is_empty() {
        return Err(malformed(arn));
    }
    let path: Vec<&str> = rest.split('/').collect();
    let own = |s: &&str| s.to_string();
    let resource = match path[..] {
        ["apps", app] if !app.is_empty() => Resource::App(app.into()),
        ["apps", app, kind, id] if !app.is_empty() && !id.is_empty() => match kind {
            "segments" => Resource::Segment(own(&app), own(&id)),
            "campaigns" => Resource::Campaign(own(&app), own(&id)),
            "journeys" => Resource::Journey(own(&app), own(&id)),
            _ => return Err(malformed(arn)),
        },
        ["templates", name, kind] if !name.is_empty() => {
            let kind = TemplateKind::parse(kind).ok_or_else(|| malformed(arn))?;
            Resource::Template(name.into(), kind)
        }
        _ => return Err(malformed(arn)),
    };
    let scope = Scope {
        account: account.to_string(),
        region: region.to_string(),
    };
    Ok((scope, resource))
}

/// The tags of an app's resource, to read or change; an unknown resource → 404.
fn app_tags<'d>(data: &'d mut AppData, r: &Resource) -> StoreResult<&'d mut Tags> {
    let tags = match r {
        Resource::App(_) => Some(data.tags_mut()),
        Resource::Segment(_, id) => data.segments_mut().get_mut(id).map(|s| &mut s.tags),
        Resource::Campaign(_, id) => data.campaigns_mut().get_mut(id).map(|c| &mut c.tags),
        Resource::Journey(_, id) => data.journeys_mut().get_mut(id).map(|j| &mut j.tags),
        Resource::Template(..) => None,
    };
    tags.ok_or(StoreError::NotFound)
}

impl Store {
    /// Runs `f` on the tags of the resource an ARN names, in the caller's scope. An ARN of
    /// another account or region names nothing here → 404. `f` may fail, and then nothing
    /// changes.
    fn with_tags<R>(
        &self,
        scope: &Scope,
        arn: &str,
        write: bool,
        f: impl FnOnce(&mut Tags) -> StoreResult<R>,
    ) -> StoreResult<R> {
        let (named, resource) = parse_arn(arn)?;
        if named != *scope {
            return Err(StoreError::NotFound);
        }
        let r = match &resource {
            Resource::Template(name, kind) => self.with_template_tags(scope, name, *kind, f),
            Resource::App(app)
            | Resource::Segment(app, _)
            | Resource::Campaign(app, _)
            | Resource::Journey(app, _) => {
                let app = self.app(scope, app)?;
                let mut data = app.data.write();
                let tags = app_tags(&mut data, &resource)?;
                let mut changed = tags.clone();
                let out = f(&mut changed)?;
                *tags = changed;
                Ok(out)
            }
        }?;
        if write {
            self.touch();
        }
        Ok(r)
    }

    /// ListTagsForResource.
    pub fn list_tags(&self, scope: &Scope, arn: &str) -> StoreResult<Tags> {
        self.with_tags(scope, arn, false, |t| Ok(t.clone()))
    }

    /// TagResource: the given keys are added or overwritten; the result is checked as a whole.
    pub fn tag_resource(&self, scope: &Scope, arn: &str, tags: Tags) -> StoreResult<()> {
        if tags.is_empty() {
            return Err(StoreError::invalid(
                "Missing tags: TagResource needs at least one tag",
            ));
        }
        self.with_tags(scope, arn, true, |t| {
            t.extend(tags);
            check_tags(t)
        })
    }

    /// UntagResource: the named keys are removed; keys the resource lacks are ignored.
    pub fn untag_resource(&self, scope: &Scope, arn: &str, keys: &[String]) -> StoreResult<()> {
        if keys.is_empty() {
            return Err(StoreError::invalid(
                "Missing tagKeys: UntagResource needs at least one tag key",
            ));
        }
        self.with_tags(scope, arn, true, |t| {
            keys.iter().for_each(|k| {
                t.remove(k);
            });
            Ok(())
        })
    }
}
