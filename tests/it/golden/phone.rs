//! Golden cases of PhoneNumberValidate: the number types, the country, the documented path with
//! a trailing slash, and the errors.

use super::{case, req, Case};

const PATH: &str = "/v1/phone/number/validate";

fn validate(name: &str, body: &str) -> Case {
    case("PhoneNumberValidate", name, vec![], req("POST", PATH, body))
}

pub(crate) fn cases() -> Vec<Case> {
    vec![
        validate("mobile", r#"{"PhoneNumber":"+33 6 12 34 56 78"}"#),
        validate(
            "national-with-country",
            r#"{"PhoneNumber":"020 7946 0018","IsoCountryCode":"GB"}"#,
        ),
        validate("invalid", r#"{"PhoneNumber":"not a number"}"#),
        // The developer guide's invalid example: the trunk 0 after +44 is dropped and the
        // number keeps its country.
        validate("invalid-trunk-zero", r#"{"PhoneNumber":"+440163296076"}"#),
        // The guide's OTHER example: North America's fictional 555-01XX range.
        validate("fictional-other", r#"{"PhoneNumber":"+14255550199"}"#),
        validate("missing-number", r#"{"IsoCountryCode":"US"}"#),
        // The path as the developer guide writes it, with a trailing slash: the same answer as
        // "mobile".
        case(
            "PhoneNumberValidate",
            "trailing-slash",
            vec![],
            req(
                "POST",
                &format!("{PATH}/"),
                r#"{"PhoneNumber":"+33 6 12 34 56 78"}"#,
            ),
        ),
        case(
            "PhoneNumberValidate",
            "trailing-slash-wrong-method",
            vec![],
            req("GET", &format!("{PATH}/"), ""),
        ),
    ]
}
