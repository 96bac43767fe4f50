"""Application settings, tags by ARN and recommender configurations through boto3.

Rules (docs/behaviour.md): #application-settings, #tags, #recommenders.

Rule checks live with their rules (src/store/tests/resources.rs, tests/hostile/resources.cases and
the golden files of the settings, tag and recommender operations); this file keeps what goes
through the client.
"""

import urllib.parse

import pytest

from conftest import DEFAULT_ACCOUNT, DEFAULT_REGION, error_of, put_endpoint

ROLE = "arn:aws:iam::123456789012:role/personalize"
CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/picks"


def arn(*path):
    return f"arn:aws:mobiletargeting:{DEFAULT_REGION}:{DEFAULT_ACCOUNT}:" + "/".join(path)


# ---- application settings ------------------------------------------------------------------


def test_fresh_settings_are_empty_and_an_update_keeps_what_it_omits(client, app_id):
    put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="a@x.com")
    fresh = client.get_application_settings(ApplicationId=app_id)["ApplicationSettingsResource"]
    assert (fresh["ApplicationId"], fresh["CampaignHook"], fresh["Limits"], fresh["QuietTime"]) == (app_id, {}, {}, {})
    assert fresh["LastModifiedDate"].endswith("Z")
    client.update_application_settings(ApplicationId=app_id, WriteApplicationSettingsRequest={
        "Limits": {"Daily": 5, "Total": 50}, "CampaignHook": {"Mode": "FILTER", "LambdaFunctionName": "f"}})
    got = client.update_application_settings(ApplicationId=app_id, WriteApplicationSettingsRequest={
        "QuietTime": {"Start": "22:00", "End": "06:30"}, "CloudWatchMetricsEnabled": True})["ApplicationSettingsResource"]
    assert got["Limits"] == {"Daily": 5, "Total": 50}
    assert got["QuietTime"] == {"Start": "22:00", "End": "06:30"}
    assert got["CampaignHook"]["Mode"] == "FILTER"
    assert "CloudWatchMetricsEnabled" not in got
    assert client.get_application_settings(ApplicationId=app_id)["ApplicationSettingsResource"] == got


# ---- tags -------------------------------------------------------------------------------------


def test_tags_on_an_app_reach_get_app_and_untag_removes_keys(client):
    app = client.create_app(CreateApplicationRequest={"Name": "tagged", "tags": {"a": "1"}})["ApplicationResponse"]
    client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": {"b": "2", "c": "3", "a": "one"}})
    tags = client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"]
    assert tags == {"a": "one", "b": "2", "c": "3"}
    assert client.get_app(ApplicationId=app["Id"])["ApplicationResponse"]["tags"] == tags
    client.untag_resource(ResourceArn=app["Arn"], TagKeys=["a", "b", "absent"])
    assert client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"] == {"c": "3"}


def test_segment_journey_and_template_arns_are_taggable(client, app_id):
    put_endpoint(client, app_id, "e1", ChannelType="SMS", Address="+12065550100")
    seg = client.create_segment(ApplicationId=app_id, WriteSegmentRequest={
        "Name": "all", "Dimensions": {"Demographic": {"Platform": {"Values": ["ios"]}}}})["SegmentResponse"]
    journey = client.create_journey(ApplicationId=app_id, WriteJourneyRequest={"Name": "j"})["JourneyResponse"]
    template = client.create_sms_template(TemplateName=f"t-{app_id}", SMSTemplateRequest={"Body": "hi"})
    for resource in (seg["Arn"], arn("apps", app_id, "journeys", journey["Id"]), template["CreateTemplateMessageBody"]["Arn"]):
        client.tag_resource(ResourceArn=resource, TagsModel={"tags": {"team": "growth"}})
        assert client.list_tags_for_resource(ResourceArn=resource)["TagsModel"]["tags"] == {"team": "growth"}
    assert client.get_segment(ApplicationId=app_id, SegmentId=seg["Id"])["SegmentResponse"]["tags"] == {"team": "growth"}
    assert client.get_sms_template(TemplateName=f"t-{app_id}")["SMSTemplateResponse"]["tags"] == {"team": "growth"}
    client.delete_sms_template(TemplateName=f"t-{app_id}")


@pytest.mark.parametrize("tags, needle", [
    ({f"k{i}": "v" for i in range(51)}, "Too many tags"),
    ({"aws:team": "x"}, "aws:"),
    ({"k" * 129: "v"}, "tag key"),
    ({"k": "v" * 257}, "256"),
    ({"bad#key": "v"}, "not allowed"),
])
def test_bad_tags_are_bad_requests(client, tags, needle):
    app = client.create_app(CreateApplicationRequest={"Name": "tagged"})["ApplicationResponse"]
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": tags})
    assert needle in error_of(exc)[2]
    assert client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"] == {}


