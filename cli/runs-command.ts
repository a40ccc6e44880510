import { isArtifactRef } from '../engine/index.ts';
import type { ArtifactRef, LogLevel } from '../engine/index.ts';
import type { RunRecord, RunSummary, Store } from '../main/store/index.ts';
import { parseArgs, single, UsageError } from './args.ts';
import { withStore } from './with-store.ts';
import type { ParsedArgs } from './args.ts';
import { REPLAY_ACTIONS, replay } from './runs-replay.ts';
import { formatTime, table } from './text-table.ts';

const FLAGS = ['json', 'logs', 'no-cache'];
/** Log levels, least severe first; `--level warn` shows warnings and errors. */
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** An artifact a node produced, and the file that holds it. */
interface ArtifactLocation {
  nodeId: string;
  port: string;
  mediaType: string;
  bytes: number;
  path: string;
  present: boolean;
}

/**
 * `pipewright runs`: the latest recorded runs with id, status, time and cost.
 * `pipewright runs show ID`: one run node by node, and where each output artifact is.
 * `pipewright runs rerun|from|only ...`: a past run replayed, in whole or in part (runs-replay.ts).
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['limit', 'workflow', 'before', 'file', 'out', 'node', 'level']);
  const [action, id, extra] = parsed.positional;
  const unknown = [...parsed.flags].find((flag) => !FLAGS.includes(flag));
  if (unknown) throw new UsageError(`there is no option --${unknown}.`);
  const asJson = parsed.flags.has('json');
  const replaying = REPLAY_ACTIONS.find((name) => name === action);
  if (action !== undefined && action !== 'show' && !replaying)
    throw new UsageError(`unknown action "${action}".`);
  if (action === 'show' && (!id || extra)) throw new UsageError('give exactly one run id.');
  if (action === undefined && id) throw new UsageError(`unexpected "${id}".`);

  return withStore('runs', (store) => {
    if (replaying) return replay(store, replaying, parsed, asJson);
    if (action === 'show') return show(store, id!, asJson, logFilter(parsed));
    return list(store, parsed, asJson);
  });
}

function list(store: Store, parsed: ParsedArgs, asJson: boolean): number {
  const limitText = single(parsed, 'limit') ?? '20';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError('--limit must be a whole number.');
  const runs = store.runs.list({
    limit,
    workflowId: single(parsed, 'workflow'),
    before: single(parsed, 'before'),
  });

  if (asJson) {
    process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
    return 0;
  }
  if (runs.length === 0) {
    process.stdout.write(`No runs recorded yet in ${store.home}.\n`);
    return 0;
  }
  const rows = runs.map((run: RunSummary) => [
    run.id,
    run.status,
    formatTime(run.startedAt),
    formatDuration(run.durationMs),
    formatCost(run.costUsd),
    run.workflowId,
  ]);
  process.stdout.write(table(['RUN', 'STATUS', 'STARTED', 'TIME', 'COST', 'WORKFLOW'], rows));
  return 0;
}

async function show(
  store: Store,
  id: string,
  asJson: boolean,
  filter: LogFilter | undefined,
): Promise<number> {
  const run = store.runs.get(id);
  const artifacts = await locateArtifacts(store, run);
  const least = LEVELS.indexOf(filter?.level ?? 'debug');
  const logs = store.runs
    .logs(run.id, filter?.nodeId === undefined ? {} : { nodeId: filter.nodeId })
    .filter((line) => LEVELS.indexOf(line.level as LogLevel) >= least);
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ ...run, artifacts, logs }, null, 2)}\n`);
    return 0;
  }

  const version = run.workflowVersion === undefined ? '' : ` version ${run.workflowVersion}`;
  const lines = [
    `Run ${run.id}: ${run.status}`,
    `Workflow ${run.workflowId} (${run.workflowName})${version}, from ${run.origin}${run.parentRunId ? ` replaying ${run.parentRunId}` : ''}`,
    `Started ${formatTime(run.startedAt)}, took ${formatDuration(run.durationMs)}, cost ${formatCost(run.costUsd)}`,
  ];
  if (run.error) lines.push(`Error: ${run.error.message}`);
  process.stdout.write(`${lines.join('\n')}\n\n`);

  const rows = run.nodes.map((node) => [
    node.nodeId,
    node.nodeType ?? '',
    node.source ? `${node.status} (${node.source})` : node.status,
    String(node.attempts),
    formatDuration(node.durationMs),
    formatCost(node.costUsd),
    node.error?.message ?? node.reason ?? '',
  ]);
  process.stdout.write(table(['NODE', 'TYPE', 'STATUS', 'TRIES', 'TIME', 'COST', 'NOTE'], rows));

  if (artifacts.length > 0) {
    process.stdout.write('\nArtifacts:\n');
    const artifactRows = artifacts.map((item) => [
      `${item.nodeId}.${item.port}`,
      item.mediaType,
      formatBytes(item.bytes),
      item.present ? item.path : `${item.path} (missing)`,
    ]);
    process.stdout.write(table(['OUTPUT', 'TYPE', 'SIZE', 'FILE'], artifactRows));
  }
  if (filter && logs.length > 0) {
    process.stdout.write('\nLogs:\n');
    for (const line of logs) {
      const data = line.data ? ` ${JSON.stringify(line.data)}` : '';
      process.stdout.write(
        `${formatTime(line.at)} ${line.level.padEnd(5)} ${line.nodeId ?? '-'}: ${line.message}${data}\n`,
      );
    }
  }
  return 0;
}

async function locateArtifacts(store: Store, run: RunRecord): Promise<ArtifactLocation[]> {
  const found: ArtifactLocation[] = [];
  for (const node of run.nodes) {
    for (const [port, value] of Object.entries(node.outputs ?? {})) {
      for (const ref of refsIn(value)) {
        found.push({
          nodeId: node.nodeId,
          port,
          mediaType: ref.mediaType,
          bytes: ref.bytes,
          path: store.artifacts.pathOf(ref),
          present: await store.artifacts.has(ref),
        });
      }
    }
  }
  return found;
}

function refsIn(value: unknown): ArtifactRef[] {
  if (isArtifactRef(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(refsIn);
  return [];
}

interface LogFilter {
  nodeId?: string;
  level?: LogLevel;
}

/** `--logs` prints the run's log lines; `--node` and `--level` narrow them and imply it. */
function logFilter(parsed: ParsedArgs): LogFilter | undefined {
  const nodeId = single(parsed, 'node');
  const level = single(parsed, 'level');
  if (level !== undefined && !LEVELS.includes(level as LogLevel)) {
    throw new UsageError(`--level is one of ${LEVELS.join(', ')}, not "${level}".`);
  }
  if (!parsed.flags.has('logs') && nodeId === undefined && level === undefined) return undefined;
  const filter: LogFilter = {};
  if (nodeId !== undefined) filter.nodeId = nodeId;
  if (level !== undefined) filter.level = level as LogLevel;
  return filter;
}

function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

function formatCost(usd: number): string {
  return usd > 0 ? `$${usd.toFixed(4)}` : '-';
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
