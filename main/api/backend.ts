import type { ArtifactStore } from '../../engine/artifacts.ts';
import type { CacheStore } from '../../engine/cache.ts';
import type { ResolvedCredential } from '../../engine/define-node.ts';
import type { RunEvent } from '../../engine/events.ts';
import type { CompiledWorkflow } from '../../engine/validate.ts';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import type {
  CredentialSummary,
  PutCredentialRequest,
  RunDetail,
  RunHistoryQuery,
  RunSummary,
  WorkflowSummary,
  WorkflowVersion,
  WorkflowVersionSummary,
} from './types.ts';

type Awaitable<T> = T | Promise<T>;

/**
 * What the studio API needs of persistence, and no more. The SQLite store implements it in
 * production (see store-backend.ts); tests hand in a small in-memory one. Keeping the seam this
 * narrow lets the HTTP layer be tested without a database.
 */
export interface StudioBackend {
  workflows: WorkflowBackend;
  runs: RunHistoryBackend;
  credentials: CredentialBackend;
  artifacts: ArtifactStore;
  /** Null runs everything afresh. */
  cache: CacheStore | null;
  /** The folder that holds the data, shown to the user. */
  dataFolder: string;
  close?(): Awaitable<void>;
}

export interface SavedWorkflow {
  summary: WorkflowSummary;
  document: WorkflowDocument;
}

export interface WorkflowBackend {
  list(): Awaitable<WorkflowSummary[]>;
  get(id: string): Awaitable<SavedWorkflow | undefined>;
  /** Saves a new revision; an unchanged document may return the newest revision as it is. */
  save(document: WorkflowDocument, message?: string): Awaitable<SavedWorkflow>;
  /** False when there was no such workflow. */
  remove(id: string): Awaitable<boolean>;
  versions(id: string): Awaitable<WorkflowVersionSummary[] | undefined>;
  version(id: string, revision: number): Awaitable<WorkflowVersion | undefined>;
}

/** Where finished and running runs are remembered, event by event. */
export interface RunHistoryBackend {
  /**
   * A recording of one run about to start; it is handed every event of the run in order, the
   * first being run.started. `env` is what the run may read, so that secrets in it are kept out
   * of the record.
   */
  recorder(workflow: CompiledWorkflow, env: Record<string, string | undefined>): RunRecording;
  list(query: RunHistoryQuery): Awaitable<RunSummary[]>;
  get(runId: string): Awaitable<RunDetail | undefined>;
  /** The recorded events of a past run, in order; undefined when the run is unknown. */
  events(runId: string): Awaitable<RunEvent[] | undefined>;
}

export interface RunRecording {
  record(event: RunEvent): Awaitable<void>;
}

/** Secrets go in and are used by runs; they never come back out through the API. */
export interface CredentialBackend {
  list(): Awaitable<CredentialSummary[]>;
  put(name: string, credential: PutCredentialRequest): Awaitable<CredentialSummary>;
  remove(name: string): Awaitable<boolean>;
  /** For runs only: the secret a node asked for by name. */
  resolve(name: string): Promise<ResolvedCredential | undefined>;
}
