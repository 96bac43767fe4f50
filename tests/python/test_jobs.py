"""Import and export jobs, date-range KPIs and journey runs and metrics through boto3 and the
AWS CLI.

Rules (docs/behaviour.md): #jobs, #jobs-s3-root, #jobs-user-ids, #jobs-import-segment, #kpis,
#journey-runs.

Rule checks live with their rules (src/store/tests/resources.rs and imports.rs and
tests/golden/*Job*); this file keeps what goes through the client.
"""

import datetime
import gzip
import json
import pathlib

import pytest

from conftest import error_of, make_client, put_endpoint

ROLE = "arn:aws:iam::123456789012:role/pinpoint-jobs"


@pytest.fixture
def s3(server_factory, tmp_path):
    """A private server whose S3 stand-in is a temporary folder, and a client for it."""
    srv = server_factory("--s3-root", str(tmp_path))
    return srv, make_client(srv), tmp_path


def test_without_an_s3_root_jobs_complete_with_nothing_read(client, app_id):
    put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="a@x.com")
    created = client.create_import_job(ApplicationId=app_id, ImportJobRequest={
        "Format": "JSON", "S3Url": "s3://bucket/in.json", "RoleArn": ROLE, "ExternalId": "x1"})["ImportJobResponse"]
    assert (created["JobStatus"], created["Type"], created["ApplicationId"]) == ("CREATED", "IMPORT", app_id)
    assert created["Definition"]["ExternalId"] == "x1"
    got = client.get_import_job(ApplicationId=app_id, JobId=created["Id"])["ImportJobResponse"]
    assert (got["JobStatus"], got["CompletedPieces"], got["TotalPieces"], got["FailedPieces"], got["TotalProcessed"]) == (
        "COMPLETED", 1, 1, 0, 0)
    assert got["CompletionDate"].endswith("Z")
    export = client.create_export_job(ApplicationId=app_id, ExportJobRequest={
        "S3UrlPrefix": "s3://bucket/out/", "RoleArn": ROLE})["ExportJobResponse"]
    assert export["JobStatus"] == "CREATED"
    assert client.get_export_job(ApplicationId=app_id, JobId=export["Id"])["ExportJobResponse"]["TotalProcessed"] == 1
    assert [j["Id"] for j in client.get_import_jobs(ApplicationId=app_id)["ImportJobsResponse"]["Item"]] == [created["Id"]]
    assert [j["Id"] for j in client.get_export_jobs(ApplicationId=app_id)["ExportJobsResponse"]["Item"]] == [export["Id"]]
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_export_job(ApplicationId=app_id, JobId=created["Id"])


def test_import_reads_csv_and_json_files_applies_the_rules_and_defines_a_segment(s3):
    srv, c, root = s3
    folder = root / "audience" / "batch1"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text(
        "Id,ChannelType,Address,User.UserId,Attributes.Team,Metrics.visits\n"
        "ana,SMS,+12065550100,u-ana,red,3\n"
        ",EMAIL,new@example.com,,,\n"
        "bad,FAX,nowhere,,,\n")
    (folder / "b.json").write_text(
        json.dumps({"Id": "bo", "ChannelType": "EMAIL", "Address": "bo@example.com", "Attributes": {"Team": ["blue"]}}) + "\n\n"
        + json.dumps({"ChannelType": "SMS"}) + "\n")
    app = c.create_app(CreateApplicationRequest={"Name": "imports"})["ApplicationResponse"]["Id"]
    job = c.create_import_job(ApplicationId=app, ImportJobRequest={
        "Format": "CSV", "S3Url": "s3://audience/batch1/a.csv", "RoleArn": ROLE,
        "DefineSegment": True, "SegmentName": "imported"})["ImportJobResponse"]
    done = c.get_import_job(ApplicationId=app, JobId=job["Id"])["ImportJobResponse"]
    assert (done["JobStatus"], done["TotalProcessed"], done["TotalFailures"]) == ("COMPLETED", 2, 1)
    assert done["Failures"][0].startswith("s3://audience/batch1/a.csv line 4: Invalid ChannelType")
    ana = c.get_endpoint(ApplicationId=app, EndpointId="ana")["EndpointResponse"]
    assert (ana["User"]["UserId"], ana["Attributes"], ana["Metrics"]) == ("u-ana", {"Team": ["red"]}, {"visits": 3.0})
    seg_id = done["Definition"]["SegmentId"]
    seg = c.get_segment(ApplicationId=app, SegmentId=seg_id)["SegmentResponse"]
    assert (seg["SegmentType"], seg["Name"]) == ("IMPORT", "imported")
    assert seg["ImportDefinition"]["Size"] == 2
    assert seg["ImportDefinition"]["ChannelCounts"] == {"SMS": 1, "EMAIL": 1}
    listed = c.get_segment_import_jobs(ApplicationId=app, SegmentId=seg_id)["ImportJobsResponse"]["Item"]
    assert [j["Id"] for j in listed] == [job["Id"]]
    # The whole folder, JSON: both files are pieces; the CSV one fails as JSON lines.
    job = c.create_import_job(ApplicationId=app, ImportJobRequest={
        "Format": "JSON", "S3Url": "s3://audience/batch1/", "RoleArn": ROLE})["ImportJobResponse"]
    done = c.get_import_job(ApplicationId=app, JobId=job["Id"])["ImportJobResponse"]
    assert (done["TotalPieces"], done["TotalProcessed"]) == (2, 1)
    assert any("b.json line 3" in f and "Address" in f for f in done["Failures"])
    assert c.get_endpoint(ApplicationId=app, EndpointId="bo")["EndpointResponse"]["Attributes"] == {"Team": ["blue"]}


