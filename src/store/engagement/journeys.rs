//! Journeys (docs/behaviour.md#journeys): stored and validated, with their state machine; the
//! emulator does not execute them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Activity, State, WriteJourneyRequest};
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

impl From<State> for JourneyState {
    fn from(s: State) -> Self {
        match s {
            State::Draft => Self::DRAFT,
            State::Active => Self::ACTIVE,
            State::Completed => Self::COMPLETED,
            State::Cancelled => Self::CANCELLED,
            State::Closed => Self::CLOSED,
            State::Paused => Self::PAUSED,
        }
    }
}

impl From<JourneyState> for State {
    fn from(s: JourneyState) -> Self {
        match s {
            JourneyState::DRAFT => Self::Draft,
            JourneyState::ACTIVE => Self::Active,
            JourneyState::COMPLETED => Self::Completed,
            JourneyState::CANCELLED => Self::Cancelled,
            JourneyState::CLOSED => Self::Closed,
            JourneyState::PAUSED => Self::Paused,
        }
    }
}

/// A journey: its definition as written (without `State` and the dates, which the journey keeps
/// itself), its state, dates and tags. In the state file the definition is the member `Body`, the
/// JSON object the client wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Journey {
    pub id: String,
    pub creation_date: String,
    pub last_modified_date: String,
    pub state: JourneyState,
    #[serde(rename = "Body")]
    pub definition: WriteJourneyRequest,
    #[serde(rename = "tags", default)]
    pub tags: BTreeMap<String, String>,
}

/// At most this many activities in a journey.
pub const MAX_ACTIVITIES: usize = 40;

fn alnum(s: &str, max: usize) -> bool {
    (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Every activity an activity leads to: its `NextActivity`, `TrueActivity` and `FalseActivity`
/// members, and those of its branches.
fn next_activities(a: &Activity) -> Vec<&str> {
    let mut out: Vec<Option<&String>> = vec![
        a.custom.as_ref().and_then(|x| x.next_activity.as_ref()),
        a.contact_center
            .as_ref()
            .and_then(|x| x.next_activity.as_ref()),
        a.email.as_ref().and_then(|x| x.next_activity.as_ref()),
        a.holdout.as_ref().and_then(|x| x.next_activity.as_ref()),
        a.push.as_ref().and_then(|x| x.next_activity.as_ref()),
        a.sms.as_ref().and_then(|x| x.next_activity.as_ref()),
        a.wait.as_ref().and_then(|x| x.next_activity.as_ref()),
    ];
    if let Some(c) = &a.conditional_split {
        out.extend([c.true_activity.as_ref(), c.false_activity.as_ref()]);
    }
    if let Some(m) = &a.multi_condition {
        out.extend(
            m.branches
                .iter()
                .flatten()
                .map(|b| b.next_activity.as_ref()),
        );
    }
    if let Some(r) = &a.random_split {
        out.extend(
            r.branches
                .iter()
                .flatten()
                .map(|b| b.next_activity.as_ref()),
        );
    }
    out.into_iter().flatten().map(String::as_str).collect()
}

/// The type of an activity: the member that defines it (`EMAIL`, `Wait`, …), the first in byte
/// order as the client's JSON object had it; an activity without one has the empty type.
pub fn activity_type(a: &Activity) -> &'static str {
    [
        ("CUSTOM", a.custom.is_some()),
        ("ConditionalSplit", a.conditional_split.is_some()),
        ("ContactCenter", a.contact_center.is_some()),
        ("EMAIL", a.email.is_some()),
        ("Holdout", a.holdout.is_some()),
        ("MultiCondition", a.multi_condition.is_some()),
        ("PUSH", a.push.is_some()),
        ("RandomSplit", a.random_split.is_some()),
        ("SMS", a.sms.is_some()),
        ("Wait", a.wait.is_some()),
    ]
    .into_iter()
    .find_map(|(name, has)| has.then_some(name))
    .unwrap_or_default()
}

/// Checks a WriteJourneyRequest (docs/behaviour.md#journey-validation); returns the state it asks
/// for, if any. (The model check has refused a body whose members have the wrong JSON types.)
pub fn validate(body: &WriteJourneyRequest) -> StoreResult<Option<JourneyState>> {
    let name = body
        .name
        .as_deref()
        .ok_or_else(|| StoreError::invalid("Missing Name: a journey needs a Name"))?;
    if name.is_empty() || name.chars().count() > 150 || name.contains(char::is_whitespace) {
        return Err(StoreError::invalid(format!(
            "Invalid Name {name:?}: 1 to 150 characters without spaces"
        )));
    }
    let empty = BTreeMap::new();
    let activities = body.activities.as_ref().unwrap_or(&empty);
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
        if let Some(r) = next_activities(a)
            .into_iter()
            .find(|r| !activities.contains_key(*r))
        {
            return Err(StoreError::invalid(format!(
                "Invalid Activities.{id}: it leads to activity {r:?}, which the journey does not have"
            )));
        }
    }
    if let Some(start) = &body.start_activity {
        if !activities.contains_key(start) {
            return Err(StoreError::invalid(format!(
                "Invalid StartActivity {start:?}: it must be one of the journey's Activities"
            )));
        }
    }
    match body.state.map(JourneyState::from) {
        None => Ok(None),
        Some(s @ (JourneyState::DRAFT | JourneyState::ACTIVE)) => Ok(Some(s)),
        Some(s) => Err(StoreError::invalid(format!(
            "Invalid State \"{s:?}\": a journey is created or updated as DRAFT or ACTIVE"
        ))),
    }
}

/// The definition the journey keeps from a write: everything but State and the dates.
fn kept(mut body: WriteJourneyRequest) -> WriteJourneyRequest {
    body.state = None;
    body.creation_date = None;
    body.last_modified_date = None;
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
        let now = self.now_iso(scope);
        let r = f(app.data.write().journeys_mut(), now)?;
        self.touch();
        Ok(r)
    }

    /// CreateJourney: DRAFT unless ACTIVE is asked for.
    pub fn create_journey(
        &self,
        scope: &Scope,
        app_id: &str,
        body: WriteJourneyRequest,
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
                definition: kept(body),
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
        body: WriteJourneyRequest,
    ) -> StoreResult<Journey> {
        let asked = validate(&body)?;
        self.with_journeys(scope, app_id, |all, now| {
            let j = all.get_mut(id).ok_or(StoreError::NotFound)?;
            let body = kept(body);
            let same_activities = j.definition.activities == body.activities
                && j.definition.start_activity == body.start_activity;
            match j.state {
                JourneyState::DRAFT => {}
                JourneyState::ACTIVE if same_activities => {}
                other => {
                    return Err(StoreError::Conflict(format!(
                        "Journey {id} is {other:?}: its activities can no longer change"
                    )))
                }
            }
            j.definition = body;
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
        to: Option<JourneyState>,
    ) -> StoreResult<Journey> {
        let to = to.filter(|s| {
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
            if to == PAUSED && j.definition.refresh_frequency.is_none() {
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
