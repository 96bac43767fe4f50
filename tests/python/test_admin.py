"""Emulator routes under /_pinpoint/ and the --max-events, --events-file, --state-file and
--fixtures flags.

Tests that clear or replace global state use a private server (server_factory).
"""

import json
import os
import subprocess
import time

import pytest

from conftest import BIN, get_endpoint, iso_now_ms, put_endpoint

TS = "2026-11-23T10:00:00.000Z"


def _events_body(batch):
    return {"BatchItem": batch}


def _send(client, app_id, batch):
    return client.put_events(ApplicationId=app_id, EventsRequest=_events_body(batch))


def test_health(server):
    resp = server.request("GET", "/_pinpoint/health")
    assert resp.status == 200
    assert resp.header("Content-Type").startswith("application/json")
    body = resp.json()
    assert body["status"] == "ok"
    assert isinstance(body["version"], str) and body["version"]


def test_events_log_and_filters(client, app_id, server):
    put_endpoint(client, app_id, "phone", User={"UserId": "ana"})
    _send(
        client,
        app_id,
        {
            "Phone": {
                "Endpoint": {},
                "Events": {
                    "p1": {"EventType": "_session.start", "Timestamp": TS},
                    "p2": {"EventType": "click", "Timestamp": TS, "Attributes": {"b": "1"}},
                },
            },
            "tablet": {"Endpoint": {}, "Events": {"t1": {"EventType": "click", "Timestamp": TS}}},
        },
    )
    time.sleep(0.05)
    middle = iso_now_ms()
    time.sleep(0.05)
    _send(client, app_id, {"tablet": {"Endpoint": {}, "Events": {"t2": {"EventType": "_session.stop", "Timestamp": TS}}}})

    everything = server.events(application_id=app_id)
    assert everything["Dropped"] == 0
    events = everything["Events"]
    # Arrival order: the first request's events (in any order within it) then the second's.
    assert {e["EventId"] for e in events[:3]} == {"p1", "p2", "t1"}
    assert events[3]["EventId"] == "t2"
    for e in events:
        assert e["ApplicationId"] == app_id
        assert e["AccountId"] == "000000000000" and e["Region"] == "us-east-1"
        assert set(e) >= {"AccountId", "Region", "ApplicationId", "EndpointId", "EventId", "ReceivedAt", "Event"}
    by_id = {e["EventId"]: e for e in events}
    assert by_id["p2"]["Event"] == {"EventType": "click", "Timestamp": TS, "Attributes": {"b": "1"}}
    assert by_id["p1"]["UserId"] == "ana"
    assert by_id["t1"].get("UserId") is None
    received = [e["ReceivedAt"] for e in events]
    assert received == sorted(received)

    def ids(**filters):
        return sorted(e["EventId"] for e in server.events(application_id=app_id, **filters)["Events"])

    assert ids(endpoint_id="phone") == ["p1", "p2"]  # case-insensitive endpoint id
    assert ids(endpoint_id="PHONE") == ["p1", "p2"]
    assert ids(endpoint_id="tablet") == ["t1", "t2"]
    assert ids(event_type="click") == ["p2", "t1"]
    assert ids(user_id="ana") == ["p1", "p2"]
    assert ids(user_id="nobody") == []
    assert ids(since=middle) == ["t2"]
    assert ids(event_type="click", endpoint_id="tablet") == ["t1"]
    assert len(server.events(application_id=app_id, limit=2)["Events"]) == 2
    other_app = server.events(application_id=app_id[::-1])
    assert other_app["Events"] == []


def test_events_route_bad_parameters(server):
    for query in ("since=not-a-date", "limit=-1", "limit=many"):
        resp = server.request("GET", f"/_pinpoint/events?{query}")
        assert resp.status == 400, (query, resp)
        assert resp.json()["Message"]


def test_rejected_events_are_not_recorded(client, app_id, server):
    _send(
        client,
        app_id,
        {
            "e": {
                "Endpoint": {},
                "Events": {
                    "good": {"EventType": "ok", "Timestamp": TS},
                    "bad": {"EventType": "bad", "Timestamp": TS, "Attributes": {f"a{i}": "v" for i in range(41)}},
                },
            }
        },
    )
    assert [e["EventId"] for e in server.events(application_id=app_id)["Events"]] == ["good"]


def test_clear_events_of_one_app(client, app_id, server):
    other = app_id[::-1]
    for app in (app_id, other):
        _send(client, app, {"e": {"Endpoint": {}, "Events": {"x": {"EventType": "t", "Timestamp": TS}}}})
    resp = server.request("DELETE", f"/_pinpoint/events?application-id={app_id}")
    assert 200 <= resp.status < 300, resp
    assert server.events(application_id=app_id)["Events"] == []
    assert len(server.events(application_id=other)["Events"]) == 1
    # Endpoints are not touched by clearing events.
    assert get_endpoint(client, app_id, "e")["Id"] == "e"


