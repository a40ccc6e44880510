import type { WorkflowDocument, WorkflowNode } from '../../../engine/workflow.ts';
import type {
  GraphSnapshot,
  PipelineEdge,
  PipelineNode,
  PipelineNodeData,
  WorkflowMeta,
} from './graph-types.ts';

/** Turns a workflow file into the canvas's nodes and edges. */
export function graphFromDocument(document: WorkflowDocument): GraphSnapshot {
  const nodes = document.nodes.map(nodeFromFile);
  const edges = document.edges.map((edge) =>
    edgeBetween(edge.from[0], edge.from[1], edge.to[0], edge.to[1]),
  );
  return { nodes, edges };
}

/** Turns the canvas back into a workflow file; the order of nodes and edges is kept. */
export function documentFromGraph(meta: WorkflowMeta, graph: GraphSnapshot): WorkflowDocument {
  const document: WorkflowDocument = {
    format: 1,
    id: meta.id,
    name: meta.name,
    version: meta.version,
    nodes: graph.nodes.map(nodeToFile),
    edges: graph.edges.map((edge) => ({
      from: [edge.source, edge.sourceHandle ?? ''],
      to: [edge.target, edge.targetHandle ?? ''],
    })),
  };
  if (meta.description) document.description = meta.description;
  return document;
}

export function nodeFromFile(node: WorkflowNode): PipelineNode {
  const data: PipelineNodeData = { kind: node.type, settings: node.settings ?? {} };
  if (node.title !== undefined) data.title = node.title;
  if (node.credentials) data.credentials = node.credentials;
  if (node.pinned) data.pinned = node.pinned;
  if (node.breakpoint) data.breakpoint = true;
  if (node.retry) data.retry = node.retry;
  if (node.notes !== undefined) data.notes = node.notes;
  return { id: node.id, type: 'pipeline', position: { ...node.position }, data };
}

export function nodeToFile(node: PipelineNode): WorkflowNode {
  const { data } = node;
  const file: WorkflowNode = {
    id: node.id,
    type: data.kind,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    settings: data.settings,
  };
  if (data.title !== undefined) file.title = data.title;
  if (data.credentials && Object.keys(data.credentials).length > 0)
    file.credentials = data.credentials;
  if (data.pinned && Object.keys(data.pinned).length > 0) file.pinned = data.pinned;
  if (data.breakpoint) file.breakpoint = true;
  if (data.retry) file.retry = data.retry;
  if (data.notes) file.notes = data.notes;
  return file;
}

export function edgeBetween(
  source: string,
  sourcePort: string,
  target: string,
  targetPort: string,
): PipelineEdge {
  return {
    id: edgeId(source, sourcePort, target, targetPort),
    type: 'typed',
    source,
    sourceHandle: sourcePort,
    target,
    targetHandle: targetPort,
  };
}

export function edgeId(source: string, sourcePort: string, target: string, targetPort: string) {
  return `${source}.${sourcePort}->${target}.${targetPort}`;
}

/**
 * A node id unique in the graph, readable in the file: the kind's last word (`text.template`
 * gives `template`), then `template_2`, ...
 */
export function freshNodeId(kind: string, taken: ReadonlySet<string>): string {
  const word = kind.split('.').at(-1) ?? kind;
  const base = word.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z]+/, '') || 'node';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
