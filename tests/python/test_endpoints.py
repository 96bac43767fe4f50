"""UpdateEndpoint, GetEndpoint, DeleteEndpoint and UpdateEndpointsBatch through boto3.

Rules (docs/behaviour.md): #endpoint-upsert, #partial-update, #nested-merge, #endpoint-shape,
#attributes-merge, #attributes-empty-list, #metrics-merge, #location-rounding, #same-address,
#endpoint-status, #cohort-id, #creation-date, #effective-date, #request-id-field, #dates-format,
#opt-out-default, #missing-address, #missing-channel-type, #enums, #endpoint-id, #endpoint-id-case,
#path-labels, #endpoint-get, #endpoint-delete, #batch-size, #batch-all-or-nothing and
#batch-message.

Rule checks live with their rules (src/store/tests/mod.rs, ids.rs and limits.rs,
tests/hostile/endpoints.cases and the golden files under tests/golden/*Endpoint*); this file keeps
what goes through the client.
"""

import re

import pytest

from conftest import error_of, get_endpoint, put_endpoint

DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")  # docs/behaviour.md#dates-format


def test_update_endpoint_returns_accepted_message_body(client, app_id):
    resp = put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="a@example.com")
    meta = resp["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 202
    body = resp["MessageBody"]
    assert body["Message"] == "Accepted"
    # MessageBody.RequestID is the x-amzn-RequestId of the call (docs/behaviour.md#endpoint-upsert).
    assert body["RequestID"] == meta["RequestId"]
    assert body["RequestID"]


def test_get_endpoint_full_shape(client, app_id):
    put = put_endpoint(
        client,
        app_id,
        "full-1",
        ChannelType="APNS",
        Address="device-token-1",
        Attributes={"Interests": ["Technology", "Music"]},
        Demographic={"Make": "apple", "Platform": "ios", "AppVersion": "1.0"},
        Location={"City": "Seattle", "Country": "US", "Latitude": 47.61, "Longitude": -122.33},
        Metrics={"music_interest_level": 6.0},
        User={"UserId": "user-full", "UserAttributes": {"plan": ["pro"]}},
    )
    resp = client.get_endpoint(ApplicationId=app_id, EndpointId="full-1")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    ep = resp["EndpointResponse"]
    assert ep["Id"] == "full-1"
    assert ep["ApplicationId"] == app_id
    assert ep["ChannelType"] == "APNS"
    assert ep["Address"] == "device-token-1"
    assert ep["EndpointStatus"] == "ACTIVE"
    assert ep["OptOut"] == "NONE"  # docs/behaviour.md#opt-out-default: Address given, no OptOut
    assert ep["Attributes"] == {"Interests": ["Technology", "Music"]}
    assert ep["Demographic"] == {"Make": "apple", "Platform": "ios", "AppVersion": "1.0"}
    assert ep["Location"] == {
        "City": "Seattle",
        "Country": "US",
        "Latitude": 47.6,
        "Longitude": -122.3,
    }
    assert ep["Metrics"] == {"music_interest_level": 6.0}
    assert ep["User"] == {"UserId": "user-full", "UserAttributes": {"plan": ["pro"]}}
    assert isinstance(ep["CohortId"], str) and 0 <= int(ep["CohortId"]) <= 99
    assert DATE_RE.match(ep["CreationDate"]), ep["CreationDate"]
    assert DATE_RE.match(ep["EffectiveDate"]), ep["EffectiveDate"]
    # docs/behaviour.md#effective-date: without a client EffectiveDate a fresh endpoint has
    # EffectiveDate == CreationDate.
    assert ep["EffectiveDate"] == ep["CreationDate"]
    # docs/behaviour.md#request-id-field: without a client RequestId the stored RequestId is the
    # updating call's request id.
    assert ep["RequestId"] == put["MessageBody"]["RequestID"]


def test_bare_endpoint_has_empty_attributes_and_user_and_optout_all(client, app_id):
    put_endpoint(client, app_id, "bare")
    ep = get_endpoint(client, app_id, "bare")
    assert ep["Attributes"] == {}
    assert ep["User"] == {}
    assert ep["OptOut"] == "ALL"  # docs/behaviour.md#opt-out-default: no Address
    assert ep["EndpointStatus"] == "ACTIVE"
    assert "Address" not in ep and "ChannelType" not in ep
    # docs/behaviour.md#endpoint-shape: Demographic, Location and Metrics are omitted when never set.
    for member in ("Demographic", "Location", "Metrics"):
        assert member not in ep or ep[member] == {}, (member, ep)


def test_same_address_rule_is_per_app(client, app_id):
    other_app = app_id[::-1]
    put_endpoint(client, app_id, "A", ChannelType="EMAIL", Address="per-app@example.com")
    put_endpoint(client, other_app, "B", ChannelType="EMAIL", Address="per-app@example.com")
    assert get_endpoint(client, app_id, "A")["EndpointStatus"] == "ACTIVE"


def test_explicit_endpoint_status_is_applied(client, app_id):
    put_endpoint(client, app_id, "e1", EndpointStatus="INACTIVE")
    assert get_endpoint(client, app_id, "e1")["EndpointStatus"] == "INACTIVE"
    put_endpoint(client, app_id, "e1", Attributes={"k": ["v"]})
    assert get_endpoint(client, app_id, "e1")["EndpointStatus"] == "ACTIVE"


def test_client_effective_date_and_request_id_stored_as_sent(client, app_id):
    # docs/behaviour.md#effective-date, docs/behaviour.md#request-id-field.
    put_endpoint(
        client,
        app_id,
        "e1",
        EffectiveDate="2024-01-02T03:04:05.678Z",
        RequestId="client-request-1",
    )
    ep = get_endpoint(client, app_id, "e1")
    assert ep["EffectiveDate"] == "2024-01-02T03:04:05.678Z"
    assert ep["RequestId"] == "client-request-1"
    assert ep["CreationDate"] != "2024-01-02T03:04:05.678Z"
    # Any ISO-8601 form is accepted and kept verbatim.
    for effective in ("2024-01-02T03:04:05", "2024-01-02T03:04:05.123456+02:00"):
        put_endpoint(client, app_id, "e1", EffectiveDate=effective)
        assert get_endpoint(client, app_id, "e1")["EffectiveDate"] == effective


@pytest.mark.parametrize(
    "endpoint_id",
    ["us-east-1:abc/def+1", "ep/1:x y", "a,b;c=d&e@f!g*h(i)'j", "über-✓", "100%"],
)
def test_percent_encoded_endpoint_ids(client, app_id, endpoint_id):
    put_endpoint(client, app_id, endpoint_id, Attributes={"id": [endpoint_id]})
    ep = get_endpoint(client, app_id, endpoint_id)
    assert ep["Id"] == endpoint_id
    assert ep["Attributes"] == {"id": [endpoint_id]}
    deleted = client.delete_endpoint(ApplicationId=app_id, EndpointId=endpoint_id)
    assert deleted["EndpointResponse"]["Id"] == endpoint_id


def test_plus_is_not_a_space(client, app_id, server):
    put_endpoint(client, app_id, "us-east-1:abc/def+1")
    # A literal (unencoded) '+' in the path is a '+' too.
    resp = server.request("GET", f"/v1/apps/{app_id}/endpoints/us-east-1%3Aabc%2Fdef+1")
    assert resp.status == 200, resp
    assert resp.json()["Id"] == "us-east-1:abc/def+1"
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_endpoint(ApplicationId=app_id, EndpointId="us-east-1:abc/def 1")


@pytest.mark.parametrize("endpoint_id", ["a$b", "a{b", "a}b", "$"])
def test_endpoint_ids_with_forbidden_characters_are_bad_request(client, app_id, endpoint_id):
    put_endpoint(client, app_id, "valid")  # the app exists, so the id check decides (docs/behaviour.md#endpoint-id)
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        put_endpoint(client, app_id, endpoint_id, ChannelType="EMAIL", Address="x@example.com")
    code, status, message, request_id = error_of(exc)
    assert (code, status) == ("BadRequestException", 400)
    assert message and request_id
    # The same id check applies wherever the label is used (docs/behaviour.md#endpoint-id,
    # docs/behaviour.md#endpoint-get).
    with pytest.raises(client.exceptions.BadRequestException):
        client.get_endpoint(ApplicationId=app_id, EndpointId=endpoint_id)
    with pytest.raises(client.exceptions.BadRequestException):
        client.delete_endpoint(ApplicationId=app_id, EndpointId=endpoint_id)


def test_get_unknown_endpoint_in_known_app_is_not_found(client, app_id):
    put_endpoint(client, app_id, "known")
    with pytest.raises(client.exceptions.NotFoundException) as exc:
        client.get_endpoint(ApplicationId=app_id, EndpointId="unknown")
    code, status, message, request_id = error_of(exc)
    assert (code, status, message) == ("NotFoundException", 404, "Resource not found")
    assert request_id == exc.value.response["ResponseMetadata"]["RequestId"]


# ---- UpdateEndpointsBatch ------------------------------------------------------------------


def _batch_item(i, **extra):
    item = {"Id": f"batch-{i}", "ChannelType": "EMAIL", "Address": f"b{i}@example.com"}
    item.update(extra)
    return item


def test_batch_of_100_is_accepted(client, app_id):
    items = [_batch_item(i, Attributes={"n": [str(i)]}) for i in range(100)]
    resp = client.update_endpoints_batch(ApplicationId=app_id, EndpointBatchRequest={"Item": items})
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert resp["MessageBody"]["Message"] == "Accepted"
    assert resp["MessageBody"]["RequestID"] == resp["ResponseMetadata"]["RequestId"]
    for i in (0, 42, 99):
        ep = get_endpoint(client, app_id, f"batch-{i}")
        assert ep["Address"] == f"b{i}@example.com"
        assert ep["Attributes"] == {"n": [str(i)]}
        assert ep["OptOut"] == "NONE"
        assert ep["EndpointStatus"] == "ACTIVE"


def test_batch_items_merge_like_update_endpoint(client, app_id):
    put_endpoint(client, app_id, "m1", ChannelType="EMAIL", Address="m1@example.com", Attributes={"a": ["1"]})
    client.update_endpoints_batch(
        ApplicationId=app_id,
        EndpointBatchRequest={
            "Item": [
                {"Id": "M1", "Attributes": {"b": ["2"]}, "User": {"UserId": "batch-user"}},
                {"Id": "m2", "ChannelType": "EMAIL", "Address": "m1@example.com"},
            ]
        },
    )
    m1 = get_endpoint(client, app_id, "m1")
    assert m1["Id"] == "m1"
    assert m1["Attributes"] == {"a": ["1"], "b": ["2"]}
    assert m1["User"]["UserId"] == "batch-user"
    # Same-address rule applies to batch items too.
    assert m1["EndpointStatus"] == "INACTIVE"
    assert get_endpoint(client, app_id, "m2")["EndpointStatus"] == "ACTIVE"
