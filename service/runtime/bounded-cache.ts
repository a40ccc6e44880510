import type { CacheStore, CachedResult } from '../../engine/index.ts';

/**
 * The engine's in-memory cache with a ceiling: a service answers for weeks, and an unbounded
 * map of every request's node results would grow until the process falls over. The least
 * recently used entry leaves first (a Map keeps insertion order; a hit re-inserts).
 */
export class BoundedCache implements CacheStore {
  private readonly entries = new Map<string, CachedResult>();

  constructor(private readonly limit: number) {}

  get(key: string): CachedResult | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, result: CachedResult): void {
    this.entries.delete(key);
    this.entries.set(key, result);
    while (this.entries.size > this.limit) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
