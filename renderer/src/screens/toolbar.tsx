import { useReactFlow } from '@xyflow/react';
import { useRef } from 'react';
import { layoutGraph } from '../canvas/auto-layout.ts';
import { studioClient } from '../api/studio-client.ts';
import { selectDirty, useGraph } from '../store/graph-store.ts';
import { openExport } from '../store/export-actions.ts';
import { controlRun, runAgain } from '../store/run-actions.ts';
import { selectLive, useRun } from '../store/run-store.ts';
import { useUi } from '../store/ui-store.ts';
import { importWorkflowText, reportFailure, saveWorkflow } from '../store/workflow-actions.ts';
import { useWorkspace } from '../store/workspace-store.ts';
import { useUnsavedGuard } from './unsaved-dialog.tsx';

/** The bar above the canvas: the workflow's name, file actions, edit actions, run. */
export function Toolbar() {
  const meta = useGraph((state) => state.meta);
  const dirty = useGraph(selectDirty);
  const canUndo = useGraph((state) => state.past.length > 0);
  const canRedo = useGraph((state) => state.future.length > 0);
  const live = useRun(selectLive);
  const paused = useRun((state) => !state.fromHistory && state.state === 'paused');
  const flow = useReactFlow();
  const fileInput = useRef<HTMLInputElement>(null);
  const unsaved = useUnsavedGuard();

  const layout = async () => {
    const { nodes, edges, moveNodes } = useGraph.getState();
    moveNodes(await layoutGraph(nodes, edges));
    requestAnimationFrame(() => void flow.fitView({ duration: 250 }));
  };

  return (
    <>
      {/* Outside the bar, so that the bar's button styles do not reach the dialog's. */}
      {unsaved.dialog}
      <header className="toolbar">
        <button
          type="button"
          className="brand"
          onClick={() => unsaved.guard(() => useWorkspace.getState().setScreen('start'))}
          title="Back to the start screen"
        >
          Pipewright
        </button>
        <input
          className="workflow-name"
          aria-label="Workflow name"
          key={meta.name}
          defaultValue={meta.name}
          onBlur={(event) => {
            const name = event.target.value.trim();
            if (name && name !== meta.name) useGraph.getState().renameWorkflow({ name });
          }}
        />
        <span
          className={dirty ? 'save-state dirty' : 'save-state'}
          data-dirty={dirty}
          title={dirty ? 'Unsaved changes' : 'Saved'}
        >
          {dirty ? '● unsaved' : 'saved'}
        </span>
        <div className="toolbar-group">
          <button type="button" onClick={() => void saveWorkflow()} title="Save (Ctrl+S)">
            Save
          </button>
          <button
            type="button"
            onClick={() => unsaved.guard(() => void openFile(fileInput.current))}
            title="Import a workflow file"
          >
            Import
          </button>
          <button
            type="button"
            onClick={() => void exportFile()}
            title="Download the workflow file"
          >
            Export file
          </button>
          <button
            type="button"
            onClick={() => openExport()}
            title="Export as a service with its OpenAPI contract"
          >
            Export service
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            onChange={async (event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) await importWorkflowText(await file.text());
            }}
          />
        </div>
        <div className="toolbar-group">
          <button
            type="button"
            disabled={!canUndo}
            onClick={() => useGraph.getState().undo()}
            title="Undo (Ctrl+Z)"
            aria-label="Undo"
          >
            ↶
          </button>
          <button
            type="button"
            disabled={!canRedo}
            onClick={() => useGraph.getState().redo()}
            title="Redo (Ctrl+Shift+Z)"
            aria-label="Redo"
          >
            ↷
          </button>
          <button type="button" onClick={() => void layout()} title="Auto-layout (Shift+L)">
            Layout
          </button>
          <button
            type="button"
            onClick={() => useUi.getState().setHelp(true)}
            title="Keyboard shortcuts (?)"
            aria-label="Help"
          >
            ?
          </button>
        </div>
        <div className="toolbar-run">
          {paused ? (
            <>
              <button
                type="button"
                onClick={() => void controlRun('step')}
                title="Run the paused node, then pause before the next"
              >
                Step
              </button>
              <button
                type="button"
                className="primary-button"
                onClick={() => void controlRun('resume')}
                title="Go on to the next breakpoint or the end"
              >
                Continue
              </button>
            </>
          ) : null}
          {live ? (
            <button
              type="button"
              className="danger-button"
              onClick={() => void controlRun('cancel')}
            >
              Stop
            </button>
          ) : (
            <button
              type="button"
              className="primary-button"
              onClick={() => void runAgain()}
              title="Run (Ctrl+Enter)"
            >
              ▶ Run
            </button>
          )}
        </div>
      </header>
    </>
  );
}

async function openFile(input: HTMLInputElement | null) {
  const bridge = studioClient().connection.bridge;
  if (!bridge) return input?.click();
  const file = await bridge.openFile({
    title: 'Import a workflow',
    filters: [{ name: 'Workflow', extensions: ['json'] }],
  });
  if (file) await importWorkflowText(file.text);
}

/** Saves first when needed, so the file holds what the canvas shows. */
async function exportFile() {
  if (selectDirty(useGraph.getState()) && !(await saveWorkflow())) return;
  const { id } = useGraph.getState().meta;
  try {
    const text = await studioClient().call('GET /api/workflows/:id/export', { id });
    const body = typeof text === 'string' ? text : JSON.stringify(text, null, 2);
    const bridge = studioClient().connection.bridge;
    if (bridge) {
      await bridge.saveFile({
        title: 'Export the workflow',
        defaultName: `${id}.json`,
        text: body,
      });
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
    link.download = `${id}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  } catch (error) {
    reportFailure('The file was not exported', error);
  }
}
