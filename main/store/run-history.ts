import type { Database, Statement } from 'better-sqlite3';
import { userError } from '../../engine/index.ts';
import type { ErrorInfo, WorkflowDocument } from '../../engine/index.ts';
import { getDocument } from './documents.ts';

export type RecordedRunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/**
 * A node's state in a recorded run. Besides the engine's own states: `paused` at a breakpoint,
 * `stopped` when another node's failure ended the run under it, `cancelled`, and `interrupted`
 * when the process died while it ran.
 */
export type RecordedNodeStatus =
  | 'pending'
  | 'running'
  | 'paused'
  | 'completed'
  | 'cached'
  | 'failed'
  | 'skipped'
  | 'stopped'
  | 'cancelled'
  | 'interrupted';

export interface RunSummary {
  id: string;
  workflowId: string;
  workflowName: string;
  workflowVersion?: number;
  status: RecordedRunStatus;
  origin: string;
  parentRunId?: string;
  startedAt: number;
  endedAt?: number;
  durationMs?: number;
  costUsd: number;
}

export interface NodeResult {
  nodeId: string;
  nodeType?: string;
  status: RecordedNodeStatus;
  /** For reused results: the cache, a pin, or an earlier run. */
  source?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: ErrorInfo;
  /** Why a node was skipped. */
  reason?: string;
  attempts: number;
  costUsd: number;
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
  cacheKey?: string;
}

export interface RunRecord extends RunSummary {
  inputs: Record<string, unknown>;
  /** What the trigger node received, for runs started by a trigger. */
  trigger?: unknown;
  outputs?: Record<string, unknown>;
  error?: ErrorInfo;
  documentSha256: string;
  /** In the workflow's node order; nodes the run never reached are absent. */
  nodes: NodeResult[];
}

export interface LogLine {
  seq: number;
  nodeId?: string;
  level: string;
  message: string;
  data?: Record<string, unknown>;
  at: number;
}

export interface RunListQuery {
  /** At most this many, newest first; 50 by default. */
  limit?: number;
  /** Only runs that started before this run (the last one of the previous page). */
  before?: string;
  workflowId?: string;
}

type Row = Record<string, unknown>;

/** Reading recorded runs: the list, one run in full, its logs and the workflow it ran. */
export class RunHistory {
  private readonly statements = new Map<string, Statement>();
  /** Node order by document, so that opening runs of one workflow parses it once. */
  private readonly nodeOrders = new Map<string, Map<string, number>>();

  constructor(private readonly db: Database) {}

  list(query: RunListQuery = {}): RunSummary[] {
    const limit = Math.max(1, Math.min(query.limit ?? 50, 1000));
    const where: string[] = [];
    const params: Row = { limit };
    if (query.workflowId !== undefined) {
      where.push('workflow_id = @workflowId');
      params.workflowId = query.workflowId;
    }
    if (query.before !== undefined) {
      const cursor = this.summaryRow(query.before);
      where.push('(started_at, id) < (@cursorAt, @cursorId)');
      params.cursorAt = cursor.started_at;
      params.cursorId = cursor.id;
    }
    const rows = this.statement(
      `SELECT * FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY started_at DESC, id DESC LIMIT @limit`,
    ).all(params) as Row[];
    return rows.map(toSummary);
  }

  /** One run with its node results; the id may be shortened to any unique prefix. */
  get(runId: string): RunRecord {
    const row = this.summaryRow(runId);
    const order = this.nodeOrder(row.document_sha256 as string);
    const nodes = (
      this.statement('SELECT * FROM node_results WHERE run_id = ?').all(row.id) as Row[]
    )
      .map(toNodeResult)
      .sort((a, b) => (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0));

    const record: RunRecord = {
      ...toSummary(row),
      inputs: parse(row.inputs) ?? {},
      documentSha256: row.document_sha256 as string,
      nodes,
    };
    assign(record, 'trigger', parse(row.trigger_payload));
    assign(record, 'outputs', parse(row.outputs));
    assign(record, 'error', parse(row.error));
    return record;
  }

  has(runId: string): boolean {
    return this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined;
  }

