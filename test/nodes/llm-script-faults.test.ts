import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIFake } from '../fakes/openai-fake.ts';
import { removeTemporaryStores, runNodes, startNodes } from '../harness/node-runner.ts';
import type { NodeRunOptions } from '../harness/node-runner.ts';
import { scriptRunWith } from './llm-script-run.ts';
import type { ScriptRunExtra } from './llm-script-run.ts';

const fake = new OpenAIFake({ apiKey: 'sk-test-key' });
let env: Record<string, string>;

beforeAll(async () => {
  await fake.start();
  env = { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL };
});

afterAll(async () => {
  await fake.stop();
  await removeTemporaryStores();
});

beforeEach(() => fake.clear());

function scriptRun(settings: Record<string, unknown>, extra: ScriptRunExtra = {}): NodeRunOptions {
  return scriptRunWith(env, settings, extra);
}

describe('llm.script when the model server misbehaves', () => {
  it('retries a rate-limited request through the engine and succeeds', async () => {
    fake.fail({ status: 429, retryAfter: 0, path: '/v1/chat/completions' });
    fake.reply('After the wait.');
    const run = await runNodes(
      scriptRun({ stream: false }, { script: { retry: { baseDelayMs: 10 } } }),
    );

    expect(run.result.status).toBe('completed');
    expect(run.result.outputs.text).toBe('After the wait.');
    expect(fake.requestsTo({ path: '/v1/chat/completions' })).toHaveLength(2);
    const retrying = run.of('node.retrying', 'script');
    expect(retrying).toHaveLength(1);
    expect(retrying[0]?.error).toMatchObject({ code: 'LLM_RATE_LIMITED', transient: true });
  });

  it('treats a server error as transient and tries again', async () => {
    fake.fail({ status: 503, path: '/v1/chat/completions' });
    const run = await runNodes(
      scriptRun({ stream: true }, { script: { retry: { baseDelayMs: 10 } } }),
    );

    expect(run.result.status).toBe('completed');
    expect(run.of('node.retrying', 'script')[0]?.error).toMatchObject({
      code: 'LLM_SERVER_ERROR',
      details: { status: 503 },
    });
    expect(fake.requestsTo({ path: '/v1/chat/completions' })).toHaveLength(2);
  });

  it('waits as long as the Retry-After header asks before the next try', async () => {
    fake.fail({ status: 429, retryAfter: 1, path: '/v1/chat/completions' });
    const run = await runNodes(
      scriptRun({ stream: false }, { script: { retry: { baseDelayMs: 10 } } }),
    );

    expect(run.result.status).toBe('completed');
    expect(run.of('node.retrying', 'script')[0]?.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('fails at once on a rejected key, naming the credential and its variable', async () => {
    const run = await runNodes(
      scriptRun({ stream: false }, { env: { ...env, OPENAI_API_KEY: 'sk-wrong' } }),
    );

    expect(run.result.status).toBe('failed');
    expect(fake.requests).toHaveLength(1);
    expect(run.of('node.retrying')).toHaveLength(0);
    const error = run.result.error!;
    expect(error.code).toBe('CREDENTIAL_REJECTED');
    expect(error.fault).toBe('user');
    expect(error.message).toContain('"openai"');
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(error.details).toMatchObject({
      nodeId: 'script',
      field: 'credentials.openai',
      status: 401,
    });
  });

  it('fails with a clear message when no key is set at all, without calling the server', async () => {
    const { result } = await runNodes(scriptRun({}, { env: { OPENAI_BASE_URL: fake.baseURL } }));

    expect(result.error?.code).toBe('CREDENTIAL_MISSING');
    expect(result.error?.message).toContain('Node "script" (LLM script)');
    expect(result.error?.message).toContain('OPENAI_API_KEY');
    expect(result.error?.details).toMatchObject({ nodeId: 'script', variable: 'OPENAI_API_KEY' });
    expect(fake.requests).toHaveLength(0);
  });

  it('fails cleanly when the stream is cut off, passing on no half script', async () => {
    fake.reply('This answer will never arrive in one piece because the line drops.');
    fake.cutOff({ path: '/v1/chat/completions', afterBytes: 600 });
    const run = await runNodes(scriptRun({ stream: true }, { script: { retry: { attempts: 1 } } }));

    expect(run.result.status).toBe('failed');
    expect(run.result.error?.code).toBe('LLM_STREAM_CUT');
    expect(run.result.error?.message).toContain('cut off');
    expect(run.of('node.partial', 'script').length).toBeGreaterThan(0);
    expect(run.of('node.completed', 'script')).toHaveLength(0);
    expect(run.of('node.started', 'out')).toHaveLength(0);
    expect(run.result.outputs).toEqual({});
  });

  it('retries a cut-off stream as a transient fault', async () => {
    fake.cutOff({ path: '/v1/chat/completions', afterBytes: 300 });
    fake.reply('Whole the second time.', { times: 2 });
    const run = await runNodes(
      scriptRun({ stream: true }, { script: { retry: { baseDelayMs: 10 } } }),
    );

    expect(run.result.status).toBe('completed');
    expect(run.result.outputs.text).toBe('Whole the second time.');
    expect(fake.requestsTo({ path: '/v1/chat/completions' })).toHaveLength(2);
  });

  it('aborts the request when the run is cancelled', async () => {
    fake.slow(5_000, { path: '/v1/chat/completions' });
    const run = await startNodes(scriptRun({ stream: true }));
    await fake.waitForRequests({ path: '/v1/chat/completions' });
    const began = Date.now();
    run.handle.cancel();
    const result = await run.done;

    expect(result.status).toBe('cancelled');
    expect(Date.now() - began).toBeLessThan(900);
    expect(run.of('node.completed', 'script')).toHaveLength(0);
  });

  it('gives up on a server that does not start answering, and tries again', async () => {
    fake.slow(3_000, { path: '/v1/chat/completions' });
    fake.reply('On the second try.', { times: 2 });
    const run = await runNodes(
      scriptRun({ stream: false, timeoutSeconds: 1 }, { script: { retry: { baseDelayMs: 10 } } }),
    );

    expect(run.result.status).toBe('completed');
    expect(run.result.outputs.text).toBe('On the second try.');
    expect(run.of('node.retrying', 'script')[0]?.error).toMatchObject({
      code: 'LLM_TIMEOUT',
      transient: true,
      details: { nodeId: 'script', field: 'timeoutSeconds' },
    });
  });

  it('gives up on a stream that stops part-way, passing on no half answer', async () => {
    fake.reply('This answer starts, then the server falls silent for good.');
    fake.stall({ path: '/v1/chat/completions', afterBytes: 700 });
    const began = Date.now();
    const run = await runNodes(
      scriptRun({ stream: true, timeoutSeconds: 1 }, { script: { retry: { attempts: 1 } } }),
    );

    expect(run.result.status).toBe('failed');
    expect(run.result.error?.code).toBe('LLM_TIMEOUT');
    expect(run.result.error?.message).toContain(
      'Node "script" (LLM script): the model server sent nothing for 1 seconds',
    );
    expect(run.of('node.partial', 'script').length).toBeGreaterThan(0);
    expect(run.result.outputs).toEqual({});
    expect(Date.now() - began).toBeGreaterThanOrEqual(1_000);
  });

  it('waits through a pause in the stream shorter than the limit', async () => {
    fake.reply('Slow but steady words arrive one after another.');
    const stalled = fake.stall({ path: '/v1/chat/completions', afterBytes: 700 });
    setTimeout(() => stalled.resume(), 600);
    const run = await runNodes(
      scriptRun({ stream: true, timeoutSeconds: 1 }, { script: { retry: { attempts: 1 } } }),
    );

    expect(run.result.status).toBe('completed');
    expect(run.result.outputs.text).toBe('Slow but steady words arrive one after another.');
  });
});
