import { useEffect, useState } from 'react';
import type { RunSummary } from '../../../main/api/types.ts';
import { studioClient } from '../api/studio-client.ts';
import { formatDuration, formatUsd } from '../canvas/node-status.tsx';
import { useGraph } from '../store/graph-store.ts';
import { openPastRun, rerun } from '../store/run-actions.ts';
import { useRun } from '../store/run-store.ts';
import { reportFailure } from '../store/workflow-actions.ts';
import { VersionList } from './version-list.tsx';

/**
 * The workflow's past runs, newest first: open one on the canvas, or run it again. Below them,
 * its saved versions, any of which can be put back on the canvas.
 */
export function HistoryPanel() {
  const workflowId = useGraph((state) => state.meta.id);
  const shownRun = useRun((state) => state.runId);
  const runState = useRun((state) => state.state);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);

  useEffect(() => {
    let current = true;
    studioClient()
      .call('GET /api/runs', {}, undefined, { workflowId, limit: 50 })
      .then((list) => current && setRuns(list))
      .catch((error: unknown) => reportFailure('The run history did not load', error));
    return () => {
      current = false;
    };
  }, [workflowId, runState]);

  if (!runs) return <div className="panel-body muted">Loading runs…</div>;
  return (
    <div className="panel-body history">
      <h2>Runs</h2>
      {runs.length === 0 ? <p className="muted">No runs of this workflow yet.</p> : null}
      <ol className="history-list">
        {runs.map((run) => (
          <li key={run.runId} className={run.runId === shownRun ? 'current' : undefined}>
            <button
              type="button"
              className="history-open"
              onClick={() => void openPastRun(run.runId)}
            >
              <span className={`run-state run-state-${run.state}`}>{run.state}</span>
              <span>{new Date(run.startedAt).toLocaleString()}</span>
              <span className="muted">
                {run.durationMs !== undefined ? formatDuration(run.durationMs) : ''} ·{' '}
                {formatUsd(run.costUsd)}
              </span>
            </button>
            <button type="button" className="small-button" onClick={() => void rerun(run.runId)}>
              Re-run
            </button>
          </li>
        ))}
      </ol>
      <h2>Versions</h2>
      <VersionList />
    </div>
  );
}
