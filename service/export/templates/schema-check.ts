/**
 * Bundled into an export as `test/schema-check.mjs` (with Ajv inside), so that the export's
 * contract tests check answers against `openapi.json` with no dev dependency to install.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const BASE = 'https://contract.invalid/openapi.json';

export interface AnswerCheck {
  ok: boolean;
  /** What did not match, in words, when `ok` is false. */
  problem?: string;
}

/**
 * Checks an answer against what the contract promises for one operation and status: the status
 * must be listed, the media type offered, and a JSON body must match the schema. Schemas are
 * compiled from their place in the document, so their `$ref`s resolve as in the contract.
 */
export function contractChecker(contract: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats.default(ajv);
  ajv.addSchema({ ...contract, $id: BASE });

  return function check(
    method: string,
    path: string,
    status: number,
    contentType: string,
    body: unknown,
  ): AnswerCheck {
    const paths = contract.paths as Record<string, Record<string, unknown>>;
    const operation = paths[path]?.[method.toLowerCase()] as
      { responses?: Record<string, unknown> } | undefined;
    if (!operation) return { ok: false, problem: `the contract has no ${method} ${path}` };

    const listed = operation.responses?.[String(status)];
    if (!listed) return { ok: false, problem: `${method} ${path} does not list status ${status}` };
    const pointer = `/paths/${escape(path)}/${method.toLowerCase()}/responses/${status}`;
    const [responsePointer, response] = follow(contract, pointer, listed);

    const content = (response as { content?: Record<string, unknown> }).content;
    if (!content) return { ok: true };
    const mediaType = contentType.split(';')[0]!.trim();
    const offered = Object.keys(content).find((range) => matches(range, mediaType));
    if (!offered) {
      return { ok: false, problem: `${mediaType} is not offered for ${method} ${path} ${status}` };
    }
    if (!mediaType.endsWith('json')) return { ok: true };

    const schemaPointer = `${responsePointer}/content/${escape(offered)}/schema`;
    const validate = ajv.getSchema(`${BASE}#${schemaPointer}`);
    if (!validate) return { ok: false, problem: `cannot compile the schema at ${schemaPointer}` };
    if (validate(body)) return { ok: true };
    const first = validate.errors?.[0];
    return { ok: false, problem: `${first?.instancePath || 'body'} ${first?.message ?? ''}` };
  };
}

/** Follows a `$ref` to a local component; answers the pointer of what it lands on. */
function follow(
  contract: Record<string, unknown>,
  pointer: string,
  value: unknown,
): [string, unknown] {
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return [pointer, value];
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) =>
        (node as Record<string, unknown>)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')],
      contract,
    );
  const next = ref
    .slice(1)
    .split('/')
    .map((key) => encodeURIComponent(key))
    .join('/');
  return follow(contract, next, target);
}

/** A JSON Pointer segment as it stands in a URI fragment. */
function escape(segment: string): string {
  return encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));
}

function matches(range: string, mediaType: string): boolean {
  if (range === mediaType || range === '*/*') return true;
  return range.endsWith('/*') && mediaType.startsWith(range.slice(0, -1));
}
