//! PhoneNumberValidate's rules (docs/behaviour.md#phone-number-validate).

use serde_json::Value;

use super::{validate, Overrides};

fn answer(number: &str, iso: Option<&str>) -> Value {
    serde_json::to_value(validate(number, iso, &Overrides::new())).unwrap()
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
    // A leading zero that belongs to the number (Italy's fixed lines) stays in both forms.
    let rome = answer("+39 06 1234 5678", None);
    assert_eq!(rome["CleansedPhoneNumberE164"], "+390612345678");
    assert_eq!(rome["CleansedPhoneNumberNational"], "0612345678");
}

#[test]
fn what_cannot_be_a_number_is_invalid() {
    for n in ["", "hello", "+99912", "+4412"] {
        let a = answer(n, None);
        assert_eq!(a["PhoneType"], "INVALID", "{n}: {a}");
        assert_eq!(a["PhoneTypeCode"], 3);
        assert_eq!(a["OriginalPhoneNumber"], n);
    }
    // Without digits there is no country either.
    assert!(answer("hello", None).get("Country").is_none());
    // With a calling code there is, even when the number is too short to be one.
    assert_eq!(answer("+4412", None)["Country"], "United Kingdom");
}

/// The guide's invalid example: the national trunk 0 written after +44 is dropped, and the
/// number still belongs to the United Kingdom.
#[test]
fn an_invalid_number_loses_its_trunk_zero_and_keeps_its_country() {
    let a = answer("+440163296076", None);
    assert_eq!(a["PhoneType"], "INVALID");
    assert_eq!(a["PhoneTypeCode"], 3);
    assert_eq!(a["CleansedPhoneNumberE164"], "+44163296076");
    assert_eq!(a["CleansedPhoneNumberNational"], "163296076");
    assert_eq!(a["CountryCodeIso2"], "GB");
    assert_eq!(a["CountryCodeNumeric"], "44");
    assert_eq!(a["Country"], "United Kingdom");
    // The same number written nationally with its country.
    let national = answer("0163296076", Some("GB"));
    assert_eq!(national["CleansedPhoneNumberE164"], "+44163296076");
    assert_eq!(national["Country"], "United Kingdom");
    // An unused North American area code is invalid, and still in the United States.
    let us = answer("+19991234567", None);
    assert_eq!(
        (us["PhoneType"].as_str(), us["CountryCodeIso2"].as_str()),
        (Some("INVALID"), Some("US"))
    );
}

#[test]
fn the_country_name_follows_from_the_country_code() {
    for (number, iso, name) in [
        ("+12065550142", "US", "United States"),
        ("+441514960001", "GB", "United Kingdom"),
        ("+33612345678", "FR", "France"),
        ("+16135550123", "CA", "Canada"),
        ("+4915123456789", "DE", "Germany"),
    ] {
        let a = answer(number, None);
        assert_eq!(a["CountryCodeIso2"], iso, "{number}: {a}");
        assert_eq!(a["Country"], name, "{number}: {a}");
        // No offline source gives these.
        for member in ["Carrier", "City", "County", "Timezone", "ZipCode"] {
            assert!(a.get(member).is_none(), "{number}: {member} in {a}");
        }
    }
    // A non-geographic code (international freephone) has no country.
    let freephone = answer("+80012345678", None);
    assert_eq!(freephone["CountryCodeNumeric"], "800");
    assert!(freephone.get("Country").is_none(), "{freephone}");
    assert!(freephone.get("CountryCodeIso2").is_none(), "{freephone}");
}

/// The guide's OTHER example: North America's fictional range `NXX 555 01XX`.
#[test]
fn the_north_american_fictional_range_is_other() {
    for n in [
        "+14255550199",
        "+1 206 555 0100",
        "(425) 555-0150",
        "+16045550123",
    ] {
        let a = answer(n, None);
        assert_eq!(
            (a["PhoneType"].as_str(), a["PhoneTypeCode"].as_u64()),
            (Some("OTHER"), Some(4)),
            "{n}: {a}"
        );
    }
    assert_eq!(answer("+14255550199", None)["Country"], "United States");
    assert_eq!(answer("+16045550123", None)["CountryCodeIso2"], "CA");
    // Just outside the range: 555-0200 and 555-1234 are ordinary numbers.
    for n in ["+14255550200", "+12065551234"] {
        assert_eq!(answer(n, None)["PhoneType"], "MOBILE", "{n}");
    }
}

#[test]
fn a_file_can_fix_the_answer_for_a_number() {
    let mut overrides = Overrides::new();
    let fixed = serde_json::from_str(
        r#"{"Carrier":"ExampleCorp Mobile","City":"Seattle","PhoneType":"PREPAID","PhoneTypeCode":5,"Timezone":"America/Los_Angeles"}"#,
    )
    .unwrap();
    overrides.insert("+447911123456".into(), fixed);
    let a = serde_json::to_value(validate("07911 123456", Some("GB"), &overrides)).unwrap();
    assert_eq!(a["Carrier"], "ExampleCorp Mobile");
    assert_eq!(a["Timezone"], "America/Los_Angeles");
    assert_eq!(
        (a["PhoneType"].as_str(), a["PhoneTypeCode"].as_u64()),
        (Some("PREPAID"), Some(5))
    );
}
