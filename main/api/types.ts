/**
 * The studio API's requests and responses, declared once. The server (main/api) implements them
 * and the renderer imports them as types only (`import type`), so the two cannot drift apart.
 *
 * Conventions every route follows:
 * - Every request carries the launch token, as `Authorization: Bearer <token>` or, for media
 *   elements and EventSource which cannot set headers, as a `token` query parameter.
 * - Bodies are JSON (`Content-Type: application/json`) but for artifact uploads (raw bytes).
 * - A failed request answers with its HTTP status and an `ApiErrorBody`.
 * - Paths below use `:name` for a URL-encoded path segment.
 */
import type { ArtifactRef } from '../../engine/artifacts.ts';
import type { NodeKindInfo } from '../../engine/registry.ts';
import type { ErrorInfo } from '../../engine/errors.ts';
import type { RunEvent } from '../../engine/events.ts';
import type { Ports } from '../../engine/define-node.ts';
import type { PortType } from '../../engine/port-types.ts';
import type { NodeStatus, RunStatus } from '../../engine/run.ts';
import type { Problem } from '../../engine/validate.ts';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import type { ContractChange, VersionCheck } from '../../service/contract/diff.ts';
import type { ExportPreview } from '../../service/export/export-preview.ts';
import type { ExportReport } from '../../service/export/export-service.ts';

export type {
  ArtifactRef,
  ContractChange,
  ExportPreview,
  ExportReport,
  VersionCheck,
  ErrorInfo,
  NodeKindInfo,
  Ports,
  PortType,
  Problem,
  RunEvent,
  WorkflowDocument,
};

/** What any failed request answers; `problems` lists every fault of a rejected workflow. */
export interface ApiErrorBody {
  error: ErrorInfo;
  problems?: Problem[];
}

/** GET /api/session: confirms the token and tells the page about its host. */
export interface SessionInfo {
  app: 'pipewright';
  version: string;
  /** 'desktop' inside the Electron window, 'browser' under `pipewright studio`. */
  host: 'desktop' | 'browser';
  dataFolder: string;
}

// ---------------------------------------------------------------- workflows

export interface WorkflowSummary {
  id: string;
  name: string;
  version: string;
  description?: string;
  /** The newest saved revision, counting from 1. */
  revision: number;
  updatedAt: string;
  nodeCount: number;
}

/** A workflow as saved: the document of its newest revision and whether it validates. */
export interface WorkflowRecord {
  summary: WorkflowSummary;
  document: WorkflowDocument;
  /** Problems of the saved document; a workflow may be saved while still broken. */
  problems: Problem[];
}

/** PUT /api/workflows/:id. The document's id must equal `:id`. */
export interface SaveWorkflowRequest {
  document: WorkflowDocument;
  /** A short note kept with the version, like a commit message. */
  message?: string;
}

export interface WorkflowVersionSummary {
  revision: number;
  savedAt: string;
  version: string;
  message?: string;
}

/** GET /api/workflows/:id/versions/:revision */
export interface WorkflowVersion {
  summary: WorkflowVersionSummary;
  document: WorkflowDocument;
}

/** POST /api/workflows/import: the text of a workflow file, validated in full before saving. */
export interface ImportWorkflowRequest {
  text: string;
  /** Save under this id instead of the one in the file (to import a copy). */
  id?: string;
}

/** GET /api/samples */
export interface SampleSummary {
  id: string;
  name: string;
  description?: string;
  nodeCount: number;
}

// ---------------------------------------------------------------- catalogue and validation

/** GET /api/catalogue: the palette. */
export interface Catalogue {
  kinds: NodeKindInfo[];
  portTypes: PortType[];
  /** The colour each port type is drawn in. */
  portColours: Record<PortType, string>;
  /** For each input port type, the output types that may plug into it. */
  accepts: Record<PortType, PortType[]>;
}

/** POST /api/catalogue/ports: the ports a node kind has with these settings. */
export interface ResolvePortsRequest {
  type: string;
  settings: Record<string, unknown>;
}

/** Problems are set (and the ports those of the kind's defaults) when the settings are invalid. */
export interface ResolvePortsResponse {
  inputs: Ports;
  outputs: Ports;
  problems: Problem[];
}

/** POST /api/validate */
export interface ValidateRequest {
  document: unknown;
}

export interface ValidateResponse {
  ok: boolean;
  problems: Problem[];
}

// ---------------------------------------------------------------- runs

