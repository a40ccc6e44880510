import type { ArtifactStore } from './artifacts.ts';
import type { CacheStore } from './cache.ts';
import type { ErrorInfo } from './errors.ts';
import type { ReuseSource, RunEvent } from './events.ts';
import type { RunId } from './ids.ts';
import type { CredentialResolver } from './node-context.ts';
import type { CompiledWorkflow } from './validate.ts';

/* What a run is started with and what it answers: the scheduler's contract with its hosts. */

export interface RunOptions {
  workflow: CompiledWorkflow;
  artifacts: ArtifactStore;
  /** Values for the Input node's fields. */
  inputs?: Record<string, unknown>;
  /** What a trigger node receives from its host (a Telegram update from a webhook). */
  trigger?: unknown;
  /** Null turns caching off for this run. */
  cache?: CacheStore | null;
  credentials?: CredentialResolver;
  /** What nodes may read of the environment: API keys, base URLs, tool paths. */
  env?: Record<string, string | undefined>;
  onEvent?: (event: RunEvent) => void;
  /** How many nodes may run at once; independent branches overlap up to this. */
  concurrency?: number;
  runId?: RunId;
  /** Re-run this node and everything after it, ignoring their cached results. */
  startFrom?: string;
  /** Run only this node and what it needs. */
  stopAt?: string;
  /** Outputs from a past run that stand in for nodes, by node id. */
  seed?: ReadonlyMap<string, Record<string, unknown>>;
  /** Pause before these nodes until `resume` or `step`. */
  breakpoints?: Iterable<string>;
  /** How long a cancelled run waits for nodes to stop before it reports itself cancelled. */
  cancelGraceMs?: number;
}

export type NodeStatus = 'pending' | 'running' | 'completed' | 'cached' | 'failed' | 'skipped';

export interface NodeOutcome {
  status: NodeStatus;
  outputs?: Record<string, unknown>;
  source?: ReuseSource;
  attempts: number;
  durationMs: number;
  costUsd: number;
  error?: ErrorInfo;
}

export type RunStatus = 'completed' | 'failed' | 'cancelled';

export interface RunResult {
  runId: RunId;
  status: RunStatus;
  outputs: Record<string, unknown>;
  error?: ErrorInfo;
  durationMs: number;
  costUsd: number;
  nodes: Record<string, NodeOutcome>;
}

export interface RunHandle {
  readonly id: RunId;
  readonly done: Promise<RunResult>;
  cancel(): void;
  /** Lets every paused node go on. */
  resume(): void;
  /** Lets paused nodes go on and pauses before the next node that starts. */
  step(): void;
  /** The nodes held at a breakpoint now. */
  paused(): string[];
}
