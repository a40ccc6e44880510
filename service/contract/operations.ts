import { ref } from './components.ts';
import type { ProblemResponse } from './components.ts';
import { isRequiredInput } from './schemas.ts';
import type { PipelineSchemas } from './schemas.ts';
import { CONTRACT_ROUTES, SECURITY_SCHEMES, operationId } from './routes.ts';
import type { ContractRoute } from './routes.ts';

/**
 * The operations of a service's contract, one function per route. Each lists the statuses the
 * runtime may answer with; the shared problem answers are referred to by name.
 */

/** What every operation has in common: its id, tag and security, and its error answers. */
export class OperationBuilder {
  /** The shared problem answers referenced so far; only these go under components. */
  readonly usedProblems = new Set<ProblemResponse>();

  constructor(
    private readonly workflowId: string,
    private readonly apiKey: boolean,
  ) {}

  operation(
    route: ContractRoute,
    tag: string,
    text: { summary: string; description?: string },
    access: 'key' | 'public' | 'telegram',
  ): Record<string, unknown> {
    const operation: Record<string, unknown> = {
      operationId: operationId(this.workflowId, route),
      tags: [tag],
      summary: text.summary,
    };
    if (text.description) operation.description = text.description;
    if (access === 'public' && this.apiKey) operation.security = [];
    if (access === 'telegram') operation.security = [{ [SECURITY_SCHEMES.telegramSecret]: [] }];
    return operation;
  }

  /** Problem answers by status; 401 joins them only where an API key guards the route. */
  problems(list: Array<[number, ProblemResponse]>, access: 'key' | 'public' | 'telegram') {
    const responses: Record<string, unknown> = {};
    const withKey: Array<[number, ProblemResponse]> =
      (access === 'key' && this.apiKey) || access === 'telegram'
        ? [...list, [401, 'Unauthorized']]
        : list;
    for (const [status, name] of withKey.sort(([a], [b]) => a - b)) {
      responses[String(status)] = ref('responses', name);
      this.usedProblems.add(name);
    }
    return responses;
  }
}

export function runSync(build: OperationBuilder, name: string) {
  return {
    ...build.operation(
      CONTRACT_ROUTES.runSync,
      'runs',
      {
        summary: `Run ${name} and wait for its outputs`,
        description:
          'Starts a run and answers when it has finished. For long runs, prefer POST /runs and poll.',
      },
      'key',
    ),
    requestBody: ref('requestBodies', 'RunRequest'),
    responses: {
      '200': {
        description: 'The run finished; these are its outputs.',
        headers: { 'Content-Location': ref('headers', 'ContentLocation') },
        content: { 'application/json': { schema: ref('schemas', 'RunOutputs') } },
      },
      ...build.problems(
        [
          [400, 'BadRequest'],
          [413, 'PayloadTooLarge'],
          [415, 'UnsupportedMediaType'],
          [422, 'RunFailed'],
          [500, 'ServerError'],
          [502, 'UpstreamFailed'],
          [503, 'Unavailable'],
        ],
        'key',
      ),
    },
  };
}

export function runAsync(build: OperationBuilder, name: string) {
  return {
    ...build.operation(
      CONTRACT_ROUTES.runAsync,
      'runs',
      {
        summary: `Start a run of ${name}`,
        description: 'Queues a run and answers at once; follow Location for its status.',
      },
      'key',
    ),
    requestBody: ref('requestBodies', 'RunRequest'),
    responses: {
      '202': {
        description: 'The run is queued.',
        headers: { Location: ref('headers', 'Location') },
        content: { 'application/json': { schema: ref('schemas', 'RunStatus') } },
      },
      ...build.problems(
        [
          [400, 'BadRequest'],
          [413, 'PayloadTooLarge'],
          [415, 'UnsupportedMediaType'],
          [500, 'ServerError'],
          [503, 'Unavailable'],
        ],
        'key',
      ),
    },
  };
}

export function runStatus(build: OperationBuilder) {
  return {
    ...build.operation(CONTRACT_ROUTES.runStatus, 'runs', { summary: 'Get a run' }, 'key'),
    parameters: [ref('parameters', 'RunId')],
    responses: {
      '200': {
        description: 'The run, with its outputs or error once it has finished.',
        content: { 'application/json': { schema: ref('schemas', 'RunStatus') } },
      },
      ...build.problems([[404, 'NotFound']], 'key'),
    },
  };
}

