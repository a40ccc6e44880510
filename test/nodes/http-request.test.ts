import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../engine/index.ts';
import { compile, record, registryWith, sketch, tempArtifacts } from '../harness/engine-runner.ts';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

describe('the HTTP request node', () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] =
    [];
  const handlers: Handler[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        const handler = handlers.shift();
        if (handler) return handler(request, response, body);
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ echo: body ? JSON.parse(body) : null, path: request.url }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function flow(settings: Record<string, unknown>, withInput = true) {
    const nodes = [
      {
        id: 'in',
        type: 'input',
        settings: {
          fields: [{ name: 'topic' }, { name: 'payload', type: 'json', required: false }],
        },
      },
      { id: 'call', type: 'http.request', settings },
      {
        id: 'out',
        type: 'output',
        settings: {
          fields: [
            { name: 'status', type: 'number' },
            { name: 'body', type: 'json' },
          ],
        },
      },
    ];
    const edges = ['call.status -> out.status', 'call.body -> out.body'];
    if (withInput) edges.push('in.topic -> call.topic');
    return compile(sketch(nodes, edges), registryWith());
  }

  it('fills URL placeholders from inputs, sends headers and a JSON body, and parses the answer', async () => {
    seen.length = 0;
    const workflow = flow({
      method: 'POST',
      url: `${base}/search/{{topic}}`,
      headers: { 'x-topic': '{{topic}}' },
      body: '{"q": "{{topic}}"}',
    });
    const result = await record({
      workflow,
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { topic: 'cats' },
    }).handle.done;

    expect(result.status).toBe('completed');
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/search/cats', body: '{"q": "cats"}' });
    expect(seen[0]!.headers['x-topic']).toBe('cats');
    expect(result.outputs).toEqual({
      status: 200,
      body: { echo: { q: 'cats' }, path: '/search/cats' },
    });
  });

  it('sends a bearer token from the environment, and names the variable when it is missing', async () => {
    seen.length = 0;
    const workflow = flow({ url: `${base}/private/{{topic}}`, auth: 'bearer' });
    const artifacts = await tempArtifacts();
    const inputs = { topic: 'x' };
    const env = { PIPEWRIGHT_HTTP_TOKEN: 'sesame' };
    const signed = await record({ workflow, artifacts, cache: null, inputs, env }).handle.done;
    const unsigned = await record({ workflow, artifacts, cache: null, inputs }).handle.done;

    expect(signed.status).toBe('completed');
    expect(seen[0]!.headers.authorization).toBe('Bearer sesame');
    expect(seen).toHaveLength(1);
    expect(unsigned.error).toMatchObject({
      code: 'CREDENTIAL_MISSING',
      details: { nodeId: 'call', variable: 'PIPEWRIGHT_HTTP_TOKEN' },
    });
  });

  it('retries a 503 that says when to come back, then succeeds', async () => {
    seen.length = 0;
    handlers.push((_request, response) => {
      response.writeHead(503, { 'retry-after': '0' });
      response.end('busy');
    });
    const workflow = flow({ url: `${base}/news/{{topic}}` });
    const run = record({
      workflow,
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { topic: 'dogs' },
    });
    const result = await run.handle.done;

    expect(result.status).toBe('completed');
    expect(seen).toHaveLength(2);
    expect(run.of('node.retrying')[0]!.error).toMatchObject({
      code: 'HTTP_STATUS',
      details: { status: 503 },
    });
  });

  it('retries a connection the server resets, then succeeds', async () => {
    seen.length = 0;
    handlers.push((request) => request.socket.destroy());
    const workflow = flow({ url: `${base}/reset/{{topic}}` });
    workflow.nodes.get('call' as never)!.source.retry = { baseDelayMs: 1, maxDelayMs: 5 };
    const run = record({
      workflow,
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { topic: 'x' },
    });
    const result = await run.handle.done;

    expect(result.status).toBe('completed');
    expect(seen).toHaveLength(2);
    expect(run.of('node.retrying')[0]!.error).toMatchObject({
      code: 'HTTP_UNREACHABLE',
      transient: true,
    });
  });

  it('aborts the request on cancel, hanging up on the server at once', async () => {
    let hungUpAt = 0;
    handlers.push((request) => request.socket.on('close', () => (hungUpAt = performance.now())));
    const workflow = flow({ url: `${base}/forever/{{topic}}` });
    const run = record({
      workflow,
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { topic: 'x' },
    });
    while (seen.at(-1)?.url !== '/forever/x') await new Promise((done) => setTimeout(done, 5));
    const cancelledAt = performance.now();
    run.handle.cancel();
    const result = await run.handle.done;
    await new Promise((done) => setTimeout(done, 50));

    expect(result.status).toBe('cancelled');
    expect(run.of('node.retrying')).toHaveLength(0);
    expect(hungUpAt).toBeGreaterThan(cancelledAt);
    expect(hungUpAt - cancelledAt).toBeLessThan(1000);
  });

  it('fails at once on a 404, quoting the answer and naming the node', async () => {
    seen.length = 0;
    handlers.push((_request, response) => {
      response.writeHead(404);
      response.end('no such page');
    });
    const workflow = flow({ url: `${base}/missing/{{topic}}` });
    const result = await record({
      workflow,
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { topic: 'x' },
    }).handle.done;

    expect(seen).toHaveLength(1);
    expect(result.error?.message).toContain('Node "call": GET');
    expect(result.error?.message).toContain('answered 404');
    expect(result.error?.message).toContain('no such page');
  });

  it('times out a slow answer as a transient fault', async () => {
    seen.length = 0;
    for (let i = 0; i < 2; i += 1) handlers.push(() => undefined);
    const workflow = flow({ url: `${base}/slow/{{topic}}`, timeoutMs: 150 });
    workflow.nodes.get('call' as never)!.source.retry = {
      attempts: 2,
      baseDelayMs: 1,
      maxDelayMs: 5,
    };
    const result = await record({
      workflow,
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { topic: 'x' },
    }).handle.done;
    expect(result.error).toMatchObject({ code: 'HTTP_TIMEOUT', transient: true });
    expect(seen).toHaveLength(2);
    server.closeAllConnections();
  });

  it('refuses an answer larger than maxBytes, declared or streamed, naming the setting', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(5000) });
    handlers.push((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(big);
    });
    handlers.push((_request, response) => {
      // No content-length: the size shows only while reading.
      response.setHeader('content-type', 'application/json');
      response.write(big.slice(0, 3000));
      setTimeout(() => response.end(big.slice(3000)), 10);
    });
    for (let i = 0; i < 2; i += 1) {
      const result = await record({
        workflow: flow({ url: `${base}/big/{{topic}}`, maxBytes: 4096 }),
        artifacts: await tempArtifacts(),
        cache: null,
        inputs: { topic: 'x' },
      }).handle.done;
      expect(result.error).toMatchObject({
        code: 'HTTP_TOO_LARGE',
        transient: false,
        details: { nodeId: 'call', field: 'maxBytes' },
      });
      expect(result.error?.message).toContain('larger than 4096 bytes');
    }

    handlers.push((_request, response) => response.end(big));
    const fits = await record({
      workflow: flow({ url: `${base}/big/{{topic}}`, maxBytes: 8192 }),
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { topic: 'x' },
    }).handle.done;
    expect(fits.outputs.body).toEqual(JSON.parse(big));
  });

  it('fails at once, without retrying, when the host does not exist', async () => {
    const result = await record({
      workflow: flow({ url: 'http://no-such-host.invalid/{{topic}}' }),
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { topic: 'x' },
    }).handle.done;
    expect(result.error).toMatchObject({ code: 'HTTP_HOST_NOT_FOUND', transient: false });
    expect(result.error?.message).toContain('no-such-host.invalid does not exist');
    expect(result.nodes.call!.attempts).toBe(1);
  });

  it('caches GET answers but never repeats a POST from the cache', async () => {
    const cache = new MemoryCache();
    const artifacts = await tempArtifacts();
    seen.length = 0;
    const get = flow({ url: `${base}/a/{{topic}}` });
    await record({ workflow: get, artifacts, cache, inputs: { topic: 'x' } }).handle.done;
    await record({ workflow: get, artifacts, cache, inputs: { topic: 'x' } }).handle.done;
    expect(seen).toHaveLength(1);

    const post = flow({ method: 'POST', url: `${base}/b/{{topic}}` });
    await record({ workflow: post, artifacts, cache, inputs: { topic: 'x' } }).handle.done;
    await record({ workflow: post, artifacts, cache, inputs: { topic: 'x' } }).handle.done;
    expect(seen).toHaveLength(3);
  });

  it('stores a binary answer as a file artifact', async () => {
    handlers.push((_request, response) => {
      response.setHeader('content-type', 'image/png');
      response.end(Buffer.from([137, 80, 78, 71, 1, 2, 3]));
    });
    const nodes = [
      {
        id: 'call',
        type: 'http.request',
        settings: { url: `${base}/logo.png`, responseType: 'binary' },
      },
      { id: 'out', type: 'output', settings: { fields: [{ name: 'logo', type: 'file' }] } },
    ];
    const workflow = compile(sketch(nodes, ['call.body -> out.logo']), registryWith());
    const artifacts = await tempArtifacts();
    const result = await record({ workflow, artifacts, cache: null }).handle.done;
    const logo = result.outputs.logo as { mediaType: string; bytes: number; sha256: string };

    expect(logo).toMatchObject({ mediaType: 'image/png', bytes: 7 });
    expect([...(await readFile(artifacts.pathOf(logo)))]).toEqual([137, 80, 78, 71, 1, 2, 3]);
  });
});
