import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { mediaTypeFor } from '../engine/index.ts';
import type { ArtifactStore } from '../engine/index.ts';
import { UsageError } from './args.ts';

/**
 * Builds a run's inputs from `--input name=value` (repeatable; `name=@path` takes a file as a
 * media input) and `--input-json '{...}'`. Values stay text here: the Input node reads them by
 * its fields' types and names the field when one does not fit.
 */
export async function readInputs(
  pairs: string[],
  json: string | undefined,
  artifacts: ArtifactStore,
): Promise<Record<string, unknown>> {
  const inputs: Record<string, unknown> = json ? parseJsonInputs(json) : {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new UsageError(`--input "${pair}" must look like name=value.`);
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    inputs[name] = value.startsWith('@')
      ? await importFile(value.slice(1), name, artifacts)
      : value;
  }
  return inputs;
}

function parseJsonInputs(json: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--input-json is not valid JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError('--input-json must be a JSON object of input names to values.');
  }
  return value as Record<string, unknown>;
}

async function importFile(path: string, name: string, artifacts: ArtifactStore) {
  const found = await stat(path).catch(() => undefined);
  if (!found?.isFile()) throw new UsageError(`--input ${name}=@${path}: no such file.`);
  return artifacts.putFile(path, { mediaType: mediaTypeFor(path), name: basename(path) });
}
