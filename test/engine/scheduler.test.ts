import { describe, expect, it } from 'vitest';
import { MemoryCache, transientError, userError } from '../../engine/index.ts';
import {
  abortableDelay,
  bareKind,
  compile,
  countingKinds,
  record,
  registryWith,
  runBare,
  sketch,
  tempArtifacts,
} from '../harness/engine-runner.ts';

describe('the scheduler', () => {
  it('runs independent branches at the same time', async () => {
    const spans = new Map<string, [number, number]>();
    const slow = bareKind('test.slow', async (_inputs, _settings, context) => {
      const start = performance.now();
      await abortableDelay(150, context.signal);
      spans.set(context.nodeId, [start, performance.now()]);
      return {};
    });
    const { result } = await runBare(slow, ['left', 'right']);
    expect(result.status).toBe('completed');

    const [leftStart, leftEnd] = spans.get('left')!;
    const [rightStart, rightEnd] = spans.get('right')!;
    expect(leftStart).toBeLessThan(rightEnd);
    expect(rightStart).toBeLessThan(leftEnd);
  });

  it('never runs more nodes at once than its concurrency limit', async () => {
    let running = 0;
    let most = 0;
    const busy = bareKind('test.busy', async (_inputs, _settings, context) => {
      running += 1;
      most = Math.max(most, running);
      await abortableDelay(20, context.signal);
      running -= 1;
      return {};
    });
    await runBare(
      busy,
      Array.from({ length: 8 }, (_, index) => `busy${index}`),
      3,
    );
    expect(most).toBe(3);

    const { result } = await runBare(busy, ['a', 'b'], Number('not a number'));
    expect(result.nodes.b!.status).toBe('completed');
  });

  it('cancels a run at once, aborting the node that would take ten seconds', async () => {
    let aborted = false;
    let returned = false;
    const sleeper = bareKind('test.sleeper', async (_inputs, _settings, context) => {
      context.signal.addEventListener('abort', () => (aborted = true));
      try {
        await abortableDelay(10_000, context.signal);
        return {};
      } finally {
        returned = true;
      }
    });
    const workflow = compile(sketch([{ id: 'nap', type: 'test.sleeper' }]), registryWith(sleeper));
    const run = record({ workflow, artifacts: await tempArtifacts(), cache: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cancelledAt = performance.now();
    run.handle.cancel();
    const result = await run.handle.done;

    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(result.status).toBe('cancelled');
    expect(aborted).toBe(true);
    expect(returned).toBe(true);
    expect(run.events.at(-1)?.type).toBe('run.cancelled');
  });

  it('reports a node that ignores the abort as stopped, and says nothing after the run ended', async () => {
    const stubborn = bareKind('test.stubborn', async (_inputs, _settings, context) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      context.log.info('still here');
      return {};
    });
    const workflow = compile(
      sketch([{ id: 'deaf', type: 'test.stubborn' }]),
      registryWith(stubborn),
    );
    const run = record({
      workflow,
      artifacts: await tempArtifacts(),
      cache: null,
      cancelGraceMs: 50,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cancelledAt = performance.now();
    run.handle.cancel();
    const result = await run.handle.done;
    expect(performance.now() - cancelledAt).toBeLessThan(250);
    await new Promise((resolve) => setTimeout(resolve, 400));

    expect(result.status).toBe('cancelled');
    expect(result.nodes.deaf).toMatchObject({ status: 'failed', error: { code: 'RUN_CANCELLED' } });
    expect(run.events.at(-1)?.type).toBe('run.cancelled');
  });

  it('retries a transient fault with backoff and then succeeds', async () => {
    let attempts = 0;
    const flaky = bareKind(
      'test.flaky',
      async () => {
        attempts += 1;
        if (attempts < 3) throw Object.assign(new Error('Service Unavailable'), { status: 503 });
        return { ok: true };
      },
      {
        outputs: { ok: { type: 'boolean' } },
        retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
      },
    );
    const { run, result } = await runBare(flaky, ['call']);

    expect(result.status).toBe('completed');
    expect(attempts).toBe(3);
    expect(run.of('node.retrying').map((event) => event.attempt)).toEqual([1, 2]);
    const [first, second] = run.of('node.retrying').map((event) => event.delayMs);
    expect(first).toBeGreaterThanOrEqual(2.5);
    expect(first).toBeLessThanOrEqual(5);
    expect(second).toBeGreaterThanOrEqual(5);
    expect(second).toBeLessThanOrEqual(10);
    expect(run.of('node.completed')[0]!.attempts).toBe(3);
  });

  it('does not retry a user error, and fails the run naming the node', async () => {
    let attempts = 0;
    const strict = bareKind('test.strict', async (_inputs, _settings, context) => {
      attempts += 1;
      throw userError('BAD_INPUT', 'The prompt is empty.', {
        nodeId: context.nodeId,
        field: 'prompt',
      });
    });
    const { run, result } = await runBare(strict, ['check']);

    expect(attempts).toBe(1);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({
      code: 'BAD_INPUT',
      fault: 'user',
      details: { nodeId: 'check', field: 'prompt' },
    });
    expect(run.of('node.retrying')).toHaveLength(0);
  });

  it("gives up on a transient fault after the policy's attempts", async () => {
    let attempts = 0;
    const down = bareKind(
      'test.down',
      async () => {
        attempts += 1;
        throw transientError('RATE_LIMITED', 'Too many requests.');
      },
      { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
    );
    const { result } = await runBare(down, ['call']);
    expect(attempts).toBe(2);
    expect(result.error?.code).toBe('RATE_LIMITED');
  });

  it('skips the nodes behind an untaken branch and still completes', async () => {
    const workflow = compile(
      JSON.parse(
        await import('node:fs/promises').then((fs) =>
          fs.readFile('workflows/headline-check.json', 'utf8'),
        ),
      ),
      registryWith(),
    );
    const run = record({
      workflow,
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { headline: 'Short one' },
    });
    const result = await run.handle.done;
    expect(result.outputs).toEqual({ verdict: 'Approved: Short one', length: 9 });
    expect(run.of('node.skipped').map((event) => event.nodeId)).toEqual(['shorten']);
  });
});

describe('the cache', () => {
  async function chain() {
    const kinds = countingKinds();
    const registry = registryWith(...kinds.kinds);
    const document = sketch(
      [
        { id: 'a', type: 'test.source', settings: { value: 'a' } },
        { id: 'b', type: 'test.append', settings: { suffix: 'b' } },
        { id: 'c', type: 'test.append', settings: { suffix: 'c' } },
        { id: 'side', type: 'test.append', settings: { suffix: 's' } },
      ],
      ['a.text -> b.text', 'b.text -> c.text', 'a.text -> side.text'],
    );
    return {
      ...kinds,
      registry,
      document,
      cache: new MemoryCache(),
      artifacts: await tempArtifacts(),
    };
  }

  it('runs no node a second time when nothing changed', async () => {
    const setup = await chain();
    const workflow = compile(setup.document, setup.registry);
    await record({ workflow, artifacts: setup.artifacts, cache: setup.cache }).handle.done;
    const second = record({ workflow, artifacts: setup.artifacts, cache: setup.cache });
    const result = await second.handle.done;

    expect(Object.fromEntries(setup.calls)).toEqual({ a: 1, b: 1, c: 1, side: 1 });
    expect(second.of('node.cached').map((event) => event.source)).toEqual([
      'cache',
      'cache',
      'cache',
      'cache',
    ]);
    expect(result.nodes.c!.outputs).toEqual({ text: 'abc' });
  });

  it('re-runs a changed node and what depends on it, nothing else', async () => {
    const setup = await chain();
    await record({
      workflow: compile(setup.document, setup.registry),
      artifacts: setup.artifacts,
      cache: setup.cache,
    }).handle.done;

    setup.document.nodes[1]!.settings = { suffix: 'B' };
    const result = await record({
      workflow: compile(setup.document, setup.registry),
      artifacts: setup.artifacts,
      cache: setup.cache,
    }).handle.done;

    expect(Object.fromEntries(setup.calls)).toEqual({ a: 1, b: 2, c: 2, side: 1 });
    expect(result.nodes.c!.outputs).toEqual({ text: 'aBc' });
  });

  it("lets a pinned output replace a node's run", async () => {
    const setup = await chain();
    setup.document.nodes[1]!.pinned = { text: 'PINNED' };
    const run = record({
      workflow: compile(setup.document, setup.registry),
      artifacts: setup.artifacts,
      cache: setup.cache,
    });
    const result = await run.handle.done;

    expect(setup.calls.get('b')).toBeUndefined();
    expect(result.nodes.c!.outputs).toEqual({ text: 'PINNEDc' });
    expect(run.of('node.cached', 'b')[0]!.source).toBe('pin');
  });

  it('starts from a node: it and what follows run again, the rest comes from the cache', async () => {
    const setup = await chain();
    const workflow = compile(setup.document, setup.registry);
    await record({ workflow, artifacts: setup.artifacts, cache: setup.cache }).handle.done;
    await record({ workflow, artifacts: setup.artifacts, cache: setup.cache, startFrom: 'b' })
      .handle.done;
    expect(Object.fromEntries(setup.calls)).toEqual({ a: 1, b: 2, c: 2, side: 1 });
  });

  it('stops at a node: only it and what it needs run', async () => {
    const setup = await chain();
    const workflow = compile(setup.document, setup.registry);
    const run = record({ workflow, artifacts: setup.artifacts, cache: null, stopAt: 'b' });
    const result = await run.handle.done;
    expect(Object.fromEntries(setup.calls)).toEqual({ a: 1, b: 1 });
    expect(result.status).toBe('completed');
    expect(
      run
        .of('node.skipped')
        .map((event) => event.nodeId)
        .sort(),
    ).toEqual(['c', 'side']);
  });

  it('runs one node with its inputs seeded from a past run', async () => {
    const setup = await chain();
    const workflow = compile(setup.document, setup.registry);
    const seed = new Map([['b', { text: 'from-history' }]]);
    const result = await record({
      workflow,
      artifacts: setup.artifacts,
      cache: null,
      stopAt: 'c',
      seed,
    }).handle.done;
    expect(Object.fromEntries(setup.calls)).toEqual({ c: 1 });
    expect(result.nodes.c!.outputs).toEqual({ text: 'from-historyc' });
  });
});

describe('breakpoints', () => {
  it('pauses before a marked node with its inputs, then steps and resumes', async () => {
    const kinds = countingKinds();
    const registry = registryWith(...kinds.kinds);
    const document = sketch(
      [
        { id: 'a', type: 'test.source', settings: { value: 'a' } },
        { id: 'b', type: 'test.append', settings: { suffix: 'b' } },
        { id: 'c', type: 'test.append', settings: { suffix: 'c' } },
      ],
      ['a.text -> b.text', 'b.text -> c.text'],
    );
    const run = record({
      workflow: compile(document, registry),
      artifacts: await tempArtifacts(),
      cache: null,
      breakpoints: ['b'],
    });
    const waitFor = async (count: number) => {
      while (run.of('node.paused').length < count)
        await new Promise((resolve) => setTimeout(resolve, 5));
    };

    await waitFor(1);
    expect(run.handle.paused()).toEqual(['b']);
    expect(run.of('node.paused')[0]).toMatchObject({ nodeId: 'b', inputs: { text: 'a' } });
    expect(kinds.calls.get('b')).toBeUndefined();

    run.handle.step();
    await waitFor(2);
    expect(run.handle.paused()).toEqual(['c']);
    expect(kinds.calls.get('b')).toBe(1);

    run.handle.resume();
    const result = await run.handle.done;
    expect(result.nodes.c!.outputs).toEqual({ text: 'abc' });
  });
});
