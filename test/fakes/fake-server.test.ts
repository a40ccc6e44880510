import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResponse } from './fake-response.ts';
import { FakeServer } from './fake-server.ts';
import { sampleFromSchema } from './schema-sample.ts';

/** A minimal fake with one plain route, one streamed route and one that never answers. */
class EchoFake extends FakeServer {
  constructor() {
    super();
    this.route('POST', '/echo/:name', ({ request, params }) => ({
      status: 200,
      json: { name: params.name, fields: request.fields },
    }));
    this.route('GET', '/stream', () => ({ status: 200, chunks: numbers(5) }));
    this.route('GET', '/hang', async ({ signal }): Promise<FakeResponse> => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      return { status: 204, body: '' };
    });
  }

  protected errorBody(status: number): unknown {
    return { problem: status };
  }
}

async function* numbers(count: number): AsyncIterable<string> {
  for (let index = 0; index < count; index += 1) yield `chunk-${index};`;
}

const fake = new EchoFake();

beforeAll(async () => {
  await fake.start();
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.clear();
});

describe('FakeServer', () => {
  it('records method, path, query, headers and a multipart body', async () => {
    const form = new FormData();
    form.append('caption', 'hello');
    form.append('file', new Blob([new Uint8Array(300)], { type: 'video/mp4' }), 'a.mp4');
    const response = await fetch(`${fake.url}/echo/sam?x=1`, {
      method: 'POST',
      headers: { 'x-trace': 'abc' },
      body: form,
    });

    expect(await response.json()).toEqual({ name: 'sam', fields: { caption: 'hello' } });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/echo/sam', query: { x: '1' } });
    expect(request?.headers['x-trace']).toBe('abc');
    expect(
      request?.parts.map(({ name, filename, contentType, byteLength }) => ({
        name,
        filename,
        contentType,
        byteLength,
      })),
    ).toEqual([
      { name: 'caption', filename: undefined, contentType: undefined, byteLength: 5 },
      { name: 'file', filename: 'a.mp4', contentType: 'video/mp4', byteLength: 300 },
    ]);
  });

  it('parses JSON and urlencoded bodies', async () => {
    await fetch(`${fake.url}/echo/a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deep: [1, 2] }),
    });
    await fetch(`${fake.url}/echo/b`, { method: 'POST', body: new URLSearchParams({ k: 'v' }) });

    expect(fake.requests[0]?.json).toEqual({ deep: [1, 2] });
    expect(fake.requests[0]?.text).toBe('{"deep":[1,2]}');
    expect(fake.requests[1]?.fields).toEqual({ k: 'v' });
  });

  it('consumes faults in order, only on matching paths, the given number of times', async () => {
    fake.fail({ status: 503, times: 2, path: '/echo/a', retryAfter: 3 });
    fake.fail({ status: 418, body: { custom: true } });

    const statuses: number[] = [];
    for (const path of ['/echo/b', '/echo/a', '/echo/a', '/echo/a']) {
      const response = await fetch(`${fake.url}${path}`, { method: 'POST' });
      statuses.push(response.status);
      if (response.status === 503) {
        expect(response.headers.get('retry-after')).toBe('3');
        expect(await response.json()).toEqual({ problem: 503 });
      }
    }

    expect(statuses).toEqual([418, 503, 503, 200]);
    expect(fake.pendingFaults).toBe(0);
  });

  it('cuts a streamed answer after its first chunk, or after a byte budget', async () => {
    fake.cutOff({ path: '/stream' });
    const cut = await fetch(`${fake.url}/stream`);
    await expect(cut.text()).rejects.toThrow();

    fake.cutOff({ afterBytes: 12 });
    const budget = await fetch(`${fake.url}/stream`);
    const reader = budget.body!.getReader();
    const received: number[] = [];
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received.push(value.length);
        }
      })(),
    ).rejects.toThrow();
    expect(received.reduce((sum, length) => sum + length, 0)).toBe(12);

    expect(await (await fetch(`${fake.url}/stream`)).text()).toBe(
      'chunk-0;chunk-1;chunk-2;chunk-3;chunk-4;',
    );
  });

  it('cuts a one-piece answer halfway and drops a connection before answering', async () => {
    fake.cutOff({ path: '/echo/a' });
    const half = await fetch(`${fake.url}/echo/a`, { method: 'POST' });
    await expect(half.text()).rejects.toThrow();

    fake.cutOff({ afterBytes: 0 });
    await expect(fetch(`${fake.url}/echo/a`, { method: 'POST' })).rejects.toThrow();
  });

  it('delays an answer with slow', async () => {
    fake.slow(200, { path: '/echo/a' });
    const started = Date.now();
    await fetch(`${fake.url}/echo/a`, { method: 'POST' });

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(fake.requests[0]?.fault).toBe('slow');
  });

  it('holds a streamed answer after a byte budget until resumed, then sends the rest', async () => {
    const stalled = fake.stall({ path: '/stream', afterBytes: 12 });
    const response = await fetch(`${fake.url}/stream`);
    const reader = response.body!.getReader();
    let received = '';
    while (received.length < 12) received += Buffer.from((await reader.read()).value!).toString();

    const more = reader.read();
    const early = await Promise.race([more, sleep(150).then(() => 'still held')]);
    expect(received).toBe('chunk-0;chun');
    expect(early).toBe('still held');

    stalled.resume();
    for (let read = await more; !read.done; read = await reader.read()) {
      received += Buffer.from(read.value).toString();
    }
    expect(received).toBe('chunk-0;chunk-1;chunk-2;chunk-3;chunk-4;');
    expect(fake.requests[0]?.fault).toBe('stall');
  });

  it('holds a one-piece answer the same way', async () => {
    const stalled = fake.stall({ path: '/echo/a', afterBytes: 5 });
    const answer = fetch(`${fake.url}/echo/a`, { method: 'POST' }).then((r) => r.json());
    const early = await Promise.race([answer, sleep(150).then(() => 'still held')]);
    expect(early).toBe('still held');

    stalled.resume();
    expect(await answer).toEqual({ name: 'a', fields: {} });
  });

  it('answers unknown paths with the service error body and releases held requests on stop', async () => {
    const other = new EchoFake();
    await other.start();
    const missing = await fetch(`${other.url}/nowhere`);
    const held = fetch(`${other.url}/hang`).catch((error: unknown) => error);
    await other.waitForRequests({ path: '/hang' });
    await other.stop();

    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ problem: 404 });
    expect(await held).toBeInstanceOf(Error);
  });
});

describe('sampleFromSchema', () => {
  it('fills every property, resolves $ref, honours enums and array bounds', () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        mood: { type: 'string', enum: ['calm', 'upbeat'] },
        scenes: { type: 'array', minItems: 4, items: { $ref: '#/$defs/scene' } },
        seconds: { type: 'integer', minimum: 10 },
        note: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: 5 }] },
      },
      $defs: {
        scene: {
          type: 'object',
          properties: { narration: { type: 'string' }, caption: { type: 'string' } },
        },
      },
    };

    const value = sampleFromSchema(schema, 'deep sea fish') as Record<string, unknown>;

    expect(value.title).toBe('Deep Sea Fish');
    expect(value.mood).toBe('calm');
    expect(value.scenes).toHaveLength(4);
    expect(value.seconds).toBe(10);
    expect(value.note).toHaveLength(5);
  });
});
