//! What runs around every served operation's handler, as one hand-written layer: the fault rules
//! (docs/behaviour.md#faults), the model check (docs/behaviour.md#model-validation), and the
//! operation's success code from the catalog in place of the handler's 200, so no handler
//! carries a status literal.
//!
//! A call with nothing to check (no fault rule set, nothing in the model to check for the
//! operation) goes straight to its handler; only a call whose body must be read first keeps a
//! clone of the route for later.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use tower::ServiceExt;

use super::admin_faults;
use crate::protocol::around::{Answer, Around, AroundLayer, Route};
use crate::protocol::catalog::OperationSpec;
use crate::protocol::shapes::Input;
use crate::protocol::validate;
use crate::AppState;

/// One operation's guard.
pub struct Guard {
    state: AppState,
    op: &'static OperationSpec,
    /// The model's input, when the operation has a body or parameters to check.
    input: Option<&'static Input>,
    success: StatusCode,
}

impl Guard {
    /// The handler's 200 as the operation's success code.
    fn succeeded(&self, mut resp: Response) -> Response {
        if resp.status() == StatusCode::OK {
            *resp.status_mut() = self.success;
        }
        resp
    }
}

impl Guard {
    /// The layer of one operation's guard.
    pub fn layer(
        state: &AppState,
        op: &'static OperationSpec,
        input: Option<&'static Input>,
    ) -> AroundLayer<Self> {
        AroundLayer(Arc::new(Self {
            state: state.clone(),
            op,
            input,
            success: StatusCode::from_u16(op.success_code).unwrap_or(StatusCode::OK),
        }))
    }
}

impl Around for Guard {
    fn call<S: Route>(this: &Arc<Self>, inner: &mut S, req: Request) -> Answer {
        let g = Arc::clone(this);
        if g.input.is_none() && !g.state.store.faults.is_active() {
            let answer = inner.call(req);
            return Box::pin(async move {
                let Ok(resp) = answer.await;
                Ok(g.succeeded(resp))
            });
        }
        let inner = inner.clone();
        Box::pin(async move {
            if let Some(faulted) = admin_faults::injected(&g.state, g.op, req.uri().path()).await {
                return Ok(faulted);
            }
            let req = match g.input {
                Some(input) => match validate::checked(input, req).await {
                    Ok(req) => req,
                    Err(refused) => return Ok(refused),
                },
                None => req,
            };
            let Ok(resp) = inner.oneshot(req).await;
            Ok(g.succeeded(resp))
        })
    }
}
