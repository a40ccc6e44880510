import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, transientError } from '../../engine/index.ts';
import type { NodeDefinition, RunEvent } from '../../engine/index.ts';
import { openStore, startRecordedRun } from '../../main/store/index.ts';
import type { Store } from '../../main/store/index.ts';
import { calls, chainDocument, compile, tempHome, testRegistry } from './store-harness.ts';

let home: string;
let store: Store;
let cleanup: () => void;

beforeEach(() => {
  const made = tempHome();
  home = made.home;
  cleanup = made.cleanup;
  store = openStore({ home });
  calls.clear();
});

afterEach(() => {
  store.close();
  cleanup();
});

/** Fails with a 503 until its third attempt. */
let flakyAttempts = 0;
const flakyNode = defineNode({
  type: 'test.flaky',
  version: 1,
  title: 'Flaky',
  category: 'network',
  description: 'Fails twice, then answers.',
  settings: z.object({}),
  inputs: { text: { type: 'text' } },
  outputs: { text: { type: 'text' } },
  retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
  run: async ({ text }) => {
    flakyAttempts += 1;
    if (flakyAttempts < 3) throw transientError('UPSTREAM_503', 'The service answered 503.');
    return { text };
  },
});

describe('recording runs', () => {
  it('records every node with its inputs, outputs, cost, timing and logs', async () => {
    const run = startRecordedRun(store, {
      workflow: compile(chainDocument()),
      inputs: { topic: 'lighthouses' },
      origin: 'test',
    });
    const result = await run.done;

    const record = store.runs.get(run.id);
    expect(record).toMatchObject({ status: 'completed', workflowId: 'chain', costUsd: 0.5 });
    expect(record.inputs).toEqual({ topic: 'lighthouses' });
    expect(record.outputs).toEqual(result.outputs);
    expect(record.nodes.map((node) => [node.nodeId, node.status])).toEqual([
      ['input', 'completed'],
      ['a', 'completed'],
      ['b', 'completed'],
      ['save', 'completed'],
      ['output', 'completed'],
    ]);
    const b = record.nodes[2]!;
    expect(b).toMatchObject({
      nodeType: 'test.append',
      inputs: { text: 'lighthouses-a' },
      outputs: { text: 'lighthouses-a-b' },
      attempts: 1,
      costUsd: 0.25,
    });
    expect(b.durationMs).toBeGreaterThanOrEqual(0);
    expect(b.cacheKey).toMatch(/^[0-9a-f]{64}$/);
    expect(store.runs.logs(run.id, { nodeId: 'b' })).toMatchObject([
      { nodeId: 'b', level: 'info', message: 'appending', data: { suffix: '-b' } },
    ]);
    expect(store.runs.document(run.id)).toEqual(compile(chainDocument()).document);
    expect(run.recorder.failure).toBeUndefined();
  });

  it('keeps cache hits across a restart, so no node runs twice for the same answer', async () => {
    const workflow = compile(chainDocument());
    await startRecordedRun(store, { workflow, inputs: { topic: 't' }, origin: 'test' }).done;
    store.close();
    calls.clear();

    store = openStore({ home });
    const again = startRecordedRun(store, { workflow, inputs: { topic: 't' }, origin: 'test' });
    await again.done;

    expect(calls.size).toBe(0);
    const nodes = store.runs.get(again.id).nodes;
    expect(nodes.filter((node) => node.source === 'cache').map((node) => node.nodeId)).toEqual([
      'input',
      'a',
      'b',
      'save',
    ]);
    expect(nodes[1]!.inputs).toEqual({ text: 't' });
  });

  it('records retries as warnings and the final attempt count', async () => {
    flakyAttempts = 0;
    const registry = testRegistry([flakyNode as unknown as NodeDefinition<never>]);
    const document = chainDocument();
    document.nodes[1]!.type = 'test.flaky';
    document.nodes[1]!.settings = {};
    const run = startRecordedRun(store, {
      workflow: compile(document, registry),
      inputs: { topic: 'x' },
      origin: 'test',
    });
    await run.done;

    expect(store.runs.nodeResult(run.id, 'a')).toMatchObject({ status: 'completed', attempts: 3 });
    const warnings = store.runs.logs(run.id, { nodeId: 'a' });
    expect(warnings.map((line) => [line.level, line.data?.code])).toEqual([
      ['warn', 'UPSTREAM_503'],
      ['warn', 'UPSTREAM_503'],
    ]);
    expect(warnings[0]!.message).toMatch(/Attempt 1 failed: The service answered 503/);
  });

  it('records a failure with the node, its error, and the nodes that never ran', async () => {
    const document = chainDocument();
    document.nodes[0]!.settings = { fields: [{ name: 'topic', type: 'number', required: true }] };
    document.edges[0] = { from: ['input', 'topic'], to: ['a', 'text'] };
    const run = startRecordedRun(store, {
      workflow: compile(document),
      inputs: { topic: 'not a number' },
      origin: 'test',
    });
    await run.done;

    const record = store.runs.get(run.id);
    expect(record.status).toBe('failed');
    expect(record.error).toMatchObject({ code: 'INPUT_INVALID', details: { nodeId: 'input' } });
    expect(record.nodes).toMatchObject([
      { nodeId: 'input', status: 'failed', error: { code: 'INPUT_INVALID' } },
    ]);
  });

  it('records a node paused at a breakpoint with its inputs, then its result after resuming', async () => {
    const events: RunEvent[] = [];
    const run = startRecordedRun(store, {
      workflow: compile(chainDocument()),
      inputs: { topic: 'paused' },
      origin: 'test',
      breakpoints: ['b'],
      onEvent: (event) => events.push(event),
    });
    await until(() => run.paused().includes('b'));

    expect(store.runs.get(run.id).status).toBe('running');
    expect(store.runs.nodeResult(run.id, 'b')).toMatchObject({
      status: 'paused',
      inputs: { text: 'paused-a' },
    });
    expect(calls.get('b')).toBeUndefined();

    run.step();
    await until(() => run.paused().includes('save'));
    expect(store.runs.nodeResult(run.id, 'b')).toMatchObject({ status: 'completed' });
    expect(store.runs.nodeResult(run.id, 'save').status).toBe('paused');

    run.cancel();
    await run.done;
    expect(store.runs.get(run.id).status).toBe('cancelled');
    expect(store.runs.nodeResult(run.id, 'save').status).toBe('cancelled');
    expect(events.every((event) => event.runId === run.id)).toBe(true);
    const nodeEvents = events.filter((event) => event.type.startsWith('node.'));
    expect(nodeEvents.length).toBeGreaterThan(0);
    expect(nodeEvents.every((event) => 'nodeId' in event && event.nodeId)).toBe(true);
  });

  it('lists the latest runs newest first and pages back from a run', async () => {
    const workflow = compile(chainDocument());
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const run = startRecordedRun(store, {
        workflow,
        inputs: { topic: `${index}` },
        origin: 'test',
      });
      await run.done;
      ids.push(run.id);
    }
    const newestFirst = [...ids].reverse();

    expect(store.runs.list({ limit: 3 }).map((run) => run.id)).toEqual(newestFirst.slice(0, 3));
    expect(store.runs.list({ limit: 3, before: newestFirst[2] }).map((run) => run.id)).toEqual(
      newestFirst.slice(3),
    );
    expect(store.runs.get(ids[0]!.slice(0, 12)).id).toBe(ids[0]);
    expect(() => store.runs.get('run_nope')).toThrow(/No run "run_nope"/);
  });
});

async function until(condition: () => boolean) {
  for (let tries = 0; tries < 500 && !condition(); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!condition()) throw new Error('timed out waiting');
}
