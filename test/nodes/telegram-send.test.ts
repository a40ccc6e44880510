import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactRef, FolderArtifactStore } from '../../engine/index.ts';
import { probeMedia } from '../fakes/probe-media.ts';
import { TelegramFake } from '../fakes/telegram-fake.ts';
import { bareKind, registryWith } from '../harness/engine-runner.ts';
import { removeTemporaryStores, runNodes, temporaryStore } from '../harness/node-runner.ts';
import type { NodeRunOptions, TestNode } from '../harness/node-runner.ts';

const execute = promisify(execFile);
const TOKEN = '4242:pipewright-send-token';
const fake = new TelegramFake({ token: TOKEN });
const UPDATE = {
  update_id: 7,
  message: {
    message_id: 41,
    date: 1_700_000_000,
    chat: { id: 555, type: 'private' },
    from: { id: 555, is_bot: false, first_name: 'Ada' },
    text: '/video comets',
  },
};
let env: Record<string, string>;
let store: FolderArtifactStore;
let video: ArtifactRef;
let audio: ArtifactRef;

beforeAll(async () => {
  await fake.start();
  env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot };
  store = await temporaryStore();
  video = await makeMedia('clip.mp4', 'video/mp4', [
    ...['-f', 'lavfi', '-i', 'color=c=teal:s=320x240:d=1:r=25'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=330:duration=1'],
    ...['-shortest', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
  ]);
  audio = await makeMedia('voice.mp3', 'audio/mpeg', [
    ...['-f', 'lavfi', '-i', 'sine=frequency=220:duration=1', '-c:a', 'libmp3lame'],
  ]);
});

afterAll(async () => {
  await fake.stop();
  await removeTemporaryStores();
});

beforeEach(() => fake.clear());

/**
 * What the send node is given besides the triggering message. A pipeline has one entry (the
 * trigger here), so the media come from a plain source node rather than a second Input.
 */
const mediaSource = bareKind(
  'test.media',
  async () => ({ video, audio, text: 'Here is your video.', chatId: '999' }),
  {
    outputs: {
      video: { type: 'video' },
      audio: { type: 'audio' },
      text: { type: 'text' },
      chatId: { type: 'text' },
    },
  },
);
const registry = registryWith(mediaSource);

async function makeMedia(name: string, mediaType: string, args: string[]): Promise<ArtifactRef> {
  const path = await store.scratchPath(name.split('.').pop()!);
  await execute('ffmpeg', ['-v', 'error', '-y', ...args, path]);
  return store.putFile(path, { mediaType, name }, { move: true });
}

/** A webhook-fed trigger and a media source, wired into the send node as a test asks. */
function sendRun(
  settings: Record<string, unknown>,
  wires: { replyTo?: boolean; media?: ('video' | 'audio' | 'text' | 'chatId')[] },
  extra: Partial<NodeRunOptions> & { send?: Partial<TestNode> } = {},
): NodeRunOptions {
  const media = wires.media ?? [];
  return {
    nodes: [
      { id: 'telegram', type: 'telegram.trigger', settings: {} },
      { id: 'media', type: 'test.media', settings: {} },
      { id: 'send', type: 'telegram.send', settings, ...extra.send },
    ],
    edges: [
      ...(wires.replyTo ? ([['telegram.message', 'send.replyTo']] as [string, string][]) : []),
      ...media.map((name) => [`media.${name}`, `send.${name}`] as [string, string]),
    ],
    trigger: UPDATE,
    artifacts: store,
    env,
    registry,
    ...extra,
  };
}

describe('telegram.send', () => {
  it('uploads a video as multipart, replying to the triggering message', async () => {
    const run = await runNodes(
      sendRun({ caption: 'Comets!' }, { replyTo: true, media: ['video'] }),
    );

    expect(run.result.status).toBe('completed');
    const [sent] = fake.sent;
    expect(sent?.method).toBe('sendVideo');
    expect(sent?.chatId).toBe(555);
    expect(sent?.caption).toBe('Comets!');
    expect(JSON.parse(String(sent?.params.reply_parameters))).toMatchObject({
      message_id: 41,
      chat_id: 555,
    });

    const upload = fake.requestsTo({ path: '/sendVideo' })[0]!;
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data/);
    // Chunked, not a content-length: the body was streamed from the file, not built in memory.
    expect(upload.headers['transfer-encoding']).toBe('chunked');
    const part = upload.parts.find((candidate) => candidate.name === 'video')!;
    expect(part).toMatchObject({ filename: 'clip.mp4', contentType: 'video/mp4' });
    expect(part.data.equals(await readFile(store.pathOf(video)))).toBe(true);
    expect((await probeMedia(part.data)).streams.map((stream) => stream.codecType)).toContain(
      'video',
    );

    const outputs = run.of('node.completed', 'send')[0]!.outputs;
    expect(outputs.messageIds).toEqual([sent!.message.message_id]);
    expect(outputs.message).toMatchObject({ chatId: 555, messageId: sent!.message.message_id });
  });

  it('sends the text first, then the audio, to the chat id setting without a reply', async () => {
    const run = await runNodes(sendRun({ chatId: '321' }, { media: ['text', 'audio'] }));

    expect(run.result.status).toBe('completed');
    expect(fake.sent.map((sent) => [sent.method, sent.chatId])).toEqual([
      ['sendMessage', 321],
      ['sendAudio', 321],
    ]);
    expect(fake.sent[0]?.text).toBe('Here is your video.');
    expect(fake.sent[1]?.file?.bytes.length).toBe(audio.bytes);
    expect(fake.sent.every((sent) => sent.params.reply_parameters === undefined)).toBe(true);
    expect(run.of('node.completed', 'send')[0]?.outputs.messageIds).toHaveLength(2);
  });

  it('lets a chatId input win over the setting', async () => {
    await runNodes(sendRun({ chatId: '321' }, { media: ['text', 'chatId'] }));

    expect(fake.sent[0]?.chatId).toBe(999);
  });

  it('fails naming the chat id when it has nowhere to send', async () => {
    const { result } = await runNodes(sendRun({}, { media: ['text'] }));

    expect(result.error).toMatchObject({
      code: 'TELEGRAM_NO_CHAT',
      details: { nodeId: 'send', field: 'chatId' },
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('fails when nothing arrives to send', async () => {
    const { result } = await runNodes(sendRun({}, { replyTo: true }));

    expect(result.error).toMatchObject({ code: 'TELEGRAM_NOTHING_TO_SEND' });
  });

  it('retries a flood wait through the engine, uploading the file again', async () => {
    fake.fail({ status: 429, retryAfter: 0, path: '/sendVideo' });
    const run = await runNodes(
      sendRun({}, { replyTo: true, media: ['video'] }, { send: { retry: { baseDelayMs: 10 } } }),
    );

    expect(run.result.status).toBe('completed');
    const uploads = fake.requestsTo({ path: '/sendVideo' });
    expect(uploads).toHaveLength(2);
    expect(uploads[1]?.parts.find((part) => part.name === 'video')?.byteLength).toBe(video.bytes);
  });

  it('reports a refusal such as a blocked bot as the user’s to fix, quoting Telegram', async () => {
    fake.fail({ status: 403, path: '/sendMessage' });
    const run = await runNodes(sendRun({}, { replyTo: true, media: ['text'] }));

    expect(run.result.error).toMatchObject({ code: 'TELEGRAM_REQUEST_REJECTED', fault: 'user' });
    expect(run.result.error?.message).toContain('bot was blocked by the user');
    expect(fake.requests).toHaveLength(1);
  });

  it('fails at once on a rejected token, naming the credential', async () => {
    const run = await runNodes(
      sendRun(
        {},
        { replyTo: true, media: ['text'] },
        { env: { ...env, TELEGRAM_BOT_TOKEN: '1:nope' } },
      ),
    );

    expect(run.result.error).toMatchObject({
      code: 'CREDENTIAL_REJECTED',
      details: { field: 'credentials.telegram' },
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('fails naming the node and the variable when no bot token is set', async () => {
    const run = await runNodes(
      sendRun({}, { replyTo: true, media: ['text'] }, { env: { TELEGRAM_API_ROOT: fake.apiRoot } }),
    );

    expect(run.result.error).toMatchObject({
      code: 'CREDENTIAL_MISSING',
      details: { nodeId: 'send', variable: 'TELEGRAM_BOT_TOKEN' },
    });
    expect(run.result.error?.message).toContain('Node "send" (Telegram send)');
    expect(fake.requests).toHaveLength(0);
  });
});
