import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import type { ApiErrorBody, RunDetail, RunSummary } from '../../main/api/types.ts';
import { readRunStream, runEvents, waitForRunEnd } from './run-stream.ts';
import { startTestStudio, textWorkflow } from './studio-harness.ts';
import type { TestStudio } from './studio-harness.ts';

let studio: TestStudio;

beforeEach(async () => {
  studio = await startTestStudio();
});

afterEach(async () => {
  await studio.close();
});

async function start(body: Record<string, unknown>): Promise<RunSummary> {
  const answer = await studio.call('POST', '/api/runs', { body });
  expect(answer.status, answer.text).toBe(201);
  return answer.json<RunSummary>();
}

/** Input(topic) → Template → Output, with a wait node hanging off the template's text. */
function waitingWorkflow(ms: number): WorkflowDocument {
  return textWorkflow('waiting', {
    nodes: [{ id: 'wait', type: 'test.wait', position: { x: 400, y: 200 }, settings: { ms } }],
    edges: [{ from: ['greet', 'text'], to: ['wait', 'value'] }],
  });
}

describe('runs through the studio API', () => {
  it('streams a run from start to end, then closes the stream with an end event', async () => {
    const run = await start({ document: textWorkflow(), inputs: { topic: 'world' } });
    const messages = await readRunStream(studio, run.runId);
    const events = runEvents(messages);

    expect(events[0]).toMatchObject({ type: 'run.started', inputs: { topic: 'world' } });
    expect(events.at(-1)).toMatchObject({
      type: 'run.completed',
      outputs: { text: 'Hello, world!' },
    });
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    expect(messages.map((message) => message.id).slice(0, 3)).toEqual(['0', '1', '2']);
    expect(messages.at(-1)).toMatchObject({ event: 'end', data: { runId: run.runId } });
  });

  it('replays every event so far to a subscriber that joins late', async () => {
    const run = await start({ document: textWorkflow(), inputs: { topic: 'late' } });
    const first = runEvents(await readRunStream(studio, run.runId));
    const late = runEvents(await readRunStream(studio, run.runId));

    expect(late).toEqual(first);
  });

  it('resumes after Last-Event-ID with only the events missed', async () => {
    const run = await start({ document: textWorkflow(), inputs: { topic: 'again' } });
    const all = runEvents(await readRunStream(studio, run.runId));
    const rest = runEvents(await readRunStream(studio, run.runId, { lastEventId: 2 }));

    expect(rest).toEqual(all.slice(3));
  });

  it('pauses at a breakpoint with the node inputs, then resumes to the end', async () => {
    const run = await start({
      document: textWorkflow(),
      inputs: { topic: 'debugger' },
      breakpoints: ['greet'],
    });
    const untilPause = await readRunStream(studio, run.runId, {
      stopWhen: (message) => (message.data as { type?: string }).type === 'node.paused',
    });
    const paused = await studio.call('GET', `/api/runs/${run.runId}`);

    expect(runEvents(untilPause).at(-1)).toMatchObject({
      type: 'node.paused',
      nodeId: 'greet',
      inputs: { topic: 'debugger' },
    });
    expect(paused.json<RunDetail>().summary).toMatchObject({ state: 'paused', paused: ['greet'] });

    const resumed = await studio.call('POST', `/api/runs/${run.runId}/resume`);
    expect(resumed.status).toBe(200);
    expect(await waitForRunEnd(studio, run.runId)).toMatchObject({ state: 'completed' });
  });

  it('steps node by node from a breakpoint', async () => {
    const run = await start({
      document: textWorkflow(),
      inputs: { topic: 'steps' },
      breakpoints: ['greet'],
    });
    // The stream replays earlier pauses too, so the n-th pause seen is the newest one.
    const pausedAt = async (count: number) => {
      let seen = 0;
      const messages = await readRunStream(studio, run.runId, {
        stopWhen: (message) => isPause(message.data) && ++seen === count,
      });
      return runEvents(messages).filter(isPause).at(-1);
    };

    expect(await pausedAt(1)).toMatchObject({ nodeId: 'greet' });
    await studio.call('POST', `/api/runs/${run.runId}/step`);
    expect(await pausedAt(2)).toMatchObject({ nodeId: 'output' });
    await studio.call('POST', `/api/runs/${run.runId}/resume`);
    expect(await waitForRunEnd(studio, run.runId)).toMatchObject({ state: 'completed' });
  });

  it('takes breakpoints marked in the document', async () => {
    const document = textWorkflow();
    document.nodes[2]!.breakpoint = true;
    const run = await start({ document, inputs: { topic: 'marked' } });
    const messages = await readRunStream(studio, run.runId, {
      stopWhen: (message) => (message.data as { type?: string }).type === 'node.paused',
    });

    expect(runEvents(messages).at(-1)).toMatchObject({ type: 'node.paused', nodeId: 'output' });
    await studio.call('POST', `/api/runs/${run.runId}/cancel`);
  });

  it('cancels a running node through its abort signal', async () => {
    const run = await start({ document: waitingWorkflow(60_000), inputs: { topic: 'slow' } });
    await readRunStream(studio, run.runId, {
      stopWhen: (message) => {
        const event = message.data as { type?: string; nodeId?: string };
        return event.type === 'node.started' && event.nodeId === 'wait';
      },
    });
    const cancelled = await studio.call('POST', `/api/runs/${run.runId}/cancel`);
    const ended = await waitForRunEnd(studio, run.runId);

    expect(cancelled.status).toBe(200);
    expect(ended.state).toBe('cancelled');
    expect(studio.seen.aborted).toEqual(['wait']);
    const again = await studio.call('POST', `/api/runs/${run.runId}/cancel`);
    expect(again.status).toBe(409);
  });

  it('refuses an invalid workflow with every problem, and starts nothing', async () => {
    const document = textWorkflow();
    document.nodes[1]!.type = 'no.such.kind';
    const answer = await studio.call('POST', '/api/runs', { body: { document } });

    expect(answer.status).toBe(422);
    expect(answer.json<ApiErrorBody>().problems).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_NODE_TYPE', nodeId: 'greet' }),
    );
    expect((await studio.call('GET', '/api/runs')).json()).toEqual([]);
  });

  it('names the request field when a breakpoint names no node', async () => {
    const answer = await studio.call('POST', '/api/runs', {
      body: { document: textWorkflow(), breakpoints: ['greet', 'ghost'] },
    });
    expect(answer.status).toBe(400);
    expect(answer.json<ApiErrorBody>().error.details).toMatchObject({
      path: 'body.breakpoints.1',
      nodeId: 'ghost',
    });
  });

  it('reports a failed input as a failed run naming the field', async () => {
    const run = await start({ document: textWorkflow(), inputs: {} });
    const ended = await waitForRunEnd(studio, run.runId);

    expect(ended.state).toBe('failed');
    expect(ended.error).toMatchObject({ code: 'INPUT_MISSING', details: { field: 'topic' } });
  });

  it('keeps finished runs in the history, newest first, filtered by workflow', async () => {
    const first = await start({ document: textWorkflow(), inputs: { topic: 'one' } });
    await waitForRunEnd(studio, first.runId);
    const second = await start({ document: textWorkflow('other'), inputs: { topic: 'two' } });
    await waitForRunEnd(studio, second.runId);

    const all = (await studio.call('GET', '/api/runs')).json<RunSummary[]>();
    const some = (await studio.call('GET', '/api/runs?workflowId=greeting')).json<RunSummary[]>();
    const stored = await studio.call('GET', `/api/runs/${first.runId}`);

    expect(all.map((run) => run.runId)).toEqual([second.runId, first.runId]);
    expect(some.map((run) => run.runId)).toEqual([first.runId]);
    expect(stored.json<RunDetail>()).toMatchObject({
      summary: { state: 'completed' },
      outputs: { text: 'Hello, one!' },
    });
  });

  it('answers 404 for a run it does not know', async () => {
    expect((await studio.call('GET', '/api/runs/run_missing')).status).toBe(404);
    expect((await studio.call('POST', '/api/runs/run_missing/resume')).status).toBe(404);
  });
});

function isPause(data: unknown): boolean {
  return (data as { type?: string }).type === 'node.paused';
}
