import type { ArtifactStore } from './artifacts.ts';
import type {
  CostEntry,
  CostMeter,
  CredentialSpec,
  LogLevel,
  NodeContext,
  NodeLogger,
  ResolvedCredential,
} from './define-node.ts';
import { userError } from './errors.ts';
import type { RunEventMap } from './events.ts';
import type { NodeId, RunId } from './ids.ts';
import type { CompiledNode } from './validate.ts';

/** Finds a saved credential by the name a workflow gives it; undefined when none is saved. */
export type CredentialResolver = (name: string) => Promise<ResolvedCredential | undefined>;

type Emit = <K extends keyof RunEventMap>(type: K, payload: RunEventMap[K]) => void;

export interface ContextHost {
  runId: RunId;
  artifacts: ArtifactStore;
  runInputs: Record<string, unknown>;
  trigger: unknown;
  env: Record<string, string | undefined>;
  credentials?: CredentialResolver;
  emit: Emit;
}

/**
 * The context one node's run receives. A class rather than a literal of closures: runs of many
 * small nodes create one per node, and prototype methods keep that cheap. Call its methods on
 * the context (`context.progress(0.5)`), not detached.
 */
export class NodeRunContext implements NodeContext, CostMeter {
  costUsd = 0;
  private logger?: NodeLogger;

  constructor(
    private readonly host: ContextHost,
    private readonly node: CompiledNode,
    private readonly controller: AbortController,
  ) {}

  /** The run's abort signal, made on first read: most small nodes never look at it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get runId(): RunId {
    return this.host.runId;
  }

  get nodeId(): NodeId {
    return this.node.id;
  }

  get artifacts(): ArtifactStore {
    return this.host.artifacts;
  }

  get runInputs(): Readonly<Record<string, unknown>> {
    return this.host.runInputs;
  }

  get trigger(): unknown {
    return this.host.trigger;
  }

  get env(): Readonly<Record<string, string | undefined>> {
    return this.host.env;
  }

  get cost(): CostMeter {
    return this;
  }

  get log(): NodeLogger {
    this.logger ??= {
      debug: (message, data) => this.write('debug', message, data),
      info: (message, data) => this.write('info', message, data),
      warn: (message, data) => this.write('warn', message, data),
      error: (message, data) => this.write('error', message, data),
    };
    return this.logger;
  }

  add(entry: CostEntry): void {
    this.costUsd += entry.usd;
  }

  progress(fraction: number, message?: string): void {
    const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    this.host.emit('node.progress', { nodeId: this.node.id, fraction: clamped, message });
  }

  stream(port: string, delta: string): void {
    this.host.emit('node.partial', { nodeId: this.node.id, port, delta });
  }

  async credential(id: string): Promise<ResolvedCredential> {
    const spec = this.node.definition.credentials?.find((candidate) => candidate.id === id);
    if (!spec)
      throw new Error(`Node kind "${this.node.definition.type}" declares no credential "${id}".`);

    const baseUrl = spec.baseUrlEnv ? this.host.env[spec.baseUrlEnv] || undefined : undefined;
    const name = this.node.source.credentials?.[id];
    if (name) return this.saved(spec, name, baseUrl);

    const secret = this.host.env[spec.env];
    if (!secret) throw this.missing(spec);
    return baseUrl ? { secret, baseUrl } : { secret };
  }

  private async saved(spec: CredentialSpec, name: string, baseUrl: string | undefined) {
    const found = await this.host.credentials?.(name);
    if (!found) {
      throw userError(
        'CREDENTIAL_NOT_FOUND',
        `Node "${this.node.id}" (${this.node.definition.title}) uses the saved credential "${name}" for ${spec.title}, but no credential of that name is saved.`,
        { nodeId: this.node.id, field: `credentials.${spec.id}` },
      );
    }
    return found.baseUrl || !baseUrl ? found : { ...found, baseUrl };
  }

  private missing(spec: CredentialSpec) {
    return userError(
      'CREDENTIAL_MISSING',
      `Node "${this.node.id}" (${this.node.definition.title}) needs ${spec.title}: set the environment variable ${spec.env} or choose a saved credential for "${spec.id}".`,
      { nodeId: this.node.id, field: `credentials.${spec.id}`, variable: spec.env },
    );
  }

  private write(level: LogLevel, message: string, data?: Record<string, unknown>) {
    this.host.emit('node.log', { nodeId: this.node.id, level, message, data });
  }
}
