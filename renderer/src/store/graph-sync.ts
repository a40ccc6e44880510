import { studioClient } from '../api/studio-client.ts';
import { useCatalogue } from './catalogue-store.ts';
import { useGraph } from './graph-store.ts';
import type { PipelineNode } from './graph-types.ts';
import { useProblems } from './problems-store.ts';

const VALIDATE_DELAY_MS = 350;

/**
 * Keeps what the server knows about the graph in step with it: the ports of nodes whose kind
 * derives them from settings, and the validation problems shown on the nodes. Both are asked
 * only after edits settle, and a stale answer never overwrites a newer one.
 */
export function startGraphSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settingsSeen = new Map<string, object>();

  const unsubscribe = useGraph.subscribe((state, previous) => {
    if (state.nodes !== previous.nodes) resolveChangedPorts(state.nodes, settingsSeen);
    if (state.revision === previous.revision) return;
    clearTimeout(timer);
    timer = setTimeout(() => void validate(state.revision), VALIDATE_DELAY_MS);
  });

  const first = useGraph.getState();
  resolveChangedPorts(first.nodes, settingsSeen);
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

/** `seen` holds, by node id, the settings object whose ports were last asked for. */
function resolveChangedPorts(nodes: readonly PipelineNode[], seen: Map<string, object>) {
  const catalogue = useCatalogue.getState();
  for (const node of nodes) {
    if (seen.get(node.id) === node.data.settings) continue;
    seen.set(node.id, node.data.settings);
    if (!catalogue.kinds[node.data.kind]?.dynamicPorts) continue;
    void catalogue.resolvePorts(node.id, node.data.kind, node.data.settings).catch(() => {
      // The validation that follows every edit reports what is wrong with these settings.
    });
  }
}

async function validate(revision: number): Promise<void> {
  const document = useGraph.getState().toDocument();
  try {
    const result = await studioClient().call('POST /api/validate', {}, { document });
    if (useGraph.getState().revision !== revision) return;
    useProblems.getState().setProblems(result.problems, revision);
  } catch {
    // A failed check leaves the last problems shown; the next edit asks again.
  }
}
