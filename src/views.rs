//! The dashboard's read-only views of the store (docs/behaviour.md#dashboard), built on the
//! store's general read accessors ([`Store::all_apps`], [`Store::read_app`]): every app with
//! its sizes, one page of an app's endpoints or users matching a search, one endpoint with its
//! user's other endpoints, each segment's member count, each campaign's runs ([`campaigns`])
//! and each journey drawn as a graph of its activities ([`journeys`]). Listings are paged by
//! key with a partial sort, so a page of an app with 100,000 endpoints costs one pass over
//! them, never a copy of them all.

use serde::Serialize;

mod campaigns;
mod journeys;
pub use campaigns::{CampaignRuns, RunRow};
pub use journeys::{edges, ActivityNode, Edge, JourneyGraph, JourneySummary};

use crate::paging::{cut, Page};
use crate::store::endpoints::model::{
    fold_id, AttrMap, ChannelType, Endpoint, EndpointView, OptOut, Status,
};
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::engagement::segments::SegmentType;
use crate::store::events::recorded::RecordedEvent;
use crate::store::messaging::messages::sent::SentMessage;
use crate::store::{Scope, Store, StoreError, StoreResult};

/// One app and how big it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AppSummary {
    pub account_id: String,
    pub region: String,
    pub application_id: String,
    pub name: String,
    pub creation_date: String,
    pub endpoint_count: usize,
    pub user_count: usize,
    pub segment_count: usize,
    pub campaign_count: usize,
}

/// One endpoint in a listing: what identifies it and its state, without its attributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointRow {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<ChannelType>,
    pub endpoint_status: Status,
    pub opt_out: OptOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub cohort_id: String,
    pub effective_date: String,
}

impl From<&Endpoint> for EndpointRow {
    fn from(e: &Endpoint) -> Self {
        Self {
            id: e.id.clone(),
            address: e.address.clone(),
            channel_type: e.channel_type,
            endpoint_status: e.status,
            opt_out: e.opt_out,
            user_id: e.user_id.clone(),
            cohort_id: e.cohort_id.to_string(),
            effective_date: e.effective_date().to_string(),
        }
    }
}

/// One user in a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserRow {
    pub user_id: String,
    pub endpoint_count: usize,
    pub user_attributes: AttrMap,
}

/// One segment and how many endpoints are in it now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SegmentCount {
    pub segment_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub segment_type: SegmentType,
    pub version: u32,
    pub creation_date: String,
    /// `None` when the segment cannot be evaluated (it names a segment that is gone).
    pub member_count: Option<usize>,
}

/// One page of a listing and how many items match in all.
#[derive(Debug)]
pub struct Listing<T> {
    pub page: Page<T>,
    pub count: usize,
}

/// Which endpoints a listing wants: `text` is a case-insensitive substring of the id, the
/// user id or the address; `user_id` an exact user.
#[derive(Debug, Clone, Default)]
pub struct EndpointSearch {
    pub text: Option<String>,
    pub user_id: Option<String>,
}

/// Does `hay` contain `needle` (already lowercase), ignoring case? ASCII needles compare
/// bytes in place; others lowercase the haystack.
fn contains_folded(hay: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

impl EndpointSearch {
    /// A search for `text` (if not blank) and `user_id`.
    pub fn new(text: Option<&str>, user_id: Option<String>) -> Self {
        let text = text
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase);
        Self { text, user_id }
    }

    fn matches(&self, e: &Endpoint) -> bool {
        self.user_id
            .as_ref()
            .is_none_or(|u| e.user_id.as_ref() == Some(u))
            && self.text.as_deref().is_none_or(|t| {
                contains_folded(&e.id, t)
                    || e.user_id.as_deref().is_some_and(|u| contains_folded(u, t))
                    || e.address.as_deref().is_some_and(|a| contains_folded(a, t))
            })
    }
}

/// Which log entries (recorded events, sent messages) a view wants: every member given must
/// match. `kind` is the EventType of an event, the channel of a message.
#[derive(Debug, Clone, Default)]
pub struct LogView {
    pub account: Option<String>,
    pub region: Option<String>,
    pub application_id: Option<String>,
    /// Case-folded.
    pub endpoint_id: Option<String>,
    pub kind: Option<String>,
}

impl LogView {
    /// A view; `endpoint_id` is case-folded here.
    pub fn new(
        account: Option<String>,
        region: Option<String>,
        application_id: Option<String>,
        endpoint_id: Option<&str>,
        kind: Option<String>,
    ) -> Self {
        let given = |s: Option<String>| s.filter(|s| !s.is_empty());
        Self {
            account: given(account),
            region: given(region),
            application_id: given(application_id),
            endpoint_id: endpoint_id
                .filter(|s| !s.is_empty())
                .map(|e| fold_id(e).into_owned()),
            kind: given(kind),
        }
    }

    fn place(&self, account: &str, region: &str, app: &str, endpoint: Option<&str>) -> bool {
        let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        eq(&self.account, account)
            && eq(&self.region, region)
            && eq(&self.application_id, app)
            && self
                .endpoint_id
                .as_deref()
                .is_none_or(|w| endpoint.is_some_and(|e| fold_id(e) == w))
    }

