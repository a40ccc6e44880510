import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, serializeWorkflow } from '../../engine/index.ts';
import type { NodeDefinition, RunEvent, WorkflowDocument } from '../../engine/index.ts';
import { openStore, startRecordedRun } from '../../main/store/index.ts';
import type { Store } from '../../main/store/index.ts';
import { OpenAIFake } from '../fakes/openai-fake.ts';
import { pipewright } from '../harness/cli.ts';
import { compile, tempHome, testRegistry } from './store-harness.ts';

const FAKE_KEY = 'sk-leakcheck-7f3a9c2e51b84d06a1e2';
const fake = new OpenAIFake({ apiKey: FAKE_KEY });

/** Asks the chat API through the official SDK; the careless setting logs the key by mistake. */
const askNode = defineNode({
  type: 'test.ask',
  version: 1,
  title: 'Ask',
  category: 'ai',
  description: 'Asks a chat model and stores the answer as a file.',
  settings: z.object({ careless: z.boolean().default(false) }),
  inputs: { text: { type: 'text' } },
  outputs: { text: { type: 'text' }, file: { type: 'file' } },
  credentials: [{ id: 'openai', title: 'OpenAI API key', env: 'OPENAI_API_KEY' }],
  cache: false,
  run: async ({ text }, { careless }, context) => {
    const { secret, baseUrl } = await context.credential('openai');
    if (careless) context.log.debug(`calling with key ${secret}`, { authorization: secret });
    const client = new OpenAI({ apiKey: secret, baseURL: baseUrl, maxRetries: 0 });
    const completion = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: String(text) }] },
      { signal: context.signal },
    );
    const answer = completion.choices[0]?.message.content ?? '';
    context.log.info('answered', { tokens: completion.usage?.total_tokens });
    const file = await context.artifacts.put(answer, { mediaType: 'text/plain' });
    return { text: answer, file };
  },
});

function askDocument(careless = false): WorkflowDocument {
  return {
    format: 1,
    id: 'ask',
    name: 'Ask',
    version: '1.0.0',
    nodes: [
      {
        id: 'input',
        type: 'input',
        position: { x: 0, y: 0 },
        settings: { fields: [{ name: 'question', type: 'text', required: true }] },
      },
      {
        id: 'ask',
        type: 'test.ask',
        position: { x: 200, y: 0 },
        settings: { careless },
        credentials: { openai: 'openai-main' },
      },
      {
        id: 'output',
        type: 'output',
        position: { x: 400, y: 0 },
        settings: { fields: [{ name: 'answer', type: 'text', required: true }] },
      },
    ],
    edges: [
      { from: ['input', 'question'], to: ['ask', 'text'] },
      { from: ['ask', 'text'], to: ['output', 'answer'] },
    ],
  };
}

/** Returns its key as an output by mistake; unlike `test.ask`, its results may be cached. */
const leakyNode = defineNode({
  type: 'test.leaky',
  version: 1,
  title: 'Leaky',
  category: 'ai',
  description: 'Hands its key on as text.',
  settings: z.object({}),
  inputs: { text: { type: 'text' } },
  outputs: { text: { type: 'text' } },
  credentials: [{ id: 'openai', title: 'OpenAI API key', env: 'OPENAI_API_KEY' }],
  run: async ({ text }, _settings, context) => {
    const { secret } = await context.credential('openai');
    return { text: `${String(text)} ${secret}` };
  },
});

/** input(topic) -> the built-in LLM script node, naming the saved credential -> output. */
function scriptDocument(): WorkflowDocument {
  return {
    format: 1,
    id: 'script',
    name: 'Script',
    version: '1.0.0',
    nodes: [
      {
        id: 'input',
        type: 'input',
        position: { x: 0, y: 0 },
        settings: { fields: [{ name: 'topic', type: 'text', required: true }] },
      },
      {
        id: 'script',
        type: 'llm.script',
        position: { x: 200, y: 0 },
        settings: { userPrompt: 'Write about {{topic}}.' },
        credentials: { openai: 'openai-main' },
      },
      {
        id: 'output',
        type: 'output',
        position: { x: 400, y: 0 },
        settings: { fields: [{ name: 'text', type: 'text', required: true }] },
      },
    ],
    edges: [
      { from: ['input', 'topic'], to: ['script', 'topic'] },
      { from: ['script', 'text'], to: ['output', 'text'] },
    ],
  };
}

const registry = testRegistry([askNode, leakyNode] as unknown as NodeDefinition<never>[]);
let home: string;
let store: Store;
let cleanup: () => void;

beforeAll(() => fake.start());
afterAll(() => fake.stop());

beforeEach(() => {
  const made = tempHome();
  home = made.home;
  cleanup = made.cleanup;
  store = openStore({ home });
  fake.clear();
});