def test_clear_all_events(server_factory, client_factory, app_id):
    srv = server_factory()
    client = client_factory(server=srv)
    for app in (app_id, app_id[::-1]):
        _send(client, app, {"e": {"Endpoint": {}, "Events": {"x": {"EventType": "t", "Timestamp": TS}}}})
    assert len(srv.events()["Events"]) == 2
    resp = srv.request("DELETE", "/_pinpoint/events")
    assert 200 <= resp.status < 300, resp
    assert srv.events()["Events"] == []


def test_max_events_ring(server_factory, client_factory, app_id):
    srv = server_factory("--max-events", "3")
    client = client_factory(server=srv)
    for i in range(5):
        _send(client, app_id, {"e": {"Endpoint": {}, "Events": {f"ev{i}": {"EventType": "t", "Timestamp": TS}}}})
    log = srv.events()
    assert [e["EventId"] for e in log["Events"]] == ["ev2", "ev3", "ev4"]
    assert log["Dropped"] == 2


def test_events_file(server_factory, client_factory, app_id, tmp_path):
    path = tmp_path / "events.ndjson"
    srv = server_factory("--events-file", str(path))
    client = client_factory(server=srv)
    _send(
        client,
        app_id,
        {
            "e": {
                "Endpoint": {},
                "Events": {
                    "a": {"EventType": "one", "Timestamp": TS},
                    "b": {"EventType": "two", "Timestamp": TS, "Attributes": {f"k{i}": "v" for i in range(41)}},
                },
            }
        },
    )
    _send(client, app_id, {"e": {"Endpoint": {}, "Events": {"c": {"EventType": "three", "Timestamp": TS}}}})
    # A writer thread appends off the request path, within 100 ms of taking the events
    # (README, "Emulator routes"): wait for both lines rather than race it.
    deadline = time.monotonic() + 5
    while True:
        lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        if len(lines) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert [rec["EventId"] for rec in lines] == ["a", "c"]
    assert lines[0]["Event"] == {"EventType": "one", "Timestamp": TS}
    assert lines[0]["ApplicationId"] == app_id


def test_state_reset(server_factory, client_factory, app_id):
    srv = server_factory()
    client = client_factory(server=srv)
    put_endpoint(client, app_id, "e1", User={"UserId": "u"})
    created = client.create_app(CreateApplicationRequest={"Name": "x"})["ApplicationResponse"]
    _send(client, app_id, {"e1": {"Endpoint": {}, "Events": {"x": {"EventType": "t", "Timestamp": TS}}}})
    resp = srv.request("DELETE", "/_pinpoint/state")
    assert 200 <= resp.status < 300, resp
    for call in (
        lambda: client.get_app(ApplicationId=app_id),
        lambda: client.get_app(ApplicationId=created["Id"]),
        lambda: client.get_endpoint(ApplicationId=app_id, EndpointId="e1"),
    ):
        with pytest.raises(client.exceptions.NotFoundException):
            call()
    assert client.get_apps()["ApplicationsResponse"]["Item"] == []
    assert srv.events()["Events"] == []


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


def test_invalid_state_document_changes_nothing(server_factory, client_factory, app_id):
    srv = server_factory()
    client = client_factory(server=srv)
    put_endpoint(client, app_id, "e1")
    for doc in (b"{not json", {"Apps": "not-a-list"}, [1, 2, 3]):
        resp = srv.request("PUT", "/_pinpoint/state", doc)
        assert resp.status == 400, (doc, resp)
        assert resp.header("x-amzn-ErrorType") == "BadRequestException"
        assert resp.json()["Message"]
    assert get_endpoint(client, app_id, "e1")["Id"] == "e1"


def test_state_file_survives_restart(server_factory, client_factory, app_id, tmp_path):
    path = tmp_path / "state.json"
    first = server_factory("--state-file", str(path))
    client = client_factory(server=first)
    put_endpoint(client, app_id, "persisted", ChannelType="EMAIL", Address="p@example.com", User={"UserId": "u"})
    before = get_endpoint(client, app_id, "persisted")
    assert first.stop() == 0
    assert path.exists()
    second = server_factory("--state-file", str(path))
    client2 = client_factory(server=second)
    assert get_endpoint(client2, app_id, "persisted") == before


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


def test_unreadable_state_file_stops_the_start(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("{ this is not json")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINPOINT_LOCAL_")}
    proc = subprocess.run(
        [BIN, "--port", "0", "--state-file", str(path)], env=env, capture_output=True, text=True, timeout=20
    )
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert str(path) in proc.stderr
    assert path.read_text() == "{ this is not json"
