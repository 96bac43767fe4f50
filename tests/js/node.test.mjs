// AWS SDK for JavaScript v3 (@aws-sdk/client-pinpoint) against pinpoint-local, in Node.
// Rules: docs/behaviour.md; comments and messages cite a rule by its anchor (docs/behaviour.md#…).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  DeleteAppCommand,
  DeleteUserEndpointsCommand,
  GetAppCommand,
  GetAppsCommand,
  GetEndpointCommand,
  GetUserEndpointsCommand,
  PutEventsCommand,
  RemoveAttributesCommand,
  UpdateEndpointCommand,
  UpdateEndpointsBatchCommand,
} from '@aws-sdk/client-pinpoint';
import {
  ISO_MS_Z,
  expectError,
  makeClient,
  newAppId,
  recordedEvents,
  serverForFile,
  startServer,
} from './lib/server.mjs';

let server;
let client;

serverForFile((s, c) => {
  [server, client] = [s, c];
});

/** Asserts the common shape of a modelled service error as JS v3 surfaces it. */
function assertServiceError(err, { name, status, message }) {
  assert.ok(err instanceof Error, `expected an Error, got ${err}`);
  assert.equal(err.name, name, `err.name (message: ${err.message})`);
  assert.equal(err.$metadata?.httpStatusCode, status, 'err.$metadata.httpStatusCode');
  assert.equal(typeof err.$metadata.requestId, 'string', 'err.$metadata.requestId is a string');
  assert.ok(err.$metadata.requestId.length > 0, 'err.$metadata.requestId non-empty');
  if (message instanceof RegExp) assert.match(err.message, message);
  else if (message !== undefined) assert.equal(err.message, message);
  assert.equal(err.$fault, status >= 500 ? 'server' : 'client', 'err.$fault');
}

