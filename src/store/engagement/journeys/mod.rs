//! Journeys (docs/behaviour.md#journeys): stored and validated, with their state machine; the
//! emulator does not execute them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod validate;
pub use validate::{activity_type, validate, MAX_ACTIVITIES};

use crate::model::{State, WriteJourneyRequest};
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
