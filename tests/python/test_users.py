"""GetUserEndpoints, DeleteUserEndpoints, user attributes and the 15-endpoints-per-user rule.

Rules (docs/behaviour.md): #users-get, #users-delete, #users-not-found, #not-found-text, #path-labels,
#user-link, #user-unlink, #user-attributes (shared UserAttributes), and #per-user-limit,
#per-user-refused, #per-user-eviction (15 endpoints per user).

Rule checks live with their rules (src/store/tests/mod.rs, users.rs and limits.rs (the 16th
endpoint) and tests/golden/*UserEndpoints); this file keeps what goes through the client.
"""

import pytest

from conftest import error_of, get_endpoint, put_endpoint

PUSH_EVICTABLE = ["ADM", "GCM", "APNS", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU"]


def _ids(items):
    return sorted(ep["Id"] for ep in items)


def test_get_user_endpoints_lists_the_users_endpoints(client, app_id):
    put_endpoint(client, app_id, "u1-email", ChannelType="EMAIL", Address="u1@example.com", User={"UserId": "u1"})
    put_endpoint(client, app_id, "u1-sms", ChannelType="SMS", Address="+15550001", User={"UserId": "u1"})
    put_endpoint(client, app_id, "u2-email", ChannelType="EMAIL", Address="u2@example.com", User={"UserId": "u2"})
    put_endpoint(client, app_id, "nobody")
    resp = client.get_user_endpoints(ApplicationId=app_id, UserId="u1")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    items = resp["EndpointsResponse"]["Item"]
    assert _ids(items) == ["u1-email", "u1-sms"]
    for ep in items:
        assert ep["User"]["UserId"] == "u1"
        assert ep["ApplicationId"] == app_id
        assert ep == get_endpoint(client, app_id, ep["Id"])


def test_user_ids_are_matched_exactly(client, app_id):
    put_endpoint(client, app_id, "e1", User={"UserId": "Ana"})
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_user_endpoints(ApplicationId=app_id, UserId="ana")


def test_unknown_user_is_not_found(client, app_id):
    put_endpoint(client, app_id, "e1", User={"UserId": "someone"})
    with pytest.raises(client.exceptions.NotFoundException) as exc:
        client.get_user_endpoints(ApplicationId=app_id, UserId="nobody")
    code, status, message, request_id = error_of(exc)
    assert (code, status, message) == ("NotFoundException", 404, "Resource not found")
    assert request_id == exc.value.response["ResponseMetadata"]["RequestId"]
    with pytest.raises(client.exceptions.NotFoundException) as exc:
        client.delete_user_endpoints(ApplicationId=app_id, UserId="nobody")
    assert error_of(exc)[2] == "Resource not found"


@pytest.mark.parametrize("user_id", ["us-east-1:abc/def+1", "user with spaces", "a@b.c#d?e"])
def test_percent_encoded_user_ids(client, app_id, user_id):
    put_endpoint(client, app_id, "e1", User={"UserId": user_id})
    items = client.get_user_endpoints(ApplicationId=app_id, UserId=user_id)["EndpointsResponse"]["Item"]
    assert _ids(items) == ["e1"]
    assert items[0]["User"]["UserId"] == user_id
    if "+" in user_id:
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_user_endpoints(ApplicationId=app_id, UserId=user_id.replace("+", " "))
    deleted = client.delete_user_endpoints(ApplicationId=app_id, UserId=user_id)
    assert _ids(deleted["EndpointsResponse"]["Item"]) == ["e1"]


def test_changing_user_id_moves_the_endpoint(client, app_id):
    put_endpoint(client, app_id, "mv", User={"UserId": "before"})
    put_endpoint(client, app_id, "mv", User={"UserId": "after"})
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_user_endpoints(ApplicationId=app_id, UserId="before")
    items = client.get_user_endpoints(ApplicationId=app_id, UserId="after")["EndpointsResponse"]["Item"]
    assert _ids(items) == ["mv"]


# ---- 15 endpoints per user (docs/behaviour.md#per-user-limit) --------------------------------


def _fill_user(client, app_id, user_id, channels):
    """Creates len(channels) endpoints for user_id; the i-th gets EffectiveDate in year 2000+i."""
    items = [
        {
            "Id": f"{user_id}-{i:02d}",
            "ChannelType": ch,
            "Address": f"{user_id}-{i}-address",
            "EffectiveDate": f"{2000 + i}-01-01T00:00:00.000Z",
            "User": {"UserId": user_id},
        }
        for i, ch in enumerate(channels)
    ]
    client.update_endpoints_batch(ApplicationId=app_id, EndpointBatchRequest={"Item": items})
    got = client.get_user_endpoints(ApplicationId=app_id, UserId=user_id)["EndpointsResponse"]["Item"]
    assert len(got) == len(channels)
    return [item["Id"] for item in items]


@pytest.mark.parametrize("channel", PUSH_EVICTABLE)
def test_sixteenth_push_endpoint_of_each_evicting_type(client, app_id, channel):
    ids = _fill_user(client, app_id, "p", ["APNS"] + ["SMS"] * 14)
    put_endpoint(client, app_id, "p-new", ChannelType=channel, Address="p-new-token", User={"UserId": "p"})
    assert get_endpoint(client, app_id, ids[0])["EndpointStatus"] == "INACTIVE"
    items = client.get_user_endpoints(ApplicationId=app_id, UserId="p")["EndpointsResponse"]["Item"]
    assert len(items) == 15 and "p-new" in _ids(items)


def test_unlinking_frees_a_slot(client, app_id):
    ids = _fill_user(client, app_id, "slot", ["EMAIL"] * 15)
    put_endpoint(client, app_id, ids[0], User={"UserId": ""})
    put_endpoint(client, app_id, "slot-16", ChannelType="EMAIL", Address="slot16@example.com", User={"UserId": "slot"})
    items = client.get_user_endpoints(ApplicationId=app_id, UserId="slot")["EndpointsResponse"]["Item"]
    assert len(items) == 15


def test_deleted_endpoint_leaves_the_user_listing(client, app_id):
    put_endpoint(client, app_id, "l1", User={"UserId": "lister"})
    put_endpoint(client, app_id, "l2", User={"UserId": "lister"})
    client.delete_endpoint(ApplicationId=app_id, EndpointId="L1")
    items = client.get_user_endpoints(ApplicationId=app_id, UserId="lister")["EndpointsResponse"]["Item"]
    assert _ids(items) == ["l2"]
