// AWS SDK for JavaScript v3 in a real headless Chromium, on a page served from a
// different origin than the emulator: proves CORS preflights, exposed headers and
// error mapping work for browser analytics code.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { GetEndpointCommand } from '@aws-sdk/client-pinpoint';
import { makeClient, newAppId, recordedEvents, startServer } from './lib/server.mjs';
import { collectDiagnostics, launchChromium, pageResult, startPageServer } from './lib/browser.mjs';
import { BUNDLES } from './build.mjs';

const here = dirname(fileURLToPath(import.meta.url));

describe('JS v3 in headless Chromium (cross-origin)', () => {
  let emulator;
  let pageServer;
  let browser;

  before(async () => {
    // Fails (never skips) when Chromium or the bundle is missing.
    pageServer = await startPageServer({
      '/': { path: join(here, 'browser', 'index.html'), type: 'text/html; charset=utf-8' },
      '/app.js': { path: BUNDLES.app, type: 'text/javascript; charset=utf-8' },
    });
    browser = await launchChromium();
    emulator = await startServer();
  });

  after(async () => {
    await browser?.close();
    await pageServer?.close();
    await emulator?.stop();
  });

  test('web analytics flow: UpdateEndpoint, PutEvents, and a mapped 404', { timeout: 90000 }, async () => {
    const appId = newAppId();
    const endpointId = randomUUID();
    const userId = `us-east-1:${randomUUID()}`;
    assert.notEqual(new URL(pageServer.url).origin, new URL(emulator.url).origin, 'page and emulator on different origins');

    const context = await browser.newContext();
    const page = await context.newPage();
    const diagnostics = collectDiagnostics(page);

    // Record what the browser actually sent to the emulator, including CORS preflights.
    const sent = [];
    page.on('request', async (r) => {
      if (r.url().startsWith(emulator.url)) sent.push({ method: r.method(), url: r.url(), headers: await r.allHeaders() });
    });
    const preflights = [];
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Preflight' || e.request?.method === 'OPTIONS') preflights.push({ id: e.requestId, url: e.request.url });
    });
    const preflightStatus = new Map();
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Preflight') preflightStatus.set(e.requestId, e.response.status);
    });

    const qs = new URLSearchParams({ endpoint: emulator.url, app: appId, endpointId, userId });
    await page.goto(`${pageServer.url}/?${qs}`);
    const result = await pageResult(page, diagnostics, () => `emulator stderr:\n${emulator.logs().slice(-4000)}`);
    const ctx = `\npage result: ${JSON.stringify(result, null, 2)}\n${diagnostics.join('\n')}`;
    assert.equal(result.ok, true, `page script threw${ctx}`);
    assert.equal(result.origin, pageServer.url);

    // UpdateEndpoint
    const upd = result.steps.updateEndpoint;
    assert.equal(upd.httpStatusCode, 202, ctx);
    assert.equal(upd.message, 'Accepted', ctx);
    assert.ok(upd.requestId, `x-amzn-RequestId readable from the page (exposed)${ctx}`);
    assert.equal(upd.bodyRequestID, upd.requestId, ctx);

    // PutEvents
    const put = result.steps.putEvents;
    assert.equal(put.httpStatusCode, 202, ctx);
    assert.deepEqual(Object.keys(put.results), [endpointId], ctx);
    const item = put.results[endpointId];
    assert.deepEqual(item.EndpointItemResponse, { StatusCode: 202, Message: 'Accepted' }, ctx);
    assert.deepEqual(
      item.EventsItemResponse,
      {
        [put.startEventId]: { StatusCode: 202, Message: 'Accepted' },
        [put.customEventId]: { StatusCode: 202, Message: 'Accepted' },
      },
      ctx,
    );

    // The failing call: only possible with x-amzn-ErrorType and x-amzn-RequestId exposed.
    const fail = result.steps.failingCall;
    assert.equal(fail.name, 'NotFoundException', ctx);
    assert.equal(fail.httpStatusCode, 404, ctx);
    assert.equal(typeof fail.requestId, 'string', ctx);
    assert.ok(fail.requestId.length > 0, ctx);
    assert.equal(fail.message, 'Resource not found', ctx);
    assert.equal(fail.fault, 'client', ctx);
    assert.equal(fail.bodyRequestID, fail.requestId, ctx);

    // The requests were real cross-origin SDK requests that need a preflight.
    const puts = sent.filter((s) => s.method === 'PUT');
    assert.ok(puts.length >= 1, `saw the PUT${ctx}`);
    for (const h of ['authorization', 'x-amz-date', 'amz-sdk-invocation-id', 'x-amz-security-token']) {
      assert.ok(puts[0].headers[h], `browser sent ${h} (non-safelisted: forces a preflight)`);
    }
    assert.equal(puts[0].headers.origin, pageServer.url);
    // Chromium reports its CORS preflights over CDP: one per distinct URL here, each answered 2xx.
    const preflightUrls = preflights.map((p) => p.url);
    assert.ok(
      preflightUrls.includes(`${emulator.url}/v1/apps/${appId}/endpoints/${endpointId}`),
      `a preflight preceded UpdateEndpoint; saw ${JSON.stringify(preflightUrls)}`,
    );
    assert.ok(preflightUrls.includes(`${emulator.url}/v1/apps/${appId}/events`), 'a preflight preceded PutEvents');
    for (const p of preflights) {
      const status = preflightStatus.get(p.id);
      assert.ok(status >= 200 && status < 300, `preflight ${p.url} answered ${status}`);
    }
    await context.close();

    // From Node: the events arrived and the endpoint is stored as an Amplify-style endpoint.
    const rec = await recordedEvents(emulator.url, appId);
    const mine = rec.Events.filter((e) => e.EndpointId === endpointId);
    assert.deepEqual(
      mine.map((e) => e.EventId).sort(),
      [put.startEventId, put.customEventId].sort(),
      `recorded events: ${JSON.stringify(rec)}`,
    );
    const start = mine.find((e) => e.EventId === put.startEventId);
    assert.equal(start.ApplicationId, appId);
    assert.equal(start.Event.EventType, '_session.start');
    assert.equal(start.Event.Session?.Id, put.sessionId);
    const click = mine.find((e) => e.EventId === put.customEventId);
    assert.equal(click.Event.EventType, 'button_click');
    assert.deepEqual(click.Event.Attributes, { button: 'subscribe', page: '/' });
    assert.deepEqual(click.Event.Metrics, { clicks: 1 });
    assert.equal(rec.Dropped, 0);

    const client = makeClient(emulator.url);
    try {
      const ep = (await client.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: endpointId })))
        .EndpointResponse;
      assert.equal(ep.User?.UserId, userId);
      assert.deepEqual(ep.User.UserAttributes, { plan: ['free'] });
      assert.equal(ep.Demographic?.Platform, 'web');
      assert.equal(ep.Demographic?.AppVersion, '1.2.3');
      assert.deepEqual(ep.Attributes, { source: ['browser-test'] }, 'Endpoint {} in PutEvents kept the attributes');
      assert.equal(ep.Address, undefined);
      assert.equal(ep.ChannelType, undefined);
      assert.equal(ep.OptOut, 'ALL', 'no Address at creation -> OptOut ALL (docs/behaviour.md#opt-out-default)');
      assert.equal(ep.EndpointStatus, 'ACTIVE');
    } finally {
      client.destroy();
    }
  });
});
