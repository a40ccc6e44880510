import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../service/contract/diff.ts';
import type { ContractChange } from '../../service/contract/diff.ts';
import { contractOf, STORY_INPUTS, STORY_OUTPUTS } from './contract-workflows.ts';
import type { FieldSpec, PipelineSpec } from './contract-workflows.ts';

function diff(before: PipelineSpec, after: PipelineSpec): ContractChange[] {
  return diffContracts(contractOf(before), contractOf(after));
}

function withInput(name: string, change: Partial<FieldSpec> | null): FieldSpec[] {
  return STORY_INPUTS.flatMap((field) =>
    field.name !== name ? [field] : change ? [{ ...field, ...change }] : [],
  );
}

const breaking = (code: string, path: string) =>
  expect.objectContaining({ kind: 'breaking', bump: 'major', code, path });
const addition = (code: string, path: string) =>
  expect.objectContaining({ kind: 'non-breaking', bump: 'minor', code, path });
const wording = (code: string, path: string) =>
  expect.objectContaining({ kind: 'non-breaking', bump: 'patch', code, path });

const kinds = (changes: ContractChange[]) => new Set(changes.map((change) => change.kind));

describe('diffContracts: breaking changes', () => {
  it('finds a removed response field', () => {
    const changes = diff(
      { outputs: [...STORY_OUTPUTS, { name: 'title', type: 'text', required: false }] },
      {},
    );
    expect(changes).toContainEqual(breaking('response-field-removed', 'RunOutputs.title'));
    expect(changes.find((change) => change.code === 'response-field-removed')?.message).toBe(
      'The response field "title" was removed.',
    );
  });

  it('reports a change to a schema shared by several operations once, under its name', () => {
    const changes = diff(
      { outputs: [...STORY_OUTPUTS, { name: 'title', type: 'text', required: false }] },
      {},
    );
    // RunOutputs is the 200 of POST /run and part of RunStatus for POST /runs and GET /runs/{id}.
    expect(changes.filter((change) => change.code === 'response-field-removed')).toHaveLength(1);
  });

  it('finds a retyped request field', () => {
    const changes = diff({}, { inputs: withInput('length', { type: 'text' }) });
    expect(changes).toContainEqual(breaking('type-changed', 'RunRequest.length'));
    expect(changes.find((change) => change.code === 'type-changed')?.message).toBe(
      'The request field "length" changed type from number to string.',
    );
  });

  it('finds a retyped response field', () => {
    const before = {
      outputs: [...STORY_OUTPUTS, { name: 'words', type: 'number' as const, required: false }],
    };
    const after = {
      outputs: [...STORY_OUTPUTS, { name: 'words', type: 'text' as const, required: false }],
    };
    expect(diff(before, after)).toContainEqual(breaking('type-changed', 'RunOutputs.words'));
  });

  it('finds a medium swapped for another, in the request and in the response', () => {
    const before: PipelineSpec = {
      inputs: [{ name: 'topic' }, { name: 'cover', type: 'image', required: false }],
      outputs: [...STORY_OUTPUTS, { name: 'cover', type: 'image', required: false }],
    };
    const after: PipelineSpec = {
      inputs: [{ name: 'topic' }, { name: 'cover', type: 'video', required: false }],
      outputs: [...STORY_OUTPUTS, { name: 'cover', type: 'video', required: false }],
    };
    const changes = diff(before, after);
    expect(changes).toContainEqual(breaking('content-media-type-changed', 'RunRequest.cover'));
    expect(changes).toContainEqual(breaking('pattern-changed', 'RunOutputs.cover.mediaType'));
    expect(changes).toContainEqual(
      breaking('media-type-removed', 'GET /artifacts/{sha256} 200 image/*'),
    );
    expect(changes).toContainEqual(
      addition('media-type-added', 'GET /artifacts/{sha256} 200 video/*'),
    );
  });

  it('finds a new required request field', () => {
    const changes = diff({}, { inputs: [...STORY_INPUTS, { name: 'hero', type: 'text' }] });
    expect(changes).toContainEqual(breaking('required-field-added', 'RunRequest.hero'));
  });

  it('finds an optional request field made required', () => {
    const changes = diff({}, { inputs: withInput('length', { required: true }) });
    expect(changes).toContainEqual(breaking('field-became-required', 'RunRequest.length'));
  });

  it('finds a default taken away, which makes a field required', () => {
    const changes = diff({}, { inputs: withInput('tone', { default: undefined }) });
    expect(changes).toContainEqual(breaking('field-became-required', 'RunRequest.tone'));
  });

  it('finds a narrowed enum', () => {
    const changes = diff({}, { inputs: withInput('tone', { enum: ['calm'] }) });
    expect(changes).toContainEqual(breaking('enum-value-removed', 'RunRequest.tone'));
    expect(changes.find((change) => change.code === 'enum-value-removed')?.message).toBe(
      'The request field "tone" no longer allows "wild".',
    );
  });

  it('finds an enum put on a field that took any text', () => {
    const changes = diff({}, { inputs: withInput('topic', { enum: ['cats', 'dogs'] }) });
    expect(changes).toContainEqual(breaking('enum-added', 'RunRequest.topic'));
  });

  it('finds a removed route', () => {
    const before = contractOf({ telegram: true });
    const after = contractOf({ telegram: true });
    delete after.paths['/runs/{runId}'];
    const changes = diffContracts(before, after);
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'breaking',
        code: 'route-removed',
        path: 'GET /runs/{runId}',
        message: 'The route GET /runs/{runId} was removed.',
      }),
    ]);
    expect(diffContracts(before, contractOf())).toContainEqual(
      breaking('route-removed', 'POST /telegram/webhook'),
    );
  });

  it('finds a removed status', () => {
    const after = contractOf();
    const sync = after.paths['/run']!.post as { responses: Record<string, unknown> };
    delete sync.responses['422'];
    expect(diffContracts(contractOf(), after)).toEqual([
      expect.objectContaining({ kind: 'breaking', code: 'status-removed', path: 'POST /run 422' }),
    ]);
  });

  it('finds a removed media type', () => {
    const after = contractOf();
    const status = after.paths['/runs/{runId}']!.get as {
      responses: { '200': { content: Record<string, unknown> } };
    };
    status.responses['200'].content = {
      'application/xml': status.responses['200'].content['application/json'],
    };
    const changes = diffContracts(contractOf(), after);
    expect(changes).toContainEqual(
      breaking('media-type-removed', 'GET /runs/{runId} 200 application/json'),
    );
    expect(changes).toContainEqual(
      addition('media-type-added', 'GET /runs/{runId} 200 application/xml'),
    );
  });

  it('finds an API key newly demanded', () => {
    const changes = diffContracts(contractOf(), contractOf({}, { apiKey: true }));
    expect(changes).toContainEqual(breaking('security-added', 'POST /run'));
    expect(changes).toContainEqual(breaking('security-added', 'GET /artifacts/{sha256}'));
    expect(changes.filter((change) => change.code === 'security-added')).toHaveLength(4);
  });

  it('finds changed operation ids, which generated clients depend on', () => {
    const changes = diff({}, { id: 'story-writer' });
    expect(changes).toContainEqual(breaking('operation-id-changed', 'POST /run'));
  });

  it('finds a request constraint tightened inside a json field’s schema', () => {
    const options = (minimum: number): FieldSpec => ({
      name: 'options',
      type: 'json',
      required: false,
      schema: { type: 'object', properties: { words: { type: 'integer', minimum } } },
    });
    const changes = diff(
      { inputs: [...STORY_INPUTS, options(1)] },
      { inputs: [...STORY_INPUTS, options(10)] },
    );
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'breaking', path: 'RunRequest.options.words' }),
    ]);
  });
});

