import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue, ResolvePortsResponse, ValidateResponse } from '../../main/api/types.ts';
import { startTestStudio, textWorkflow } from './studio-harness.ts';
import type { TestStudio } from './studio-harness.ts';

let studio: TestStudio;

beforeAll(async () => {
  studio = await startTestStudio();
});

afterAll(async () => {
  await studio.close();
});

describe('the node catalogue and validation', () => {
  it('lists every kind with its settings JSON Schema and ports', async () => {
    const catalogue = (await studio.call('GET', '/api/catalogue')).json<Catalogue>();
    const template = catalogue.kinds.find((kind) => kind.type === 'text.template');

    expect(catalogue.kinds.map((kind) => kind.type)).toContain('input');
    expect(template).toMatchObject({
      dynamicPorts: true,
      outputs: { text: { type: 'text' } },
      settingsSchema: { type: 'object', properties: { template: { type: 'string' } } },
    });
    expect(catalogue.accepts.file).toEqual(expect.arrayContaining(['image', 'audio', 'video']));
    expect(catalogue.accepts.text).not.toContain('audio');
    expect(catalogue.portColours.video).toMatch(/^#/);
  });

  it('resolves the ports a kind has for the given settings', async () => {
    const answer = await studio.call('POST', '/api/catalogue/ports', {
      body: { type: 'text.template', settings: { template: '{{name}} meets {{friend}}' } },
    });
    const ports = answer.json<ResolvePortsResponse>();
    expect(Object.keys(ports.inputs)).toEqual(['name', 'friend']);
    expect(ports.problems).toEqual([]);
  });

  it('reports invalid settings as problems naming the field', async () => {
    const answer = await studio.call('POST', '/api/catalogue/ports', {
      body: { type: 'input', settings: { fields: [{ name: '1 bad name' }] } },
    });
    expect(answer.json<ResolvePortsResponse>().problems).toContainEqual(
      expect.objectContaining({ field: 'fields.0.name', path: 'settings.fields.0.name' }),
    );
  });

  it('answers 404 for a kind it does not know', async () => {
    const answer = await studio.call('POST', '/api/catalogue/ports', {
      body: { type: 'no.such.kind', settings: {} },
    });
    expect(answer.status).toBe(404);
    expect(answer.text).toContain('no.such.kind');
  });

  it('validates a whole workflow and lists every problem', async () => {
    const good = await studio.call('POST', '/api/validate', { body: { document: textWorkflow() } });
    const document = textWorkflow();
    document.edges.push({ from: ['input', 'topic'], to: ['output', 'missing'] });
    document.nodes[1]!.settings = { template: 42 };
    const bad = await studio.call('POST', '/api/validate', { body: { document } });

    expect(good.json<ValidateResponse>()).toEqual({ ok: true, problems: [] });
    const problems = bad.json<ValidateResponse>().problems;
    expect(problems.map((problem) => problem.code)).toEqual(
      expect.arrayContaining(['INVALID_SETTINGS', 'MISSING_PORT']),
    );
    expect(problems.find((problem) => problem.code === 'INVALID_SETTINGS')).toMatchObject({
      nodeId: 'greet',
      field: 'template',
    });
  });
});
