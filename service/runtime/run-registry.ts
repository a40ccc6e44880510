import type { Logger } from 'pino';
import { PipewrightError, runId as makeRunId, startRun } from '../../engine/index.ts';
import type {
  ArtifactStore,
  CacheStore,
  CompiledWorkflow,
  RunHandle,
  RunId,
  RunResult,
} from '../../engine/index.ts';
import type { RunState } from '../contract/routes.ts';

/** One run the service accepted, from the queue to its end, as the status route reports it. */
export interface ServiceRun {
  readonly id: RunId;
  /** What started it, for the run's log line. */
  readonly source: 'http' | 'telegram';
  state: RunState;
  readonly createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  result?: RunResult;
  /** Settles when the run has ended, whatever its outcome; never rejects. */
  readonly done: Promise<RunResult>;
}

export interface RunRegistryOptions {
  workflow: CompiledWorkflow;
  artifacts: ArtifactStore;
  cache: CacheStore | null;
  env: Record<string, string | undefined>;
  logger: Logger;
  maxRuns: number;
  maxQueued: number;
  retentionMs: number;
  /** Finished runs remembered at most, whatever their age, so memory stays bounded. */
  maxRemembered?: number;
}

interface Pending {
  run: ServiceRun;
  inputs: Record<string, unknown>;
  trigger: unknown;
  settle(result: RunResult): void;
}

/**
 * The runs of one service: it starts them up to a limit, queues the rest up to another, keeps
 * finished ones for a while so that clients can poll them, and drains on shutdown. Synchronous
 * and asynchronous requests share it, so the limits and the drain hold for both.
 */
export class RunRegistry {
  private readonly runs = new Map<string, ServiceRun>();
  private readonly handles = new Map<string, RunHandle>();
  private readonly queue: Pending[] = [];
  private readonly finished: ServiceRun[] = [];
  private draining = false;

  constructor(private readonly options: RunRegistryOptions) {}

  /** Runs or queues; refuses with a transient 503-class error when full or shutting down. */
  submit(request: {
    inputs?: Record<string, unknown>;
    trigger?: unknown;
    source: ServiceRun['source'];
  }): ServiceRun {
    if (this.draining) {
      throw new PipewrightError('SERVICE_DRAINING', 'The service is shutting down; try another.', {
        fault: 'operational',
        transient: true,
      });
    }
    if (this.handles.size >= this.options.maxRuns && this.queue.length >= this.options.maxQueued) {
      throw new PipewrightError(
        'SERVICE_BUSY',
        `The service is running ${this.handles.size} runs and has ${this.queue.length} waiting; try again shortly.`,
        { fault: 'operational', transient: true },
      );
    }

    let settle!: (result: RunResult) => void;
    const done = new Promise<RunResult>((resolve) => (settle = resolve));
    const run: ServiceRun = {
      id: makeRunId(),
      source: request.source,
      state: 'queued',
      createdAt: new Date(),
      done,
    };
    this.runs.set(run.id, run);
    this.queue.push({ run, inputs: request.inputs ?? {}, trigger: request.trigger, settle });
    this.pump();
    return run;
  }

  /** Stops one run; a queued run ends at once, a running one as soon as its nodes stop. */
  cancel(id: string): void {
    const index = this.queue.findIndex((pending) => pending.run.id === id);
    if (index !== -1) return this.cancelQueued(this.queue.splice(index, 1)[0]!);
    this.handles.get(id)?.cancel();
  }

  get(id: string): ServiceRun | undefined {
    return this.runs.get(id);
  }

  /** Runs started and not yet ended, plus those waiting. */
  get inFlight(): number {
    return this.handles.size + this.queue.length;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Refuses new runs, lets the ones in flight finish, and cancels whatever is still going when
   * the time is up. Queued runs still start: a client was told 202 for them.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    const everything = () => Promise.all([...this.runs.values()].map((run) => run.done));

    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), timeoutMs);
    });
    const outcome = await Promise.race([everything(), expired]);
    clearTimeout(timer);
    if (outcome !== 'expired') return;

    for (const pending of this.queue.splice(0)) this.cancelQueued(pending);
    for (const handle of this.handles.values()) handle.cancel();
    await everything();
  }

  private pump(): void {
    while (this.handles.size < this.options.maxRuns && this.queue.length > 0) {
      this.begin(this.queue.shift()!);
    }
  }

  private begin(pending: Pending): void {
    const { run } = pending;
    const handle = startRun({
      workflow: this.options.workflow,
      artifacts: this.options.artifacts,
      cache: this.options.cache,
      env: this.options.env,
      inputs: pending.inputs,
      trigger: pending.trigger,
      runId: run.id,
    });
    run.state = 'running';
    run.startedAt = new Date();
    this.handles.set(run.id, handle);
    void handle.done.then((result) => this.end(pending, result));
  }

  private end(pending: Pending, result: RunResult): void {
    const { run } = pending;
    this.handles.delete(run.id);
    run.result = result;
    run.finishedAt = new Date();
    run.state = stateOf(result);
    this.log(run, result);
    this.remember(run);
    pending.settle(result);
    this.pump();
  }

  private cancelQueued(pending: Pending): void {
    const result: RunResult = {
      runId: pending.run.id,
      status: 'cancelled',
      outputs: {},
      durationMs: 0,
      costUsd: 0,
      nodes: {},
    };
    this.end(pending, result);
  }

  /** Finished runs leave after the retention time, oldest first, or when there are too many. */
  private remember(run: ServiceRun): void {
    this.finished.push(run);
    const cutoff = Date.now() - this.options.retentionMs;
    const limit = this.options.maxRemembered ?? 10_000;
    while (this.finished.length > 0) {
      const oldest = this.finished[0]!;
      const expired = (oldest.finishedAt?.getTime() ?? 0) < cutoff;
      if (!expired && this.finished.length <= limit) break;
      this.finished.shift();
      this.runs.delete(oldest.id);
    }
  }

  private log(run: ServiceRun, result: RunResult): void {
    const line = {
      runId: run.id,
      source: run.source,
      state: run.state,
      durationMs: Math.round(result.durationMs),
      costUsd: result.costUsd,
    };
    if (!result.error) return this.options.logger.info(line, 'run finished');
    const { code, message, details } = result.error;
    this.options.logger.warn(
      { ...line, error: { code, message, nodeId: details.nodeId } },
      'run finished',
    );
  }
}

function stateOf(result: RunResult): RunState {
  if (result.status === 'completed') return 'succeeded';
  return result.status;
}
