//! Journeys (docs/behaviour.md#journeys): stored and validated, with their state machine; the
//! emulator does not execute them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::store::{Scope, Store, StoreError, StoreResult};

/// A journey's `State`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum JourneyState {
    DRAFT,
    ACTIVE,
    COMPLETED,
    CANCELLED,
    CLOSED,
    PAUSED,
}

impl JourneyState {
    /// The state a string names.
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

/// A journey: the members written (State, dates and tags aside), its state and dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Journey {
    pub id: String,
    pub creation_date: String,
    pub last_modified_date: String,
    pub state: JourneyState,
    pub body: Map<String, Value>,
    #[serde(rename = "tags", default)]
    pub tags: BTreeMap<String, String>,
}

/// At most this many activities in a journey.
pub const MAX_ACTIVITIES: usize = 40;

fn alnum(s: &str, max: usize) -> bool {
    (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Every `NextActivity` (and similar) reference inside an activity.
fn next_activities<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("NextActivity" | "TrueActivity" | "FalseActivity", Value::String(s)) => {
                        out.push(s)
                    }
                    _ => next_activities(x, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|x| next_activities(x, out)),
        _ => {}
    }
}

/// Checks a WriteJourneyRequest (docs/behaviour.md#journey-validation); returns the state it asks
/// for, if any.
pub fn validate(body: &Map<String, Value>) -> StoreResult<Option<JourneyState>> {
    let name = body
        .get("Name")
        .and_then(Value::as_str)
        .ok_or_else(|| StoreError::invalid("Missing Name: a journey needs a Name"))?;
    if name.is_empty() || name.chars().count() > 150 || name.contains(char::is_whitespace) {
        return Err(StoreError::invalid(format!(
            "Invalid Name {name:?}: 1 to 150 characters without spaces"
        )));
    }
    let empty = Map::new();
    let activities = match body.get("Activities") {
        None => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => {
            return Err(StoreError::invalid(
                "Invalid Activities: an object of activities",
            ))
        }
    };
    if activities.len() > MAX_ACTIVITIES {
        return Err(StoreError::limit(format!(
            "The journey has {} activities; the maximum is {MAX_ACTIVITIES}",
            activities.len()
        )));
    }
    for (id, a) in activities {
        if !alnum(id, 100) {
            return Err(StoreError::invalid(format!(
                "Invalid activity id {id:?}: 1 to 100 letters and digits"
            )));
        }
        if !a.is_object() {
            return Err(StoreError::invalid(format!(
                "Invalid Activities.{id}: an object"
            )));
        }
        let mut refs = Vec::new();
        next_activities(a, &mut refs);
        if let Some(r) = refs.into_iter().find(|r| !activities.contains_key(*r)) {
            return Err(StoreError::invalid(format!(
                "Invalid Activities.{id}: it leads to activity {r:?}, which the journey does not have"
            )));
        }
    }
    if let Some(start) = body.get("StartActivity") {
        let s = start.as_str().unwrap_or_default();
        if !activities.contains_key(s) {
            return Err(StoreError::invalid(format!(
                "Invalid StartActivity {start}: it must be one of the journey's Activities"
            )));
        }
    }
    match body.get("State") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_str().and_then(JourneyState::parse) {
            Some(s @ (JourneyState::DRAFT | JourneyState::ACTIVE)) => Ok(Some(s)),
            _ => Err(StoreError::invalid(format!(
                "Invalid State {v}: a journey is created or updated as DRAFT or ACTIVE"
            ))),
        },
    }
}

/// The members the journey keeps from a write: everything but State and the dates.
fn kept(mut body: Map<String, Value>) -> Map<String, Value> {
    for k in ["State", "CreationDate", "LastModifiedDate"] {
        body.remove(k);
    }
    body
}

impl Store {
    fn with_journeys<R>(
        &self,
        scope: &Scope,
        app_id: &str,
        f: impl FnOnce(&mut BTreeMap<String, Journey>, String) -> StoreResult<R>,
    ) -> StoreResult<R> {
        let app = self.app(scope, app_id)?;
        let now = self.clock().now_iso();
        let r = f(app.data.write().journeys_mut(), now)?;
        self.touch();
        Ok(r)
    }

