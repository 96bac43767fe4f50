"""Segments through boto3: create, versions, listing, delete, validation errors, and who is in a
segment, read back from /_pinpoint/segments.

Rules (docs/behaviour.md): #segment-versions, #segment-validation, #segment-membership.

Rule checks live with their rules (src/store/tests/segments.rs and tests/golden/*Segment*); this
file keeps what goes through the client.
"""

import json

import pytest

from conftest import put_endpoint


def members(server, app_id, segment_id, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"application-id": app_id, "segment-id": segment_id, **extra}.items())
    return server.get_json(f"/_pinpoint/segments?{query}")


@pytest.fixture
def shop(client, app_id):
    """e1 gold/ios/3 orders, e2 gold/android/1, e3 free/ios/5 (SMS), e4 bare."""
    put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="a@x.com", Attributes={"plan": ["gold"]},
                 Demographic={"Platform": "ios"}, Metrics={"orders": 3},
                 Location={"Country": "US", "Latitude": 47.6, "Longitude": -122.3})
    put_endpoint(client, app_id, "e2", ChannelType="EMAIL", Address="b@x.com", Attributes={"plan": ["gold", "vip"]},
                 Demographic={"Platform": "android"}, Metrics={"orders": 1})
    put_endpoint(client, app_id, "e3", ChannelType="SMS", Address="+12065550100", Attributes={"plan": ["free"]},
                 Demographic={"Platform": "iOS"}, Metrics={"orders": 5})
    put_endpoint(client, app_id, "e4", ChannelType="EMAIL", Address="d@x.com")
    return app_id


def create(client, app_id, **request):
    return client.create_segment(ApplicationId=app_id, WriteSegmentRequest=request)["SegmentResponse"]


def test_create_update_versions_list_delete(client, server, shop):
    seg = create(client, shop, Name="gold", Dimensions={"Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["gold"]}}},
                 tags={"team": "growth"})
    assert seg["Version"] == 1 and seg["SegmentType"] == "DIMENSIONAL"
    assert seg["Arn"].endswith(f":apps/{shop}/segments/{seg['Id']}")
    assert seg["CreationDate"] == seg["LastModifiedDate"]
    assert seg["tags"] == {"team": "growth"}
    v2 = client.update_segment(ApplicationId=shop, SegmentId=seg["Id"],
                               WriteSegmentRequest={"Name": "gold buyers"})["SegmentResponse"]
    assert (v2["Version"], v2["Name"]) == (2, "gold buyers")
    assert v2["Dimensions"] == seg["Dimensions"]
    v1 = client.get_segment_version(ApplicationId=shop, SegmentId=seg["Id"], Version="1")["SegmentResponse"]
    assert v1["Name"] == "gold"
    versions = client.get_segment_versions(ApplicationId=shop, SegmentId=seg["Id"])["SegmentsResponse"]["Item"]
    assert [v["Version"] for v in versions] == [2, 1]
    other = create(client, shop, Name="other")
    page = client.get_segments(ApplicationId=shop, PageSize="1")["SegmentsResponse"]
    assert [s["Id"] for s in page["Item"]] == [seg["Id"]]
    page2 = client.get_segments(ApplicationId=shop, PageSize="1", Token=page["NextToken"])["SegmentsResponse"]
    assert [s["Id"] for s in page2["Item"]] == [other["Id"]] and "NextToken" not in page2
    deleted = client.delete_segment(ApplicationId=shop, SegmentId=seg["Id"])["SegmentResponse"]
    assert deleted["Version"] == 2
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_segment(ApplicationId=shop, SegmentId=seg["Id"])
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_segment_version(ApplicationId=shop, SegmentId=other["Id"], Version="7")


def test_membership_of_each_dimension(client, server, shop):
    def m(dimensions):
        seg = create(client, shop, Dimensions=dimensions)
        return members(server, shop, seg["Id"])["EndpointIds"]
    assert m({"Attributes": {"plan": {"Values": ["gold"]}}}) == ["e1", "e2"]
    assert m({"Attributes": {"plan": {"AttributeType": "EXCLUSIVE", "Values": ["gold"]}}}) == ["e3", "e4"]
    assert m({"Attributes": {"plan": {"AttributeType": "CONTAINS", "Values": ["ip"]}}}) == ["e2"]
    assert m({"Metrics": {"orders": {"ComparisonOperator": "LESS_THAN_OR_EQUAL", "Value": 3}}}) == ["e1", "e2"]
    assert m({"Demographic": {"Platform": {"Values": ["IOS"]}}}) == ["e1", "e3"]
    assert m({"Demographic": {"Channel": {"Values": ["SMS"]}}}) == ["e3"]
    assert m({"Location": {"Country": {"Values": ["us"]}}}) == ["e1"]
    assert m({"Location": {"GPSPoint": {"Coordinates": {"Latitude": 47.61, "Longitude": -122.33},
                                        "RangeInKilometers": 5}}}) == ["e1"]
    assert m({"Behavior": {"Recency": {"Duration": "DAY_30", "RecencyType": "ACTIVE"}}}) == ["e1", "e2", "e3", "e4"]


def test_membership_follows_the_data_and_groups(client, server, shop):
    gold = create(client, shop, Dimensions={"Attributes": {"plan": {"Values": ["gold"]}}})
    not_gold = create(client, shop, SegmentGroups={"Include": "ALL", "Groups": [
        {"SourceSegments": [{"Id": gold["Id"]}], "SourceType": "NONE"}]})
    assert members(server, shop, not_gold["Id"])["EndpointIds"] == ["e3", "e4"]
    put_endpoint(client, shop, "e4", Attributes={"plan": ["gold"]})
    assert members(server, shop, gold["Id"])["EndpointIds"] == ["e1", "e2", "e4"]
    assert members(server, shop, not_gold["Id"])["EndpointIds"] == ["e3"]
    page = members(server, shop, gold["Id"], **{"page-size": 2})
    assert page["Count"] == 3 and page["EndpointIds"] == ["e1", "e2"] and "NextToken" in page


def test_cli_create_and_get_segment(server, shop):
    from test_cli import aws
    out = aws(server, "create-segment", "--application-id", shop, "--write-segment-request",
              json.dumps({"Name": "cli", "Dimensions": {"Demographic": {"Platform": {"Values": ["ios"]}}}}))
    seg_id = out["SegmentResponse"]["Id"]
    got = aws(server, "get-segment", "--application-id", shop, "--segment-id", seg_id)
    assert got["SegmentResponse"]["Name"] == "cli"
    assert members(server, shop, seg_id)["EndpointIds"] == ["e1", "e3"]
