"""Messaging through boto3 (and the AWS CLI): SendMessages, SendUsersMessages, SendOTPMessage and
VerifyOTPMessage, the sent-message log, the one-time passwords in flight and the opt-out list.

Every test reads back what was "sent" from GET /_pinpoint/sent-messages: only successful
deliveries are logged, so a recipient that failed must leave no trace there.

Rules (docs/behaviour.md): #messages, #message-outcomes, #message-content, #rendering, #otp,
#sent-messages, #opt-outs.
"""

import calendar
import json
import re
import time
import urllib.parse
import uuid

import pytest

from conftest import DEFAULT_ACCOUNT, error_of, get_endpoint, iso_now_ms, make_client, put_endpoint
from test_cli import aws

MESSAGE_ID = re.compile(r"^[0-9a-v]{40}$")
ISO_MS_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
OTP_BODY = re.compile(r"^This is your One Time Password: (\d{6}) from ExampleCorp$")
FROM = "shop@example.com"
IDENTITY = "arn:aws:ses:us-east-1:000000000000:identity/example.com"
ORIGIN = "+18005550100"


# ---- helpers ---------------------------------------------------------------------------------


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


@pytest.fixture
def app(client):
    """An app with the SMS channel enabled."""
    return new_app(client, "SMS")


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


# ---- SendMessages: the answer and the log ----------------------------------------------------


