"""Journeys through boto3: create, read, list, update, the state machine and its 409, delete.
Journeys are stored and validated, not executed.

Rules (docs/behaviour.md): #journey-validation, #journey-states.

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

