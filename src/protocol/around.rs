//! The shape both hand-written layers share ([`super::front`] around every route, the operation
//! guard around every handler): a piece of shared state, and what it does with each call given
//! the route. One boxed future per call and no clone of the route unless the call keeps it for
//! later.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use tower::{Layer, Service};

/// A call's answer on its way.
pub type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

/// What a route or handler inside the layer is.
pub trait Route:
    Service<Request, Response = Response, Error = Infallible, Future: Send + 'static>
    + Clone
    + Send
    + 'static
{
}

impl<S> Route for S where
    S: Service<Request, Response = Response, Error = Infallible, Future: Send + 'static>
        + Clone
        + Send
        + 'static
{
}

/// What a layer does with a call.
pub trait Around: Send + Sync + 'static {
    /// Answers `req`; `inner` is the route, ready to be called.
    fn call<S: Route>(this: &Arc<Self>, inner: &mut S, req: Request) -> Answer;
}

/// The layer that puts an [`Around`] around each route.
pub struct AroundLayer<T>(pub Arc<T>);

impl<T> Clone for AroundLayer<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T, S> Layer<S> for AroundLayer<T> {
    type Service = Wrapped<T, S>;
    fn layer(&self, inner: S) -> Self::Service {
        Wrapped {
            inner,
            around: Arc::clone(&self.0),
        }
    }
}

/// A route inside an [`Around`].
pub struct Wrapped<T, S> {
    inner: S,
    around: Arc<T>,
}

impl<T, S: Clone> Clone for Wrapped<T, S> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            around: Arc::clone(&self.around),
        }
    }
}

impl<T: Around, S: Route> Service<Request> for Wrapped<T, S> {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Answer {
        T::call(&self.around, &mut self.inner, req)
    }
}
