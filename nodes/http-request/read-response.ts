import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { userError } from '../../engine/index.ts';
import type { NodeContext } from '../../engine/index.ts';

/** Reads a response as the node's settings ask: parsed JSON, text, or a file artifact streamed to disk. */
export async function readResponse(
  response: Response,
  type: 'json' | 'text' | 'binary',
  context: NodeContext,
) {
  if (type === 'binary') {
    const mediaType =
      response.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream';
    if (!response.body) return context.artifacts.put(new Uint8Array(), { mediaType });
    const stream = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    return context.artifacts.put(stream, { mediaType });
  }

  const text = await response.text();
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
