import { create } from 'zustand';
import type {
  ErrorInfo,
  NodeResultSummary,
  RunDetail,
  RunEvent,
  RunState,
} from '../../../main/api/types.ts';

export type NodeRunStatus =
  'waiting' | 'running' | 'paused' | 'completed' | 'cached' | 'failed' | 'skipped' | 'stopped';

export interface LogLine {
  at: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  data?: Record<string, unknown>;
}

export interface AttemptNote {
  attempt: number;
  delayMs: number;
  error: ErrorInfo;
}

/** One node's part in the run on screen; replaced, never mutated, so selectors stay cheap. */
export interface NodeRun {
  status: NodeRunStatus;
  fraction?: number;
  message?: string;
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
  attempts: number;
  costUsd: number;
  source?: 'cache' | 'pin' | 'history';
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** Text streamed so far, port by port, before the node completes. */
  partial?: Record<string, string>;
  error?: ErrorInfo;
  skipReason?: string;
  retries: AttemptNote[];
  logs: LogLine[];
}

export interface RunView {
  runId: string | null;
  state: RunState | 'idle';
  startedAt?: number;
  durationMs?: number;
  costUsd: number;
  /** What the run was started with; a run from or up to a node starts with these again. */
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: ErrorInfo;
  /** True when the run shown is an old one opened from history, not a live one. */
  fromHistory: boolean;
  nodes: Record<string, NodeRun>;
  runLogs: LogLine[];

  begin(runId: string, nodeIds: readonly string[], inputs?: Record<string, unknown>): void;
  apply(event: RunEvent): void;
  showPast(detail: RunDetail): void;
  clear(): void;
}

const LOG_LIMIT = 500;

const waiting = (): NodeRun => ({
  status: 'waiting',
  attempts: 0,
  costUsd: 0,
  retries: [],
  logs: [],
});

