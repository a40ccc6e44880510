import { useEffect, useMemo } from 'react';
import { useGraph } from '../store/graph-store.ts';
import type { GraphState } from '../store/graph-store.ts';
import { useRun } from '../store/run-store.ts';
import { useUi } from '../store/ui-store.ts';
import type { SideTab } from '../store/ui-store.ts';
import { HistoryPanel } from './history-panel.tsx';
import { Inspector } from './inspector.tsx';
import { RunForm } from './run-form.tsx';
import { SettingsPanel } from './settings-panel.tsx';

const TABS: { id: SideTab; title: string; needsNode: boolean }[] = [
  { id: 'settings', title: 'Settings', needsNode: true },
  { id: 'inspector', title: 'Inspector', needsNode: true },
  { id: 'run', title: 'Run', needsNode: false },
  { id: 'history', title: 'History', needsNode: false },
];

/** The right-hand panel: the selected node's settings and inspector, the run form, history. */
export function SidePanel() {
  const selectedId = useGraph(selectSingle);
  // The node's data, not the node: a drag changes the position only, and must not re-render.
  const data = useGraph((state) =>
    selectedId ? state.nodes.find((n) => n.id === selectedId)?.data : undefined,
  );
  const node = useMemo(
    () => (selectedId && data ? { id: selectedId, data } : undefined),
    [selectedId, data],
  );
  const chosen = useUi((state) => state.sideTab);
  const showTab = useUi((state) => state.showTab);
  const tab = !node && (chosen === 'settings' || chosen === 'inspector') ? 'run' : chosen;

  // Picking a node brings its details forward: what it did if it ran, else its settings.
  useEffect(() => {
    if (!selectedId) return;
    const ui = useUi.getState();
    if (ui.sideTab === 'settings' || ui.sideTab === 'inspector') return;
    ui.showTab(useRun.getState().nodes[selectedId] ? 'inspector' : 'settings');
  }, [selectedId]);

  return (
    <aside className="side-panel" aria-label="Details">
      <nav className="tabs side-tabs" role="tablist">
        {TABS.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            aria-selected={tab === entry.id}
            className={tab === entry.id ? 'tab active' : 'tab'}
            disabled={entry.needsNode && !node}
            title={entry.needsNode && !node ? 'Select a node first' : undefined}
            onClick={() => showTab(entry.id)}
          >
            {entry.title}
          </button>
        ))}
      </nav>
      <div className="side-content">
        {tab === 'settings' && node ? <SettingsPanel key={node.id} node={node} /> : null}
        {tab === 'inspector' && node ? <Inspector key={node.id} node={node} /> : null}
        {tab === 'run' ? <RunForm /> : null}
        {tab === 'history' ? <HistoryPanel /> : null}
      </div>
    </aside>
  );
}

/** The id of the one selected node, or null when none or several are selected. */
function selectSingle(state: GraphState): string | null {
  let found: string | null = null;
  for (const node of state.nodes) {
    if (!node.selected) continue;
    if (found) return null;
    found = node.id;
  }
  return found;
}
