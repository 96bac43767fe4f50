// The dashboard at /_pinpoint/ui/ in headless Chromium, against an emulator seeded through the
// SDK: every view shows the seeded data, a new event appears live without a reload, and reset
// (after the confirm dialog) empties the emulator; on a server started frozen, the clock bar
// advances the test clock and the campaigns view shows the runs it made, and the journeys view
// draws a journey's activities with the endpoints waiting at each. Screenshots of the main
// views go to tests/js/artifacts/; with UPDATE_SCREENSHOTS=1 they also replace docs/dashboard-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateAppCommand,
  CreateCampaignCommand,
  CreateSegmentCommand,
  PutEventsCommand,
  SendMessagesCommand,
  SendOTPMessageCommand,
  UpdateEndpointCommand,
  UpdateEndpointsBatchCommand,
  UpdateSmsChannelCommand,
} from '@aws-sdk/client-pinpoint';
import { REPO_ROOT, makeClient, startServer } from './lib/server.mjs';
import { collectDiagnostics, launchChromium } from './lib/browser.mjs';
import { seedOnboarding } from './lib/journey.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(here, 'artifacts');
const FILLER = 120;

/** Save a screenshot of `page` to the artifacts (and docs/, with UPDATE_SCREENSHOTS=1). */
async function screenshot(page, name) {
  const file = join(ARTIFACTS, `dashboard-${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(file, join(REPO_ROOT, 'docs', `dashboard-${name}.png`));
}

describe('dashboard in headless Chromium', () => {
  let emulator;
  let browser;
  let page;
  let diagnostics;
  let client;
  let appId;

  const putEvent = (endpointId, id, type) =>
    client.send(new PutEventsCommand({
      ApplicationId: appId,
      EventsRequest: { BatchItem: { [endpointId]: { Endpoint: {}, Events: { [id]: { EventType: type, Timestamp: new Date().toISOString() } } } } },
    }));

  const shoot = (name) => screenshot(page, name);

  async function open(view) {
    await page.evaluate((v) => { location.hash = v; }, view);
    await page.locator(`#view-${view.split('?')[0]}`).waitFor();
  }

  const why = () => `\n${diagnostics.join('\n')}\nemulator stderr:\n${emulator.logs().slice(-3000)}`;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    emulator = await startServer({ args: ['--assume-channels-enabled'] });
    client = makeClient(emulator.url);
    const created = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'shop-demo' } }));
    appId = created.ApplicationResponse.Id;
    const update = (id, request) => client.send(new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: id, EndpointRequest: request }));
    await update('alice-email', {
      ChannelType: 'EMAIL', Address: 'alice@example.com', Attributes: { interests: ['shoes', 'hats'] },
      User: { UserId: 'alice', UserAttributes: { plan: ['gold'] } },
    });
    await update('alice-phone', { ChannelType: 'SMS', Address: '+14255550100', User: { UserId: 'alice' } });
    await update('bob-push', { ChannelType: 'GCM', Address: 'device-token-bob', OptOut: 'ALL', User: { UserId: 'bob' } });
    const item = Array.from({ length: FILLER }, (_, i) => ({
      Id: `visitor-${String(i).padStart(3, '0')}`, ChannelType: 'EMAIL', Address: `visitor${i}@example.com`,
    }));
    await client.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: item.slice(0, 100) } }));
    await client.send(new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: item.slice(100) } }));
    await client.send(new CreateSegmentCommand({
      ApplicationId: appId,
      WriteSegmentRequest: { Name: 'gold users', Dimensions: { UserAttributes: { plan: { AttributeType: 'INCLUSIVE', Values: ['gold'] } } } },
    }));
    await putEvent('alice-email', 'seed-1', 'session.start');
    await putEvent('alice-phone', 'seed-2', 'purchase');
    await client.send(new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: {
        Addresses: { 'alice@example.com': { ChannelType: 'EMAIL' } },
        MessageConfiguration: { EmailMessage: { FromAddress: 'shop@example.com', SimpleEmail: {
          Subject: { Data: 'Your order shipped' },
          HtmlPart: { Data: '<h1 id="greeting">Hello Alice</h1><p>Your hats are on the way.</p><script>parent.__escaped = true</script>' },
          TextPart: { Data: 'Hello Alice' },
        } } },
      },
    }));
    await client.send(new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: { Addresses: { '+14255550100': { ChannelType: 'SMS' } }, MessageConfiguration: { SMSMessage: { Body: 'Your hats ship today' } } },
    }));
    await client.send(new SendOTPMessageCommand({
      ApplicationId: appId,
      SendOTPMessageRequestParameters: { BrandName: 'Shop', Channel: 'SMS', DestinationIdentity: '+14255550100', OriginationIdentity: '+14255550199', ReferenceId: 'login' },
    }));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 640 } });
    page = await context.newPage();
    diagnostics = collectDiagnostics(page);
    await page.goto(`${emulator.url}/_pinpoint/ui/`);
  });

  after(async () => {
    await browser?.close();
    await emulator?.stop();
  });

  test('apps view lists the seeded app with its sizes', async () => {
    const row = page.locator('#view-apps tbody tr', { hasText: appId });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 7), ['000000000000', 'us-east-1', appId, 'shop-demo', String(FILLER + 3), '2', '1'], why());
    assert.match(await page.locator('#app-picker').inputValue(), new RegExp(appId));
    await shoot('apps');
  });

  test('endpoints view pages on the server, searches, and shows one endpoint with its user', async () => {
    await open('endpoints');
    await page.getByText(`${FILLER + 3} in all · page 1`).waitFor();
    assert.equal(await page.locator('#view-endpoints tbody tr').count(), 50);
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByText('page 2').waitFor();
    await page.fill('input[name=q]', 'ALICE');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('2 in all · page 1').waitFor();
    await page.locator('tbody tr', { hasText: 'alice-email' }).click();
    const detail = page.locator('.detail');
    await detail.getByText('Endpoint alice-email').waitFor();
    const text = await detail.textContent();
    for (const want of ['alice@example.com', 'EMAIL', 'ACTIVE', 'NONE', '"shoes"', '"gold"', "alice's other endpoints"]) {
      assert.ok(text.includes(want), `${want} in ${text}${why()}`);
    }
    assert.equal(await detail.locator('ul.others li').count(), 1);
    assert.match(await detail.locator('ul.others li').textContent(), /alice-phone/);
    await shoot('endpoints');
    await page.fill('input[name=q]', 'bob');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('tbody tr', { hasText: 'bob-push' }).getByText('ALL').waitFor();
  });

  test('users view lists users and leads to their endpoints', async () => {
    await open('users');
    const alice = page.locator('tbody tr', { hasText: 'alice' });
    await alice.waitFor();
    assert.deepEqual((await alice.locator('td').allTextContents()).slice(0, 2), ['alice', '2']);
    await page.locator('tbody tr', { hasText: 'bob' }).waitFor();
    await alice.click();
    await page.getByText('Endpoints of user alice').waitFor();
    await page.getByText('2 in all · page 1').waitFor();
  });

  test('a new event appears live, without a reload, and filters narrow the stream', async () => {
    await open('events');
    await page.locator('.live.on').waitFor();
    await page.locator('#events tbody tr', { hasText: 'seed-1' }).waitFor();
    await page.evaluate(() => { window.__sameDocument = true; });
    await putEvent('bob-push', 'live-1', 'live.check');
    const row = page.locator('#events tbody tr', { hasText: 'live-1' });
    await row.waitFor({ timeout: 10000 });
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    assert.match(await row.textContent(), /live\.check.*bob-push/);
    assert.match(await page.locator('#events tbody tr').first().textContent(), /live-1/, 'newest first');
    await shoot('events');
    await page.fill('input[name=event-type]', 'purchase');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator('#events tbody tr', { hasText: 'seed-2' }).waitFor();
    await putEvent('alice-phone', 'live-2', 'purchase');
    await putEvent('alice-phone', 'live-3', 'other');
    await page.locator('#events tbody tr', { hasText: 'live-2' }).waitFor();
    const ids = await page.locator('#events tbody tr td:nth-child(6)').allTextContents();
    assert.deepEqual(ids, ['live-2', 'seed-2'], why());
  });

  test('sent messages render email HTML in a sandboxed frame and SMS as text', async () => {
    await open('messages');
    const frame = page.locator('iframe.email');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('sandbox'), '');
    assert.match(await frame.getAttribute('srcdoc'), /Hello Alice/);
    assert.equal(await page.frameLocator('iframe.email').locator('#greeting').textContent(), 'Hello Alice');
    assert.equal(await page.evaluate(() => window.__escaped), undefined, 'the email could not run script');
    await page.locator('article.msg', { hasText: 'Your order shipped' }).waitFor();
    await page.locator('pre.text', { hasText: 'Your hats ship today' }).waitFor();
    await shoot('messages');
    await page.selectOption('select[name=channel]', 'SMS');
    await page.locator('article.msg[data-channel=SMS]').first().waitFor();
    assert.equal(await page.locator('article.msg[data-channel=EMAIL]').count(), 0);
  });

  test('OTP codes, segments with member counts, and the fault rules', async () => {
    const codes = await (await fetch(`${emulator.url}/_pinpoint/otp?application-id=${appId}`)).json();
    await open('otp');
    await page.locator('tbody tr', { hasText: codes.Codes[0].Code }).waitFor();
    await open('segments');
    const seg = page.locator('tbody tr', { hasText: 'gold users' });
    await seg.waitFor();
    // Both of alice's endpoints share her user attributes.
    assert.equal(await seg.locator('td:nth-child(5)').textContent(), '2');
    const faults = `${emulator.url}/_pinpoint/faults`;
    await open('faults');
    if ((await fetch(faults)).status === 404) {
      // A build without fault injection.
      await page.getByText('Fault injection is not available').waitFor();
      return;
    }
    await page.getByText('No rules.').waitFor();
    const rule = { Operation: 'UpdateEndpoint', ApplicationId: appId, Error: { Status: 429 }, Count: 2 };
    const put = await fetch(faults, { method: 'PUT', body: JSON.stringify({ Rules: [rule] }), headers: { 'content-type': 'application/json' } });
    assert.ok(put.ok, await put.text());
    await open('apps');
    await open('faults');
    const row = page.locator('#view-faults tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const text = await row.textContent();
    for (const want of ['UpdateEndpoint', appId, '429']) assert.ok(text.includes(want), `${want} in ${text}`);
    assert.equal((await fetch(faults, { method: 'DELETE' })).ok, true);
  });

  test('reset asks first, and clears everything once accepted', async () => {
    await open('apps');
    await page.locator('#view-apps tbody tr', { hasText: appId }).waitFor();
    page.once('dialog', (d) => d.dismiss());
    await page.click('#reset');
    let apps = await (await fetch(`${emulator.url}/_pinpoint/apps`)).json();
    assert.equal(apps.Count, 1, 'dismissing the dialog keeps everything');
    page.once('dialog', (d) => {
      assert.match(d.message(), /Reset the emulator/);
      d.accept();
    });
    await page.click('#reset');
    await page.getByText('Emulator reset.').waitFor();
    apps = await (await fetch(`${emulator.url}/_pinpoint/apps`)).json();
    assert.equal(apps.Count, 0);
    await page.locator('#view-apps td.empty').waitFor();
    assert.deepEqual(diagnostics.filter((d) => d.startsWith('pageerror')), []);
  });
});

