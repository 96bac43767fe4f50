"""The rest-json error format and how boto3 maps it.

Rules (docs/behaviour.md): #error-format, #request-id, #not-found-text, #wrong-method, #unknown-path,
#body-size, #unserved-operation, #body-parsing, #partial-update (null members) and
#cors-preflight.

Each modelled exception the emulator produces is checked through boto3 where boto3 can produce
it, and through raw HTTP otherwise.

Rule checks live with their rules (tests/hostile/*.cases and tests/golden/_protocol); this file
keeps what goes through the client.
"""

import pytest
from botocore.exceptions import ClientError
from botocore.parsers import create_parser

from conftest import error_of, put_endpoint


def _assert_wire_error(resp, status, error_type):
    assert resp.status == status, resp
    assert resp.header("x-amzn-ErrorType") == error_type
    assert resp.header("Content-Type", ).startswith("application/json")
    body = resp.json()
    assert isinstance(body["Message"], str) and body["Message"]
    assert body["RequestID"] == resp.header("x-amzn-RequestId")
    assert "__type" not in body and "code" not in body
    return body


def test_not_found_exception_fields(client, app_id):
    put_endpoint(client, app_id, "exists")
    with pytest.raises(client.exceptions.NotFoundException) as exc:
        client.get_endpoint(ApplicationId=app_id, EndpointId="missing")
    resp = exc.value.response
    assert resp["Error"]["Code"] == "NotFoundException"
    assert resp["Error"]["Message"] == "Resource not found"
    assert resp["Message"] == "Resource not found"
    meta = resp["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 404
    assert resp["RequestID"] == meta["RequestId"]
    assert meta["HTTPHeaders"]["x-amzn-errortype"] == "NotFoundException"
    assert meta["HTTPHeaders"]["content-type"].startswith("application/json")


def test_bad_request_exception_fields(client, app_id):
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        put_endpoint(client, app_id, "bad{id}")
    resp = exc.value.response
    assert resp["Error"]["Code"] == "BadRequestException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert resp["Message"] and resp["Message"] == resp["Error"]["Message"]
    assert resp["RequestID"] == resp["ResponseMetadata"]["RequestId"]


def test_request_ids_are_unique(client, app_id):
    ids = {put_endpoint(client, app_id, "e")["MessageBody"]["RequestID"] for _ in range(5)}
    assert len(ids) == 5


def test_raw_not_found_wire_format(server, app_id):
    body = _assert_wire_error(server.request("GET", f"/v1/apps/{app_id}"), 404, "NotFoundException")
    assert body["Message"] == "Application not found"


def test_method_not_allowed(server, client, app_id):
    # docs/behaviour.md#wrong-method: a known path with the wrong method -> 405
    # MethodNotAllowedException.
    for method, path in (
        ("POST", f"/v1/apps/{app_id}/endpoints/e1"),
        ("PATCH", f"/v1/apps/{app_id}/users/u1"),
        ("DELETE", "/v1/apps"),
    ):
        resp = server.request(method, path, {} if method != "DELETE" else None)
        _assert_wire_error(resp, 405, "MethodNotAllowedException")
        # What boto3 would make of it: the modelled MethodNotAllowedException.
        assert _boto3_error_class(client, resp) is client.exceptions.MethodNotAllowedException


def _boto3_error_class(client, resp):
    """Runs a raw response through botocore's rest-json parser and error factory."""
    parser = create_parser("rest-json")
    op = client.meta.service_model.operation_model("GetEndpoint")
    parsed = parser.parse(
        {
            "status_code": resp.status,
            "headers": {k.lower(): v for k, v in resp.headers.items()},
            "body": resp.body,
        },
        op.output_shape,
    )
    return client.exceptions.from_code(parsed["Error"]["Code"])


def test_unknown_path_is_not_found_in_rest_json_format(server):
    _assert_wire_error(server.request("GET", "/v2/nothing/here"), 404, "NotFoundException")
    _assert_wire_error(server.request("GET", "/v1/apps/x/y/z/unknown"), 404, "NotFoundException")


def test_payload_too_large_put_events_via_boto3(client, app_id):
    # docs/behaviour.md#body-size: PutEvents bodies over 4 MB -> 413 before the body is parsed.
    big = "x" * (4 * 1024 * 1024 + 1024)
    with pytest.raises(client.exceptions.PayloadTooLargeException) as exc:
        client.put_events(
            ApplicationId=app_id,
            EventsRequest={"BatchItem": {"e": {"Endpoint": {}, "Events": {"big": {"EventType": "x", "Timestamp": "2026-01-01T00:00:00Z", "Attributes": {"a": big}}}}}},
        )
    code, status, message, request_id = error_of(exc)
    assert (code, status) == ("PayloadTooLargeException", 413)
    assert message and request_id


def test_payload_too_large_update_endpoint_via_boto3(client, app_id):
    # docs/behaviour.md#body-size: other bodies over 7 MB -> 413.
    big = "y" * (7 * 1024 * 1024 + 1024)
    with pytest.raises(client.exceptions.PayloadTooLargeException) as exc:
        put_endpoint(client, app_id, "big", Attributes={"a": [big]})
    code, status, message, request_id = error_of(exc)
    assert (code, status) == ("PayloadTooLargeException", 413)
    assert message and request_id


def test_payload_too_large_raw(server, client, app_id):
    resp = server.request("POST", f"/v1/apps/{app_id}/events", b"{" + b" " * (4 * 1024 * 1024 + 10) + b"}")
    _assert_wire_error(resp, 413, "PayloadTooLargeException")
    assert _boto3_error_class(client, resp) is client.exceptions.PayloadTooLargeException
    # A 5 MB body is fine for UpdateEndpoint as far as size goes (it fails on quotas instead).
    resp = server.request(
        "PUT", f"/v1/apps/{app_id}/endpoints/e1", b'{"Attributes":{"a":["' + b"z" * (5 * 1024 * 1024) + b'"]}}'
    )
    assert resp.status == 400, resp
    assert resp.header("x-amzn-ErrorType") == "BadRequestException"


@pytest.mark.parametrize(
    "operation, kwargs",
    [
        ("get_import_jobs", {"ApplicationId": "0123456789abcdef0123456789abcdef"}),
        ("get_application_settings", {"ApplicationId": "0123456789abcdef0123456789abcdef"}),
        ("get_journey_execution_metrics", {"ApplicationId": "0123456789abcdef0123456789abcdef", "JourneyId": "j1"}),
        ("get_export_jobs", {"ApplicationId": "0123456789abcdef0123456789abcdef"}),
        ("get_recommender_configuration", {"RecommenderId": "0123456789abcdef0123456789abcdef"}),
    ],
)
def test_unknown_resources_are_modelled_not_found(client, operation, kwargs):
    # Every operation of the model is served (docs/behaviour.md#unserved-operation); an unknown
    # app or resource is the modelled 404 whichever it is.
    with pytest.raises(client.exceptions.NotFoundException) as exc:
        getattr(client, operation)(**kwargs)
    resp = exc.value.response
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "NotFoundException"


def test_any_or_no_content_type_is_parsed_as_json(server, app_id):
    for headers in ({}, {"Content-Type": "text/plain"}, {"Content-Type": "application/x-amz-json-1.1"}):
        resp = server.request("PUT", f"/v1/apps/{app_id}/endpoints/ct", b'{"Attributes":{"a":["b"]}}', headers)
        assert resp.status == 202, (headers, resp)
        assert resp.json()["Message"] == "Accepted"
        assert resp.json()["RequestID"] == resp.header("x-amzn-RequestId")


def test_null_members_count_as_absent(server, app_id):
    server.request("PUT", f"/v1/apps/{app_id}/endpoints/n", {"ChannelType": "EMAIL", "Address": "n@example.com"})
    resp = server.request("PUT", f"/v1/apps/{app_id}/endpoints/n", {"Address": None, "Attributes": None})
    assert resp.status == 202, resp
    ep = server.request("GET", f"/v1/apps/{app_id}/endpoints/n").json()
    assert ep["Address"] == "n@example.com"


def test_cors_preflight_and_exposed_headers(server, app_id):
    # docs/behaviour.md#cors-preflight.
    resp = server.request(
        "OPTIONS",
        f"/v1/apps/{app_id}/events",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "amz-sdk-invocation-id,authorization,content-type,x-amz-date",
        },
    )
    assert 200 <= resp.status < 300, resp
    assert resp.header("Access-Control-Allow-Origin") in ("*", "http://localhost:3000")
    allowed = (resp.header("Access-Control-Allow-Headers") or "").lower()
    for h in ("amz-sdk-invocation-id", "authorization", "content-type", "x-amz-date"):
        assert h in allowed or allowed == "*", allowed
    err = server.request("GET", f"/v1/apps/{app_id}", headers={"Origin": "http://localhost:3000"})
    assert err.status == 404
    assert err.header("Access-Control-Allow-Origin") in ("*", "http://localhost:3000")
    exposed = (err.header("Access-Control-Expose-Headers") or "").lower()
    assert "x-amzn-errortype" in exposed and "x-amzn-requestid" in exposed
