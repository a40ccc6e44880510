import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defineNode, NodeRegistry, validateWorkflow } from '../../engine/index.ts';
import type { CompiledWorkflow, NodeDefinition, WorkflowDocument } from '../../engine/index.ts';
import { builtinNodes } from '../../nodes/index.ts';

/** A fresh data folder under the system temp dir; `cleanup` removes it. */
export function tempHome(prefix = 'pipewright-store-'): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** How many times each test node kind ran, by node id. */
export const calls = new Map<string, number>();

function count(nodeId: string) {
  calls.set(nodeId, (calls.get(nodeId) ?? 0) + 1);
}

/** Appends its `suffix` setting to the text it receives. */
export const appendNode = defineNode({
  type: 'test.append',
  version: 1,
  title: 'Append',
  category: 'data',
  description: 'Appends a suffix to text.',
  settings: z.object({ suffix: z.string().default('!') }),
  inputs: { text: { type: 'text' } },
  outputs: { text: { type: 'text' } },
  run: async ({ text }, { suffix }, context) => {
    count(context.nodeId);
    context.log.info('appending', { suffix });
    context.cost.add({ usd: 0.25, unit: 'calls', quantity: 1 });
    return { text: `${String(text)}${suffix}` };
  },
});

/** Writes its text into an artifact, as a media node writes a file. */
export const saveTextNode = defineNode({
  type: 'test.save-text',
  version: 1,
  title: 'Save text',
  category: 'media',
  description: 'Stores text as a file artifact.',
  settings: z.object({}),
  inputs: { text: { type: 'text' } },
  outputs: { file: { type: 'file' } },
  run: async ({ text }, _settings, context) => {
    count(context.nodeId);
    const file = await context.artifacts.put(String(text), {
      mediaType: 'text/plain',
      name: `${context.nodeId}.txt`,
    });
    return { file };
  },
});

/** Waits `ms` (or until the run is cancelled) before passing its text on. */
export const slowNode = defineNode({
  type: 'test.slow',
  version: 1,
  title: 'Slow',
  category: 'data',
  description: 'Takes its time.',
  settings: z.object({ ms: z.number().default(60_000) }),
  inputs: { text: { type: 'text' } },
  outputs: { text: { type: 'text' } },
  run: async ({ text }, { ms }, context) => {
    count(context.nodeId);
    context.log.warn('starting a long wait', { ms });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      context.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(context.signal.reason);
      });
    });
    return { text };
  },
});

export const testNodes = [appendNode, saveTextNode, slowNode] as unknown as NodeDefinition<never>[];

export function testRegistry(extra: NodeDefinition<never>[] = []): NodeRegistry {
  return new NodeRegistry([...builtinNodes, ...testNodes, ...extra]);
}

/**
 * input(topic) -> a -> b -> save -> output, with each append adding its own suffix:
 * a small pipeline with text, a file artifact and an output.
 */
export function chainDocument(overrides: Partial<Record<string, string>> = {}): WorkflowDocument {
  return {
    format: 1,
    id: 'chain',
    name: 'Chain',
    version: '1.0.0',
    nodes: [
      {
        id: 'input',
        type: 'input',
        position: { x: 0, y: 0 },
        settings: { fields: [{ name: 'topic', type: 'text', required: true }] },
      },
      {
        id: 'a',
        type: 'test.append',
        position: { x: 200, y: 0 },
        settings: { suffix: overrides.a ?? '-a' },
      },
      {
        id: 'b',
        type: 'test.append',
        position: { x: 400, y: 0 },
        settings: { suffix: overrides.b ?? '-b' },
      },
      { id: 'save', type: 'test.save-text', position: { x: 600, y: 0 }, settings: {} },
      {
        id: 'output',
        type: 'output',
        position: { x: 800, y: 0 },
        settings: {
          fields: [
            { name: 'text', type: 'text', required: true },
            { name: 'file', type: 'file', required: true },
          ],
        },
      },
    ],
    edges: [
      { from: ['input', 'topic'], to: ['a', 'text'] },
      { from: ['a', 'text'], to: ['b', 'text'] },
      { from: ['b', 'text'], to: ['save', 'text'] },
      { from: ['b', 'text'], to: ['output', 'text'] },
      { from: ['save', 'file'], to: ['output', 'file'] },
    ],
  };
}

export function compile(document: WorkflowDocument, registry = testRegistry()): CompiledWorkflow {
  const result = validateWorkflow(document, registry);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.workflow;
}