def test_a_replicated_csv_header_gives_a_custom_field_several_values(s3):
    """docs/behaviour.md#jobs-s3-root: one value per copy of the column, as the user guide shows."""
    srv, c, root = s3
    (root / "audience").mkdir()
    (root / "audience" / "multi.csv").write_text(
        "Id,ChannelType,Address,User.UserId, User.UserAttributes.new_multi_field,User.UserAttributes.new_multi_field\n"
        "m1,EMAIL,m1@example.com,example-user-id-2,test10,test20\n")
    app = c.create_app(CreateApplicationRequest={"Name": "imports"})["ApplicationResponse"]["Id"]
    job = c.create_import_job(ApplicationId=app, ImportJobRequest={
        "Format": "CSV", "S3Url": "s3://audience/multi.csv", "RoleArn": ROLE})["ImportJobResponse"]
    done = c.get_import_job(ApplicationId=app, JobId=job["Id"])["ImportJobResponse"]
    assert (done["TotalProcessed"], done["TotalFailures"]) == (1, 0)
    ep = c.get_endpoint(ApplicationId=app, EndpointId="m1")["EndpointResponse"]
    assert ep["User"]["UserAttributes"] == {"new_multi_field": ["test10", "test20"]}


def test_a_file_of_user_ids_defines_a_segment_of_their_endpoints(s3):
    """docs/behaviour.md#jobs-user-ids: no endpoint is written and no line fails."""
    srv, c, root = s3
    (root / "audience").mkdir()
    (root / "audience" / "users.csv").write_text("User.UserId\nexample-user-id-1 example-user-id-2\n")
    app = c.create_app(CreateApplicationRequest={"Name": "imports"})["ApplicationResponse"]["Id"]
    put_endpoint(c, app, "one", ChannelType="SMS", Address="+16045550182", User={"UserId": "example-user-id-1"})
    put_endpoint(c, app, "two-a", ChannelType="EMAIL", Address="a@example.com", User={"UserId": "example-user-id-2"})
    put_endpoint(c, app, "two-b", ChannelType="EMAIL", Address="b@example.com", User={"UserId": "example-user-id-2"})
    put_endpoint(c, app, "else", ChannelType="EMAIL", Address="c@example.com", User={"UserId": "example-user-id-3"})
    job = c.create_import_job(ApplicationId=app, ImportJobRequest={
        "Format": "CSV", "S3Url": "s3://audience/users.csv", "RoleArn": ROLE,
        "DefineSegment": True, "SegmentName": "users"})["ImportJobResponse"]
    done = c.get_import_job(ApplicationId=app, JobId=job["Id"])["ImportJobResponse"]
    assert (done["JobStatus"], done["TotalProcessed"], done["TotalFailures"]) == ("COMPLETED", 1, 0)
    seg_id = done["Definition"]["SegmentId"]
    assert srv.get_json(f"/_pinpoint/segments?application-id={app}&segment-id={seg_id}") == {
        "Count": 3, "EndpointIds": ["one", "two-a", "two-b"]}
    assert c.get_segment(ApplicationId=app, SegmentId=seg_id)["SegmentResponse"]["ImportDefinition"]["Size"] == 3
    assert len(c.get_user_endpoints(ApplicationId=app, UserId="example-user-id-2")["EndpointsResponse"]["Item"]) == 2


