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

/**
 * What the registry keeps of a finished run: what its status answer reports, in as few objects
 * as possible. A busy service remembers thousands of these for the retention time, and every
 * object kept alive is one the garbage collector copies and marks again and again; the live
 * ServiceRun (three Dates, a promise, every node's outcome) would cost several times more.
 */
interface FinishedRun {
  id: RunId;
  source: ServiceRun['source'];
  state: RunState;
  createdAt: number;
  startedAt: number | undefined;
  finishedAt: number;
  status: RunResult['status'];
  outputs: Record<string, unknown>;
  error: RunResult['error'];
  durationMs: number;
  costUsd: number;
}

interface Pending {
  run: ServiceRun;
  inputs: Record<string, unknown>;
  trigger: unknown;
  settle(result: RunResult): void;
}

/**
 * The runs of one service: it starts them up to a limit, queues the rest up to another, keeps
 * finished ones for a while so that clients can poll them (a synchronous answer names its
 * run's status URL too), and drains on shutdown. Synchronous and asynchronous requests share
 * it, so the limits and the drain hold for both.
 */
export class RunRegistry {
  /** Runs queued or running. */
  private readonly active = new Map<string, ServiceRun>();
  private readonly handles = new Map<string, RunHandle>();
  private readonly queue: Pending[] = [];
  /** Finished runs by id, and in the order they finished from `oldest` on. */
  private readonly finished = new Map<string, FinishedRun>();
  private readonly finishOrder: FinishedRun[] = [];
  private oldest = 0;
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
    this.active.set(run.id, run);
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

  /**
   * A run in flight, or a finished one as remembered: its outputs or error, not each node's
   * outcome (`result.nodes` is empty), and `done` already settled.
   */
  get(id: string): ServiceRun | undefined {
    const live = this.active.get(id);
    if (live) return live;
    const kept = this.finished.get(id);
    return kept ? finishedView(kept) : undefined;
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
    const everything = () => Promise.all([...this.active.values()].map((run) => run.done));

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
    this.active.delete(run.id);
    this.remember(run, result);
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
  private remember(run: ServiceRun, result: RunResult): void {
    const finishedAt = run.finishedAt!.getTime();
    const kept: FinishedRun = {
      id: run.id,
      source: run.source,
      state: run.state,
      createdAt: run.createdAt.getTime(),
      startedAt: run.startedAt?.getTime(),
      finishedAt,
      status: result.status,
      outputs: result.outputs,
      error: result.error,
      durationMs: result.durationMs,
      costUsd: result.costUsd,
    };
    this.finished.set(run.id, kept);
    this.finishOrder.push(kept);

    // A queue with a moving head: iterating a Map from its start after many deletions walks
    // every deleted slot again, and shifting a long array moves all of it.
    const cutoff = finishedAt - this.options.retentionMs;
    const limit = this.options.maxRemembered ?? 10_000;
    while (this.oldest < this.finishOrder.length) {
      const oldest = this.finishOrder[this.oldest]!;
      if (oldest.finishedAt >= cutoff && this.finished.size <= limit) break;
      this.finished.delete(oldest.id);
      this.oldest += 1;
    }
    if (this.oldest > 1024 && this.oldest * 2 > this.finishOrder.length) {
      this.finishOrder.splice(0, this.oldest);
      this.oldest = 0;
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

function finishedView(kept: FinishedRun): ServiceRun {
  const result: RunResult = {
    runId: kept.id,
    status: kept.status,
    outputs: kept.outputs,
    durationMs: kept.durationMs,
    costUsd: kept.costUsd,
    nodes: {},
  };
  if (kept.error) result.error = kept.error;
  const view: ServiceRun = {
    id: kept.id,
    source: kept.source,
    state: kept.state,
    createdAt: new Date(kept.createdAt),
    finishedAt: new Date(kept.finishedAt),
    result,
    done: Promise.resolve(result),
  };
  if (kept.startedAt !== undefined) view.startedAt = new Date(kept.startedAt);
  return view;
}

function stateOf(result: RunResult): RunState {
  if (result.status === 'completed') return 'succeeded';
  return result.status;
}
