import type { ExportPreviewResponse } from '../../../main/api/types.ts';
import { takeProposedVersion } from '../store/export-actions.ts';

const MARKS = { major: 'breaking', minor: 'addition', patch: 'wording' } as const;

/** The changes against the last export, breaking ones first and marked, and the version step. */
export function ContractChanges({ preview }: { preview: ExportPreviewResponse }) {
  const { verdict, proposedVersion, contract } = preview;
  const version = contract.info.version;
  if (!verdict.previous) {
    return (
      <p className="muted">
        This is the first export of this pipeline: there is no earlier contract to compare with.
        Version {version} will be recorded, and the next export is compared against it.
      </p>
    );
  }

  const changes = [...verdict.changes].sort(
    (a, b) => rank(a.bump) - rank(b.bump) || a.path.localeCompare(b.path),
  );
  const breaking = changes.filter((change) => change.kind === 'breaking').length;
  const needsStep = verdict.check ? !verdict.check.ok : false;
  return (
    <div className="contract-changes">
      <p>
        Compared with the last export, version <strong>{verdict.previous}</strong>:{' '}
        {changes.length === 0
          ? 'no changes.'
          : `${changes.length} change${changes.length === 1 ? '' : 's'}, ${breaking} breaking.`}
      </p>
      {changes.length > 0 ? (
        <ul className="change-list" aria-label="Contract changes">
          {changes.map((change) => (
            <li key={`${change.code} ${change.path}`} className={`change change-${change.bump}`}>
              <span className="change-mark">{MARKS[change.bump]}</span>
              <code>{change.path}</code>
              <span>{change.message}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {verdict.check ? (
        <p className={needsStep ? 'version-verdict refused' : 'version-verdict'} role="status">
          {verdict.check.message}
        </p>
      ) : null}
      {needsStep ? (
        <button type="button" className="primary-button" onClick={takeProposedVersion}>
          Use version {proposedVersion}
        </button>
      ) : null}
    </div>
  );
}

function rank(bump: keyof typeof MARKS): number {
  return bump === 'major' ? 0 : bump === 'minor' ? 1 : 2;
}
