//! The checks a journey write passes (docs/behaviour.md#journey-validation), and what an
//! activity is and leads to.

use std::collections::BTreeMap;

use super::JourneyState;
use crate::model::{Activity, WaitTime, WriteJourneyRequest};
use crate::store::{StoreError, StoreResult};
use crate::time::{parse_duration, parse_iso8601};

/// At most this many activities in a journey.
pub const MAX_ACTIVITIES: usize = 40;
/// At most this many paths in a random split.
pub const MAX_RANDOM_BRANCHES: usize = 5;
/// At most this many condition paths in a multivariate split (its DefaultActivity is a fifth).
pub const MAX_MULTI_BRANCHES: usize = 4;

fn alnum(s: &str, max: usize) -> bool {
    (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Where an activity leads: each activity named by its `NextActivity`, `TrueActivity`,
/// `FalseActivity` and `DefaultActivity` members and its branches', with a label where there is
/// a choice (`true`, `false`, `Branch_1`…, `default`).
pub fn paths(a: &Activity) -> Vec<(&str, Option<String>)> {
    let single = [
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
    let mut out: Vec<(Option<&String>, Option<String>)> =
        single.into_iter().map(|t| (t, None)).collect();
    let branch = |i: usize| Some(format!("Branch_{}", i + 1));
    if let Some(c) = &a.conditional_split {
        out.push((c.true_activity.as_ref(), Some("true".into())));
        out.push((c.false_activity.as_ref(), Some("false".into())));
    }
    if let Some(m) = &a.multi_condition {
        for (i, b) in m.branches.iter().flatten().enumerate() {
            out.push((b.next_activity.as_ref(), branch(i)));
        }
        out.push((m.default_activity.as_ref(), Some("default".into())));
    }
    if let Some(r) = &a.random_split {
        for (i, b) in r.branches.iter().flatten().enumerate() {
            out.push((b.next_activity.as_ref(), branch(i)));
        }
    }
    out.into_iter()
        .filter_map(|(t, label)| Some((t?.as_str(), label)))
        .collect()
}

/// Every activity an activity leads to ([`paths`] without the labels).
pub fn next_activities(a: &Activity) -> Vec<&str> {
    paths(a).into_iter().map(|(t, _)| t).collect()
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
        check_activity(id, a)?;
    }
    if let Some(f) = &body.refresh_frequency {
        duration("RefreshFrequency", f)?;
    }
    if let Some(i) = body
        .limits
        .as_ref()
        .and_then(|l| l.endpoint_reentry_interval.as_ref())
    {
        duration("Limits.EndpointReentryInterval", i)?;
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

/// A duration member: one the test clock's grammar reads (docs/behaviour.md#test-clock).
fn duration(member: &str, v: &str) -> StoreResult<()> {
    match parse_duration(v) {
        Some(_) => Ok(()),
        None => Err(StoreError::invalid(format!(
            "Invalid {member} {v:?}: an ISO-8601 duration of weeks, days, hours, minutes and seconds, such as PT1H or P1D"
        ))),
    }
}

/// A WaitTime (a Wait's, or a split's EvaluationWaitTime): WaitFor a duration, WaitUntil an
/// ISO-8601 instant.
fn wait_time(member: &str, w: &WaitTime) -> StoreResult<()> {
    if let Some(f) = &w.wait_for {
        duration(&format!("{member}.WaitFor"), f)?;
    }
    match &w.wait_until {
        Some(u) if parse_iso8601(u).is_none() => Err(StoreError::invalid(format!(
            "Invalid {member}.WaitUntil {u:?}: an ISO-8601 date-time, such as 2030-01-07T09:00:00Z"
        ))),
        _ => Ok(()),
    }
}

/// The rules of one activity's members beyond the references it makes: split paths and their
/// percentages, holdout percentages, waits (docs/behaviour.md#journey-validation).
fn check_activity(id: &str, a: &Activity) -> StoreResult<()> {
    if let Some(w) = a.wait.as_ref().and_then(|w| w.wait_time.as_ref()) {
        wait_time(&format!("Activities.{id}.Wait.WaitTime"), w)?;
    }
    if let Some(w) = a
        .conditional_split
        .as_ref()
        .and_then(|c| c.evaluation_wait_time.as_ref())
    {
        wait_time(
            &format!("Activities.{id}.ConditionalSplit.EvaluationWaitTime"),
            w,
        )?;
    }
    if let Some(m) = &a.multi_condition {
        let n = m.branches.as_ref().map_or(0, Vec::len);
        if n > MAX_MULTI_BRANCHES {
            return Err(StoreError::invalid(format!(
                "Invalid Activities.{id}.MultiCondition.Branches: {n} branches; a multivariate split has at most {MAX_MULTI_BRANCHES} besides its DefaultActivity"
            )));
        }
        if let Some(w) = &m.evaluation_wait_time {
            wait_time(
                &format!("Activities.{id}.MultiCondition.EvaluationWaitTime"),
                w,
            )?;
        }
    }
    if let Some(h) = &a.holdout {
        match h.percentage {
            None => {
                return Err(StoreError::invalid(format!(
                    "Missing Activities.{id}.Holdout.Percentage: a holdout needs the percentage it holds out, 0 to 100"
                )))
            }
            Some(p) if !(0..=100).contains(&p) => {
                return Err(StoreError::invalid(format!(
                    "Invalid Activities.{id}.Holdout.Percentage {p}: a whole number from 0 to 100"
                )))
            }
            Some(_) => {}
        }
    }
    if let Some(r) = &a.random_split {
        random_split(id, r.branches.as_deref().unwrap_or_default())?;
    }
    Ok(())
}

/// A random split: at most five branches whose Percentages are whole numbers from 0 to 100
/// adding up to 100.
fn random_split(id: &str, branches: &[crate::model::RandomSplitEntry]) -> StoreResult<()> {
    let member = format!("Activities.{id}.RandomSplit.Branches");
    if branches.len() > MAX_RANDOM_BRANCHES {
        return Err(StoreError::invalid(format!(
            "Invalid {member}: {} branches; a random split has at most {MAX_RANDOM_BRANCHES}",
            branches.len()
        )));
    }
    let mut sum = 0;
    for (i, b) in branches.iter().enumerate() {
        match b.percentage {
            None => {
                return Err(StoreError::invalid(format!(
                    "Missing {member}[{i}].Percentage: every branch of a random split needs a whole number from 0 to 100"
                )))
            }
            Some(p) if !(0..=100).contains(&p) => {
                return Err(StoreError::invalid(format!(
                    "Invalid {member}[{i}].Percentage {p}: a whole number from 0 to 100"
                )))
            }
            Some(p) => sum += p,
        }
    }
    if sum != 100 {
        return Err(StoreError::invalid(format!(
            "Invalid {member}: the Percentages add up to {sum}; they must add up to 100"
        )));
    }
    Ok(())
}
