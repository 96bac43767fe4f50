// SendMessages and SendUsersMessages through @aws-sdk/client-pinpoint in Node: how the SDK reads
// the per-recipient results (Result, EndpointResult, the nested users' map) and what the sent log
// shows. The messaging rules themselves are owned by src/store/tests/messages.rs,
// message_content.rs and otp.rs and the golden files under tests/golden/Send*.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  DeleteAppCommand,
  SendMessagesCommand,
  SendUsersMessagesCommand,
  UpdateEndpointCommand,
  UpdateSmsChannelCommand,
} from '@aws-sdk/client-pinpoint';
import { ISO_MS_Z, serverForFile } from './lib/server.mjs';

let server;
let client;

serverForFile((s, c) => {
  [server, client] = [s, c];
});

// docs/behaviour.md#messages, #message-outcomes, #message-content, #rendering, #otp, #sent-messages
describe('Messaging', () => {
  const MESSAGE_ID = /^[0-9a-v]{40}$/;
  const ORIGIN = '+18005550100';
  let appId;
  let serial = 0;
  /** A fresh E.164 number per call. */
  const phone = () => `+1206${String(Date.now() % 1e4).padStart(4, '0')}${String(serial++).padStart(3, '0')}`;

  /** GET /_pinpoint/sent-messages with the given query (docs/behaviour.md#sent-messages). */
  async function sentMessages(query) {
    const res = await fetch(`${server.url}/_pinpoint/sent-messages?${new URLSearchParams(query)}`);
    assert.equal(res.status, 200, 'GET /_pinpoint/sent-messages');
    return (await res.json()).Messages;
  }

  function assertSuccess(result) {
    assert.equal(result?.DeliveryStatus, 'SUCCESSFUL', JSON.stringify(result));
    assert.equal(result.StatusCode, 200);
    assert.match(result.MessageId, MESSAGE_ID);
    assert.equal(result.StatusMessage, `MessageId: ${result.MessageId}`);
  }

  const sendSms = (request) =>
    client.send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: { MessageConfiguration: { SMSMessage: { Body: 'hi' } }, ...request },
      }),
    );

  before(async () => {
    const created = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'js-messaging' } }));
    appId = created.ApplicationResponse.Id;
    // A recipient on a channel that is not enabled fails (docs/behaviour.md#message-outcomes).
    const channel = await client.send(
      new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }),
    );
    assert.equal(channel.SMSChannelResponse?.Enabled, true);
  });

  after(async () => {
    if (appId) await client.send(new DeleteAppCommand({ ApplicationId: appId }));
  });

  test('SendMessages to an SMS address: SUCCESSFUL, and read back from the sent log', async () => {
    const to = phone();
    const out = await client.send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { [to]: { ChannelType: 'SMS' } },
          MessageConfiguration: {
            SMSMessage: { Body: 'Your code is ready', OriginationNumber: ORIGIN, MessageType: 'TRANSACTIONAL' },
          },
        },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    const body = out.MessageResponse;
    assert.equal(body.ApplicationId, appId);
    assert.equal(body.RequestId, out.$metadata.requestId, 'body RequestId equals x-amzn-RequestId');
    assert.equal(body.EndpointResult, undefined, 'no EndpointResult for an Addresses-only request');
    assert.deepEqual(Object.keys(body.Result), [to]);
    assertSuccess(body.Result[to]);

    const log = await sentMessages({ 'application-id': appId, address: to });
    assert.equal(log.length, 1);
    const m = log[0];
    assert.equal(m.Operation, 'SendMessages');
    assert.equal(m.Channel, 'SMS');
    assert.equal(m.Body, 'Your code is ready');
    assert.equal(m.MessageId, body.Result[to].MessageId);
    assert.equal(m.RequestId, body.RequestId);
    assert.deepEqual(m.Settings, { OriginationNumber: ORIGIN, MessageType: 'TRANSACTIONAL' });
    assert.match(m.SentAt, ISO_MS_Z);
  });

  test('SendMessages to endpoints: EndpointResult with Address, no Result key, unknown id -> 404 result', async () => {
    const to = phone();
    await client.send(
      new UpdateEndpointCommand({
        ApplicationId: appId,
        EndpointId: 'js-phone',
        EndpointRequest: { ChannelType: 'SMS', Address: to },
      }),
    );
    const out = await sendSms({ Endpoints: { 'js-phone': {}, 'js-ghost': {} } });
    const body = out.MessageResponse;
    assert.equal(body.Result, undefined, 'no Result key for an Endpoints-only request');
    assertSuccess(body.EndpointResult['js-phone']);
    assert.equal(body.EndpointResult['js-phone'].Address, to);
    const ghost = body.EndpointResult['js-ghost'];
    assert.equal(ghost.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(ghost.StatusCode, 404);
    assert.equal(ghost.StatusMessage, 'Endpoint js-ghost not found');
    assert.equal(ghost.Address, undefined);
    assert.equal(ghost.MessageId, undefined);

    const log = await sentMessages({ 'application-id': appId, 'endpoint-id': 'js-phone' });
    assert.deepEqual(log.map((m) => [m.EndpointId, m.Address, m.Body]), [['js-phone', to, 'hi']]);
    assert.equal((await sentMessages({ 'application-id': appId, 'endpoint-id': 'js-ghost' })).length, 0);
  });

  test('SendUsersMessages: every endpoint of a user; a user without endpoints answers {}', async () => {
    const [one, two] = [phone(), phone()];
    for (const [id, address] of [['js-u-1', one], ['js-u-2', two]]) {
      await client.send(
        new UpdateEndpointCommand({
          ApplicationId: appId,
          EndpointId: id,
          EndpointRequest: { ChannelType: 'SMS', Address: address, User: { UserId: 'js-user' } },
        }),
      );
    }
    const out = await client.send(
      new SendUsersMessagesCommand({
        ApplicationId: appId,
        SendUsersMessageRequest: {
          MessageConfiguration: { SMSMessage: { Body: 'Hello {{User.UserId}}' } },
          Users: { 'js-user': {}, 'js-nobody': {} },
        },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    const body = out.SendUsersMessageResponse;
    assert.equal(body.ApplicationId, appId);
    assert.equal(body.RequestId, out.$metadata.requestId);
    assert.deepEqual(body.Result['js-nobody'], {});
    const mine = body.Result['js-user'];
    assert.deepEqual(Object.keys(mine).sort(), ['js-u-1', 'js-u-2']);
    assertSuccess(mine['js-u-1']);
    assertSuccess(mine['js-u-2']);
    assert.equal(mine['js-u-1'].Address, one);

    const log = await sentMessages({ 'application-id': appId, 'user-id': 'js-user' });
    assert.deepEqual(log.map((m) => m.EndpointId).sort(), ['js-u-1', 'js-u-2']);
    for (const m of log) {
      assert.equal(m.Operation, 'SendUsersMessages');
      assert.equal(m.Body, 'Hello js-user');
    }
  });
});
