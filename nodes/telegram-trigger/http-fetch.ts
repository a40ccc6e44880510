import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * A `fetch` over node:http for the Telegram SDK, which takes one as an option. Node 20's own
 * fetch holds a streamed request body in memory while it uploads: sending a 256 MiB video kept
 * about 240 MiB alive, where node:http with backpressure kept under 30 MiB. This one writes the
 * body only as fast as the socket drains.
 *
 * It covers what the Bot API client sends (POST with a form, a multipart stream or a Blob) and
 * reads each answer whole before resolving: Bot API answers are small JSON envelopes.
 */
export async function httpFetch(input: string | URL | Request, init: RequestInit = {}) {
  const url = new URL(input instanceof Request ? input.url : input);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));

  const request = send(url, {
    method: init.method ?? 'GET',
    headers,
    signal: init.signal ?? undefined,
  });
  // Failures surface through the steps awaited below; this listener only keeps a late one (the
  // run cancelled while the answer is read) from being an uncaught 'error' event.
  request.on('error', () => undefined);
  const [[response]] = await Promise.all([
    once(request, 'response') as Promise<[IncomingMessage]>,
    writeBody(request, init.body),
  ]);
  return toResponse(response);
}

async function writeBody(request: ClientRequest, body: RequestInit['body']): Promise<void> {
  if (body === undefined || body === null) {
    request.end();
    return;
  }
  if (typeof body === 'string' || body instanceof URLSearchParams) {
    request.end(body.toString());
    return;
  }
  if (body instanceof Uint8Array) {
    request.end(body);
    return;
  }
  if (body instanceof Blob) return writeStream(request, body.stream());
  if (body instanceof ReadableStream) return writeStream(request, body);
  throw new TypeError(`httpFetch cannot send a body of type ${body.constructor.name}`);
}

async function writeStream(request: ClientRequest, stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      if (!request.write(read.value)) await once(request, 'drain');
    }
    request.end();
  } catch (error) {
    await reader.cancel(error);
    request.destroy(error instanceof Error ? error : undefined);
    throw error;
  }
}

async function toResponse(response: IncomingMessage): Promise<Response> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);

  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Response(Buffer.concat(chunks), {
    status: response.statusCode ?? 500,
    statusText: response.statusMessage ?? '',
    headers,
  });
}
