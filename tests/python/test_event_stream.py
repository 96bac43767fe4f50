"""The event stream setting through boto3: put, get, replace, delete, and the 400s and 404s.

Rules (docs/behaviour.md): #event-stream.

Rule checks live with their rules (src/store/tests/limits.rs and tests/golden/*EventStream); this
file keeps what goes through the client.
"""

import pytest

from conftest import put_endpoint

ROLE = "arn:aws:iam::123456789012:role/pinpoint"


def test_event_stream_lifecycle(client, app_id):
    put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="a@x.com")
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_event_stream(ApplicationId=app_id)
    kinesis = "arn:aws:kinesis:us-east-1:123456789012:stream/events"
    put = client.put_event_stream(ApplicationId=app_id, WriteEventStream={
        "DestinationStreamArn": kinesis, "RoleArn": ROLE})["EventStream"]
    assert (put["ApplicationId"], put["DestinationStreamArn"], put["RoleArn"]) == (app_id, kinesis, ROLE)
    assert put["LastModifiedDate"].endswith("Z")
    firehose = "arn:aws:firehose:us-east-1:123456789012:deliverystream/events"
    client.put_event_stream(ApplicationId=app_id, WriteEventStream={"DestinationStreamArn": firehose, "RoleArn": ROLE})
    assert client.get_event_stream(ApplicationId=app_id)["EventStream"]["DestinationStreamArn"] == firehose
    assert client.delete_event_stream(ApplicationId=app_id)["EventStream"]["DestinationStreamArn"] == firehose
    with pytest.raises(client.exceptions.NotFoundException):
        client.delete_event_stream(ApplicationId=app_id)

