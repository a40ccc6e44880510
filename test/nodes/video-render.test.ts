import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactRef, FolderArtifactStore } from '../../engine/index.ts';
import { removeTemporaryStores, runNodes, temporaryStore } from '../harness/node-runner.ts';
import type { NodeRunOptions } from '../harness/node-runner.ts';
import {
  colourImage,
  decodesCleanly,
  frameAt,
  pixelsUnlike,
  probe,
  toneArtifact,
} from '../harness/media-fixtures.ts';

let store: FolderArtifactStore;
let tone: ArtifactRef;
const TONE_SECONDS = 6;

beforeAll(async () => {
  store = await temporaryStore();
  tone = await toneArtifact(store, TONE_SECONDS);
});

afterAll(removeTemporaryStores);

/** Input (narration and the optional caption and background inputs) → render → Output video. */
function render(
  settings: Record<string, unknown>,
  inputs: Record<string, unknown>,
): NodeRunOptions {
  const fields = [
    { name: 'narration', type: 'audio', required: true },
    { name: 'script', type: 'json', required: false },
    { name: 'captions', type: 'text', required: false },
    { name: 'background', type: 'image', required: false },
  ];
  return {
    nodes: [
      { id: 'in', type: 'input', settings: { fields } },
      { id: 'render', type: 'video.render', settings },
      { id: 'out', type: 'output', settings: { fields: [{ name: 'video', type: 'video' }] } },
    ],
    edges: [
      ...fields.map((field): [string, string] => [`in.${field.name}`, `render.${field.name}`]),
      ['render.video', 'out.video'],
    ],
    inputs: { narration: tone, ...inputs },
    artifacts: store,
  };
}

async function renderedPath(options: NodeRunOptions) {
  const run = await runNodes(options);
  expect(run.result.error).toBeUndefined();
  const video = run.result.outputs.video as ArtifactRef;
  expect(video.mediaType).toBe('video/mp4');
  return { run, path: store.pathOf(video) };
}

const BACKGROUND: [number, number, number] = [0x1d, 0x2b, 0x53];
const SMALL = { width: 640, height: 360 };
const TOP_BAND: [number, number] = [0, 120];
const BOTTOM_BAND: [number, number] = [240, 360];

/** Real encodes: quick on an idle machine, slow on a busy shared one. */
const MEDIA_TIMEOUT_MS = 120_000;

