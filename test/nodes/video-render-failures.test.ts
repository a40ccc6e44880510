import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactRef, FolderArtifactStore } from '../../engine/index.ts';
import {
  removeTemporaryStores,
  runNodes,
  startNodes,
  temporaryStore,
} from '../harness/node-runner.ts';
import type { NodeRunOptions } from '../harness/node-runner.ts';
import { processesMentioning, stubbornProgram, toneArtifact } from '../harness/media-fixtures.ts';

let store: FolderArtifactStore;
let tone: ArtifactRef;

beforeAll(async () => {
  store = await temporaryStore();
  tone = await toneArtifact(store, 3);
});

afterAll(removeTemporaryStores);

function render(
  inputs: Record<string, unknown>,
  env: Record<string, string> = {},
  settings: Record<string, unknown> = {},
  artifacts = store,
): NodeRunOptions {
  const fields = [
    { name: 'narration', type: 'audio', required: true },
    { name: 'script', type: 'json', required: false },
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
    env,
    artifacts,
  };
}

async function scratchFiles(artifacts: FolderArtifactStore): Promise<string[]> {
  return readdir(join(artifacts.root, 'tmp')).catch(() => []);
}

/** Real encodes: quick on an idle machine, slow on a busy shared one. */
const MEDIA_TIMEOUT_MS = 120_000;

describe('video render when things go wrong', { timeout: MEDIA_TIMEOUT_MS }, () => {
  it('says which Debian package to install when ffmpeg is missing', async () => {
    const run = await runNodes(render({}, { PIPEWRIGHT_FFMPEG: '/nonexistent/ffmpeg' }));

    expect(run.result.error).toMatchObject({
      code: 'TOOL_MISSING',
      fault: 'operational',
      transient: false,
      details: { nodeId: 'render', tool: 'ffmpeg', variable: 'PIPEWRIGHT_FFMPEG' },
    });
    expect(run.result.error?.message).toContain('Node "render" (Video render) needs ffmpeg');
    expect(run.result.error?.message).toContain('apt-get install ffmpeg');
    expect(run.of('node.started', 'render')).toHaveLength(1);
  });

  it('says the same of ffprobe, which comes in the same package', async () => {
    const run = await runNodes(render({}, { PIPEWRIGHT_FFPROBE: '/nonexistent/ffprobe' }));

    expect(run.result.error).toMatchObject({
      code: 'TOOL_MISSING',
      details: { nodeId: 'render', tool: 'ffprobe', variable: 'PIPEWRIGHT_FFPROBE' },
    });
    expect(run.result.error?.message).toContain('apt-get install ffmpeg');
  });

  it('names the narration input when it holds no readable audio', async () => {
    const notAudio = await store.put('just some words', { mediaType: 'audio/wav' });
    // With a script of two scenes the narration's pauses are looked for too, at the same time.
    const script = { title: 'T', scenes: [{ narration: 'One.' }, { narration: 'Two.' }] };
    for (const inputs of [{ narration: notAudio }, { narration: notAudio, script }]) {
      const run = await runNodes(render(inputs));

      expect(run.result.error).toMatchObject({
        code: 'AUDIO_UNREADABLE',
        fault: 'user',
        details: { nodeId: 'render', field: 'narration' },
      });
    }
  });

  it('names the scene of a script that has no text', async () => {
    const script = { title: 'T', scenes: [{ narration: 'Fine.' }, {}] };
    const run = await runNodes(render({ script }));

    expect(run.result.error).toMatchObject({
      code: 'SCRIPT_INVALID',
      details: { nodeId: 'render', field: 'script', path: 'scenes[1]' },
    });
  });

  it("carries the end of ffmpeg's own complaint when ffmpeg fails, and cleans up", async () => {
    const artifacts = await temporaryStore();
    const narration = await toneArtifact(artifacts, 1);
    const background = await artifacts.put('<html>not a picture</html>', {
      mediaType: 'image/png',
    });
    const run = await runNodes(render({ narration, background }, {}, {}, artifacts));

    expect(run.result.error).toMatchObject({ code: 'TOOL_FAILED', details: { nodeId: 'render' } });
    const tail = String(run.result.error?.details.stderrTail);
    expect(tail.length).toBeGreaterThan(10);
    expect(run.result.error?.message).toContain(`ffmpeg exited with code 1:\n${tail}`);
    expect(await scratchFiles(artifacts)).toEqual([]);
  });

  it('kills ffmpeg at once when the run is cancelled mid-render and leaves no file behind', async () => {
    const artifacts = await temporaryStore();
    const long = await toneArtifact(artifacts, 600);
    const run = await startNodes(
      render({ narration: long }, {}, { width: 1920, height: 1080, preset: 'medium' }, artifacts),
    );

    await run.next('node.progress', 'render');
    await waitFor(async () => (await processesMentioning(artifacts.root)).length > 0);
    const began = Date.now();
    run.handle.cancel();
    const result = await run.done;

    expect(result.status).toBe('cancelled');
    // SIGTERM, then SIGKILL 300 ms later: the run ends well inside two seconds either way.
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(run.of('node.failed', 'render')).toEqual([]);
    expect(await processesMentioning(artifacts.root)).toEqual([]);
    expect(await scratchFiles(artifacts)).toEqual([]);
  });

  it('escalates to SIGKILL when the program ignores SIGTERM', async () => {
    const stubborn = await stubbornProgram();
    try {
      const run = await startNodes(render({}, { PIPEWRIGHT_FFMPEG: stubborn.path }));
      // The stand-in prints a progress line once its SIGTERM handler is in place.
      const rendering = () =>
        run.of('node.progress', 'render').some((e) => e.message === 'Rendering');
      await waitFor(async () => rendering());
      expect(await processesMentioning(stubborn.path)).toHaveLength(1);

      run.handle.cancel();
      const result = await run.done;

      expect(result.status).toBe('cancelled');
      expect(await processesMentioning(stubborn.path)).toEqual([]);
    } finally {
      await stubborn.remove();
    }
  });
});

/** Polls a condition every 50 ms; the test's own time limit ends a wait that never comes true. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}
