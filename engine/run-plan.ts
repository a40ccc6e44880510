import { userError } from './errors.ts';
import { nodeId } from './ids.ts';
import type { NodeId } from './ids.ts';
import type { CompiledWorkflow } from './validate.ts';

export interface RunPlan {
  /** Nodes this run considers; the rest are skipped at once. */
  inScope: ReadonlySet<NodeId>;
  /** Nodes that must run even when the cache or a past run holds their result. */
  forced: ReadonlySet<NodeId>;
}

interface PlanOptions {
  startFrom?: string;
  stopAt?: string;
  seed?: ReadonlyMap<string, unknown>;
}

/**
 * Works out which part of the graph a run covers. Stopping at a node keeps it and what it needs,
 * and a pinned or seeded node needs nothing upstream; starting from a node forces it and
 * everything after it to run again.
 */
export function planRun(workflow: CompiledWorkflow, options: PlanOptions): RunPlan {
  if (options.startFrom === undefined && options.stopAt === undefined) return wholeOf(workflow);
  const all = new Set(workflow.order);
  const forced = new Set<NodeId>();
  if (options.startFrom !== undefined) {
    const start = known(workflow, options.startFrom, 'start from');
    walk(workflow, start, 'downstream', forced, () => false);
  }
  if (options.stopAt === undefined) return { inScope: all, forced };

  const stop = known(workflow, options.stopAt, 'stop at');
  const inScope = new Set<NodeId>();
  const needsNothing = (id: NodeId) =>
    id !== stop &&
    !forced.has(id) &&
    (!!workflow.nodes.get(id)!.source.pinned || !!options.seed?.has(id));
  walk(workflow, stop, 'upstream', inScope, needsNothing);
  return { inScope, forced };
}

/** The plan of a run over the whole graph, made once per workflow: most runs are such runs. */
const wholePlans = new WeakMap<CompiledWorkflow, RunPlan>();
const NOTHING_FORCED: ReadonlySet<NodeId> = new Set();

function wholeOf(workflow: CompiledWorkflow): RunPlan {
  let plan = wholePlans.get(workflow);
  if (!plan) {
    plan = { inScope: new Set(workflow.order), forced: NOTHING_FORCED };
    wholePlans.set(workflow, plan);
  }
  return plan;
}

function walk(
  workflow: CompiledWorkflow,
  from: NodeId,
  direction: 'upstream' | 'downstream',
  into: Set<NodeId>,
  stopBeyond: (id: NodeId) => boolean,
) {
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (into.has(id)) continue;
    into.add(id);
    if (stopBeyond(id)) continue;
    queue.push(...workflow.nodes.get(id)![direction]);
  }
}

function known(workflow: CompiledWorkflow, id: string, role: string): NodeId {
  const found = nodeId(id);
  if (!workflow.nodes.has(found)) {
    throw userError('UNKNOWN_NODE', `Cannot ${role} node "${id}": the workflow has no such node.`, {
      nodeId: id,
    });
  }
  return found;
}
