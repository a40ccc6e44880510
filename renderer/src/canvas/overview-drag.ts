import { useStoreApi } from '@xyflow/react';
import type { NodeChange } from '@xyflow/react';
import { useEffect } from 'react';
import type { RefObject } from 'react';
import { create } from 'zustand';
import { useGraph } from '../store/graph-store.ts';
import type { PipelineEdge, PipelineNode } from '../store/graph-types.ts';

/** Pointer travel in screen pixels before a press on a node becomes a drag (React Flow's is 1). */
const DRAG_FROM_PX = 2;
/** Near a side of the canvas a drag pans the view, up to PAN_PX a frame at the very side. */
const EDGE_PX = 40;
const PAN_PX = 15;

/** The nodes an overview drag is moving and by how much so far, in flow units. */
export interface OverviewMove {
  moving: ReadonlySet<string>;
  dx: number;
  dy: number;
}

const STILL: OverviewMove = { moving: new Set(), dx: 0, dy: 0 };

/** The drag in progress in an overview, for the edges that must follow it. */
export const useOverviewMove = create<OverviewMove>(() => STILL);

interface Dragged {
  id: string;
  x: number;
  y: number;
  /** None for a node out of view, which React Flow does not draw in a big workflow. */
  element: HTMLElement | null;
}

/**
 * Drags nodes in an overview (see OVERVIEW_ZOOM) without React Flow. Its drag writes every
 * step into its store, and each write runs a selector for every node on the canvas: with two
 * thousand nodes that is several milliseconds a step, and two pointer moves in one frame miss
 * the frame. Here a press on a node is kept from React Flow; the moved nodes' elements are
 * placed directly, once per frame whatever the number of pointer moves, and the move reaches
 * the graph store once, when the button is released, as one undoable step.
 *
 * It behaves as React Flow's drag does: a selected node takes the other selected nodes along,
 * an unselected one is selected alone as it starts to move, and a press that does not move is
 * left to be a click.
 */
export function useOverviewDrag(surface: RefObject<HTMLElement | null>, overview: boolean): void {
  const flow = useStoreApi<PipelineNode, PipelineEdge>();

  useEffect(() => {
    const element = surface.current;
    if (!overview || !element) return;

    const onMouseDown = (event: MouseEvent) => {
      if (event.button !== 0) return;
      const target = (event.target as Element).closest<HTMLElement>('.react-flow__node');
      const id = target?.dataset.id;
      if (!target || !id) return;
      // Neither React Flow's node drag nor its pan sees this press. Its default stays: a field
      // being edited elsewhere loses the focus and keeps what was typed, as on any press.
      event.stopPropagation();
      follow(event, id, element, flow);
    };
    element.addEventListener('mousedown', onMouseDown, true);
    return () => element.removeEventListener('mousedown', onMouseDown, true);
  }, [overview, surface, flow]);
}

type FlowStore = ReturnType<typeof useStoreApi<PipelineNode, PipelineEdge>>;

