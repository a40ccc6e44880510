import { stat } from 'node:fs/promises';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { ArtifactStore } from '../../engine/index.ts';
import { CONTRACT_ROUTES, fastifyPath } from '../contract/routes.ts';
import type { ArtifactIndex } from './artifact-index.ts';
import { problem, ProblemError } from './problem.ts';

export interface ArtifactRouteOptions {
  artifacts: ArtifactStore;
  index: ArtifactIndex;
  /** The API key check; none when the service has no key. */
  guard: onRequestHookHandler | undefined;
}

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/**
 * Serves media outputs by their sha256. A content-addressed file never changes, so the ETag is
 * the hash and caches may keep it for good. One byte range per request is honoured (what
 * players and resumed downloads send); a header we cannot read is ignored, as RFC 9110 allows,
 * and the whole file is sent.
 */
export function registerArtifactRoute(app: FastifyInstance, options: ArtifactRouteOptions): void {
  const route = CONTRACT_ROUTES.artifact;
  app.get(fastifyPath(route.path), { onRequest: options.guard }, async (request, reply) => {
    const { sha256 } = request.params as { sha256: string };
    const size = /^[0-9a-f]{64}$/.test(sha256) ? await sizeOf(options.artifacts, sha256) : -1;
    if (size < 0) {
      throw new ProblemError(
        problem(404, 'ARTIFACT_NOT_FOUND', `There is no artifact ${sha256.slice(0, 80)}.`),
      );
    }

    const etag = `"${sha256}"`;
    const caching = 'private, max-age=31536000, immutable';
    reply.headers({ 'accept-ranges': 'bytes', etag });
    if (request.headers['if-none-match'] === etag) {
      return reply.code(304).header('cache-control', caching).send();
    }

    const ifRange = request.headers['if-range'];
    const range = ifRange && ifRange !== etag ? undefined : parseRange(request.headers.range, size);
    // The problem answer is no copy of the file: it gets neither the file's name nor its caching.
    if (range === 'unsatisfiable') {
      throw new ProblemError(
        problem(416, 'RANGE_NOT_SATISFIABLE', `The artifact has ${size} bytes.`),
        { 'content-range': `bytes */${size}` },
      );
    }

    const meta = await options.index.lookup(sha256);
    reply.headers({
      'cache-control': caching,
      'content-type': meta?.mediaType ?? 'application/octet-stream',
    });
    if (meta?.name) {
      reply.header('content-disposition', `inline; filename="${safeName(meta.name)}"`);
    }

    if (!range) {
      reply.header('content-length', size);
      return reply.send(options.artifacts.open({ sha256 }));
    }

    reply.code(206).headers({
      'content-range': `bytes ${range.start}-${range.end}/${size}`,
      'content-length': range.end - range.start + 1,
    });
    return reply.send(options.artifacts.open({ sha256 }, range));
  });
}

/** Reads `bytes=a-b`, `bytes=a-` and `bytes=-n` against a file of `size` bytes. */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (typeof header !== 'string') return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;

  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? Infinity : Number(match[2]);
  if (end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}

async function sizeOf(artifacts: ArtifactStore, sha256: string): Promise<number> {
  try {
    const info = await stat(artifacts.pathOf({ sha256 }));
    return info.isFile() ? info.size : -1;
  } catch {
    return -1;
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
}