describe('diffContracts: non-breaking changes', () => {
  it('finds nothing between a contract and itself', () => {
    expect(diffContracts(contractOf(), contractOf())).toEqual([]);
  });

  it('finds an added optional request field', () => {
    const changes = diff({}, { inputs: [...STORY_INPUTS, { name: 'hero', required: false }] });
    expect(changes).toEqual([addition('request-field-added', 'RunRequest.hero')]);
  });

  it('finds an added response field', () => {
    const changes = diff(
      {},
      { outputs: [...STORY_OUTPUTS, { name: 'title', type: 'text', required: false }] },
    );
    expect(changes).toEqual([addition('response-field-added', 'RunOutputs.title')]);
  });

  it('finds a first media output an addition, the artifact route serving one more type', () => {
    const changes = diff(
      {},
      { outputs: [...STORY_OUTPUTS, { name: 'clip', type: 'video', required: false }] },
    );
    expect(kinds(changes)).toEqual(new Set(['non-breaking']));
    expect(changes).toContainEqual(addition('response-field-added', 'RunOutputs.clip'));
    expect(changes).toContainEqual(
      addition('media-type-added', 'GET /artifacts/{sha256} 200 video/*'),
    );
  });

  it('finds a widened enum', () => {
    const changes = diff({}, { inputs: withInput('tone', { enum: ['calm', 'wild', 'silly'] }) });
    expect(changes).toEqual([addition('enum-value-added', 'RunRequest.tone')]);
  });

  it('finds a required request field made optional', () => {
    const changes = diff({}, { inputs: withInput('topic', { required: false }) });
    expect(changes).toContainEqual(addition('field-became-optional', 'RunRequest.topic'));
    expect(kinds(changes)).toEqual(new Set(['non-breaking']));
  });

  it('finds an added route', () => {
    const before = contractOf({ telegram: true });
    delete before.paths['/ready'];
    const changes = diffContracts(before, contractOf({ telegram: true }));
    expect(changes).toEqual([addition('route-added', 'GET /ready')]);
  });

  it('finds description changes, which need only a patch', () => {
    const changes = diff(
      { description: 'Tells stories.' },
      {
        description: 'Tells short stories.',
        inputs: withInput('topic', { description: 'The subject of the story.' }),
      },
    );
    expect(changes).toEqual([
      wording('info-description-changed', 'info.description'),
      wording('description-changed', 'RunRequest.topic'),
    ]);
  });

  it('finds a changed example, which needs only a patch', () => {
    const changes = diff({}, { inputs: withInput('topic', { example: 'a brave dog' }) });
    expect(changes).toContainEqual(wording('example-changed', 'RunRequest.topic'));
    expect(changes.every((change) => change.bump === 'patch')).toBe(true);
  });

  it('finds an API key dropped, whose 401 answers go with it', () => {
    const changes = diffContracts(contractOf({}, { apiKey: true }), contractOf());
    expect(kinds(changes)).toEqual(new Set(['non-breaking']));
    expect(changes).toContainEqual(addition('security-removed', 'POST /run'));
    expect(changes).toContainEqual(addition('status-removed', 'POST /run 401'));
  });
});

