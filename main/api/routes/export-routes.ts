import { isAbsolute, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PipewrightError } from '../../../engine/errors.ts';
import type { Problem } from '../../../engine/validate.ts';
import { previewExport } from '../../../service/export/export-preview.ts';
import { exportService } from '../../../service/export/export-service.ts';
import { badRequest, HttpError } from '../http-errors.ts';
import { exportBody, exportPreviewBody, parseBody, tryServiceBody } from '../request-schemas.ts';
import type { StudioDeps } from '../studio-deps.ts';
import type { ExportPreviewResponse, ExportResponse, TryServiceResponse } from '../types.ts';

/**
 * The Export panel: the contract of the pipeline in the editor, its changes against the last
 * export, writing the service folder, and a local service to try requests against.
 */
export function registerExportRoutes(app: FastifyInstance, deps: StudioDeps): void {
  const { registry, tryService } = deps;
  const home = deps.backend.dataFolder;

  app.post('/api/export/preview', async (request): Promise<ExportPreviewResponse> => {
    const { document } = parseBody(exportPreviewBody, request.body, 'POST /api/export/preview');
    const preview = await withProblems(() => previewExport(document, registry, home));
    return { ...preview, defaultOutDir: join(home, 'exports', document.id) };
  });

  app.post('/api/export', async (request): Promise<ExportResponse> => {
    const body = parseBody(exportBody, request.body, 'POST /api/export');
    if (!isAbsolute(body.outDir)) {
      throw badRequest('EXPORT_FOLDER_RELATIVE', 'body.outDir must be an absolute path.', {
        path: 'body.outDir',
        field: 'outDir',
      });
    }
    return withProblems(() =>
      exportService({
        document: body.document,
        outDir: body.outDir,
        home,
        registry,
        allowBreaking: body.allowBreaking,
      }),
    );
  });

  app.post('/api/export/try', async (request): Promise<TryServiceResponse> => {
    const body = parseBody(tryServiceBody, request.body, 'POST /api/export/try');
    return withProblems(() => tryService.run(body.document, body.body));
  });

  app.delete('/api/export/try', async (_request, reply) => {
    await tryService.stop();
    return reply.code(204).send();
  });
}

/**
 * The exporter's errors as the studio answers them: a workflow's problems travel as `problems`
 * so the editor can mark its nodes, and a version too low for the changes is a conflict (409).
 */
async function withProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof PipewrightError) || error instanceof HttpError) throw error;
    const details = error.details as { problems?: Problem[] };
    if (error.code === 'CONTRACT_VERSION_TOO_LOW') {
      throw new HttpError(409, error.code, error.message, error.details);
    }
    if (details.problems) {
      const first = details.problems[0];
      const message = `The workflow has ${details.problems.length} problem${details.problems.length === 1 ? '' : 's'}; the first: ${first?.message ?? ''}`;
      throw new HttpError(400, 'WORKFLOW_INVALID', message, {}, details.problems);
    }
    throw error;
  }
}
