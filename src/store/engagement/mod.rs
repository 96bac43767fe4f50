//! Engagement: segments (and their evaluation over endpoints), campaigns (with their in-app
//! messages and runs), journeys, the application settings that govern them, and the KPIs and
//! journey metrics computed from the sent-message log and the engagement recorded against it.

pub mod campaigns;
pub mod due;
pub mod journeys;
pub mod kpi_measures;
pub mod kpis;
pub mod segments;
pub mod settings;
pub mod system_events;
