import { DebugGate } from './debug-gate.ts';
import type { RetryPolicy } from './define-node.ts';
import { CancelledError, isTransient, PipewrightError, toErrorInfo } from './errors.ts';
import type { ErrorInfo } from './errors.ts';
import type { ReuseSource, RunEvent, RunEventMap } from './events.ts';
import { runId as makeRunId } from './ids.ts';
import type { NodeId, RunId } from './ids.ts';
import { NodeRunContext } from './node-context.ts';
import type { ContextHost } from './node-context.ts';
import { fromCache, gatherInputs, nodeCacheKey, standIn } from './node-inputs.ts';
import { checkOutputs } from './port-values.ts';
import { backoffDelay, DEFAULT_RETRY, retryAfterMs, sleep } from './retry.ts';
import { planRun } from './run-plan.ts';
import type { RunPlan } from './run-plan.ts';
import type { NodeOutcome, RunHandle, RunOptions, RunResult } from './run-types.ts';
import type { CompiledNode, CompiledWorkflow } from './validate.ts';

type Outputs = Record<string, unknown>;
type Returned = Outputs | PromiseLike<Outputs>;

function isPromiseLike(value: Returned): value is PromiseLike<Outputs> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export type {
  NodeOutcome,
  NodeStatus,
  RunHandle,
  RunOptions,
  RunResult,
  RunStatus,
} from './run-types.ts';

/** Validated workflow in, events out: starts a run and returns its handle at once. */
export function startRun(options: RunOptions): RunHandle {
  const run = new Run(options);
  // A resolved promise rather than queueMicrotask, which wraps each callback in an async
  // resource of its own: the same turn, at a fraction of the cost per run.
  void Promise.resolve(run).then(startLater);
  return run;
}

function startLater(run: Run): void {
  run.start();
}

class Run implements RunHandle {
  readonly id: RunId;
  readonly done: Promise<RunResult>;

  private readonly nodes: CompiledWorkflow['nodes'];
  private readonly outcomes = new Map<NodeId, NodeOutcome>();
  private readonly waitingOn = new Map<NodeId, number>();
  private readonly ready: NodeId[] = [];
  private readonly controller = new AbortController();
  /**
   * Whether the controller was aborted, kept apart from its signal: Node creates the signal on
   * first read, at a few microseconds each, and a run whose nodes never look at it needs none.
   */
  private aborted = false;
  private readonly gate: DebugGate;
  private readonly plan: RunPlan;
  private readonly limit: number;
  private readonly running = new Set<Promise<void>>();
  private readonly runOutputs: Record<string, unknown> = {};
  private readonly startedAt = performance.now();
  private seq = 0;
  private costUsd = 0;
  private ended = false;
  /** Set while `pump` loops, so that a node finishing inside it does not start a second loop. */
  private pumping = false;
  /** Set once the run's last event is out; a straggling node's progress or logs go nowhere. */
  private closed = false;
  private failure?: ErrorInfo;
  private finish!: (result: RunResult) => void;
  private readonly contextHost: ContextHost;
  /** Whether anyone listens: without a listener, the busiest events are not even built. */
  private readonly listening: boolean;

  constructor(private readonly options: RunOptions) {
    this.id = options.runId ?? makeRunId();
    this.nodes = options.workflow.nodes;
    this.gate = new DebugGate(new Set(options.breakpoints ?? []));
    this.plan = planRun(options.workflow, options);
    // NaN would compare false with everything and leave every node waiting; it means the default.
    this.limit = Math.max(1, Math.floor(options.concurrency ?? 4) || 4);
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.listening = options.onEvent !== undefined;
    this.contextHost = {
      runId: this.id,
      artifacts: options.artifacts,
      runInputs: options.inputs ?? {},
      trigger: options.trigger,
      env: options.env ?? {},
      credentials: options.credentials,
      emit: (type, payload) => this.emit(type, payload),
    };
  }

