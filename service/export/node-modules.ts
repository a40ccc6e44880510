import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { userError } from '../../engine/index.ts';
import type { NodeRegistry } from '../../engine/index.ts';

/** Where the definition of a node kind lives, so that a bundle can import just that module. */
export interface NodeModule {
  type: string;
  /** Absolute path of its `*.node.ts` file. */
  file: string;
  exportName: string;
}

/**
 * Finds the module of each node kind the pipeline uses. Kinds live one per folder in
 * `nodes/<kind>/<kind>.node.ts`; each such file is loaded and its exports matched, by identity,
 * against the registry's definitions, so a kind is found whatever its export is called and a
 * look-alike never stands in for it.
 */
export async function locateNodeModules(
  types: Iterable<string>,
  registry: NodeRegistry,
  nodesFolder: string,
): Promise<NodeModule[]> {
  const wanted = new Set(types);
  const found = new Map<string, NodeModule>();

  for (const file of await nodeFiles(nodesFolder)) {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(module)) {
      const type = (value as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !wanted.has(type) || found.has(type)) continue;
      if (registry.get(type) === value) found.set(type, { type, file, exportName });
    }
  }

  const missing = [...wanted].filter((type) => !found.has(type));
  if (missing.length > 0) {
    throw userError(
      'NODE_MODULE_NOT_FOUND',
      `No module under ${nodesFolder} defines the node kind${missing.length > 1 ? 's' : ''} ${missing.map((type) => `"${type}"`).join(', ')}; only kinds kept in nodes/<kind>/<kind>.node.ts can be exported.`,
      { field: 'type' },
    );
  }
  return [...wanted].map((type) => found.get(type)!);
}

async function nodeFiles(nodesFolder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(nodesFolder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(nodesFolder, entry.name);
    for (const name of await readdir(folder)) {
      if (name.endsWith('.node.ts')) files.push(join(folder, name));
    }
  }
  return files.sort();
}
