"""GetUserEndpoints, DeleteUserEndpoints, user attributes and the 15-endpoints-per-user rule.

Rules (docs/behaviour.md): #users-get, #users-delete, #users-not-found, #not-found-text, #path-labels,
#user-link, #user-unlink, #user-attributes (shared UserAttributes), and #per-user-limit,
#per-user-refused, #per-user-eviction (15 endpoints per user).
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


def test_delete_user_endpoints_returns_and_removes_them(client, app_id):
    put_endpoint(client, app_id, "d1", ChannelType="EMAIL", Address="d1@example.com", User={"UserId": "del"})
    put_endpoint(client, app_id, "d2", User={"UserId": "del"})
    put_endpoint(client, app_id, "keep", User={"UserId": "stay"})
    before = {ep["Id"]: ep for ep in client.get_user_endpoints(ApplicationId=app_id, UserId="del")["EndpointsResponse"]["Item"]}
    resp = client.delete_user_endpoints(ApplicationId=app_id, UserId="del")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    deleted = {ep["Id"]: ep for ep in resp["EndpointsResponse"]["Item"]}
    assert deleted == before
    for endpoint_id in ("d1", "d2"):
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_endpoint(ApplicationId=app_id, EndpointId=endpoint_id)
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_user_endpoints(ApplicationId=app_id, UserId="del")
    assert get_endpoint(client, app_id, "keep")["User"]["UserId"] == "stay"


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


def test_user_attributes_are_shared_across_the_users_endpoints(client, app_id):
    put_endpoint(client, app_id, "s1", User={"UserId": "shared"})
    put_endpoint(client, app_id, "s2", User={"UserId": "shared"})
    put_endpoint(client, app_id, "other", User={"UserId": "not-shared"})
    put_endpoint(client, app_id, "s1", User={"UserAttributes": {"tier": ["gold"]}})
    assert get_endpoint(client, app_id, "s2")["User"] == {
        "UserId": "shared",
        "UserAttributes": {"tier": ["gold"]},
    }
    put_endpoint(client, app_id, "s2", User={"UserId": "shared", "UserAttributes": {"plan": ["pro"]}})
    for endpoint_id in ("s1", "s2"):
        assert get_endpoint(client, app_id, endpoint_id)["User"]["UserAttributes"] == {
            "tier": ["gold"],
            "plan": ["pro"],
        }
    # [] removes a user attribute key on every endpoint of the user (docs/behaviour.md#user-attributes).
    put_endpoint(client, app_id, "s1", User={"UserAttributes": {"tier": []}})
    for endpoint_id in ("s1", "s2"):
        assert get_endpoint(client, app_id, endpoint_id)["User"]["UserAttributes"] == {"plan": ["pro"]}
    assert "UserAttributes" not in get_endpoint(client, app_id, "other")["User"]


def test_empty_user_id_unlinks_the_endpoint(client, app_id):
    put_endpoint(client, app_id, "x1", User={"UserId": "unlink-me"})
    put_endpoint(client, app_id, "x2", User={"UserId": "unlink-me"})
    put_endpoint(client, app_id, "x2", User={"UserId": ""})
    items = client.get_user_endpoints(ApplicationId=app_id, UserId="unlink-me")["EndpointsResponse"]["Item"]
    assert _ids(items) == ["x1"]
    assert "UserId" not in get_endpoint(client, app_id, "x2")["User"]
    put_endpoint(client, app_id, "x1", User={"UserId": ""})
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_user_endpoints(ApplicationId=app_id, UserId="unlink-me")


def test_user_without_user_id_keeps_the_link(client, app_id):
    put_endpoint(client, app_id, "k1", User={"UserId": "keeper"})
    put_endpoint(client, app_id, "k1", User={})
    put_endpoint(client, app_id, "k1", User={"UserAttributes": {"a": ["b"]}})
    assert get_endpoint(client, app_id, "k1")["User"] == {
        "UserId": "keeper",
        "UserAttributes": {"a": ["b"]},
    }


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


def test_sixteenth_email_endpoint_is_refused(client, app_id):
    ids = _fill_user(client, app_id, "full", ["EMAIL"] * 15)
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        put_endpoint(
            client,
            app_id,
            "full-16",
            ChannelType="EMAIL",
            Address="sixteen@example.com",
            User={"UserId": "full"},
        )
    code, status, message, request_id = error_of(exc)
    assert (code, status) == ("BadRequestException", 400)
    assert message.startswith("Exceeded maximum endpoint per user count"), message
    assert request_id
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_endpoint(ApplicationId=app_id, EndpointId="full-16")
    items = client.get_user_endpoints(ApplicationId=app_id, UserId="full")["EndpointsResponse"]["Item"]
    assert _ids(items) == sorted(ids)
    # Updating an endpoint that already belongs to the user never triggers the rule.
    put_endpoint(client, app_id, ids[3], User={"UserId": "full"}, Attributes={"k": ["v"]})
    # A 16th endpoint without a user is fine.
    put_endpoint(client, app_id, "full-16", ChannelType="EMAIL", Address="sixteen@example.com")


def test_sixteenth_push_endpoint_evicts_the_oldest_push_endpoint(client, app_id):
    # 12 EMAIL + GCM (2012) + APNS (2013) + GCM (2014); EMAIL endpoints are older but not push.
    channels = ["EMAIL"] * 12 + ["GCM", "APNS", "GCM"]
    ids = _fill_user(client, app_id, "pushy", channels)
    oldest_push = ids[12]
    resp = put_endpoint(
        client,
        app_id,
        "pushy-new",
        ChannelType="GCM",
        Address="new-device-token",
        User={"UserId": "pushy"},
    )
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    evicted = get_endpoint(client, app_id, oldest_push)
    assert evicted["EndpointStatus"] == "INACTIVE"
    assert "UserId" not in evicted.get("User", {})
    items = client.get_user_endpoints(ApplicationId=app_id, UserId="pushy")["EndpointsResponse"]["Item"]
    assert len(items) == 15
    assert _ids(items) == sorted([i for i in ids if i != oldest_push] + ["pushy-new"])
    for other in ids[:12] + ids[13:]:
        assert get_endpoint(client, app_id, other)["EndpointStatus"] == "ACTIVE"
    assert get_endpoint(client, app_id, "pushy-new")["EndpointStatus"] == "ACTIVE"


@pytest.mark.parametrize("channel", PUSH_EVICTABLE)
def test_sixteenth_push_endpoint_of_each_evicting_type(client, app_id, channel):
    ids = _fill_user(client, app_id, "p", ["APNS"] + ["SMS"] * 14)
    put_endpoint(client, app_id, "p-new", ChannelType=channel, Address="p-new-token", User={"UserId": "p"})
    assert get_endpoint(client, app_id, ids[0])["EndpointStatus"] == "INACTIVE"
    items = client.get_user_endpoints(ApplicationId=app_id, UserId="p")["EndpointsResponse"]["Item"]
    assert len(items) == 15 and "p-new" in _ids(items)


def test_sixteenth_push_endpoint_without_push_endpoints_is_refused(client, app_id):
    _fill_user(client, app_id, "nopush", ["EMAIL"] * 10 + ["SMS"] * 5)
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        put_endpoint(client, app_id, "nopush-16", ChannelType="GCM", Address="tok", User={"UserId": "nopush"})
    assert error_of(exc)[2].startswith("Exceeded maximum endpoint per user count")


def test_sixteenth_apns_sandbox_endpoint_is_refused(client, app_id):
    # docs/behaviour.md#per-user-refused: APNS_SANDBOX is in the refused group even when the user
    # has push endpoints.
    _fill_user(client, app_id, "sb", ["GCM"] * 15)
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        put_endpoint(client, app_id, "sb-16", ChannelType="APNS_SANDBOX", Address="sbtok", User={"UserId": "sb"})
    assert error_of(exc)[2].startswith("Exceeded maximum endpoint per user count")


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
