//! Endpoints and users: the endpoint model (an endpoint as Pinpoint keeps it, a validated
//! partial update), the upsert rules every endpoint write goes through, how an update's members
//! merge into the stored endpoint, the CohortId, and the endpoint, user and attribute operations
//! (UpdateEndpoint(sBatch), GetEndpoint, DeleteEndpoint, GetUserEndpoints, DeleteUserEndpoints,
//! RemoveAttributes).

pub mod cohort;
pub mod merge;
pub mod model;
mod ops;
pub mod upsert;
