import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isArtifactRef } from '../../engine/index.ts';
import { integrityProblems, openStore } from '../../main/store/index.ts';
import { exitOf, startChild, waitForLine } from './child-process.ts';
import { tempHome } from './store-harness.ts';

let cleanup = () => {};
afterEach(() => cleanup());

describe('a run cut off by kill -9', () => {
  it('reads as interrupted at the next open, with finished results and artifacts intact', async () => {
    const made = tempHome();
    cleanup = made.cleanup;
    const child = startChild('crash-child.ts', [made.home]);
    const [, runId] = await waitForLine(child, /SLOW_STARTED (\S+)\n/);
    child.kill('SIGKILL');
    await exitOf(child);

    const store = openStore({ home: made.home });
    try {
      expect(integrityProblems(store.db)).toEqual(['ok']);
      expect(store.interrupted).toEqual([runId]);
      const run = store.runs.get(runId!);
      expect(run.status).toBe('interrupted');
      expect(run.error?.code).toBe('RUN_INTERRUPTED');
      expect(run.costUsd).toBe(0.5);
      expect(Object.fromEntries(run.nodes.map((node) => [node.nodeId, node.status]))).toEqual({
        input: 'completed',
        a: 'completed',
        b: 'completed',
        save: 'completed',
        slow: 'interrupted',
      });
      expect(run.nodes.find((node) => node.nodeId === 'b')!.outputs).toEqual({
        text: 'crash-a-b',
      });

      const file = run.nodes.find((node) => node.nodeId === 'save')!.outputs!.file;
      if (!isArtifactRef(file)) throw new Error('the save node recorded no artifact');
      const bytes = readFileSync(store.artifacts.pathOf(file));
      expect(bytes.toString()).toBe('crash-a-b');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    } finally {
      store.close();
    }

    const reopened = openStore({ home: made.home });
    expect(reopened.interrupted).toEqual([]);
    reopened.close();
  }, 120_000);
});
