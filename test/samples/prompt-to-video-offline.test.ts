import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCache, serializeWorkflow, startRun, validateWorkflow } from '../../engine/index.ts';
import type { RunEvent, WorkflowDocument } from '../../engine/index.ts';
import { builtinRegistry } from '../../nodes/index.ts';
import { decodesCleanly, probe } from '../harness/media-fixtures.ts';
import { removeTemporaryStores, temporaryStore } from '../harness/node-runner.ts';

const exec = promisify(execFile);
const SAMPLE = 'workflows/prompt-to-video-offline.json';
const folders: string[] = [];
/** Whole pipelines render real video; on a busy two-core machine that takes a while. */
const PIPELINE_TIMEOUT_MS = 180_000;

afterAll(async () => {
  await removeTemporaryStores();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pipewright-sample-'));
  folders.push(folder);
  return folder;
}

async function sample(): Promise<WorkflowDocument> {
  return JSON.parse(await readFile(SAMPLE, 'utf8')) as WorkflowDocument;
}

describe('the offline prompt-to-video sample', () => {
  it(
    'leaves a playable captioned MP4 through the CLI, with no keys in the environment',
    async () => {
      const home = await temporaryFolder();
      const out = join(home, 'out');
      const env: Record<string, string> = { PATH: process.env.PATH ?? '', PIPEWRIGHT_HOME: home };
      const prompt = 'the lighthouse keepers of the north sea';

      const { stdout } = await exec(
        process.execPath,
        ['bin/pipewright.mjs', 'run', SAMPLE, '--input', `prompt=${prompt}`, '--out', out],
        { env },
      );

      const video = join(out, 'video.mp4');
      expect(stdout).toContain(`video: ${video}`);
      expect(stdout).toContain(`script: Here is a short video about ${prompt}.`);
      const info = await probe(video);
      expect(info.streams.map((stream) => `${stream.kind}:${stream.codec}`)).toEqual([
        'video:h264',
        'audio:aac',
      ]);
      expect(info.duration).toBeGreaterThan(3);
      expect(await decodesCleanly(video)).toBe('');
    },
    PIPELINE_TIMEOUT_MS,
  );

  it('is written as serializeWorkflow writes it and validates against the built-in kinds', async () => {
    const text = await readFile(SAMPLE, 'utf8');

    expect(serializeWorkflow(JSON.parse(text))).toBe(text);
    expect(validateWorkflow(JSON.parse(text), builtinRegistry()).problems).toEqual([]);
  });

  it(
    're-runs only the render (and the output) when only the video size changes',
    async () => {
      const artifacts = await temporaryStore();
      const cache = new MemoryCache();
      const registry = builtinRegistry();
      const document = await sample();

      const runOnce = async (doc: WorkflowDocument) => {
        const checked = validateWorkflow(doc, registry);
        if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
        const events: RunEvent[] = [];
        const handle = startRun({
          workflow: checked.workflow,
          artifacts,
          cache,
          inputs: { prompt: 'tide pools' },
          onEvent: (event) => events.push(event),
        });
        const result = await handle.done;
        expect(result.error).toBeUndefined();
        const ids = (type: RunEvent['type']) =>
          events
            .flatMap((event) => (event.type === type && 'nodeId' in event ? [event.nodeId] : []))
            .sort();
        return { completed: ids('node.completed'), cached: ids('node.cached'), result };
      };

      const first = await runOnce(document);
      expect(first.completed).toEqual(['narration', 'prompt', 'render', 'result', 'voice']);
      expect(first.cached).toEqual([]);

      const resized = structuredClone(document);
      const render = resized.nodes.find((node) => node.id === 'render')!;
      render.settings = { ...render.settings, width: 640, height: 360 };
      const second = await runOnce(resized);

      expect(second.completed).toEqual(['render', 'result']);
      expect(second.cached).toEqual(['narration', 'prompt', 'voice']);
      const video = second.result.outputs.video as { sha256: string };
      expect((await probe(artifacts.pathOf(video))).streams[0]).toMatchObject({
        width: 640,
        height: 360,
      });
    },
    PIPELINE_TIMEOUT_MS,
  );
});