    /// Does the view show this event?
    pub fn event(&self, e: &RecordedEvent) -> bool {
        self.place(
            &e.account_id,
            &e.region,
            &e.application_id,
            e.endpoint_id.as_deref(),
        ) && self
            .kind
            .as_deref()
            .is_none_or(|k| e.event_type.as_deref() == Some(k))
    }

    /// Does the view show this message?
    pub fn message(&self, m: &SentMessage) -> bool {
        self.place(
            &m.account_id,
            &m.region,
            &m.application_id,
            m.endpoint_id.as_deref(),
        ) && self.kind.as_deref().is_none_or(|k| *k == *m.channel)
    }
}

impl Store {
    /// Every app of every account and region, by scope, then oldest first.
    pub fn app_summaries(&self) -> Vec<AppSummary> {
        self.all_apps()
            .into_iter()
            .map(|(scope, app)| {
                let info = app.info();
                let data = app.read();
                AppSummary {
                    account_id: scope.account,
                    region: scope.region,
                    application_id: info.id,
                    name: info.name,
                    creation_date: info.creation_date,
                    endpoint_count: data.endpoint_count(),
                    user_count: data.user_count(),
                    segment_count: data.segments().len(),
                    campaign_count: data.campaigns().len(),
                }
            })
            .collect()
    }

    /// One page of an app's endpoints that match `search`, by id.
    pub fn browse_endpoints(
        &self,
        scope: &Scope,
        app_id: &str,
        search: &EndpointSearch,
        size: usize,
        after: Option<&str>,
    ) -> StoreResult<Listing<EndpointRow>> {
        self.read_app(scope, app_id, |data| {
            let matched: Vec<&Endpoint> = data.endpoints().filter(|e| search.matches(e)).collect();
            let count = matched.len();
            let page = cut(matched, size, after, |e| e.id.as_str());
            Listing {
                page: Page {
                    items: page.items.into_iter().map(EndpointRow::from).collect(),
                    next_token: page.next_token,
                },
                count,
            }
        })
    }

    /// One page of an app's users whose id contains `text` (ignoring case), by id.
    pub fn browse_users(
        &self,
        scope: &Scope,
        app_id: &str,
        text: Option<&str>,
        size: usize,
        after: Option<&str>,
    ) -> StoreResult<Listing<UserRow>> {
        self.read_app(scope, app_id, |data| {
            let text = text.map(str::trim).filter(|t| !t.is_empty());
            let text = text.map(str::to_lowercase);
            let matched: Vec<(&str, usize, &AttrMap)> = data
                .users()
                .filter(|(id, _, _)| text.as_deref().is_none_or(|t| contains_folded(id, t)))
                .collect();
            let count = matched.len();
            let page = cut(matched, size, after, |u| u.0);
            let items = page
                .items
                .into_iter()
                .map(|(id, n, attrs)| UserRow {
                    user_id: id.to_string(),
                    endpoint_count: n,
                    user_attributes: attrs.clone(),
                })
                .collect();
            Listing {
                page: Page {
                    items,
                    next_token: page.next_token,
                },
                count,
            }
        })
    }

    /// Runs `f` on one endpoint, as clients see it, and the other endpoints of its user in
    /// creation order, under the app's read lock.
    pub fn endpoint_detail<R>(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        f: impl FnOnce(EndpointView<'_>, Vec<EndpointRow>) -> R,
    ) -> StoreResult<R> {
        self.read_app(scope, app_id, |data| {
            let ep = data.endpoint(&fold_id(id)).ok_or(StoreError::NotFound)?;
            let others = ep
                .user_id
                .as_deref()
                .map(|u| data.user_endpoints(u))
                .unwrap_or_default()
                .into_iter()
                .filter(|o| o.seq != ep.seq)
                .map(EndpointRow::from)
                .collect();
            Ok(f(data.view(ep), others))
        })?
    }

    /// Every segment of an app, by id, with how many endpoints are in its latest version now
    /// (docs/behaviour.md#segment-membership).
    pub fn segment_counts(&self, scope: &Scope, app_id: &str) -> StoreResult<Vec<SegmentCount>> {
        self.read_app(scope, app_id, |data| {
            let events = || self.last_event_times(scope, app_id);
            let ev = Evaluator::new(data, self.now(scope), &events);
            data.segments()
                .values()
                .map(|seg| {
                    let (version, latest) = seg.versions.latest();
                    SegmentCount {
                        segment_id: seg.id.clone(),
                        name: latest.name.clone(),
                        segment_type: seg.segment_type,
                        version,
                        creation_date: seg.creation_date.clone(),
                        member_count: ev.members(seg, None).ok().map(|m| m.len()),
                    }
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::contains_folded;

    #[test]
    fn search_ignores_case_for_ascii_and_other_text() {
        assert!(contains_folded("User-ABC@Example.com", "abc@example"));
        assert!(contains_folded("anything", ""));
        assert!(!contains_folded("ab", "abc"));
        assert!(contains_folded("ÉCOLE-1", "école"));
    }
}