def test_a_missing_or_compressed_file_fails_the_job(s3):
    srv, c, root = s3
    (root / "b").mkdir()
    (root / "b" / "x.csv.gz").write_bytes(gzip.compress(b"ChannelType,Address\nSMS,+12065550100\n"))
    app = c.create_app(CreateApplicationRequest={"Name": "imports"})["ApplicationResponse"]["Id"]
    for url, needle in (("s3://b/missing.csv", "no such file"), ("s3://b/x.csv.gz", "compressed"),
                        ("s3://b/../../etc/passwd", "cannot be mapped")):
        job = c.create_import_job(ApplicationId=app, ImportJobRequest={"Format": "CSV", "S3Url": url, "RoleArn": ROLE})
        done = c.get_import_job(ApplicationId=app, JobId=job["ImportJobResponse"]["Id"])["ImportJobResponse"]
        assert done["JobStatus"] == "FAILED", url
        assert needle in done["Failures"][0]


def test_export_writes_every_endpoint_or_a_segments_members_as_gzip_json_lines(s3):
    srv, c, root = s3
    app = c.create_app(CreateApplicationRequest={"Name": "exports"})["ApplicationResponse"]["Id"]
    put_endpoint(c, app, "a", ChannelType="SMS", Address="+12065550100", Attributes={"plan": ["gold"]})
    put_endpoint(c, app, "b", ChannelType="SMS", Address="+12065550101")
    seg = c.create_segment(ApplicationId=app, WriteSegmentRequest={
        "Name": "gold", "Dimensions": {"Attributes": {"plan": {"Values": ["gold"]}}}})["SegmentResponse"]["Id"]
    whole = c.create_export_job(ApplicationId=app, ExportJobRequest={"S3UrlPrefix": "s3://dump/all/", "RoleArn": ROLE})
    part = c.create_export_job(ApplicationId=app, ExportJobRequest={
        "S3UrlPrefix": "s3://dump/gold", "RoleArn": ROLE, "SegmentId": seg, "SegmentVersion": 1})
    for job, prefix, ids in ((whole, "all", ["a", "b"]), (part, "gold", ["a"])):
        job_id = job["ExportJobResponse"]["Id"]
        files = sorted((root / "dump" / prefix / job_id).iterdir())
        assert [f.name for f in files] == ["part-00000.gz"]
        lines = [json.loads(l) for l in gzip.decompress(files[0].read_bytes()).decode().splitlines()]
        assert [l["Id"] for l in lines] == ids
        assert lines[0]["Attributes"] == {"plan": ["gold"]}
        assert c.get_export_job(ApplicationId=app, JobId=job_id)["ExportJobResponse"]["TotalProcessed"] == len(ids)
    assert len(c.get_segment_export_jobs(ApplicationId=app, SegmentId=seg)["ExportJobsResponse"]["Item"]) == 1


@pytest.mark.parametrize("request_, needle", [
    ({"Format": "XML", "S3Url": "s3://b/k", "RoleArn": ROLE}, "Format"),
    ({"Format": "CSV", "S3Url": "https://b/k", "RoleArn": ROLE}, "S3Url"),
    ({"Format": "CSV", "S3Url": "s3://b/k", "RoleArn": "admin"}, "RoleArn"),
    ({"Format": "CSV", "S3Url": "s3://b/k", "RoleArn": ROLE, "DefineSegment": True}, "SegmentName"),
])
def test_bad_import_jobs_are_bad_requests_and_create_nothing(client, app_id, request_, needle):
    put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="a@x.com")
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.create_import_job(ApplicationId=app_id, ImportJobRequest=request_)
    assert needle in error_of(exc)[2]
    assert client.get_import_jobs(ApplicationId=app_id)["ImportJobsResponse"]["Item"] == []


# ---- KPIs and journey metrics ----------------------------------------------------------------


