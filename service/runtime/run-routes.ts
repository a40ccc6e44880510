import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ArtifactStore, RunResult } from '../../engine/index.ts';
import type { ContractField } from '../contract/pipeline-fields.ts';
import { CONTRACT_ROUTES, fastifyPath } from '../contract/routes.ts';
import type { ContractSchemas } from './contract-validators.ts';
import { isMediaField, readMediaInputs } from './media-inputs.ts';
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
  /** The API key check; none when the service has no key. */
  guard: onRequestHookHandler | undefined;
  syncTimeoutMs: number;
  baseUrl(request: FastifyRequest): string;
}

/**
 * Where a request keeps the run it started or read, for its log line: a request decoration, so
 * that every request has the slot from its birth (one object shape, no side table to sweep).
 */
const RUN_ID = Symbol('pipewright.runId');
type WithRunId = FastifyRequest & { [RUN_ID]: string | null };

/** The run a request started or read, for its log line. */
export function runIdOf(request: FastifyRequest): string | undefined {
  return (request as WithRunId)[RUN_ID] ?? undefined;
}

/** `POST /run` (wait for the outputs), `POST /runs` (202 and poll) and `GET /runs/{runId}`. */
export function registerRunRoutes(app: FastifyInstance, options: RunRouteOptions): void {
  const { registry, answers, guard } = options;
  const bodySchema = { body: options.schemas.request };
  const mediaFields = options.inputFields.filter(isMediaField);
  app.decorateRequest(RUN_ID, null);

  const accept = async (request: FastifyRequest): Promise<ServiceRun> => {
    const body = request.body as Record<string, unknown>;
    const inputs =
      mediaFields.length === 0
        ? body
        : await readMediaInputs(body, mediaFields, options.artifacts, options.media);
    const run = registry.submit({ inputs, source: 'http' });
    (request as WithRunId)[RUN_ID] = run.id;
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
      if (run) (request as WithRunId)[RUN_ID] = run.id;
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

/**
 * The run's result, or `timeout` after `ms`, when the run is also stopped. One timer and one
 * promise per request: no second promise for the timer and no race between them.
 */
function within(run: ServiceRun, ms: number, stop: () => void): Promise<RunResult | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      resolve('timeout');
      stop();
    }, ms);
    void run.done.then((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}
