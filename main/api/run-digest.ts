import type { RunEvent } from '../../engine/events.ts';
import type { NodeResultSummary, RunDetail, RunState, RunSummary } from './types.ts';

export interface RunAbout {
  workflowId: string;
  workflowName: string;
}

/**
 * Folds a run's events into the summary and per-node results the studio shows. The live run
 * and any store that keeps events can share it, so a run reads the same while it goes and after.
 */
export function digestRun(events: readonly RunEvent[], about: RunAbout): RunDetail {
  const first = events[0];
  const summary: RunSummary = {
    runId: first?.runId ?? '',
    workflowId: about.workflowId,
    workflowName: about.workflowName,
    state: 'running',
    startedAt: new Date(first?.at ?? 0).toISOString(),
    costUsd: 0,
    paused: [],
  };
  const detail: RunDetail = { summary, inputs: {}, outputs: {}, nodes: [] };
  const nodes = new Map<string, NodeResultSummary>();
  const paused = new Set<string>();

  const node = (nodeId: string): NodeResultSummary => {
    let result = nodes.get(nodeId);
    if (!result) {
      result = { nodeId, status: 'pending', attempts: 0, durationMs: 0, costUsd: 0 };
      nodes.set(nodeId, result);
    }
    return result;
  };

  for (const event of events) {
    switch (event.type) {
      case 'run.started':
        detail.inputs = event.inputs;
        break;
      case 'node.started':
        Object.assign(node(event.nodeId), {
          status: 'running',
          inputs: event.inputs,
          attempts: event.attempt,
        });
        break;
      case 'node.paused':
        paused.add(event.nodeId);
        Object.assign(node(event.nodeId), { status: 'paused', inputs: event.inputs });
        break;
      case 'node.resumed':
        paused.delete(event.nodeId);
        node(event.nodeId).status = 'pending';
        break;
      case 'node.completed':
        Object.assign(node(event.nodeId), {
          status: 'completed',
          outputs: event.outputs,
          attempts: event.attempts,
          durationMs: event.durationMs,
          costUsd: event.costUsd,
        });
        break;
      case 'node.cached':
        Object.assign(node(event.nodeId), {
          status: 'cached',
          outputs: event.outputs,
          source: event.source,
        });
        break;
      case 'node.failed':
        Object.assign(node(event.nodeId), {
          status: 'failed',
          error: event.error,
          attempts: event.attempts,
          durationMs: event.durationMs,
        });
        break;
      case 'node.skipped':
        node(event.nodeId).status = 'skipped';
        break;
      case 'run.completed':
        detail.outputs = event.outputs;
        finish(summary, 'completed', event);
        break;
      case 'run.failed':
        summary.error = event.error;
        finish(summary, 'failed', event);
        break;
      case 'run.cancelled':
        finish(summary, 'cancelled', event);
        break;
      default:
        break;
    }
  }

  summary.paused = [...paused];
  if (summary.state === 'running' && paused.size > 0) summary.state = 'paused';
  if (summary.state !== 'running' && summary.state !== 'paused') summary.paused = [];
  summary.costUsd = summary.costUsd || sumCosts(nodes);
  detail.nodes = [...nodes.values()];
  return detail;
}

function finish(
  summary: RunSummary,
  state: RunState,
  event: { at: number; durationMs: number; costUsd: number },
) {
  summary.state = state;
  summary.endedAt = new Date(event.at).toISOString();
  summary.durationMs = event.durationMs;
  summary.costUsd = event.costUsd;
}

function sumCosts(nodes: Map<string, NodeResultSummary>): number {
  let total = 0;
  for (const node of nodes.values()) total += node.costUsd;
  return total;
}
