import { stableStringify } from '../../engine/index.ts';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '../../engine/index.ts';

/** One value that differs, at a dotted path such as `settings.voice.speed`. */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface WorkflowDiff {
  /** Name, version and description of the pipeline itself. */
  document: FieldChange[];
  nodesAdded: { id: string; type: string }[];
  nodesRemoved: { id: string; type: string }[];
  nodesChanged: { id: string; changes: FieldChange[] }[];
  edgesAdded: WorkflowEdge[];
  edgesRemoved: WorkflowEdge[];
}

const DOCUMENT_FIELDS = ['name', 'version', 'description'] as const;

/** What changed from one workflow to another, node by node and field by field. */
export function diffWorkflows(before: WorkflowDocument, after: WorkflowDocument): WorkflowDiff {
  const document: FieldChange[] = [];
  for (const field of DOCUMENT_FIELDS) compare(before[field], after[field], field, document);

  const oldNodes = new Map(before.nodes.map((node) => [node.id, node]));
  const newNodes = new Map(after.nodes.map((node) => [node.id, node]));
  const nodesChanged: WorkflowDiff['nodesChanged'] = [];
  for (const [id, node] of newNodes) {
    const old = oldNodes.get(id);
    if (!old) continue;
    const changes: FieldChange[] = [];
    compare(nodeFields(old), nodeFields(node), '', changes);
    if (changes.length > 0) nodesChanged.push({ id, changes });
  }

  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    document,
    nodesAdded: after.nodes.filter((node) => !oldNodes.has(node.id)).map(summary),
    nodesRemoved: before.nodes.filter((node) => !newNodes.has(node.id)).map(summary),
    nodesChanged,
    edgesAdded: after.edges.filter((edge) => !oldEdges.has(edgeKey(edge))),
    edgesRemoved: before.edges.filter((edge) => !newEdges.has(edgeKey(edge))),
  };
}

export function isEmptyDiff(diff: WorkflowDiff): boolean {
  return (
    diff.document.length +
      diff.nodesAdded.length +
      diff.nodesRemoved.length +
      diff.nodesChanged.length +
      diff.edgesAdded.length +
      diff.edgesRemoved.length ===
    0
  );
}

/**
 * The diff as lines a person reads in a terminal or a dialog:
 *
 *     + node voice (elevenlabs.voice)
 *     ~ node script settings.model: "gpt-4o" -> "gpt-4o-mini"
 *     - edge prompt.text -> script.topic
 */
export function formatDiff(diff: WorkflowDiff): string {
  const lines: string[] = [];
  for (const change of diff.document) lines.push(`~ ${describeChange(change)}`);
  for (const node of diff.nodesAdded) lines.push(`+ node ${node.id} (${node.type})`);
  for (const node of diff.nodesRemoved) lines.push(`- node ${node.id} (${node.type})`);
  for (const node of diff.nodesChanged) {
    for (const change of node.changes) lines.push(`~ node ${node.id} ${describeChange(change)}`);
  }
  for (const edge of diff.edgesAdded) lines.push(`+ edge ${edgeLabel(edge)}`);
  for (const edge of diff.edgesRemoved) lines.push(`- edge ${edgeLabel(edge)}`);
  return lines.length > 0 ? lines.join('\n') : 'no changes';
}

function describeChange(change: FieldChange): string {
  if (change.before === undefined) return `${change.path}: set to ${show(change.after)}`;
  if (change.after === undefined) return `${change.path}: removed (was ${show(change.before)})`;
  return `${change.path}: ${show(change.before)} -> ${show(change.after)}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Everything of a node but its id, so that a change anywhere in it is found. */
function nodeFields(node: WorkflowNode): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...node };
  delete fields.id;
  return fields;
}

/** Walks objects key by key; arrays and scalars are compared whole. */
function compare(before: unknown, after: unknown, path: string, into: FieldChange[]) {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) {
      compare(before[key], after[key], path ? `${path}.${key}` : key, into);
    }
    return;
  }
  if (stableStringify(before) === stableStringify(after)) return;

  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  into.push(change);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function summary(node: WorkflowNode) {
  return { id: node.id, type: node.type };
}

function edgeKey(edge: WorkflowEdge): string {
  return JSON.stringify([edge.from, edge.to]);
}

function edgeLabel(edge: WorkflowEdge): string {
  return `${edge.from[0]}.${edge.from[1]} -> ${edge.to[0]}.${edge.to[1]}`;
}
