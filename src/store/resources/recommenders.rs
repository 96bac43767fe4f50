//! Recommender configurations (docs/behaviour.md#recommenders): account- and region-wide, like
//! templates, so deleting an app leaves them. The emulator keeps and answers them; it calls no
//! Amazon Personalize campaign.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::store::{Scope, Store, StoreError, StoreResult, DEFAULT_ACCOUNT};

/// At most this many configurations per account and region.
pub const MAX_RECOMMENDERS: usize = 100;
const ID_TYPES: &[&str] = &["PINPOINT_ENDPOINT_ID", "PINPOINT_USER_ID"];

/// What CreateRecommenderConfiguration and UpdateRecommenderConfiguration write.
#[derive(Debug, Clone, Default)]
pub struct RecommenderWrite {
    pub attributes: Option<BTreeMap<String, String>>,
    pub description: Option<String>,
    pub name: Option<String>,
    pub recommendation_provider_id_type: Option<String>,
    pub recommendation_provider_role_arn: Option<String>,
    pub recommendation_provider_uri: Option<String>,
    pub recommendation_transformer_uri: Option<String>,
    pub recommendations_display_name: Option<String>,
    pub recommendations_per_message: Option<i64>,
}

/// `RecommenderConfigurationResponse`, also the state file's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Recommender {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<BTreeMap<String, String>>,
    pub creation_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub id: String,
    pub last_modified_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub recommendation_provider_id_type: String,
    pub recommendation_provider_role_arn: String,
    pub recommendation_provider_uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation_transformer_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendations_display_name: Option<String>,
    pub recommendations_per_message: i64,
}

/// A configuration in the state file, with its account and region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecommenderRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(flatten)]
    pub config: Recommender,
}

/// Every configuration, by scope then id.
pub type Book = HashMap<Scope, BTreeMap<String, Recommender>>;

fn too_long(member: &str, v: Option<&str>, max: usize) -> StoreResult<()> {
    match v {
        Some(v) if v.chars().count() > max => Err(StoreError::invalid(format!(
            "Invalid {member}: at most {max} characters"
        ))),
        _ => Ok(()),
    }
}

fn required<'a>(
    member: &str,
    v: Option<&'a str>,
    prefix: &str,
    what: &str,
) -> StoreResult<&'a str> {
    let v = v
        .filter(|v| !v.is_empty())
        .ok_or_else(|| StoreError::invalid(format!("Missing {member}: {what}")))?;
    if !v.starts_with(prefix) {
        return Err(StoreError::invalid(format!(
            "Invalid {member} {v:?}: {what} ({prefix}…)"
        )));
    }
    Ok(v)
}

/// Checks a write and makes the configuration it describes (docs/behaviour.md#recommenders).
fn build(
    w: RecommenderWrite,
    id: String,
    created: String,
    now: String,
) -> StoreResult<Recommender> {
    let role = required(
        "RecommendationProviderRoleArn",
        w.recommendation_provider_role_arn.as_deref(),
        "arn:aws:iam::",
        "an IAM role ARN",
    )?
    .to_string();
    let uri = required(
        "RecommendationProviderUri",
        w.recommendation_provider_uri.as_deref(),
        "arn:aws:personalize:",
        "an Amazon Personalize campaign ARN",
    )?
    .to_string();
    if let Some(name) = &w.name {
        let first = name.chars().next();
        if !first.is_some_and(char::is_alphanumeric) || name.chars().count() > 128 {
            return Err(StoreError::invalid(format!(
                "Invalid Name {name:?}: 1 to 128 characters, starting with a letter or digit"
            )));
        }
    }
    too_long("Description", w.description.as_deref(), 128)?;
    too_long(
        "RecommendationsDisplayName",
        w.recommendations_display_name.as_deref(),
        25,
    )?;
    let per_message = w.recommendations_per_message.unwrap_or(5);
    if !(1..=5).contains(&per_message) {
        return Err(StoreError::invalid(format!(
            "Invalid RecommendationsPerMessage {per_message}: it must be 1 to 5"
        )));
    }
    let id_type = w
        .recommendation_provider_id_type
        .unwrap_or_else(|| ID_TYPES[0].to_string());
    if !ID_TYPES.contains(&id_type.as_str()) {
        return Err(StoreError::invalid(format!(
            "Invalid RecommendationProviderIdType {id_type:?}: must be one of {}",
            ID_TYPES.join(", ")
        )));
    }
    if let Some(attrs) = &w.attributes {
        if !(1..=10).contains(&attrs.len()) {
            return Err(StoreError::invalid(format!(
                "Invalid Attributes: 1 to 10 entries, {} given",
                attrs.len()
            )));
        }
        for (k, v) in attrs {
            too_long(&format!("Attributes name {k:?}"), Some(k), 50)?;
            too_long(&format!("Attributes.{k} display name"), Some(v), 25)?;
        }
    }
    Ok(Recommender {
        attributes: w.attributes,
        creation_date: created,
        description: w.description,
        id,
        last_modified_date: now,
        name: w.name,
        recommendation_provider_id_type: id_type,
        recommendation_provider_role_arn: role,
        recommendation_provider_uri: uri,
        recommendation_transformer_uri: w.recommendation_transformer_uri,
        recommendations_display_name: w.recommendations_display_name,
        recommendations_per_message: per_message,
    })
}

