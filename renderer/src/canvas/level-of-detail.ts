import { useUpdateNodeInternals } from '@xyflow/react';
import { createContext, useContext, useEffect, useRef } from 'react';

/**
 * Below this zoom a node's port names and kind line are a few pixels high and unreadable; they
 * are hidden (their boxes keep their size, so nodes and edges stay put). Painting that text is
 * most of what a pan costs in a big workflow seen whole.
 */
export const FAR_ZOOM = 0.35;

/**
 * Below this zoom the canvas is an overview: a handle is two pixels wide and an edge thinner
 * than one, too small to aim at. Nodes are drawn without their handles and every edge goes into
 * one drawing (see OverviewEdges) instead of an element of its own each. A workflow of
 * thousands of nodes seen whole is drawn and dragged this way, at full frame rate, where one
 * element and one store subscription per handle and per edge cost several frames.
 */
export const OVERVIEW_ZOOM = 0.2;

/** Whether the canvas is zoomed out past OVERVIEW_ZOOM; given by the canvas to every node. */
export const OverviewContext = createContext(false);

export function useOverview(): boolean {
  return useContext(OverviewContext);
}

/** Nodes whose handles came back since the last frame, measured together in the next. */
const returning = new Set<string>();

/**
 * When the canvas leaves an overview, a node's handles are drawn again, and React Flow must
 * measure them before it can draw the node's edges. Thousands of nodes come back at once, so
 * they are measured in one batch on the next frame rather than one store update each.
 */
export function useHandlesBack(id: string, overview: boolean): void {
  const updateNodeInternals = useUpdateNodeInternals();
  const was = useRef(overview);
  useEffect(() => {
    const back = was.current && !overview;
    was.current = overview;
    if (!back) return;
    returning.add(id);
    if (returning.size > 1) return;
    requestAnimationFrame(() => {
      const ids = [...returning];
      returning.clear();
      updateNodeInternals(ids);
    });
  }, [id, overview, updateNodeInternals]);
}
