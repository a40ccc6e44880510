import type { LogLevel } from './define-node.ts';
import type { ErrorInfo } from './errors.ts';

/** Where a node's outputs came from when it did not run. */
export type ReuseSource = 'cache' | 'pin' | 'history';

/**
 * Every step of a run, in the order it happened. The studio streams these, the store records
 * them, and the CLI draws its lines from them; the engine itself prints nothing.
 */
export interface RunEventMap {
  /** The run began, with the inputs it was started with. */
  'run.started': { workflowId: string; inputs: Record<string, unknown> };
  /** A node began an attempt (the first, or a retry). */
  'node.started': { nodeId: string; attempt: number; inputs: Record<string, unknown> };
  /** A node reported how far along it is, from 0 to 1. */
  'node.progress': { nodeId: string; fraction: number; message?: string };
  /** A piece of an output arrived before the node finished (streamed text). */
  'node.partial': { nodeId: string; port: string; delta: string };
  /** A node, or the run itself when nodeId is absent, wrote a log line. */
  'node.log': { nodeId?: string; level: LogLevel; message: string; data?: Record<string, unknown> };
  /** An attempt failed with a transient fault; another follows after the delay. */
  'node.retrying': { nodeId: string; attempt: number; delayMs: number; error: ErrorInfo };
  /** The run is held before a node (a breakpoint or a step); its inputs are ready to inspect. */
  'node.paused': { nodeId: string; inputs: Record<string, unknown> };
  /** A paused node was let go. */
  'node.resumed': { nodeId: string };
  /** A node ran and produced its outputs. */
  'node.completed': {
    nodeId: string;
    outputs: Record<string, unknown>;
    durationMs: number;
    attempts: number;
    costUsd: number;
    cacheKey?: string;
  };
  /** A node's outputs were taken from the cache, a pin, or a past run instead of running it. */
  'node.cached': {
    nodeId: string;
    /** What the node would have received, so that history shows a reused node's inputs too. */
    inputs?: Record<string, unknown>;
    outputs: Record<string, unknown>;
    source: ReuseSource;
  };
  /** A node failed for good (after its retries, or at once for a user error). */
  'node.failed': { nodeId: string; error: ErrorInfo; attempts: number; durationMs: number };
  /** A node did not run: an untaken branch, a run stopped earlier, or nothing it needs arrived. */
  'node.skipped': { nodeId: string; reason: string };
  /** The run finished; outputs are the Output nodes' values by field name. */
  'run.completed': { outputs: Record<string, unknown>; durationMs: number; costUsd: number };
  /** The run stopped at a failure. */
  'run.failed': { error: ErrorInfo; durationMs: number; costUsd: number };
  /** The run was cancelled. */
  'run.cancelled': { durationMs: number; costUsd: number };
}

export type RunEventType = keyof RunEventMap;

export type RunEvent = {
  [K in RunEventType]: { type: K; runId: string; seq: number; at: number } & RunEventMap[K];
}[RunEventType];

export type RunEventOf<K extends RunEventType> = Extract<RunEvent, { type: K }>;

export function isRunEnd(event: RunEvent): boolean {
  return (
    event.type === 'run.completed' || event.type === 'run.failed' || event.type === 'run.cancelled'
  );
}
