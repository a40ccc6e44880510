import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAllFakes } from './all-fakes.ts';
import type { RunningFakes } from './all-fakes.ts';
import { handCommand } from './hand-commands.ts';

let fakes: RunningFakes;

beforeAll(async () => {
  fakes = await startAllFakes();
});

afterAll(() => fakes.stop());

beforeEach(() => {
  fakes.openai.clear();
  fakes.elevenlabs.clear();
  fakes.telegram.clear();
});

describe('the fault commands typed into start.ts', () => {
  it('leaves other lines, bot commands included, to be sent as messages', () => {
    expect(handCommand('/video cats', fakes)).toBeUndefined();
    expect(handCommand('tide pools', fakes)).toBeUndefined();
  });

  it('queues a failure that the next matching request receives, with its retry-after', async () => {
    const said = handCommand('/fail telegram 429 times=2 retry=3 path=sendVideo', fakes);

    expect(said).toEqual([
      '# the next 2 request(s) to telegram ending in sendVideo will answer 429 with retry-after 3',
    ]);
    const poll = await fetch(`${fakes.telegram.apiRoot}/bot${fakes.telegram.token}/getUpdates`);
    expect(poll.status).toBe(200);
    const send = await fetch(`${fakes.telegram.apiRoot}/bot${fakes.telegram.token}/sendVideo`, {
      method: 'POST',
    });
    expect(send.status).toBe(429);
    expect(send.headers.get('retry-after')).toBe('3');
    expect(fakes.telegram.pendingFaults).toBe(1);
  });

  it('queues a delay and a cut-off', async () => {
    handCommand('/slow elevenlabs 300', fakes);
    handCommand('/cutoff openai after=0', fakes);

    const began = Date.now();
    await fetch(`${fakes.elevenlabs.url}/v1/models`);
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
    await expect(fetch(`${fakes.openai.baseURL}/models`)).rejects.toThrow();
    expect(fakes.elevenlabs.pendingFaults + fakes.openai.pendingFaults).toBe(0);
  });

  it('answers a mistyped command with what is wrong and its usage, queuing nothing', () => {
    expect(handCommand('/fail openai', fakes)).toEqual([
      '# the status must be a whole number from 400 to 599',
      '# usage: /fail <fake> <status> [times=N] [retry=SECONDS] [path=ENDING]',
    ]);
    expect(handCommand('/slow openai 100 retry=2', fakes)?.[0]).toBe(
      '# "retry" is not an option here; use times, path',
    );
    expect(handCommand('/cutoff telegram times=0', fakes)?.[0]).toBe('# times must be at least 1');
    expect(handCommand('/help', fakes)).toHaveLength(4);
    expect(fakes.openai.pendingFaults + fakes.telegram.pendingFaults).toBe(0);
  });
});
