import { beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../main/api/types.ts';
import { selectLive, useRun } from '../../renderer/src/store/run-store.ts';

let seq = 0;
const event = (body: Record<string, unknown>) =>
  ({ runId: 'r1', seq: ++seq, at: 1000 + seq, ...body }) as unknown as RunEvent;
const status = (id: string) => useRun.getState().nodes[id]?.status;

beforeEach(() => {
  seq = 0;
  useRun.getState().begin('r1', ['input', 'voice', 'render'], { prompt: 'tide pools' });
});

describe('run store', () => {
  it('keeps the inputs the run started with, for a later run from a node', () => {
    expect(useRun.getState().inputs).toEqual({ prompt: 'tide pools' });
  });

  it('shows a node running with its progress, then done with its duration', () => {
    const { apply } = useRun.getState();
    apply(event({ type: 'node.started', nodeId: 'render', attempt: 1, inputs: {} }));
    apply(event({ type: 'node.progress', nodeId: 'render', fraction: 0.4 }));
    expect(useRun.getState().nodes.render).toMatchObject({ status: 'running', fraction: 0.4 });

    apply(
      event({
        type: 'node.completed',
        nodeId: 'render',
        outputs: {},
        durationMs: 2500,
        attempts: 1,
        costUsd: 0.01,
      }),
    );
    expect(useRun.getState().nodes.render).toMatchObject({ status: 'completed', durationMs: 2500 });
    expect(useRun.getState().costUsd).toBe(0.01);
  });

  it('streams text into the node as it is written, then fails it with its message', () => {
    const { apply } = useRun.getState();
    apply(event({ type: 'node.started', nodeId: 'voice', attempt: 1, inputs: {} }));
    apply(event({ type: 'node.partial', nodeId: 'voice', port: 'text', delta: 'Once ' }));
    apply(event({ type: 'node.partial', nodeId: 'voice', port: 'text', delta: 'upon' }));
    expect(useRun.getState().nodes.voice?.partial).toEqual({ text: 'Once upon' });

    const error = { code: 'NODE_FAILED', message: 'espeak-ng has no voice "zz"', fault: 'user' };
    apply(event({ type: 'node.failed', nodeId: 'voice', error, attempts: 1, durationMs: 40 }));
    expect(useRun.getState().nodes.voice).toMatchObject({ status: 'failed', error });
  });

  it('counts a run paused at a breakpoint as live, so no second run starts beside it', () => {
    useRun.getState().apply(event({ type: 'node.paused', nodeId: 'voice', inputs: {} }));
    expect(status('voice')).toBe('paused');
    expect(selectLive(useRun.getState())).toBe(true);
  });

  it('stops the nodes a cancel cut short, since the engine sends no node event for them', () => {
    const { apply } = useRun.getState();
    apply(event({ type: 'node.started', nodeId: 'render', attempt: 1, inputs: {} }));
    apply(event({ type: 'run.cancelled', durationMs: 900, costUsd: 0 }));

    expect(useRun.getState().state).toBe('cancelled');
    expect(status('render')).toBe('stopped');
    expect(status('input')).toBe('waiting');
    expect(selectLive(useRun.getState())).toBe(false);
  });

  it('stops a node paused at a breakpoint when the run fails elsewhere', () => {
    const { apply } = useRun.getState();
    apply(event({ type: 'node.paused', nodeId: 'voice', inputs: {} }));
    const error = { code: 'NODE_FAILED', message: 'Render failed', fault: 'user' };
    apply(event({ type: 'run.failed', error, durationMs: 900, costUsd: 0 }));
    expect(status('voice')).toBe('stopped');
  });
});
