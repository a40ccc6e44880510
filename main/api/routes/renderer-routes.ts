import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contentSecurityPolicy } from '../security.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built renderer (out/renderer) to the browser or the Electron window. These files
 * hold no secret, so they need no token (the page learns it from its address or the preload);
 * the Host check still applies. Unknown paths without an extension get index.html, so that a
 * reload on any screen of the app works.
 */
export function registerRendererRoutes(app: FastifyInstance, rendererDir: string): void {
  const root = normalize(rendererDir);

  app.get('/*', async (request, reply) => {
    const path = safeDecode(request.url.split('?')[0]!);
    if (path === undefined) return reply.code(400).send();
    if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return reply.code(404).send();

    const found = await stat(file).catch(() => undefined);
    if (found?.isFile()) return sendFile(reply, file, found.size);
    if (extname(path) !== '') return reply.code(404).send();
    const index = join(root, 'index.html');
    const page = await stat(index).catch(() => undefined);
    if (!page) return reply.code(404).send();
    return sendFile(reply, index, page.size);
  });
}

function sendFile(reply: FastifyReply, file: string, size: number) {
  const extension = extname(file);
  reply
    .header('Content-Type', CONTENT_TYPES[extension] ?? 'application/octet-stream')
    .header('Content-Length', size);
  if (extension === '.html') {
    reply
      .header('Content-Security-Policy', contentSecurityPolicy())
      .header('Cache-Control', 'no-cache');
  } else if (file.includes(`${sep}assets${sep}`)) {
    reply.header('Cache-Control', 'public, max-age=31536000, immutable');
  }
  return reply.send(createReadStream(file));
}

function safeDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
