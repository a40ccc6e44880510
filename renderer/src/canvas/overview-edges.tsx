import { getBezierPath, Position, useStore, useStoreApi } from '@xyflow/react';
import type { InternalNode } from '@xyflow/react';
import { memo, useCallback, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { useCatalogue } from '../store/catalogue-store.ts';
import { useGraph } from '../store/graph-store.ts';
import type { PipelineEdge, PipelineNode } from '../store/graph-types.ts';
import { useOverviewMove } from './overview-drag.ts';
import type { OverviewMove } from './overview-drag.ts';

const FALLBACK_COLOUR = '#64748b';

/**
 * Every edge of an overview (see OVERVIEW_ZOOM), drawn as a path per port colour from React
 * Flow's node positions, under the nodes. React Flow is given no edges meanwhile (an edge it
 * hides still costs it an element and three store subscriptions); the graph store keeps them,
 * so deleting nodes still takes their edges along. They cannot be clicked one by one here, and
 * at this zoom nobody could aim at one.
 */
export const OverviewEdges = memo(function OverviewEdges() {
  // A new array on every change: the signal to trace again. The positions come from the lookup.
  const nodes = useStore((state) => state.nodes);
  const edges = useGraph((state) => state.edges);
  const flow = useStoreApi<PipelineNode, PipelineEdge>();
  const ports = useCatalogue((state) => state.ports);
  const kinds = useCatalogue((state) => state.kinds);
  const colours = useCatalogue((state) => state.catalogue?.portColours);
  // Drawn where React Flow draws its edges, which it has none of meanwhile: under the nodes.
  const domNode = useStore((state) => state.domNode);
  const layer = useMemo(() => domNode?.querySelector('.react-flow__edges'), [domNode]);
  const colourOf = useCallback(
    (edge: PipelineEdge, source: InternalNode<PipelineNode>) => {
      const portsOfSource = ports[edge.source] ?? kinds[source.data.kind];
      const type = edge.sourceHandle ? portsOfSource?.outputs[edge.sourceHandle]?.type : undefined;
      return (type && colours?.[type]) || FALLBACK_COLOUR;
    },
    [ports, kinds, colours],
  );

  // While nodes are dragged (see useOverviewDrag), the edges that do not touch them are left as
  // they are, in a drawing of their own: redrawing them would make the browser paint the whole
  // canvas again each frame.
  const { moving, dx, dy } = useOverviewMove();
  const still = useMemo(
    () => trace(edges, flow.getState().nodeLookup, colourOf, (edge) => !touches(edge, moving)),
    [moving, nodes, edges, flow, colourOf],
  );
  const live = useMemo(
    () =>
      moving.size === 0
        ? []
        : trace(edges, flow.getState().nodeLookup, colourOf, (edge) => touches(edge, moving), {
            moving,
            dx,
            dy,
          }),
    [moving, dx, dy, nodes, edges, flow, colourOf],
  );

  if (!layer) return null;
  return createPortal(
    <>
      <svg className="overview-edges" data-testid="overview-edges" aria-hidden="true">
        {still.map(({ colour, d }) => (
          <path key={colour} d={d} stroke={colour} />
        ))}
      </svg>
      <svg className="overview-edges" aria-hidden="true">
        {live.map(({ colour, d }) => (
          <path key={colour} d={d} stroke={colour} />
        ))}
      </svg>
    </>,
    layer,
  );
});

function touches(edge: PipelineEdge, nodes: ReadonlySet<string>): boolean {
  return nodes.has(edge.source) || nodes.has(edge.target);
}

/** The chosen edges as SVG path data, one string per colour. */
function trace(
  edges: readonly PipelineEdge[],
  lookup: ReadonlyMap<string, InternalNode<PipelineNode>>,
  colourOf: (edge: PipelineEdge, source: InternalNode<PipelineNode>) => string,
  wanted: (edge: PipelineEdge) => boolean,
  move?: OverviewMove,
): { colour: string; d: string }[] {
  const shift = (id: string): [number, number] =>
    move?.moving.has(id) ? [move.dx, move.dy] : [0, 0];
  const byColour = new Map<string, string[]>();
  for (const edge of edges) {
    if (!wanted(edge)) continue;
    const source = lookup.get(edge.source);
    const target = lookup.get(edge.target);
    if (!source || !target) continue;
    const [sourceX, sourceY] = anchor(source, 'source', edge.sourceHandle, shift(edge.source));
    const [targetX, targetY] = anchor(target, 'target', edge.targetHandle, shift(edge.target));
    const [path] = getBezierPath({
      sourceX,
      sourceY,
      sourcePosition: Position.Right,
      targetX,
      targetY,
      targetPosition: Position.Left,
    });
    const colour = colourOf(edge, source);
    let list = byColour.get(colour);
    if (!list) byColour.set(colour, (list = []));
    list.push(path);
  }
  return [...byColour].map(([colour, list]) => ({ colour, d: list.join(' ') }));
}

/**
 * Where an edge meets a node: its handle's centre when React Flow has measured the handle,
 * otherwise the middle of the node's side (a node first drawn in an overview has no handles).
 */
function anchor(
  node: InternalNode<PipelineNode>,
  side: 'source' | 'target',
  handleId: string | null | undefined,
  [dx, dy]: [number, number],
): [number, number] {
  const x = node.internals.positionAbsolute.x + dx;
  const y = node.internals.positionAbsolute.y + dy;
  const handle = node.internals.handleBounds?.[side]?.find((bounds) => bounds.id === handleId);
  if (handle) return [x + handle.x + handle.width / 2, y + handle.y + handle.height / 2];
  const width = node.measured.width ?? 0;
  const height = node.measured.height ?? 0;
  return [side === 'source' ? x + width : x, y + height / 2];
}
