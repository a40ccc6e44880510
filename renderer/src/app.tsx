import { useEffect, useState } from 'react';
import { studioClient } from './api/studio-client.ts';
import { workflowInAddress } from './store/address.ts';
import { useCatalogue } from './store/catalogue-store.ts';
import { openWorkflow, reportFailure } from './store/workflow-actions.ts';
import { useWorkspace } from './store/workspace-store.ts';
import { EditorScreen } from './screens/editor-screen.tsx';
import { NoticeToast } from './screens/notice-toast.tsx';
import { StartScreen } from './screens/start-screen.tsx';

/** Loads the catalogue and the workspace, then shows the start screen or the open workflow. */
export function App() {
  const screen = useWorkspace((state) => state.screen);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void boot().catch((error: unknown) =>
      setFailure(error instanceof Error ? error.message : String(error)),
    );
  }, []);

  if (failure) {
    return (
      <main className="start-screen">
        <h1>The studio is not answering</h1>
        <p className="problem-text">{failure}</p>
        <p className="muted">
          Start it again with `pipewright studio` and open the address it prints.
        </p>
      </main>
    );
  }
  return (
    <>
      {screen === 'loading' ? <div className="loading">Loading…</div> : null}
      {screen === 'start' ? <StartScreen /> : null}
      {screen === 'editor' ? <EditorScreen /> : null}
      <NoticeToast />
    </>
  );
}

async function boot(): Promise<void> {
  const client = studioClient();
  const [catalogue] = await Promise.all([
    client.call('GET /api/catalogue'),
    useWorkspace.getState().refresh(),
  ]);
  useCatalogue.getState().setCatalogue(catalogue);

  const open = workflowInAddress();
  if (!open) return useWorkspace.getState().setScreen('start');
  try {
    await openWorkflow(open);
  } catch (error) {
    reportFailure(`The workflow "${open}" did not open`, error);
    useWorkspace.getState().setScreen('start');
  }
}
