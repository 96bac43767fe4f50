"""Endpoint and event quotas.

Rules (docs/behaviour.md): #quota-attribute-sizes, #quota-names-per-app, #quota-endpoint-size,
#quota-messages, #remove-attributes-effect, #batch-all-or-nothing, #batch-message,
#per-user-message, #events-key-count, #events-key-length, #events-value-length, and
#same-address (the --dedup-by-channel switch).

Quota errors are 400s whose message names the limit, the value and the offending key
(docs/behaviour.md#quota-messages).

Rule checks live with their rules (src/store/tests/limits.rs and events.rs,
tests/golden/UpdateEndpointsBatch/per-user-limit.http and PutEvents); this file keeps what goes
through the client.
"""

import pytest

from conftest import error_of, get_endpoint, put_endpoint

TS = "2026-11-23T10:00:00.000Z"


def _bad(client, excinfo_call):
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        excinfo_call()
    code, status, message, request_id = error_of(exc)
    assert (code, status) == ("BadRequestException", 400)
    assert request_id
    return message


def test_attribute_name_longer_than_50(client, app_id):
    put_endpoint(client, app_id, "e1", Attributes={"n" * 50: ["ok"]})
    key = "k" * 51
    message = _bad(client, lambda: put_endpoint(client, app_id, "e1", Attributes={key: ["v"]}))
    assert key in message and "50" in message, message
    assert set(get_endpoint(client, app_id, "e1")["Attributes"]) == {"n" * 50}


def test_attribute_value_longer_than_100(client, app_id):
    put_endpoint(client, app_id, "e1", Attributes={"v": ["x" * 100]})
    message = _bad(client, lambda: put_endpoint(client, app_id, "e1", Attributes={"longvalue": ["x" * 101]}))
    assert "longvalue" in message and "100" in message, message
    message = _bad(
        client, lambda: put_endpoint(client, app_id, "e1", User={"UserAttributes": {"ulong": ["y" * 101]}})
    )
    assert "ulong" in message and "100" in message, message


def test_more_than_50_values_per_attribute(client, app_id):
    put_endpoint(client, app_id, "e1", Attributes={"many": [str(i) for i in range(50)]})
    message = _bad(
        client, lambda: put_endpoint(client, app_id, "e1", Attributes={"toomany": [str(i) for i in range(51)]})
    )
    assert "toomany" in message and "50" in message, message


def test_250_distinct_attribute_names_per_app(client, app_id):
    # Attributes, Metrics and UserAttributes share the 250 names of an app.
    put_endpoint(client, app_id, "a", Attributes={f"attr{i}": ["v"] for i in range(100)})
    put_endpoint(client, app_id, "b", Metrics={f"metric{i}": 1.0 for i in range(100)})
    put_endpoint(client, app_id, "c", User={"UserId": "u", "UserAttributes": {f"user{i}": ["v"] for i in range(50)}})
    # Re-using known names is fine.
    put_endpoint(client, app_id, "d", Attributes={"attr0": ["again"]}, Metrics={"metric0": 2.0})
    message = _bad(client, lambda: put_endpoint(client, app_id, "e", Attributes={"one-more": ["v"]}))
    assert "250" in message and "251" in message, message
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_endpoint(ApplicationId=app_id, EndpointId="e")
    # RemoveAttributes frees the slots of the removed names.
    client.remove_attributes(
        ApplicationId=app_id, AttributeType="endpoint-custom-attributes", UpdateAttributesRequest={"Blacklist": ["attr1"]}
    )
    put_endpoint(client, app_id, "e", Attributes={"one-more": ["v"]})
    assert get_endpoint(client, app_id, "e")["Attributes"] == {"one-more": ["v"]}


def test_endpoint_larger_than_15_kb_after_merge(client, app_id):
    # 10 attributes of 50 values x 100 chars each is ~50 KB: far over 15 KB.
    put_endpoint(client, app_id, "big", Attributes={f"a{i}": ["x" * 100] * 10 for i in range(5)})  # ~5 KB
    message = _bad(
        client,
        lambda: put_endpoint(client, app_id, "big", Attributes={f"b{i}": ["y" * 100] * 10 for i in range(12)}),
    )
    assert message
    assert set(get_endpoint(client, app_id, "big")["Attributes"]) == {f"a{i}" for i in range(5)}


def test_event_attribute_key_and_value_lengths(client, app_id):
    events = {
        "key50": {"EventType": "t", "Timestamp": TS, "Attributes": {"k" * 50: "v"}},
        "key51": {"EventType": "t", "Timestamp": TS, "Attributes": {"k" * 51: "v"}},
        "value200": {"EventType": "t", "Timestamp": TS, "Attributes": {"k": "v" * 200}},
        "value201": {"EventType": "t", "Timestamp": TS, "Attributes": {"k": "v" * 201}},
        "metric51": {"EventType": "t", "Timestamp": TS, "Metrics": {"m" * 51: 1.0}},
    }
    resp = client.put_events(
        ApplicationId=app_id, EventsRequest={"BatchItem": {"e": {"Endpoint": {}, "Events": events}}}
    )
    results = resp["EventsResponse"]["Results"]["e"]["EventsItemResponse"]
    assert results["key50"]["StatusCode"] == 202
    assert results["value200"]["StatusCode"] == 202
    for bad in ("key51", "value201", "metric51"):
        assert results[bad]["StatusCode"] == 400, (bad, results[bad])
    assert "50" in results["key51"]["Message"]
    assert "200" in results["value201"]["Message"]

