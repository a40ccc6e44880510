import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { integrityProblems, openStore, startRecordedRun } from '../../main/store/index.ts';
import { exitOf, startChild, waitForLine } from './child-process.ts';
import { chainDocument, compile, tempHome } from './store-harness.ts';

let cleanup = () => {};
afterEach(() => cleanup());

describe('two processes on one data folder', () => {
  it('both record runs, versions and credentials safely at the same time', async () => {
    const made = tempHome();
    cleanup = made.cleanup;
    const count = 25;
    const children = ['left', 'right'].map((label) =>
      startChild('busy-child.ts', [made.home, label, String(count)]),
    );
    await Promise.all(children.map((child) => waitForLine(child, /READY\n/)));
    writeFileSync(join(made.home, 'go'), '');
    const codes = await Promise.all(children.map(exitOf));
    expect(codes, children.map((child) => child.output).join('\n')).toEqual([0, 0]);

    const store = openStore({ home: made.home });
    try {
      expect(integrityProblems(store.db)).toEqual(['ok']);
      const runs = store.runs.list({ limit: 100 });
      expect(runs).toHaveLength(2 * count);
      expect(runs.every((run) => run.status === 'completed')).toBe(true);
      const versions = store.workflows.versions('chain').map((info) => info.version);
      expect(versions).toEqual(Array.from({ length: 2 * count }, (_, index) => 2 * count - index));
      const resolve = store.credentials.resolver();
      expect((await resolve('key-left'))?.secret).toBe('sk-left-secret-value');
      expect((await resolve('key-right'))?.secret).toBe('sk-right-secret-value');
    } finally {
      store.close();
    }
  }, 120_000);

  it("does not mark a live process's running run as interrupted", async () => {
    const made = tempHome();
    cleanup = made.cleanup;
    const store = openStore({ home: made.home });
    const run = startRecordedRun(store, {
      workflow: compile(chainDocument()),
      inputs: { topic: 'held' },
      origin: 'test',
      breakpoints: ['b'],
    });
    while (!run.paused().includes('b')) await new Promise((resolve) => setTimeout(resolve, 5));

    const other = startChild('busy-child.ts', [made.home, 'other', '0']);
    expect(await exitOf(other), other.output).toBe(0);
    expect(store.runs.get(run.id).status).toBe('running');

    run.resume();
    await run.done;
    expect(store.runs.get(run.id).status).toBe('completed');
    store.close();
  }, 120_000);
});
