import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWorkflowText, validateWorkflow } from '../../../engine/validate.ts';
import { serializeWorkflow } from '../../../engine/workflow.ts';
import type { WorkflowDocument } from '../../../engine/workflow.ts';
import type { SavedWorkflow } from '../backend.ts';
import { HttpError, notFound } from '../http-errors.ts';
import {
  documentShape,
  importWorkflowBody,
  parseBody,
  parseParam,
  saveWorkflowBody,
} from '../request-schemas.ts';
import { pathOf } from '../security.ts';
import type { StudioDeps } from '../studio-deps.ts';
import type { WorkflowRecord } from '../types.ts';

/**
 * Problems an imported file may carry, as a saved one may: the editor shows each on its node and
 * the user fixes it there (a credential saved only on the machine the file came from, an input
 * left unwired). Anything else (bad JSON, an unknown node kind, an edge to no node) is refused.
 */
const FIXABLE_IN_EDITOR = new Set([
  'MISSING_INPUT',
  'INVALID_SETTINGS',
  'UNKNOWN_CREDENTIAL',
  'MULTIPLE_ENTRIES',
  'CYCLE',
]);

type IdParams = { id: string };
type VersionParams = { id: string; revision: string };

/** Saved workflows: list, open, save (a new version each time), versions, import, export. */
export function registerWorkflowRoutes(app: FastifyInstance, deps: StudioDeps): void {
  const { backend, registry } = deps;

  const record = (saved: SavedWorkflow): WorkflowRecord => {
    const checked = validateWorkflow(saved.document, registry);
    return { ...saved, problems: checked.problems };
  };

  const load = async (id: string, path: string) => {
    const saved = await backend.workflows.get(id);
    if (!saved) throw notFound(`The workflow "${id}"`, path);
    return saved;
  };

  app.get('/api/workflows', async () => backend.workflows.list());

  app.get<{ Params: IdParams }>('/api/workflows/:id', async (request) =>
    record(await load(request.params.id, pathOf(request))),
  );

  app.put<{ Params: IdParams }>('/api/workflows/:id', async (request) => {
    const body = parseBody(saveWorkflowBody, request.body, 'PUT /api/workflows/:id');
    if (body.document.id !== request.params.id) {
      throw new HttpError(
        400,
        'ID_MISMATCH',
        `body.document.id is "${body.document.id}" but the address names "${request.params.id}".`,
        { path: 'body.document.id', field: 'id' },
      );
    }
    const document = body.document as unknown as WorkflowDocument;
    return record(await backend.workflows.save(document, body.message));
  });

  app.delete<{ Params: IdParams }>('/api/workflows/:id', async (request, reply) => {
    const removed = await backend.workflows.remove(request.params.id);
    if (!removed) throw notFound(`The workflow "${request.params.id}"`, pathOf(request));
    return reply.code(204).send();
  });

  app.get<{ Params: IdParams }>('/api/workflows/:id/versions', async (request) => {
    const versions = await backend.workflows.versions(request.params.id);
    if (!versions) throw notFound(`The workflow "${request.params.id}"`, pathOf(request));
    return versions;
  });

  app.get<{ Params: VersionParams }>('/api/workflows/:id/versions/:revision', async (request) => {
    const revision = parseParam(
      z.coerce.number().int().min(1),
      request.params.revision,
      'revision',
    );
    const version = await backend.workflows.version(request.params.id, revision);
    if (!version) {
      throw notFound(
        `Revision ${revision} of the workflow "${request.params.id}"`,
        pathOf(request),
      );
    }
    return version;
  });

  app.post('/api/workflows/import', async (request) => {
    const body = parseBody(importWorkflowBody, request.body, 'POST /api/workflows/import');
    const checked = parseWorkflowText(body.text, registry);
    const blocking = checked.problems.filter((problem) => !FIXABLE_IN_EDITOR.has(problem.code));
    // Without a blocking problem the text is JSON (a syntax error would be one).
    const raw: unknown = checked.ok
      ? checked.workflow.document
      : blocking.length === 0
        ? JSON.parse(body.text)
        : undefined;
    const shaped = documentShape.safeParse(raw);
    if (blocking.length > 0 || !shaped.success) {
      const count = checked.problems.length;
      throw new HttpError(
        422,
        'INVALID_WORKFLOW',
        `The file was not imported: ${count} problem${count === 1 ? '' : 's'} to fix first.`,
        { path: 'body.text' },
        checked.problems,
      );
    }
    const file = shaped.data as unknown as WorkflowDocument;
    const document = { ...file, id: body.id ?? file.id };
    return record(await backend.workflows.save(document, 'Imported'));
  });

  app.get<{ Params: IdParams }>('/api/workflows/:id/export', async (request, reply) => {
    const saved = await load(request.params.id, pathOf(request));
    return reply
      .header('Content-Type', 'application/json; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${saved.document.id}.json"`)
      .send(serializeWorkflow(saved.document));
  });
}
