import { Panel, useReactFlow, useStore, useStoreApi } from '@xyflow/react';
import type { InternalNode } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import type { PointerEvent as ReactPointerEvent, WheelEvent as ReactWheelEvent } from 'react';
import type { NodeKindInfo } from '../../../main/api/types.ts';
import { useCatalogue } from '../store/catalogue-store.ts';
import type { PipelineEdge, PipelineNode } from '../store/graph-types.ts';

const WIDTH = 200;
const HEIGHT = 150;
const PADDING = 8;
const UNKNOWN_COLOUR = '#475569';
const MASK = 'rgba(8, 10, 14, 0.7)';
const VIEW_OUTLINE = 'rgba(148, 163, 184, 0.6)';
/** From this many nodes a drawing costs enough to be spaced out while the view or a node moves. */
const BUSY_FROM = 500;
const BUSY_REDRAW_MS = 100;
/** Pointer travel in the minimap, in pixels, below which a press is a click that centres there. */
const CLICK_SLOP = 3;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box that holds every node and the part of the canvas in view, in flow coordinates. */
interface Frame {
  x: number;
  y: number;
  /** Minimap pixels per flow unit. */
  scale: number;
}

/**
 * The whole workflow in small, with the part in view left clear: drag in it to move the view,
 * click to centre the view there, scroll to zoom. Drawn on one canvas, so that a workflow of
 * thousands of nodes costs one drawing per change and not an element and a store subscription
 * per node, as React Flow's own minimap does.
 */
export function Minimap() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<Frame>({ x: 0, y: 0, scale: 1 });
  const flow = useStoreApi<PipelineNode, PipelineEdge>();
  const view = useReactFlow<PipelineNode, PipelineEdge>();
  // Each is a signal to draw again; the drawing reads the positions from React Flow's lookup.
  const nodes = useStore((state) => state.nodes);
  const transform = useStore((state) => state.transform);
  const paneWidth = useStore((state) => state.width);
  const paneHeight = useStore((state) => state.height);
  const kinds = useCatalogue((state) => state.kinds);

  // A big workflow is drawn at most every BUSY_REDRAW_MS while the view moves, and once a drag
  // of nodes has ended: the canvas keeps its frame rate and the minimap follows a moment later.
  const drawn = useRef({ at: 0, timer: 0 });
  useEffect(() => {
    const big = nodes.length >= BUSY_FROM;
    if (big && nodes.some((node) => node.dragging)) return;
    const draw = () => {
      drawn.current = { at: performance.now(), timer: 0 };
      const element = canvas.current;
      const [x, y, zoom] = flow.getState().transform;
      const { width, height, nodeLookup } = flow.getState();
      const inView = { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
      if (element) frame.current = drawMinimap(element, nodeLookup, inView, kinds);
    };
    const wait = big ? BUSY_REDRAW_MS - (performance.now() - drawn.current.at) : 0;
    if (wait <= 0) return draw();
    if (!drawn.current.timer) drawn.current.timer = window.setTimeout(draw, wait);
  }, [nodes, transform, paneWidth, paneHeight, kinds, flow]);
  useEffect(() => () => window.clearTimeout(drawn.current.timer), []);

  const onPointerDown = useCallback(
    (event: ReactPointerEvent<HTMLCanvasElement>) => {
      if (event.button !== 0) return;
      const element = event.currentTarget;
      element.setPointerCapture(event.pointerId);
      const start = { x: event.clientX, y: event.clientY };
      let last = start;
      let dragged = false;

      const move = (moved: PointerEvent) => {
        dragged ||= Math.hypot(moved.clientX - start.x, moved.clientY - start.y) > CLICK_SLOP;
        if (!dragged) return;
        // The view follows the pointer: a drag to the right shows what lies to the right.
        const { scale } = frame.current;
        const { x, y, zoom } = view.getViewport();
        const dx = (moved.clientX - last.x) / scale;
        const dy = (moved.clientY - last.y) / scale;
        last = { x: moved.clientX, y: moved.clientY };
        void view.setViewport({ x: x - dx * zoom, y: y - dy * zoom, zoom });
      };
      const up = (released: PointerEvent) => {
        element.removeEventListener('pointermove', move);
        element.removeEventListener('pointerup', up);
        if (dragged) return;
        const box = element.getBoundingClientRect();
        const { x, y, scale } = frame.current;
        const at = {
          x: x + (released.clientX - box.left) / scale,
          y: y + (released.clientY - box.top) / scale,
        };
        void view.setCenter(at.x, at.y, { zoom: view.getViewport().zoom });
      };
      element.addEventListener('pointermove', move);
      element.addEventListener('pointerup', up);
    },
    [view],
  );

  const onWheel = useCallback(
    (event: ReactWheelEvent<HTMLCanvasElement>) => {
      const factor = Math.pow(2, -event.deltaY / 500);
      void view.zoomTo(view.getViewport().zoom * factor);
    },
    [view],
  );

  return (
    <Panel position="bottom-right" className="minimap">
      <canvas
        ref={canvas}
        className="minimap-canvas"
        style={{ width: WIDTH, height: HEIGHT }}
        role="img"
        aria-label="Minimap: drag to move the view, click to centre it, scroll to zoom"
        data-testid="minimap"
        onPointerDown={onPointerDown}
        onWheel={onWheel}
      />
    </Panel>
  );
}

