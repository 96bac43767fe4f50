//! Test harness: a server per test on 127.0.0.1:0, an SDK client pointed at it, and a raw
//! request helper that goes through the router without a socket.

use aws_sdk_pinpoint::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_pinpoint::Client;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use pinpoint_local::config::Config;
use pinpoint_local::AppState;
use serde_json::Value;
use tokio::sync::oneshot;
use tower::ServiceExt;

/// A running server; stopped when dropped.
pub struct TestServer {
    pub url: String,
    pub state: AppState,
    _stop: oneshot::Sender<()>,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::with_config(Config::for_tests()).await
    }

    pub async fn with_config(config: Config) -> Self {
        let state = AppState::new(config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        let st = state.clone();
        tokio::spawn(async move {
            pinpoint_local::serve(listener, st, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        Self {
            url,
            state,
            _stop: tx,
        }
    }

    /// An SDK client with dummy credentials in `us-east-1`.
    pub fn client(&self) -> Client {
        self.client_as("AKIDEXAMPLE", "us-east-1")
    }

    /// An SDK client with the given access key id and region.
    pub fn client_as(&self, access_key_id: &str, region: &str) -> Client {
        Client::from_conf(self.config_as(access_key_id, "secret", region).build())
    }

    /// The SDK configuration of [`TestServer::client_as`], with a chosen secret, to adjust.
    pub fn config_as(
        &self,
        access_key_id: &str,
        secret: &str,
        region: &str,
    ) -> aws_sdk_pinpoint::config::Builder {
        let creds = Credentials::new(access_key_id, secret, None, None, "tests");
        aws_sdk_pinpoint::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region.to_string()))
            .credentials_provider(creds)
            .endpoint_url(&self.url)
            .retry_config(aws_sdk_pinpoint::config::retry::RetryConfig::disabled())
    }
}

/// Asserts that GetEndpoint of `id` fails with the modelled NotFoundException.
pub async fn assert_endpoint_not_found(c: &Client, app: &str, id: &str) {
    let err = c
        .get_endpoint()
        .application_id(app)
        .endpoint_id(id)
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error();
    assert!(
        matches!(
            err,
            aws_sdk_pinpoint::operation::get_endpoint::GetEndpointError::NotFoundException(_)
        ),
        "{id}: {err:?}"
    );
}

/// Awaits an SDK call that must fail and checks the modelled exception it raised, by the error
/// type's `is_…_exception` method; gives back the service error.
#[macro_export]
macro_rules! expect_modelled {
    ($call:expr, $is:ident) => {{
        let e = $call
            .await
            .expect_err("the call should have failed")
            .into_service_error();
        assert!(e.$is(), "{e:?}");
        e
    }};
}

/// Awaits an SDK call of an operation the model gives no errors (the tag operations) and checks
/// the error code the SDK read from `x-amzn-ErrorType`.
#[macro_export]
macro_rules! expect_code {
    ($call:expr, $code:literal) => {{
        use aws_sdk_pinpoint::error::ProvideErrorMetadata;
        let e = $call
            .await
            .expect_err("the call should have failed")
            .into_service_error();
        assert_eq!(e.code(), Some($code), "{e:?}");
    }};
}

/// A fresh app id (32 lowercase hex), so tests never share data.
pub fn app_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// UpdateEndpoint through the SDK, to set the scene for a test.
pub async fn put_endpoint(
    c: &Client,
    app: &str,
    id: &str,
    req: aws_sdk_pinpoint::types::EndpointRequest,
) {
    c.update_endpoint()
        .application_id(app)
        .endpoint_id(id)
        .endpoint_request(req)
        .send()
        .await
        .unwrap();
}

/// A fresh app, created by a first UpdateEndpoint of an EMAIL endpoint `e1`; returns its id.
pub async fn app_with_an_endpoint(c: &Client) -> String {
    let app = app_id();
    let req = aws_sdk_pinpoint::types::EndpointRequest::builder()
        .channel_type(aws_sdk_pinpoint::types::ChannelType::Email)
        .address("a@x.com")
        .build();
    put_endpoint(c, &app, "e1", req).await;
    app
}

/// A raw response.
pub struct Raw {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    /// Asserts a 200 (naming the body when it is not) and returns the JSON body.
    pub fn ok_json(&self) -> Value {
        assert_eq!(
            self.status.as_u16(),
            200,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        self.json()
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// Asserts a Pinpoint error: status, `x-amzn-ErrorType`, and a body whose RequestID equals
    /// the header. Returns the message.
    pub fn assert_error(&self, status: u16, error_type: &str) -> String {
        assert_eq!(
            self.status.as_u16(),
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("x-amzn-ErrorType"), error_type);
        assert_eq!(self.header("content-type"), "application/json");
        let body = self.json();
        let request_id = self.header("x-amzn-RequestId");
        assert!(!request_id.is_empty());
        assert_eq!(body["RequestID"], request_id);
        assert!(body.get("__type").is_none() && body.get("code").is_none());
        body["Message"].as_str().expect("Message").to_string()
    }
}

/// Sends one request through the router (no socket).
pub async fn raw(
    state: &AppState,
    method: &str,
    path: &str,
    body: impl Into<Body>,
    headers: &[(&str, &str)],
) -> Raw {
    let mut req = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = pinpoint_local::app(state.clone())
        .oneshot(req.body(body.into()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Raw {
        status,
        headers,
        body,
    }
}

/// Sends JSON through the router.
pub async fn json(state: &AppState, method: &str, path: &str, body: Value) -> Raw {
    raw(
        state,
        method,
        path,
        body.to_string(),
        &[("content-type", "application/json")],
    )
    .await
}

/// A JSON request that must succeed (any 2xx, else the panic names the answer): its JSON body.
pub async fn ok(state: &AppState, method: &str, path: &str, body: Value) -> Value {
    let r = json(state, method, path, body).await;
    assert!(
        r.status.is_success(),
        "{method} {path}: {} {}",
        r.status,
        String::from_utf8_lossy(&r.body)
    );
    r.json()
}

/// A PutEvents body: `n` plain events for endpoint `e1`.
pub fn events_body(n: usize) -> String {
    let events: Vec<String> = (0..n)
        .map(|i| format!(r#""ev{i}":{{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z"}}"#))
        .collect();
    format!(
        r#"{{"BatchItem":{{"e1":{{"Endpoint":{{}},"Events":{{{}}}}}}}}}"#,
        events.join(",")
    )
}
