//! Recommender configurations between the store and the wire: the model's Create/Update
//! configuration as the store's [`RecommenderWrite`], a kept [`Recommender`] as the model's
//! `RecommenderConfigurationResponse`.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/recommenders.html>

use crate::model::{
    CreateRecommenderConfiguration, RecommenderConfigurationResponse,
    UpdateRecommenderConfiguration,
};
use crate::store::resources::recommenders::{Recommender, RecommenderWrite};

/// The Create and Update shapes have the same members: one body for the two.
macro_rules! write_of {
    ($w:expr) => {{
        let w = $w;
        RecommenderWrite {
            attributes: w.attributes,
            description: w.description,
            name: w.name,
            recommendation_provider_id_type: w.recommendation_provider_id_type,
            recommendation_provider_role_arn: w.recommendation_provider_role_arn,
            recommendation_provider_uri: w.recommendation_provider_uri,
            recommendation_transformer_uri: w.recommendation_transformer_uri,
            recommendations_display_name: w.recommendations_display_name,
            recommendations_per_message: w.recommendations_per_message.map(i64::from),
        }
    }};
}

/// CreateRecommenderConfiguration's body as the store's write.
pub fn create_write(w: CreateRecommenderConfiguration) -> RecommenderWrite {
    write_of!(w)
}

/// UpdateRecommenderConfiguration's body as the store's write.
pub fn update_write(w: UpdateRecommenderConfiguration) -> RecommenderWrite {
    write_of!(w)
}

/// A kept configuration as the model's `RecommenderConfigurationResponse`.
pub fn recommender_response(r: Recommender) -> RecommenderConfigurationResponse {
    RecommenderConfigurationResponse {
        attributes: r.attributes,
        creation_date: Some(r.creation_date),
        description: r.description,
        id: Some(r.id),
        last_modified_date: Some(r.last_modified_date),
        name: r.name,
        recommendation_provider_id_type: Some(r.recommendation_provider_id_type),
        recommendation_provider_role_arn: Some(r.recommendation_provider_role_arn),
        recommendation_provider_uri: Some(r.recommendation_provider_uri),
        recommendation_transformer_uri: r.recommendation_transformer_uri,
        recommendations_display_name: r.recommendations_display_name,
        recommendations_per_message: Some(
            i32::try_from(r.recommendations_per_message).unwrap_or(i32::MAX),
        ),
    }
}