describe('dashboard test clock and campaign runs, on a server started frozen', () => {
  let emulator;
  let browser;
  let page;
  let diagnostics;
  let campaignId;

  const why = () => `\n${diagnostics.join('\n')}\nemulator stderr:\n${emulator.logs().slice(-3000)}`;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    emulator = await startServer({ args: ['--clock', '2030-03-01T00:00:00Z'] });
    const client = makeClient(emulator.url);
    const app = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'clock-demo' } }));
    const appId = app.ApplicationResponse.Id;
    await client.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }));
    await client.send(new UpdateEndpointCommand({
      ApplicationId: appId, EndpointId: 'ana', EndpointRequest: { ChannelType: 'SMS', Address: '+12065550141' },
    }));
    const seg = await client.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'all' } }));
    const campaign = await client.send(new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        Name: 'morning sms',
        SegmentId: seg.SegmentResponse.Id,
        Schedule: { StartTime: '2030-03-01T09:00:00Z', Frequency: 'DAILY', EndTime: '2030-03-03T12:00:00Z' },
        MessageConfiguration: { SMSMessage: { Body: 'Good morning' } },
      },
    }));
    campaignId = campaign.CampaignResponse.Id;
    client.destroy();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 640 } });
    page = await context.newPage();
    diagnostics = collectDiagnostics(page);
    await page.goto(`${emulator.url}/_pinpoint/ui/#campaigns`);
  });

  after(async () => {
    await browser?.close();
    await emulator?.stop();
  });

  test('Advance moves the scope clock, reports what ran, and the campaign shows its runs', async () => {
    const now = page.locator('#clock-now');
    await page.locator('#clock', { hasText: '000000000000 us-east-1' }).waitFor();
    await page.locator('#clock-now', { hasText: '2030-03-01T00:00:00.000Z' }).waitFor();
    assert.equal(await page.locator('#clock-mode').textContent(), 'frozen');
    const card = page.locator(`article.campaign[data-campaign-id="${campaignId}"]`);
    await card.getByText('No runs yet.').waitFor();
    assert.match(await card.textContent(), /morning sms\s*SCHEDULED.*DAILY from 2030-03-01T09:00:00Z until 2030-03-03T12:00:00Z.*0 runs/, why());
    assert.equal(await page.locator('input[name=by]').inputValue(), 'P1D', 'the default duration');

    await page.fill('input[name=by]', 'P7D');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.locator('#clock-now', { hasText: '2030-03-08T00:00:00.000Z' }).waitFor();
    assert.equal(await now.getAttribute('datetime'), '2030-03-08T00:00:00.000Z');
    assert.equal(await page.locator('#clock-result').textContent(), 'Ran 3 campaign runs and 3 messages; now 2030-03-08T00:00:00.000Z.', why());
    await card.locator('.runs', { hasText: '3 runs' }).waitFor();
    assert.match(await card.textContent(), /COMPLETED/);
    const rows = card.locator('tbody tr');
    assert.equal(await rows.count(), 3);
    const cells = await Promise.all([0, 1, 2].map(async (i) => (await rows.nth(i).locator('td').allTextContents()).slice(0, 5)));
    assert.deepEqual(cells.map((c) => c[0]), ['2030-03-03T09:00:00.000Z', '2030-03-02T09:00:00.000Z', '2030-03-01T09:00:00.000Z'], 'newest first');
    for (const c of cells) {
      assert.equal(c[2], 'COMPLETED');
      assert.deepEqual([c[3], c[4]], ['1', '1'], 'one endpoint, delivered');
      assert.notEqual(c[1], '', 'a treatment id');
    }
    await screenshot(page, 'campaigns');
  });

  test('a refused advance and a refused return to system time show their message', async () => {
    await page.fill('input[name=by]', 'P1M');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.locator('#clock-result.bad').waitFor();
    assert.match(await page.locator('#clock-result').textContent(), /By must be an ISO-8601 duration.*P1M/, why());
    assert.equal(await page.locator('#clock-now').textContent(), '2030-03-08T00:00:00.000Z', 'the clock did not move');
    await page.getByRole('button', { name: 'Return to system time' }).click();
    await page.locator('#clock-result.bad', { hasText: 'Cannot return to system time' }).waitFor();
    assert.equal(await page.locator('#clock-mode').textContent(), 'frozen');
    assert.deepEqual(diagnostics.filter((d) => d.startsWith('pageerror')), []);
  });
});

