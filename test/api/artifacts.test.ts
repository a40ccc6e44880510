import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactRef, RunDetail, RunSummary } from '../../main/api/types.ts';
import { waitForRunEnd } from './run-stream.ts';
import { send, startTestStudio } from './studio-harness.ts';
import type { TestStudio } from './studio-harness.ts';

let studio: TestStudio;
let ref: ArtifactRef;
const CONTENT = Buffer.from('0123456789abcdefghij');

beforeAll(async () => {
  studio = await startTestStudio();
  const upload = await studio.call('POST', '/api/artifacts', {
    raw: CONTENT,
    headers: { 'content-type': 'video/mp4', 'x-file-name': encodeURIComponent('my clip.mp4') },
  });
  expect(upload.status).toBe(201);
  ref = upload.json<ArtifactRef>();
});

afterAll(async () => {
  await studio.close();
});

const get = (range?: string, query = '?type=video/mp4') =>
  studio.call('GET', `/api/artifacts/${ref.sha256}${query}`, {
    headers: range ? { range } : {},
  });

describe('artifacts through the studio API', () => {
  it('stores an upload under its content hash with its type and name', () => {
    expect(ref).toMatchObject({
      kind: 'artifact',
      mediaType: 'video/mp4',
      bytes: CONTENT.length,
      name: 'my clip.mp4',
    });
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the whole artifact and says that ranges are accepted', async () => {
    const answer = await get();
    expect(answer.status).toBe(200);
    expect(answer.bytes.equals(CONTENT)).toBe(true);
    expect(answer.headers['accept-ranges']).toBe('bytes');
    expect(answer.headers['content-type']).toBe('video/mp4');
    expect(answer.headers['content-length']).toBe(String(CONTENT.length));
  });

  it('answers a byte range with 206 and exactly those bytes', async () => {
    const answer = await get('bytes=2-5');
    expect(answer.status).toBe(206);
    expect(answer.text).toBe('2345');
    expect(answer.headers['content-range']).toBe(`bytes 2-5/${CONTENT.length}`);
    expect(answer.headers['content-length']).toBe('4');
  });

  it('answers open-ended and suffix ranges, as a seeking video asks them', async () => {
    const open = await get('bytes=15-');
    const suffix = await get('bytes=-3');
    const past = await get('bytes=18-400');

    expect([open.status, open.text]).toEqual([206, 'fghij']);
    expect([suffix.status, suffix.text]).toEqual([206, 'hij']);
    expect(suffix.headers['content-range']).toBe(`bytes 17-19/${CONTENT.length}`);
    expect([past.status, past.text]).toEqual([206, 'ij']);
  });

  it('answers 416 with the size when the range starts past the end', async () => {
    const answer = await get('bytes=20-30');
    expect(answer.status).toBe(416);
    expect(answer.headers['content-range']).toBe(`bytes */${CONTENT.length}`);
  });

  it('accepts the token as a query parameter, as a video element must send it', async () => {
    const answer = await send(
      studio.server.port,
      'GET',
      `/api/artifacts/${ref.sha256}?type=video/mp4&token=${studio.server.token}`,
      { headers: { range: 'bytes=0-0' } },
    );
    expect(answer.status).toBe(206);
    expect(answer.text).toBe('0');
  });

  it('never serves an artifact as a page, whatever type the link asks for', async () => {
    const answer = await get(undefined, '?type=text/html');
    expect(answer.headers['content-type']).not.toContain('html');
    expect(answer.headers['content-security-policy']).toContain('sandbox');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('offers a download under the given name', async () => {
    const answer = await get(undefined, '?type=video/mp4&download=1&name=clip.mp4');
    expect(answer.headers['content-disposition']).toContain('attachment; filename="clip.mp4"');
  });

  it('answers 404 for an unknown hash and 400 for something that is not one', async () => {
    expect((await studio.call('GET', `/api/artifacts/${'0'.repeat(64)}`)).status).toBe(404);
    const bad = await studio.call('GET', '/api/artifacts/..%2f..%2fsecret.key');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('sha256');
  });

  it('serves the media a run produced, by the reference in its outputs', async () => {
    const document = {
      format: 1,
      id: 'media',
      name: 'Media',
      version: '1.0.0',
      nodes: [{ id: 'make', type: 'test.media', position: { x: 0, y: 0 }, settings: {} }],
      edges: [],
    };
    const run = (await studio.call('POST', '/api/runs', { body: { document } })).json<RunSummary>();
    await waitForRunEnd(studio, run.runId);
    const detail = (await studio.call('GET', `/api/runs/${run.runId}`)).json<RunDetail>();
    const video = detail.nodes[0]!.outputs!.video as ArtifactRef;
    const answer = await studio.call(
      'GET',
      `/api/artifacts/${video.sha256}?type=${video.mediaType}`,
    );

    expect(answer.text).toBe('0123456789');
    expect(answer.headers['content-type']).toBe('video/mp4');
  });
});
