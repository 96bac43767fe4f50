//! PhoneNumberValidate (docs/behaviour.md#phone-number-validate): offline and deterministic,
//! from libphonenumber's metadata (the `phonenumber` crate), with optional answers per number
//! from a file (`--phone-numbers`).

mod countries;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use crate::model::NumberValidateResponse;
use phonenumber::country::Id;
use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, PhoneNumber, Type};

/// Answers fixed per E.164 number: the members they set replace the computed ones.
pub type Overrides = BTreeMap<String, NumberValidateResponse>;

/// Reads an overrides file: a JSON object from E.164 numbers to NumberValidateResponse members.
pub fn load_overrides(path: &Path) -> Result<Overrides, String> {
    let text = std::fs::read(path)
        .map_err(|e| format!("cannot read the phone numbers file {}: {e}", path.display()))?;
    serde_json::from_slice(&text).map_err(|e| {
        format!(
            "the phone numbers file {} is not an object of numbers to answers: {e}",
            path.display()
        )
    })
}

/// `PhoneType` and `PhoneTypeCode` of a number type.
fn phone_type(t: Type) -> (&'static str, u8) {
    match t {
        Type::Mobile | Type::FixedLineOrMobile => ("MOBILE", 0),
        Type::FixedLine => ("LANDLINE", 1),
        Type::Voip => ("VOIP", 2),
        Type::Unknown => ("INVALID", 3),
        _ => ("OTHER", 4),
    }
}

const OTHER: (&str, u8) = ("OTHER", 4);
const INVALID: (&str, u8) = ("INVALID", 3);

/// A number as read: the parsed number and its country (ISO code), when one is known.
struct Reading {
    number: PhoneNumber,
    country: Option<String>,
}

/// The main region of a calling code (US for 1, GB for 44); none for the non-geographic codes.
fn main_region(code: u16) -> Option<Id> {
    let regions = DATABASE.region(&code)?;
    Id::from_str(regions.first()?).ok()
}

/// Reads a number. One with its calling code (`+…`) is read as is; a national one in the given
/// country (US when none is given). Giving a country with an international number would make the
/// parser strip that country's national prefix from it, so it is not given.
///
/// When the digits fit none of the calling code's regions (an invalid number), the parser has no
/// region whose national prefix it could drop, and `+44 0163…` would keep its trunk 0: such a
/// number is read again in the code's main region, so the 0 goes as libphonenumber's reference
/// parser drops it, and that region is its country.
fn read(number: &str, iso_country: Option<&str>) -> Option<Reading> {
    let international = number.trim_start().starts_with('+');
    let given = if international {
        None
    } else {
        Some(
            iso_country
                .and_then(|c| Id::from_str(&c.to_ascii_uppercase()).ok())
                .unwrap_or(Id::US),
        )
    };
    let parsed = phonenumber::parse(given, number).ok()?;
    if let Some(id) = parsed.country().id() {
        let country = Some(id.as_ref().to_string());
        return Some(Reading {
            number: parsed,
            country,
        });
    }
    let code = parsed.code().value();
    let fallback = given
        .filter(|id| main_region(code).is_some() && region_code(*id) == Some(code))
        .or_else(|| main_region(code));
    let Some(region) = fallback else {
        return Some(Reading {
            number: parsed,
            country: None,
        });
    };
    let number = match phonenumber::parse(Some(region), number) {
        Ok(again) if international && again.code().value() == code => again,
        _ => parsed,
    };
    Some(Reading {
        number,
        country: Some(region.as_ref().to_string()),
    })
}

/// The calling code of a region.
fn region_code(id: Id) -> Option<u16> {
    DATABASE.by_id(id.as_ref()).map(|m| m.country_code())
}

/// North America's fictional range, `NXX-555-0100` to `NXX-555-0199`, set aside for films and
/// examples: the service types it OTHER.
fn fictional(number: &PhoneNumber) -> bool {
    let national = number.national().value().to_string();
    let d = national.as_bytes();
    number.code().value() == 1
        && d.len() == 10
        && (b'2'..=b'9').contains(&d[0])
        && national[3..8] == *"55501"
}

/// `PhoneType` and `PhoneTypeCode` of a number as read.
fn kind(reading: &Reading) -> (&'static str, u8) {
    let p = &reading.number;
    if fictional(p) {
        OTHER
    } else if p.is_valid() {
        phone_type(p.number_type(&DATABASE))
    } else {
        INVALID
    }
}

/// The NumberValidateResponse for a number and the country it was given with.
pub fn validate(
    number: &str,
    iso_country: Option<&str>,
    overrides: &Overrides,
) -> NumberValidateResponse {
    let reading = read(number, iso_country);
    let (kind, code) = reading.as_ref().map_or(INVALID, kind);
    let mut m = NumberValidateResponse {
        original_phone_number: Some(number.to_string()),
        original_country_code_iso2: iso_country.map(String::from),
        phone_type: Some(kind.to_string()),
        phone_type_code: Some(i32::from(code)),
        ..Default::default()
    };
    let Some(reading) = reading else {
        return m;
    };
    let p = &reading.number;
    let e164 = p.format().mode(Mode::E164).to_string();
    m.cleansed_phone_number_e164 = Some(e164.clone());
    m.cleansed_phone_number_national = Some(p.national().to_string());
    m.country_code_numeric = Some(p.code().value().to_string());
    if let Some(iso) = &reading.country {
        m.country_code_iso2 = Some(iso.clone());
        m.country = countries::name(iso).map(String::from);
    }
    match overrides.get(&e164) {
        Some(fixed) => fixed_over(fixed.clone(), m),
        None => m,
    }
}

/// The members `fixed` sets, over the computed answer `m`.
fn fixed_over(f: NumberValidateResponse, m: NumberValidateResponse) -> NumberValidateResponse {
    NumberValidateResponse {
        carrier: f.carrier.or(m.carrier),
        city: f.city.or(m.city),
        cleansed_phone_number_e164: f
            .cleansed_phone_number_e164
            .or(m.cleansed_phone_number_e164),
        cleansed_phone_number_national: f
            .cleansed_phone_number_national
            .or(m.cleansed_phone_number_national),
        country: f.country.or(m.country),
        country_code_iso2: f.country_code_iso2.or(m.country_code_iso2),
        country_code_numeric: f.country_code_numeric.or(m.country_code_numeric),
        county: f.county.or(m.county),
        original_country_code_iso2: f
            .original_country_code_iso2
            .or(m.original_country_code_iso2),
        original_phone_number: f.original_phone_number.or(m.original_phone_number),
        phone_type: f.phone_type.or(m.phone_type),
        phone_type_code: f.phone_type_code.or(m.phone_type_code),
        timezone: f.timezone.or(m.timezone),
        zip_code: f.zip_code.or(m.zip_code),
    }
}
