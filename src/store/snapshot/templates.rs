//! Templates in the state file: one record per template, with its account and region.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::store::infra::versions::Versions;
use crate::store::messaging::templates::{
    valid_name, Template, TemplateKey, TemplateKind, TemplateVersion,
};
use crate::store::{Scope, Store, DEFAULT_ACCOUNT};

/// One template of the state file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplateRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub template_name: String,
    pub template_type: TemplateKind,
    pub versions: Versions<TemplateVersion>,
    pub active: u32,
    pub latest: u32,
    #[serde(rename = "tags", default)]
    pub tags: BTreeMap<String, String>,
}

type Book = HashMap<Scope, BTreeMap<TemplateKey, Template>>;

impl Store {
    /// Every template, as state-file records.
    pub(super) fn template_records(&self) -> Vec<TemplateRecord> {
        let all = self.templates.lock();
        let mut out: Vec<TemplateRecord> = all
            .iter()
            .flat_map(|(scope, book)| {
                book.iter().map(|((name, kind), t)| TemplateRecord {
                    account_id: Some(scope.account.clone()),
                    region: Some(scope.region.clone()),
                    template_name: name.clone(),
                    template_type: *kind,
                    versions: t.versions.clone(),
                    active: t.active,
                    latest: t.latest,
                    tags: t.tags.clone(),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (&a.account_id, &a.region, &a.template_name, a.template_type).cmp(&(
                &b.account_id,
                &b.region,
                &b.template_name,
                b.template_type,
            ))
        });
        out
    }

    /// Checks template records and builds them by scope, without touching the store.
    pub(super) fn build_templates(
        records: &[TemplateRecord],
        default_region: &str,
    ) -> Result<Book, String> {
        let mut book = Book::new();
        for (i, r) in records.iter().enumerate() {
            let here = |m: &str| format!("Templates[{i}] ({}): {m}", r.template_name);
            if !valid_name(&r.template_name) {
                return Err(here("TemplateName is not a valid template name"));
            }
            if !r.versions.has(r.active) {
                return Err(here("Active names no version"));
            }
            if r.versions.newest().is_some_and(|(v, _)| v > r.latest) {
                return Err(here("Latest is lower than a version"));
            }
            let scope = Scope {
                account: r
                    .account_id
                    .clone()
                    .unwrap_or_else(|| DEFAULT_ACCOUNT.into()),
                region: r
                    .region
                    .clone()
                    .unwrap_or_else(|| default_region.to_string()),
            };
            let key = (r.template_name.clone(), r.template_type);
            let template = Template {
                versions: r.versions.clone(),
                active: r.active,
                latest: r.latest,
                tags: r.tags.clone(),
            };
            if book
                .entry(scope)
                .or_default()
                .insert(key, template)
                .is_some()
            {
                return Err(here("the same template appears twice"));
            }
        }
        Ok(book)
    }

    /// Installs built templates: replacing every template, or adding those not there yet.
    pub(super) fn install_templates(&self, built: Book, replace: bool) {
        crate::store::infra::scoped::install(&self.templates, built, replace);
    }
}
