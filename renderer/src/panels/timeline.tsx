import { formatDuration, formatUsd } from '../canvas/node-status.tsx';
import { useGraph } from '../store/graph-store.ts';
import { useRun } from '../store/run-store.ts';
import type { NodeRun } from '../store/run-store.ts';

/** One bar per node across the run's time, and the run's total cost. */
export function Timeline() {
  const run = useRun();
  const selectOnly = useGraph((state) => state.selectOnly);
  if (!run.runId) return null;

  const rows = Object.entries(run.nodes).filter(
    ([, node]) => node.status !== 'waiting' || node.startedAt,
  );
  const origin = run.startedAt ?? Math.min(...rows.map(([, node]) => node.startedAt ?? Infinity));
  const now = Date.now();
  const end = Math.max(
    origin + (run.durationMs ?? 0),
    ...rows.map(([, node]) => barEnd(node, now, run.fromHistory)),
    origin + 1,
  );
  const span = end - origin;
  let stacked = 0;

  return (
    <section className="timeline" aria-label="Run timeline">
      <header className="timeline-head">
        <span className={`run-state run-state-${run.state}`} data-run-state={run.state}>
          {run.fromHistory ? 'past run · ' : ''}
          {run.state}
        </span>
        {run.durationMs !== undefined ? <span>{formatDuration(run.durationMs)}</span> : null}
        <span className="timeline-cost">Total cost {formatUsd(run.costUsd)}</span>
      </header>
      <ol className="timeline-rows">
        {rows.map(([id, node]) => {
          // A past run records durations but not start times; its bars are laid end to end.
          const start = node.startedAt ?? (run.fromHistory ? origin + stacked : origin);
          const finish = node.startedAt
            ? barEnd(node, now, run.fromHistory)
            : start + (node.durationMs ?? 0);
          stacked += node.durationMs ?? 0;
          return (
            <li
              key={id}
              onClick={() => selectOnly([id])}
              title={`${id}: ${node.status}${node.durationMs ? `, ${formatDuration(node.durationMs)}` : ''}`}
            >
              <span className="timeline-label">{id}</span>
              <span className="timeline-track">
                <span
                  className={`timeline-bar status-${node.status}`}
                  style={{
                    left: `${((start - origin) / span) * 100}%`,
                    width: `${Math.max(0.5, ((finish - start) / span) * 100)}%`,
                  }}
                />
              </span>
              <span className="timeline-time">
                {node.durationMs !== undefined ? formatDuration(node.durationMs) : ''}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function barEnd(node: NodeRun, now: number, past: boolean): number {
  if (node.endedAt) return node.endedAt;
  if (node.startedAt && node.durationMs !== undefined) return node.startedAt + node.durationMs;
  if (node.status === 'running' && node.startedAt && !past) return now;
  return node.startedAt ?? 0;
}
