import type { FastifyInstance } from 'fastify';
import { notFound } from '../http-errors.ts';
import type { StudioDeps } from '../studio-deps.ts';

/** The session check and the sample pipelines offered as templates. */
export function registerSessionAndSampleRoutes(app: FastifyInstance, deps: StudioDeps): void {
  app.get('/api/session', async () => deps.session);

  app.get('/api/samples', async () => deps.samples.list());

  app.get<{ Params: { id: string } }>('/api/samples/:id', async (request) => {
    const document = await deps.samples.get(request.params.id);
    if (!document) throw notFound(`The sample "${request.params.id}"`, 'params.id');
    return document;
  });
}
