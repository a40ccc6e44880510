import { createHash, timingSafeEqual } from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';
import { problem, sendProblem } from './problem.ts';

/**
 * The guard of the run, status and artifact routes: `Authorization: Bearer <key>` with the key
 * from PIPEWRIGHT_API_KEY. Without a key configured every request passes (local trials; the
 * service says so in its log when it starts), and there is no hook at all: a hook that only
 * calls `done` still costs each request a turn of Fastify's hook runner.
 */
export function bearerGuard(apiKey: string | undefined): onRequestHookHandler | undefined {
  if (!apiKey) return undefined;

  return (request, reply, done) => {
    const header = request.headers.authorization;
    const given = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header)?.[1] : undefined;
    if (given !== undefined && sameSecret(given.trim(), apiKey)) return done();

    void sendProblem(
      reply.header('www-authenticate', 'Bearer'),
      problem(
        401,
        'UNAUTHORIZED',
        given === undefined
          ? 'Send the API key as Authorization: Bearer <key>.'
          : 'The API key is not the one this service was started with.',
        { fault: 'user', transient: false },
      ),
    );
  };
}

/** Compares secrets in constant time; hashing first makes their lengths equal. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
