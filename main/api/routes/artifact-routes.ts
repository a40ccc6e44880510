import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseRange } from '../byte-range.ts';
import { badRequest, notFound } from '../http-errors.ts';
import { mediaTypeToServe, sniffMediaType } from '../media-types.ts';
import { parseParam } from '../request-schemas.ts';
import { ARTIFACT_POLICY } from '../security.ts';
import type { StudioDeps } from '../studio-deps.ts';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in lower-case hex');
const artifactQuery = z.object({
  type: z.string().optional(),
  name: z.string().max(200).optional(),
  download: z.enum(['0', '1']).optional(),
});

/**
 * Artifacts by content hash, streamed with Range support so that audio and video elements can
 * seek; and uploads of media for Input fields.
 */
export function registerArtifactRoutes(app: FastifyInstance, deps: StudioDeps): void {
  const { artifacts } = deps.backend;

  app.get<{ Params: { sha256: string } }>('/api/artifacts/:sha256', async (request, reply) => {
    const ref = { sha256: parseParam(sha256, request.params.sha256, 'sha256') };
    const query = parseParam(artifactQuery, request.query, 'query');
    if (!(await artifacts.has(ref))) throw notFound(`The artifact ${ref.sha256}`, 'params.sha256');

    const { size } = await stat(artifacts.pathOf(ref));
    const mediaType =
      mediaTypeToServe(query.type) ??
      (await sniffMediaType(artifacts.open(ref, { start: 0, end: 15 })));
    reply
      .header('Content-Type', mediaType)
      .header('Accept-Ranges', 'bytes')
      .header('Cache-Control', 'private, max-age=31536000, immutable')
      .header('ETag', `"${ref.sha256}"`)
      .header('Content-Security-Policy', ARTIFACT_POLICY);
    if (query.download === '1' || mediaType === 'application/octet-stream') {
      reply.header('Content-Disposition', attachment(query.name ?? ref.sha256));
    }

    const range = parseRange(request.headers.range, size);
    if (range.kind === 'unsatisfiable') {
      return reply.code(416).header('Content-Range', `bytes */${size}`).send();
    }
    if (range.kind === 'whole') {
      return reply.header('Content-Length', size).send(size === 0 ? '' : artifacts.open(ref));
    }
    return reply
      .code(206)
      .header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
      .header('Content-Length', range.end - range.start + 1)
      .send(artifacts.open(ref, { start: range.start, end: range.end }));
  });

  // The body is read as a stream by the handler: media can be far larger than any JSON limit.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    scope.post('/api/artifacts', async (request, reply) => {
      const contentType = request.headers['content-type'];
      if (!contentType) {
        throw badRequest(
          'INVALID_REQUEST',
          'POST /api/artifacts needs the Content-Type of the file.',
          {
            path: 'headers.content-type',
          },
        );
      }
      const name = fileName(request.headers['x-file-name']);
      const ref = await artifacts.put(request.raw, {
        mediaType: contentType.split(';')[0]!.trim().toLowerCase(),
        ...(name ? { name } : {}),
      });
      return reply.code(201).send(ref);
    });
  });
}

function fileName(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  try {
    return decodeURIComponent(value).replace(/[/\\]/g, '_').slice(0, 200);
  } catch {
    throw badRequest('INVALID_REQUEST', 'The X-File-Name header must be URL-encoded.', {
      path: 'headers.x-file-name',
    });
  }
}

function attachment(name: string): string {
  const plain = name.replace(/[^\w.-]/g, '_');
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
