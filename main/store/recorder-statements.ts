import type { Database, Statement } from 'better-sqlite3';

export type RecorderStatements = ReturnType<typeof prepareRecorderStatements>;

/** Prepared once per store and shared by all its recorders. */
export function prepareRecorderStatements(db: Database) {
  const upsert = (status: string, columns: string[], updates: string[]): Statement =>
    db.prepare(
      `INSERT INTO node_results (run_id, node_id, node_type, status, ${columns.join(', ')})
       VALUES (@run, @node, @type, '${status}', ${columns.map((column) => `@${param(column)}`).join(', ')})
       ON CONFLICT (run_id, node_id) DO UPDATE SET status = '${status}', ${updates.join(', ')}`,
    );
  return {
    runStarted: db.prepare(
      `INSERT INTO runs (id, workflow_id, workflow_name, workflow_version, document_sha256, origin,
         parent_run_id, status, inputs, trigger_payload, started_at, owner_pid, owner_host, owner_token)
       VALUES (@id, @workflowId, @workflowName, @workflowVersion, @document, @origin, @parent,
         'running', @inputs, @trigger, @at, @pid, @host, @token)`,
    ),
    runEnded: db.prepare(
      `UPDATE runs SET status = @status, outputs = @outputs, error = @error, cost_usd = @cost,
         duration_ms = @duration, ended_at = @at WHERE id = @id`,
    ),
    unfinishedNodes: db.prepare(
      `UPDATE node_results SET status = @status, ended_at = @at
       WHERE run_id = @run AND status IN ('running', 'paused', 'pending')`,
    ),
    nodeStarted: upsert(
      'running',
      ['inputs', 'attempts', 'started_at'],
      [
        'inputs = excluded.inputs',
        'attempts = excluded.attempts',
        'started_at = coalesce(node_results.started_at, excluded.started_at)',
      ],
    ),
    nodePaused: upsert('paused', ['inputs'], ['inputs = excluded.inputs']),
    nodeResumed: db.prepare(
      `UPDATE node_results SET status = 'pending' WHERE run_id = @run AND node_id = @node`,
    ),
    nodeRetrying: db.prepare(
      `UPDATE node_results SET error = @error, attempts = @attempts
       WHERE run_id = @run AND node_id = @node`,
    ),
    nodeCompleted: upsert(
      'completed',
      ['outputs', 'attempts', 'cost_usd', 'duration_ms', 'cache_key', 'ended_at'],
      [
        'outputs = excluded.outputs',
        'attempts = excluded.attempts',
        'cost_usd = excluded.cost_usd',
        'duration_ms = excluded.duration_ms',
        'cache_key = excluded.cache_key',
        'ended_at = excluded.ended_at',
        'error = NULL',
      ],
    ),
    nodeCached: upsert(
      'cached',
      ['source', 'inputs', 'outputs', 'ended_at'],
      [
        'source = excluded.source',
        'inputs = excluded.inputs',
        'outputs = excluded.outputs',
        'ended_at = excluded.ended_at',
      ],
    ),
    nodeFailed: upsert(
      'failed',
      ['error', 'attempts', 'duration_ms', 'ended_at'],
      [
        'error = excluded.error',
        'attempts = excluded.attempts',
        'duration_ms = excluded.duration_ms',
        'ended_at = excluded.ended_at',
      ],
    ),
    nodeSkipped: upsert(
      'skipped',
      ['reason', 'ended_at'],
      ['reason = excluded.reason', 'ended_at = excluded.ended_at'],
    ),
    log: db.prepare(
      `INSERT INTO run_logs (run_id, seq, node_id, level, message, data, at)
       VALUES (@run, @seq, @node, @level, @message, @data, @at)`,
    ),
  };
}

/** Statement parameters are named after their columns in camelCase. */
function param(column: string): string {
  const names: Record<string, string> = {
    started_at: 'at',
    ended_at: 'at',
    cost_usd: 'cost',
    duration_ms: 'duration',
    cache_key: 'cacheKey',
  };
  return names[column] ?? column;
}
