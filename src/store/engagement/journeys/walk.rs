//! Moving participants through a journey's activities at one instant
//! (docs/behaviour.md#journeys-that-run): messages, waits, splits, holdouts and the end of a
//! path. Participants at the same activity at the same instant move as one group, so a message
//! activity sends one batch.

use std::collections::{HashMap, VecDeque};

use sha2::{Digest, Sha256};

use super::conditions::Ask;
use super::message_activity::MessageActivity;
use super::progress::{Hold, Ms, Place};
use super::validate::MAX_ACTIVITIES;
use super::Journey;
use crate::model::{Activity, WaitTime};
use crate::store::{Scope, Store};
use crate::time;

/// How a group reaches an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Arriving.
    Arrive,
    /// A split's evaluation wait has ended: decide now.
    Decide,
    /// A message held by quiet time may go now.
    Resume,
}

/// A participant's bucket for a random split or holdout: the first 8 bytes (big-endian) of
/// SHA-256 of `<activity>/<lower-cased endpoint id>/<entry>`, mod 100.
pub fn bucket(activity: &str, endpoint: &str, entry: u32) -> u64 {
    let digest = Sha256::digest(format!("{activity}/{}/{entry}", endpoint.to_lowercase()));
    let mut b = [0u8; 8];
    b.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(b) % 100
}

/// When a wait that begins at `now` ends, and whether it is a WaitFor (paused with the
/// journey): WaitUntil wins over WaitFor; neither is no wait.
fn wait_end(w: Option<&WaitTime>, now: Ms) -> Option<(Ms, bool)> {
    let w = w?;
    if let Some(until) = w.wait_until.as_deref() {
        return time::parse_iso8601(until).map(|t| (t.timestamp_millis(), false));
    }
    let d = time::parse_duration(w.wait_for.as_deref()?)?;
    Some((now + d.num_milliseconds(), true))
}

/// The next activity of a path: `None` ends it.
fn next(n: Option<&String>) -> Option<String> {
    n.cloned()
}

impl Store {
    /// Moves `start` (activity, endpoint, how) through journey `j` at `now` until each
    /// participant waits or leaves. Returns how many arrivals on activities it made.
    pub(super) fn walk(
        &self,
        scope: &Scope,
        app_id: &str,
        j: &mut Journey,
        now: Ms,
        start: Vec<(Option<String>, String, Mode)>,
    ) -> u64 {
        let mut order: VecDeque<(String, Mode)> = VecDeque::new();
        let mut groups: HashMap<(String, Mode), Vec<String>> = HashMap::new();
        let mut hops: HashMap<String, usize> = HashMap::new();
        let mut arrivals = 0;
        let mut route =
            |j: &mut Journey,
             a: Option<String>,
             e: String,
             mode: Mode,
             order: &mut VecDeque<(String, Mode)>,
             groups: &mut HashMap<(String, Mode), Vec<String>>| {
                let h = hops.entry(e.clone()).or_default();
                *h += 1;
                match a {
                    Some(a) if *h <= 2 * MAX_ACTIVITIES + 2 => {
                        let key = (a, mode);
                        let g = groups.entry(key.clone()).or_default();
                        if g.is_empty() {
                            order.push_back(key);
                        }
                        g.push(e);
                    }
                    _ => exit(j, &e, now),
                }
            };
        for (a, e, mode) in start {
            route(j, a, e, mode, &mut order, &mut groups);
        }
        while let Some(key) = order.pop_front() {
            let Some(group) = groups.remove(&key) else {
                continue;
            };
            let (id, mode) = key;
            let Some(act) = j
                .definition
                .activities
                .as_ref()
                .and_then(|all| all.get(&id))
                .cloned()
            else {
                for e in group {
                    exit(j, &e, now);
                }
                continue;
            };
            if mode == Mode::Arrive {
                for e in &group {
                    if let Some(p) = j.progress.participants.get_mut(e) {
                        p.activity = Some(id.clone());
                        p.place = Place::WAITING;
                        p.since = now;
                        p.due = None;
                    }
                }
                arrivals += group.len() as u64;
            }
            for (to, e) in self.pass(scope, app_id, j, &id, &act, group, now, mode) {
                route(j, to, e, Mode::Arrive, &mut order, &mut groups);
            }
        }
        arrivals
    }

