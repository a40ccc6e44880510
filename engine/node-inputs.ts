import { artifactsIn, cacheKey } from './cache.ts';
import type { ArtifactStore } from './artifacts.ts';
import type { CacheStore } from './cache.ts';
import type { ReuseSource } from './events.ts';
import type { NodeId } from './ids.ts';
import { coerceInput } from './port-values.ts';
import type { NodeOutcome } from './run-types.ts';
import type { CompiledNode } from './validate.ts';

type Values = Record<string, unknown>;

/** Outputs that stand in for running a node, and where they came from. */
export interface Reused {
  outputs: Values;
  source: ReuseSource;
}

/**
 * A node's inputs, each read from the first upstream output that holds a value; or, when a
 * required one has none, the reason the node is skipped.
 */
export function gatherInputs(
  node: CompiledNode,
  outcomes: ReadonlyMap<NodeId, NodeOutcome>,
): { inputs: Values } | { skipped: string } {
  const inputs: Values = {};
  for (const port in node.inputs) {
    const spec = node.inputs[port]!;
    let value: unknown;
    for (const edge of node.incoming.get(port) ?? []) {
      const outputs = outcomes.get(edge.node)?.outputs;
      if (outputs && Object.prototype.hasOwnProperty.call(outputs, edge.port)) {
        value = outputs[edge.port];
        break;
      }
    }
    if (value === undefined && !spec.optional) {
      return { skipped: whyMissing(node, port, outcomes) };
    }
    if (value !== undefined) inputs[port] = coerceInput(spec.type, value);
  }
  return { inputs };
}

function whyMissing(
  node: CompiledNode,
  port: string,
  outcomes: ReadonlyMap<NodeId, NodeOutcome>,
): string {
  const edge = node.incoming.get(port)?.[0];
  if (!edge) return `its input "${port}" is not connected`;
  if (outcomes.get(edge.node)?.status === 'skipped') return `"${edge.node}" before it was skipped`;
  return `"${edge.node}" sent nothing on "${edge.port}" (a branch not taken)`;
}

/** A pin or a past run's result that stands in for the node without looking at its inputs. */
export function standIn(
  node: CompiledNode,
  seed: ReadonlyMap<string, Values> | undefined,
  forced: boolean,
): Reused | undefined {
  if (node.source.pinned) return { outputs: node.source.pinned, source: 'pin' };
  const seeded = seed?.get(node.id);
  if (seeded && !forced) return { outputs: seeded, source: 'history' };
  return undefined;
}

/**
 * The cache key of one node's run: its kind, version, settings and inputs, and for the Input
 * node the run's inputs too.
 */
export function nodeCacheKey(node: CompiledNode, inputs: Values, runInputs?: Values): string {
  const extra = node.definition.role === 'input' ? runInputs : undefined;
  return cacheKey(node.definition.type, node.definition.version, node.settings, inputs, extra);
}

/** A cached result for the key, as long as every file it refers to is still there. */
export async function fromCache(
  cache: CacheStore,
  key: string,
  artifacts: ArtifactStore,
): Promise<Reused | undefined> {
  const hit = await cache.get(key);
  if (!hit) return undefined;
  for (const ref of artifactsIn(hit.outputs)) {
    if (!(await artifacts.has(ref))) return undefined;
  }
  return { outputs: hit.outputs, source: 'cache' };
}
