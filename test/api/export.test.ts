import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import type {
  ApiErrorBody,
  ExportPreviewResponse,
  ExportResponse,
  TryServiceResponse,
} from '../../main/api/types.ts';
import { startTestStudio, textWorkflow } from './studio-harness.ts';
import type { TestStudio } from './studio-harness.ts';

let studio: TestStudio;
let outRoot: string;

beforeEach(async () => {
  studio = await startTestStudio();
  outRoot = await mkdtemp(join(tmpdir(), 'pipewright-export-out-'));
});

afterEach(async () => {
  await studio.close();
  await rm(outRoot, { recursive: true, force: true });
});

const preview = (document: WorkflowDocument) =>
  studio.call('POST', '/api/export/preview', { body: { document } });

const exportTo = (document: WorkflowDocument, outDir: string, allowBreaking?: boolean) =>
  studio.call('POST', '/api/export', { body: { document, outDir, allowBreaking } });

/** The greeting pipeline with one more required input field, `tone`. */
function withRequiredTone(version: string): WorkflowDocument {
  const document = textWorkflow('greeting');
  document.version = version;
  const input = document.nodes[0]!;
  input.settings = {
    fields: [
      { name: 'topic', type: 'text', required: true },
      { name: 'tone', type: 'text', required: true },
    ],
  };
  return document;
}

describe('the Export panel through the studio API', () => {
  it('previews the contract readably: routes, request and response fields, a request schema', async () => {
    const answer = await preview(textWorkflow('greeting'));
    expect(answer.status).toBe(200);
    const body = answer.json<ExportPreviewResponse>();

    expect(body.contract.openapi).toBe('3.1.0');
    expect(body.contract.info).toMatchObject({ title: 'Greeting', version: '1.0.0' });
    expect(body.operations).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/run', operationId: 'runGreeting' }),
    );
    expect(body.requestFields).toEqual([
      expect.objectContaining({ name: 'topic', type: 'text', required: true, nodeId: 'input' }),
    ]);
    expect(body.responseFields.map((field) => field.name)).toEqual(['text']);
    expect(body.requestSchema).toMatchObject({
      type: 'object',
      required: ['topic'],
      properties: { topic: { type: 'string' } },
    });
    expect(JSON.stringify(body.requestSchema)).not.toContain('$ref');
    expect(body.verdict).toEqual({ changes: [], refused: false });
    expect(body.proposedVersion).toBe('1.0.0');
    expect(body.defaultOutDir).toBe(join(studio.home, 'exports', 'greeting'));
  });

  it('exports a folder, then marks a new required input as breaking and proposes 2.0.0', async () => {
    const first = join(outRoot, 'v1');
    const exported = await exportTo(textWorkflow('greeting'), first);
    expect(exported.status).toBe(200);
    const report = exported.json<ExportResponse>();
    expect(report.files).toEqual(
      expect.arrayContaining(['server.mjs', 'openapi.json', 'package.json', 'Dockerfile']),
    );
    const written = JSON.parse(await readFile(join(first, 'openapi.json'), 'utf8'));
    expect(written.info.version).toBe('1.0.0');

    const changed = await preview(withRequiredTone('1.0.0'));
    const body = changed.json<ExportPreviewResponse>();
    expect(body.verdict.previous).toBe('1.0.0');
    expect(body.verdict.refused).toBe(true);
    expect(body.verdict.changes).toContainEqual(
      expect.objectContaining({ kind: 'breaking', path: expect.stringContaining('tone') }),
    );
    expect(body.proposedVersion).toBe('2.0.0');

    const refused = await exportTo(withRequiredTone('1.0.0'), join(outRoot, 'refused'));
    expect(refused.status).toBe(409);
    expect(refused.json<ApiErrorBody>().error.code).toBe('CONTRACT_VERSION_TOO_LOW');
    expect(existsSync(join(outRoot, 'refused', 'server.mjs'))).toBe(false);

    const bumped = await exportTo(withRequiredTone('2.0.0'), join(outRoot, 'v2'));
    expect(bumped.status).toBe(200);
    expect(bumped.json<ExportResponse>().verdict.check?.ok).toBe(true);
  }, 60_000);

  it('refuses a relative folder and a broken pipeline, naming the field or the node', async () => {
    const relative = await exportTo(textWorkflow('greeting'), 'out/here');
    expect(relative.status).toBe(400);
    expect(relative.json<ApiErrorBody>().error.details).toMatchObject({ field: 'outDir' });

    const broken = textWorkflow('greeting');
    broken.edges.push({ from: ['greet', 'text'], to: ['nowhere', 'text'] });
    const answer = await preview(broken);
    expect(answer.status).toBe(400);
    const error = answer.json<ApiErrorBody>();
    expect(error.error.code).toBe('WORKFLOW_INVALID');
    expect(error.problems?.[0]?.message).toContain('nowhere');
  });

  it('serves the pipeline locally and sends it a request, valid or not', async () => {
    const document = textWorkflow('greeting');
    const good = await studio.call('POST', '/api/export/try', {
      body: { document, body: { topic: 'contracts' } },
    });
    expect(good.status).toBe(200);
    const answer = good.json<TryServiceResponse>();
    expect(answer.status).toBe(200);
    expect(answer.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/run$/);
    expect(answer.body).toEqual({ text: 'Hello, contracts!' });

    const bad = await studio.call('POST', '/api/export/try', {
      body: { document, body: { topic: 7 } },
    });
    const problem = bad.json<TryServiceResponse>();
    expect(problem.status).toBe(400);
    expect(problem.contentType).toContain('application/problem+json');
    expect(JSON.stringify(problem.body)).toContain('topic');
    expect(problem.serviceUrl).toBe(answer.serviceUrl);

    const stopped = await studio.call('DELETE', '/api/export/try');
    expect(stopped.status).toBe(204);
    await expect(fetch(`${answer.serviceUrl}/health`)).rejects.toThrow();
  });
});