    /// What one activity does with a group: the participants that go on, with where to.
    /// Those that wait are left WAITING with their due time.
    #[allow(clippy::too_many_arguments)]
    fn pass(
        &self,
        scope: &Scope,
        app_id: &str,
        j: &mut Journey,
        id: &str,
        act: &Activity,
        group: Vec<String>,
        now: Ms,
        mode: Mode,
    ) -> Vec<(Option<String>, String)> {
        if let Some(m) = MessageActivity::of(act) {
            let to = next(m.next);
            let gone = self.send_activity(scope, app_id, j, id, group, now, mode == Mode::Resume);
            return gone.into_iter().map(|e| (to.clone(), e)).collect();
        }
        let mut out = Vec::new();
        if let Some(w) = &act.wait {
            let to = next(w.next_activity.as_ref());
            for e in group {
                match wait_end(w.wait_time.as_ref(), now) {
                    Some((end, for_)) if end > now => {
                        let hold = if for_ { Hold::WaitFor } else { Hold::WaitUntil };
                        hold_at(j, &e, end, hold);
                    }
                    Some(_) => {
                        count(j, &e, id, "WAIT_DATE_PASSED", now);
                        out.push((to.clone(), e));
                    }
                    None => {
                        count(j, &e, id, "COMPLETED", now);
                        out.push((to.clone(), e));
                    }
                }
            }
            return out;
        }
        let (ask, evaluation, targets): (Ask<'_>, Option<&WaitTime>, Vec<Option<String>>) =
            if let Some(c) = &act.conditional_split {
                let t = vec![
                    next(c.true_activity.as_ref()),
                    next(c.false_activity.as_ref()),
                ];
                (
                    Ask::YesNo(c.condition.as_ref()),
                    c.evaluation_wait_time.as_ref(),
                    t,
                )
            } else if let Some(m) = &act.multi_condition {
                let branches = m.branches.as_deref().unwrap_or_default();
                let mut t: Vec<Option<String>> = branches
                    .iter()
                    .map(|b| next(b.next_activity.as_ref()))
                    .collect();
                t.push(next(m.default_activity.as_ref()));
                let ask = Ask::Branches(branches.iter().map(|b| b.condition.as_ref()).collect());
                (ask, m.evaluation_wait_time.as_ref(), t)
            } else if let Some(r) = &act.random_split {
                for e in group {
                    let entry = j.progress.participants.get(&e).map_or(1, |p| p.entries);
                    let b = bucket(id, &e, entry);
                    let mut from = 0u64;
                    let mut to = None;
                    for (i, br) in r.branches.iter().flatten().enumerate() {
                        let pct = u64::try_from(br.percentage.unwrap_or(0)).unwrap_or(0);
                        if (from..from + pct).contains(&b) {
                            count(j, &e, id, &format!("Branch_{}", i + 1), now);
                            to = Some(next(br.next_activity.as_ref()));
                            break;
                        }
                        from += pct;
                    }
                    out.push((to.flatten(), e));
                }
                return out;
            } else if let Some(h) = &act.holdout {
                let pct = u64::try_from(h.percentage.unwrap_or(0)).unwrap_or(0);
                for e in group {
                    let entry = j.progress.participants.get(&e).map_or(1, |p| p.entries);
                    if bucket(id, &e, entry) < pct {
                        count(j, &e, id, "HOLDOUT", now);
                        out.push((None, e));
                    } else {
                        count(j, &e, id, "Branch_1", now);
                        out.push((next(h.next_activity.as_ref()), e));
                    }
                }
                return out;
            } else {
                return group.into_iter().map(|e| (None, e)).collect();
            };
        let mut deciding = Vec::new();
        for e in group {
            match (mode, wait_end(evaluation, now)) {
                (Mode::Arrive, Some((end, for_))) if end > now => {
                    let hold = if for_ {
                        Hold::EvaluateFor
                    } else {
                        Hold::EvaluateUntil
                    };
                    hold_at(j, &e, end, hold);
                }
                _ => deciding.push(e),
            }
        }
        let ways = self.decide(scope, app_id, j, &ask, &deciding, now);
        for (e, way) in deciding.into_iter().zip(ways) {
            count(j, &e, id, &format!("Branch_{}", way + 1), now);
            out.push((targets.get(way).cloned().flatten(), e));
        }
        out
    }
}

/// Counts `key` on activity `activity` of the participant's run.
fn count(j: &mut Journey, e: &str, activity: &str, key: &str, now: Ms) {
    let run = j.progress.participants.get(e).map_or(0, |p| p.run);
    if let Some(r) = j.progress.runs.get_mut(run) {
        r.count_activity(activity, key, now);
    }
}

/// The participant waits on its activity until `until`.
fn hold_at(j: &mut Journey, e: &str, until: Ms, hold: Hold) {
    let seq = j.progress.next_seq();
    if let Some(p) = j.progress.participants.get_mut(e) {
        p.due = Some((until, hold, seq));
    }
}

/// The participant's path ends: EXITED, counted ENDPOINT_LEFT.
pub fn exit(j: &mut Journey, e: &str, now: Ms) {
    let Some(p) = j.progress.participants.get_mut(e) else {
        return;
    };
    if p.place != Place::WAITING {
        return;
    }
    p.place = Place::EXITED;
    p.activity = None;
    p.since = now;
    p.due = None;
    let run = p.run;
    if let Some(r) = j.progress.runs.get_mut(run) {
        r.count("ENDPOINT_LEFT", now);
    }
}