describe('dashboard journeys view, on a server started frozen', () => {
  let emulator;
  let browser;
  let page;
  let diagnostics;
  let journeyId;

  const why = () => `\n${diagnostics.join('\n')}\nemulator stderr:\n${emulator.logs().slice(-3000)}`;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    emulator = await startServer({ args: ['--clock', '2030-01-07T09:00:00Z'] });
    journeyId = await seedOnboarding(emulator.url);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    diagnostics = collectDiagnostics(page);
    await page.goto(`${emulator.url}/_pinpoint/ui/#journeys`);
  });

  after(async () => {
    await browser?.close();
    await emulator?.stop();
  });

  test('the graph shows each activity with who waits there, refreshed after an advance', async () => {
    const row = page.locator('#view-journeys tbody tr', { hasText: journeyId });
    await row.waitFor();
    assert.deepEqual((await row.locator('td').allTextContents()).slice(0, 5), ['onboarding', 'ACTIVE', '3', '0', '0'], why());
    await row.click();
    const node = (id) => page.locator(`svg.journey-graph g.node[data-activity-id="${id}"]`);
    await node('hello').waitFor();
    assert.equal(await node('day').locator('.waiting').textContent(), '0 waiting');
    await page.getByText('No endpoint has entered yet.').waitFor();

    await page.fill('input[name=by]', 'PT1H');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.locator('#clock-now', { hasText: '2030-01-07T10:00:00.000Z' }).waitFor();
    assert.equal(await page.locator('#clock-result').textContent(),
      'Ran 0 campaign runs, 4 journey activities and 2 messages; now 2030-01-07T10:00:00.000Z.', why());
    await node('day').locator('.waiting', { hasText: '2 waiting' }).waitFor();
    for (const [id, type, waiting] of [['hello', 'EMAIL', '0'], ['day', 'Wait', '2'], ['again', 'EMAIL', '0']]) {
      assert.equal(await node(id).locator('.type').textContent(), type, why());
      assert.equal(await node(id).locator('.waiting').getAttribute('data-waiting'), waiting, id);
    }
    assert.match(await node('day').locator('.counts').textContent(), /INFLIGHT 2/);
    assert.equal(await page.locator('svg.journey-graph g.edge').count(), 2, 'hello → day → again');
    // A straight arrow has no width, so Playwright calls it hidden: ask only that it is there.
    await page.locator('svg.journey-graph g.edge[data-from="hello"][data-to="day"]').waitFor({ state: 'attached' });
    const head = await page.locator('article.journey .msg-head').textContent();
    assert.match(head, /onboarding\s*CLOSED.*2 waiting · at 2030-01-07T10:00:00.000Z/, why());
    assert.match(await page.locator('.journey-metrics').textContent(), /ENDPOINT_ENTERED 2/);
    const positions = page.locator('.positions tbody tr');
    assert.equal(await positions.count(), 2);
    const cells = [];
    for (let i = 0; i < 2; i += 1) cells.push(await positions.nth(i).locator('td').allTextContents());
    assert.deepEqual(cells, [['ana', 'day', 'WAITING', '2030-01-07T10:00:00.000Z', '1'], ['bo', 'day', 'WAITING', '2030-01-07T10:00:00.000Z', '1']], why());
    await page.locator('#view-journeys tbody tr', { hasText: journeyId }).getByText('CLOSED').waitFor();
    await screenshot(page, 'journeys');
    assert.deepEqual(diagnostics.filter((d) => d.startsWith('pageerror')), []);
  });
});
