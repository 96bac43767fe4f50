"""PutEvents through boto3 (and raw HTTP where boto3 validates client-side).

Rules (docs/behaviour.md): #events-request, #events-endpoint-upsert, #events-empty-endpoint
(Endpoint {}), #events-results (per-item results), #events-endpoint-failure, #events-validation,
#events-key-count, #dates-accepted, #events-whole-request (100 events per request) and
#events-recorded.

Rule checks live with their rules (src/store/tests/events.rs, tests/hostile/events.cases and
tests/golden/PutEvents); this file keeps what goes through the client.
"""

import json

import pytest

from conftest import get_endpoint, iso_now_ms, put_endpoint

TS = "2026-11-23T10:00:00.000Z"
ACCEPTED = {"StatusCode": 202, "Message": "Accepted"}


def _event(event_type="_session.start", **extra):
    event = {"EventType": event_type, "Timestamp": TS}
    event.update(extra)
    return event


def _put(client, app_id, batch_item):
    return client.put_events(ApplicationId=app_id, EventsRequest={"BatchItem": batch_item})


def test_put_events_results_keyed_exactly_as_sent(client, app_id):
    resp = _put(
        client,
        app_id,
        {
            "EndPoint-AbC": {
                "Endpoint": {},
                "Events": {
                    "Ev-UPPER-1": _event(Session={"Id": "s-1", "StartTimestamp": TS}),
                    "ev-lower-2": _event("custom.click", Attributes={"button": "buy"}, Metrics={"n": 2.0}),
                },
            },
            "second-endpoint": {"Endpoint": {}, "Events": {"x": _event("other")}},
        },
    )
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    results = resp["EventsResponse"]["Results"]
    assert set(results) == {"EndPoint-AbC", "second-endpoint"}
    assert results["EndPoint-AbC"] == {
        "EndpointItemResponse": ACCEPTED,
        "EventsItemResponse": {"Ev-UPPER-1": ACCEPTED, "ev-lower-2": ACCEPTED},
    }
    assert results["second-endpoint"] == {
        "EndpointItemResponse": ACCEPTED,
        "EventsItemResponse": {"x": ACCEPTED},
    }


def test_empty_events_map_gives_empty_events_item_response(client, app_id):
    resp = _put(client, app_id, {"e1": {"Endpoint": {"Attributes": {"a": ["b"]}}, "Events": {}}})
    assert resp["EventsResponse"]["Results"]["e1"]["EndpointItemResponse"] == ACCEPTED
    assert resp["EventsResponse"]["Results"]["e1"].get("EventsItemResponse", {}) == {}
    assert get_endpoint(client, app_id, "e1")["Attributes"] == {"a": ["b"]}


def test_endpoint_data_in_put_events_is_upserted(client, app_id):
    put_endpoint(client, app_id, "dev", Attributes={"a": ["1"]})
    resp = _put(
        client,
        app_id,
        {
            "dev": {
                "Endpoint": {
                    "ChannelType": "GCM",
                    "Address": "gcm-token",
                    "Attributes": {"b": ["2"]},
                    "Location": {"Latitude": 47.61},
                    "User": {"UserId": "events-user"},
                },
                "Events": {"e": _event()},
            }
        },
    )
    assert resp["EventsResponse"]["Results"]["dev"]["EndpointItemResponse"] == ACCEPTED
    ep = get_endpoint(client, app_id, "dev")
    assert ep["Attributes"] == {"a": ["1"], "b": ["2"]}
    assert ep["Address"] == "gcm-token"
    assert ep["Location"]["Latitude"] == 47.6
    assert ep["User"]["UserId"] == "events-user"
    assert ep["OptOut"] == "ALL"  # set at creation without an Address, kept (docs/behaviour.md#opt-out-default)


@pytest.mark.parametrize(
    "timestamp",
    ["2026-11-23T10:00:00Z", "2026-11-23T10:00:00.123456", "2026-11-23T10:00:00+02:00", "1999-01-01T00:00:00.000Z"],
)
def test_iso_timestamps_are_accepted(client, app_id, timestamp):
    resp = _put(client, app_id, {"t": {"Endpoint": {}, "Events": {"e": {"EventType": "t", "Timestamp": timestamp}}}})
    assert resp["EventsResponse"]["Results"]["t"]["EventsItemResponse"]["e"] == ACCEPTED


def test_missing_event_type_or_timestamp_raw_http(server, app_id):
    # boto3 refuses these client-side, so send them raw (unsigned: default region and account).
    body = {
        "BatchItem": {
            "raw": {
                "Endpoint": {},
                "Events": {
                    "no-type": {"Timestamp": TS},
                    "no-ts": {"EventType": "x"},
                    "empty-type": {"EventType": "", "Timestamp": TS},
                    "bad-session": {"EventType": "x", "Timestamp": TS, "Session": {"Id": "s"}},
                    "good": {"EventType": "x", "Timestamp": TS},
                },
            }
        }
    }
    resp = server.request("POST", f"/v1/apps/{app_id}/events", body)
    assert resp.status == 202, resp
    events = resp.json()["Results"]["raw"]["EventsItemResponse"]
    for bad in ("no-type", "no-ts", "empty-type", "bad-session"):
        assert events[bad]["StatusCode"] == 400, (bad, events[bad])
    assert events["good"] == ACCEPTED


def test_exactly_100_events_is_accepted(client, app_id, server):
    batch = {
        "a": {"Endpoint": {}, "Events": {f"a{i}": _event() for i in range(50)}},
        "b": {"Endpoint": {}, "Events": {f"b{i}": _event() for i in range(50)}},
    }
    resp = _put(client, app_id, batch)
    results = resp["EventsResponse"]["Results"]
    assert all(v == ACCEPTED for v in results["a"]["EventsItemResponse"].values())
    assert len(results["b"]["EventsItemResponse"]) == 50
    assert len(server.events(application_id=app_id)["Events"]) == 100


def test_recorded_event_is_the_event_as_sent(client, app_id, server):
    event = {
        "EventType": "_monetization.purchase",
        "Timestamp": "2026-11-23T10:00:00.123456",
        "AppPackageName": "com.example",
        "AppTitle": "Example",
        "AppVersionCode": "7",
        "ClientSdkVersion": "1.2.3",
        "SdkName": "boto3-test",
        "Attributes": {"_currency": "USD", "_product_id": "p1"},
        "Metrics": {"_quantity": 2.0, "_item_price": 9.5},
        "Session": {
            "Id": "sess-1",
            "StartTimestamp": "2026-11-23T09:59:00.000Z",
            "StopTimestamp": "2026-11-23T10:01:00.000Z",
            "Duration": 120000,
        },
    }
    put_endpoint(client, app_id, "buyer", User={"UserId": "buyer-user"})
    before = iso_now_ms()
    _put(client, app_id, {"Buyer": {"Endpoint": {}, "Events": {"Purchase-1": event}}})
    recorded = server.events(application_id=app_id)["Events"]
    assert len(recorded) == 1
    rec = recorded[0]
    assert rec["Event"] == event
    assert rec["ApplicationId"] == app_id
    assert rec["EndpointId"] in ("Buyer", "buyer")
    assert rec["EventId"] == "Purchase-1"
    assert rec["UserId"] == "buyer-user"
    assert rec["AccountId"] == "000000000000"
    assert rec["Region"] == "us-east-1"
    assert rec["ReceivedAt"] >= before[:19]
    json.dumps(rec)  # plain JSON

