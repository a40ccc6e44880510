import { userError } from '../../engine/index.ts';
import type { WorkflowDocument } from '../../engine/index.ts';
import type { NodeResult, RunSummary } from './run-history.ts';
import type { RunOrigin } from './run-recorder.ts';
import type { Store } from './store.ts';
import type { VersionInfo } from './workflow-versions.ts';

/**
 * What a debugging action asks of the engine, built from a recorded run: which workflow, which
 * inputs, which nodes stand in with their recorded outputs (`seed`), and where the run starts or
 * stops. Validate `document`, then hand the rest to `startRecordedRun`.
 */
export interface ReplayPlan {
  document: WorkflowDocument;
  inputs: Record<string, unknown>;
  trigger?: unknown;
  seed?: Map<string, Record<string, unknown>>;
  startFrom?: string;
  stopAt?: string;
  origin: RunOrigin;
  parentRunId: string;
}

export interface ReplayOptions {
  /**
   * The workflow to run; the one the past run ran when absent. Pass the current version to try
   * an edited node on the inputs it received then.
   */
  document?: WorkflowDocument;
}

/** Runs the past run again with the same inputs and trigger: its exact workflow, by default. */
export function rerunPlan(store: Store, runId: string, options: ReplayOptions = {}): ReplayPlan {
  const run = store.runs.get(runId);
  return {
    document: chosenDocument(store, run, options),
    inputs: run.inputs,
    trigger: run.trigger,
    origin: 'rerun',
    parentRunId: run.id,
  };
}

/**
 * Runs a node and everything after it again, with every other node's result taken from the
 * past run instead of being recomputed or fetched from the cache.
 */
export function runFromPlan(
  store: Store,
  runId: string,
  nodeId: string,
  options: ReplayOptions = {},
): ReplayPlan {
  const run = store.runs.get(runId);
  const document = chosenDocument(store, run, options);
  const rerun = downstreamOf(document, nodeId);
  return {
    document,
    inputs: run.inputs,
    trigger: run.trigger,
    seed: seedFrom(run.nodes, document, (id) => !rerun.has(id)),
    startFrom: nodeId,
    origin: 'run-from',
    parentRunId: run.id,
  };
}

/**
 * Runs one node alone, fed the inputs it received in the past run: what it reads from is seeded
 * from that run, nothing after it runs, and the cache does not stand in for it.
 */
export function runOnlyPlan(
  store: Store,
  runId: string,
  nodeId: string,
  options: ReplayOptions = {},
): ReplayPlan {
  const run = store.runs.get(runId);
  const document = chosenDocument(store, run, options);
  const after = downstreamOf(document, nodeId);
  const feeders = new Set(document.edges.filter((e) => e.to[0] === nodeId).map((e) => e.from[0]));
  for (const feeder of feeders) {
    if (!run.nodes.some((node) => node.nodeId === feeder && hasOutputs(node))) {
      throw userError(
        'REPLAY_INPUT_MISSING',
        `Cannot run node "${nodeId}" alone from run ${run.id}: the node "${feeder}" it reads from has no recorded result there.`,
        { nodeId },
      );
    }
  }
  return {
    document,
    inputs: run.inputs,
    trigger: run.trigger,
    seed: seedFrom(run.nodes, document, (id) => !after.has(id)),
    startFrom: nodeId,
    stopAt: nodeId,
    origin: 'run-only',
    parentRunId: run.id,
  };
}

/**
 * Pins a node of a saved workflow to the outputs it produced in a past run, saved as the
 * workflow's next version: later runs use them instead of running the node.
 */
export function pinFromRun(
  store: Store,
  workflowId: string,
  runId: string,
  nodeId: string,
): VersionInfo {
  const document = store.workflows.show(workflowId);
  const node = document.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) {
    throw userError('UNKNOWN_NODE', `Workflow "${workflowId}" has no node "${nodeId}" to pin.`, {
      nodeId,
    });
  }
  const result = store.runs.nodeResult(runId, nodeId);
  if (!hasOutputs(result)) {
    throw userError(
      'NOTHING_TO_PIN',
      `Node "${nodeId}" produced no outputs in run ${runId} (it ended ${result.status}), so there is nothing to pin.`,
      { nodeId },
    );
  }
  const pinned = { ...node, pinned: result.outputs };
  return store.workflows.save(
    { ...document, nodes: document.nodes.map((item) => (item.id === nodeId ? pinned : item)) },
    { message: `Pinned node "${nodeId}" to its outputs from run ${runId}.` },
  );
}

/** Removes a node's pin, saved as the workflow's next version. */
export function unpinNode(store: Store, workflowId: string, nodeId: string): VersionInfo {
  const document = store.workflows.show(workflowId);
  if (!document.nodes.some((node) => node.id === nodeId)) {
    throw userError('UNKNOWN_NODE', `Workflow "${workflowId}" has no node "${nodeId}".`, {
      nodeId,
    });
  }
  const nodes = document.nodes.map((node) => {
    if (node.id !== nodeId) return node;
    const unpinned = { ...node };
    delete unpinned.pinned;
    return unpinned;
  });
  return store.workflows.save({ ...document, nodes }, { message: `Unpinned node "${nodeId}".` });
}

/**
 * The workflow a replay runs: the past run's own, or the one given, which must be a version of
 * the same workflow; another's nodes would be fed results that were never theirs.
 */
function chosenDocument(store: Store, run: RunSummary, options: ReplayOptions): WorkflowDocument {
  if (!options.document) return store.runs.document(run.id);
  if (options.document.id === run.workflowId) return options.document;
  throw userError(
    'REPLAY_WORKFLOW_MISMATCH',
    `Run ${run.id} ran the workflow "${run.workflowId}", not "${options.document.id}"; replay it with a version of "${run.workflowId}".`,
    { field: 'document.id' },
  );
}

/** The node and every node that reads from it, directly or not. */
function downstreamOf(document: WorkflowDocument, nodeId: string): Set<string> {
  if (!document.nodes.some((node) => node.id === nodeId)) {
    throw userError('UNKNOWN_NODE', `The workflow "${document.id}" has no node "${nodeId}".`, {
      nodeId,
    });
  }
  const found = new Set<string>();
  const queue = [nodeId];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    for (const edge of document.edges) if (edge.from[0] === id) queue.push(edge.to[0]);
  }
  return found;
}

/** Recorded outputs of the nodes that pass the filter and still exist in the document. */
function seedFrom(
  nodes: NodeResult[],
  document: WorkflowDocument,
  keep: (nodeId: string) => boolean,
): Map<string, Record<string, unknown>> {
  const present = new Set(document.nodes.map((node) => node.id));
  const seed = new Map<string, Record<string, unknown>>();
  for (const node of nodes) {
    if (present.has(node.nodeId) && keep(node.nodeId) && hasOutputs(node)) {
      seed.set(node.nodeId, node.outputs);
    }
  }
  return seed;
}

function hasOutputs(node: NodeResult): node is NodeResult & { outputs: Record<string, unknown> } {
  return (node.status === 'completed' || node.status === 'cached') && node.outputs !== undefined;
}
