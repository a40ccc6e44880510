import type { Connection, Edge } from '@xyflow/react';
import type { Catalogue, PortType } from '../../../main/api/types.ts';
import type { NodePorts } from '../store/catalogue-store.ts';

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether an output may feed an input, judged by the table the catalogue carries from the
 * engine (the renderer may not import the engine's code, and a second copy of the rule would
 * drift). The reason reads as a sentence for the canvas's notice.
 */
export function judgeConnection(
  connection: Connection | Edge,
  catalogue: Pick<Catalogue, 'accepts'> | null,
  portsOf: (nodeId: string) => NodePorts | undefined,
): Verdict {
  const { source, target, sourceHandle, targetHandle } = connection;
  if (!catalogue) return { ok: false, reason: 'The node catalogue is still loading.' };
  if (source === target) return { ok: false, reason: 'A node cannot feed itself.' };

  const output = sourceHandle ? portsOf(source)?.outputs[sourceHandle] : undefined;
  const input = targetHandle ? portsOf(target)?.inputs[targetHandle] : undefined;
  if (!output || !input)
    return { ok: false, reason: 'Connect an output (right) to an input (left).' };

  if (fits(output.type, input.type, catalogue.accepts)) return { ok: true };
  return {
    ok: false,
    reason: `${source}.${sourceHandle} is ${article(output.type)} output; ${target}.${targetHandle} takes ${article(input.type)} input.`,
  };
}

export function fits(from: PortType, to: PortType, accepts: Catalogue['accepts']): boolean {
  return from === to || from === 'any' || (accepts[to] ?? []).includes(from);
}

/** Whether adding an edge would make the graph loop back on itself (pipelines flow one way). */
export function makesCycle(
  source: string,
  target: string,
  edges: readonly { source: string; target: string }[],
): boolean {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const stack = [target];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === source) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
