import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import type { CredentialSummary, RunDetail, RunSummary } from '../../main/api/types.ts';
import { EXPECTED_SECRET, startTestStudio } from './studio-harness.ts';
import type { TestStudio } from './studio-harness.ts';
import { waitForRunEnd } from './run-stream.ts';

let studio: TestStudio;

beforeEach(async () => {
  studio = await startTestStudio();
});

afterEach(async () => {
  await studio.close();
});

describe('credentials through the studio API', () => {
  it('stores a secret that no answer ever contains', async () => {
    const put = await studio.call('PUT', '/api/credentials/openai-main', {
      body: { secret: EXPECTED_SECRET, baseUrl: 'http://127.0.0.1:9/v1' },
    });
    const list = await studio.call('GET', '/api/credentials');

    expect(put.status).toBe(200);
    expect(put.json<CredentialSummary>()).toMatchObject({
      name: 'openai-main',
      baseUrl: 'http://127.0.0.1:9/v1',
    });
    expect(list.json<CredentialSummary[]>().map((entry) => entry.name)).toEqual(['openai-main']);
    for (const answer of [put, list]) expect(answer.text).not.toContain(EXPECTED_SECRET);
  });

  it('has no route that reads one credential back', async () => {
    await studio.call('PUT', '/api/credentials/openai-main', { body: { secret: EXPECTED_SECRET } });
    for (const path of [
      '/api/credentials/openai-main',
      '/api/credentials/openai-main/secret',
      '/api/credentials?name=openai-main&reveal=1',
    ]) {
      const answer = await studio.call('GET', path);
      expect(answer.text, path).not.toContain(EXPECTED_SECRET);
    }
    expect((await studio.call('GET', '/api/credentials/openai-main')).status).toBe(404);
  });

  it('keeps the secret encrypted on disk', async () => {
    await studio.call('PUT', '/api/credentials/openai-main', { body: { secret: EXPECTED_SECRET } });
    for (const name of await readdir(studio.home)) {
      if (!name.startsWith('pipewright.db')) continue;
      const bytes = await readFile(join(studio.home, name));
      expect(bytes.includes(Buffer.from(EXPECTED_SECRET)), name).toBe(false);
    }
  });

  it('hands the saved secret to a run that names the credential, and keeps it out of the record', async () => {
    await studio.call('PUT', '/api/credentials/service-key', { body: { secret: EXPECTED_SECRET } });
    const document: WorkflowDocument = {
      format: 1,
      id: 'uses-secret',
      name: 'Uses a secret',
      version: '1.0.0',
      nodes: [
        {
          id: 'check',
          type: 'test.check-credential',
          position: { x: 0, y: 0 },
          settings: {},
          credentials: { service: 'service-key' },
        },
      ],
      edges: [],
    };

    const started = await studio.call('POST', '/api/runs', { body: { document } });
    const { runId } = started.json<RunSummary>();
    await waitForRunEnd(studio, runId);
    const detail = await studio.call('GET', `/api/runs/${runId}`);

    expect(studio.seen.credentialChecks).toEqual([true]);
    expect(detail.json<RunDetail>().summary.state).toBe('completed');
    expect(detail.text).not.toContain(EXPECTED_SECRET);
  });

  it('replaces a secret and its base URL in place', async () => {
    const first = await studio.call('PUT', '/api/credentials/key', {
      body: { secret: 'old', baseUrl: 'http://127.0.0.1:9/v1' },
    });
    const second = await studio.call('PUT', '/api/credentials/key', { body: { secret: 'new' } });

    expect(second.json<CredentialSummary>().createdAt).toBe(
      first.json<CredentialSummary>().createdAt,
    );
    expect(second.json<CredentialSummary>().baseUrl).toBeUndefined();
    expect((await studio.call('GET', '/api/credentials')).json<unknown[]>()).toHaveLength(1);
  });

  it('deletes a credential, then answers 404 for it', async () => {
    await studio.call('PUT', '/api/credentials/key', { body: { secret: 'value' } });
    expect((await studio.call('DELETE', '/api/credentials/key')).status).toBe(204);
    expect((await studio.call('DELETE', '/api/credentials/key')).status).toBe(404);
    expect((await studio.call('GET', '/api/credentials')).json()).toEqual([]);
  });

  it('rejects an empty secret and a bad base URL, naming the field', async () => {
    const empty = await studio.call('PUT', '/api/credentials/key', { body: { secret: '' } });
    const url = await studio.call('PUT', '/api/credentials/key', {
      body: { secret: 'x', baseUrl: 'file:///etc/passwd' },
    });
    expect(empty.status).toBe(400);
    expect(empty.json()).toMatchObject({ error: { details: { path: 'body.secret' } } });
    expect(url.status).toBe(400);
    expect(url.json()).toMatchObject({ error: { details: { path: 'body.baseUrl' } } });
  });

  it('rejects a name the store cannot keep', async () => {
    const answer = await studio.call('PUT', `/api/credentials/${encodeURIComponent('-bad/name')}`, {
      body: { secret: 'x' },
    });
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ error: { code: 'CREDENTIAL_NAME_INVALID' } });
  });
});
