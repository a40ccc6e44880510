import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineNode, operationalError, userError } from '../../engine/index.ts';
import type { NodeDefinition } from '../../engine/index.ts';

/** Passes text on after a while, or stops at once when the run is cancelled. */
export const sleepNode = defineNode({
  type: 'test.sleep',
  version: 1,
  title: 'Sleep',
  category: 'logic',
  description: 'Waits, then passes its text on.',
  settings: z.object({ ms: z.number().default(100) }),
  inputs: { text: { type: 'text' } },
  outputs: { text: { type: 'text' } },
  cache: false,
  run: async ({ text }, { ms }, context) => {
    await sleep(ms, undefined, { signal: context.signal });
    return { text };
  },
});

/** Fails the way its settings say: the caller's fault, or a service that refused. */
export const failNode = defineNode({
  type: 'test.fail',
  version: 1,
  title: 'Fail',
  category: 'logic',
  description: 'Always fails.',
  settings: z.object({ fault: z.enum(['user', 'operational']).default('user') }),
  inputs: { text: { type: 'text' } },
  outputs: { text: { type: 'text' } },
  cache: false,
  run: async (_inputs, { fault }, context) => {
    if (fault === 'user') {
      throw userError('TOPIC_REFUSED', `Node "${context.nodeId}" will not write about that.`, {
        nodeId: context.nodeId,
        field: 'text',
      });
    }
    throw operationalError('UPSTREAM_DOWN', `Node "${context.nodeId}": the upstream said no.`, {
      nodeId: context.nodeId,
    });
  },
});

/** A Telegram trigger stand-in that hands the update it was given to the pipeline. */
export const echoTriggerNode = defineNode({
  type: 'test.echo-trigger',
  version: 1,
  title: 'Echo trigger',
  category: 'trigger',
  description: 'Outputs the trigger payload.',
  role: 'telegram-trigger',
  settings: z.object({}),
  inputs: {},
  outputs: { update: { type: 'json' } },
  cache: false,
  run: async (_inputs, _settings, context) => ({ update: context.trigger }),
});

export const testKinds = [
  sleepNode,
  failNode,
  echoTriggerNode,
] as unknown as NodeDefinition<never>[];

/** Input text → one node of `type` → Output text. */
export function throughWorkflow(type: string, settings: Record<string, unknown> = {}) {
  return {
    format: 1,
    id: 'through',
    name: 'Through',
    version: '1.0.0',
    nodes: [
      {
        id: 'in',
        type: 'input',
        position: { x: 0, y: 0 },
        settings: { fields: [{ name: 'text', type: 'text' }] },
      },
      { id: 'middle', type, position: { x: 1, y: 0 }, settings },
      {
        id: 'out',
        type: 'output',
        position: { x: 2, y: 0 },
        settings: { fields: [{ name: 'text', type: 'text' }] },
      },
    ],
    edges: [
      { from: ['in', 'text'], to: ['middle', 'text'] },
      { from: ['middle', 'text'], to: ['out', 'text'] },
    ],
  };
}
