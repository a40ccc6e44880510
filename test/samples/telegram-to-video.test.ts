import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache, serializeWorkflow, startRun, validateWorkflow } from '../../engine/index.ts';
import type { ArtifactRef, CompiledWorkflow, RunEvent } from '../../engine/index.ts';
import { builtinRegistry } from '../../nodes/index.ts';
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
let workflow: CompiledWorkflow;

beforeAll(async () => {
  fakes = await startAllFakes();
  const checked = validateWorkflow(JSON.parse(await readFile(SAMPLE, 'utf8')), builtinRegistry());
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems, null, 2));
  workflow = checked.workflow;
});

afterAll(async () => {
  await fakes.stop();
  await removeTemporaryStores();
});

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
      const events: RunEvent[] = [];

      const result = await startRun({
        workflow,
        artifacts,
        cache: new MemoryCache(),
        trigger: update,
        env: { ...fakes.env },
        onEvent: (event) => events.push(event),
      }).done;

      expect(result.error).toBeUndefined();
      const [chat] = fakes.openai.chatRequests;
      expect(JSON.stringify(chat?.messages)).toContain('about: tide pools');
      expect(fakes.elevenlabs.speechRequests.map((request) => request.text)).toEqual([
        `${SCRIPT.scenes[0]!.narration}\n\n${SCRIPT.scenes[1]!.narration}`,
      ]);

      const video = result.outputs.video as ArtifactRef;
      const info = await probe(artifacts.pathOf(video));
      expect(info.streams[0]).toMatchObject({ kind: 'video', width: 720, height: 1280 });
      const [sent] = fakes.telegram.sent;
      expect(fakes.telegram.sent).toHaveLength(1);
      expect(sent).toMatchObject({ method: 'sendVideo', chatId: 4242 });
      // A multipart upload carries reply_parameters as JSON text.
      expect(JSON.parse(String(sent!.params.reply_parameters))).toMatchObject({
        message_id: update.message!.message_id,
        chat_id: 4242,
      });
      expect(sent!.file?.bytes.equals(await readFile(artifacts.pathOf(video)))).toBe(true);
      const renderProgress = events.filter(
        (event) => event.type === 'node.progress' && event.nodeId === 'render',
      );
      expect(renderProgress.length).toBeGreaterThan(1);
    },
    PIPELINE_TIMEOUT_MS,
  );
});