def test_sms_to_an_address_checklist(client, server, app):
    """docs/behaviour.md#messages, #message-outcomes, #sent-messages: the whole shape of a success."""
    to = phone()
    raw = client.send_messages(
        ApplicationId=app,
        MessageRequest={
            "Addresses": sms(to),
            "MessageConfiguration": {
                "SMSMessage": {
                    "Body": "Your order shipped",
                    "OriginationNumber": ORIGIN,
                    "MessageType": "TRANSACTIONAL",
                    "SenderId": "ACME",
                }
            },
            "Context": {"order": "42"},
            "TraceId": "trace-1",
        },
    )
    meta = raw["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 200
    body = raw["MessageResponse"]
    assert body["ApplicationId"] == app
    assert body["RequestId"] == meta["RequestId"] == meta["HTTPHeaders"]["x-amzn-requestid"]
    assert sorted(body) == ["ApplicationId", "RequestId", "Result"], "no EndpointResult for Addresses only"
    assert list(body["Result"]) == [to]
    result = body["Result"][to]
    assert_success(result)
    assert "Address" not in result, "MessageResult has no Address"

    log = sent(server, application_id=app)
    assert len(log) == 1
    m = log[0]
    assert m["AccountId"] == DEFAULT_ACCOUNT and m["Region"] == "us-east-1"
    assert m["ApplicationId"] == app
    assert m["Operation"] == "SendMessages"
    assert m["Channel"] == "SMS"
    assert m["Address"] == to
    assert m["MessageId"] == result["MessageId"]
    assert m["RequestId"] == body["RequestId"]
    assert m["TraceId"] == "trace-1"
    assert m["Context"] == {"order": "42"}
    assert m["Body"] == "Your order shipped"
    assert m["Settings"] == {"OriginationNumber": ORIGIN, "MessageType": "TRANSACTIONAL", "SenderId": "ACME"}
    assert ISO_MS_Z.match(m["SentAt"]), m["SentAt"]
    for absent in ("EndpointId", "UserId", "Title", "Subject", "HtmlBody", "TextBody", "Template"):
        assert absent not in m, absent


def test_endpoints_only_answer_has_no_result_key(client, server, app):
    """docs/behaviour.md#messages: an empty map is left out; EndpointMessageResult has Address."""
    to = phone()
    put_endpoint(client, app, "Phone-1", ChannelType="SMS", Address=to, User={"UserId": "ana"})
    raw = client.send_messages(
        ApplicationId=app,
        MessageRequest={"Endpoints": {"Phone-1": {}}, "MessageConfiguration": {"SMSMessage": {"Body": "hi"}}},
    )
    body = raw["MessageResponse"]
    assert sorted(body) == ["ApplicationId", "EndpointResult", "RequestId"]
    result = body["EndpointResult"]["Phone-1"]
    assert_success(result)
    assert result["Address"] == to
    [m] = sent(server, application_id=app)
    assert (m["EndpointId"], m["UserId"], m["Address"], m["Body"]) == ("Phone-1", "ana", to, "hi")
    assert m["MessageId"] == result["MessageId"]


def test_channel_not_enabled_fails_only_that_recipient(client, server, server_factory):
    """docs/behaviour.md#message-outcomes: a channel not enabled is a PERMANENT_FAILURE for its
    recipients; the rest of the request is still sent. --assume-channels-enabled lifts the rule."""
    app = new_app(client, "EMAIL")
    to = phone()
    request = {
        "Addresses": {to: {"ChannelType": "SMS"}, "ann@example.com": {"ChannelType": "EMAIL"}},
        "MessageConfiguration": {"DefaultMessage": {"Body": "hello"}},
    }
    out = client.send_messages(ApplicationId=app, MessageRequest=request)["MessageResponse"]["Result"]
    assert_failure(out[to], "PERMANENT_FAILURE", 400, "The SMS channel is not enabled for this application.")
    assert_success(out["ann@example.com"])
    assert [m["Address"] for m in sent(server, application_id=app)] == ["ann@example.com"]

    # An SMS channel that exists but is disabled is not enabled either.
    client.update_sms_channel(ApplicationId=app, SMSChannelRequest={"Enabled": False})
    out = client.send_messages(ApplicationId=app, MessageRequest=request)["MessageResponse"]["Result"]
    assert out[to]["StatusMessage"] == "The SMS channel is not enabled for this application."

    relaxed = server_factory("--assume-channels-enabled")
    rc = make_client(relaxed)
    app2 = rc.create_app(CreateApplicationRequest={"Name": "relaxed"})["ApplicationResponse"]["Id"]
    out = rc.send_messages(ApplicationId=app2, MessageRequest=request)["MessageResponse"]["Result"]
    assert_success(out[to])
    assert_success(out["ann@example.com"])
    assert sorted(m["Channel"] for m in sent(relaxed, application_id=app2)) == ["EMAIL", "SMS"]


def test_unknown_endpoint_alongside_a_success(client, server, app):
    """docs/behaviour.md#message-outcomes: an unknown endpoint id is a 404 result, not a 404 answer."""
    to = phone()
    put_endpoint(client, app, "known", ChannelType="SMS", Address=to)
    out = send(client, app, {"SMSMessage": {"Body": "hi"}}, endpoints={"known": {}, "ghost": {}})
    results = out["EndpointResult"]
    assert sorted(results) == ["ghost", "known"]
    assert_success(results["known"])
    assert_failure(results["ghost"], "PERMANENT_FAILURE", 404, "Endpoint ghost not found")
    assert "Address" not in results["ghost"]
    assert [m["EndpointId"] for m in sent(server, application_id=app)] == ["known"]


def test_endpoints_that_cannot_be_sent_to(client, server, app):
    """docs/behaviour.md#message-outcomes: OptOut ALL, INACTIVE (docs/behaviour.md#same-address),
    no Address, no or a PUSH ChannelType; none of them is logged."""
    opted, shared, push = phone(), phone(), phone()
    put_endpoint(client, app, "opted", ChannelType="SMS", Address=opted, OptOut="ALL")
    put_endpoint(client, app, "old", ChannelType="SMS", Address=shared)
    put_endpoint(client, app, "new", ChannelType="SMS", Address=shared)
    assert get_endpoint(client, app, "old")["EndpointStatus"] == "INACTIVE"
    put_endpoint(client, app, "no-address", ChannelType="SMS")
    put_endpoint(client, app, "no-channel", Attributes={"a": ["b"]})
    put_endpoint(client, app, "push", ChannelType="PUSH", Address=push)

    ids = ["opted", "old", "new", "no-address", "no-channel", "push"]
    results = send(client, app, {"SMSMessage": {"Body": "hi"}}, endpoints={i: {} for i in ids})["EndpointResult"]
    assert sorted(results) == sorted(ids)
    assert_failure(results["opted"], "OPT_OUT", 400, "Endpoint is opted out")
    assert results["opted"]["Address"] == opted
    assert_failure(results["old"], "PERMANENT_FAILURE", 400, "Endpoint is inactive")
    assert results["old"]["Address"] == shared
    assert_success(results["new"])
    assert results["new"]["Address"] == shared
    assert_failure(results["no-address"], "PERMANENT_FAILURE", 400, re.compile("Address"))
    assert "Address" not in results["no-address"]
    assert_failure(results["no-channel"], "PERMANENT_FAILURE", 400, re.compile("ChannelType"))
    assert_failure(results["push"], "PERMANENT_FAILURE", 400, re.compile("PUSH"))
    log = sent(server, application_id=app)
    assert [(m["EndpointId"], m["Address"]) for m in log] == [("new", shared)]


def test_duplicate_destinations(client, server, app):
    """docs/behaviour.md#message-outcomes: the same (ChannelType, Address) again in one request is
    DUPLICATE; Addresses are judged before Endpoints; another channel is not a duplicate."""
    enable(client, app, "VOICE")
    to = phone()
    put_endpoint(client, app, "mine", ChannelType="SMS", Address=to)
    out = send(
        client,
        app,
        {"DefaultMessage": {"Body": "hi"}},
        addresses={to: {"ChannelType": "SMS"}},
        endpoints={"mine": {}},
    )
    assert_success(out["Result"][to])
    assert_failure(out["EndpointResult"]["mine"], "DUPLICATE", 400, "Duplicate address")
    assert out["EndpointResult"]["mine"]["Address"] == to
    assert len(sent(server, application_id=app)) == 1

    # The same number on SMS (an endpoint) and on VOICE (an address) is two destinations.
    voice = send(
        client,
        app,
        {"DefaultMessage": {"Body": "hi"}},
        addresses={to: {"ChannelType": "VOICE"}},
        endpoints={"mine": {}},
    )
    assert_success(voice["Result"][to])
    assert_success(voice["EndpointResult"]["mine"])
    assert sorted(m["Channel"] for m in sent(server, application_id=app)) == ["SMS", "SMS", "VOICE"]


def test_invalid_addresses_fail_alone(client, server, app):
    """docs/behaviour.md#message-outcomes: an SMS address that is not E.164 or an email address
    without "@" is a PERMANENT_FAILURE of that address only."""
    enable(client, app, "EMAIL")
    good = phone()
    out = send(
        client,
        app,
        {"DefaultMessage": {"Body": "hi"}},
        addresses={
            "12065550100": {"ChannelType": "SMS"},
            "+0123": {"ChannelType": "SMS"},
            "nobody.example.com": {"ChannelType": "EMAIL"},
            good: {"ChannelType": "SMS"},
        },
    )["Result"]
    for bad in ("12065550100", "+0123", "nobody.example.com"):
        assert_failure(out[bad], "PERMANENT_FAILURE", 400, re.compile(r"^Invalid address"))
    assert_success(out[good])
    assert [m["Address"] for m in sent(server, application_id=app)] == [good]


def test_100_recipients_pass_101_are_refused(client, server, app):
    """docs/behaviour.md#messages: at most 100 recipients, Addresses and Endpoints together."""
    numbers = [f"+1206555{i:04d}" for i in range(60)]
    endpoints = {f"ghost-{i}": {} for i in range(40)}
    out = send(client, app, {"SMSMessage": {"Body": "hi"}}, addresses=sms(*numbers), endpoints=endpoints)
    assert len(out["Result"]) == 60 and len(out["EndpointResult"]) == 40
    assert all(r["DeliveryStatus"] == "SUCCESSFUL" for r in out["Result"].values())
    assert all(r["StatusCode"] == 404 for r in out["EndpointResult"].values())
    assert len(sent(server, application_id=app)) == 60

    with pytest.raises(client.exceptions.BadRequestException) as exc:
        send(client, app, {"SMSMessage": {"Body": "hi"}}, addresses=sms(*numbers),
             endpoints={**endpoints, "one-more": {}})
    code, status, message, request_id = error_of(exc)
    assert (code, status) == ("BadRequestException", 400) and "101" in message and request_id
    assert len(sent(server, application_id=app)) == 60, "a refused request sends nothing"


@pytest.mark.parametrize("channel", [None, "PUSH", "CUSTOM", "IN_APP"])
def test_address_needs_a_sendable_channel_type(client, server, app, channel):
    """docs/behaviour.md#messages: an Addresses entry without ChannelType, or with PUSH, CUSTOM or
    IN_APP, refuses the whole request (its valid sibling is not sent either)."""
    entry = {} if channel is None else {"ChannelType": channel}
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        send(client, app, {"DefaultMessage": {"Body": "hi"}}, addresses={"someone": entry, phone(): {"ChannelType": "SMS"}})
    assert "ChannelType" in error_of(exc)[2]
    assert sent(server, application_id=app) == []


def test_whole_request_errors(client, server, app):
    """docs/behaviour.md#messages: no MessageConfiguration or no recipients is a 400. boto3 refuses a
    missing MessageConfiguration itself, so that one goes over plain HTTP."""
    resp = server.request("POST", f"/v1/apps/{app}/messages", {"Addresses": sms(phone())})
    assert resp.status == 400
    assert resp.header("x-amzn-ErrorType").startswith("BadRequestException")
    assert "MessageConfiguration" in resp.json()["Message"]
    with pytest.raises(client.exceptions.BadRequestException):
        send(client, app, {"SMSMessage": {"Body": "hi"}})
    with pytest.raises(client.exceptions.BadRequestException):
        send(client, app, {"SMSMessage": {"Body": "hi"}}, addresses={}, endpoints={})
    assert sent(server, application_id=app) == []


def test_unknown_app_is_not_found_and_not_created(client, server, app_id):
    """docs/behaviour.md#messages: no messaging operation creates an app."""
    with pytest.raises(client.exceptions.NotFoundException) as exc:
        send(client, app_id, {"SMSMessage": {"Body": "hi"}}, addresses=sms(phone()))
    code, status, message, _ = error_of(exc)
    assert (code, status, message) == ("NotFoundException", 404, "Application not found")
    with pytest.raises(client.exceptions.NotFoundException):
        client.send_users_messages(
            ApplicationId=app_id,
            SendUsersMessageRequest={"MessageConfiguration": {"SMSMessage": {"Body": "hi"}}, "Users": {"u": {}}},
        )
    with pytest.raises(client.exceptions.NotFoundException):
        send_otp(client, app_id, phone())
    with pytest.raises(client.exceptions.NotFoundException):
        verify(client, app_id, phone(), "123456")
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_app(ApplicationId=app_id)
    assert sent(server, application_id=app_id) == []


# ---- content ---------------------------------------------------------------------------------


def test_sms_content_precedence(client, server, app):
    """docs/behaviour.md#message-content: RawContent > BodyOverride > SMSMessage.Body > DefaultMessage."""
    plain, overridden, raw = phone(), phone(), phone()
    send(
        client,
        app,
        {"DefaultMessage": {"Body": "default"}, "SMSMessage": {"Body": "channel"}},
        addresses={
            plain: {"ChannelType": "SMS"},
            overridden: {"ChannelType": "SMS", "BodyOverride": "override"},
            raw: {"ChannelType": "SMS", "BodyOverride": "override", "RawContent": "raw text"},
        },
    )
    log = by_address(sent(server, application_id=app))
    assert log[plain]["Body"] == "channel"
    assert log[overridden]["Body"] == "override"
    assert log[raw]["Body"] == "raw text"

    fallback = phone()
    send(client, app, {"DefaultMessage": {"Body": "default"}}, addresses=sms(fallback))
    assert sent(server, address=fallback)[0]["Body"] == "default"

    # No content at all for SMS: a PERMANENT_FAILURE.
    nothing = phone()
    out = send(client, app, {"EmailMessage": {"Body": "email only"}}, addresses=sms(nothing))
    assert_failure(out["Result"][nothing], "PERMANENT_FAILURE", 400, "No message content for channel SMS")
    assert sent(server, address=nothing) == []


def test_gcm_endpoint_takes_default_push_title_and_default_body(client, server):
    """docs/behaviour.md#message-content: DefaultPushNotificationMessage is for push channels only;
    DefaultMessage.Body is everyone's last resort."""
    app = new_app(client, "SMS", "GCM")
    to = phone()
    put_endpoint(client, app, "android", ChannelType="GCM", Address="fcm-token-1")
    put_endpoint(client, app, "phone", ChannelType="SMS", Address=to)
    out = send(
        client,
        app,
        {"DefaultPushNotificationMessage": {"Title": "Sale", "Data": {"k": "v"}}, "DefaultMessage": {"Body": "20% off"}},
        endpoints={"android": {}, "phone": {}},
    )
    assert_success(out["EndpointResult"]["android"])
    assert_success(out["EndpointResult"]["phone"])
    log = {m["EndpointId"]: m for m in sent(server, application_id=app)}
    gcm = log["android"]
    assert (gcm["Channel"], gcm["Address"], gcm["Title"], gcm["Body"]) == ("GCM", "fcm-token-1", "Sale", "20% off")
    assert gcm["Data"] == {"k": "v"}
    assert log["phone"]["Body"] == "20% off"
    assert "Title" not in log["phone"]


def test_apns_sandbox_endpoint_uses_apns_message(client, server):
    """docs/behaviour.md#message-content: APNS_SANDBOX endpoints read APNSMessage."""
    app = new_app(client, "APNS_SANDBOX")
    put_endpoint(client, app, "iphone", ChannelType="APNS_SANDBOX", Address="apns-token-1")
    out = send(
        client,
        app,
        {
            "APNSMessage": {"Title": "Apple title", "Body": "Apple body"},
            "GCMMessage": {"Title": "Google title", "Body": "Google body"},
            "DefaultPushNotificationMessage": {"Title": "Default title", "Body": "Default body"},
        },
        endpoints={"iphone": {}},
    )
    assert_success(out["EndpointResult"]["iphone"])
    [m] = sent(server, application_id=app)
    assert (m["Channel"], m["Title"], m["Body"]) == ("APNS_SANDBOX", "Apple title", "Apple body")


def test_email_content_sources(client, server):
    """docs/behaviour.md#message-content: SimpleEmail parts, TitleOverride/BodyOverride, Body as the
    text part, FromAddress from the channel unless the message gives one; {{x}} is escaped in HTML
    only (docs/behaviour.md#rendering)."""
    app = new_app(client, "EMAIL")
    simple = {
        "Subject": {"Data": "S {{Attributes.n}}"},
        "HtmlPart": {"Data": "<i>{{Attributes.n}}</i>"},
        "TextPart": {"Data": "T {{Attributes.n}}"},
    }
    send(
        client,
        app,
        {"EmailMessage": {"SimpleEmail": simple}},
        addresses={
            "a@example.com": {"ChannelType": "EMAIL", "Substitutions": {"Attributes.n": ["<x>"]}},
            "b@example.com": {"ChannelType": "EMAIL", "TitleOverride": "Over subject", "BodyOverride": "Over body"},
        },
    )
    log = by_address(sent(server, application_id=app))
    a = log["a@example.com"]
    assert (a["Subject"], a["HtmlBody"], a["TextBody"]) == ("S <x>", "<i>&lt;x&gt;</i>", "T <x>")
    assert a["Settings"]["FromAddress"] == FROM
    assert a["Channel"] == "EMAIL"
    b = log["b@example.com"]
    assert (b["Subject"], b["HtmlBody"], b["TextBody"]) == ("Over subject", "Over body", "Over body")

    send(client, app, {"EmailMessage": {"Body": "plain", "FromAddress": "other@example.com"}},
         addresses={"c@example.com": {"ChannelType": "EMAIL"}})
    send(client, app, {"DefaultMessage": {"Body": "fallback"}}, addresses={"d@example.com": {"ChannelType": "EMAIL"}})
    log = by_address(sent(server, application_id=app))
    c, d = log["c@example.com"], log["d@example.com"]
    assert c["TextBody"] == "plain" and "HtmlBody" not in c
    assert c["Settings"]["FromAddress"] == "other@example.com"
    assert d["TextBody"] == "fallback" and d["Settings"]["FromAddress"] == FROM


# ---- templates and rendering -------------------------------------------------------------------


@pytest.fixture
def template_name():
    return "msg-" + uuid.uuid4().hex[:12]


def test_email_template_escapes_html_part_only(client, server, template_name):
    """docs/behaviour.md#rendering: the HTML part escapes {{x}} but not {{{x}}}; subject and text
    are never escaped. The log names the template and version."""
    app = new_app(client, "EMAIL")
    client.create_email_template(
        TemplateName=template_name,
        EmailTemplateRequest={
            "Subject": "Hi {{Attributes.Name}}",
            "HtmlPart": "<p>{{Attributes.Name}}|{{{Attributes.Name}}}</p>",
            "TextPart": "Hi {{Attributes.Name}}",
        },
    )
    put_endpoint(client, app, "mail", ChannelType="EMAIL", Address="ann@example.com",
                 Attributes={"Name": ["<b>Ann</b> & co"]})
    out = send(client, app, {"EmailMessage": {}}, endpoints={"mail": {}},
               TemplateConfiguration={"EmailTemplate": {"Name": template_name}})
    assert_success(out["EndpointResult"]["mail"])
    [m] = sent(server, application_id=app)
    assert m["Subject"] == "Hi <b>Ann</b> & co"
    assert m["HtmlBody"] == "<p>&lt;b&gt;Ann&lt;/b&gt; &amp; co|<b>Ann</b> & co</p>"
    assert m["TextBody"] == "Hi <b>Ann</b> & co"
    assert m["Template"] == {"Name": template_name, "Version": "1"}
    assert m["Settings"]["FromAddress"] == FROM


def test_template_content_precedence(client, server, app, template_name):
    """docs/behaviour.md#message-content: a template beats SMSMessage.Body; BodyOverride beats the
    template; a named version is used."""
    client.create_sms_template(TemplateName=template_name, SMSTemplateRequest={"Body": "template v1"})
    client.update_sms_template(TemplateName=template_name, CreateNewVersion=True,
                               SMSTemplateRequest={"Body": "template v2"})
    first, second, third = phone(), phone(), phone()
    send(client, app, {"SMSMessage": {"Body": "channel"}},
         addresses={first: {"ChannelType": "SMS"}, second: {"ChannelType": "SMS", "BodyOverride": "override"}},
         TemplateConfiguration={"SMSTemplate": {"Name": template_name}})
    send(client, app, {"SMSMessage": {"Body": "channel"}}, addresses=sms(third),
         TemplateConfiguration={"SMSTemplate": {"Name": template_name, "Version": "2"}})
    log = by_address(sent(server, application_id=app))
    assert log[first]["Body"] == "template v1"
    assert log[first]["Template"] == {"Name": template_name, "Version": "1"}
    assert log[second]["Body"] == "override"
    assert log[third]["Body"] == "template v2"
    assert log[third]["Template"] == {"Name": template_name, "Version": "2"}


def test_template_variables_and_their_precedence(client, server, app, template_name):
    """docs/behaviour.md#rendering: DefaultSubstitutions (dotted or nested) < DefaultMessage
    Substitutions < channel Substitutions < the endpoint's own data < the recipient's Substitutions."""
    defaults = {"User.UserAttributes.FirstName": "there", "Attributes.City": "nowhere"}
    client.create_sms_template(
        TemplateName=template_name,
        SMSTemplateRequest={"Body": "Hi {{User.UserAttributes.FirstName}} from {{Attributes.City}}",
                            "DefaultSubstitutions": json.dumps(defaults)},
    )
    ana, bare, bo = phone(), phone(), phone()
    put_endpoint(client, app, "ana", ChannelType="SMS", Address=ana, Attributes={"City": ["Lisbon"]},
                 User={"UserId": "u-ana", "UserAttributes": {"FirstName": ["Ana"]}})
    put_endpoint(client, app, "bare", ChannelType="SMS", Address=bare)
    put_endpoint(client, app, "bo", ChannelType="SMS", Address=bo, Attributes={"City": ["Porto"]})
    tc = {"SMSTemplate": {"Name": template_name}}
    send(client, app, {"SMSMessage": {}}, TemplateConfiguration=tc, endpoints={
        "ana": {}, "bare": {}, "bo": {"Substitutions": {"User.UserAttributes.FirstName": ["Bo"], "Attributes.City": ["Faro"]}},
    })
    log = {m["EndpointId"]: m["Body"] for m in sent(server, application_id=app)}
    assert log == {"ana": "Hi Ana from Lisbon", "bare": "Hi there from nowhere", "bo": "Hi Bo from Faro"}

    # Nested DefaultSubstitutions mean the same as dotted ones.
    client.update_sms_template(
        TemplateName=template_name, CreateNewVersion=True,
        SMSTemplateRequest={"Body": "Hi {{User.UserAttributes.FirstName}} from {{Attributes.City}}",
                            "DefaultSubstitutions": json.dumps(
                                {"User": {"UserAttributes": {"FirstName": "friend"}}, "Attributes": {"City": "afar"}})},
    )
    server.request("DELETE", f"/_pinpoint/sent-messages?application-id={app}")
    send(client, app, {"SMSMessage": {}}, endpoints={"bare": {}},
         TemplateConfiguration={"SMSTemplate": {"Name": template_name, "Version": "2"}})
    assert [m["Body"] for m in sent(server, application_id=app)] == ["Hi friend from afar"]

    # The whole chain, one variable per level.
    client.update_sms_template(
        TemplateName=template_name, CreateNewVersion=True,
        SMSTemplateRequest={"Body": "{{Attributes.a}} {{Attributes.b}} {{Attributes.c}} {{Attributes.d}} "
                                    "{{Attributes.e}}|{{Attributes.missing}}|",
                            "DefaultSubstitutions": json.dumps({f"Attributes.{k}": "template" for k in "abcde"})},
    )
    put_endpoint(client, app, "bare", Attributes={"d": ["endpoint"], "e": ["endpoint"]})
    server.request("DELETE", f"/_pinpoint/sent-messages?application-id={app}")
    send(
        client,
        app,
        {
            "DefaultMessage": {"Substitutions": {k: ["default"] for k in ("Attributes.b", "Attributes.c", "Attributes.d", "Attributes.e")}},
            "SMSMessage": {"Substitutions": {k: ["channel"] for k in ("Attributes.c", "Attributes.d", "Attributes.e")}},
        },
        endpoints={"bare": {"Substitutions": {"Attributes.e": ["recipient"]}}},
        TemplateConfiguration={"SMSTemplate": {"Name": template_name, "Version": "3"}},
    )
    [m] = sent(server, application_id=app)
    assert m["Body"] == "template default channel endpoint recipient||", "a missing variable renders empty"


def test_endpoint_data_as_variables(client, server, app):
    """docs/behaviour.md#rendering: the endpoint's own members are variables; a list of one renders
    as its element, a longer one joined with ", "; whole-number metrics have no decimal point."""
    to = phone()
    put_endpoint(client, app, "Data-1", ChannelType="SMS", Address=to,
                 Attributes={"Tags": ["red", "green", "blue"]}, Metrics={"visits": 3},
                 Demographic={"Platform": "ios"}, Location={"City": "Seattle"},
                 User={"UserId": "u-7"})
    body = ("{{Id}}|{{Address}}|{{ChannelType}}|{{Demographic.Platform}}|{{Location.City}}|"
            "{{Metrics.visits}}|{{User.UserId}}|{{Attributes.Tags}}")
    send(client, app, {"SMSMessage": {"Body": body}}, endpoints={"Data-1": {}})
    [m] = sent(server, application_id=app)
    assert m["Body"] == f"Data-1|{to}|SMS|ios|Seattle|3|u-7|red, green, blue"


def test_strict_template_variables(client, server, server_factory):
    """docs/behaviour.md#rendering: a missing variable renders empty, or fails the recipient under
    --strict-template-variables (a default or a substitution still satisfies it)."""
    lax_app = new_app(client, "SMS")
    to = phone()
    send(client, lax_app, {"SMSMessage": {"Body": "Hi {{Attributes.Missing}}!"}}, addresses=sms(to))
    assert sent(server, address=to)[0]["Body"] == "Hi !"

    strict = server_factory("--strict-template-variables", "--assume-channels-enabled")
    sc = make_client(strict)
    app = sc.create_app(CreateApplicationRequest={"Name": "strict"})["ApplicationResponse"]["Id"]
    missing, given = phone(), phone()
    out = send(sc, app, {"SMSMessage": {"Body": "Hi {{Attributes.Missing}}!"}}, addresses={
        missing: {"ChannelType": "SMS"},
        given: {"ChannelType": "SMS", "Substitutions": {"Attributes.Missing": ["you"]}},
    })["Result"]
    assert_failure(out[missing], "PERMANENT_FAILURE", 400, re.compile(r"^Template rendering failed:"))
    assert_success(out[given])
    assert [(m["Address"], m["Body"]) for m in sent(strict, application_id=app)] == [(given, "Hi you!")]

    # Testing for a value is not using it: a conditional on a missing variable still renders.
    guarded = phone()
    out = send(sc, app, {"SMSMessage": {"Body": "{{#if Attributes.Missing}}yes{{else}}no{{/if}}"}},
               addresses=sms(guarded))["Result"]
    assert_success(out[guarded])
    assert sent(strict, address=guarded)[0]["Body"] == "no"


def test_helpers(client, server, app):
    """docs/behaviour.md#rendering: upper, gt (numbers compared as numbers; block and inline),
    each (at most 15 items), dateFormat, add, capitalize; an unknown helper fails the recipient."""
    high, low = phone(), phone()
    items = [str(i) for i in range(20)]
    put_endpoint(client, app, "high", ChannelType="SMS", Address=high, Attributes={"Score": ["10"], "Items": items},
                 User={"UserId": "ana", "UserAttributes": {"FirstName": ["ana"]}})
    put_endpoint(client, app, "low", ChannelType="SMS", Address=low, Attributes={"Score": ["8"], "Items": ["x"]},
                 User={"UserId": "bo", "UserAttributes": {"FirstName": ["bo"]}})
    body = ("{{upper User.UserAttributes.FirstName}}|"
            '{{#gt Attributes.Score "9"}}big{{else}}small{{/gt}}|'
            "{{gt Attributes.Score \"9\" yes='y' no='n'}}|"
            "{{#each Attributes.Items}}{{this}},{{/each}}|"
            '{{dateFormat "2024-01-02T03:04:05Z" "yyyy-MM-dd"}}|{{add Attributes.Score 1}}|{{capitalize "hello world"}}')
    out = send(client, app, {"SMSMessage": {"Body": body}}, endpoints={"high": {}, "low": {}})
    assert_success(out["EndpointResult"]["high"])
    log = {m["EndpointId"]: m["Body"] for m in sent(server, application_id=app)}
    assert log["high"] == "ANA|big|y|" + "".join(f"{i}," for i in range(15)) + "|2024-01-02|11|Hello World"
    assert log["low"] == "BO|small|n|x,|2024-01-02|9|Hello World"

    broken = phone()
    out = send(client, app, {"SMSMessage": {"Body": "{{shout Attributes.Score}}"}},
               addresses=sms(broken), endpoints={"high": {}})
    assert_failure(out["Result"][broken], "PERMANENT_FAILURE", 400, re.compile(r"^Template rendering failed:"))
    assert_failure(out["EndpointResult"]["high"], "PERMANENT_FAILURE", 400, re.compile(r"^Template rendering failed:"))
    assert sent(server, address=broken) == []


def test_template_errors(client, server, app, template_name):
    """docs/behaviour.md#messages: an unknown template or version is a 404; InAppTemplate is a 400."""
    to = phone()
    with pytest.raises(client.exceptions.NotFoundException):
        send(client, app, {"SMSMessage": {}}, addresses=sms(to),
             TemplateConfiguration={"SMSTemplate": {"Name": template_name}})
    client.create_sms_template(TemplateName=template_name, SMSTemplateRequest={"Body": "x"})
    with pytest.raises(client.exceptions.NotFoundException):
        send(client, app, {"SMSMessage": {}}, addresses=sms(to),
             TemplateConfiguration={"SMSTemplate": {"Name": template_name, "Version": "9"}})
    client.create_in_app_template(
        TemplateName=template_name,
        InAppTemplateRequest={"Content": [{"BodyConfig": {"Alignment": "CENTER", "Body": "Hi", "TextColor": "black"}}],
                              "Layout": "BOTTOM_BANNER"},
    )
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        send(client, app, {"SMSMessage": {"Body": "x"}}, addresses=sms(to),
             TemplateConfiguration={"InAppTemplate": {"Name": template_name}})
    assert "InAppTemplate" in error_of(exc)[2]
    assert sent(server, application_id=app) == []


# ---- SendUsersMessages -----------------------------------------------------------------------


def test_send_users_messages(client, server):
    """docs/behaviour.md#messages: every endpoint of each user; a user without endpoints is {}."""
    app = new_app(client, "SMS", "EMAIL")
    to = phone()
    put_endpoint(client, app, "ana-phone", ChannelType="SMS", Address=to, User={"UserId": "ana"})
    put_endpoint(client, app, "ana-mail", ChannelType="EMAIL", Address="ana@example.com", User={"UserId": "ana"})
    resp = client.send_users_messages(
        ApplicationId=app,
        SendUsersMessageRequest={
            "MessageConfiguration": {"DefaultMessage": {"Body": "Hi {{User.UserAttributes.FirstName}}"}},
            "Users": {"ana": {"Substitutions": {"User.UserAttributes.FirstName": ["Ana"]}}, "nobody": {}},
        },
    )
    body = resp["SendUsersMessageResponse"]
    assert body["ApplicationId"] == app
    assert body["RequestId"] == resp["ResponseMetadata"]["RequestId"]
    assert sorted(body["Result"]) == ["ana", "nobody"]
    assert body["Result"]["nobody"] == {}
    ana = body["Result"]["ana"]
    assert sorted(ana) == ["ana-mail", "ana-phone"]
    for r in ana.values():
        assert_success(r)
    assert ana["ana-phone"]["Address"] == to and ana["ana-mail"]["Address"] == "ana@example.com"

    log = {m["EndpointId"]: m for m in sent(server, application_id=app)}
    assert sorted(log) == ["ana-mail", "ana-phone"]
    for m in log.values():
        assert (m["Operation"], m["UserId"], m["RequestId"]) == ("SendUsersMessages", "ana", body["RequestId"])
    assert log["ana-phone"]["Body"] == "Hi Ana"
    assert log["ana-mail"]["TextBody"] == "Hi Ana"
    assert sent(server, application_id=app, user_id="ana", channel="EMAIL")[0]["EndpointId"] == "ana-mail"

    with pytest.raises(client.exceptions.NotFoundException):
        client.send_users_messages(
            ApplicationId=app,
            SendUsersMessageRequest={"MessageConfiguration": {"DefaultMessage": {"Body": "x"}},
                                     "Users": {"nobody": {}, "ghost": {}}},
        )
    with pytest.raises(client.exceptions.BadRequestException):
        client.send_users_messages(
            ApplicationId=app,
            SendUsersMessageRequest={"MessageConfiguration": {"DefaultMessage": {"Body": "x"}},
                                     "Users": {f"u{i}": {} for i in range(100)} | {"ana": {}}},
        )
    assert len(sent(server, application_id=app)) == 2


# ---- OTP -------------------------------------------------------------------------------------


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

    # CodeLength and AllowedAttempts are honoured at their bounds.
    send_otp(client, app, dest, ref="long", CodeLength=8, AllowedAttempts=5, ValidityPeriod=60)
    send_otp(client, app, dest, ref="short", CodeLength=5, AllowedAttempts=1, ValidityPeriod=5)
    long_, short = codes(server, app, reference_id="long")[0], codes(server, app, reference_id="short")[0]
    assert re.fullmatch(r"\d{8}", long_["Code"]) and long_["AllowedAttempts"] == 5
    assert re.fullmatch(r"\d{5}", short["Code"]) and short["AllowedAttempts"] == 1


@pytest.mark.parametrize("bad", [
    {"CodeLength": 4}, {"CodeLength": 9}, {"ValidityPeriod": 4}, {"ValidityPeriod": 61},
    {"AllowedAttempts": 6}, {"AllowedAttempts": 0}, {"BrandName": "B" * 21}, {"ReferenceId": "r" * 49},
    {"Channel": "EMAIL"}, {"Language": "en-AU"}, {"DestinationIdentity": "2065550100"},
], ids=lambda b: "-".join(f"{k}={str(v)[:8]}" for k, v in b.items()))
def test_otp_bounds(client, server, app, bad):
    """docs/behaviour.md#otp: any parameter out of bounds is a 400 and sends nothing."""
    params = {**otp_params("+12065550100"), **bad}
    with pytest.raises(client.exceptions.BadRequestException):
        client.send_otp_message(ApplicationId=app, SendOTPMessageRequestParameters=params)
    assert sent(server, application_id=app) == []
    assert codes(server, app) == []


def test_otp_needs_the_sms_channel(client, server):
    """docs/behaviour.md#otp: without the SMS channel the answer is a 200 with a PERMANENT_FAILURE."""
    app = new_app(client, "EMAIL")
    dest = phone()
    out = send_otp(client, app, dest, BrandName="B" * 20, ReferenceId="r" * 48, Language="ja-JP")
    assert_failure(out["Result"][dest], "PERMANENT_FAILURE", 400, "The SMS channel is not enabled for this application.")
    assert codes(server, app) == [] and sent(server, application_id=app) == []


def test_verify_otp(client, server, app):
    """docs/behaviour.md#otp: right once then false; a newer send replaces the code; after
    AllowedAttempts wrong guesses even the right code is false; an unknown reference is false."""
    dest = phone()
    send_otp(client, app, dest)
    code = codes(server, app)[0]["Code"]
    assert verify(client, app, dest, code) is True
    assert verify(client, app, dest, code) is False, "single use"
    assert codes(server, app) == []

    send_otp(client, app, dest, ref="again")
    old = codes(server, app, reference_id="again")[0]["Code"]
    send_otp(client, app, dest, ref="again")
    new = codes(server, app, reference_id="again")[0]["Code"]
    assert len(codes(server, app, reference_id="again")) == 1
    if old != new:
        assert verify(client, app, dest, old, ref="again") is False
    assert verify(client, app, dest, new, ref="again") is True

    send_otp(client, app, dest, ref="guess")
    code = codes(server, app, reference_id="guess")[0]["Code"]
    wrong = "0" * 6 if code != "0" * 6 else "1" * 6
    assert verify(client, app, dest, wrong, ref="guess") is False
    assert codes(server, app, reference_id="guess")[0]["FailedAttempts"] == 1
    assert verify(client, app, dest, wrong, ref="guess") is False
    assert verify(client, app, dest, wrong, ref="guess") is False
    assert verify(client, app, dest, code, ref="guess") is False, "dead after 3 wrong guesses"

    assert verify(client, app, dest, "123456", ref="never-sent") is False
    assert verify(client, app, phone(), "123456") is False
    resp = server.request("POST", f"/v1/apps/{app}/verify-otp", {"DestinationIdentity": dest, "ReferenceId": "login"})
    assert resp.status == 400 and "Otp" in resp.json()["Message"]


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


# ---- the opt-out list, the log's filters, the messages file ----------------------------------------


def test_opt_out_list_routes_and_effect(client, server, account_id, account_client):
    """docs/behaviour.md#opt-outs: the list is per account; a listed address is OPT_OUT for
    addresses, endpoints and OTP; DELETE takes it off again."""
    out_phone, mail = phone(), f"{uuid.uuid4().hex[:8]}@example.com"
    resp = server.request("PUT", "/_pinpoint/opt-outs", {"AccountId": account_id, "Addresses": [out_phone, mail]})
    assert resp.status == 200, resp
    listed = server.get_json(f"/_pinpoint/opt-outs?account={account_id}")["OptOuts"]
    assert sorted(listed, key=lambda r: r["Address"]) == sorted(
        [{"AccountId": account_id, "Address": out_phone}, {"AccountId": account_id, "Address": mail}],
        key=lambda r: r["Address"])
    assert server.request("PUT", "/_pinpoint/opt-outs", {"Addresses": ["not an address"]}).status == 400

    app = new_app(account_client, "SMS", "EMAIL")
    put_endpoint(account_client, app, "mail", ChannelType="EMAIL", Address=mail)
    out = send(account_client, app, {"DefaultMessage": {"Body": "hi"}}, addresses=sms(out_phone),
               endpoints={"mail": {}})
    assert_failure(out["Result"][out_phone], "OPT_OUT", 400, "Address is on the opt-out list")
    assert_failure(out["EndpointResult"]["mail"], "OPT_OUT", 400, "Address is on the opt-out list")
    otp = send_otp(account_client, app, out_phone)
    assert otp["Result"][out_phone]["DeliveryStatus"] == "OPT_OUT"
    assert sent(server, application_id=app) == []

    # Another account is not affected.
    other_app = new_app(client, "SMS")
    assert_success(send(client, other_app, {"SMSMessage": {"Body": "hi"}}, addresses=sms(out_phone))["Result"][out_phone])

    resp = server.request("DELETE", f"/_pinpoint/opt-outs?account={account_id}&address={urllib.parse.quote(out_phone)}")
    assert resp.status == 200
    assert [r["Address"] for r in server.get_json(f"/_pinpoint/opt-outs?account={account_id}")["OptOuts"]] == [mail]
    assert_success(send(account_client, app, {"SMSMessage": {"Body": "hi"}}, addresses=sms(out_phone))["Result"][out_phone])

    # Without AccountId the default account is meant.
    default_phone = phone()
    assert server.request("PUT", "/_pinpoint/opt-outs", {"Addresses": [default_phone]}).status == 200
    q = urllib.parse.quote(default_phone)
    assert server.get_json(f"/_pinpoint/opt-outs?address={q}")["OptOuts"] == [
        {"AccountId": DEFAULT_ACCOUNT, "Address": default_phone}]
    out = send(client, other_app, {"SMSMessage": {"Body": "hi"}}, addresses=sms(default_phone))
    assert out["Result"][default_phone]["DeliveryStatus"] == "OPT_OUT"
    server.request("DELETE", f"/_pinpoint/opt-outs?account={DEFAULT_ACCOUNT}&address={q}")
    server.request("DELETE", f"/_pinpoint/opt-outs?account={account_id}")
    assert server.get_json(f"/_pinpoint/opt-outs?account={account_id}")["OptOuts"] == []
    assert server.get_json(f"/_pinpoint/opt-outs?address={q}")["OptOuts"] == []


def test_sent_log_filters_and_delete(client, server):
    """docs/behaviour.md#sent-messages: filters by app, channel, address, endpoint id (any case),
    user id, since and limit; DELETE with application-id clears that app only."""
    app = new_app(client, "SMS", "EMAIL")
    other = new_app(client, "SMS")
    first, second = phone(), phone()
    put_endpoint(client, app, "Mail-1", ChannelType="EMAIL", Address="zed@example.com", User={"UserId": "zed"})
    send(client, app, {"DefaultMessage": {"Body": "one"}}, addresses=sms(first), endpoints={"Mail-1": {}})
    time.sleep(0.05)
    middle = iso_now_ms()
    time.sleep(0.05)
    send(client, app, {"DefaultMessage": {"Body": "two"}}, addresses=sms(second))
    send(client, other, {"DefaultMessage": {"Body": "other"}}, addresses=sms(first))

    everything = server.get_json(f"/_pinpoint/sent-messages?application-id={app}")
    assert everything["Dropped"] == 0
    assert [m["Address"] for m in everything["Messages"]] == [first, "zed@example.com", second]
    assert [m["Address"] for m in sent(server, application_id=app, channel="sms")] == [first, second]
    assert [m["ApplicationId"] for m in sent(server, address=first)][-2:] == [app, other]
    assert [m["Address"] for m in sent(server, application_id=app, endpoint_id="mail-1")] == ["zed@example.com"]
    assert [m["EndpointId"] for m in sent(server, application_id=app, user_id="zed")] == ["Mail-1"]
    assert [m["Body"] for m in sent(server, application_id=app, since=middle)] == ["two"]
    assert [m["Address"] for m in sent(server, application_id=app, limit=1)] == [first]
    assert server.request("GET", "/_pinpoint/sent-messages?limit=many").status == 400

    assert server.request("DELETE", f"/_pinpoint/sent-messages?application-id={app}").status == 200
    assert sent(server, application_id=app) == []
    assert [m["Body"] for m in sent(server, application_id=other)] == ["other"]


def test_messages_file(server_factory, tmp_path):
    """docs/behaviour.md#sent-messages: --messages-file appends each sent message as a JSON line."""
    path = tmp_path / "sent.ndjson"
    srv = server_factory("--messages-file", str(path), "--assume-channels-enabled")
    c = make_client(srv)
    app = c.create_app(CreateApplicationRequest={"Name": "file"})["ApplicationResponse"]["Id"]
    a, b = phone(), phone()
    send(c, app, {"SMSMessage": {"Body": "hi"}}, addresses={**sms(a), **sms(b), "bad": {"ChannelType": "SMS"}})
    send_otp(c, app, a)
    logged = sent(srv, application_id=app)
    assert len(logged) == 3
    deadline = time.monotonic() + 2
    lines = []
    while time.monotonic() < deadline:
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= 3:
            break
        time.sleep(0.05)
    assert [json.loads(line) for line in lines] == logged
    assert [json.loads(line)["Operation"] for line in lines] == ["SendMessages", "SendMessages", "SendOTPMessage"]


# ---- the AWS CLI -------------------------------------------------------------------------------


def test_cli_send_messages_and_otp(client, server, app):
    """docs/behaviour.md#messages, #otp through `aws pinpoint` (awscli v1: 255 on a service error)."""
    to = phone()
    request = {"Addresses": sms(to), "MessageConfiguration": {"SMSMessage": {"Body": "from the CLI"}}}
    out = aws(server, "send-messages", "--application-id", app, "--message-request", json.dumps(request))
    result = out["MessageResponse"]["Result"][to]
    assert_success(result)
    assert sent(server, address=to)[0]["Body"] == "from the CLI"

    dest = phone()
    out = aws(server, "send-otp-message", "--application-id", app,
              "--send-otp-message-request-parameters", json.dumps(otp_params(dest, "cli")))
    assert_success(out["MessageResponse"]["Result"][dest])
    code = codes(server, app, reference_id="cli")[0]["Code"]
    params = json.dumps({"DestinationIdentity": dest, "Otp": code, "ReferenceId": "cli"})
    out = aws(server, "verify-otp-message", "--application-id", app, "--verify-otp-message-request-parameters", params)
    assert out["VerificationResponse"] == {"Valid": True}

    proc = aws(server, "send-messages", "--application-id", uuid.uuid4().hex, "--message-request",
               json.dumps(request), check=False)
    assert proc.returncode == 255, proc.stderr
    assert "NotFoundException" in proc.stderr
