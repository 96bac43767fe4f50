"""--strict-apps: every app-scoped call on an unknown app is a 404, as on the real service
(docs/behaviour.md#strict-apps)."""

import pytest

from conftest import error_of, get_endpoint, put_endpoint

TS = "2026-11-23T10:00:00.000Z"


@pytest.fixture
def strict(server_factory, client_factory):
    srv = server_factory("--strict-apps")
    return srv, client_factory(server=srv)


def test_writes_to_unknown_app_are_not_found(strict, app_id):
    srv, client = strict
    calls = [
        lambda: put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="s@example.com"),
        lambda: client.update_endpoints_batch(ApplicationId=app_id, EndpointBatchRequest={"Item": [{"Id": "e1"}]}),
        lambda: client.put_events(
            ApplicationId=app_id,
            EventsRequest={"BatchItem": {"e1": {"Endpoint": {}, "Events": {"x": {"EventType": "t", "Timestamp": TS}}}}},
        ),
        lambda: client.remove_attributes(
            ApplicationId=app_id, AttributeType="endpoint-custom-attributes", UpdateAttributesRequest={"Blacklist": ["a"]}
        ),
        lambda: client.get_app(ApplicationId=app_id),
        lambda: client.get_endpoint(ApplicationId=app_id, EndpointId="e1"),
        lambda: client.get_user_endpoints(ApplicationId=app_id, UserId="u"),
        lambda: client.delete_endpoint(ApplicationId=app_id, EndpointId="e1"),
        lambda: client.delete_user_endpoints(ApplicationId=app_id, UserId="u"),
        lambda: client.delete_app(ApplicationId=app_id),
    ]
    for call in calls:
        with pytest.raises(client.exceptions.NotFoundException) as exc:
            call()
        code, status, message, request_id = error_of(exc)
        assert (code, status, message) == ("NotFoundException", 404, "Application not found")
        assert request_id
    assert client.get_apps()["ApplicationsResponse"]["Item"] == []
    assert srv.events()["Events"] == []


def test_created_apps_work_normally(strict):
    _, client = strict
    app = client.create_app(CreateApplicationRequest={"Name": "strict"})["ApplicationResponse"]
    put_endpoint(client, app["Id"], "e1", ChannelType="EMAIL", Address="ok@example.com", User={"UserId": "u"})
    assert get_endpoint(client, app["Id"], "e1")["Address"] == "ok@example.com"
    resp = client.put_events(
        ApplicationId=app["Id"],
        EventsRequest={"BatchItem": {"e1": {"Endpoint": {}, "Events": {"x": {"EventType": "t", "Timestamp": TS}}}}},
    )
    assert resp["EventsResponse"]["Results"]["e1"]["EventsItemResponse"]["x"]["StatusCode"] == 202
    client.delete_app(ApplicationId=app["Id"])
    with pytest.raises(client.exceptions.NotFoundException):
        put_endpoint(client, app["Id"], "e1")


def test_default_mode_is_not_strict(server_factory, client_factory, app_id):
    srv = server_factory()
    client = client_factory(server=srv)
    put_endpoint(client, app_id, "e1")
    assert client.get_app(ApplicationId=app_id)["ApplicationResponse"]["Id"] == app_id
