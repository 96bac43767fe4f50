"""The README's Python examples (sending messages, import and export jobs, fault injection) run
as written against a running emulator (only the URL and the S3 folder are the test's).

Rules (docs/behaviour.md): #message-outcomes, #sent-messages, #otp, #jobs-s3-root, #faults,
#test-clock.
"""

import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def examples():
    text = README.read_text()
    start = text.index("### Testing code that sends messages")
    end = text.index("\n### ", start + 1)
    return re.findall(r"```python\n(.*?)```", text[start:end], re.S)


def test_the_send_and_otp_examples_run(server):
    blocks = examples()
    assert len(blocks) == 2
    scope = {}
    for block in blocks:
        exec(block.replace("http://127.0.0.1:4590", server.url), scope)  # noqa: S102
    assert scope["verify"](scope["code"]) is False


def test_the_jobs_example_runs(server_factory, tmp_path):
    text = README.read_text()
    start = text.index("### Import and export jobs")
    end = text.index("\n### ", start + 1)
    blocks = re.findall(r"```python\n(.*?)```", text[start:end], re.S)
    assert len(blocks) == 1
    assert '"s3-root"' in blocks[0], "the example names its --s3-root folder"
    srv = server_factory("--s3-root", str(tmp_path))
    scope = {}
    code = blocks[0].replace("http://127.0.0.1:4590", srv.url).replace('"s3-root"', repr(str(tmp_path)))
    exec(code, scope)  # noqa: S102
    assert '"Id":"ana"' in scope["lines"][0]


def test_the_fault_injection_example_runs(server_factory):
    text = README.read_text()
    start = text.index("### Fault injection")
    end = text.index("\n### ", start + 1)
    blocks = re.findall(r"```python\n(.*?)```", text[start:end], re.S)
    assert len(blocks) == 1
    srv = server_factory()
    exec(blocks[0].replace("http://127.0.0.1:4590", srv.url), {})  # noqa: S102
    rules = srv.request("GET", "/_pinpoint/faults").json()["Rules"]
    assert rules == []
    endpoint = srv.request("GET", "/v1/apps/retry-app/endpoints/e1")
    assert endpoint.status == 200


def test_the_clock_example_runs(server_factory):
    """docs/behaviour.md#test-clock: the README's recurring campaign and expiring code."""
    from conftest import make_client, put_endpoint
    text = README.read_text()
    start = text.index("### The test clock")
    end = text.index("\n### ", start + 1)
    [block] = re.findall(r"```python\n(.*?)```", text[start:end], re.S)
    srv = server_factory()
    pinpoint = make_client(srv)
    app_id = pinpoint.create_app(CreateApplicationRequest={"Name": "readme"})["ApplicationResponse"]["Id"]
    pinpoint.update_sms_channel(ApplicationId=app_id, SMSChannelRequest={"Enabled": True})
    put_endpoint(pinpoint, app_id, "ana", ChannelType="SMS", Address="+12065550131")
    segment_id = pinpoint.create_segment(
        ApplicationId=app_id, WriteSegmentRequest={"Name": "all"})["SegmentResponse"]["Id"]
    scope = {"pinpoint": pinpoint, "app_id": app_id, "segment_id": segment_id}
    exec(block.replace("http://127.0.0.1:4590", srv.url), scope)  # noqa: S102
    sent = srv.get_json(f"/_pinpoint/sent-messages?application-id={app_id}&channel=SMS")["Messages"]
    assert [m["SentAt"] for m in sent if m["Operation"] == "Campaign"] == [
        "2030-03-01T09:00:00.000Z", "2030-03-02T09:00:00.000Z", "2030-03-03T09:00:00.000Z"]


def test_the_journey_example_runs(server_factory):
    """docs/behaviour.md#journeys-that-run: the README's onboarding journey, split on an open."""
    from conftest import make_client, put_endpoint
    text = README.read_text()
    start = text.index("### Journeys on the test clock")
    end = text.index("\n### ", start + 1)
    [block] = re.findall(r"```python\n(.*?)```", text[start:end], re.S)
    srv = server_factory()
    pinpoint = make_client(srv)
    app_id = pinpoint.create_app(CreateApplicationRequest={"Name": "readme"})["ApplicationResponse"]["Id"]
    pinpoint.update_email_channel(ApplicationId=app_id, EmailChannelRequest={
        "Enabled": True, "FromAddress": "team@example.com",
        "Identity": "arn:aws:ses:us-east-1:123456789012:identity/example.com"})
    pinpoint.create_email_template(TemplateName="welcome", EmailTemplateRequest={
        "Subject": "Welcome", "HtmlPart": "<p>Hello</p>"})
    put_endpoint(pinpoint, app_id, "ana", ChannelType="EMAIL", Address="ana@example.com")
    put_endpoint(pinpoint, app_id, "bo", ChannelType="EMAIL", Address="bo@example.com")
    segment_id = pinpoint.create_segment(
        ApplicationId=app_id, WriteSegmentRequest={"Name": "all"})["SegmentResponse"]["Id"]
    scope = {"pinpoint": pinpoint, "app_id": app_id, "segment_id": segment_id}
    exec(block.replace("http://127.0.0.1:4590", srv.url), scope)  # noqa: S102
    metrics = pinpoint.get_journey_execution_activity_metrics(
        ApplicationId=app_id, JourneyId=scope["journey_id"], JourneyActivityId="opened")
    assert metrics["JourneyExecutionActivityMetricsResponse"]["Metrics"] == {"Branch_1": "1", "Branch_2": "1"}
