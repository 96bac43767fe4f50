"""The event stream setting through boto3: put, get, replace, delete, and the 400s and 404s.

Rules (docs/behaviour.md): #event-stream.
"""

import pytest

from conftest import error_of, put_endpoint

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


@pytest.mark.parametrize("write, needle", [
    ({"DestinationStreamArn": "arn:aws:s3:::bucket", "RoleArn": ROLE}, "DestinationStreamArn"),
    ({"DestinationStreamArn": "arn:aws:kinesis:us-east-1:1:stream/s", "RoleArn": "admin"}, "RoleArn"),
])
def test_bad_arns_are_bad_requests(client, app_id, write, needle):
    put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="a@x.com")
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.put_event_stream(ApplicationId=app_id, WriteEventStream=write)
    assert needle in error_of(exc)[2]
