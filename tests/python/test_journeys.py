"""Journeys through boto3: create, read, list, update, the state machine and its 409, delete;
and a journey that runs on a moved clock, entered by a PutEvents event, read back through the
runs, execution metrics and KPI operations.

Rules (docs/behaviour.md): #journey-validation, #journey-states, #journeys-that-run,
#journey-entry, #journey-metrics, #journey-positions.

Rule checks live with their rules (src/store/tests/journeys.rs and tests/golden/*Journey*); this
file keeps what goes through the client.
"""

import pytest

from conftest import put_endpoint

JOURNEY = {
    "Name": "welcome", "StartActivity": "first", "RefreshFrequency": "PT1H",
    "Activities": {"first": {"EMAIL": {"NextActivity": "pause"}}, "pause": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}}},
}


@pytest.fixture
def app(client, app_id):
    put_endpoint(client, app_id, "e1", ChannelType="EMAIL", Address="a@x.com")
    return app_id


def test_journey_lifecycle(client, app):
    j = client.create_journey(ApplicationId=app, WriteJourneyRequest=JOURNEY)["JourneyResponse"]
    assert j["State"] == "DRAFT" and j["Name"] == "welcome" and j["tags"] == {}
    assert j["Activities"] == JOURNEY["Activities"] and j["LocalTime"] is False
    assert client.get_journey(ApplicationId=app, JourneyId=j["Id"])["JourneyResponse"]["Id"] == j["Id"]
    listed = client.list_journeys(ApplicationId=app)["JourneysResponse"]["Item"]
    assert [x["Id"] for x in listed] == [j["Id"]]
    state = lambda s: client.update_journey_state(ApplicationId=app, JourneyId=j["Id"],
                                                  JourneyStateRequest={"State": s})["JourneyResponse"]["State"]
    assert state("ACTIVE") == "ACTIVE"
    with pytest.raises(client.exceptions.ConflictException):
        client.update_journey(ApplicationId=app, JourneyId=j["Id"], WriteJourneyRequest={
            "Name": "welcome", "Activities": {"only": {"Wait": {}}}, "StartActivity": "only"})
    assert state("PAUSED") == "PAUSED"
    assert state("CANCELLED") == "CANCELLED"
    with pytest.raises(client.exceptions.BadRequestException):
        state("ACTIVE")
    client.delete_journey(ApplicationId=app, JourneyId=j["Id"])
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_journey(ApplicationId=app, JourneyId=j["Id"])



