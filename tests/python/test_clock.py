"""The test clock (docs/behaviour.md#test-clock) through boto3 and plain HTTP: each scope's clock
read, frozen, advanced and returned to system time; what an advance runs (a recurring campaign)
and what reads the clock (an OTP that expires, CreationDate). Each test works in its own account,
so freezing its clock leaves every other test on the shared server alone.

The rules themselves are owned by src/clock.rs, src/time.rs and src/store/tests/clock.rs; this
file keeps what goes through a real client and the routes' wire shape.
"""

import re
import time

import pytest

from conftest import put_endpoint

ISO_MS_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


class Clock:
    """The routes of one scope's clock."""

    def __init__(self, server, account, region="us-east-1"):
        self.server = server
        self.query = f"?account={account}&region={region}"

    def call(self, method, path="", body=None):
        resp = self.server.request(method, "/_pinpoint/clock" + path + self.query, body)
        return resp.status, resp.json()

    def get(self):
        status, body = self.call("GET")
        assert status == 200, body
        return body

    def put(self, now):
        return self.call("PUT", body={"Now": now})

    def advance(self, **body):
        return self.call("POST", "/advance", body)


@pytest.fixture
def clock(server, account_id):
    return Clock(server, account_id)


def test_a_fresh_scope_shows_system_time_until_frozen(clock, server):
    got = clock.get()
    assert got["Frozen"] is False and ISO_MS_Z.match(got["Now"]), got
    assert abs(time.mktime(time.strptime(got["Now"][:19], "%Y-%m-%dT%H:%M:%S")) - time.mktime(time.gmtime())) < 60
    assert clock.put("2030-01-01T00:00:00Z") == (200, {"Now": "2030-01-01T00:00:00.000Z", "Frozen": True})
    assert clock.put("2030-01-01T02:00:00+02:00")[0] == 200, "the same instant is accepted"
    status, body = clock.put("2029-12-31T23:59:59Z")
    assert status == 400 and "2029-12-31T23:59:59.000Z" in body["Message"], body
    assert clock.put("yesterday")[0] == 400
    assert clock.call("PUT", body=b"[1]")[0] == 400
    other = Clock(server, "111111111111")
    assert other.get()["Frozen"] is False, "scopes never share a clock"
    assert Clock(server, clock.query.split("=")[1].split("&")[0], "eu-west-1").get()["Frozen"] is False


def test_an_advance_moves_by_a_duration_or_to_an_instant_and_refuses_anything_else(clock):
    clock.put("2030-01-01T00:00:00Z")
    status, body = clock.advance(By="PT15M")
    assert status == 200, body
    assert body["Now"] == "2030-01-01T00:15:00.000Z" and body["Frozen"] is True
    assert body["Ran"] == {"CampaignRuns": 0, "JourneyActivities": 0, "Messages": 0}
    assert clock.advance(By="P1DT2H")[1]["Now"] == "2030-01-02T02:15:00.000Z"
    assert clock.advance(To="2030-02-01T00:00:00Z")[1]["Now"] == "2030-02-01T00:00:00.000Z"
    for bad in [{"By": "PT"}, {"By": "15 minutes"}, {"By": "P1M"}, {"By": "-PT1H"},
                {"By": "PT1H", "To": "2031-01-01T00:00:00Z"}, {}, {"To": "2030-01-01T00:00:00Z"}]:
        status, body = clock.advance(**bad)
        assert status == 400 and body["Message"], (bad, body)
        assert clock.get()["Now"] == "2030-02-01T00:00:00.000Z", bad
    assert clock.advance(To="2030-02-01T00:00:00Z")[0] == 200, "a To equal to now is allowed"


def test_leaving_frozen_time_only_when_it_would_not_run_backwards(clock):
    status, body = clock.advance(By="PT0S")
    assert status == 200 and body["Frozen"] is True
    status, body = clock.call("DELETE")
    assert status == 200 and body["Frozen"] is False, body
    clock.put("2099-01-01T00:00:00Z")
    status, body = clock.call("DELETE")
    assert status == 409 and "2099-01-01T00:00:00.000Z" in body["Message"], body
    assert clock.get()["Frozen"] is True


