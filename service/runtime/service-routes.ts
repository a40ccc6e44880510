import { access, constants } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { CONTRACT_ROUTES } from '../contract/routes.ts';
import type { OpenApiDocument } from '../contract/generate.ts';
import { problem, sendProblem } from './problem.ts';
import type { RunRegistry } from './run-registry.ts';

export interface ServiceRouteOptions {
  registry: RunRegistry;
  artifactFolder: string;
  contract: OpenApiDocument;
}

/** Liveness, readiness and the contract: open to all, as load balancers and clients need them. */
export function registerServiceRoutes(app: FastifyInstance, options: ServiceRouteOptions): void {
  const contractText = JSON.stringify(options.contract);

  app.get(CONTRACT_ROUTES.health.path, async () => ({ status: 'ok' }));

  app.get(CONTRACT_ROUTES.ready.path, async (_request, reply) => {
    const reason = await notReady(options);
    if (!reason) return { status: 'ready' };
    return sendProblem(
      reply,
      problem(503, 'NOT_READY', reason, { fault: 'operational', transient: true }),
      { 'retry-after': '5' },
    );
  });

  app.get(CONTRACT_ROUTES.contract.path, async (_request, reply) =>
    reply.type('application/json').send(contractText),
  );
}

async function notReady(options: ServiceRouteOptions): Promise<string | undefined> {
  if (options.registry.isDraining) return 'The service is shutting down and takes no new runs.';
  try {
    await access(options.artifactFolder, constants.W_OK);
    return undefined;
  } catch {
    return `The artifact folder ${options.artifactFolder} is not writable.`;
  }
}
