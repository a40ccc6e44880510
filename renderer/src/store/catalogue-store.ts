import { create } from 'zustand';
import type { Catalogue, NodeKindInfo, Ports, Problem } from '../../../main/api/types.ts';
import { studioClient } from '../api/studio-client.ts';

export interface NodePorts {
  inputs: Ports;
  outputs: Ports;
}

interface CatalogueState {
  catalogue: Catalogue | null;
  kinds: Record<string, NodeKindInfo>;
  /** Ports of nodes whose kind derives them from settings, keyed by node id. */
  ports: Record<string, NodePorts>;
  /** Problems of a node's settings as the server parsed them, keyed by node id. */
  settingsProblems: Record<string, Problem[]>;
  setCatalogue(catalogue: Catalogue): void;
  /** Asks the server for a node's ports when its kind's ports follow its settings. */
  resolvePorts(nodeId: string, kind: string, settings: Record<string, unknown>): Promise<void>;
}

/**
 * Many nodes of a workflow share their settings (two Output nodes with the same field), so
 * answers are kept by kind and settings and each distinct question is asked once.
 */
const answers = new Map<string, Promise<{ ports: NodePorts; problems: Problem[] }>>();

export const useCatalogue = create<CatalogueState>()((set, get) => ({
  catalogue: null,
  kinds: {},
  ports: {},
  settingsProblems: {},

  setCatalogue(catalogue) {
    const kinds: Record<string, NodeKindInfo> = {};
    for (const kind of catalogue.kinds) kinds[kind.type] = kind;
    set({ catalogue, kinds });
  },

  async resolvePorts(nodeId, kind, settings) {
    if (!get().kinds[kind]?.dynamicPorts) return;
    const key = `${kind}\u0000${JSON.stringify(settings)}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = studioClient()
        .call('POST /api/catalogue/ports', {}, { type: kind, settings })
        .then(({ inputs, outputs, problems }) => ({ ports: { inputs, outputs }, problems }));
      answers.set(key, answer);
      answer.catch(() => answers.delete(key));
    }
    const { ports, problems } = await answer;
    // Settings that do not parse give only the kind's default ports. While a field is being
    // corrected, the node keeps the ports it had, so its edges do not vanish from the canvas.
    const known = get().ports[nodeId];
    set({
      ports: { ...get().ports, [nodeId]: problems.length > 0 && known ? known : ports },
      settingsProblems: { ...get().settingsProblems, [nodeId]: problems },
    });
  },
}));

const NO_PORTS: NodePorts = { inputs: {}, outputs: {} };

/** A node's ports: those resolved for its settings, else its kind's defaults. */
export function usePorts(nodeId: string, kind: string): NodePorts {
  const resolved = useCatalogue((state) => state.ports[nodeId]);
  const info = useCatalogue((state) => state.kinds[kind]);
  if (resolved) return resolved;
  return info ?? NO_PORTS;
}

export function portsOf(nodeId: string, kind: string): NodePorts {
  const state = useCatalogue.getState();
  return state.ports[nodeId] ?? state.kinds[kind] ?? NO_PORTS;
}
