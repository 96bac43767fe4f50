//! PhoneNumberValidate (docs/behaviour.md#phone-number-validate): offline and deterministic,
//! from libphonenumber's metadata (the `phonenumber` crate), with optional answers per number
//! from a file (`--phone-numbers`).

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use phonenumber::country::Id;
use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, Type};
use serde_json::{Map, Value};

/// Answers fixed per E.164 number: the members they set replace the computed ones.
pub type Overrides = BTreeMap<String, Map<String, Value>>;

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

/// The NumberValidateResponse for a number and the country it was given with.
pub fn validate(number: &str, iso_country: Option<&str>, overrides: &Overrides) -> Value {
    let mut m = Map::new();
    m.insert("OriginalPhoneNumber".into(), number.into());
    if let Some(iso) = iso_country {
        m.insert("OriginalCountryCodeIso2".into(), iso.into());
    }
    // A number with its calling code is read as is; a national one in the given country (US
    // when none is given). Giving a country with an international number would make the
    // parser strip that country's national prefix from it.
    let region = if number.trim_start().starts_with('+') {
        None
    } else {
        Some(
            iso_country
                .and_then(|c| Id::from_str(&c.to_ascii_uppercase()).ok())
                .unwrap_or(Id::US),
        )
    };
    let parsed = phonenumber::parse(region, number).ok();
    let (kind, code) = match &parsed {
        Some(p) if p.is_valid() => phone_type(p.number_type(&DATABASE)),
        _ => ("INVALID", 3),
    };
    if let Some(p) = &parsed {
        let e164 = p.format().mode(Mode::E164).to_string();
        m.insert("CleansedPhoneNumberE164".into(), e164.as_str().into());
        m.insert(
            "CleansedPhoneNumberNational".into(),
            p.national().value().to_string().into(),
        );
        m.insert(
            "CountryCodeNumeric".into(),
            p.code().value().to_string().into(),
        );
        if let Some(id) = p.country().id() {
            m.insert("CountryCodeIso2".into(), id.as_ref().into());
        }
        if let Some(fixed) = overrides.get(&e164) {
            m.insert("PhoneType".into(), kind.into());
            m.insert("PhoneTypeCode".into(), code.into());
            m.extend(fixed.clone());
            return Value::Object(m);
        }
    }
    m.insert("PhoneType".into(), kind.into());
    m.insert("PhoneTypeCode".into(), code.into());
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(number: &str, iso: Option<&str>) -> Value {
        validate(number, iso, &Overrides::new())
    }

    #[test]
    fn numbers_are_typed_and_cleansed_from_libphonenumber_metadata() {
        let mobile = answer("+33 6 12 34 56 78", None);
        assert_eq!(mobile["PhoneType"], "MOBILE");
        assert_eq!(mobile["PhoneTypeCode"], 0);
        assert_eq!(mobile["CleansedPhoneNumberE164"], "+33612345678");
        assert_eq!(mobile["CleansedPhoneNumberNational"], "612345678");
        assert_eq!(mobile["CountryCodeIso2"], "FR");
        assert_eq!(mobile["CountryCodeNumeric"], "33");
        // An international number keeps every digit, whatever country is given with it.
        let de = answer("+4915123456789", Some("US"));
        assert_eq!(de["CleansedPhoneNumberE164"], "+4915123456789");
        let landline = answer("020 7946 0018", Some("GB"));
        assert_eq!(landline["PhoneType"], "LANDLINE");
        assert_eq!(landline["CleansedPhoneNumberE164"], "+442079460018");
        assert_eq!(landline["OriginalCountryCodeIso2"], "GB");
        assert_eq!(answer("+18005550199", None)["PhoneType"], "OTHER");
        assert_eq!(answer("(206) 555-0100", None)["CountryCodeIso2"], "US");
    }

    #[test]
    fn what_cannot_be_a_number_is_invalid() {
        for n in ["", "hello", "+99912", "+4412"] {
            let a = answer(n, None);
            assert_eq!(a["PhoneType"], "INVALID", "{n}: {a}");
            assert_eq!(a["PhoneTypeCode"], 3);
            assert_eq!(a["OriginalPhoneNumber"], n);
        }
    }

    #[test]
    fn a_file_can_fix_the_answer_for_a_number() {
        let mut overrides = Overrides::new();
        let fixed: Map<String, Value> = serde_json::from_str(
            r#"{"Carrier":"ExampleCorp Mobile","City":"Seattle","PhoneType":"PREPAID","PhoneTypeCode":5}"#,
        )
        .unwrap();
        overrides.insert("+447911123456".into(), fixed);
        let a = validate("07911 123456", Some("GB"), &overrides);
        assert_eq!(a["Carrier"], "ExampleCorp Mobile");
        assert_eq!(
            (a["PhoneType"].as_str(), a["PhoneTypeCode"].as_u64()),
            (Some("PREPAID"), Some(5))
        );
    }
}
