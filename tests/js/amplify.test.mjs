// Amplify JS v6 Analytics (aws-amplify/analytics, Pinpoint provider) in headless Chromium.
//
// Amplify v6 cannot be pointed at a custom endpoint: its Pinpoint client resolves
// https://pinpoint.<region>.amazonaws.com itself (@aws-amplify/core
// src/awsClients/pinpoint/base.ts `endpointResolver`), and the Analytics config only
// takes appId, region and buffer settings. So this test lets Amplify address the real
// host and forwards every request to that host to the emulator with Playwright's
// request routing: method, path, headers (including Origin) and body go to the
// emulator unchanged, and its status, headers and body come back unchanged. This
// checks Amplify's own requests and its response/error parsing against the emulator;
// CORS preflights against the emulator itself are covered by browser.test.mjs.
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
const PINPOINT_HOST = /^https:\/\/pinpoint\.us-east-1\.amazonaws\.com\//;

async function waitFor(fn, { timeoutMs = 15000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last.done) return last.value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return last?.value;
}

describe('Amplify v6 Analytics in headless Chromium', () => {
  let emulator;
  let pageServer;
  let browser;

  before(async () => {
    pageServer = await startPageServer({
      '/': { path: join(here, 'browser', 'amplify.html'), type: 'text/html; charset=utf-8' },
      '/amplify.js': { path: BUNDLES.amplify, type: 'text/javascript; charset=utf-8' },
    });
    browser = await launchChromium();
    emulator = await startServer();
  });

  after(async () => {
    await browser?.close();
    await pageServer?.close();
    await emulator?.stop();
  });

  test('identifyUser, session tracking and record reach the emulator', { timeout: 90000 }, async () => {
    const appId = newAppId();
    const userId = `amplify-${randomUUID()}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const diagnostics = collectDiagnostics(page);

    const exchanges = [];
    await context.route(PINPOINT_HOST, async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      const headers = await req.allHeaders();
      const body = req.postDataBuffer();
      const entry = { method: req.method(), path: url.pathname, headers, body: body?.toString('utf8') };
      exchanges.push(entry);
      try {
        const res = await fetch(`${emulator.url}${url.pathname}${url.search}`, {
          method: req.method(),
          headers,
          body: body ?? undefined,
        });
        const resBody = Buffer.from(await res.arrayBuffer());
        entry.status = res.status;
        entry.response = resBody.toString('utf8');
        await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: resBody });
      } catch (err) {
        entry.error = String(err);
        await route.abort('connectionfailed');
      }
    });

    const qs = new URLSearchParams({ app: appId, userId });
    await page.goto(`${pageServer.url}/?${qs}`);
    const result = await pageResult(page, diagnostics, () => `exchanges: ${JSON.stringify(exchanges, null, 1)}`);
    const ctx = () =>
      `\npage result: ${JSON.stringify(result, null, 2)}\nexchanges: ${JSON.stringify(exchanges, null, 1)}\n${diagnostics.join('\n')}`;
    assert.equal(result.ok, true, `page script threw${ctx()}`);

    // The rejected identifyUser surfaced as a typed Amplify error.
    const fail = result.steps.failingCall;
    assert.equal(fail.name, 'BadRequestException', ctx());
    assert.equal(fail.httpStatusCode, 400, ctx());
    assert.ok(typeof fail.requestId === 'string' && fail.requestId.length > 0, `requestId${ctx()}`);
    assert.ok(fail.message && fail.message !== 'Unknown error', `message${ctx()}`);

    // Wait until Amplify's buffer has flushed both events to the emulator.
    const rec = await waitFor(async () => {
      const r = await recordedEvents(emulator.url, appId);
      const types = r.Events.map((e) => e.Event?.EventType);
      return { done: types.includes('_session.start') && types.includes('amplify_click'), value: r };
    });
    const types = rec.Events.map((e) => e.Event?.EventType);
    assert.ok(types.includes('_session.start'), `_session.start recorded: ${JSON.stringify(rec)}${ctx()}`);
    assert.ok(types.includes('amplify_click'), `amplify_click recorded: ${JSON.stringify(rec)}${ctx()}`);
    await context.close();

    // Every Amplify request the emulator accepted got the modelled success status,
    // including a flush of an empty buffer ({"BatchItem":{}}) if Amplify sent one.
    const puts = exchanges.filter((x) => x.method === 'PUT' && x.status < 300);
    const posts = exchanges.filter((x) => x.method === 'POST');
    assert.ok(puts.length >= 1, `an UpdateEndpoint succeeded${ctx()}`);
    for (const x of puts) assert.equal(x.status, 202, ctx());
    assert.ok(posts.length >= 1, `a PutEvents was sent${ctx()}`);
    for (const x of posts) assert.equal(x.status, 202, `PutEvents ${x.body} -> ${x.status} ${x.response}`);

    // Amplify's requests: SigV4 for mobiletargeting with a session token, JSON bodies.
    const put = puts.at(-1);
    assert.match(put.headers.authorization, /Credential=AKIDPINPOINTLOCAL\/\d{8}\/us-east-1\/mobiletargeting\/aws4_request/);
    assert.equal(put.headers['x-amz-security-token'], 'amplify-session-token');
    assert.match(put.headers['x-amz-user-agent'], /aws-amplify\/6\./);
    const endpointId = decodeURIComponent(put.path.split('/').at(-1));

    // Each event arrived for Amplify's endpoint, with its attributes and session.
    const click = rec.Events.find((e) => e.Event.EventType === 'amplify_click');
    assert.equal(click.ApplicationId, appId);
    assert.equal(click.EndpointId, endpointId);
    assert.deepEqual(click.Event.Attributes, { button: 'buy' });
    assert.deepEqual(click.Event.Metrics, { quantity: 2 });
    assert.ok(click.Event.Session?.Id, 'event carries a Session.Id');

    // The endpoint as Amplify left it: no Address, no ChannelType (so OptOut ALL,
    // docs/behaviour.md#opt-out-default).
    const client = makeClient(emulator.url);
    try {
      const ep = (await client.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: endpointId })))
        .EndpointResponse;
      assert.equal(ep.User?.UserId, userId);
      assert.deepEqual(ep.User.UserAttributes, { tier: ['gold'] });
      assert.deepEqual(ep.Attributes, { email: ['amplify-user@example.com'], plan: ['pro'] });
      assert.ok(ep.Demographic?.Platform, 'Demographic.Platform set at creation');
      assert.equal(ep.Address, undefined);
      assert.equal(ep.ChannelType, undefined);
      assert.equal(ep.OptOut, 'ALL');
      assert.equal(ep.EndpointStatus, 'ACTIVE');
    } finally {
      client.destroy();
    }
  });
});