  /** The result of one node in a run, or a clear error naming both. */
  nodeResult(runId: string, nodeId: string): NodeResult {
    const run = this.summaryRow(runId);
    const row = this.db
      .prepare('SELECT * FROM node_results WHERE run_id = ? AND node_id = ?')
      .get(run.id, nodeId) as Row | undefined;
    if (!row) {
      throw userError(
        'NODE_RESULT_NOT_FOUND',
        `Run ${run.id} has no result for node "${nodeId}": the run never reached it.`,
        { nodeId },
      );
    }
    return toNodeResult(row);
  }

  /** The workflow exactly as the run ran it. */
  document(runId: string): WorkflowDocument {
    const row = this.summaryRow(runId);
    return getDocument(this.db, row.document_sha256 as string)!;
  }

  logs(runId: string, filter: { nodeId?: string } = {}): LogLine[] {
    const run = this.summaryRow(runId);
    const rows = (
      filter.nodeId === undefined
        ? this.db.prepare('SELECT * FROM run_logs WHERE run_id = ? ORDER BY seq').all(run.id)
        : this.db
            .prepare('SELECT * FROM run_logs WHERE run_id = ? AND node_id = ? ORDER BY seq')
            .all(run.id, filter.nodeId)
    ) as Row[];
    return rows.map((row) => {
      const line: LogLine = {
        seq: row.seq as number,
        level: row.level as string,
        message: row.message as string,
        at: row.at as number,
      };
      assign(line, 'nodeId', row.node_id ?? undefined);
      assign(line, 'data', parse(row.data));
      return line;
    });
  }

  private statement(sql: string): Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private nodeOrder(documentSha256: string): Map<string, number> {
    let order = this.nodeOrders.get(documentSha256);
    if (order) return order;
    const document = getDocument(this.db, documentSha256);
    order = new Map(document?.nodes.map((node, index) => [node.id, index]));
    if (this.nodeOrders.size >= 64) this.nodeOrders.clear();
    this.nodeOrders.set(documentSha256, order);
    return order;
  }

  private summaryRow(runId: string): Row {
    const exact = this.statement('SELECT * FROM runs WHERE id = ?').get(runId) as Row | undefined;
    if (exact) return exact;

    const matches = this.db
      .prepare(`SELECT * FROM runs WHERE id >= ? AND id < ? LIMIT 2`)
      .all(runId, `${runId}\uffff`) as Row[];
    if (matches.length === 1 && runId.length >= 4) return matches[0]!;
    if (matches.length > 1) {
      throw userError(
        'RUN_ID_AMBIGUOUS',
        `More than one run starts with "${runId}"; give more of the id.`,
        {
          field: 'runId',
        },
      );
    }
    throw userError('RUN_NOT_FOUND', `No run "${runId}" is recorded.`, { field: 'runId' });
  }
}

function toSummary(row: Row): RunSummary {
  const summary: RunSummary = {
    id: row.id as string,
    workflowId: row.workflow_id as string,
    workflowName: row.workflow_name as string,
    status: row.status as RecordedRunStatus,
    origin: row.origin as string,
    startedAt: row.started_at as number,
    costUsd: row.cost_usd as number,
  };
  assign(summary, 'workflowVersion', row.workflow_version ?? undefined);
  assign(summary, 'parentRunId', row.parent_run_id ?? undefined);
  assign(summary, 'endedAt', row.ended_at ?? undefined);
  assign(summary, 'durationMs', row.duration_ms ?? undefined);
  return summary;
}

function toNodeResult(row: Row): NodeResult {
  const result: NodeResult = {
    nodeId: row.node_id as string,
    status: row.status as RecordedNodeStatus,
    attempts: row.attempts as number,
    costUsd: row.cost_usd as number,
  };
  assign(result, 'nodeType', row.node_type ?? undefined);
  assign(result, 'source', row.source ?? undefined);
  assign(result, 'inputs', parse(row.inputs));
  assign(result, 'outputs', parse(row.outputs));
  assign(result, 'error', parse(row.error));
  assign(result, 'reason', row.reason ?? undefined);
  assign(result, 'startedAt', row.started_at ?? undefined);
  assign(result, 'endedAt', row.ended_at ?? undefined);
  assign(result, 'durationMs', row.duration_ms ?? undefined);
  assign(result, 'cacheKey', row.cache_key ?? undefined);
  return result;
}

function parse<T>(text: unknown): T | undefined {
  return typeof text === 'string' ? (JSON.parse(text) as T) : undefined;
}

/** Sets a field only when it has a value, so that records carry no `undefined` keys. */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: unknown) {
  if (value !== undefined && value !== null) target[key] = value as T[K];
}