describe('endpoint, user and events round trip', () => {
  const appId = newAppId();
  const userId = 'us-east-1:7d1c0f0e-user-one';
  const epA = `ep-a-${newAppId().slice(0, 8)}`;
  const epB = `ep-b-${newAppId().slice(0, 8)}`;

  test('UpdateEndpoint creates the app and the endpoint (202 Accepted)', async () => {
    const out = await client.send(
      new UpdateEndpointCommand({
        ApplicationId: appId,
        EndpointId: epA,
        EndpointRequest: {
          ChannelType: 'EMAIL',
          Address: 'user-one@example.com',
          Attributes: { Interests: ['Technology', 'Music'], Plan: ['pro'] },
          Metrics: { score: 6 },
          Demographic: { Platform: 'web', AppVersion: '1.0.0', Locale: 'en_US' },
          Location: { City: 'Seattle', Country: 'US', Latitude: 47.61, Longitude: -122.33 },
          User: { UserId: userId, UserAttributes: { Tier: ['gold'] } },
        },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.equal(out.MessageBody?.Message, 'Accepted');
    assert.equal(typeof out.MessageBody.RequestID, 'string');
    assert.ok(out.MessageBody.RequestID.length > 0);
    assert.equal(out.MessageBody.RequestID, out.$metadata.requestId, 'body RequestID equals x-amzn-RequestId');
  });

  test('GetEndpoint returns the stored endpoint with server-assigned fields', async () => {
    const out = await client.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: epA }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    const ep = out.EndpointResponse;
    assert.ok(ep, 'EndpointResponse present');
    assert.equal(ep.Id, epA);
    assert.equal(ep.ApplicationId, appId);
    assert.equal(ep.ChannelType, 'EMAIL');
    assert.equal(ep.Address, 'user-one@example.com');
    assert.deepEqual(ep.Attributes, { Interests: ['Technology', 'Music'], Plan: ['pro'] });
    assert.deepEqual(ep.Metrics, { score: 6 });
    assert.equal(ep.User?.UserId, userId);
    assert.deepEqual(ep.User.UserAttributes, { Tier: ['gold'] });
    assert.equal(ep.Demographic?.Platform, 'web');
    assert.equal(ep.Location?.Latitude, 47.6, 'latitude rounded to one decimal');
    assert.equal(ep.Location?.Longitude, -122.3, 'longitude rounded to one decimal');
    assert.equal(typeof ep.CohortId, 'string', 'CohortId is a string');
    assert.match(ep.CohortId, /^\d{1,2}$/, 'CohortId is "0".."99"');
    assert.equal(ep.OptOut, 'NONE', 'created with an Address and no OptOut -> NONE (docs/behaviour.md#opt-out-default)');
    assert.equal(ep.EndpointStatus, 'ACTIVE');
    assert.match(ep.CreationDate, ISO_MS_Z, 'CreationDate ISO-8601 ms Z (docs/behaviour.md#dates-format)');
    assert.match(ep.EffectiveDate, ISO_MS_Z, 'EffectiveDate ISO-8601 ms Z (docs/behaviour.md#dates-format)');
    assert.equal(typeof ep.RequestId, 'string');
  });

  test('GetUserEndpoints lists every endpoint of the user', async () => {
    await client.send(
      new UpdateEndpointCommand({
        ApplicationId: appId,
        EndpointId: epB,
        EndpointRequest: {
          User: { UserId: userId, UserAttributes: { Team: ['blue'] } },
          Demographic: { Platform: 'web' },
        },
      }),
    );
    const out = await client.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: userId }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    const ids = out.EndpointsResponse?.Item?.map((e) => e.Id).sort();
    assert.deepEqual(ids, [epA, epB].sort());
    for (const ep of out.EndpointsResponse.Item) assert.equal(ep.User?.UserId, userId);
    // No Address at creation and no OptOut -> ALL (docs/behaviour.md#opt-out-default).
    const b = out.EndpointsResponse.Item.find((e) => e.Id === epB);
    assert.equal(b.OptOut, 'ALL');
    // UserAttributes written on one endpoint are merged into every endpoint of that user
    // (docs/behaviour.md#user-attributes).
    const a = out.EndpointsResponse.Item.find((e) => e.Id === epA);
    assert.deepEqual(a.User.UserAttributes, { Tier: ['gold'], Team: ['blue'] }, 'UserAttributes shared by UserId');
  });

  test('PutEvents answers 202 with Results keyed exactly as sent', async () => {
    const endpointKey = `MiXeD-Case-${newAppId().slice(0, 6)}`;
    const ev1 = `Ev-1-${newAppId().slice(0, 6)}`;
    const ev2 = `ev-2-${newAppId().slice(0, 6)}`;
    const now = new Date().toISOString();
    const out = await client.send(
      new PutEventsCommand({
        ApplicationId: appId,
        EventsRequest: {
          BatchItem: {
            [endpointKey]: {
              Endpoint: { User: { UserId: 'events-user' } },
              Events: {
                [ev1]: {
                  EventType: '_session.start',
                  Timestamp: now,
                  Session: { Id: 'sess-1', StartTimestamp: now },
                },
                [ev2]: {
                  EventType: 'checkout',
                  Timestamp: now,
                  Attributes: { item: 'book' },
                  Metrics: { price: 12.5 },
                  Session: { Id: 'sess-1', StartTimestamp: now },
                },
              },
            },
            [epA]: { Endpoint: {}, Events: {} },
          },
        },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 202);
    const results = out.EventsResponse?.Results;
    assert.ok(results, 'EventsResponse.Results present');
    assert.deepEqual(Object.keys(results).sort(), [endpointKey, epA].sort());
    const item = results[endpointKey];
    assert.deepEqual(item.EndpointItemResponse, { StatusCode: 202, Message: 'Accepted' });
    assert.deepEqual(Object.keys(item.EventsItemResponse).sort(), [ev1, ev2].sort());
    assert.deepEqual(item.EventsItemResponse[ev1], { StatusCode: 202, Message: 'Accepted' });
    assert.deepEqual(item.EventsItemResponse[ev2], { StatusCode: 202, Message: 'Accepted' });
    assert.deepEqual(results[epA].EndpointItemResponse, { StatusCode: 202, Message: 'Accepted' });
    assert.deepEqual(results[epA].EventsItemResponse ?? {}, {});

    // Endpoint {} must not wipe the stored endpoint (docs/behaviour.md#events-empty-endpoint).
    const a = await client.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: epA }));
    assert.deepEqual(a.EndpointResponse.Attributes, { Interests: ['Technology', 'Music'], Plan: ['pro'] });
    assert.equal(a.EndpointResponse.User?.UserId, userId);

    // The events were recorded.
    const rec = await recordedEvents(server.url, appId);
    const mine = rec.Events.filter((e) => e.EndpointId === endpointKey);
    assert.deepEqual(mine.map((e) => e.EventId).sort(), [ev1, ev2].sort());
    const checkout = mine.find((e) => e.EventId === ev2);
    assert.equal(checkout.ApplicationId, appId);
    assert.equal(checkout.Event.EventType, 'checkout');
    assert.deepEqual(checkout.Event.Attributes, { item: 'book' });
    assert.deepEqual(checkout.Event.Metrics, { price: 12.5 });
  });

  test('PutEvents with an empty BatchItem (an Amplify flush of an empty buffer) -> 202 {}', async () => {
    const out = await client.send(new PutEventsCommand({ ApplicationId: appId, EventsRequest: { BatchItem: {} } }));
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.deepEqual(out.EventsResponse?.Results ?? {}, {});
  });

  test('DeleteUserEndpoints returns and removes the user\'s endpoints', async () => {
    const out = await client.send(new DeleteUserEndpointsCommand({ ApplicationId: appId, UserId: userId }));
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.deepEqual(out.EndpointsResponse?.Item?.map((e) => e.Id).sort(), [epA, epB].sort());

    const err = await expectError(() =>
      client.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: userId })),
    );
    assertServiceError(err, { name: 'NotFoundException', status: 404, message: 'Resource not found' });
    const err2 = await expectError(() =>
      client.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: epA })),
    );
    assertServiceError(err2, { name: 'NotFoundException', status: 404, message: 'Resource not found' });
  });

  test('endpoint ids with / : space + survive the JS v3 label encoding', async () => {
    const id = 'web/1:a b+c';
    await client.send(
      new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: id, EndpointRequest: { Attributes: { x: ['1'] } } }),
    );
    const out = await client.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }));
    assert.equal(out.EndpointResponse.Id, id);
  });

  test('UpdateEndpointsBatch (202) and RemoveAttributes (200)', async () => {
    const out = await client.send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: {
          Item: [
            { Id: 'batch-1', Attributes: { color: ['red'] }, User: { UserId: 'batch-user' } },
            { Id: 'batch-2', Attributes: { color: ['blue'], size: ['L'] }, User: { UserId: 'batch-user' } },
          ],
        },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.equal(out.MessageBody?.Message, 'Accepted');
    const users = await client.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'batch-user' }));
    assert.deepEqual(users.EndpointsResponse.Item.map((e) => e.Id).sort(), ['batch-1', 'batch-2']);

    const rm = await client.send(
      new RemoveAttributesCommand({
        ApplicationId: appId,
        AttributeType: 'endpoint-custom-attributes',
        UpdateAttributesRequest: { Blacklist: ['siz*'] },
      }),
    );
    assert.equal(rm.$metadata.httpStatusCode, 200);
    assert.equal(rm.AttributesResource?.ApplicationId, appId);
    assert.equal(rm.AttributesResource.AttributeType, 'endpoint-custom-attributes');
    assert.deepEqual(rm.AttributesResource.Attributes, ['size']);
  });
});

