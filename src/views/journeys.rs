//! The dashboard's view of an app's journeys (docs/behaviour.md#dashboard-journeys): each
//! journey's state now on the scope's clock and its counts, and one journey drawn as a graph:
//! every activity with its type, the activities it leads to (with the branch each edge is),
//! how many endpoints wait there now and its execution metrics.
//!
//! Everything is read in one pass under the journey lock, without copying the journey's
//! participants: the counts are the journey's own [`Journey::counts`] (what
//! GetJourneyExecution{,Activity}Metrics answer, zero counts left out, as there) and "waiting"
//! is the number of endpoints `GET /_pinpoint/journeys/positions` shows WAITING at the
//! activity, so the graph, the metrics and the positions list agree with each other.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Activity;
use crate::paging::{cut, Page};
use crate::store::engagement::journeys::metrics::metric_type;
use crate::store::engagement::journeys::progress::{instant, ms, Ms, Place};
use crate::store::engagement::journeys::validate::paths;
use crate::store::engagement::journeys::{activity_type, Journey, JourneyState};
use crate::store::{Scope, Store, StoreError, StoreResult};
use crate::time;

use super::Listing;

/// Counts as decimal strings, zeros left out (as the metrics operations answer them).
type Metrics = BTreeMap<String, String>;

/// One journey in the listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct JourneySummary {
    pub journey_id: String,
    pub name: Option<String>,
    pub state: JourneyState,
    pub creation_date: String,
    pub start_activity: Option<String>,
    pub activity_count: usize,
    /// Endpoints WAITING anywhere in the journey now.
    pub waiting: usize,
    pub metrics: Metrics,
}

/// Where an activity leads: the next activity and, when the activity has more than one way
/// out, which: `true`/`false` (ConditionalSplit), `Branch_1`… and `default` (MultiCondition),
/// `Branch_1`… (RandomSplit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Edge {
    pub activity_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// One activity of the graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivityNode {
    pub activity_id: String,
    /// The member that defines it: EMAIL, SMS, PUSH, CUSTOM, ContactCenter, Wait,
    /// ConditionalSplit, MultiCondition, RandomSplit or Holdout.
    #[serde(rename = "Type")]
    pub kind: &'static str,
    /// Its type in the execution metrics (MESSAGE, WAIT, CONDITIONAL_SPLIT…).
    pub metric_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub next: Vec<Edge>,
    /// Endpoints WAITING at this activity now.
    pub waiting: usize,
    pub metrics: Metrics,
}

/// One journey as a graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct JourneyGraph {
    pub journey_id: String,
    pub name: Option<String>,
    pub state: JourneyState,
    pub start_activity: Option<String>,
    /// The scope's clock when read.
    pub now: String,
    pub waiting: usize,
    pub metrics: Metrics,
    /// By activity id.
    pub activities: Vec<ActivityNode>,
}

fn strings(counts: BTreeMap<String, u64>) -> Metrics {
    counts
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| (k, n.to_string()))
        .collect()
}

/// Endpoints WAITING now, by activity.
fn waiting(j: &Journey) -> BTreeMap<&str, usize> {
    let mut out = BTreeMap::new();
    for p in j.progress.participants.values() {
        if let (Place::WAITING, Some(a)) = (p.place, p.activity.as_deref()) {
            *out.entry(a).or_default() += 1;
        }
    }
    out
}

/// The activities `a` leads to, each with its branch label when there is a choice.
pub fn edges(a: &Activity) -> Vec<Edge> {
    paths(a)
        .into_iter()
        .map(|(to, label)| Edge {
            activity_id: to.to_string(),
            label,
        })
        .collect()
}

impl JourneySummary {
    fn of(j: &Journey, now: Ms) -> Self {
        let d = &j.definition;
        Self {
            journey_id: j.id.clone(),
            name: d.name.clone(),
            state: j.shown_state(now),
            creation_date: j.creation_date.clone(),
            start_activity: d.start_activity.clone(),
            activity_count: d.activities.as_ref().map_or(0, BTreeMap::len),
            waiting: waiting(j).values().sum(),
            metrics: strings(j.counts(None, None)),
        }
    }
}

