import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeWorkflow } from '../../engine/index.ts';
import type { WorkflowDocument } from '../../engine/index.ts';
import type {
  ApiErrorBody,
  SampleSummary,
  WorkflowRecord,
  WorkflowSummary,
  WorkflowVersion,
  WorkflowVersionSummary,
} from '../../main/api/types.ts';
import { startTestStudio, textWorkflow } from './studio-harness.ts';
import type { TestStudio } from './studio-harness.ts';

let studio: TestStudio;
let samples: string;

beforeEach(async () => {
  samples = await mkdtemp(join(tmpdir(), 'pipewright-samples-'));
  await writeFile(
    join(samples, 'greeting.json'),
    serializeWorkflow(textWorkflow('sample-greeting')),
  );
  await writeFile(join(samples, 'notes.json'), '{"not": "a workflow"}');
  studio = await startTestStudio({ samplesDir: samples });
});

afterEach(async () => {
  await studio.close();
  await rm(samples, { recursive: true, force: true });
});

const save = (document: WorkflowDocument, message?: string) =>
  studio.call('PUT', `/api/workflows/${document.id}`, { body: { document, message } });

describe('workflows through the studio API', () => {
  it('saves a workflow and opens it again', async () => {
    const saved = await save(textWorkflow(), 'first');
    const opened = await studio.call('GET', '/api/workflows/greeting');

    expect(saved.status).toBe(200);
    expect(opened.json<WorkflowRecord>()).toMatchObject({
      summary: { id: 'greeting', name: 'Greeting', revision: 1, nodeCount: 3 },
      document: { id: 'greeting', nodes: [{ id: 'input' }, { id: 'greet' }, { id: 'output' }] },
      problems: [],
    });
    expect((await studio.call('GET', '/api/workflows')).json<WorkflowSummary[]>()).toHaveLength(1);
  });

  it('adds a version per changed save, none for an unchanged one', async () => {
    const document = textWorkflow();
    await save(document, 'first');
    await save(document, 'again, unchanged');
    await save({ ...document, name: 'Greeting, renamed' }, 'renamed');

    const versions = await studio.call('GET', '/api/workflows/greeting/versions');
    const first = await studio.call('GET', '/api/workflows/greeting/versions/1');

    expect(versions.json<WorkflowVersionSummary[]>().map((v) => [v.revision, v.message])).toEqual([
      [2, 'renamed'],
      [1, 'first'],
    ]);
    expect(first.json<WorkflowVersion>().document.name).toBe('Greeting');
    expect((await studio.call('GET', '/api/workflows/greeting/versions/9')).status).toBe(404);
  });

  it('saves a broken workflow and reports its problems by node', async () => {
    const document = textWorkflow();
    document.nodes[1]!.type = 'no.such.kind';
    const saved = await save(document);

    expect(saved.status).toBe(200);
    expect(saved.json<WorkflowRecord>().problems).toContainEqual(
      expect.objectContaining({
        code: 'UNKNOWN_NODE_TYPE',
        nodeId: 'greet',
        path: 'nodes[1].type',
      }),
    );
  });

  it('refuses a document whose id differs from the address', async () => {
    const answer = await studio.call('PUT', '/api/workflows/other', {
      body: { document: textWorkflow() },
    });
    expect(answer.status).toBe(400);
    expect(answer.json<ApiErrorBody>().error.details.path).toBe('body.document.id');
  });

  it('refuses a body that is not a workflow, naming the field', async () => {
    const answer = await studio.call('PUT', '/api/workflows/greeting', {
      body: { document: { ...textWorkflow(), nodes: 'none' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.json<ApiErrorBody>().error.details.path).toBe('body.document.nodes');
  });

  it('exports the saved file as a download in stable key order', async () => {
    await save(textWorkflow());
    const answer = await studio.call('GET', '/api/workflows/greeting/export');

    expect(answer.headers['content-disposition']).toBe('attachment; filename="greeting.json"');
    expect(answer.text).toBe(serializeWorkflow(textWorkflow()));
  });

  it('imports a valid file, and refuses an invalid one with every problem', async () => {
    const imported = await studio.call('POST', '/api/workflows/import', {
      body: { text: serializeWorkflow(textWorkflow()), id: 'copy' },
    });
    const broken = textWorkflow('broken');
    broken.nodes[1]!.type = 'no.such.kind';
    broken.edges.push({ from: ['ghost', 'x'], to: ['output', 'text'] });
    const refused = await studio.call('POST', '/api/workflows/import', {
      body: { text: JSON.stringify(broken) },
    });

    expect(imported.json<WorkflowRecord>().summary.id).toBe('copy');
    expect(refused.status).toBe(422);
    const problems = refused.json<ApiErrorBody>().problems ?? [];
    expect(problems.map((problem) => problem.code)).toEqual(
      expect.arrayContaining(['UNKNOWN_NODE_TYPE', 'MISSING_NODE']),
    );
    expect((await studio.call('GET', '/api/workflows/broken')).status).toBe(404);
  });

  it('imports a file with an unwired input, as saving would keep it, and names the problem', async () => {
    const unfinished = textWorkflow('unfinished');
    unfinished.edges = unfinished.edges.filter((edge) => edge.to[0] !== 'output');
    const answer = await studio.call('POST', '/api/workflows/import', {
      body: { text: serializeWorkflow(unfinished) },
    });

    expect(answer.status).toBe(200);
    const imported = answer.json<WorkflowRecord>();
    expect(imported.summary.id).toBe('unfinished');
    expect(imported.problems).toEqual([
      expect.objectContaining({ code: 'MISSING_INPUT', nodeId: 'output' }),
    ]);
    expect((await studio.call('GET', '/api/workflows/unfinished')).status).toBe(200);
  });

  it('deletes a workflow', async () => {
    await save(textWorkflow());
    expect((await studio.call('DELETE', '/api/workflows/greeting')).status).toBe(204);
    expect((await studio.call('GET', '/api/workflows/greeting')).status).toBe(404);
    expect((await studio.call('DELETE', '/api/workflows/greeting')).status).toBe(404);
  });

  it('offers the sample files as templates, passing over files that are not workflows', async () => {
    const list = await studio.call('GET', '/api/samples');
    const one = await studio.call('GET', '/api/samples/sample-greeting');

    expect(list.json<SampleSummary[]>()).toEqual([
      { id: 'sample-greeting', name: 'Greeting', nodeCount: 3 },
    ]);
    expect(one.json<WorkflowDocument>().nodes).toHaveLength(3);
    expect((await studio.call('GET', '/api/samples/missing')).status).toBe(404);
  });
});
