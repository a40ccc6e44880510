import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeId, validateWorkflow } from '../../engine/index.ts';
import { z } from 'zod';
import { builtinRegistry } from '../../nodes/index.ts';
import { llmScriptSettings } from '../../nodes/llm-script/settings.ts';
import { OpenAIFake } from '../fakes/openai-fake.ts';
import { removeTemporaryStores, runNodes, startNodes } from '../harness/node-runner.ts';
import type { NodeRunOptions } from '../harness/node-runner.ts';
import { scriptRunWith } from './llm-script-run.ts';
import type { ScriptRunExtra } from './llm-script-run.ts';

const fake = new OpenAIFake({ apiKey: 'sk-test-key' });
let env: Record<string, string>;

beforeAll(async () => {
  await fake.start();
  env = { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL };
});

afterAll(async () => {
  await fake.stop();
  await removeTemporaryStores();
});

beforeEach(() => fake.clear());

/** An Input with a topic field feeding the script node, whose outputs reach an Output. */
function scriptRun(settings: Record<string, unknown>, extra: ScriptRunExtra = {}): NodeRunOptions {
  return scriptRunWith(env, settings, extra);
}

describe('llm.script', () => {
  it('fills the placeholders and sends the model and temperature it was given', async () => {
    fake.reply('Lighthouses guide ships home.');
    const { result } = await runNodes(
      scriptRun({
        model: 'gpt-4o',
        temperature: 0.3,
        maxTokens: 200,
        stream: false,
        systemPrompt: 'You write about {{topic}} for children.',
        userPrompt: 'Tell me about {{topic}}.',
      }),
    );

    expect(result.status).toBe('completed');
    expect(result.outputs.text).toBe('Lighthouses guide ships home.');
    const [request] = fake.chatRequests;
    expect(request).toMatchObject({
      model: 'gpt-4o',
      temperature: 0.3,
      max_completion_tokens: 200,
      messages: [
        { role: 'system', content: 'You write about lighthouses for children.' },
        { role: 'user', content: 'Tell me about lighthouses.' },
      ],
    });
    expect(request?.stream).not.toBe(true);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-test-key');
  });

  it('streams the answer as partial events and outputs the whole of it', async () => {
    fake.reply('One two three four five.');
    const run = await runNodes(scriptRun({ stream: true }));

    expect(run.result.status).toBe('completed');
    const partials = run.of('node.partial', 'script');
    expect(partials.length).toBeGreaterThan(2);
    expect(partials.every((event) => event.port === 'text')).toBe(true);
    expect(partials.map((event) => event.delta).join('')).toBe('One two three four five.');
    expect(run.result.outputs.text).toBe('One two three four five.');
    expect(fake.chatRequests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    const completed = run.of('node.completed', 'script')[0]!;
    expect(run.events.indexOf(partials.at(-1)!)).toBeLessThan(run.events.indexOf(completed));
  });

  it('sends each piece to the run events while the rest of the answer is still coming', async () => {
    const answer =
      'Lighthouses stand on rocks where ships once broke, and keep a lamp lit all night.';
    fake.reply(answer);
    // The fake sends the first few server-sent events, then holds the rest of the stream.
    const stalled = fake.stall({ path: '/v1/chat/completions', afterBytes: 800 });
    const run = await startNodes(scriptRun({ stream: true }));

    await run.next('node.partial', 'script');
    const early = run
      .of('node.partial', 'script')
      .map((event) => event.delta)
      .join('');
    expect(early.length).toBeGreaterThan(0);
    expect(answer.startsWith(early)).toBe(true);
    expect(early.length).toBeLessThan(answer.length);
    expect(run.of('node.completed', 'script')).toHaveLength(0);

    stalled.resume();
    const result = await run.done;
    expect(result.outputs.text).toBe(answer);
  });

  it('asks for the script schema in structured mode and outputs the parsed script', async () => {
    const script = {
      title: 'Lights at sea',
      scenes: [
        { narration: 'A tower stands on the rocks.', caption: 'The tower' },
        { narration: 'Its lamp turns all night.', caption: 'The lamp' },
      ],
    };
    fake.reply(script);
    const run = await runNodes(scriptRun({ mode: 'structured' }));
    const { result } = run;

    expect(result.status).toBe('completed');
    expect(result.outputs.script).toEqual(script);
    expect(result.outputs.text).toBe('A tower stands on the rocks.\n\nIts lamp turns all night.');
    expect(run.of('node.partial', 'script').every((event) => event.port === 'script')).toBe(true);
    const format = fake.chatRequests[0]?.response_format;
    expect(format?.type).toBe('json_schema');
    expect(format?.json_schema?.schema).toMatchObject({ required: ['title', 'scenes'] });
  });

  it('puts the schema on the script port, so the contract can describe it', async () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } } };
    const checked = validateWorkflow(
      {
        format: 1,
        id: 'ports',
        name: 'Ports',
        version: '1.0.0',
        nodes: [
          {
            id: 'script',
            type: 'llm.script',
            position: { x: 0, y: 0 },
            settings: { mode: 'structured', schema, userPrompt: 'Hi' },
          },
        ],
        edges: [],
      },
      builtinRegistry(),
    );

    expect(
      checked.ok && checked.workflow.nodes.get(nodeId('script'))?.outputs.script,
    ).toMatchObject({
      type: 'json',
      schema,
    });
  });

  it('refuses a schema setting that is not a JSON Schema, naming the field', () => {
    const checked = validateWorkflow(
      {
        format: 1,
        id: 'bad-schema',
        name: 'Bad schema',
        version: '1.0.0',
        nodes: [
          {
            id: 'script',
            type: 'llm.script',
            position: { x: 0, y: 0 },
            settings: { mode: 'structured', schema: { type: 'nonsense' } },
          },
        ],
        edges: [],
      },
      builtinRegistry(),
    );

    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems[0]).toMatchObject({
      nodeId: 'script',
      path: expect.stringContaining('settings.schema'),
    });
  });

  it('reads a field of a Telegram message into the prompt', async () => {
    fake.reply('About the moon.');
    const update = {
      update_id: 1,
      message: {
        message_id: 2,
        date: 1_700_000_000,
        chat: { id: 3, type: 'private' },
        text: 'the moon',
      },
    };
    const { result } = await runNodes({
      nodes: [
        { id: 'telegram', type: 'telegram.trigger' },
        {
          id: 'script',
          type: 'llm.script',
          settings: { userPrompt: 'Write about {{message.text}}.', stream: false },
        },
        { id: 'out', type: 'output', settings: { fields: [{ name: 'text', type: 'text' }] } },
      ],
      edges: [
        ['telegram.message', 'script.message'],
        ['script.text', 'out.text'],
      ],
      trigger: update,
      env,
    });

    expect(result.outputs.text).toBe('About the moon.');
    expect(fake.chatRequests[0]?.messages.at(-1)?.content).toBe('Write about the moon.');
  });

  it('fails structured mode when the answer does not match the schema', async () => {
    fake.reply({ title: 'No scenes here' });
    const { result } = await runNodes(scriptRun({ mode: 'structured', stream: false }));

    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('LLM_SCHEMA_MISMATCH');
    expect(result.error?.message).toContain('scenes');
    expect(result.error?.details.nodeId).toBe('script');
  });

  it('adds the token usage to the cost meter at the configured price', async () => {
    fake.reply('A short answer.');
    const run = await runNodes(
      scriptRun({
        model: 'my-local-model',
        stream: true,
        prices: { 'my-local-model': { input: 1_000_000, output: 2_000_000 } },
      }),
    );

    // The fake counts a token per four characters; at a dollar a token in and two out, the
    // cost in dollars is the input tokens plus twice the output tokens.
    const prompt = fake.chatRequests[0]!.messages.map((message) => String(message.content));
    const inputTokens = Math.ceil(prompt.join(' ').length / 4);
    const outputTokens = Math.ceil('A short answer.'.length / 4);
    expect(run.result.costUsd).toBeCloseTo(inputTokens + 2 * outputTokens, 6);
    expect(run.of('node.completed', 'script')[0]?.costUsd).toBeCloseTo(run.result.costUsd, 6);
  });

  it('prices a dated model snapshot like its family from the built-in table', async () => {
    fake.reply('Answer.');
    const { result } = await runNodes(
      scriptRun({ model: 'gpt-4o-mini-2024-07-18', stream: false }),
    );

    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.costUsd).toBeLessThan(0.001);
  });

  it('shows the built-in price table in the prices setting, for the settings form', () => {
    const prices = z.toJSONSchema(llmScriptSettings).properties?.prices;
    const described = typeof prices === 'object' ? prices.description : undefined;

    expect(described).toContain('gpt-4o-mini 0.15 / 0.6');
    expect(described).toContain('USD per million tokens');
  });

  it('lets the prices setting replace a price from the built-in table', async () => {
    fake.reply('Free of charge.');
    const { result } = await runNodes(
      scriptRun({
        model: 'gpt-4o',
        stream: false,
        prices: { 'gpt-4o': { input: 0, output: 0 } },
      }),
    );

    expect(result.status).toBe('completed');
    expect(result.costUsd).toBe(0);
  });

  it('uses the baseUrl setting over the environment, for a local model server', async () => {
    fake.reply('From the local server.');
    const { result } = await runNodes(
      scriptRun(
        { baseUrl: fake.baseURL, stream: false },
        { env: { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } },
      ),
    );

    expect(result.outputs.text).toBe('From the local server.');
  });
});