/**
 * POST /api/runs: runs the document as the editor holds it (saved or not). Breakpoints are the
 * union of `breakpoints` and the nodes marked `breakpoint: true` in the document.
 */
export interface StartRunRequest {
  document: WorkflowDocument;
  inputs?: Record<string, unknown>;
  breakpoints?: string[];
  /** Re-run this node and everything after it; what comes before is taken from the cache. */
  startFrom?: string;
  /** Run only this node and what it needs. */
  stopAt?: string;
  /** False runs every node afresh. Defaults to true. */
  useCache?: boolean;
}

export type RunState = 'running' | 'paused' | RunStatus | 'interrupted';

export interface RunSummary {
  runId: string;
  workflowId: string;
  workflowName: string;
  state: RunState;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  costUsd: number;
  /** Nodes held at a breakpoint now. */
  paused: string[];
  error?: ErrorInfo;
}

export interface NodeResultSummary {
  nodeId: string;
  /**
   * Besides the engine's states: `paused` at a breakpoint; in recorded runs `stopped` (another
   * node's failure ended the run under it), `cancelled`, and `interrupted` (the process died).
   */
  status: NodeStatus | 'paused' | 'stopped' | 'cancelled' | 'interrupted';
  /** Why a node was skipped. */
  reason?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** Where reused outputs came from. */
  source?: 'cache' | 'pin' | 'history';
  attempts: number;
  durationMs: number;
  costUsd: number;
  error?: ErrorInfo;
}

/** GET /api/runs/:runId */
export interface RunDetail {
  summary: RunSummary;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  nodes: NodeResultSummary[];
}

/** GET /api/runs?workflowId=&limit= : newest first. */
export interface RunHistoryQuery {
  workflowId?: string;
  limit?: number;
}

/** POST /api/runs/:runId/cancel | /resume | /step answer with the run's state after the call. */
export type RunControlResponse = RunSummary;

/**
 * GET /api/runs/:runId/events is a server-sent event stream. Each message is one `RunEvent`
 * as JSON in `data`, with `id` set to the event's `seq`. A subscriber that joins late first
 * receives every event so far; a reconnecting EventSource sends `Last-Event-ID` and receives
 * only what it missed. After the run's last event (run.completed, run.failed or
 * run.cancelled) the server ends the stream with an `end` event; close the EventSource then,
 * or it reconnects.
 */
export type RunStreamMessage = RunEvent;

// ---------------------------------------------------------------- artifacts

/**
 * GET /api/artifacts/:sha256 streams the bytes with the artifact's media type and honours
 * `Range` (206 Partial Content, 416 when unsatisfiable), so a video element can seek. Add
 * `?download=1` for `Content-Disposition: attachment`, and `?name=` to name the file.
 *
 * POST /api/artifacts takes raw bytes (for an Input field of a media type); send the medium's
 * `Content-Type` and optionally `X-File-Name`. Answers 201 with the `ArtifactRef`.
 */
export type ArtifactUploadResponse = ArtifactRef;

// ---------------------------------------------------------------- credentials

/** A saved credential as the API shows it: never the secret itself. */
export interface CredentialSummary {
  /** 1 to 64 letters, digits, spaces, `.`, `_` or `-`, starting with a letter or digit. */
  name: string;
  baseUrl?: string;
  createdAt: string;
  updatedAt: string;
}

/** PUT /api/credentials/:name creates or replaces; the secret can be written, never read. */
export interface PutCredentialRequest {
  secret: string;
  /** Points the node at another server (a local model server, a proxy). */
  baseUrl?: string;
}

// ---------------------------------------------------------------- export

/**
 * POST /api/export/preview: the contract the document (as the editor holds it) exports to,
 * readable, and judged against the last export of the same workflow id.
 */
export interface ExportPreviewRequest {
  document: WorkflowDocument;
}

export interface ExportPreviewResponse extends ExportPreview {
  /** Where Export writes unless told otherwise: `<data folder>/exports/<workflow id>`. */
  defaultOutDir: string;
}

/**
 * POST /api/export writes the service folder. A breaking change without a major version answers
 * 409 `CONTRACT_VERSION_TOO_LOW` with the verdict in `error.details.verdict`, unless
 * `allowBreaking` is set; a folder holding other files answers 400 `EXPORT_FOLDER_NOT_EMPTY`.
 */
export interface ExportRequest {
  document: WorkflowDocument;
  /** An absolute path on the studio's machine. */
  outDir: string;
  allowBreaking?: boolean;
}

