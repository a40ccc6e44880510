import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defineNode, NodeRegistry } from '../../engine/index.ts';
import type { NodeDefinition, WorkflowDocument } from '../../engine/index.ts';
import { startStudioServer } from '../../main/api/server.ts';
import type { StudioServer } from '../../main/api/server.ts';
import { storeBackend } from '../../main/api/store-backend.ts';
import { openStore } from '../../main/store/store.ts';
import { inputNode } from '../../nodes/input/input.node.ts';
import { outputNode } from '../../nodes/output/output.node.ts';
import { templateNode } from '../../nodes/template/template.node.ts';

/**
 * One studio API over a fresh data folder (the real SQLite store), with the node kinds the API
 * tests need: the Input, Output and Template kinds, plus test kinds that wait, make media, and
 * check a credential.
 */
export interface TestStudio {
  server: StudioServer;
  home: string;
  /** What the test kinds observed: aborted signals, secrets that matched. */
  seen: { aborted: string[]; credentialChecks: boolean[] };
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  close(): Promise<void>;
}

export interface CallOptions {
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
  /** Leave the Authorization header out. */
  noToken?: boolean;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  bytes: Buffer;
  json<T = unknown>(): T;
}

export const EXPECTED_SECRET = 'sk-test-expected-secret-0123456789';

export async function startTestStudio(
  options: { samplesDir?: string; unwatchedPauseMs?: number } = {},
): Promise<TestStudio> {
  const home = await mkdtemp(join(tmpdir(), 'pipewright-api-'));
  const store = openStore({ home });
  const seen = { aborted: [] as string[], credentialChecks: [] as boolean[] };
  const registry = new NodeRegistry([
    inputNode,
    outputNode,
    templateNode,
    ...testKinds(seen),
  ] as unknown as NodeDefinition<never>[]);
  const server = await startStudioServer({
    backend: storeBackend(store),
    registry,
    host: 'browser',
    samplesDir: options.samplesDir,
    env: {},
    version: '0.0.0-test',
    unwatchedPauseMs: options.unwatchedPauseMs,
  });

  const call = (method: string, path: string, callOptions: CallOptions = {}) =>
    send(server.port, method, path, {
      ...callOptions,
      headers: {
        ...(callOptions.noToken ? {} : { authorization: `Bearer ${server.token}` }),
        ...callOptions.headers,
      },
    });

  return {
    server,
    home,
    seen,
    call,
    close: async () => {
      await server.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A raw HTTP request, so that tests can set any Host header they like. */
export function send(
  port: number,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const payload =
    options.raw ??
    (options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body)));
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...options.headers };
  if (options.body !== undefined && !options.raw) headers['content-type'] ??= 'application/json';
  if (payload) headers['content-length'] = String(payload.length);

  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes,
          text,
          json: <T>() => JSON.parse(text) as T,
        });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A workflow: Input(topic) → Template → Output(text), with extra nodes and edges as needed. */
export function textWorkflow(
  id = 'greeting',
  extra: Partial<WorkflowDocument> = {},
): WorkflowDocument {
  return {
    format: 1,
    id,
    name: 'Greeting',
    version: '1.0.0',
    nodes: [
      {
        id: 'input',
        type: 'input',
        position: { x: 0, y: 0 },
        settings: { fields: [{ name: 'topic', type: 'text', required: true }] },
      },
      {
        id: 'greet',
        type: 'text.template',
        position: { x: 200, y: 0 },
        settings: { template: 'Hello, {{topic}}!' },
      },
      {
        id: 'output',
        type: 'output',
        position: { x: 400, y: 0 },
        settings: { fields: [{ name: 'text', type: 'text', required: true }] },
      },
      ...(extra.nodes ?? []),
    ],
    edges: [
      { from: ['input', 'topic'], to: ['greet', 'topic'] },
      { from: ['greet', 'text'], to: ['output', 'text'] },
      ...(extra.edges ?? []),
    ],
  };
}

function testKinds(seen: TestStudio['seen']) {
  const wait = defineNode({
    type: 'test.wait',
    version: 1,
    title: 'Wait',
    category: 'logic',
    description: 'Waits until the run is cancelled or the time is up.',
    settings: z.object({ ms: z.number().default(60_000) }),
    inputs: { value: { type: 'any', optional: true } },
    outputs: { done: { type: 'boolean' } },
    cache: false,
    run: (_inputs, settings, context) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => resolve({ done: true }), settings.ms);
        context.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          seen.aborted.push(context.nodeId);
          reject(context.signal.reason);
        });
      }),
  });

  const media = defineNode({
    type: 'test.media',
    version: 1,
    title: 'Media',
    category: 'media',
    description: 'Stores the given text as a video artifact.',
    settings: z.object({ content: z.string().default('0123456789') }),
    inputs: {},
    outputs: { video: { type: 'video' } },
    run: async (_inputs, settings, context) => ({
      video: await context.artifacts.put(settings.content, {
        mediaType: 'video/mp4',
        name: 'clip.mp4',
      }),
    }),
  });

  const checkCredential = defineNode({
    type: 'test.check-credential',
    version: 1,
    title: 'Check credential',
    category: 'network',
    description: 'Tells whether the saved credential holds the expected secret.',
    settings: z.object({}),
    inputs: {},
    outputs: { matches: { type: 'boolean' } },
    credentials: [{ id: 'service', title: 'Test service', env: 'TEST_SERVICE_KEY' }],
    cache: false,
    run: async (_inputs, _settings, context) => {
      const { secret } = await context.credential('service');
      seen.credentialChecks.push(secret === EXPECTED_SECRET);
      return { matches: secret === EXPECTED_SECRET };
    },
  });

  return [wait, media, checkCredential];
}
