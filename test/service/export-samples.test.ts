import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllFakes } from '../fakes/index.ts';
import type { RunningFakes } from '../fakes/index.ts';
import { contractValidator } from './service-harness.ts';
import { npmInstall, readJson, startExport, workspace } from './export-harness.ts';
import type { RunningExport, Workspace } from './export-harness.ts';

/**
 * The two samples as a user ships them: exported, installed with npm, started as their own
 * process and called over HTTP (or, for the bot, by the fake Telegram through its webhook).
 */

const SAMPLE_TIMEOUT_MS = 300_000;
const KEY = 'sample-key-1';
const SECRET = 'sample-webhook-secret';

let space: Workspace;

beforeAll(async () => {
  space = await workspace();
});

afterAll(async () => {
  await space?.remove();
});

describe('the exported prompt-to-video-offline sample', () => {
  let out: string;
  let service: RunningExport;
  let check: ReturnType<typeof contractValidator>;
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

  beforeAll(async () => {
    const report = await space.exportTo(join('workflows', 'prompt-to-video-offline.json'), {
      out: join(space.root, 'offline'),
    });
    out = report.outDir;
    expect((await readJson(join(out, 'package.json'))).dependencies).toEqual({});
    await npmInstall(out);
    check = contractValidator(await readJson(join(out, 'openapi.json')));
    service = await startExport(out, {
      DATA_DIR: join(space.root, 'offline-data'),
      PIPEWRIGHT_API_KEY: KEY,
    });
  }, SAMPLE_TIMEOUT_MS);

  afterAll(async () => {
    await service?.stop();
  });

  it(
    'answers a run with a video URL that serves the MP4, whole and by range',
    async () => {
      const answer = await fetch(`${service.base}/run`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ prompt: 'the tide pools of the north sea' }),
      });
      const outputs = await answer.json();

      expect(answer.status, JSON.stringify(outputs)).toBe(200);
      expect(check('RunOutputs', outputs)).toMatchObject({ ok: true });
      expect(outputs.script).toContain('tide pools');
      const video = outputs.video as { url: string; bytes: number; mediaType: string };
      const whole = await fetch(video.url, { headers: auth });
      const bytes = Buffer.from(await whole.arrayBuffer());
      expect(whole.headers.get('content-type')).toBe('video/mp4');
      expect(bytes.length).toBe(video.bytes);
      expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
      const part = await fetch(video.url, { headers: { ...auth, range: 'bytes=4-7' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 4-7/${video.bytes}`);
      expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('ftyp');
    },
    SAMPLE_TIMEOUT_MS,
  );

  it('refuses a prompt of the wrong type with 400 problem+json naming the field', async () => {
    const answer = await fetch(`${service.base}/run`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ prompt: 42 }),
    });
    const problem = await answer.json();

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problem).toMatchObject({ code: 'REQUEST_INVALID', field: 'prompt' });
    expect(check('Problem', problem)).toMatchObject({ ok: true });
  });

  it(
    'on SIGTERM refuses new runs, turns unready, finishes the run in flight, then exits 0',
    async () => {
      const started = await fetch(`${service.base}/runs`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ prompt: 'a run that outlives its server' }),
      });
      const { runId } = await started.json();
      service.child.kill('SIGTERM');
      await waitFor(() => service.output().includes('draining runs'), 10_000);

      const late = await fetch(`${service.base}/runs`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ prompt: 'too late' }),
      });
      const ready = await fetch(`${service.base}/ready`);
      const code = await exitCode(service);

      expect(started.status).toBe(202);
      expect(late.status).toBe(503);
      expect(ready.status).toBe(503);
      expect(code).toBe(0);
      const finished = service
        .output()
        .split('\n')
        .filter((line) => line.includes('"run finished"'))
        .map((line) => JSON.parse(line));
      expect(finished).toContainEqual(expect.objectContaining({ runId, state: 'succeeded' }));
    },
    SAMPLE_TIMEOUT_MS,
  );
});

describe('the exported telegram-to-video sample', () => {
  let fakes: RunningFakes;
  let service: RunningExport;

  beforeAll(async () => {
    fakes = await startAllFakes();
    const report = await space.exportTo(join('workflows', 'telegram-to-video.json'), {
      out: join(space.root, 'bot'),
    });
    for (const name of report.files) {
      const text = await readFile(join(report.outDir, name), 'utf8');
      for (const secret of Object.values(fakes.env)) expect(text, name).not.toContain(secret);
    }
    await npmInstall(report.outDir);
    service = await startExport(report.outDir, {
      ...fakes.env,
      DATA_DIR: join(space.root, 'bot-data'),
      PIPEWRIGHT_API_KEY: KEY,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    await setWebhook(fakes, `${service.base}/telegram/webhook`, SECRET);
  }, SAMPLE_TIMEOUT_MS);

  afterAll(async () => {
    await service?.stop();
    await fakes?.stop();
  });

  it(
    'answers a message delivered to its webhook with the rendered video, as a reply',
    async () => {
      fakes.openai.reply({
        title: 'Tide pools',
        scenes: [{ narration: 'When the sea pulls back, small worlds appear.', caption: 'Worlds' }],
      });
      const update = fakes.telegram.pushMessage({ chatId: 5150, text: 'tide pools' });

      const deliveries = await fakes.telegram.deliverToWebhook();
      await waitFor(() => fakes.telegram.sent.length > 0, SAMPLE_TIMEOUT_MS - 10_000);

      expect(deliveries).toEqual([{ updateId: update.update_id, status: 200 }]);
      const [sent] = fakes.telegram.sent;
      expect(sent).toMatchObject({ method: 'sendVideo', chatId: 5150 });
      expect(sent!.file!.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
      expect(JSON.stringify(fakes.openai.chatRequests[0]?.messages)).toContain('tide pools');
    },
    SAMPLE_TIMEOUT_MS,
  );

  it('refuses an update with a wrong or missing secret with 401 and sends nothing', async () => {
    const sentBefore = fakes.telegram.sent.length;
    const update = { update_id: 99, message: { message_id: 1, chat: { id: 1 }, text: 'hi' } };
    const statuses: number[] = [];
    for (const secret of ['not-the-secret', undefined]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (secret) headers['x-telegram-bot-api-secret-token'] = secret;
      const answer = await fetch(`${service.base}/telegram/webhook`, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
      });
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      statuses.push(answer.status);
    }

    expect(statuses).toEqual([401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fakes.telegram.sent).toHaveLength(sentBefore);
  });
});

/** Registers the webhook as a bot owner would, through the (fake) Bot API. */
async function setWebhook(fakes: RunningFakes, url: string, secret: string): Promise<void> {
  const answer = await fetch(
    `${fakes.env.TELEGRAM_API_ROOT}/bot${fakes.env.TELEGRAM_BOT_TOKEN}/setWebhook`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, secret_token: secret }),
    },
  );
  expect(await answer.json()).toMatchObject({ ok: true });
}

/** The exit code, once the process ends on its own (stop() would send a second signal). */
async function exitCode({ child }: RunningExport): Promise<number | null> {
  if (child.exitCode === null) await once(child, 'exit');
  return child.exitCode;
}

async function waitFor(ready: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