export const useRun = create<RunView>()((set, get) => {
  const patchNode = (nodeId: string, patch: (node: NodeRun) => Partial<NodeRun>) => {
    const current = get().nodes[nodeId] ?? waiting();
    set({ nodes: { ...get().nodes, [nodeId]: { ...current, ...patch(current) } } });
  };

  return {
    runId: null,
    state: 'idle',
    costUsd: 0,
    fromHistory: false,
    nodes: {},
    runLogs: [],

    begin(runId, nodeIds, inputs) {
      const nodes: Record<string, NodeRun> = {};
      for (const id of nodeIds) nodes[id] = waiting();
      set({
        runId,
        state: 'running',
        startedAt: Date.now(),
        durationMs: undefined,
        costUsd: 0,
        inputs,
        outputs: undefined,
        error: undefined,
        fromHistory: false,
        nodes,
        runLogs: [],
      });
    },

    apply(event) {
      if (event.runId !== get().runId) return;
      switch (event.type) {
        case 'run.started':
          return set({ startedAt: event.at, state: 'running' });
        case 'node.started':
          return patchNode(event.nodeId, () => ({
            status: 'running',
            startedAt: event.at,
            attempts: event.attempt,
            inputs: event.inputs,
            fraction: undefined,
            partial: undefined,
          }));
        case 'node.progress':
          return patchNode(event.nodeId, () => ({
            fraction: event.fraction,
            message: event.message,
          }));
        case 'node.partial':
          return patchNode(event.nodeId, (node) => ({
            partial: {
              ...node.partial,
              [event.port]: (node.partial?.[event.port] ?? '') + event.delta,
            },
          }));
        case 'node.log':
          return addLog(event.nodeId, {
            at: event.at,
            level: event.level,
            message: event.message,
            data: event.data,
          });
        case 'node.retrying':
          return patchNode(event.nodeId, (node) => ({
            retries: [
              ...node.retries,
              { attempt: event.attempt, delayMs: event.delayMs, error: event.error },
            ],
          }));
        case 'node.paused':
          set({ state: 'paused' });
          return patchNode(event.nodeId, () => ({ status: 'paused', inputs: event.inputs }));
        case 'node.resumed':
          set({ state: 'running' });
          return patchNode(event.nodeId, () => ({ status: 'waiting' }));
        case 'node.completed':
          set({ costUsd: get().costUsd + event.costUsd });
          return patchNode(event.nodeId, () => ({
            status: 'completed',
            outputs: event.outputs,
            durationMs: event.durationMs,
            attempts: event.attempts,
            costUsd: event.costUsd,
            endedAt: event.at,
            fraction: 1,
          }));
        case 'node.cached':
          return patchNode(event.nodeId, () => ({
            status: 'cached',
            outputs: event.outputs,
            source: event.source,
            startedAt: event.at,
            endedAt: event.at,
          }));
        case 'node.failed':
          return patchNode(event.nodeId, () => ({
            status: 'failed',
            error: event.error,
            attempts: event.attempts,
            durationMs: event.durationMs,
            endedAt: event.at,
          }));
        case 'node.skipped':
          return patchNode(event.nodeId, () => ({ status: 'skipped', skipReason: event.reason }));
        case 'run.completed':
          return set({
            state: 'completed',
            outputs: event.outputs,
            durationMs: event.durationMs,
            costUsd: event.costUsd,
          });
        case 'run.failed':
          return set({
            state: 'failed',
            error: event.error,
            durationMs: event.durationMs,
            costUsd: event.costUsd,
            nodes: stopUnfinished(get().nodes, event.at),
          });
        case 'run.cancelled':
          return set({
            state: 'cancelled',
            durationMs: event.durationMs,
            costUsd: event.costUsd,
            nodes: stopUnfinished(get().nodes, event.at),
          });
      }
    },

    showPast(detail) {
      const nodes: Record<string, NodeRun> = {};
      for (const result of detail.nodes) nodes[result.nodeId] = fromResult(result);
      const { summary } = detail;
      set({
        runId: summary.runId,
        state: summary.state,
        startedAt: Date.parse(summary.startedAt),
        durationMs: summary.durationMs,
        costUsd: summary.costUsd,
        inputs: detail.inputs,
        outputs: detail.outputs,
        error: summary.error,
        fromHistory: true,
        nodes,
        runLogs: [],
      });
    },

    // Everything of the run goes, its inputs and outputs too: the next workflow opened must not
    // show them in its run form.
    clear: () =>
      set({
        runId: null,
        state: 'idle',
        startedAt: undefined,
        durationMs: undefined,
        costUsd: 0,
        inputs: undefined,
        outputs: undefined,
        error: undefined,
        fromHistory: false,
        nodes: {},
        runLogs: [],
      }),
  };

  function addLog(nodeId: string | undefined, line: LogLine) {
    if (!nodeId) return set({ runLogs: [...get().runLogs, line].slice(-LOG_LIMIT) });
    patchNode(nodeId, (node) => ({ logs: [...node.logs, line].slice(-LOG_LIMIT) }));
  }
});

/**
 * The engine sends no node event for a node a cancel or another node's failure cut short; the
 * run's end says it. Without this such a node would go on showing "running" on the canvas.
 */
function stopUnfinished(nodes: Record<string, NodeRun>, at: number): Record<string, NodeRun> {
  const next = { ...nodes };
  for (const [id, node] of Object.entries(nodes)) {
    if (node.status !== 'running' && node.status !== 'paused') continue;
    next[id] = { ...node, status: 'stopped', endedAt: at, fraction: undefined };
  }
  return next;
}

function fromResult(result: NodeResultSummary): NodeRun {
  const status = pastStatus(result.status);
  const run: NodeRun = {
    status,
    attempts: result.attempts,
    costUsd: result.costUsd,
    durationMs: result.durationMs,
    inputs: result.inputs,
    outputs: result.outputs,
    error: result.error,
    skipReason: result.reason,
    retries: [],
    logs: [],
  };
  if (result.source) run.source = result.source;
  return run;
}

/** A recorded node's state; a node another failure or a cancel cut short shows as stopped. */
function pastStatus(status: NodeResultSummary['status']): NodeRunStatus {
  if (status === 'pending') return 'waiting';
  if (status === 'cancelled' || status === 'interrupted') return 'stopped';
  return status;
}

/** Whether a run is going on (so the Run button becomes Stop). */
export const selectLive = (view: RunView) =>
  !view.fromHistory && (view.state === 'running' || view.state === 'paused');
