//! The one handler shape: `async fn(AppState, Ctx, Input) -> Result<Output, ApiError>`, where
//! `Input` and `Output` are the operation's generated wire types ([`crate::wire::operations`]).
//! [`typed`] mounts such a handler between [`read_input`] and [`write_output`], so no handler
//! reads a request or builds a response itself, and the route table knows which operation each
//! row serves from the handler's own input type.

use std::future::Future;

use axum::extract::{Request, State};
use axum::routing::{on, MethodFilter, MethodRouter};

use crate::error::ApiError;
use crate::protocol::operation::{read_input, write_output};
use crate::protocol::Ctx;
use crate::wire::{Operation, OperationInput, OperationOutput};
use crate::AppState;

/// One row's handler, mounted at its method.
pub struct Mounted {
    /// The operation the handler serves (its input's [`OperationInput::OPERATION`]).
    pub operation: Operation,
    pub router: MethodRouter<AppState>,
}

/// A typed handler, mounted at `method`.
pub fn typed<I, O, F, Fut>(method: MethodFilter, f: F) -> Mounted
where
    I: OperationInput,
    O: OperationOutput,
    F: Fn(AppState, Ctx, I) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<O, ApiError>> + Send + 'static,
{
    let handler = move |State(st): State<AppState>, ctx: Ctx, req: Request| async move {
        let input = read_input::<I>(req).await?;
        write_output(f(st, ctx, input).await?)
    };
    Mounted {
        operation: I::OPERATION,
        router: on(method, handler),
    }
}
