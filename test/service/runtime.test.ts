import { afterEach, describe, expect, it } from 'vitest';
import { contractValidator, fixture, testService } from './service-harness.ts';
import type { TestService } from './service-harness.ts';
import { testKinds, throughWorkflow } from './test-kinds.ts';

let service: TestService | undefined;

afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function greeting(env: Record<string, string> = {}) {
  service = await testService(await fixture('greeting'), { env });
  return service;
}

function post(target: TestService, url: string, payload: unknown, headers = {}) {
  return target.app.inject({ method: 'POST', url, payload: payload as object, headers });
}

describe('the synchronous run route', () => {
  it('answers the outputs, which match the contract, with defaults filled in', async () => {
    const target = await greeting();
    const answer = await post(target, '/run', { name: 'Ada' });

    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ greeting: 'Hello, Ada! (plain x1)' });
    expect(contractValidator(target.contract)('RunOutputs', answer.json()).ok).toBe(true);
    expect(answer.headers['content-location']).toMatch(/^http:\/\/localhost(:\d+)?\/runs\/run_/);
  });

  it('refuses an unknown field with 400 naming it, instead of dropping it', async () => {
    const answer = await post(await greeting(), '/run', { name: 'Ada', nmae: 'typo' });

    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.json()).toMatchObject({
      status: 400,
      code: 'REQUEST_INVALID',
      field: 'nmae',
      path: 'nmae',
    });
    expect(answer.json().detail).toContain('name, times, style');
  });

  it.each([
    [{ name: 5 }, 'name', 'must be a string'],
    [{}, 'name', 'is required'],
    [{ name: 'x', style: 'shouty' }, 'style', 'must be one of "plain", "loud"'],
    [{ name: 'x', times: '3' }, 'times', 'must be a number'],
  ])('refuses %j with 400 naming %s', async (body, field, words) => {
    const answer = await post(await greeting(), '/run', body);

    expect(answer.statusCode).toBe(400);
    expect(answer.json().field).toBe(field);
    expect(answer.json().detail).toContain(words);
  });

  it('answers bodies that are not JSON objects with problem+json and no stack trace', async () => {
    const target = await greeting();
    const broken = await target.app.inject({
      method: 'POST',
      url: '/run',
      payload: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    const text = await target.app.inject({
      method: 'POST',
      url: '/run',
      payload: 'name=Ada',
      headers: { 'content-type': 'text/plain' },
    });
    const array = await post(target, '/run', [1, 2]);

    expect([broken.statusCode, text.statusCode, array.statusCode]).toEqual([400, 415, 400]);
    for (const answer of [broken, text, array]) {
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });

  it('answers a run failed by the caller with 422 and one failed upstream with 502', async () => {
    service = await testService(throughWorkflow('test.fail', { fault: 'user' }), {
      kinds: testKinds,
    });
    const refused = await post(service, '/run', { text: 'x' });
    await service.close();
    service = await testService(throughWorkflow('test.fail', { fault: 'operational' }), {
      kinds: testKinds,
    });
    const upstream = await post(service, '/run', { text: 'x' });

    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'TOPIC_REFUSED', nodeId: 'middle' });
    expect(refused.json().runId).toMatch(/^run_/);
    expect(upstream.statusCode).toBe(502);
    expect(upstream.json()).toMatchObject({ code: 'UPSTREAM_DOWN', nodeId: 'middle' });
  });

  it('stops a run past SYNC_TIMEOUT_MS and answers 503 with Retry-After', async () => {
    service = await testService(throughWorkflow('test.sleep', { ms: 5000 }), {
      kinds: testKinds,
      env: { SYNC_TIMEOUT_MS: '50' },
    });
    const answer = await post(service, '/run', { text: 'x' });

    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.json().code).toBe('RUN_TIMEOUT');
    expect(service.runs.get(answer.json().runId)?.state).toBe('cancelled');
  });
});

