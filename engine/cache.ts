import { isArtifactRef } from './artifacts.ts';
import { sha256 } from './hash.ts';

export interface CachedResult {
  outputs: Record<string, unknown>;
  costUsd: number;
  durationMs: number;
}

/**
 * Where node results are kept between runs. The engine defines it; the CLI and studio keep it in
 * SQLite so hits survive a restart, tests often use the in-memory one.
 */
export interface CacheStore {
  get(key: string): CachedResult | undefined | Promise<CachedResult | undefined>;
  set(key: string, result: CachedResult, about: { nodeType: string }): void | Promise<void>;
}

export class MemoryCache implements CacheStore {
  private readonly entries = new Map<string, CachedResult>();

  get(key: string): CachedResult | undefined {
    return this.entries.get(key);
  }

  set(key: string, result: CachedResult): void {
    this.entries.set(key, result);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The key a node's result is cached under: its kind and that kind's version, its settings,
 * and its inputs, with media reduced to their content hash so that a re-encoded file with equal
 * bytes hits and a renamed one does too.
 */
export function cacheKey(
  nodeType: string,
  nodeVersion: number,
  settings: unknown,
  inputs: Record<string, unknown>,
  extra?: unknown,
): string {
  const material = `${JSON.stringify(nodeType)}|${nodeVersion}|${canonical(settings)}|${canonical(inputs)}`;
  return sha256(extra === undefined ? material : `${material}|${canonical(extra)}`);
}

/**
 * JSON with sorted keys and media reduced to their hash, written in one pass: this runs for
 * every node of every run, so it builds no intermediate objects.
 */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (isArtifactRef(value)) return `{"artifact":"${value.sha256}"}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;

  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${canonical(record[key])}`;
  }
  return `${text}}`;
}

/** All artifact references inside a value, however deeply nested. */
export function artifactsIn(
  value: unknown,
  found: { sha256: string }[] = [],
): { sha256: string }[] {
  if (isArtifactRef(value)) found.push(value);
  else if (Array.isArray(value)) for (const item of value) artifactsIn(item, found);
  else if (value && typeof value === 'object')
    for (const item of Object.values(value)) artifactsIn(item, found);
  return found;
}
