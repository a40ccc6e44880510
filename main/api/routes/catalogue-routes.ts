import type { FastifyInstance } from 'fastify';
import { portsFor } from '../../../engine/define-node.ts';
import { canConnect, PORT_COLOURS, PORT_TYPES } from '../../../engine/port-types.ts';
import type { PortType } from '../../../engine/port-types.ts';
import { validateWorkflow } from '../../../engine/validate.ts';
import type { Problem } from '../../../engine/validate.ts';
import { notFound } from '../http-errors.ts';
import { parseBody, resolvePortsBody, validateBody } from '../request-schemas.ts';
import type { StudioDeps } from '../studio-deps.ts';
import type { Catalogue, ResolvePortsResponse, ValidateResponse } from '../types.ts';

/** The palette, the ports a kind has for given settings, and whole-workflow validation. */
export function registerCatalogueRoutes(app: FastifyInstance, deps: StudioDeps): void {
  const { registry } = deps;

  app.get('/api/catalogue', async (): Promise<Catalogue> => {
    return {
      kinds: registry.catalogue(),
      portTypes: [...PORT_TYPES],
      portColours: PORT_COLOURS,
      accepts: acceptsTable(),
    };
  });

  app.post('/api/catalogue/ports', async (request): Promise<ResolvePortsResponse> => {
    const body = parseBody(resolvePortsBody, request.body, 'POST /api/catalogue/ports');
    const kind = registry.get(body.type);
    if (!kind) throw notFound(`The node kind "${body.type}"`, 'body.type');

    const parsed = kind.settings.safeParse(body.settings);
    if (parsed.success) {
      return {
        inputs: portsFor(kind.inputs, parsed.data),
        outputs: portsFor(kind.outputs, parsed.data),
        problems: [],
      };
    }

    const described = registry.describe(body.type)!;
    const problems: Problem[] = parsed.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      return {
        code: 'INVALID_SETTINGS',
        message: `${kind.title}: setting ${field ? `"${field}" ` : ''}${issue.message}`,
        path: field ? `settings.${field}` : 'settings',
        field: field || undefined,
      };
    });
    return { inputs: described.inputs, outputs: described.outputs, problems };
  });

  app.post('/api/validate', async (request): Promise<ValidateResponse> => {
    const body = parseBody(validateBody, request.body, 'POST /api/validate');
    const checked = validateWorkflow(body.document, registry);
    return { ok: checked.ok, problems: checked.problems };
  });
}

function acceptsTable(): Record<PortType, PortType[]> {
  const table = {} as Record<PortType, PortType[]>;
  for (const to of PORT_TYPES) {
    table[to] = PORT_TYPES.filter((from) => canConnect(from, to).ok);
  }
  return table;
}