/** Follows one press from `down` until its button is released. */
function follow(down: MouseEvent, id: string, surface: HTMLElement, flow: FlowStore): void {
  // Where a point on the screen is on the canvas now: the view may zoom during the drag.
  const pane = (flow.getState().domNode ?? surface).getBoundingClientRect();
  const onCanvas = (x: number, y: number) => {
    const [left, top, zoom] = flow.getState().transform;
    return { x: (x - pane.left - left) / zoom, y: (y - pane.top - top) / zoom };
  };
  const grabbed = onCanvas(down.clientX, down.clientY);
  let pointer = { x: down.clientX, y: down.clientY };
  let dragged: Dragged[] | null = null;
  let frame = 0;

  const place = (released = false) => {
    frame = 0;
    if (!dragged) return;
    const at = onCanvas(pointer.x, pointer.y);
    const dx = at.x - grabbed.x;
    const dy = at.y - grabbed.y;
    for (const { element, x, y } of dragged) {
      if (element) element.style.transform = `translate(${x + dx}px, ${y + dy}px)`;
    }
    useOverviewMove.setState({ dx, dy });
    // Held near a side, the view keeps moving, and the nodes with it, as React Flow's drag does.
    const pan = {
      x: edgeSpeed(pointer.x, pane.left, pane.right),
      y: edgeSpeed(pointer.y, pane.top, pane.bottom),
    };
    if (released || (pan.x === 0 && pan.y === 0)) return;
    void flow.getState().panBy(pan);
    frame = requestAnimationFrame(() => place());
  };

  const onMove = (event: MouseEvent) => {
    pointer = { x: event.clientX, y: event.clientY };
    if (!dragged) {
      const travel = Math.hypot(pointer.x - down.clientX, pointer.y - down.clientY);
      if (travel < DRAG_FROM_PX) return;
      dragged = pickUp(id, surface);
      for (const node of dragged) node.element?.classList.add('dragging');
      useOverviewMove.setState({ moving: new Set(dragged.map((node) => node.id)), dx: 0, dy: 0 });
    }
    frame ||= requestAnimationFrame(() => place());
  };

  const onUp = () => {
    window.removeEventListener('mousemove', onMove);
    window.removeEventListener('mouseup', onUp);
    window.removeEventListener('blur', onUp);
    cancelAnimationFrame(frame);
    if (!dragged) return;
    place(true);
    const { dx, dy } = useOverviewMove.getState();
    for (const node of dragged) node.element?.classList.remove('dragging');
    swallowNextClick();
    if (dx === 0 && dy === 0) return useOverviewMove.setState(STILL);
    // The edges keep following the drag until React Flow has the new places, or they would be
    // drawn at the old ones for a frame.
    const adopted = flow.subscribe((state, before) => {
      if (state.nodes === before.nodes) return;
      adopted();
      useOverviewMove.setState(STILL);
    });
    useGraph
      .getState()
      .moveNodes(new Map(dragged.map((node) => [node.id, { x: node.x + dx, y: node.y + dy }])));
  };

  window.addEventListener('mousemove', onMove);
  window.addEventListener('mouseup', onUp);
  window.addEventListener('blur', onUp);
}

/** Pixels a frame to pan by along one axis: more the nearer the pointer is to a side. */
function edgeSpeed(at: number, low: number, high: number): number {
  if (at < low + EDGE_PX) return (Math.min(EDGE_PX, low + EDGE_PX - at) / EDGE_PX) * PAN_PX;
  if (at > high - EDGE_PX) return -(Math.min(EDGE_PX, at - high + EDGE_PX) / EDGE_PX) * PAN_PX;
  return 0;
}

/** The nodes a drag starting on `id` moves, selecting `id` alone when it was not selected. */
function pickUp(id: string, surface: HTMLElement): Dragged[] {
  const graph = useGraph.getState();
  const pressed = graph.nodes.find((node) => node.id === id);
  if (!pressed?.selected) {
    const changes: NodeChange<PipelineNode>[] = graph.nodes
      .filter((node) => node.selected)
      .map((node) => ({ type: 'select', id: node.id, selected: false }));
    changes.push({ type: 'select', id, selected: true });
    graph.onNodesChange(changes);
  }
  const chosen = pressed?.selected ? graph.nodes.filter((node) => node.selected) : [pressed];
  return chosen.flatMap((node) =>
    node
      ? [
          {
            id: node.id,
            ...node.position,
            element: surface.querySelector<HTMLElement>(
              `.react-flow__node[data-id="${CSS.escape(node.id)}"]`,
            ),
          },
        ]
      : [],
  );
}

/** The click that ends a drag is not a click on the node: it would select that node alone. */
function swallowNextClick(): void {
  const swallow = (event: MouseEvent) => event.stopPropagation();
  window.addEventListener('click', swallow, { capture: true, once: true });
  setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
}
