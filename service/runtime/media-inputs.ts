import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { mediaTypeFor } from '../../engine/index.ts';
import type { ArtifactRef, ArtifactStore } from '../../engine/index.ts';
import type { ContractField } from '../contract/pipeline-fields.ts';
import { problem, ProblemError } from './problem.ts';

export interface MediaLimits {
  maxBytes: number;
  timeoutMs: number;
}

const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'file']);

/** Whether a request field carries a medium (a URL or data: URI to turn into an artifact). */
export function isMediaField(field: ContractField): boolean {
  return MEDIA_TYPES.has(field.type);
}

/**
 * Turns the media fields of a request (an http(s) URL or a base64 `data:` URI each, as the
 * contract says) into artifacts, so that the run sees artifact references like any other
 * media. Other fields pass through untouched. A medium that cannot be read is the caller's to
 * fix: 400 for a malformed data URI or a wrong kind of medium, 422 for a URL that fails.
 */
export async function readMediaInputs(
  body: Record<string, unknown>,
  fields: ContractField[],
  artifacts: ArtifactStore,
  limits: MediaLimits,
): Promise<Record<string, unknown>> {
  const media = fields.filter((field) => isMediaField(field) && field.name in body);
  if (media.length === 0) return body;

  const inputs = { ...body };
  for (const field of media) {
    const source = body[field.name];
    if (typeof source !== 'string') continue;
    const ref = source.startsWith('data:')
      ? await fromDataUri(source, field, artifacts)
      : await fromUrl(source, field, artifacts, limits);
    checkKind(ref, field);
    inputs[field.name] = ref;
  }
  return inputs;
}

async function fromDataUri(uri: string, field: ContractField, artifacts: ArtifactStore) {
  const comma = uri.indexOf(',');
  const header = uri.slice('data:'.length, comma);
  const parts = header.split(';');
  const payload = uri.slice(comma + 1).replace(/\s+/g, '');
  if (comma === -1 || parts.at(-1) !== 'base64' || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) {
    throw refused(400, 'INPUT_INVALID', field, 'must be a data: URI holding base64');
  }
  const mediaType = parts[0] || 'application/octet-stream';
  return artifacts.put(Buffer.from(payload, 'base64'), { mediaType, name: field.name });
}

async function fromUrl(
  url: string,
  field: ContractField,
  artifacts: ArtifactStore,
  limits: MediaLimits,
): Promise<ArtifactRef> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(limits.timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw refused(
      422,
      'INPUT_UNREACHABLE',
      field,
      `could not be downloaded from ${url}: ${reason}`,
    );
  }
  if (!response.ok || !response.body) {
    throw refused(
      422,
      'INPUT_UNREACHABLE',
      field,
      `could not be downloaded: ${url} answered ${response.status}`,
    );
  }

  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limits.maxBytes) throw tooLarge(field, limits.maxBytes);
  const headerType = response.headers.get('content-type')?.split(';')[0]?.trim();
  const mediaType =
    headerType && headerType !== 'application/octet-stream'
      ? headerType
      : mediaTypeFor(new URL(url).pathname);
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || field.name);
  return artifacts.put(
    capped(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      field,
      limits.maxBytes,
    ),
    { mediaType, name },
  );
}

async function* capped(
  stream: AsyncIterable<Uint8Array>,
  field: ContractField,
  maxBytes: number,
): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(field, maxBytes);
    yield chunk;
  }
}

function checkKind(ref: ArtifactRef, field: ContractField): void {
  if (field.type === 'file' || ref.mediaType.startsWith(`${field.type}/`)) return;
  throw refused(
    400,
    'INPUT_INVALID',
    field,
    `must be ${article(field.type)}; it is ${ref.mediaType}`,
  );
}

function tooLarge(field: ContractField, maxBytes: number) {
  return refused(
    422,
    'INPUT_TOO_LARGE',
    field,
    `is larger than ${maxBytes} bytes (MEDIA_MAX_BYTES)`,
  );
}

function refused(status: number, code: string, field: ContractField, what: string) {
  return new ProblemError(
    problem(status, code, `The field "${field.name}" ${what}.`, {
      field: field.name,
      path: field.name,
      fault: 'user',
      transient: false,
    }),
  );
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
