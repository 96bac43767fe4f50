"""Helpers shared by the messaging suites (test_messages.py, test_otp.py, test_message_log.py):
fresh numbers, channels, sends, the sent log and the codes in flight, and the result checks.

Not a test module: pytest collects only test_*.py.
"""

import re
import urllib.parse
import uuid

import pytest

MESSAGE_ID = re.compile(r"^[0-9a-v]{40}$")
ISO_MS_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
OTP_BODY = re.compile(r"^This is your One Time Password: (\d{6}) from ExampleCorp$")
FROM = "shop@example.com"
IDENTITY = "arn:aws:ses:us-east-1:000000000000:identity/example.com"
ORIGIN = "+18005550100"


def phone():
    """A fresh E.164 number, so tests sharing an account never collide on the opt-out list."""
    return "+1206" + str(uuid.uuid4().int)[:7]


def enable(client, app, *channels):
    """Enables channels of an app (docs/behaviour.md#message-outcomes: a channel must be enabled)."""
    for ch in channels:
        if ch == "SMS":
            client.update_sms_channel(ApplicationId=app, SMSChannelRequest={"Enabled": True})
        elif ch == "EMAIL":
            client.update_email_channel(
                ApplicationId=app,
                EmailChannelRequest={"Enabled": True, "FromAddress": FROM, "Identity": IDENTITY},
            )
        elif ch == "VOICE":
            client.update_voice_channel(ApplicationId=app, VoiceChannelRequest={"Enabled": True})
        elif ch == "GCM":
            client.update_gcm_channel(ApplicationId=app, GCMChannelRequest={"Enabled": True, "ApiKey": "key"})
        elif ch == "APNS_SANDBOX":
            client.update_apns_sandbox_channel(
                ApplicationId=app,
                APNSSandboxChannelRequest={"Enabled": True, "Certificate": "cert", "PrivateKey": "key"},
            )
        else:
            raise AssertionError(ch)


def new_app(client, *channels):
    app = client.create_app(CreateApplicationRequest={"Name": "messages"})["ApplicationResponse"]["Id"]
    enable(client, app, *channels)
    return app


def send(client, app, config, addresses=None, endpoints=None, **extra):
    request = {"MessageConfiguration": config, **extra}
    if addresses is not None:
        request["Addresses"] = addresses
    if endpoints is not None:
        request["Endpoints"] = endpoints
    return client.send_messages(ApplicationId=app, MessageRequest=request)["MessageResponse"]


def sms(*numbers, **config):
    """Addresses entries for SMS numbers."""
    return {n: {"ChannelType": "SMS", **config} for n in numbers}


def sent(server, **filters):
    """GET /_pinpoint/sent-messages (docs/behaviour.md#sent-messages); underscores become dashes."""
    query = urllib.parse.urlencode({k.replace("_", "-"): v for k, v in filters.items() if v is not None})
    return server.get_json("/_pinpoint/sent-messages" + (f"?{query}" if query else ""))["Messages"]


def by_address(messages):
    return {m["Address"]: m for m in messages}


def assert_success(result):
    assert result["DeliveryStatus"] == "SUCCESSFUL", result
    assert result["StatusCode"] == 200
    assert MESSAGE_ID.match(result["MessageId"]), result["MessageId"]
    assert result["StatusMessage"] == f"MessageId: {result['MessageId']}"


def assert_failure(result, status, code, message):
    """A failed recipient: the status, the code, the message (a regex when it is one), no MessageId."""
    assert (result["DeliveryStatus"], result["StatusCode"]) == (status, code), result
    if isinstance(message, re.Pattern):
        assert message.search(result["StatusMessage"]), result
    else:
        assert result["StatusMessage"] == message, result
    assert "MessageId" not in result


def otp_params(dest, ref="login", **extra):
    return {
        "BrandName": "ExampleCorp",
        "Channel": "SMS",
        "DestinationIdentity": dest,
        "OriginationIdentity": ORIGIN,
        "ReferenceId": ref,
        **extra,
    }


def send_otp(client, app, dest, ref="login", **extra):
    return client.send_otp_message(
        ApplicationId=app, SendOTPMessageRequestParameters=otp_params(dest, ref, **extra)
    )["MessageResponse"]


def verify(client, app, dest, code, ref="login"):
    return client.verify_otp_message(
        ApplicationId=app,
        VerifyOTPMessageRequestParameters={"DestinationIdentity": dest, "Otp": code, "ReferenceId": ref},
    )["VerificationResponse"]["Valid"]


def codes(server, app, **filters):
    """GET /_pinpoint/otp (docs/behaviour.md#otp)."""
    query = urllib.parse.urlencode({"application-id": app, **{k.replace("_", "-"): v for k, v in filters.items()}})
    return server.get_json(f"/_pinpoint/otp?{query}")["Codes"]


@pytest.fixture
def app(client):
    """An app with the SMS channel enabled."""
    return new_app(client, "SMS")
