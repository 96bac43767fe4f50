//! A journey's message activities (docs/behaviour.md#journey-messages): EMAIL, SMS, PUSH,
//! CUSTOM and ContactCenter, each to the endpoints it can serve, through quiet time, the
//! sending schedule and the caps, then the SendMessages rules with the activity's template;
//! every outcome recorded as `_journey.send`.

use std::collections::{BTreeMap, HashMap};

use super::caps::JourneyCaps;
use super::message_activity::MessageActivity;
use super::progress::{instant, Hold, Ms};
use super::quiet::{open_hours, zone, Sending};
use super::Journey;
use crate::store::endpoints::model::fold_id;
use crate::store::events::service::ServiceEvent;
use crate::store::messaging::messages::{DeliveryStatus, Outcome};
use crate::store::{Scope, Store};

/// What becomes of one endpoint at a message activity.
enum Fate {
    Send,
    Status(&'static str, &'static str, String),
    Hold(Ms),
}

/// A delivery outcome as `journey_send_status`, with its code and message.
fn status_of(o: &Outcome) -> (&'static str, String, String) {
    let s = match o.status {
        DeliveryStatus::SUCCESSFUL => return ("SUCCESS", "200".into(), "200".into()),
        DeliveryStatus::THROTTLED => "THROTTLED",
        DeliveryStatus::TEMPORARY_FAILURE | DeliveryStatus::UNKNOWN_FAILURE => "FAILURE",
        _ => "FAILURE_PERMANENT",
    };
    (s, o.code.to_string(), o.message.clone())
}

