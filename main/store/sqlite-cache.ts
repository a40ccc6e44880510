import type { Database, Statement } from 'better-sqlite3';
import type { CachedResult, CacheStore } from '../../engine/index.ts';
import type { SecretScrubber } from './secret-scrubber.ts';

/**
 * The engine's cache index in the store, so that a result paid for once is reused after a
 * restart. Outputs are stored as JSON; media inside them are artifact references, and the engine
 * checks that their files are still there before it trusts a hit.
 */
export class SqliteCache implements CacheStore {
  private readonly select: Statement;
  private readonly touch: Statement;
  private readonly upsert: Statement;

  constructor(
    private readonly db: Database,
    /** Finds secrets in a result; a result that carries one is not kept (see `set`). */
    private readonly secrets?: SecretScrubber,
  ) {
    this.select = db.prepare(
      'SELECT outputs, cost_usd, duration_ms FROM cache_entries WHERE key = ?',
    );
    this.touch = db.prepare(
      'UPDATE cache_entries SET hits = hits + 1, last_hit_at = ? WHERE key = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO cache_entries (key, node_type, outputs, cost_usd, duration_ms, created_at)
       VALUES (@key, @nodeType, @outputs, @costUsd, @durationMs, @now)
       ON CONFLICT (key) DO UPDATE SET outputs = excluded.outputs, cost_usd = excluded.cost_usd,
         duration_ms = excluded.duration_ms, created_at = excluded.created_at`,
    );
  }

  get(key: string): CachedResult | undefined {
    const row = this.select.get(key) as
      { outputs: string; cost_usd: number; duration_ms: number } | undefined;
    if (!row) return undefined;
    this.touch.run(Date.now(), key);
    return {
      outputs: JSON.parse(row.outputs) as Record<string, unknown>,
      costUsd: row.cost_usd,
      durationMs: row.duration_ms,
    };
  }

  /**
   * Keeps a result, unless its outputs hold a secret a run was handed (a node that returns its
   * key by mistake). Run records redact such a secret, but a cached result must stay exact for
   * the nodes it feeds, so it is left out of the cache and never written in clear.
   */
  set(key: string, result: CachedResult, about: { nodeType: string }): void {
    const outputs = JSON.stringify(result.outputs);
    if (this.secrets && this.secrets.scrub(outputs) !== outputs) return;

    this.upsert.run({
      key,
      nodeType: about.nodeType,
      outputs,
      costUsd: result.costUsd,
      durationMs: result.durationMs,
      now: Date.now(),
    });
  }

  /** How many results are kept, and what producing them cost, by node kind. */
  stats(): { nodeType: string; entries: number; costUsd: number; hits: number }[] {
    return this.db
      .prepare(
        `SELECT node_type AS nodeType, count(*) AS entries, sum(cost_usd) AS costUsd,
           sum(hits) AS hits FROM cache_entries GROUP BY node_type ORDER BY node_type`,
      )
      .all() as { nodeType: string; entries: number; costUsd: number; hits: number }[];
  }

  /** Forgets every result, or those of one node kind. Artifact files are left in place. */
  clear(nodeType?: string): number {
    const result =
      nodeType === undefined
        ? this.db.prepare('DELETE FROM cache_entries').run()
        : this.db.prepare('DELETE FROM cache_entries WHERE node_type = ?').run(nodeType);
    return result.changes;
  }
}
