import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIFake } from '../fakes/openai-fake.ts';
import { removeTemporaryStores, runNodes } from '../harness/node-runner.ts';
import type { NodeRunOptions } from '../harness/node-runner.ts';

const fake = new OpenAIFake();

beforeAll(() => fake.start());

afterAll(async () => {
  await fake.stop();
  await removeTemporaryStores();
});

beforeEach(() => fake.clear());

/** The script node alone between an Input and an Output, with a one-second idle limit. */
function scriptRun(settings: Record<string, unknown>, attempts: number): NodeRunOptions {
  return {
    nodes: [
      { id: 'in', type: 'input', settings: { fields: [{ name: 'topic', type: 'text' }] } },
      {
        id: 'script',
        type: 'llm.script',
        settings: { timeoutSeconds: 1, ...settings },
        retry: { attempts, baseDelayMs: 10 },
      },
      { id: 'out', type: 'output', settings: { fields: [{ name: 'text', type: 'text' }] } },
    ],
    edges: [
      ['in.topic', 'script.topic'],
      ['script.text', 'out.text'],
    ],
    inputs: { topic: 'lighthouses' },
    env: { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL },
  };
}

describe('llm.script time-outs', () => {
  it('gives up on a server that does not start answering, and tries again', async () => {
    fake.slow(3_000, { path: '/v1/chat/completions' });
    fake.reply('On the second try.', { times: 2 });
    const run = await runNodes(scriptRun({ stream: false }, 2));

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
    const run = await runNodes(scriptRun({ stream: true }, 1));

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
    const run = await runNodes(scriptRun({ stream: true }, 1));

    expect(run.result.status).toBe('completed');
    expect(run.result.outputs.text).toBe('Slow but steady words arrive one after another.');
  });
});
