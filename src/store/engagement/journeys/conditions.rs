//! The conditions of a journey's splits (docs/behaviour.md#journey-splits): segment membership,
//! segment dimensions and recorded events, evaluated for a group of participants at one
//! instant.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

use super::progress::{instant, Ms};
use super::Journey;
use crate::model::{Condition, EventDimensions, Operator, SimpleCondition};
use crate::store::endpoints::model::{fold_id, Endpoint};
use crate::store::engagement::campaigns::trigger::{event_matches, EventView};
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::engagement::segments::Dimensions;
use crate::store::{Scope, Store};
use crate::time;

/// What a split asks: a yes/no condition, or a list of branch conditions.
pub enum Ask<'a> {
    /// ConditionalSplit: branch 0 when true, 1 when false.
    YesNo(Option<&'a Condition>),
    /// MultiCondition: the first branch whose condition holds, else the default (n).
    Branches(Vec<Option<&'a SimpleCondition>>),
}

/// One recorded event, as a condition reads it.
struct Seen {
    event_type: String,
    attributes: BTreeMap<String, String>,
    metrics: BTreeMap<String, f64>,
    at: Ms,
}

#[derive(Deserialize)]
struct Body {
    #[serde(rename = "EventType", default)]
    event_type: String,
    #[serde(rename = "Attributes", default)]
    attributes: BTreeMap<String, serde_json::Value>,
    #[serde(rename = "Metrics", default)]
    metrics: BTreeMap<String, serde_json::Value>,
}

/// The recorded events of the group's endpoints, by endpoint and by message id.
#[derive(Default)]
struct Events {
    by_endpoint: HashMap<String, Vec<Seen>>,
    by_message: HashMap<String, Vec<usize>>,
    all: Vec<(String, usize)>,
}

impl Seen {
    fn view(&self) -> EventView<'_> {
        EventView {
            event_type: &self.event_type,
            attributes: &self.attributes,
            metrics: &self.metrics,
        }
    }
}

fn has_event_condition(c: &SimpleCondition) -> bool {
    c.event_condition.is_some()
}

impl Store {
    fn group_events(
        &self,
        scope: &Scope,
        app_id: &str,
        endpoints: &HashSet<String>,
        now: Ms,
    ) -> Events {
        let (found, _) = self.events.select(
            |e| {
                *e.application_id == *app_id
                    && *e.account_id == *scope.account
                    && *e.region == *scope.region
                    && e.endpoint_id
                        .as_deref()
                        .is_some_and(|id| endpoints.contains(&*fold_id(id)))
            },
            None,
        );
        let mut out = Events::default();
        for e in found {
            let Ok(body) = serde_json::from_str::<Body>(e.event.get()) else {
                continue;
            };
            let at = time::parse_iso8601(&e.received_at).map_or(0, |t| t.timestamp_millis());
            if at > now {
                continue;
            }
            let seen = Seen {
                event_type: body.event_type,
                attributes: body
                    .attributes
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
                    .collect(),
                metrics: body
                    .metrics
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, v.as_f64()?)))
                    .collect(),
                at,
            };
            let endpoint = fold_id(e.endpoint_id.as_deref().unwrap_or_default()).into_owned();
            let list = out.by_endpoint.entry(endpoint.clone()).or_default();
            if let Some(mid) = seen.attributes.get("message_id") {
                out.by_message
                    .entry(mid.clone())
                    .or_default()
                    .push(out.all.len());
            }
            out.all.push((endpoint, list.len()));
            list.push(seen);
        }
        out
    }

    /// Which way each of `endpoints` goes at a split of `j` at `now`: the branch index (for
    /// YesNo, 0 = true and 1 = false; for Branches, n = the default).
    pub(super) fn decide(
        &self,
        scope: &Scope,
        app_id: &str,
        j: &Journey,
        ask: &Ask<'_>,
        endpoints: &[String],
        now: Ms,
    ) -> Vec<usize> {
        let Ok(app) = self.app(scope, app_id) else {
            return endpoints.iter().map(|_| 1).collect();
        };
        let data = app.read();
        let simple: Vec<&SimpleCondition> = match ask {
            Ask::YesNo(c) => c
                .and_then(|c| c.conditions.as_ref())
                .into_iter()
                .flatten()
                .collect(),
            Ask::Branches(b) => b.iter().flatten().copied().collect(),
        };
        let events = if simple.iter().any(|c| has_event_condition(c)) {
            let keys = endpoints.iter().map(|e| fold_id(e).into_owned()).collect();
            self.group_events(scope, app_id, &keys, now)
        } else {
            Events::default()
        };
        let recency = || self.last_event_times(scope, app_id);
        let eval = Evaluator::new(&data, instant(now), &recency);
        let holds = |c: &SimpleCondition, e: &Endpoint, id: &str| -> bool {
            let mut any = false;
            if let Some(s) = &c.segment_condition {
                any = true;
                let member = s
                    .segment_id
                    .as_deref()
                    .and_then(|id| data.segments().get(id))
                    .is_some_and(|seg| eval.contains(seg, None, e).unwrap_or(false));
                if !member {
                    return false;
                }
            }
            if let Some(d) = &c.segment_dimensions {
                any = true;
                let dims: Option<Dimensions> = serde_json::to_value(d)
                    .ok()
                    .and_then(|v| serde_json::from_value(v).ok());
                if !dims.is_some_and(|d| eval.matches(&d, e)) {
                    return false;
                }
            }
            if let Some(ec) = &c.event_condition {
                any = true;
                if !event_holds(
                    j,
                    &events,
                    ec.dimensions.as_ref(),
                    ec.message_activity.as_deref(),
                    id,
                ) {
                    return false;
                }
            }
            any
        };
        endpoints
            .iter()
            .map(|id| {
                let Some(e) = data.endpoint(&fold_id(id)) else {
                    return match ask {
                        Ask::YesNo(_) => 1,
                        Ask::Branches(b) => b.len(),
                    };
                };
                match ask {
                    Ask::YesNo(c) => {
                        let list: Vec<&SimpleCondition> = c
                            .and_then(|c| c.conditions.as_ref())
                            .into_iter()
                            .flatten()
                            .collect();
                        let any = c.and_then(|c| c.operator) == Some(Operator::Any);
                        let ok = !list.is_empty()
                            && if any {
                                list.iter().any(|s| holds(s, e, id))
                            } else {
                                list.iter().all(|s| holds(s, e, id))
                            };
                        usize::from(!ok)
                    }
                    Ask::Branches(b) => b
                        .iter()
                        .position(|c| c.is_some_and(|c| holds(c, e, id)))
                        .unwrap_or(b.len()),
                }
            })
            .collect()
    }
}

/// Whether an event condition holds for endpoint `id`: an event of the message that activity
/// `activity` sent it during its current entry, or (without an activity) any event of the
/// endpoint since its current entry, matching the dimensions.
fn event_holds(
    j: &Journey,
    events: &Events,
    dims: Option<&EventDimensions>,
    activity: Option<&str>,
    id: &str,
) -> bool {
    let Some(p) = j.progress.participants.get(id) else {
        return false;
    };
    let key = fold_id(id);
    let Some(list) = events.by_endpoint.get(&*key) else {
        return false;
    };
    match activity {
        Some(a) => {
            let Some(mid) = p.messages.get(a) else {
                return false;
            };
            events.by_message.get(mid).into_iter().flatten().any(|i| {
                let (ep, k) = &events.all[*i];
                *ep == *key && event_matches(dims, list[*k].view())
            })
        }
        None => list
            .iter()
            .any(|s| s.at >= p.entered && event_matches(dims, s.view())),
    }
}
