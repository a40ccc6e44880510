import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from '../../engine/index.ts';

/**
 * What structured mode asks for unless the user gives another schema: a titled script cut into
 * scenes, each with the words to speak and the shorter words to show. It is written to OpenAI's
 * strict subset (every property required, no extra properties) so that `strict: true` holds.
 */
export const DEFAULT_SCRIPT_SCHEMA: JsonSchema = {
  type: 'object',
  title: 'Video script',
  properties: {
    title: { type: 'string', description: 'A short title for the video.' },
    scenes: {
      type: 'array',
      description: 'The scenes in order.',
      items: {
        type: 'object',
        properties: {
          narration: { type: 'string', description: 'What the voice says in this scene.' },
          caption: { type: 'string', description: 'The words shown on screen.' },
        },
        required: ['narration', 'caption'],
        additionalProperties: false,
      },
    },
  },
  required: ['title', 'scenes'],
  additionalProperties: false,
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * Compiles a schema once per settings object. A draft-07 `$schema` mark is dropped: the keywords
 * a response schema uses mean the same in 2020-12, and Ajv would otherwise refuse the draft.
 */
export function schemaValidator(schema: JsonSchema): ValidateFunction {
  const known = compiled.get(schema);
  if (known) return known;
  const withoutDraft = { ...schema };
  delete withoutDraft.$schema;
  const validate = ajv.compile(withoutDraft);
  compiled.set(schema, validate);
  return validate;
}

/** Why a schema cannot be used, or undefined when Ajv compiles it. */
export function schemaProblem(schema: JsonSchema): string | undefined {
  try {
    schemaValidator(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Ajv's errors as one readable line: `/scenes/0: must have required property 'caption'`. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 3)
    .map((error) => `${error.instancePath || '(root)'}: ${error.message ?? 'is invalid'}`)
    .join('; ');
}

/**
 * The spoken text of a structured script: the scenes' narration, one paragraph each. A schema
 * without scenes has no narration to join, so its JSON text stands in.
 */
export function narrationOf(script: unknown): string {
  const scenes = (script as { scenes?: unknown } | null)?.scenes;
  if (!Array.isArray(scenes)) return JSON.stringify(script);
  return scenes
    .map((scene: unknown) => (scene as { narration?: unknown } | null)?.narration)
    .filter((narration): narration is string => typeof narration === 'string')
    .map((narration) => narration.trim())
    .filter(Boolean)
    .join('\n\n');
}
