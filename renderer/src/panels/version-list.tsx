import { useEffect, useState } from 'react';
import type { WorkflowVersionSummary } from '../../../main/api/types.ts';
import { studioClient } from '../api/studio-client.ts';
import { useGraph } from '../store/graph-store.ts';
import { useUi } from '../store/ui-store.ts';
import { reportFailure } from '../store/workflow-actions.ts';

/**
 * The workflow's saved versions, newest first. Restoring one puts it on the canvas as an unsaved
 * change: look it over, then save it as the newest version, or undo to come back.
 */
export function VersionList() {
  const workflowId = useGraph((state) => state.meta.id);
  const saved = useGraph((state) => state.savedRevision);
  const [versions, setVersions] = useState<WorkflowVersionSummary[] | null>(null);

  useEffect(() => {
    let current = true;
    studioClient()
      .call('GET /api/workflows/:id/versions', { id: workflowId })
      .then((list) => current && setVersions([...list].sort((a, b) => b.revision - a.revision)))
      .catch((error: unknown) => {
        if (current) setVersions([]);
        reportFailure('The saved versions did not load', error);
      });
    return () => {
      current = false;
    };
  }, [workflowId, saved]);

  const restore = async (revision: number) => {
    try {
      const version = await studioClient().call('GET /api/workflows/:id/versions/:revision', {
        id: workflowId,
        revision: String(revision),
      });
      useGraph.getState().restore(version.document);
      useUi
        .getState()
        .notify(
          `Version ${revision} is on the canvas, not yet saved. Save to keep it; undo to go back.`,
        );
    } catch (error) {
      reportFailure(`Version ${revision} did not open`, error);
    }
  };

  if (!versions) return <p className="muted">Loading versions…</p>;
  if (versions.length === 0) {
    return <p className="muted">No saved versions yet: each save keeps one.</p>;
  }
  return (
    <ol className="history-list versions" data-testid="versions">
      {versions.map((version, index) => (
        <li key={version.revision} data-revision={version.revision}>
          <div className="history-open">
            <span>
              <strong>Version {version.revision}</strong>
              {index === 0 ? <span className="muted"> · latest</span> : null}
            </span>
            <span>{new Date(version.savedAt).toLocaleString()}</span>
            <span className="muted">
              {version.version}
              {version.message ? ` · ${version.message}` : ''}
            </span>
          </div>
          {index === 0 ? null : (
            <button
              type="button"
              className="small-button"
              onClick={() => void restore(version.revision)}
            >
              Restore
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
