import { ApiError } from '../api/client.ts';
import { studioClient } from '../api/studio-client.ts';
import { useExport } from './export-store.ts';
import type { ExportTab } from './export-store.ts';
import { useGraph } from './graph-store.ts';
import { useProblems } from './problems-store.ts';
import { useUi } from './ui-store.ts';

/**
 * Opens the Export dialog on the pipeline as the canvas holds it, saved or not; the dialog asks
 * for a preview when it opens and after every edit.
 */
export function openExport(tab: ExportTab = 'contract'): void {
  useExport.getState().set({ open: true, tab, result: null, tryAnswer: null });
}

export async function closeExport(): Promise<void> {
  useExport.getState().set({ open: false });
  try {
    await studioClient().call('DELETE /api/export/try');
  } catch {
    // The trial service stops with the studio anyway; a failed stop costs nothing here.
  }
}

/** Asks the studio for the contract and its changes against the last export. */
export async function refreshPreview(): Promise<void> {
  const store = useExport.getState();
  const graph = useGraph.getState();
  store.set({ loading: true });
  try {
    const preview = await studioClient().call(
      'POST /api/export/preview',
      {},
      { document: graph.toDocument() },
    );
    const outDir = keepOutDir(store.outDir, store.preview?.defaultOutDir, preview.defaultOutDir);
    useExport.getState().set({ preview, error: null, outDir, loading: false });
  } catch (error) {
    if (error instanceof ApiError && error.problems.length > 0) {
      useProblems.getState().setProblems(error.problems, graph.revision);
    }
    useExport.getState().set({ preview: null, error: messageOf(error), loading: false });
  }
}

/** Sets the pipeline's version to the one the changes need; the dialog then judges again. */
export function takeProposedVersion(): void {
  const proposed = useExport.getState().preview?.proposedVersion;
  if (!proposed) return;
  useGraph.getState().renameWorkflow({ version: proposed });
}

/** Writes the service folder; a refused breaking change shows in the Changes tab. */
export async function runExport(allowBreaking = false): Promise<void> {
  const { outDir } = useExport.getState();
  useExport.getState().set({ exporting: true, result: null });
  try {
    const result = await studioClient().call(
      'POST /api/export',
      {},
      { document: useGraph.getState().toDocument(), outDir, allowBreaking },
    );
    useExport.getState().set({ result, exporting: false });
    useUi.getState().notify(`Exported ${result.files.length} files to ${result.outDir}.`);
    await refreshPreview();
  } catch (error) {
    useExport.getState().set({ exporting: false });
    if (error instanceof ApiError && error.body.error.code === 'CONTRACT_VERSION_TOO_LOW') {
      useExport.getState().set({ tab: 'changes' });
    }
    useUi.getState().notify(`Not exported: ${messageOf(error)}`, 'error');
  }
}

/** Serves the pipeline locally (or reuses the running service) and sends the Try tab's body. */
export async function sendTryRequest(): Promise<void> {
  const { tryBody } = useExport.getState();
  useExport.getState().set({ trying: true });
  try {
    const tryAnswer = await studioClient().call(
      'POST /api/export/try',
      {},
      { document: useGraph.getState().toDocument(), body: tryBody },
    );
    useExport.getState().set({ tryAnswer, trying: false });
  } catch (error) {
    useExport.getState().set({ trying: false, tryAnswer: null });
    useUi.getState().notify(`The service did not start: ${messageOf(error)}`, 'error');
  }
}

/** A folder the person typed survives a new preview; the default follows the workflow id. */
function keepOutDir(current: string, oldDefault: string | undefined, newDefault: string) {
  return current && current !== oldDefault ? current : newDefault;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.problems.length > 0) {
    return error.problems
      .slice(0, 4)
      .map((problem) => problem.message)
      .join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}
