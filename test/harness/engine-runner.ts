import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  defineNode,
  FolderArtifactStore,
  NodeRegistry,
  startRun,
  validateWorkflow,
} from '../../engine/index.ts';
import type {
  CompiledWorkflow,
  NodeDefinition,
  RunEvent,
  RunHandle,
  RunOptions,
  WorkflowDocument,
  WorkflowEdge,
  WorkflowNode,
} from '../../engine/index.ts';
import { builtinNodes } from '../../nodes/index.ts';

/** A registry of the built-in kinds plus the test's own. */
export function registryWith(...extra: NodeDefinition<never>[]): NodeRegistry {
  return new NodeRegistry([...builtinNodes, ...extra]);
}

type NodeSketch = Omit<WorkflowNode, 'position' | 'settings'> &
  Partial<Pick<WorkflowNode, 'settings'>>;

/** A workflow document from node sketches and `a.out -> b.in` edges. */
export function sketch(
  nodes: NodeSketch[],
  edges: string[] = [],
  id = 'test-flow',
): WorkflowDocument {
  return {
    format: 1,
    id,
    name: 'Test flow',
    version: '1.0.0',
    nodes: nodes.map((node, index) => ({
      settings: {},
      position: { x: index * 200, y: 0 },
      ...node,
    })),
    edges: edges.map(parseEdge),
  };
}

function parseEdge(text: string): WorkflowEdge {
  const [from, to] = text.split('->').map((side) => side.trim().split('.') as [string, string]);
  return { from: from!, to: to! };
}

export function compile(document: unknown, registry: NodeRegistry): CompiledWorkflow {
  const result = validateWorkflow(document, registry);
  if (!result.ok)
    throw new Error(`Invalid test workflow: ${JSON.stringify(result.problems, null, 2)}`);
  return result.workflow;
}

export async function tempArtifacts(): Promise<FolderArtifactStore> {
  return new FolderArtifactStore(await mkdtemp(join(tmpdir(), 'pipewright-artifacts-')));
}

export interface Recorded {
  handle: RunHandle;
  events: RunEvent[];
  of<T extends RunEvent['type']>(type: T, nodeId?: string): Extract<RunEvent, { type: T }>[];
}

/** Starts a run and records every event. */
export function record(options: Omit<RunOptions, 'onEvent'>): Recorded {
  const events: RunEvent[] = [];
  const handle = startRun({ ...options, onEvent: (event) => events.push(event) });
  return {
    handle,
    events,
    of: (type, nodeId) =>
      events.filter(
        (event) =>
          event.type === type &&
          (nodeId === undefined || ('nodeId' in event && event.nodeId === nodeId)),
      ) as never,
  };
}

/**
 * Test node kinds that count their calls. `calls` maps node ids to how often each ran, which is
 * how the cache tests tell a hit from a run.
 */
export function countingKinds() {
  const calls = new Map<string, number>();
  const count = (id: string) => calls.set(id, (calls.get(id) ?? 0) + 1);

  const source = defineNode({
    type: 'test.source',
    version: 1,
    title: 'Source',
    category: 'data',
    description: 'Emits its setting.',
    settings: z.object({ value: z.string().default('x') }),
    inputs: {},
    outputs: { text: { type: 'text' } },
    run: async (_inputs, settings, context) => {
      count(context.nodeId);
      return { text: settings.value };
    },
  });

  const append = defineNode({
    type: 'test.append',
    version: 1,
    title: 'Append',
    category: 'data',
    description: 'Appends its suffix, after an optional delay.',
    settings: z.object({ suffix: z.string().default('!'), delayMs: z.number().default(0) }),
    inputs: { text: { type: 'text' } },
    outputs: { text: { type: 'text' } },
    run: async ({ text }, settings, context) => {
      count(context.nodeId);
      if (settings.delayMs > 0) await abortableDelay(settings.delayMs, context.signal);
      return { text: `${text}${settings.suffix}` };
    },
  });

  return { calls, source, append, kinds: [source, append] as unknown as NodeDefinition<never>[] };
}

export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** A test node kind without settings or inputs: only its behaviour and what it outputs. */
export function bareKind(
  type: string,
  run: NodeDefinition<unknown>['run'],
  extra: Partial<Pick<NodeDefinition<unknown>, 'outputs' | 'retry'>> = {},
): NodeDefinition<never> {
  const kind = defineNode<unknown>({
    type,
    version: 1,
    title: type,
    category: 'data',
    description: `The test kind ${type}.`,
    settings: z.object({}),
    inputs: {},
    outputs: {},
    ...extra,
    run,
  });
  return kind as unknown as NodeDefinition<never>;
}

/** Runs nodes of one bare kind side by side, unconnected, with no cache. */
export async function runBare(kind: NodeDefinition<never>, ids: string[], concurrency?: number) {
  const workflow = compile(sketch(ids.map((id) => ({ id, type: kind.type }))), registryWith(kind));
  const run = record({ workflow, artifacts: await tempArtifacts(), cache: null, concurrency });
  return { run, result: await run.handle.done };
}
