import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Api, Bot, InputFile, TelegramApiError } from 'node-telegram-bot-api';
import { createWebhookServer } from 'node-telegram-bot-api/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { probeMedia } from './probe-media.ts';
import { TelegramFake } from './telegram-fake.ts';

const run = promisify(execFile);
const TOKEN = '4242:pipewright-test-token';
const fake = new TelegramFake({ token: TOKEN });
let folder = '';
let clip = Buffer.alloc(0);

function api(token = TOKEN): Api {
  return new Api(token, { apiRoot: fake.apiRoot, maxRetries: 0 });
}

beforeAll(async () => {
  await fake.start();
  folder = await mkdtemp(join(tmpdir(), 'telegram-fake-test-'));
  const path = join(folder, 'clip.mp4');
  await run('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'color=c=navy:s=320x240:d=1:r=25'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'],
    ...['-shortest', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path],
  ]);
  clip = await readFile(path);
});

afterAll(async () => {
  await fake.stop();
  await rm(folder, { recursive: true, force: true });
});

beforeEach(() => {
  fake.clear();
});

describe('TelegramFake Bot API', () => {
  it('answers getMe for the right token', async () => {
    const me = await api().getMe();

    expect(me).toMatchObject({ id: 4242, is_bot: true, username: 'pipewright_fake_bot' });
    expect(fake.requests[0]?.path).toBe(`/bot${TOKEN}/getMe`);
  });

  it('rejects a wrong token with 401 and a malformed one with 404', async () => {
    const wrong = api('4242:not-the-token').getMe();
    const malformed = api('garbage').getMe();

    await expect(wrong).rejects.toBeInstanceOf(TelegramApiError);
    await expect(wrong).rejects.toMatchObject({ errorCode: 401, description: 'Unauthorized' });
    await expect(malformed).rejects.toMatchObject({ errorCode: 404 });
  });

  it('holds getUpdates open until a message is pushed, then confirms it by offset', async () => {
    const started = Date.now();
    const polling = api().getUpdates({ timeout: 10 });
    await fake.waitForRequests({ path: '/getUpdates' });
    setTimeout(() => fake.pushMessage({ chatId: 77, text: 'make a video about owls' }), 100);
    const updates = await polling;

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(updates).toHaveLength(1);
    const first = updates[0];
    expect(first && 'message' in first ? first.message : undefined).toMatchObject({
      text: 'make a video about owls',
      chat: { id: 77, type: 'private' },
      from: { id: 77, is_bot: false },
    });

    const again = await api().getUpdates({ offset: (updates[0]?.update_id ?? 0) + 1, timeout: 0 });
    expect(again).toEqual([]);
  });

  it('answers an empty list when the long-poll timeout passes', async () => {
    const started = Date.now();
    const updates = await api().getUpdates({ timeout: 1 });

    expect(updates).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('records a sent message', async () => {
    const message = await api().sendMessage({ chat_id: 77, text: 'Rendering your video...' });

    expect(message).toMatchObject({ chat: { id: 77 }, text: 'Rendering your video...' });
    expect(fake.sent).toEqual([
      expect.objectContaining({
        method: 'sendMessage',
        chatId: 77,
        text: 'Rendering your video...',
      }),
    ]);
  });

  it('receives a sendVideo upload whose bytes ffprobe reads as the MP4 sent', async () => {
    const video = new InputFile(clip, { filename: 'owls.mp4', contentType: 'video/mp4' });
    const message = await api().sendVideo({ chat_id: 77, video, caption: 'Owls!' });

    const part = fake.requests[0]?.parts.find((candidate) => candidate.name === 'video');
    expect(part).toMatchObject({
      filename: 'owls.mp4',
      contentType: 'video/mp4',
      byteLength: clip.length,
    });
    const received = fake.sent[0]?.file;
    expect(received?.bytes.equals(clip)).toBe(true);
    expect(fake.sent[0]).toMatchObject({ method: 'sendVideo', chatId: 77, caption: 'Owls!' });

    const saved = join(folder, 'received.mp4');
    await writeFile(saved, received?.bytes ?? Buffer.alloc(0));
    const probe = await probeMedia(saved);
    expect(probe.streams.map((stream) => stream.codecType)).toEqual(['video', 'audio']);
    expect(probe.duration).toBeGreaterThan(0.9);
    expect(message.video).toMatchObject({ width: 320, height: 240, duration: 1 });
  });

  it('serves an uploaded file through getFile and the file download path', async () => {
    const message = await api().sendDocument({
      chat_id: 77,
      document: new InputFile(new Uint8Array([1, 2, 3, 4]), { filename: 'data.bin' }),
    });
    const file = await api().getFile({ file_id: message.document?.file_id ?? '' });
    const response = await fetch(`${fake.apiRoot}/file/bot${TOKEN}/${file.file_path}`);

    expect(file.file_size).toBe(4);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([1, 2, 3, 4]));
  });

  it('retries a 429 flood-wait through the SDK', async () => {
    fake.fail({ status: 429, retryAfter: 0, path: '/sendMessage' });
    const retrying = new Api(TOKEN, { apiRoot: fake.apiRoot, maxRetries: 1 });
    await retrying.sendMessage({ chat_id: 77, text: 'after the wait' });

    expect(fake.requests.map((request) => request.fault)).toEqual(['fail', undefined]);
    expect(fake.sent).toHaveLength(1);
  });

  it('delivers pushed updates to a webhook with the secret token', async () => {
    const bot = new Bot(TOKEN, { apiRoot: fake.apiRoot, maxRetries: 0 });
    bot.on('message', (context) => context.reply(`got: ${context.message?.text}`));
    const receiver: Server = createWebhookServer(bot, {
      path: '/hook',
      secretToken: 'hook-secret',
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;

    try {
      await bot.api.setWebhook({
        url: `http://127.0.0.1:${port}/hook`,
        secret_token: 'hook-secret',
      });
      fake.pushMessage({ chatId: 9, text: 'hello hook' });
      const deliveries = await fake.deliverToWebhook();

      expect(fake.webhook).toMatchObject({ secretToken: 'hook-secret' });
      expect(deliveries).toEqual([{ updateId: expect.any(Number), status: 200 }]);
      expect(fake.sent[0]).toMatchObject({
        method: 'sendMessage',
        chatId: 9,
        text: 'got: hello hook',
      });
      await expect(api().getUpdates({ timeout: 0 })).rejects.toMatchObject({ errorCode: 409 });
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('keeps an update pending when the webhook refuses it', async () => {
    await api().setWebhook({ url: `${fake.url}/not-a-receiver`, secret_token: 'abc' });
    fake.pushMessage({ text: 'nobody home' });
    const deliveries = await fake.deliverToWebhook();

    expect(deliveries[0]?.status).toBe(404);
    expect(fake.pendingUpdates).toHaveLength(1);
  });
});
