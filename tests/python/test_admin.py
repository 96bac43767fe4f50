"""The state routes under /_pinpoint/ and the --fixtures flag, seen through boto3: a replaced
state across accounts and regions, and apps loaded with fixed ids.

The emulator routes' own rules (events log, filters, ring, events and state files, reset) are
tested where they live: tests/it/admin.rs, tests/it/state.rs and tests/it/binary.rs. Tests that
replace global state use a private server (server_factory).
"""

import json

import pytest

from conftest import get_endpoint, put_endpoint

TS = "2026-11-23T10:00:00.000Z"


def _events_body(batch):
    return {"BatchItem": batch}


def _send(client, app_id, batch):
    return client.put_events(ApplicationId=app_id, EventsRequest=_events_body(batch))


def test_state_export_and_replace(server_factory, client_factory, app_id):
    srv = server_factory()
    client = client_factory(server=srv)
    eu = client_factory(server=srv, region="eu-west-1", access_key="123456789012")
    put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="s@example.com", Attributes={"a": ["1"]}, User={"UserId": "u"})
    put_endpoint(eu, app_id, "eu-1", Attributes={"where": ["eu"]})
    client.remove_attributes(
        ApplicationId=app_id, AttributeType="endpoint-custom-attributes", UpdateAttributesRequest={"Blacklist": ["temp_*"]}
    )
    _send(client, app_id, {"e1": {"Endpoint": {}, "Events": {"x": {"EventType": "t", "Timestamp": TS}}}})
    before = get_endpoint(client, app_id, "e1")
    before_eu = get_endpoint(eu, app_id, "eu-1")
    exported = srv.get_json("/_pinpoint/state")
    assert isinstance(exported, dict)

    assert 200 <= srv.request("DELETE", "/_pinpoint/state").status < 300
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_endpoint(ApplicationId=app_id, EndpointId="e1")
    # Something created after the export disappears when the export is put back (replace, not merge).
    late = client.create_app(CreateApplicationRequest={"Name": "late"})["ApplicationResponse"]

    resp = srv.request("PUT", "/_pinpoint/state", exported)
    assert 200 <= resp.status < 300, resp
    assert get_endpoint(client, app_id, "e1") == before
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_app(ApplicationId=late["Id"])
    assert get_endpoint(eu, app_id, "eu-1") == before_eu
    assert [e["EventId"] for e in srv.events()["Events"]] == ["x"]
    # The attribute settings came back too.
    put_endpoint(client, app_id, "e1", Attributes={"temp_x": ["dropped"]})
    assert "temp_x" not in get_endpoint(client, app_id, "e1")["Attributes"]
    assert srv.get_json("/_pinpoint/state") is not None


def test_fixtures_load_apps_with_fixed_ids(server_factory, client_factory, tmp_path):
    fixed = "7e57ab1e0000400080000000000d3e70"
    fixture = {
        "Version": 1,
        "Apps": [
            {
                "Id": fixed,
                "Name": "demo-shop",
                "tags": {"env": "local"},
                "Endpoints": [
                    {
                        "Id": "email-ana",
                        "ChannelType": "EMAIL",
                        "Address": "ana@example.com",
                        "Attributes": {"Interests": ["shoes"]},
                        "User": {"UserId": "user-ana"},
                    }
                ],
            }
        ],
    }
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps(fixture))
    srv = server_factory("--strict-apps", "--fixtures", str(path))
    client = client_factory(server=srv)
    app = client.get_app(ApplicationId=fixed)["ApplicationResponse"]
    assert app["Name"] == "demo-shop"
    assert app["tags"] == {"env": "local"}
    ep = get_endpoint(client, fixed, "email-ana")
    assert ep["Address"] == "ana@example.com"
    assert ep["Attributes"] == {"Interests": ["shoes"]}
    assert ep["OptOut"] == "NONE" and ep["EndpointStatus"] == "ACTIVE"
    assert 0 <= int(ep["CohortId"]) <= 99
    users = client.get_user_endpoints(ApplicationId=fixed, UserId="user-ana")["EndpointsResponse"]["Item"]
    assert [u["Id"] for u in users] == ["email-ana"]

