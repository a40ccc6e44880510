import { create } from 'zustand';
import type { CredentialSummary, SampleSummary, WorkflowSummary } from '../../../main/api/types.ts';
import { studioClient } from '../api/studio-client.ts';

export type Screen = 'loading' | 'start' | 'editor';

/** What the studio holds beyond the open workflow: saved workflows, samples, credentials. */
interface WorkspaceState {
  screen: Screen;
  workflows: WorkflowSummary[];
  samples: SampleSummary[];
  credentials: CredentialSummary[];
  setScreen(screen: Screen): void;
  refresh(): Promise<void>;
  refreshCredentials(): Promise<void>;
  remember(summary: WorkflowSummary): void;
}

export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  screen: 'loading',
  workflows: [],
  samples: [],
  credentials: [],
  setScreen: (screen) => set({ screen }),

  async refresh() {
    const client = studioClient();
    const [workflows, samples, credentials] = await Promise.all([
      client.call('GET /api/workflows'),
      client.call('GET /api/samples'),
      client.call('GET /api/credentials'),
    ]);
    set({ workflows: newestFirst(workflows), samples, credentials });
  },

  async refreshCredentials() {
    set({ credentials: await studioClient().call('GET /api/credentials') });
  },

  remember(summary) {
    const others = get().workflows.filter((known) => known.id !== summary.id);
    set({ workflows: newestFirst([summary, ...others]) });
  },
}));

function newestFirst(list: WorkflowSummary[]): WorkflowSummary[] {
  return [...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
