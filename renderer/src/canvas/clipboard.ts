import type { XYPosition } from '@xyflow/react';
import type { WorkflowEdge, WorkflowNode } from '../../../engine/workflow.ts';
import { nodeToFile } from '../store/document.ts';
import type { GraphState } from '../store/graph-store.ts';

/** What a copy puts on the system clipboard: plain JSON, so it pastes into another window. */
export interface ClipboardPayload {
  pipewright: 'nodes';
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

export function copySelection(graph: Pick<GraphState, 'nodes' | 'edges'>): ClipboardPayload | null {
  const picked = graph.nodes.filter((node) => node.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((node) => node.id));
  const edges = graph.edges
    .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
    .map((edge) => ({
      from: [edge.source, edge.sourceHandle ?? ''] as [string, string],
      to: [edge.target, edge.targetHandle ?? ''] as [string, string],
    }));
  return { pipewright: 'nodes', nodes: picked.map(nodeToFile), edges };
}

/**
 * Reads pasted text: our own copy, or a whole workflow file (its nodes are pasted). Anything
 * else is not ours to paste and gives null.
 */
export function readClipboard(text: string): ClipboardPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const record = value as Partial<ClipboardPayload> & { format?: unknown };
  const isOurs = record.pipewright === 'nodes' || record.format === 1;
  if (!isOurs || !Array.isArray(record.nodes) || !Array.isArray(record.edges)) return null;
  const nodes = record.nodes.filter(isFileNode);
  return { pipewright: 'nodes', nodes, edges: record.edges.filter(isFileEdge) };
}

/** The shift that puts the pasted group's top-left corner at a point. */
export function offsetTo(nodes: readonly WorkflowNode[], point: XYPosition): XYPosition {
  const left = Math.min(...nodes.map((node) => node.position.x));
  const top = Math.min(...nodes.map((node) => node.position.y));
  return { x: point.x - left, y: point.y - top };
}

function isFileNode(value: unknown): value is WorkflowNode {
  const node = value as Partial<WorkflowNode> | null;
  return (
    typeof node?.id === 'string' &&
    typeof node.type === 'string' &&
    typeof node.position?.x === 'number' &&
    typeof node.position.y === 'number'
  );
}

function isFileEdge(value: unknown): value is WorkflowEdge {
  const edge = value as Partial<WorkflowEdge> | null;
  return Array.isArray(edge?.from) && Array.isArray(edge.to);
}
