// The test clock (docs/behaviour.md#test-clock) with @aws-sdk/client-pinpoint in Node: a server
// started frozen with --clock, a DAILY campaign written through the SDK, one advance of a week,
// and the runs read back through the SDK. The clock's rules are owned by src/clock.rs and
// src/store/tests/clock.rs; this file checks what a JS test sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  CreateCampaignCommand,
  CreateSegmentCommand,
  GetCampaignActivitiesCommand,
  GetCampaignCommand,
  UpdateEndpointCommand,
  UpdateSmsChannelCommand,
} from '@aws-sdk/client-pinpoint';
import { makeClient, startServer } from './lib/server.mjs';

let server;
let client;

before(async () => {
  server = await startServer({ args: ['--clock', '2030-03-01T00:00:00Z'] });
  client = makeClient(server.url);
});

after(async () => {
  await server?.stop();
});

async function clock(method, path = '', body) {
  const res = await fetch(`${server.url}/_pinpoint/clock${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

test('a week-long DAILY campaign runs in one advance, each run at its own time', async () => {
  assert.deepEqual((await clock('GET')).body, { Now: '2030-03-01T00:00:00.000Z', Frozen: true });
  const app = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'js-clock' } }));
  const appId = app.ApplicationResponse.Id;
  assert.equal(app.ApplicationResponse.CreationDate, '2030-03-01T00:00:00.000Z');
  await client.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }));
  await client.send(
    new UpdateEndpointCommand({
      ApplicationId: appId,
      EndpointId: 'ana',
      EndpointRequest: { ChannelType: 'SMS', Address: '+12065550141' },
    }),
  );
  const seg = await client.send(
    new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'all' } }),
  );
  const campaign = await client.send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        Name: 'daily',
        SegmentId: seg.SegmentResponse.Id,
        Schedule: { StartTime: '2030-03-01T09:00:00Z', Frequency: 'DAILY', EndTime: '2030-03-03T12:00:00Z' },
        MessageConfiguration: { SMSMessage: { Body: 'Good morning' } },
      },
    }),
  );
  const id = campaign.CampaignResponse.Id;

  const advanced = await clock('POST', '/advance', { By: 'P7D' });
  assert.equal(advanced.status, 200);
  assert.equal(advanced.body.Now, '2030-03-08T00:00:00.000Z');
  assert.equal(advanced.body.Ran.CampaignRuns, 3);
  assert.equal(advanced.body.Ran.Messages, 3);

  const acts = await client.send(new GetCampaignActivitiesCommand({ ApplicationId: appId, CampaignId: id }));
  const starts = acts.ActivitiesResponse.Item.map((a) => a.ScheduledStart).sort();
  assert.deepEqual(starts, ['2030-03-01T09:00:00.000Z', '2030-03-02T09:00:00.000Z', '2030-03-03T09:00:00.000Z']);
  const got = await client.send(new GetCampaignCommand({ ApplicationId: appId, CampaignId: id }));
  assert.equal(got.CampaignResponse.State.CampaignStatus, 'COMPLETED');

  const back = await clock('POST', '/advance', { To: '2030-03-01T00:00:00Z' });
  assert.equal(back.status, 400);
  assert.match(back.body.Message, /earlier/);
});
