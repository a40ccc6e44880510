import { afterEach, describe, expect, it } from 'vitest';
import { testService } from './service-harness.ts';
import type { TestService } from './service-harness.ts';
import { testKinds } from './test-kinds.ts';

const SECRET = 'webhook-secret-1';

const triggered = {
  format: 1,
  id: 'echo-bot',
  name: 'Echo bot',
  version: '1.0.0',
  nodes: [
    { id: 'trigger', type: 'test.echo-trigger', position: { x: 0, y: 0 }, settings: {} },
    {
      id: 'out',
      type: 'output',
      position: { x: 1, y: 0 },
      settings: { fields: [{ name: 'update', type: 'json' }] },
    },
  ],
  edges: [{ from: ['trigger', 'update'], to: ['out', 'update'] }],
};

let service: TestService;

afterEach(async () => {
  await service?.close();
});

function deliver(update: unknown, secret?: string) {
  const headers: Record<string, string> = {};
  if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
  return service.app.inject({
    method: 'POST',
    url: '/telegram/webhook',
    payload: update as object,
    headers,
  });
}

describe('the Telegram webhook', () => {
  it('hands the update to a run as its trigger and answers at once', async () => {
    service = await testService(triggered, {
      kinds: testKinds,
      env: { TELEGRAM_WEBHOOK_SECRET: SECRET },
    });
    const update = { update_id: 7, message: { chat: { id: 42 }, text: 'hi' } };
    const answer = await deliver(update, SECRET);

    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ ok: true });
    const line = service.logs.find((entry) => entry.msg === 'telegram update accepted')!;
    const run = service.runs.get(String(line.runId))!;
    const result = await run.done;
    expect(run.source).toBe('telegram');
    expect(result.outputs).toEqual({ update });
  });

  it('refuses a wrong or missing secret with 401 and starts nothing', async () => {
    service = await testService(triggered, {
      kinds: testKinds,
      env: { TELEGRAM_WEBHOOK_SECRET: SECRET },
    });
    const wrong = await deliver({ update_id: 1 }, 'not-it');
    const missing = await deliver({ update_id: 2 });

    expect([wrong.statusCode, missing.statusCode]).toEqual([401, 401]);
    expect(wrong.json().code).toBe('TELEGRAM_SECRET_INVALID');
    expect(service.runs.inFlight).toBe(0);
    expect(service.logs.some((entry) => entry.msg === 'run finished')).toBe(false);
  });

  it('starts one run for an update Telegram delivers twice', async () => {
    service = await testService(triggered, {
      kinds: testKinds,
      env: { TELEGRAM_WEBHOOK_SECRET: SECRET },
    });
    await deliver({ update_id: 9 }, SECRET);
    const again = await deliver({ update_id: 9 }, SECRET);

    expect(again.statusCode).toBe(200);
    const accepted = service.logs.filter((entry) => entry.msg === 'telegram update accepted');
    expect(accepted).toHaveLength(1);
  });

  it('takes no update at all until a secret is configured', async () => {
    service = await testService(triggered, { kinds: testKinds });
    const answer = await deliver({ update_id: 3 }, '');

    expect(answer.statusCode).toBe(503);
    expect(answer.json().code).toBe('TELEGRAM_NOT_CONFIGURED');
  });

  it('is not a route of pipelines without a Telegram trigger', async () => {
    service = await testService({ ...triggered, nodes: [], edges: [] });
    const answer = await deliver({ update_id: 1 }, SECRET);

    expect(answer.statusCode).toBe(404);
  });
});
