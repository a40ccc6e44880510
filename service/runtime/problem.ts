import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { ErrorInfo } from '../../engine/index.ts';
import { PROBLEM_MEDIA_TYPE } from '../contract/routes.ts';

/** An RFC 9457 problem body as the contract's Problem schema describes it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  fault?: ErrorInfo['fault'];
  transient?: boolean;
  field?: string;
  path?: string;
  nodeId?: string;
  runId?: string;
}

/** Thrown by route code to answer with a problem; the error handler sends it as it is. */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }
}

const TITLES: Record<string, string> = {
  REQUEST_INVALID: 'The request does not match the contract',
  BODY_NOT_JSON: 'The request body is not valid JSON',
  MEDIA_TYPE_UNSUPPORTED: 'The request body must be application/json',
  BODY_TOO_LARGE: 'The request body is too large',
  UNAUTHORIZED: 'Missing or wrong API key',
  TELEGRAM_SECRET_INVALID: 'Missing or wrong Telegram secret token',
  NOT_FOUND: 'Nothing here',
  RUN_NOT_FOUND: 'No such run',
  ARTIFACT_NOT_FOUND: 'No such artifact',
  RANGE_NOT_SATISFIABLE: 'The range lies outside the artifact',
  SERVICE_BUSY: 'The service is at capacity',
  SERVICE_DRAINING: 'The service is shutting down',
  NOT_READY: 'The service cannot take runs',
  RUN_FAILED: 'The run failed',
  RUN_CANCELLED: 'The run was cancelled',
  RESPONSE_OUTSIDE_CONTRACT: 'The service produced an answer outside its contract',
  INTERNAL: 'The service failed unexpectedly',
};

/** Builds a problem whose type and title follow from its code, the same every time. */
export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Partial<Problem> = {},
): Problem {
  return {
    type: `urn:pipewright:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[code] ?? STATUS_CODES[status] ?? 'Error',
    status,
    code,
    detail,
    ...extra,
  };
}

/**
 * A failed or cancelled run as the client sees it. Who must act decides the status: the caller
 * (400 for a field of the request, 422 for anything else it can change), a service the pipeline
 * calls (502), this service (500), or nobody because the service is stopping (503).
 */
export function runProblem(error: ErrorInfo | undefined, runId: string): Problem {
  if (!error) {
    return problem(503, 'RUN_CANCELLED', 'The run was cancelled before it finished.', {
      runId,
      fault: 'operational',
      transient: true,
    });
  }

  const { details } = error;
  const extra: Partial<Problem> = { runId, fault: error.fault, transient: error.transient };
  if (typeof details.nodeId === 'string') extra.nodeId = details.nodeId;
  if (typeof details.field === 'string') extra.field = details.field;
  if (typeof details.path === 'string') extra.path = details.path;
  return problem(statusForRunError(error), error.code, error.message, extra);
}

function statusForRunError(error: ErrorInfo): number {
  if (error.code === 'RUN_CANCELLED') return 503;
  if (error.fault === 'user') return error.code.startsWith('INPUT_') ? 400 : 422;
  if (error.fault === 'operational') return 502;
  return 500;
}

export function sendProblem(
  reply: FastifyReply,
  body: Problem,
  headers: Record<string, string> = {},
): FastifyReply {
  return reply.code(body.status).headers(headers).type(PROBLEM_MEDIA_TYPE).send(body);
}
