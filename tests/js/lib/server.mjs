// Shared helpers for the JS v3 suites: start/stop the pinpoint-local binary,
// build SDK clients, fetch recorded events.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { PinpointClient } from '@aws-sdk/client-pinpoint';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..', '..');

export const REGION = 'us-east-1';
// Not a 12-digit key id, so the emulator uses account 000000000000
// (docs/behaviour.md#scope-account).
// A fresh object per client: the SDK writes a `$source` marker onto the credentials
// object it is given (setCredentialFeature), so a frozen or shared object breaks it.
export const credentials = () => ({
  accessKeyId: 'AKIDPINPOINTLOCAL',
  secretAccessKey: 'pinpoint-local-secret',
});

export function binaryPath() {
  return resolve(process.env.PINPOINT_LOCAL_BIN || resolve(REPO_ROOT, 'target', 'release', 'pinpoint-local'));
}

export function newAppId() {
  return randomUUID().replaceAll('-', '');
}

/**
 * Start `pinpoint-local --port 0`. Resolves once the first stdout line
 * (`listening on http://127.0.0.1:PORT`) has been read.
 * Returns { url, port, proc, stop(), logs() }.
 */
export async function startServer({ args = [], timeoutMs = 20000 } = {}) {
  const bin = binaryPath();
  if (!existsSync(bin)) {
    throw new Error(
      `pinpoint-local binary not found at ${bin}. Build it with \`cargo build --release\` ` +
        'in the repository root, or set PINPOINT_LOCAL_BIN.',
    );
  }
  const proc = spawn(bin, ['--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  const logs = () => stderr;

  const url = await new Promise((resolvePromise, reject) => {
    const rl = createInterface({ input: proc.stdout });
    let settled = false;
    const finish = (err, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolvePromise(value);
    };
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      finish(new Error(`pinpoint-local did not print its listening line within ${timeoutMs} ms.\nstderr:\n${stderr}`));
    }, timeoutMs);
    rl.once('line', (line) => {
      const m = /^listening on (http:\/\/[^\s]+)\s*$/.exec(line);
      if (!m) {
        proc.kill('SIGKILL');
        finish(new Error(`unexpected first stdout line from pinpoint-local: ${JSON.stringify(line)}\nstderr:\n${stderr}`));
        return;
      }
      // Keep draining stdout so the child never blocks on a full pipe.
      rl.on('line', () => {});
      finish(null, m[1].replace(/\/+$/, ''));
    });
    proc.once('error', (err) => finish(err));
    proc.once('exit', (code, signal) =>
      finish(new Error(`pinpoint-local exited early (code ${code}, signal ${signal}).\nstderr:\n${stderr}`)),
    );
  });

  const port = Number(new URL(url).port);
  const stop = () =>
    new Promise((resolveStop) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolveStop();
      const killTimer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      proc.once('exit', () => {
        clearTimeout(killTimer);
        resolveStop();
      });
      proc.kill('SIGTERM');
    });
  return { url, port, proc, stop, logs };
}

export function makeClient(endpoint, extra = {}) {
  return new PinpointClient({
    endpoint,
    region: REGION,
    credentials: credentials(),
    maxAttempts: 1,
    ...extra,
  });
}

/** GET /_pinpoint/events?application-id=APP -> parsed JSON body. */
export async function recordedEvents(baseUrl, appId) {
  const res = await fetch(`${baseUrl}/_pinpoint/events?application-id=${encodeURIComponent(appId)}`);
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`GET /_pinpoint/events answered ${res.status}: ${text}`);
  }
  return JSON.parse(text);
}

/** Run fn and return the error it throws (fails if it does not throw). */
export async function expectError(fn) {
  try {
    const out = await fn();
    throw Object.assign(new Error(`expected an error, got success: ${JSON.stringify(out)}`), {
      __noError: true,
    });
  } catch (err) {
    if (err && err.__noError) throw err;
    return err;
  }
}

export const ISO_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * One server and one client for a whole test file: started before its first test (then
 * `onStart(server, client)` runs, awaited), stopped after its last.
 */
export function serverForFile(onStart, options) {
  let server;
  let client;
  before(async () => {
    server = await startServer(options);
    client = makeClient(server.url);
    await onStart(server, client);
  });
  after(async () => {
    client?.destroy();
    await server?.stop();
  });
}
