"""Optional SigV4 authentication (--auth-credentials), with boto3 signing real requests."""

import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ALICE = {"AccessKeyId": "AKIAALICEEXAMPLE0001", "SecretAccessKey": "alice/secret+1", "AccountId": "111111111111"}
BOB = {"AccessKeyId": "AKIABOBEXAMPLE000002", "SecretAccessKey": "bob-secret", "AccountId": "222222222222"}


@pytest.fixture
def auth_server(server_factory, tmp_path):
    creds = tmp_path / "credentials.json"
    creds.write_text(json.dumps([ALICE, BOB]))
    return server_factory("--auth-credentials", str(creds))


def signed_client(server, key, secret, region="us-east-1"):
    return boto3.session.Session().client(
        "pinpoint",
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def test_signed_requests_work_and_each_key_sees_only_its_account(auth_server, app_id):
    alice = signed_client(auth_server, ALICE["AccessKeyId"], ALICE["SecretAccessKey"])
    alice.update_endpoint(
        ApplicationId=app_id,
        EndpointId="us-east-1:ab/c+d e",
        EndpointRequest={"ChannelType": "EMAIL", "Address": "a@example.com", "User": {"UserId": "u:1"}},
    )
    ep = alice.get_endpoint(ApplicationId=app_id, EndpointId="us-east-1:ab/c+d e")["EndpointResponse"]
    assert ep["Address"] == "a@example.com"
    arn = alice.get_app(ApplicationId=app_id)["ApplicationResponse"]["Arn"]
    assert arn == f"arn:aws:mobiletargeting:us-east-1:111111111111:apps/{app_id}"
    assert alice.get_apps(PageSize="10")["ApplicationsResponse"]["Item"]
    bob = signed_client(auth_server, BOB["AccessKeyId"], BOB["SecretAccessKey"])
    with pytest.raises(bob.exceptions.NotFoundException):
        bob.get_endpoint(ApplicationId=app_id, EndpointId="us-east-1:ab/c+d e")


@pytest.mark.parametrize(
    "key,secret,code",
    [
        (ALICE["AccessKeyId"], "wrong-secret", "InvalidSignatureException"),
        ("AKIAUNKNOWN000000000", "whatever", "UnrecognizedClientException"),
    ],
)
def test_bad_credentials_get_403_with_the_aws_error_code(auth_server, app_id, key, secret, code):
    c = signed_client(auth_server, key, secret)
    with pytest.raises(ClientError) as e:
        c.get_endpoint(ApplicationId=app_id, EndpointId="e")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert e.value.response["Error"]["Code"] == code
    assert e.value.response["Error"]["Message"]


def test_unsigned_requests_are_refused(auth_server):
    r = auth_server.request("GET", "/v1/apps")
    assert r.status == 403
    assert r.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException"
    assert r.json() == {"message": "Missing Authentication Token"}