    /// CreateJourney: DRAFT unless ACTIVE is asked for.
    pub fn create_journey(
        &self,
        scope: &Scope,
        app_id: &str,
        body: Map<String, Value>,
        tags: BTreeMap<String, String>,
    ) -> StoreResult<Journey> {
        let state = validate(&body)?.unwrap_or(JourneyState::DRAFT);
        crate::store::resources::tags::check_tags(&tags)?;
        let id = self.ids.resource_id();
        self.with_journeys(scope, app_id, |all, now| {
            let j = Journey {
                id: id.clone(),
                creation_date: now.clone(),
                last_modified_date: now,
                state,
                body: kept(body),
                tags,
            };
            all.insert(id, j.clone());
            Ok(j)
        })
    }

    /// UpdateJourney: the whole definition replaced; 409 when the state forbids the change.
    pub fn update_journey(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        body: Map<String, Value>,
    ) -> StoreResult<Journey> {
        let asked = validate(&body)?;
        self.with_journeys(scope, app_id, |all, now| {
            let j = all.get_mut(id).ok_or(StoreError::NotFound)?;
            let body = kept(body);
            let same = |k: &str| j.body.get(k) == body.get(k);
            match j.state {
                JourneyState::DRAFT => {}
                JourneyState::ACTIVE if same("Activities") && same("StartActivity") => {}
                other => {
                    return Err(StoreError::Conflict(format!(
                        "Journey {id} is {other:?}: its activities can no longer change"
                    )))
                }
            }
            j.body = body;
            j.last_modified_date = now;
            if let Some(s) = asked {
                j.state = s;
            }
            Ok(j.clone())
        })
    }

    /// UpdateJourneyState: DRAFT→ACTIVE, ACTIVE→PAUSED (with a RefreshFrequency),
    /// PAUSED→ACTIVE, ACTIVE or PAUSED→CANCELLED.
    pub fn update_journey_state(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        to: Option<&str>,
    ) -> StoreResult<Journey> {
        let to = to.and_then(JourneyState::parse).filter(|s| {
            matches!(
                s,
                JourneyState::ACTIVE | JourneyState::PAUSED | JourneyState::CANCELLED
            )
        });
        let to = to.ok_or_else(|| {
            StoreError::invalid(
                "Invalid State: UpdateJourneyState takes ACTIVE, PAUSED or CANCELLED",
            )
        })?;
        self.with_journeys(scope, app_id, |all, now| {
            let j = all.get_mut(id).ok_or(StoreError::NotFound)?;
            use JourneyState::*;
            let allowed = matches!(
                (j.state, to),
                (DRAFT, ACTIVE)
                    | (ACTIVE, PAUSED)
                    | (PAUSED, ACTIVE)
                    | (ACTIVE | PAUSED, CANCELLED)
            );
            if !allowed {
                return Err(StoreError::invalid(format!(
                    "A {:?} journey cannot become {to:?}",
                    j.state
                )));
            }
            if to == PAUSED && j.body.get("RefreshFrequency").is_none_or(Value::is_null) {
                return Err(StoreError::invalid(
                    "Only a journey with a RefreshFrequency can be PAUSED",
                ));
            }
            j.state = to;
            j.last_modified_date = now;
            Ok(j.clone())
        })
    }

    /// A copy of a journey; unknown → 404.
    pub fn journey(&self, scope: &Scope, app_id: &str, id: &str) -> StoreResult<Journey> {
        self.read_app(scope, app_id, |data| {
            data.journeys().get(id).cloned().ok_or(StoreError::NotFound)
        })?
    }

    /// Every journey of the app, oldest first (ties by id).
    pub fn journeys(&self, scope: &Scope, app_id: &str) -> StoreResult<Vec<Journey>> {
        let app = self.app(scope, app_id)?;
        let mut all: Vec<Journey> = app.read().journeys().values().cloned().collect();
        all.sort_by(|a, b| (&a.creation_date, &a.id).cmp(&(&b.creation_date, &b.id)));
        Ok(all)
    }

    /// DeleteJourney: the journey as it was.
    pub fn delete_journey(&self, scope: &Scope, app_id: &str, id: &str) -> StoreResult<Journey> {
        self.with_journeys(scope, app_id, |all, _| {
            all.remove(id).ok_or(StoreError::NotFound)
        })
    }
}
