"""Accounts and regions: state is partitioned by account and region.

Rules (docs/behaviour.md): #scope, #scope-region and #scope-account.
"""

import random

import pytest

from conftest import get_endpoint, put_endpoint


def _twelve_digits():
    return "".join(random.choice("0123456789") for _ in range(11)) + "3"


def test_regions_are_isolated(client_factory, app_id, server):
    east = client_factory(region="us-east-1")
    west = client_factory(region="eu-west-1")
    put_endpoint(east, app_id, "e1", ChannelType="EMAIL", Address="east@example.com")
    for call in (
        lambda: west.get_app(ApplicationId=app_id),
        lambda: west.get_endpoint(ApplicationId=app_id, EndpointId="e1"),
    ):
        with pytest.raises(west.exceptions.NotFoundException):
            call()
    # The same app id and endpoint id in another region are a different endpoint.
    put_endpoint(west, app_id, "e1", ChannelType="EMAIL", Address="west@example.com")
    assert get_endpoint(east, app_id, "e1")["Address"] == "east@example.com"
    assert get_endpoint(west, app_id, "e1")["Address"] == "west@example.com"
    # ...and the same-address rule does not cross regions.
    put_endpoint(west, app_id, "e2", ChannelType="EMAIL", Address="east@example.com")
    assert get_endpoint(east, app_id, "e1")["EndpointStatus"] == "ACTIVE"
    east_arn = east.get_app(ApplicationId=app_id)["ApplicationResponse"]["Arn"]
    west_arn = west.get_app(ApplicationId=app_id)["ApplicationResponse"]["Arn"]
    assert ":us-east-1:" in east_arn and ":eu-west-1:" in west_arn


def test_accounts_are_isolated(client_factory, app_id):
    key_a, key_b = _twelve_digits(), _twelve_digits()
    a = client_factory(access_key=key_a)
    b = client_factory(access_key=key_b)
    put_endpoint(a, app_id, "e1", User={"UserId": "u"})
    with pytest.raises(b.exceptions.NotFoundException):
        b.get_endpoint(ApplicationId=app_id, EndpointId="e1")
    with pytest.raises(b.exceptions.NotFoundException):
        b.get_user_endpoints(ApplicationId=app_id, UserId="u")
    put_endpoint(b, app_id, "e1", User={"UserId": "u"}, Attributes={"owner": ["b"]})
    assert get_endpoint(a, app_id, "e1")["Attributes"] == {}
    assert get_endpoint(b, app_id, "e1")["Attributes"] == {"owner": ["b"]}
    assert a.get_app(ApplicationId=app_id)["ApplicationResponse"]["Arn"] == (
        f"arn:aws:mobiletargeting:us-east-1:{key_a}:apps/{app_id}"
    )
    assert b.get_app(ApplicationId=app_id)["ApplicationResponse"]["Arn"] == (
        f"arn:aws:mobiletargeting:us-east-1:{key_b}:apps/{app_id}"
    )


def test_app_listings_are_per_account_and_region(client_factory):
    key = _twelve_digits()
    east = client_factory(access_key=key)
    west = client_factory(access_key=key, region="us-west-2")
    other = client_factory(access_key=_twelve_digits())
    app = east.create_app(CreateApplicationRequest={"Name": "mine"})["ApplicationResponse"]
    assert [x["Id"] for x in east.get_apps()["ApplicationsResponse"]["Item"]] == [app["Id"]]
    assert west.get_apps()["ApplicationsResponse"]["Item"] == []
    assert other.get_apps()["ApplicationsResponse"]["Item"] == []
    with pytest.raises(other.exceptions.NotFoundException):
        other.get_app(ApplicationId=app["Id"])
    with pytest.raises(other.exceptions.NotFoundException):
        other.delete_app(ApplicationId=app["Id"])
    assert east.get_app(ApplicationId=app["Id"])["ApplicationResponse"] == app


def test_non_twelve_digit_keys_share_the_default_account(client_factory, app_id):
    a = client_factory(access_key="AKIDEXAMPLE")
    b = client_factory(access_key="AKIAIOSFODNN7EXAMPLE")
    c = client_factory(access_key="000000000000")
    d = client_factory(access_key="12345")  # not 12 digits
    put_endpoint(a, app_id, "shared", Attributes={"k": ["v"]})
    for other in (b, c, d):
        assert get_endpoint(other, app_id, "shared")["Attributes"] == {"k": ["v"]}
    app = a.get_app(ApplicationId=app_id)["ApplicationResponse"]
    assert app["Arn"] == f"arn:aws:mobiletargeting:us-east-1:000000000000:apps/{app_id}"


def test_recorded_events_carry_account_and_region(client_factory, app_id, server):
    key = _twelve_digits()
    client = client_factory(access_key=key, region="ap-southeast-2")
    client.put_events(
        ApplicationId=app_id,
        EventsRequest={"BatchItem": {"e": {"Endpoint": {}, "Events": {"ev": {"EventType": "x", "Timestamp": "2026-01-01T00:00:00Z"}}}}},
    )
    events = server.events(application_id=app_id)["Events"]
    assert len(events) == 1
    assert events[0]["AccountId"] == key
    assert events[0]["Region"] == "ap-southeast-2"


def test_unsigned_requests_use_the_default_region_and_account(client, app_id, server):
    put_endpoint(client, app_id, "signed", Attributes={"a": ["b"]})
    resp = server.request("GET", f"/v1/apps/{app_id}/endpoints/signed")
    assert resp.status == 200, resp
    assert resp.json()["Attributes"] == {"a": ["b"]}
