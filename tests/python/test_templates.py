"""Message templates through boto3: every type's create/get/update/delete, versions, the active
version, the listings, and the modelled errors.

Rules (docs/behaviour.md): #templates, #template-versions, #template-output.

Rule checks live with their rules (src/store/tests/templates.rs and tests/golden/*Template*); this
file keeps what goes through the client.
"""

import uuid

import pytest

from conftest import error_of

TYPES = [
    ("email", "EmailTemplateRequest", "EmailTemplateResponse", "EMAIL",
     {"Subject": "Hi", "HtmlPart": "<p>Hi</p>", "TextPart": "Hi"}),
    ("in_app", "InAppTemplateRequest", "InAppTemplateResponse", "INAPP",
     {"Content": [{"BodyConfig": {"Alignment": "CENTER", "Body": "Hi", "TextColor": "black"}}],
      "Layout": "BOTTOM_BANNER"}),
    ("push", "PushNotificationTemplateRequest", "PushNotificationTemplateResponse", "PUSH",
     {"Default": {"Title": "Hi", "Body": "Shipped"}}),
    ("sms", "SMSTemplateRequest", "SMSTemplateResponse", "SMS", {"Body": "Code {{Attributes.Code}}"}),
    ("voice", "VoiceTemplateRequest", "VoiceTemplateResponse", "VOICE",
     {"Body": "Hello", "LanguageCode": "en-US", "VoiceId": "Joanna"}),
]


@pytest.fixture
def name():
    return "t-" + uuid.uuid4().hex[:12]


@pytest.mark.parametrize("stem,req,resp,ttype,body", TYPES)
def test_every_template_type_round_trips(client, name, stem, req, resp, ttype, body):
    created = getattr(client, f"create_{stem}_template")(TemplateName=name, **{req: {**body, "tags": {"team": "web"}}})
    # The in-app operation names its answer differently in the model.
    message = created["TemplateCreateMessageBody" if ttype == "INAPP" else "CreateTemplateMessageBody"]
    assert message["Message"] == "Created"
    assert message["Arn"].endswith(f":templates/{name}/{ttype}")
    got = getattr(client, f"get_{stem}_template")(TemplateName=name)[resp]
    assert (got["TemplateName"], got["TemplateType"], got["Version"]) == (name, ttype, "1")
    assert got["tags"] == {"team": "web"}
    for key, value in body.items():
        assert got[key] == value, key
    update = getattr(client, f"update_{stem}_template")
    update(TemplateName=name, CreateNewVersion=True, **{req: {**body, "TemplateDescription": "v2"}})
    assert getattr(client, f"get_{stem}_template")(TemplateName=name)[resp]["Version"] == "1"
    second = getattr(client, f"get_{stem}_template")(TemplateName=name, Version="2")[resp]
    assert second["TemplateDescription"] == "v2"
    getattr(client, f"delete_{stem}_template")(TemplateName=name)
    with pytest.raises(client.exceptions.NotFoundException):
        getattr(client, f"get_{stem}_template")(TemplateName=name)


def test_versions_active_version_and_listings(client, name):
    client.create_sms_template(TemplateName=name, SMSTemplateRequest={"Body": "one"})
    client.update_sms_template(TemplateName=name, CreateNewVersion=True, SMSTemplateRequest={"Body": "two"})
    versions = client.list_template_versions(TemplateName=name, TemplateType="SMS")["TemplateVersionsResponse"]
    assert [v["Version"] for v in versions["Item"]] == ["2", "1"]
    client.update_template_active_version(TemplateName=name, TemplateType="SMS",
                                          TemplateActiveVersionRequest={"Version": "latest"})
    assert client.get_sms_template(TemplateName=name)["SMSTemplateResponse"]["Body"] == "two"
    listed = client.list_templates(Prefix=name, TemplateType="SMS")["TemplatesResponse"]["Item"]
    assert [(t["TemplateName"], t["Version"]) for t in listed] == [(name, "2")]
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.update_sms_template(TemplateName=name, Version="1", SMSTemplateRequest={"Body": "x"})
    assert "latest" in error_of(exc)[2]
    with pytest.raises(client.exceptions.BadRequestException):
        client.delete_sms_template(TemplateName=name, Version="2")
    client.delete_sms_template(TemplateName=name, Version="1")
    client.delete_sms_template(TemplateName=name)