afterEach(() => {
  store.close();
  cleanup();
});

/** Every file under a folder, recursively. */
function filesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function runAsk(careless: boolean, events: RunEvent[]) {
  store.credentials.set('openai-main', FAKE_KEY, { baseUrl: fake.baseURL });
  const document = askDocument(careless);
  store.workflows.save(document);
  writeFileSync(join(home, 'ask.workflow.json'), serializeWorkflow(document));
  const run = startRecordedRun(store, {
    workflow: compile(document, registry),
    inputs: { question: 'Why are lighthouses striped?' },
    origin: 'test',
    onEvent: (event) => events.push(event),
  });
  const result = await run.done;
  expect(result.status).toBe('completed');
  return run.id;
}

describe('a known fake key never leaks', () => {
  it('is sent to the API but found in no workflow file, record, log, event or artifact', async () => {
    const events: RunEvent[] = [];
    const runId = await runAsk(false, events);

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    expect(store.runs.get(runId).outputs?.answer).toBeTruthy();
    expect(store.runs.logs(runId)).toHaveLength(1);

    store.close();
    const places = filesIn(home);
    const database = readFileSync(join(home, 'pipewright.db'));
    expect(database.includes(Buffer.from('Why are lighthouses striped?'))).toBe(true);
    expect(places.some((file) => file.endsWith('pipewright.db'))).toBe(true);
    expect(places.some((file) => file.includes('artifacts'))).toBe(true);
    for (const file of places) {
      expect(readFileSync(file).includes(Buffer.from(FAKE_KEY)), file).toBe(false);
    }
    expect(JSON.stringify(events)).not.toContain(FAKE_KEY);
  });

  it('is scrubbed from the run record when a node logs it by mistake', async () => {
    const events: RunEvent[] = [];
    const runId = await runAsk(true, events);

    const logs = store.runs.logs(runId, { nodeId: 'ask' });
    expect(logs[0]).toMatchObject({
      level: 'debug',
      message: 'calling with key [redacted]',
      data: { authorization: '[redacted]' },
    });
    store.close();
    for (const file of filesIn(home)) {
      expect(readFileSync(file).includes(Buffer.from(FAKE_KEY)), file).toBe(false);
    }
  });

  it('is redacted from a node output that carries it, and that result is not cached', async () => {
    store.credentials.set('openai-main', FAKE_KEY);
    const document = askDocument();
    document.nodes[1] = { ...document.nodes[1]!, type: 'test.leaky', settings: {} };
    const run = startRecordedRun(store, {
      workflow: compile(document, registry),
      inputs: { question: 'key?' },
      origin: 'test',
    });
    const result = await run.done;

    expect(result.outputs.answer).toBe(`key? ${FAKE_KEY}`);
    expect(store.runs.nodeResult(run.id, 'ask').outputs).toEqual({ text: 'key? [redacted]' });
    expect(store.runs.get(run.id).outputs).toEqual({ answer: 'key? [redacted]' });
    expect(store.cache.stats().map((entry) => entry.nodeType)).not.toContain('test.leaky');
    store.close();
    for (const file of filesIn(home)) {
      expect(readFileSync(file).includes(Buffer.from(FAKE_KEY)), file).toBe(false);
    }
  });

  it('stays out of what the CLI prints and of an export of the workflow', async () => {
    store.credentials.set('openai-main', FAKE_KEY, { baseUrl: fake.baseURL });
    store.close();
    const file = join(home, 'script.workflow.json');
    writeFileSync(file, serializeWorkflow(scriptDocument()));
    const env = { PIPEWRIGHT_HOME: home, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };

    const run = await pipewright(['run', file, '--input', 'topic=lighthouses'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    const runId = run.stderr.match(/Run (run_\w+) completed/)![1]!;
    const shown = await pipewright(['runs', 'show', runId, '--logs'], env);
    const json = await pipewright(['runs', 'show', runId, '--json'], env);
    const exported = await pipewright(['export', file, '--out', join(home, 'export')], env);
    expect(exported.code, exported.stderr).toBe(0);

    store = openStore({ home });
    expect(store.runs.get(runId).nodes.find((node) => node.nodeId === 'script')).toMatchObject({
      status: 'completed',
      inputs: { topic: 'lighthouses' },
    });
    const printed = [run, shown, json, exported].map((out) => out.stdout + out.stderr).join('\n');
    expect(printed).toContain(runId);
    expect(printed).not.toContain(FAKE_KEY);
    const places = filesIn(home);
    expect(places.some((place) => place.endsWith(join('export', 'server.mjs')))).toBe(true);
    for (const place of places) {
      expect(readFileSync(place).includes(Buffer.from(FAKE_KEY)), place).toBe(false);
    }
  }, 180_000);
});