def test_kpis_default_to_31_days_and_count_the_sent_log(client, app_id):
    put_endpoint(client, app_id, "e1", ChannelType="SMS", Address="+12065550100")
    empty = client.get_application_date_range_kpi(ApplicationId=app_id, KpiName="unique-deliveries")[
        "ApplicationDateRangeKpiResponse"]
    assert empty["KpiResult"]["Rows"] == []
    start, end = empty["StartTime"], empty["EndTime"]
    assert (end - start) == datetime.timedelta(days=31)
    client.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    for _ in range(2):
        client.send_messages(ApplicationId=app_id, MessageRequest={
            "Endpoints": {"e1": {}}, "MessageConfiguration": {"SMSMessage": {"Body": "hi"}}})
    rows = lambda name: client.get_application_date_range_kpi(ApplicationId=app_id, KpiName=name)[
        "ApplicationDateRangeKpiResponse"]["KpiResult"]["Rows"]
    # Direct sends count in the txn-* KPIs; the delivery KPIs count campaign messages
    # (docs/behaviour.md#kpis-from-events).
    assert rows("successful-deliveries") == [] and rows("unique-deliveries") == []
    assert rows("txn-sms-sent") == [{"GroupedBys": [], "Values": [
        {"Key": "TxnSmsSent", "Type": "Double", "Value": "2.0"}]}]
    assert rows("txn-emails-sent") == [] and rows("email-open-rate") == []
    by_date = rows("txn-sms-sent-grouped-by-date")
    assert by_date[0]["GroupedBys"][0]["Key"] == "Date"


@pytest.mark.parametrize("kwargs, needle", [
    ({"KpiName": "Unique_Deliveries"}, "kpi-name"),
    ({"KpiName": "unique-deliveries", "StartTime": datetime.datetime(2026, 10, 1),
      "EndTime": datetime.datetime(2026, 11, 20)}, "longer than 31 days"),
    ({"KpiName": "unique-deliveries", "StartTime": datetime.datetime(2026, 11, 20),
      "EndTime": datetime.datetime(2026, 11, 10)}, "after"),
])
def test_bad_kpi_queries_are_bad_requests(client, app_id, kwargs, needle):
    put_endpoint(client, app_id, "e1", ChannelType="SMS", Address="+12065550100")
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.get_application_date_range_kpi(ApplicationId=app_id, **kwargs)
    assert needle in error_of(exc)[2]


def test_journey_runs_and_metrics_follow_the_journeys_state(client, app_id):
    put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="a@x.com")
    journey = client.create_journey(ApplicationId=app_id, WriteJourneyRequest={
        "Name": "welcome", "StartActivity": "mail",
        "Activities": {"mail": {"EMAIL": {"NextActivity": "pause"}}, "pause": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}}}})[
        "JourneyResponse"]
    jid = journey["Id"]
    assert client.get_journey_runs(ApplicationId=app_id, JourneyId=jid)["JourneyRunsResponse"]["Item"] == []
    client.update_journey_state(ApplicationId=app_id, JourneyId=jid, JourneyStateRequest={"State": "ACTIVE"})
    runs = client.get_journey_runs(ApplicationId=app_id, JourneyId=jid)["JourneyRunsResponse"]["Item"]
    # Activated, not yet evaluated (nothing runs until the clock's due work does): one SCHEDULED
    # run with an id of its own.
    [run] = runs
    assert run["Status"] == "SCHEDULED" and len(run["RunId"]) == 32 and run["RunId"] != jid
    m = client.get_journey_execution_metrics(ApplicationId=app_id, JourneyId=jid)["JourneyExecutionMetricsResponse"]
    assert (m["Metrics"], m["JourneyId"]) == ({}, jid)
    a = client.get_journey_run_execution_activity_metrics(
        ApplicationId=app_id, JourneyId=jid, RunId=run["RunId"], JourneyActivityId="pause")[
        "JourneyRunExecutionActivityMetricsResponse"]
    assert (a["ActivityType"], a["RunId"]) == ("WAIT", run["RunId"])
    assert client.get_journey_date_range_kpi(ApplicationId=app_id, JourneyId=jid, KpiName="journey-emails-sent")[
        "JourneyDateRangeKpiResponse"]["KpiResult"]["Rows"] == []
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_journey_execution_activity_metrics(
            ApplicationId=app_id, JourneyId=jid, JourneyActivityId="nope")
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_journey_run_execution_metrics(ApplicationId=app_id, JourneyId=jid, RunId="other")
