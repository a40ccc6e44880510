import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { NodeRegistry } from '../../engine/registry.ts';
import type { StudioBackend } from './backend.ts';
import { errorResponse } from './http-errors.ts';
import { RunManager } from './run-manager.ts';
import type { StudioLog } from './run-manager.ts';
import { registerArtifactRoutes } from './routes/artifact-routes.ts';
import { registerCatalogueRoutes } from './routes/catalogue-routes.ts';
import { registerCredentialRoutes } from './routes/credential-routes.ts';
import { registerExportRoutes } from './routes/export-routes.ts';
import { registerRendererRoutes } from './routes/renderer-routes.ts';
import { registerRunRoutes } from './routes/run-routes.ts';
import { registerSessionAndSampleRoutes } from './routes/sample-routes.ts';
import { registerWorkflowRoutes } from './routes/workflow-routes.ts';
import { SampleLibrary } from './sample-library.ts';
import { checkAccess, createLaunchToken, pathOf, SECURITY_HEADERS } from './security.ts';
import type { StudioDeps } from './studio-deps.ts';
import { TryServiceHost } from './try-service.ts';
import type { SessionInfo } from './types.ts';

export interface StudioServerOptions {
  backend: StudioBackend;
  registry: NodeRegistry;
  host: SessionInfo['host'];
  /** 0 (the default) lets the system pick a free port. */
  port?: number;
  /** A fresh random token when absent; tests may fix one. */
  token?: string;
  /** The built renderer to serve at `/`; without it only the API answers. */
  rendererDir?: string;
  /** Sample workflows offered as templates. */
  samplesDir?: string;
  env?: Record<string, string | undefined>;
  version?: string;
  concurrency?: number;
  log?: StudioLog;
  /** How long a run paused at a breakpoint may go without a page following it; 60 s. */
  unwatchedPauseMs?: number;
}

export interface StudioServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  origin: string;
  port: number;
  token: string;
  /** The one address a browser opens: the page reads the token from its fragment. */
  pageUrl: string;
  runs: RunManager;
  app: FastifyInstance;
  /** Cancels live runs, stops listening and closes the backend. */
  close(): Promise<void>;
}

/**
 * Starts the studio API on 127.0.0.1. Every request must name this server in its Host header
 * and, under /api, carry the launch token; the renderer's files are served without the token.
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const token = options.token ?? createLaunchToken();
  let port = 0;
  const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024, forceCloseConnections: true });
  const runs = new RunManager({
    registry: options.registry,
    backend: options.backend,
    env: options.env ?? {},
    concurrency: options.concurrency,
    log: options.log,
    unwatchedPauseMs: options.unwatchedPauseMs,
  });
  const deps: StudioDeps = {
    backend: options.backend,
    registry: options.registry,
    runs,
    samples: new SampleLibrary(options.samplesDir),
    session: {
      app: 'pipewright',
      version: options.version ?? '0.0.0',
      host: options.host,
      dataFolder: options.backend.dataFolder,
    },
    tryService: new TryServiceHost({
      registry: options.registry,
      env: options.env ?? {},
      dataFolder: options.backend.dataFolder,
    }),
  };

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    const [path = '', query = ''] = request.url.split('?', 2);
    const isApi = path === '/api' || path.startsWith('/api/');
    if (isApi) reply.header('Cache-Control', 'no-store');
    const verdict = checkAccess(
      request.headers,
      new URLSearchParams(query),
      { token, port: () => port },
      isApi,
    );
    if (verdict.ok) return;
    const code = verdict.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN';
    return reply.code(verdict.status).send({
      error: { code, message: verdict.reason, fault: 'user', transient: false, details: { path } },
    });
  });

  app.addHook('onResponse', async (request, reply) => {
    options.log?.info(
      {
        method: request.method,
        path: pathOf(request),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = errorResponse(error, pathOf(request));
    if (status >= 500)
      options.log?.error({ path: pathOf(request), error: String(error) }, 'request failed');
    return reply.code(status).send(body);
  });

  app.setNotFoundHandler(async (request, reply) => {
    return reply.code(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `No route answers ${request.method} ${pathOf(request).split('?')[0]}.`,
        fault: 'user',
        transient: false,
        details: { path: pathOf(request) },
      },
    });
  });

  registerSessionAndSampleRoutes(app, deps);
  registerWorkflowRoutes(app, deps);
  registerCatalogueRoutes(app, deps);
  registerRunRoutes(app, deps);
  registerArtifactRoutes(app, deps);
  registerCredentialRoutes(app, deps);
  registerExportRoutes(app, deps);
  if (options.rendererDir) registerRendererRoutes(app, options.rendererDir);

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    token,
    pageUrl: `${origin}/#token=${token}`,
    runs,
    app,
    close: async () => {
      await runs.shutdown();
      await deps.tryService.stop();
      await app.close();
      await options.backend.close?.();
    },
  };
}
