import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeRegistry } from '../../engine/index.ts';
import { startStudioServer } from '../../main/api/server.ts';
import type { StudioServer } from '../../main/api/server.ts';
import { storeBackend } from '../../main/api/store-backend.ts';
import { openStore } from '../../main/store/store.ts';
import { send } from './studio-harness.ts';

let server: StudioServer;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pipewright-access-'));
  const rendererDir = join(home, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Studio</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'export {};');
  server = await startStudioServer({
    backend: storeBackend(openStore({ home })),
    registry: new NodeRegistry(),
    host: 'browser',
    rendererDir,
  });
});

afterAll(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});

const bearer = () => ({ authorization: `Bearer ${server.token}` });

describe('studio API access', () => {
  it('listens on 127.0.0.1 only', () => {
    const address = server.app.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    expect(server.pageUrl).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
  });

  it('answers 401 without a token', async () => {
    const answer = await send(server.port, 'GET', '/api/session');
    expect(answer.status).toBe(401);
    expect(answer.json<{ error: { code: string } }>().error.code).toBe('UNAUTHORIZED');
  });

  it('answers 401 to a wrong token, in the header or the query', async () => {
    const header = await send(server.port, 'GET', '/api/session', {
      headers: { authorization: `Bearer ${server.token.slice(0, -2)}xx` },
    });
    const query = await send(server.port, 'GET', '/api/session?token=nope');
    expect(header.status).toBe(401);
    expect(query.status).toBe(401);
  });

  it('accepts the token as a bearer header or as the token query parameter', async () => {
    const header = await send(server.port, 'GET', '/api/session', { headers: bearer() });
    const query = await send(server.port, 'GET', `/api/session?token=${server.token}`);
    expect(header.status).toBe(200);
    expect(query.status).toBe(200);
    expect(header.json()).toMatchObject({ app: 'pipewright', host: 'browser' });
  });

  it('answers 403 to a Host that is not this server, even with the right token', async () => {
    for (const host of [
      `evil.example:${server.port}`,
      'localhost:1',
      `127.0.0.1.nip.io:${server.port}`,
    ]) {
      const answer = await send(server.port, 'GET', '/api/session', {
        headers: { ...bearer(), host },
      });
      expect(answer.status, host).toBe(403);
    }
  });

  it('accepts localhost:PORT as Host', async () => {
    const answer = await send(server.port, 'GET', '/api/session', {
      headers: { ...bearer(), host: `localhost:${server.port}` },
    });
    expect(answer.status).toBe(200);
  });

  it('refuses calls from another site by Origin or Sec-Fetch-Site', async () => {
    const origin = await send(server.port, 'GET', '/api/session', {
      headers: { ...bearer(), origin: 'https://evil.example' },
    });
    const site = await send(server.port, 'GET', '/api/session', {
      headers: { ...bearer(), 'sec-fetch-site': 'cross-site' },
    });
    const same = await send(server.port, 'GET', '/api/session', {
      headers: { ...bearer(), origin: `http://127.0.0.1:${server.port}` },
    });
    expect(origin.status).toBe(403);
    expect(site.status).toBe(403);
    expect(same.status).toBe(200);
  });

  it('sends no CORS headers, not even to a preflight', async () => {
    const preflight = await send(server.port, 'OPTIONS', '/api/session', {
      headers: {
        origin: `http://127.0.0.1:${server.port}`,
        'access-control-request-method': 'PUT',
      },
    });
    const plain = await send(server.port, 'GET', '/api/session', { headers: bearer() });
    for (const answer of [preflight, plain]) {
      expect(
        Object.keys(answer.headers).filter((name) => name.startsWith('access-control')),
      ).toEqual([]);
    }
  });

  it('serves the page without the token, under a strict CSP and security headers', async () => {
    const page = await send(server.port, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Studio</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('still checks the Host of the page and its assets', async () => {
    const page = await send(server.port, 'GET', '/assets/app.js', {
      headers: { host: `rebind.example:${server.port}` },
    });
    expect(page.status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    const answer = await send(server.port, 'GET', '/..%2f..%2fetc%2fpasswd');
    expect(answer.status).toBe(404);
  });

  it('answers an unknown API route with 404 after the token check', async () => {
    expect((await send(server.port, 'GET', '/api/nothing')).status).toBe(401);
    expect((await send(server.port, 'GET', '/api/nothing', { headers: bearer() })).status).toBe(
      404,
    );
  });
});
