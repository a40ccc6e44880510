import { Panel, useReactFlow, useStore, useStoreApi } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import type { PointerEvent as ReactPointerEvent, WheelEvent as ReactWheelEvent } from 'react';
import { useCatalogue } from '../store/catalogue-store.ts';
import type { PipelineEdge, PipelineNode } from '../store/graph-types.ts';
import {
  boxOfNodes,
  drawMinimap,
  frameFor,
  MINIMAP_HEIGHT,
  MINIMAP_WIDTH,
  paintNodes,
  stillSharp,
} from './minimap-drawing.ts';
import type { Frame, NodeBox, Picture } from './minimap-drawing.ts';

/** From this many nodes the minimap waits for the end of a node drag to draw them again. */
const BUSY_FROM = 500;
/** Pointer travel in the minimap, in pixels, below which a press is a click that centres there. */
const CLICK_SLOP = 3;

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

  // The nodes are drawn again when they change, except during a drag of nodes in a big workflow,
  // where it waits for the drop, and when the scale moves far from the one they were drawn at.
  // The view is drawn over that picture on every change: a pan costs one copy of it.
  const drawn = useRef<{ nodes: unknown; kinds: unknown; nodeBox: NodeBox; picture?: Picture }>(
    null,
  );
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const {
      nodeLookup,
      transform: [x, y, zoom],
      width,
      height,
    } = flow.getState();
    const changed = drawn.current?.nodes !== nodes || drawn.current.kinds !== kinds;
    const dragging = nodes.length >= BUSY_FROM && nodes.some((node) => node.dragging);
    if (!drawn.current || (changed && !dragging)) {
      drawn.current = { nodes, kinds, nodeBox: boxOfNodes(nodeLookup.values()) };
    }
    const cache = drawn.current;
    const inView = { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
    const at = frameFor(cache.nodeBox, inView);
    if (!cache.picture || !stillSharp(cache.picture, at.scale)) {
      cache.picture = paintNodes(nodeLookup, kinds, cache.nodeBox, at.scale);
    }
    frame.current = at;
    drawMinimap(element, cache.picture, inView, at);
  }, [nodes, transform, paneWidth, paneHeight, kinds, flow]);

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
      const stop = () => {
        element.removeEventListener('pointermove', move);
        element.removeEventListener('pointerup', up);
        element.removeEventListener('pointercancel', stop);
      };
      const up = (released: PointerEvent) => {
        stop();
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
      // A press the browser takes back (a touch turned scroll, a lost capture) centres nothing.
      element.addEventListener('pointercancel', stop);
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
        style={{ width: MINIMAP_WIDTH, height: MINIMAP_HEIGHT }}
        role="img"
        aria-label="Minimap: drag to move the view, click to centre it, scroll to zoom"
        data-testid="minimap"
        onPointerDown={onPointerDown}
        onWheel={onWheel}
      />
    </Panel>
  );
}
