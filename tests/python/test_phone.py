"""PhoneNumberValidate through boto3, with and without a file of fixed answers.

Rules (docs/behaviour.md): #phone-number-validate, #phone-number-path, #phone-number-trunk-zero,
#phone-number-country, #phone-number-fictional.
"""

import json

import pytest

from conftest import error_of, make_client


def test_numbers_are_typed_offline(client):
    mobile = client.phone_number_validate(NumberValidateRequest={"PhoneNumber": "+33612345678"})
    mobile = mobile["NumberValidateResponse"]
    assert (mobile["PhoneType"], mobile["PhoneTypeCode"], mobile["CountryCodeIso2"]) == ("MOBILE", 0, "FR")
    landline = client.phone_number_validate(
        NumberValidateRequest={"PhoneNumber": "020 7946 0018", "IsoCountryCode": "GB"}
    )["NumberValidateResponse"]
    assert landline["CleansedPhoneNumberE164"] == "+442079460018"
    assert landline["OriginalCountryCodeIso2"] == "GB" and landline["PhoneType"] == "LANDLINE"
    invalid = client.phone_number_validate(NumberValidateRequest={"PhoneNumber": "nope"})["NumberValidateResponse"]
    assert (invalid["PhoneType"], invalid["PhoneTypeCode"]) == ("INVALID", 3)
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.phone_number_validate(NumberValidateRequest={"IsoCountryCode": "US"})
    assert "PhoneNumber" in error_of(exc)[2]


def test_a_file_fixes_answers_per_number(server_factory, tmp_path):
    path = tmp_path / "numbers.json"
    path.write_text(json.dumps({"+12065550142": {"Carrier": "ExampleCorp Mobile", "City": "Seattle",
                                                 "PhoneType": "PREPAID", "PhoneTypeCode": 5}}))
    client = make_client(server_factory("--phone-numbers", str(path)))
    got = client.phone_number_validate(NumberValidateRequest={"PhoneNumber": "(206) 555-0142"})
    got = got["NumberValidateResponse"]
    assert (got["Carrier"], got["City"], got["PhoneType"], got["PhoneTypeCode"]) == (
        "ExampleCorp Mobile", "Seattle", "PREPAID", 5)
    assert got["CleansedPhoneNumberE164"] == "+12065550142"


def test_the_guides_examples(client, server):
    """The developer guide's examples: country names, the trunk 0 after +44, the fictional range,
    and the path with a trailing slash (docs/behaviour.md#phone-number-country, #phone-number-trunk-zero,
    #phone-number-fictional, #phone-number-path)."""
    invalid = client.phone_number_validate(NumberValidateRequest={"PhoneNumber": "+440163296076"})
    invalid = invalid["NumberValidateResponse"]
    assert (invalid["CleansedPhoneNumberE164"], invalid["CountryCodeIso2"], invalid["CountryCodeNumeric"]) == (
        "+44163296076", "GB", "44")
    assert (invalid["Country"], invalid["PhoneType"], invalid["PhoneTypeCode"]) == ("United Kingdom", "INVALID", 3)
    other = client.phone_number_validate(NumberValidateRequest={"PhoneNumber": "+14255550199"})
    other = other["NumberValidateResponse"]
    assert (other["PhoneType"], other["PhoneTypeCode"], other["Country"]) == ("OTHER", 4, "United States")
    assert "Timezone" not in other and "Carrier" not in other
    plain = server.request("POST", "/v1/phone/number/validate", {"PhoneNumber": "+33612345678"})
    slash = server.request("POST", "/v1/phone/number/validate/", {"PhoneNumber": "+33612345678"})
    assert (plain.status, slash.status) == (200, 200)
    assert slash.json() == plain.json()
    assert slash.json()["Country"] == "France"
