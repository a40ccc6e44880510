import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../../engine/index.ts';
import { runStatusSchema } from '../contract/schemas.ts';
import type { OpenApiDocument } from '../contract/generate.ts';

/** The schemas a service checks against, taken out of its own contract document. */
export interface ContractSchemas {
  request: JsonSchema;
  response: JsonSchema;
  problem: JsonSchema;
  runStatus: JsonSchema;
  telegramUpdate?: JsonSchema;
}

export interface ContractValidators {
  response: ValidateFunction;
  runStatus: ValidateFunction;
}

/**
 * The validator every request and response goes through. Fastify's default strips unknown
 * fields silently and coerces types; here nothing is removed or coerced, so a body with a
 * field the contract does not know (`additionalProperties: false`) is a 400 naming that field,
 * and `"3"` is not a number. `verbose` keeps the schema beside each error so that the answer
 * can list the fields the request does take. `strict` is off because a json field may carry a
 * user's own schema with annotations Ajv does not know; an unknown keyword must not stop the
 * service from starting. `validateSchema` is off because checking each schema against the
 * JSON Schema meta-schema first compiles that meta-schema, which took about a fifth of the
 * service's start; the contract's schemas are checked by an OpenAPI validator and a linter at
 * export and in the tests instead, and Ajv still refuses a schema it cannot compile.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    removeAdditional: false,
    coerceTypes: false,
    useDefaults: false,
    allErrors: false,
    verbose: true,
    strict: false,
    validateSchema: false,
  });
  addFormats.default(ajv);
  return ajv;
}

/**
 * The very schema objects the contract holds: the run request and outputs, the problem, and
 * the Telegram update are its component schemas; the run status is assembled from those same
 * objects, where the document itself refers to them by `$ref`.
 */
export function contractSchemas(contract: OpenApiDocument): ContractSchemas {
  const components = (contract.components ?? {}) as { schemas?: Record<string, JsonSchema> };
  const schemas = components.schemas ?? {};
  const pick = (name: string) => {
    const schema = schemas[name];
    if (!schema) throw new Error(`The contract has no component schema "${name}".`);
    return schema;
  };

  const result: ContractSchemas = {
    request: pick('RunRequest'),
    response: pick('RunOutputs'),
    problem: pick('Problem'),
    runStatus: runStatusSchema(pick('RunOutputs'), pick('Problem')),
  };
  if (schemas.TelegramUpdate) result.telegramUpdate = schemas.TelegramUpdate;
  return result;
}

export function compileValidators(ajv: Ajv2020, schemas: ContractSchemas): ContractValidators {
  return { response: ajv.compile(schemas.response), runStatus: ajv.compile(schemas.runStatus) };
}
