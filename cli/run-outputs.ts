import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionFor, isArtifactRef } from '../engine/index.ts';
import type { ArtifactStore } from '../engine/index.ts';

/** Copies every media output into the folder as `<field>.<ext>`; answers the paths by field. */
export async function saveMediaOutputs(
  outputs: Record<string, unknown>,
  folder: string,
  artifacts: ArtifactStore,
): Promise<Record<string, string>> {
  const saved: Record<string, string> = {};
  for (const [field, value] of Object.entries(outputs)) {
    if (!isArtifactRef(value)) continue;
    await mkdir(folder, { recursive: true });
    const target = join(folder, `${field}.${extensionFor(value.mediaType)}`);
    await copyFile(artifacts.pathOf(value), target);
    saved[field] = target;
  }
  return saved;
}

/** The outputs as a person reads them: text as is, JSON indented, media as the saved path. */
export function formatOutputs(
  outputs: Record<string, unknown>,
  saved: Record<string, string>,
  empty = 'No outputs (the workflow has no Output node with values).\n',
) {
  const entries = Object.entries(outputs);
  if (entries.length === 0) return empty;
  return entries
    .map(([field, value]) => {
      if (saved[field]) return `${field}: ${saved[field]}`;
      if (typeof value === 'string')
        return value.includes('\n') ? `${field}:\n${value}` : `${field}: ${value}`;
      return `${field}: ${JSON.stringify(value, null, 2)}`;
    })
    .join('\n')
    .concat('\n');
}
