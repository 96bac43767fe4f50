"""Campaigns through boto3: create, versions, status, validation, and delivery through
/_pinpoint/campaigns/run into the sent-message log, with the activity read back.

Rules (docs/behaviour.md): #campaign-versions, #campaign-validation, #campaign-rules, #campaign-status,
#campaign-runs.

Rule checks live with their rules (src/store/tests/campaigns.rs and campaign_rules.rs and
tests/golden/*Campaign*); this file keeps what goes through the client.
"""

import json
import urllib.request

import pytest

from conftest import error_of, put_endpoint


def post(server, path):
    req = urllib.request.Request(server.url + path, data=b"", method="POST")
    return json.load(urllib.request.urlopen(req))


@pytest.fixture
def audience(client, app_id):
    """Two gold SMS endpoints (one opted out), one free; the SMS channel on; a gold segment."""
    put_endpoint(client, app_id, "ana", ChannelType="SMS", Address="+12065550111", Attributes={"plan": ["gold"]},
                 User={"UserId": "ana", "UserAttributes": {"FirstName": ["Ana"]}})
    put_endpoint(client, app_id, "bo", ChannelType="SMS", Address="+12065550112", Attributes={"plan": ["gold"]},
                 OptOut="ALL")
    put_endpoint(client, app_id, "cy", ChannelType="SMS", Address="+12065550113", Attributes={"plan": ["free"]})
    client.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    seg = client.create_segment(ApplicationId=app_id, WriteSegmentRequest={
        "Name": "gold", "Dimensions": {"Attributes": {"plan": {"Values": ["gold"]}}}})["SegmentResponse"]
    return app_id, seg["Id"]


def create(client, app_id, **request):
    return client.create_campaign(ApplicationId=app_id, WriteCampaignRequest=request)["CampaignResponse"]


def test_create_answers_the_campaign_with_defaults(client, audience):
    app_id, seg = audience
    c = create(client, app_id, Name="spring", SegmentId=seg, Schedule={"StartTime": "2030-01-01T00:00:00Z"},
               MessageConfiguration={"SMSMessage": {"Body": "hi"}}, tags={"team": "growth"})
    assert c["Version"] == 1 and c["SegmentVersion"] == 1
    assert c["State"] == {"CampaignStatus": "SCHEDULED"}
    assert c["AdditionalTreatments"] == [] and c["HoldoutPercent"] == 0 and c["IsPaused"] is False
    assert c["TemplateConfiguration"] == {} and c["tags"] == {"team": "growth"}
    assert c["Arn"].endswith(f":apps/{app_id}/campaigns/{c['Id']}")
    v2 = client.update_campaign(ApplicationId=app_id, CampaignId=c["Id"],
                                WriteCampaignRequest={"IsPaused": True})["CampaignResponse"]
    assert (v2["Version"], v2["State"]["CampaignStatus"], v2["Name"]) == (2, "PAUSED", "spring")
    versions = client.get_campaign_versions(ApplicationId=app_id, CampaignId=c["Id"])["CampaignsResponse"]["Item"]
    assert [v["Version"] for v in versions] == [2, 1]
    assert client.get_campaign_version(ApplicationId=app_id, CampaignId=c["Id"], Version="1")["CampaignResponse"]["IsPaused"] is False
    listed = client.get_campaigns(ApplicationId=app_id)["CampaignsResponse"]["Item"]
    assert [x["Id"] for x in listed] == [c["Id"]]
    client.delete_campaign(ApplicationId=app_id, CampaignId=c["Id"])
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_campaign(ApplicationId=app_id, CampaignId=c["Id"])


def test_a_refused_update_stores_no_version(client, audience):
    app_id, seg = audience
    c = create(client, app_id, SegmentId=seg, Schedule={"StartTime": "2030-01-01T00:00:00Z"},
               MessageConfiguration={"SMSMessage": {"Body": "hi"}})
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.update_campaign(ApplicationId=app_id, CampaignId=c["Id"],
                               WriteCampaignRequest={"Limits": {"Daily": 101}})
    assert "Limits.Daily" in error_of(exc)[2]
    got = client.get_campaign(ApplicationId=app_id, CampaignId=c["Id"])["CampaignResponse"]
    assert got["Version"] == 1 and "Limits" not in got


