"""Messaging through boto3 (and the AWS CLI): SendMessages and SendUsersMessages, what boto3
reads of the per-recipient results, and what the sent log shows of content and templates.

Every test reads back what was "sent" from GET /_pinpoint/sent-messages: only successful
deliveries are logged, so a recipient that failed must leave no trace there. The messaging rules
are owned by src/store/tests/messages.rs and message_content.rs, src/render/tests.rs and the
golden files under tests/golden/Send*; OTP is in test_otp.py, the emulator's message routes in
test_message_log.py.

Rules (docs/behaviour.md): #messages, #message-outcomes, #message-content, #rendering,
#sent-messages.
"""

import json
import uuid

import pytest

from conftest import DEFAULT_ACCOUNT, make_client, put_endpoint
from messaging import (  # noqa: F401  (app is a fixture)
    FROM, ISO_MS_Z, ORIGIN, app, assert_failure, assert_success, by_address, codes, enable, new_app,
    otp_params, phone, send, sent, sms,
)
from test_cli import aws


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


# ---- content ---------------------------------------------------------------------------------


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
