import { userError } from '../../engine/index.ts';
import type { ContractChange, VersionBump } from './change.ts';

const RANK = { none: 0, patch: 1, minor: 2, major: 3 } as const;

/** The smallest version step that covers every change: `none` when there are none. */
export function requiredBump(changes: readonly ContractChange[]): VersionBump | 'none' {
  let bump: VersionBump | 'none' = 'none';
  for (const change of changes) if (RANK[change.bump] > RANK[bump]) bump = change.bump;
  return bump;
}

export interface VersionCheck {
  /** The new version is at least the step the changes need. */
  ok: boolean;
  /** Breaking changes without a major step: the export refuses unless overridden. */
  blocked: boolean;
  required: VersionBump | 'none';
  /** The step actually taken from the old version to the new one. */
  actual: VersionBump | 'none' | 'downgrade';
  /** The smallest version that would do: the old one bumped by the required step. */
  suggested: string;
  message: string;
}

/**
 * Checks a new version against the old one and the changes between their contracts. Versions
 * are plain semantic versions (`1.4.2`); a breaking change needs a major step even below 1.0.0,
 * since exported services are consumed as soon as they are exported.
 */
export function checkVersion(
  oldVersion: string,
  newVersion: string,
  changes: readonly ContractChange[],
): VersionCheck {
  const before = parseVersion(oldVersion, 'old');
  const after = parseVersion(newVersion, 'new');
  const required = requiredBump(changes);
  const actual = stepBetween(before, after);
  const suggested = bumpVersion(oldVersion, required);
  const ok = actual !== 'downgrade' && RANK[actual] >= RANK[required];
  const blocked = required === 'major' && actual !== 'major';

  const breaking = changes.filter((change) => change.kind === 'breaking').length;
  let message: string;
  if (actual === 'downgrade') {
    message = `The version goes back from ${oldVersion} to ${newVersion}; use ${suggested} or later.`;
  } else if (required === 'none') {
    message = `The contract has not changed since ${oldVersion}.`;
  } else if (ok) {
    message = `${newVersion} covers the changes since ${oldVersion} (a ${required} step was needed).`;
  } else if (blocked) {
    message = `${breaking} breaking change${breaking === 1 ? '' : 's'} since ${oldVersion} need${breaking === 1 ? 's' : ''} a major version: ${suggested}, not ${newVersion}.`;
  } else {
    message = `The changes since ${oldVersion} need a ${required} step: ${suggested}, not ${newVersion}.`;
  }
  return { ok, blocked, required, actual, suggested, message };
}

/** `1.4.2` bumped by `minor` is `1.5.0`. */
export function bumpVersion(version: string, bump: VersionBump | 'none'): string {
  const [major, minor, patch] = parseVersion(version, 'old');
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
  return `${major}.${minor}.${patch}`;
}

type Triple = [number, number, number];

function parseVersion(version: string, which: 'old' | 'new'): Triple {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  if (!match) {
    throw userError(
      'VERSION_INVALID',
      `The ${which} version "${version}" is not a version such as 1.0.0.`,
      { field: 'version' },
    );
  }
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function stepBetween(before: Triple, after: Triple): VersionBump | 'none' | 'downgrade' {
  for (let index = 0; index < 3; index += 1) {
    if (after[index]! > before[index]!) return (['major', 'minor', 'patch'] as const)[index]!;
    if (after[index]! < before[index]!) return 'downgrade';
  }
  return 'none';
}
