"""Fault injection through boto3 and the AWS CLI: the SDK's standard retry mode recovers from
injected throttling and gives up after too much; a faulted call changes nothing.

Rules (docs/behaviour.md): #faults.
"""

import json

import boto3
import pytest
from botocore.config import Config

from conftest import put_endpoint


def retrying_client(server, attempts):
    return boto3.session.Session().client(
        "pinpoint", endpoint_url=server.url, region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
        config=Config(retries={"total_max_attempts": attempts, "mode": "standard"}),
    )


def set_faults(server, rules):
    resp = server.request("PUT", "/_pinpoint/faults", json.dumps({"Rules": rules}).encode())
    assert resp.status == 200, resp
    return resp.json()


@pytest.fixture
def private(server_factory):
    return server_factory()


def test_standard_retries_recover_from_two_injected_429s(private, app_id):
    set_faults(private, [{"Operation": "UpdateEndpoint", "Error": {"Status": 429}, "Count": 2}])
    c = retrying_client(private, 3)
    put_endpoint(c, app_id, "e1", ChannelType="SMS", Address="+12065550100")
    assert c.get_endpoint(ApplicationId=app_id, EndpointId="e1")["EndpointResponse"]["Address"] == "+12065550100"
    rule = private.request("GET", "/_pinpoint/faults").json()["Rules"][0]
    assert (rule["Matched"], rule["Fired"]) == (3, 2)


def test_standard_retries_give_up_after_too_many(private, app_id):
    set_faults(private, [{"Operation": "UpdateEndpoint", "Error": {"Status": 429, "Message": "slow down"}}])
    c = retrying_client(private, 3)
    with pytest.raises(c.exceptions.TooManyRequestsException) as exc:
        put_endpoint(c, app_id, "e1", ChannelType="SMS", Address="+12065550100")
    assert exc.value.response["Error"]["Message"] == "slow down"
    assert exc.value.response["ResponseMetadata"]["RetryAttempts"] == 2
    private.request("DELETE", "/_pinpoint/faults")
    with pytest.raises(c.exceptions.NotFoundException):
        c.get_endpoint(ApplicationId=app_id, EndpointId="e1")


def test_faults_file_at_start_and_a_forced_delivery_status(server_factory, tmp_path, app_id):
    path = tmp_path / "faults.json"
    path.write_text(json.dumps({"Rules": [
        {"Operation": "SendMessages", "Address": "+12065550199", "DeliveryStatus": "UNKNOWN_FAILURE"}]}))
    srv = server_factory("--faults", str(path))
    c = retrying_client(srv, 1)
    put_endpoint(c, app_id, "e1", ChannelType="SMS", Address="+12065550100")
    c.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    result = c.send_messages(ApplicationId=app_id, MessageRequest={
        "Addresses": {"+12065550199": {"ChannelType": "SMS"}, "+12065550198": {"ChannelType": "SMS"}},
        "MessageConfiguration": {"SMSMessage": {"Body": "hi"}}})["MessageResponse"]["Result"]
    assert result["+12065550199"]["DeliveryStatus"] == "UNKNOWN_FAILURE"
    assert result["+12065550198"]["DeliveryStatus"] == "SUCCESSFUL"


def test_a_bad_faults_file_stops_the_start(tmp_path):
    import subprocess
    from conftest import BIN
    path = tmp_path / "faults.json"
    path.write_text('{"Rules": [{"Error": {"Status": 418}}]}')
    proc = subprocess.run([BIN, "--port", "0", "--faults", str(path)], capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0
    assert "418" in proc.stderr