def test_a_run_delivers_to_the_segment_and_records_an_activity(client, server, audience):
    app_id, seg = audience
    c = create(client, app_id, Name="now", SegmentId=seg, Schedule={"StartTime": "IMMEDIATE"},
               MessageConfiguration={"SMSMessage": {"Body": "Hi {{User.UserAttributes.FirstName}}"}})
    assert post(server, "/_pinpoint/campaigns/run")["Delivered"] >= 1
    sent = server.get_json(f"/_pinpoint/sent-messages?application-id={app_id}")["Messages"]
    assert [(m["EndpointId"], m["Body"], m["Operation"]) for m in sent] == [("ana", "Hi Ana", "Campaign")]
    acts = client.get_campaign_activities(ApplicationId=app_id, CampaignId=c["Id"])["ActivitiesResponse"]["Item"]
    assert len(acts) == 1
    assert sent[0]["Context"] == {"CampaignId": c["Id"], "TreatmentId": "0", "CampaignActivityId": acts[0]["Id"]}
    # bo opted out: produced but not targeted (docs/behaviour.md#campaign-runs).
    assert (acts[0]["TotalEndpointCount"], acts[0]["SuccessfulEndpointCount"]) == (1, 1)
    assert acts[0]["ExecutionMetrics"]["ENDPOINT_PRODUCED"] == "2"
    assert acts[0]["ExecutionMetrics"]["ENDPOINT_OPT_OUT"] == "1"
    assert acts[0]["State"] == "COMPLETED" and acts[0]["TreatmentId"] == "0"
    # A ONCE campaign runs once, and is COMPLETED, so it can no longer change.
    post(server, "/_pinpoint/campaigns/run")
    assert len(server.get_json(f"/_pinpoint/sent-messages?application-id={app_id}")["Messages"]) == 1
    with pytest.raises(client.exceptions.BadRequestException):
        client.update_campaign(ApplicationId=app_id, CampaignId=c["Id"], WriteCampaignRequest={"Name": "x"})


def test_run_campaigns_flag_delivers_without_being_asked(server_factory):
    from conftest import make_client
    import time
    srv = server_factory("--run-campaigns")
    c = make_client(srv)
    app_id = c.create_app(CreateApplicationRequest={"Name": "auto"})["ApplicationResponse"]["Id"]
    put_endpoint(c, app_id, "e1", ChannelType="SMS", Address="+12065550120")
    c.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    seg = c.create_segment(ApplicationId=app_id, WriteSegmentRequest={"Name": "all"})["SegmentResponse"]["Id"]
    create(c, app_id, SegmentId=seg, Schedule={"StartTime": "IMMEDIATE"},
           MessageConfiguration={"DefaultMessage": {"Body": "automatic"}})
    deadline = time.time() + 10
    while time.time() < deadline:
        sent = srv.get_json(f"/_pinpoint/sent-messages?application-id={app_id}")["Messages"]
        if sent:
            break
        time.sleep(0.2)
    assert [m["Body"] for m in sent] == ["automatic"]


def test_in_app_messages_come_from_in_app_campaigns_the_endpoint_is_in(client, audience):
    app_id, seg = audience
    c = create(client, app_id, Name="banner", SegmentId=seg, Priority=2, Limits={"Daily": 3, "Session": 1},
               Schedule={"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT", "EndTime": "2030-01-01T00:00:00Z"},
               MessageConfiguration={"InAppMessage": {"Layout": "MIDDLE_BANNER", "Content": [
                   {"BodyConfig": {"Alignment": "CENTER", "Body": "Hello", "TextColor": "black"}}]}})
    got = client.get_in_app_messages(ApplicationId=app_id, EndpointId="ana")["InAppMessagesResponse"]
    [entry] = got["InAppMessageCampaigns"]
    assert entry["CampaignId"] == c["Id"] and entry["TreatmentId"] == "0"
    assert (entry["DailyCap"], entry["SessionCap"], entry["TotalCap"], entry["Priority"]) == (3, 1, 0, 2)
    assert entry["InAppMessage"]["Layout"] == "MIDDLE_BANNER"
    assert entry["InAppMessage"]["Content"][0]["BodyConfig"]["Body"] == "Hello"
    # "cy" is not gold, so not in the segment; an unknown endpoint has none.
    for who in ["cy", "nobody"]:
        assert client.get_in_app_messages(ApplicationId=app_id, EndpointId=who)["InAppMessagesResponse"] == {
            "InAppMessageCampaigns": []}
    client.update_campaign(ApplicationId=app_id, CampaignId=c["Id"], WriteCampaignRequest={"IsPaused": True})
    paused = client.get_in_app_messages(ApplicationId=app_id, EndpointId="ana")["InAppMessagesResponse"]
    assert paused["InAppMessageCampaigns"] == []
