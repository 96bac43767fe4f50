//! Message templates (docs/behaviour.md#templates): per account and region, not per app; keyed
//! by name and type; versioned, with one active version. The content is kept as sent (the members
//! of the type's request shape, [`TemplateContent`]), for the API to answer and for rendering.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::template_content::TemplateContent;
use crate::store::infra::versions::Versions;
use crate::store::{Scope, Store, StoreError, StoreResult};

/// Template content: the request shape's members, as sent.
pub type Content = TemplateContent;

/// The five template types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum TemplateKind {
    EMAIL,
    INAPP,
    PUSH,
    SMS,
    VOICE,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 5] =
        [Self::EMAIL, Self::INAPP, Self::PUSH, Self::SMS, Self::VOICE];

    /// `TemplateType` on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Self::EMAIL => "EMAIL",
            Self::INAPP => "INAPP",
            Self::PUSH => "PUSH",
            Self::SMS => "SMS",
            Self::VOICE => "VOICE",
        }
    }

    /// The type a path segment or `template-type` query names, in any case.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
    }

    /// The request shape's name, for messages.
    pub fn request_shape(self) -> &'static str {
        match self {
            Self::EMAIL => "EmailTemplateRequest",
            Self::INAPP => "InAppTemplateRequest",
            Self::PUSH => "PushNotificationTemplateRequest",
            Self::SMS => "SMSTemplateRequest",
            Self::VOICE => "VoiceTemplateRequest",
        }
    }
}

/// At most this many versions per template.
pub const MAX_VERSIONS: u32 = 5000;

/// One version of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplateVersion {
    pub content: Content,
    pub creation_date: String,
    pub last_modified_date: String,
}

/// A template: its versions, which one is active, and its tags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Template {
    pub versions: Versions<TemplateVersion>,
    pub active: u32,
    /// The highest version number ever given: numbers are never reused.
    pub latest: u32,
    #[serde(rename = "tags", default)]
    pub tags: BTreeMap<String, String>,
}

impl Template {
    /// The active version.
    pub fn active_version(&self) -> Option<&TemplateVersion> {
        self.versions.get(self.active).ok().map(|(_, v)| v)
    }

    /// The version a `version` query names, or the active one; unknown → 404.
    pub fn version(&self, version: Option<&str>) -> StoreResult<(u32, &TemplateVersion)> {
        match version {
            None => self.versions.get(self.active),
            Some(label) => self.versions.labelled(label),
        }
    }
}

/// A template's key: its name and type.
pub type TemplateKey = (String, TemplateKind);

/// Is `name` a valid template name?
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name.len() <= 128
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn check_name(name: &str) -> StoreResult<()> {
    if valid_name(name) {
        Ok(())
    } else {
        Err(StoreError::invalid(format!(
            "Invalid template name {name:?}: it must start with a letter or digit and hold at most 128 letters, digits, '_' and '-'"
        )))
    }
}

/// How an update treats versions.
#[derive(Debug, Clone, Default)]
pub struct VersionChoice {
    pub create_new_version: bool,
    pub version: Option<String>,
}

impl Store {
    fn with_templates<R>(
        &self,
        scope: &Scope,
        f: impl FnOnce(&mut BTreeMap<TemplateKey, Template>) -> StoreResult<R>,
    ) -> StoreResult<R> {
        crate::store::infra::scoped::with_scope(&self.templates, scope, f)
    }

    /// Create*Template: version 1, active. An existing (name, type) → 400.
    pub fn create_template(
        &self,
        scope: &Scope,
        name: &str,
        kind: TemplateKind,
        content: Content,
        tags: BTreeMap<String, String>,
    ) -> StoreResult<()> {
        content.check(kind.request_shape())?;
        check_name(name)?;
        crate::store::resources::tags::check_tags(&tags)?;
        content.check_renderable()?;
        let now = self.now_iso(scope);
        self.with_templates(scope, |book| {
            let key = (name.to_string(), kind);
            if book.contains_key(&key) {
                return Err(StoreError::invalid(format!(
                    "Template {name} of type {} already exists",
                    kind.name()
                )));
            }
            let first = TemplateVersion {
                content,
                creation_date: now.clone(),
                last_modified_date: now,
            };
            book.insert(
                key,
                Template {
                    versions: Versions::first(first),
                    active: 1,
                    latest: 1,
                    tags,
                },
            );
            Ok(())
        })?;
        self.touch();
        Ok(())
    }