def test_a_daily_campaign_and_an_expiring_code_on_a_moved_clock(server, account_client, account_id):
    """The README's example: a recurring campaign tested in one call, and an OTP that expires."""
    c, clock = account_client, Clock(server, account_id)
    clock.put("2030-03-01T00:00:00Z")
    app = c.create_app(CreateApplicationRequest={"Name": "clocked"})["ApplicationResponse"]
    assert app["CreationDate"] == "2030-03-01T00:00:00.000Z"
    app_id = app["Id"]
    c.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    put_endpoint(c, app_id, "ana", ChannelType="SMS", Address="+12065550131")
    seg = c.create_segment(ApplicationId=app_id, WriteSegmentRequest={"Name": "all"})["SegmentResponse"]["Id"]
    camp = c.create_campaign(ApplicationId=app_id, WriteCampaignRequest={
        "Name": "daily", "SegmentId": seg,
        "Schedule": {"StartTime": "2030-03-01T09:00:00Z", "Frequency": "DAILY", "EndTime": "2030-03-03T12:00:00Z"},
        "MessageConfiguration": {"SMSMessage": {"Body": "Good morning"}}})["CampaignResponse"]
    status, body = clock.advance(By="P7D")
    assert status == 200 and body["Ran"]["CampaignRuns"] == 3 and body["Ran"]["Messages"] == 3, body
    sent = server.get_json(f"/_pinpoint/sent-messages?application-id={app_id}")["Messages"]
    assert [m["SentAt"] for m in sent] == [
        "2030-03-01T09:00:00.000Z", "2030-03-02T09:00:00.000Z", "2030-03-03T09:00:00.000Z"]
    got = c.get_campaign(ApplicationId=app_id, CampaignId=camp["Id"])["CampaignResponse"]
    assert got["State"]["CampaignStatus"] == "COMPLETED"

    params = {"BrandName": "B", "Channel": "SMS", "DestinationIdentity": "+12065550132",
              "OriginationIdentity": "+18005550100", "ReferenceId": "login", "ValidityPeriod": 5}
    c.send_otp_message(ApplicationId=app_id, SendOTPMessageRequestParameters=params)
    code = server.get_json(f"/_pinpoint/otp?application-id={app_id}")["Codes"][-1]["Code"]
    clock.advance(By="PT5M")
    verified = c.verify_otp_message(ApplicationId=app_id, VerifyOTPMessageRequestParameters={
        "DestinationIdentity": "+12065550132", "Otp": code, "ReferenceId": "login"})
    assert verified["VerificationResponse"]["Valid"] is False, "expired at the instant the clock reached it"


def test_the_clock_flag_starts_every_scope_frozen_and_the_reset_unfreezes(server_factory):
    from conftest import make_client
    srv = server_factory("--clock", "2030-05-01T00:00:00Z")
    app = make_client(srv).create_app(CreateApplicationRequest={"Name": "x"})["ApplicationResponse"]
    assert app["CreationDate"] == "2030-05-01T00:00:00.000Z"
    assert Clock(srv, "222222222222", "eu-west-1").get() == {"Now": "2030-05-01T00:00:00.000Z", "Frozen": True}
    assert srv.request("DELETE", "/_pinpoint/state").status == 200
    assert Clock(srv, "000000000000").get()["Frozen"] is False


