import { useEffect } from 'react';
import { closeExport, refreshPreview, runExport } from '../store/export-actions.ts';
import { useExport } from '../store/export-store.ts';
import type { ExportTab } from '../store/export-store.ts';
import { useGraph } from '../store/graph-store.ts';
import { Modal } from '../screens/modal.tsx';
import { ContractChanges } from './contract-changes.tsx';
import { ContractOutline } from './contract-outline.tsx';
import { TryRequest } from './try-request.tsx';

const TABS: { id: ExportTab; label: string }[] = [
  { id: 'contract', label: 'Contract' },
  { id: 'changes', label: 'Changes' },
  { id: 'try', label: 'Serve and try' },
];

/**
 * Export as a service: the pipeline's contract, its changes against the last export with the
 * version they need, a local trial, and the folder to write. It follows the canvas: an edit
 * made while it is open is judged again.
 */
export function ExportDialog() {
  const open = useExport((state) => state.open);
  const revision = useGraph((state) => state.revision);
  useEffect(() => {
    if (open) void refreshPreview();
  }, [open, revision]);
  if (!open) return null;

  return (
    <Modal label="Export as a service" className="export-dialog" onClose={() => void closeExport()}>
      <ExportHead />
      <ExportTabs />
      <div className="export-body">
        <ExportBody />
      </div>
      <ExportFooter />
    </Modal>
  );
}

function ExportHead() {
  const name = useGraph((state) => state.meta.name);
  const version = useGraph((state) => state.meta.version);
  return (
    <header className="dialog-head">
      <h2>
        Export {name} <span className="muted">{version}</span>
      </h2>
      <button type="button" className="link-button" onClick={() => void closeExport()}>
        Close
      </button>
    </header>
  );
}

function ExportTabs() {
  const tab = useExport((state) => state.tab);
  const set = useExport((state) => state.set);
  const refused = useExport((state) => state.preview?.verdict.refused ?? false);
  return (
    <div className="tabs" role="tablist">
      {TABS.map((item) => (
        <button
          key={item.id}
          type="button"
          role="tab"
          aria-selected={tab === item.id}
          className={tab === item.id ? 'tab active' : 'tab'}
          onClick={() => set({ tab: item.id })}
        >
          {item.label}
          {item.id === 'changes' && refused ? <span className="tab-alert"> ●</span> : null}
        </button>
      ))}
    </div>
  );
}

function ExportBody() {
  const tab = useExport((state) => state.tab);
  const preview = useExport((state) => state.preview);
  const error = useExport((state) => state.error);
  const loading = useExport((state) => state.loading);
  if (error) {
    return (
      <p className="export-error" role="alert">
        This pipeline cannot be exported yet: {error}
      </p>
    );
  }
  if (!preview) return <p className="muted">{loading ? 'Reading the contract…' : ''}</p>;
  if (tab === 'changes') return <ContractChanges preview={preview} />;
  if (tab === 'try') return <TryRequest preview={preview} />;
  return <ContractOutline preview={preview} />;
}

function ExportFooter() {
  const outDir = useExport((state) => state.outDir);
  const exporting = useExport((state) => state.exporting);
  const result = useExport((state) => state.result);
  const preview = useExport((state) => state.preview);
  const set = useExport((state) => state.set);
  const refused = preview?.verdict.refused ?? false;

  return (
    <footer className="export-footer">
      <label className="field">
        <span>Folder</span>
        <input
          aria-label="Export folder"
          value={outDir}
          spellCheck={false}
          onChange={(event) => set({ outDir: event.target.value })}
        />
      </label>
      <div className="export-actions">
        {refused ? (
          <button
            type="button"
            className="danger-button"
            disabled={exporting}
            onClick={() => void runExport(true)}
            title="Export although callers of the last version may break"
          >
            Export anyway
          </button>
        ) : null}
        <button
          type="button"
          className="primary-button"
          disabled={!preview || refused || exporting || !outDir}
          onClick={() => void runExport()}
        >
          {exporting ? 'Exporting…' : 'Export service'}
        </button>
      </div>
      {result ? (
        <p className="export-result" role="status">
          Wrote {result.files.length} files to <code>{result.outDir}</code>. Start it there with{' '}
          <code>npm install && npm start</code>
          {result.variables.some((item) => item.required)
            ? `; it needs ${result.variables
                .filter((item) => item.required)
                .map((item) => item.name)
                .join(', ')}.`
            : '.'}
        </p>
      ) : null}
    </footer>
  );
}
