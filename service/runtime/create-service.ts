import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { FolderArtifactStore, PipewrightError, validateWorkflow } from '../../engine/index.ts';
import type { CompiledWorkflow, NodeRegistry } from '../../engine/index.ts';
import { generateContract } from '../contract/generate.ts';
import type { OpenApiDocument } from '../contract/generate.ts';
import { pipelineFields } from '../contract/pipeline-fields.ts';
import { ArtifactIndex } from './artifact-index.ts';
import { registerArtifactRoute } from './artifact-route.ts';
import { bearerGuard } from './auth.ts';
import { BoundedCache } from './bounded-cache.ts';
import { compileValidators, contractSchemas, createAjv } from './contract-validators.ts';
import { installErrorHandling } from './error-handling.ts';
import { RunAnswers } from './run-answers.ts';
import { RunRegistry } from './run-registry.ts';
import { registerRunRoutes, runIdOf } from './run-routes.ts';
import { readServiceConfig } from './service-config.ts';
import type { ServiceConfig } from './service-config.ts';
import { registerServiceRoutes } from './service-routes.ts';
import { registerTelegramWebhook } from './telegram-webhook.ts';

export interface ServiceOptions {
  /** The workflow document as read from its file. */
  workflow: unknown;
  registry: NodeRegistry;
  env: Record<string, string | undefined>;
  /** Overrides DATA_DIR (`pipewright serve` puts artifacts in the studio's data folder). */
  dataFolder?: string;
  /** Overrides the pino logger the service makes from LOG_LEVEL (tests pass a silent one). */
  logger?: Logger;
}

/** A service ready to listen, with what its host needs to start and stop it. */
export interface PipewrightService {
  app: FastifyInstance;
  runs: RunRegistry;
  config: ServiceConfig;
  contract: OpenApiDocument;
  workflow: CompiledWorkflow;
  /** Refuses new runs, waits for those in flight (DRAIN_TIMEOUT_MS), then closes the server. */
  shutdown(): Promise<void>;
}

/** Variables only the service reads; nodes never see them. */
const SERVICE_SECRETS = ['PIPEWRIGHT_API_KEY', 'TELEGRAM_WEBHOOK_SECRET'];

/**
 * Builds the Fastify service of one pipeline: the routes of its contract, validated with the
 * contract's own schemas, running the pipeline with the engine, and keeping nothing but its
 * artifacts (and run status for a while, in memory).
 */
export async function createService(options: ServiceOptions): Promise<PipewrightService> {
  const config = readServiceConfig(options.env);
  if (options.dataFolder) config.dataFolder = options.dataFolder;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const workflow = compileForService(options.workflow, options.registry);

  const contract = generateContract(workflow, {
    apiKey: Boolean(config.apiKey),
    serverUrl: config.publicUrl,
  });
  const schemas = contractSchemas(contract);
  const fields = pipelineFields(workflow);
  const artifacts = new FolderArtifactStore(join(config.dataFolder, 'artifacts'));
  await mkdir(artifacts.root, { recursive: true });

  const runs = new RunRegistry({
    workflow,
    artifacts,
    cache: config.cacheEntries > 0 ? new BoundedCache(config.cacheEntries) : null,
    env: nodeEnvironment(options.env),
    logger,
    maxRuns: config.maxRuns,
    maxQueued: config.maxQueued,
    retentionMs: config.runRetentionMs,
  });

  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
  });
  // Only JSON bodies are part of the contract; anything else is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  const ajv = createAjv();
  app.setValidatorCompiler(({ schema }) => ajv.compile(schema));
  installErrorHandling(app);
  logOneLinePerRequest(app);

  const index = new ArtifactIndex(config.dataFolder);
  const guard = bearerGuard(config.apiKey);
  const baseUrl = (request: FastifyRequest) => config.publicUrl ?? requestOrigin(request, config);
  registerRunRoutes(app, {
    registry: runs,
    answers: new RunAnswers(index, compileValidators(ajv, schemas)),
    schemas,
    inputFields: fields.inputs,
    artifacts,
    media: { maxBytes: config.mediaMaxBytes, timeoutMs: config.mediaTimeoutMs },
    guard,
    syncTimeoutMs: config.syncTimeoutMs,
    baseUrl,
  });
  registerArtifactRoute(app, { artifacts, index, guard });
  registerServiceRoutes(app, { registry: runs, artifactFolder: artifacts.root, contract });
  if (fields.telegramTrigger && schemas.telegramUpdate) {
    registerTelegramWebhook(app, {
      registry: runs,
      updateSchema: schemas.telegramUpdate,
      secret: config.telegramSecret,
    });
  }
  warnAboutOpenDoors(logger, config, Boolean(fields.telegramTrigger));

  return {
    app,
    runs,
    config,
    contract,
    workflow,
    async shutdown() {
      await runs.drain(config.drainTimeoutMs);
      await app.close();
    },
  };
}

/**
 * Compiles the workflow as a service runs it. Saved-credential names belong to the studio's
 * store, which a service does not have: keys come from the environment, so the names go.
 * Pins and breakpoints are debugging aids; a service runs every node for real.
 */
export function compileForService(raw: unknown, registry: NodeRegistry): CompiledWorkflow {
  const result = validateWorkflow(serviceDocument(raw), registry);
  if (result.ok) return result.workflow;

  const lines = result.problems.map((item) => `  ${item.path || 'file'}: ${item.message}`);
  throw new PipewrightError(
    'WORKFLOW_INVALID',
    `The workflow cannot be served:\n${lines.join('\n')}`,
    { fault: 'user', details: { problems: result.problems } },
  );
}

function serviceDocument(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as { nodes?: unknown }).nodes)) {
    return raw;
  }
  const document = raw as { nodes: unknown[] };
  const nodes = document.nodes.map((node) => {
    if (!node || typeof node !== 'object') return node;
    const { credentials, pinned, breakpoint, ...rest } = node as Record<string, unknown>;
    return rest;
  });
  return { ...document, nodes };
}

function nodeEnvironment(env: Record<string, string | undefined>) {
  const visible = { ...env };
  for (const name of SERVICE_SECRETS) delete visible[name];
  return visible;
}

/** One pino line per request, with the run it started or read when there is one. */
function logOneLinePerRequest(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    const line: Record<string, unknown> = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    const runId = runIdOf(request);
    if (runId) line.runId = runId;
    request.log.info(line, 'request');
    done();
  });
}

/** The origin the client used, from the Host header when it is a plain host name. */
function requestOrigin(request: FastifyRequest, config: ServiceConfig): string {
  const host = request.host;
  const safe = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host ?? '');
  return `${request.protocol}://${safe ? host : `localhost:${config.port}`}`;
}

function warnAboutOpenDoors(logger: Logger, config: ServiceConfig, telegram: boolean): void {
  if (!config.apiKey) {
    logger.warn('PIPEWRIGHT_API_KEY is not set: anyone who can reach the service may run it.');
  }
  if (telegram && !config.telegramSecret) {
    logger.warn('TELEGRAM_WEBHOOK_SECRET is not set: the Telegram webhook refuses every update.');
  }
}
