"""Channels through boto3: every type's Update/Get/Delete, GetChannels, and the modelled errors.

Rules (docs/behaviour.md): #channel-lifecycle, #channel-validation, #channel-output, #channels-list.

Rule checks live with their rules (src/store/tests/channels.rs and tests/golden/*Channel*); this
file keeps what goes through the client.
"""

import pytest


# (boto3 operation stem, request member, response member, platform, a valid request, secrets)
CHANNELS = [
    ("adm", "ADMChannelRequest", "ADMChannelResponse", "ADM",
     {"ClientId": "client", "ClientSecret": "secret"}, ["ClientId", "ClientSecret"]),
    ("apns", "APNSChannelRequest", "APNSChannelResponse", "APNS",
     {"Certificate": "cert", "PrivateKey": "key"}, ["Certificate", "PrivateKey"]),
    ("apns_sandbox", "APNSSandboxChannelRequest", "APNSSandboxChannelResponse", "APNS_SANDBOX",
     {"TokenKey": "tk", "TokenKeyId": "kid", "BundleId": "com.example", "TeamId": "team"},
     ["TokenKey", "TokenKeyId", "BundleId", "TeamId"]),
    ("apns_voip", "APNSVoipChannelRequest", "APNSVoipChannelResponse", "APNS_VOIP",
     {"Certificate": "cert", "PrivateKey": "key"}, ["Certificate", "PrivateKey"]),
    ("apns_voip_sandbox", "APNSVoipSandboxChannelRequest", "APNSVoipSandboxChannelResponse",
     "APNS_VOIP_SANDBOX", {"Certificate": "cert", "PrivateKey": "key"}, ["PrivateKey"]),
    ("baidu", "BaiduChannelRequest", "BaiduChannelResponse", "BAIDU",
     {"ApiKey": "api", "SecretKey": "secret"}, ["ApiKey", "SecretKey"]),
    ("email", "EmailChannelRequest", "EmailChannelResponse", "EMAIL",
     {"FromAddress": "shop@example.com", "Identity": "arn:aws:ses:us-east-1:000000000000:identity/example.com"}, []),
    ("gcm", "GCMChannelRequest", "GCMChannelResponse", "GCM", {"ApiKey": "api"}, ["ApiKey"]),
    ("sms", "SMSChannelRequest", "SMSChannelResponse", "SMS", {"SenderId": "ACME"}, []),
    ("voice", "VoiceChannelRequest", "VoiceChannelResponse", "VOICE", {}, []),
]


def _call(client, verb, stem, app_id, **kwargs):
    return getattr(client, f"{verb}_{stem}_channel")(ApplicationId=app_id, **kwargs)


@pytest.fixture
def app(client):
    return client.create_app(CreateApplicationRequest={"Name": "channels"})["ApplicationResponse"]["Id"]


@pytest.mark.parametrize("stem,req_member,resp_member,platform,body,secrets", CHANNELS)
def test_every_channel_type_round_trips(client, app, stem, req_member, resp_member, platform, body, secrets):
    created = _call(client, "update", stem, app, **{req_member: body})[resp_member]
    assert created["Platform"] == platform and created["Id"] == stem
    assert created["Version"] == 1 and created["Enabled"] is True and created["IsArchived"] is False
    for secret in secrets:
        assert secret not in created, f"{secret} is echoed"
    if platform in ("ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU", "GCM"):
        assert created["HasCredential"] is True
    # boto3 insists on the model's required members (ADM, Baidu, Email), so they are sent again.
    updated = _call(client, "update", stem, app, **{req_member: {**body, "Enabled": False}})[resp_member]
    assert (updated["Version"], updated["Enabled"]) == (2, False)
    assert updated["CreationDate"] == created["CreationDate"]
    assert _call(client, "get", stem, app)[resp_member] == updated
    assert _call(client, "delete", stem, app)[resp_member] == updated
    with pytest.raises(client.exceptions.NotFoundException):
        _call(client, "get", stem, app)


def test_get_channels_lists_what_is_set_up_and_in_app(client, app):
    client.update_sms_channel(ApplicationId=app, SMSChannelRequest={})
    client.update_apns_channel(ApplicationId=app, APNSChannelRequest={"TokenKey": "k", "TokenKeyId": "i",
                                                                      "BundleId": "b", "TeamId": "t"})
    channels = client.get_channels(ApplicationId=app)["ChannelsResponse"]["Channels"]
    assert sorted(channels) == ["APNS", "IN_APP", "SMS"]
    assert channels["IN_APP"] == {"Enabled": True, "IsArchived": False, "Version": 0}
    assert "Platform" not in channels["SMS"] and channels["APNS"]["HasCredential"] is True


def test_apns_and_gcm_answer_their_authentication(client, app):
    apns = client.update_apns_sandbox_channel(
        ApplicationId=app, APNSSandboxChannelRequest={"Certificate": "c", "PrivateKey": "k", "TokenKey": ""}
    )["APNSSandboxChannelResponse"]
    assert (apns["DefaultAuthenticationMethod"], apns["HasTokenKey"]) == ("CERTIFICATE", False)
    gcm = client.update_gcm_channel(ApplicationId=app, GCMChannelRequest={"ServiceJson": "{}"})["GCMChannelResponse"]
    assert (gcm["DefaultAuthenticationMethod"], gcm["HasFcmServiceCredentials"]) == ("KEY", True)
    assert "Credential" not in gcm

