import {
  newWorkflow,
  openTemplate,
  openWorkflow,
  reportFailure,
} from '../store/workflow-actions.ts';
import { importWorkflowText } from '../store/workflow-actions.ts';
import { useWorkspace } from '../store/workspace-store.ts';

/** The first screen: recent workflows, the samples as templates, a blank start or an import. */
export function StartScreen() {
  const workflows = useWorkspace((state) => state.workflows);
  const samples = useWorkspace((state) => state.samples);
  const open = (action: Promise<void>) =>
    action.catch((error: unknown) => reportFailure('Could not open it', error));

  return (
    <main className="start-screen">
      <header className="start-head">
        <h1>Pipewright</h1>
        <p className="muted">
          Build media pipelines on a canvas, run them here, export them as services.
        </p>
      </header>
      <div className="start-actions">
        <button type="button" className="primary-button" onClick={newWorkflow}>
          New blank pipeline
        </button>
        <label className="small-button file-button">
          Import a workflow file…
          <input
            type="file"
            accept=".json,application/json"
            hidden
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (file) await importWorkflowText(await file.text());
            }}
          />
        </label>
      </div>
      <div className="start-columns">
        <section aria-label="Recent workflows">
          <h2>Recent</h2>
          {workflows.length === 0 ? (
            <p className="muted">Nothing saved yet. Start from a template, or a blank pipeline.</p>
          ) : null}
          <ul className="card-list">
            {workflows.map((workflow) => (
              <li key={workflow.id}>
                <button
                  type="button"
                  className="card"
                  onClick={() => void open(openWorkflow(workflow.id))}
                  data-workflow={workflow.id}
                >
                  <span className="card-title">{workflow.name}</span>
                  <span className="muted">
                    {workflow.nodeCount} nodes · v{workflow.version} ·{' '}
                    {new Date(workflow.updatedAt).toLocaleString()}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Templates">
          <h2>Templates</h2>
          <ul className="card-list">
            {samples.map((sample) => (
              <li key={sample.id}>
                <button
                  type="button"
                  className="card"
                  onClick={() => void open(openTemplate(sample.id))}
                  data-sample={sample.id}
                >
                  <span className="card-title">{sample.name}</span>
                  {sample.description ? (
                    <span className="card-text">{sample.description}</span>
                  ) : null}
                  <span className="muted">{sample.nodeCount} nodes</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </main>
  );
}
