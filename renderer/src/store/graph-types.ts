import type { Edge, Node } from '@xyflow/react';
import type { WorkflowNode } from '../../../engine/workflow.ts';

/** What the canvas keeps of a workflow node besides its place: everything the file holds. */
export interface PipelineNodeData extends Record<string, unknown> {
  kind: string;
  title?: string;
  settings: Record<string, unknown>;
  credentials?: Record<string, string>;
  pinned?: Record<string, unknown>;
  breakpoint?: boolean;
  retry?: WorkflowNode['retry'];
  notes?: string;
}

export type PipelineNode = Node<PipelineNodeData, 'pipeline'>;

/** An edge's handles are the port names: sourceHandle an output, targetHandle an input. */
export type PipelineEdge = Edge<Record<string, never>, 'typed'>;

/** The parts of a workflow document that are not its graph. */
export interface WorkflowMeta {
  id: string;
  name: string;
  version: string;
  description?: string;
}

export interface GraphSnapshot {
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

/** A node as panels see it: what it is, not where it sits (a drag must not re-render them). */
export type NodeRef = Pick<PipelineNode, 'id' | 'data'>;
