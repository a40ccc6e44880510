import type { Database } from 'better-sqlite3';
import { operationalError, PipewrightError } from '../../engine/index.ts';
import type { RunEvent, RunEventOf, WorkflowDocument } from '../../engine/index.ts';
import { putDocument } from './documents.ts';
import type { RecorderStatements } from './recorder-statements.ts';
import { currentOwner } from './run-owner.ts';
import type { SecretScrubber } from './secret-scrubber.ts';

/** How a run came about: by hand, from the CLI, or replaying part of an earlier run. */
export type RunOrigin = 'studio' | 'cli' | 'service' | 'rerun' | 'run-from' | 'run-only' | 'test';

export interface RecordOptions {
  /** The workflow as it runs; kept so that the run can be replayed exactly. */
  document: WorkflowDocument;
  /** The saved version it came from, when it was saved. */
  workflowVersion?: number;
  origin: RunOrigin;
  /** The run this one replays, for reruns and partial runs. */
  parentRunId?: string;
  /** What the trigger node received (a Telegram update), kept so that a rerun gets it again. */
  trigger?: unknown;
}

/**
 * Writes one run into the store as its events arrive: the run row at the start, a node result
 * per node as it starts, pauses, finishes or fails, and every log line. Each event is its own
 * small commit, so a process killed mid-run leaves every finished node's result on disk.
 */
export class RunRecorder {
  /** The first write that failed; the run goes on, and the host reports it when the run ends. */
  failure?: PipewrightError;
  private readonly nodeTypes: Map<string, string>;
  private logSeq = 0;

  constructor(
    private readonly db: Database,
    private readonly statements: RecorderStatements,
    private readonly scrubber: SecretScrubber,
    private readonly options: RecordOptions,
  ) {
    this.nodeTypes = new Map(options.document.nodes.map((node) => [node.id, node.type]));
  }

  /** Hand this to `startRun({ onEvent })`, or call it from the host's own listener. */
  readonly record = (event: RunEvent): void => {
    try {
      this.write(event);
    } catch (error) {
      this.failure ??= operationalError(
        'RUN_NOT_RECORDED',
        `Run ${event.runId} could not be written to the store at "${event.type}": ${error instanceof Error ? error.message : String(error)}`,
        { runId: event.runId },
        error,
      );
    }
  };

  private write(event: RunEvent) {
    switch (event.type) {
      case 'run.started':
        return this.started(event);
      case 'node.started':
        return this.statements.nodeStarted.run({
          ...this.key(event),
          type: this.nodeTypes.get(event.nodeId) ?? null,
          inputs: this.scrubber.json(event.inputs),
          attempts: event.attempt,
          at: event.at,
        });
      case 'node.paused':
        return this.statements.nodePaused.run({
          ...this.key(event),
          type: this.nodeTypes.get(event.nodeId) ?? null,
          inputs: this.scrubber.json(event.inputs),
        });
      case 'node.resumed':
        return this.statements.nodeResumed.run(this.key(event));
      case 'node.retrying':
        this.statements.nodeRetrying.run({
          ...this.key(event),
          error: this.scrubber.json(event.error),
          attempts: event.attempt,
        });
        return this.log(
          event,
          event.nodeId,
          'warn',
          `Attempt ${event.attempt} failed: ${event.error.message} Retrying in ${Math.round(event.delayMs)} ms.`,
          {
            attempt: event.attempt,
            delayMs: event.delayMs,
            code: event.error.code,
          },
        );
      case 'node.completed':
        return this.statements.nodeCompleted.run({
          ...this.key(event),
          type: this.nodeTypes.get(event.nodeId) ?? null,
          outputs: this.scrubber.json(event.outputs),
          attempts: event.attempts,
          cost: event.costUsd,
          duration: event.durationMs,
          cacheKey: event.cacheKey ?? null,
          at: event.at,
        });
      case 'node.cached':
        return this.statements.nodeCached.run({
          ...this.key(event),
          type: this.nodeTypes.get(event.nodeId) ?? null,
          source: event.source,
          inputs: this.scrubber.json(event.inputs),
          outputs: this.scrubber.json(event.outputs),
          at: event.at,
        });
      case 'node.failed':
        return this.statements.nodeFailed.run({
          ...this.key(event),
          type: this.nodeTypes.get(event.nodeId) ?? null,
          error: this.scrubber.json(event.error),
          attempts: event.attempts,
          duration: event.durationMs,
          at: event.at,
        });
      case 'node.skipped':
        return this.statements.nodeSkipped.run({
          ...this.key(event),
          type: this.nodeTypes.get(event.nodeId) ?? null,
          reason: event.reason,
          at: event.at,
        });
      case 'node.log':
        return this.log(event, event.nodeId, event.level, event.message, event.data);
      case 'run.completed':
        return this.ended(event, 'completed', event.outputs, undefined);
      case 'run.failed':
        return this.ended(event, 'failed', undefined, event.error);
      case 'run.cancelled':
        return this.ended(event, 'cancelled', undefined, undefined);
      case 'node.progress':
      case 'node.partial':
        // Progress and partial text are for the live view; the finished output is what is kept.
        return;
    }
  }

  private started(event: RunEventOf<'run.started'>) {
    const { document } = this.options;
    const hash = putDocument(this.db, document);
    this.statements.runStarted.run({
      id: event.runId,
      workflowId: document.id,
      workflowName: document.name,
      workflowVersion: this.options.workflowVersion ?? null,
      document: hash,
      origin: this.options.origin,
      parent: this.options.parentRunId ?? null,
      inputs: this.scrubber.json(event.inputs) ?? '{}',
      trigger: this.scrubber.json(this.options.trigger),
      at: event.at,
      pid: currentOwner.pid,
      host: currentOwner.host,
      token: currentOwner.token,
    });
  }

  private ended(
    event: RunEvent & { durationMs: number; costUsd: number },
    status: 'completed' | 'failed' | 'cancelled',
    outputs: unknown,
    error: unknown,
  ) {
    const finish = this.db.transaction(() => {
      this.statements.runEnded.run({
        id: event.runId,
        status,
        outputs: this.scrubber.json(outputs),
        error: this.scrubber.json(error),
        cost: event.costUsd,
        duration: event.durationMs,
        at: event.at,
      });
      this.statements.unfinishedNodes.run({
        run: event.runId,
        status: status === 'cancelled' ? 'cancelled' : 'stopped',
        at: event.at,
      });
    });
    finish();
  }

  private log(
    event: RunEvent,
    nodeId: string | undefined,
    level: string,
    message: string,
    data: Record<string, unknown> | undefined,
  ) {
    this.statements.log.run({
      run: event.runId,
      seq: this.logSeq++,
      node: nodeId ?? null,
      level,
      message: this.scrubber.scrub(message),
      data: this.scrubber.json(data),
      at: event.at,
    });
  }

  private key(event: RunEvent & { nodeId: string }) {
    return { run: event.runId, node: event.nodeId };
  }
}
