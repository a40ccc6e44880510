import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { userError } from '../../engine/index.ts';
import type { Field } from './fields.ts';

/**
 * Checks a json field's value against the JSON Schema the field declares, as the exported
 * service checks its requests, so that a run in the studio or the CLI refuses what the service
 * would refuse. Nothing is removed, coerced or filled in.
 */
/** Made on the first json field with a schema: most runs never need it. */
let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

export function checkJsonField(field: Field, value: unknown): void {
  if (field.type !== 'json' || !field.schema) return;
  const validate = validatorFor(field.name, field.schema);
  if (validate(value)) return;
  const first = validate.errors?.[0];
  const where = first?.instancePath ? ` at ${first.instancePath}` : '';
  throw userError(
    'INPUT_INVALID',
    `The input "${field.name}" does not match its schema${where}: it ${first?.message ?? 'is not valid'}.`,
    { field: field.name, path: `${field.name}${first?.instancePath ?? ''}` },
  );
}

function validatorFor(name: string, schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate) return validate;
  try {
    ajv ??= new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
    validate = ajv.compile(schema);
  } catch (error) {
    throw userError(
      'INPUT_SCHEMA_INVALID',
      `The schema of the input "${name}" cannot be used: ${(error as Error).message}.`,
      { field: `${name}.schema` },
    );
  }
  compiled.set(schema, validate);
  return validate;
}
