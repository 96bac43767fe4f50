//! What runs around every served operation's handler, as one hand-written layer: the fault rules
//! (docs/behaviour.md#faults) and the operation's success code from the catalog in place of the
//! handler's 200, so no handler carries a status literal. The model check
//! (docs/behaviour.md#model-validation) happens while the typed handler reads its input
//! (`protocol::operation::read_input`).
//!
//! With no fault rule set, a call goes straight to its handler; only while rules are set does a
//! call keep a clone of the route for after the rules are asked.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use tower::ServiceExt;

use super::admin_faults;
use crate::protocol::around::{Answer, Around, AroundLayer, Route};
use crate::protocol::catalog::OperationSpec;
use crate::AppState;

/// One operation's guard.
pub struct Guard {
    state: AppState,
    op: &'static OperationSpec,
    success: StatusCode,
}

/// The handler's 200 as the operation's success code.
fn succeeded(success: StatusCode, mut resp: Response) -> Response {
    if resp.status() == StatusCode::OK {
        *resp.status_mut() = success;
    }
    resp
}

impl Guard {
    /// The layer of one operation's guard.
    pub fn layer(state: &AppState, op: &'static OperationSpec) -> AroundLayer<Self> {
        AroundLayer(Arc::new(Self {
            state: state.clone(),
            op,
            success: StatusCode::from_u16(op.success_code).unwrap_or(StatusCode::OK),
        }))
    }
}

impl Around for Guard {
    fn call<S: Route>(this: &Arc<Self>, inner: &mut S, req: Request) -> Answer {
        let success = this.success;
        if !this.state.store.faults.is_active() {
            // Only the success code goes along: no count of the shared guard is taken.
            let answer = inner.call(req);
            return Box::pin(async move {
                let Ok(resp) = answer.await;
                Ok(succeeded(success, resp))
            });
        }
        let g = Arc::clone(this);
        let inner = inner.clone();
        Box::pin(async move {
            if let Some(faulted) = admin_faults::injected(&g.state, g.op, req.uri().path()).await {
                return Ok(faulted);
            }
            let Ok(resp) = inner.oneshot(req).await;
            Ok(succeeded(success, resp))
        })
    }
}
