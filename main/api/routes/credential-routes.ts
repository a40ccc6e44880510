import type { FastifyInstance } from 'fastify';
import { notFound } from '../http-errors.ts';
import { credentialName, parseBody, parseParam, putCredentialBody } from '../request-schemas.ts';
import type { StudioDeps } from '../studio-deps.ts';

type NameParams = { name: string };

/**
 * Saved credentials: create, replace and delete. There is deliberately no route that answers
 * with a secret; runs reach secrets through the backend, never through HTTP.
 */
export function registerCredentialRoutes(app: FastifyInstance, deps: StudioDeps): void {
  const { credentials } = deps.backend;

  app.get('/api/credentials', async () => credentials.list());

  app.put<{ Params: NameParams }>('/api/credentials/:name', async (request) => {
    const name = parseParam(credentialName, request.params.name, 'name');
    const body = parseBody(putCredentialBody, request.body, 'PUT /api/credentials/:name');
    return credentials.put(name, body);
  });

  app.delete<{ Params: NameParams }>('/api/credentials/:name', async (request, reply) => {
    const name = parseParam(credentialName, request.params.name, 'name');
    if (!(await credentials.remove(name)))
      throw notFound(`The credential "${name}"`, 'params.name');
    return reply.code(204).send();
  });
}
