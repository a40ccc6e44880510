import { isRunEnd } from '../../engine/events.ts';
import type { RunEvent } from '../../engine/events.ts';
import type { RunHandle } from '../../engine/run.ts';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import { digestRun } from './run-digest.ts';
import type { RunDetail, RunSummary } from './types.ts';

export type RunListener = (event: RunEvent) => void;

/** What becomes of a run held at a breakpoint once nobody follows its events any more. */
export interface UnwatchedPause {
  /** How long a paused run may go unwatched before it is cancelled. */
  afterMs: number;
  /** Told just before such a run is cancelled, for the studio's log. */
  onCancel?(run: LiveRun): void;
}

/**
 * One run the studio started, while it goes and for a while after: every event so far (so a
 * late subscriber sees the whole story), the subscribers of its event stream, and the handle
 * that cancels, resumes and steps it.
 */
export class LiveRun {
  readonly events: RunEvent[] = [];
  private readonly listeners = new Set<RunListener>();
  private handle?: RunHandle;
  private readonly createdAt = new Date().toISOString();
  private unwatchedTimer?: NodeJS.Timeout;

  /**
   * `unwatched` ends a run left paused with no page following it (the page was closed or
   * reloaded without coming back to it), which would otherwise wait forever.
   */
  constructor(
    readonly id: string,
    readonly document: WorkflowDocument,
    private readonly unwatched?: UnwatchedPause,
  ) {}

  attach(handle: RunHandle): void {
    this.handle = handle;
  }

  get ended(): boolean {
    const last = this.events.at(-1);
    return last !== undefined && isRunEnd(last);
  }

  push(event: RunEvent): void {
    this.events.push(event);
    for (const listener of [...this.listeners]) listener(event);
    if (isRunEnd(event)) {
      this.listeners.clear();
      clearTimeout(this.unwatchedTimer);
    } else if (event.type === 'node.paused' && this.listeners.size === 0) {
      this.watchForAbandon();
    }
  }

  /**
   * Replays the events after `afterSeq`, then follows new ones until the run ends. Answers a
   * function that stops following; a run that already ended replays and follows nothing.
   */
  subscribe(listener: RunListener, afterSeq = -1): () => void {
    for (const event of this.events) {
      if (event.seq > afterSeq) listener(event);
    }
    if (this.ended) return () => undefined;

    this.listeners.add(listener);
    clearTimeout(this.unwatchedTimer);
    this.unwatchedTimer = undefined;
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && !this.ended) this.watchForAbandon();
    };
  }

  /** Cancels the run if, after the grace time, it is paused and still nobody follows it. */
  private watchForAbandon(): void {
    if (!this.unwatched || this.unwatchedTimer) return;
    const { afterMs, onCancel } = this.unwatched;
    this.unwatchedTimer = setTimeout(() => {
      this.unwatchedTimer = undefined;
      const paused = (this.handle?.paused().length ?? 0) > 0;
      if (this.listeners.size > 0 || this.ended || !paused) return;
      onCancel?.(this);
      this.cancel();
    }, afterMs);
    this.unwatchedTimer.unref();
  }

  cancel(): void {
    this.handle?.cancel();
  }

  resume(): void {
    this.handle?.resume();
  }

  step(): void {
    this.handle?.step();
  }

  detail(): RunDetail {
    const detail = digestRun(this.events, {
      workflowId: this.document.id,
      workflowName: this.document.name,
    });
    if (this.events.length === 0) {
      detail.summary.runId = this.id;
      detail.summary.startedAt = this.createdAt;
    }
    return detail;
  }

  summary(): RunSummary {
    return this.detail().summary;
  }
}
