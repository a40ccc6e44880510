import { sortKeys } from './hash.ts';
import type { RetryPolicy } from './define-node.ts';

/** The workflow file format this version writes. Older formats are migrated on load. */
export const WORKFLOW_FORMAT = 1;

export interface WorkflowNode {
  id: string;
  type: string;
  title?: string;
  position: { x: number; y: number };
  settings: Record<string, unknown>;
  /** Credential names by the node kind's credential id; the secrets stay in the store. */
  credentials?: Record<string, string>;
  /** Output values that replace the node's run, port by port. */
  pinned?: Record<string, unknown>;
  /** Pause before this node when the run is debugged. */
  breakpoint?: boolean;
  retry?: Partial<RetryPolicy>;
  notes?: string;
}

export interface WorkflowEdge {
  from: [node: string, port: string];
  to: [node: string, port: string];
}

export interface WorkflowDocument {
  format: typeof WORKFLOW_FORMAT;
  id: string;
  name: string;
  /** Semantic version of the pipeline; exports compare contracts across it. */
  version: string;
  description?: string;
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

const DOCUMENT_KEYS = ['format', 'id', 'name', 'version', 'description', 'nodes', 'edges'];
const NODE_KEYS = [
  'id',
  'type',
  'title',
  'position',
  'settings',
  'credentials',
  'pinned',
  'breakpoint',
  'retry',
  'notes',
];

/**
 * Prints a workflow with a fixed key order (known keys in reading order, settings sorted) and
 * two-space indent, so that one change in the studio is one small hunk in a git diff.
 */
export function serializeWorkflow(document: WorkflowDocument): string {
  const nodes = document.nodes.map((node) =>
    ordered({ ...node, position: { x: node.position?.x, y: node.position?.y } }, NODE_KEYS),
  );
  const edges = document.edges.map((edge) => ({ from: edge.from, to: edge.to }));
  const body = ordered({ ...document, nodes, edges }, DOCUMENT_KEYS);
  return `${inlinePairs(JSON.stringify(body, null, 2))}\n`;
}

/** Values that are already in their written order: nodes and edges keep theirs. */
const PRE_ORDERED = new Set(['position', 'nodes', 'edges']);

function ordered(record: object, keys: string[]): Record<string, unknown> {
  const source = record as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    if (source[key] === undefined) continue;
    result[key] = PRE_ORDERED.has(key) ? source[key] : sortKeys(source[key]);
  }
  for (const key of Object.keys(source).sort()) {
    if (!keys.includes(key) && source[key] !== undefined) result[key] = sortKeys(source[key]);
  }
  return result;
}

/** Keeps edge endpoints and positions on one line each: `["script", "text"]`. */
function inlinePairs(json: string): string {
  return json
    .replace(/\[\n\s+("(?:[^"\\\n]|\\.)*"),\n\s+("(?:[^"\\\n]|\\.)*")\n\s+\]/g, '[$1, $2]')
    .replace(/\{\n\s+"x": (-?[\d.e+-]+),\n\s+"y": (-?[\d.e+-]+)\n\s+\}/g, '{ "x": $1, "y": $2 }');
}
