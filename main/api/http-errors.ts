import { PipewrightError, toErrorInfo } from '../../engine/errors.ts';
import type { ErrorDetails } from '../../engine/errors.ts';
import type { Problem } from '../../engine/validate.ts';
import type { ApiErrorBody } from './types.ts';

/** An error that knows the HTTP status it answers with. */
export class HttpError extends PipewrightError {
  readonly statusCode: number;
  readonly problems?: Problem[];

  constructor(
    statusCode: number,
    code: string,
    message: string,
    details: ErrorDetails = {},
    problems?: Problem[],
  ) {
    super(code, message, { fault: statusCode >= 500 ? 'unexpected' : 'user', details });
    this.name = 'HttpError';
    this.statusCode = statusCode;
    if (problems) this.problems = problems;
  }
}

export function notFound(what: string, path: string): HttpError {
  return new HttpError(404, 'NOT_FOUND', `${what} was not found.`, { path });
}

export function badRequest(code: string, message: string, details: ErrorDetails = {}) {
  return new HttpError(400, code, message, details);
}

/**
 * The status and body a thrown error answers with. Errors of our own carry their status; the
 * framework's (bad JSON, a body too large) carry `statusCode`; anything else is our bug, and the
 * person sees a short message rather than a stack trace.
 */
export function errorResponse(
  error: unknown,
  path: string,
): { status: number; body: ApiErrorBody } {
  if (error instanceof HttpError) {
    const body: ApiErrorBody = { error: error.toInfo() };
    if (error.problems) body.problems = error.problems;
    return { status: error.statusCode, body };
  }
  if (error instanceof PipewrightError) {
    const status = error.fault === 'user' ? 400 : 502;
    return { status, body: { error: toErrorInfo(error, { path }) } };
  }

  const framework = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof framework.statusCode === 'number' && framework.statusCode < 500) {
    const code = typeof framework.code === 'string' ? framework.code : 'BAD_REQUEST';
    const message = typeof framework.message === 'string' ? framework.message : 'Bad request.';
    return {
      status: framework.statusCode,
      body: { error: { code, message, fault: 'user', transient: false, details: { path } } },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL_ERROR',
        message: `The studio failed to answer ${path}: ${message}`,
        fault: 'unexpected',
        transient: false,
        details: { path },
      },
    },
  };
}
