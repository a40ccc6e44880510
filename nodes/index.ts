import { NodeRegistry } from '../engine/index.ts';
import type { NodeDefinition } from '../engine/index.ts';
import { inputNode } from './input/input.node.ts';
import { outputNode } from './output/output.node.ts';

/** Every node kind that ships with Pipewright, in palette order. */
export const builtinNodes: NodeDefinition<never>[] = [
  inputNode,
  outputNode,
] as unknown as NodeDefinition<never>[];

export function builtinRegistry(): NodeRegistry {
  return new NodeRegistry(builtinNodes);
}