def test_an_event_journey_runs_on_a_moved_clock(server, account_client, account_id):
    """An event enters its endpoint; the email goes at the event's instant, the wait ends a day
    later; runs, metrics and KPIs are read back through boto3."""
    c = account_client
    clock = f"/_pinpoint/clock?account={account_id}&region=us-east-1"
    assert server.request("PUT", clock, {"Now": "2030-01-07T09:00:00Z"}).status == 200
    app_id = c.create_app(CreateApplicationRequest={"Name": "journeys"})["ApplicationResponse"]["Id"]
    c.update_email_channel(ApplicationId=app_id, EmailChannelRequest={
        "Enabled": True, "FromAddress": "team@example.com",
        "Identity": "arn:aws:ses:us-east-1:123456789012:identity/example.com"})
    c.create_email_template(TemplateName="hello", EmailTemplateRequest={
        "Subject": "Hello {{Attributes.Name}}", "HtmlPart": "<p>Hi</p>"})
    put_endpoint(c, app_id, "ana", ChannelType="EMAIL", Address="ana@example.com",
                 Attributes={"Name": ["Ana"]})
    j = c.create_journey(ApplicationId=app_id, WriteJourneyRequest={
        "Name": "signup", "State": "ACTIVE", "StartActivity": "hello",
        "StartCondition": {"EventStartCondition": {"EventFilter": {
            "FilterType": "ENDPOINT", "Dimensions": {"EventType": {"Values": ["signup"]}}}}},
        "Activities": {
            "hello": {"EMAIL": {"TemplateName": "hello", "NextActivity": "later"}},
            "later": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}}}})["JourneyResponse"]
    assert j["State"] == "ACTIVE"
    c.put_events(ApplicationId=app_id, EventsRequest={"BatchItem": {"ana": {
        "Endpoint": {}, "Events": {"e1": {"EventType": "signup", "Timestamp": "2030-01-07T09:00:00Z"}}}}})
    # PutEvents only queues the entry: nothing is sent before the clock's next processing.
    assert server.get_json(f"/_pinpoint/sent-messages?application-id={app_id}")["Messages"] == []
    ran = server.request("POST", f"/_pinpoint/clock/advance?account={account_id}&region=us-east-1",
                         {"By": "PT1M"}).json()["Ran"]
    assert ran["Messages"] == 1 and ran["JourneyActivities"] == 2, ran
    [m] = server.get_json(f"/_pinpoint/sent-messages?application-id={app_id}")["Messages"]
    assert m["SentAt"] == "2030-01-07T09:00:00.000Z" and m["Subject"] == "Hello Ana"

    runs = c.get_journey_runs(ApplicationId=app_id, JourneyId=j["Id"])["JourneyRunsResponse"]["Item"]
    assert len(runs) == 1 and runs[0]["Status"] == "RUNNING" and runs[0]["RunId"] != j["Id"]
    assert m["Context"]["JourneyRunId"] == runs[0]["RunId"]
    metrics = c.get_journey_execution_metrics(ApplicationId=app_id, JourneyId=j["Id"])
    assert metrics["JourneyExecutionMetricsResponse"]["Metrics"] == {
        "ENDPOINT_ACTIVE": "1", "ENDPOINT_ENTERED": "1", "ENDPOINT_PRODUCED": "1"}
    wait = c.get_journey_execution_activity_metrics(ApplicationId=app_id, JourneyId=j["Id"],
                                                    JourneyActivityId="later")
    assert wait["JourneyExecutionActivityMetricsResponse"]["ActivityType"] == "WAIT"
    assert wait["JourneyExecutionActivityMetricsResponse"]["Metrics"] == {"INFLIGHT": "1"}
    email = c.get_journey_run_execution_activity_metrics(
        ApplicationId=app_id, JourneyId=j["Id"], RunId=runs[0]["RunId"], JourneyActivityId="hello")
    assert email["JourneyRunExecutionActivityMetricsResponse"]["Metrics"] == {"SUCCESS": "1"}

    server.request("POST", f"/_pinpoint/clock/advance?account={account_id}&region=us-east-1", {"By": "P1D"})
    run = c.get_journey_run_execution_metrics(ApplicationId=app_id, JourneyId=j["Id"], RunId=runs[0]["RunId"])
    assert run["JourneyRunExecutionMetricsResponse"]["Metrics"] == {
        "ENDPOINT_ENTERED": "1", "ENDPOINT_LEFT": "1", "ENDPOINT_PRODUCED": "1"}
    positions = server.get_json(f"/_pinpoint/journeys/positions?application-id={app_id}"
                                f"&journey-id={j['Id']}&account={account_id}")["Endpoints"]
    assert positions == [{"EndpointId": "ana", "ActivityId": None, "State": "EXITED",
                          "Since": "2030-01-08T09:00:00.000Z", "Entries": 1}]
    kpi = c.get_journey_date_range_kpi(ApplicationId=app_id, JourneyId=j["Id"], KpiName="journey-emails-sent",
                                       StartTime="2030-01-01T00:00:00Z", EndTime="2030-01-10T00:00:00Z")
    rows = kpi["JourneyDateRangeKpiResponse"]["KpiResult"]["Rows"]
    assert rows[0]["Values"][0]["Value"] == "1.0"
    with pytest.raises(c.exceptions.NotFoundException):
        c.get_journey_run_execution_metrics(ApplicationId=app_id, JourneyId=j["Id"], RunId=j["Id"])
