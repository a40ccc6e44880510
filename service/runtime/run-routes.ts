import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ArtifactStore, RunResult } from '../../engine/index.ts';
import type { ContractField } from '../contract/pipeline-fields.ts';
import { CONTRACT_ROUTES, fastifyPath } from '../contract/routes.ts';
import type { ContractSchemas } from './contract-validators.ts';
import { readMediaInputs } from './media-inputs.ts';
import type { MediaLimits } from './media-inputs.ts';
import { problem, ProblemError, runProblem, sendProblem } from './problem.ts';
import { statusUrl } from './run-answers.ts';
import type { RunAnswers } from './run-answers.ts';
import type { RunRegistry, ServiceRun } from './run-registry.ts';

export interface RunRouteOptions {
  registry: RunRegistry;
  answers: RunAnswers;
  schemas: ContractSchemas;
  inputFields: ContractField[];
  artifacts: ArtifactStore;
  media: MediaLimits;
  guard: onRequestHookHandler;
  syncTimeoutMs: number;
  baseUrl(request: FastifyRequest): string;
}

const runOfRequest = new WeakMap<FastifyRequest, string>();

/** The run a request started or read, for its log line. */
export function runIdOf(request: FastifyRequest): string | undefined {
  return runOfRequest.get(request);
}

/** `POST /run` (wait for the outputs), `POST /runs` (202 and poll) and `GET /runs/{runId}`. */
export function registerRunRoutes(app: FastifyInstance, options: RunRouteOptions): void {
  const { registry, answers, guard } = options;
  const bodySchema = { body: options.schemas.request };

  const accept = async (request: FastifyRequest): Promise<ServiceRun> => {
    const body = request.body as Record<string, unknown>;
    const inputs = await readMediaInputs(
      body,
      options.inputFields,
      options.artifacts,
      options.media,
    );
    const run = registry.submit({ inputs, source: 'http' });
    runOfRequest.set(request, run.id);
    return run;
  };

  app.post(
    CONTRACT_ROUTES.runSync.path,
    { schema: bodySchema, onRequest: guard },
    async (request, reply) => {
      const run = await accept(request);
      const base = options.baseUrl(request);
      reply.header('content-location', statusUrl(base, run.id));

      const result = await within(run, options.syncTimeoutMs, () => registry.cancel(run.id));
      if (result === 'timeout') {
        return sendProblem(
          reply,
          problem(
            503,
            'RUN_TIMEOUT',
            `The run took longer than ${options.syncTimeoutMs} ms (SYNC_TIMEOUT_MS) and was stopped; start long runs with POST ${CONTRACT_ROUTES.runAsync.path}.`,
            { runId: run.id, fault: 'operational', transient: true },
          ),
          { 'retry-after': '1' },
        );
      }
      if (result.status !== 'completed') {
        const answer = runProblem(result.error, run.id);
        return sendProblem(reply, answer, answer.status === 503 ? { 'retry-after': '1' } : {});
      }
      return reply.send(await answers.outputs(result, base));
    },
  );

  app.post(
    CONTRACT_ROUTES.runAsync.path,
    { schema: bodySchema, onRequest: guard },
    async (request, reply) => {
      const run = await accept(request);
      const base = options.baseUrl(request);
      reply.code(202).header('location', statusUrl(base, run.id));
      return reply.send(await answers.status(run, base));
    },
  );

  app.get(
    fastifyPath(CONTRACT_ROUTES.runStatus.path),
    { onRequest: guard },
    async (request, reply) => {
      const { runId } = request.params as { runId: string };
      const run = registry.get(runId);
      if (run) runOfRequest.set(request, run.id);
      if (!run) {
        throw new ProblemError(
          problem(
            404,
            'RUN_NOT_FOUND',
            `There is no run "${runId.slice(0, 80)}"; finished runs are kept for a while only.`,
          ),
        );
      }
      return reply.send(await answers.status(run, options.baseUrl(request)));
    },
  );
}

/** The run's result, or `timeout` after `ms`, when the run is also stopped. */
async function within(
  run: ServiceRun,
  ms: number,
  stop: () => void,
): Promise<RunResult | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([run.done, expired]);
  clearTimeout(timer);
  if (outcome === 'timeout') stop();
  return outcome;
}
