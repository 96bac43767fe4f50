"""Rules where the emulator once differed from the service, through boto3.

Rules (docs/behaviour.md): #user-attributes, #dates-accepted, #events-key-count, #events-size,
#batch-message, #empty-label, #request-id.

Rule checks live with their rules (src/store/tests/users.rs and events.rs and
tests/golden/PutEvents and UpdateEndpoint); this file keeps what goes through the client.
"""

import pytest

from conftest import error_of, put_endpoint


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
