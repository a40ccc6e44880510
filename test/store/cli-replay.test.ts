import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main as run } from '../../cli/run-command.ts';
import { main as runs } from '../../cli/runs-command.ts';
import { openStore } from '../../main/store/index.ts';
import { capture, useTempHome } from './cli-capture.ts';

const SAMPLE = fileURLToPath(new URL('../../workflows/headline-check.json', import.meta.url));
const HEADLINE = 'Ten tips for faster renders';
let home: string;
useTempHome((made) => (home = made));

/** Runs the sample as `pipewright run` does and answers the recorded run's id. */
async function pastRun(): Promise<string> {
  const made = await capture(run, [SAMPLE, '--input', `headline=${HEADLINE}`, '--out', home]);
  expect(made.code, made.stderr).toBe(0);
  return made.stderr.match(/Run (run_\w+) completed/)![1]!;
}

function newRunId(stderr: string): string {
  return stderr.match(/Run (run_\w+) \(/)![1]!;
}

function recorded(runId: string) {
  const store = openStore({ home });
  try {
    return store.runs.get(runId);
  } finally {
    store.close();
  }
}

function statuses(runId: string) {
  return Object.fromEntries(
    recorded(runId).nodes.map((node) => [node.nodeId, `${node.status}:${node.source ?? ''}`]),
  );
}

describe('pipewright runs rerun | from | only', () => {
  it('re-runs a past run with the same inputs, recorded as its child', async () => {
    const parent = await pastRun();

    const again = await capture(runs, ['rerun', parent.slice(0, 12), '--no-cache']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`verdict: Approved: ${HEADLINE}`);
    const child = recorded(newRunId(again.stderr));
    expect(child).toMatchObject({
      origin: 'rerun',
      parentRunId: parent,
      status: 'completed',
      inputs: { headline: HEADLINE },
    });
    expect(statuses(child.id).approve).toBe('completed:');

    const json = await capture(runs, ['rerun', parent, '--json']);
    const events = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.at(-1)).toMatchObject({ type: 'run.completed' });
    expect(new Set(events.map((event) => event.runId)).size).toBe(1);
    expect(events.filter((event) => event.type === 'node.cached')).not.toHaveLength(0);
  });

  it('runs from a node of an edited file, everything upstream taken from the past run', async () => {
    const parent = await pastRun();
    const edited = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    edited.nodes.find((node: { id: string }) => node.id === 'approve').settings.template =
      'Looks good: {{headline}}';
    const file = join(home, 'edited.json');
    writeFileSync(file, JSON.stringify(edited));

    const from = await capture(runs, ['from', parent, 'approve', '--file', file]);
    expect(from.code, from.stderr).toBe(0);
    expect(from.stdout).toContain(`verdict: Looks good: ${HEADLINE}`);
    const child = newRunId(from.stderr);
    expect(recorded(child)).toMatchObject({ origin: 'run-from', parentRunId: parent });
    expect(statuses(child)).toMatchObject({
      headline: 'cached:history',
      fits: 'cached:history',
      approve: 'completed:',
    });
  });

  it('runs only one node, fed the inputs it received in the past run', async () => {
    const parent = await pastRun();

    const only = await capture(runs, ['only', parent, 'approve']);
    expect(only.code, only.stderr).toBe(0);
    expect(only.stdout).toBe(`text: Approved: ${HEADLINE}\n`);
    const child = newRunId(only.stderr);
    expect(recorded(child)).toMatchObject({ origin: 'run-only', parentRunId: parent });
    expect(statuses(child)).toMatchObject({
      fits: 'cached:history',
      approve: 'completed:',
      result: 'skipped:',
    });
  });

  it('names the node or run it cannot replay', async () => {
    const parent = await pastRun();

    const ghost = await capture(runs, ['only', parent, 'ghost']);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('has no node "ghost"');
    const missing = await capture(runs, ['rerun', 'run_unknown']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No run "run_unknown" is recorded.');
    await expect(runs(['show', parent, '--lgos'])).rejects.toThrow('there is no option --lgos.');
  });
});
