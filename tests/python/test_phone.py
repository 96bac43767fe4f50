"""PhoneNumberValidate through boto3, with and without a file of fixed answers.

Rules (docs/behaviour.md): #phone-number-validate.
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