describe('the asynchronous run routes', () => {
  it('answer 202 with a Location whose status ends succeeded with the outputs', async () => {
    const target = await greeting();
    const check = contractValidator(target.contract);
    const started = await post(target, '/runs', { name: 'Bo', style: 'loud' });

    expect(started.statusCode).toBe(202);
    expect(check('RunStatus', started.json()).ok).toBe(true);
    const location = new URL(started.headers.location as string).pathname;
    expect(location).toBe(`/runs/${started.json().runId}`);

    await target.runs.get(started.json().runId)!.done;
    const status = await target.app.inject({ method: 'GET', url: location });
    expect(status.json()).toMatchObject({
      status: 'succeeded',
      outputs: { greeting: 'Hello, Bo! (loud x1)' },
    });
    expect(check('RunStatus', status.json()).ok).toBe(true);
  });

  it('answer 404 problem+json for a run that does not exist', async () => {
    const answer = await (await greeting()).app.inject({ method: 'GET', url: '/runs/run_nope' });

    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ code: 'RUN_NOT_FOUND', status: 404 });
  });

  it('refuse runs past MAX_RUNS plus MAX_QUEUED with 503 and Retry-After', async () => {
    service = await testService(throughWorkflow('test.sleep', { ms: 300 }), {
      kinds: testKinds,
      env: { MAX_RUNS: '1', MAX_QUEUED: '1' },
    });
    const answers = [];
    for (let index = 0; index < 3; index += 1) {
      answers.push(await post(service, '/runs', { text: `run ${index}` }));
    }

    expect(answers.map((answer) => answer.statusCode)).toEqual([202, 202, 503]);
    const states = answers.map((answer) =>
      answer.statusCode === 202 ? answer.json().status : answer.json().code,
    );
    expect(states).toEqual(['running', 'queued', 'SERVICE_BUSY']);
    expect(answers[2]!.headers['retry-after']).toBe('1');
  });
});

describe('the API key', () => {
  it('guards runs and status with a bearer token but leaves health and the contract open', async () => {
    const target = await greeting({ PIPEWRIGHT_API_KEY: 'k-123' });
    const none = await post(target, '/run', { name: 'A' });
    const wrong = await post(target, '/run', { name: 'A' }, { authorization: 'Bearer nope' });
    const right = await post(target, '/run', { name: 'A' }, { authorization: 'Bearer k-123' });
    const status = await target.app.inject({ method: 'GET', url: '/runs/run_x' });
    const health = await target.app.inject({ method: 'GET', url: '/health' });
    const contract = await target.app.inject({ method: 'GET', url: '/openapi.json' });

    expect([none.statusCode, wrong.statusCode, right.statusCode]).toEqual([401, 401, 200]);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json().code).toBe('UNAUTHORIZED');
    expect(status.statusCode).toBe(401);
    expect([health.statusCode, contract.statusCode]).toEqual([200, 200]);
    expect(contract.json().components.securitySchemes.apiKey.scheme).toBe('bearer');
  });
});

describe('logging', () => {
  it('writes one line per request and one per run, both with the run id', async () => {
    const target = await greeting();
    const answer = await post(target, '/run', { name: 'Ada' });
    const runId = answer.headers['content-location']!.toString().split('/').pop();

    const requests = target.logs.filter((line) => line.msg === 'request');
    const runs = target.logs.filter((line) => line.msg === 'run finished');
    expect(requests).toEqual([
      expect.objectContaining({ method: 'POST', url: '/run', status: 200, runId }),
    ]);
    expect(runs).toEqual([expect.objectContaining({ runId, state: 'succeeded', source: 'http' })]);
  });
});

describe('configuration', () => {
  it('refuses a bad environment value naming the variable', async () => {
    await expect(greeting({ MAX_RUNS: 'many' })).rejects.toThrow(/MAX_RUNS must be a whole number/);
  });
});

describe('shutdown', () => {
  it('drains: refuses new runs with 503, reports not ready, and lets the run in flight finish', async () => {
    service = await testService(throughWorkflow('test.sleep', { ms: 300 }), {
      kinds: testKinds,
    });
    const target = service;
    const started = await post(target, '/runs', { text: 'keep me' });
    const run = target.runs.get(started.json().runId)!;

    const draining = target.runs.drain(10_000);
    const refused = await post(target, '/runs', { text: 'too late' });
    const ready = await target.app.inject({ method: 'GET', url: '/ready' });
    await draining;

    expect(refused.statusCode).toBe(503);
    expect(refused.json().code).toBe('SERVICE_DRAINING');
    expect(ready.statusCode).toBe(503);
    expect(run.state).toBe('succeeded');
    expect(run.result?.outputs).toEqual({ text: 'keep me' });
  });

  it('cancels runs still going when the drain time is up', async () => {
    service = await testService(throughWorkflow('test.sleep', { ms: 10_000 }), {
      kinds: testKinds,
    });
    const started = await post(service, '/runs', { text: 'slow' });

    await service.runs.drain(50);

    expect(service.runs.get(started.json().runId)?.state).toBe('cancelled');
  });
});
