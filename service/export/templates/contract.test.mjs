/* global fetch, AbortSignal */
/**
 * Contract tests of this exported service: they start `server.mjs` on a free port and check
 * its answers against `openapi.json`, with nothing to install but Node itself. Runs that need
 * API keys are exercised only when those keys are in the environment.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { contractChecker } from './schema-check.mjs';

const folder = fileURLToPath(new URL('..', import.meta.url));
const contract = JSON.parse(await readFile(join(folder, 'openapi.json'), 'utf8'));
const facts = JSON.parse(await readFile(join(folder, 'test', 'export-facts.json'), 'utf8'));
const check = contractChecker(contract);
const apiKey = randomBytes(16).toString('hex');
const telegramSecret = randomBytes(16).toString('hex');
const missingKeys = facts.requiredVariables.filter((name) => !process.env[name]);
const request = sampleRequest();

let service;
let base;
let dataDir;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'contract-test-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  service = startService({
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PIPEWRIGHT_API_KEY: apiKey,
    TELEGRAM_WEBHOOK_SECRET: telegramSecret,
    PUBLIC_URL: '',
    LOG_LEVEL: 'warn',
  });
  await waitUntilUp(service);
});

after(async () => {
  const running = service.child.exitCode === null;
  if (running) service.child.kill('SIGTERM');
  const code = await service.exited;
  await rm(dataDir, { recursive: true, force: true });
  if (running) assert.equal(code, 0, 'the service drains and exits 0 on SIGTERM');
});

test('health and readiness answer as the contract says', async () => {
  for (const path of ['/health', '/ready']) {
    const answer = await call('GET', path);
    assert.equal(answer.status, 200);
    expectContract('GET', path, answer);
  }
});

test('the service serves the very contract of this folder', async () => {
  const answer = await call('GET', '/openapi.json');
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body, contract);
});

test('a run without the API key is refused with 401 problem+json', async () => {
  const answer = await call('POST', '/run', { body: request ?? {}, auth: false });
  assert.equal(answer.status, 401);
  assert.match(answer.contentType, /^application\/problem\+json/);
  expectContract('POST', '/run', answer);
});

test('an unknown request field is a 400 naming it', async () => {
  const answer = await call('POST', '/run', {
    body: { ...(request ?? {}), notAField: 1 },
  });
  assert.equal(answer.status, 400);
  assert.match(answer.contentType, /^application\/problem\+json/);
  assert.equal(answer.body.field, 'notAField');
  expectContract('POST', '/run', answer);
});

test('a field of the wrong type is a 400 naming it', async (t) => {
  const [name, schema] = Object.entries(requestSchema().properties ?? {})[0] ?? [];
  if (!name) return t.skip('the pipeline takes no inputs');
  const wrong = schema.type === 'string' ? 12345 : 'not the right type';
  const answer = await call('POST', '/run', { body: { ...(request ?? {}), [name]: wrong } });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.field, name);
  expectContract('POST', '/run', answer);
});

test('a missing required field is a 400 naming it', async (t) => {
  const required = requestSchema().required ?? [];
  if (required.length === 0) return t.skip('the pipeline has no required inputs');
  const body = { ...(request ?? {}) };
  delete body[required[0]];
  const answer = await call('POST', '/run', { body });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.field, required[0]);
  expectContract('POST', '/run', answer);
});

test('a body that is not JSON is refused with problem+json', async () => {
  const broken = await call('POST', '/run', { raw: '{"unclosed": ', type: 'application/json' });
  assert.equal(broken.status, 400);
  expectContract('POST', '/run', broken);
  const text = await call('POST', '/run', { raw: 'hello', type: 'text/plain' });
  assert.equal(text.status, 415);
  expectContract('POST', '/run', text);
});

test('unknown runs and artifacts are 404 problem+json', async () => {
  const run = await call('GET', '/runs/run_does_not_exist');
  assert.equal(run.status, 404);
  expectContract('GET', '/runs/{runId}', run);
  const artifact = await call('GET', `/artifacts/${'0'.repeat(64)}`);
  assert.equal(artifact.status, 404);
  expectContract('GET', '/artifacts/{sha256}', artifact);
});

test('a synchronous run answers with outputs that match the contract', async (t) => {
  if (!runnable(t)) return;
  const answer = await call('POST', '/run', { body: request, timeoutMs: 600_000 });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  expectContract('POST', '/run', answer);
  await expectMediaServed(answer.body);
});

test('an asynchronous run is 202 with a Location that ends succeeded', async (t) => {
  if (!runnable(t)) return;
  const started = await call('POST', '/runs', { body: request });
  assert.equal(started.status, 202);
  expectContract('POST', '/runs', started);
  const location = started.headers.get('location');
  assert.ok(location, 'a Location header');

  let status = started;
  const deadline = Date.now() + 600_000;
  while (['queued', 'running'].includes(status.body.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = await call('GET', new URL(location, base).pathname);
  }
  assert.equal(status.body.status, 'succeeded', JSON.stringify(status.body.error));
  expectContract('GET', '/runs/{runId}', status);
});

test('the Telegram webhook refuses a wrong secret and a body without update_id', async (t) => {
  if (!facts.telegram) return t.skip('the pipeline has no Telegram trigger');
  const wrong = await call('POST', '/telegram/webhook', {
    body: { update_id: 1 },
    auth: false,
    headers: { 'x-telegram-bot-api-secret-token': 'wrong' },
  });
  assert.equal(wrong.status, 401);
  expectContract('POST', '/telegram/webhook', wrong);
  const empty = await call('POST', '/telegram/webhook', {
    body: {},
    auth: false,
    headers: { 'x-telegram-bot-api-secret-token': telegramSecret },
  });
  assert.equal(empty.status, 400);
  expectContract('POST', '/telegram/webhook', empty);
});

/** Whether a real run can be checked here; says why not through the test's skip otherwise. */
function runnable(t) {
  let reason;
  if (facts.telegram) reason = 'the pipeline starts from Telegram messages';
  else if (!request) reason = 'no example for a required input: add examples in the Input node';
  else if (missingKeys.length > 0) reason = `set ${missingKeys.join(', ')} to run it`;
  if (reason) t.skip(reason);
  return !reason;
}

