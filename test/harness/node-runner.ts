import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderArtifactStore, startRun, validateWorkflow } from '../../engine/index.ts';
import type {
  CacheStore,
  NodeRegistry,
  RunEvent,
  RunEventOf,
  RunEventType,
  RunHandle,
  RunResult,
  WorkflowEdge,
  WorkflowNode,
} from '../../engine/index.ts';
import { builtinRegistry } from '../../nodes/index.ts';

/** A node as a test writes it: position and settings may be left out. */
export type TestNode = Omit<WorkflowNode, 'position' | 'settings'> & {
  settings?: Record<string, unknown>;
};

export interface NodeRunOptions {
  nodes: TestNode[];
  /** `['a.text', 'b.topic']` pairs, or full edges. */
  edges?: (WorkflowEdge | [from: string, to: string])[];
  inputs?: Record<string, unknown>;
  trigger?: unknown;
  env?: Record<string, string | undefined>;
  cache?: CacheStore | null;
  /** Shared between runs of one test to look at artifacts; a fresh temp folder when absent. */
  artifacts?: FolderArtifactStore;
  /** The built-in catalogue when absent; tests that need a kind of their own pass one. */
  registry?: NodeRegistry;
}

/** A started run with everything it emitted so far, and the store its artifacts went to. */
export interface TestRun {
  handle: RunHandle;
  events: RunEvent[];
  artifacts: FolderArtifactStore;
  /** Resolves with the result once the run ends. */
  done: Promise<RunResult>;
  /** Resolves with the first event of a type (for a node), waiting for it if need be. */
  next<K extends RunEventType>(type: K, nodeId?: string): Promise<RunEventOf<K>>;
  of<K extends RunEventType>(type: K, nodeId?: string): RunEventOf<K>[];
}

const folders: string[] = [];

/**
 * Builds a small workflow, validates it against the built-in catalogue (failing the test with
 * every problem if it does not validate) and starts it with artifacts in a temporary folder.
 */
export async function startNodes(options: NodeRunOptions): Promise<TestRun> {
  const document = {
    format: 1,
    id: 'test',
    name: 'Test',
    version: '1.0.0',
    nodes: options.nodes.map((node, index) => ({
      position: { x: index * 200, y: 0 },
      settings: {},
      ...node,
    })),
    edges: (options.edges ?? []).map(toEdge),
  };
  const checked = validateWorkflow(document, options.registry ?? builtinRegistry());
  if (!checked.ok) {
    throw new Error(`test workflow is invalid:\n${JSON.stringify(checked.problems, null, 2)}`);
  }

  const artifacts = options.artifacts ?? (await temporaryStore());
  const events: RunEvent[] = [];
  const listeners = new Set<() => void>();
  const handle = startRun({
    workflow: checked.workflow,
    artifacts,
    inputs: options.inputs,
    trigger: options.trigger,
    env: options.env ?? {},
    cache: options.cache ?? null,
    onEvent: (event) => {
      events.push(event);
      for (const listener of [...listeners]) listener();
    },
  });

  const of = <K extends RunEventType>(type: K, nodeId?: string) =>
    events.filter(
      (event): event is RunEventOf<K> =>
        event.type === type &&
        (nodeId === undefined || ('nodeId' in event && event.nodeId === nodeId)),
    );
  const next = <K extends RunEventType>(type: K, nodeId?: string) =>
    new Promise<RunEventOf<K>>((resolve) => {
      const check = () => {
        const found = of(type, nodeId)[0];
        if (!found) return;
        listeners.delete(check);
        resolve(found);
      };
      listeners.add(check);
      check();
    });

  return { handle, events, artifacts, done: handle.done, next, of };
}

/** Starts the workflow and waits for it to end. */
export async function runNodes(options: NodeRunOptions): Promise<TestRun & { result: RunResult }> {
  const run = await startNodes(options);
  return { ...run, result: await run.done };
}

export async function temporaryStore(): Promise<FolderArtifactStore> {
  const folder = await mkdtemp(join(tmpdir(), 'pipewright-test-'));
  folders.push(folder);
  return new FolderArtifactStore(folder);
}

/** Removes the temporary artifact folders; call from afterAll. */
export async function removeTemporaryStores(): Promise<void> {
  await Promise.all(
    folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
  );
}

function toEdge(edge: WorkflowEdge | [string, string]): WorkflowEdge {
  if (!Array.isArray(edge)) return edge;
  const [from, to] = edge.map((end) => {
    const dot = end.indexOf('.');
    return [end.slice(0, dot), end.slice(dot + 1)] as [string, string];
  });
  return { from: from!, to: to! };
}
