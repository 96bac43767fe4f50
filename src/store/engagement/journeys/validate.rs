//! The checks a journey write passes (docs/behaviour.md#journey-validation), and what an
//! activity is and leads to.

use std::collections::BTreeMap;

use super::JourneyState;
use crate::model::{Activity, WriteJourneyRequest};
use crate::store::{StoreError, StoreResult};

/// At most this many activities in a journey.
pub const MAX_ACTIVITIES: usize = 40;

fn alnum(s: &str, max: usize) -> bool {
    (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Every activity an activity leads to: its `NextActivity`, `TrueActivity` and `FalseActivity`
/// members, and those of its branches.
pub fn next_activities(a: &Activity) -> Vec<&str> {
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
