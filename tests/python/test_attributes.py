"""RemoveAttributes through boto3.

Rules (docs/behaviour.md): #remove-attributes-types, #remove-attributes-patterns,
#remove-attributes-effect and #remove-attributes-response.

Rule checks live with their rules (src/store/tests/limits.rs and tests/golden/RemoveAttributes);
this file keeps what goes through the client.
"""

from conftest import get_endpoint, put_endpoint


def _remove(client, app_id, attribute_type, patterns):
    return client.remove_attributes(
        ApplicationId=app_id,
        AttributeType=attribute_type,
        UpdateAttributesRequest={"Blacklist": patterns},
    )


def test_remove_custom_attributes(client, app_id):
    put_endpoint(client, app_id, "e1", Attributes={"temp_a": ["1"], "temp_b": ["2"], "keep": ["3"]})
    put_endpoint(client, app_id, "e2", Attributes={"temp_c": ["4"]})
    resp = _remove(client, app_id, "endpoint-custom-attributes", ["temp_*"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    res = resp["AttributesResource"]
    assert res["ApplicationId"] == app_id
    assert res["AttributeType"] == "endpoint-custom-attributes"
    assert sorted(res["Attributes"]) == ["temp_a", "temp_b", "temp_c"]
    # Existing values stay.
    assert get_endpoint(client, app_id, "e1")["Attributes"] == {"temp_a": ["1"], "temp_b": ["2"], "keep": ["3"]}
    # Later writes to matching names are dropped; other names are still written.
    put_endpoint(client, app_id, "e1", Attributes={"temp_a": ["new"], "temp_new": ["x"], "keep": ["new"]})
    assert get_endpoint(client, app_id, "e1")["Attributes"] == {"temp_a": ["1"], "temp_b": ["2"], "keep": ["new"]}
    put_endpoint(client, app_id, "e3", Attributes={"temp_z": ["z"], "other": ["o"]})
    assert get_endpoint(client, app_id, "e3")["Attributes"] == {"other": ["o"]}
    # Also through UpdateEndpointsBatch and PutEvents.
    client.update_endpoints_batch(
        ApplicationId=app_id, EndpointBatchRequest={"Item": [{"Id": "e4", "Attributes": {"temp_q": ["q"], "ok": ["1"]}}]}
    )
    assert get_endpoint(client, app_id, "e4")["Attributes"] == {"ok": ["1"]}
    client.put_events(
        ApplicationId=app_id,
        EventsRequest={"BatchItem": {"e5": {"Endpoint": {"Attributes": {"temp_r": ["r"], "ok": ["2"]}}, "Events": {}}}},
    )
    assert get_endpoint(client, app_id, "e5")["Attributes"] == {"ok": ["2"]}


def test_remove_metric_attributes(client, app_id):
    put_endpoint(client, app_id, "e1", Metrics={"score": 1.0, "level": 2.0}, Attributes={"score": ["custom"]})
    res = _remove(client, app_id, "endpoint-metric-attributes", ["score"])["AttributesResource"]
    assert res["AttributeType"] == "endpoint-metric-attributes"
    assert res["Attributes"] == ["score"]
    put_endpoint(client, app_id, "e1", Metrics={"score": 9.0, "level": 3.0}, Attributes={"score": ["custom2"]})
    ep = get_endpoint(client, app_id, "e1")
    assert ep["Metrics"] == {"score": 1.0, "level": 3.0}
    # Only the metric type was removed: the custom attribute of the same name is still written.
    assert ep["Attributes"] == {"score": ["custom2"]}


def test_remove_user_attributes(client, app_id):
    put_endpoint(client, app_id, "e1", User={"UserId": "u", "UserAttributes": {"first": ["Ana"], "last": ["Lee"]}})
    res = _remove(client, app_id, "endpoint-user-attributes", ["f?rst"])["AttributesResource"]
    assert res["AttributeType"] == "endpoint-user-attributes"
    assert res["Attributes"] == ["first"]
    put_endpoint(client, app_id, "e1", User={"UserAttributes": {"first": ["Bo"], "last": ["Kim"]}})
    assert get_endpoint(client, app_id, "e1")["User"]["UserAttributes"] == {"first": ["Ana"], "last": ["Kim"]}


def test_remove_with_no_match_lists_nothing(client, app_id):
    put_endpoint(client, app_id, "e1", Attributes={"a": ["1"]})
    res = _remove(client, app_id, "endpoint-custom-attributes", ["zzz*"])["AttributesResource"]
    assert res.get("Attributes", []) == []
    assert res["ApplicationId"] == app_id


def test_exact_names_only_match_exactly(client, app_id):
    put_endpoint(client, app_id, "e1", Attributes={"color": ["red"], "colors": ["many"]})
    res = _remove(client, app_id, "endpoint-custom-attributes", ["color"])["AttributesResource"]
    assert res["Attributes"] == ["color"]
    put_endpoint(client, app_id, "e1", Attributes={"color": ["blue"], "colors": ["few"]})
    assert get_endpoint(client, app_id, "e1")["Attributes"] == {"color": ["red"], "colors": ["few"]}