impl Store {
    /// Sends message activity `id` of journey `j` to `endpoints` at `now` (`resumed`: they
    /// were held by quiet time and their hold has ended). Held endpoints stay WAITING on the
    /// activity; the others, whatever their outcome, are returned to go on.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn send_activity(
        &self,
        scope: &Scope,
        app_id: &str,
        j: &mut Journey,
        id: &str,
        endpoints: Vec<String>,
        now: Ms,
        resumed: bool,
    ) -> Vec<String> {
        let Some(act) = j.definition.activities.as_ref().and_then(|a| a.get(id)) else {
            return endpoints;
        };
        let Some(m) = MessageActivity::of(act) else {
            return endpoints;
        };
        let Ok(app) = self.app(scope, app_id) else {
            return endpoints;
        };
        let at = instant(now);
        let mut records = Vec::new();
        let stamp = self.stamp(scope, app_id);
        let mut fates: Vec<(String, Fate, Option<String>)> = Vec::new();
        {
            let data = app.read();
            let open = open_hours(&j.definition, m.kind);
            let sending = Sending::of(&j.definition, &data.settings().quiet_time, m.kind, &open);
            let estimates = j
                .definition
                .timezone_estimation_methods
                .as_ref()
                .is_some_and(|v| !v.is_empty());
            let caps = JourneyCaps::of(j, &data);
            let mut releases: HashMap<String, Option<Ms>> = HashMap::new();
            for e_id in &endpoints {
                let Some(e) = data.endpoint(&fold_id(e_id)) else {
                    let why = "The endpoint no longer exists".to_string();
                    fates.push((
                        e_id.clone(),
                        Fate::Status("FAILURE_PERMANENT", "404", why),
                        None,
                    ));
                    continue;
                };
                let ct = e.channel_type.map_or("", |c| c.as_str());
                let user = e.user_id.clone();
                if resumed {
                    let run = run_of(j, e_id);
                    let mut ev = journey_send(
                        j,
                        id,
                        &run,
                        None,
                        "QUIET_TIME_WAIT_FINISHED",
                        "200",
                        "200",
                        None,
                    );
                    ev.user_id = user.clone();
                    records.push(stamp.record(self, Some(e_id), ev));
                }
                let fate = if !e.channel_type.is_some_and(|c| m.serves(c)) {
                    Fate::Status(
                        "UNSUPPORTED_CHANNEL",
                        "400",
                        format!("The {} activity cannot send to a {ct} endpoint", m.kind),
                    )
                } else {
                    let tz_name = e.demographic.as_ref().and_then(|d| d.timezone.as_deref());
                    match zone(tz_name) {
                        Some(tz) if sending.is_set() && !sending.allowed(tz, at) => {
                            let release =
                                *releases.entry(tz.name().to_string()).or_insert_with(|| {
                                    sending.release(tz, at).map(super::progress::ms)
                                });
                            match (j.definition.wait_for_quiet_time == Some(true), release) {
                                (true, Some(r)) => Fate::Hold(r),
                                _ => Fate::Status(
                                    "QUIET_TIME",
                                    "400",
                                    "Not sent during quiet time".into(),
                                ),
                            }
                        }
                        None if estimates && sending.is_set() => Fate::Status(
                            "QUIET_TIME_MISSING_TIMEZONE",
                            "400",
                            "The endpoint has no time zone and quiet time is set".into(),
                        ),
                        _ => match caps.check(&data, j, e_id, now) {
                            Some(k) => Fate::Status(
                                k,
                                "400",
                                format!("The journey's {k} limit was reached for the endpoint"),
                            ),
                            None => Fate::Send,
                        },
                    }
                };
                fates.push((e_id.clone(), fate, user));
            }
        }
        // Send, one message per run (its Context names the run).
        let mut by_run: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (e, fate, _) in &fates {
            if matches!(fate, Fate::Send) {
                let run = j.progress.participants.get(e).map_or(0, |p| p.run);
                by_run.entry(run).or_default().push(e.clone());
            }
        }
        let mut outcomes: HashMap<String, Outcome> = HashMap::new();
        let request_id = self.ids.request_id();
        for (run, ids) in by_run {
            let run_id = j
                .progress
                .runs
                .get(run)
                .map(|r| r.id.clone())
                .unwrap_or_default();
            let got =
                self.deliver_journey(scope, app_id, &m, &j.id, id, &run_id, &ids, &request_id);
            outcomes.extend(ids.into_iter().zip(got));
        }
        // Record and count; holds stay, the rest go on.
        let mut go_on = Vec::new();
        for (e, fate, user) in fates {
            let (status, code, message, message_id) = match fate {
                Fate::Hold(until) => {
                    let seq = j.progress.next_seq();
                    if let Some(p) = j.progress.participants.get_mut(&e) {
                        p.due = Some((until, Hold::Quiet, seq));
                    }
                    continue;
                }
                Fate::Status(s, c, why) => (s, c.to_string(), why, None),
                Fate::Send => {
                    let o = outcomes.remove(&e).unwrap_or_else(|| Outcome {
                        status: DeliveryStatus::PERMANENT_FAILURE,
                        code: 500,
                        message: "Not delivered".into(),
                        message_id: None,
                        address: None,
                    });
                    let (s, c, why) = status_of(&o);
                    (s, c, why, o.message_id)
                }
            };
            let status = if m.kind == "CUSTOM" && status == "FAILURE" {
                "CUSTOM_DELIVERY_FAILURE"
            } else {
                status
            };
            if let Some(p) = j.progress.participants.get_mut(&e) {
                if let Some(mid) = &message_id {
                    p.messages.insert(id.to_string(), mid.clone());
                }
                if status == "SUCCESS" {
                    p.sent.push(now);
                }
                let run = p.run;
                if let Some(r) = j.progress.runs.get_mut(run) {
                    r.count_activity(id, status, now);
                }
            }
            let run = run_of(j, &e);
            let kind = Some(m.kind);
            let mut ev = journey_send(
                j,
                id,
                &run,
                kind,
                status,
                &code,
                &message,
                message_id.as_ref(),
            );
            ev.user_id = user;
            records.push(stamp.record(self, Some(&e), ev));
            go_on.push(e);
        }
        self.record_service_events(records);
        go_on
    }
}

/// A `_journey.send` record.
#[allow(clippy::too_many_arguments)]
fn journey_send(
    j: &Journey,
    activity: &str,
    run: &str,
    kind: Option<&str>,
    status: &str,
    code: &str,
    message: &str,
    message_id: Option<&String>,
) -> ServiceEvent {
    let mut a = BTreeMap::from([
        ("journey_id".to_string(), j.id.clone()),
        ("journey_activity_id".to_string(), activity.to_string()),
        ("journey_send_status".to_string(), status.to_string()),
        ("journey_send_status_code".to_string(), code.to_string()),
        (
            "journey_send_status_message".to_string(),
            message.to_string(),
        ),
    ]);
    a.insert("journey_run_id".to_string(), run.to_string());
    if let Some(k) = kind {
        a.insert("journey_activity_type".to_string(), k.to_string());
    }
    if let Some(mid) = message_id {
        a.insert("message_id".to_string(), mid.clone());
    }
    ServiceEvent::delivery("_journey.send", a)
}

/// The id of the run an endpoint's current entry belongs to.
fn run_of(j: &Journey, endpoint: &str) -> String {
    let run = j.progress.participants.get(endpoint).map_or(0, |p| p.run);
    j.progress
        .runs
        .get(run)
        .map(|r| r.id.clone())
        .unwrap_or_default()
}
