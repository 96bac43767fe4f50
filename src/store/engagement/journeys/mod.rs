//! Journeys (docs/behaviour.md#journeys): stored and validated, with their state machine, and
//! run on the scope clock by the due-work runner (docs/behaviour.md#journeys-that-run).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod caps;
pub mod conditions;
pub mod entry;
pub mod lifecycle;
pub mod message_activity;
pub mod metrics;
pub mod progress;
pub mod quiet;
pub mod send;
pub mod step;
pub mod validate;
pub mod walk;

use progress::{ms, Progress};
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
    /// Where its runs and participants are, once it has been activated.
    #[serde(default, skip_serializing_if = "Progress::is_empty")]
    pub progress: Progress,
}

/// The definition the journey keeps from a write: everything but State and the dates.
fn kept(mut body: WriteJourneyRequest) -> WriteJourneyRequest {
    body.state = None;
    body.creation_date = None;
    body.last_modified_date = None;
    body
}

impl Journey {
    /// A copy for an answer: the state it shows at `now`, without its progress.
    pub fn view(&self, now: progress::Ms) -> Journey {
        Journey {
            id: self.id.clone(),
            creation_date: self.creation_date.clone(),
            last_modified_date: self.last_modified_date.clone(),
            state: self.shown_state(now),
            definition: self.definition.clone(),
            tags: self.tags.clone(),
            progress: Progress::default(),
        }
    }
}

/// The instant of a write, as the journey's dates and its progress read it.
struct At {
    iso: String,
    ms: progress::Ms,
}

impl Store {
    /// Runs `f` over the app's journeys under the journey lock (no step runs meanwhile).
    fn with_journeys<R>(
        &self,
        scope: &Scope,
        app_id: &str,
        f: impl FnOnce(&mut BTreeMap<String, Journey>, At, &dyn Fn() -> String) -> StoreResult<R>,
    ) -> StoreResult<R> {
        let app = self.app(scope, app_id)?;
        let _g = self.journey_lock.lock();
        let now = self.now(scope);
        let at = At {
            iso: crate::time::format_iso(now),
            ms: ms(now),
        };
        let run_id = || self.ids.resource_id();
        let r = f(app.data.write().journeys_mut(), at, &run_id)?;
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
        self.system.arm_for(system_filter(&body));
        let id = self.ids.resource_id();
        self.with_journeys(scope, app_id, |all, at, run_id| {
            let mut j = Journey {
                id: id.clone(),
                creation_date: at.iso.clone(),
                last_modified_date: at.iso,
                state,
                definition: kept(body),
                tags,
                progress: Progress::default(),
            };
            if state == JourneyState::ACTIVE {
                j.activate(at.ms, run_id());
            }
            let view = j.view(at.ms);
            all.insert(id, j);
            Ok(view)
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
        self.system.arm_for(system_filter(&body));
        self.with_journeys(scope, app_id, |all, at, run_id| {
            let j = all.get_mut(id).ok_or(StoreError::NotFound)?;
            let body = kept(body);
            let same_activities = j.definition.activities == body.activities
                && j.definition.start_activity == body.start_activity;
            match j.shown_state(at.ms) {
                JourneyState::DRAFT => {}
                JourneyState::ACTIVE if same_activities => {}
                other => {
                    return Err(StoreError::Conflict(format!(
                        "Journey {id} is {other:?}: its activities can no longer change"
                    )))
                }
            }
            j.definition = body;
            j.last_modified_date = at.iso;
            if let Some(s) = asked {
                if s == JourneyState::ACTIVE && j.state == JourneyState::DRAFT {
                    j.activate(at.ms, run_id());
                }
                j.state = s;
            }
            Ok(j.view(at.ms))
        })
    }

    /// UpdateJourneyState: DRAFT→ACTIVE, ACTIVE→PAUSED (with a RefreshFrequency),
    /// PAUSED→ACTIVE (also once it shows CLOSED), ACTIVE, PAUSED or CLOSED→CANCELLED; a
    /// COMPLETED journey takes none.
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
        self.with_journeys(scope, app_id, |all, at, run_id| {
            let j = all.get_mut(id).ok_or(StoreError::NotFound)?;
            use JourneyState::*;
            let shown = j.shown_state(at.ms);
            // A paused journey whose entry closed meanwhile shows CLOSED: it can still be
            // resumed, or its participants would wait for ever.
            let resuming = j.state == PAUSED && to == ACTIVE;
            let allowed = resuming
                || matches!(
                    (shown, to),
                    (DRAFT, ACTIVE) | (ACTIVE, PAUSED) | (ACTIVE | PAUSED | CLOSED, CANCELLED)
                );
            if !allowed {
                return Err(StoreError::invalid(format!(
                    "A {shown:?} journey cannot become {to:?}"
                )));
            }
            if to == PAUSED && j.definition.refresh_frequency.is_none() {
                return Err(StoreError::invalid(
                    "Only a journey with a RefreshFrequency can be PAUSED",
                ));
            }
            match (j.state, to) {
                (DRAFT, ACTIVE) => j.activate(at.ms, run_id()),
                (_, PAUSED) => j.pause(at.ms),
                (PAUSED, ACTIVE) => j.resume(at.ms),
                (_, CANCELLED) => j.cancel(at.ms),
                _ => {}
            }
            j.state = to;
            j.last_modified_date = at.iso;
            Ok(j.view(at.ms))
        })
    }

    /// A journey as it shows now; unknown → 404.
    pub fn journey(&self, scope: &Scope, app_id: &str, id: &str) -> StoreResult<Journey> {
        let _g = self.journey_lock.lock();
        let now = ms(self.now(scope));
        self.read_app(scope, app_id, |data| {
            data.journeys()
                .get(id)
                .map(|j| j.view(now))
                .ok_or(StoreError::NotFound)
        })?
    }

    /// Every journey of the app as it shows now, oldest first (ties by id).
    pub fn journeys(&self, scope: &Scope, app_id: &str) -> StoreResult<Vec<Journey>> {
        let app = self.app(scope, app_id)?;
        let _g = self.journey_lock.lock();
        let now = ms(self.now(scope));
        let mut all: Vec<Journey> = app
            .read()
            .journeys()
            .values()
            .map(|j| j.view(now))
            .collect();
        all.sort_by(|a, b| (&a.creation_date, &a.id).cmp(&(&b.creation_date, &b.id)));
        Ok(all)
    }

    /// DeleteJourney: the journey as it was.
    pub fn delete_journey(&self, scope: &Scope, app_id: &str, id: &str) -> StoreResult<Journey> {
        self.with_journeys(scope, app_id, |all, at, _| {
            all.remove(id)
                .map(|j| j.view(at.ms))
                .ok_or(StoreError::NotFound)
        })
    }
}

/// Whether a journey is entered by the emulator's own records (an event filter of type SYSTEM,
/// docs/behaviour.md#system-events).
fn system_filter(body: &WriteJourneyRequest) -> bool {
    let start = body.start_condition.as_ref();
    let filter = start.and_then(|c| c.event_start_condition.as_ref()?.event_filter.as_ref());
    filter.and_then(|f| f.filter_type) == Some(crate::model::FilterType::System)
}