    /// Runs `f` on a copy of a template's tags and keeps the copy if `f` succeeds; unknown → 404.
    pub(crate) fn with_template_tags<R>(
        &self,
        scope: &Scope,
        name: &str,
        kind: TemplateKind,
        f: impl FnOnce(&mut BTreeMap<String, String>) -> StoreResult<R>,
    ) -> StoreResult<R> {
        self.with_templates(scope, |book| {
            let t = book
                .get_mut(&(name.to_string(), kind))
                .ok_or(StoreError::NotFound)?;
            let mut tags = t.tags.clone();
            let out = f(&mut tags)?;
            t.tags = tags;
            Ok(out)
        })
    }

    /// A copy of a template; unknown → 404.
    pub fn template(&self, scope: &Scope, name: &str, kind: TemplateKind) -> StoreResult<Template> {
        let all = self.templates.lock();
        all.get(scope)
            .and_then(|b| b.get(&(name.to_string(), kind)))
            .cloned()
            .ok_or(StoreError::NotFound)
    }

    /// Every template of the scope, by name then type.
    pub fn templates(&self, scope: &Scope) -> Vec<(TemplateKey, Template)> {
        let all = self.templates.lock();
        all.get(scope)
            .map(|b| b.iter().map(|(k, t)| (k.clone(), t.clone())).collect())
            .unwrap_or_default()
    }

    /// Update*Template (docs/behaviour.md#template-versions).
    pub fn update_template(
        &self,
        scope: &Scope,
        name: &str,
        kind: TemplateKind,
        content: Content,
        choice: VersionChoice,
    ) -> StoreResult<()> {
        content.check(kind.request_shape())?;
        if choice.create_new_version && choice.version.is_some() {
            return Err(StoreError::invalid(
                "Specify either create-new-version=true or version, not both",
            ));
        }
        content.check_renderable()?;
        let now = self.now_iso(scope);
        self.with_templates(scope, |book| {
            let t = book
                .get_mut(&(name.to_string(), kind))
                .ok_or(StoreError::NotFound)?;
            if let Some(v) = &choice.version {
                if v.parse::<u32>().ok() != Some(t.latest) {
                    return Err(StoreError::invalid(format!(
                        "Invalid version {v:?}: an update must name the latest version, {}",
                        t.latest
                    )));
                }
            }
            if choice.create_new_version {
                if t.latest >= MAX_VERSIONS {
                    return Err(StoreError::limit(format!(
                        "Template {name} has {MAX_VERSIONS} versions, the maximum"
                    )));
                }
                t.latest += 1;
                let version = TemplateVersion {
                    content,
                    creation_date: now.clone(),
                    last_modified_date: now,
                };
                t.versions.insert(t.latest, version);
            } else {
                let latest = t.latest;
                match t.versions.get_mut(latest) {
                    Some(v) => {
                        v.content = content;
                        v.last_modified_date = now;
                    }
                    // The latest version was deleted: the update makes it again.
                    None => {
                        let version = TemplateVersion {
                            content,
                            creation_date: now.clone(),
                            last_modified_date: now,
                        };
                        t.versions.insert(latest, version);
                    }
                }
            }
            Ok(())
        })?;
        self.touch();
        Ok(())
    }

    /// Delete*Template: the whole template, or one version (not the active one while others
    /// exist; the only one removes the template).
    pub fn delete_template(
        &self,
        scope: &Scope,
        name: &str,
        kind: TemplateKind,
        version: Option<&str>,
    ) -> StoreResult<()> {
        self.with_templates(scope, |book| {
            let key = (name.to_string(), kind);
            let t = book.get_mut(&key).ok_or(StoreError::NotFound)?;
            let Some(v) = version else {
                book.remove(&key);
                return Ok(());
            };
            let (n, _) = t.version(Some(v))?;
            if t.versions.len() == 1 {
                book.remove(&key);
            } else if n == t.active {
                return Err(StoreError::invalid(format!(
                    "Version {n} is the active version of template {name}: make another version active first"
                )));
            } else {
                t.versions.remove(n);
            }
            Ok(())
        })?;
        self.touch();
        Ok(())
    }

    /// UpdateTemplateActiveVersion: `latest` or an existing version.
    pub fn set_active_template_version(
        &self,
        scope: &Scope,
        name: &str,
        kind: TemplateKind,
        version: &str,
    ) -> StoreResult<()> {
        self.with_templates(scope, |book| {
            let t = book
                .get_mut(&(name.to_string(), kind))
                .ok_or(StoreError::NotFound)?;
            let n = if version == "latest" {
                t.versions.newest().ok_or(StoreError::NotFound)?.0
            } else {
                t.version(Some(version))?.0
            };
            t.active = n;
            Ok(())
        })?;
        self.touch();
        Ok(())
    }
}