export type ExportResponse = ExportReport;

/**
 * POST /api/export/try starts the document's service on 127.0.0.1 (or reuses the one already
 * serving the same document) and sends `body` to its synchronous run route. Whatever the
 * service answers, 2xx or problem+json, comes back as `TryServiceResponse` with status 200;
 * a document that cannot be served answers 400 with its problems.
 */
export interface TryServiceRequest {
  document: WorkflowDocument;
  body: unknown;
}

export interface TryServiceResponse {
  request: { method: 'POST'; url: string };
  status: number;
  contentType: string;
  body: unknown;
  durationMs: number;
  /** Where the service listens while the studio runs it, such as `http://127.0.0.1:40123`. */
  serviceUrl: string;
}

// ---------------------------------------------------------------- the route table

/**
 * Every route, its request body and its response body. A typed client can be derived from it:
 * `ApiRoutes['PUT /api/workflows/:id']['response']`. Routes with `body: undefined` take none.
 */
export interface ApiRoutes {
  'GET /api/session': { body: undefined; response: SessionInfo };

  'GET /api/workflows': { body: undefined; response: WorkflowSummary[] };
  'GET /api/workflows/:id': { body: undefined; response: WorkflowRecord };
  'PUT /api/workflows/:id': { body: SaveWorkflowRequest; response: WorkflowRecord };
  'DELETE /api/workflows/:id': { body: undefined; response: undefined };
  'GET /api/workflows/:id/versions': { body: undefined; response: WorkflowVersionSummary[] };
  'GET /api/workflows/:id/versions/:revision': { body: undefined; response: WorkflowVersion };
  'POST /api/workflows/import': { body: ImportWorkflowRequest; response: WorkflowRecord };
  /** The workflow file as a download (`Content-Disposition: attachment`), stable key order. */
  'GET /api/workflows/:id/export': { body: undefined; response: string };

  'GET /api/samples': { body: undefined; response: SampleSummary[] };
  'GET /api/samples/:id': { body: undefined; response: WorkflowDocument };

  'GET /api/catalogue': { body: undefined; response: Catalogue };
  'POST /api/catalogue/ports': { body: ResolvePortsRequest; response: ResolvePortsResponse };
  'POST /api/validate': { body: ValidateRequest; response: ValidateResponse };

  'POST /api/runs': { body: StartRunRequest; response: RunSummary };
  'GET /api/runs': { body: undefined; response: RunSummary[] };
  'GET /api/runs/:runId': { body: undefined; response: RunDetail };
  'POST /api/runs/:runId/cancel': { body: undefined; response: RunControlResponse };
  'POST /api/runs/:runId/resume': { body: undefined; response: RunControlResponse };
  'POST /api/runs/:runId/step': { body: undefined; response: RunControlResponse };

  'POST /api/artifacts': { body: Uint8Array; response: ArtifactUploadResponse };

  'GET /api/credentials': { body: undefined; response: CredentialSummary[] };
  'PUT /api/credentials/:name': { body: PutCredentialRequest; response: CredentialSummary };
  'DELETE /api/credentials/:name': { body: undefined; response: undefined };

  'POST /api/export/preview': { body: ExportPreviewRequest; response: ExportPreviewResponse };
  'POST /api/export': { body: ExportRequest; response: ExportResponse };
  'POST /api/export/try': { body: TryServiceRequest; response: TryServiceResponse };
  /** Stops the service that /api/export/try started; nothing happens when none runs. */
  'DELETE /api/export/try': { body: undefined; response: undefined };
}

export type ApiRoute = keyof ApiRoutes;

/**
 * What the Electron preload exposes as `window.pipewright`. Under `pipewright studio` it is
 * absent and the page reads the token from its address (`#token=...`) and uses its own origin.
 */
export interface DesktopBridge {
  apiBase: string;
  token: string;
  /** A native open dialog; resolves to the chosen file's name and text, or null when cancelled. */
  openFile(options?: OpenFileOptions): Promise<OpenedFile | null>;
  /** A native save dialog; resolves to the saved path, or null when cancelled. */
  saveFile(options: SaveFileOptions): Promise<string | null>;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OpenFileOptions {
  title?: string;
  filters?: FileFilter[];
}

export interface OpenedFile {
  name: string;
  path: string;
  text: string;
}

export interface SaveFileOptions {
  title?: string;
  defaultName: string;
  text: string;
  filters?: FileFilter[];
}
