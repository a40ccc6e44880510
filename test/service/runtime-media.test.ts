import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from '../../service/runtime/artifact-route.ts';
import { contractValidator, fixture, testService } from './service-harness.ts';
import type { TestService } from './service-harness.ts';

/** Eight bytes that start like a PNG; the service judges media by type, not by decoding. */
const PICTURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DATA_URI = `data:image/png;base64,${PICTURE.toString('base64')}`;

let service: TestService;
let origin: Server;
let originUrl: string;
const originRequests: string[] = [];

beforeAll(async () => {
  origin = createServer((request, response) => {
    originRequests.push(request.url ?? '');
    if (request.url === '/cat.png') response.writeHead(200, { 'content-type': 'image/png' });
    else if (request.url === '/page.html') response.writeHead(200, { 'content-type': 'text/html' });
    else response.writeHead(404);
    response.end(request.url === '/cat.png' ? PICTURE : '<p>not a picture</p>');
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => origin.close(() => resolve())));

afterEach(async () => {
  await service?.close();
});

async function echo(picture: string) {
  service = await testService(await fixture('media-echo'));
  return service.app.inject({ method: 'POST', url: '/run', payload: { picture } });
}

describe('media inputs and outputs', () => {
  it('takes a data: URI and answers an artifact URL that serves the same bytes', async () => {
    const answer = await echo(DATA_URI);

    expect(answer.statusCode).toBe(200);
    const picture = answer.json().picture;
    expect(picture).toMatchObject({ mediaType: 'image/png', bytes: PICTURE.length });
    expect(contractValidator(service.contract)('RunOutputs', answer.json()).ok).toBe(true);

    const served = await service.app.inject({ method: 'GET', url: new URL(picture.url).pathname });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['accept-ranges']).toBe('bytes');
    expect(served.headers.etag).toBe(`"${picture.sha256}"`);
    expect(served.rawPayload.equals(PICTURE)).toBe(true);
  });

  it('downloads an http URL input and keeps the file name it had', async () => {
    const answer = await echo(`${originUrl}/cat.png`);

    expect(answer.statusCode).toBe(200);
    expect(answer.json().picture).toMatchObject({ name: 'cat.png', bytes: PICTURE.length });
    expect(originRequests).toContain('/cat.png');
  });

  it('refuses a medium of the wrong kind with 400 naming the field', async () => {
    const answer = await echo(`${originUrl}/page.html`);

    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ field: 'picture', code: 'INPUT_INVALID' });
    expect(answer.json().detail).toContain('text/html');
  });

  it('answers 422 naming the field when a URL input cannot be downloaded', async () => {
    const answer = await echo(`${originUrl}/gone.png`);

    expect(answer.statusCode).toBe(422);
    expect(answer.json()).toMatchObject({ field: 'picture', code: 'INPUT_UNREACHABLE' });
  });

  it('refuses a string that is neither a URL nor a data: URI before running anything', async () => {
    const answer = await echo('just some words');

    expect(answer.statusCode).toBe(400);
    expect(answer.json().field).toBe('picture');
    expect(service.logs.some((line) => line.msg === 'run finished')).toBe(false);
  });
});

describe('the artifact route', () => {
  async function served(range?: string, extra: Record<string, string> = {}) {
    const answer = await echo(DATA_URI);
    const path = new URL(answer.json().picture.url).pathname;
    const headers: Record<string, string> = { ...extra };
    if (range) headers.range = range;
    return service.app.inject({ method: 'GET', url: path, headers });
  }

  it('answers a byte range with 206 and its Content-Range', async () => {
    const answer = await served('bytes=2-4');

    expect(answer.statusCode).toBe(206);
    expect(answer.headers['content-range']).toBe(`bytes 2-4/${PICTURE.length}`);
    expect(answer.headers['content-length']).toBe('3');
    expect(answer.rawPayload.equals(PICTURE.subarray(2, 5))).toBe(true);
  });

  it('answers a range past the end with 416 and the size', async () => {
    const answer = await served('bytes=100-');

    expect(answer.statusCode).toBe(416);
    expect(answer.headers['content-range']).toBe(`bytes */${PICTURE.length}`);
    expect(answer.json().code).toBe('RANGE_NOT_SATISFIABLE');
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.headers['cache-control']).toBeUndefined();
    expect(answer.headers['content-disposition']).toBeUndefined();
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await echo(DATA_URI);
    const { sha256, url } = first.json().picture;
    const answer = await service.app.inject({
      method: 'GET',
      url: new URL(url).pathname,
      headers: { 'if-none-match': `"${sha256}"` },
    });

    expect(answer.statusCode).toBe(304);
    expect(answer.headers.etag).toBe(`"${sha256}"`);
    expect(answer.headers['cache-control']).toContain('immutable');
  });

  it('answers 404 problem+json for an unknown or malformed id', async () => {
    service = await testService(await fixture('media-echo'));
    const unknown = await service.app.inject({
      method: 'GET',
      url: `/artifacts/${'a'.repeat(64)}`,
    });
    const malformed = await service.app.inject({ method: 'GET', url: '/artifacts/..%2F..%2Fetc' });

    expect([unknown.statusCode, malformed.statusCode]).toEqual([404, 404]);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('parseRange', () => {
  it.each([
    ['bytes=0-0', 10, { start: 0, end: 0 }],
    ['bytes=5-', 10, { start: 5, end: 9 }],
    ['bytes=-3', 10, { start: 7, end: 9 }],
    ['bytes=-30', 10, { start: 0, end: 9 }],
    ['bytes=8-100', 10, { start: 8, end: 9 }],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=5-2', 10, undefined],
    ['bytes=0-1,4-5', 10, undefined],
    ['lines=1-2', 10, undefined],
  ])('reads %s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
