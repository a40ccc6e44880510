import type { WorkflowDocument } from '../../../engine/workflow.ts';
import { ApiError } from '../api/client.ts';
import { studioClient } from '../api/studio-client.ts';
import { putWorkflowInAddress } from './address.ts';
import { useGraph } from './graph-store.ts';
import { useProblems } from './problems-store.ts';
import { useRun } from './run-store.ts';
import { useUi } from './ui-store.ts';
import { useWorkspace } from './workspace-store.ts';

/** Opens a saved workflow in the editor. */
export async function openWorkflow(id: string): Promise<void> {
  const record = await studioClient().call('GET /api/workflows/:id', { id });
  showInEditor(record.document, true);
  useProblems.getState().setProblems(record.problems, useGraph.getState().revision);
}

/** Starts a new, unsaved workflow from a sample; its id gets a suffix if taken. */
export async function openTemplate(sampleId: string): Promise<void> {
  const document = await studioClient().call('GET /api/samples/:id', { id: sampleId });
  const taken = new Set(useWorkspace.getState().workflows.map((summary) => summary.id));
  showInEditor({ ...document, id: freeId(document.id, taken) }, false);
}

export function newWorkflow(): void {
  const taken = new Set(useWorkspace.getState().workflows.map((summary) => summary.id));
  const document: WorkflowDocument = {
    format: 1,
    id: freeId('pipeline', taken),
    name: 'Untitled pipeline',
    version: '1.0.0',
    nodes: [],
    edges: [],
  };
  showInEditor(document, false);
}

/** Saves the editor's workflow; a workflow may be saved with problems, which are then shown. */
export async function saveWorkflow(): Promise<boolean> {
  const graph = useGraph.getState();
  const document = graph.toDocument();
  const revision = graph.revision;
  try {
    const record = await studioClient().call(
      'PUT /api/workflows/:id',
      { id: document.id },
      { document },
    );
    if (useGraph.getState().revision === revision) useGraph.getState().markSaved();
    else useGraph.setState({ savedRevision: revision });
    useProblems.getState().setProblems(record.problems, revision);
    useWorkspace.getState().remember(record.summary);
    putWorkflowInAddress(document.id);
    useUi.getState().notify(`Saved ${document.name}.`);
    return true;
  } catch (error) {
    reportFailure('Saving failed', error);
    return false;
  }
}

/** Imports a workflow file's text; every problem it has is listed if it is refused. */
export async function importWorkflowText(text: string): Promise<void> {
  try {
    const record = await studioClient().call('POST /api/workflows/import', {}, { text });
    useWorkspace.getState().remember(record.summary);
    showInEditor(record.document, true);
    useProblems.getState().setProblems(record.problems, useGraph.getState().revision);
    useUi.getState().notify(`Imported ${record.document.name}.`);
  } catch (error) {
    reportFailure('The file was not imported', error);
  }
}

export function reportFailure(what: string, error: unknown): void {
  const problems = error instanceof ApiError ? error.problems : [];
  const message = error instanceof Error ? error.message : String(error);
  const detail = problems.length
    ? problems
        .slice(0, 4)
        .map((problem) => problem.message)
        .join(' ')
    : message;
  useUi.getState().notify(`${what}: ${detail}`, 'error');
}

function showInEditor(document: WorkflowDocument, saved: boolean): void {
  useRun.getState().clear();
  useGraph.getState().load(document);
  if (!saved) useGraph.setState({ savedRevision: -1 });
  useWorkspace.getState().setScreen('editor');
  putWorkflowInAddress(saved ? document.id : null);
}

function freeId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
