import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { generateContract } from '../../service/contract/generate.ts';
import { pipelineSchemas } from '../../service/contract/schemas.ts';
import { pipeline } from './contract-workflows.ts';
import type { PipelineSpec } from './contract-workflows.ts';

const MEDIA: PipelineSpec = {
  inputs: [
    { name: 'topic', type: 'text' },
    { name: 'cover', type: 'image', description: 'A picture to show' },
    { name: 'attachment', type: 'file', required: false },
  ],
  outputs: [
    { name: 'story', type: 'text' },
    { name: 'cover', type: 'image', description: 'The same picture.' },
    { name: 'attachment', type: 'file', required: false },
  ],
};

/** The validator settings a strict consumer would use: unknown keywords are errors. */
function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv;
}

describe('pipelineSchemas', () => {
  it('builds the request from the Input fields: types, required, descriptions, examples, enums', () => {
    const { request } = pipelineSchemas(pipeline());
    expect(request).toEqual({
      type: 'object',
      description: 'The inputs of a run of Story teller.',
      required: ['topic'],
      properties: {
        topic: {
          type: 'string',
          description: 'What the story is about.',
          examples: ['a lost cat'],
        },
        tone: { type: 'string', enum: ['calm', 'wild'], default: 'calm' },
        length: { type: 'number', description: 'Sentences.', examples: [3] },
      },
      additionalProperties: false,
    });
  });

  it('builds the response from the Output fields, required where the field is', () => {
    const { response } = pipelineSchemas(
      pipeline({
        outputs: [
          { name: 'story', type: 'text', description: 'The story.', example: 'Once.' },
          { name: 'words', type: 'number', required: false },
          { name: 'tone', type: 'text', enum: ['calm', 'wild'], required: false },
          { name: 'finished', type: 'boolean', required: false },
        ],
      }),
    );
    expect(response).toEqual({
      type: 'object',
      description: 'The outputs of a finished run of Story teller.',
      required: ['story'],
      properties: {
        story: { type: 'string', description: 'The story.', examples: ['Once.'] },
        words: { type: 'number' },
        tone: { type: 'string', enum: ['calm', 'wild'] },
        finished: { type: 'boolean' },
      },
    });
  });

  it('makes a field with a default optional in the request, since the Input node fills it in', () => {
    const { request } = pipelineSchemas(
      pipeline({ inputs: [{ name: 'topic', required: true, default: 'cats' }] }),
    );
    expect(request.required).toBeUndefined();
    expect(request.properties).toEqual({ topic: { type: 'string', default: 'cats' } });
  });

  it('takes a media input as an http(s) URL or a base64 data URI', () => {
    const schemas = pipelineSchemas(pipeline(MEDIA));
    const cover = (schemas.request.properties as Record<string, Record<string, unknown>>).cover;
    expect(cover).toMatchObject({
      type: 'string',
      format: 'uri',
      contentMediaType: 'image/*',
      description: expect.stringMatching(/^A picture to show\. An image as an http\(s\) URL/),
    });

    const validate = strictAjv().compile(schemas.request);
    const body = (value: string) => ({ topic: 'cats', cover: value });
    expect(validate(body('https://pictures.example/cat.png'))).toBe(true);
    expect(validate(body('data:image/png;base64,iVBORw0KGgo='))).toBe(true);
    expect(validate(body('ftp://pictures.example/cat.png'))).toBe(false);
    expect(validate(body('data:image/png,rawbytes'))).toBe(false);
    expect(validate(body('cat.png'))).toBe(false);
  });

  it('gives a media output as { url, mediaType, bytes, sha256 } with its kind of media', () => {
    const schemas = pipelineSchemas(pipeline(MEDIA));
    const validate = strictAjv().compile(schemas.response);
    const image = {
      url: 'https://stories.example/artifacts/' + 'a'.repeat(64),
      mediaType: 'image/png',
      bytes: 1024,
      sha256: 'a'.repeat(64),
    };

    expect(validate({ story: 'Once.', cover: image })).toBe(true);
    expect(validate({ story: 'Once.', cover: { ...image, mediaType: 'video/mp4' } })).toBe(false);
    expect(validate({ story: 'Once.', cover: { ...image, url: '/artifacts/relative' } })).toBe(
      false,
    );
    expect(validate({ story: 'Once.', cover: { url: image.url } })).toBe(false);
    expect(
      validate({
        story: 'Once.',
        cover: image,
        attachment: { ...image, mediaType: 'application/zip' },
      }),
    ).toBe(true);
  });

  it('refuses unknown request fields, naming the field, instead of dropping them', () => {
    const validate = strictAjv().compile(pipelineSchemas(pipeline()).request);
    expect(validate({ topic: 'cats', tpoic: 'dogs' })).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({
        keyword: 'additionalProperties',
        params: { additionalProperty: 'tpoic' },
      }),
    );
    const body = generateContract(pipeline()).components.requestBodies.RunRequest;
    expect(body).toMatchObject({ description: expect.stringMatching(/refused with 400.*never/) });
  });

  it('refuses a request that leaves out a required field or breaks a type or enum', () => {
    const validate = strictAjv().compile(pipelineSchemas(pipeline()).request);
    expect(validate({ topic: 'cats', tone: 'wild', length: 4 })).toBe(true);
    expect(validate({})).toBe(false);
    expect(validate.errors?.[0]?.params).toEqual({ missingProperty: 'topic' });
    expect(validate({ topic: 'cats', length: '4' })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/length');
    expect(validate({ topic: 'cats', tone: 'sleepy' })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/tone');
  });

  it('embeds a json field’s own schema, without its $schema dialect', () => {
    const { request } = pipelineSchemas(
      pipeline({
        inputs: [
          { name: 'topic' },
          {
            name: 'options',
            type: 'json',
            description: 'Knobs.',
            schema: {
              $schema: 'https://json-schema.org/draft/2020-12/schema',
              type: 'object',
              properties: { words: { type: 'integer' } },
            },
          },
        ],
      }),
    );
    expect((request.properties as Record<string, unknown>).options).toEqual({
      type: 'object',
      properties: { words: { type: 'integer' } },
      description: 'Knobs.',
    });
  });

  it('compiles every schema on its own in strict Ajv 2020, with no $ref to resolve', () => {
    const schemas = pipelineSchemas(pipeline({ ...MEDIA, telegram: false }));
    const ajv = strictAjv();
    for (const schema of [
      schemas.request,
      schemas.response,
      schemas.problem,
      schemas.runStatus,
      schemas.health,
      schemas.readiness,
    ]) {
      expect(JSON.stringify(schema)).not.toContain('$ref');
      expect(() => ajv.compile(schema)).not.toThrow();
    }
    const telegram = pipelineSchemas(pipeline({ telegram: true }));
    expect(() => ajv.compile(telegram.telegramUpdate!)).not.toThrow();
  });

  it('are the very schemas the contract holds under components', () => {
    const workflow = pipeline(MEDIA);
    const schemas = pipelineSchemas(workflow);
    const contract = generateContract(workflow);
    expect(contract.components.schemas.RunRequest).toEqual(schemas.request);
    expect(contract.components.schemas.RunOutputs).toEqual(schemas.response);
    expect(contract.components.schemas.Problem).toEqual(schemas.problem);
  });

  it('gives a Telegram-triggered pipeline an empty request and the update schema', () => {
    const schemas = pipelineSchemas(pipeline({ telegram: true }));
    expect(schemas.fields.telegramTrigger).toBe('bot');
    expect(schemas.request).toMatchObject({ properties: {}, additionalProperties: false });
    const validate = strictAjv().compile(schemas.telegramUpdate!);
    expect(validate({ update_id: 7, message: { text: 'hi' } })).toBe(true);
    expect(validate({ message: { text: 'hi' } })).toBe(false);
  });
});
