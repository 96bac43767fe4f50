//! PhoneNumberValidate.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/phone-number-validate.html>

use crate::error::ApiError;
use crate::model::{PhoneNumberValidateRequest, PhoneNumberValidateResponse};
use crate::protocol::Ctx;
use crate::{phone, AppState};

pub async fn phone_number_validate(
    st: AppState,
    _ctx: Ctx,
    input: PhoneNumberValidateRequest,
) -> Result<PhoneNumberValidateResponse, ApiError> {
    let req = input.number_validate_request;
    let number = req.phone_number.ok_or_else(|| {
        ApiError::bad("Missing PhoneNumber: NumberValidateRequest needs a PhoneNumber")
    })?;
    let iso = req.iso_country_code.filter(|c| !c.is_empty());
    Ok(PhoneNumberValidateResponse {
        number_validate_response: phone::validate(&number, iso.as_deref(), &st.phone_numbers),
    })
}