describe('apps', () => {
  test('CreateApp / GetApp / GetApps / DeleteApp', async () => {
    const name = `js-v3-${Date.now()}`;
    const created = await client.send(
      new CreateAppCommand({ CreateApplicationRequest: { Name: name, tags: { team: 'web' } } }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    const app = created.ApplicationResponse;
    assert.match(app.Id, /^[0-9a-f]{32}$/);
    assert.equal(app.Name, name);
    assert.deepEqual(app.tags, { team: 'web' });
    assert.equal(app.Arn, `arn:aws:mobiletargeting:us-east-1:000000000000:apps/${app.Id}`);
    assert.match(app.CreationDate, ISO_MS_Z);

    const got = await client.send(new GetAppCommand({ ApplicationId: app.Id }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    assert.deepEqual(got.ApplicationResponse, app);

    const list = await client.send(new GetAppsCommand({ PageSize: '100' }));
    assert.equal(list.$metadata.httpStatusCode, 200);
    assert.ok(
      list.ApplicationsResponse.Item.some((a) => a.Id === app.Id),
      'GetApps lists the new app',
    );

    const deleted = await client.send(new DeleteAppCommand({ ApplicationId: app.Id }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    assert.equal(deleted.ApplicationResponse.Id, app.Id);
    assert.equal(deleted.ApplicationResponse.Name, name);

    const err = await expectError(() => client.send(new GetAppCommand({ ApplicationId: app.Id })));
    assertServiceError(err, { name: 'NotFoundException', status: 404, message: 'Application not found' });
  });

  test('CreateApp without tags answers tags {}', async () => {
    const created = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'no-tags' } }));
    assert.deepEqual(created.ApplicationResponse.tags, {});
    await client.send(new DeleteAppCommand({ ApplicationId: created.ApplicationResponse.Id }));
  });
});

describe('error mapping', () => {
  const appId = newAppId();

  before(async () => {
    await client.send(
      new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: 'exists', EndpointRequest: {} }),
    );
  });

  test('GetEndpoint on an unknown endpoint -> NotFoundException 404', async () => {
    const err = await expectError(() =>
      client.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'no-such-endpoint' })),
    );
    assertServiceError(err, { name: 'NotFoundException', status: 404, message: 'Resource not found' });
    // The modelled RequestID member is copied onto the exception and matches the header.
    // (JS v3 moves the modelled `Message` into `err.message` and deletes `err.Message`.)
    assert.equal(err.RequestID, err.$metadata.requestId);
  });
});

