// Shared browser plumbing: Debian's Chromium through playwright-core, and a tiny
// static server for the test pages (its own port, so its own origin).
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Launch headless Chromium. Fails (never skips) when Chromium is missing. */
export async function launchChromium() {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM}: run tests/js/run.sh (installs Debian's chromium) or set CHROMIUM_PATH`,
  );
  // launch() starts every browser with a fresh temporary user-data dir.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60000 });
}

/**
 * Serve files on 127.0.0.1:<random port>. `files` maps a URL path to
 * { path, type }. Fails when a file is missing (e.g. the bundle was not built).
 */
export function startPageServer(files) {
  const bodies = new Map();
  for (const [urlPath, { path, type }] of Object.entries(files)) {
    assert.ok(existsSync(path), `${path} is missing: run \`node build.mjs\` in tests/js (run.sh does this)`);
    bodies.set(urlPath, { body: readFileSync(path), type });
  }
  const srv = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const hit = bodies.get(path);
    if (hit) {
      res.writeHead(200, { 'content-type': hit.type, 'cache-control': 'no-store' });
      res.end(hit.body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => srv.close(() => r())),
      });
    });
  });
}

/** Wait for window.__result on the page; on timeout, fail with the page's diagnostics. */
export async function pageResult(page, diagnostics, extra = () => '') {
  try {
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30000 });
  } catch (err) {
    throw new Error(`page did not finish: ${err.message}\n${diagnostics.join('\n')}\n${extra()}`);
  }
  return page.evaluate(() => window.__result);
}

/** Collect console output, page errors and failed requests for failure messages. */
export function collectDiagnostics(page) {
  const diagnostics = [];
  page.on('console', (m) => diagnostics.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => diagnostics.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => diagnostics.push(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  return diagnostics;
}
