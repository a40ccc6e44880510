import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from '../canvas/canvas.tsx';
import { ExportDialog } from '../export/export-dialog.tsx';
import { Palette } from '../panels/palette.tsx';
import { SidePanel } from '../panels/side-panel.tsx';
import { Timeline } from '../panels/timeline.tsx';
import { startGraphSync } from '../store/graph-sync.ts';
import { selectDirty, useGraph } from '../store/graph-store.ts';
import { EmptyState } from './empty-state.tsx';
import { HelpOverlay } from './help-overlay.tsx';
import { Toolbar } from './toolbar.tsx';

/** The editor: toolbar, palette, canvas, details panel and the run's timeline. */
export function EditorScreen() {
  const loadId = useGraph((state) => state.loadId);
  useEffect(() => startGraphSync(), []);
  useLeaveGuard();

  return (
    <ReactFlowProvider key={loadId}>
      <div className="editor">
        <Toolbar />
        <Palette />
        <div className="canvas-column">
          <Canvas />
          <EmptyState />
          <Timeline />
        </div>
        <SidePanel />
      </div>
      <HelpOverlay />
      <ExportDialog />
    </ReactFlowProvider>
  );
}

/** The browser asks before a tab with unsaved changes is closed or reloaded. */
function useLeaveGuard() {
  useEffect(() => {
    const onLeave = (event: BeforeUnloadEvent) => {
      if (!selectDirty(useGraph.getState())) return;
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, []);
}
