//! Other resources of an account: import and export jobs, recommender configurations, and
//! tags (what tags may be, and the TagResource operations by ARN).

pub mod jobs;
pub mod recommenders;
pub mod tags;
pub mod tags_by_arn;
