import type { StartRunRequest } from '../../../main/api/types.ts';
import { followRun } from '../api/run-stream.ts';
import { studioClient } from '../api/studio-client.ts';
import { useCatalogue } from './catalogue-store.ts';
import { useGraph } from './graph-store.ts';
import { draftValues, inputFieldsOf, missingInputs, runInputs, useRunDraft } from './run-inputs.ts';
import { useRun } from './run-store.ts';
import { useUi } from './ui-store.ts';
import { reportFailure } from './workflow-actions.ts';

let stopFollowing: (() => void) | null = null;

export type RunOptions = Omit<StartRunRequest, 'document'>;

/**
 * Runs the workflow as the editor holds it, saved or not, and follows its events. Without
 * inputs it takes those of the run on screen (live or opened from history), so that running
 * from or up to a node finds the upstream results in the cache instead of failing the Input.
 */
export async function startRun(options: RunOptions = {}): Promise<void> {
  const graph = useGraph.getState();
  const document = graph.toDocument();
  const inputs = options.inputs ?? useRun.getState().inputs;
  try {
    const summary = await studioClient().call(
      'POST /api/runs',
      {},
      { ...options, ...(inputs ? { inputs } : {}), document },
    );
    stopFollowing?.();
    useRun.getState().begin(
      summary.runId,
      document.nodes.map((node) => node.id),
      inputs,
    );
    stopFollowing = followRun(studioClient(), summary.runId, (event) =>
      useRun.getState().apply(event),
    );
    useUi.getState().showTab('inspector');
  } catch (error) {
    reportFailure('The run did not start', error);
  }
}

/**
 * The toolbar's Run and Mod+Enter, one press: the run form's values, typed there or taken from
 * the run on screen (what the form shows is what runs, open or not), else the fields' defaults.
 * Only when a required field would go empty does it open the form instead, with that field
 * marked.
 */
export function runAgain(): Promise<void> | void {
  const form = document.querySelector<HTMLFormElement>('form.run-form');
  if (form) return form.requestSubmit();
  const graph = useGraph.getState();
  const fields = inputFieldsOf(graph.nodes, useCatalogue.getState().kinds);
  const values = draftValues(useRunDraft.getState().draft, graph.loadId, useRun.getState().inputs);
  const missing = missingInputs(fields, values);
  if (missing.length > 0) return useUi.getState().askForInputs(missing);
  return startRun({ inputs: runInputs(fields, values) });
}

export async function controlRun(action: 'cancel' | 'resume' | 'step'): Promise<void> {
  const runId = useRun.getState().runId;
  if (!runId) return;
  const route = `POST /api/runs/:runId/${action}` as const;
  try {
    await studioClient().call(route, { runId });
  } catch (error) {
    reportFailure(`Could not ${action} the run`, error);
  }
}

/**
 * Shows a past run on the canvas: each node's state, inputs and outputs as they were. A run
 * still going (or paused at a breakpoint) is followed live instead, so that it can be watched,
 * continued or cancelled from here.
 */
export async function openPastRun(runId: string): Promise<void> {
  try {
    const detail = await studioClient().call('GET /api/runs/:runId', { runId });
    stopFollowing?.();
    stopFollowing = null;
    if (detail.summary.state === 'running' || detail.summary.state === 'paused') {
      const onCanvas = useGraph.getState().nodes.map((node) => node.id);
      const nodeIds = [...new Set([...onCanvas, ...detail.nodes.map((node) => node.nodeId)])];
      useRun.getState().begin(runId, nodeIds, detail.inputs);
      stopFollowing = followRun(studioClient(), runId, (event) => useRun.getState().apply(event));
      return;
    }
    useRun.getState().showPast(detail);
  } catch (error) {
    reportFailure('The run could not be opened', error);
  }
}

/** Runs again with the inputs a past run had. */
export async function rerun(runId: string): Promise<void> {
  try {
    const detail = await studioClient().call('GET /api/runs/:runId', { runId });
    await startRun({ inputs: detail.inputs });
  } catch (error) {
    reportFailure('The run could not be repeated', error);
  }
}

/** Keeps a node's last outputs in the workflow so later runs take them instead of running it. */
export function pinOutputs(nodeId: string): void {
  const outputs = useRun.getState().nodes[nodeId]?.outputs;
  if (!outputs) return;
  useGraph.getState().updateNode(nodeId, { pinned: outputs });
  useUi.getState().notify(`Pinned the outputs of ${nodeId}; runs now reuse them.`);
}

export function unpin(nodeId: string): void {
  useGraph.getState().updateNode(nodeId, { pinned: undefined });
}
