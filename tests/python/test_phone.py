"""PhoneNumberValidate through boto3, with and without a file of fixed answers.

Rules (docs/behaviour.md): #phone-number-validate, #phone-number-path, #phone-number-trunk-zero,
#phone-number-country, #phone-number-fictional.

Rule checks live with their rules (src/phone/tests.rs and tests/golden/PhoneNumberValidate); this
file keeps what goes through the client.
"""

import json

from conftest import make_client


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

