import type { CompiledWorkflow, JsonSchema } from '../../engine/index.ts';
import { pipelineFields } from './pipeline-fields.ts';
import type { ContractField, PipelineFields } from './pipeline-fields.ts';
import { RUN_STATES } from './routes.ts';

/**
 * The JSON Schemas (2020-12, the dialect of OpenAPI 3.1) of what an exported service takes and
 * gives. The contract embeds them and the runtime validates with these very objects, so the
 * document and the behaviour have one source. Every schema here stands alone (no `$ref`), so
 * that it compiles as it is with Ajv2020 and ajv-formats in strict mode.
 *
 * Choices a client sees:
 * - Unknown request fields are refused (`additionalProperties: false`): a typo in a field name
 *   is a 400 naming the field, not a silently ignored value.
 * - A media input is a string: an `http(s)` URL the service downloads, or a `data:` URI with
 *   the bytes in base64 (`data:image/png;base64,...`). `contentMediaType` names the medium.
 * - A media output is an object `{ url, mediaType, bytes, sha256, name? }`; `url` is absolute
 *   and points at the service's artifact route, which serves Range requests.
 * - Response objects are open: clients must ignore fields they do not know, which is what
 *   lets a new output be added in a minor version.
 * - A field with a default is optional in the request whatever its `required` says, since the
 *   Input node fills the default in.
 */
export interface PipelineSchemas {
  /** The body of `POST /run` and `POST /runs`: the Input nodes' fields. */
  request: JsonSchema;
  /** The outputs of a finished run: the 200 body of `POST /run` and `outputs` of a run status. */
  response: JsonSchema;
  /** `application/problem+json`: every error body. */
  problem: JsonSchema;
  /** The body of `GET /runs/{runId}` and of the 202 of `POST /runs`. */
  runStatus: JsonSchema;
  health: JsonSchema;
  readiness: JsonSchema;
  /** Present when the pipeline has a Telegram trigger: the webhook's body and answer. */
  telegramUpdate?: JsonSchema;
  telegramAck?: JsonSchema;
  /** The fields the schemas were built from, for the runtime to find media among them. */
  fields: PipelineFields;
}

export function pipelineSchemas(workflow: CompiledWorkflow): PipelineSchemas {
  const fields = pipelineFields(workflow);
  const response = responseSchema(workflow, fields.outputs);
  const problem = problemSchema();
  const schemas: PipelineSchemas = {
    request: requestSchema(workflow, fields.inputs),
    response,
    problem,
    runStatus: runStatusSchema(response, problem),
    health: stateSchema('The service is up.', 'ok'),
    readiness: stateSchema('The service can take runs.', 'ready'),
    fields,
  };
  if (fields.telegramTrigger) {
    schemas.telegramUpdate = telegramUpdateSchema();
    schemas.telegramAck = telegramAckSchema();
  }
  return schemas;
}

export function requestSchema(workflow: CompiledWorkflow, fields: ContractField[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field.name] = inputFieldSchema(field);

  const required = fields.filter(isRequiredInput).map((field) => field.name);
  return compact({
    type: 'object',
    description: `The inputs of a run of ${workflow.document.name}.`,
    required: required.length > 0 ? required : undefined,
    properties,
    additionalProperties: false,
  });
}

export function responseSchema(workflow: CompiledWorkflow, fields: ContractField[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field.name] = outputFieldSchema(field);

  const required = fields.filter((field) => field.required).map((field) => field.name);
  return compact({
    type: 'object',
    description: `The outputs of a finished run of ${workflow.document.name}.`,
    required: required.length > 0 ? required : undefined,
    properties,
  });
}

/** Whether a client must send the field: required, and no default to fall back on. */
export function isRequiredInput(field: ContractField): boolean {
  return field.required && field.default === undefined;
}

const MEDIA_INPUT_PATTERN = '^(?:https?://|data:[^,]*;base64,)';
const SHA256_PATTERN = '^[0-9a-f]{64}$';

function inputFieldSchema(field: ContractField): JsonSchema {
  const shared = compact({
    description: field.description,
    default: field.default,
    examples: field.example === undefined ? undefined : [field.example],
  });
  if (isMedia(field.type)) {
    return compact({
      type: 'string',
      ...shared,
      description: joinText(
        field.description,
        `${field.type === 'image' || field.type === 'audio' ? 'An' : 'A'} ${field.type} as an http(s) URL the service downloads, or a data: URI holding it in base64.`,
      ),
      format: 'uri',
      pattern: MEDIA_INPUT_PATTERN,
      contentMediaType: field.type === 'file' ? undefined : `${field.type}/*`,
    });
  }
  return compact({ ...valueSchema(field), ...shared });
}

