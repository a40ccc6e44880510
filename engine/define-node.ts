import { z } from 'zod';
import type { ArtifactStore } from './artifacts.ts';
import type { NodeId, RunId } from './ids.ts';
import type { PortType } from './port-types.ts';

export type JsonSchema = Record<string, unknown>;

export interface PortSpec {
  type: PortType;
  title?: string;
  description?: string;
  /** Inputs only: the node runs without a value here. Inputs are required by default. */
  optional?: boolean;
  /** json ports: the JSON Schema of the value, carried into the exported contract. */
  schema?: JsonSchema;
}

export type Ports = Record<string, PortSpec>;

/** A secret a node needs, named by the workflow and looked up by the host at run time. */
export interface CredentialSpec {
  /** The key under which a workflow node names the credential it uses, e.g. `openai`. */
  id: string;
  title: string;
  /** Where the CLI and exported services find the secret when no stored credential is named. */
  env: string;
  /** An environment variable that points the node at another address (a local server). */
  baseUrlEnv?: string;
}

export interface ResolvedCredential {
  secret: string;
  baseUrl?: string;
}

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export type NodeCategory =
  'trigger' | 'input-output' | 'ai' | 'media' | 'messaging' | 'logic' | 'data' | 'network';

/** What a node is to the pipeline as a whole: how runs enter and leave it. */
export type NodeRole = 'input' | 'output' | 'telegram-trigger';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface NodeLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface CostEntry {
  /** US dollars. */
  usd: number;
  /** What was counted, e.g. `tokens` or `characters`. */
  unit: string;
  quantity: number;
  note?: string;
}

export interface CostMeter {
  add(entry: CostEntry): void;
}

/** Everything a node's run function may use besides its inputs and settings. */
export interface NodeContext {
  readonly runId: RunId;
  readonly nodeId: NodeId;
  /** Aborted when the run is cancelled; hand it to every SDK call and child process. */
  readonly signal: AbortSignal;
  readonly log: NodeLogger;
  /** Reports how far the node is, from 0 to 1, for the progress bar. */
  progress(fraction: number, message?: string): void;
  /** Sends partial text of an output as it arrives (streamed LLM tokens). */
  stream(port: string, delta: string): void;
  /** Resolves the secret for one of the node's declared credentials, or fails naming it. */
  credential(id: string): Promise<ResolvedCredential>;
  readonly artifacts: ArtifactStore;
  readonly cost: CostMeter;
  /** The values the run was started with; Input nodes read their fields from here. */
  readonly runInputs: Readonly<Record<string, unknown>>;
  /** What a host hands a trigger node, such as a Telegram update received by a webhook. */
  readonly trigger: unknown;
  /** The environment the host allows nodes to read (base URLs, tool paths). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

type PortsOf<S> = Ports | ((settings: S) => Ports);

export interface NodeDefinition<S = unknown> {
  /** A dotted id, unique in the catalogue, that workflow files refer to: `llm.script`. */
  type: string;
  /** Bumped whenever the node's behaviour changes, so that cached results are not reused. */
  version: number;
  title: string;
  category: NodeCategory;
  description: string;
  role?: NodeRole;
  settings: z.ZodType<S>;
  inputs: PortsOf<S>;
  outputs: PortsOf<S>;
  credentials?: CredentialSpec[];
  retry?: Partial<RetryPolicy>;
  /** Whether results may come from the cache. Nodes with effects in the world say no. */
  cache?: boolean | ((settings: S) => boolean);
  /**
   * Produces the node's outputs. A node that has them at once may return them directly rather
   * than a promise: the scheduler then goes on in the same turn.
   */
  run(
    inputs: Record<string, unknown>,
    settings: S,
    context: NodeContext,
  ): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/**
 * Declares a node kind: metadata and ports as data, behaviour in one function (usually async).
 *
 *     export const upper = defineNode({
 *       type: 'text.upper', version: 1, title: 'Upper case', category: 'data',
 *       description: 'Upper-cases text.', settings: z.object({}),
 *       inputs: { text: { type: 'text' } }, outputs: { text: { type: 'text' } },
 *       run: async ({ text }) => ({ text: String(text).toUpperCase() }),
 *     });
 */
export function defineNode<S>(definition: NodeDefinition<S>): NodeDefinition<S> {
  return definition;
}

/** A definition with its settings type forgotten, as registries and the scheduler hold them. */
export type AnyNodeDefinition = NodeDefinition<never>;

export function portsFor(ports: PortsOf<never>, settings: unknown): Ports {
  return typeof ports === 'function' ? (ports as (s: unknown) => Ports)(settings) : ports;
}

export function isCacheable(definition: AnyNodeDefinition, settings: unknown): boolean {
  const { cache } = definition;
  if (cache === undefined) return true;
  return typeof cache === 'function' ? (cache as (s: unknown) => boolean)(settings) : cache;
}

/** The settings schema as JSON Schema: it drives the studio's form and the contract. */
export function settingsJsonSchema(definition: AnyNodeDefinition): JsonSchema {
  return z.toJSONSchema(definition.settings as z.ZodType, { io: 'input', unrepresentable: 'any' });
}