// docs/behaviour.md#cors-preflight
describe('CORS on the wire: preflight and exposed headers', () => {
  test('preflight is answered for any origin and echoes the request headers', async () => {
    const requested = 'amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-date,x-amz-user-agent,x-amz-content-sha256,x-amz-security-token';
    const res = await fetch(`${server.url}/v1/apps/${newAppId()}/endpoints/abc`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://app.example.test:8080',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': requested,
      },
    });
    assert.ok(res.status >= 200 && res.status < 300, `preflight status ${res.status}`);
    const allowOrigin = res.headers.get('access-control-allow-origin');
    assert.ok(allowOrigin === '*' || allowOrigin === 'http://app.example.test:8080', `allow-origin ${allowOrigin}`);
    const allowHeaders = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    if (allowHeaders.trim() !== '*') {
      for (const h of requested.split(',')) assert.ok(allowHeaders.includes(h), `allow-headers has ${h}: ${allowHeaders}`);
    }
    const allowMethods = (res.headers.get('access-control-allow-methods') ?? '').toUpperCase();
    assert.ok(allowMethods === '*' || allowMethods.includes('PUT'), `allow-methods ${allowMethods}`);
  });

  test('error responses carry allow-origin and expose x-amzn-RequestId / x-amzn-ErrorType', async () => {
    const res = await fetch(`${server.url}/v1/apps/${newAppId()}/endpoints/abc`, {
      headers: { Origin: 'http://app.example.test:8080' },
    });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-amzn-errortype'), 'NotFoundException');
    assert.ok(res.headers.get('x-amzn-requestid'), 'x-amzn-RequestId header');
    const allowOrigin = res.headers.get('access-control-allow-origin');
    assert.ok(allowOrigin === '*' || allowOrigin === 'http://app.example.test:8080', `allow-origin ${allowOrigin}`);
    const expose = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    if (expose.trim() !== '*') {
      assert.ok(expose.includes('x-amzn-requestid'), `expose-headers: ${expose}`);
      assert.ok(expose.includes('x-amzn-errortype'), `expose-headers: ${expose}`);
    }
    const body = await res.json();
    assert.equal(body.Message, 'Application not found');
    assert.equal(body.RequestID, res.headers.get('x-amzn-requestid'));
  });
});

// docs/behaviour.md#faults
describe('Fault injection: the SDK retry path', () => {
  let faulty;
  before(async () => {
    faulty = await startServer();
  });
  after(async () => {
    await faulty?.stop();
  });

  const setFaults = async (rules) => {
    const res = await fetch(`${faulty.url}/_pinpoint/faults`, { method: 'PUT', body: JSON.stringify({ Rules: rules }) });
    assert.equal(res.status, 200, await res.text());
  };

  test('standard retries recover from two injected 429s and give up after three', async () => {
    const retrying = makeClient(faulty.url, { maxAttempts: 3 });
    const appId = newAppId();
    const put = (id) =>
      retrying.send(
        new UpdateEndpointCommand({
          ApplicationId: appId,
          EndpointId: id,
          EndpointRequest: { ChannelType: 'SMS', Address: '+12065550100' },
        }),
      );
    await setFaults([{ Operation: 'UpdateEndpoint', Error: { Status: 429 }, Count: 2 }]);
    const ok = await put('e1');
    assert.equal(ok.$metadata.attempts, 3);
    await setFaults([{ Operation: 'UpdateEndpoint', Error: { Status: 429, Message: 'slow down' }, Count: 3 }]);
    const err = await expectError(() => put('e2'));
    assertServiceError(err, { name: 'TooManyRequestsException', status: 429, message: /^slow down$/ });
    assert.equal(err.$metadata.attempts, 3);
    const gone = await expectError(() =>
      retrying.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'e2' })),
    );
    assertServiceError(gone, { name: 'NotFoundException', status: 404 });
  });
});
