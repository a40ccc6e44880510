import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openStore,
  pinFromRun,
  rerunPlan,
  runFromPlan,
  runOnlyPlan,
  startRecordedRun,
  unpinNode,
} from '../../main/store/index.ts';
import type { ReplayPlan, Store } from '../../main/store/index.ts';
import { calls, chainDocument, compile, tempHome } from './store-harness.ts';

let store: Store;
let cleanup: () => void;

beforeEach(() => {
  const made = tempHome();
  cleanup = made.cleanup;
  store = openStore({ home: made.home });
  calls.clear();
});

afterEach(() => {
  store.close();
  cleanup();
});

async function firstRun(topic = 'first') {
  const run = startRecordedRun(store, {
    workflow: compile(chainDocument()),
    inputs: { topic },
    origin: 'test',
    useCache: false,
  });
  await run.done;
  calls.clear();
  return run.id;
}

/** Replays without the cache, so that every reuse seen is the replay's own doing. */
async function replay(plan: ReplayPlan) {
  const { document, origin, parentRunId, ...run } = plan;
  const handle = startRecordedRun(store, {
    ...run,
    workflow: compile(document),
    origin,
    parentRunId,
    useCache: false,
  });
  const result = await handle.done;
  return { result, record: store.runs.get(handle.id) };
}

function sources(record: { nodes: { nodeId: string; status: string; source?: string }[] }) {
  return Object.fromEntries(record.nodes.map((n) => [n.nodeId, n.source ?? n.status]));
}

describe('debugging from recorded runs', () => {
  it('re-runs a past run with the same inputs and links it to the original', async () => {
    const runId = await firstRun('again');
    const { result, record } = await replay(rerunPlan(store, runId));

    expect(result.outputs.text).toBe('again-a-b');
    expect(record).toMatchObject({
      origin: 'rerun',
      parentRunId: runId,
      inputs: { topic: 'again' },
    });
    expect(Object.fromEntries(calls)).toEqual({ a: 1, b: 1, save: 1 });
  });

  it('runs from a node with everything upstream taken from the past run', async () => {
    const runId = await firstRun();
    const edited = chainDocument({ b: '-edited' });
    const { result, record } = await replay(runFromPlan(store, runId, 'b', { document: edited }));

    expect(result.outputs.text).toBe('first-a-edited');
    expect(Object.fromEntries(calls)).toEqual({ b: 1, save: 1 });
    expect(sources(record)).toEqual({
      input: 'history',
      a: 'history',
      b: 'completed',
      save: 'completed',
      output: 'completed',
    });
  });

  it('runs only one node, fed the inputs it received in the past run', async () => {
    const runId = await firstRun();
    const plan = runOnlyPlan(store, runId, 'b', { document: chainDocument({ b: '-solo' }) });
    const { record } = await replay(plan);

    expect(Object.fromEntries(calls)).toEqual({ b: 1 });
    expect(store.runs.nodeResult(record.id, 'b')).toMatchObject({
      status: 'completed',
      inputs: { text: 'first-a' },
      outputs: { text: 'first-a-solo' },
    });
    expect(sources(record)).toMatchObject({ a: 'history', save: 'skipped', output: 'skipped' });
  });

  it('pins a node to its output from a past run as a new workflow version', async () => {
    store.workflows.save(chainDocument());
    const runId = await firstRun('pinned');
    const version = pinFromRun(store, 'chain', runId, 'a');

    expect(version.version).toBe(2);
    const document = store.workflows.show('chain');
    expect(document.nodes.find((node) => node.id === 'a')!.pinned).toEqual({ text: 'pinned-a' });

    const run = startRecordedRun(store, {
      workflow: compile(document),
      inputs: { topic: 'other topic' },
      origin: 'test',
      useCache: false,
    });
    const result = await run.done;
    expect(result.outputs.text).toBe('pinned-a-b');
    expect(calls.get('a')).toBeUndefined();
    expect(store.runs.nodeResult(run.id, 'a').source).toBe('pin');

    unpinNode(store, 'chain', 'a');
    expect(store.workflows.show('chain').nodes[1]!.pinned).toBeUndefined();
    expect(store.workflows.diff('chain', 2, 3).nodesChanged[0]!.changes[0]!.path).toBe('pinned');
  });

  it('says which node and run are wrong when a replay cannot be built', async () => {
    store.workflows.save(chainDocument());
    const runId = await firstRun();
    expect(() => runOnlyPlan(store, runId, 'ghost')).toThrow(/no node "ghost"/);
    expect(() => pinFromRun(store, 'chain', 'run_missing', 'a')).toThrow(/No run "run_missing"/);
    const other = { ...chainDocument(), id: 'other-chain' };
    expect(() => runFromPlan(store, runId, 'b', { document: other })).toThrow(
      `ran the workflow "chain", not "other-chain"`,
    );
    expect(() => rerunPlan(store, runId, { document: other })).toThrow(/not "other-chain"/);
  });
});
