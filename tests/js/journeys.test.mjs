// Journeys that run (docs/behaviour.md#journeys-that-run) with @aws-sdk/client-pinpoint in Node:
// a server started frozen with --clock, a segment journey (email, a day's wait, a split on
// whether the email was opened, a reminder) written through the SDK, an open recorded through
// the engagement route, and the runs, execution metrics and positions read back. The rules are
// owned by src/store/engagement/journeys and src/store/tests/journey_*.rs; this file checks
// what a JS test sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  CreateEmailTemplateCommand,
  CreateJourneyCommand,
  CreateSegmentCommand,
  GetJourneyCommand,
  GetJourneyExecutionActivityMetricsCommand,
  GetJourneyExecutionMetricsCommand,
  GetJourneyRunExecutionActivityMetricsCommand,
  GetJourneyRunExecutionMetricsCommand,
  GetJourneyRunsCommand,
  UpdateEmailChannelCommand,
  UpdateEndpointCommand,
  UpdateJourneyStateCommand,
} from '@aws-sdk/client-pinpoint';
import { makeClient, startServer } from './lib/server.mjs';

let server;
let client;

before(async () => {
  server = await startServer({ args: ['--clock', '2030-01-07T09:00:00Z'] });
  client = makeClient(server.url);
});

after(async () => {
  await server?.stop();
});

async function call(method, path, body) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

test('an onboarding journey runs a week in one advance and splits on an open', async () => {
  const app = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'js-journey' } }));
  const appId = app.ApplicationResponse.Id;
  await client.send(
    new UpdateEmailChannelCommand({
      ApplicationId: appId,
      EmailChannelRequest: {
        Enabled: true,
        FromAddress: 'team@example.com',
        Identity: 'arn:aws:ses:us-east-1:123456789012:identity/example.com',
      },
    }),
  );
  await client.send(
    new CreateEmailTemplateCommand({
      TemplateName: 'js-welcome',
      EmailTemplateRequest: { Subject: 'Welcome', HtmlPart: '<p>Hi</p>' },
    }),
  );
  for (const [id, address] of [['ana', 'ana@example.com'], ['bo', 'bo@example.com']]) {
    await client.send(
      new UpdateEndpointCommand({
        ApplicationId: appId,
        EndpointId: id,
        EndpointRequest: { ChannelType: 'EMAIL', Address: address },
      }),
    );
  }
  const seg = await client.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'all' } }));
  const created = await client.send(
    new CreateJourneyCommand({
      ApplicationId: appId,
      WriteJourneyRequest: {
        Name: 'onboarding',
        StartActivity: 'welcome',
        Schedule: { StartTime: new Date('2030-01-07T10:00:00Z') },
        StartCondition: { SegmentStartCondition: { SegmentId: seg.SegmentResponse.Id } },
        Activities: {
          welcome: { EMAIL: { TemplateName: 'js-welcome', NextActivity: 'opened' } },
          opened: {
            ConditionalSplit: {
              Condition: {
                Conditions: [
                  { EventCondition: { MessageActivity: 'welcome', Dimensions: { EventType: { Values: ['_email.open'] } } } },
                ],
              },
              EvaluationWaitTime: { WaitFor: 'P1D' },
              FalseActivity: 'reminder',
            },
          },
          reminder: { EMAIL: { TemplateName: 'js-welcome' } },
        },
      },
    }),
  );
  const journeyId = created.JourneyResponse.Id;
  assert.equal(created.JourneyResponse.State, 'DRAFT');
  await client.send(
    new UpdateJourneyStateCommand({ ApplicationId: appId, JourneyId: journeyId, JourneyStateRequest: { State: 'ACTIVE' } }),
  );
  const scheduled = await client.send(new GetJourneyRunsCommand({ ApplicationId: appId, JourneyId: journeyId }));
  assert.equal(scheduled.JourneyRunsResponse.Item[0].Status, 'SCHEDULED');

  const first = await call('POST', '/_pinpoint/clock/advance', { By: 'PT1H' });
  assert.equal(first.body.Ran.Messages, 2);
  const sent = (await call('GET', `/_pinpoint/sent-messages?application-id=${appId}`)).body.Messages;
  const ana = sent.find((m) => m.EndpointId === 'ana');
  const open = await call('POST', `/_pinpoint/sent-messages/${ana.MessageId}/events`, { EventType: '_email.open' });
  assert.equal(open.status, 201);
  assert.equal(open.body.Event.Attributes.journey_id, journeyId);

  await call('POST', '/_pinpoint/clock/advance', { By: 'P7D' });
  const later = (await call('GET', `/_pinpoint/sent-messages?application-id=${appId}`)).body.Messages;
  const reminders = later.filter((m) => m.Context.JourneyActivityId === 'reminder');
  assert.deepEqual(reminders.map((m) => [m.EndpointId, m.SentAt]), [['bo', '2030-01-08T10:00:00.000Z']]);

  const journey = await client.send(new GetJourneyCommand({ ApplicationId: appId, JourneyId: journeyId }));
  assert.equal(journey.JourneyResponse.State, 'COMPLETED');
  const runs = await client.send(new GetJourneyRunsCommand({ ApplicationId: appId, JourneyId: journeyId }));
  const [run] = runs.JourneyRunsResponse.Item;
  assert.equal(run.Status, 'COMPLETED');
  assert.match(run.RunId, /^[0-9a-f]{32}$/);
  const metrics = await client.send(new GetJourneyExecutionMetricsCommand({ ApplicationId: appId, JourneyId: journeyId }));
  assert.deepEqual(metrics.JourneyExecutionMetricsResponse.Metrics, {
    ENDPOINT_ENTERED: '2',
    ENDPOINT_LEFT: '2',
    ENDPOINT_PRODUCED: '2',
  });
  const split = await client.send(
    new GetJourneyExecutionActivityMetricsCommand({ ApplicationId: appId, JourneyId: journeyId, JourneyActivityId: 'opened' }),
  );
  assert.equal(split.JourneyExecutionActivityMetricsResponse.ActivityType, 'CONDITIONAL_SPLIT');
  assert.deepEqual(split.JourneyExecutionActivityMetricsResponse.Metrics, { Branch_1: '1', Branch_2: '1' });
  const runMetrics = await client.send(
    new GetJourneyRunExecutionMetricsCommand({ ApplicationId: appId, JourneyId: journeyId, RunId: run.RunId }),
  );
  assert.deepEqual(runMetrics.JourneyRunExecutionMetricsResponse.Metrics, metrics.JourneyExecutionMetricsResponse.Metrics);
  const reminder = await client.send(
    new GetJourneyRunExecutionActivityMetricsCommand({
      ApplicationId: appId,
      JourneyId: journeyId,
      RunId: run.RunId,
      JourneyActivityId: 'reminder',
    }),
  );
  assert.deepEqual(reminder.JourneyRunExecutionActivityMetricsResponse.Metrics, { SUCCESS: '1' });
  await assert.rejects(
    client.send(new GetJourneyRunExecutionMetricsCommand({ ApplicationId: appId, JourneyId: journeyId, RunId: journeyId })),
    (e) => e.name === 'NotFoundException',
  );

  const positions = await call('GET', `/_pinpoint/journeys/positions?application-id=${appId}&journey-id=${journeyId}`);
  assert.deepEqual(
    positions.body.Endpoints.map((p) => [p.EndpointId, p.State]),
    [['ana', 'EXITED'], ['bo', 'EXITED']],
  );
});
