"""Rules where the emulator once differed from the service, through boto3.

Rules (docs/behaviour.md): #user-attributes, #dates-accepted, #events-key-count, #events-size,
#batch-message, #empty-label, #request-id.
"""

import pytest

from conftest import error_of, get_endpoint, put_endpoint


def _user_attributes(client, app_id, endpoint_id):
    return get_endpoint(client, app_id, endpoint_id)["User"].get("UserAttributes", {})


def test_user_attributes_belong_to_the_user(client, app_id):
    # In one batch: the first endpoint sets the user's attributes, the second only joins.
    client.update_endpoints_batch(
        ApplicationId=app_id,
        EndpointBatchRequest={
            "Item": [
                {
                    "Id": "ana-mail",
                    "ChannelType": "EMAIL",
                    "Address": "ana@example.com",
                    "User": {"UserId": "ana", "UserAttributes": {"tier": ["gold"]}},
                },
                {"Id": "ana-sms", "ChannelType": "SMS", "Address": "+15550100", "User": {"UserId": "ana"}},
            ]
        },
    )
    assert _user_attributes(client, app_id, "ana-sms") == {"tier": ["gold"]}
    # A later endpoint sees the set too, and a change through any endpoint shows on all.
    put_endpoint(client, app_id, "ana-push", ChannelType="GCM", Address="tok", User={"UserId": "ana"})
    put_endpoint(client, app_id, "ana-sms", User={"UserAttributes": {"tier": [], "city": ["Oslo"]}})
    for endpoint_id in ["ana-mail", "ana-sms", "ana-push"]:
        assert _user_attributes(client, app_id, endpoint_id) == {"city": ["Oslo"]}, endpoint_id
    # An endpoint that moves to another user shows that user's set; without a user, none.
    put_endpoint(client, app_id, "bob-mail", ChannelType="EMAIL", Address="bob@example.com",
                 User={"UserId": "bob", "UserAttributes": {"tier": ["silver"]}})
    put_endpoint(client, app_id, "ana-push", User={"UserId": "bob"})
    assert _user_attributes(client, app_id, "ana-push") == {"tier": ["silver"]}
    put_endpoint(client, app_id, "ana-push", User={"UserId": ""})
    assert _user_attributes(client, app_id, "ana-push") == {}
    assert _user_attributes(client, app_id, "ana-mail") == {"city": ["Oslo"]}


def test_dates_with_minutes_only_are_iso_8601(server, client, app_id):
    put_endpoint(client, app_id, "e1", EffectiveDate="2026-01-01T02:00+02:00")
    assert get_endpoint(client, app_id, "e1")["EffectiveDate"] == "2026-01-01T02:00+02:00"
    resp = client.put_events(
        ApplicationId=app_id,
        EventsRequest={
            "BatchItem": {
                "e1": {
                    "Endpoint": {},
                    "Events": {
                        "z": {"EventType": "t", "Timestamp": "2026-01-01T00:00Z"},
                        "offset": {"EventType": "t", "Timestamp": "2026-01-01T02:00+02:00"},
                    },
                }
            }
        },
    )
    items = resp["EventsResponse"]["Results"]["e1"]["EventsItemResponse"]
    assert {k: v["StatusCode"] for k, v in items.items()} == {"z": 202, "offset": 202}
    assert len(server.events(application_id=app_id)["Events"]) == 2


def test_forty_keys_together_and_1000_kb_per_event(client, app_id):
    ts = "2026-01-01T00:00:00Z"
    events = {
        "keys": {
            "EventType": "t",
            "Timestamp": ts,
            "Attributes": {f"a{i}": "v" for i in range(25)},
            "Metrics": {f"m{i}": 1.0 for i in range(25)},
        },
        "big": {"EventType": "t", "Timestamp": ts, "AppTitle": "x" * 1_100_000},
        "fine": {"EventType": "t", "Timestamp": ts, "Attributes": {f"a{i}": "v" for i in range(40)}},
    }
    resp = client.put_events(
        ApplicationId=app_id, EventsRequest={"BatchItem": {"e1": {"Endpoint": {}, "Events": events}}}
    )
    items = resp["EventsResponse"]["Results"]["e1"]["EventsItemResponse"]
    assert items["keys"]["StatusCode"] == 400
    assert items["keys"]["Message"].startswith("Number of attributes per event submitted should be less than 40.")
    assert items["big"]["StatusCode"] == 400 and "1000 KB" in items["big"]["Message"]
    assert items["fine"]["StatusCode"] == 202


def test_an_empty_endpoint_id_is_a_bad_request_naming_the_label(client, app_id):
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        put_endpoint(client, app_id, "", ChannelType="EMAIL", Address="a@example.com")
    code, status, message, request_id = error_of(exc)
    assert (code, status) == ("BadRequestException", 400)
    assert "endpoint-id" in message and request_id


def test_every_response_carries_a_request_id_preflights_included(server, app_id):
    resp = server.request(
        "OPTIONS",
        f"/v1/apps/{app_id}/endpoints/e1",
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "PUT"},
    )
    assert resp.status == 200
    assert resp.header("x-amzn-RequestId")
    assert server.request("GET", "/_pinpoint/health").header("x-amzn-RequestId")
