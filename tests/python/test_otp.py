"""SendOTPMessage and VerifyOTPMessage through boto3: the answer, the log entry and the code in
flight, and the --otp-code and --origination-numbers flags. The OTP rules (bounds, single use,
wrong guesses, expiry) are owned by src/store/tests/otp.rs and the golden files under
tests/golden/SendOTPMessage and VerifyOTPMessage.

Rules (docs/behaviour.md): #otp, #sent-messages.
"""

import calendar
import time

from conftest import make_client
from messaging import (  # noqa: F401  (app is a fixture)
    ISO_MS_Z, ORIGIN, OTP_BODY, app, assert_failure, assert_success, codes, otp_params, phone, send,
    send_otp, sent, sms, verify,
)


def test_otp_send_checklist(client, server, app):
    """docs/behaviour.md#otp: the answer, the log entry and the code in flight."""
    dest = phone()
    before = time.time()
    raw = client.send_otp_message(ApplicationId=app, SendOTPMessageRequestParameters=otp_params(dest))
    body = raw["MessageResponse"]
    assert body["ApplicationId"] == app
    assert body["RequestId"] == raw["ResponseMetadata"]["RequestId"]
    assert sorted(body) == ["ApplicationId", "RequestId", "Result"]
    assert_success(body["Result"][dest])

    [m] = sent(server, application_id=app)
    assert (m["Operation"], m["Channel"], m["Address"]) == ("SendOTPMessage", "SMS", dest)
    assert m["MessageId"] == body["Result"][dest]["MessageId"]
    match = OTP_BODY.match(m["Body"])
    assert match, m["Body"]
    assert m["Settings"]["OriginationNumber"] == ORIGIN
    assert m["Settings"]["BrandName"] == "ExampleCorp"

    [c] = codes(server, app)
    assert (c["ApplicationId"], c["DestinationIdentity"], c["ReferenceId"]) == (app, dest, "login")
    assert c["Code"] == match.group(1)
    assert (c["AllowedAttempts"], c["FailedAttempts"]) == (3, 0)
    assert ISO_MS_Z.match(c["ExpiresAt"]), c["ExpiresAt"]
    expires = calendar.timegm(time.strptime(c["ExpiresAt"][:19], "%Y-%m-%dT%H:%M:%S"))
    assert 14 * 60 <= expires - before <= 16 * 60, "ValidityPeriod defaults to 15 minutes"


def test_fixed_otp_code_and_origination_numbers(server_factory):
    """docs/behaviour.md#otp: --otp-code fixes every code; --origination-numbers refuses any other
    sender for OTP and SMS (a PERMANENT_FAILURE, not an error)."""
    srv = server_factory("--otp-code", "123456", "--origination-numbers", ORIGIN, "--assume-channels-enabled")
    c = make_client(srv)
    app = c.create_app(CreateApplicationRequest={"Name": "otp"})["ApplicationResponse"]["Id"]
    dest = phone()
    assert_success(send_otp(c, app, dest, CodeLength=8)["Result"][dest])
    assert codes(srv, app)[0]["Code"] == "123456"
    assert sent(srv, application_id=app)[0]["Body"] == "This is your One Time Password: 123456 from ExampleCorp"
    assert verify(c, app, dest, "123456") is True

    other = dict(OriginationIdentity="+18005550199")
    out = c.send_otp_message(ApplicationId=app, SendOTPMessageRequestParameters={**otp_params(dest, "x"), **other})
    assert_failure(out["MessageResponse"]["Result"][dest], "PERMANENT_FAILURE", 400,
                   "The provided number does not exist or does not belong to the account")
    ok, refused = phone(), phone()
    out = send(c, app, {"SMSMessage": {"Body": "hi", "OriginationNumber": ORIGIN}}, addresses=sms(ok))
    assert_success(out["Result"][ok])
    out = send(c, app, {"SMSMessage": {"Body": "hi", "OriginationNumber": "+18005550199"}}, addresses=sms(refused))
    assert_failure(out["Result"][refused], "PERMANENT_FAILURE", 400,
                   "The provided number does not exist or does not belong to the account")
    assert [m["Address"] for m in sent(srv, application_id=app)] == [dest, ok]
