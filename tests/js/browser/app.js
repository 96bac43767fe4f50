// The page's script: what a web app's analytics layer does with the JS v3 client.
// Bundled into an IIFE by build.mjs. Reads ?endpoint=…&app=…&endpointId=…&userId=…
// and publishes the outcome on window.__result.
import { PinpointClient, UpdateEndpointCommand, PutEventsCommand, GetEndpointCommand } from '@aws-sdk/client-pinpoint';

function uuid() {
  return crypto.randomUUID();
}

function describeError(err) {
  return {
    name: err?.name,
    message: err?.message,
    fault: err?.$fault,
    httpStatusCode: err?.$metadata?.httpStatusCode,
    requestId: err?.$metadata?.requestId,
    bodyRequestID: err?.RequestID,
  };
}

async function run() {
  const params = new URLSearchParams(location.search);
  const endpoint = params.get('endpoint');
  const appId = params.get('app');
  const endpointId = params.get('endpointId') || uuid();
  const userId = params.get('userId') || `user-${uuid()}`;
  const result = { origin: location.origin, endpointId, userId, steps: {} };

  const client = new PinpointClient({
    endpoint,
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIDPINPOINTLOCAL',
      secretAccessKey: 'pinpoint-local-secret',
      sessionToken: 'browser-session-token',
    },
    maxAttempts: 1,
  });

  // 1. UpdateEndpoint as Amplify v6 Analytics does it: no Address, no ChannelType.
  const now = new Date().toISOString();
  const upd = await client.send(
    new UpdateEndpointCommand({
      ApplicationId: appId,
      EndpointId: endpointId,
      EndpointRequest: {
        RequestId: uuid(),
        EffectiveDate: now,
        Demographic: {
          AppVersion: '1.2.3',
          Make: 'Google Inc.',
          Model: 'Chrome',
          ModelVersion: navigator.userAgent.slice(0, 40),
          Platform: 'web',
          Locale: navigator.language,
        },
        User: { UserId: userId, UserAttributes: { plan: ['free'] } },
        Attributes: { source: ['browser-test'] },
      },
    }),
  );
  result.steps.updateEndpoint = {
    httpStatusCode: upd.$metadata.httpStatusCode,
    requestId: upd.$metadata.requestId,
    message: upd.MessageBody?.Message,
    bodyRequestID: upd.MessageBody?.RequestID,
  };

  // 2. PutEvents like the Amplify event buffer: Endpoint {} plus session start and a custom event.
  const sessionId = uuid();
  const startEventId = uuid();
  const customEventId = uuid();
  const put = await client.send(
    new PutEventsCommand({
      ApplicationId: appId,
      EventsRequest: {
        BatchItem: {
          [endpointId]: {
            Endpoint: {},
            Events: {
              [startEventId]: {
                EventType: '_session.start',
                Timestamp: now,
                Session: { Id: sessionId, StartTimestamp: now },
              },
              [customEventId]: {
                EventType: 'button_click',
                Timestamp: new Date().toISOString(),
                Attributes: { button: 'subscribe', page: location.pathname },
                Metrics: { clicks: 1 },
                Session: { Id: sessionId, StartTimestamp: now },
              },
            },
          },
        },
      },
    }),
  );
  result.steps.putEvents = {
    httpStatusCode: put.$metadata.httpStatusCode,
    requestId: put.$metadata.requestId,
    results: put.EventsResponse?.Results,
    sessionId,
    startEventId,
    customEventId,
  };

  // 3. One call that fails: the error must be mapped from the exposed headers.
  try {
    const out = await client.send(
      new GetEndpointCommand({ ApplicationId: appId, EndpointId: `unknown-${uuid()}` }),
    );
    result.steps.failingCall = { unexpectedSuccess: out.$metadata };
  } catch (err) {
    result.steps.failingCall = describeError(err);
  }
  return result;
}

run().then(
  (result) => {
    window.__result = { ok: true, ...result };
    document.getElementById('status').textContent = JSON.stringify(window.__result, null, 2);
  },
  (err) => {
    window.__result = { ok: false, error: describeError(err), stack: String(err?.stack ?? err) };
    document.getElementById('status').textContent = JSON.stringify(window.__result, null, 2);
  },
);