function outputFieldSchema(field: ContractField): JsonSchema {
  const shared = compact({
    description: field.description,
    examples: field.example === undefined ? undefined : [field.example],
  });
  if (isMedia(field.type)) return compact({ ...mediaOutputSchema(field.type), ...shared });
  return compact({ ...valueSchema(field), ...shared });
}

function valueSchema(field: ContractField): JsonSchema {
  switch (field.type) {
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'json':
      return withoutDialect(field.schema ?? {});
    default:
      return compact({ type: 'string', enum: field.enum });
  }
}

function mediaOutputSchema(type: ContractField['type']): JsonSchema {
  return {
    type: 'object',
    required: ['url', 'mediaType', 'bytes', 'sha256'],
    properties: {
      url: {
        type: 'string',
        format: 'uri',
        description:
          "Where to fetch it: this service's artifact route, which serves Range requests.",
      },
      mediaType: compact({
        type: 'string',
        pattern: type === 'file' ? undefined : `^${type}/`,
        examples: [EXAMPLE_MEDIA_TYPES[type as keyof typeof EXAMPLE_MEDIA_TYPES]],
      }),
      bytes: { type: 'integer', minimum: 0 },
      sha256: { type: 'string', pattern: SHA256_PATTERN },
      name: { type: 'string', description: 'A file name to suggest when saving it.' },
    },
  };
}

const EXAMPLE_MEDIA_TYPES = {
  image: 'image/png',
  audio: 'audio/mpeg',
  video: 'video/mp4',
  file: 'application/octet-stream',
};

/** RFC 9457 problem details, with Pipewright's code and the place in the request it concerns. */
export function problemSchema(): JsonSchema {
  return {
    type: 'object',
    description:
      "An error as RFC 9457 problem details, with Pipewright's code and what it concerns.",
    required: ['type', 'title', 'status', 'code'],
    properties: {
      type: {
        type: 'string',
        format: 'uri-reference',
        description: 'Names the kind of problem; about:blank when the status says enough.',
      },
      title: { type: 'string', description: 'A short summary, the same for every occurrence.' },
      status: { type: 'integer', minimum: 100, maximum: 599 },
      detail: { type: 'string', description: 'What went wrong this time, naming the field.' },
      instance: { type: 'string', format: 'uri-reference' },
      code: { type: 'string', description: 'A stable code such as INPUT_INVALID.' },
      fault: {
        type: 'string',
        enum: ['user', 'operational', 'unexpected'],
        description: 'Who has to act: the caller, the operator, or the developers.',
      },
      transient: { type: 'boolean', description: 'Whether the same request may succeed later.' },
      field: { type: 'string', description: 'The request field at fault.' },
      path: { type: 'string', description: 'A JSON path into the request body, such as topic.' },
      nodeId: { type: 'string', description: 'The pipeline node that failed.' },
      runId: { type: 'string' },
    },
  };
}

/**
 * A run as `GET /runs/{runId}` reports it. The contract document passes `$ref`s for the outputs
 * and the error so that they appear once under components; the runtime passes the schemas.
 */
export function runStatusSchema(outputs: JsonSchema, error: JsonSchema): JsonSchema {
  const time = { type: 'string', format: 'date-time' };
  return {
    type: 'object',
    description: 'A run and, once it has finished, its outputs or its error.',
    required: ['runId', 'status', 'createdAt'],
    properties: {
      runId: { type: 'string' },
      status: { type: 'string', enum: [...RUN_STATES] },
      createdAt: time,
      startedAt: time,
      finishedAt: time,
      outputs,
      error,
    },
  };
}

function stateSchema(description: string, state: string): JsonSchema {
  return {
    type: 'object',
    description,
    required: ['status'],
    properties: { status: { type: 'string', enum: [state] } },
  };
}

function telegramUpdateSchema(): JsonSchema {
  return {
    type: 'object',
    description: 'A Telegram Bot API Update, as Telegram posts it to the webhook.',
    required: ['update_id'],
    properties: { update_id: { type: 'integer' } },
  };
}

function telegramAckSchema(): JsonSchema {
  return {
    type: 'object',
    description: 'The update was accepted; the run it starts replies in the chat.',
    required: ['ok'],
    properties: { ok: { type: 'boolean' } },
  };
}

function isMedia(type: ContractField['type']): boolean {
  return type === 'image' || type === 'audio' || type === 'video' || type === 'file';
}

/** A json field's own schema, without `$schema`: inside a contract the dialect is OpenAPI's. */
function withoutDialect(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) if (key !== '$schema') result[key] = value;
  return result;
}

function joinText(first: string | undefined, second: string): string {
  return first ? `${first.trim().replace(/\.?$/, '.')} ${second}` : second;
}

/** Drops keys whose value is undefined, so that documents stay small and diff cleanly. */
function compact(record: Record<string, unknown>): JsonSchema {
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) result[key] = value;
  return result;
}
