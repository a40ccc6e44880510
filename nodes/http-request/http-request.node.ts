import { z } from 'zod';
import {
  defineNode,
  isTransientStatus,
  PipewrightError,
  transientError,
  userError,
} from '../../engine/index.ts';
import type { NodeContext, Ports } from '../../engine/index.ts';
import { fillPlaceholders, placeholderNames } from '../shared/placeholders.ts';
import { readResponse } from './read-response.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

const settings = z.object({
  method: z.enum(METHODS).default('GET'),
  url: z.string().min(1, 'is required').default('https://example.com'),
  headers: z.record(z.string(), z.string()).default({}),
  /** A body template; `{{name}}` placeholders become inputs like the URL's. Ignored when the body input is wired. */
  body: z.string().optional(),
  responseType: z.enum(['json', 'text', 'binary']).default('json'),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** The largest text or JSON answer read into memory; binary answers stream to a file. */
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(1_073_741_824)
    .default(10 * 1024 * 1024),
  /** Treat 4xx and 5xx answers as failures (5xx and 429 are retried). */
  failOnStatus: z.boolean().default(true),
  auth: z.enum(['none', 'bearer']).default('none'),
});

type Settings = z.infer<typeof settings>;

/** Calls an HTTP API. Placeholders in the URL, headers and body become the node's inputs. */
export const httpRequestNode = defineNode({
  type: 'http.request',
  version: 1,
  title: 'HTTP request',
  category: 'network',
  description:
    'Calls a URL and outputs the status, headers and body. Write {{name}} in the URL, headers or body to add an input.',
  settings,
  credentials: [
    { id: 'http', title: 'a bearer token for the HTTP request', env: 'PIPEWRIGHT_HTTP_TOKEN' },
  ],
  inputs: (s) => {
    const ports: Ports = {
      body: { type: 'json', optional: true, description: 'Sent as the JSON body.' },
    };
    for (const name of placeholderNames(s.url, s.body ?? '', ...Object.values(s.headers))) {
      if (name !== 'body') ports[name] = { type: 'any' };
    }
    return ports;
  },
  outputs: ({ responseType }) => ({
    status: { type: 'number' },
    headers: { type: 'json' },
    body: { type: responseType === 'binary' ? 'file' : responseType },
  }),
  cache: ({ method }) => method === 'GET' || method === 'HEAD',
  run: async (inputs, s, context) => {
    const request = await buildRequest(inputs, s, context);
    const timeout = AbortSignal.timeout(s.timeoutMs);
    const signal = AbortSignal.any([context.signal, timeout]);
    context.log.info(`${s.method} ${request.url}`);

    let response: Response;
    try {
      response = await fetch(request.url, {
        method: s.method,
        headers: request.headers,
        body: request.body,
        signal,
      });
    } catch (error) {
      throw networkError(error, s, request.url, context, timeout.aborted);
    }
    if (s.failOnStatus && response.status >= 400)
      throw await statusError(response, s, request.url, context);

    const body = await readResponse(response, s.responseType, s.maxBytes, context);
    return { status: response.status, headers: Object.fromEntries(response.headers), body };
  },
});

async function buildRequest(inputs: Record<string, unknown>, s: Settings, context: NodeContext) {
  const url = fillPlaceholders(s.url, inputs);
  if (!URL.canParse(url)) {
    throw userError('INVALID_URL', `Node "${context.nodeId}": "${url}" is not a valid URL.`, {
      nodeId: context.nodeId,
      field: 'url',
    });
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(s.headers))
    headers.set(name, fillPlaceholders(value, inputs));
  if (s.auth === 'bearer')
    headers.set('authorization', `Bearer ${(await context.credential('http')).secret}`);

  let body: string | undefined;
  if (inputs.body !== undefined) {
    body = JSON.stringify(inputs.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (s.body !== undefined && s.method !== 'GET' && s.method !== 'HEAD') {
    body = fillPlaceholders(s.body, inputs);
  }
  return { url, headers, body };
}

function networkError(
  error: unknown,
  s: Settings,
  url: string,
  context: NodeContext,
  timedOut: boolean,
) {
  if (context.signal.aborted) return error;
  const details = { nodeId: context.nodeId, field: 'url' };
  if (timedOut) {
    return transientError(
      'HTTP_TIMEOUT',
      `Node "${context.nodeId}": ${s.method} ${url} took longer than ${s.timeoutMs} ms.`,
      details,
      error,
    );
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  // No such host is a mistake in the URL, not a passing fault: asking again will not help.
  // (EAI_AGAIN, a DNS server that did not answer this time, stays transient below.)
  if (cause?.code === 'ENOTFOUND') {
    return userError(
      'HTTP_HOST_NOT_FOUND',
      `Node "${context.nodeId}": ${s.method} ${url} failed: the host ${new URL(url).hostname} does not exist (check the URL).`,
      details,
    );
  }
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return transientError(
    'HTTP_UNREACHABLE',
    `Node "${context.nodeId}": ${s.method} ${url} failed: ${reason}.`,
    details,
    error,
  );
}

async function statusError(response: Response, s: Settings, url: string, context: NodeContext) {
  const excerpt = (await response.text().catch(() => '')).slice(0, 300);
  const message = `Node "${context.nodeId}": ${s.method} ${url} answered ${response.status} ${response.statusText}${excerpt ? `: ${excerpt}` : ''}`;
  const retryAfter = response.headers.get('retry-after');
  const details = { nodeId: context.nodeId, status: response.status };
  const error = new PipewrightError('HTTP_STATUS', message, {
    fault: response.status < 500 ? 'user' : 'operational',
    transient: isTransientStatus(response.status),
    details,
  });
  return Object.assign(error, { headers: retryAfter ? { 'retry-after': retryAfter } : undefined });
}
