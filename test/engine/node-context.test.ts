import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineNode } from '../../engine/index.ts';
import type { NodeDefinition } from '../../engine/index.ts';
import { compile, record, registryWith, sketch, tempArtifacts } from '../harness/engine-runner.ts';

/** A kind that uses every part of its context once: progress, logs, costs, a secret, a file. */
const busy = defineNode({
  type: 'test.context',
  version: 1,
  title: 'Context user',
  category: 'data',
  description: 'Touches every part of the node context.',
  settings: z.object({}),
  credentials: [{ id: 'api', title: 'the test API key', env: 'TEST_API_KEY' }],
  inputs: {},
  outputs: { note: { type: 'file' } },
  run: async (_inputs, _settings, context) => {
    context.progress(-3);
    context.progress(0.5, 'half');
    context.progress(7);
    context.log.warn('careful', { depth: 2 });
    context.cost.add({ usd: 0.01, unit: 'calls', quantity: 1 });
    context.cost.add({ usd: 0.02, unit: 'tokens', quantity: 200 });
    const { secret } = await context.credential('api');
    const note = await context.artifacts.put(Buffer.from(`key ends ${secret.slice(-2)}`), {
      mediaType: 'text/plain',
    });
    return { note };
  },
}) as unknown as NodeDefinition<never>;

async function runBusy(options: {
  env?: Record<string, string>;
  credentials?: Record<string, string>;
  named?: string;
}) {
  const document = sketch([
    {
      id: 'busy',
      type: 'test.context',
      ...(options.named ? { credentials: { api: options.named } } : {}),
    },
  ]);
  const artifacts = await tempArtifacts();
  const run = record({
    workflow: compile(document, registryWith(busy)),
    artifacts,
    cache: null,
    env: options.env,
    credentials: async (name) =>
      options.credentials?.[name] ? { secret: options.credentials[name] } : undefined,
  });
  return { run, artifacts, result: await run.handle.done };
}

describe('the node context', () => {
  it('turns progress, logs and costs into events, clamping progress to 0..1', async () => {
    const { run, result, artifacts } = await runBusy({ env: { TEST_API_KEY: 'env-key-42' } });

    expect(result.status).toBe('completed');
    expect(run.of('node.progress').map((event) => [event.fraction, event.message])).toEqual([
      [0, undefined],
      [0.5, 'half'],
      [1, undefined],
    ]);
    expect(run.of('node.log')[0]).toMatchObject({
      nodeId: 'busy',
      level: 'warn',
      message: 'careful',
      data: { depth: 2 },
    });
    expect(run.of('node.completed')[0]!.costUsd).toBeCloseTo(0.03);
    expect(result.costUsd).toBeCloseTo(0.03);

    const note = result.nodes.busy!.outputs!.note;
    expect(artifacts.pathOf(note as never)).toMatch(/[0-9a-f]{64}/);
  });

  it('finds a secret in the environment, or the saved one the workflow names', async () => {
    const fromEnv = await runBusy({ env: { TEST_API_KEY: 'env-key-42' } });
    const saved = await runBusy({ named: 'team', credentials: { team: 'saved-key-77' } });
    const read = async (outcome: typeof fromEnv) => {
      const note = outcome.result.nodes.busy!.outputs!.note;
      return readFile(outcome.artifacts.pathOf(note as never), 'utf8');
    };

    expect(await read(fromEnv)).toBe('key ends 42');
    expect(await read(saved)).toBe('key ends 77');
  });

  it('fails as a user error naming the variable or the saved name when a secret is missing', async () => {
    const none = await runBusy({});
    expect(none.result.error).toMatchObject({
      code: 'CREDENTIAL_MISSING',
      fault: 'user',
      details: { nodeId: 'busy', variable: 'TEST_API_KEY' },
    });

    const unsaved = await runBusy({ named: 'gone' });
    expect(unsaved.result.error).toMatchObject({
      code: 'CREDENTIAL_NOT_FOUND',
      details: { nodeId: 'busy', field: 'credentials.api' },
    });
    expect(unsaved.result.error?.message).toContain('"gone"');
  });
});
