import { z } from 'zod';
import { isSlug } from '../../engine/ids.ts';
import { HttpError } from './http-errors.ts';

/**
 * The shapes of request bodies. A workflow document is checked here only as far as storing it
 * needs (an id, a name, lists of nodes and edges); its full check is validateWorkflow, whose
 * problems travel back with the answer so that a half-finished pipeline can still be saved.
 */
const slug = z
  .string()
  .refine(isSlug, 'must start with a letter and use only letters, digits, - and _');

export const documentShape = z.looseObject({
  format: z.literal(1),
  id: slug,
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string().optional(),
  nodes: z.array(z.looseObject({ id: z.string(), type: z.string() })),
  edges: z.array(z.unknown()),
});

export const saveWorkflowBody = z.object({
  document: documentShape,
  message: z.string().max(500).optional(),
});

export const importWorkflowBody = z.object({
  text: z.string().min(1),
  id: slug.optional(),
});

export const resolvePortsBody = z.object({
  type: z.string().min(1),
  settings: z.record(z.string(), z.unknown()).default({}),
});

export const validateBody = z.object({ document: z.unknown() });

export const startRunBody = z.object({
  document: z.unknown(),
  inputs: z.record(z.string(), z.unknown()).default({}),
  breakpoints: z.array(z.string()).default([]),
  startFrom: z.string().optional(),
  stopAt: z.string().optional(),
  useCache: z.boolean().default(true),
});

export const exportPreviewBody = z.object({ document: documentShape });

export const exportBody = z.object({
  document: documentShape,
  outDir: z.string().min(1, 'must name a folder'),
  allowBreaking: z.boolean().default(false),
});

export const tryServiceBody = z.object({
  document: documentShape,
  body: z.unknown().default({}),
});

export const putCredentialBody = z.object({
  secret: z.string().min(1, 'must not be empty'),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
});

/** The store checks the name's characters and says which are allowed. */
export const credentialName = z.string().min(1).max(64);

/** Parses a body or answers 400 naming the first field at fault, as `body.inputs.topic`. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, route: string): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  const path = field ? `body.${field}` : 'body';
  throw new HttpError(400, 'INVALID_REQUEST', `${route}: ${path} ${lowerFirst(issue.message)}.`, {
    path,
    field: field || undefined,
  });
}

/** Checks one path parameter against a schema, naming it when it does not fit. */
export function parseParam<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'is invalid';
  throw new HttpError(
    400,
    'INVALID_REQUEST',
    `The path parameter "${name}" ${lowerFirst(message)}.`,
    {
      path: `params.${name}`,
      field: name,
    },
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