  start(): void {
    const inputs = this.options.inputs ?? {};
    if (this.listening) {
      this.emit('run.started', { workflowId: this.options.workflow.document.id, inputs });
    }

    for (const id of this.options.workflow.order) {
      this.outcomes.set(id, { status: 'pending', attempts: 0, durationMs: 0, costUsd: 0 });
      if (!this.plan.inScope.has(id)) continue;
      let count = 0;
      for (const up of this.nodes.get(id)!.upstream) if (this.plan.inScope.has(up)) count += 1;
      this.waitingOn.set(id, count);
      if (count === 0) this.ready.push(id);
    }
    for (const id of this.options.workflow.order) {
      if (!this.plan.inScope.has(id)) this.skip(id, `the run stops at "${this.options.stopAt}"`);
    }
    this.pump();
  }

  cancel(): void {
    if (this.ended || this.aborted) return;
    this.abort(new CancelledError());
    this.ready.length = 0;
    void this.settleCancelled();
  }

  resume(): void {
    this.gate.resume();
  }

  step(): void {
    this.gate.step();
  }

  paused(): string[] {
    return this.gate.heldNodes();
  }

  /**
   * Starts every ready node the concurrency limit allows. A node that answers at once (its run
   * returned outputs, not a promise) is finished on the spot and releases what follows it in
   * the same loop: a pipeline of small nodes runs without a turn of the event loop per node,
   * and a long chain without recursion.
   */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    while (this.running.size < this.limit && this.ready.length > 0 && !this.stopping) {
      const id = this.ready.shift()!;
      const pending = this.execute(this.nodes.get(id)!);
      if (!pending) {
        this.release(id);
        continue;
      }
      const task = pending.finally(() => {
        this.running.delete(task);
        this.release(id);
        this.pump();
      });
      this.running.add(task);
    }
    this.pumping = false;
    if (this.running.size === 0 && (this.ready.length === 0 || this.stopping)) this.end();
  }

  private get stopping(): boolean {
    return this.aborted;
  }

  private abort(reason: Error): void {
    this.aborted = true;
    this.controller.abort(reason);
  }

  /** A node has ended: whatever waited only on it is ready now. */
  private release(id: NodeId): void {
    for (const next of this.nodes.get(id)!.downstream) {
      if (!this.plan.inScope.has(next)) continue;
      const count = this.waitingOn.get(next)! - 1;
      this.waitingOn.set(next, count);
      if (count === 0) this.ready.push(next);
    }
  }

  /** Runs one node; a promise only when it could not finish at once. */
  private execute(node: CompiledNode): Promise<void> | undefined {
    const reused = standIn(node, this.options.seed, this.plan.forced.has(node.id));
    if (reused) {
      this.completeFrom(node, {}, reused.outputs, reused.source);
      return undefined;
    }

    const gathered = gatherInputs(node, this.outcomes);
    if ('skipped' in gathered) {
      this.skip(node.id, gathered.skipped);
      return undefined;
    }

    const hold = this.gate.shouldHold(node.id);
    const cached = node.cacheable && !!this.options.cache;
    if (!hold && !cached) return this.attemptNow(node, gathered.inputs);
    return this.executeLater(node, gathered.inputs, hold);
  }

  /** The way through a breakpoint and the cache, which both make the node wait. */
  private async executeLater(
    node: CompiledNode,
    inputs: Record<string, unknown>,
    hold: boolean,
  ): Promise<void> {
    if (hold) {
      this.emit('node.paused', { nodeId: node.id, inputs });
      try {
        await this.gate.hold(node.id, this.controller.signal);
      } catch {
        return;
      }
      this.emit('node.resumed', { nodeId: node.id });
    }

    const { cache, artifacts } = this.options;
    const key =
      cache && node.cacheable ? nodeCacheKey(node, inputs, this.options.inputs) : undefined;
    if (cache && key && !this.plan.forced.has(node.id)) {
      const reused = await fromCache(cache, key, artifacts);
      if (reused) return this.completeFrom(node, inputs, reused.outputs, reused.source);
    }
    await this.attempt(node, inputs, key);
  }

  /**
   * The first attempt, called in the scheduler's own turn. Outputs returned at once complete
   * the node here; a promise, an error or invalid outputs go on in `attempt`, which waits,
   * retries and fails as for any node.
   */
  private attemptNow(
    node: CompiledNode,
    inputs: Record<string, unknown>,
  ): Promise<void> | undefined {
    const began = performance.now();
    const context = this.openAttempt(node, inputs, 1);
    let returned: Returned;
    try {
      returned = node.definition.run(inputs, node.settings as never, context);
      if (!isPromiseLike(returned)) checkOutputs(node, returned);
    } catch (error) {
      returned = Promise.reject(error);
    }
    if (isPromiseLike(returned))
      return this.attempt(node, inputs, undefined, { began, context, returned });

    const costUsd = context.costUsd;
    const durationMs = performance.now() - began;
    this.completeRun(node, inputs, returned, { attempt: 1, durationMs, costUsd });
    return undefined;
  }

  /** Marks the node running and makes the context of one attempt. */
  private openAttempt(node: CompiledNode, inputs: Record<string, unknown>, attempt: number) {
    const outcome = this.outcomes.get(node.id)!;
    outcome.status = 'running';
    outcome.attempts = attempt;
    if (this.listening) this.emit('node.started', { nodeId: node.id, attempt, inputs });
    return new NodeRunContext(this.contextHost, node, this.controller);
  }

  private async attempt(
    node: CompiledNode,
    inputs: Record<string, unknown>,
    key?: string,
    first?: { began: number; context: NodeRunContext; returned: PromiseLike<Outputs> },
  ) {
    const policy: RetryPolicy = {
      ...DEFAULT_RETRY,
      ...node.definition.retry,
      ...node.source.retry,
    };
    const began = first?.began ?? performance.now();
    let attempt = 0;
    let costUsd = 0;

    while (true) {
      attempt += 1;
      const context =
        attempt === 1 && first ? first.context : this.openAttempt(node, inputs, attempt);
      try {
        const outputs = await (attempt === 1 && first
          ? first.returned
          : node.definition.run(inputs, node.settings as never, context));
        // A node that ignored the abort outlived its cancelled run; the run has already reported.
        if (this.ended) return;
        costUsd += context.costUsd;
        checkOutputs(node, outputs);
        const durationMs = performance.now() - began;
        if (key)
          await this.options.cache!.set(
            key,
            { outputs, costUsd, durationMs },
            { nodeType: node.definition.type },
          );
        return this.completeRun(node, inputs, outputs, { attempt, durationMs, costUsd, key });
      } catch (error) {
        if (this.ended) return;
        costUsd += context.costUsd;
        if (this.stopping) return this.markStopped(node, attempt, began, costUsd);
        const info = toErrorInfo(error, { nodeId: node.id });
        if (attempt >= policy.attempts || !isTransient(error)) {
          return this.fail(node, info, attempt, performance.now() - began, costUsd);
        }
        const delayMs = backoffDelay(policy, attempt, retryAfterMs(error));
        this.emit('node.retrying', { nodeId: node.id, attempt, delayMs, error: info });
        try {
          await sleep(delayMs, this.controller.signal);
        } catch {
          return this.markStopped(node, attempt, began, costUsd);
        }
      }
    }
  }

  private completeRun(
    node: CompiledNode,
    inputs: Record<string, unknown>,
    outputs: Record<string, unknown>,
    about: { attempt: number; durationMs: number; costUsd: number; key?: string },
  ) {
    this.costUsd += about.costUsd;
    this.outcomes.set(node.id, {
      status: 'completed',
      outputs,
      attempts: about.attempt,
      durationMs: about.durationMs,
      costUsd: about.costUsd,
    });
    this.collect(node, inputs);
    if (!this.listening) return;
    this.emit('node.completed', {
      nodeId: node.id,
      outputs,
      durationMs: about.durationMs,
      attempts: about.attempt,
      costUsd: about.costUsd,
      cacheKey: about.key,
    });
  }

  private completeFrom(
    node: CompiledNode,
    inputs: Record<string, unknown>,
    outputs: Record<string, unknown>,
    source: ReuseSource,
  ) {
    this.outcomes.set(node.id, {
      status: 'cached',
      outputs,
      source,
      attempts: 0,
      durationMs: 0,
      costUsd: 0,
    });
    this.collect(node, inputs);
    this.emit('node.cached', { nodeId: node.id, inputs, outputs, source });
  }

  /** Output nodes hand their inputs to the run's result, field by field. */
  private collect(node: CompiledNode, inputs: Record<string, unknown>) {
    if (node.definition.role === 'output') Object.assign(this.runOutputs, inputs);
  }

  private skip(id: NodeId, reason: string) {
    this.outcomes.set(id, { status: 'skipped', attempts: 0, durationMs: 0, costUsd: 0 });
    this.emit('node.skipped', { nodeId: id, reason });
  }

  private fail(
    node: CompiledNode,
    error: ErrorInfo,
    attempts: number,
    durationMs: number,
    costUsd: number,
  ) {
    this.costUsd += costUsd;
    this.outcomes.set(node.id, { status: 'failed', attempts, durationMs, costUsd, error });
    this.emit('node.failed', { nodeId: node.id, error, attempts, durationMs });
    if (this.failure) return;

    this.failure = error;
    this.ready.length = 0;
    this.abort(new PipewrightError('RUN_STOPPED', `Node "${node.id}" failed.`));
  }

  private markStopped(node: CompiledNode, attempts: number, began: number, costUsd: number) {
    this.costUsd += costUsd;
    const error = toErrorInfo(
      this.failure
        ? new PipewrightError('RUN_STOPPED', 'Stopped because another node failed.')
        : new CancelledError(),
    );
    this.outcomes.set(node.id, {
      status: 'failed',
      attempts,
      durationMs: performance.now() - began,
      costUsd,
      error,
    });
  }

  /** A cancelled run reports as soon as its nodes stop, or after the grace period if one will not. */
  private async settleCancelled() {
    const grace = this.options.cancelGraceMs ?? 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, grace)));
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    // One object by hand: Object.fromEntries over a Map takes the slow, generic iterator path.
    const nodes: Record<string, NodeOutcome> = {};
    for (const [id, outcome] of this.outcomes) {
      if (outcome.status === 'running') {
        this.markStopped(this.nodes.get(id)!, outcome.attempts, this.startedAt, outcome.costUsd);
      }
      nodes[id] = this.outcomes.get(id)!;
    }

    const durationMs = performance.now() - this.startedAt;
    const result: RunResult = {
      runId: this.id,
      status: 'completed',
      outputs: this.runOutputs,
      durationMs,
      costUsd: this.costUsd,
      nodes,
    };
    if (this.failure) {
      result.status = 'failed';
      result.error = this.failure;
      this.emit('run.failed', { error: this.failure, durationMs, costUsd: this.costUsd });
    } else if (this.aborted) {
      result.status = 'cancelled';
      this.emit('run.cancelled', { durationMs, costUsd: this.costUsd });
    } else {
      this.emit('run.completed', { outputs: this.runOutputs, durationMs, costUsd: this.costUsd });
    }
    this.finish(result);
  }

  private emit<K extends keyof RunEventMap>(type: K, payload: RunEventMap[K]): void {
    const listener = this.options.onEvent;
    if (!listener || this.closed) return;
    if (type === 'run.completed' || type === 'run.failed' || type === 'run.cancelled') {
      this.closed = true;
    }
    listener({ type, runId: this.id, seq: this.seq++, at: Date.now(), ...payload } as RunEvent);
  }
}