def test_arns_of_missing_or_foreign_resources_are_not_found_and_malformed_ones_bad(client, server, app_id):
    app = client.create_app(CreateApplicationRequest={"Name": "gone"})["ApplicationResponse"]
    client.delete_app(ApplicationId=app["Id"])
    for missing in (app["Arn"], arn("apps", app_id, "segments", "nope"),
                    app["Arn"].replace(DEFAULT_REGION, "eu-west-1")):
        with pytest.raises(client.exceptions.NotFoundException):
            client.list_tags_for_resource(ResourceArn=missing)
    with pytest.raises(client.exceptions.BadRequestException):
        client.list_tags_for_resource(ResourceArn="arn:aws:s3:::bucket")
    # The raw wire: the ARN is one URL-encoded path segment; TagResource answers 204, no body.
    live = client.create_app(CreateApplicationRequest={"Name": "wire"})["ApplicationResponse"]
    path = "/v1/tags/" + urllib.parse.quote(live["Arn"], safe="")
    resp = server.request("POST", path, b'{"tags":{"x":"1"}}')
    assert (resp.status, resp.body) == (204, b"")
    resp = server.request("DELETE", path + "?tagKeys=x")
    assert resp.status == 204


# ---- recommenders ---------------------------------------------------------------------------


def test_recommender_lifecycle(account_client):
    c = account_client
    created = c.create_recommender_configuration(CreateRecommenderConfiguration={
        "Name": "picks", "RecommendationProviderRoleArn": ROLE, "RecommendationProviderUri": CAMPAIGN,
        "Attributes": {"Recommendations.Title": "Title"}})["RecommenderConfigurationResponse"]
    assert len(created["Id"]) == 32
    assert created["RecommendationsPerMessage"] == 5
    assert created["RecommendationProviderIdType"] == "PINPOINT_ENDPOINT_ID"
    assert created["CreationDate"] == created["LastModifiedDate"]
    rid = created["Id"]
    assert c.get_recommender_configuration(RecommenderId=rid)["RecommenderConfigurationResponse"] == created
    updated = c.update_recommender_configuration(RecommenderId=rid, UpdateRecommenderConfiguration={
        "RecommendationProviderRoleArn": ROLE, "RecommendationProviderUri": CAMPAIGN,
        "RecommendationsPerMessage": 2})["RecommenderConfigurationResponse"]
    assert updated["RecommendationsPerMessage"] == 2 and "Name" not in updated
    assert updated["CreationDate"] == created["CreationDate"]
    listed = c.get_recommender_configurations(PageSize="1")["ListRecommenderConfigurationsResponse"]
    assert [r["Id"] for r in listed["Item"]] == [rid] and "NextToken" not in listed
    assert c.delete_recommender_configuration(RecommenderId=rid)["RecommenderConfigurationResponse"]["Id"] == rid
    with pytest.raises(c.exceptions.NotFoundException):
        c.get_recommender_configuration(RecommenderId=rid)


@pytest.mark.parametrize("extra, needle", [
    ({"RecommendationsPerMessage": 6}, "RecommendationsPerMessage"),
    ({"RecommendationProviderUri": "arn:aws:lambda:us-east-1:1:function:f"}, "RecommendationProviderUri"),
    ({"Attributes": {}}, "Attributes"),
    ({"Name": "-starts-with-dash"}, "Name"),
    ({"RecommendationProviderIdType": "EMAIL"}, "RecommendationProviderIdType"),
])
def test_bad_recommenders_are_bad_requests(account_client, extra, needle):
    body = {"RecommendationProviderRoleArn": ROLE, "RecommendationProviderUri": CAMPAIGN, **extra}
    with pytest.raises(account_client.exceptions.BadRequestException) as exc:
        account_client.create_recommender_configuration(CreateRecommenderConfiguration=body)
    assert needle in error_of(exc)[2]
    assert account_client.get_recommender_configurations()["ListRecommenderConfigurationsResponse"]["Item"] == []


def test_delete_app_keeps_the_accounts_templates_and_recommenders(account_client, app_id):
    c = account_client
    put_endpoint(c, app_id, "e1", ChannelType="SMS", Address="+12065550100")
    c.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    seg = c.create_segment(ApplicationId=app_id, WriteSegmentRequest={"Name": "s"})["SegmentResponse"]
    c.create_sms_template(TemplateName="kept", SMSTemplateRequest={"Body": "hi"})
    rec = c.create_recommender_configuration(CreateRecommenderConfiguration={
        "RecommendationProviderRoleArn": ROLE, "RecommendationProviderUri": CAMPAIGN})["RecommenderConfigurationResponse"]
    c.delete_app(ApplicationId=app_id)
    for call in (lambda: c.get_segment(ApplicationId=app_id, SegmentId=seg["Id"]),
                 lambda: c.get_sms_channel(ApplicationId=app_id),
                 lambda: c.get_application_settings(ApplicationId=app_id)):
        with pytest.raises(c.exceptions.NotFoundException):
            call()
    assert c.get_sms_template(TemplateName="kept")["SMSTemplateResponse"]["Body"] == "hi"
    assert c.get_recommender_configuration(RecommenderId=rec["Id"])["RecommenderConfigurationResponse"]["Id"] == rec["Id"]
