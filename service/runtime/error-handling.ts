import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance } from 'fastify';
import { PipewrightError } from '../../engine/index.ts';
import { problem, ProblemError, sendProblem } from './problem.ts';
import type { Problem } from './problem.ts';

/**
 * Every error leaves the service as application/problem+json: validation failures name the
 * field, Fastify's own refusals keep their status, and anything unforeseen is a 500 whose
 * detail points at the log line (with the request id) instead of carrying a stack trace.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof ProblemError) {
      const { status } = error.problem;
      if (status >= 500 && status !== 503) request.log.error({ err: error }, error.message);
      return sendProblem(reply, error.problem, error.headers);
    }

    const answer = knownProblem(error);
    if (answer) {
      if (answer.status >= 500 && answer.status !== 503)
        request.log.error({ err: error }, answer.detail);
      return sendProblem(reply, answer, answer.status === 503 ? { 'Retry-After': '1' } : {});
    }

    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      problem(
        500,
        'INTERNAL',
        `The service failed unexpectedly; its log has request ${request.id}.`,
        {
          fault: 'unexpected',
        },
      ),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(
        404,
        'NOT_FOUND',
        `There is no route ${request.method} ${request.url.split('?')[0]}.`,
      ),
    ),
  );
}

function knownProblem(error: FastifyError | Error): Problem | undefined {
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return validationProblem(
      fastifyError.validation as ErrorObject[],
      fastifyError.validationContext,
    );
  }
  if (error instanceof PipewrightError && error.transient) {
    return problem(503, error.code, error.message, { fault: error.fault, transient: true });
  }
  if (error instanceof PipewrightError && error.fault === 'user') {
    const extra: Partial<Problem> = { fault: 'user', transient: false };
    if (typeof error.details.field === 'string') extra.field = error.details.field;
    if (typeof error.details.path === 'string') extra.path = error.details.path;
    return problem(400, error.code, error.message, extra);
  }

  const status = fastifyError.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'MEDIA_TYPE_UNSUPPORTED', 'Send the request body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'BODY_TOO_LARGE', 'The request body is larger than this service takes.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'BODY_NOT_JSON', 'The body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'BODY_NOT_JSON', 'The body is not valid JSON.');
    default:
      if (error instanceof SyntaxError) {
        return problem(400, 'BODY_NOT_JSON', `The body is not valid JSON: ${error.message}`);
      }
      return problem(status, 'REQUEST_INVALID', error.message);
  }
}

/**
 * Turns the first schema violation into a problem naming the field (the top-level request
 * field) and the path (where exactly in the body). Only the first is reported: Fastify's
 * validator stops there, which also bounds the work a hostile body can cause.
 */
export function validationProblem(errors: ErrorObject[], part = 'body'): Problem {
  const first = errors[0];
  if (!first) return problem(400, 'REQUEST_INVALID', `The request ${part} is not valid.`);

  const segments = pointerSegments(first.instancePath);
  const params = first.params as Record<string, unknown>;
  if (first.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    segments.push(params.additionalProperty);
  }
  if (first.keyword === 'required' && typeof params.missingProperty === 'string') {
    segments.push(params.missingProperty);
  }

  const path = jsonPath(segments);
  const extra: Partial<Problem> = { fault: 'user', transient: false };
  if (segments.length > 0) {
    extra.field = String(segments[0]);
    extra.path = path;
  }
  return problem(400, 'REQUEST_INVALID', describe(first, part, path), extra);
}

function describe(error: ErrorObject, part: string, path: string): string {
  const where = part === 'body' ? 'field' : `${part} value`;
  const params = error.params as Record<string, unknown>;
  if (path === '' && error.keyword === 'type') return `The request ${part} must be a JSON object.`;

  switch (error.keyword) {
    case 'additionalProperties':
      return `The ${where} "${path}" is not part of this API${known(error)}.`;
    case 'required':
      return `The ${where} "${path}" is required.`;
    case 'type':
      return `The ${where} "${path}" must be ${typeName(params.type)}.`;
    case 'enum':
      return `The ${where} "${path}" must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'pattern':
      if (String(params.pattern).includes('https?://')) {
        return `The ${where} "${path}" must be an http(s) URL or a data: URI holding base64.`;
      }
      return `The ${where} "${path}" ${error.message ?? 'is not valid'}.`;
    default:
      return `The ${where} "${path}" ${error.message ?? 'is not valid'}.`;
  }
}

function typeName(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map(String);
  return names.map((name) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`)).join(' or ');
}

function known(error: ErrorObject): string {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)
    ?.properties;
  const names = properties ? Object.keys(properties) : [];
  return names.length > 0 ? `; it takes ${names.join(', ')}` : '';
}

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

function jsonPath(segments: (string | number)[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path ? `.${segment}` : segment;
  }
  return path;
}
