//! One integration-test binary (links once): the real Rust SDK against a server on 127.0.0.1:0,
//! raw wire tests through the router, the model-coverage check, and the check of the source
//! layers (docs/architecture.md).

mod admin;
mod admin_browse;
mod admin_campaign_runs;
mod admin_journey_graph;
mod admin_journeys;
mod auth;
mod bench_smoke;
mod binary;
mod cli;
mod common;
mod crash;
mod custom_webhook;
mod engagement;
mod faults;
mod golden;
mod hostile;
mod journey_determinism;
mod layers;
mod model;
mod model_coverage;
mod one_request;
mod readme;
mod robust;
mod sdk_apps;
mod sdk_campaigns;
mod sdk_channels;
mod sdk_endpoint_edges;
mod sdk_endpoints;
mod sdk_event_stream;
mod sdk_events;
mod sdk_jobs;
mod sdk_journeys;
mod sdk_messages;
mod sdk_otp;
mod sdk_phone;
mod sdk_resources;
mod sdk_segments;
mod sdk_templates;
mod segment_model;
mod state;
mod stress;
mod wire;
mod wire_bodies;
mod wire_golden;
mod wire_model;
#[rustfmt::skip]
mod wire_table;
