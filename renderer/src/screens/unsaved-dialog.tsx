import { useState } from 'react';
import type { ReactNode } from 'react';
import { selectDirty, useGraph } from '../store/graph-store.ts';
import { saveWorkflow } from '../store/workflow-actions.ts';
import { Modal } from './modal.tsx';

/**
 * Guards an action that replaces the workflow on the canvas (going back to the start screen,
 * importing a file): with unsaved changes it first asks whether to save them, drop them or stay.
 * Returns the guard and the dialog to render.
 */
export function useUnsavedGuard(): {
  guard(action: () => void): void;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<(() => void) | null>(null);
  const guard = (action: () => void) => {
    if (!selectDirty(useGraph.getState())) return action();
    setPending(() => action);
  };
  const dialog = pending ? (
    <UnsavedDialog
      onStay={() => setPending(null)}
      onLeave={async (save) => {
        if (save && !(await saveWorkflow())) return setPending(null);
        setPending(null);
        pending();
      }}
    />
  ) : null;
  return { guard, dialog };
}

function UnsavedDialog({
  onStay,
  onLeave,
}: {
  onStay(): void;
  onLeave(save: boolean): Promise<void>;
}) {
  const name = useGraph((state) => state.meta.name);

  return (
    <Modal label="Unsaved changes" role="alertdialog" onClose={onStay}>
      <h2>Unsaved changes</h2>
      <p>“{name}” has changes that are not saved. They are lost if you go on without saving.</p>
      <div className="form-buttons">
        <button type="button" className="primary-button" onClick={() => void onLeave(true)}>
          Save and go on
        </button>
        <button type="button" className="danger-button" onClick={() => void onLeave(false)}>
          Discard changes
        </button>
        <button type="button" className="small-button" onClick={onStay} autoFocus>
          Keep editing
        </button>
      </div>
    </Modal>
  );
}
