import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, MemoryCache, startRun, transientError } from '../../engine/index.ts';
import type { NodeDefinition } from '../../engine/index.ts';
import {
  bareKind,
  compile,
  record,
  registryWith,
  sketch,
  tempArtifacts,
} from '../harness/engine-runner.ts';

/** A node kind that appends to its text and returns at once, without a promise. */
const appendNow = defineNode({
  type: 'test.append-now',
  version: 1,
  title: 'Append now',
  category: 'data',
  description: 'Appends "+" without waiting.',
  settings: z.object({}),
  inputs: { text: { type: 'text', optional: true } },
  outputs: { text: { type: 'text' } },
  run: ({ text }) => ({ text: `${String(text ?? '')}+` }),
}) as unknown as NodeDefinition<never>;

function chain(length: number) {
  const ids = Array.from({ length }, (_, index) => `n${index}`);
  const edges = ids.slice(1).map((id, index) => `${ids[index]}.text -> ${id}.text`);
  return compile(
    sketch(
      ids.map((id) => ({ id, type: 'test.append-now' })),
      edges,
    ),
    registryWith(appendNow),
  );
}

describe('nodes that return their outputs at once', () => {
  it('run a chain of 5,000 in one go, without a stack overflow', async () => {
    const run = record({ workflow: chain(5000), artifacts: await tempArtifacts(), cache: null });
    const result = await run.handle.done;
    expect(result.status).toBe('completed');
    expect(result.nodes.n4999!.outputs!.text).toBe('+'.repeat(5000));
    expect(run.of('node.completed')).toHaveLength(5000);
  });

  it('finish the whole run within a few turns of the microtask queue, not several per node', async () => {
    const artifacts = await tempArtifacts();
    const handle = startRun({ workflow: chain(50), artifacts, cache: null });
    let turns = 0;
    let ended = false;
    void handle.done.then(() => (ended = true));
    while (!ended && turns < 1000) {
      await Promise.resolve();
      turns += 1;
    }
    expect(ended).toBe(true);
    expect(turns).toBeLessThan(10);
  });

  it('report the same events in the same order as nodes that wait', async () => {
    const run = record({ workflow: chain(3), artifacts: await tempArtifacts(), cache: null });
    await run.handle.done;
    expect(
      run.events.map((event) => `${event.type}${'nodeId' in event ? ` ${event.nodeId}` : ''}`),
    ).toEqual([
      'run.started',
      'node.started n0',
      'node.completed n0',
      'node.started n1',
      'node.completed n1',
      'node.started n2',
      'node.completed n2',
      'run.completed',
    ]);
    expect(run.events.map((event) => event.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('fail with the node named when they throw or return what they do not declare', async () => {
    const thrower = bareKind('test.throw-now', () => {
      throw new Error('no luck');
    });
    const liar = bareKind('test.lie-now', () => ({ surprise: 1 }));
    for (const kind of [thrower, liar]) {
      const workflow = compile(sketch([{ id: 'bad', type: kind.type }]), registryWith(kind));
      const run = record({ workflow, artifacts: await tempArtifacts(), cache: null });
      const result = await run.handle.done;
      expect(result.status).toBe('failed');
      expect(result.error!.details.nodeId).toBe('bad');
      expect(run.of('node.failed', 'bad')).toHaveLength(1);
    }
    const result = await record({
      workflow: compile(sketch([{ id: 'bad', type: liar.type }]), registryWith(liar)),
      artifacts: await tempArtifacts(),
      cache: null,
    }).handle.done;
    expect(result.error!.code).toBe('INVALID_OUTPUT');
  });

  it('are retried after a transient error thrown at once, like any node', async () => {
    let calls = 0;
    const flaky = bareKind(
      'test.flaky-now',
      () => {
        calls += 1;
        if (calls === 1) throw transientError('UPSTREAM_BUSY', 'busy');
        return { ok: true };
      },
      { outputs: { ok: { type: 'boolean' } }, retry: { attempts: 2, baseDelayMs: 1 } },
    );
    const workflow = compile(sketch([{ id: 'flaky', type: flaky.type }]), registryWith(flaky));
    const run = record({ workflow, artifacts: await tempArtifacts(), cache: null });
    const result = await run.handle.done;
    expect(result.status).toBe('completed');
    expect(result.nodes.flaky!.attempts).toBe(2);
    expect(run.of('node.retrying', 'flaky')).toHaveLength(1);
  });

  it('stop the run when a listener cancels it in the middle of the chain', async () => {
    const workflow = chain(10);
    const started: string[] = [];
    const handle = startRun({
      workflow,
      artifacts: await tempArtifacts(),
      cache: null,
      onEvent: (event) => {
        if (event.type !== 'node.completed') return;
        started.push(event.nodeId);
        if (event.nodeId === 'n2') handle.cancel();
      },
    });
    const result = await handle.done;
    expect(result.status).toBe('cancelled');
    expect(started).toEqual(['n0', 'n1', 'n2']);
    expect(result.nodes.n3!.status).toBe('pending');
  });

  it('still come from the cache and stop at breakpoints', async () => {
    const workflow = chain(2);
    const cache = new MemoryCache();
    const artifacts = await tempArtifacts();
    await record({ workflow, artifacts, cache }).handle.done;
    const again = record({ workflow, artifacts, cache });
    const result = await again.handle.done;
    expect(result.nodes.n1!.status).toBe('cached');

    const held = record({ workflow, artifacts, cache: null, breakpoints: ['n1'] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(held.handle.paused()).toEqual(['n1']);
    held.handle.resume();
    expect((await held.handle.done).status).toBe('completed');
  });
});
