import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { serializeWorkflow } from '../../engine/index.ts';
import { generateContract, serializeContract } from '../../service/contract/generate.ts';
import type { OpenApiDocument } from '../../service/contract/generate.ts';
import {
  CONTRACT_ROUTES,
  PROBLEM_MEDIA_TYPE,
  TELEGRAM_SECRET_HEADER,
} from '../../service/contract/routes.ts';
import { compile, contractOf, pipelineDocument } from './contract-workflows.ts';
import type { PipelineSpec } from './contract-workflows.ts';

const MEDIA: PipelineSpec = {
  inputs: [
    { name: 'topic', type: 'text' },
    { name: 'cover', type: 'image', required: false, description: 'A picture to show' },
    { name: 'score', type: 'audio', required: false },
    { name: 'attachment', type: 'file', required: false },
  ],
  outputs: [
    { name: 'story', type: 'text' },
    { name: 'cover', type: 'image', required: false },
    { name: 'score', type: 'audio', required: false },
    { name: 'clip', type: 'video', required: false, description: 'The rendered clip.' },
  ],
};

const JSON_FIELD: PipelineSpec = {
  inputs: [
    { name: 'topic', type: 'text' },
    {
      name: 'options',
      type: 'json',
      required: false,
      schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { words: { type: 'integer', minimum: 1 } },
      },
    },
  ],
};

const SAMPLES = readdirSync('workflows').filter((name) => name.endsWith('.json'));

/** Every shape of contract a pipeline can give, and the samples', each checked by both tools. */
const VARIANTS: Array<[string, OpenApiDocument]> = [
  ['plain', contractOf()],
  ['api key and server', contractOf({}, { apiKey: true, serverUrl: 'https://stories.example' })],
  ['telegram trigger', contractOf({ telegram: true })],
  ['telegram trigger and api key', contractOf({ telegram: true }, { apiKey: true })],
  ['media in and out', contractOf(MEDIA, { apiKey: true })],
  ['json field with a schema', contractOf(JSON_FIELD)],
  ['no input fields', contractOf({ inputs: [], description: 'Writes one story.' })],
  ...SAMPLES.map((file): [string, OpenApiDocument] => [
    `sample ${file}`,
    generateContract(compile(JSON.parse(readFileSync(join('workflows', file), 'utf8'))), {
      apiKey: true,
    }),
  ]),
];

describe('generated contracts', () => {
  it.each(VARIANTS)('pass the OpenAPI 3.1 schema validator (%s)', async (_name, document) => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(serializeContract(document)));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('pass redocly lint with the committed config, without errors or warnings', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pipewright-contract-'));
    const files: string[] = [];
    for (const [index, [, document]] of VARIANTS.entries()) {
      const file = join(folder, `contract-${index}.json`);
      await writeFile(file, serializeContract(document));
      files.push(file);
    }

    const reports = await redoclyLint(files);
    expect(reports).toHaveLength(VARIANTS.length);
    for (const report of reports) {
      expect(report.problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    }
  });

  it('are the same text every time for the same workflow, whatever its settings key order', () => {
    const document = pipelineDocument(MEDIA);
    const reordered = JSON.parse(serializeWorkflow(document));
    for (const node of reordered.nodes) {
      node.settings = Object.fromEntries(Object.entries(node.settings).reverse());
    }

    const first = serializeContract(generateContract(compile(document), { apiKey: true }));
    const second = serializeContract(generateContract(compile(reordered), { apiKey: true }));
    expect(second).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
  });
});