impl JourneyGraph {
    fn of(j: &Journey, now: Ms) -> Self {
        let d = &j.definition;
        let here = waiting(j);
        let activities = d
            .activities
            .iter()
            .flatten()
            .map(|(id, a)| ActivityNode {
                activity_id: id.clone(),
                kind: activity_type(a),
                metric_type: metric_type(a),
                description: a.description.clone(),
                next: edges(a),
                waiting: here.get(id.as_str()).copied().unwrap_or(0),
                metrics: strings(j.counts(None, Some(id))),
            })
            .collect();
        Self {
            journey_id: j.id.clone(),
            name: d.name.clone(),
            state: j.shown_state(now),
            start_activity: d.start_activity.clone(),
            now: time::format_iso(instant(now)),
            waiting: here.values().sum(),
            metrics: strings(j.counts(None, None)),
            activities,
        }
    }
}

impl Store {
    /// Runs `f` on the app's journeys under the journey lock (so no step has one out) and the
    /// app's read lock, with the scope's clock.
    fn read_journeys<R>(
        &self,
        scope: &Scope,
        app_id: &str,
        f: impl FnOnce(&BTreeMap<String, Journey>, Ms) -> R,
    ) -> StoreResult<R> {
        let _g = self.journey_lock.lock();
        let now = ms(self.now(scope));
        self.read_app(scope, app_id, |data| f(data.journeys(), now))
    }

    /// One page of an app's journeys, oldest first (ties by id), each with its state now and
    /// its journey-level counts; unknown app → 404.
    pub fn journey_summaries(
        &self,
        scope: &Scope,
        app_id: &str,
        size: usize,
        after: Option<&str>,
    ) -> StoreResult<Listing<JourneySummary>> {
        self.read_journeys(scope, app_id, |all, now| {
            let keyed: Vec<(String, &Journey)> = all
                .values()
                .map(|j| (format!("{}\u{1}{}", j.creation_date, j.id), j))
                .collect();
            let count = keyed.len();
            let page = cut(keyed, size, after, |(k, _)| k.as_str());
            Listing {
                page: Page {
                    items: page
                        .items
                        .into_iter()
                        .map(|(_, j)| JourneySummary::of(j, now))
                        .collect(),
                    next_token: page.next_token,
                },
                count,
            }
        })
    }

    /// One journey as a graph; unknown app or journey → 404.
    pub fn journey_graph(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
    ) -> StoreResult<JourneyGraph> {
        self.read_journeys(scope, app_id, |all, now| {
            all.get(id)
                .map(|j| JourneyGraph::of(j, now))
                .ok_or(StoreError::NotFound)
        })?
    }
}

#[cfg(test)]
mod tests {
    use super::{edges, Edge};
    use crate::model::Activity;

    fn activity(json: &str) -> Activity {
        serde_json::from_str(json).unwrap()
    }

    fn pairs(a: &Activity) -> Vec<(String, Option<String>)> {
        edges(a)
            .into_iter()
            .map(|Edge { activity_id, label }| (activity_id, label))
            .collect()
    }

    #[test]
    fn one_way_out_has_no_label_and_splits_name_each_branch() {
        let s = |x: &str| x.to_string();
        let wait = activity(r#"{"Wait":{"WaitTime":{"WaitFor":"P1D"},"NextActivity":"b"}}"#);
        assert_eq!(pairs(&wait), [(s("b"), None)]);
        let last = activity(r#"{"EMAIL":{"TemplateName":"t"}}"#);
        assert_eq!(pairs(&last), []);
        let yes_no = activity(r#"{"ConditionalSplit":{"TrueActivity":"y","FalseActivity":"n"}}"#);
        assert_eq!(
            pairs(&yes_no),
            [(s("y"), Some(s("true"))), (s("n"), Some(s("false")))]
        );
        let multi = activity(
            r#"{"MultiCondition":{"Branches":[{"NextActivity":"a"},{"NextActivity":"b"}],
                "DefaultActivity":"z"}}"#,
        );
        assert_eq!(
            pairs(&multi),
            [
                (s("a"), Some(s("Branch_1"))),
                (s("b"), Some(s("Branch_2"))),
                (s("z"), Some(s("default")))
            ]
        );
        let random = activity(
            r#"{"RandomSplit":{"Branches":[{"Percentage":50},{"Percentage":50,"NextActivity":"r"}]}}"#,
        );
        assert_eq!(pairs(&random), [(s("r"), Some(s("Branch_2")))]);
        let holdout = activity(r#"{"Holdout":{"Percentage":10,"NextActivity":"h"}}"#);
        assert_eq!(pairs(&holdout), [(s("h"), None)]);
    }
}
