import type { NodeRun } from '../store/run-store.ts';

const LABELS: Record<NodeRun['status'], string> = {
  waiting: 'waiting',
  running: 'running',
  paused: 'paused at breakpoint',
  completed: 'done',
  cached: 'from cache',
  failed: 'failed',
  skipped: 'skipped',
  stopped: 'stopped',
};

/** The strip under a node's title that says how its part of the run is going. */
export function NodeStatus({ run }: { run: NodeRun }) {
  const label = run.status === 'cached' && run.source ? reuseLabel(run.source) : LABELS[run.status];

  return (
    <div className={`node-status status-${run.status}`} data-status={run.status}>
      <div className="node-status-line">
        <span className="node-status-dot" />
        <span className="node-status-label">{label}</span>
        {run.status === 'running' && run.fraction !== undefined ? (
          <span className="node-status-extra">{Math.round(run.fraction * 100)}%</span>
        ) : null}
        {run.status === 'completed' && run.durationMs !== undefined ? (
          <span className="node-status-extra">{formatDuration(run.durationMs)}</span>
        ) : null}
        {run.attempts > 1 ? <span className="node-status-extra">try {run.attempts}</span> : null}
      </div>
      {run.status === 'running' ? (
        <div className="node-progress">
          <div
            className={`node-progress-bar${run.fraction === undefined ? ' indeterminate' : ''}`}
            style={{ width: run.fraction === undefined ? undefined : `${run.fraction * 100}%` }}
          />
        </div>
      ) : null}
      {run.status === 'failed' && run.error ? (
        <div className="node-error" title={run.error.message}>
          {run.error.message}
        </div>
      ) : null}
    </div>
  );
}

function reuseLabel(source: NonNullable<NodeRun['source']>): string {
  if (source === 'pin') return 'pinned';
  if (source === 'history') return 'from an earlier run';
  return 'from cache';
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}
