import { isArtifactRef } from './artifacts.ts';
import { sha256, stableStringify } from './hash.ts';

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
  const material = {
    t: nodeType,
    v: nodeVersion,
    s: settings,
    i: reduceArtifacts(inputs),
    x: extra,
  };
  return sha256(stableStringify(material));
}

function reduceArtifacts(value: unknown): unknown {
  if (isArtifactRef(value)) return { artifact: value.sha256 };
  if (Array.isArray(value)) return value.map(reduceArtifacts);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, reduceArtifacts(item)]),
  );
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
