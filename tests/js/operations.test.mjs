// Every operation of the model through @aws-sdk/client-pinpoint: the client-compatibility table
// tests/clients/operations.json, shared with the boto3 suite (tests/python/test_operations.py).
// Each operation's Command once (a success with the model's status, its payload read), and per
// family a call that must raise the modelled exception. The rules themselves belong to the store
// tests and golden files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as sdk from '@aws-sdk/client-pinpoint';
import { REPO_ROOT, expectError, newAppId, serverForFile } from './lib/server.mjs';

const read = (path) => JSON.parse(readFileSync(resolve(REPO_ROOT, path), 'utf8'));
const TABLE = read('tests/clients/operations.json');
const MODEL = read('fixtures/model/pinpoint-service-2.json');
// The families of issue 24, each with a modelled error in the table.
const FAMILIES = [
  'apps', 'endpoints', 'users', 'events', 'channels', 'templates', 'messages', 'segments',
  'campaigns', 'journeys', 'jobs', 'recommenders', 'tags', 'kpis', 'settings', 'event stream',
  'phone',
];

/** The table's value with each ${name} replaced and each {"$map": …} expanded. */
function fill(value, saved) {
  if (typeof value === 'string') {
    return value.replace(/\$\{(\w+)\}/g, (_, name) => {
      assert.ok(name in saved, `\${${name}} is not saved yet`);
      return saved[name];
    });
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, saved));
  if (value && typeof value === 'object') {
    if ('$map' in value) {
      return Object.fromEntries(
        Array.from({ length: value.$map }, (_, i) => [
          fill(value.key, { ...saved, i: String(i) }),
          fill(value.value, saved),
        ]),
      );
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, saved)]));
  }
  return value;
}

const dig = (out, path) => path.split('.').reduce((v, part) => v[part], out);

let server;
let client;
const world = { fresh: newAppId().slice(0, 12) };

async function call(step, saved) {
  const Command = sdk[`${step.op}Command`];
  assert.equal(typeof Command, 'function', `the SDK exports ${step.op}Command`);
  const out = await client.send(new Command(fill(step.input, saved)));
  for (const [name, path] of Object.entries(step.save ?? {})) saved[name] = dig(out, path);
  return out;
}

serverForFile(async (s, c) => {
  [server, client] = [s, c];
  for (const step of TABLE.world) await call(step, world);
});

test('the table calls every operation of the model once; the SDK has each Command', () => {
  const ops = MODEL.operations;
  assert.deepEqual(Object.keys(TABLE.calls).sort(), Object.keys(ops).sort());
  for (const op of Object.keys(ops)) assert.equal(typeof sdk[`${op}Command`], 'function', `${op}Command`);
  assert.deepEqual(Object.keys(TABLE.errors).sort(), [...FAMILIES].sort());
  for (const [family, row] of Object.entries(TABLE.errors)) {
    const modelled = (ops[row.op].errors ?? []).map((e) => e.shape);
    assert.ok(modelled.length === 0 || modelled.includes(row.error), family);
    assert.equal(MODEL.shapes[row.error].error.httpStatusCode, row.status, family);
  }
});

describe('every operation succeeds through the JS SDK v3', () => {
  for (const op of Object.keys(TABLE.calls).sort()) {
    test(op, async () => {
      const row = TABLE.calls[op];
      const saved = { ...world };
      for (const step of row.setup ?? []) await call(step, saved);
      const out = await call({ op, input: row.input }, saved);
      const model = MODEL.operations[op];
      assert.equal(out.$metadata.httpStatusCode, model.http.responseCode ?? 200);
      assert.ok(out.$metadata.requestId, 'x-amzn-RequestId read');
      if (model.output) {
        const payload = MODEL.shapes[model.output.shape].payload;
        assert.equal(typeof out[payload], 'object', `${payload} read: ${JSON.stringify(out)}`);
      }
    });
  }
});

describe('each family raises its modelled exception', () => {
  for (const [family, row] of Object.entries(TABLE.errors)) {
    test(`${family}: ${row.op} -> ${row.error}`, async () => {
      const err = await expectError(() => call(row, { ...world }));
      assert.equal(err.name, row.error, err.message);
      assert.equal(err.$metadata?.httpStatusCode, row.status);
      assert.equal(err.$fault, 'client');
      assert.ok(err.message.length > 0, 'the Message is read');
      assert.ok(err.$metadata.requestId, 'x-amzn-RequestId read');
      // An operation that models the error raises its class; the tag operations model none.
      if ((MODEL.operations[row.op].errors ?? []).length > 0) assert.ok(err instanceof sdk[row.error]);
      else assert.ok(err instanceof sdk.PinpointServiceException);
    });
  }
});