export function artifact(build: OperationBuilder, schemas: PipelineSchemas) {
  const content = artifactContent(schemas);
  const common = {
    'Accept-Ranges': ref('headers', 'AcceptRanges'),
    'Content-Length': ref('headers', 'ContentLength'),
    ETag: ref('headers', 'ETag'),
  };
  return {
    ...build.operation(
      CONTRACT_ROUTES.artifact,
      'artifacts',
      {
        summary: 'Download a media output',
        description: 'Serves the bytes of a media output; a Range header asks for part of them.',
      },
      'key',
    ),
    parameters: [ref('parameters', 'Sha256'), ref('parameters', 'Range')],
    responses: {
      '200': { description: 'The whole artifact.', headers: common, content },
      '206': {
        description: 'The requested range of the artifact.',
        headers: { ...common, 'Content-Range': ref('headers', 'ContentRange') },
        content,
      },
      ...build.problems(
        [
          [404, 'NotFound'],
          [416, 'RangeNotSatisfiable'],
        ],
        'key',
      ),
    },
  };
}

export function telegramWebhook(build: OperationBuilder) {
  return {
    ...build.operation(
      CONTRACT_ROUTES.telegramWebhook,
      'telegram',
      {
        summary: 'Receive a Telegram update',
        description:
          'Telegram posts updates here; each one starts a run. The secret token header must match.',
      },
      'telegram',
    ),
    requestBody: {
      required: true,
      content: { 'application/json': { schema: ref('schemas', 'TelegramUpdate') } },
    },
    responses: {
      '200': {
        description: 'The update was accepted.',
        content: { 'application/json': { schema: ref('schemas', 'TelegramAck') } },
      },
      ...build.problems(
        [
          [400, 'BadRequest'],
          [503, 'Unavailable'],
        ],
        'telegram',
      ),
    },
  };
}

export function health(build: OperationBuilder) {
  return {
    ...build.operation(CONTRACT_ROUTES.health, 'service', { summary: 'Liveness' }, 'public'),
    responses: {
      '200': jsonResponse('The process is up.', 'Health'),
      ...build.problems([[500, 'ServerError']], 'public'),
    },
  };
}

export function ready(build: OperationBuilder) {
  return {
    ...build.operation(CONTRACT_ROUTES.ready, 'service', { summary: 'Readiness' }, 'public'),
    responses: {
      '200': jsonResponse('The service can take runs.', 'Readiness'),
      ...build.problems([[503, 'Unavailable']], 'public'),
    },
  };
}

export function contract(build: OperationBuilder) {
  return {
    ...build.operation(
      CONTRACT_ROUTES.contract,
      'service',
      { summary: 'This contract', description: 'The OpenAPI 3.1 document of this service.' },
      'public',
    ),
    responses: {
      '200': {
        description: 'The OpenAPI document.',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
      ...build.problems([[500, 'ServerError']], 'public'),
    },
  };
}

function jsonResponse(description: string, schema: string) {
  return { description, content: { 'application/json': { schema: ref('schemas', schema) } } };
}

export function runRequestBody(schemas: PipelineSchemas) {
  const media: Record<string, unknown> = { schema: ref('schemas', 'RunRequest') };
  const example = requestExample(schemas);
  if (example) media.example = example;
  return {
    description:
      'The inputs of the run. A field this schema does not name is refused with 400 problem+json naming it, never dropped in silence: a typo must not run the pipeline on defaults.',
    required: true,
    content: { 'application/json': media },
  };
}

/** An example body from the fields' examples, when they cover every field a client must send. */
function requestExample(schemas: PipelineSchemas): Record<string, unknown> | undefined {
  const example: Record<string, unknown> = {};
  for (const field of schemas.fields.inputs) {
    if (field.example !== undefined) example[field.name] = field.example;
    else if (isRequiredInput(field)) return undefined;
  }
  return Object.keys(example).length > 0 ? example : undefined;
}

/** The media types the artifact route serves: those of the pipeline's media outputs. */
function artifactContent(schemas: PipelineSchemas): Record<string, unknown> {
  const ranges = new Set<string>();
  for (const field of schemas.fields.outputs) {
    if (field.type === 'image' || field.type === 'audio' || field.type === 'video') {
      ranges.add(`${field.type}/*`);
    }
  }
  // Always served: file outputs, and any artifact whose medium is not known more closely.
  // Keeping it when the first image or video output arrives keeps that addition non-breaking.
  ranges.add('application/octet-stream');

  const content: Record<string, unknown> = {};
  for (const range of [...ranges].sort()) {
    content[range] = { schema: { type: 'string', contentMediaType: range } };
  }
  return content;
}
