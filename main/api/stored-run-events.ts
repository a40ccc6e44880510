import type { RunEvent } from '../../engine/events.ts';
import type { RunRecord } from '../store/run-history.ts';

type EventBody = RunEvent extends infer E
  ? E extends RunEvent
    ? Omit<E, 'runId' | 'seq' | 'at'>
    : never
  : never;

/**
 * The story of a recorded run told again as events, so that the event stream of a run from an
 * earlier session reads like a live one: it started, each node's outcome, how it ended. Progress,
 * partial text and retries are not kept by the store, so they are not in it.
 */
export function storedRunEvents(record: RunRecord): RunEvent[] {
  const events: RunEvent[] = [];
  const push = (body: EventBody, at: number) =>
    events.push({ ...body, runId: record.id, seq: events.length, at } as RunEvent);

  push(
    { type: 'run.started', workflowId: record.workflowId, inputs: record.inputs },
    record.startedAt,
  );
  for (const node of record.nodes) {
    const at = node.endedAt ?? node.startedAt ?? record.startedAt;
    const durationMs = node.durationMs ?? 0;
    switch (node.status) {
      case 'completed':
        push(
          {
            type: 'node.completed',
            nodeId: node.nodeId,
            outputs: node.outputs ?? {},
            durationMs,
            attempts: node.attempts,
            costUsd: node.costUsd,
          },
          at,
        );
        break;
      case 'cached':
        push(
          {
            type: 'node.cached',
            nodeId: node.nodeId,
            outputs: node.outputs ?? {},
            source: (node.source ?? 'cache') as 'cache' | 'pin' | 'history',
          },
          at,
        );
        break;
      case 'skipped':
        push({ type: 'node.skipped', nodeId: node.nodeId, reason: node.reason ?? '' }, at);
        break;
      default:
        if (node.error) {
          push(
            {
              type: 'node.failed',
              nodeId: node.nodeId,
              error: node.error,
              attempts: node.attempts,
              durationMs,
            },
            at,
          );
        }
    }
  }

  const end = record.endedAt ?? record.startedAt;
  const totals = { durationMs: record.durationMs ?? 0, costUsd: record.costUsd };
  if (record.status === 'completed')
    push({ type: 'run.completed', outputs: record.outputs ?? {}, ...totals }, end);
  if (record.status === 'failed' && record.error)
    push({ type: 'run.failed', error: record.error, ...totals }, end);
  if (record.status === 'cancelled') push({ type: 'run.cancelled', ...totals }, end);
  return events;
}