def test_an_event_triggered_campaign_sends_at_the_next_advance(server, account_client, account_id):
    """docs/behaviour.md#event-campaigns: boto3's PutEvents queues the send; the advance makes it,
    and the run records _campaign.send beside the message."""
    c, clock = account_client, Clock(server, account_id)
    clock.put("2030-04-01T00:00:00Z")
    app_id = c.create_app(CreateApplicationRequest={"Name": "events"})["ApplicationResponse"]["Id"]
    c.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    put_endpoint(c, app_id, "buyer", ChannelType="SMS", Address="+12065550151")
    seg = c.create_segment(ApplicationId=app_id, WriteSegmentRequest={"Name": "all"})["SegmentResponse"]["Id"]
    with pytest.raises(c.exceptions.BadRequestException):
        c.create_campaign(ApplicationId=app_id, WriteCampaignRequest={
            "SegmentId": seg, "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "EVENT"},
            "MessageConfiguration": {"SMSMessage": {"Body": "x"}}})
    camp = c.create_campaign(ApplicationId=app_id, WriteCampaignRequest={
        "Name": "thanks", "SegmentId": seg,
        "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "EVENT", "EventFilter": {
            "FilterType": "ENDPOINT", "Dimensions": {
                "EventType": {"DimensionType": "INCLUSIVE", "Values": ["purchase"]},
                "Metrics": {"price": {"ComparisonOperator": "GREATER_THAN", "Value": 10}}}}},
        "MessageConfiguration": {"SMSMessage": {"Body": "Thanks for your order"}}})["CampaignResponse"]
    clock.advance(By="PT1H")

    def purchase(price):
        c.put_events(ApplicationId=app_id, EventsRequest={"BatchItem": {"buyer": {
            "Endpoint": {}, "Events": {f"p{price}": {
                "EventType": "purchase", "Timestamp": "2030-04-01T01:00:00Z", "Metrics": {"price": price}}}}}})

    purchase(5)
    purchase(12)
    assert server.get_json(f"/_pinpoint/sent-messages?application-id={app_id}")["Messages"] == []
    status, body = clock.advance(By="PT1S")
    assert status == 200 and body["Ran"]["Messages"] == 1, body
    [m] = server.get_json(f"/_pinpoint/sent-messages?application-id={app_id}")["Messages"]
    assert (m["EndpointId"], m["Body"], m["SentAt"]) == ("buyer", "Thanks for your order", "2030-04-01T01:00:00.000Z")
    events = server.events(application_id=app_id, event_type="_campaign.send")["Events"]
    assert len(events) == 1
    attrs = events[0]["Event"]["Attributes"]
    assert attrs["campaign_id"] == camp["Id"] and attrs["campaign_send_status"] == "SUCCESS"
    assert attrs["message_id"] == m["MessageId"] and events[0]["Origin"] == "Delivery"
    acts = c.get_campaign_activities(ApplicationId=app_id, CampaignId=camp["Id"])["ActivitiesResponse"]["Item"]
    assert [a["SuccessfulEndpointCount"] for a in acts] == [1]


def test_a_local_time_run_reaches_each_zone_at_its_own_instant(server, account_client, account_id):
    """docs/behaviour.md (local-time runs): 09:00 wall clock reaches Tokyo at 00:00Z and New York
    at 14:00Z; in between the campaign is EXECUTING and its activity RUNNING 1 of 2 zones."""
    c, clock = account_client, Clock(server, account_id)
    clock.put("2029-12-31T00:00:00Z")
    app_id = c.create_app(CreateApplicationRequest={"Name": "zones"})["ApplicationResponse"]["Id"]
    c.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    for ep, zone, addr in [("tokyo", "Asia/Tokyo", "+12065550161"), ("ny", "America/New_York", "+12065550162")]:
        put_endpoint(c, app_id, ep, ChannelType="SMS", Address=addr, Demographic={"Timezone": zone})
    put_endpoint(c, app_id, "nowhere", ChannelType="SMS", Address="+12065550163")
    seg = c.create_segment(ApplicationId=app_id, WriteSegmentRequest={"Name": "all"})["SegmentResponse"]["Id"]
    camp = c.create_campaign(ApplicationId=app_id, WriteCampaignRequest={
        "Name": "morning", "SegmentId": seg,
        "Schedule": {"StartTime": "2030-01-01T09:00:00Z", "IsLocalTime": True, "Timezone": "UTC"},
        "MessageConfiguration": {"SMSMessage": {"Body": "Good morning"}}})["CampaignResponse"]
    clock.advance(To="2030-01-01T12:00:00Z")
    got = c.get_campaign(ApplicationId=app_id, CampaignId=camp["Id"])["CampaignResponse"]
    assert got["State"]["CampaignStatus"] == "EXECUTING"
    [act] = c.get_campaign_activities(ApplicationId=app_id, CampaignId=camp["Id"])["ActivitiesResponse"]["Item"]
    assert (act["State"], act["TimezonesTotalCount"], act["TimezonesCompletedCount"]) == ("RUNNING", 2, 1)
    clock.advance(To="2030-01-02T00:00:00Z")
    sent = server.get_json(f"/_pinpoint/sent-messages?application-id={app_id}")["Messages"]
    assert [(m["EndpointId"], m["SentAt"]) for m in sent] == [
        ("tokyo", "2030-01-01T00:00:00.000Z"), ("ny", "2030-01-01T14:00:00.000Z")]
    [act] = c.get_campaign_activities(ApplicationId=app_id, CampaignId=camp["Id"])["ActivitiesResponse"]["Item"]
    assert (act["State"], act["TimezonesCompletedCount"]) == ("COMPLETED", 2)
    assert act["ExecutionMetrics"]["ENDPOINT_MISSING_TIMEZONE"] == "1"
    got = c.get_campaign(ApplicationId=app_id, CampaignId=camp["Id"])["CampaignResponse"]
    assert got["State"]["CampaignStatus"] == "COMPLETED"
