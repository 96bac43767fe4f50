//! Unit tests of every rule in the store, without HTTP, one file per area: the shared fixtures
//! here; the endpoint merge, status, address and date rules in `endpoint_rules.rs`; limits,
//! quotas, apps and deletes in `limits.rs`; PutEvents and the events log in `events.rs`; and so
//! on for each domain.

use std::collections::BTreeMap;

use super::endpoints::model::{self, ChannelType, Demographic, EndpointPatch, Location};
use super::endpoints::model::{OptOut, Status, UserPatch};
use super::events::recorded::{BatchIn, EventIn, EventLog};
use super::{app::AttrKind, *};

const APP: &str = "0123456789abcdef0123456789abcdef";

fn store_with(options: StoreOptions) -> Store {
    Store::new(
        options,
        Logs::in_memory(1000),
        std::sync::Arc::new(crate::clock::ManualClock::default()),
        std::sync::Arc::new(crate::ids::SequentialIds::default()),
    )
}

fn store() -> Store {
    store_with(StoreOptions::default())
}

fn scope() -> Scope {
    Scope {
        account: "000000000000".into(),
        region: "us-east-1".into(),
    }
}

fn attrs(pairs: &[(&str, &[&str])]) -> model::AttrMap {
    pairs
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                v.iter().map(|s| model::IStr::new(s)).collect(),
            )
        })
        .collect()
}

fn email(addr: &str) -> EndpointPatch {
    EndpointPatch {
        channel_type: Some(ChannelType::EMAIL),
        address: Some(addr.into()),
        ..Default::default()
    }
}

fn with_user(mut p: EndpointPatch, user: &str) -> EndpointPatch {
    p.user = Some(UserPatch {
        user_id: Some(user.into()),
        user_attributes: None,
    });
    p
}

fn push(channel: ChannelType, addr: &str, user: &str) -> EndpointPatch {
    with_user(
        EndpointPatch {
            channel_type: Some(channel),
            address: Some(addr.into()),
            ..Default::default()
        },
        user,
    )
}

impl Store {
    fn put(&self, id: &str, p: EndpointPatch) -> StoreResult<()> {
        self.update_endpoints(&scope(), APP, vec![(id.into(), p)], "req-1")
    }
    fn get(&self, id: &str) -> model::FullEndpoint {
        self.get_endpoint(&scope(), APP, id).unwrap()
    }
    fn check(&self) {
        let app = self.app(&scope(), APP).unwrap();
        app.read().check_invariants().unwrap();
    }
}

/// Links 15 EMAIL endpoints (`e0`…`e14`) to `user`: the per-user limit.
fn fill_user_with_email_endpoints(s: &Store, user: &str) {
    for i in 0..15 {
        s.put(
            &format!("e{i}"),
            with_user(email(&format!("{i}@x.com")), user),
        )
        .unwrap();
    }
}

fn bad(r: StoreResult<()>) -> String {
    match r {
        Err(
            e @ (StoreError::Invalid(_) | StoreError::LimitExceeded(_) | StoreError::Item { .. }),
        ) => e.to_string(),
        other => panic!("expected a refusal of the input, got {other:?}"),
    }
}

mod campaign_local_time;
mod campaign_pacing;
mod campaign_rules;
mod campaign_runs;
mod campaign_treatments;
mod campaigns;
mod channels;
mod clock;
mod copies;
mod custom_channel;
mod custom_payload;
mod custom_runs;
mod delivery_events;
mod endpoint_rules;
mod engagement;
mod events;
mod faults;
mod ids;
mod imports;
mod journey_checks;
mod journey_entry;
mod journey_kpis;
mod journey_messages;
mod journey_quiet;
mod journey_runs;
mod journey_splits;
mod journey_states;
mod journeys;
mod kpi_events;
mod limits;
mod message_content;
mod messages;
mod not_found;
mod otp;
mod resources;
mod segments;
mod sent_settings;
mod service_events;
mod system_events;
mod templates;
mod users;