describe('video render', { timeout: MEDIA_TIMEOUT_MS }, () => {
  it('renders 1280x720 H.264 yuv420p with AAC, as long as the narration', async () => {
    const { path } = await renderedPath(render({}, {}));
    const info = await probe(path);

    expect(info.streams).toEqual([
      expect.objectContaining({
        kind: 'video',
        codec: 'h264',
        width: 1280,
        height: 720,
        pixelFormat: 'yuv420p',
        frameRate: 30,
      }),
      expect.objectContaining({ kind: 'audio', codec: 'aac' }),
    ]);
    expect(Math.abs(info.duration - TONE_SECONDS)).toBeLessThan(0.5);
    expect(await decodesCleanly(path)).toBe('');
  });

  it('puts the MP4 index before the media data (+faststart)', async () => {
    const { path } = await renderedPath(render(SMALL, {}));
    const bytes = await readFile(path);

    expect(bytes.indexOf('moov')).toBeGreaterThan(0);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
  });

  it('renders the size and frame rate the settings ask for', async () => {
    const { path } = await renderedPath(render({ width: 480, height: 854, fps: 24 }, {}));
    const info = await probe(path);

    expect(info.streams[0]).toMatchObject({
      kind: 'video',
      width: 480,
      height: 854,
      frameRate: 24,
    });
    expect(Math.abs(info.duration - TONE_SECONDS)).toBeLessThan(0.5);
  });

  it('reports progress from ffmpeg that only rises, and ends at 1', async () => {
    const { run } = await renderedPath(render({}, {}));
    const fractions = run.of('node.progress', 'render').map((event) => event.fraction);

    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const duringRender = run
      .of('node.progress', 'render')
      .filter((event) => event.message === 'Rendering' && event.fraction < 0.98);
    expect(duringRender.length).toBeGreaterThan(0);
  });

  it('burns captions into the frames where the settings place them', async () => {
    const captions = 'Lighthouses guard the coast. Their keepers climb at dusk.';
    const plain = await renderedPath(render(SMALL, {}));
    const bottom = await renderedPath(render(SMALL, { captions }));
    const top = await renderedPath(render({ ...SMALL, captionPosition: 'top' }, { captions }));

    const plainFrame = await frameAt(plain.path, 1);
    const bottomFrame = await frameAt(bottom.path, 1);
    const topFrame = await frameAt(top.path, 1);

    expect(pixelsUnlike(plainFrame, 640, BOTTOM_BAND, BACKGROUND)).toBeLessThan(50);
    expect(pixelsUnlike(bottomFrame, 640, BOTTOM_BAND, BACKGROUND)).toBeGreaterThan(1000);
    expect(pixelsUnlike(bottomFrame, 640, TOP_BAND, BACKGROUND)).toBeLessThan(50);
    expect(pixelsUnlike(topFrame, 640, TOP_BAND, BACKGROUND)).toBeGreaterThan(1000);
  });

  it("changes the caption when the narration reaches the next scene's share of it", async () => {
    const script = {
      title: 'Two scenes',
      scenes: [
        { narration: 'x'.repeat(100), caption: 'I' },
        { narration: 'x'.repeat(100), caption: 'WWWWWWWWWWWWWWWW' },
      ],
    };
    const { path } = await renderedPath(render(SMALL, { script }));
    const inked = async (seconds: number) =>
      pixelsUnlike(await frameAt(path, seconds), 640, BOTTOM_BAND, BACKGROUND);

    const first = await inked(TONE_SECONDS * 0.25);
    const second = await inked(TONE_SECONDS * 0.75);
    expect(first).toBeGreaterThan(100);
    expect(second).toBeGreaterThan(first * 5);
  });

  it('changes the caption at the pause where the voice stops, ahead of its share', async () => {
    // Two scenes of equal length share 6 s at 3 s; the narration pauses at 2.0-2.5 s instead.
    const narration = await toneArtifact(store, TONE_SECONDS, "volume=0:enable='between(t,2,2.5)'");
    const script = {
      title: 'Two scenes',
      scenes: [
        { narration: 'x'.repeat(100), caption: 'I' },
        { narration: 'x'.repeat(100), caption: 'WWWWWWWWWWWWWWWW' },
      ],
    };
    const { path } = await renderedPath(render(SMALL, { script, narration }));
    const inked = async (seconds: number) =>
      pixelsUnlike(await frameAt(path, seconds), 640, BOTTOM_BAND, BACKGROUND);

    const before = await inked(1.8);
    const after = await inked(2.7);
    expect(before).toBeGreaterThan(100);
    expect(after).toBeGreaterThan(before * 5);
  });

  it('fills the frame with a background image, or fits it inside bars of the colour', async () => {
    const red = await colourImage(store, '0xff0000', 300, 300);
    const cover = await renderedPath(render(SMALL, { background: red }));
    const contain = await renderedPath(
      render({ ...SMALL, backgroundFit: 'contain' }, { background: red }),
    );

    const redPixel = (frame: Buffer, x: number, y: number) => {
      const offset = (y * 640 + x) * 3;
      return frame[offset]! > 200 && frame[offset + 1]! < 60 && frame[offset + 2]! < 60;
    };
    const coverFrame = await frameAt(cover.path, 1);
    const containFrame = await frameAt(contain.path, 1);

    expect(redPixel(coverFrame, 320, 180)).toBe(true);
    expect(redPixel(coverFrame, 10, 180)).toBe(true);
    expect(redPixel(containFrame, 320, 180)).toBe(true);
    expect(redPixel(containFrame, 10, 180)).toBe(false);
    const bar = containFrame.subarray((180 * 640 + 10) * 3, (180 * 640 + 10) * 3 + 3);
    expect(pixelsUnlike(bar, 1, [0, 1], BACKGROUND)).toBe(0);
  });
});
