"""The emulator's messaging routes, with boto3 sending: the opt-out list (/_pinpoint/opt-outs),
the sent log's filters and DELETE (/_pinpoint/sent-messages) and --messages-file.

Rules (docs/behaviour.md): #opt-outs, #sent-messages.
"""

import json
import time
import urllib.parse
import uuid

from conftest import DEFAULT_ACCOUNT, iso_now_ms, make_client, put_endpoint
from messaging import assert_failure, assert_success, new_app, phone, send, send_otp, sent, sms


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