describe('the contract document', () => {
  it('takes its title, version and description from the workflow', () => {
    const document = contractOf({
      name: 'Bedtime stories',
      version: '2.3.1',
      description: 'Short stories for children.',
    });
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('Bedtime stories');
    expect(document.info.version).toBe('2.3.1');
    expect(document.info.description).toContain('Short stories for children.');
    expect(document.info.description).toContain('"story-teller"');
  });

  it('names every operation after the workflow id', () => {
    const document = contractOf({ id: 'bedtime_stories', telegram: true });
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((operation) => (operation as { operationId: string }).operationId),
    );
    expect(ids).toEqual([
      'runBedtimeStories',
      'startBedtimeStoriesRun',
      'getBedtimeStoriesRun',
      'getBedtimeStoriesArtifact',
      'receiveBedtimeStoriesTelegramUpdate',
      'getBedtimeStoriesHealth',
      'getBedtimeStoriesReadiness',
      'getBedtimeStoriesContract',
    ]);
  });

  it('has the routes of CONTRACT_ROUTES, the Telegram webhook only with a Telegram trigger', () => {
    const routes = (document: OpenApiDocument) =>
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      );
    const all = Object.values(CONTRACT_ROUTES).map((route) => `${route.method} ${route.path}`);
    const webhook = `POST ${CONTRACT_ROUTES.telegramWebhook.path}`;

    expect(routes(contractOf({ telegram: true })).sort()).toEqual([...all].sort());
    expect(routes(contractOf()).sort()).toEqual(all.filter((route) => route !== webhook).sort());
  });

  it('answers a synchronous run with the outputs and an asynchronous one with 202 and Location', () => {
    const document = contractOf();
    const sync = operation(document, 'post', CONTRACT_ROUTES.runSync.path);
    const async = operation(document, 'post', CONTRACT_ROUTES.runAsync.path);
    const status = operation(document, 'get', CONTRACT_ROUTES.runStatus.path);

    expect(dig(sync, 'responses', '200', 'content', 'application/json', 'schema')).toEqual(
      ref('schemas', 'RunOutputs'),
    );
    expect(dig(sync, 'responses', '200', 'headers', 'Content-Location')).toBeDefined();
    expect(dig(async, 'responses', '202', 'headers', 'Location')).toEqual(
      ref('headers', 'Location'),
    );
    expect(dig(document, 'components', 'headers', 'Location', 'required')).toBe(true);
    expect(dig(async, 'responses', '202', 'content', 'application/json', 'schema')).toEqual(
      ref('schemas', 'RunStatus'),
    );
    expect(dig(status, 'parameters')).toEqual([ref('parameters', 'RunId')]);
    expect(Object.keys(dig(status, 'responses') as object)).toEqual(['200', '404']);
    expect(dig(document, 'components', 'schemas', 'RunStatus', 'properties', 'outputs')).toEqual(
      ref('schemas', 'RunOutputs'),
    );
  });

  it('answers every error as application/problem+json with the Problem schema', () => {
    const document = contractOf({ telegram: true }, { apiKey: true });
    let errors = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of Object.keys(item)) {
        const responses = dig(document, 'paths', path, method, 'responses') as object;
        for (const [status, reference] of Object.entries(responses)) {
          if (Number(status) < 400) continue;
          const name = String((reference as { $ref: string }).$ref.split('/').pop());
          const content = dig(document, 'components', 'responses', name, 'content') as object;
          expect(Object.keys(content)).toEqual([PROBLEM_MEDIA_TYPE]);
          expect(dig(content, PROBLEM_MEDIA_TYPE, 'schema')).toEqual(ref('schemas', 'Problem'));
          errors += 1;
        }
      }
    }
    expect(errors).toBeGreaterThan(15);
    expect(dig(document, 'components', 'schemas', 'Problem', 'required')).toEqual([
      'type',
      'title',
      'status',
      'code',
    ]);
  });

  it('serves artifacts with Range requests and the content types of the media outputs', () => {
    const artifact = operation(contractOf(MEDIA), 'get', CONTRACT_ROUTES.artifact.path);
    const plain = operation(contractOf(), 'get', CONTRACT_ROUTES.artifact.path);

    expect(dig(artifact, 'parameters')).toEqual([
      ref('parameters', 'Sha256'),
      ref('parameters', 'Range'),
    ]);
    expect(dig(contractOf(MEDIA), 'components', 'parameters', 'Range')).toMatchObject({
      in: 'header',
      required: false,
    });
    expect(Object.keys(dig(artifact, 'responses') as object)).toEqual(['200', '206', '404', '416']);
    expect(Object.keys(dig(artifact, 'responses', '206', 'headers') as object)).toContain(
      'Content-Range',
    );
    expect(Object.keys(dig(artifact, 'responses', '200', 'content') as object)).toEqual([
      'application/octet-stream',
      'audio/*',
      'image/*',
      'video/*',
    ]);
    expect(Object.keys(dig(plain, 'responses', '200', 'content') as object)).toEqual([
      'application/octet-stream',
    ]);
  });

  it('asks for a bearer API key on runs and artifacts only when told to', () => {
    const open = contractOf();
    const guarded = contractOf({}, { apiKey: true });

    expect(open.security).toEqual([]);
    expect(open.components.securitySchemes).toEqual({});
    expect(Object.keys(dig(open, 'paths', '/run', 'post', 'responses') as object)).not.toContain(
      '401',
    );

    expect(guarded.security).toEqual([{ apiKey: [] }]);
    expect(guarded.components.securitySchemes.apiKey).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const [method, path] of [
      ['post', '/run'],
      ['post', '/runs'],
      ['get', '/runs/{runId}'],
      ['get', '/artifacts/{sha256}'],
    ] as const) {
      expect(dig(guarded, 'paths', path, method, 'security')).toBeUndefined();
      expect(Object.keys(dig(guarded, 'paths', path, method, 'responses') as object)).toContain(
        '401',
      );
    }
    for (const path of ['/health', '/ready', '/openapi.json']) {
      expect(dig(guarded, 'paths', path, 'get', 'security')).toEqual([]);
    }
  });

  it('guards the Telegram webhook with the secret token header, not the API key', () => {
    const document = contractOf({ telegram: true }, { apiKey: true });
    const webhook = operation(document, 'post', CONTRACT_ROUTES.telegramWebhook.path);

    expect(dig(webhook, 'security')).toEqual([{ telegramSecret: [] }]);
    expect(document.components.securitySchemes.telegramSecret).toEqual({
      type: 'apiKey',
      in: 'header',
      name: TELEGRAM_SECRET_HEADER,
      description: expect.any(String),
    });
    expect(Object.keys(dig(webhook, 'responses') as object)).toEqual(['200', '400', '401', '503']);
    expect(document.components.schemas.TelegramUpdate?.required).toEqual(['update_id']);
  });

  it('gives an example request built from the fields’ examples when they cover the required ones', () => {
    const example = (document: OpenApiDocument) =>
      dig(
        document,
        'components',
        'requestBodies',
        'RunRequest',
        'content',
        'application/json',
        'example',
      );
    expect(example(contractOf())).toEqual({ topic: 'a lost cat', length: 3 });
    const uncovered = contractOf({
      inputs: [{ name: 'topic' }, { name: 'mood', example: 'calm' }],
    });
    expect(example(uncovered)).toBeUndefined();
  });

  it('lists only the shared error answers its operations use', () => {
    expect(Object.keys(contractOf().components.responses)).not.toContain('Unauthorized');
    expect(Object.keys(contractOf({}, { apiKey: true }).components.responses)).toContain(
      'Unauthorized',
    );
  });

  it('refuses two Output nodes that give one field two types, naming both', () => {
    const document = pipelineDocument({ outputs: [{ name: 'story', type: 'text' }] });
    document.nodes.push({
      id: 'extra',
      type: 'output',
      position: { x: 600, y: 0 },
      settings: { fields: [{ name: 'story', type: 'number', required: false }] },
    });
    expect(() => generateContract(compile(document))).toThrow(
      expect.objectContaining({
        code: 'CONTRACT_FIELD_CONFLICT',
        message: expect.stringMatching(/"out" and "extra".*"story".*text.*number/),
        details: { nodeId: 'extra', field: 'story' },
      }),
    );
  });

  it('uses the server URL it is given', () => {
    expect(contractOf({}, { serverUrl: 'https://stories.example' }).servers).toEqual([
      { url: 'https://stories.example' },
    ]);
  });
});

function operation(document: OpenApiDocument, method: string, path: string): unknown {
  return dig(document, 'paths', path, method);
}

/** The value at a path of keys into JSON, or undefined where the path leads nowhere. */
function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function ref(section: string, name: string) {
  return { $ref: `#/components/${section}/${name}` };
}

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: unknown[];
}

const run = promisify(execFile);

/** Lints with the CLI as CI would, offline; one report per file. */
async function redoclyLint(files: string[]): Promise<LintReport[]> {
  const result = await run(
    'node_modules/.bin/redocly',
    ['lint', '--config', 'service/contract/redocly.yaml', '--format', 'json', ...files],
    {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  // One JSON report per file, printed back to back.
  return result.stdout
    .split(/(?<=\})\s*(?=\{\s*"totals")/)
    .map((text) => JSON.parse(text) as LintReport);
}
