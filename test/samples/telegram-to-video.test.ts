import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryCache, serializeWorkflow, startRun, validateWorkflow } from '../../engine/index.ts';
import type {
  ArtifactRef,
  CacheStore,
  CompiledWorkflow,
  FolderArtifactStore,
  RunEvent,
  RunEventOf,
  WorkflowDocument,
} from '../../engine/index.ts';
import { builtinRegistry } from '../../nodes/index.ts';
import { probeMedia } from '../fakes/probe-media.ts';
import { startAllFakes } from '../fakes/index.ts';
import type { RunningFakes } from '../fakes/index.ts';
import { probe } from '../harness/media-fixtures.ts';
import { removeTemporaryStores, temporaryStore } from '../harness/node-runner.ts';

const SAMPLE = 'workflows/telegram-to-video.json';
const PIPELINE_TIMEOUT_MS = 180_000;

const SCRIPT = {
  title: 'Tide pools',
  scenes: [
    {
      narration: 'When the sea pulls back, small worlds appear in the rocks.',
      caption: 'Worlds in the rocks',
    },
    {
      narration: 'Crabs, anemones and snails wait for the water to return.',
      caption: 'Waiting for the tide',
    },
  ],
};

let fakes: RunningFakes;
let document: WorkflowDocument;

beforeAll(async () => {
  fakes = await startAllFakes();
  document = JSON.parse(await readFile(SAMPLE, 'utf8')) as WorkflowDocument;
});

afterAll(async () => {
  await fakes.stop();
  await removeTemporaryStores();
});

beforeEach(() => {
  fakes.openai.clear();
  fakes.elevenlabs.clear();
  fakes.telegram.clear();
});

function compile(doc: WorkflowDocument): CompiledWorkflow {
  const checked = validateWorkflow(doc, builtinRegistry());
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems, null, 2));
  return checked.workflow;
}

/** One run of the sample against the fakes, as an exported service hands it a webhook update. */
async function runSample(
  doc: WorkflowDocument,
  trigger: unknown,
  shared: { artifacts: FolderArtifactStore; cache: CacheStore },
) {
  const events: RunEvent[] = [];
  const result = await startRun({
    workflow: compile(doc),
    artifacts: shared.artifacts,
    cache: shared.cache,
    trigger,
    env: { ...fakes.env },
    onEvent: (event) => events.push(event),
  }).done;
  expect(result.error).toBeUndefined();

  const ids = (type: RunEvent['type']) =>
    events
      .flatMap((event) => (event.type === type && 'nodeId' in event ? [event.nodeId] : []))
      .sort();
  const outputsOf = (nodeId: string) =>
    events.find(
      (event): event is RunEventOf<'node.completed'> =>
        event.type === 'node.completed' && event.nodeId === nodeId,
    )?.outputs;
  return {
    result,
    events,
    completed: ids('node.completed'),
    cached: ids('node.cached'),
    outputsOf,
  };
}

describe('the Telegram-to-video sample', () => {
  it('is written as serializeWorkflow writes it', async () => {
    const text = await readFile(SAMPLE, 'utf8');
    expect(serializeWorkflow(JSON.parse(text))).toBe(text);
  });

  it(
    'answers a message to the bot with a captioned video of the script, as a reply',
    async () => {
      fakes.openai.reply(SCRIPT);
      const update = fakes.telegram.pushMessage({ chatId: 4242, text: 'tide pools' });
      const artifacts = await temporaryStore();
      const run = await runSample(document, update, { artifacts, cache: new MemoryCache() });

      const [chat] = fakes.openai.chatRequests;
      expect(JSON.stringify(chat?.messages)).toContain('about: tide pools');
      expect(chat?.response_format?.type).toBe('json_schema');
      expect(fakes.openai.requests[0]?.headers.authorization).toBe(
        `Bearer ${fakes.env.OPENAI_API_KEY}`,
      );
      expect(fakes.elevenlabs.speechRequests.map((request) => request.text)).toEqual([
        `${SCRIPT.scenes[0]!.narration}\n\n${SCRIPT.scenes[1]!.narration}`,
      ]);
      expect(fakes.elevenlabs.requests[0]?.headers['xi-api-key']).toBe(
        fakes.env.ELEVENLABS_API_KEY,
      );

      const [sent] = fakes.telegram.sent;
      expect(fakes.telegram.sent).toHaveLength(1);
      expect(sent).toMatchObject({ method: 'sendVideo', chatId: 4242 });
      // A multipart upload carries reply_parameters as JSON text.
      expect(JSON.parse(String(sent!.params.reply_parameters))).toMatchObject({
        message_id: update.message!.message_id,
        chat_id: 4242,
      });

      const uploaded = await probeMedia(sent!.file!.bytes);
      expect(uploaded.streams.map((stream) => stream.codecType).sort()).toEqual(['audio', 'video']);
      expect(uploaded.streams.find((stream) => stream.codecType === 'video')).toMatchObject({
        width: 720,
        height: 1280,
      });
      const narration = run.outputsOf('voice')?.audio as ArtifactRef;
      const spoken = (await probe(artifacts.pathOf(narration))).duration;
      expect(spoken).toBeGreaterThan(3);
      expect(Math.abs(uploaded.duration - spoken)).toBeLessThan(0.5);

      const video = run.result.outputs.video as ArtifactRef;
      expect(sent!.file?.bytes.equals(await readFile(artifacts.pathOf(video)))).toBe(true);
      const renderProgress = run.events.filter(
        (event) => event.type === 'node.progress' && event.nodeId === 'render',
      );
      expect(renderProgress.length).toBeGreaterThan(1);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    're-runs only the render when only its size changes, asking neither API again',
    async () => {
      fakes.openai.reply(SCRIPT, { times: 2 });
      const update = fakes.telegram.pushMessage({ chatId: 77, text: 'tide pools' });
      const shared = { artifacts: await temporaryStore(), cache: new MemoryCache() };
      const first = await runSample(document, update, shared);
      expect(first.cached).toEqual([]);

      const resized = structuredClone(document);
      const render = resized.nodes.find((node) => node.id === 'render')!;
      render.settings = { ...render.settings, width: 360, height: 640 };
      const second = await runSample(resized, update, shared);

      // The trigger and the reply never come from the cache: one reads the world, one acts on it.
      expect(second.cached).toEqual(['script', 'voice']);
      expect(second.completed).toEqual(['message', 'render', 'reply', 'result']);
      expect(fakes.openai.requests).toHaveLength(1);
      expect(fakes.elevenlabs.requests).toHaveLength(1);

      expect(fakes.telegram.sent.map((sent) => sent.method)).toEqual(['sendVideo', 'sendVideo']);
      const resent = await probeMedia(fakes.telegram.sent[1]!.file!.bytes);
      expect(resent.streams.find((stream) => stream.codecType === 'video')).toMatchObject({
        width: 360,
        height: 640,
      });
    },
    PIPELINE_TIMEOUT_MS,
  );
});