function expectContract(method, path, answer) {
  const verdict = check(method, path, answer.status, answer.contentType, answer.body);
  assert.ok(verdict.ok, `${method} ${path} ${answer.status}: ${verdict.problem}`);
}

async function expectMediaServed(outputs) {
  for (const value of Object.values(outputs)) {
    if (!value || typeof value !== 'object' || typeof value.url !== 'string') continue;
    const url = new URL(value.url);
    const whole = await fetch(`${base}${url.pathname}`, { headers: bearer() });
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), value.mediaType);
    assert.equal((await whole.arrayBuffer()).byteLength, value.bytes);
    const first = await fetch(`${base}${url.pathname}`, {
      headers: { ...bearer(), range: 'bytes=0-0' },
    });
    assert.equal(first.status, 206);
    assert.equal((await first.arrayBuffer()).byteLength, 1);
  }
}

async function call(method, path, options = {}) {
  const headers = { ...(options.auth === false ? {} : bearer()), ...options.headers };
  let body;
  if (options.raw !== undefined) {
    headers['content-type'] = options.type;
    body = options.raw;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    contentType,
    body: contentType.includes('json') && text ? JSON.parse(text) : text,
  };
}

function bearer() {
  return { authorization: `Bearer ${apiKey}` };
}

function requestSchema() {
  return contract.components.schemas.RunRequest;
}

/** The contract's example body, or one made from the fields' examples, defaults and types. */
function sampleRequest() {
  const media = contract.components.requestBodies?.RunRequest?.content?.['application/json'];
  if (media?.example) return media.example;
  const schema = requestSchema();
  const body = {};
  for (const name of schema.required ?? []) {
    const value = sampleValue(schema.properties[name]);
    if (value === undefined) return undefined;
    body[name] = value;
  }
  return body;
}

function sampleValue(schema) {
  if (schema.examples?.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.pattern || schema.format) return undefined;
  return { string: 'example', number: 1, integer: 1, boolean: true, object: {} }[schema.type];
}

function startService(env) {
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: folder,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The log's last lines, to say why the service did not come up.
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

async function waitUntilUp({ child, output }) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server.mjs exited: ${output()}`);
    try {
      const answer = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1000) });
      if (answer.ok) return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`server.mjs did not answer within 20 s: ${output()}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
