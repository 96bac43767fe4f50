"""CreateApp, GetApp, GetApps, DeleteApp and the unknown-app rules through boto3.

Rules (docs/behaviour.md): #app-create, #app-id, #app-quota, #app-get, #app-list, #app-delete,
#unknown-app-write, #unknown-app-id and #unknown-app-read.

App listings use a private account (a fresh 12-digit access key id) so the shared server's other
apps never show up.

Rule checks live with their rules (src/store/tests/not_found.rs and limits.rs,
tests/hostile/apps.cases and tests/golden/*App*); this file keeps what goes through the client.
"""

import re

import pytest

from conftest import error_of, get_endpoint, put_endpoint

DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_create_app_shape(account_client, account_id):
    resp = account_client.create_app(
        CreateApplicationRequest={"Name": "my-app", "tags": {"env": "test", "team": "qa"}}
    )
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
    app = resp["ApplicationResponse"]
    assert re.fullmatch(r"[0-9a-f]{32}", app["Id"]), app["Id"]
    assert app["Name"] == "my-app"
    assert app["Arn"] == f"arn:aws:mobiletargeting:us-east-1:{account_id}:apps/{app['Id']}"
    # boto3 only fills 'tags' when the wire member is lowercase 'tags'.
    assert app["tags"] == {"env": "test", "team": "qa"}
    assert DATE_RE.match(app["CreationDate"]), app["CreationDate"]


def test_create_app_default_account_arn(client):
    app = client.create_app(CreateApplicationRequest={"Name": "default-account"})["ApplicationResponse"]
    assert app["Arn"] == f"arn:aws:mobiletargeting:us-east-1:000000000000:apps/{app['Id']}"
    client.delete_app(ApplicationId=app["Id"])


def test_create_app_region_in_arn(client_factory, account_id):
    eu = client_factory(region="eu-west-1", access_key=account_id)
    app = eu.create_app(CreateApplicationRequest={"Name": "eu"})["ApplicationResponse"]
    assert app["Arn"] == f"arn:aws:mobiletargeting:eu-west-1:{account_id}:apps/{app['Id']}"


def test_tags_are_lowercase_on_the_wire(server):
    resp = server.request("POST", "/v1/apps", {"Name": "raw", "tags": {"k": "v"}})
    assert resp.status == 201, resp
    body = resp.json()
    assert body["tags"] == {"k": "v"}
    assert "Tags" not in body
    assert set(body) >= {"Arn", "Id", "Name", "tags", "CreationDate"}
    got = server.request("GET", f"/v1/apps/{body['Id']}").json()
    assert got == body
    server.request("DELETE", f"/v1/apps/{body['Id']}")


