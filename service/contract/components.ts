import type { JsonSchema } from '../../engine/index.ts';
import { API_KEY_ENV, PROBLEM_MEDIA_TYPE, TELEGRAM_SECRET_HEADER } from './routes.ts';

/** A `$ref` to a named entry of the document's components. */
export function ref(
  section: 'schemas' | 'responses' | 'headers' | 'parameters' | 'requestBodies',
  name: string,
) {
  return { $ref: `#/components/${section}/${name}` };
}

/**
 * The error answers operations share, each a problem+json body. Statuses an operation can give
 * are listed on the operation itself, by reference to these.
 */
export const PROBLEM_RESPONSES = {
  BadRequest: 'The request is malformed or does not match the schema; detail names the field.',
  Unauthorized: 'The API key is missing or wrong.',
  NotFound: 'There is nothing under this id.',
  PayloadTooLarge: 'The request body is larger than the service accepts.',
  UnsupportedMediaType: 'The request body is not application/json.',
  RangeNotSatisfiable: 'The requested range lies outside the artifact.',
  RunFailed: 'The run could not finish with these inputs; detail names the node and field.',
  ServerError: 'The service failed unexpectedly.',
  UpstreamFailed: 'A service the pipeline calls failed or refused the request.',
  Unavailable: 'The service cannot take runs now; try again after Retry-After.',
} as const;

export type ProblemResponse = keyof typeof PROBLEM_RESPONSES;

/** The shared problem answers in a fixed order, those in `used` only. */
export function problemResponses(used: ReadonlySet<ProblemResponse>): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [name, description] of Object.entries(PROBLEM_RESPONSES)) {
    if (!used.has(name as ProblemResponse)) continue;
    const response: Record<string, unknown> = {
      description,
      content: { [PROBLEM_MEDIA_TYPE]: { schema: ref('schemas', 'Problem') } },
    };
    if (name === 'Unavailable') response.headers = { 'Retry-After': ref('headers', 'RetryAfter') };
    if (name === 'RangeNotSatisfiable') {
      response.headers = { 'Content-Range': ref('headers', 'ContentRange') };
    }
    responses[name] = response;
  }
  return responses;
}

export function sharedHeaders(): Record<string, unknown> {
  const text = (description: string, schema: JsonSchema = { type: 'string' }) => ({
    description,
    schema,
  });

  return {
    Location: { ...text('Where to follow the run: its status URL.'), required: true },
    ContentLocation: text('The status URL of the run that produced this body.'),
    RetryAfter: text('Seconds to wait before trying again.', { type: 'integer', minimum: 0 }),
    AcceptRanges: text('Byte ranges are served.', { type: 'string', enum: ['bytes'] }),
    ContentRange: text('The bytes in this body, or with 416 the size of the artifact.', {
      type: 'string',
      pattern: '^bytes (?:\\d+-\\d+|\\*)/\\d+$',
    }),
    ContentLength: text('The size of this body in bytes.', { type: 'integer', minimum: 0 }),
    ETag: text('The artifact sha256, quoted; it never changes for one URL.'),
  };
}

export function sharedParameters(): Record<string, unknown> {
  return {
    RunId: {
      name: 'runId',
      in: 'path',
      required: true,
      description: 'The id the run was given when it was started.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
    },
    Sha256: {
      name: 'sha256',
      in: 'path',
      required: true,
      description: 'The sha256 of the artifact, as in the url of a media output.',
      schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    },
    Range: {
      name: 'Range',
      in: 'header',
      required: false,
      description: 'One byte range, such as bytes=0-1023 or bytes=1024-.',
      schema: { type: 'string', pattern: '^bytes=\\d*-\\d*$' },
    },
  };
}

export function securitySchemes(options: { apiKey: boolean; telegram: boolean }) {
  const schemes: Record<string, Record<string, unknown>> = {};
  if (options.apiKey) {
    schemes.apiKey = {
      type: 'http',
      scheme: 'bearer',
      description: `The API key set in the service's environment as ${API_KEY_ENV}.`,
    };
  }
  if (options.telegram) {
    schemes.telegramSecret = {
      type: 'apiKey',
      in: 'header',
      name: TELEGRAM_SECRET_HEADER,
      description: 'The secret token the service gave Telegram with setWebhook.',
    };
  }
  return schemes;
}