impl Store {
    fn with_recommenders<R>(
        &self,
        scope: &Scope,
        f: impl FnOnce(&mut BTreeMap<String, Recommender>) -> StoreResult<R>,
    ) -> StoreResult<R> {
        crate::store::infra::scoped::with_scope(&self.recommenders, scope, f)
    }

    /// CreateRecommenderConfiguration.
    pub fn create_recommender(
        &self,
        scope: &Scope,
        w: RecommenderWrite,
    ) -> StoreResult<Recommender> {
        let now = self.now_iso(scope);
        let r = build(w, self.ids.resource_id(), now.clone(), now)?;
        self.with_recommenders(scope, |book| {
            if book.len() >= MAX_RECOMMENDERS {
                return Err(StoreError::limit(format!(
                    "The maximum number of recommender configurations ({MAX_RECOMMENDERS}) for account {} in region {} has been reached",
                    scope.account, scope.region
                )));
            }
            book.insert(r.id.clone(), r.clone());
            Ok(())
        })?;
        self.touch();
        Ok(r)
    }

    /// UpdateRecommenderConfiguration: a full replace that keeps Id and CreationDate.
    pub fn update_recommender(
        &self,
        scope: &Scope,
        id: &str,
        w: RecommenderWrite,
    ) -> StoreResult<Recommender> {
        let now = self.now_iso(scope);
        let r = self.with_recommenders(scope, |book| {
            let old = book.get_mut(id).ok_or(StoreError::NotFound)?;
            *old = build(w, old.id.clone(), old.creation_date.clone(), now)?;
            Ok(old.clone())
        })?;
        self.touch();
        Ok(r)
    }

    /// GetRecommenderConfiguration.
    pub fn recommender(&self, scope: &Scope, id: &str) -> StoreResult<Recommender> {
        self.with_recommenders(scope, |book| {
            book.get(id).cloned().ok_or(StoreError::NotFound)
        })
    }

    /// Every configuration of the scope, oldest first (ties by id).
    pub fn recommenders(&self, scope: &Scope) -> Vec<Recommender> {
        let mut all: Vec<Recommender> = self
            .recommenders
            .lock()
            .get(scope)
            .map(|b| b.values().cloned().collect())
            .unwrap_or_default();
        all.sort_by(|a, b| (&a.creation_date, &a.id).cmp(&(&b.creation_date, &b.id)));
        all
    }

    /// DeleteRecommenderConfiguration: the configuration as it was.
    pub fn delete_recommender(&self, scope: &Scope, id: &str) -> StoreResult<Recommender> {
        let r =
            self.with_recommenders(scope, |book| book.remove(id).ok_or(StoreError::NotFound))?;
        self.touch();
        Ok(r)
    }

    /// Every configuration, as state-file records.
    pub(in crate::store) fn recommender_records(&self) -> Vec<RecommenderRecord> {
        let all = self.recommenders.lock();
        let mut out: Vec<RecommenderRecord> = all
            .iter()
            .flat_map(|(scope, book)| {
                book.values().map(|r| RecommenderRecord {
                    account_id: Some(scope.account.clone()),
                    region: Some(scope.region.clone()),
                    config: r.clone(),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (&a.account_id, &a.region, &a.config.id).cmp(&(&b.account_id, &b.region, &b.config.id))
        });
        out
    }

    /// Checks records and builds them by scope, without touching the store.
    pub(in crate::store) fn build_recommenders(
        records: &[RecommenderRecord],
        default_region: &str,
    ) -> Result<Book, String> {
        let mut book = Book::new();
        for (i, r) in records.iter().enumerate() {
            let c = &r.config;
            let write = RecommenderWrite {
                attributes: c.attributes.clone(),
                description: c.description.clone(),
                name: c.name.clone(),
                recommendation_provider_id_type: Some(c.recommendation_provider_id_type.clone()),
                recommendation_provider_role_arn: Some(c.recommendation_provider_role_arn.clone()),
                recommendation_provider_uri: Some(c.recommendation_provider_uri.clone()),
                recommendation_transformer_uri: c.recommendation_transformer_uri.clone(),
                recommendations_display_name: c.recommendations_display_name.clone(),
                recommendations_per_message: Some(c.recommendations_per_message),
            };
            build(
                write,
                c.id.clone(),
                c.creation_date.clone(),
                c.last_modified_date.clone(),
            )
            .map_err(|e| format!("Recommenders[{i}] ({}): {e}", c.id))?;
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
            if book
                .entry(scope)
                .or_default()
                .insert(c.id.clone(), c.clone())
                .is_some()
            {
                return Err(format!(
                    "Recommenders[{i}] ({}): the same id appears twice",
                    c.id
                ));
            }
        }
        Ok(book)
    }

    /// Installs built configurations: replacing all, or adding those not there yet.
    pub(in crate::store) fn install_recommenders(&self, built: Book, replace: bool) {
        crate::store::infra::scoped::install(&self.recommenders, built, replace);
    }
}