/** Draws the nodes and the view into the canvas; returns where the drawing puts the flow. */
function drawMinimap(
  element: HTMLCanvasElement,
  lookup: ReadonlyMap<string, InternalNode<PipelineNode>>,
  inView: Box,
  kinds: Record<string, NodeKindInfo>,
): Frame {
  const context = element.getContext('2d');
  const ratio = window.devicePixelRatio || 1;
  if (element.width !== WIDTH * ratio) {
    element.width = WIDTH * ratio;
    element.height = HEIGHT * ratio;
  }
  const bounds = boundsOf(lookup.values(), inView);
  const scale = Math.min(
    (WIDTH - PADDING * 2) / Math.max(bounds.width, 1),
    (HEIGHT - PADDING * 2) / Math.max(bounds.height, 1),
  );
  const x = bounds.x - (WIDTH / scale - bounds.width) / 2;
  const y = bounds.y - (HEIGHT / scale - bounds.height) / 2;
  if (!context) return { x, y, scale };
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, WIDTH, HEIGHT);

  let count = 0;
  for (const node of lookup.values()) {
    if (node.hidden) continue;
    const { x: nodeX, y: nodeY } = node.internals.positionAbsolute;
    context.fillStyle = CATEGORY_COLOURS[kinds[node.data.kind]?.category ?? ''] ?? UNKNOWN_COLOUR;
    context.fillRect(
      (nodeX - x) * scale,
      (nodeY - y) * scale,
      Math.max(1, (node.measured.width ?? 0) * scale),
      Math.max(1, (node.measured.height ?? 0) * scale),
    );
    count += 1;
  }
  if (element.dataset.nodes !== String(count)) element.dataset.nodes = String(count);

  // Darken everything outside the view: four bands around it.
  const left = (inView.x - x) * scale;
  const top = (inView.y - y) * scale;
  const right = left + inView.width * scale;
  const bottom = top + inView.height * scale;
  context.fillStyle = MASK;
  context.fillRect(0, 0, WIDTH, Math.max(0, top));
  context.fillRect(0, bottom, WIDTH, Math.max(0, HEIGHT - bottom));
  context.fillRect(0, top, Math.max(0, left), bottom - top);
  context.fillRect(right, top, Math.max(0, WIDTH - right), bottom - top);
  context.strokeStyle = VIEW_OUTLINE;
  context.strokeRect(left, top, right - left, bottom - top);
  return { x, y, scale };
}

function boundsOf(nodes: Iterable<InternalNode<PipelineNode>>, inView: Box): Box {
  let left = inView.x;
  let top = inView.y;
  let right = inView.x + inView.width;
  let bottom = inView.y + inView.height;
  for (const node of nodes) {
    if (node.hidden) continue;
    const { x, y } = node.internals.positionAbsolute;
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x + (node.measured.width ?? 0));
    bottom = Math.max(bottom, y + (node.measured.height ?? 0));
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Node colours by category, as the nodes' top borders show them. */
const CATEGORY_COLOURS: Record<string, string> = {
  trigger: '#f59e0b',
  'input-output': '#64748b',
  ai: '#8b5cf6',
  media: '#ef4444',
  messaging: '#38bdf8',
  logic: '#eab308',
  data: '#22c55e',
  network: '#3b82f6',
};
