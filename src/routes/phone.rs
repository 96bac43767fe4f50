//! PhoneNumberValidate.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/phone-number-validate.html>

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::protocol::PinpointJson;
use crate::{phone, AppState};

/// `NumberValidateRequest`.
#[derive(Debug, Deserialize)]
pub struct NumberValidateRequest {
    #[serde(rename = "PhoneNumber")]
    phone_number: Option<String>,
    #[serde(rename = "IsoCountryCode")]
    iso_country_code: Option<String>,
}

pub async fn phone_number_validate(
    State(st): State<AppState>,
    PinpointJson(req): PinpointJson<NumberValidateRequest>,
) -> Result<Json<Value>, ApiError> {
    let number = req.phone_number.ok_or_else(|| {
        ApiError::bad("Missing PhoneNumber: NumberValidateRequest needs a PhoneNumber")
    })?;
    let iso = req.iso_country_code.filter(|c| !c.is_empty());
    Ok(Json(phone::validate(
        &number,
        iso.as_deref(),
        &st.phone_numbers,
    )))
}