def test_get_app_without_tags_shows_empty_tags(client):
    created = client.create_app(CreateApplicationRequest={"Name": "no-tags"})["ApplicationResponse"]
    assert created["tags"] == {}
    resp = client.get_app(ApplicationId=created["Id"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["ApplicationResponse"] == created
    client.delete_app(ApplicationId=created["Id"])


def test_two_apps_get_different_ids(account_client):
    a = account_client.create_app(CreateApplicationRequest={"Name": "same"})["ApplicationResponse"]
    b = account_client.create_app(CreateApplicationRequest={"Name": "same"})["ApplicationResponse"]
    assert a["Id"] != b["Id"]


def test_get_apps_without_paging(account_client):
    ids = {
        account_client.create_app(CreateApplicationRequest={"Name": f"list-{i}"})["ApplicationResponse"]["Id"]
        for i in range(3)
    }
    resp = account_client.get_apps()
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    page = resp["ApplicationsResponse"]
    assert {app["Id"] for app in page["Item"]} == ids
    assert "NextToken" not in page or page["NextToken"] in (None, "")
    for app in page["Item"]:
        assert app["Arn"].endswith("/" + app["Id"])
        assert app["Name"].startswith("list-")


def test_get_apps_pages_with_page_size_and_token(account_client):
    created = {}
    for i in range(4):
        app = account_client.create_app(CreateApplicationRequest={"Name": f"page-{i}"})["ApplicationResponse"]
        created[app["Id"]] = app
    seen = []
    token = None
    for _ in range(10):
        kwargs = {"PageSize": "1"}
        if token:
            kwargs["Token"] = token
        page = account_client.get_apps(**kwargs)["ApplicationsResponse"]
        assert len(page["Item"]) <= 1
        seen.extend(page["Item"])
        token = page.get("NextToken")
        if not token:
            break
    assert not token, "NextToken never went away"
    assert len(seen) == 4
    assert {app["Id"]: app for app in seen} == created
    # page-size 3: two pages, 3 + 1.
    first = account_client.get_apps(PageSize="3")["ApplicationsResponse"]
    assert len(first["Item"]) == 3 and first.get("NextToken")
    second = account_client.get_apps(PageSize="3", Token=first["NextToken"])["ApplicationsResponse"]
    assert len(second["Item"]) == 1 and not second.get("NextToken")
    assert {a["Id"] for a in first["Item"] + second["Item"]} == set(created)


def test_delete_app_returns_it_and_removes_its_endpoints(client):
    app = client.create_app(CreateApplicationRequest={"Name": "doomed", "tags": {"a": "b"}})["ApplicationResponse"]
    put_endpoint(client, app["Id"], "e1", ChannelType="EMAIL", Address="doomed@example.com", User={"UserId": "u"})
    resp = client.delete_app(ApplicationId=app["Id"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["ApplicationResponse"] == app
    for call in (
        lambda: client.get_app(ApplicationId=app["Id"]),
        lambda: client.delete_app(ApplicationId=app["Id"]),
        lambda: client.get_endpoint(ApplicationId=app["Id"], EndpointId="e1"),
        lambda: client.get_user_endpoints(ApplicationId=app["Id"], UserId="u"),
    ):
        with pytest.raises(client.exceptions.NotFoundException) as exc:
            call()
        assert error_of(exc)[2] == "Application not found"
    # A first write re-creates the app but the old endpoints are gone for good
    # (docs/behaviour.md#app-delete).
    put_endpoint(client, app["Id"], "e2")
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_endpoint(ApplicationId=app["Id"], EndpointId="e1")


def test_first_write_creates_unknown_app(client, app_id):
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_app(ApplicationId=app_id)
    put_endpoint(client, app_id, "first")
    app = client.get_app(ApplicationId=app_id)["ApplicationResponse"]
    assert app["Id"] == app_id
    assert app["Arn"] == f"arn:aws:mobiletargeting:us-east-1:000000000000:apps/{app_id}"
    assert app["Name"]


@pytest.mark.parametrize("write", ["batch", "events"])
def test_other_first_writes_create_unknown_app(client, app_id, write):
    if write == "batch":
        client.update_endpoints_batch(ApplicationId=app_id, EndpointBatchRequest={"Item": [{"Id": "b"}]})
    else:
        client.put_events(
            ApplicationId=app_id,
            EventsRequest={"BatchItem": {"b": {"Endpoint": {}, "Events": {"e": {"EventType": "x", "Timestamp": "2026-01-01T00:00:00Z"}}}}},
        )
    assert client.get_app(ApplicationId=app_id)["ApplicationResponse"]["Id"] == app_id
    assert get_endpoint(client, app_id, "b")["Id"] == "b"


def test_auto_created_app_is_listed(account_client, app_id):
    put_endpoint(account_client, app_id, "e")
    ids = [a["Id"] for a in account_client.get_apps()["ApplicationsResponse"]["Item"]]
    assert ids == [app_id]


def test_at_most_100_apps_per_account_and_region(client_factory, account_id):
    # docs/behaviour.md#app-quota: 100 apps per account and region; the 101st CreateApp -> 400.
    east = client_factory(access_key=account_id)
    for i in range(100):
        east.create_app(CreateApplicationRequest={"Name": f"quota-{i}"})
    with pytest.raises(east.exceptions.BadRequestException) as exc:
        east.create_app(CreateApplicationRequest={"Name": "one-too-many"})
    assert "100" in error_of(exc)[2]
    # The first write to an unknown app id counts against the same quota.
    with pytest.raises(east.exceptions.BadRequestException):
        put_endpoint(east, "f" * 32, "e1")
    # Another region of the same account has its own quota.
    west = client_factory(access_key=account_id, region="us-west-2")
    west.create_app(CreateApplicationRequest={"Name": "west"})
    # Deleting one frees a slot.
    first = east.get_apps(PageSize="1")["ApplicationsResponse"]["Item"][0]
    east.delete_app(ApplicationId=first["Id"])
    east.create_app(CreateApplicationRequest={"Name": "fits-again"})


def test_delete_app_drops_events_and_attribute_settings(client, app_id, server):
    client.put_events(
        ApplicationId=app_id,
        EventsRequest={"BatchItem": {"e": {"Endpoint": {}, "Events": {"x": {"EventType": "t", "Timestamp": "2026-01-01T00:00:00Z"}}}}},
    )
    client.remove_attributes(
        ApplicationId=app_id, AttributeType="endpoint-custom-attributes", UpdateAttributesRequest={"Blacklist": ["temp_*"]}
    )
    assert len(server.events(application_id=app_id)["Events"]) == 1
    client.delete_app(ApplicationId=app_id)
    assert server.events(application_id=app_id)["Events"] == []
    # Re-created by a first write: the old blacklist is gone too (docs/behaviour.md#app-delete).
    put_endpoint(client, app_id, "e", Attributes={"temp_a": ["kept"]})
    assert get_endpoint(client, app_id, "e")["Attributes"] == {"temp_a": ["kept"]}
