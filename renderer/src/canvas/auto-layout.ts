import type { ELK, ELKConstructorArguments } from 'elkjs/lib/elk-api.js';
import type { XYPosition } from '@xyflow/react';
import type { PipelineEdge, PipelineNode } from '../store/graph-types.ts';

const FALLBACK_SIZE = { width: 236, height: 120 };

let elk: Promise<ELK> | null = null;

/**
 * elkjs is most of the bundle's weight and only the Layout command needs it, so it is fetched
 * on first use rather than slowing every start.
 */
function loadElk(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((module) => {
    // The bundle is CommonJS: TypeScript sees its namespace, the bundler its constructor, and
    // both carry the constructor as `default`.
    const Elk = (module as unknown as { default: new (args?: ELKConstructorArguments) => ELK })
      .default;
    return new Elk();
  });
  return elk;
}

/**
 * Lays the graph out left to right in layers, the way data flows, using each node's measured
 * size so that tall nodes do not overlap. Returns new positions by node id.
 */
export async function layoutGraph(
  nodes: readonly PipelineNode[],
  edges: readonly PipelineEdge[],
): Promise<Map<string, XYPosition>> {
  const engine = await loadElk();
  const graph = await engine.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map((node) => ({
      id: node.id,
      width: node.measured?.width ?? FALLBACK_SIZE.width,
      height: node.measured?.height ?? FALLBACK_SIZE.height,
    })),
    edges: edges.map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  });

  const positions = new Map<string, XYPosition>();
  for (const child of graph.children ?? []) {
    positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  }
  return positions;
}
