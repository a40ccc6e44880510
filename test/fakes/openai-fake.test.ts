import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpenAIFake } from './openai-fake.ts';

const fake = new OpenAIFake({ apiKey: 'sk-test-key' });

function client(options: { apiKey?: string; maxRetries?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey ?? 'sk-test-key',
    baseURL: fake.baseURL,
    maxRetries: options.maxRetries ?? 0,
  });
}

const VideoScript = z.object({
  title: z.string(),
  scenes: z.array(z.object({ narration: z.string(), caption: z.string() })),
});

beforeAll(async () => {
  await fake.start();
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.clear();
});

describe('OpenAIFake chat completions', () => {
  it('answers a plain completion with usage and records the request', async () => {
    const completion = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Tell me about lighthouses' }],
    });

    expect(completion.choices[0]?.message.content).toContain('lighthouses');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    const [request] = fake.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-key');
    expect(fake.chatRequests[0]?.messages[0]?.content).toBe('Tell me about lighthouses');
  });

  it('finds the topic after "about:", as the Telegram sample writes its prompt', async () => {
    const completion = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Write a 30-second video script about: tide pools' }],
    });

    expect(completion.choices[0]?.message.content).toBe(
      'Here is a short answer about tide pools: it is worth a closer look.',
    );
  });

  it('sends a scripted reply once, then falls back to the derived one', async () => {
    fake.reply('Scripted text.');
    const first = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'anything' }],
    });
    const second = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'anything' }],
    });

    expect(first.choices[0]?.message.content).toBe('Scripted text.');
    expect(second.choices[0]?.message.content).not.toBe('Scripted text.');
  });

  it('streams chunks as server-sent events with a final usage chunk', async () => {
    fake.reply('One two three four.');
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });

    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }

    expect(text).toBe('One two three four.');
    expect(chunks).toBeGreaterThan(4);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(fake.chatRequests[0]?.stream).toBe(true);
  });

  it('answers structured output that parses against the schema', async () => {
    const completion = await client().chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You write short vertical videos.' },
        { role: 'user', content: 'Write a 3-scene script about why cats purr' },
      ],
      response_format: zodResponseFormat(VideoScript, 'video_script'),
    });

    const script = completion.choices[0]?.message.parsed;
    expect(script?.title).toBe('Why Cats Purr');
    expect(script?.scenes).toHaveLength(3);
    expect(script?.scenes[0]?.narration).toContain('why cats purr');
    expect(new Set(script?.scenes.map((scene) => scene.caption)).size).toBe(3);
    expect(fake.chatRequests[0]?.response_format?.type).toBe('json_schema');
  });

  it('sends a scripted JSON reply for a structured request', async () => {
    const scripted = { title: 'Fixed', scenes: [{ narration: 'Only scene.', caption: 'One' }] };
    fake.reply(scripted);
    const completion = await client().chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'anything' }],
      response_format: zodResponseFormat(VideoScript, 'video_script'),
    });

    expect(completion.choices[0]?.message.parsed).toEqual(scripted);
  });

  it('rejects a wrong key with 401 in the OpenAI error shape', async () => {
    const call = client({ apiKey: 'sk-wrong' }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });

    await expect(call).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await call.catch((error: unknown) => {
      expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    });
  });

  it('answers 429 with retry-after, then succeeds on the SDK retry', async () => {
    fake.fail({ status: 429, retryAfter: 0, path: '/chat/completions' });
    const completion = await client({ maxRetries: 2 }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });

    expect(completion.choices[0]?.message.content).toBeTruthy();
    expect(fake.requests.map((request) => request.fault)).toEqual(['fail', undefined]);
  });

  it('surfaces 429 and 500 when retries are off', async () => {
    fake.fail({ status: 429, retryAfter: 1 }).fail({ status: 500 });
    const request = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'hi' }],
    };

    await expect(client().chat.completions.create(request)).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
    await expect(client().chat.completions.create(request)).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
  });

  it('fails a stream that is cut off mid-way', async () => {
    fake.reply('A long answer with many words that will never fully arrive.');
    fake.cutOff();
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });

    const received: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    };

    await expect(consume()).rejects.toThrow();
    expect(received.join('')).not.toContain('arrive');
  });

  it('slows an answer by the queued delay', async () => {
    fake.slow(150);
    const started = Date.now();
    await client().models.list();

    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('lists models', async () => {
    const page = await client().models.list();

    expect(page.data.map((model) => model.id)).toContain('gpt-4o-mini');
  });
});
