import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  defineNode,
  FolderArtifactStore,
  MemoryCache,
  NodeRegistry,
  startRun,
  validateWorkflow,
} from '../../engine/index.ts';
import type {
  CacheStore,
  CompiledWorkflow,
  NodeDefinition,
  Ports,
  WorkflowDocument,
} from '../../engine/index.ts';

/**
 * The scheduler's own cost per node: graphs of trivial nodes run many times, beside the same
 * work done by plain awaited calls in the same process. Prints microseconds per node and the
 * heap a finished run leaves behind.
 */

const pass = defineNode({
  type: 'bench.pass',
  version: 1,
  title: 'Pass',
  category: 'data',
  description: 'Adds one.',
  settings: z.object({}),
  inputs: { value: { type: 'number', optional: true } },
  outputs: { value: { type: 'number' } },
  run: async ({ value }) => ({ value: work(value) }),
});

const join100 = defineNode({
  type: 'bench.join',
  version: 1,
  title: 'Join',
  category: 'data',
  description: 'Sums many inputs.',
  settings: z.object({ count: z.number() }),
  inputs: ({ count }) => {
    const ports: Ports = {};
    for (let index = 0; index < count; index += 1) ports[`in${index}`] = { type: 'number' };
    return ports;
  },
  outputs: { value: { type: 'number' } },
  run: async (inputs) => ({
    value: Object.values(inputs).reduce<number>((sum, v) => sum + Number(v), 0),
  }),
});

function work(value: unknown): number {
  return (typeof value === 'number' ? value : 0) + 1;
}

const registry = new NodeRegistry([pass, join100] as unknown as NodeDefinition<never>[]);

function document(
  nodes: WorkflowDocument['nodes'],
  edges: WorkflowDocument['edges'],
): CompiledWorkflow {
  const result = validateWorkflow(
    { format: 1, id: 'bench', name: 'Bench', version: '1.0.0', nodes, edges },
    registry,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.workflow;
}

const at = { x: 0, y: 0 };

function chain(length: number): CompiledWorkflow {
  const nodes = Array.from({ length }, (_, index) => ({
    id: `n${index}`,
    type: 'bench.pass',
    position: at,
    settings: {},
  }));
  const edges = nodes.slice(1).map((node, index) => ({
    from: [`n${index}`, 'value'] as [string, string],
    to: [node.id, 'value'] as [string, string],
  }));
  return document(nodes, edges);
}

function fan(width: number): CompiledWorkflow {
  const nodes = [
    { id: 'source', type: 'bench.pass', position: at, settings: {} },
    ...Array.from({ length: width }, (_, index) => ({
      id: `m${index}`,
      type: 'bench.pass',
      position: at,
      settings: {},
    })),
    { id: 'sink', type: 'bench.join', position: at, settings: { count: width } },
  ];
  const edges = Array.from({ length: width }, (_, index) => [
    {
      from: ['source', 'value'] as [string, string],
      to: [`m${index}`, 'value'] as [string, string],
    },
    {
      from: [`m${index}`, 'value'] as [string, string],
      to: ['sink', `in${index}`] as [string, string],
    },
  ]).flat();
  return document(nodes, edges);
}

async function plainChain(length: number): Promise<number> {
  let value: unknown = undefined;
  for (let index = 0; index < length; index += 1)
    value = (await pass.run({ value }, {}, undefined as never)).value;
  return value as number;
}

async function plainFan(width: number): Promise<number> {
  const source = (await pass.run({}, {}, undefined as never)).value;
  const middle = await Promise.all(
    Array.from({ length: width }, () => pass.run({ value: source }, {}, undefined as never)),
  );
  const inputs = Object.fromEntries(middle.map((outputs, index) => [`in${index}`, outputs.value]));
  return (await join100.run(inputs, { count: width }, undefined as never)).value as number;
}

/** Every host listens to a run's events, so the benchmark does too, counting them. */
let eventsSeen = 0;
const onEvent = () => {
  eventsSeen += 1;
};

async function timeRuns(
  workflow: CompiledWorkflow,
  runs: number,
  artifacts: FolderArtifactStore,
  cache: CacheStore | null,
) {
  const started = performance.now();
  for (let index = 0; index < runs; index += 1) {
    const result = await startRun({ workflow, artifacts, cache, concurrency: 8, onEvent }).done;
    if (result.status !== 'completed')
      throw new Error(`bench run ${result.status}: ${result.error?.message}`);
  }
  return (performance.now() - started) / runs;
}

async function timePlain(fn: () => Promise<number>, runs: number) {
  const started = performance.now();
  for (let index = 0; index < runs; index += 1) await fn();
  return (performance.now() - started) / runs;
}

async function heapAfter(workflow: CompiledWorkflow, runs: number, artifacts: FolderArtifactStore) {
  for (let index = 0; index < runs; index += 1)
    await startRun({ workflow, artifacts, cache: null, onEvent }).done;
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 10));
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

async function main() {
  const artifacts = new FolderArtifactStore(await mkdtemp(join(tmpdir(), 'pipewright-bench-')));
  const runs = Number(process.env.BENCH_RUNS ?? 400);
  const shapes = [
    { name: 'chain of 100', workflow: chain(100), nodes: 100, plain: () => plainChain(100) },
    { name: 'fan 1-100-1', workflow: fan(100), nodes: 102, plain: () => plainFan(100) },
  ];

  const rows: string[][] = [];
  for (const shape of shapes) {
    await timeRuns(shape.workflow, 50, artifacts, null);
    await timePlain(shape.plain, 50);
    const plain = await timePlain(shape.plain, runs);
    const engine = await timeRuns(shape.workflow, runs, artifacts, null);
    const cache = new MemoryCache();
    await timeRuns(shape.workflow, 1, artifacts, cache);
    const cached = await timeRuns(shape.workflow, runs, artifacts, cache);
    const perNode = ((engine - plain) * 1000) / shape.nodes;
    const perHit = ((cached - plain) * 1000) / shape.nodes;
    rows.push([
      shape.name,
      us((plain * 1000) / shape.nodes),
      us((engine * 1000) / shape.nodes),
      us(perNode),
      us(perHit),
      `${(engine / plain).toFixed(1)}x`,
    ]);
  }
  print(['graph', 'plain/node', 'engine/node', 'overhead/node', 'cache hit/node', 'ratio'], rows);
  process.stdout.write(
    `Aim: overhead under 5 µs per node (Node-RED: about 24 µs per function node). ${eventsSeen.toLocaleString('en')} events delivered to a listener.\n\n`,
  );

  const workflow = chain(100);
  const base = await heapAfter(workflow, 200, artifacts);
  const after1k = await heapAfter(workflow, 1000, artifacts);
  const after3k = await heapAfter(workflow, 2000, artifacts);
  const perRun = (after3k - after1k) / 2000;
  process.stdout.write(
    `heap after 200 runs ${mb(base)}, after 1,200 ${mb(after1k)}, after 3,200 ${mb(after3k)}: ${perRun.toFixed(1)} bytes kept per further run${globalThis.gc ? '' : ' (run with --expose-gc for exact numbers)'}\n`,
  );
}

function us(value: number) {
  return `${value.toFixed(2)} µs`;
}

function mb(bytes: number) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function print(header: string[], rows: string[][]) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n`);
}

await main();
