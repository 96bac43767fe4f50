//! Concurrency stress through the HTTP server: many clients update the same users and addresses
//! at once. At the end the invariants hold and no acknowledged write is lost. Bounded: 16 clients
//! × 50 requests.

use std::collections::HashMap;

use aws_sdk_pinpoint::types::{ChannelType, EndpointRequest, EndpointUser};
use pinpoint_local::store::endpoints::model::Status;
use pinpoint_local::store::Scope;

use crate::common::{app_id, TestServer};

const CLIENTS: usize = 16;
const REQUESTS: usize = 50;
const OWNED: usize = 6;

/// What the owner of an endpoint last had acknowledged.
#[derive(Debug, Clone, PartialEq)]
enum Last {
    Written(u64),
    Deleted,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_clients_keep_every_rule_and_lose_nothing() {
    let server = TestServer::start().await;
    let app = app_id();
    let mut tasks = Vec::new();
    for t in 0..CLIENTS {
        let client = server.client();
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let mut last: HashMap<String, Last> = HashMap::new();
            let mut seq = 0u64;
            for n in 0..REQUESTS {
                let id = format!("t{t}-e{}", (n * 7 + t) % OWNED);
                seq += 1;
                if n % 11 == 10 {
                    let r = client
                        .delete_endpoint()
                        .application_id(&app)
                        .endpoint_id(&id)
                        .send()
                        .await;
                    if r.is_ok() {
                        last.insert(id, Last::Deleted);
                    }
                    continue;
                }
                let channel = if (n + t) % 3 == 0 {
                    ChannelType::Gcm
                } else {
                    ChannelType::Email
                };
                let req = EndpointRequest::builder()
                    .channel_type(channel)
                    .address(format!("shared-{}", (n + t) % 4))
                    .attributes("seq", vec![seq.to_string()])
                    .user(
                        EndpointUser::builder()
                            .user_id(format!("user-{}", n % 2))
                            .build(),
                    )
                    .build();
                let r = client
                    .update_endpoint()
                    .application_id(&app)
                    .endpoint_id(&id)
                    .endpoint_request(req)
                    .send()
                    .await;
                match r {
                    Ok(_) => {
                        last.insert(id, Last::Written(seq));
                    }
                    Err(e) => {
                        let e = e.into_service_error();
                        assert!(e.is_bad_request_exception(), "unexpected failure: {e:?}");
                    }
                }
            }
            last
        }));
    }
    let mut acknowledged: HashMap<String, Last> = HashMap::new();
    for t in tasks {
        acknowledged.extend(t.await.unwrap());
    }
    let scope = Scope {
        account: "000000000000".into(),
        region: "us-east-1".into(),
    };
    let store = &server.state.store;
    let app_ref = store.app(&scope, &app).unwrap();
    let data = app_ref.read();
    data.check_invariants().unwrap();
    let mut active = HashMap::new();
    for ep in data.endpoints() {
        if ep.status == Status::ACTIVE {
            if let Some(a) = ep.address() {
                *active.entry(a.to_string()).or_insert(0) += 1;
            }
        }
    }
    assert!(active.values().all(|n| *n == 1), "{active:?}");
    for u in ["user-0", "user-1"] {
        assert!(data.user_endpoints(u).len() <= 15);
    }
    drop(data);
    let mut written = 0;
    for (id, last) in &acknowledged {
        let got = store.get_endpoint(&scope, &app, id);
        match last {
            Last::Written(seq) => {
                let ep = got.unwrap_or_else(|e| panic!("acknowledged write to {id} lost: {e:?}"));
                assert_eq!(*ep.attributes["seq"], [seq.to_string()], "{id}");
                written += 1;
            }
            Last::Deleted => assert!(got.is_err(), "{id} was deleted"),
        }
    }
    assert!(
        written > CLIENTS,
        "too few writes were accepted to mean anything: {written}"
    );
}
