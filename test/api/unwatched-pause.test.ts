import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunDetail, RunSummary } from '../../main/api/types.ts';
import { readRunStream, waitForRunEnd } from './run-stream.ts';
import { startTestStudio, textWorkflow } from './studio-harness.ts';
import type { TestStudio } from './studio-harness.ts';

const GRACE_MS = 300;
let studio: TestStudio;

beforeEach(async () => {
  studio = await startTestStudio({ unwatchedPauseMs: GRACE_MS });
});

afterEach(async () => {
  await studio.close();
});

/** Starts a run held at `greet` and follows its events until it pauses, then stops following. */
async function pausedRun(): Promise<RunSummary> {
  const answer = await studio.call('POST', '/api/runs', {
    body: { document: textWorkflow(), inputs: { topic: 'left alone' }, breakpoints: ['greet'] },
  });
  const run = answer.json<RunSummary>();
  await readRunStream(studio, run.runId, {
    stopWhen: (message) => (message.data as { type?: string }).type === 'node.paused',
  });
  return run;
}

/** The run's state as the history reads it, without following its events. */
async function stateOf(runId: string): Promise<string> {
  const answer = await studio.call('GET', `/api/runs/${runId}`);
  return answer.json<RunDetail>().summary.state;
}

describe('a run paused at a breakpoint that no page follows', () => {
  it('is cancelled after the grace time, so it does not wait forever', async () => {
    const run = await pausedRun();
    expect(await stateOf(run.runId)).toBe('paused');
    await expect
      .poll(() => stateOf(run.runId), { timeout: GRACE_MS * 10, interval: 50 })
      .toBe('cancelled');
  });

  it('stays paused when a page follows it again within the grace time', async () => {
    const run = await pausedRun();
    // A reloaded page comes back to the run: it follows the events again and keeps following.
    const following = readRunStream(studio, run.runId);
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS * 3));
    expect(await stateOf(run.runId)).toBe('paused');

    await studio.call('POST', `/api/runs/${run.runId}/resume`);
    await following;
    expect(await waitForRunEnd(studio, run.runId)).toMatchObject({ state: 'completed' });
  });

  it('is left alone while it runs, even with no page following it', async () => {
    const answer = await studio.call('POST', '/api/runs', {
      body: { document: textWorkflow(), inputs: { topic: 'unwatched' } },
    });
    const run = answer.json<RunSummary>();
    await expect
      .poll(() => stateOf(run.runId), { timeout: GRACE_MS * 10, interval: 50 })
      .toBe('completed');
  });
});
