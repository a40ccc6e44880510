import { runId as makeRunId } from '../../engine/ids.ts';
import type { NodeRegistry } from '../../engine/registry.ts';
import { startRun } from '../../engine/run.ts';
import type { RunEvent } from '../../engine/events.ts';
import { validateWorkflow } from '../../engine/validate.ts';
import type { CompiledWorkflow } from '../../engine/validate.ts';
import type { StudioBackend } from './backend.ts';
import { HttpError, notFound } from './http-errors.ts';
import { LiveRun } from './live-run.ts';
import type { RunDetail, RunHistoryQuery, RunSummary, StartRunRequest } from './types.ts';

export interface RunManagerOptions {
  registry: NodeRegistry;
  backend: StudioBackend;
  /** What nodes may read of the environment: API keys, base URLs, tool paths. */
  env: Record<string, string | undefined>;
  concurrency?: number;
  /** How many ended runs stay in memory for replay before only the store answers for them. */
  keepEnded?: number;
  /** How long a run paused at a breakpoint may go without a page following it; 60 s. */
  unwatchedPauseMs?: number;
  log?: StudioLog;
}

/** The slice of a pino logger the studio writes to. */
export interface StudioLog {
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

export type RunAction = 'cancel' | 'resume' | 'step';

/**
 * Starts runs for the studio and keeps each one's events: it fans them out to event-stream
 * subscribers (replaying the past to late ones) and hands them, in order, to the run history.
 */
export class RunManager {
  private readonly runs = new Map<string, LiveRun>();
  private readonly keepEnded: number;

  constructor(private readonly options: RunManagerOptions) {
    this.keepEnded = options.keepEnded ?? 20;
  }

  start(request: StartRunRequest): RunSummary {
    const workflow = this.compile(request);
    const id = makeRunId();
    const live = new LiveRun(id, workflow.document, {
      afterMs: this.options.unwatchedPauseMs ?? 60_000,
      onCancel: (run) =>
        this.options.log?.info(
          { runId: run.id, workflowId: run.document.id },
          'cancelled a run left paused at a breakpoint with no page following it',
        ),
    });
    const recorder = this.recorder(live, workflow);
    const breakpoints = new Set(request.breakpoints ?? []);
    for (const node of workflow.document.nodes) if (node.breakpoint) breakpoints.add(node.id);

    const handle = startRun({
      workflow,
      runId: id,
      artifacts: this.options.backend.artifacts,
      inputs: request.inputs ?? {},
      cache: request.useCache === false ? null : this.options.backend.cache,
      credentials: (name) => this.options.backend.credentials.resolve(name),
      env: this.options.env,
      concurrency: this.options.concurrency,
      startFrom: request.startFrom,
      stopAt: request.stopAt,
      breakpoints,
      onEvent: (event) => {
        live.push(event);
        recorder(event);
      },
    });
    live.attach(handle);
    this.runs.set(id, live);
    void handle.done.then(() => this.forgetOldRuns());
    return live.summary();
  }

  live(runId: string): LiveRun | undefined {
    return this.runs.get(runId);
  }

  control(runId: string, action: RunAction): RunSummary {
    const live = this.runs.get(runId);
    if (!live) throw notFound(`The live run "${runId}"`, `/api/runs/${runId}/${action}`);
    if (live.ended) {
      throw new HttpError(
        409,
        'RUN_ENDED',
        `Run "${runId}" has already ended; it cannot ${action}.`,
        {
          path: `/api/runs/${runId}/${action}`,
        },
      );
    }
    live[action]();
    return live.summary();
  }

  async detail(runId: string): Promise<RunDetail | undefined> {
    const live = this.runs.get(runId);
    if (live) return live.detail();
    return this.options.backend.runs.get(runId);
  }

  async events(runId: string): Promise<RunEvent[] | undefined> {
    return this.options.backend.runs.events(runId);
  }

  /** Past runs from the store, with the live ones' current state laid over them. */
  async list(query: RunHistoryQuery): Promise<RunSummary[]> {
    const stored = await this.options.backend.runs.list(query);
    const byId = new Map(stored.map((summary) => [summary.runId, summary]));
    for (const live of this.runs.values()) {
      if (query.workflowId && live.document.id !== query.workflowId) continue;
      byId.set(live.id, live.summary());
    }
    const all = [...byId.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return query.limit ? all.slice(0, query.limit) : all;
  }

  /** Cancels every run still going and waits until each has reported its end. */
  async shutdown(): Promise<void> {
    const going = [...this.runs.values()].filter((live) => !live.ended);
    const ends = going.map(
      (live) =>
        new Promise<void>((resolve) => {
          live.subscribe((event) => {
            if (event.type.startsWith('run.') && event.type !== 'run.started') resolve();
          });
          live.cancel();
        }),
    );
    await Promise.all(ends);
  }

  private compile(request: StartRunRequest): CompiledWorkflow {
    const checked = validateWorkflow(request.document, this.options.registry);
    if (!checked.ok) {
      const count = checked.problems.length;
      throw new HttpError(
        422,
        'INVALID_WORKFLOW',
        `The workflow cannot run: ${count} problem${count === 1 ? '' : 's'} to fix first.`,
        { path: 'body.document' },
        checked.problems,
      );
    }

    const known = checked.workflow.nodes;
    const check = (id: string | undefined, field: string) => {
      if (id === undefined || known.has(id as never)) return;
      throw new HttpError(
        400,
        'UNKNOWN_NODE',
        `body.${field} names the node "${id}", which the workflow does not have.`,
        {
          path: `body.${field}`,
          field,
          nodeId: id,
        },
      );
    };
    check(request.startFrom, 'startFrom');
    check(request.stopAt, 'stopAt');
    (request.breakpoints ?? []).forEach((id, index) => check(id, `breakpoints.${index}`));
    return checked.workflow;
  }

  /**
   * Hands events to the history one after another, never two writes at once. When a write fails
   * the run goes on (the live stream still has every event) and the history stops for this run,
   * so the store does not hold a run with holes in it; the failure is logged once.
   */
  private recorder(live: LiveRun, workflow: CompiledWorkflow): (event: RunEvent) => void {
    let chain = Promise.resolve();
    let broken = false;
    const recording = this.options.backend.runs.recorder(workflow, this.options.env);
    return (event) => {
      chain = chain.then(async () => {
        if (broken) return;
        try {
          await recording.record(event);
        } catch (error) {
          broken = true;
          this.options.log?.error(
            { runId: live.id, seq: event.seq, error: String(error) },
            'run history stopped recording this run',
          );
        }
      });
    };
  }

  private forgetOldRuns(): void {
    const ended = [...this.runs.values()].filter((live) => live.ended);
    for (const live of ended.slice(0, Math.max(0, ended.length - this.keepEnded))) {
      this.runs.delete(live.id);
    }
  }
}
