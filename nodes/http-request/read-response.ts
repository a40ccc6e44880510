import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { userError } from '../../engine/index.ts';
import type { NodeContext } from '../../engine/index.ts';

/**
 * Reads a response as the node's settings ask: parsed JSON or text, at most `maxBytes` of it,
 * or a file artifact streamed to disk.
 */
export async function readResponse(
  response: Response,
  type: 'json' | 'text' | 'binary',
  maxBytes: number,
  context: NodeContext,
) {
  if (type === 'binary') {
    const mediaType =
      response.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream';
    if (!response.body) return context.artifacts.put(new Uint8Array(), { mediaType });
    const stream = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    return context.artifacts.put(stream, { mediaType });
  }

  const text = await readText(response, maxBytes, context);
  if (type === 'text') return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw userError(
      'HTTP_NOT_JSON',
      `Node "${context.nodeId}": the answer is not JSON (it starts "${text.slice(0, 60)}"); set the response type to text.`,
      { nodeId: context.nodeId, field: 'responseType' },
    );
  }
}

/** The body as text, refused as soon as it is known to be larger than `maxBytes`. */
async function readText(response: Response, maxBytes: number, context: NodeContext) {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(declared, maxBytes, context);
  }
  if (!response.body) return '';

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(total, maxBytes, context);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(bytes: number, maxBytes: number, context: NodeContext) {
  return userError(
    'HTTP_TOO_LARGE',
    `Node "${context.nodeId}": the answer is larger than ${maxBytes} bytes (at least ${bytes}); raise "maxBytes" or set the response type to binary to save it as a file.`,
    { nodeId: context.nodeId, field: 'maxBytes' },
  );
}
