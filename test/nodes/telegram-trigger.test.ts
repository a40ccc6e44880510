import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelegramFake } from '../fakes/telegram-fake.ts';
import { removeTemporaryStores, runNodes, startNodes } from '../harness/node-runner.ts';
import type { NodeRunOptions } from '../harness/node-runner.ts';

const TOKEN = '4242:pipewright-trigger-token';
const fake = new TelegramFake({ token: TOKEN });
let env: Record<string, string>;

beforeAll(async () => {
  await fake.start();
  env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot };
});

afterAll(async () => {
  await fake.stop();
  await removeTemporaryStores();
});

beforeEach(() => fake.clear());

function triggerRun(settings: Record<string, unknown> = {}, extra: Partial<NodeRunOptions> = {}) {
  return {
    nodes: [
      { id: 'telegram', type: 'telegram.trigger', settings },
      {
        id: 'out',
        type: 'output',
        settings: {
          fields: [
            { name: 'text', type: 'text' },
            { name: 'message', type: 'json' },
          ],
        },
      },
    ],
    edges: [
      ['telegram.text', 'out.text'],
      ['telegram.message', 'out.message'],
    ],
    env,
    ...extra,
  } satisfies NodeRunOptions;
}

describe('telegram.trigger', () => {
  it('long-polls until a message arrives and outputs it', async () => {
    const run = await startNodes(triggerRun());
    await fake.waitForRequests({ path: '/getUpdates' });
    const pushed = fake.pushMessage({ text: 'Make a video about owls', chatId: 777 });
    const result = await run.done;

    expect(result.status).toBe('completed');
    expect(result.outputs.text).toBe('Make a video about owls');
    expect(result.outputs.message).toEqual({
      chatId: 777,
      messageId: pushed.message!.message_id,
      from: { id: 777, username: 'tess_tester', firstName: 'Tess' },
      text: 'Make a video about owls',
      date: new Date(pushed.message!.date * 1000).toISOString(),
    });
    const polls = fake.requestsTo({ path: '/getUpdates' });
    expect(polls[0]?.fields.timeout).toBe('25');
    // The second call confirms the message by asking past it.
    expect(polls.at(-1)?.fields.offset).toBe(String(pushed.update_id + 1));
  });

  it('confirms the message it took, so the next run does not receive it again', async () => {
    fake.pushMessage({ text: 'first' });
    const { result } = await runNodes(triggerRun());

    expect(result.outputs.text).toBe('first');
    expect(fake.pendingUpdates).toEqual([]);
  });

  it('passes over messages from other chats and without the prefix, stripping the prefix', async () => {
    fake.pushMessage({ text: '/video from the wrong chat', chatId: 1 });
    fake.pushMessage({ text: 'no command here', chatId: 2 });
    fake.pushMessage({ text: '/videos is another command', chatId: 2 });
    fake.pushMessage({ text: '/video@pipewright_fake_bot  sea otters', chatId: 2 });
    const { result } = await runNodes(triggerRun({ chatId: '2', textPrefix: '/video' }));

    expect(result.outputs.text).toBe('sea otters');
    expect(result.outputs.message).toMatchObject({
      chatId: 2,
      text: '/video@pipewright_fake_bot  sea otters',
    });
  });

  it('takes the update an exported service hands over instead of polling', async () => {
    const update = {
      update_id: 99,
      message: {
        message_id: 5,
        date: 1_700_000_000,
        chat: { id: 4321, type: 'private' },
        from: { id: 4321, is_bot: false, first_name: 'Wren', username: 'wren' },
        text: '/video volcanoes',
      },
    };
    const { result } = await runNodes(
      triggerRun({ textPrefix: '/video' }, { trigger: update, env: {} }),
    );

    expect(result.status).toBe('completed');
    expect(result.outputs).toEqual({
      text: 'volcanoes',
      message: {
        chatId: 4321,
        messageId: 5,
        from: { id: 4321, username: 'wren', firstName: 'Wren' },
        text: '/video volcanoes',
        date: '2023-11-14T22:13:20.000Z',
      },
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('ends a webhook run quietly when the update is not for it', async () => {
    const update = {
      update_id: 100,
      message: {
        message_id: 6,
        date: 1_700_000_000,
        chat: { id: 1, type: 'private' },
        text: 'hello',
      },
    };
    const run = await runNodes(triggerRun({ textPrefix: '/video' }, { trigger: update }));

    expect(run.result.status).toBe('completed');
    expect(run.result.outputs).toEqual({});
    expect(run.of('node.skipped', 'out')).toHaveLength(1);
  });

  it('rejects a trigger payload that is not a Telegram update, naming the node', async () => {
    const { result } = await runNodes(triggerRun({}, { trigger: { hello: 'world' } }));

    expect(result.error).toMatchObject({
      code: 'TELEGRAM_TRIGGER_INVALID',
      details: { nodeId: 'telegram' },
    });
  });

  it('ends at once when the run is cancelled while it waits', async () => {
    const run = await startNodes(triggerRun({ timeoutSeconds: 0 }));
    await fake.waitForRequests({ path: '/getUpdates' });
    const began = Date.now();
    run.handle.cancel();
    const result = await run.done;

    expect(result.status).toBe('cancelled');
    expect(Date.now() - began).toBeLessThan(500);
    expect(run.of('node.completed')).toHaveLength(0);
  });

  it('fails with a clear message when no message comes within the time-out', async () => {
    const { result } = await runNodes(triggerRun({ timeoutSeconds: 1, textPrefix: '/video' }));

    expect(result.error).toMatchObject({
      code: 'TELEGRAM_NO_MESSAGE',
      details: { field: 'timeoutSeconds' },
    });
    expect(result.error?.message).toContain('starting with "/video"');
  });

  it('passes over waiting messages from before the run when asked for new ones only', async () => {
    const old = fake.pushMessage({ text: 'old news' });
    old.message!.date -= 60;
    const run = await startNodes(triggerRun({ onlyNewMessages: true }));
    await fake.waitForRequests({ path: '/getUpdates' }, 2);
    fake.pushMessage({ text: 'fresh' });

    expect((await run.done).outputs.text).toBe('fresh');
  });

  it('fails at once on a rejected token, naming the credential', async () => {
    const run = await runNodes(triggerRun({}, { env: { ...env, TELEGRAM_BOT_TOKEN: '1:wrong' } }));

    expect(run.result.error).toMatchObject({
      code: 'CREDENTIAL_REJECTED',
      details: { field: 'credentials.telegram', status: 401 },
    });
    expect(run.result.error?.message).toContain('TELEGRAM_BOT_TOKEN');
    expect(fake.requests).toHaveLength(1);
  });

  it('fails naming the node and the variable when no bot token is set', async () => {
    const run = await runNodes(triggerRun({}, { env: { TELEGRAM_API_ROOT: fake.apiRoot } }));

    expect(run.result.error).toMatchObject({
      code: 'CREDENTIAL_MISSING',
      details: { nodeId: 'telegram', variable: 'TELEGRAM_BOT_TOKEN' },
    });
    expect(run.result.error?.message).toContain('Node "telegram" (Telegram trigger)');
    expect(fake.requests).toHaveLength(0);
  });

  it('explains that a bot with a webhook cannot be long-polled', async () => {
    fake.webhook = { url: 'https://example.test/hook', params: {} };
    const { result } = await runNodes(triggerRun());

    expect(result.error).toMatchObject({ code: 'TELEGRAM_WEBHOOK_ACTIVE', fault: 'user' });
  });
});
