"""The AWS CLI v1 (from the same venv) against pinpoint-local: a scripted scenario and an error.

awscli v1 exits with 255 for a service error (ClientError); v2 would use 254.
"""

import json
import os
import pathlib
import subprocess
import sys

import pytest

AWS = str(pathlib.Path(sys.executable).with_name("aws"))
TS = "2026-11-23T10:00:00.000Z"


def _env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
        AWS_MAX_ATTEMPTS="1",
        AWS_PAGER="",
    )
    return env


def aws(server, *args, check=True):
    cmd = [
        AWS,
        "pinpoint",
        *args,
        "--endpoint-url",
        server.url,
        "--region",
        "us-east-1",
        "--output",
        "json",
    ]
    proc = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=60)
    if check:
        assert proc.returncode == 0, f"{' '.join(args)} -> rc {proc.returncode}\n{proc.stderr}"
        return json.loads(proc.stdout) if proc.stdout.strip() else None
    return proc


@pytest.fixture(scope="module", autouse=True)
def _cli_present():
    assert os.access(AWS, os.X_OK), f"the AWS CLI is not installed in this venv ({AWS})"


def test_cli_scenario(server, app_id):
    request = {
        "ChannelType": "EMAIL",
        "Address": "cli@example.com",
        "Attributes": {"Interests": ["cli", "tests"]},
        "Location": {"Latitude": 47.61, "Longitude": -122.33},
        "User": {"UserId": "cli-user", "UserAttributes": {"plan": ["free"]}},
    }
    out = aws(server, "update-endpoint", "--application-id", app_id, "--endpoint-id", "cli-1",
              "--endpoint-request", json.dumps(request))
    assert out["MessageBody"]["Message"] == "Accepted"
    assert out["MessageBody"]["RequestID"]

    aws(server, "update-endpoint", "--application-id", app_id, "--endpoint-id", "cli-2",
        "--endpoint-request", json.dumps({"ChannelType": "SMS", "Address": "+15550199", "User": {"UserId": "cli-user"}}))

    ep = aws(server, "get-endpoint", "--application-id", app_id, "--endpoint-id", "CLI-1")["EndpointResponse"]
    assert ep["Id"] == "cli-1"
    assert ep["ApplicationId"] == app_id
    assert ep["Address"] == "cli@example.com"
    assert ep["ChannelType"] == "EMAIL"
    assert ep["EndpointStatus"] == "ACTIVE"
    assert ep["OptOut"] == "NONE"
    assert ep["Attributes"] == {"Interests": ["cli", "tests"]}
    assert ep["Location"] == {"Latitude": 47.6, "Longitude": -122.3}
    assert ep["User"] == {"UserId": "cli-user", "UserAttributes": {"plan": ["free"]}}
    assert 0 <= int(ep["CohortId"]) <= 99
    assert ep["RequestId"] == out["MessageBody"]["RequestID"]

    users = aws(server, "get-user-endpoints", "--application-id", app_id, "--user-id", "cli-user")
    items = users["EndpointsResponse"]["Item"]
    assert sorted(i["Id"] for i in items) == ["cli-1", "cli-2"]
    events_request = {
        "BatchItem": {
            "cli-1": {
                "Endpoint": {},
                "Events": {
                    "cli-ev-1": {"EventType": "_session.start", "Timestamp": TS,
                                 "Session": {"Id": "s1", "StartTimestamp": TS}},
                    "cli-ev-2": {"EventType": "purchase", "Timestamp": TS,
                                 "Attributes": {"item": "book"}, "Metrics": {"price": 9.5}},
                },
            }
        }
    }
    put = aws(server, "put-events", "--application-id", app_id, "--events-request", json.dumps(events_request))
    result = put["EventsResponse"]["Results"]["cli-1"]
    assert result["EndpointItemResponse"] == {"StatusCode": 202, "Message": "Accepted"}
    assert result["EventsItemResponse"] == {
        "cli-ev-1": {"StatusCode": 202, "Message": "Accepted"},
        "cli-ev-2": {"StatusCode": 202, "Message": "Accepted"},
    }
    recorded = server.events(application_id=app_id)["Events"]
    assert [e["EventId"] for e in recorded] == ["cli-ev-1", "cli-ev-2"]
    assert recorded[1]["Event"] == events_request["BatchItem"]["cli-1"]["Events"]["cli-ev-2"]
    assert recorded[0]["UserId"] == "cli-user"

    deleted = aws(server, "delete-user-endpoints", "--application-id", app_id, "--user-id", "cli-user")
    assert sorted(i["Id"] for i in deleted["EndpointsResponse"]["Item"]) == ["cli-1", "cli-2"]

    # The user is gone: a service error.
    proc = aws(server, "get-user-endpoints", "--application-id", app_id, "--user-id", "cli-user", check=False)
    assert proc.returncode == 255, (proc.returncode, proc.stderr)
    assert "NotFoundException" in proc.stderr
    assert "Resource not found" in proc.stderr
    assert proc.stdout.strip() == ""


def test_cli_apps(server):
    app = aws(server, "create-app", "--create-application-request",
              json.dumps({"Name": "cli-app", "tags": {"owner": "cli"}}))["ApplicationResponse"]
    assert app["Name"] == "cli-app"
    assert app["tags"] == {"owner": "cli"}
    assert app["Arn"] == f"arn:aws:mobiletargeting:us-east-1:000000000000:apps/{app['Id']}"
    got = aws(server, "get-app", "--application-id", app["Id"])["ApplicationResponse"]
    assert got == app
    deleted = aws(server, "delete-app", "--application-id", app["Id"])["ApplicationResponse"]
    assert deleted["Id"] == app["Id"]
    proc = aws(server, "get-app", "--application-id", app["Id"], check=False)
    assert proc.returncode == 255
    assert "NotFoundException" in proc.stderr


def test_cli_bad_request_and_jobs(server, app_id):
    proc = aws(server, "update-endpoint", "--application-id", app_id, "--endpoint-id", "x",
               "--endpoint-request", json.dumps({"Address": "no-channel@example.com"}), check=False)
    assert proc.returncode == 255
    assert "BadRequestException" in proc.stderr
    assert "Missing ChannelType" in proc.stderr
    aws(server, "update-endpoint", "--application-id", app_id, "--endpoint-id", "x",
        "--endpoint-request", json.dumps({"Address": "cli@example.com", "ChannelType": "EMAIL"}))
    job = aws(server, "create-import-job", "--application-id", app_id, "--import-job-request",
              json.dumps({"Format": "CSV", "S3Url": "s3://b/k.csv", "RoleArn": "arn:aws:iam::1:role/r"}))
    assert job["ImportJobResponse"]["JobStatus"] == "CREATED"
    listed = aws(server, "get-import-jobs", "--application-id", app_id)
    assert [j["JobStatus"] for j in listed["ImportJobsResponse"]["Item"]] == ["COMPLETED"]
    proc = aws(server, "get-import-job", "--application-id", app_id, "--job-id", "nope", check=False)
    assert proc.returncode == 255
    assert "NotFoundException" in proc.stderr