describe('diffContracts: references and input', () => {
  it('follows $refs, so a schema moved into components is no change', () => {
    const before = contractOf();
    const after = contractOf();
    const inline = structuredClone(before.components.schemas.RunRequest);
    after.components.schemas.Moved = after.components.schemas.RunRequest!;
    delete after.components.schemas.RunRequest;
    after.components.requestBodies.RunRequest = {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Moved' } } },
    };
    const sync = before.paths['/run']!.post as Record<string, unknown>;
    sync.requestBody = { required: true, content: { 'application/json': { schema: inline } } };

    expect(diffContracts(before, after)).toEqual([]);
  });

  it('refuses what is not an OpenAPI document, naming which side', () => {
    expect(() => diffContracts(contractOf(), { nodes: [] })).toThrow(
      expect.objectContaining({
        code: 'CONTRACT_INVALID',
        message: expect.stringContaining('new'),
      }),
    );
  });

  it('refuses a $ref that points nowhere, naming it', () => {
    const after = contractOf();
    (after.paths['/run']!.post as Record<string, unknown>).requestBody = {
      $ref: '#/components/requestBodies/Missing',
    };
    expect(() => diffContracts(contractOf(), after)).toThrow(
      expect.objectContaining({
        code: 'CONTRACT_REF_UNRESOLVED',
        details: { path: '#/components/requestBodies/Missing' },
      }),
    );
  });
});
